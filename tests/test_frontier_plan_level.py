"""The Tax-Drift Frontier's row at the plan's own drift is the plan, without a solve, when the plan pays
the least tax any plan of the household can pay (engine/frontier_plan_level.py).

Hand-worked household (2026, single, $100,000 of wages, no state tax): a taxable account holds 100
VTI at $100 on a $12,000 basis (a $2,000 long-term loss, IRC §1222(4)) and 100 BND at $100 on $10,000
(no gain); ITOT ($100, US Stocks, not substantially identical to VTI) is VTI's replacement; targets
US Stocks 40%, Bonds 60% of $20,000 ($8,000 / $12,000; today 50/50, 10 points off).

* The least tax any plan pays: the $2,000 loss alone, deducted against the wages (IRC §1211(b): up to
  $3,000) in the 22% bracket (taxable income $100,000 less the $16,100 standard deduction, $83,900):
  -$440.00.
* The plan: sell all 100 VTI ($10,000, -$2,000 long-term), buy 80 ITOT ($8,000) and 20 BND ($2,000):
  -$440.00, on target (0.00 points), $20,000.00 traded. It pays that least tax, so the 0-point row is
  the plan without a solve, and the 1-point row is capped at the $20,000.00 it shows (+ $0.01).

With a $2,000 long-term *gain* in VTI (basis $8,000) the least tax of any plan is $0.00 (no loss to
sell, no gain needed: the bound sells nothing), and the plan sells $1,000 of VTI ($200 of gain at the
15% long-term rate: $30.00) to reach the 5-point band: above that bound, so every level row is solved;
the current drift's row (10 points) is not: trading nothing pays that $0.00 bound and trades $0.00
(fe15 F9), so it is doing nothing.
"""

from __future__ import annotations

from datetime import date

import pytest

import taxrebal.engine.frontier as frontier
import taxrebal.engine.rebalance.stages as stages
from taxrebal.engine.frontier import FrontierPoint, tax_drift_frontier
from taxrebal.engine.frontier_plan_level import plan_as_row, plan_is_least_tax
from taxrebal.engine.rebalance import HouseholdModels, plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target
from taxrebal.engine.resolve_bounds import least_tax

AS_OF = date(2026, 6, 1)


def _household(vti_basis: float) -> Household:
    long_ago = date(2015, 1, 5)
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 100.0, identical_group="Total US", replacements=("ITOT",)),
                    Security("ITOT", "US Stocks", 100.0), Security("BND", "Bonds", 100.0)),
        lots=(Lot("T1", "Taxable", "VTI", long_ago, 100, vti_basis),
              Lot("B1", "Taxable", "BND", long_ago, 100, 10_000.0)),
        transactions=(), targets=(Target("US Stocks", 0.4), Target("Bonds", 0.6)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0))


def _solved(monkeypatch, household, plan):
    """The frontier's rows and the (drift cap, turnover cap) of each stage-B solve."""
    caps = []
    original = stages._stage_b

    def counted(model, rates, linear_budget, to_target, drift_cap, turnover_cap, start):
        caps.append((round(drift_cap, 6), turnover_cap))
        return original(model, rates, linear_budget, to_target, drift_cap, turnover_cap, start)

    monkeypatch.setattr(stages, "_stage_b", counted)
    points = tax_drift_frontier(household, as_of=AS_OF, models=HouseholdModels(household, AS_OF), plan=plan)
    monkeypatch.setattr(stages, "_stage_b", original)
    return points, caps


def _trades(plan):
    return [(t.action.value, t.symbol, t.quantity, t.amount, t.realized_st, t.realized_lt) for t in plan.trades]


