"""A growing sparse linear model and the HiGHS MILP call (``highspy``, HiGHS's own Python API).

Rows are ``lo <= a.x <= hi``; variables carry bounds and integrality. Example: ``lp.var(0, 10)``
then ``lp.row({0: 2.0}, -inf, 8.0)`` is ``0 <= x0 <= 10, 2 x0 <= 8``.

:func:`highs_solve` takes a *start*: a solution known to be feasible (the previous stage's plan).
HiGHS begins its branch and bound from it, so a tie-break stage never has to find a feasible plan
again (with whole shares and the earlier stages kept as near-equalities that search alone took
seconds) and its answer is never worse than the start.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import highspy
import numpy as np
from scipy.sparse import csc_array

#: False drops every ``time_limit`` (tests/golden_results.py: results that cannot vary with machine
#: load); the stages end on node limits, so a time limit is only a guard.
TIME_LIMITS = True


def highs_solve(c: np.ndarray, A, row_lo: np.ndarray, row_hi: np.ndarray, lb: np.ndarray,
                ub: np.ndarray, integ: np.ndarray, options: Mapping[str, float | int | bool],
                start: np.ndarray | None = None) -> np.ndarray | None:
    """Minimise ``c.x`` subject to ``row_lo <= A x <= row_hi``, ``lb <= x <= ub``, ``x_j`` integer where
    ``integ``; HiGHS options by name (``mip_rel_gap``, ``mip_abs_gap``, ``mip_max_nodes``,
    ``time_limit``). The best feasible point found (optimal, or the best when a node or time limit
    stops the search), or None when there is none."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    for k, v in options.items():  # output_flag may be turned back on
        if k != "time_limit" or TIME_LIMITS:
            h.setOptionValue(k, v)
    A = csc_array(A)
    lp = highspy.HighsLp()
    lp.num_col_ = len(c)
    lp.num_row_ = A.shape[0]
    lp.col_cost_ = np.asarray(c, dtype=float)
    lp.col_lower_ = np.asarray(lb, dtype=float)
    lp.col_upper_ = np.asarray(ub, dtype=float)
    lp.row_lower_ = np.asarray(row_lo, dtype=float)
    lp.row_upper_ = np.asarray(row_hi, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = A.indptr
    lp.a_matrix_.index_ = A.indices
    lp.a_matrix_.value_ = A.data
    is_mip = bool(np.any(integ))
    if is_mip:
        lp.integrality_ = [_INTEGER if v else _CONTINUOUS for v in integ]
    h.passModel(lp)
    if start is not None and is_mip:
        sol = highspy.HighsSolution()
        sol.col_value = [float(v) for v in start]
        sol.value_valid = True
        h.setSolution(sol)
    h.run()
    info = h.getInfo()
    if info.primal_solution_status != _FEASIBLE:
        return None
    return np.asarray(h.getSolution().col_value, dtype=float)


_INTEGER = highspy.HighsVarType.kInteger
_CONTINUOUS = highspy.HighsVarType.kContinuous
_FEASIBLE = 2  # HiGHS's kSolutionStatusFeasible


class _Lp:
    """A growing sparse model: variables with bounds/integrality and rows lo <= a.x <= hi."""

    def __init__(self) -> None:
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.integ: list[int] = []
        self.rows_i: list[int] = []
        self.rows_j: list[int] = []
        self.rows_v: list[float] = []
        self.lo: list[float] = []
        self.hi: list[float] = []

    def var(self, lb: float = 0.0, ub: float = math.inf, integer: bool = False) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        self.integ.append(1 if integer else 0)
        return len(self.lb) - 1

    def row(self, coefs: Mapping[int, float] | Iterable[tuple[int, float]], lo: float, hi: float) -> None:
        r = len(self.lo)
        items = coefs.items() if isinstance(coefs, Mapping) else coefs
        for j, v in items:
            if v != 0.0:
                self.rows_i.append(r)
                self.rows_j.append(j)
                self.rows_v.append(float(v))
        self.lo.append(lo)
        self.hi.append(hi)

    @property
    def n(self) -> int:
        return len(self.lb)


def _add(expr: dict[int, float], j: int, v: float) -> None:
    expr[j] = expr.get(j, 0.0) + v

