"""Lot relief: which tax lots a sale uses up, and the gain and term of each piece.

Rules
-----
* **Which shares were sold** (IRS Pub 550, "Identifying the shares sold"; Treas. Reg. §1.1012-1(c)):
  an investor who *adequately identifies* the shares (Specific ID, a standing order such as HIFO
  or a broker's tax-sensitive method) sells those shares; **without identification the shares
  acquired first are sold first (FIFO)**. So :data:`LotMethod.SPECIFIC` with no Lot IDs relieves
  FIFO and the returned :class:`Relief` says ``method=FIFO``.
* **Basis** of a piece is the lot's *adjusted* basis (cost plus any wash-sale disallowed loss, IRC
  §1091(d); Pub 550 "Wash Sales") pro rata by quantity (Pub 550 "Basis": a partial sale of a lot
  takes the same share of its basis). Gain = proceeds - adjusted basis (IRC §1001(a)).
* **Term**: long-term when held more than one year, counted from the lot's *holding start* (the
  acquisition date, tacked back by a wash sale, IRC §1223(3)); inherited shares are always long-term
  (IRC §1223(9)). See :mod:`taxrebal.engine.holding`.
* A lot with no basis (``basis is None``) sits in a tax-advantaged account, where a sale realizes no
  gain or loss (IRC §§408(e), 408A, 223(e)): its piece shows basis = proceeds, gain 0 and
  ``no_tax=True``.

Methods (an Enum + dispatch table of same-shaped ordering functions, :data:`ORDERINGS`):

========== =================================================================================
FIFO       earliest holding start first
LIFO       latest holding start first
HIFO       highest adjusted cost per share first
MinTax     the brokers' tax-sensitive order: short-term losses (largest loss per share first),
           long-term losses (largest first), zero-gain short, zero-gain long, long-term gains
           (smallest gain per share first), short-term gains (smallest first) last
Specific   the named Lot IDs, in the order given
TaxOptimal the least actual marginal tax for this household (needs a tax profile); see
           :func:`tax_optimal_quantities`
========== =================================================================================

Ties are broken by earlier holding start, then Lot ID in natural order (``L2`` before ``L10``).
Costs and gains per share are compared in whole micro-dollars (so two lots bought at the same price
tie exactly); a gain under half a micro-dollar per share counts as zero.

Implementation: one pass over the candidate lots builds aligned numpy arrays (:class:`LotFacts`);
orderings are ``np.lexsort`` on them and a sale walks the cumulative quantity, so relieving every
holding of a 100,000-lot household takes well under a second per method (``bench/bench_lots.py``).

Worked example (price $50, sale on 2026-11-25 of 150 shares)::

    lot  acquired    qty  basis   unit   gain/sh  term
    A    2020-01-10  100  3,000   30     +20      long
    B    2026-03-02  100  6,000   60     -10      short
    C    2025-12-01  100  4,500   45     + 5      short (long from 2026-12-02)

    FIFO   A 100, C 50      basis 3,000 + 2,250 = 5,250   ST gain   250  LT gain 2,000
    LIFO   B 100, C 50      basis 6,000 + 2,250 = 8,250   ST gain -750   LT gain     0
    HIFO   B 100, C 50      (60 > 45 > 30), the same as LIFO here
    MinTax B 100, A 50      ST loss first, then the LT gain before the ST gain:
                            ST gain -1,000, LT gain +1,000 (basis 6,000 + 1,500 = 7,500)

Proceeds are always quantity x price (7,500 here); fees are not modelled.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date
from itertools import compress
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Optional, Sequence

import numpy as np

from ..errors import LotSelectionError, OversellError
from .holding import WAIT_HORIZON_DAYS
from .money import EPS
from .records import Household, Lot, LotMethod, TaxTreatment

if TYPE_CHECKING:  # the tax engine (tax.py); imported lazily so lot relief works without it
    from .tax import TaxProfile

__all__ = [
    "ReliefPiece",
    "Relief",
    "relieve",
    "candidate_lots",
    "lots_by_symbol",
    "order_lots",
    "ORDERINGS",
    "lot_id_key",
    "LotFacts",
    "lot_facts",
    "long_term_ordinals",
    "held_quantity",
    "tax_optimal_quantities",
    "marginal_tax_function",
    "with_wait_savings",
    "format_shares",
]

#: A lot is treated as fully relieved when less than this many shares would be left.
DUST = 1e-9


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReliefPiece:
    """One lot (or part of it) relieved by a sale. Money in full precision (round at the edge)."""

    lot_id: str
    account: str
    symbol: str
    acquired: Optional[date]
    holding_start: Optional[date]
    quantity: float
    proceeds: float
    basis: float  # adjusted basis (cost + wash-sale adjustment), pro rata by quantity
    gain: float  # proceeds - basis; negative = loss
    long_term: bool
    days_to_long_term: int  # 0 when already long
    long_term_date: Optional[date]
    wait_saving: Optional[float]  # tax saved by selling on long_term_date instead (price unchanged)
    no_tax: bool = False  # lot in a tax-advantaged account (no basis): gain 0, no tax

    @property
    def term(self) -> str:
        return "Long" if self.long_term else "Short"


@dataclass(frozen=True)
class Relief:
    """The outcome of one sale: the pieces relieved, totals, and the lots left afterwards."""

    pieces: tuple[ReliefPiece, ...]
    method: LotMethod  # the method actually applied (Specific ID with no IDs -> FIFO, Pub 550)
    quantity: float
    proceeds: float
    basis: float
    st_gain: float
    lt_gain: float
    remaining: tuple[Lot, ...]  # input order; partial lots reduced pro rata (basis and adjustment)

    @property
    def gain(self) -> float:
        return self.st_gain + self.lt_gain


# --------------------------------------------------------------------------------------------
# Per-lot facts used by every ordering (numpy arrays: one pass over the lots per sale)
# --------------------------------------------------------------------------------------------

_SPLIT_DIGITS = re.compile(r"(\d+)")
_EPOCH = date(1970, 1, 1).toordinal()
#: Sort keys compare money per share in whole micro-dollars (so "equal cost" is exact).
_MICRO = 1_000_000.0


def lot_id_key(lot_id: str) -> tuple:
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
    ``long`` the term on ``sold``; ``gps`` the gain per share; ``*_key`` micro-dollar sort keys.
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
                    np.rint(gps * _MICRO).astype(np.int64), np.rint(unit * _MICRO).astype(np.int64))


def _lot_ref(lot: Lot) -> str:
    """``Lot L5 (VTI in Brokerage, Lots row 7)``: enough for the user to find it."""
    where = f", {lot.source.sheet} row {lot.source.row}" if lot.source is not None else ""
    return f"Lot {lot.lot_id} ({lot.symbol} in {lot.account}{where})"


def _check_dates(lots, start, inherited, no_basis, sold: date) -> None:
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


def _sort(f: LotFacts, keys: Sequence[np.ndarray], subset: Optional[np.ndarray] = None) -> np.ndarray:
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
    """Earliest holding start first (Pub 550: the default when shares are not identified)."""
    return _sort(f, ())


def _order_lifo(f: LotFacts) -> np.ndarray:
    """Latest holding start first; equal starts by Lot ID."""
    return _sort(f, (-f.start,))


def _order_hifo(f: LotFacts) -> np.ndarray:
    """Highest adjusted cost per share first; ties by earlier holding start, then Lot ID."""
    return _sort(f, (-f.unit_key,))


def _order_mintax(f: LotFacts) -> np.ndarray:
    """Brokers' tax-sensitive order (see the module docstring): by category, then ascending gain
    per share within it (deepest loss first, smallest gain first)."""
    cat = _mintax_category(f)
    return _sort(f, (cat, np.where((cat == 2) | (cat == 3), 0, f.gps_key)))


#: Method -> ordering. Specific ID and TaxOptimal are not fixed orderings (they depend on the
#: named IDs and on the quantity and the household's taxes) and are handled by :func:`relieve`.
ORDERINGS: Mapping[LotMethod, Ordering] = {
    LotMethod.FIFO: _order_fifo,
    LotMethod.LIFO: _order_lifo,
    LotMethod.HIFO: _order_hifo,
    LotMethod.MIN_TAX: _order_mintax,
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
# Candidates
# --------------------------------------------------------------------------------------------


def candidate_lots(household: Household, symbol: str, account: Optional[str] = None, *,
                   by_symbol: Optional[Mapping[str, Sequence[Lot]]] = None) -> tuple[Lot, ...]:
    """The lots a sale of ``symbol`` may relieve.

    ``account`` None -> the lots of ``symbol`` in every TAXABLE account (sales in tax-advantaged
    accounts realize no gain, so only taxable lots matter for tax); otherwise that account's lots
    of the symbol, whatever its type. Lots keep their Lots-sheet order. ``by_symbol`` is
    :func:`lots_by_symbol` of ``household.lots`` when the caller asks for many symbols (one pass over
    the lots in all, instead of one per call).
    """
    if by_symbol is None:
        of_symbol: Sequence[Lot] = tuple(lot for lot in household.lots if lot.symbol == symbol)
    else:
        of_symbol = by_symbol.get(symbol, ())
    if account is not None:
        return tuple(lot for lot in of_symbol if lot.account == account)
    taxable = {a.name for a in household.accounts if a.treatment is TaxTreatment.TAXABLE}
    return tuple(lot for lot in of_symbol if lot.account in taxable)


def lots_by_symbol(lots: Iterable[Lot]) -> dict[str, tuple[Lot, ...]]:
    """Symbol -> its lots, in their order: built once by a caller that asks :func:`candidate_lots`
    about many symbols of one household."""
    grouped: dict[str, list[Lot]] = {}
    for lot in lots:
        grouped.setdefault(lot.symbol, []).append(lot)
    return {k: tuple(v) for k, v in grouped.items()}


def held_quantity(lots: Iterable[Lot]) -> float:
    return sum(lot.quantity for lot in lots)


def format_shares(q: float) -> str:
    """Shares as people write them: ``12.5``, ``20``, ``0.123457`` (at most 6 decimals)."""
    text = f"{q:,.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _where(lots: Sequence[Lot]) -> str:
    accounts = sorted({lot.account for lot in lots})
    if not accounts:
        return "the chosen account(s)"
    if len(accounts) == 1:
        return accounts[0]
    return "accounts " + ", ".join(accounts)


def _oversell(lots: Sequence[Lot], symbol: str, held: float, asked: float, what: str = "") -> OversellError:
    where = _where(lots)
    return OversellError(
        f"{what or 'The household'} holds {format_shares(held)} shares of {symbol or 'this security'} "
        f"in {where}; you asked to sell {format_shares(asked)}. Sell at most {format_shares(held)} "
        "shares, or add the missing lots to the Lots sheet."
    )


# --------------------------------------------------------------------------------------------
# Relief
# --------------------------------------------------------------------------------------------

Taken = list  # list[tuple[int, float]]: (lot index into the facts, shares relieved)


def _take(f: LotFacts, order: np.ndarray, quantity: float) -> Taken:
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


@dataclass(frozen=True, eq=False)
class _PieceArrays:
    """The figures of a relief's pieces, aligned with ``pieces`` (for totals without a loop)."""

    pieces: tuple[ReliefPiece, ...]
    idx: np.ndarray
    qty: np.ndarray
    proceeds: np.ndarray
    basis: np.ndarray
    gain: np.ndarray
    long: np.ndarray


