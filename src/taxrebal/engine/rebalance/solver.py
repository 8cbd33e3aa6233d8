"""One HiGHS solve of the model with a stage's objective and rows; large models are solved on the
orders their LP relaxation trades (a heuristic, measured by bench/bench_rebalance.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint
from scipy.sparse import coo_array

from .data import SolveOptions
from .lp import milp
from .tuning import EXACT_INTEGER_LIMIT, FALLBACK_TIME_LIMIT, LARGE_MODEL_GAP


class SolverMixin:
    def solve(self, objective: Mapping[int, float], opts: SolveOptions,
              extra: Sequence[tuple[Mapping[int, float], float, float]] = (),
              v_cap: float | None = None, incumbent: np.ndarray | None = None,
              y_from_incumbent: bool = False, exact_limit: int = -1,
              gap: float | None = None, abs_gap: float | None = None,
              node_limit: int | None = None, time_limit: float | None = None) -> np.ndarray | None:
        """Solve with ``objective`` (var -> coefficient) plus band rows, the tax budget and ``extra``.
        ``incumbent``: a solution known to be feasible (the previous stage's); a large model keeps its
        orders open so the restricted solve stays feasible."""
        lp = self.lp
        rows = []
        self._band_rows(rows, opts.drift_cap)
        if opts.turnover_cap is not None:
            rows.append((self.turnover, -math.inf, opts.turnover_cap))
        if opts.tax_budget is not None:
            rows.append((self._linear_tax(opts.rates), -math.inf, opts.tax_budget))
        rows.extend(extra)
        ri, rj, rv = list(lp.rows_i), list(lp.rows_j), list(lp.rows_v)
        lo, hi = list(lp.lo), list(lp.hi)
        for e, row_lo, row_hi in rows:
            r = len(lo)
            for j, v in e.items():
                if v != 0.0:
                    ri.append(r)
                    rj.append(j)
                    rv.append(v)
            lo.append(row_lo)
            hi.append(row_hi)
        A = coo_array((rv, (ri, rj)), shape=(len(lo), lp.n)).tocsr()
        c = np.zeros(lp.n)
        for j, v in objective.items():
            c[j] += v
        lb = np.array(lp.lb)
        ub = np.array(lp.ub)
        if opts.drift_cap is not None:
            ub[self.v_var] = 0.0
        elif v_cap is not None:
            ub[self.v_var] = min(ub[self.v_var], v_cap)
        integ = np.array(lp.integ)
        if opts.relaxed:
            integ = np.zeros(lp.n)
            for y in self.wash_binaries:  # no wash-sale exclusivity in the bound
                lb[y], ub[y] = 0.0, 1.0
        cons = LinearConstraint(A, np.array(lo), np.array(hi))
        options = {"time_limit": opts.time_limit if time_limit is None else min(opts.time_limit, time_limit),
                   "mip_rel_gap": 1e-7 if gap is None else gap, "presolve": True}
        if abs_gap is not None:
            options["mip_abs_gap"] = abs_gap  # a HiGHS option scipy passes through (with a warning)
        if node_limit is not None:
            options["node_limit"] = node_limit
        if integ.sum() > (EXACT_INTEGER_LIMIT if exact_limit < 0 else exact_limit):
            # Large model: solve the LP relaxation, then keep the integer decisions open only for
            # the orders the relaxation trades (orders it leaves at 0 stay at 0; orders it sizes at
            # least min_trade keep their minimum). Falls back to the full MILP if that fails.
            if y_from_incumbent and incumbent is not None:
                lb, ub = lb.copy(), ub.copy()
                for y in self.wash_binaries:
                    lb[y] = ub[y] = 1.0 if incumbent[y] > 0.5 else 0.0
            relax = milp(c, integrality=np.zeros(lp.n), bounds=Bounds(lb, ub), constraints=cons,
                         options=dict(options))  # scipy pops keys from the dict it is given
            if relax.x is not None:
                rlb, rub = self._restrict(relax.x, incumbent, lb, ub, y_from_incumbent)
                options["mip_rel_gap"] = max(LARGE_MODEL_GAP, options["mip_rel_gap"])
                free = (integ > 0) & (rub - rlb > 0.5)
                rinteg = integ if free.any() else np.zeros(lp.n)  # all fixed: a plain LP
                res = milp(c, integrality=rinteg, bounds=Bounds(rlb, rub), constraints=cons,
                           options=dict(options))
                if res.x is not None:
                    return np.asarray(res.x)
            options["time_limit"] = min(opts.time_limit, FALLBACK_TIME_LIMIT)
        res = milp(c, integrality=integ, bounds=Bounds(lb, ub), constraints=cons, options=dict(options))
        if res.x is None and incumbent is not None:
            return incumbent  # still feasible: the previous stage's plan
        if res.x is None:
            return None
        return np.asarray(res.x)

    def _restrict(self, x: np.ndarray, incumbent: np.ndarray | None, lb: np.ndarray,
                  ub: np.ndarray, y_from_incumbent: bool) -> tuple[np.ndarray, np.ndarray]:
        """Keep open only the orders the LP relaxation (or, in stage C, the incumbent) trades; an order
        both size at least min_trade keeps its minimum without branching; fix each wash-sale binary (sell the identity
        at a loss, or buy it) from the incumbent, or else from the LP (harvest when the LP sells more of it at a loss
        than it buys)."""
        lb, ub = lb.copy(), ub.copy()
        keep = incumbent if y_from_incumbent else None
        min_trade = self.settings.min_trade
        for js, price, z, m in self.orders:
            amount = sum(x[j] for j in js) * price
            held = None if keep is None else sum(keep[j] for j in js) * price
            active = amount > 1e-6 or (held is not None and held > 1e-6)
            if z is not None and amount >= min_trade - 1e-6 and (held is None or held >= min_trade - 1e-6):
                lb[z] = 1.0  # already big enough in both: no branching on this order
            if not active:
                for j in js:
                    ub[j] = 0.0
                if z is not None:
                    ub[z] = 0.0
                if m is not None:
                    ub[m] = 0.0
        for y, sells, buys in self.wash_groups:
            if y_from_incumbent and incumbent is not None:
                val = 1.0 if incumbent[y] > 0.5 else 0.0
            else:
                sold = sum(x[j] * self.turnover[j] for j in sells)
                bought = sum(x[j] * self.turnover[j] for j in buys)
                val = 1.0 if sold >= bought else 0.0
            lb[y] = ub[y] = val
        return lb, ub

