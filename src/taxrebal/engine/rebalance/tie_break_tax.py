"""The tie-break stages choose among plans of equal tax, by the true tax, not only the linear one.

Stage B finds the least tax at marginal rates (the linear model); the tie-break stages after it
(stages.tie_break_stages: the distance to target, the turnover, location, fund preferences) keep
that linear tax and choose among the plans that pay it. Where the rates stage B solved with price a
kind of gain at 0 but the next dollars of it are taxed, the tie-breaks see going on toward target as
free, and the finished plan pays more true tax than the stage-B plan it started from. Then the
tie-breaks run once more at the local rates of the finished plan (where its extra gain is taxed), and
the plan with the lower true tax is kept (ties: the first).

Worked example (fe14 F2, Head of Household, one taxpayer 65 or older, $60,000 of wages and $3,000 of
qualified dividends; a taxable account only, so VTI must be sold at a long-term gain): the long-term
gain falls in the 0% bracket, so stage B's base rates price it at 0; but it raises MAGI past $75,000,
where the senior deduction phases out at 6 cents a dollar (IRC §151(d)(5)(C), 2025-2028), taxed at
12%: 0.72 cents per dollar of gain. Stage B stops at the band edge, 72.05 VTI, $15,851.00 of gain,
$27.73 of tax; the tie-breaks at rate 0 went on to target, 86.2667 VTI, $18,978.67, $50.25. At the
finished plan's local rates (long-term 0.72%) the tie-breaks keep the band edge: $27.73.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..tax import MarginalTax
from .data import Solution

__all__ = ["TIE_BREAK_TAX_SLACK", "finished_at_true_tax"]

#: dollars of true tax the tie-break stages may add before they are re-run at the finished plan's
#: local rates: the rounding of orders to 1/10,000 share moves the tax by cents, never by this much
TIE_BREAK_TAX_SLACK = 0.5


def finished_at_true_tax(best: Solution, best_tax: MarginalTax,
                         finish: Callable[[Solution], tuple[Solution, MarginalTax]],
                         local_rates: Callable[[float, float], tuple[float, float]],
                         budget: float | None = None) -> tuple[Solution, MarginalTax]:
    """``best`` (a stage-B plan whose true tax is ``best_tax``) finished by ``finish`` (the tie-break
    stages, rounding and the reported gains); when that adds more than :data:`TIE_BREAK_TAX_SLACK` of
    true tax, or takes it past the Tax Budget ``budget``, finished again at the local rates of the
    first finish (the stage-B plan's tax at those rates is then the row that bounds it, so the budget's
    own row, written at the first rates, is left out), and the lower true tax kept."""
    done = finish(best)
    over = budget is not None and done[1].total > budget + 0.005
    if (round(done[1].total, 2) <= round(best_tax.total, 2) + TIE_BREAK_TAX_SLACK and not over) \
            or best.opts is None:
        return done
    rates = local_rates(done[0].realized_st, done[0].realized_lt)
    if all(abs(r - e) < 1e-9 for r, e in zip(rates, best.opts.rates)):
        return done
    again = finish(replace(best, opts=replace(best.opts, rates=rates, tax_budget=None)))
    return again if round(again[1].total, 2) < round(done[1].total, 2) else done