def _pieces(f: LotFacts, taken: Taken) -> _PieceArrays:
    """The pieces for ``taken`` (figures computed on arrays, then one record per piece)."""
    n = len(taken)
    idx = np.fromiter((i for i, _ in taken), np.int64, n)
    asked = np.fromiter((q for _, q in taken), float, n)
    lot_qty = f.qty[idx]
    full = lot_qty - asked <= DUST
    qty = np.where(full, lot_qty, asked)
    proceeds = qty * f.price
    adjusted = f.basis[idx]
    no_tax = np.isnan(adjusted)
    with np.errstate(invalid="ignore"):
        basis = np.where(no_tax, proceeds, np.where(full, adjusted, adjusted * (qty / np.where(full, 1.0, lot_qty))))
    gain = np.where(no_tax, 0.0, proceeds - basis)
    long = f.long[idx]
    lt_ord = f.lt_date[idx]
    days = np.where(long | (lt_ord == 0), 0, lt_ord - f.sold.toordinal())
    lt_dates = {t: date.fromordinal(t) for t in set(lt_ord.tolist()) if t}
    lots = f.lots
    pieces = tuple(
        ReliefPiece(lot.lot_id, lot.account, lot.symbol, lot.acquired, lot.adjusted_acquired or lot.acquired,
                    q, p, b, g, lg, d, lt_dates.get(t), None, nt)
        for lot, q, p, b, g, lg, d, t, nt in zip(
            [lots[i] for i in idx.tolist()], qty.tolist(), proceeds.tolist(), basis.tolist(), gain.tolist(),
            long.tolist(), days.tolist(), lt_ord.tolist(), no_tax.tolist()))
    return _PieceArrays(pieces, idx, qty, proceeds, basis, gain, long)


