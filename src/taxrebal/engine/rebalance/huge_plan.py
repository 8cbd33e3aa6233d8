"""A huge household's plan: two whole solves at most (a third to hold a loss for later), and a note for every
check that would solve again.

A model with more than :data:`~.tuning.HUGE_MODEL_LOTS` taxable lot columns (bench/generate.py's
100,000-lot household: 34,051) spends about a minute of CPU on each whole solve of its plan: stage A's
LP relaxation, its restricted MILP and the least tax within every band, stage B's LP relaxation and
MILP, each MILP within :data:`~.tuning.HUGE_SOLVE_CPU_S` of CPU (solve_budget.py), then the tie-break
stages' polished starts. A household under the threshold solves again as often as its checks ask
(planner.py): at the plan's local marginal rates (stages._best_solution), after each pass that finds
dust (dust.py, up to 3), for each loss sale it could date (window_wait.py, up to 4 identities, 1-2
solves each), each needless gain sale (needless_sales.py) and each loss it could hold for later
(hold_for_later.py). On the 100,000-lot household those were 6-9 whole solves, most of the run.

Here (taxrebal's choice of where the time goes, not a reading of the tax):

1. one whole solve at the base marginal rates;
2. at most one more, which does both re-solves that can change the plan's form or its tax at once:
   with the no-dust rows of what the first plan leaves dust in, at the first plan's local rates. When
   the first plan left no dust, the re-solve is the local-rate one and the lower true tax is kept, as
   stages._best_solution keeps it; when it left dust, the re-solve is kept unless it breaches a band
   more (as planner._solve's dust pass). It is skipped when neither applies (no dust, and local rates
   of zero, the same rates, or a plan already at the least tax any plan can pay). Only the plan kept
   gets the tie-break stages;
2b. what the tie-break stages leave (they move only tax-free decisions here, and land a position on
   "sell all but 0.0088 shares" as readily as on "sell all"): each tax-advantaged position left with
   less than its least remnant (dust.py) is sold whole, its remnant kept as cash in the account,
   without a solve, unless that takes a class further outside its band. Such a sale realizes nothing,
   so the tax is the same to the cent, and the order only grows (Min Trade and Whole Shares hold).
   A taxable lot's dust (a re-solve's stage-B plan can leave one) is left and counted: selling its
   remnant changes the tax, which only a solve weighs. Re-running the tie-break stages with that
   position's no-dust rows instead was measured and rejected: on the household below it cost about
   6 s more CPU and moved the dust to another position (3,630.359 of 3,630.376 shares sold);
3. one whole solve for hold_for_later.py (:class:`HoldSolve`, :data:`HOLD_RESOLVES`): its first try, in
   that module's order (case 1 first: a class whose every fund the plan harvests today, one identity's
   loss held and all of it dated), at the rates of the plan kept; its later tries and the re-solves of
   needless_sales.py within them are counted, not made. Without it, bench_plan_quality --huge-path
   seeds 1105, 1116 and 1111 avoided 0.857, 0.953 and 0.980 of the avoidable tax (both REIT identities
   harvested today, one's rest dated, the other's loss lots left with no clean fund to date with); with
   it 1.000, 0.999 and 0.999, as the normal path. It solves only where that module tries something: not
   when this year's tax is already the least any plan can pay (the 100,000-lot household: a net loss
   past the $3,000 of IRC §1211(b)), nor when no try's loss could pay;
4. no other whole solve: the loss sales a plan could date are sold now with their note ("if this
   sale can wait", window_wait.py's identities past its cap), and needless_sales.py and
   min_trade_cash.py run with a solve that returns nothing, which counts the re-solves they would
   have tried; :func:`huge_notes` says on Trades (and Issues) what was not checked.

Worked example (bench/generate.py, seed 20250630, 50,000 lots and 10,000 transactions, its 16,999 lot
columns made huge by lowering the threshold to 5,000 in-process, 10 s budget; 2026-12-04, load 8-14):
before, the plan was solved 4 times (the first plan left dust in one lot; each dust pass moved it to
another), 43.2 s of CPU; now once (the plan before its tie-break stages leaves no dust and its local
rates are 0: the household's net loss is past the $3,000 limit), 12.4 s, the same tax (-$309,429.17),
within every band. Its tie-break stages left 0.0088 share ($0.96) of HHZ in 403(b) 18 (2,993.3252 of
2,993.334 sold), which the note used to state; step 2b sells it whole (2026-12-05, load about 17: 13.8 s
CPU, was 13.1 s; the same tax and largest drift, $0.96 more traded, no note). When dust is left (a
taxable lot, or a position whose class would leave its band), the note says::

    This household is large (16,999 taxable lot columns), so its plan was solved at most twice (once
    more to hold a loss for later): the plan still leaves less than its least remnant (one share of a
    lot; a position worth Min Trade) in 1 lot or position, which another solve would sell whole or leave
    larger.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Optional

import numpy as np

from ..allocation import CASH_CLASS, allocation
from ..records import RebalanceTo
from .model import RebalanceModel
from .solve_budget import BUDGET_NOTE_START
from .stages import _ZERO_RATE, _at_least_tax, _reported, _same_rates, _solve_within_budget, _TaxOracle
from .tuning import HUGE_MODEL_LOTS
from .window_wait import Best

__all__ = ["is_huge", "solve_huge", "huge_notes", "NoSolve", "HoldSolve", "HOLD_RESOLVES"]

#: hold_for_later.py's whole re-solves in a huge household's plan (its first try, in that module's order)
HOLD_RESOLVES = 1


def is_huge(model: RebalanceModel) -> bool:
    """More taxable lot columns than :data:`~.tuning.HUGE_MODEL_LOTS`: the plan of this module."""
    return len(model.lot_vars) > HUGE_MODEL_LOTS


def solve_huge(model: RebalanceModel, oracle: _TaxOracle,
               breach: Callable[[np.ndarray], float]) -> tuple[Optional[Best], int, tuple[float, float]]:
    """Steps 1 and 2 of the module docstring: the plan of at most two whole solves (None: no plan), how
    many lots and positions it still leaves dust in, and the rates it was solved at (those of
    :class:`HoldSolve`'s re-solve). Only the plan kept gets the tie-break stages
    (as stages._best_solution finishes only its best candidate), so the dust of the first plan is read
    before them: in this path they move only tax-free decisions (stages.py), and what they or the
    rounding leave is read again after them."""
    s = model.household.settings
    to_target = s.rebalance_to is RebalanceTo.TARGET
    rates = oracle.base_rates()
    first = _solve_within_budget(model, oracle, rates, s.tax_budget, to_target)
    if first is None:
        return None, 0, rates
    sol = first[0]
    local = oracle.local_rates(sol.realized_st, sol.realized_lt)
    dust = model.add_dust_rows(sol.x)
    zero = abs(local[0]) < _ZERO_RATE and abs(local[1]) < _ZERO_RATE
    kept, left = first, dust  # the first plan's dust columns now have their rows: dust_left no longer sees them
    kept_rates = rates
    if dust or not (zero or _same_rates(local, rates) or _at_least_tax(oracle, first)):
        # from the first plan only where stages._best_solution starts from it (no stage A, no tax budget)
        # and it meets the rows (no dust rows added)
        start = sol.x if not dust and s.tax_budget is None and not model.may_breach else None
        again = _solve_within_budget(model, oracle, rates if zero else local, s.tax_budget, to_target, start=start)
        if again is not None:
            if dust:  # the first plan breaks a no-dust row now: the re-solve unless it breaches a band more
                if breach(again[0].x) <= breach(sol.x) + 1e-9:
                    kept, left = again, 0
            else:
                kept = min((first, again), key=lambda c: (round(c[0].violation, 7), round(c[1].total, 2)))
            if kept is again:
                kept_rates = rates if zero else local
    final = _reported(model, oracle, model.finish(kept[0]))
    final = _positions_sold_whole(model, final)
    return final, left + len(model.dust_left(final[0].x)), kept_rates


def _positions_sold_whole(model: RebalanceModel, best: Best) -> Best:
    """``best`` with each tax-advantaged position it leaves dust in (dust.py: less than one share, or
    worth less than Min Trade) sold whole, the remnant's value kept as cash in the account, where that
    takes no class further outside its band and an employer plan's cash stays within its cap (payroll_cash.py:
    bench_plan_quality --huge-path seed 1102, a 401(k)'s last IN0B share sold whole left $45.49, over the
    $41.84 of one share of its cheapest fund). No solve: such a sale realizes nothing (IRC §§401, 408, 408A,
    223), so the tax is the same to the cent; the order only grows (Min Trade holds), and selling every share is
    allowed with Whole Shares (orders.py). Lots are left: selling a taxable lot's remnant changes the
    tax, which only a solve can weigh (their count stays in the note)."""
    x = best[0].x
    dusty = {j for kind, j, _q, _r in model.dust_left(x) if kind == "position"}
    if not dusty:
        return best
    acct_index = {a.name: i for i, a in enumerate(model.accounts)}
    y = np.array(x, dtype=float)
    for p, j in zip(model.positions, model.pos_vars):
        if j not in dusty:
            continue
        a = acct_index[p.account]
        trial = y.copy()
        trial[j] = p.quantity
        trial[model.cash_vars[a]] += (p.quantity - float(y[j])) * p.price
        if trial[model.cash_vars[a]] > model.payroll_cash_caps.get(a, math.inf):
            continue  # an employer plan's proceeds end invested (payroll_cash.py): its dust stays
        before, after = _breaches(model, y), _breaches(model, trial)
        if all(after[k] <= before.get(k, 0.0) + 1e-9 for k in after):  # no class further outside its band
            y = trial
    return best if np.array_equal(y, x) else (replace(best[0], x=y), best[1])


def _breaches(model: RebalanceModel, x: np.ndarray) -> dict[str, float]:
    """Each class's breach of its band after plan ``x`` (0 inside it), from the allocation after it."""
    return {r.asset_class: max(0.0, abs(r.drift) - r.band)
            for r in allocation(model.household, model.after_values(x))
            if r.asset_class != CASH_CLASS or model.cash_is_class}


