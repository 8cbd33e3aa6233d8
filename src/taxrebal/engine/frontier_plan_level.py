"""The Tax-Drift Frontier's row at the plan's own drift is the plan, unsolved, when no plan can pay less.

Rule: the row of the tightest level the plan on Trades is within shows that plan whenever the plan
costs no more than the row's least tax and no tighter row trades less (frontier._plan_row); the
current largest drift's row is never taken here: it is doing nothing, or solved (frontier.py). When the
plan's tax, to the cent, is the least tax *any* plan of the household can pay this year (the bound of
engine/resolve_bounds.py: every loss lot sold, no gain; the one :func:`taxrebal.engine.rebalance.
stages._at_least_tax` uses), the row's least tax cannot be below it, so the row is the plan whatever
its solve would find: that solve (stage B and the tie-break stages of a whole-household MILP, about
0.8 s of CPU at 10,000 lots) is not run. The row then carries the plan's figures as Trades adds them
up (its tax, its realized short- and long-term gains and dollars traded, each in cents), as
frontier._plan_row writes them over a solved row, and the looser rows are capped at the dollars it
shows (the rule of frontier.py: each level trades at most what the tighter row traded).

Worked example (tests/test_frontier_plan_level.py): a taxable-only household, US Stocks 40% / Bonds
60% of $20,000, at 100 VTI ($100, basis $12,000: a $2,000 long-term loss) and 100 BND ($100, basis
$10,000); ITOT ($100) is VTI's replacement. The least tax any plan pays is that of the $2,000 loss
alone: -$440.00 in the 22% bracket (IRC §1211(b): up to $3,000 against ordinary income). The plan
sells all of VTI and buys 80 ITOT and 20 BND: -$440.00, on target, $20,000.00 traded. So the 0-point
row is the plan, without a solve, and the 1-point row is solved capped at $20,000.01.

When the plan's tax is above the bound (it realizes a gain, or the bound counts a loss the plan
leaves), or a tighter row trades less than the plan (the plan then stands in a table of its own), the
row is solved as before. What changes for the looser rows is only their cap: the plan's dollars traded
instead of the unsolved row's own, so their tie-break stage (the least dollars traded at the least
tax, within its $0.10 gap, tuning.STAGE_ABS_GAP) may return another of its nearly tied plans: on
bench/generate.py's 10,000-lot household (seed 7) three rows' Amount Traded moved by 1-3 cents of
$33-45 million, no tax and no gain moved; the golden files did not move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Optional, Sequence

from .money import cents

if TYPE_CHECKING:
    from .frontier import FrontierPoint
    from .plan import Plan

__all__ = ["plan_is_least_tax", "plan_as_row"]

#: two largest drifts this close (a fraction: 0.001 points) are the same row (frontier._SAME_DRIFT)
_SAME_DRIFT = 1e-5


def plan_is_least_tax(plan: Plan, least_tax: Callable[[], float]) -> bool:
    """True when ``plan`` pays, to the cent, no more than ``least_tax()`` (the least true tax any plan of
    the household can pay this year: resolve_bounds.least_tax), so no row within the plan's drift can
    cost less. Rounding both to the cent never reverses an order (stages._at_least_tax)."""
    return round(plan.tax_total, 2) <= round(least_tax(), 2)


def plan_as_row(plan: Plan, within: float,
                tighter: Sequence[FrontierPoint]) -> Optional[tuple[float, float, float, float]]:
    """The figures of the row solved within ``within`` (its level, or its whole-share cap) as the plan on
    Trades, (tax, realized short-term, realized long-term, dollars traded), when it is the row the plan goes
    on (the tightest level it fits: no row of ``tighter``, the rows already made, is within it) and no
    tighter row trades less; None otherwise (the row is solved). The caller has checked
    :func:`plan_is_least_tax`. They are frontier._plan_row's: the plan's tax and the Trades totals in cents;
    _plan_row adds "The plan on Trades." to the row's note."""
    if within < plan.max_drift_after - _SAME_DRIFT:
        return None  # the plan is not within this level
    if any(p.within >= plan.max_drift_after - _SAME_DRIFT for p in tighter):
        return None  # a tighter row is the plan's row (frontier._plan_row takes the first)
    traded = sum(cents(t.amount) for t in plan.trades)
    if any(p.reachable and p.turnover < traded - 0.01 for p in tighter):
        return None  # a tighter row trades less: the plan is shown apart (frontier._plan_row)
    st = sum(cents(t.realized_st) for t in plan.trades)
    lt = sum(cents(t.realized_lt) for t in plan.trades)
    return plan.tax_total, st, lt, traded