def _reduce(lot: Lot, qty: float) -> Lot:
    """The part of ``lot`` left after selling ``qty`` shares: basis and adjustment pro rata."""
    left = lot.quantity - qty
    share = left / lot.quantity
    return replace(
        lot,
        quantity=left,
        basis=None if lot.basis is None else lot.basis * share,
        wash_adjustment=lot.wash_adjustment * share,
    )


def _build_relief(f: LotFacts, taken: Taken, method: LotMethod) -> Relief:
    arr = _pieces(f, taken)
    keep = np.ones(len(f), dtype=bool)
    keep[arr.idx] = False
    remaining = list(compress(f.lots, keep))
    partial = np.flatnonzero(f.qty[arr.idx] - arr.qty > DUST)  # at most a lot or two
    for n, k in enumerate(sorted(partial.tolist(), key=lambda k: int(arr.idx[k]))):
        i = int(arr.idx[k])
        remaining.insert(int(np.count_nonzero(keep[:i])) + n, _reduce(f.lots[i], float(arr.qty[k])))
    return Relief(pieces=arr.pieces, method=method, quantity=float(arr.qty.sum()),
                  proceeds=float(arr.proceeds.sum()), basis=float(arr.basis.sum()),
                  st_gain=float(arr.gain[~arr.long].sum()), lt_gain=float(arr.gain[arr.long].sum()),
                  remaining=tuple(remaining))


