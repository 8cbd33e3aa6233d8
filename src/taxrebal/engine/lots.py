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

======== ===================================================================================
FIFO     earliest holding start first
LIFO     latest holding start first
HIFO     highest adjusted cost per share first
MinTax   the brokers' tax-sensitive order: short-term losses (largest loss per share first),
         long-term losses (largest first), zero-gain short, zero-gain long, long-term gains
         (smallest gain per share first), short-term gains (smallest first) last
Specific the named Lot IDs, in the order given
TaxOptimal the least actual marginal tax for this household (needs a tax profile); see
         :func:`tax_optimal_quantities`
======== ===================================================================================

Ties are broken by earlier holding start, then Lot ID in natural order (``L2`` before ``L10``).

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

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Optional, Sequence

from ..errors import LotSelectionError, OversellError
from .holding import is_long_term, long_term_date
from .money import EPS, QTY_EPS
from .records import Household, Lot, LotMethod, TaxTreatment

if TYPE_CHECKING:  # B's tax engine; imported lazily so lot relief works without it
    from .tax import TaxProfile

__all__ = [
    "ReliefPiece",
    "Relief",
    "relieve",
    "candidate_lots",
    "order_lots",
    "ORDERINGS",
    "lot_id_key",
    "held_quantity",
    "tax_optimal_quantities",
    "marginal_tax_function",
    "with_wait_savings",
    "format_shares",
]

#: A lot is treated as fully relieved when less than this many shares would be left.
DUST = 1e-9
#: Relative tolerance for "zero gain per share" (gain per share / price).
ZERO_GAIN_REL = 1e-9


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
# Per-lot facts used by every ordering
# --------------------------------------------------------------------------------------------

_SPLIT_DIGITS = re.compile(r"(\d+)")


def lot_id_key(lot_id: str) -> tuple:
    """Natural sort key of a Lot ID: ``L2`` < ``L10``; ``L01`` and ``L1`` then by raw text."""
    parts = _SPLIT_DIGITS.split(lot_id)
    return (tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), lot_id)


def _start_ordinal(lot: Lot) -> int:
    start = lot.holding_start
    return start.toordinal() if start is not None else 0  # undated (inherited) sorts as oldest


def _unit_cost(lot: Lot, price: float) -> float:
    """Adjusted cost per share; a lot without basis (tax-advantaged) counts at the price (gain 0)."""
    basis = lot.adjusted_basis
    if basis is None or lot.quantity <= 0:
        return price
    return basis / lot.quantity


def _lot_is_long(lot: Lot, sold: date) -> bool:
    if lot.inherited:
        return True
    start = lot.holding_start
    if start is None:
        if lot.basis is None:  # tax-advantaged lot without dates: the term does not matter
            return True
        raise LotSelectionError(
            f"Lot {lot.lot_id} ({lot.symbol} in {lot.account}) has a cost basis but no acquisition "
            "date, so its holding period is unknown. Enter the Acquired date on the Lots sheet "
            "(or 'Inherited' for inherited shares)."
        )
    if start > sold:
        raise LotSelectionError(
            f"Lot {lot.lot_id} ({lot.symbol} in {lot.account}) was acquired {start.isoformat()}, "
            f"after the sale date {sold.isoformat()}; it cannot be sold then. Check the Acquired "
            "date on the Lots sheet or the sale date."
        )
    return is_long_term(start, sold, lot.inherited)


def _gain_per_share(lot: Lot, price: float) -> float:
    return price - _unit_cost(lot, price)


def _mintax_category(gps: float, long_term: bool, price: float) -> int:
    """0 ST loss, 1 LT loss, 2 zero ST, 3 zero LT, 4 LT gain, 5 ST gain (the MinTax order)."""
    if abs(gps) <= ZERO_GAIN_REL * max(1.0, abs(price)):
        return 3 if long_term else 2
    if gps < 0:
        return 1 if long_term else 0
    return 4 if long_term else 5


# --------------------------------------------------------------------------------------------
# Orderings: same shape (lots, price, sold) -> list[Lot]
# --------------------------------------------------------------------------------------------

