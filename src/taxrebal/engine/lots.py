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

Methods (an Enum + dispatch table of same-shaped ordering functions, :data:`ORDERINGS`): FIFO,
LIFO, HIFO and MinTax are fixed orders (:mod:`taxrebal.engine.lot_order`, which also holds the
tie-breaks and the per-lot facts as numpy arrays); Specific ID relieves the named Lot IDs in the order
given; TaxOptimal chooses the lots of least actual marginal tax for this household (needs a tax
profile; :mod:`taxrebal.engine.tax_optimal`). Relieving every holding of a 100,000-lot household
takes well under a second per method (``bench/bench_lots.py``).

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

from dataclasses import dataclass, fields, replace
from datetime import date
from itertools import compress
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence

import numpy as np

from ..errors import LotSelectionError, OversellError
from .holding import WAIT_HORIZON_DAYS
from .kept_wash import RecentShares, kept_wash, recent_lot_shares
from .lot_order import (
    DUST,
    ORDERINGS,
    LotFacts,
    Taken,
    long_term_ordinals,
    lot_facts,
    lot_id_key,
    order_lots,
    order_mintax,
    take,
)
from .money import EPS
from .records import Household, Lot, LotMethod, TaxTreatment
from .tax import TaxProfile
from .tax_optimal import marginal_rate_bound, marginal_tax_function, tax_optimal_quantities, tax_optimal_taken
from .waiting import wait_for_long_term
from .wash import window_days

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
    inherited: bool = False  # Acquired = "Inherited": long-term whatever the dates (IRC §1223(9))
    #: (proceeds, basis) in cents as shown: a plan's sale's Lot Sales figures (engine/sale_cents.py), else None
    shown: Optional[tuple[float, float]] = None

    @property
    def term(self) -> str:
        return "Long" if self.long_term else "Short"


_PIECE_FIELDS = tuple(field.name for field in fields(ReliefPiece))


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