def _specific_indexes(f: LotFacts, lot_ids: Sequence[str], symbol: str) -> np.ndarray:
    by_id: dict[str, int] = {}
    for i, lot in enumerate(f.lots):
        by_id.setdefault(lot.lot_id, i)
    chosen: list[int] = []
    seen: set[str] = set()
    for raw in lot_ids:
        lot_id = str(raw).strip()
        if lot_id in seen:
            continue
        seen.add(lot_id)
        i = by_id.get(lot_id)
        if i is None:
            known = ", ".join(sorted(by_id, key=lot_id_key)[:12]) or "none"
            raise LotSelectionError(
                f"Lot ID {lot_id!r} is not a lot of {symbol or 'this security'} in {_where(f.lots)} "
                f"(its lots are: {known}). Correct the Lot IDs of the sale, or choose another method."
            )
        chosen.append(i)
    return np.asarray(chosen, dtype=np.int64)


def relieve(
    lots: Sequence[Lot],
    quantity: float,
    price: float,
    sold: date,
    method: LotMethod,
    *,
    lot_ids: Sequence[str] = (),
    profile: "Optional[TaxProfile]" = None,
    wait_horizon_days: int = WAIT_HORIZON_DAYS,
    whole_shares: bool = False,
    lot_quantities: Sequence[float] = (),
) -> Relief:
    """Relieve ``quantity`` shares sold at ``price`` on ``sold`` from ``lots`` by ``method``.

    ``lots`` are the candidates (one symbol, the chosen account(s); see :func:`candidate_lots`).
    ``profile`` (a :class:`taxrebal.engine.tax.TaxProfile`) is needed for TaxOptimal and for each
    piece's ``wait_saving``; without it ``wait_saving`` is None. Selling more than ``lots`` hold
    raises :class:`~taxrebal.errors.OversellError`; an unknown Lot ID raises
    :class:`~taxrebal.errors.LotSelectionError`. ``lot_ids`` are used by Specific ID only (with
    ``lot_quantities``, aligned with them and distinct, the shares taken from each named lot);
    ``whole_shares`` keeps TaxOptimal's pieces whole (the fixed orders never split a lot except the
    last one, which takes what the quantity leaves).
    """
    method = LotMethod(method)
    symbol = lots[0].symbol if lots else ""
    if not (quantity == quantity) or quantity < 0:  # NaN or negative
        raise LotSelectionError(
            f"The quantity to sell must be a positive number of shares; got {quantity!r}."
        )
    if not (price == price) or price < 0:
        raise LotSelectionError(f"The sale price must be a positive number; got {price!r}.")
    symbols = {lot.symbol for lot in lots}
    if len(symbols) > 1:
        raise LotSelectionError(
            f"A sale relieves lots of one security, but these lots are of {', '.join(sorted(symbols))}. "
            "Pass only the lots of the symbol sold (candidate_lots does that)."
        )
    f = lot_facts(lots, price, sold)
    held = float(f.qty[f.qty > 0].sum())
    if quantity > held + DUST * max(1.0, held):
        raise _oversell(f.lots, symbol, held, quantity)
    quantity = min(quantity, held)

    if method is LotMethod.SPECIFIC and lot_ids:
        named = _specific_indexes(f, lot_ids, symbol)
        named_held = float(f.qty[named].sum())
        if quantity > named_held + DUST * max(1.0, named_held):
            raise OversellError(
                f"The named lots ({', '.join(f.lots[int(i)].lot_id for i in named)}) hold "
                f"{format_shares(named_held)} shares of {symbol}; you asked to sell "
                f"{format_shares(quantity)}. Name more lots or sell at most "
                f"{format_shares(named_held)} shares."
            )
        if lot_quantities and len(lot_quantities) == len(lot_ids) == len(named):
            # Specific ID with shares named per lot (the rebalancer's lot sales): exactly those.
            taken = [(int(i), min(float(q), float(f.qty[i]))) for i, q in zip(named, lot_quantities)
                     if q > DUST]
        else:
            taken = _take(f, named, quantity)
        applied = LotMethod.SPECIFIC
    elif method is LotMethod.TAX_OPTIMAL:
        if profile is None:
            raise LotSelectionError(
                "TaxOptimal chooses lots by the household's actual tax, so it needs the tax profile "
                "(Settings sheet: filing status, income, ...). Pass profile=TaxProfile.from_settings(...)."
            )
        if np.isnan(f.basis).all():  # tax-advantaged lots only: no tax whichever lots are sold
            taken = _take(f, _order_mintax(f), quantity)
        else:
            taken = _tax_optimal_taken(f, quantity, marginal_tax_function(profile),
                                       whole_shares=whole_shares)
        applied = LotMethod.TAX_OPTIMAL
    else:
        applied = LotMethod.FIFO if method is LotMethod.SPECIFIC else method  # Pub 550 default
        taken = _take(f, ORDERINGS[applied](f), quantity)

    relief = _build_relief(f, taken, applied)
    if profile is not None:
        relief = with_wait_savings(relief, profile, wait_horizon_days)
    return relief


