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
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import highspy
import numpy as np
from scipy.sparse import coo_array, csc_array, csr_array, sparray

from . import interruptible

#: Above this many columns a solve hands HiGHS only the columns not fixed at 0 (:func:`highs_solve`).
#: Measured (bench/bench_run.py --lots 100000, 2026-12-06): the 100,000-lot household's 77,441-column
#: model, a third of its columns closed lots, peak 420 -> 390 MiB and 53.5 -> 48.9 s CPU (the plan 30 ->
#: 24 s). Not below: a smaller model of the same problem changes which of equally good points HiGHS
#: returns, and within a MILP's gap which near-best one; on the hand-worked households of
#: tests/test_short_term_setting_cost.py it returned a worse one within the gap (31 IVV instead of 30),
#: so households below it are solved exactly as before (the 10,000-lot household: 7,329 columns).
REDUCED_MODEL_COLUMNS = 20_000

#: False drops every ``time_limit`` (tests/golden_results.py: results that cannot vary with machine
#: load); the stages end on node limits, so a time limit is only a guard.
TIME_LIMITS = True


def highs_solve(c: np.ndarray, A: sparray, row_lo: np.ndarray, row_hi: np.ndarray, lb: np.ndarray,
                ub: np.ndarray, integ: np.ndarray, options: Mapping[str, float | int | bool | str],
                start: np.ndarray | None = None, stops: list[Stopped] | None = None,
                clock: Callable[[], float] | None = None) -> np.ndarray | None:
    """Minimise ``c.x`` subject to ``row_lo <= A x <= row_hi``, ``lb <= x <= ub``, ``x_j`` integer where
    ``integ``; HiGHS options by name (``mip_rel_gap``, ``mip_abs_gap``, ``mip_max_nodes``,
    ``time_limit``), and ``cpu_limit``, ours: seconds of ``clock`` (the caller's CPU clock) after which
    the solve is stopped (interruptible.py; each such stop is appended to ``stops`` with the gap HiGHS
    had proved). The
    best feasible point found (optimal, or the best when a node, time or CPU limit stops the search),
    or None when there is none.

    The arrays go to HiGHS through its array interface (one copy each, no Python loop over the
    entries); ``A`` is passed column-wise with its row indices sorted, the form every caller's matrix
    takes, so the same problem always reaches HiGHS as the same model (results do not depend on
    how the caller assembled it)."""
    open_ = _open_columns(lb, ub) if len(c) > REDUCED_MODEL_COLUMNS else None
    if open_ is not None:
        # a huge model's columns fixed at 0 (closed lots, orders a restriction closed) are left out of
        # the model HiGHS gets: the same problem (each adds 0 to every row and to the cost), a smaller
        # copy in HiGHS (REDUCED_MODEL_COLUMNS says why only there)
        x = highs_solve(c[open_], csc_array(A)[:, open_], row_lo, row_hi, lb[open_], ub[open_],
                        np.asarray(integ)[open_], options, start=None if start is None else np.asarray(start)[open_],
                        stops=stops, clock=clock)
        if x is None:
            return None
        full = np.zeros(len(c))
        full[open_] = x
        return full
    h = _highs(c, A, row_lo, row_hi, lb, ub, integ, options)
    is_mip = bool(np.any(integ))
    if start is not None and is_mip:
        sol = highspy.HighsSolution()
        sol.col_value = np.asarray(start, dtype=np.float64).tolist()
        sol.value_valid = True
        h.setSolution(sol)
    cpu_limit = options.get("cpu_limit") if is_mip else None  # an LP ends by itself
    # Ctrl-C stops a large model's solve (interruptible.py), and so does its CPU budget
    stopped = interruptible.run(h, len(c), None if cpu_limit is None else float(cpu_limit), clock)
    info = h.getInfo()
    if stopped:
        feasible = info.primal_solution_status == _FEASIBLE
        if stops is not None:
            stops.append(Stopped(float(info.mip_gap) if feasible else math.inf,
                                 float(info.objective_function_value) if feasible else math.nan,
                                 float(info.mip_dual_bound), len(c), int(np.count_nonzero(integ))))
        # the budget is spent: no retry without the parallel-rows reduction
        return np.asarray(h.getSolution().col_value, dtype=float) if feasible else None
    if info.primal_solution_status != _FEASIBLE and is_mip and "presolve_rule_off" not in options:
        # HiGHS 1.15's MIP presolve can call a feasible model infeasible through its reduction of
        # parallel rows and columns (the band and distance rows of one class are parallel). Seen: the
        # frontier of a whole-share 75/25 household (tests/test_rebalance_frontier.py), 1 point with at
        # most $12,000.01 traded "infeasible", a plan of $11,350 traded feasible. So a MIP found
        # infeasible is solved once more without that reduction (only then: the cost of a retry),
        # unless its LP relaxation (solved without that reduction) has no point: every plan of the
        # MIP is a point of its relaxation, so the MIP has none and the retry could find none
        # (:func:`relaxation_infeasible`; the sample's frontier at 0 points, whose tie-break stage
        # with the rounding room narrowed has no plan: 2 MILP retries of 0.01-0.03 s -> 2 LPs).
        if relaxation_infeasible(c, A, row_lo, row_hi, lb, ub, options):
            return None
        return highs_solve(c, A, row_lo, row_hi, lb, ub, integ,
                           {**options, "presolve_rule_off": _PARALLEL_ROWS_AND_COLUMNS}, start=start, stops=stops,
                           clock=clock)
    if info.primal_solution_status != _FEASIBLE:
        return None
    return np.asarray(h.getSolution().col_value, dtype=float)


