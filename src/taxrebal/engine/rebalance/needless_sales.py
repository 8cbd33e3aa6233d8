"""Every sale has a true reason: a taxable sale of recent shares that realizes a gain is dropped when the
plan without it is as good by every tax measure (fe9 finding 7; issue 9 point 1).

Why such a sale appears: the plan sells the recent shares of a fund before a loss sale of the same
fund so that they cannot wash that loss (IRC §1091(a); taxrebal's reading 4). With Whole Shares a
fractional recent lot (a reinvested dividend) can only leave in a whole-share order, which then takes
a slice of an old lot with a gain. The stages price the wash it avoids at the base marginal rate, but
when the plan's losses are past the $3,000 limit (IRC §1211(b)) neither the avoided wash nor the gain
changes this year's tax, and a washed loss in a *taxable* replacement is only deferred into its
basis (IRC §1091(d)), not lost. Then the sale costs turnover and carryforward for nothing.

Rule: for each taxable sell order that realizes a net gain and sells recent shares of an identity the
plan sells at a loss, where this year's tax is flat (neither dropping its gain nor washing up to that
identity's loss moves it: the losses are past the limit), the plan is solved again with that order's
lots held; the new plan replaces it
when it (1) breaches no band more, (2) costs no more true tax this year (to the cent), (3) loses no
more loss for good (Rev. Rul. 2008-5), and (4) keeps at least as much net loss (this year's realized
gain no higher: the carryforward is not smaller, IRC §1212(b)). All four figures are the wash
engine's, with the sales in the plan's step order (step_order.py).

Worked example (fe9 chen-rebal: MFJ, the plan's losses past the $3,000 limit, this year's tax
-$1,460.00 either way): Joint Taxable sold 1 VOO = 0.9 share of the 2026-12-01 DRIP lot T6 ($1.80
short-term loss) + 0.1 share of the 2018 lot T4 ($34.00 long-term gain) so that T6 would not wash
0.9 x $30 = $27.00 of the IVV loss sold later. Without that order T6 washes the $27 into its own
basis (deferred), the tax is still -$1,460.00, the net loss of these sales is $5.20 larger (600 - 27
= $573.00 against 600 + 1.80 - 34 = $567.80) and $560 less is traded: the order goes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Optional

import numpy as np

from ..plan import WaitedSale
from ..wash import purchase_id
from .reported import plan_sells
from .step_order import planned_outcome
from .window_wait import Best, _as_planned, _held

if TYPE_CHECKING:
    from .model import RebalanceModel
    from .stages import _TaxOracle

__all__ = ["without_needless_sales"]

#: at most this many orders are tried (each is one more solve)
_MAX_TRIED = 3
_CENT = 0.005


def _lost_for_good(model: RebalanceModel, x: np.ndarray) -> float:
    outcome = planned_outcome(model, x)
    return 0.0 if outcome is None else float(sum(o.lost_for_good for o in outcome.values()))


def _candidates(model: RebalanceModel, x: np.ndarray) -> list[tuple[list[int], float, float, float]]:
    """Each taxable sell order that realizes a net gain and sells recent shares of an identity the plan
    also sells at a loss (module docstring), largest gain first: (its lot columns, its short-term and
    long-term gain, the most loss its recent shares could wash: the loss the plan sells of that
    identity)."""
    sells, _adv = plan_sells(model, x)
    recent = {(p.account, p.purchase_id) for ident in model.exposures for p in model.pool.get(ident, ())}
    loss_of: dict[str, float] = {}
    for pieces in sells.values():
        for sl, q in pieces:
            if sl.gain_per_share < 0:
                loss_of[sl.identity] = loss_of.get(sl.identity, 0.0) - q * sl.gain_per_share
    col = {id(sl): j for sl, j in zip(model.sell_lots, model.lot_vars)}
    found = []
    for (_a, _sym), pieces in sells.items():
        gain = sum(q * sl.gain_per_share for sl, q in pieces)
        guarded = {sl.identity for sl, _q in pieces
                   if (sl.lot.account, purchase_id(sl.lot)) in recent and sl.identity in loss_of}
        if gain <= _CENT or not guarded:
            continue
        st = sum(q * sl.gain_per_share for sl, q in pieces if not sl.long_term)
        found.append((gain, [col[id(sl)] for sl, _q in pieces], st, gain - st,
                      sum(loss_of[i] for i in guarded)))
    return [(cols, st, lt, w) for _g, cols, st, lt, w in sorted(found, key=lambda f: -f[0])][:_MAX_TRIED]


def _flat(oracle: _TaxOracle, st: float, lt: float, g_st: float, g_lt: float, wash: float) -> bool:
    """True when this year's tax does not move if the order's gains go and up to ``wash`` of loss is
    washed instead, as short-term or long-term loss: the losses are past the $3,000 limit (IRC
    §1211(b)), where the stages' linear rates overprice the wash the order avoids. Only then can the
    plan without the order cost no more (elsewhere the stages weighed the same two amounts at rates
    near the true ones), so only then is it solved again."""
    now = oracle.true_tax(st, lt).total
    return all(abs(oracle.true_tax(st - g_st + a, lt - g_lt + b).total - now) <= _CENT
               for a, b in ((0.0, 0.0), (wash, 0.0), (0.0, wash)))


def without_needless_sales(model: RebalanceModel, oracle: _TaxOracle, best: Best, waits: Sequence[WaitedSale],
                           breach: Callable[[np.ndarray], float], resolve: Callable[[], Optional[Best]]) -> Best:
    """``best`` without the orders the module's rule drops. ``waits``: the sales dated later
    (window_wait.py), whose lots stay held in every re-solve; ``breach(x)``: the plan's largest band
    breach; ``resolve()``: the planner's whole solve of the model as it stands."""
    waited = {(w.account, w.lot_id) for w in waits}
    waited_ids = {w.identity for w in waits}
    keep = [j for sl, j in zip(model.sell_lots, model.lot_vars) if (sl.lot.account, sl.lot.lot_id) in waited]
    keep += [j for b, j in zip(model.buys, model.buy_vars) if b.identity in waited_ids]
    for cols, g_st, g_lt, wash in _candidates(model, best[0].x):
        now, now_tax = _as_planned(model, oracle, best)
        if not _flat(oracle, now.realized_st, now.realized_lt, g_st, g_lt, wash):
            continue
        with _held(model, keep + cols):
            alt = resolve()
        if alt is None:
            continue
        then, then_tax = _as_planned(model, oracle, alt)
        if (breach(then.x) <= breach(now.x) + 1e-6
                and then_tax.total <= now_tax.total + _CENT
                and _lost_for_good(model, then.x) <= _lost_for_good(model, now.x) + _CENT
                and then.realized_st + then.realized_lt <= now.realized_st + now.realized_lt + _CENT):
            best = alt
            keep += cols
    return best