# --------------------------------------------------------------------------------------------
# Tax (engine/tax.py) and TaxOptimal
# --------------------------------------------------------------------------------------------


TaxFunction = Callable[[float, float], float]


def marginal_tax_function(profile: "TaxProfile") -> TaxFunction:
    """``(st_gain, lt_gain) -> marginal federal + state tax`` for ``profile``, the no-sale return
    computed once (same figures as :func:`taxrebal.engine.tax.marginal_tax`, about half the work)."""
    from .tax import compute_tax

    before = compute_tax(profile).total

    def tax_of(st_gain: float, lt_gain: float) -> float:
        return compute_tax(profile, st_gain, lt_gain).total - before

    return tax_of


def with_wait_savings(relief: Relief, profile: "TaxProfile", horizon_days: int = WAIT_HORIZON_DAYS) -> Relief:
    """Fill ``wait_saving`` of each short-term *gain* piece that turns long-term within the horizon.

    Saving = tax of the whole sale now - tax of the same sale with this piece sold on its long-term
    date as long-term (the rest of the sale unchanged; the price assumed unchanged), two exact tax
    computations in the tax year that date falls in, with that year's parameters
    (:func:`taxrebal.engine.waiting.wait_for_long_term`: a date next year moves the sale to next
    year's return).
    """
    from .waiting import wait_for_long_term

    changed = {}
    for k, p in enumerate(relief.pieces):
        if (not p.long_term and not p.no_tax and p.gain > EPS and p.long_term_date is not None
                and 0 < p.days_to_long_term <= horizon_days):
            wait = wait_for_long_term(profile, relief.st_gain, relief.lt_gain, p.gain, p.long_term_date)
            changed[k] = replace(p, wait_saving=wait.saving)
    if not changed:
        return relief
    pieces = tuple(changed.get(k, p) for k, p in enumerate(relief.pieces))
    return replace(relief, pieces=pieces)


