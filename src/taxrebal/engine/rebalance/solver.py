"""One HiGHS solve of the model with a stage's objective and rows; large models are solved on the
orders their LP relaxation trades (a heuristic, measured by bench/bench_plan_quality.py). A
tie-break stage starts from the previous stage's plan (a feasible start, lp.py).

Node limits decide every solve; the clock (tuning.GUARD_TIME_LIMIT, 300 s) is a guard no benchmark
reaches, so the plan does not depend on the machine's load. That needs a large model's restricted
solve to be small: measured on the bench household of 10 accounts x 50 securities x 20,000 lots
(bench/generate.py's generator, ``python bench/bench_rebalance.py --speed 20000``), its tie-break
stages' restricted MILPs kept every lot of a traded order open (about 6,700 columns) and all 181
wash-exposure binaries of its exposed identity, and each took 1-7 s of CPU at the root (cuts and
sub-MIP heuristics; the old 1 s limit cut them short). A tie-break stage now keeps open only the
lots the relaxation or its start sells and keeps the start's wash exposure (``_restrict``,
``_exposure_restriction``): the plan took 14 s of CPU without any clock instead of 104 s, with the
same tax and dollars traded within $1.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from scipy.sparse import csr_array, vstack

from .attributes import ModelAttributes
from .data import SolveOptions
from .lot_prefix import LotPrefixes, without_closed
from .lp import highs_solve, relaxation_infeasible, rows_matrix
from .near_relaxation import fix_around_plan, fix_at_relaxation
from .tuning import (
    EXACT_INTEGER_LIMIT,
    GUARD_TIME_LIMIT,
    HUGE_MODEL_LOTS,
    HUGE_SOLVE_CPU_S,
    LARGE_MODEL_GAP,
    LARGE_MODEL_NODES,
    MID_MODEL_GAP,
    MID_MODEL_NODES,
    NEAR_NEIGHBOURS,
    NEAR_RELAXATION_COLUMNS,
    NO_FEASIBILITY_JUMP_COLUMNS,
    PROVEN_INTEGER_LIMIT,
    RESTRICTION_TURNOVER_WEIGHT,
)

#: a plan whose objective is within this of the LP relaxation's is optimal for the stage (stage A's
#: breach is a fraction of the household: 1e-9 is a hundredth of a cent per $10 million)
_BOUND_REACHED = 1e-9

#: HiGHS options of one solve (time_limit, mip_rel_gap, mip_abs_gap, mip_max_nodes)
_Options = dict[str, float | int | str]
#: one solve of the stage's model with these bounds, integrality and options (``solve``'s ``run``)
_Run = Callable[..., np.ndarray | None]


class SolverMixin(ModelAttributes):
    def solve(self, objective: Mapping[int, float], opts: SolveOptions, **how: Any) -> np.ndarray | None:
        """:meth:`_solve_open_lots` (``how``: its keyword arguments), again while its answer sells out the
        open lots of a group whose other lots are closed (lot_prefix.py: then more open), so the answer
        is that of every lot."""
        prefixes: LotPrefixes | None = getattr(self, "lot_prefixes", None)
        if prefixes is not None and min(opts.rates) < 0:
            prefixes.open_all(self.lp)  # a gain that lowers the tax: the cheapest-first order proves nothing
        while True:
            x = self._solve_open_lots(objective, opts, **how)
            # a box is the caller's own narrowing, read from the bounds of its time: solved within it
            if prefixes is None or how.get("box") is not None or not prefixes.grow(self.lp, x):
                return x

    def _solve_open_lots(self, objective: Mapping[int, float], opts: SolveOptions,
                         extra: Sequence[tuple[Mapping[int, float], float, float]] = (),
                         v_cap: float | None = None, incumbent: np.ndarray | None = None,
                         y_from_incumbent: bool = False, exact_limit: int = -1,
                         gap: float | None = None, abs_gap: float | None = None,
                         node_limit: int | None = None,
                         continuous: Sequence[int] = (),
                         box: tuple[np.ndarray, np.ndarray] | None = None,
                         shrink: Mapping[str, float] | None = None,
                         keep_incumbent: bool = True) -> np.ndarray | None:
        """Solve with ``objective`` (var -> coefficient) plus band rows, the tax budget and ``extra``.
        ``incumbent``: a solution known to be feasible (the previous stage's, HiGHS's start); a large
        model keeps its orders open so the restricted solve stays feasible. ``continuous``: integer
        variables solved as continuous; ``box``: (lower, upper) bounds that narrow every variable's;
        ``shrink``: class -> fraction each band is narrowed by. ``keep_incumbent`` False: None when this
        stage's rows admit no plan, instead of returning ``incumbent`` (which is then not feasible for
        them: a narrowed band, a box)."""
        lp = self.lp
        c, A, row_lo, row_hi, lb, ub, integ = self._stage_model(objective, opts, extra, v_cap, continuous, box, shrink)
        options: _Options = {
            # every model size: node limits decide, the clock is a guard no benchmark reaches, so a
            # plan never depends on the machine's load (tests/test_rebalance_solver_limits.py)
            "time_limit": GUARD_TIME_LIMIT,
            "mip_rel_gap": 1e-7 if gap is None else gap}
        if abs_gap is not None:
            options["mip_abs_gap"] = abs_gap
        if lp.n <= NO_FEASIBILITY_JUMP_COLUMNS:
            options["mip_heuristic_run_feasibility_jump"] = False
        if node_limit is not None:
            options["mip_max_nodes"] = node_limit
        if self.cpu_clock is not None and len(self.lot_vars) > HUGE_MODEL_LOTS:
            # a huge household: each MILP within a CPU budget (the caller's clock: taxrebal run's), its
            # proven gap kept (solve_stops) and said on the plan's notes (planner.py); smaller models,
            # and every model built without a clock, are decided by node limits alone
            options["cpu_limit"] = HUGE_SOLVE_CPU_S
        start = incumbent  # feasible for this stage (HiGHS drops a start that is not)

        def run(lb_: np.ndarray, ub_: np.ndarray, integ_: np.ndarray, opts_: _Options,
                c_: np.ndarray = c, start_: np.ndarray | None = start,
                rows_: tuple[csr_array, np.ndarray, np.ndarray] | None = None) -> np.ndarray | None:
            A_, lo_, hi_ = (A, row_lo, row_hi) if rows_ is None else rows_
            if "cpu_limit" not in opts_:  # within node limits alone: nothing to record
                return highs_solve(c_, A_, lo_, hi_, lb_, ub_, integ_, opts_, start=start_)
            return highs_solve(c_, A_, lo_, hi_, lb_, ub_, integ_, opts_, start=start_, stops=self.solve_stops,
                               clock=self.cpu_clock)

        n_int = int(integ.sum())
        if PROVEN_INTEGER_LIMIT < n_int <= (EXACT_INTEGER_LIMIT if exact_limit < 0 else exact_limit) \
                and node_limit is None:
            # a mid-size model: the full MILP from the start, within a node limit (deterministic)
            options.update(mip_max_nodes=MID_MODEL_NODES, mip_rel_gap=max(MID_MODEL_GAP, float(options["mip_rel_gap"])))
        if n_int > (EXACT_INTEGER_LIMIT if exact_limit < 0 else exact_limit):
            # Large model: solve the LP relaxation, then keep the integer decisions open only for
            # the orders the relaxation trades (orders it leaves at 0 stay at 0; orders it sizes at
            # least min_trade keep their minimum). Falls back to the full MILP if that fails.
            if y_from_incumbent and incumbent is not None:
                lb, ub = lb.copy(), ub.copy()
                for y in self.wash_binaries:
                    lb[y] = ub[y] = 1.0 if incumbent[y] > 0.5 else 0.0
            # Without an earlier plan to keep (stage A), the LP relaxation and the fallback below run
            # without a wall-clock limit: they end by themselves (an LP; node limits), so a loaded
            # machine never turns a household into no plan. With one, the clock is a guard only.
            fallback = incumbent is not None and keep_incumbent
            unlimited = options if fallback else {k: v for k, v in options.items() if k != "time_limit"}
            relax = run(lb, ub, np.zeros(lp.n), unlimited, c_=c + self._restriction_tiebreak(c))
            restricted = dict(options, mip_rel_gap=max(LARGE_MODEL_GAP, float(options["mip_rel_gap"])))
            restricted["mip_max_nodes"] = min(int(restricted.get("mip_max_nodes", LARGE_MODEL_NODES)),
                                              LARGE_MODEL_NODES)

            def tied_rows(ties: list[tuple[int, int]]) -> tuple[csr_array, np.ndarray, np.ndarray] | None:
                # _matching_window's binaries that take one value: rows b - b' = 0
                return None if not ties else (vstack([A, _tie_rows(ties, lp.n)], format="csr"),
                                              np.concatenate([row_lo, np.zeros(len(ties))]),
                                              np.concatenate([row_hi, np.zeros(len(ties))]))

            if relax is not None:
                rlb, rub, implied, ties = self._restrict(relax, incumbent, lb, ub, y_from_incumbent)
                if fallback and not y_from_incumbent and incumbent is not None \
                        and int(np.count_nonzero(rub > rlb)) > NEAR_RELAXATION_COLUMNS:
                    # stage B, its restriction beside the start too large: first the plan next to
                    # the relaxation (near_relaxation.py), kept when at least as good as the start
                    near = self._near_relaxation_solve(run, relax, lb, ub, integ, restricted, tied_rows)
                    if near is not None and len(self.lot_vars) <= HUGE_MODEL_LOTS:
                        near = self._near_plan_solve(run, c, relax, near, lb, ub, integ, restricted, tied_rows)
                    if near is not None and float(c @ near) <= float(c @ incumbent) + _BOUND_REACHED:
                        return near
                rinteg = integ.copy()
                rinteg[np.asarray(implied, dtype=np.int64)] = 0
                free = (rinteg > 0) & (rub - rlb > 0.5)
                solve_integ = rinteg if free.any() else np.zeros(lp.n)  # all fixed: a plain LP
                plain = None
                if not fallback:
                    # no earlier plan to fall back on: first a plan found without the clock
                    plain = self._plain_orders_solve(run, rlb, rub, rinteg,
                                                     {k: v for k, v in restricted.items() if k != "time_limit"})
                    if plain is not None and float(c @ plain) <= float(c @ relax) + _BOUND_REACHED:
                        return plain  # it reaches the relaxation's bound: nothing left to find
                    if not y_from_incumbent and len(self.lot_vars) > HUGE_MODEL_LOTS:
                        # a huge model: the plan next to the relaxation (near_relaxation.py), kept when at
                        # least as good as the plain-orders plan, as stage B keeps it over its start (above):
                        # on fe13's big30k the restricted MILP from it then ran to its 10-s budget at a
                        # Tax-Drift Frontier level and found nothing better (RSS 382 -> 620 MiB)
                        near = self._near_relaxation_solve(run, relax, lb, ub, integ, restricted, tied_rows)
                        if near is not None and (plain is None or float(c @ near) <= float(c @ plain) + _BOUND_REACHED):
                            return near
                x = self._settle_implied(run(rlb, rub, solve_integ, restricted,
                                             start_=plain if plain is not None else start), implied)
                if x is None:
                    x = plain
                if x is not None:
                    return x
            options["mip_max_nodes"] = min(int(options.get("mip_max_nodes", LARGE_MODEL_NODES)), LARGE_MODEL_NODES)
        x = run(lb, ub, integ, options)
        if x is None and incumbent is not None and keep_incumbent:
            return incumbent  # still feasible: the previous stage's plan
        return x

    def _stage_model(self, objective: Mapping[int, float], opts: SolveOptions,
                     extra: Sequence[tuple[Mapping[int, float], float, float]], v_cap: float | None,
                     continuous: Sequence[int], box: tuple[np.ndarray, np.ndarray] | None,
                     shrink: Mapping[str, float] | None) -> tuple[np.ndarray, csr_array, np.ndarray, np.ndarray,
                                                                  np.ndarray, np.ndarray, np.ndarray]:
        """The stage's model as :meth:`solve` hands it to HiGHS: costs, rows (the base model's, then the
        band rows or caps, turnover cap, tax budget and ``extra``), row bounds, column bounds, integrality."""
        lp = self.lp
        base = lp.frozen()
        rows: list[tuple[Mapping[int, float], float, float]] = []
        self._band_rows(rows, opts.drift_cap, shrink)
        if opts.turnover_cap is not None:
            rows.append((self.turnover, -math.inf, opts.turnover_cap))
        if opts.tax_budget is not None:
            rows.append((self._linear_tax(opts.rates), -math.inf, opts.tax_budget))
        rows.extend(extra)
        stage_A, stage_lo, stage_hi = rows_matrix(rows, lp.n)
        A = vstack([base.A, stage_A], format="csr")
        row_lo = np.concatenate([base.lo, stage_lo])
        row_hi = np.concatenate([base.hi, stage_hi])
        c = np.zeros(lp.n)
        if objective:
            c[np.fromiter(objective.keys(), dtype=np.int64, count=len(objective))] = (
                np.fromiter(objective.values(), dtype=float, count=len(objective)) + 0.0)
        lb = base.lb.copy()
        ub = base.ub.copy()
        if opts.drift_cap is not None:
            ub[self.v_var] = 0.0
        elif v_cap is not None:
            ub[self.v_var] = min(ub[self.v_var], v_cap)
        if box is not None:
            lb, ub = np.maximum(lb, box[0]), np.minimum(ub, box[1])
        integ = base.integ.copy()
        if len(continuous):
            integ[np.asarray(continuous, dtype=np.int64)] = 0
        if opts.relaxed:
            integ = np.zeros(lp.n, dtype=np.int64)
            for y in self.wash_binaries:  # no wash-sale exclusivity in the bound
                lb[y], ub[y] = 0.0, 1.0
        return c, A, row_lo, row_hi, lb, ub, integ

    def has_no_plan(self, opts: SolveOptions, extra: Sequence[tuple[Mapping[int, float], float, float]],
                    v_cap: float | None, box: tuple[np.ndarray, np.ndarray] | None,
                    shrink: Mapping[str, float] | None) -> bool:
        """True when the stage's rows and bounds (:meth:`solve`'s, whatever the objective) provably admit
        no plan: HiGHS finds their LP relaxation infeasible (every plan of the MILP is a point of it).
        False does not say a plan exists."""
        c, A, row_lo, row_hi, lb, ub, _integ = self._stage_model({}, opts, extra, v_cap, (), box, shrink)
        ub = without_closed(getattr(self, "lot_prefixes", None), ub)  # a proof for every lot (lot_prefix.py)
        return relaxation_infeasible(c, A, row_lo, row_hi, lb, ub, {"time_limit": GUARD_TIME_LIMIT})

    def _near_relaxation_solve(self, run: _Run, relax: np.ndarray, lb: np.ndarray, ub: np.ndarray,
                               integ: np.ndarray, options: _Options,
                               tied_rows: Callable[[list[tuple[int, int]]], object]) -> np.ndarray | None:
        """Stage B's MILP next to its LP relaxation ``relax`` (near_relaxation.py): the restriction
        without a start (the orders the relaxation trades, each identity's wash-sale matching decided
        around its crossing, one tied decision beyond), the lots it sells in full or not at all fixed.
        None when the lot method forces an order or no plan is found within the node limit."""
        nlb, nub, implied, ties = self._restrict(relax, None, lb, ub, False)
        if not fix_at_relaxation(self, relax, nlb, nub):
            return None
        ninteg = integ.copy()
        ninteg[np.asarray(implied + [b for _a, b in ties], dtype=np.int64)] = 0
        x = run(nlb, nub, ninteg, options, start_=None, rows_=tied_rows(ties))
        held = [z for _js, _price, z, _m in self.orders if z is not None and nlb[z] > lb[z]]
        if x is None and held and len(self.lot_vars) > HUGE_MODEL_LOTS:
            # a huge model: once more with no order held to its Min Trade (the restriction holds each order
            # the relaxation sized past it; with the wash binaries fixed, the cash of an account can fall
            # short of them). Here the MILP decides those few binaries (fe13's big30k, the Tax-Drift
            # Frontier's tightest level: 15 orders, the plan next to the relaxation found only then)
            nlb[np.asarray(held, dtype=np.int64)] = lb[np.asarray(held, dtype=np.int64)]
            x = run(nlb, nub, ninteg, options, start_=None, rows_=tied_rows(ties))
        return self._settle_implied(x, implied)

    def _near_plan_solve(self, run: _Run, c: np.ndarray, relax: np.ndarray, near: np.ndarray, lb: np.ndarray,
                         ub: np.ndarray, integ: np.ndarray, options: _Options,
                         tied_rows: Callable[[list[tuple[int, int]]], object]) -> np.ndarray:
        """The near plan improved in its neighbourhood (near_relaxation.fix_around_plan): the restriction
        around the relaxation and ``near`` (its start), each order's lots fixed where ``near`` has them
        except its marginal lots in tax-per-share order (tuning.NEAR_NEIGHBOURS each side). Returns the
        better of the two (``near`` when the solve finds nothing better).

        Example (plan-quality seed 2, ``bench_plan_quality.py --large-path``): the relaxation sells
        every RE1 loss lot in full, among them 514 shares at a loss of $8.91 a share; the near plan,
        with those fixed and the RE band binding, could sell only 33 of the 514 shares at $47.05 a
        share. Here the $8.91 lot (the least loss sold) and the $47.05 lot (sold in part) are both open,
        and the plan sells the second in full and not the first: $4,452 less linear tax."""
        nlb, nub, implied, ties = self._restrict(relax, near, lb, ub, False)
        if not fix_around_plan(self, near, c, nlb, nub, NEAR_NEIGHBOURS) \
                or np.any(near < nlb - 1e-7) or np.any(near > nub + 1e-7):
            return near
        ninteg = integ.copy()
        ninteg[np.asarray(implied + [b for _a, b in ties], dtype=np.int64)] = 0
        x = self._settle_implied(run(nlb, nub, ninteg, options, start_=near, rows_=tied_rows(ties)), implied)
        return x if x is not None and float(c @ x) < float(c @ near) - _BOUND_REACHED else near

    def _settle_implied(self, x: np.ndarray | None, implied: Sequence[int]) -> np.ndarray | None:
        """``x`` with each implied matching-order binary (:meth:`_exposure_restriction`, solved as
        continuous, so HiGHS may leave it fractional) set to the value of the binary before it, which
        its rows allow (its prefix sells what that one's sells): the plan is then integral, and a later
        stage that fixes the binaries at their rounded values keeps it feasible."""
        if x is None or not implied:
            return x
        x = x.copy()
        todo = set(implied)
        for binaries in getattr(self, "matching_binaries", ()):
            before = None
            for b, _prefix in binaries:
                if b in todo and before is not None:
                    x[b] = x[before]
                before = b
        return x

    def _plain_orders_solve(self, run: _Run, rlb: np.ndarray, rub: np.ndarray,
                            integ: np.ndarray, options: _Options) -> np.ndarray | None:
        """When the restricted MILP finds no plan within its limits: the same open orders without the
        loss (and chained) sales of identities bought in the last 30 days and with no order forced to
        its minimum, so the wash-exposure binaries are all closed and only the orders' own binaries
        remain. A plan that trades nothing is feasible there whenever the household as it stands is
        (cash, tax budget), and it is HiGHS's start: the answer is at least that plan, found within
        the node limit (deterministic)."""
        lb, ub = rlb.copy(), rub.copy()
        for sells, binaries in getattr(self, "exposure_binaries", ()):
            ub[np.asarray(sells, dtype=np.int64)] = 0.0
            if binaries:
                ub[np.asarray(binaries, dtype=np.int64)] = 0.0
        for _js, _price, z, _m in self.orders:
            if z is not None:
                lb[z] = 0.0
        trades = np.asarray(list(self.lot_vars) + list(self.pos_vars) + list(self.buy_vars), dtype=np.int64)
        still = dict(options, mip_max_nodes=LARGE_MODEL_NODES)
        zlb, zub = lb.copy(), ub.copy()
        zlb[trades] = 0.0
        zub[trades] = 0.0
        nothing = run(zlb, zub, integ, still, start_=None)  # the plan that trades nothing, completed
        return run(lb, ub, integ, still, start_=nothing)

    def _restriction_tiebreak(self, c: np.ndarray) -> np.ndarray:
        """Dollars traded at RESTRICTION_TURNOVER_WEIGHT of the objective's largest coefficient per
        household: the LP relaxation of a large model has many optimal plans (stage A's least breach
        within a tax budget is one: any mix of lots under the budget); this picks one that trades
        few orders, so the restricted MILP keeps few integer decisions open."""
        scale = float(np.max(np.abs(c))) if len(c) else 0.0
        tie = np.zeros(self.lp.n)
        if scale <= 0 or self.total <= 0:
            return tie
        keys = np.fromiter(self.turnover.keys(), dtype=np.int64, count=len(self.turnover))
        vals = np.fromiter(self.turnover.values(), dtype=float, count=len(self.turnover))
        tie[keys] = vals * (RESTRICTION_TURNOVER_WEIGHT * scale / self.total)
        return tie

    def _restrict(self, x: np.ndarray, incumbent: np.ndarray | None, lb: np.ndarray,
                  ub: np.ndarray, y_from_incumbent: bool
                  ) -> tuple[np.ndarray, np.ndarray, list[int], list[tuple[int, int]]]:
        """Keep open only the orders the LP relaxation (or, in stage C, the incumbent) trades; an order
        both size at least min_trade keeps its minimum without branching (and, in a tie-break stage,
        only the lots either sells); fix each wash-sale binary (sell the identity at a loss, or buy it)
        from the incumbent, or else from the LP (harvest when the LP sells more of it at a loss than
        it buys); the wash-exposure binaries the closed columns decide are fixed or left implied
        (:meth:`_exposure_restriction`). Returns the bounds and the integer columns that need no
        branching (solved as continuous: their rows repeat an integer one's)."""
        lb, ub = lb.copy(), ub.copy()
        xs = x.tolist()  # Python floats: the same sums, without a numpy scalar per term
        start = None if incumbent is None else incumbent.tolist()
        keep = start if y_from_incumbent else None
        min_trade = self.settings.min_trade
        # (not above HUGE_MODEL_LOTS lot columns: each open binary frees its identity's orders, and the
        # 100,000-lot household's time with them was not measured within its target; see README)
        mixed = [] if keep is not None else self._undecided_wash_groups(xs, start)
        undecided = [] if len(self.lot_vars) > HUGE_MODEL_LOTS else mixed
        # ... above it the binary is fixed below, but those orders still keep their Min Trade binary free:
        # the side it closes may be an order the relaxation sized past Min Trade, which cannot then keep
        # its minimum (fe13's big30k: every restriction of stage B had no plan; huge_plan.py)
        either = {j for g in mixed for j in g[1] + g[2]}
        closed: list[int] = []
        for js, price, z, m in self.orders:
            amount = sum(xs[j] for j in js) * price
            # the start's orders stay open too, in every stage, so that it stays a feasible start (stage
            # B's start, stage A's plan, traded 414 orders its relaxation did not, 100,000 lots)
            held = None if start is None else sum(start[j] for j in js) * price
            active = amount > 1e-6 or (held is not None and held > 1e-6)
            big = z is None or (amount >= min_trade - 1e-6 and (held is None or held >= min_trade - 1e-6))
            if z is not None and big and not either.intersection(js):
                lb[z] = 1.0  # already big enough in both: no branching on this order
            if active and big and len(js) > 1:
                # a sell order both size: its lots neither sells stay closed (the relaxation chose
                # the lots; only the orders' integer decisions are left to the MILP). In every stage:
                # left open in stages A and B, the 100,000-lot household's restricted MILP kept 57,000
                # columns and spent minutes in its node LPs
                closed.extend(j for j in js if xs[j] <= 1e-9 and (start is None or start[j] <= 1e-9))
            if not active:
                closed.extend(js)
                if z is not None:
                    closed.append(z)
                if m is not None:
                    closed.append(m)
        if keep is None:
            # stages A and B: an exposed identity's loss (and chained) lots that neither the relaxation
            # nor the start sells stay closed, as a tie-break stage closes every such lot: each open
            # one is a matching-order binary to branch on (bench/generate.py, 100,000 lots: stage A's
            # restricted MILP spent 71 s of CPU on 3,600 of them, 3 s with them closed)
            for sells, _binaries in getattr(self, "exposure_binaries", ()):
                closed.extend(j for j in sells if xs[j] <= 1e-9 and (start is None or start[j] <= 1e-9))
        if closed:
            ub[np.asarray(closed, dtype=np.int64)] = 0.0
        # an exposed identity none of whose loss (or chained) lots may be sold washes nothing: its
        # matching binaries decide nothing, and left open they are thousands of branches (100,000 lots)
        for sells, binaries in getattr(self, "exposure_binaries", ()):
            if binaries and all(ub[j] <= 0.0 for j in sells):
                ub[np.asarray(binaries, dtype=np.int64)] = 0.0
        turnover = self.turnover
        open_y = {y for y, _sells, _buys in undecided}
        for y, sells, buys in self.wash_groups:
            if y in open_y:
                continue  # sold at a loss and bought: the MILP decides (_undecided_wash_groups)
            if y_from_incumbent and incumbent is not None:
                val = 1.0 if incumbent[y] > 0.5 else 0.0
            else:
                sold = sum(xs[j] * turnover[j] for j in sells)
                bought = sum(xs[j] * turnover[j] for j in buys)
                val = 1.0 if sold >= bought else 0.0
            lb[y] = ub[y] = val
        if y_from_incumbent and incumbent is not None:
            # a tie-break stage keeps the incumbent's wash exposure: which prefix of an identity's loss
            # lots its recent shares match, whether its chained lots sell after (the tax is fixed)
            for _sells, binaries in getattr(self, "exposure_binaries", ()):
                for b in binaries:
                    lb[b] = ub[b] = 1.0 if incumbent[b] > 0.5 else 0.0
        implied = self._exposure_restriction(lb, ub)
        ties = self._matching_window(x, incumbent, lb, ub) if keep is None else []
        return lb, ub, implied, ties

    def _undecided_wash_groups(self, xs: Sequence[float], start: Sequence[float] | None
                               ) -> list[tuple[int, list[int], list[int]]]:
        """Stages A and B: the identities (wash_groups) that the LP relaxation ``xs`` or the start both
        sells at a loss and buys. Their binary (harvest the identity, or buy it) stays open in the
        restricted MILP, and their orders keep their Min Trade binary free (either side may end at 0).

        Why: the relaxation meets "sell at a loss or buy, never both" with a fractional binary, and its
        buy rows' big-M (the account's capacity) lets a binary of 0.8 still buy a great deal. Fixed by
        dollars (the side the relaxation trades more of), plan-quality seed 2 on the large-model path
        (``bench_plan_quality.py --large-path``) bought $321,029 of RE0 against $252,410 sold at a loss
        in the relaxation, so the plan bought RE0 and kept $57,000 of RE0 losses unharvested: $5,943
        more tax than the independent optimum, which harvests them and buys other funds (share 0.798)."""
        plans = [xs] + ([] if start is None else [start])
        found = []
        for y, sells, buys in self.wash_groups:
            sold = any(v[j] > 1e-9 for v in plans for j in sells)
            bought = any(v[j] > 1e-9 for v in plans for j in buys)
            if sold and bought:
                found.append((y, sells, buys))
        return found

    def _matching_window(self, x: np.ndarray, incumbent: np.ndarray | None, lb: np.ndarray,
                         ub: np.ndarray) -> list[tuple[int, int]]:
        """Stages A and B of a large model: each exposed identity's matching-order binaries (wash_exposure.py)
        stay open only around where the sold prefix reaches the replacement shares ``R_left``, in the
        LP relaxation ``x`` and in the start (one before the first such prefix, one after the last);
        before it they are 0 (every share sold washes), after it 1 (``R_left`` shares wash among the
        prefix) where the start has 1 (without a start they stay open: stage A's plain-orders plan
        sells no exposed loss lot). The start stays feasible: ``b_i = 1`` needs ``S_i >=
        R_left``, and the prefixes only grow.

        Example (bench/generate.py, 100,000 lots): stage B's relaxation sells loss lots of 211 exposed
        identities, 8,774 matching binaries open; the restricted MILP did not finish in 20 minutes."""
        plans = [x.tolist()] + ([] if incumbent is None else [incumbent.tolist()])
        start = plans[1] if incumbent is not None else None
        ties: list[tuple[int, int]] = []
        for binaries, (R, left) in zip(getattr(self, "matching_binaries", ()), getattr(self, "matching_left", ())):
            if not binaries:
                continue
            reach = []
            for v in plans:
                r_left = R - sum(v[j] * c for j, c in left.items())
                sold = 0.0
                first = len(binaries)
                done: set[int] = set()
                for i, (_b, prefix) in enumerate(binaries):
                    sold += sum(v[j] for j in prefix if j not in done)
                    done.update(prefix)
                    if sold >= r_left - 1e-6:
                        first = i
                        break
                reach.append(first)
            lo, hi = min(reach) - 1, max(reach) + 1
            for i, (b, _prefix) in enumerate(binaries):
                if ub[b] <= lb[b]:
                    continue
                if i < lo:
                    ub[b] = lb[b]
                elif i > hi and ub[b] >= 1.0 and incumbent is not None and incumbent[b] > 0.5:
                    lb[b] = 1.0  # (a start may leave a binary at 0 there: it washes every share it sells)
            # between the windows (and after the relaxation's, without a start): one decision
            gap = [b for i, (b, _prefix) in enumerate(binaries)
                   if ub[b] > lb[b] and (min(reach) + 1 < i < max(reach) - 1 or (start is None and i > hi))]
            if len(gap) > 1 and (start is None or len({start[b] > 0.5 for b in gap}) == 1):
                ties.extend((gap[0], b) for b in gap[1:])
        return ties

    def _exposure_restriction(self, lb: np.ndarray, ub: np.ndarray) -> list[int]:
        """The wash-exposure binaries (wash_exposure.py) whose outcome the restricted solve's closed
        sell columns decide, fixed in ``lb``/``ub``; returns those left implied (continuous):

        * a matching-order binary ``b`` of a prefix none of whose lots may be sold: ``b = 0`` ("every
          share the prefix sells washes") holds for any plan, since the prefix sells nothing;
        * a matching-order binary whose prefix adds only closed lots to the previous prefix: its rows
          are that prefix's rows (the closed lots sell and wash nothing, and its big-M still covers
          them), so whatever value the previous binary takes, this one can take too: it needs no
          branching of its own;
        * a chain binary (a recent lot sold first, or the same lot sold after the loss sales): ``c =
          0`` when the chained sale is closed, ``c = 1`` when the sale first is closed.

        Example (bench/generate.py, 20,000 lots): an exposed identity with 40 loss lots has 39
        matching-order binaries; when the LP relaxation sells 2 of those lots, 2 remain to branch on."""
        implied: list[int] = []
        for binaries in getattr(self, "matching_binaries", ()):
            open_before = -1
            for b, prefix in binaries:
                open_now = sum(1 for j in prefix if ub[j] > 0.0)
                if lb[b] >= ub[b]:
                    pass  # already fixed (a tie-break stage keeps its start's): that value holds
                elif open_now == 0:
                    ub[b] = min(ub[b], 0.0)
                elif open_now == open_before:
                    implied.append(b)
                open_before = open_now
        for c, first, after in getattr(self, "chain_binaries", ()):
            if lb[c] >= ub[c]:
                continue  # fixed at the start's value, which its own sales satisfy (else lb 1 > ub 0)
            if ub[after] <= 0.0:
                ub[c] = min(ub[c], 0.0)
            elif ub[first] <= 0.0:
                lb[c] = max(lb[c], 1.0)
        return implied



def _tie_rows(ties: Sequence[tuple[int, int]], n: int) -> csr_array:
    """Rows ``x[a] - x[b] = 0`` (bounds 0, 0) for each pair ``(a, b)`` of ``ties``, ``n`` columns."""
    k = len(ties)
    rows = np.repeat(np.arange(k, dtype=np.int64), 2)
    cols = np.array([j for pair in ties for j in pair], dtype=np.int64)
    vals = np.tile(np.array([1.0, -1.0]), k)
    return csr_array((vals, (rows, cols)), shape=(k, n))