def _open_columns(lb: np.ndarray, ub: np.ndarray) -> np.ndarray | None:
    """The indices of the columns not fixed at 0, when some are (and not all); None otherwise. Example:
    bounds ``[0, 0], [0, 5], [0, 0]`` -> ``[1]``."""
    fixed = (np.asarray(lb) == 0.0) & (np.asarray(ub) == 0.0)
    if not fixed.any() or fixed.all():
        return None
    return np.flatnonzero(~fixed)


def relaxation_infeasible(c: np.ndarray, A: sparray, row_lo: np.ndarray, row_hi: np.ndarray, lb: np.ndarray,
                          ub: np.ndarray, options: Mapping[str, float | int | bool | str] | None = None) -> bool:
    """True when HiGHS proves the LP relaxation (``row_lo <= A x <= row_hi``, ``lb <= x <= ub``, no
    integrality) infeasible: model status Infeasible, found without the parallel-rows reduction (as the
    retry above would solve it) and within ``options``' time limit. False when it finds a point or
    stops for any other reason (a time limit...): only a proof counts. Example: ``x0 + x1 >= 3`` with
    ``0 <= x0, x1 <= 1`` is infeasible (at most 2); ``>= 1.5`` is not."""
    lp_options = {k: v for k, v in (options or {}).items() if k == "time_limit"}
    h = _highs(c, A, row_lo, row_hi, lb, ub, np.zeros(len(c), dtype=np.int32),
               {**lp_options, "presolve_rule_off": _PARALLEL_ROWS_AND_COLUMNS})
    interruptible.run(h, len(c))
    return bool(h.getModelStatus() == highspy.HighsModelStatus.kInfeasible)


def _highs(c: np.ndarray, A: sparray, row_lo: np.ndarray, row_hi: np.ndarray, lb: np.ndarray, ub: np.ndarray,
           integ: np.ndarray, options: Mapping[str, float | int | bool | str]) -> highspy.Highs:
    """A HiGHS instance holding the model, silent, with ``options`` (``time_limit`` only when
    :data:`TIME_LIMITS`)."""
    # highspy's Highs.__init__ has no annotations (highspy/highs.py), so mypy sees an untyped call
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    for k, v in options.items():  # output_flag may be turned back on
        if k == "cpu_limit":  # ours, not HiGHS's (highs_solve)
            continue
        if k != "time_limit" or TIME_LIMITS:
            h.setOptionValue(k, v)
    A = csc_array(A)
    if not A.has_sorted_indices:
        A.sort_indices()
    status = h.passModel(len(c), A.shape[0], A.nnz, _COLWISE, _MINIMIZE, 0.0,
                np.ascontiguousarray(c, dtype=np.float64), np.ascontiguousarray(lb, dtype=np.float64),
                np.ascontiguousarray(ub, dtype=np.float64), np.ascontiguousarray(row_lo, dtype=np.float64),
                np.ascontiguousarray(row_hi, dtype=np.float64), A.indptr.astype(np.int32),
                A.indices.astype(np.int32), np.ascontiguousarray(A.data, dtype=np.float64),
                (np.asarray(integ) != 0).astype(np.int32))
    if status == highspy.HighsStatus.kError:  # a malformed model is a bug here, never "no plan"
        raise RuntimeError("HiGHS refused the rebalancing model (passModel returned kError)")
    return h


