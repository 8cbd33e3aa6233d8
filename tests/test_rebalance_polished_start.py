"""A tie-break stage stopped by its guard still puts the cash the plan raised to work.

A model too large to prove (engine/rebalance/stages.py ``_polished_start``) solves each tie-break stage
first with every taxable lot sale fixed at the previous stage's plan: a small problem over the
tax-free decisions that starts the full stage. New-user test 5 found a 1,500-lot household whose
least-tax plan harvested $382,837 in the taxable account and bought nothing: the distance stage ran
out of its one-second guard before improving on that start and $379,837 stayed idle, bonds on their
band edge. Here a small household is treated as large and the full stage's clock expires at once.

Brokerage holds a VTI loss lot ($10,000 now, $15,000 paid) and may buy SCHB (not substantially
identical) and bonds; the IRA holds $50,000 of VTI and $40,000 of bonds; 60/40 with 10-point bands,
Rebalance To = Band Edge. The least tax harvests the VTI loss (stocks 50%: on the band edge, cash
$10,000). Distance then buys stocks back with that cash (SCHB: VTI would wash the loss).
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.rebalance import lp, plan_rebalance, solver, stages
from taxrebal.engine.rebalance.planner import HouseholdModels
from taxrebal.engine.records import Account, Household, Lot, RebalanceTo, Security, Settings, Target

AS_OF = date(2026, 6, 1)


def _household() -> Household:
    return Household(
        accounts=(Account("Brokerage", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "US Stocks", 100.0), Security("SCHB", "US Stocks", 25.0),
                    Security("BND", "Bonds", 50.0)),
        lots=(Lot("B1", "Brokerage", "VTI", date(2024, 1, 5), 100, 15_000.0),
              Lot("I1", "IRA", "VTI", None, 500, None), Lot("I2", "IRA", "BND", None, 800, None)),
        targets=(Target("US Stocks", 0.60, band=0.10), Target("Bonds", 0.40, band=0.10)),
        settings=Settings(as_of=AS_OF, ordinary_income=150_000.0, min_trade=50.0, whole_shares=True,
                          rebalance_to=RebalanceTo.BAND_EDGE),
        menus={"Brokerage": frozenset({"VTI", "SCHB", "BND"}), "IRA": frozenset({"VTI", "BND"})})


@pytest.fixture
def large_model_with_no_time(monkeypatch):
    """Every model counts as too large to prove; a tie-break solve with any taxable lot sale still
    open finds nothing in its time (it keeps its start), as on a loaded machine at 1,500 lots."""
    real = lp.highs_solve
    open_sales: list[list[int]] = []

    def clocked(c, A, row_lo, row_hi, lb, ub, integ, options, start=None):
        if "mip_abs_gap" in options and any(ub[j] - lb[j] > 1e-9 for js in open_sales for j in js):
            options = dict(options, time_limit=1e-9)
        return real(c, A, row_lo, row_hi, lb, ub, integ, options, start=start)

    monkeypatch.setattr(solver, "highs_solve", clocked)
    monkeypatch.setattr(stages, "PROVEN_INTEGER_LIMIT", 0, raising=False)
    return open_sales


def _plan(open_sales=None):
    h = _household()
    models = HouseholdModels(h, AS_OF)
    if open_sales is not None:
        open_sales.append(list(models.model().lot_vars))
    return plan_rebalance(h, as_of=AS_OF, models=models)


def test_the_cash_a_harvest_raises_is_invested_when_the_distance_stage_runs_out_of_time(large_model_with_no_time):
    plan = _plan(large_model_with_no_time)
    sold = {t.symbol for t in plan.trades if t.action.value == "Sell" and t.account == "Brokerage"}
    bought = {t.symbol: t.amount for t in plan.trades if t.action.value == "Buy" and t.account == "Brokerage"}
    assert "VTI" in sold  # the harvest
    assert "VTI" not in bought and bought.get("SCHB", 0.0) >= 9_000.0  # cash back in stocks, no wash
    assert dict(plan.cash_left)["Brokerage"] < 100.0


def test_with_time_to_spare_the_cash_is_invested_too():
    assert dict(_plan().cash_left)["Brokerage"] < 100.0


def test_a_large_models_start_is_solved_on_the_orders_its_relaxation_trades(monkeypatch):
    # Fixing the lot sales leaves every buy's Min Trade binary open; a model above EXACT_INTEGER_LIMIT
    # solves that restriction on its large-model path (the LP relaxation, then the MILP on the orders
    # it or the previous plan trades), never as the whole MILP: on the 1,000-lot bench household the
    # whole MILP spent 1-5 s of CPU at its root each time (issue 13). Here every model counts as large.
    monkeypatch.setattr(stages, "PROVEN_INTEGER_LIMIT", 0, raising=False)
    monkeypatch.setattr(stages, "EXACT_INTEGER_LIMIT", 0, raising=False)
    monkeypatch.setattr(solver, "EXACT_INTEGER_LIMIT", 0, raising=False)
    real = lp.highs_solve
    starts: list[tuple[int, int]] = []  # (integer columns, of them open) of each solve of a polished start

    def recorded(c, A, row_lo, row_hi, lb, ub, integ, options, start=None):
        import traceback

        if any(f.name == "_polished_start" for f in traceback.extract_stack()):
            open_ = [j for j in range(len(c)) if integ[j] and ub[j] - lb[j] > 0.5]
            starts.append((int(sum(1 for v in integ if v)), len(open_)))
        return real(c, A, row_lo, row_hi, lb, ub, integ, options, start=start)

    monkeypatch.setattr(solver, "highs_solve", recorded)
    plan = _plan()
    assert starts, "the tie-break stages start from a polished start"
    # the first stage's start: first the LP relaxation (no integer column), then the MILP with only
    # the orders it or the previous plan trades open (the later starts here are inside the whole-share
    # rounding box, already small, and solved as they were)
    orders = HouseholdModels(_household(), AS_OF).model().orders
    binaries = sum(1 for _js, _price, z, _m in orders if z is not None)
    assert starts[0] == (0, 0)
    assert 0 < starts[1][0] and starts[1][1] < binaries
    assert dict(plan.cash_left)["Brokerage"] < 100.0
