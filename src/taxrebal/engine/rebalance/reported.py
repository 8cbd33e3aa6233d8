"""The gains a plan reports: the wash engine's figures for its lot sales, the one computation behind
Trades' Est. Tax, Lot Sales, the tax budget and "Tax to reach every band".

The model prices a washed loss with its own exposure rows (wash_exposure.py); the plan reports what
the wash engine (:func:`taxrebal.engine.wash.adjust_lots`, IRC §1091; Treas. Reg. §1.1091-1) makes
of the plan's sales. When the two differ (the engine counts a Buy row's shares the Lots sheet no
longer shows), the reported figure is the one the user sees, so the budget is checked against it.

Each lot the plan sells is reported as the engine's own sale parts (:class:`SoldLot`): the basis
with every adjustment its shares carry, the tacked holding start that decides its term, the loss
disallowed and the part of it lost for good. A lot's term is its holding period (IRC §1222,
§1223(3)), never the sign of its gain.

Worked example, a chain inside one step (tests/test_rebalance_wash_chain.py): IVV lots A (bought
2026-11-03, $1,100), B (11-07, $1,050), C (11-09, $1,080), 10 shares each, all sold on 2026-12-01
at $100. A's $100 loss washes into B (basis $1,150; B, held on the sale day, counts from the earlier
start, A's 2026-11-03: engine/wash.py), B's $150 washes into C (basis $1,230, from 2026-11-03 too),
and C's sale realizes $230 of short-term loss: ST -$230, LT $0, every lot short-term.

Worked example (tests/test_rebalance_budget_wash.py): a harvest of 100 BND at a $10/share loss
meets 40 BND bought in the IRA within 30 days that the model did not see: the engine disallows
$400 (Rev. Rul. 2008-5: lost for good), so the plan reports a $600 loss, not $1,000, and a Tax
Budget is checked against the tax of the $600.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Optional

import numpy as np

from ..wash_records import RealizedSale, WashMatch
from .data import _Position, _SellLot
from .wash_exposure import engine_outcome

if TYPE_CHECKING:
    from .model import RebalanceModel

QTY_EPS = 1e-6

Sells = dict[tuple[str, str], list[tuple[_SellLot, float]]]
AdvantagedSells = dict[tuple[str, str], tuple[_Position, float]]


@dataclass(frozen=True)
class SoldLot:
    """What the wash engine reports for one lot the plan sells: its sale parts (one per holding start;
    one part unless the lot's shares carry different washed losses)."""

    parts: tuple[RealizedSale, ...]
    #: the same pass's matches of this lot's sale with replacement shares (replacement lot, basis
    #: adjustment, tacked start: IRC §1091(d), §1223(3)), for the lots the plan keeps
    matches: tuple[WashMatch, ...] = ()

    @property
    def reported_gain(self) -> float:
        """Proceeds - adjusted basis + disallowed loss (Form 8949 (d) - (e) + (g))."""
        return sum(p.reported_gain for p in self.parts)

    @property
    def short_term(self) -> float:
        """Reported gain of the short-term parts (IRC §1222(1)-(2), holding period with §1223(3))."""
        return sum(p.reported_gain for p in self.parts if not p.long_term)

    @property
    def long_term(self) -> float:
        return sum(p.reported_gain for p in self.parts if p.long_term)

    @property
    def disallowed(self) -> float:
        return sum(p.disallowed for p in self.parts)

    @property
    def lost_for_good(self) -> float:
        """Of the disallowed loss, what a tax-advantaged replacement takes for good (Rev. Rul. 2008-5)."""
        return sum(p.permanent_disallowed for p in self.parts)

    @property
    def holding_start(self) -> Optional[date]:
        return self.parts[0].holding_start if self.parts else None


Outcome = dict[tuple[str, str], SoldLot]


def plan_sells(model: RebalanceModel, x: np.ndarray) -> tuple[Sells, AdvantagedSells]:
    """(taxable sells per (account, symbol) as ``[(sell lot, shares)]``, tax-advantaged sells per
    (account, symbol) as ``(position, shares)``) of the solution ``x``."""
    sells: Sells = {}
    for sl, j in zip(model.sell_lots, model.lot_vars):
        q = float(x[j])
        if q > QTY_EPS:
            sells.setdefault((sl.lot.account, sl.lot.symbol), []).append((sl, min(q, sl.lot.quantity)))
    adv_sells = {(p.account, p.symbol): (p, float(x[j])) for p, j in zip(model.positions, model.pos_vars)
                 if x[j] > QTY_EPS}
    return sells, adv_sells


def wash_outcome(model: RebalanceModel, sells: Sells, adv_sells: AdvantagedSells,
                 same_order: frozenset[int] | set[int] = frozenset(),
                 steps: Mapping[int, int] | None = None,
                 adv_steps: Mapping[tuple[str, str], int] | None = None,
                 literal: bool | None = None) -> Outcome | None:
    """The wash engine's figures for the plan's lot sales when a loss sale meets recent purchases
    (otherwise nothing can wash: the plan buys no identity it sells at a loss); None then.
    ``same_order``: ids of recent lots sold inside a loss sale's own order (assemble.py: Whole Shares
    or Min Trade kept them from an order of their own), still held when the older shares sell.
    ``steps`` / ``adv_steps``: each sold lot's (each tax-advantaged sell's) Trades step, when known:
    the engine then matches the sales in step order (:func:`engine_outcome`). ``literal``: as there."""
    exposed = set(model.exposures)
    if not any(sl.gain_per_share < 0 and sl.identity in exposed for pieces in sells.values() for sl, _q in pieces):
        return None
    neutral = {key: q for key, (_p, q) in adv_sells.items() if model.secs[key[1]].identity in exposed}
    matches: list[WashMatch] = []
    parts = engine_outcome(model, [pc for pieces in sells.values() for pc in pieces], neutral, same_order,
                           steps, adv_steps, matches, literal)
    if parts is None:
        return None
    by_lot: dict[tuple[str, str], list[WashMatch]] = {}
    for m in matches:
        by_lot.setdefault((m.account, str(m.lot_id)), []).append(m)
    return {key: SoldLot(p, tuple(by_lot.get(key, ()))) for key, p in parts.items()}


def reported_gains(model: RebalanceModel, x: np.ndarray) -> tuple[float, float]:
    """(short-term, long-term) gain the plan ``x`` reports: the wash engine's, after the losses it
    disallows; the model's own when nothing can wash."""
    sells, adv_sells = plan_sells(model, x)
    outcome = wash_outcome(model, sells, adv_sells)
    if outcome is None:
        return model.realized(x)
    past_st, past_lt = model.past_wash_gains(x)  # losses sold before As Of that the plan's buys wash
    st = sum(o.short_term for o in outcome.values()) + past_st
    lt = sum(o.long_term for o in outcome.values()) + past_lt
    return float(st), float(lt)