class NoSolve:
    """A ``resolve()`` for needless_sales.py and min_trade_cash.py that solves nothing (they keep their
    plan when it returns None) and counts the re-solves they would have tried."""

    def __init__(self) -> None:
        self.asked = 0

    def __call__(self) -> Optional[Best]:
        self.asked += 1
        return None


class HoldSolve(NoSolve):
    """hold_for_later.py's ``resolve()`` in a huge household (module docstring, step 3): its first
    :data:`HOLD_RESOLVES` calls are one whole solve each of the model as it stands (the lots the try
    holds fixed), at ``rates`` (those of the plan :func:`solve_huge` kept), stages A and B within the Tax
    Budget, the tie-break stages, each tax-advantaged position's dust sold whole (step 2b); the later
    calls solve nothing and are counted as :class:`NoSolve`'s."""

    def __init__(self, model: RebalanceModel, oracle: _TaxOracle, rates: tuple[float, float]) -> None:
        super().__init__()
        self.model, self.oracle, self.rates = model, oracle, rates
        self.solved = 0

    def __call__(self) -> Optional[Best]:
        if self.solved >= HOLD_RESOLVES:
            return super().__call__()
        self.solved += 1
        model = self.model
        s = model.household.settings
        found = _solve_within_budget(model, self.oracle, self.rates, s.tax_budget,
                                     s.rebalance_to is RebalanceTo.TARGET)
        if found is None:
            return None
        return _positions_sold_whole(model, _reported(model, self.oracle, model.finish(found[0])))