Ordering = Callable[[Sequence[Lot], float, date], "list[Lot]"]


def _order_fifo(lots: Sequence[Lot], price: float, sold: date) -> list[Lot]:
    """Earliest holding start first (Pub 550: the default when shares are not identified)."""
    return sorted(lots, key=lambda l: (_start_ordinal(l), lot_id_key(l.lot_id)))


def _order_lifo(lots: Sequence[Lot], price: float, sold: date) -> list[Lot]:
    """Latest holding start first; equal starts by Lot ID."""
    return sorted(lots, key=lambda l: (-_start_ordinal(l), lot_id_key(l.lot_id)))


def _order_hifo(lots: Sequence[Lot], price: float, sold: date) -> list[Lot]:
    """Highest adjusted cost per share first; ties by earlier holding start, then Lot ID."""
    return sorted(lots, key=lambda l: (-_unit_cost(l, price), _start_ordinal(l), lot_id_key(l.lot_id)))


def _mintax_key(lot: Lot, price: float, sold: date) -> tuple:
    gps = _gain_per_share(lot, price)
    cat = _mintax_category(gps, _lot_is_long(lot, sold), price)
    # losses: most negative gain per share first; gains: smallest first -> ascending gps in both.
    return (cat, gps if cat not in (2, 3) else 0.0, _start_ordinal(lot), lot_id_key(lot.lot_id))


def _order_mintax(lots: Sequence[Lot], price: float, sold: date) -> list[Lot]:
    """Brokers' tax-sensitive order (see the module docstring)."""
    return sorted(lots, key=lambda l: _mintax_key(l, price, sold))


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
    return ORDERINGS[method](lots, price, sold)


# --------------------------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------------------------


def candidate_lots(household: Household, symbol: str, account: Optional[str] = None) -> tuple[Lot, ...]:
    """The lots a sale of ``symbol`` may relieve.

    ``account`` None -> the lots of ``symbol`` in every TAXABLE account (sales in tax-advantaged
    accounts realize no gain, so only taxable lots matter for tax); otherwise that account's lots
    of the symbol, whatever its type. Lots keep their Lots-sheet order.
    """
    if account is not None:
        return tuple(l for l in household.lots if l.symbol == symbol and l.account == account)
    taxable = {a.name for a in household.accounts if a.treatment is TaxTreatment.TAXABLE}
    return tuple(l for l in household.lots if l.symbol == symbol and l.account in taxable)


def held_quantity(lots: Iterable[Lot]) -> float:
    return sum(l.quantity for l in lots)


def format_shares(q: float) -> str:
    """Shares as people write them: ``12.5``, ``20``, ``0.123457`` (at most 6 decimals)."""
    text = f"{q:,.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _where(lots: Sequence[Lot]) -> str:
    accounts = sorted({l.account for l in lots})
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


def _take_in_order(ordered: Sequence[Lot], quantity: float) -> list[tuple[Lot, float]]:
    """Walk ``ordered`` taking whole lots until ``quantity`` is met (the last one partly)."""
    out: list[tuple[Lot, float]] = []
    need = quantity
    for lot in ordered:
        if need <= DUST:
            break
        if lot.quantity <= 0:
            continue
        take = lot.quantity if lot.quantity - need <= DUST else need
        out.append((lot, take))
        need -= take
    return out


def _piece(lot: Lot, qty: float, price: float, sold: date) -> ReliefPiece:
    full = lot.quantity - qty <= DUST
    if full:
        qty = lot.quantity
    proceeds = qty * price
    adjusted = lot.adjusted_basis
    no_tax = adjusted is None
    if no_tax:
        basis = proceeds
    else:
        basis = adjusted if full else adjusted * (qty / lot.quantity)
    long_term = _lot_is_long(lot, sold)
    start = lot.holding_start
    lt_date = None if (lot.inherited or start is None) else long_term_date(start)
    days = 0 if (long_term or lt_date is None) else (lt_date - sold).days
    return ReliefPiece(
        lot_id=lot.lot_id,
        account=lot.account,
        symbol=lot.symbol,
        acquired=lot.acquired,
        holding_start=start,
        quantity=qty,
        proceeds=proceeds,
        basis=basis,
        gain=0.0 if no_tax else proceeds - basis,
        long_term=long_term,
        days_to_long_term=days,
        long_term_date=lt_date,
        wait_saving=None,
        no_tax=no_tax,
    )


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


