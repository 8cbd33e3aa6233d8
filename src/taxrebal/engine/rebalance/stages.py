"""The lexicographic stages: A (least band violation), B (least linear tax), C (distance, turnover and
tie-breaks at that tax), the tax oracle and the rate re-estimation.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np

from ..allocation import CASH_CLASS
from ..records import (
    PAYROLL_PLAN_TYPES,
    Household,
)
from ..resolve_bounds import least_gains, least_tax
from ..tax import MarginalTax, TaxProfile, marginal_rates, marginal_tax
from .attributes import ModelAttributes
from .breach_spread import breach_spread_stage
from .data import Solution, SolveOptions
from .harvest_worth import harvest_only, secant_rates
from .loss_limit import beyond_loss_limit
from .lp import _add
from .reported import reported_gains
from .resolve_start import held_start
from .tie_break_tax import finished_at_true_tax
from .tuning import (
    BAND_TOLERANCE,
    EXACT_INTEGER_LIMIT,
    HUGE_MODEL_LOTS,
    IDLE_CASH_WEIGHT,
    PAYROLL_CASH_WEIGHT,
    PROVEN_INTEGER_LIMIT,
    RATE_STEP,
    ROUNDING_REACH,
    STAGE_ABS_GAP,
    STAGE_ABS_TOLERANCE,
    STAGE_NODE_LIMIT,
    STAGE_REL_GAP,
    STAGE_REL_TOLERANCE,
    TAX_TOLERANCE_ABS,
    TAX_TOLERANCE_REL,
)

if TYPE_CHECKING:
    from .model import RebalanceModel


#: a stage's rows ``lo <= e.x <= hi`` kept as constraints: (e, lo, hi), e var -> coefficient
_Rows = list[tuple[Mapping[int, float], float, float]]


class StagesMixin(ModelAttributes):
    def realized(self, x: np.ndarray) -> tuple[float, float]:
        """(short-term, long-term) gain of the plan ``x``: its sales, and the losses sold before As Of
        that its purchases wash, as the Trades steps carry them (past_wash.py)."""
        past = self.past_wash_columns
        st = sum(x[j] * g for j, g in self.tax_st.items() if j not in past)
        lt = sum(x[j] * g for j, g in self.tax_lt.items() if j not in past)
        past_st, past_lt = self.past_wash_gains(x)
        return float(st + past_st), float(lt + past_lt)

    def run_stages(self, opts: SolveOptions, finish: bool = True,
                   start: np.ndarray | None = None) -> Solution | None:
        """Stages A (band breach) and B (linear tax), then, when ``finish``, the tie-break stages;
        None when infeasible. ``start``: a plan feasible for these rows (HiGHS's first incumbent in
        stage B when there is no stage A; the frontier passes the tighter level's plan)."""
        tax = self._linear_tax(opts.rates)
        if opts.drift_cap is None and self.may_breach:
            xa = self.least_breach(opts)
            if xa is None:
                return None
            v_star = float(xa[self.v_var])
        else:
            v_star, xa = 0.0, None
        # A least breach within the tolerance is kept as stage A found it, not rounded to 0: at a band edge
        # the model's aim a hair inside it (BAND_MARGIN) can leave v = 1e-9, and a cap of 0 then admits no
        # plan, so every later stage silently kept stage A's plan, whatever its tax
        # (tests/test_band_edge_stage_b_keeps_tax.py: $90.00 of tax where $0.00 was open)
        v_cap = v_star if v_star <= BAND_TOLERANCE else v_star + BAND_TOLERANCE
        if xa is not None and not any(tax.values()) and float(xa[self.v_var]) <= v_cap:
            # No tax to minimise (rates of zero: Contributions Only's buy-only model; no taxable lot):
            # every plan of stage B's rows is optimal, and stage A's plan is one (stage B's rows are
            # stage A's and v <= v_cap, which it meets), so it is stage B's answer without a solve
            # (HiGHS given it as its start returned it unchanged: Contributions Only on the sample)
            xb: np.ndarray | None = xa
        else:
            incumbent = xa if xa is not None else start
            hint = getattr(self, "resolve_hint", None)
            if xa is not None and hint is not None:  # a re-solve with lots held (resolve_start.py)
                xh = held_start(self, hint, tax, opts, v_cap)
                if xh is not None and sum(xh[j] * c for j, c in tax.items()) < sum(xa[j] * c for j, c in tax.items()):
                    incumbent = xh
            xb = self.solve(tax, opts, v_cap=v_cap, incumbent=incumbent)
        if xb is None:
            return None
        xc = self.tie_break_stages(xb, tax, opts, v_cap) if finish else xb
        x = xc if xc is not None else xb
        if finish:
            x = self.rounded(self.without_slivers(self.without_closed_orders(x)))
        st, lt = self.realized(x)
        return Solution(x, float(x[self.v_var]) if opts.drift_cap is None else 0.0,
                        float(sum(x[j] * c for j, c in tax.items())), st, lt, opts, v_cap, xb)

    def breach_objective(self) -> dict[int, float]:
        """Stage A's objective: the largest band breach in dollars (v times the household). Weighed per
        fraction of the household, one share of a 100,000-lot household moved it by about 1.5e-7, under
        HiGHS's 1e-7 tolerances, and its default solver stopped 3.7 points outside the bands where a plan
        within them exists. Used by stage A and by the diagnosis's re-solves (diagnosis.py)."""
        return {self.v_var: self.total}

    def least_breach(self, opts: SolveOptions) -> np.ndarray | None:
        """Stage A: the plan with the least largest band breach ``v`` (None when the model has no
        plan). Without a tax budget it does not depend on the rates, so it is solved once per model
        (and kind of solve) and reused by every later stage and caller."""
        key = (opts.tax_budget is None, opts.relaxed)
        if key[0] and key in self._stage_a:
            return self._stage_a[key]
        xa = self.solve(self.breach_objective(), opts)
        if xa is not None and float(xa[self.v_var]) > BAND_TOLERANCE \
                and int(self.lp.frozen().integ.sum()) > PROVEN_INTEGER_LIMIT:
            # A search stopped by its node limit may miss every plan within the bands where one exists
            # (plan-quality seed 1, tight US/Intl edges: 500 nodes ended 0.003 points outside, 3,000
            # found one; one more binary had moved HiGHS's path). So a breach left unproven is looked
            # for once more as the least tax within every band, the objective stage B would use
            within = self.solve(self._linear_tax(opts.rates), opts, v_cap=0.0, keep_incumbent=False)
            if within is not None:
                xa = within
        if xa is not None and key[0]:
            self._stage_a[key] = xa
        return xa

    def finish(self, sol: Solution) -> Solution:
        """The tie-break stages and rounding for a stage-B solution of :meth:`run_stages`."""
        opts = sol.opts
        assert opts is not None, "finish() takes a solution of run_stages(), which records its options"
        tax = self._linear_tax(opts.rates)
        x = self.tie_break_stages(sol.x, tax, opts, sol.v_cap)
        x = self.rounded(self.without_slivers(self.without_closed_orders(x)))
        st, lt = self.realized(x)
        return Solution(x, float(x[self.v_var]) if opts.drift_cap is None else 0.0,
                        float(sum(x[j] * c for j, c in tax.items())), st, lt, opts, sol.v_cap, sol.x)

    def tie_break_stages(self, x: np.ndarray, tax: Mapping[int, float], opts: SolveOptions,
                         v_cap: float) -> np.ndarray:
        """The lexicographic tie-break stages after the least tax (stage B), each solved with the
        earlier optima kept as constraints (within :data:`STAGE_ABS_TOLERANCE` dollars) and a MIP gap
        below one step of what it decides (:data:`STAGE_ABS_GAP`):

        B2. only when this year's return already carries a capital loss forward: the least net gain
           (the most net loss), so the plan keeps and grows the carryforward (carryforward_kept.py);
        B3. otherwise, in a harvest-only plan where no loss can carry forward: the least loss the
           linear tax leaves unpriced, so no loss is used up for nothing (harvest_worth.py);
        C0. only when a band breach is left (stage A's least largest breach is above 0): the least total
           breach of every class beyond its band, so tax-free trades go to the classes outside it first;
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
        # uninvested cash (without a Cash target) or Cash above its target counts IDLE_CASH_WEIGHT
        # times: cash is invested wherever a band allows it, even where the dollar lands above its
        # class's target (weighted once, it tied with leaving the cash, and the least turnover kept it)
        if not self.cash_is_class:
            for j in self.cash_vars:
                _add(dist, j, IDLE_CASH_WEIGHT)
        elif CASH_CLASS in self.dist_vars:
            # Cash above its target, (d + V - tT) / 2 with d = |V - tT| (tight: d is in this objective),
            # (IDLE_CASH_WEIGHT - 1) times more; below its target this adds nothing
            half = (IDLE_CASH_WEIGHT - 1.0) / 2.0
            _add(dist, self.dist_vars[CASH_CLASS], half)
            for j, v in self.class_expr[CASH_CLASS].items():
                _add(dist, j, half * v)
        # an employer plan's payroll contribution cannot stay as cash (records.PAYROLL_PLAN_TYPES): its
        # cash counts PAYROLL_CASH_WEIGHT more, so a Cash target is held in the other accounts' cash and
        # the contribution is invested wherever the plan can (fe12 F5: Band Edge kept a Roth 401(k)'s $500)
        for acct, j in zip(self.accounts, self.cash_vars):
            if acct.type in PAYROLL_PLAN_TYPES and acct.contribution > 0:
                _add(dist, j, PAYROLL_CASH_WEIGHT)
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
        if opts.drift_cap is None and v_cap > BAND_TOLERANCE and self.breach_vars:
            # a band breach is left (a tax budget stops the plan short): first the least
            # total breach (in dollars), so what the tax allows goes to the classes outside their band
            # before one inside it (fe6 hh3, Tax Budget $50: the cash bought Intl, inside its band, while
            # Bonds stayed 0.16 points outside its 1-point band)
            stages = [{j: self.total for j in self.breach_vars.values()}] + stages
        spread_rows: _Rows = []
        if opts.drift_cap is None and v_cap > BAND_TOLERANCE and not self.breach_vars:
            # a best effort without a budget: the classes outside their band as close as they can come,
            # the others kept within theirs (breach_spread.py)
            spread = breach_spread_stage(self, x)
            if spread is not None:
                stages = [spread[0]] + stages
                spread_rows = spread[1]
        if self.carryforward_gains is not None:
            # right after the least tax: the least net gain, so no plan spends the loss carryforward
            # where an equally taxed one keeps it, or leaves a loss unharvested that would add to it
            # (carryforward_kept.py)
            stages = [dict(self.carryforward_gains)] + stages
        elif self.unpriced_loss is not None:
            # a harvest-only plan: the least loss the linear tax does not price, which would be used up
            # for nothing, before the distance stage could sell it within the bands (harvest_worth.py)
            stages = [dict(self.unpriced_loss)] + stages
        t_star = float(sum(x[j] * c for j, c in tax.items()))
        base: _Rows = list(spread_rows)
        if any(tax.values()):
            base.append((dict(tax), -math.inf, t_star + TAX_TOLERANCE_ABS + TAX_TOLERANCE_REL * abs(t_star)))
        stages = [obj for obj in stages if any(obj.values())]
        # Whole shares: the share counts of tax-free orders (buys, tax-advantaged sells) are what
        # makes these stages slow (a knapsack to a dollar). So the stages run first with those counts
        # fractional (taxable sells, hence the tax, and every other integer decision stay integer;
        # the stage-B plan is the start) and each class's lower band edge (Cash's upper) narrowed by
        # one share of every tax-free order in its class, then again with each such count within
        # ROUNDING_REACH shares of the floor and the ceiling of that answer and the rest fixed:
        # rounding sells up and buys down stays within the bands and the cash, so that box always
        # holds a plan. (Narrowing both edges would push a class pinned at its upper edge by a
        # least-tax taxable sale past what that tax allows.) When the narrowed bands or
        # the box admit no plan, the stages run on the whole-share model from the stage-B plan.
        tax_free = set(self.pos_vars) | set(self.buy_vars)
        shares = [j for j in getattr(self, "integer_vars", ()) if j in tax_free]
        if not shares:
            return self._lexicographic_from(x, stages, base, opts, v_cap)
        width, traded = self._rounding_width(shares)
        narrow = opts
        if opts.turnover_cap is not None:  # the frontier's cap on dollars traded leaves that room too
            narrow = replace(opts, turnover_cap=opts.turnover_cap - traded * self.total)
        # ... and an order with a minimum is at least one share over it (rounding down keeps it)
        room: _Rows = [({j: price for j in js} | {z: -(self.settings.min_trade + price)}, 0.0, math.inf)
                       for js, price, z, m in self.orders if z is not None and m in set(shares)]
        # When the narrowed edges still admit no plan at the least tax (a stage-B plan on a lower
        # edge that only taxable sales could move), the fractional stages run in the bands
        # themselves; the box may then hold no plan, and the whole-share model decides.
        for narrowed, shrink in ((narrow, width), (opts, None)):
            fractional = self._lexicographic(stages, base + room, x, narrowed, v_cap, continuous=shares,
                                             shrink=shrink, strict=True)
            if fractional is None:
                continue
            lb = np.array(self.lp.lb, dtype=np.float64)
            ub = np.array(self.lp.ub, dtype=np.float64)
            for j in range(self.lp.n):
                if self.lp.integ[j]:
                    lb[j] = ub[j] = float(round(fractional[j]))
            for j in shares:  # the floor and the ceiling, and one share beyond each
                lb[j] = max(self.lp.lb[j], math.floor(fractional[j] + 1e-6) - ROUNDING_REACH)
                ub[j] = min(self.lp.ub[j], math.ceil(fractional[j] - 1e-6) + ROUNDING_REACH)
            for j in self.order_binaries:  # an order rounded to 0 drops its minimum
                lb[j] = 0.0
            boxed = self._lexicographic(stages, base, None, opts, v_cap, box=(lb, ub), strict=True)
            if boxed is not None:
                return boxed
        return self._lexicographic_from(x, stages, base, opts, v_cap)

    def _rounding_width(self, shares: Sequence[int]) -> tuple[dict[str, float], float]:
        """(class -> the most rounding each tax-free order's share count up or down can move its value
        (one share of each), as a fraction of the household; Cash (when it has a target) moves with
        every order, and so do the dollars traded, the second figure)."""
        width: dict[str, float] = {}
        traded = 0.0
        share_set = set(shares)
        items = [(b.asset_class, b.price, j) for b, j in zip(self.buys, self.buy_vars)]
        items += [(p.asset_class, p.price, j) for p, j in zip(self.positions, self.pos_vars)]
        for cls, price, j in items:
            if j in share_set:
                width[cls] = width.get(cls, 0.0) + price / self.total
                width[CASH_CLASS] = width.get(CASH_CLASS, 0.0) + price / self.total
                traded += price / self.total
        return width, traded

    def _lexicographic_from(self, x: np.ndarray, stages: Sequence[Mapping[int, float]], base: _Rows,
                            opts: SolveOptions, v_cap: float) -> np.ndarray:
        """:meth:`_lexicographic` from the feasible plan ``x``, not strict: never worse than ``x``, and
        never None (a stage with no plan keeps the last one)."""
        found = self._lexicographic(stages, base, x, opts, v_cap)
        return x if found is None else found

    def _lexicographic(self, stages: Sequence[Mapping[int, float]], base: _Rows, x: np.ndarray | None,
                       opts: SolveOptions, v_cap: float, continuous: Sequence[int] = (),
                       box: tuple[np.ndarray, np.ndarray] | None = None,
                       shrink: Mapping[str, float] | None = None, strict: bool = False) -> np.ndarray | None:
        """Each objective in turn, the earlier optima kept as rows (:data:`STAGE_ABS_TOLERANCE`);
        ``x`` a feasible start (the answer is never worse than it), None to start without one.
        ``strict``: None when a stage finds no plan (else the last stage's plan is kept)."""
        extra = list(base)
        # a model with more taxable lot columns than HUGE_MODEL_LOTS: each stage is its polished start
        # (the tax-free decisions, the lot sales kept at the least-tax plan's), see HUGE_MODEL_LOTS
        huge = len(self.lot_vars) > HUGE_MODEL_LOTS and box is None and not len(continuous) and not strict
        # x meets this stage's rows: a start that is not strict (the stage-B plan, feasible for every
        # stage, whose rows only add the earlier optima), and every earlier stage's answer
        feasible = x is not None and not strict and box is None and shrink is None
        for obj in stages:
            if x is not None and feasible and _zero_is_least(obj, self.lp.lb):
                at_start = float(sum(x[j] * c for j, c in obj.items()))
                if at_start <= _ZERO_OBJECTIVE:
                    # nothing to minimise: the start already has none of it, and no plan has less
                    # (_zero_is_least), so the stage's answer is the start, without its polish or solve
                    extra = extra + [(dict(obj), -math.inf,
                                      at_start + STAGE_ABS_TOLERANCE + STAGE_REL_TOLERANCE * abs(at_start))]
                    continue
            if x is not None:
                polished = self._polished_start(obj, opts, extra, v_cap, x, continuous, box, shrink)
                if polished is None:  # the restriction has no plan: has the stage one?
                    if strict and self.has_no_plan(opts, extra, v_cap, box, shrink):
                        # not even its LP relaxation (the frontier's 0-point level, whose narrowed edges
                        # leave no room): no plan, without the stage's MILP and its retry
                        return None
                    polished = x
                x = polished
            xs = x if huge else self._stage_solve(obj, opts, extra, v_cap, x, continuous, box, shrink,
                                                  keep_incumbent=not strict)
            if xs is None:
                if x is None or strict:
                    return None
                break
            x = xs
            feasible = True
            best = float(sum(x[j] * c for j, c in obj.items()))
            extra = extra + [(dict(obj), -math.inf, best + STAGE_ABS_TOLERANCE + STAGE_REL_TOLERANCE * abs(best))]
        return x


    def _stage_solve(self, obj: Mapping[int, float], opts: SolveOptions, extra: _Rows, v_cap: float,
                     x: np.ndarray | None, continuous: Sequence[int],
                     box: tuple[np.ndarray, np.ndarray] | None, shrink: Mapping[str, float] | None,
                     keep_incumbent: bool, large_path: bool = False) -> np.ndarray | None:
        """One tie-break stage's solve from ``x``: its gaps and limits, and a boxed model never taken
        down the large-model path (the box already restricts it) unless ``large_path`` (a box that
        leaves a large model's tax-free orders all open: :meth:`_polished_start`)."""
        return self.solve(obj, opts, extra=extra, v_cap=v_cap, incumbent=x, y_from_incumbent=x is not None,
                          gap=STAGE_REL_GAP, abs_gap=STAGE_ABS_GAP,
                          node_limit=STAGE_NODE_LIMIT, continuous=continuous, box=box, shrink=shrink,
                          exact_limit=-1 if box is None or large_path else 10**9,
                          keep_incumbent=keep_incumbent)

    def _polished_start(self, obj: Mapping[int, float], opts: SolveOptions, extra: _Rows, v_cap: float,
                        x: np.ndarray, continuous: Sequence[int],
                        box: tuple[np.ndarray, np.ndarray] | None,
                        shrink: Mapping[str, float] | None) -> np.ndarray | None:
        """A better start for a tie-break stage of a model too large to prove: the stage solved with
        every taxable lot sale (and wash-sale choice) fixed at the previous stage's plan, so only the
        tax-free decisions (buys, tax-advantaged sells, cash) move. That restriction is small and
        solves quickly; its answer is feasible for the stage, at least as good as ``x``, and becomes
        the stage's start, so a stage stopped by its guard still ends where the tax-free trades go.

        Example (new-user test 5, a 1,500-lot household, Band Edge): the least-tax plan harvested
        $382,837 in the taxable account and bought nothing with it; the distance stage, stopped by
        its one-second guard before it improved on that start, kept $379,837 of cash idle while
        bonds sat on their band edge. From this start it invests the cash.

        A model above EXACT_INTEGER_LIMIT integer decisions solves this restriction the way it solves
        its stages (solver.py's large-model path: the LP relaxation, then the MILP on the orders it or
        ``x`` trades), not as the whole MILP: fixing the lot sales leaves every buy's Min Trade binary
        open (about 5,700 on the 1,000-lot bench household), and once node limits replaced the 1 s
        clock (0250c51, e497251) HiGHS spent 1-5 s of CPU on cut rounds at the root of each, 15 of
        the Rebalance step's 28 s; 100,000 lots did not finish in 20 minutes. On the large-model path
        each takes about 0.1 s, with the same tax, drift and dollars traded on that household.

        None when that restricted solve finds no plan (the caller then keeps ``x``, and a strict stage
        asks whether the stage itself has one: :meth:`_lexicographic`)."""
        n_int = int(self.lp.frozen().integ.sum())
        if n_int <= PROVEN_INTEGER_LIMIT or not self.lot_vars:
            return x
        lb = np.array(self.lp.lb, dtype=np.float64) if box is None else box[0].copy()
        ub = np.array(self.lp.ub, dtype=np.float64) if box is None else box[1].copy()
        fixed = np.asarray(list(self.lot_vars) + list(self.wash_binaries), dtype=np.int64)
        lb[fixed] = np.maximum(lb[fixed], x[fixed])
        ub[fixed] = np.minimum(ub[fixed], x[fixed])
        if np.any(lb[fixed] > ub[fixed] + 1e-9):
            return x
        xs = self._stage_solve(obj, opts, extra, v_cap, x, continuous, (lb, ub), shrink, keep_incumbent=True,
                               large_path=box is None and n_int > EXACT_INTEGER_LIMIT)
        if xs is x:
            return None  # the solve found no plan and kept its start (solver.py): the restriction has none
        if xs is None:
            return x
        better = float(sum(xs[j] * c for j, c in obj.items())) < float(sum(x[j] * c for j, c in obj.items()))
        return xs if better else x


#: a tie-break stage's objective at most this at its start is none of it (:func:`_zero_is_least`)
_ZERO_OBJECTIVE = 1e-9


def _zero_is_least(obj: Mapping[int, float], lb: Sequence[float]) -> bool:
    """True when no plan has less than 0 of ``obj``: every coefficient is at least 0 and multiplies a
    column whose lower bound is at least 0 (distance, turnover, a breach, a preference step: all
    dollars). A start at 0 of it is then the stage's optimum. Example: the turnover stage from a plan
    that trades nothing (the household already on target) has nothing to do; a stage with a negative
    coefficient, or on a column that may go below 0, is solved."""
    return all(c >= 0.0 and lb[j] >= 0.0 for j, c in obj.items())


# --------------------------------------------------------------------------------------------------
# The tax oracle


class _TaxOracle:
    """True tax of realized gains and the marginal rates the linear model uses."""

    def __init__(self, household: Household, as_of: date):
        settings = household.settings
        if settings.as_of is None:
            settings = replace(settings, as_of=as_of)
        self.profile = TaxProfile.from_settings(settings)
        self._household, self._as_of = household, as_of
        self._least: float | None = None

    def least_tax(self) -> float:
        """No plan of the household pays less true tax this year than this (resolve_bounds.least_tax:
        the tax at the least gains any plan can report), computed once per oracle."""
        if self._least is None:
            self._least = least_tax(self._household, self._as_of)
        return self._least

    def least_gains(self) -> tuple[float, float]:
        """The (short-term, long-term) gains of :meth:`least_tax` (resolve_bounds.least_gains)."""
        return least_gains(self._household, self._as_of)

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


#: a marginal rate below this (per dollar) is zero: the linear model sees no tax at all
_ZERO_RATE = 1e-9


def _best_solution(model: RebalanceModel, oracle: _TaxOracle, budget: float | None,
                   to_target: bool, drift_cap: float | None = None,
                   turnover_cap: float | None = None,
                   settled: list[tuple[float, float]] | None = None,
                   rates: tuple[float, float] | None = None,
                   once: bool = False) -> tuple[Solution, MarginalTax] | None:
    """Solve at the base marginal rates, re-solve once at the plan's local rates, keep the lower true
    tax (ties: the first). With a budget, tighten the linear budget until the true tax fits.

    Without stage A (the frontier) the re-solve starts from the base-rate plan: the same rows with
    other costs, so that plan is feasible and HiGHS begins its search from it. Local rates of zero
    (every dollar of gain or loss near the plan's is worth nothing this year, e.g. losses past the
    $3,000 limit) make every plan equally good to the linear model, so that re-solve could only
    return an arbitrary plan: it is skipped. So is a re-solve from that plan (no stage A, no tax
    budget) at local rates proportional to the rates already solved (:func:`_same_linear_tax`): its
    objective is the same up to a positive factor, so the plan already found is its answer too. Nor
    is a re-solve from a plan that already pays the least tax any plan of the household can pay this
    year (:func:`_at_least_tax`, a bound of resolve_bounds.py): no re-solved plan could be kept over it.

    ``settled`` (the frontier, level after level): local rates at which a tighter level's re-solve
    changed nothing (its base-rate plan kept the lower true tax); a re-solve at those rates is
    skipped, and rates whose re-solve changes nothing here are added. That is a reading of ours, not
    a proof: the same local rates mean the base rates misprice the gains the same way, and the
    tighter level showed that this mispricing does not move the plan. Measured with every level
    re-solved: the sample and 33 bench/generate.py households (the golden files' three included),
    about 90 re-solves, none lowered a row's tax (so skipping the settled ones changes no row);
    bench/households.py seeds 1-12, 20 re-solves, each lowered its row's tax, so none settled there.

    ``rates``: the first solve's rates (default the base rates); ``once``: no re-solve at the plan's local
    rates (a huge household's plan, huge_plan.py, which chooses its one re-solve itself).

    A candidate's reported gains serve only its true tax's total and the re-solve's rates; a plan past the
    §1211(b) loss limit gets neither from a wash-engine pass (:func:`_priced`), nor does the one plan of
    ``once`` without a tax budget (nothing reads them)."""
    rates = oracle.base_rates() if rates is None else rates
    # the re-solve starts from the earlier plan only without stage A (run_stages)
    from_plan = budget is None and not (drift_cap is None and model.may_breach)
    start: np.ndarray | None = None
    candidates: list[tuple[Solution, MarginalTax]] = []
    tried: list[tuple[float, float]] = []
    intercept = 0.0
    for _ in range(1 if once else 2):
        if any(_same_rates(rates, earlier) for earlier in tried):
            break
        if candidates and abs(rates[0]) < _ZERO_RATE and abs(rates[1]) < _ZERO_RATE:
            break
        if from_plan and any(_same_linear_tax(rates, earlier) for earlier in tried):
            break
        if candidates and settled is not None and any(_same_rates(rates, done) for done in settled):
            break
        if candidates and _at_least_tax(oracle, candidates[0]):
            # no plan pays less true tax, so the re-solve could not be kept (the min below keeps the
            # first of equal keys): it would change nothing, which is what ``settled`` records
            if settled is not None:
                settled.append(rates)
            break
        tried.append(rates)
        if once and budget is None:
            # the one candidate, finished as below: nothing reads its reported gains (no wash-engine pass)
            plan = _stage_b(model, rates, None, to_target, drift_cap, turnover_cap, start)
            return None if plan is None else _reported(model, oracle, model.finish(plan))
        sol = _solve_within_budget(model, oracle, rates, budget, to_target, drift_cap, turnover_cap, start,
                                   intercept)
        if sol is None:
            break
        candidates.append(sol)
        start = sol[0].x
        rates = oracle.local_rates(sol[0].realized_st, sol[0].realized_lt)
        # the next budget row is the tangent at this plan's gains (_solve_within_budget)
        intercept = rates[0] * sol[0].realized_st + rates[1] * sol[0].realized_lt - sol[1].total
    if candidates and budget is None and drift_cap is None and turnover_cap is None and settled is None \
            and harvest_only(model) \
            and round(candidates[0][0].violation, 7) <= 0.0:
        # a harvest-only plan above the least tax: the marginal rates may miss what a whole harvest saves
        # (a loss first offsetting 0%-taxed gains): once more at the secant rates (harvest_worth.py)
        best_sol, best_tax = min(candidates, key=lambda c: round(c[1].total, 2))
        if round(best_tax.total, 2) > round(oracle.least_tax(), 2):
            secant = secant_rates(lambda s, g: oracle.true_tax(s, g).total,
                                  (best_sol.realized_st, best_sol.realized_lt), oracle.least_gains())
            if secant is not None and not any(_same_rates(secant, earlier) for earlier in tried):
                sol = _solve_within_budget(model, oracle, secant, budget, to_target, drift_cap, turnover_cap, None)
                if sol is not None:
                    candidates.append(sol)
    if not candidates:
        return None
    # prefer the smaller band breach, then the lower true tax; only that one gets the tie-breaks
    # a plan over the Tax Budget is never kept over one within it (fe14 F7), then the smaller band
    # breach, then the lower true tax
    best, best_tax = min(candidates, key=lambda c: (budget is not None and c[1].total > budget + 0.005,
                                                   round(c[0].violation, 7), round(c[1].total, 2)))
    if settled is not None and len(candidates) == 2 and best is candidates[0][0]:
        settled.append(tried[1])  # the re-solve at these local rates changed nothing
    # the tie-breaks choose among plans of equal true tax (tie_break_tax.py)
    return finished_at_true_tax(best, best_tax, lambda s: _reported(model, oracle, model.finish(s)),
                                oracle.local_rates, budget)


def _at_least_tax(oracle: _TaxOracle, candidate: tuple[Solution, MarginalTax]) -> bool:
    """True when no plan can be kept over ``candidate`` by :func:`_best_solution`'s choice (the least
    ``(round(violation, 7), round(true tax, 2))``, the first of equal keys): its breach rounds to 0 and
    its true tax, to the cent, is at most the least tax any plan of the household can pay this year
    (:meth:`_TaxOracle.least_tax`; rounding to the cent never reverses an order). Example (the sample's
    Tax-Drift Frontier at its current drift, 13.01 points): the base-rate plan sells every taxable
    loss lot, -$1,901.00 short-term and -$7,100.00 long-term, -$2,190.73 of tax, which is that least
    tax: the re-solve at its local rates (23.8% / 23.8%) is not run."""
    sol, tax = candidate
    return round(sol.violation, 7) <= 0.0 and round(oracle.least_tax(), 2) >= round(tax.total, 2)


def _same_rates(rates: tuple[float, float], earlier: tuple[float, float]) -> bool:
    """Two rate estimates within half a point of each other, in both the ST and the LT rate."""
    return abs(rates[0] - earlier[0]) < 5e-3 and abs(rates[1] - earlier[1]) < 5e-3


def _same_linear_tax(rates: tuple[float, float], earlier: tuple[float, float]) -> bool:
    """True when ``rates`` are ``earlier`` times one positive factor (ST and LT alike, to 1e-9 of the
    larger product). The linear tax (:meth:`RebalanceModel._linear_tax`: ST gains x the ST rate, LT
    gains x the LT rate) is then that factor times the earlier one (the caller checks the model has no
    loss lost for good, which its fixed ``lost_rate`` prices whatever the rates), and
    without a tax budget (a row in dollars, which does not scale) the stage-B solve has the same
    optimal plans: a re-solve from the plan already found returns that plan (HiGHS keeps its start
    unless a plan is strictly better). Example: the base rates 23.8% / 23.8% and local rates 20% / 20%
    (a generated household's frontier at 2 points): the same plan, so one solve, not two."""
    (a, b), (c, d) = rates, earlier
    if min(a, b, c, d) <= _ZERO_RATE:
        return False
    return abs(a * d - b * c) <= 1e-9 * max(a * d, b * c)


def _reported(model: RebalanceModel, oracle: _TaxOracle, sol: Solution) -> tuple[Solution, MarginalTax]:
    """``sol`` with the gains it reports (reported.py: the wash engine's, the washed loss not
    deducted) and their true tax: the one figure the tax budget, "Tax to reach every band" and
    Trades' Est. Tax all use."""
    st, lt = reported_gains(model, sol.x)
    sol = replace(sol, realized_st=st, realized_lt=lt)
    return sol, oracle.true_tax(st, lt)


def _priced(model: RebalanceModel, oracle: _TaxOracle, sol: Solution) -> tuple[Solution, MarginalTax]:
    """A stage-B candidate and its true tax: :func:`_reported`, except for a plan past the loss limit
    (loss_limit.py), which keeps the model's own gains (no wash-engine pass) with their true tax. Its
    reader takes only that tax's total and the local rates there (:func:`_best_solution`, huge_plan.py),
    and both are the reported gains' to the bit: the bound on what the plan reports is at least the
    model's figure, so both points are past the limit with RATE_STEP to spare, where the total tax is
    one float and the local rates are 0."""
    if beyond_loss_limit(model, oracle.profile, sol.x):
        return sol, oracle.true_tax(sol.realized_st, sol.realized_lt)
    return _reported(model, oracle, sol)


def _stage_b(model: RebalanceModel, rates: tuple[float, float], linear_budget: float | None, to_target: bool,
             drift_cap: float | None, turnover_cap: float | None, start: np.ndarray | None) -> Solution | None:
    """Stages A and B at ``rates`` within ``linear_budget`` (the linear tax), not finished."""
    return model.run_stages(SolveOptions(rates=rates, tax_budget=linear_budget, to_target=to_target,
                                         drift_cap=drift_cap, preferences=drift_cap is None,
                                         turnover_cap=turnover_cap),
                            finish=False, start=start)


def _solve_within_budget(model: RebalanceModel, oracle: _TaxOracle, rates: tuple[float, float],
                         budget: float | None, to_target: bool,
                         drift_cap: float | None = None,
                         turnover_cap: float | None = None,
                         start: np.ndarray | None = None,
                         intercept: float = 0.0) -> tuple[Solution, MarginalTax] | None:
    """Stages A and B at ``rates`` whose true tax is within ``budget``. The linear tax is ``rates``
    times the gains; ``intercept``: what it exceeds the true tax by at the point the rates were taken
    (rates x gains - tax there), so that the budget row is the tangent there (the tax is convex in the
    gains, so the tangent never over-prices a plan). fe14 F7: Single, $10,550 of 0% long-term room,
    local rate 15% at the band edge's $15,851.00 of gain ($795.15 of tax): intercept 0.15 x 15,851.00 -
    795.15 = $1,582.50, so a $790 budget allows (790 + 1,582.50) / 0.15 = $15,816.67 of gain, $790.00 of
    tax, where the rate alone allowed $5,266.67 (and $0 of tax)."""
    linear_budget = None if budget is None else budget + intercept
    last: tuple[Solution, MarginalTax] | None = None
    for attempt in range(4):
        sol = _stage_b(model, rates, linear_budget, to_target, drift_cap, turnover_cap,
                       start if attempt == 0 else None)
        if sol is None:
            # tightened past what these rates allow (a gain they price at 0 makes the linear tax no
            # less than 0): the last plan, over the budget, for the caller's re-solve at its local rates
            return last
        sol, tax = _priced(model, oracle, sol)
        if budget is None or tax.total <= budget + 0.005:
            return sol, tax
        last = sol, tax
        # the reported tax is over: the linear model under-priced it (rates, or a loss the wash engine
        # disallows that the model counted); tighten the linear budget by the excess
        linear_budget = (linear_budget if linear_budget is not None else budget) - (tax.total - budget) - 0.01
    return last