class _Frontier:
    """Cheapest-first lots of one term: prefix sums of quantity and gain (piecewise-linear F)."""

    def __init__(self, f: LotFacts, subset: np.ndarray):
        self.order = _sort(f, (f.gps_key,), subset)  # deepest loss / smallest gain first
        q = f.qty[self.order]
        self.gps = f.gps[self.order]
        self.cum_q = np.concatenate(([0.0], np.cumsum(q)))
        self.cum_g = np.concatenate(([0.0], np.cumsum(self.gps * q)))

    @property
    def total(self) -> float:
        return float(self.cum_q[-1])

    def gain(self, q: float) -> float:
        """Least total gain from selling ``q`` shares of this term (deepest loss first)."""
        if q <= 0 or len(self.gps) == 0:
            return 0.0
        k = min(int(np.searchsorted(self.cum_q, q, side="right")) - 1, len(self.gps) - 1)
        return float(self.cum_g[k] + self.gps[k] * (q - self.cum_q[k]))


def tax_optimal_quantities(
    lots: Sequence[Lot], quantity: float, price: float, sold: date, tax_of: TaxFunction,
    *, exhaustive_limit: int = 32, max_evaluations: int = 4000, whole_shares: bool = False,
) -> list[tuple[Lot, float]]:
    """The (lot, shares) pieces of least tax ``tax_of(st_gain, lt_gain)`` (see
    :func:`marginal_tax_function`), in MinTax order.

    Why it is exact up to the search below: for a fixed number ``x`` of short-term shares sold,
    taking short-term shares in ascending gain per share gives the least short-term gain
    F_ST(x), and likewise F_LT(Q - x) for long-term. Tax never falls when a gain rises, so an
    optimum lies on the curve ``x -> tax(F_ST(x), F_LT(Q - x))``, a one-dimensional
    piecewise-linear function of x (convex between the tax function's own kinks, because there
    the tax is linear with non-negative rates and both F are convex).

    Search: every lot breakpoint when there are at most ``exhaustive_limit`` of them, otherwise a
    zooming sample (9 evenly spaced breakpoints, then around the best two, recursively); then the
    tax function's kinks inside every lot segment (small grids) or the segments next to the best
    points (intersection of the end slopes, recursively). FIFO's, LIFO's, HIFO's and MinTax's own splits are always
    evaluated, so TaxOptimal is never worse than any of them; ties keep MinTax's choice. ``whole_shares``
    (Settings "Whole Shares") keeps every piece a whole number of shares when the sale and the
    lots are whole.
    """
    f = lot_facts(lots, price, sold)
    return [(f.lots[i], q) for i, q in _tax_optimal_taken(f, quantity, tax_of, exhaustive_limit,
                                                          max_evaluations, whole_shares)]


def _whole(x: float) -> bool:
    return abs(x - round(x)) <= 1e-9