def huge_notes(model: RebalanceModel, dusty: int, not_tried: int) -> list[str]:
    """What the plan of a huge household did not check (module docstring, step 4): the lots and
    positions it still leaves dust in (``dusty``) and the re-solves of needless_sales.py and
    hold_for_later.py not tried (``not_tried``: those past :class:`HoldSolve`'s); none when there is
    neither. (The loss sales window_wait.py would have re-solved say so on their own rows: "if this sale
    can wait".)"""
    parts = []
    if dusty:
        parts.append(f"the plan still leaves less than its least remnant (one share of a lot; a position worth "
                     f"Min Trade) in {dusty:,} lot{'s' if dusty != 1 else ''} or position"
                     f"{'s' if dusty != 1 else ''}, which another solve would sell whole or leave larger")
    if not_tried:
        parts.append(f"{not_tried:,} re-solve{'s' if not_tried != 1 else ''} that might lower this year's tax "
                     f"{'were' if not_tried != 1 else 'was'} not tried (a gain sale made only to keep recent "
                     "shares from washing a loss; a sale made only so that a buy reaches Min Trade; a loss held "
                     "today and sold on a later date)")
    if not parts:
        return []
    # BUDGET_NOTE_START: pipeline/rebalance.py copies it to Issues as it copies the budget note
    return [f"{BUDGET_NOTE_START} ({len(model.lot_vars):,} taxable lot columns), so its plan was solved at "
            "most twice (once more to hold a loss for later): " + "; ".join(parts) + "."]
