"""The lexicographic stages: A (least band violation), B (least linear tax), C (distance, turnover and
tie-breaks at that tax), the tax oracle and the rate re-estimation.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Mapping

import numpy as np

from ..records import (
    Household,
)
from ..tax import MarginalTax, TaxProfile, marginal_rates, marginal_tax
from .data import Solution, SolveOptions
from .lp import _add
from .tuning import (
    BAND_TOLERANCE,
    RATE_STEP,
    STAGE_ABS_GAP,
    STAGE_ABS_TOLERANCE,
    STAGE_REL_GAP,
    STAGE_REL_TOLERANCE,
    STAGE_TIME_LIMIT,
    TAX_TOLERANCE_ABS,
    TAX_TOLERANCE_REL,
)

if TYPE_CHECKING:
    from .model import RebalanceModel


class StagesMixin:
    def realized(self, x: np.ndarray) -> tuple[float, float]:
        st = sum(x[j] * g for j, g in self.tax_st.items())
        lt = sum(x[j] * g for j, g in self.tax_lt.items())
        return float(st), float(lt)

    def run_stages(self, opts: SolveOptions, finish: bool = True) -> Solution | None:
        """Stages A (band breach) and B (linear tax), then, when ``finish``, the tie-break stages;
        None when infeasible."""
        tax = self._linear_tax(opts.rates)
        if opts.drift_cap is None and (self.triggered or self.outside_band):
            key = (opts.tax_budget is None, opts.relaxed)
            if key[0] and key in self._stage_a:  # stage A does not depend on the rates without a budget
                xa = self._stage_a[key]
            else:
                xa = self.solve({self.v_var: 1.0}, opts)
                if xa is None:
                    return None
                if key[0]:
                    self._stage_a[key] = xa
            v_star = float(xa[self.v_var])
        else:
            v_star, xa = 0.0, None
        v_cap = 0.0 if v_star <= BAND_TOLERANCE else v_star + BAND_TOLERANCE
        xb = self.solve(tax, opts, v_cap=v_cap, incumbent=xa)
        if xb is None:
            return None
        self._last_stage = (tax, v_cap)
        xc = self.tie_break_stages(xb, tax, opts, v_cap) if finish else xb
        x = xc if xc is not None else xb
        if finish:
            x = self.rounded(self.without_slivers(x))
        st, lt = self.realized(x)
        return Solution(x, float(x[self.v_var]) if opts.drift_cap is None else 0.0,
                        float(sum(x[j] * c for j, c in tax.items())), st, lt, opts, v_cap)

    def finish(self, sol: Solution) -> Solution:
        """The tie-break stages and rounding for a stage-B solution of :meth:`run_stages`."""
        opts = sol.opts
        tax = self._linear_tax(opts.rates)
        x = self.tie_break_stages(sol.x, tax, opts, sol.v_cap)
        x = self.rounded(self.without_slivers(x))
        st, lt = self.realized(x)
        return Solution(x, float(x[self.v_var]) if opts.drift_cap is None else 0.0,
                        float(sum(x[j] * c for j, c in tax.items())), st, lt, opts, sol.v_cap)

    def tie_break_stages(self, x: np.ndarray, tax: Mapping[int, float], opts: SolveOptions,
                         v_cap: float) -> np.ndarray:
        """The lexicographic tie-break stages after the least tax (stage B), each solved with the
        earlier optima kept as constraints (within :data:`STAGE_ABS_TOLERANCE` dollars) and a MIP gap
        below one step of what it decides (:data:`STAGE_ABS_GAP`):

        C. Rebalance To = Target: the least distance to target (trades that add no tax go as far
           toward target as they can); Band Edge: the least turnover, with uninvested cash counted
           as distance so that cash is still invested;
        D. the least turnover (Target only): no trade that moves nothing closer;
        E. asset location (location.py): dollars bought times steps from the class's best home;
        F. the replacement lists, then not buying an identity that holds an unharvested loss (a
           buy blocks that harvest for 30 days), then one fund per class and account.

        Worked example (tests/test_rebalance_stages.py): bonds to buy with $10,000 that both the
        401(k) and the Roth hold in cash: tax, distance and turnover are equal; stage E buys in the
        401(k) (Targets.Location Tax-deferred)."""
        dist: dict[int, float] = {}
        for dj in self.dist_vars.values():
            _add(dist, dj, 1.0)
        if not self.cash_is_class:
            for j in self.cash_vars:  # uninvested cash is distance from a 0% cash target
                _add(dist, j, 1.0)
        turnover = dict(self.turnover)
        if opts.to_target:
            stages = [dist, turnover]
        else:
            edge = dict(turnover)
            for j, v in dist.items():
                _add(edge, j, 0.75 * v)
            stages = [edge]
        if opts.preferences:
            stages += [self.location_pref, self.tiebreak]
        t_star = float(sum(x[j] * c for j, c in tax.items()))
        extra = []
        if any(tax.values()):
            extra.append((dict(tax), -math.inf, t_star + TAX_TOLERANCE_ABS + TAX_TOLERANCE_REL * abs(t_star)))
        for obj in stages:
            if not any(obj.values()):
                continue
            xs = self.solve(obj, opts, extra=extra, v_cap=v_cap, incumbent=x, y_from_incumbent=True,
                            gap=STAGE_REL_GAP, abs_gap=STAGE_ABS_GAP, time_limit=STAGE_TIME_LIMIT)
            if xs is None:
                break
            x = xs
            best = float(sum(x[j] * c for j, c in obj.items()))
            extra = extra + [(dict(obj), -math.inf, best + STAGE_ABS_TOLERANCE + STAGE_REL_TOLERANCE * abs(best))]
        return x


# --------------------------------------------------------------------------------------------------
# The tax oracle


class _TaxOracle:
    """True tax of realized gains and the marginal rates the linear model uses."""

    def __init__(self, household: Household, as_of: date):
        settings = household.settings
        if settings.as_of is None:
            settings = replace(settings, as_of=as_of)
        self.profile = TaxProfile.from_settings(settings)

    def true_tax(self, st: float, lt: float) -> MarginalTax:
        return marginal_tax(self.profile, st, lt)

    def base_rates(self) -> tuple[float, float]:
        return marginal_rates(self.profile, RATE_STEP)

    def local_rates(self, st: float, lt: float) -> tuple[float, float]:
        """Central-difference rates at the plan's own gains (where the next dollar is taxed)."""
        h = RATE_STEP
        r_st = (self.true_tax(st + h, lt).total - self.true_tax(st - h, lt).total) / (2 * h)
        r_lt = (self.true_tax(st, lt + h).total - self.true_tax(st, lt - h).total) / (2 * h)
        return r_st, r_lt