def test_the_plan_at_the_least_tax_is_its_row_without_a_solve(monkeypatch):
    household = _household(12_000.0)
    assert least_tax(household, AS_OF) == pytest.approx(-440.0)
    plan = plan_rebalance(household, as_of=AS_OF, models=HouseholdModels(household, AS_OF))
    assert plan.tax_total == pytest.approx(-440.0)
    assert plan.max_drift_after == pytest.approx(0.0, abs=1e-9)
    assert _trades(plan) == [("Sell", "VTI", 100.0, 10_000.0, 0.0, -2_000.0), ("Buy", "ITOT", 80.0, 8_000.0, 0.0, 0.0),
                             ("Buy", "BND", 20.0, 2_000.0, 0.0, 0.0)]
    points, caps = _solved(monkeypatch, household, plan)
    assert [p.level for p in points] == [0.0, 0.01, 0.02, 0.03, 0.05, pytest.approx(0.10)]
    zero = points[0]
    assert (zero.reachable, zero.tax, zero.realized_st, zero.realized_lt, zero.turnover, zero.note) == (
        True, pytest.approx(-440.0), 0.0, -2_000.0, 20_000.0, "The plan on Trades.")
    # the 0-point level is never solved; the 1-point level is capped at the plan's $20,000.00 + $0.01
    assert 0.0 not in [cap for cap, _ in caps]
    assert caps[0] == (0.01, pytest.approx(20_000.01))
    # every looser row: the same loss harvested, its $10,000 reinvested ($20,000.00 traded)
    for p in points[1:]:
        assert (p.tax, p.realized_st, p.realized_lt, p.turnover) == (
            pytest.approx(-440.0), 0.0, pytest.approx(-2_000.0), pytest.approx(20_000.0))


def test_rows_as_when_the_plan_row_is_solved(monkeypatch):
    household = _household(12_000.0)
    plan = plan_rebalance(household, as_of=AS_OF, models=HouseholdModels(household, AS_OF))
    skipped, _ = _solved(monkeypatch, household, plan)
    monkeypatch.setattr(frontier, "plan_is_least_tax", lambda plan, least: False)  # every row solved
    solved, caps = _solved(monkeypatch, household, plan)
    assert caps[0][0] == 0.0
    assert [(p.level, p.tax, p.realized_st, p.realized_lt, p.turnover, p.note) for p in skipped] == [
        (p.level, p.tax, p.realized_st, p.realized_lt, p.turnover, p.note) for p in solved]


def test_a_plan_above_the_least_tax_leaves_every_row_solved(monkeypatch):
    household = _household(8_000.0)
    assert least_tax(household, AS_OF) == pytest.approx(0.0)
    plan = plan_rebalance(household, as_of=AS_OF, models=HouseholdModels(household, AS_OF))
    assert plan.tax_total == pytest.approx(30.0)
    assert _trades(plan) == [("Sell", "VTI", 10.0, 1_000.0, 0.0, 200.0), ("Buy", "BND", 10.0, 1_000.0, 0.0, 0.0)]
    assert not plan_is_least_tax(plan, lambda: 0.0)
    points, caps = _solved(monkeypatch, household, plan)
    assert {cap for cap, _ in caps} == {0.0, 0.01, 0.02, 0.03, 0.05}  # the plan's row (5 points) too
    current = points[5]
    assert current.is_current and (current.tax, current.realized_st, current.realized_lt, current.turnover) == (
        0.0, 0.0, 0.0, 0.0)
    five = points[4]
    assert (five.level, five.tax, five.realized_lt, five.turnover, five.note) == (
        0.05, pytest.approx(30.0), pytest.approx(200.0), pytest.approx(2_000.0), "The plan on Trades.")


def test_a_tighter_row_that_trades_less_keeps_the_row_solved():
    household = _household(8_000.0)
    plan = plan_rebalance(household, as_of=AS_OF, models=HouseholdModels(household, AS_OF))
    # the plan ($30.00, $2,000.00 traded) is within 5 points, not 3
    tighter_dearer = FrontierPoint(0.03, True, 42.0, 0.0, 280.0, 2_800.0)
    assert plan_as_row(plan, 0.05, [tighter_dearer]) == (pytest.approx(30.0), 0.0, 200.0, 2_000.0)
    # a tighter row trading $1,500.00 (less than the plan's $2,000.00): the plan stands apart, so solved
    assert plan_as_row(plan, 0.05, [FrontierPoint(0.03, True, 42.0, 0.0, 280.0, 1_500.0)]) is None
    # not within 3 points, and a tighter row already within the plan's drift is the plan's row
    assert plan_as_row(plan, 0.03, []) is None
    assert plan_as_row(plan, 0.10, [FrontierPoint(0.05, True, 30.0, 0.0, 200.0, 2_000.0)]) is None