def _build_relief(
    lots: Sequence[Lot], taken: Sequence[tuple[Lot, float]], price: float, sold: date, method: LotMethod
) -> Relief:
    pieces = tuple(_piece(lot, q, price, sold) for lot, q in taken)
    used = {id(lot): q for lot, q in taken}
    remaining = []
    for lot in lots:
        q = used.get(id(lot))
        if q is None:
            remaining.append(lot)
        elif lot.quantity - q > DUST:
            remaining.append(_reduce(lot, q))
    return Relief(
        pieces=pieces,
        method=method,
        quantity=sum(p.quantity for p in pieces),
        proceeds=sum(p.proceeds for p in pieces),
        basis=sum(p.basis for p in pieces),
        st_gain=sum(p.gain for p in pieces if not p.long_term),
        lt_gain=sum(p.gain for p in pieces if p.long_term),
        remaining=tuple(remaining),
    )


def _specific_lots(lots: Sequence[Lot], lot_ids: Sequence[str], symbol: str) -> list[Lot]:
    by_id: dict[str, Lot] = {}
    for lot in lots:
        by_id.setdefault(lot.lot_id, lot)
    chosen: list[Lot] = []
    seen: set[str] = set()
    for raw in lot_ids:
        lot_id = str(raw).strip()
        if lot_id in seen:
            continue
        seen.add(lot_id)
        lot = by_id.get(lot_id)
        if lot is None:
            known = ", ".join(sorted(by_id, key=lot_id_key)[:12]) or "none"
            raise LotSelectionError(
                f"Lot ID {lot_id!r} is not a lot of {symbol or 'this security'} in {_where(lots)} "
                f"(its lots are: {known}). Correct the Lot IDs of the sale, or choose another method."
            )
        chosen.append(lot)
    return chosen


def relieve(
    lots: Sequence[Lot],
    quantity: float,
    price: float,
    sold: date,
    method: LotMethod,
    *,
    lot_ids: Sequence[str] = (),
    profile: "Optional[TaxProfile]" = None,
    wait_horizon_days: int = 60,
) -> Relief:
    """Relieve ``quantity`` shares sold at ``price`` on ``sold`` from ``lots`` by ``method``.

    ``lots`` are the candidates (one symbol, the chosen account(s); see :func:`candidate_lots`).
    ``profile`` (a :class:`taxrebal.engine.tax.TaxProfile`) is needed for TaxOptimal and for each
    piece's ``wait_saving``; without it ``wait_saving`` is None. Selling more than ``lots`` hold
    raises :class:`~taxrebal.errors.OversellError`; an unknown Lot ID raises
    :class:`~taxrebal.errors.LotSelectionError`.
    """
    method = LotMethod(method)
    symbol = lots[0].symbol if lots else ""
    if not (quantity == quantity) or quantity < 0:  # NaN or negative
        raise LotSelectionError(
            f"The quantity to sell must be a positive number of shares; got {quantity!r}."
        )
    if not (price == price) or price < 0:
        raise LotSelectionError(f"The sale price must be a positive number; got {price!r}.")
    held = held_quantity(lots)
    if quantity > held + DUST * max(1.0, held):
        raise _oversell(lots, symbol, held, quantity)
    quantity = min(quantity, held)

    if method is LotMethod.SPECIFIC and lot_ids:
        named = _specific_lots(lots, lot_ids, symbol)
        named_held = held_quantity(named)
        if quantity > named_held + DUST * max(1.0, named_held):
            raise OversellError(
                f"The named lots ({', '.join(l.lot_id for l in named)}) hold "
                f"{format_shares(named_held)} shares of {symbol}; you asked to sell "
                f"{format_shares(quantity)}. Name more lots or sell at most "
                f"{format_shares(named_held)} shares."
            )
        taken = _take_in_order(named, quantity)
        applied = LotMethod.SPECIFIC
    elif method is LotMethod.TAX_OPTIMAL:
        if profile is None:
            raise LotSelectionError(
                "TaxOptimal chooses lots by the household's actual tax, so it needs the tax profile "
                "(Settings sheet: filing status, income, ...). Pass profile=TaxProfile.from_settings(...)."
            )
        taken = tax_optimal_quantities(lots, quantity, price, sold, marginal_tax_function(profile))
        applied = LotMethod.TAX_OPTIMAL
    else:
        applied = LotMethod.FIFO if method is LotMethod.SPECIFIC else method  # Pub 550 default
        taken = _take_in_order(ORDERINGS[applied](lots, price, sold), quantity)

    relief = _build_relief(lots, taken, price, sold, applied)
    if profile is not None:
        relief = with_wait_savings(relief, profile, wait_horizon_days)
    return relief


