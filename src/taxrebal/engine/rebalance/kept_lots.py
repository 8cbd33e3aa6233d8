"""A lot the plan keeps, as the plan leaves it: the washed loss its shares take on and their tacked
holding period.

Rule (IRC §1091(d); IRC §1223(3); Pub 550 "Wash Sales"): when the plan sells a lot at a loss and a
recent purchase of the same fund is still held, the matched replacement shares take the disallowed
loss into their basis and the holding period of the shares sold. A lot the plan does not sell is
therefore not the lot the Lots sheet shows: a note about it (its gain, when it turns long-term) must
describe it after the plan's own wash sales, from the wash engine's matches of the plan's sales
(:class:`taxrebal.engine.wash_records.WashMatch`), never from the sheet.

Worked example (fe9 finding 1, the Chens, As Of 2026-12-04, VTI at $300): lot T3, 20 VTI bought
2026-11-20 for $5,900 ($295), is a $100 short-term gain before the plan. The plan sells lot T2 (100
VTI bought 2025-12-10 for $32,000) at a $2,000 loss; T3's 20 shares replace 20 of them and take
20 x $20 = $400 of the loss: basis $6,300, held from 2025-12-10 (T3 was held on the sale day, so its
holding period and T2's overlap and it counts from the earlier start, T2's purchase: engine/wash.py).
After the plan T3 is worth $6,000: a **$300 short-term loss** (long-term from 2026-12-11), not a $100
short-term gain that turns long-term on 2027-11-21.

The Trades notes (:func:`kept_shares`) and the Harvest sheet's lots after the plan
(:func:`lots_as_kept`, for the 0% gain harvest on top of the plan) are this one computation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Optional

from ..holding import is_long_term, long_term_date
from ..records import Lot
from ..wash_records import WashMatch

__all__ = ["KeptShares", "kept_shares", "carried_in", "lots_as_kept"]

_QTY_EPS = 1e-6


@dataclass(frozen=True)
class KeptShares:
    """Shares of a lot the plan keeps, with one basis per share and one holding start."""

    account: str
    lot_id: str
    shares: float
    basis: float  # adjusted: the lot's own basis for these shares plus ``carried``
    held_from: Optional[date]  # the holding start, tacked when the plan's wash sale reached them
    carried: float  # the loss this plan's own sales washed into these shares' basis (IRC §1091(d))
    value: float  # shares x today's price

    @property
    def gain(self) -> float:
        return self.value - self.basis

    def long_term(self, as_of: date, inherited: bool = False) -> bool:
        return is_long_term(self.held_from, as_of, inherited)

    def long_term_from(self) -> Optional[date]:
        return None if self.held_from is None else long_term_date(self.held_from)


def kept_shares(lot: Lot, left: float, price: float, matches: Iterable[WashMatch],
                sold_carrying: float = 0.0) -> list[KeptShares]:
    """The ``left`` shares of ``lot`` the plan keeps, split into those this plan's wash sales reached
    (one piece per match: basis plus the match's adjustment, the match's tacked start) and the rest
    (as the sheet holds them). ``matches``: the wash engine's matches of the plan's sales; only
    those whose replacement is this lot count. ``sold_carrying``: of the lot's shares the plan sells
    after the loss sale, how many carried a matched loss (they left with it, so fewer kept shares
    carry one). Example: lot T3 (20 VTI, $5,900) with one match of 20 shares, $400 added, held from
    2025-12-10, VTI at $300: one piece, 20 shares, basis $6,300, gain -$300."""
    own = (lot.adjusted_basis or 0.0) / lot.quantity if lot.quantity > 0 else 0.0
    mine = [m for m in matches if m.replacement_account == lot.account and m.replacement_lot == lot.lot_id
            and not m.permanent and m.shares > _QTY_EPS]
    skip = max(0.0, sold_carrying)  # the matched shares that were sold after the loss sale
    out: list[KeptShares] = []
    room = left
    for m in sorted(mine, key=lambda m: m.sale_date):
        q = m.shares
        gone = min(skip, q)
        skip -= gone
        q -= gone
        q = min(q, room)
        if q <= _QTY_EPS:
            continue
        carried = m.basis_adjustment * q / m.shares
        out.append(KeptShares(lot.account, lot.lot_id, q, own * q + carried, m.adjusted_acquired or lot.holding_start,
                              carried, q * price))
        room -= q
    if room > _QTY_EPS:
        out.append(KeptShares(lot.account, lot.lot_id, room, own * room, lot.holding_start, 0.0, room * price))
    return out


def carried_in(lot: Lot, sold: Iterable[tuple[float, float]]) -> float:
    """Of the ``sold`` parts of ``lot`` ((shares, their basis) each, as the wash engine's sale parts or
    the plan's Lot Sales rows give them), the shares that left carrying a loss matched by an earlier
    sale: their basis is above the lot's own per share (by more than half a cent). Example: lot T3,
    20 VTI at $5,900; a later sale of 5 of its shares at basis $1,575 ($100 over 5 x $295) -> 5."""
    own = (lot.adjusted_basis or 0.0) / lot.quantity if lot.quantity > 0 else 0.0
    return sum(q for q, basis in sold if basis - own * q > 0.005)


def lots_as_kept(lots: Iterable[Lot], sold: Iterable[tuple[str, str, float, float]],
                 matches: Iterable[WashMatch]) -> tuple[Lot, ...]:
    """The household's ``lots`` as the plan leaves them: less the shares it sells (``sold``: (account,
    lot id, shares, their basis) per Lot Sales row), and each kept share its own wash sales reached
    carrying the washed loss in ``wash_adjustment`` and the tacked start in ``adjusted_acquired``
    (:func:`kept_shares`: IRC §1091(d), §1223(3)). A lot whose kept shares differ becomes one record
    per piece, same Lot ID. Example (module docstring): T2 sold whole, T3 kept -> T3 as 20 shares,
    basis $5,900, wash adjustment $400, held from 2025-12-10; T2 gone."""
    by_lot: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for account, lot_id, q, basis in sold:
        by_lot.setdefault((account, lot_id), []).append((q, basis))
    matched = [m for m in matches if not m.permanent and m.replacement_lot is not None]
    reached = {(m.replacement_account, m.replacement_lot) for m in matched}
    out: list[Lot] = []
    for lot in lots:
        key = (lot.account, lot.lot_id)
        parts = by_lot.get(key, [])
        left = lot.quantity - sum(q for q, _b in parts)
        if left <= _QTY_EPS:
            continue
        if not parts and key not in reached:
            out.append(lot)
            continue
        if lot.basis is None or lot.quantity <= 0:
            out.append(replace(lot, quantity=left))
            continue
        per_share, per_adj = lot.basis / lot.quantity, lot.wash_adjustment / lot.quantity
        for p in kept_shares(lot, left, 0.0, matched, carried_in(lot, parts)):
            out.append(replace(lot, quantity=p.shares, basis=per_share * p.shares,
                               wash_adjustment=per_adj * p.shares + p.carried,
                               adjusted_acquired=p.held_from if p.carried > 0.0 else lot.adjusted_acquired))
    return tuple(out)