def _tax_optimal_taken(f: LotFacts, quantity: float, tax_of: TaxFunction, exhaustive_limit: int = 32,
                       max_evaluations: int = 4000, whole_shares: bool = False) -> Taken:
    positive = f.qty > 0
    st = _Frontier(f, np.flatnonzero(positive & ~f.long))
    lt = _Frontier(f, np.flatnonzero(positive & f.long))
    lo = max(0.0, quantity - lt.total)
    hi = max(lo, min(quantity, st.total))

    memo: dict[float, float] = {}

    def tax(x: float) -> float:
        t = memo.get(x)
        if t is None:
            t = memo[x] = tax_of(st.gain(x), lt.gain(quantity - x))
        return t

    # The fixed methods' own splits: MinTax first (ties keep it), then FIFO, LIFO, HIFO.
    mintax_order = _order_mintax(f)
    best_x, best_t = None, 0.0
    for method in (LotMethod.MIN_TAX, LotMethod.FIFO, LotMethod.LIFO, LotMethod.HIFO):
        order = mintax_order if method is LotMethod.MIN_TAX else ORDERINGS[method](f)
        x = sum(q for i, q in _take(f, order, quantity) if not f.long[i])
        x = min(max(x, lo), hi)
        t = tax(x)
        if best_x is None or t < best_t - EPS:
            best_x, best_t = x, t

    grid = np.unique(np.concatenate((
        [lo, hi],
        st.cum_q[(st.cum_q > lo) & (st.cum_q < hi)],
        quantity - lt.cum_q[(quantity - lt.cum_q > lo) & (quantity - lt.cum_q < hi)],
    )))

    def visit(i0: int, i1: int) -> None:
        if i1 - i0 + 1 <= exhaustive_limit:
            for x in grid[i0: i1 + 1]:
                tax(float(x))
            return
        samples = np.unique(np.linspace(i0, i1, 9).round().astype(int))
        values = [tax(float(grid[s])) for s in samples]
        for k in sorted(range(len(samples)), key=values.__getitem__)[:2]:
            visit(int(samples[max(k - 1, 0)]), int(samples[min(k + 1, len(samples) - 1)]))

    visit(0, len(grid) - 1)
    evaluated = sorted((t, x) for x, t in memo.items())
    for t, x in evaluated:
        if t < best_t - EPS:
            best_x, best_t = x, t
        break

    # The tax's own kinks inside lot segments: every segment of a small grid, else the segments
    # next to the best grid points.
    position = {float(x): k for k, x in enumerate(grid)}
    segments = set()
    if len(grid) <= exhaustive_limit:
        segments.update((k, k + 1) for k in range(len(grid) - 1))
    for _, x in evaluated[:4]:
        k = position.get(x)
        if k is not None:
            segments.update({(k - 1, k), (k, k + 1)})
    for k0, k1 in sorted(segments):
        if k0 < 0 or k1 >= len(grid) or len(memo) >= max_evaluations:
            continue
        a, b = float(grid[k0]), float(grid[k1])
        x, t = _segment_minimum(tax, a, tax(a), b, tax(b), lambda: len(memo) < max_evaluations)
        if t < best_t - EPS:
            best_x, best_t = x, t

    rounded = min(max(round(best_x, 6), lo), hi)  # shares to 1e-6, if that costs nothing
    if rounded != best_x and tax(rounded) <= best_t + EPS:
        best_x = rounded
    if whole_shares and _whole(quantity) and all(_whole(q) for q in f.qty.tolist()):
        # Every lot breakpoint is then a whole number; keep the split whole too.
        whole = [x for x in memo if _whole(x)]
        whole += [float(v) for v in (math.floor(best_x), math.ceil(best_x)) if lo - DUST <= v <= hi + DUST]
        best_x = min(whole, key=lambda x: (tax(x), abs(x - best_x)))
    taken = _take(f, st.order, best_x) + _take(f, lt.order, quantity - best_x)
    rank = np.empty(len(f), dtype=np.int64)
    rank[mintax_order] = np.arange(len(f))
    taken.sort(key=lambda iq: rank[iq[0]])
    return taken


def _segment_minimum(
    f: Callable[[float], float], a: float, fa: float, b: float, fb: float, more: Callable[[], bool],
    depth: int = 0,
) -> tuple[float, float]:
    """Least value of a piecewise-linear ``f`` on [a, b] (exact at kinks it can resolve).

    The lines through each end (slope measured just inside) meet at the only kink when there is
    one; if ``f`` there is off both lines, more kinks lie either side and each half is searched.
    """
    best = (a, fa) if fa <= fb else (b, fb)
    width = b - a
    if width <= 1e-6 or depth > 40 or not more():
        return best
    h = min(width * 1e-4, 1e-4)
    sa = (f(a + h) - fa) / h
    sb = (fb - f(b - h)) / h
    tol = max(EPS, 1e-9 * (abs(fa) + abs(fb)))
    if abs(sa - sb) * width <= tol:  # one line end to end; check the middle for hidden kinks
        m = 0.5 * (a + b)
        fm = f(m)
        if abs(fm - 0.5 * (fa + fb)) <= tol:
            return best
        xk, fk = m, fm
    else:
        xk = (fb - fa + sa * a - sb * b) / (sa - sb)
        if not (a < xk < b):
            xk = 0.5 * (a + b)
        fk = f(xk)
        if abs(fk - (fa + sa * (xk - a))) <= tol and abs(fk - (fb + sb * (xk - b))) <= tol:
            return min(best, (xk, fk), key=lambda p: p[1])
    left = _segment_minimum(f, a, fa, xk, fk, more, depth + 1)
    right = _segment_minimum(f, xk, fk, b, fb, more, depth + 1)
    return min(best, left, right, key=lambda p: p[1])
