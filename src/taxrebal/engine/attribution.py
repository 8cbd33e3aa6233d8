"""Attribution that adds up: each step's share of a plan's tax, exact and to the cent.

Rule: a plan's tax is one computation, the household's whole return with all the plan's gains minus
the return without them (:func:`taxrebal.engine.tax.marginal_tax`: Schedule D netting, the $3,000
loss limit of IRC §1211(b), the 0/15/20% stacking of IRC §1(h), NIIT of IRC §1411, state). Because
netting and the loss limit make tax non-linear, a trade's tax depends on what came before it, so
each step is charged its **exact marginal tax in step order**:

    C(k)   = tax(ledger + gains of steps 1..k) - tax(ledger)         (C(0) = 0)
    step k = cents(C(k)) - cents(C(k-1))

The steps telescope: they sum to cents(C(n)), the plan's total, to the cent, whatever the
rounding. The ledger (:mod:`taxrebal.engine.ledger`) is the year's realized gains before the plan.

Worked example (2026, single, $100,000 wages, nothing realized yet; no state tax): step 1 harvests
a $5,000 short-term loss, step 2 sells a $4,000 long-term gain. C(1): the $5,000 loss deducts $3,000
at 22% = -660.00 (IRC §1211(b); $2,000 carries forward). C(2): the net -1,000 deducts $1,000 at 22%
= -220.00. So step 1 is -660.00 and step 2 is -220.00 - (-660.00) = +440.00: the gain is taxed at
22% because it uses up loss that was deducting ordinary income. Total -220.00 = -660.00 + 440.00.
A linear estimate (15% on the gain, 22% on the loss) would say -1,100 + 600 = -500, off by $280.

Harvest candidates are judged the same way: :func:`together` is the exact tax of harvesting a set of
losses at once, which is never more favourable than the sum of each alone when the $3,000 limit binds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Optional, Sequence

from .money import cents
from .tax import TaxProfile, compute_tax

if TYPE_CHECKING:
    from .plan import Plan, Trade

__all__ = ["StepTax", "step_taxes", "attribute_trades", "attribute_plan", "together"]


@dataclass(frozen=True)
class StepTax:
    """One step's exact marginal tax. ``before`` / ``after`` are the plan's cumulative tax (full
    precision) before and after the step; ``tax`` = cents(after) - cents(before)."""

    before: float
    after: float
    tax: float


def step_taxes(profile: TaxProfile, gains: Sequence[tuple[float, float]],
               total: Optional[float] = None) -> tuple[StepTax, ...]:
    """Each step's exact marginal tax, in the order given; ``gains[k]`` = (ST, LT) of step k.

    ``total`` (optional) is the whole plan's tax as computed elsewhere (the same computation): the
    last cumulative is set to it, so the steps add to exactly that figure.
    """
    base = compute_tax(profile).total
    out: list[StepTax] = []
    st = lt = 0.0
    prev = 0.0
    last_taxed = max((k for k, (st_step, lt_step) in enumerate(gains) if st_step != 0.0 or lt_step != 0.0),
                     default=-1)
    for k, (st_step, lt_step) in enumerate(gains):
        if st_step == 0.0 and lt_step == 0.0:
            out.append(StepTax(prev, prev, 0.0))
            continue
        st += st_step
        lt += lt_step
        now = compute_tax(profile, st, lt).total - base
        if total is not None and k == last_taxed:
            now = total
        out.append(StepTax(prev, now, cents(cents(now) - cents(prev))))
        prev = now
    return tuple(out)


def attribute_trades(profile: TaxProfile, trades: Sequence["Trade"], total: Optional[float] = None
                     ) -> tuple["Trade", ...]:
    """``trades`` (in step order) with ``est_tax`` = each step's exact marginal tax."""
    ordered = sorted(trades, key=lambda t: t.step)
    taxes = step_taxes(profile, [(t.realized_st, t.realized_lt) for t in ordered], total)
    by_step = {t.step: x.tax for t, x in zip(ordered, taxes)}
    return tuple(replace(t, est_tax=by_step[t.step]) for t in trades)


def attribute_plan(plan: "Plan", profile: TaxProfile) -> "Plan":
    """``plan`` with its trades' Est. Tax attributed in step order (they add to ``plan.tax_total``)."""
    return replace(plan, trades=attribute_trades(profile, plan.trades, plan.tax_total))


def together(profile: TaxProfile, st: float, lt: float) -> float:
    """Exact marginal federal + state tax of realizing ``st`` and ``lt`` together (negative = saved)."""
    return compute_tax(profile, st, lt).total - compute_tax(profile).total
