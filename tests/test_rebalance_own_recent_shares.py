"""A recent loss lot's own kept shares do not wash its sale: the rebalancer's model reads it as the wash
engine does (reading 2 of engine/wash.py; engine/rebalance/wash_exposure.py, ``_own_shares_rows``).

Rule (IRC §1091(a); Treas. Reg. §1.1091-1(a), (c)): a loss is disallowed when substantially identical
shares are acquired within 30 days before or after the sale; only as many loss shares wash as
replacement shares were acquired. taxrebal's reading 2: no share of the very lot being sold replaces
it, even its unsold shares (buying 100 and selling 50 of them at a loss is no wash sale), so a recent
lot sold in part, with no other purchase of its identity in the window, washes nothing.

Hand-worked household (As Of 2026-12-01, Tax Mode Flat: 20% on short- and long-term gains alike after
netting, $10,000 of long-term gain realized this year, so every dollar of loss here saves 20 cents),
one taxable account, $10,000:

    R1   20 VTI  bought 2026-11-15 for $2,120 ($106 a share; $100 today: a $6 short-term loss a share)
    S1   15 SCHB bought 2020-01-02 for $1,575 ($105; $100 today: a $5 long-term loss a share)
    B1   65 BND  bought 2020-01-02 for $6,500 ($100; no gain)

Targets US Stocks 20%, Bonds 80%, bands 0, and the account's menu buys BND only: exactly $1,500
(15 shares) of VTI and SCHB is sold and 15 BND bought. VTI and SCHB are different funds (no Identical
Group): neither washes the other.

* 15 of R1: no other VTI bought in 2026-10-16..2026-12-31, and R1's 5 kept shares do not replace its own
  sale: -$90 short-term, nothing disallowed. The gains net to $9,910: tax -90 x 20% = -$18.00.
* 15 of S1: -$75 long-term, -$15.00. Any mix of x R1 shares and 15 - x S1 shares: -75 - x dollars.
The plan sells 15 of R1. Before, the model counted R1's 5 kept shares as replacements of its own sale
(5 washed, -$60, -$12.00 in its eyes) and sold S1 instead, $3.00 more tax.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, TaxMode
from taxrebal.engine.wash import adjust_lots

AS_OF = date(2026, 12, 1)


def household() -> Household:
    return Household(
        accounts=(Account("Tax", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 100.0), Security("SCHB", "US Stocks", 100.0),
                    Security("BND", "Bonds", 100.0)),
        lots=(Lot("R1", "Tax", "VTI", date(2026, 11, 15), 20, 2_120.0),
              Lot("S1", "Tax", "SCHB", date(2020, 1, 2), 15, 1_575.0),
              Lot("B1", "Tax", "BND", date(2020, 1, 2), 65, 6_500.0)),
        targets=(Target("US Stocks", 0.20, band=0.0), Target("Bonds", 0.80, band=0.0)),
        menus={"Tax": frozenset({"BND"})},
        settings=Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.20, flat_lt_rate=0.20,
                          realized_st_ytd=0.0, realized_lt_ytd=10_000.0, min_trade=0.0, harvest_min_loss=0.0))


def test_a_recent_lot_sold_in_part_is_not_washed_by_its_own_kept_shares():
    plan = plan_rebalance(adjust_lots(household()).household, as_of=AS_OF)
    sells = sorted((t.symbol, round(t.quantity, 6)) for t in plan.trades if t.action is Action.SELL)
    assert sells == [("VTI", 15.0)]
    (row,) = plan.lot_sales
    assert (row.lot_id, row.quantity, row.basis, row.reported_gain, row.disallowed) == pytest.approx(
        ("R1", 15.0, 1_590.0, -90.0, 0.0))
    assert (plan.realized_st, plan.realized_lt) == pytest.approx((-90.0, 0.0))
    assert plan.tax_total == pytest.approx(-18.00, abs=0.005)
