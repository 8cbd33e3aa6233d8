"""The loss a sale's lots would lose to the recent shares the sale leaves behind.

Rule (IRC §1091(a); Treas. Reg. §1.1091-1(c); Pub 550 "Wash Sales"): a loss on shares sold is
disallowed when substantially identical shares were bought within 30 days before the sale (or will be
within 30 days after) and are held; when fewer such shares are held than were sold at a loss, only
that many of the loss shares are washed. So a lot method's true cost includes the loss its own lots
lose to the recent purchases it does *not* sell. The matching is the wash engine's own
(:func:`taxrebal.engine.wash_matching.match_loss_shares`, which :mod:`taxrebal.engine.wash` uses
too): loss shares in the order they were acquired, replacement shares earliest-acquired first (Reg.
§1.1091-1(b), (d)), each replacement share used once (Reg. §1.1091-1(e)), and no share of a lot
replaces that same lot's sold shares (reading 2 of wash.py: buying 100 shares and selling 50 of them
at a loss is no wash sale). A replacement in an IRA, 401(k), Roth or HSA washes the loss for good
(Rev. Rul. 2008-5). What is this module's own: which recent shares a sale not yet made leaves held
(the Lots range alone, as a cell function sees it), and the disallowed loss by term.

Worked example (the fe5 household, 2026-12-01, VTI at $300): lots L1 100 sh (2019, $150/sh),
L2 20 sh (2025-12-01, $320/sh), L3 10 sh (2026-11-15, $310/sh). Selling 25 shares:

    method   sold               loss     kept recent   washed            reported
    HIFO     L2 20 + L3 5       -450     L3 5          5 x $20 = -100    -350
    LIFO     L3 10 + L2 15      -400     none          0                 -400

so LIFO is the cheaper sale, although HIFO's lots lose more on paper. Selling 10 shares of L2 alone
keeps all of L3: its 10 shares wash the whole $200 loss.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Iterable, Mapping, Optional, Sequence

from .money import EPS, QTY_EPS
from .records import Lot
from .wash_matching import match_loss_shares

if TYPE_CHECKING:
    from .lots import Relief

__all__ = ["RecentShares", "KeptWash", "WashMatch", "kept_wash", "with_kept_wash", "recent_lot_shares"]


@dataclass(frozen=True)
class RecentShares:
    """Shares of the sold identity bought within the window before the sale and still held before it.

    ``shares`` may still wash a loss (not yet used as replacements); ``lot_quantity`` is what the lot
    holds before the sale (a sale relieving part of the lot keeps ``lot_quantity`` minus that part, and
    at most ``shares`` of it can wash). ``purchase_id`` is the purchase the shares come from (a split
    lot ``L7-W1`` comes from ``L7``)."""

    lot_id: str  # "" for a Buy row the Lots sheet cannot tie to one lot
    account: str
    symbol: str
    acquired: date
    shares: float
    taxable: bool = True
    purchase_id: str = ""
    lot_quantity: Optional[float] = None

    @property
    def purchase(self) -> str:
        return self.purchase_id or self.lot_id


@dataclass(frozen=True)
class WashMatch:
    """Replacement shares matched with a sale's loss shares."""

    recent: RecentShares
    shares: float
    disallowed: float
    long_term: bool  # the term of the loss shares washed


@dataclass(frozen=True)
class KeptWash:
    """What the shares a sale keeps wash: the disallowed loss by term, and the part lost for good."""

    matches: tuple[WashMatch, ...] = ()

    @property
    def disallowed_st(self) -> float:
        return sum(m.disallowed for m in self.matches if not m.long_term)

    @property
    def disallowed_lt(self) -> float:
        return sum(m.disallowed for m in self.matches if m.long_term)

    @property
    def disallowed(self) -> float:
        return sum(m.disallowed for m in self.matches)

    @property
    def lost_for_good(self) -> float:
        return sum(m.disallowed for m in self.matches if not m.recent.taxable)


def kept_wash(relief: "Relief", recent: Sequence[RecentShares],
              purchase_of: Optional[Mapping[tuple[str, str], str]] = None) -> KeptWash:
    """The loss of ``relief`` (a :class:`taxrebal.engine.lots.Relief`) washed by the ``recent``
    shares still held after it (see the module docstring). ``purchase_of`` maps (account, lot ID) of a
    relieved lot to its purchase (default: the lot ID)."""
    if not recent:
        return KeptWash()

    def purchase(account: str, lot_id: str) -> str:
        return (purchase_of or {}).get((account, lot_id), lot_id)

    sold: dict[tuple[str, str], float] = {}
    for p in relief.pieces:
        sold[(p.account, p.lot_id)] = sold.get((p.account, p.lot_id), 0.0) + p.quantity
    replacements: list[_Held] = []  # earliest acquired first
    for r in sorted(recent, key=lambda r: (r.acquired, r.purchase)):
        held = r.shares
        if r.lot_id:
            before = r.lot_quantity if r.lot_quantity is not None else r.shares
            held = min(r.shares, before - sold.get((r.account, r.lot_id), 0.0))
        if held > QTY_EPS:
            replacements.append(_Held(r, held))
    losses = sorted((p for p in relief.pieces if not p.no_tax and p.gain < -EPS and p.quantity > QTY_EPS),
                    key=lambda p: (p.acquired or date.min, p.lot_id))
    matches: list[WashMatch] = []
    for p in losses:
        per_share = -p.gain / p.quantity
        own = purchase(p.account, p.lot_id)
        # reading 2 of wash.py: the sold shares' own purchase never replaces them
        others = [h for h in replacements if not (h.recent.account == p.account and h.recent.purchase == own)]
        for h, q in match_loss_shares(p.quantity, others):
            matches.append(WashMatch(h.recent, q, q * per_share, p.long_term))
    return KeptWash(tuple(matches))


class _Held:
    """Recent shares still held after the sale, and how many of them have not washed a loss yet (the
    matcher lowers ``unmatched``, :mod:`taxrebal.engine.wash_matching`)."""

    __slots__ = ("recent", "unmatched")

    def __init__(self, recent: RecentShares, unmatched: float) -> None:
        self.recent = recent
        self.unmatched = unmatched


def with_kept_wash(relief: "Relief", wash: KeptWash) -> "Relief":
    """``relief`` with its short- and long-term gains raised by the loss ``wash`` disallows (the gains a
    return reports, Form 8949 column (g)); the pieces keep proceeds - basis."""
    if wash.disallowed <= EPS:
        return relief
    return replace(relief, st_gain=relief.st_gain + wash.disallowed_st,
                   lt_gain=relief.lt_gain + wash.disallowed_lt)


def recent_lot_shares(lots: Iterable[Lot], sold: date, window_days: int,
                      taxable: Optional[Mapping[str, bool]] = None) -> tuple[RecentShares, ...]:
    """The lots bought in the ``window_days`` before ``sold`` (the sale day included), as the only
    recent purchases known (a cell function sees the Lots range, not Transactions). Inherited shares
    are not bought and never replace (IRC §1091(a)). ``taxable``: account -> taxable (default all)."""
    first = sold - timedelta(days=window_days)
    out = []
    for lot in lots:
        if lot.acquired is None or lot.inherited or not first <= lot.acquired <= sold or lot.quantity <= QTY_EPS:
            continue
        out.append(RecentShares(lot.lot_id, lot.account, lot.symbol, lot.acquired, lot.quantity,
                                (taxable or {}).get(lot.account, True), lot.lot_id, lot.quantity))
    return tuple(out)
