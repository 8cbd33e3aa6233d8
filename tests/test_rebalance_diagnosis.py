"""Why no plan reaches the bands: one household per diagnosis, where that constraint alone binds.

Each plan is the closest one (status Best effort) and its notes name the binding constraint and what
to relax (engine/rebalance/diagnosis.py); the same household with that constraint relaxed reaches
every band, so the diagnosis names the real cause.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from taxrebal.engine.plan import PlanStatus
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Account,
    Household,
    Lot,
    Security,
    Settings,
    Target,
)

AS_OF = date(2026, 6, 1)
SECS = (Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0))
TARGETS = (Target("US Stocks", 0.60, band=0.01), Target("Bonds", 0.40, band=0.01))


def _settings(**kw) -> Settings:
    return Settings(**{"as_of": AS_OF, "ordinary_income": 100_000.0, **kw})


def test_min_trade_alone_binds():
    # IRA only, $10,000 at 62/38 with 1-point bands: $100-$300 must move from stocks to bonds, and
    # Min Trade is $5,000: the $3,800 of BND cannot be sold, and any BND bought (>= $5,000) leaves bonds
    # at 50% or more, so bonds stay at 38% or jump past 41%. With Min Trade 0 the plan is within.
    h = Household(accounts=(Account("IRA", "Traditional IRA"),), securities=SECS,
                  lots=(Lot("I1", "IRA", "VTI", None, 62, None), Lot("I2", "IRA", "BND", None, 76, None)),
                  targets=TARGETS, settings=_settings(min_trade=5_000.0))
    plan = plan_rebalance(h, as_of=AS_OF)
    assert plan.status is PlanStatus.BEST_EFFORT
    assert any("Min Trade" in n and "$5,000.00" in n for n in plan.notes), plan.notes
    relaxed = plan_rebalance(replace(h, settings=_settings(min_trade=0.0)), as_of=AS_OF)
    assert relaxed.status is PlanStatus.WITHIN_BANDS


def _menu_bound() -> Household:
    # Bonds are 10 points under. The IRA holds the overweight stocks but its menu lists only VTI; the
    # 401(k) may buy BND but holds nothing and has no cash: no account can both raise money and buy
    # bonds. Min Trade is the default $50, which is not what binds.
    return Household(accounts=(Account("IRA", "Traditional IRA"), Account("401(k)", "401(k)")), securities=SECS,
                     lots=(Lot("I1", "IRA", "VTI", None, 70, None), Lot("I2", "IRA", "BND", None, 60, None)),
                     targets=TARGETS, settings=_settings(),
                     menus={"IRA": frozenset({"VTI"}), "401(k)": frozenset({"BND"})})


def test_cash_and_menus_alone_bind():
    h = _menu_bound()
    plan = plan_rebalance(h, as_of=AS_OF)
    assert plan.status is PlanStatus.BEST_EFFORT
    assert any("account menus" in n and "Bonds" in n for n in plan.notes), plan.notes
    assert not any("Min Trade" in n for n in plan.notes), plan.notes
    assert plan_rebalance(replace(h, menus={}), as_of=AS_OF).status is PlanStatus.WITHIN_BANDS
