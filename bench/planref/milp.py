"""A small mixed-integer model builder over ``scipy.optimize.milp`` (HiGHS), with exact max/min/schedule.

Every variable has finite bounds, so every linear expression has finite bounds and every big-M below
is the tightest one those bounds allow. The piecewise-linear pieces are *exact* (binaries fix the
branch), not convex relaxations, so they are right whichever way the objective pushes:

* ``max_of(A, B)``: y >= A, y >= B, y - A <= (Bmax - Amin) z, y - B <= (Amax - Bmin)(1 - z).
* ``schedule(y, brackets)`` (y >= 0): y = sum of pieces d_k in [0, w_k] filled in order
  (d_k >= w_k z_k and d_{k+1} <= w_{k+1} z_k), value = sum r_k d_k. Worked example: brackets
  (0: 10%, 100: 20%) and y = 150 -> d = (100, 50), value 10 + 10 = 20.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

__all__ = ["Expr", "Model", "Result"]


@dataclass
class Expr:
    """sum(coef * var) + const."""

    terms: dict[int, float] = field(default_factory=dict)
    const: float = 0.0

    def plus(self, other: Expr | float, scale: float = 1.0) -> Expr:
        out = Expr(dict(self.terms), self.const)
        if isinstance(other, Expr):
            for j, c in other.terms.items():
                out.terms[j] = out.terms.get(j, 0.0) + scale * c
            out.const += scale * other.const
        else:
            out.const += scale * float(other)
        return out

    def __add__(self, other: Expr | float) -> Expr:
        return self.plus(other)

    def scaled(self, k: float) -> Expr:
        return Expr({j: k * c for j, c in self.terms.items()}, k * self.const)

    @staticmethod
    def of(var: int, coef: float = 1.0) -> Expr:
        return Expr({var: coef})

    @staticmethod
    def total(items: Iterable[tuple[int, float]]) -> Expr:
        e = Expr()
        for j, c in items:
            e.terms[j] = e.terms.get(j, 0.0) + c
        return e


@dataclass(frozen=True)
class Result:
    status: str  # "optimal", "time limit", "infeasible", "error: ..."
    x: np.ndarray | None
    objective: float | None
    dual_bound: float | None
    gap: float | None

    def value(self, e: Expr) -> float:
        assert self.x is not None
        return e.const + sum(c * self.x[j] for j, c in e.terms.items())


class Model:
    def __init__(self) -> None:
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.integer: list[int] = []
        self.rows: list[tuple[dict[int, float], float, float]] = []

    def var(self, lb: float, ub: float, integer: bool = False) -> int:
        if not (math.isfinite(lb) and math.isfinite(ub)) or ub < lb - 1e-9:
            raise ValueError(f"variable bounds must be finite and ordered: [{lb}, {ub}]")
        self.lb.append(lb)
        self.ub.append(max(lb, ub))
        self.integer.append(1 if integer else 0)
        return len(self.lb) - 1

    def binary(self) -> int:
        return self.var(0.0, 1.0, integer=True)

    def add(self, e: Expr, lo: float = -math.inf, hi: float = math.inf) -> None:
        """lo <= e <= hi."""
        self.rows.append((dict(e.terms), lo - e.const, hi - e.const))

    def bounds(self, e: Expr) -> tuple[float, float]:
        lo = hi = e.const
        for j, c in e.terms.items():
            a, b = c * self.lb[j], c * self.ub[j]
            lo += min(a, b)
            hi += max(a, b)
        return lo, hi

    def define(self, e: Expr) -> int:
        """A variable equal to ``e``."""
        lo, hi = self.bounds(e)
        y = self.var(lo, hi)
        self.add(e.plus(Expr.of(y), -1.0), 0.0, 0.0)
        return y

    def max_of(self, a: Expr, b: Expr) -> int:
        alo, ahi = self.bounds(a)
        blo, bhi = self.bounds(b)
        if alo >= bhi:
            return self.define(a)
        if blo >= ahi:
            return self.define(b)
        y = self.var(max(alo, blo), max(ahi, bhi))
        z = self.binary()
        ey = Expr.of(y)
        self.add(ey.plus(a, -1.0), 0.0)  # y >= a
        self.add(ey.plus(b, -1.0), 0.0)  # y >= b
        self.add(ey.plus(a, -1.0).plus(Expr.of(z, -(bhi - alo))), hi=0.0)  # z = 0 -> y <= a
        self.add(ey.plus(b, -1.0).plus(Expr.of(z, ahi - blo)), hi=ahi - blo)  # z = 1 -> y <= b
        return y

    def min_of(self, a: Expr, b: Expr) -> int:
        y = self.max_of(a.scaled(-1.0), b.scaled(-1.0))
        return self.define(Expr.of(y, -1.0))

    def schedule(self, y: Expr, brackets: tuple[tuple[float, float], ...]) -> Expr:
        """Exact value of a progressive schedule at ``y`` (``y`` >= 0 on every feasible point)."""
        _, hi = self.bounds(y)
        pieces: list[tuple[int, float, float]] = []  # (var, width, rate)
        for k, (start, rate) in enumerate(brackets):
            end = brackets[k + 1][0] if k + 1 < len(brackets) else math.inf
            end = min(end, max(hi, 0.0))
            if end <= start:
                break
            pieces.append((self.var(0.0, end - start), end - start, rate))
        link = Expr.total((j, 1.0) for j, _, _ in pieces).plus(y, -1.0)
        self.add(link, 0.0, 0.0)
        for (j, w, _), (j2, w2, _) in itertools.pairwise(pieces):
            z = self.binary()
            self.add(Expr({j: 1.0, z: -w}), 0.0)  # d_k >= w_k z
            self.add(Expr({j2: 1.0, z: -w2}), hi=0.0)  # d_k+1 <= w_k+1 z
        return Expr.total((j, r) for j, _, r in pieces)

    def solve(self, objective: Expr, *, time_limit: float = 60.0, gap: float = 1e-7) -> Result:
        n = len(self.lb)
        c = np.zeros(n)
        for j, v in objective.terms.items():
            c[j] += v
        cons = []
        if self.rows:
            r, col, val = [], [], []
            lo, hi = np.empty(len(self.rows)), np.empty(len(self.rows))
            for i, (terms, a, b) in enumerate(self.rows):
                for j, v in terms.items():
                    if v:
                        r.append(i)
                        col.append(j)
                        val.append(v)
                lo[i], hi[i] = a, b
            A = coo_array((val, (r, col)), shape=(len(self.rows), n)).tocsr()
            cons = [LinearConstraint(A, lo, hi)]
        res = milp(c, constraints=cons, integrality=np.array(self.integer), bounds=Bounds(self.lb, self.ub),
                   options={"time_limit": time_limit, "mip_rel_gap": gap, "presolve": True})
        if res.status == 4:  # HiGHS "Solve error" inside its presolve (seen on a 60-column model of
            # tests/test_planref_waits.py, scipy 1.17.1): the same model without presolve solves
            res = milp(c, constraints=cons, integrality=np.array(self.integer), bounds=Bounds(self.lb, self.ub),
                       options={"time_limit": time_limit, "mip_rel_gap": gap, "presolve": False})
        status = {0: "optimal", 1: "time limit", 2: "infeasible", 3: "unbounded"}.get(res.status,
                                                                                      f"error: {res.message}")
        if res.x is None:
            return Result(status, None, None, None, None)
        obj = float(res.fun) + objective.const
        dual = getattr(res, "mip_dual_bound", None)
        dual = obj if dual is None or not math.isfinite(dual) else float(dual) + objective.const
        return Result(status, np.asarray(res.x), obj, dual, getattr(res, "mip_gap", None))


def exprs_value(res: Result, exprs: Mapping[str, Expr]) -> dict[str, float]:
    return {k: res.value(e) for k, e in exprs.items()}
