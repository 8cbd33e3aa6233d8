"""When a band breach is left (a tax budget binds), tax-free trades go to the classes outside their band
first (engine/rebalance/stages.py, stage C0: the least total breach before the least distance).

Hand-worked household (new-user test fe6 #12, as hh3 with Tax Budget 0): $100,000 in one taxable
account, targets US 50 / Intl 20 / Bonds 30 with 1-point bands. US $52,000 (+2.0 points, Over), Intl
$19,500 (-0.5, Within), Bonds $27,500 (-2.5, Under), $1,000 of cash. Tax Budget $0 and every lot at a
gain: nothing can be sold, so US stays 1 point past its band (the least largest breach). The cash can
buy Intl or Bonds: to the distance from target both are worth the same up to $500 of Intl, and asset
location prefers Intl in a taxable account, so the plan used to buy $500 of Intl and $500 of bonds.
Bonds is the class outside its band: all $1,000 buys bonds (-2.5 -> -1.5 points).
"""

from datetime import date

import pytest

from taxrebal.engine.plan import Action, PlanStatus
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 6, 1)
LONG_AGO = date(2015, 1, 5)


def household(budget: float | None) -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable", cash=1_000.0),),
        securities=(Security("VXUS", "Intl Stocks", 50.0), Security("VTI", "US Stocks", 100.0),
                    Security("BND", "Bonds", 50.0)),
        lots=(Lot("U", "Taxable", "VTI", LONG_AGO, 520, 26_000.0),
              Lot("I", "Taxable", "VXUS", LONG_AGO, 390, 15_600.0),
              Lot("B", "Taxable", "BND", LONG_AGO, 550, 22_000.0)),
        targets=(Target("US Stocks", 0.50, band=0.01), Target("Intl Stocks", 0.20, band=0.01),
                 Target("Bonds", 0.30, band=0.01)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0, tax_budget=budget,
                          realized_ytd_reconciled=True, realized_st_ytd=0.0, realized_lt_ytd=0.0))


def test_with_a_binding_budget_the_cash_buys_the_class_outside_its_band():
    plan = plan_rebalance(household(0.0), as_of=AS_OF)
    assert plan.status is PlanStatus.BUDGET_BINDS
    assert not [t for t in plan.trades if t.action is Action.SELL]
    buys = {t.symbol: t.amount for t in plan.trades if t.action is Action.BUY}
    assert buys == {"BND": pytest.approx(1_000.0, abs=0.01)}


def test_without_a_budget_every_band_is_reached_as_before():
    plan = plan_rebalance(household(None), as_of=AS_OF)
    assert plan.status is PlanStatus.WITHIN_BANDS
    assert plan.max_drift_after <= 0.01 + 1e-9
