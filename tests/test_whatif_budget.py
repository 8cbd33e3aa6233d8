"""A huge household's what-if re-solves keep the plan's caps (fe13 F11; engine/short_term_cost.py,
engine/short_term_wait.py).

The 30,000-lot household of the fe13 review (23,477 taxable lot columns, above tuning.HUGE_MODEL_LOTS)
had its plan solved at most twice, each MILP within 10 s of CPU, but the plan re-solved with Allow
Short-Term Gains = Y was built without the run's CPU clock: no budget, 5 minutes of CPU. Tested here is
the decision, not the time: the threshold is lowered to 0 (as tests/test_rebalance_huge_plan.py does) on
the hand-worked household of tests/test_short_term_setting_cost.py, and every MILP HiGHS is handed is
read for its ``cpu_limit``; the whole solves of each re-solve are counted (``run_stages`` calls). The
re-solve's answer is the hand-worked one of that file: with Y the plan sells 30 IVV, 900 short-term x
30.8% = $277.20, N (108 AAPL, $1,285.20) costs $1,008.00.
"""

from __future__ import annotations

import time
from datetime import date

import pytest
from test_short_term_setting_cost import AS_OF, household

from taxrebal.engine.plan import Plan
from taxrebal.engine.rebalance import HouseholdModels, huge_plan, plan_rebalance, solver, stages
from taxrebal.engine.rebalance.tuning import HUGE_SOLVE_CPU_S
from taxrebal.engine.records import Household, Lot
from taxrebal.engine.short_term_cost import ShortTermCost, short_term_cost, within_budget
from taxrebal.engine.short_term_wait import wait_instead


@pytest.fixture
def spies(monkeypatch):
    """Every MILP's ``cpu_limit`` (None: no budget) and the whole solves, with the threshold at 0."""
    for module in (huge_plan, stages, solver):
        monkeypatch.setattr(module, "HUGE_MODEL_LOTS", 0)
    limits: list[float | None] = []
    real_solve = solver.highs_solve

    def solve(c, A, lo, hi, lb, ub, integ, options, **kw):
        if integ.any():
            limits.append(options.get("cpu_limit"))
        return real_solve(c, A, lo, hi, lb, ub, integ, options, **kw)

    monkeypatch.setattr(solver, "highs_solve", solve)
    whole: list[int] = []
    real_stages = stages.StagesMixin.run_stages

    def run_stages(self, opts, finish=True, start=None):
        whole.append(1)
        return real_stages(self, opts, finish, start)

    monkeypatch.setattr(stages.StagesMixin, "run_stages", run_stages)
    return limits, whole


def _capped_plan(h: Household) -> Plan:
    return plan_rebalance(h, as_of=AS_OF, models=HouseholdModels(h, AS_OF, cpu_clock=time.process_time))


def test_the_short_term_what_if_of_a_huge_household_is_capped_as_its_plan(spies):
    limits, whole = spies
    h = household()
    plan = _capped_plan(h)
    assert limits and set(limits) == {HUGE_SOLVE_CPU_S}  # the plan's own MILPs: the budget
    limits.clear()
    whole.clear()
    cost = short_term_cost(h, AS_OF, plan, cpu_clock=time.process_time)
    assert limits and set(limits) == {HUGE_SOLVE_CPU_S}  # every MILP of the re-solve too
    assert 1 <= len(whole) <= 2  # the huge path: at most two whole solves
    assert cost is not None
    assert cost.tax_y == pytest.approx(277.20, abs=0.01)
    assert cost.cost == pytest.approx(1_008.00, abs=0.001)
    # without a clock (the engine's own default) the re-solve has no budget: the F11 path
    limits.clear()
    short_term_cost(h, AS_OF, plan)
    assert limits and set(limits) == {None}


def test_the_waiting_what_if_of_a_huge_household_is_capped_as_its_plan(spies):
    limits, whole = spies
    h = household()  # T-11 bought 2025-12-07: long-term on 2026-12-08, this tax year
    h = Household(accounts=h.accounts, securities=h.securities,
                  lots=(Lot("T-11", "Joint Taxable", "IVV", date(2025, 12, 7), 40, 27_600.0),) + h.lots[1:],
                  targets=h.targets, settings=h.settings)
    plan = _capped_plan(h)
    limits.clear()
    whole.clear()
    instead = wait_instead(h, AS_OF, plan, cpu_clock=time.process_time)
    assert limits and set(limits) == {HUGE_SOLVE_CPU_S}
    assert 1 <= len(whole) <= 2
    assert instead is not None
    assert instead.tax_then == pytest.approx(214.20, abs=0.01)  # 900 long-term x 23.8%


def test_below_the_threshold_a_clock_changes_nothing():
    # the real threshold: this 3-lot household is not huge, so the clock adds no budget and the same plan
    h = household()
    plan = plan_rebalance(h, as_of=AS_OF)
    with_clock = short_term_cost(h, AS_OF, plan, cpu_clock=time.process_time)
    without = short_term_cost(h, AS_OF, plan)
    assert with_clock == without
    assert with_clock is not None and not with_clock.budgeted


def test_a_budgeted_what_if_says_its_figures_are_the_best_found():
    large = Plan.__new__(Plan)  # only its notes are read
    object.__setattr__(large, "notes", ("This household is large (23,477 taxable lot columns): 2 of the plan's "
                                        "solves stopped after 10 s of CPU each ...",))
    assert within_budget(large)
    cost = ShortTermCost(1_285.20, 277.20, ("30 IVV (Joint Taxable)",), 900.0, 0.0, budgeted=True)
    assert cost.note().endswith("This household is large, so that plan was solved at most twice (once more to "
                                "hold a loss for later), each MILP "
                                "within 10 s of CPU, as the plan itself: its figures are the best found then, "
                                "not proven least.")
    assert "not proven least" not in ShortTermCost(1_285.20, 277.20, (), 900.0, 0.0).note()
