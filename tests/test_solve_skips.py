"""Solves the rebalancer skips because they cannot change the answer (issue 13: a click's HiGHS solves).

Three rules, each with a case where it skips and a case where it must not:

* a MIP HiGHS calls infeasible is retried without its parallel-rows presolve reduction only when its LP
  relaxation has a point (``lp.highs_solve``): no relaxation point, no MIP point;
* stage B (the least linear tax) with no tax to minimise (every coefficient 0: rates of zero, or no
  taxable lot) is stage A's plan (``stages.run_stages``);
* a tie-break stage whose start already has 0 of an objective no plan can make negative is skipped
  (``stages._lexicographic``).

Expected values are worked by hand in each test, never taken from the code under test.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from scipy.sparse import csr_array

from taxrebal.engine.rebalance import RebalanceModel, SolveOptions
from taxrebal.engine.rebalance import lp as lp_mod
from taxrebal.engine.rebalance.stages import _zero_is_least
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 6, 1)
LONG_AGO = date(2015, 1, 5)


# --- 1. an infeasible MIP: the retry only when the relaxation has a point ------------------------


def _counting_solve(monkeypatch):
    calls = []
    real = lp_mod.highs_solve

    def counted(*a, **k):
        calls.append(dict(a[7]))
        return real(*a, **k)

    monkeypatch.setattr(lp_mod, "highs_solve", counted)  # the retry calls the module's name
    return calls


def test_a_relaxation_without_a_point_is_proven_infeasible():
    # x0 + x1 >= 3 with 0 <= x0, x1 <= 1: at most 2, so no point; >= 1.5 has (1, 0.5)
    A = csr_array(np.array([[1.0, 1.0]]))
    lb, ub, c = np.zeros(2), np.ones(2), np.zeros(2)
    assert lp_mod.relaxation_infeasible(c, A, np.array([3.0]), np.array([math.inf]), lb, ub)
    assert not lp_mod.relaxation_infeasible(c, A, np.array([1.5]), np.array([math.inf]), lb, ub)


def test_an_infeasible_mip_whose_relaxation_is_infeasible_is_not_retried(monkeypatch):
    calls = _counting_solve(monkeypatch)
    A = csr_array(np.array([[1.0, 1.0]]))
    x = lp_mod.highs_solve(np.zeros(2), A, np.array([3.0]), np.array([math.inf]), np.zeros(2), np.ones(2),
                           np.array([1, 1]), {})
    assert x is None and len(calls) == 1


def test_an_integer_infeasible_mip_with_a_relaxation_point_is_still_retried(monkeypatch):
    # 2 x0 = 1 with x0 integer in [0, 1]: the relaxation has x0 = 0.5, the MIP has no point. The
    # relaxation proves nothing, so the retry without the parallel-rows reduction runs (and finds none).
    calls = _counting_solve(monkeypatch)
    A = csr_array(np.array([[2.0]]))
    x = lp_mod.highs_solve(np.zeros(1), A, np.array([1.0]), np.array([1.0]), np.zeros(1), np.ones(1),
                           np.array([1]), {})
    assert x is None and len(calls) == 2
    assert calls[1]["presolve_rule_off"] == lp_mod._PARALLEL_ROWS_AND_COLUMNS


# --- 2. stage B with no tax to minimise ------------------------------------------------------------


def _recording(model):
    """model.solve wrapped: the objectives it was called with, in order."""
    seen = []
    real = model.solve

    def solve(objective, *a, **k):
        seen.append(dict(objective))
        return real(objective, *a, **k)

    model.solve = solve
    return seen


def test_stage_b_without_tax_is_stage_a_plan():
    # The module docstring of contributions.py, month 2: an IRA with stocks $66,000 and bonds $34,000
    # (60/40, 5-point bands) and $2,000 to invest, buying only. Bonds must reach 35% of $102,000 =
    # $35,700, so at least $1,700 of BND; no tax anywhere (an IRA, rates 0).
    h = Household(
        accounts=(Account("IRA", "Traditional IRA", contribution=2_000.0),),
        securities=(Security("VTI", "Stocks", 100.0), Security("BND", "Bonds", 100.0)),
        lots=(Lot("L1", "IRA", "VTI", LONG_AGO, 660.0, 50_000.0), Lot("L2", "IRA", "BND", LONG_AGO, 340.0, 34_000.0)),
        targets=(Target("Stocks", 0.6, 0.05), Target("Bonds", 0.4, 0.05)),
        settings=Settings(as_of=AS_OF, tax_year=2026))
    model = RebalanceModel(h, AS_OF, allow_sells=False)
    seen = _recording(model)
    sol = model.run_stages(SolveOptions(rates=(0.0, 0.0), to_target=True), finish=False)
    assert sol is not None
    assert seen == [{model.v_var: model.total}]  # stage A only (its breach in dollars): no second solve
    xa = model.least_breach(SolveOptions(rates=(0.0, 0.0), to_target=True))
    assert np.array_equal(sol.x, xa)
    bnd = sum(float(sol.x[j]) * b.price for b, j in zip(model.buys, model.buy_vars) if b.symbol == "BND")
    assert bnd >= 1_700.0 - 1e-6 and sol.violation <= 1e-9


def test_stage_b_with_tax_is_solved_and_sells_the_loss():
    # A taxable account at 75/25 ($30,000 stocks, $10,000 bonds; 60/40, 5-point bands): stocks must
    # come down to 65% of $40,000 = $26,000 at least, and may go to 55% = $22,000. Lot GAIN (cost $90),
    # lot LOSS (cost $110) and lot REST (cost $100), 100 shares each at $100: stage A (least breach) is
    # indifferent between them; the least tax at 15% sells LOSS only, as much as the lower edge allows:
    # $8,000 = 80 shares ($800 of loss, -$120), none of GAIN. Skipping stage B would keep stage A's
    # plan, which need not.
    h = Household(
        accounts=(Account("Brokerage", "Taxable"),),
        securities=(Security("VTI", "Stocks", 100.0), Security("BND", "Bonds", 100.0)),
        lots=(Lot("GAIN", "Brokerage", "VTI", LONG_AGO, 100.0, 9_000.0),
              Lot("LOSS", "Brokerage", "VTI", LONG_AGO, 100.0, 11_000.0),
              Lot("REST", "Brokerage", "VTI", LONG_AGO, 100.0, 10_000.0),
              Lot("B", "Brokerage", "BND", LONG_AGO, 100.0, 10_000.0)),
        targets=(Target("Stocks", 0.6, 0.05), Target("Bonds", 0.4, 0.05)),
        settings=Settings(as_of=AS_OF, tax_year=2026, ordinary_income=100_000.0))
    model = RebalanceModel(h, AS_OF)
    seen = _recording(model)
    sol = model.run_stages(SolveOptions(rates=(0.15, 0.15), to_target=False), finish=False)
    assert sol is not None
    tax = {j: c for j, c in model._linear_tax((0.15, 0.15)).items() if c}
    assert tax and any({j: c for j, c in obj.items() if c} == tax for obj in seen)  # stage B solved with the tax
    sold = {s.lot.lot_id: float(sol.x[j]) for s, j in zip(model.sell_lots, model.lot_vars)}
    assert sold["LOSS"] == pytest.approx(80.0, abs=1e-6) and sold.get("GAIN", 0.0) == pytest.approx(0.0, abs=1e-6)


# --- 3. a tie-break stage already at 0 -----------------------------------------------------------


def test_zero_is_least_needs_every_coefficient_and_bound_at_least_zero():
    lb = [0.0, 0.0, -5.0]
    assert _zero_is_least({0: 1.0, 1: 2.0}, lb)
    assert not _zero_is_least({0: 1.0, 1: -2.0}, lb)  # x1 may lower it below 0
    assert not _zero_is_least({0: 1.0, 2: 1.0}, lb)  # x2 may go to -5


def _on_target(cash: float) -> Household:
    # $60,000 stocks (lot with a gain) and $40,000 bonds in a taxable account, 60/40: on target.
    return Household(
        accounts=(Account("Brokerage", "Taxable", cash=cash),),
        securities=(Security("VTI", "Stocks", 100.0), Security("BND", "Bonds", 100.0)),
        lots=(Lot("S", "Brokerage", "VTI", LONG_AGO, 600.0, 30_000.0),
              Lot("B", "Brokerage", "BND", LONG_AGO, 400.0, 20_000.0)),
        targets=(Target("Stocks", 0.6, 0.05), Target("Bonds", 0.4, 0.05)),
        settings=Settings(as_of=AS_OF, tax_year=2026, ordinary_income=100_000.0))


def test_tie_break_stages_at_zero_are_not_solved():
    # On target, no cash: the least-tax plan trades nothing (every lot has a gain), so its turnover is
    # 0 already (it cannot be negative): the turnover stage after the distance stage is not solved,
    # nor the preference stages (dollars bought times steps: 0 with nothing bought).
    model = RebalanceModel(_on_target(0.0), AS_OF, rebalance_now=True)
    seen = _recording(model)
    sol = model.run_stages(SolveOptions(rates=(0.15, 0.15), to_target=True))
    assert sol is not None
    turnover = {j: c for j, c in model.turnover.items() if c}
    assert not any({j: c for j, c in obj.items() if c} == turnover for obj in seen)
    assert sum(float(sol.x[j]) * v for j, v in model.turnover.items()) == pytest.approx(0.0, abs=1e-6)


def test_a_tie_break_stage_not_at_zero_is_solved():
    # The same with $1,000 of cash: uninvested cash is distance, so the distance stage invests it to
    # target: 60% of $101,000 = $60,600 stocks (buy $600), $40,400 bonds (buy $400); that plan trades
    # $1,000, so the turnover stage is solved.
    model = RebalanceModel(_on_target(1_000.0), AS_OF, rebalance_now=True)
    seen = _recording(model)
    sol = model.run_stages(SolveOptions(rates=(0.15, 0.15), to_target=True))
    assert sol is not None
    turnover = {j: c for j, c in model.turnover.items() if c}
    assert any({j: c for j, c in obj.items() if c} == turnover for obj in seen)
    bought = {b.symbol: float(sol.x[j]) * b.price for b, j in zip(model.buys, model.buy_vars)}
    assert bought.get("VTI", 0.0) == pytest.approx(600.0, abs=0.01)
    assert bought.get("BND", 0.0) == pytest.approx(400.0, abs=0.01)


# --- 4. a tie-break stage whose LP relaxation has no point ---------------------------------------


def test_has_no_plan_only_when_no_plan_exists():
    # The taxable household of test_stage_b_with_tax_is_solved_and_sells_the_loss, with a tax budget at
    # 15%: the most tax any plan can save is selling all of LOSS, 100 x $10 x 15% = $150 (GAIN and
    # REST add tax or none). A budget of -$200 (save $200) admits no plan; -$100 does.
    h = Household(
        accounts=(Account("Brokerage", "Taxable"),),
        securities=(Security("VTI", "Stocks", 100.0), Security("BND", "Bonds", 100.0)),
        lots=(Lot("GAIN", "Brokerage", "VTI", LONG_AGO, 100.0, 9_000.0),
              Lot("LOSS", "Brokerage", "VTI", LONG_AGO, 100.0, 11_000.0),
              Lot("REST", "Brokerage", "VTI", LONG_AGO, 100.0, 10_000.0),
              Lot("B", "Brokerage", "BND", LONG_AGO, 100.0, 10_000.0)),
        targets=(Target("Stocks", 0.6, 0.5), Target("Bonds", 0.4, 0.5)),
        settings=Settings(as_of=AS_OF, tax_year=2026, ordinary_income=100_000.0))
    model = RebalanceModel(h, AS_OF, rebalance_now=True)
    no_plan = model.has_no_plan(SolveOptions(rates=(0.15, 0.15), tax_budget=-200.0), [], None, None, None)
    some_plan = model.has_no_plan(SolveOptions(rates=(0.15, 0.15), tax_budget=-100.0), [], None, None, None)
    assert no_plan and not some_plan


def test_the_sample_frontier_at_zero_points_skips_the_narrowed_stage_milp(monkeypatch):
    # The sample's frontier at 0 points (whole shares: within one share of IVV's $675, 0.06 points):
    # the tie-break stage with each class's lower edge narrowed by one share of every tax-free order
    # has no plan. Its polished start finds none; its LP relaxation has none either, so the stage's own
    # MILP is not solved. Checked the other way: that MILP, solved here, finds no plan.
    from taxrebal.engine.frontier import tax_drift_frontier
    from taxrebal.workbook.template import sample_household

    proofs, narrowed = [], []
    real_proof, real_stage = RebalanceModel.has_no_plan, RebalanceModel._stage_solve

    def proof(self, opts, extra, v_cap, box, shrink):
        found = real_proof(self, opts, extra, v_cap, box, shrink)
        proofs.append((found, self, opts, list(extra), v_cap, shrink))
        return found

    def stage(self, obj, opts, extra, v_cap, x, continuous, box, shrink, keep_incumbent, large_path=False):
        if shrink is not None and not keep_incumbent:  # the narrowed stage's own solve (not its polish)
            narrowed.append(opts.drift_cap)
        return real_stage(self, obj, opts, extra, v_cap, x, continuous, box, shrink, keep_incumbent, large_path)

    monkeypatch.setattr(RebalanceModel, "has_no_plan", proof)
    monkeypatch.setattr(RebalanceModel, "_stage_solve", stage)
    household = sample_household()
    points = tax_drift_frontier(household, as_of=household.settings.as_of, levels=(0.0, 0.01))
    assert [p.reachable for p in points[:2]] == [True, True]
    assert [found for found, *_ in proofs] == [True]  # only the 0-point row's narrowed stage
    found, model, opts, extra, v_cap, shrink = proofs[0]
    assert opts.drift_cap is not None and opts.drift_cap < 0.001  # the 0-point row: within one share
    assert all(cap is not None and cap > 0.005 for cap in narrowed)  # the 1-point row's, not the 0-point row's
    monkeypatch.setattr(RebalanceModel, "_stage_solve", real_stage)
    tax_free = set(model.buy_vars) | set(model.pos_vars)
    shares = [j for j in model.integer_vars if j in tax_free]  # fractional, as the stage solves them
    assert model.solve({j: 1.0 for j in model.turnover}, opts, extra=extra, v_cap=v_cap, shrink=shrink,
                       keep_incumbent=False, continuous=shares) is None
