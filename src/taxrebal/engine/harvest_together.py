"""The loss a set of harvest candidates realizes when they are sold together: one wash-sale matching.

Rule (IRC §1091(a); Treas. Reg. §1.1091-1(b), (c), (e); Pub 550 "Wash Sales"): when fewer
substantially identical shares were bought in the 30 days before a sale than were sold at a loss,
only that many loss shares are washed, matched in the order the sold shares were acquired, and each
replacement share washes one loss share once. So the Harvest sheet's rows (each lot sold alone, each
seeing every recent purchase) cannot be added for a holding or the household: the same replacement
shares would be counted once per lot. A holding's row and the household total sell their candidates
together through :func:`taxrebal.engine.kept_wash.kept_wash`, the matching Lot Selection uses: loss
shares earliest acquired first, replacement shares earliest bought first, a purchase never washing
its own lot, a recent lot sold with the others no longer a replacement.

Worked example (fe6 hh1, 2026-12-04, VEA at $50): Brokerage lots B2 500 sh bought 2024-03-01 at
$55 (loss $2,500, long-term) and B3 200 sh bought 2026-08-15 at $54 (loss $800, short-term); 20 VEA
bought 2026-11-04 in the Roth and 100 on 2026-11-20 in the Traditional IRA. Each lot alone: B2 loses
120 x $5 = $600 (harvestable $1,900), B3 120 x $4 = $480 ($320): $2,220 added up. Sold together,
the 120 recent shares wash the first 120 shares of B2 only: $600 lost for good, $1,900 long-term and
$800 short-term harvestable, $2,700.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from .kept_wash import RecentShares, kept_wash
from .lots import Relief, ReliefPiece
from .money import cents
from .records import Lot, LotMethod

__all__ = ["LossLot", "TogetherLoss", "harvestable_together"]


@dataclass(frozen=True)
class LossLot:
    """A candidate lot sold whole: ``basis`` is adjusted (IRC §1091(d)), ``value`` its proceeds today;
    ``purchase`` the purchase it comes from (a split lot ``L7-W1`` comes from ``L7``)."""

    lot: Lot
    identity: str
    purchase: str
    basis: float
    value: float
    long_term: bool


@dataclass(frozen=True)
class TogetherLoss:
    """What the lots realize sold together: the allowed loss by term (positive) and what is washed."""

    st_loss: float
    lt_loss: float
    washed: float  # loss disallowed by the recent shares kept
    lost_for_good: float  # of which washed by purchases in a tax-advantaged account (Rev. Rul. 2008-5)

    @property
    def loss(self) -> float:
        """The allowed loss in cents: the whole loss in cents less the washed part in cents, so the two
        figures a sheet shows add up to the loss (fe17 F10: 3,900.00 = 3,859.37 + 40.63)."""
        return cents(cents(self.st_loss + self.lt_loss + self.washed) - cents(self.washed))


def harvestable_together(lots: Iterable[LossLot], recent: Mapping[str, Sequence[RecentShares]]) -> TogetherLoss:
    """Sell ``lots`` together today: the loss each identity's recent shares (``recent``, identity ->
    shares bought in the window and free to wash) leave allowed, one matching per identity."""
    by_identity: dict[str, list[LossLot]] = {}
    for c in lots:
        by_identity.setdefault(c.identity, []).append(c)
    st = lt = washed = for_good = 0.0
    for identity, items in by_identity.items():
        pieces = tuple(ReliefPiece(c.lot.lot_id, c.lot.account, c.lot.symbol, c.lot.acquired, c.lot.holding_start,
                                   c.lot.quantity, c.value, c.basis, c.value - c.basis, c.long_term, 0, None, None)
                       for c in items)
        relief = Relief(pieces, LotMethod.SPECIFIC, sum(p.quantity for p in pieces),
                        sum(p.proceeds for p in pieces), sum(p.basis for p in pieces),
                        sum(p.gain for p in pieces if not p.long_term), sum(p.gain for p in pieces if p.long_term), ())
        purchase_of = {(c.lot.account, c.lot.lot_id): c.purchase for c in items}
        w = kept_wash(relief, recent.get(identity, ()), purchase_of)
        st += -relief.st_gain - w.disallowed_st
        lt += -relief.lt_gain - w.disallowed_lt
        washed += w.disallowed
        for_good += w.lost_for_good
    return TogetherLoss(st, lt, washed, for_good)
