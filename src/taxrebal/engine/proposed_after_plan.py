"""A proposed sale of more shares than the account holds once the rebalancing plan is made.

Rule: the Wash Sales sheet checks the Proposed Trades *after* the plan's trades (placed first, on As
Of). A proposed sell is placed against what the account holds then: its shares today, less what the
plan's trades sell, plus what they buy, less the plan's dated sales ("Sales to wait for") made on or
before the proposed day. A sell of more than that cannot be placed as written; the reader's own check
("Selling 500 VXUS but Joint holds 0") compares with today's holdings only, so this one says which plan
steps took the shares.

Worked example (fe12 F9, the sample household): Joint Brokerage holds 560 VXUS; Trades step 7 sells all
560; Proposed Trades row 2 sells 500 VXUS on 2026-11-23. After the plan Joint holds 0: the row is
oversold by 500 shares, taken by step 7.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .money import QTY_EPS
from .plan import Plan
from .records import Action, Household, ProposedTrade

__all__ = ["Oversold", "oversold_after_plan"]


@dataclass(frozen=True)
class Oversold:
    """``trade`` sells ``trade.quantity`` shares where ``held_now`` are held today and ``held_after``
    after the plan; ``steps``: the plan's Trades steps (and dated sales' lot ids) that sell them."""

    trade: ProposedTrade
    held_now: float
    held_after: float
    steps: tuple[int, ...]
    dated: tuple[str, ...] = ()


def oversold_after_plan(household: Household, plan: Plan, proposed: Sequence[ProposedTrade]) -> list[Oversold]:
    """The proposed sells the account cannot fill after ``plan`` (module rule), in the order given.
    A sell already more than today's holding is the reader's warning, not repeated here."""
    held: dict[tuple[str, str], float] = {}
    for lot in household.lots:
        key = (lot.account, lot.symbol)
        held[key] = held.get(key, 0.0) + lot.quantity
    out = []
    for p in proposed:
        if p.action is not Action.SELL:
            continue
        key = (p.account, p.symbol)
        now = held.get(key, 0.0)
        if p.quantity > now + QTY_EPS:
            continue  # the reader says so already, against today's holding
        after, steps = now, []
        for t in plan.trades:
            if (t.account, t.symbol) == key:
                after += -t.quantity if t.action is Action.SELL else t.quantity
                if t.action is Action.SELL:
                    steps.append(t.step)
        dated = [w.lot_id for w in plan.waits if (w.account, w.symbol) == key and w.sell_on <= p.date]
        after -= sum(w.quantity for w in plan.waits if (w.account, w.symbol) == key and w.sell_on <= p.date)
        if p.quantity > after + QTY_EPS:
            out.append(Oversold(p, now, max(after, 0.0), tuple(sorted(steps)), tuple(dated)))
    return out
