"""A huge household's CPU budget per solve (tuning.HUGE_SOLVE_CPU_S): the solve stops, keeps a feasible
plan, records the gap HiGHS had proved (lp.Stopped), and the plan's notes say so
(engine/rebalance/solve_budget.py)."""

import math
import time

import numpy as np
import scipy.sparse as sp

from taxrebal.engine.rebalance.lp import Stopped, highs_solve
from taxrebal.engine.rebalance.solve_budget import BUDGET_NOTE_START, budget_notes


def test_a_solve_stopped_by_its_cpu_budget_keeps_a_feasible_point_and_its_gap():
    # a random knapsack-like MILP HiGHS does not finish in seconds (tests/test_solve_interrupt.py's, at
    # 1,001 columns: stopped at 0.7 s of CPU with a 4.6% gap): minimise -r.x, 500 random rows <= 5,
    # 0 <= x <= 10 integer; x = 0 is feasible
    rng = np.random.default_rng(0)
    n, m = 1001, 500
    A = sp.random(m, n, density=0.01, random_state=1, format="csc")
    c = -rng.random(n)
    stops: list[Stopped] = []
    x = highs_solve(c, A, np.full(m, -np.inf), np.full(m, 5.0), np.zeros(n), np.full(n, 10.0),
                    np.ones(n, dtype=np.int64), {"cpu_limit": 0.5, "time_limit": 120.0}, start=np.zeros(n),
                    stops=stops, clock=time.process_time)
    assert x is not None
    assert (A @ x <= 5.0 + 1e-6).all() and (x >= -1e-9).all() and (x <= 10 + 1e-9).all()
    assert np.allclose(x, np.round(x), atol=1e-6)
    assert len(stops) == 1
    stop = stops[0]
    assert stop.columns == n and stop.integers == n
    assert stop.objective == float(c @ x) or math.isclose(stop.objective, float(c @ x), rel_tol=1e-9)
    # what HiGHS proved: its bound is below the point kept (a minimisation), the gap their distance
    assert stop.bound <= stop.objective
    assert math.isclose(stop.gap, (stop.objective - stop.bound) / abs(stop.objective), rel_tol=1e-6)
    assert stop.gap > 0  # stopped before proving the point optimal


def test_an_lp_is_never_stopped_by_the_budget():
    # an LP ends by itself: the cpu budget applies to MILPs only (min x0 + x1, x0 + x1 >= 1)
    stops: list[Stopped] = []
    A = sp.csc_array(np.array([[1.0, 1.0]]))
    x = highs_solve(np.array([1.0, 1.0]), A, np.array([1.0]), np.array([np.inf]), np.zeros(2), np.full(2, 5.0),
                    np.zeros(2, dtype=np.int64), {"cpu_limit": 0.0}, stops=stops, clock=time.process_time)
    assert x is not None and math.isclose(float(x.sum()), 1.0)
    assert stops == []


def test_no_stop_no_note():
    assert budget_notes([], 34_051) == []


def test_the_note_gives_the_largest_gap_and_the_solves_that_found_nothing():
    stops = [Stopped(0.002, -100.0, -100.2, 59_880, 9_948), Stopped(0.0325, -4.74e6, -4.9e6, 59_880, 9_948),
             Stopped(math.inf, math.nan, -5e6, 59_880, 9_948)]
    (note,) = budget_notes(stops, 34_051)
    assert note.startswith(BUDGET_NOTE_START + " (34,051 taxable lot columns): 3 of the plan's solves stopped after ")
    assert "(1 found none and kept the previous stage's plan)" in note
    assert "the largest gap HiGHS had proved when it stopped one was 3.25% of that solve's objective" in note


def test_without_the_callers_clock_there_is_no_budget():
    # the engine reads no clock: a budget needs the caller's (taxrebal run passes time.process_time), so a
    # solve given a budget of 0 s and no clock runs to its answer (min -x0 - x1, x0 + x1 <= 1.5, integer: -1)
    stops: list[Stopped] = []
    A = sp.csc_array(np.array([[1.0, 1.0]]))
    x = highs_solve(np.array([-1.0, -1.0]), A, np.array([-np.inf]), np.array([1.5]), np.zeros(2), np.full(2, 5.0),
                    np.ones(2, dtype=np.int64), {"cpu_limit": 0.0}, stops=stops)
    assert x is not None and math.isclose(float(x.sum()), 1.0)
    assert stops == []
