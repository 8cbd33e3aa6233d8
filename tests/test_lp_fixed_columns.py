"""A huge model's columns fixed at 0 are left out of the model HiGHS gets; the answer is the same
point, with those columns at 0 (engine/rebalance/lp.py, REDUCED_MODEL_COLUMNS).

Worked example: minimise -x0 - 2 x1 - 3 x2 with x0 + x1 + x2 <= 4, 0 <= x0, x1 <= 3 and x2 fixed at
0 (a closed lot): x2 adds nothing, so the best is x1 = 3, x0 = 1 (cost -7), whether x2 is in the model
or left out."""

import math

import numpy as np
from scipy.sparse import csr_array

from taxrebal.engine.rebalance import lp


def _solve(monkeypatch, threshold: int, integer: bool = False):
    monkeypatch.setattr(lp, "REDUCED_MODEL_COLUMNS", threshold)
    calls = []
    real = lp._highs

    def spy(c, *args, **kwargs):
        calls.append(len(c))
        return real(c, *args, **kwargs)

    monkeypatch.setattr(lp, "_highs", spy)
    A = csr_array(np.array([[1.0, 1.0, 1.0]]))
    integ = np.array([1, 1, 0] if integer else [0, 0, 0])
    x = lp.highs_solve(np.array([-1.0, -2.0, -3.0]), A, np.array([-math.inf]), np.array([4.0]),
                       np.array([0.0, 0.0, 0.0]), np.array([3.0, 3.0, 0.0]), integ, {})
    return x, calls


def test_the_fixed_column_is_left_out_above_the_threshold_and_comes_back_at_zero(monkeypatch):
    for integer in (False, True):
        x, calls = _solve(monkeypatch, 2, integer)
        assert calls == [2]  # HiGHS saw x0 and x1 only
        assert x.tolist() == [1.0, 3.0, 0.0]


def test_below_the_threshold_the_model_is_handed_over_whole(monkeypatch):
    x, calls = _solve(monkeypatch, 3)
    assert calls == [3]
    assert x.tolist() == [1.0, 3.0, 0.0]


def test_open_columns():
    assert lp._open_columns(np.array([0.0, 0.0, 0.0]), np.array([0.0, 5.0, 0.0])).tolist() == [1]
    assert lp._open_columns(np.array([0.0, 0.0]), np.array([0.0, 0.0])) is None  # all fixed: as it is
    assert lp._open_columns(np.array([0.0, 1.0]), np.array([2.0, 1.0])) is None  # none fixed at 0
