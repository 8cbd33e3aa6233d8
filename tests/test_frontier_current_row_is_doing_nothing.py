"""The Tax-Drift Frontier's current-drift row is doing nothing when no plan pays less tax, and a plan that
only trades more at that tax stands apart at its own largest drift (fe15 F9).

Rule (README, Tax-Drift Frontier): a row shows another plan only when that plan costs less tax, or the
same tax trading less. Keeping the current largest drift needs no trade, so the current row of a
household with no loss to harvest is $0.00 of tax and $0.00 traded; the plan on Trades, at the same $0.00
but trading more, is shown in its own table, at its own largest drift.

By hand (fe15 h13 in small): a 401(k) that may buy only FXAIX (US Stocks) and FXNAX (Bonds) holds 900
FXAIX at $100; a Roth holds 100 VTI at $100; VXUS (Intl Stocks, $100) can be bought only in the Roth.
Targets US Stocks 50%, Intl Stocks 30%, Bonds 20% of $100,000. Today US Stocks is 100%: largest drift
+50.00 points. Intl Stocks can reach at most the Roth's $10,000 (10%, 20.00 points under target), so no
level of 0-5 points is reachable. Every account is tax-advantaged: every plan's tax is $0.00, and no
loss can lower it.

* Current row (50.00 points): nothing traded, $0.00 of tax, $0.00 traded.
* The plan (a best effort): the Roth sells 100 VTI and buys 100 VXUS ($10,000 each way); the 401(k)
  exchanges 250 FXAIX into FXNAX ($25,000 each way): US Stocks $65,000 (+15 points), Bonds $25,000 (+5),
  Intl Stocks $10,000 (-20): its largest drift is 20.00 points, $0.00 of tax, $70,000.00 traded. Before
  the fix the 50-point row showed these $70,000.00 ("The plan on Trades.") and 20 points had no row.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.frontier import tax_drift_frontier
from taxrebal.engine.plan import PlanStatus
from taxrebal.engine.rebalance import HouseholdModels, plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 6, 1)


def household() -> Household:
    return Household(
        accounts=(Account("Work 401k", "401(k)"), Account("Roth", "Roth IRA")),
        securities=(Security("FXAIX", "US Stocks", 100.0), Security("FXNAX", "Bonds", 100.0),
                    Security("VTI", "US Stocks", 100.0), Security("VXUS", "Intl Stocks", 100.0)),
        lots=(Lot("K1", "Work 401k", "FXAIX", None, 900, None), Lot("R1", "Roth", "VTI", None, 100, None)),
        transactions=(), targets=(Target("US Stocks", 0.5), Target("Intl Stocks", 0.3), Target("Bonds", 0.2)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0),
        menus={"Work 401k": frozenset({"FXAIX", "FXNAX"})})


@pytest.fixture(scope="module")
def frontier():
    h = household()
    models = HouseholdModels(h, AS_OF)
    plan = plan_rebalance(h, as_of=AS_OF, models=models)
    return plan, tax_drift_frontier(h, as_of=AS_OF, models=models, plan=plan)


def test_the_plan_is_a_best_effort_at_20_points_for_no_tax(frontier):
    plan, _ = frontier
    assert plan.status is PlanStatus.BEST_EFFORT
    assert plan.max_drift_after == pytest.approx(0.20)
    assert plan.tax_total == pytest.approx(0.0)
    assert sum(t.amount for t in plan.trades) == pytest.approx(70_000.00)


def test_no_level_of_5_points_or_less_is_reachable(frontier):
    _, points = frontier
    assert [(p.level, p.reachable) for p in points if not p.is_current and not p.is_plan] == [
        (0.0, False), (0.01, False), (0.02, False), (0.03, False), (0.05, False)]


def test_the_current_row_is_doing_nothing(frontier):
    _, points = frontier
    (current,) = [p for p in points if p.is_current]
    assert current.level == pytest.approx(0.50)
    assert (current.tax, current.realized_st, current.realized_lt, current.turnover) == (0.0, 0.0, 0.0, 0.0)
    assert "The plan on Trades" not in current.note


def test_the_plan_stands_apart_at_its_own_drift_and_says_why(frontier):
    _, points = frontier
    (row,) = [p for p in points if p.is_plan]
    assert row.level == pytest.approx(0.20)
    assert (row.tax, row.turnover) == (pytest.approx(0.0), pytest.approx(70_000.00))
    assert row.note == ("The plan on Trades: the same tax as keeping the current largest drift (50.00 points, its "
                        "row above, which trades nothing), trading $70,000.00 more: it brings the largest drift "
                        "down to 20.00 points where that adds no tax.")
