"""A recent taxable loss lot's own kept shares are no taxable replacement for its sale, so the part of
its washed loss that an IRA purchase takes is lost for good, and the rebalancer's model charges it
(engine/rebalance/wash_exposure.py, ``_own_lost_rows``; issue 9: "the lost-for-good part of the model
still treats a lot's own kept shares as taxable replacements").

Rule (IRC §1091(a); Treas. Reg. §1.1091-1(a), (c)): a loss is disallowed for the shares matched with
substantially identical shares acquired within 30 days before or after the sale. taxrebal's reading 2
(engine/wash.py): no share of the very lot sold replaces it, even its unsold shares. A loss washed by a
purchase in an IRA is not added to any basis: lost for good (Rev. Rul. 2008-5), which taxrebal charges
at the long-term rate on gains.

Hand-worked household (As Of 2026-12-01, Tax Mode Flat: 20% on short- and long-term gains alike,
$10,000 of long-term gain realized this year), $15,000:

    Tax  R1   20 VTI  bought 2026-11-15 for $2,120 ($106 a share; $100 today: $6 short-term loss a share)
    Tax  S1   10 SCHB bought 2020-01-02 for $990 ($99; $100 today: $1 long-term gain a share)
    Tax  B1  110 BND  bought 2020-01-02 for $11,000 (no gain)
    IRA  I1   10 VTI  bought 2026-11-25 for $1,000 (no gain)

Targets US Stocks 20%, Bonds 80%, bands 0; Tax buys BND only, the IRA VTI only (it cannot sell its
VTI first: the cash would have no bond to buy). US Stocks holds $4,000 of a $3,000 target: Tax sells
$1,000 (10 shares) of VTI or SCHB and buys 10 BND. VTI and SCHB are not substantially identical.

* x shares of R1 (x <= 10): the replacement shares acquired in the window are R1's own (not its
  replacement, reading 2) and I1's 10: all x wash, into the IRA, lost for good: $6 x lost (charged
  $1.20 x), the sale reports nothing. 10 - x shares of S1: $1 x (10 - x) of gain, 20 cents a dollar.
  Tax and charge: 0.2 (10 - x) + 1.2 x = 2 + x: least at x = 0.
* The plan sells 10 SCHB: tax +$2.00, nothing washed, nothing lost.

Before, the model counted R1's 10 kept shares as taxable replacements (lost at least W - 20 + x =
2x - 20 <= 0 shares) and saw R1's sale as free: its least tax within the bands was $0.00, selling 10
R1 ($60 lost for good in fact). The plan itself then still sold SCHB, as the wash engine's pricing of
the sales afterwards caught it; the model's stage solves now see it.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.rebalance import RebalanceModel, SolveOptions, plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, TaxMode
from taxrebal.engine.wash import adjust_lots

AS_OF = date(2026, 12, 1)


def household() -> Household:
    return Household(
        accounts=(Account("Tax", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "US Stocks", 100.0), Security("SCHB", "US Stocks", 100.0),
                    Security("BND", "Bonds", 100.0)),
        lots=(Lot("R1", "Tax", "VTI", date(2026, 11, 15), 20, 2_120.0),
              Lot("S1", "Tax", "SCHB", date(2020, 1, 2), 10, 990.0),
              Lot("B1", "Tax", "BND", date(2020, 1, 2), 110, 11_000.0),
              Lot("I1", "IRA", "VTI", date(2026, 11, 25), 10, 1_000.0)),
        targets=(Target("US Stocks", 0.20, band=0.0), Target("Bonds", 0.80, band=0.0)),
        menus={"Tax": frozenset({"BND"}), "IRA": frozenset({"VTI"})},
        settings=Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.20, flat_lt_rate=0.20,
                          realized_st_ytd=0.0, realized_lt_ytd=10_000.0, min_trade=0.0, harvest_min_loss=0.0))


def test_a_recent_lot_whose_washed_loss_goes_into_an_ira_is_not_sold_as_free():
    plan = plan_rebalance(adjust_lots(household()).household, as_of=AS_OF)
    sells = sorted((t.symbol, round(t.quantity, 2)) for t in plan.trades
                   if t.action is Action.SELL and t.quantity >= 0.005)
    assert sells == [("SCHB", 10.0)]
    assert plan.tax_total == pytest.approx(2.00, abs=0.005)
    assert sum(ls.disallowed for ls in plan.lot_sales) == pytest.approx(0.0, abs=0.005)


def test_the_models_least_tax_charges_the_loss_the_ira_takes():
    """One MILP of the model (this year's tax at 20% plus the loss lost for good at 20%): 2 + x, least
    at x = 0 (10 SCHB): $2.00."""
    model = RebalanceModel(adjust_lots(household()).household, AS_OF)
    opts = SolveOptions(rates=(0.2, 0.2))
    objective = model._linear_tax(opts.rates)
    x = model.solve(objective, opts, v_cap=0.0)
    assert x is not None
    assert sum(c * float(x[j]) for j, c in objective.items()) == pytest.approx(2.0, abs=1e-4)
    sold = {sl.lot.lot_id: round(float(x[j]), 2) for sl, j in zip(model.sell_lots, model.lot_vars)}
    assert sold == {"R1": 0.0, "S1": 10.0, "B1": 0.0}
    # 4 shares of R1 forced: all 4 wash into the IRA, $24 lost (charged $4.80), 6 SCHB $1.20: 6.00
    j = model.sell_lots.index(next(sl for sl in model.sell_lots if sl.lot.lot_id == "R1"))
    model.lp.lb[model.lot_vars[j]] = 4.0
    model.lp.__dict__.pop("_frozen", None)
    x = model.solve(objective, opts, v_cap=0.0)
    assert x is not None
    assert sum(c * float(x[j]) for j, c in objective.items()) == pytest.approx(6.0, abs=1e-4)
