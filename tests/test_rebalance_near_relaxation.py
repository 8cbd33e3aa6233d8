"""Stage B of a large model next to its LP relaxation (engine/rebalance/near_relaxation.py): the lots
the relaxation sells in full or not at all are fixed there and the wash-sale matching binaries beyond
the crossing take one value. That is a restriction, so its answer must be a plan of the *full* model:
every row and bound of stage B's unrestricted model, and every integer column integral.

The household is bench/generate.py's (the 100,000-lot benchmark's generator) at 1,000 lots, 6
accounts, 60 securities and 300 recent transactions: 856 integer decisions (the large-model path)
and 30 identities whose loss lots meet recent purchases; the path's size threshold
(tuning.NEAR_RELAXATION_COLUMNS) is lowered to 0 so that its stage B takes it.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from taxrebal.engine.plan import PlanStatus
from taxrebal.engine.rebalance import RebalanceModel, near_relaxation, plan_rebalance, solver

TOL = 1e-6


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


def test_the_near_relaxation_plan_keeps_every_row_of_the_full_model(household, monkeypatch):
    as_of = household.settings.as_of
    solves: list[tuple] = []  # every HiGHS call: (c, A, lo, hi, lb, ub, integ, answer)
    near_at: list[int] = []  # the index of the solve right after each fix_at_relaxation

    real_solve, real_fix = solver.highs_solve, near_relaxation.fix_at_relaxation

    def recording_solve(c, A, lo, hi, lb, ub, integ, options, start=None):
        x = real_solve(c, A, lo, hi, lb, ub, integ, options, start=start)
        solves.append((c, A, lo, hi, lb, ub, integ, x))
        return x

    def recording_fix(model, x, lb, ub):
        near_at.append(len(solves))
        return real_fix(model, x, lb, ub)

    monkeypatch.setattr(solver, "highs_solve", recording_solve)
    monkeypatch.setattr(solver, "fix_at_relaxation", recording_fix)
    monkeypatch.setattr(solver, "NEAR_RELAXATION_COLUMNS", 0)  # this household's stage B is small
    plan = plan_rebalance(household, as_of=as_of)
    assert plan.status is PlanStatus.WITHIN_BANDS
    assert near_at, "stage B took the near-relaxation path"
    full_integ = RebalanceModel(household, as_of).lp.frozen().integ
    checked = 0
    for at in near_at:
        # the solve before is stage B's LP relaxation: the full model's rows and bounds, nothing fixed
        _c, A, lo, hi, lb, ub, relax_integ, _relax = solves[at - 1]
        assert not relax_integ.any()
        _c, A_near, _lo, _hi, nlb, nub, _i, x = solves[at]
        assert A_near.shape[0] >= A.shape[0]  # the same rows, plus the tied binaries'
        assert (nlb >= lb - TOL).all() and (nub <= ub + TOL).all()  # only narrowed
        assert ((nub - nlb) < (ub - lb) - TOL).sum() > 0  # and narrowed somewhere
        if x is None:
            continue
        ax = A @ x
        assert (ax >= lo - TOL * np.maximum(1.0, np.abs(lo))).all()
        assert (ax <= hi + TOL * np.maximum(1.0, np.abs(hi))).all()
        assert (x >= lb - TOL).all() and (x <= ub + TOL).all()
        n = len(full_integ)
        integer = np.flatnonzero(full_integ[:n] > 0)
        assert np.allclose(x[integer], np.round(x[integer]), atol=1e-6)
        checked += 1
    assert checked


def test_a_lot_is_fixed_only_where_the_relaxation_sells_it_in_full_or_not_at_all(household):
    as_of = household.settings.as_of
    model = RebalanceModel(household, as_of)
    base = model.lp.frozen()
    rng = np.random.default_rng(0)
    x = base.lb.copy()
    cols = np.asarray(model.lot_vars)
    # a relaxation that sells a third of the lots in full, a third not at all, a third half
    pick = rng.integers(0, 3, len(cols))
    x[cols] = np.where(pick == 0, base.ub[cols], np.where(pick == 1, 0.0, base.ub[cols] / 2))
    lb, ub = base.lb.copy(), base.ub.copy()
    assert near_relaxation.fix_at_relaxation(model, x, lb, ub)
    open_before = base.ub[cols] > base.lb[cols]
    fixed = open_before & (ub[cols] <= lb[cols])
    assert fixed.sum() > len(cols) / 3  # most of the lots sold in full or not at all
    assert not (fixed & (pick == 2)).any()  # a lot sold in part is never fixed
    assert (lb[cols][fixed] == x[cols][fixed]).all()  # a fixed lot is fixed where the relaxation has it