# --------------------------------------------------------------------------------------------
# Tax (B's engine) and TaxOptimal
# --------------------------------------------------------------------------------------------


TaxFunction = Callable[[float, float], float]


def _tax_total(profile: "TaxProfile", st_gain: float, lt_gain: float) -> float:
    """Federal + state marginal tax of extra gains (negative = saved). IRC §1(h), §1211, §1411."""
    from .tax import marginal_tax  # lazy: the tax engine is optional for plain lot relief

    return float(marginal_tax(profile, st_gain, lt_gain).total)


def marginal_tax_function(profile: "TaxProfile") -> TaxFunction:
    """``(st_gain, lt_gain) -> marginal federal + state tax`` for ``profile``, the no-sale return
    computed once (same figures as :func:`taxrebal.engine.tax.marginal_tax`, about half the work)."""
    from .tax import compute_tax

    before = compute_tax(profile).total

    def tax_of(st_gain: float, lt_gain: float) -> float:
        return compute_tax(profile, st_gain, lt_gain).total - before

    return tax_of


def with_wait_savings(relief: Relief, profile: "TaxProfile", horizon_days: int = 60) -> Relief:
    """Fill ``wait_saving`` of each short-term *gain* piece that turns long-term within the horizon.

    Saving = marginal tax of the whole sale now - marginal tax of the same sale with this piece's
    gain taxed as long-term instead (the rest of the sale unchanged; the price assumed unchanged;
    the tax year's parameters assumed to apply on the later date).
    """
    if not relief.pieces:
        return relief
    now = None
    pieces = []
    for p in relief.pieces:
        saving = None
        if (not p.long_term and not p.no_tax and p.gain > EPS and p.long_term_date is not None
                and 0 < p.days_to_long_term <= horizon_days):
            if now is None:
                now = _tax_total(profile, relief.st_gain, relief.lt_gain)
            later = _tax_total(profile, relief.st_gain - p.gain, relief.lt_gain + p.gain)
            saving = now - later
        pieces.append(replace(p, wait_saving=saving))
    return replace(relief, pieces=tuple(pieces))


@dataclass(frozen=True)
class _Frontier:
    """Cheapest-first lots of one term: prefix sums of quantity and gain (piecewise-linear F)."""

    lots: tuple[Lot, ...]
    gps: tuple[float, ...]
    cum_q: tuple[float, ...]  # cum_q[0] = 0
    cum_g: tuple[float, ...]

    @classmethod
    def build(cls, lots: Sequence[Lot], price: float, sold: date) -> "_Frontier":
        ordered = sorted(lots, key=lambda l: (_gain_per_share(l, price), _start_ordinal(l), lot_id_key(l.lot_id)))
        gps = tuple(0.0 if l.adjusted_basis is None else _gain_per_share(l, price) for l in ordered)
        cq, cg = [0.0], [0.0]
        for lot, g in zip(ordered, gps):
            cq.append(cq[-1] + lot.quantity)
            cg.append(cg[-1] + g * lot.quantity)
        return cls(tuple(ordered), gps, tuple(cq), tuple(cg))

    @property
    def total(self) -> float:
        return self.cum_q[-1]

    def gain(self, q: float) -> float:
        """Least total gain from selling ``q`` shares of this term (deepest loss first)."""
        if q <= 0 or not self.gps:
            return 0.0
        k = min(bisect_right(self.cum_q, q) - 1, len(self.gps) - 1)
        return self.cum_g[k] + self.gps[k] * (q - self.cum_q[k])

    def take(self, q: float) -> list[tuple[Lot, float]]:
        return _take_in_order(self.lots, q)


