"""A growing sparse linear model and the HiGHS MILP call (``scipy.optimize.milp``).

Rows are ``lo <= a.x <= hi``; variables carry bounds and integrality. Example: ``lp.var(0, 10)``
then ``lp.row({0: 2.0}, -inf, 8.0)`` is ``0 <= x0 <= 10, 2 x0 <= 8``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping

from scipy.optimize import milp as _scipy_milp


def milp(c, **kw):
    """scipy's HiGHS MILP, quiet about the pass-through ``mip_abs_gap`` option."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Unrecognized options")
        return _scipy_milp(c, **kw)


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

