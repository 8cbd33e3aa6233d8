"""Dividends' Value After Plan counts the plan's own buys of the position (audit20 F6).

By hand: VTI (DRIP on, $100) is held in an IRA (100 shares) and a taxable account (600); BND ($50) 600
shares in the taxable account; US Stocks target 60%. The plan buys 50 more VTI in the taxable account
($5,000) and sells 100 BND: after it US Stocks is $75,000 of $105,000 (71.43%, 11.43 points over).
The taxable VTI the dividends are paid into is then 650 shares = $65,000 (the sheet showed $60,000, the
position before the buy); the IRA's is 100 shares = $10,000.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.frontier import dividend_advice
from taxrebal.engine.plan import Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 6, 1)
LONG_AGO = date(2015, 1, 5)


def household() -> Household:
    return Household(
        accounts=(Account("IRA", "Traditional IRA"), Account("Taxable", "Taxable")),
        securities=(Security("VTI", "US Stocks", 100.0, drip=True), Security("BND", "Bonds", 50.0)),
        lots=(Lot("I1", "IRA", "VTI", LONG_AGO, 100, 8_000.0),
              Lot("T1", "Taxable", "VTI", LONG_AGO, 600, 70_000.0),
              Lot("T2", "Taxable", "BND", LONG_AGO, 600, 30_000.0)),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)),
        settings=Settings(as_of=AS_OF))


def test_the_value_after_plan_includes_the_plans_buy():
    sell = Trade(1, "Taxable", "BND", Action.SELL, 100, 50.0, 5_000.0, reason=Reason.TAXABLE_SALE, asset_class="Bonds")
    buy = Trade(2, "Taxable", "VTI", Action.BUY, 50, 100.0, 5_000.0, reason=Reason.SALE_PROCEEDS,
                asset_class="US Stocks")
    plan = Plan((sell, buy), (), 0.0, 0.0, 0.0, {}, {"US Stocks": 75_000.0, "Bonds": 30_000.0, "Cash": 0.0}, 0.0,
                0.0, (), (), PlanStatus.WITHIN_BANDS)
    advice = {a.account: a for a in dividend_advice(household(), as_of=AS_OF, plan=plan)}
    assert advice["Taxable"].value == pytest.approx(65_000.0)
    assert advice["IRA"].value == pytest.approx(10_000.0)
    assert advice["Taxable"].class_drift == pytest.approx(75_000 / 105_000 - 0.60)
