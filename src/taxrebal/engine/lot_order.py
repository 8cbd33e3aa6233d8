"""Lot orders: the facts every lot method needs about each candidate lot, and the fixed orders.

Rules (IRS Pub 550, "Identifying the shares sold"; Treas. Reg. §1.1012-1(c)): shares not adequately
identified are sold first-in, first-out (FIFO); an investor who identifies them (Specific ID or a
standing order) sells those. The fixed orders, an Enum plus a dispatch table of same-shaped functions
(:data:`ORDERINGS`):

========== =================================================================================
FIFO       earliest purchase (acquisition) date first
LIFO       latest purchase date first
HIFO       highest adjusted cost per share first
MinTax     the brokers' tax-sensitive order: short-term losses (largest loss per share first),
           long-term losses (largest first), zero-gain short, zero-gain long, long-term gains
           (smallest gain per share first), short-term gains (smallest first) last. A fixed order
           that knows no tax rates, so despite its name it can cost more than LIFO or HIFO (a
           large long-term gain a share before a small short-term one); TaxOptimal
           (:mod:`taxrebal.engine.tax_optimal`, the default) computes the least tax
========== =================================================================================

Ties are broken by earlier holding start, then Lot ID in natural order (``L2`` before ``L10``).
FIFO and LIFO order by the date the shares were *bought*, not by the holding start a wash sale tacked
back (IRC §1223(3) changes how long the shares are held, not when they were purchased): Treas. Reg.
§1.1012-1(c)(1) charges unidentified shares "against the earliest of such lots purchased or acquired",
and the wash-sale matching (Treas. Reg. §1.1091-1(b)) takes purchases in the same order. A replacement
lot bought 2026-10-25 whose holding period starts 2026-05-16 is sold by FIFO after a lot bought
2026-06-01.
An inherited lot entered as ``Inherited`` has no acquisition date on the sheet; the fixed orders treat
it as the earliest (FIFO sells it first, LIFO last). This is our reading: Treas. Reg. §1.1012-1(c)(1)
charges a sale against "the earliest of such lots purchased or acquired", and inherited shares are
acquired at the decedent's death (IRC §1014), a date the sheet does not hold; the shares are long-term
whatever the dates (IRC §1223(9)). To sell other shares first, name their Lot IDs (Specific ID).
Costs and gains per share are compared in whole micro-dollars (so two lots bought at the same price
tie exactly); a gain under half a micro-dollar per share counts as zero. The holding start is the
acquisition date, tacked back by a wash sale (IRC §1223(3)); a sale is long-term from the day after
the anniversary (IRC §1222(3); February 29 -> February 28, Rev. Rul. 66-7).

Implementation: one pass over the candidate lots builds aligned numpy arrays (:class:`LotFacts`);
orderings are ``np.lexsort`` on them and :func:`take` walks the cumulative quantity.

Worked example (price $50, sale on 2026-11-25): A 100 sh acquired 2020-01-10 at $30/sh (long, gain
$20/sh), B 100 sh 2026-03-02 at $60 (short, loss $10/sh), C 100 sh 2025-12-01 at $45 (short, gain
$5/sh). FIFO: A, C, B. LIFO: B, C, A. HIFO: B (60), C (45), A (30). MinTax: B (short-term loss),
then A (long-term gain), then C (short-term gain).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Mapping, Optional, Sequence

import numpy as np

from ..errors import LotSelectionError
from .records import Lot, LotMethod

__all__ = [
    "DUST",
    "LotFacts",
    "lot_facts",
    "lot_id_key",
    "long_term_ordinals",
    "Ordering",
    "ORDERINGS",
    "order_lots",
    "order_mintax",
    "sort_lots",
    "Taken",
    "take",
]

#: A lot is treated as fully relieved when less than this many shares would be left.
DUST = 1e-9


# --------------------------------------------------------------------------------------------
# Per-lot facts used by every ordering (numpy arrays: one pass over the lots per sale)
# --------------------------------------------------------------------------------------------

_SPLIT_DIGITS = re.compile(r"(\d+)")
_EPOCH = date(1970, 1, 1).toordinal()
#: Sort keys compare money per share in whole micro-dollars (so "equal cost" is exact).
_MICRO = 1_000_000.0


def lot_id_key(lot_id: str) -> tuple[tuple[int | str, ...], str]:
    """Natural sort key of a Lot ID: ``L2`` < ``L10``; ``L01`` and ``L1`` then by raw text."""
    parts = _SPLIT_DIGITS.split(lot_id)
    return (tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), lot_id)


def long_term_ordinals(start: np.ndarray) -> np.ndarray:
    """Vectorised :func:`taxrebal.engine.holding.long_term_date` on date ordinals (0 -> 0).

    The anniversary is the same month and day a year later, February 29 -> February 28 (Rev. Rul.
    66-7); the first long-term day is the day after it (IRC §1222(3)).
    """
    out = np.zeros(len(start), dtype=np.int64)
    has = start > 0
    if not has.any():
        return out
    days = (start[has] - _EPOCH).astype("datetime64[D]")
    month = days.astype("datetime64[M]")
    day_of_month = (days - month.astype("datetime64[D]")).astype(np.int64)  # 0-based
    next_year = month + 12
    first = next_year.astype("datetime64[D]")
    month_len = ((next_year + 1).astype("datetime64[D]") - first).astype(np.int64)
    anniversary = first + np.minimum(day_of_month, month_len - 1)
    out[has] = anniversary.astype(np.int64) + _EPOCH + 1
    return out


@dataclass(frozen=True, eq=False)
class LotFacts:
    """What the orderings need about each candidate lot for one sale, as aligned arrays.

    ``basis`` is the adjusted basis (nan when the lot has none); ``unit`` the adjusted cost per
    share (the price when no basis, so its gain is 0); ``start`` the holding-start ordinal (0 when
    none); ``lt_date`` the ordinal of the first long-term day (0 when inherited or undated);
    ``long`` the term on ``sold``; ``gps`` the gain per share; ``*_key`` micro-dollar sort keys;
    ``bought`` the purchase-date ordinal (FIFO's and LIFO's key: the holding start before any
    wash-sale tacking; 0 when none).
    """

    lots: tuple[Lot, ...]
    price: float
    sold: date
    qty: np.ndarray
    basis: np.ndarray
    unit: np.ndarray
    start: np.ndarray
    lt_date: np.ndarray
    long: np.ndarray
    gps: np.ndarray
    gps_key: np.ndarray
    unit_key: np.ndarray
    bought: np.ndarray

    def __len__(self) -> int:
        return len(self.lots)


def lot_facts(lots: Sequence[Lot], price: float, sold: date) -> LotFacts:
    """Extract and check the facts of ``lots`` for a sale at ``price`` on ``sold``."""
    lots = tuple(lots)
    n = len(lots)
    qty = np.fromiter((lot.quantity for lot in lots), float, n)
    cost = np.fromiter((np.nan if lot.basis is None else lot.basis + lot.wash_adjustment for lot in lots), float, n)
    starts = [lot.adjusted_acquired or lot.acquired for lot in lots]  # Lot.holding_start, inlined
    start = np.fromiter((0 if d is None else d.toordinal() for d in starts), np.int64, n)
    bought = np.fromiter((0 if lot.acquired is None else lot.acquired.toordinal() for lot in lots), np.int64, n)
    inherited = np.fromiter((lot.inherited for lot in lots), bool, n)
    no_basis = np.isnan(cost)
    sold_ord = sold.toordinal()
    _check_dates(lots, start, inherited, no_basis, sold)
    lt_date = np.where(inherited, 0, long_term_ordinals(start))
    long = inherited | (start == 0) | (sold_ord >= lt_date)  # start == 0 here only without basis
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = np.where(no_basis | (qty <= 0), price, cost / np.where(qty > 0, qty, 1.0))
    gps = price - unit
    return LotFacts(lots, price, sold, qty, cost, unit, start, lt_date, long, gps,
                    np.rint(gps * _MICRO).astype(np.int64), np.rint(unit * _MICRO).astype(np.int64), bought)


def _lot_ref(lot: Lot) -> str:
    """``Lot L5 (VTI in Brokerage, Lots row 7)``: enough for the user to find it."""
    where = f", {lot.source.sheet} row {lot.source.row}" if lot.source is not None else ""
    return f"Lot {lot.lot_id} ({lot.symbol} in {lot.account}{where})"


def _check_dates(lots: Sequence[Lot], start: np.ndarray, inherited: np.ndarray, no_basis: np.ndarray,
                 sold: date) -> None:
    undated = np.flatnonzero((start == 0) & ~inherited & ~no_basis)
    if len(undated):
        lot = lots[int(undated[0])]
        raise LotSelectionError(
            f"{_lot_ref(lot)} has a cost basis but no acquisition "
            "date, so its holding period is unknown. Enter the Acquired date on the Lots sheet "
            "(or 'Inherited' for inherited shares)."
        )
    future = np.flatnonzero(start > sold.toordinal())
    if len(future):
        lot = lots[int(future[0])]
        raise LotSelectionError(
            f"{_lot_ref(lot)} was acquired "
            f"{date.fromordinal(int(start[future[0]])).isoformat()}, after the sale date "
            f"{sold.isoformat()}; it cannot be sold then. Check the Acquired date on the Lots sheet "
            "or the sale date."
        )


def _mintax_category(f: LotFacts) -> np.ndarray:
    """0 ST loss, 1 LT loss, 2 zero ST, 3 zero LT, 4 LT gain, 5 ST gain (the MinTax order)."""
    long = f.long
    zero = f.gps_key == 0
    loss = f.gps_key < 0
    return np.where(zero, np.where(long, 3, 2), np.where(loss, np.where(long, 1, 0), np.where(long, 4, 5)))


def sort_lots(f: LotFacts, keys: Sequence[np.ndarray], subset: Optional[np.ndarray] = None) -> np.ndarray:
    """Indexes of ``f``'s lots (or of ``subset``) sorted by ``keys`` (primary first), then holding
    start, then natural Lot ID for lots equal on every key."""
    idx = np.arange(len(f)) if subset is None else subset
    if len(idx) == 0:
        return idx
    full = [k[idx] for k in keys] + [f.start[idx]]
    order = np.lexsort(tuple(reversed(full)))
    idx = idx[order]
    if len(idx) > 1:
        same = np.ones(len(idx) - 1, dtype=bool)
        for k in full:
            ks = k[order]
            same &= ks[1:] == ks[:-1]
        if same.any():
            idx = idx.copy()
            _break_ties_by_lot_id(f, idx, same)
    return idx


def _break_ties_by_lot_id(f: LotFacts, idx: np.ndarray, same: np.ndarray) -> None:
    """Within each run of equal keys, order by natural Lot ID (in place)."""
    i, n = 0, len(same)
    while i < n:
        if not same[i]:
            i += 1
            continue
        j = i
        while j < n and same[j]:
            j += 1
        run = idx[i: j + 1]
        idx[i: j + 1] = sorted(run, key=lambda k: lot_id_key(f.lots[int(k)].lot_id))
        i = j + 1


# --------------------------------------------------------------------------------------------
# Orderings: same shape (facts) -> lot indexes in relief order
# --------------------------------------------------------------------------------------------

Ordering = Callable[[LotFacts], np.ndarray]


def _order_fifo(f: LotFacts) -> np.ndarray:
    """Earliest purchase first (Pub 550; Treas. Reg. §1.1012-1(c)(1): the default when shares are
    not identified); equal dates by holding start, then Lot ID."""
    return sort_lots(f, (f.bought,))


def _order_lifo(f: LotFacts) -> np.ndarray:
    """Latest purchase first; equal dates by holding start, then Lot ID."""
    return sort_lots(f, (-f.bought,))


def _order_hifo(f: LotFacts) -> np.ndarray:
    """Highest adjusted cost per share first; ties by earlier holding start, then Lot ID."""
    return sort_lots(f, (-f.unit_key,))


def order_mintax(f: LotFacts) -> np.ndarray:
    """Brokers' tax-sensitive order (see the module docstring): by category, then ascending gain
    per share within it (deepest loss first, smallest gain first)."""
    cat = _mintax_category(f)
    return sort_lots(f, (cat, np.where((cat == 2) | (cat == 3), 0, f.gps_key)))


#: Method -> ordering. Specific ID and TaxOptimal are not fixed orderings (they depend on the
#: named IDs and on the quantity and the household's taxes) and are handled by :func:`relieve`.
ORDERINGS: Mapping[LotMethod, Ordering] = {
    LotMethod.FIFO: _order_fifo,
    LotMethod.LIFO: _order_lifo,
    LotMethod.HIFO: _order_hifo,
    LotMethod.MIN_TAX: order_mintax,
}


def order_lots(lots: Sequence[Lot], price: float, sold: date, method: LotMethod) -> list[Lot]:
    """The lots in the order ``method`` relieves them.

    Specific ID without named lots is FIFO (Pub 550). TaxOptimal has no fixed order (it depends on
    the quantity sold and the household's tax): use :func:`relieve` with a profile.
    """
    method = LotMethod(method)
    if method is LotMethod.SPECIFIC:
        method = LotMethod.FIFO
    if method is LotMethod.TAX_OPTIMAL:
        raise LotSelectionError(
            "TaxOptimal has no fixed lot order: it depends on the quantity sold and the household's "
            "tax. Call relieve(..., method=TaxOptimal, profile=...) instead of order_lots."
        )
    f = lot_facts(lots, price, sold)
    return [f.lots[int(i)] for i in ORDERINGS[method](f)]


# --------------------------------------------------------------------------------------------
# Walking an order
# --------------------------------------------------------------------------------------------

Taken = list[tuple[int, float]]  # (lot index into the facts, shares relieved)


def take(f: LotFacts, order: np.ndarray, quantity: float) -> Taken:
    """Walk ``order`` taking whole lots until ``quantity`` is met (the last one partly)."""
    order = order[f.qty[order] > 0]
    if quantity <= DUST or len(order) == 0:
        return []
    cum = np.cumsum(f.qty[order])
    k = min(int(np.searchsorted(cum, quantity - DUST)), len(order) - 1)
    out: Taken = list(zip(order[:k].tolist(), f.qty[order[:k]].tolist()))
    before = float(cum[k - 1]) if k > 0 else 0.0
    last = int(order[k])
    need = quantity - before
    out.append((last, float(f.qty[last]) if f.qty[last] - need <= DUST else need))
    return out
