"""The plan's sale of a lot the wash engine split into a washed piece and an unwashed one: each piece's
Lot Sales row has its own basis and holding period (reading 7 of engine/wash.py; issue 9 item 4: on
the 10,000-lot bench, WNIS lot L005805-W1's $86.96 washed loss and 2021 holding start were dropped
and a sliver of them put on L005805's row).

Rule (IRC §1091(a), (d); IRC §1223(3); Treas. Reg. §1.1091-1(c), (d)): the disallowed loss of a wash
sale is added to the basis of the replacement shares, and their holding period includes the sold
shares' (one held on the sale day counts from the earlier of the two starts, engine/wash.py); a lot
only partly used as a replacement carries this on the shares used only.

Hand-worked household (As Of 2026-12-01, single, $100,000 ordinary income, no state tax; taxable
income 83,900, in the 22% bracket), VTI at $90:

    Tax  P   30 VTI bought 2026-11-05 for $3,000
    Transactions: 10 VTI sold 2026-11-10 at $100, bought 2024-01-02 for $1,200 ($200 long-term loss)

* The past sale: P (bought 5 days before it) replaces its 10 shares: $200 disallowed, added to 10 of
  P's shares (+$20 each), whose holding period includes the sold shares' (2024-01-02 to 2026-11-10):
  P, held on the sale day, counts from the earlier start, 2024-01-02. The engine shows P as P-W1 (10
  shares, $1,000 + $200, held from 2024-01-02, long-term) and P (20 shares, $2,000, from 2026-11-05).
* The plan sells every VTI share: P-W1 10 x 90 - 1,200 = -$300 long-term; P 20 x 90 - 2,000 = -$200
  short-term; nothing washes them (P's own purchase does not replace its shares, reading 2, and no
  other VTI was bought in 2026-11-01..2026-12-31). ST -$200, LT -$300: -500 x 22% = -$110.00.
Before, the plan's sale named the piece P-W1, a lot the engine does not know (it merges the pieces back
into P), and that row reported a $0 gain.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, Transaction
from taxrebal.engine.wash import adjust_lots

AS_OF = date(2026, 12, 1)


def household() -> Household:
    return Household(
        accounts=(Account("Tax", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "US Stocks", 90.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("P", "Tax", "VTI", date(2026, 11, 5), 30, 3_000.0),
              Lot("B1", "IRA", "BND", date(2020, 1, 2), 10, 500.0)),
        transactions=(Transaction(date(2026, 11, 10), "Tax", "VTI", Action.SELL, 10, 100.0, lot_id="S1",
                                  acquired=date(2024, 1, 2), basis=1_200.0),),
        targets=(Target("US Stocks", 0.0, band=0.0), Target("Bonds", 1.0, band=0.0)),  # sell all VTI
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0))


def test_the_engine_splits_p():
    pieces = {lot.lot_id: lot for lot in adjust_lots(household()).household.lots if lot.symbol == "VTI"}
    assert (pieces["P-W1"].quantity, pieces["P-W1"].adjusted_basis) == pytest.approx((10.0, 1_200.0))
    assert pieces["P-W1"].holding_start == date(2024, 1, 2)
    assert (pieces["P"].quantity, pieces["P"].adjusted_basis) == pytest.approx((20.0, 2_000.0))


def test_each_piece_sold_keeps_its_own_basis_and_holding_period():
    plan = plan_rebalance(adjust_lots(household()).household, as_of=AS_OF)
    rows = {s.lot_id: s for s in plan.lot_sales}
    assert (rows["P-W1"].quantity, rows["P-W1"].basis, rows["P-W1"].reported_gain) == pytest.approx(
        (10.0, 1_200.0, -300.0))
    assert rows["P-W1"].acquired == date(2024, 1, 2) and rows["P-W1"].long_term
    assert (rows["P"].quantity, rows["P"].basis, rows["P"].reported_gain) == pytest.approx((20.0, 2_000.0, -200.0))
    assert rows["P"].acquired == date(2026, 11, 5) and not rows["P"].long_term
    assert rows["P-W1"].disallowed == 0.0 and rows["P"].disallowed == 0.0
    assert "washed by this plan" not in rows["P"].wash_status + rows["P-W1"].wash_status
    assert (plan.realized_st, plan.realized_lt) == pytest.approx((-200.0, -300.0))
    assert plan.tax_total == pytest.approx(-110.0, abs=0.005)