def _piece_maker() -> Callable[..., ReliefPiece]:
    """A ReliefPiece from its field values in order, as the generated ``__init__`` would make it
    (every field set, nothing else; the record stays frozen to its users) at about half the cost:
    a sale of many lots makes one per lot, and the frozen ``__init__`` sets each field through
    ``object.__setattr__``."""
    new = object.__new__
    names = _PIECE_FIELDS

    def make(*values: Any) -> ReliefPiece:
        piece: ReliefPiece = new(ReliefPiece)
        piece.__dict__.update(zip(names, values))
        return piece

    return make


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
    piece = _piece_maker()
    pieces = tuple(
        piece(lot.lot_id, lot.account, lot.symbol, lot.acquired, lot.adjusted_acquired or lot.acquired,
              q, p, b, g, lg, d, lt_dates.get(t), None, nt, lot.inherited, None)
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


def _build_relief(f: LotFacts, taken: Taken, method: LotMethod, with_remaining: bool = True) -> Relief:
    """The relief of the ``taken`` pieces; ``with_remaining=False``: without the lots left (``remaining``
    empty), for a candidate only weighed by its gains (:func:`_least_tax_with_kept_wash`)."""
    arr = _pieces(f, taken)
    remaining: list[Lot] = []
    if with_remaining:
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
        index = by_id.get(lot_id)
        if index is None:
            known = ", ".join(sorted(by_id, key=lot_id_key)[:12]) or "none"
            raise LotSelectionError(
                f"Lot ID {lot_id!r} is not a lot of {symbol or 'this security'} in {_where(f.lots)} "
                f"(its lots are: {known}). Correct the Lot IDs of the sale, or choose another method."
            )
        chosen.append(index)
    return np.asarray(chosen, dtype=np.int64)


#: the most recent lots among a sale's candidates for which each one is tried as the lot sold in part
_PARTIAL_RECENT_LIMIT = 12


def _least_tax_with_kept_wash(f: LotFacts, taken: Taken, quantity: float,
                              tax_of: Callable[[float, float], float],
                              recent: "Optional[Sequence[RecentShares]]" = None,
                              purchase_of: Optional[Mapping[tuple[str, str], str]] = None) -> Taken:
    """TaxOptimal's lots once the wash sale of the recent shares a sale keeps is counted
    (:mod:`taxrebal.engine.kept_wash`, IRC §1091(a); Treas. Reg. §1.1091-1(c)): the optimizer's own
    choice, or a fixed order's (FIFO, LIFO, HIFO, MinTax, or the recent lots first) when that costs less
    tax after the loss it washes. Example: 25 of L2 (20 sh at $320, 2025) and L3 (10 sh at $310, bought
    16 days ago) at $300: L2 20 + L3 5 lose $450 but keep 5 recent shares that wash $100 (-$350);
    L3 10 + L2 15 lose $400 and keep none, so TaxOptimal sells those. Candidate lots with no purchase
    in the window: the optimizer's choice, unchanged. ``recent``: the purchases that can wash, in every
    account of the household (:func:`relieve`); None -> the candidate lots' own."""
    if recent is None:
        recent = recent_lot_shares(f.lots, f.sold, window_days(f.sold.year))
    if not recent:
        return taken
    recent_ids = {(r.account, r.lot_id) for r in recent}
    recent_first = np.asarray(sorted(range(len(f)), key=lambda i: (
        (f.lots[i].account, f.lots[i].lot_id) not in recent_ids, -float(f.unit[i]))), dtype=np.int64)
    candidates = [taken, take(f, recent_first, quantity)]
    candidates += [take(f, order(f), quantity) for order in ORDERINGS.values()]
    # Which recent lot is sold only in part matters: its remainder never replaces its own sold shares
    # (reading 2 of wash.py) but does wash the other lots' losses. So each recent lot is also tried last
    # among the recent lots (a few lots: the choice a cell function weighs, not a household's thousands).
    # Example: three 1-share lots L1, L2, L3 bought the same day at $2, 1.5 shares sold at $1: L1 + half
    # of L2 keeps L2 0.5 and L3 1 and washes all $1.50; L1 + half of L3 keeps L2 1 (washes L1's $1) and
    # L3 0.5, which cannot wash its own half, so $0.50 of loss is allowed.
    n_recent = sum(1 for i in recent_first if (f.lots[int(i)].account, f.lots[int(i)].lot_id) in recent_ids)
    if 2 <= n_recent <= _PARTIAL_RECENT_LIMIT:
        head = [int(i) for i in recent_first[:n_recent]]
        tail = [int(i) for i in recent_first[n_recent:]]
        for k in range(n_recent - 1):
            order_k = head[:k] + head[k + 1:] + [head[k]] + tail
            candidates.append(take(f, np.asarray(order_k, dtype=np.int64), quantity))
    best, best_tax = taken, None
    for c in candidates:
        r = _build_relief(f, c, LotMethod.TAX_OPTIMAL, with_remaining=False)  # weighed, not returned
        w = kept_wash(r, recent, purchase_of)
        tax = tax_of(r.st_gain + w.disallowed_st, r.lt_gain + w.disallowed_lt)
        if best_tax is None or tax < best_tax - 0.005:
            best, best_tax = c, tax
    return best


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
    recent: "Optional[Sequence[RecentShares]]" = None,
    purchase_of: Optional[Mapping[tuple[str, str], str]] = None,
    facts: Optional[LotFacts] = None,
) -> Relief:
    """Relieve ``quantity`` shares sold at ``price`` on ``sold`` from ``lots`` by ``method``.

    ``lots`` are the candidates (one symbol, the chosen account(s); see :func:`candidate_lots`).
    ``profile`` (a :class:`taxrebal.engine.tax.TaxProfile`) is needed for TaxOptimal and for each
    piece's ``wait_saving``; without it ``wait_saving`` is None. Selling more than ``lots`` hold
    raises :class:`~taxrebal.errors.OversellError`; an unknown Lot ID raises
    :class:`~taxrebal.errors.LotSelectionError`. ``lot_ids`` are used by Specific ID only (with
    ``lot_quantities``, aligned with them and distinct, the shares taken from each named lot);
    ``whole_shares`` keeps TaxOptimal's pieces whole (the fixed orders never split a lot except the
    last one, which takes what the quantity leaves). ``recent`` (with ``purchase_of``, see
    :func:`taxrebal.engine.kept_wash.kept_wash`): the purchases in the wash-sale window still held, in
    every account of the household (IRC §1091 and Rev. Rul. 2008-5 look at all of them, IRAs and HSAs
    included), which TaxOptimal counts when it weighs a loss; None -> the recent lots among ``lots``.
    ``facts``: ``lot_facts(lots, price, sold)`` when the caller already has them (every method of one
    sale: :func:`taxrebal.engine.lot_selection.compare_methods`), else computed here.
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
    f = facts if facts is not None else lot_facts(lots, price, sold)
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
            taken = take(f, named, quantity)
        applied = LotMethod.SPECIFIC
    elif method is LotMethod.TAX_OPTIMAL:
        if profile is None:
            raise LotSelectionError(
                "TaxOptimal chooses lots by the household's actual tax, so it needs the tax profile "
                "(Settings sheet: filing status, income, ...). Pass profile=TaxProfile.from_settings(...)."
            )
        if np.isnan(f.basis).all():  # tax-advantaged lots only: no tax whichever lots are sold
            taken = take(f, order_mintax(f), quantity)
        else:
            tax_of = marginal_tax_function(profile)
            taken = tax_optimal_taken(f, quantity, tax_of,
                                      whole_shares=whole_shares, rate_bound=marginal_rate_bound(profile))
            taken = _least_tax_with_kept_wash(f, taken, quantity, tax_of, recent, purchase_of)
        applied = LotMethod.TAX_OPTIMAL
    else:
        applied = LotMethod.FIFO if method is LotMethod.SPECIFIC else method  # Pub 550 default
        taken = take(f, ORDERINGS[applied](f), quantity)

    relief = _build_relief(f, taken, applied)
    if profile is not None:
        relief = with_wait_savings(relief, profile, wait_horizon_days)
    return relief


# --------------------------------------------------------------------------------------------
# Waiting for long-term
# --------------------------------------------------------------------------------------------


def with_wait_savings(relief: Relief, profile: "TaxProfile", horizon_days: int) -> Relief:
    """Fill ``wait_saving`` of each short-term *gain* piece that turns long-term within the horizon.

    Saving = tax of the whole sale now - tax of the same sale with this piece sold on its long-term
    date as long-term (the rest of the sale unchanged; the price assumed unchanged), two exact tax
    computations in the tax year that date falls in, with that year's parameters
    (:func:`taxrebal.engine.waiting.wait_for_long_term`: a date next year moves the sale to next
    year's return).
    """
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
