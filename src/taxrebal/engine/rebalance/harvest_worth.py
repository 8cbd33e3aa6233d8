"""A harvest-only plan sells a loss for the tax it saves this year (or the carryforward it creates), never
for nothing.

Rule (taxrebal's reading of what an investor expects when every class is within its band, so the plan
only harvests and nothing is sold to rebalance): a loss is sold only for its value. Two parts:

1. **Priced by what the whole harvest saves.** The linear tax of stage B prices a loss at the marginal
   rate where the plan stands; a loss that first offsets gains taxed at 0% (§1(h)) and only then
   ordinary income (IRC §1211(b)) is worth 0 at the margin, so the least-tax plan ignores it although
   its whole harvest saves tax. When a harvest-only plan's true tax is above the least tax any plan can
   pay (resolve_bounds.least_tax: every taxable loss sold), the plan is solved once more at the secant
   rates from its gains to those least gains (:func:`secant_rates`, per character), and the plan with
   the lower true tax is kept (stages._best_solution).
2. **A loss worth nothing is not used up.** When selling every loss creates no more carryforward than
   the return already carries (§1212(b)), a loss the linear tax does not price saves nothing and is
   kept for a later year: a tie-break stage right after the least tax realizes the least loss
   (:func:`unpriced_loss_objective`), before the distance stage could sell it to move a class within
   its band toward target.

Worked example (fe13 F1, tests/test_harvest_worth.py): MFJ, ordinary income $100,000, qualified
dividends $5,000, $2,000 of long-term gain realized; BND lot Z3, 200 shares, basis $17,000, value
$14,600 (a $2,400 long-term loss). At the plan's margin the loss offsets 0%-taxed gain (rate 0): the
plan sold 12.7397 shares ($152.87 of loss, $0.00 saved) to buy Intl within its band. Harvested whole,
$2,000 offsets the gain and $400 ordinary income at 12%: $48.00 saved. Secant rate 48 / 2,400 = 2%:
the plan sells all 200 shares into AGG, Est. Tax -$48.00. With $2,400 already realized the whole
harvest saves $0.00 and carries nothing forward: the plan sells nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from ..resolve_bounds import least_gains
from ..tax import TaxProfile, marginal_tax

if TYPE_CHECKING:
    from .model import RebalanceModel

#: gains closer than this (dollars) to the least gains give no secant in that character
_MIN_SPAN = 1.0


def harvest_only(model: "RebalanceModel") -> bool:
    """Every class within its band and sales allowed: the plan only harvests (and invests cash)."""
    return not model.triggered and model.allow_sells


def secant_rates(tax_of: Callable[[float, float], float], plan: tuple[float, float],
                 least: tuple[float, float]) -> tuple[float, float] | None:
    """(ST, LT) rates per dollar of gain from the plan's gains ``plan`` to the least gains ``least``, each
    character moved alone: ``(tax(least_st, lt) - tax(st, lt)) / (least_st - st)``; a character already
    at its least gains keeps rate 0. None when both are 0 (no loss left to sell is worth anything).
    Example (module docstring): plan (0, 0), least (0, -2,400), tax -$48 there: (0.0, 0.02)."""
    st, lt = plan
    here = tax_of(st, lt)
    rates = []
    for k, (now, low) in enumerate(zip(plan, least)):
        if low > now - _MIN_SPAN:
            rates.append(0.0)
            continue
        there = tax_of(low, lt) if k == 0 else tax_of(st, low)
        rates.append(max(0.0, (there - here) / (low - now)))
    if max(rates) <= 1e-9:
        return None
    return rates[0], rates[1]


def unpriced_loss_objective(model: "RebalanceModel") -> dict[int, float] | None:
    """Part 2's stage objective (column -> dollars of loss per share of each taxable loss lot) for a
    harvest-only model whose return carries no loss forward (else carryforward_kept.py's stage keeps the
    most) and where even selling every loss creates none; else None."""
    if not harvest_only(model) or model.carryforward_gains is not None:
        return None
    loss = {j: -sl.gain_per_share for sl, j in zip(model.sell_lots, model.lot_vars)
            if sl.gain_per_share < 0 and model.lp.ub[j] > 0}
    if not loss:
        return None
    settings = model.settings if model.settings.as_of is not None else replace(model.settings, as_of=model.as_of)
    st, lt = least_gains(model.household, model.as_of)
    tax = marginal_tax(TaxProfile.from_settings(settings), st, lt)
    created = (max(0.0, tax.after.st_carryforward_out) + max(0.0, tax.after.lt_carryforward_out)
               - max(0.0, tax.before.st_carryforward_out) - max(0.0, tax.before.lt_carryforward_out))
    return None if created > 0.005 else loss