def tax_optimal_quantities(
    lots: Sequence[Lot], quantity: float, price: float, sold: date, tax_of: TaxFunction,
    *, max_evaluations: int = 4000,
) -> list[tuple[Lot, float]]:
    """The (lot, shares) pieces of least tax ``tax_of(st_gain, lt_gain)`` (see
    :func:`marginal_tax_function`), in MinTax order.

    Why it is exact up to the tax function's kinks: for a fixed number ``x`` of short-term shares
    sold, taking short-term shares in ascending gain per share gives the least short-term gain
    F_ST(x), and likewise F_LT(Q - x) for long-term. Tax never falls when a gain rises, so an
    optimum lies on the curve ``x -> tax(F_ST(x), F_LT(Q - x))``, a one-dimensional piecewise-linear
    function. It is minimised exactly over its lot breakpoints, MinTax's split, and the tax
    function's own kinks (found by intersecting the end slopes of each segment, recursively).
    MinTax is one point of the curve, so TaxOptimal is never worse than MinTax; ties keep MinTax.
    """
    st_lots, lt_lots = [], []
    for lot in lots:
        if lot.quantity > 0:
            (lt_lots if _lot_is_long(lot, sold) else st_lots).append(lot)
    st = _Frontier.build(st_lots, price, sold)
    lt = _Frontier.build(lt_lots, price, sold)
    lo = max(0.0, quantity - lt.total)
    hi = min(quantity, st.total)
    if hi < lo:  # rounding at a full sale
        hi = lo

    evaluations = 0

    def tax(x: float) -> float:
        nonlocal evaluations
        evaluations += 1
        return tax_of(st.gain(x), lt.gain(quantity - x))

    # MinTax's split: ST losses, LT losses, zeros, LT gains, ST gains.
    mintax_x = _mintax_short_quantity(_take_in_order(_order_mintax(lots, price, sold), quantity), sold)
    best_x, best_t = mintax_x, tax(mintax_x)

    points = {lo, hi}
    points.update(q for q in st.cum_q if lo < q < hi)
    points.update(quantity - q for q in lt.cum_q if lo < quantity - q < hi)
    grid = sorted(points)
    values = []
    for x in grid:
        t = tax(x)
        values.append(t)
        if t < best_t - EPS:
            best_x, best_t = x, t

    # Refine inside each linear segment of F: the tax's own kinks (brackets, netting, $3,000).
    budget = max_evaluations
    for (a, fa), (b, fb) in zip(zip(grid, values), zip(grid[1:], values[1:])):
        if evaluations >= budget:
            break
        x, t = _segment_minimum(tax, a, fa, b, fb, lambda: evaluations < budget)
        if t < best_t - EPS:
            best_x, best_t = x, t

    best_x = min(max(best_x, lo), hi)
    rounded = min(max(round(best_x, 6), lo), hi)  # shares to 1e-6, if that costs nothing
    if rounded != best_x and tax(rounded) <= best_t + EPS:
        best_x = rounded
    taken = st.take(best_x) + lt.take(quantity - best_x)
    order = {id(l): i for i, l in enumerate(_order_mintax(lots, price, sold))}
    taken.sort(key=lambda lq: order[id(lq[0])])
    return taken


def _mintax_short_quantity(taken: Sequence[tuple[Lot, float]], sold: date) -> float:
    return sum(q for lot, q in taken if not _lot_is_long(lot, sold))


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