@dataclass(frozen=True)
class Stopped:
    """A solve that its CPU budget stopped (:func:`highs_solve`): the relative gap HiGHS had proved
    (``|objective - bound| / |objective|``; inf when it had no feasible point), the objective of the
    point it kept, its dual bound, and the model's columns and integer columns."""
    gap: float
    objective: float
    bound: float
    columns: int
    integers: int


_INTEGER = highspy.HighsVarType.kInteger
_CONTINUOUS = highspy.HighsVarType.kContinuous
_FEASIBLE = 2  # HiGHS's kSolutionStatusFeasible
#: HiGHS's presolve_rule_off bit of the "parallel rows and columns" reduction (kPresolveRuleParallelRowsAndCols)
_PARALLEL_ROWS_AND_COLUMNS = 1 << 13
_COLWISE = int(highspy.MatrixFormat.kColwise)
_MINIMIZE = int(highspy.ObjSense.kMinimize)


class _Lp:
    """A growing sparse model: variables with bounds/integrality and rows lo <= a.x <= hi.

    Held in typed arrays (``array.array``: 8 bytes an entry), not lists of Python numbers (about 36 a
    float, 36 an index above 256): the 100,000-lot household's model has 1.15 million coefficients,
    73 MiB as lists, 26 MiB as arrays (``bench/bench_memory.py``). They index, assign and append as
    lists do."""

    def __init__(self) -> None:
        self.lb = array("d")
        self.ub = array("d")
        self.integ = array("b")
        self.rows_i = array("q")
        self.rows_j = array("q")
        self.rows_v = array("d")
        self.lo = array("d")
        self.hi = array("d")

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

    def frozen(self) -> FrozenLp:
        """The model as arrays (built on the first call after the last change of size; the model is
        complete once a stage solves it, so a solve reuses the arrays instead of copying the lists)."""
        key = (len(self.lb), len(self.lo), len(self.rows_i))
        cached = getattr(self, "_frozen", None)
        if cached is None or cached[0] != key:
            # np.array copies (np.asarray would share the arrays' buffers, which a later append or
            # assignment would then change under the frozen model, or refuse to grow)
            A = coo_array((np.array(self.rows_v, dtype=float),
                           (np.array(self.rows_i, dtype=np.int64), np.array(self.rows_j, dtype=np.int64))),
                          shape=(len(self.lo), len(self.lb))).tocsr()
            cached = (key, FrozenLp(A, np.array(self.lo, dtype=float), np.array(self.hi, dtype=float),
                                    np.array(self.lb, dtype=float), np.array(self.ub, dtype=float),
                                    np.array(self.integ, dtype=np.int64)))
            self._frozen = cached
        return cached[1]


@dataclass(frozen=True)
class FrozenLp:
    """The base model's arrays: rows ``lo <= A x <= hi`` (A row-wise), bounds and integrality. Read
    only: a solve copies what it changes."""

    A: csr_array
    lo: np.ndarray
    hi: np.ndarray
    lb: np.ndarray
    ub: np.ndarray
    integ: np.ndarray


def rows_matrix(rows: Sequence[tuple[Mapping[int, float], float, float]],
                n: int) -> tuple[csr_array, np.ndarray, np.ndarray]:
    """Stage rows ``lo <= e.x <= hi`` (``e`` var -> coefficient, zeros left out) as a row-wise matrix
    with ``n`` columns and their bounds."""
    sizes = [len(e) for e, _lo, _hi in rows]
    total = sum(sizes)
    cols = np.empty(total, dtype=np.int64)
    vals = np.empty(total, dtype=float)
    at = 0
    for (e, _lo, _hi), size in zip(rows, sizes):
        cols[at:at + size] = np.fromiter(e.keys(), dtype=np.int64, count=size)
        vals[at:at + size] = np.fromiter(e.values(), dtype=float, count=size)
        at += size
    row_of = np.repeat(np.arange(len(rows), dtype=np.int64), sizes)
    keep = vals != 0.0
    A = coo_array((vals[keep], (row_of[keep], cols[keep])), shape=(len(rows), n)).tocsr()
    return A, np.array([lo for _e, lo, _hi in rows], dtype=float), np.array([hi for _e, _lo, hi in rows], dtype=float)


def _add(expr: dict[int, float], j: int, v: float) -> None:
    expr[j] = expr.get(j, 0.0) + v