def _best_solution(model: RebalanceModel, oracle: _TaxOracle, budget: float | None,
                   to_target: bool, drift_cap: float | None = None,
                   turnover_cap: float | None = None) -> tuple[Solution, MarginalTax] | None:
    """Solve at the base marginal rates, re-solve once at the plan's local rates, keep the lower true
    tax (ties: the first). With a budget, tighten the linear budget until the true tax fits."""
    rates = oracle.base_rates()
    candidates: list[tuple[Solution, MarginalTax]] = []
    tried: list[tuple[float, float]] = []
    for _ in range(2):
        if any(abs(rates[0] - a) < 5e-3 and abs(rates[1] - b) < 5e-3 for a, b in tried):
            break
        tried.append(rates)
        sol = _solve_within_budget(model, oracle, rates, budget, to_target, drift_cap, turnover_cap)
        if sol is None:
            break
        candidates.append(sol)
        rates = oracle.local_rates(sol[0].realized_st, sol[0].realized_lt)
    if not candidates:
        return None
    # prefer the smaller band breach, then the lower true tax; only that one gets the tie-breaks
    sol, tax = min(candidates, key=lambda c: (round(c[0].violation, 7), round(c[1].total, 2)))
    sol = model.finish(sol)
    return sol, oracle.true_tax(sol.realized_st, sol.realized_lt)


def _solve_within_budget(model: RebalanceModel, oracle: _TaxOracle, rates: tuple[float, float],
                         budget: float | None, to_target: bool,
                         drift_cap: float | None = None,
                         turnover_cap: float | None = None) -> tuple[Solution, MarginalTax] | None:
    linear_budget = budget
    sol = None
    for _ in range(4):
        sol = model.run_stages(SolveOptions(rates=rates, tax_budget=linear_budget, to_target=to_target,
                                            drift_cap=drift_cap, preferences=drift_cap is None,
                                            turnover_cap=turnover_cap),
                               finish=False)
        if sol is None:
            return None
        tax = oracle.true_tax(sol.realized_st, sol.realized_lt)
        if budget is None or tax.total <= budget + 0.005:
            return sol, tax
        linear_budget = (linear_budget if linear_budget is not None else budget) - (tax.total - budget) - 0.01
    return None if sol is None else (sol, oracle.true_tax(sol.realized_st, sol.realized_lt))

