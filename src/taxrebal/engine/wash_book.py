"""The wash engine's working state: the blocks of shares acquired, their washed segments, and the
window look-up over them. Mutable, used only inside :func:`taxrebal.engine.wash.adjust_lots`; its
results leave as the frozen records of :mod:`taxrebal.engine.wash_records`.

Rule (IRC §1091(a), (d); Treas. Reg. §1.1091-1(c)-(e)): an :class:`Acquisition` is one purchase (a
Buy/Reinvest row or a lot); the loss shares it replaces become a :class:`Segment` carrying their part
of the disallowed loss (added to basis, IRC §1091(d)) and the tacked holding start (IRC §1223(3));
its ``unmatched`` shares are the ones not yet used as replacements (each share replaces once,
Reg. §1.1091-1(e)). A sale relieves washed segments first, then unwashed shares (wash.py reading 5).

Worked example: 100 shares bought; 40 of them replace a $10-a-share loss, so the acquisition has one
segment (40 shares, $400, held from the tacked date) and 60 unmatched. Selling 50 relieves the 40
washed shares (carrying $400) and 10 unwashed: ``relieve(50)`` returns ``[(40, 400.0, tacked),
(10, 0.0, None)]`` and 50 unmatched shares remain.
"""

from __future__ import annotations

import bisect
from datetime import date
from typing import Iterable, Optional

from .money import QTY_EPS
from .records import Lot, SourceRef

__all__ = ["Part", "TailPart", "Segment", "Acquisition", "merge_parts", "acquired_on", "Book"]


#: Relieved or remaining shares: (shares, wash adjustment on them, adjusted acquired date or None).
Part = tuple[float, float, Optional[date]]
#: Shares an open lot still holds: a :data:`Part` and whether they were used as replacement shares.
TailPart = tuple[float, float, Optional[date], bool]


class Segment:
    """Shares of one acquisition that carry a wash adjustment (or were consumed as replacements)."""

    __slots__ = ("qty", "adjustment", "adjusted_acquired")

    def __init__(self, qty: float, adjustment: float, adjusted_acquired: Optional[date]):
        self.qty = qty
        self.adjustment = adjustment
        self.adjusted_acquired = adjusted_acquired


class Acquisition:
    """One block of shares acquired at one time (a Buy/Reinvest row or a lot)."""

    __slots__ = ("key", "lot_id", "account", "symbol", "identity", "acquired", "quantity",
                 "unit_cost", "taxable", "broker_adjusted", "inherited", "replaces", "seq",
                 "segments", "unmatched", "lot", "source", "from_sale", "holding_from")

    def __init__(self, key: str, lot_id: Optional[str], account: str, symbol: str, identity: str,
                 acquired: Optional[date], quantity: float, unit_cost: Optional[float], taxable: bool,
                 broker_adjusted: bool, inherited: bool, seq: int, lot: Optional[Lot],
                 source: Optional[SourceRef]):
        self.key = key
        self.lot_id = lot_id
        self.account = account
        self.symbol = symbol
        self.identity = identity
        self.acquired = acquired
        self.quantity = quantity
        self.unit_cost = unit_cost
        self.taxable = taxable
        self.broker_adjusted = broker_adjusted
        self.inherited = inherited
        # Only purchases with a known date can be replacement shares (inherited shares are not bought).
        self.replaces = acquired is not None and not inherited
        self.seq = seq
        self.segments: list[Segment] = []  # washed / consumed shares, in the order washed
        self.unmatched = quantity  # held shares not yet used as replacements
        self.lot = lot
        self.source = source
        self.from_sale = False  # known only from a Sell row's own Acquired / Cost Basis
        # holding-period start when it is not the purchase date (a broker-adjusted lot's tacked Acquired)
        self.holding_from = acquired

    def relieve(self, qty: float, unused_first: bool = False) -> list[Part]:
        """Take ``qty`` sold shares out: washed segments first, in the order they were washed, then
        unwashed shares. ``unused_first`` (a plan's instruction, wash.py reading 5) reverses it: unwashed
        shares first, then the segments washed last first. That is how the unwashed piece of a lot split
        by an earlier wash (reading 7: ``<Lot ID>`` beside ``<Lot ID>-W1``) is sold: its shares are the
        unwashed ones and those the plan's own earlier loss sales washed since, the last segments; the
        first ones are the washed pieces' (bench_plan_quality ``--past-sales`` seed 703: the 4.2394 shares
        of L042-W1 a plan kept were reported sold under L042, and 4.2394 of L042's shares that carried a
        plan wash of $25.16 a share kept in their place: its long-term figure $67.17 short of its lots').

        Returns ``(shares, wash adjustment on them, adjusted acquired or None)`` parts; shares beyond
        what is known are returned as unwashed (the caller reports the shortfall).
        """
        parts: list[Part] = []
        left = qty
        if unused_first and (take := min(left, max(self.unmatched, 0.0))) > QTY_EPS:
            self.unmatched, left = self.unmatched - take, left - take
            parts.append((take, 0.0, None))
        at = -1 if unused_first else 0
        while left > QTY_EPS and self.segments:
            seg = self.segments[at]
            take = min(left, seg.qty)
            share = seg.adjustment * take / seg.qty if seg.qty > QTY_EPS else 0.0
            parts.append((take, share, seg.adjusted_acquired))
            seg.qty -= take
            seg.adjustment -= share
            left -= take
            if seg.qty <= QTY_EPS:
                self.segments.pop(at)
        if left > QTY_EPS:
            self.unmatched -= left
            parts.append((left, 0.0, None))
        return merge_parts(parts)


def merge_parts(parts: Iterable[Part]) -> list[Part]:
    """Merge relieved parts that share the same holding start (one 8949 line each)."""
    merged: dict[Optional[date], list[float]] = {}
    order: list[Optional[date]] = []
    for qty, adj, when in parts:
        if when not in merged:
            merged[when] = [0.0, 0.0]
            order.append(when)
        merged[when][0] += qty
        merged[when][1] += adj
    return [(merged[w][0], merged[w][1], w) for w in order]


def acquired_on(replacement: Acquisition) -> date:
    """A replacement's acquisition date: only acquisitions with a known date replace (``replaces``)."""
    assert replacement.acquired is not None, replacement.key
    return replacement.acquired


class Book:
    """Acquisitions indexed by identity and date for window look-ups (sort + bisect)."""

    def __init__(self, acquisitions: list[Acquisition]):
        by_identity: dict[str, list[Acquisition]] = {}
        for a in acquisitions:
            if a.replaces:
                by_identity.setdefault(a.identity, []).append(a)
        self.lists: dict[str, list[Acquisition]] = {}
        self.dates: dict[str, list[int]] = {}
        for ident, items in by_identity.items():
            items.sort(key=lambda a: (a.acquired or date.min, a.seq))  # a replacement's date is known
            self.lists[ident] = items
            self.dates[ident] = [acquired_on(a).toordinal() for a in items]

    def in_window(self, identity: str, first: date, last: date) -> list[Acquisition]:
        items = self.lists.get(identity)
        if not items:
            return []
        ords = self.dates[identity]
        lo = bisect.bisect_left(ords, first.toordinal())
        hi = bisect.bisect_right(ords, last.toordinal())
        return items[lo:hi]
