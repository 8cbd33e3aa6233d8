"""A model with more taxable lot columns than tuning.HUGE_MODEL_LOTS solves each tie-break stage as
its polished start only (engine/rebalance/stages.py): the taxable lot sales stay those of the
least-tax plan and only the tax-free decisions move. bench/generate.py's 100,000-lot household has
34,051 lot columns; each stage's own solve there (an LP relaxation of all 75,814 columns, 2-19 s of
CPU, then its restricted MILP) was most of the plan's time.

Here the threshold is lowered to 0 on a 1,000-lot household of the same generator: no tie-break stage
runs its own solve over the lot columns, and the plan is still within every band, at the least tax
the stages before found.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from taxrebal.engine.plan import PlanStatus
from taxrebal.engine.rebalance import plan_rebalance, stages


@pytest.fixture(scope="module")
def household():
    bench = str(Path(__file__).resolve().parents[1] / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    from generate import generate_household

    from taxrebal.engine.ledger import build_ledger
    from taxrebal.engine.wash import adjust_lots

    h = generate_household(seed=5, n_accounts=6, n_securities=60, n_lots=1_000, n_transactions=300)
    wash = adjust_lots(h)
    ledger = build_ledger(wash.household.settings, wash, h.settings.as_of)
    return replace(wash.household, settings=ledger.apply(wash.household.settings))


def _stage_solves(monkeypatch) -> list[bool]:
    """Record, for every tie-break stage solve, whether it was a polished start's (lot sales fixed)."""
    calls: list[bool] = []
    real = stages.StagesMixin._stage_solve

    def spy(self, obj, opts, extra, v_cap, x, continuous, box, shrink, keep_incumbent, large_path=False):
        calls.append(box is not None)
        return real(self, obj, opts, extra, v_cap, x, continuous, box, shrink, keep_incumbent, large_path)

    monkeypatch.setattr(stages.StagesMixin, "_stage_solve", spy)
    return calls


def test_a_huge_model_solves_its_tie_break_stages_on_the_tax_free_decisions_only(household, monkeypatch):
    as_of = household.settings.as_of
    calls = _stage_solves(monkeypatch)
    plan = plan_rebalance(household, as_of=as_of)
    assert any(not boxed for boxed in calls)  # below the threshold: the stages' own solves run
    monkeypatch.setattr(stages, "HUGE_MODEL_LOTS", 0)
    calls.clear()
    huge = plan_rebalance(household, as_of=as_of)
    assert calls and all(calls)  # every tie-break solve is a polished start's
    assert huge.status is plan.status is PlanStatus.WITHIN_BANDS
    # the tie-break stages keep the least tax (each stage keeps it as a row); the stages after it
    # only choose among plans of that tax, so the huge model's plan is no costlier than the other
    # by more than the stages' tolerance and the wash engine's rounding
    assert huge.tax_total <= plan.tax_total + 1.0
