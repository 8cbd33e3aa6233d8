"""Which lots to sell: every method side by side, the tax each costs, and when waiting pays.

Rules
-----
* Each method relieves lots as :mod:`taxrebal.engine.lots` describes (IRS Pub 550 "Identifying the
  shares sold"; FIFO when shares are not identified). The estimated tax of a method is the
  household's *marginal* federal + state tax of the sale's short- and long-term gains on top of
  everything else this year (:func:`taxrebal.engine.tax.marginal_tax`: Schedule D netting, the
  $3,000 loss limit of IRC §1211(b), the 0/15/20% rates of IRC §1(h), NIIT of IRC §1411).
* "vs Best" is a method's tax minus the least tax of any method (0 for the best).
* **Waiting for long-term** (IRC §1222): a short-term *gain* piece whose lot turns long-term within
  the horizon (``holding.WAIT_HORIZON_DAYS``, 60 days) reports the tax saved by selling it on its long-term date
  instead of now, price assumed unchanged: tax(sale now) - tax(same sale with that piece's gain
  long-term).
* **Selling before long-term**: a short-term *loss* turning long-term within the horizon is often
  worth more now (it offsets short-term gains taxed at ordinary rates before long-term ones):
  the note gives tax(same loss long-term) - tax(now) when that is at least $0.50.
* Sales inside tax-advantaged accounts (IRA, 401(k), Roth, HSA) realize no gain or loss, so every
  method costs $0 there (IRC §§408(e), 408A, 223(e)).

Worked example (2026, single, ordinary income $100,000 -> 22% ordinary / 15% long-term; price $50;
sell 150 shares; lots A 100 sh bought 2020-01-10 at $30, B 100 sh 2026-03-02 at $60, C 100 sh
2025-12-01 at $45; sale on 2026-11-25)::

    method      pieces          ST gain  LT gain  est. tax                              vs best
    FIFO        A 100, C 50         250    2,000  0.22 x 250 + 0.15 x 2,000 =  355.00    520.00
    LIFO        B 100, C 50        -750        0  -0.22 x 750               = -165.00      0.00
    HIFO        B 100, C 50        -750        0  (60 > 45 > 30: as LIFO)   = -165.00      0.00
    MinTax      B 100, A 50      -1,000    1,000  nets to 0 (Sch. D line 16) =    0.00    165.00
    TaxOptimal  B 100, C 50        -750        0                            = -165.00      0.00

MinTax loses here: its short-term loss only cancels a long-term gain that would have cost 15%,
while selling C's small short-term gain instead leaves a $750 loss deducted at 22%. FIFO's 50
shares of C turn long-term on 2026-12-02: waiting 7 days would tax their $250 gain at 15% instead
of 22%, saving about $17.50 (price unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Collection, Mapping, Optional, Sequence

from ..errors import LotSelectionError, OversellError
from .holding import WAIT_HORIZON_DAYS
from .kept_wash import KeptWash, RecentShares, kept_wash, recent_lot_shares, with_kept_wash
from .lot_order import LotFacts, lot_facts
from .lots import Relief, candidate_lots, format_shares, marginal_tax_function, relieve
from .money import cents
from .records import Household, Lot, LotMethod, SaleRequest
from .tax import MarginalTax, TaxProfile, marginal_tax
from .waiting import worth_waiting, year_change_words
from .wash import window_days
from .wash_dates import trading_day_words

__all__ = [
    "COMPARED_METHODS",
    "MethodOutcome",
    "SaleComparison",
    "compare_methods",
    "compare_request",
    "request_lots",
    "wait_advice",
    "sell_before_long_term_notes",
    "sale_tax",
    "same_shares",
]

#: Methods compared for every sale, in table order (Specific ID is added when Lot IDs are named).
COMPARED_METHODS: tuple[LotMethod, ...] = (
    LotMethod.FIFO,
    LotMethod.LIFO,
    LotMethod.HIFO,
    LotMethod.MIN_TAX,
    LotMethod.TAX_OPTIMAL,
)


@dataclass(frozen=True)
class MethodOutcome:
    """One method applied to one sale. ``tax`` is None when it could not be estimated."""

    method: LotMethod
    relief: Optional[Relief]
    tax: Optional[float]  # marginal federal + state tax, negative = saved
    federal: Optional[float] = None
    state: Optional[float] = None
    error: str = ""  # why the method could not be applied
    #: the loss the lots would lose to recent purchases still held after the sale (kept_wash.py); the
    #: relief's ST / LT gains include it (the gains the return reports)
    washed: KeptWash = KeptWash()


@dataclass(frozen=True)
class SaleComparison:
    """Every method for one sale, the chosen one and the wait-for-long-term advice."""

    symbol: str
    account: str  # "" -> all taxable accounts
    quantity: float
    price: float
    sold: date
    chosen: LotMethod
    outcomes: tuple[MethodOutcome, ...]
    taxable: bool = True
    notes: tuple[str, ...] = ()
    #: (method, why the plan may not sell its lots): a rebalancing plan's sale under Allow Short-Term
    #: Gains = N, whose cheaper rows would raise the year's net short-term gain
    barred: tuple[tuple[LotMethod, str], ...] = ()

    @property
    def best_tax(self) -> Optional[float]:
        taxes = [o.tax for o in self.outcomes if o.tax is not None]
        return min(taxes) if taxes else None

    def outcome(self, method: LotMethod) -> Optional[MethodOutcome]:
        for o in self.outcomes:
            if o.method is method:
                return o
        return None

    @property
    def chosen_outcome(self) -> Optional[MethodOutcome]:
        return self.outcome(self.chosen)

    def vs_best(self, outcome: MethodOutcome) -> Optional[float]:
        """The row's Est. Tax minus the least, both in the cents the sheet shows (audit20 F1: 9,021.77 -
        (-302.76) was shown as 9,324.52, the unrounded difference rounded)."""
        best = self.best_tax
        if outcome.tax is None or best is None:
            return None
        return round(cents(outcome.tax) - cents(best), 2) + 0.0


def _tax_parts(profile: "TaxProfile", relief: Relief) -> tuple[float, float, float]:
    m = marginal_tax(profile, relief.st_gain, relief.lt_gain)
    return m.total, m.federal, m.state


def compare_methods(
    lots: Sequence[Lot],
    quantity: float,
    price: float,
    sold: date,
    profile: "Optional[TaxProfile]",
    *,
    chosen: LotMethod = LotMethod.MIN_TAX,
    lot_ids: Sequence[str] = (),
    symbol: str = "",
    account: str = "",
    taxable: bool = True,
    whole_shares: bool = False,
    lot_quantities: Sequence[float] = (),
    recent: Optional[Sequence[RecentShares]] = None,
    purchase_of: Optional[Mapping[tuple[str, str], str]] = None,
    chosen_only: bool = False,
) -> SaleComparison:
    """Apply every method (and Specific ID when ``lot_ids`` are named) to one sale.

    ``chosen_only``: price the chosen method alone (a cell function asks for one figure; it is the
    figure the full comparison gives that method), except TaxOptimal, which may take another method's
    lots when they cost less and so is compared with them all.

    Each method's gains and tax include the loss its lots would lose to the ``recent`` purchases
    still held after the sale (:mod:`taxrebal.engine.kept_wash`; None: the lots bought in the wash-sale
    window among ``lots``), so the cheapest method is the cheapest sale; TaxOptimal is never dearer
    than another method (it takes that method's lots when they cost less).

    Raises :class:`~taxrebal.errors.OversellError` when the lots hold fewer shares than asked (the
    same for every method); a method-specific problem (an unknown Lot ID, named lots short of the
    quantity, TaxOptimal without a profile) is recorded on that method's outcome instead.
    """
    if recent is None:
        recent = recent_lot_shares(lots, sold, window_days(sold.year)) if taxable else ()
    chosen = LotMethod(chosen)
    methods = list(COMPARED_METHODS)
    if lot_ids or chosen is LotMethod.SPECIFIC:
        methods.insert(0, LotMethod.SPECIFIC)
    if chosen_only and chosen is not LotMethod.TAX_OPTIMAL:
        methods = [chosen]
    outcomes = []
    notes: list[str] = []
    held = sum(lot.quantity for lot in lots)
    if quantity > held + 1e-9 * max(1.0, held):  # the same for every method: say it once
        relieve(lots, quantity, price, sold, LotMethod.FIFO)  # raises the OversellError
    facts: Optional[LotFacts] = None  # the lots' facts for this price and day, the same for every method
    if len({lot.symbol for lot in lots}) == 1:  # else each relieve says why not (one security a sale)
        try:
            facts = lot_facts(lots, price, sold)
        except LotSelectionError:  # a lot's dates: each method's outcome says so, as relieve raises it
            facts = None
    for method in methods:
        try:
            specific = method is LotMethod.SPECIFIC
            relief = relieve(lots, quantity, price, sold, method, lot_ids=lot_ids if specific else (),
                             profile=profile, whole_shares=whole_shares,
                             lot_quantities=lot_quantities if specific else (),
                             recent=recent, purchase_of=purchase_of, facts=facts)
        except (LotSelectionError, OversellError) as err:  # e.g. named lots short of the quantity
            outcomes.append(MethodOutcome(method, None, None, error=str(err)))
            continue
        if not taxable:
            outcomes.append(MethodOutcome(method, relief, 0.0, 0.0, 0.0))
            continue
        washed = kept_wash(relief, recent, purchase_of)
        relief = with_kept_wash(relief, washed)
        if profile is None:
            outcomes.append(MethodOutcome(method, relief, None, washed=washed))
        else:
            total, federal, state = _tax_parts(profile, relief)
            outcomes.append(MethodOutcome(method, relief, total, federal, state, washed=washed))
        if method is LotMethod.SPECIFIC and relief.method is LotMethod.FIFO:
            notes.append("No Lot IDs were named, so Specific ID sells the oldest shares first (FIFO), "
                         "as IRS Pub 550 requires when shares are not identified.")
    outcomes = _tax_optimal_at_least_as_cheap(outcomes)
    chosen_relief = next((o.relief for o in outcomes if o.method is chosen and o.relief is not None), None)
    chosen_outcome = next((o for o in outcomes if o.method is chosen and o.relief is not None), None)
    if (chosen_relief is not None and profile is not None and taxable and chosen_outcome is not None
            and chosen_outcome.washed.disallowed <= 0.005):  # a washed loss is not this sale's to time
        notes.extend(sell_before_long_term_notes(chosen_relief, profile))
    return SaleComparison(symbol or (lots[0].symbol if lots else ""), account, quantity, price, sold,
                          chosen, tuple(outcomes), taxable, tuple(notes))


def _tax_optimal_at_least_as_cheap(outcomes: list[MethodOutcome]) -> list[MethodOutcome]:
    """TaxOptimal is the least tax: when another method's lots cost less once every method's wash
    sale is counted (recent purchases of another account or fund of the identity, which TaxOptimal's
    own search does not see), TaxOptimal sells those lots."""
    optimal = next((o for o in outcomes if o.method is LotMethod.TAX_OPTIMAL and o.tax is not None), None)
    if optimal is None:
        return outcomes
    priced = [(o.tax, k) for k, o in enumerate(outcomes) if o.tax is not None and o.relief is not None]
    tax, k = min(priced)
    cheaper = outcomes[k]
    if optimal.tax is None or tax >= optimal.tax - 0.005:
        return outcomes
    assert cheaper.relief is not None
    better = replace(cheaper, method=LotMethod.TAX_OPTIMAL,
                     relief=replace(cheaper.relief, method=LotMethod.TAX_OPTIMAL))
    return [better if o is optimal else o for o in outcomes]


def sell_before_long_term_notes(relief: Relief, profile: "TaxProfile") -> list[str]:
    """The other side of waiting: a short-term *loss* that turns long-term within the horizon
    (:data:`~taxrebal.engine.holding.WAIT_HORIZON_DAYS`) may
    be worth more now (a short-term loss first offsets short-term gains, taxed at ordinary rates;
    Schedule D netting, IRC §1222). Cost of waiting = tax(loss as long-term) - tax(now)."""
    out: list[str] = []
    tax_of = None
    now = 0.0
    for p in relief.pieces:
        if (p.long_term or p.no_tax or p.gain >= -0.005 or p.long_term_date is None
                or not 0 < p.days_to_long_term <= WAIT_HORIZON_DAYS):
            continue
        if tax_of is None:
            tax_of = marginal_tax_function(profile)
            now = tax_of(relief.st_gain, relief.lt_gain)
        cost = tax_of(relief.st_gain - p.gain, relief.lt_gain + p.gain) - now
        if cost >= 0.5:
            last_short = p.long_term_date - timedelta(days=1)
            out.append(f"Lot {p.lot_id}'s ${cents(-p.gain):,.2f} loss is short-term through "
                       f"{last_short.isoformat()} (long-term from {p.long_term_date.isoformat()}): selling by "
                       f"{last_short.isoformat()} instead of later saves about "
                       f"${cents(cost):,.2f} more tax (assuming the price stays the same).")
    return out


def same_shares(a: MethodOutcome, b: MethodOutcome) -> bool:
    """True when two outcomes relieve the same lots by the same numbers of shares."""
    if a.relief is None or b.relief is None:
        return False

    def shares(relief: Relief) -> dict[str, float]:
        out: dict[str, float] = {}
        for p in relief.pieces:
            out[p.lot_id] = out.get(p.lot_id, 0.0) + p.quantity
        return out

    x, y = shares(a.relief), shares(b.relief)
    return x.keys() == y.keys() and all(abs(x[k] - y[k]) < 1e-6 for k in x)


def wait_advice(comparison: SaleComparison) -> tuple[str, ...]:
    """Plain-words notes: what waiting for long-term would save, and what a better method saves."""
    out: list[str] = []
    chosen = comparison.chosen_outcome
    if chosen is not None and chosen.relief is not None:
        for p in chosen.relief.pieces:
            if p.wait_saving is None or not worth_waiting(p.wait_saving) or p.long_term_date is None:
                continue
            moved = year_change_words(comparison.sold.year, p.long_term_date.year)
            out.append(
                f"Selling lot {p.lot_id} on or after {trading_day_words(p.long_term_date)} instead of now would save "
                f"${cents(p.wait_saving):,.2f} of tax: its {format_shares(p.quantity)} shares become "
                f"long-term that day ({p.days_to_long_term} day{'s' if p.days_to_long_term != 1 else ''}), "
                "assuming the price stays the same"
                + (f"; {moved}." if moved else ".")
            )
    if chosen is not None and chosen.tax is not None:
        barred = dict(comparison.barred)
        priced = [(o, o.tax) for o in comparison.outcomes if o.tax is not None]
        best, best_tax = min(priced, key=lambda t: t[1])
        # Another method that relieves the very same shares cannot cost less tax: a difference is then
        # only how the rows are priced (the plan's chosen lots carry their wash-sale disallowance, the
        # others are priced without wash sales), not advice worth giving.
        if (best.method in barred and chosen.tax - best_tax >= 0.5 and best.method is not chosen.method
                and not same_shares(best, chosen)):
            extra = cents(chosen.tax) - cents(best_tax)  # the two Est. Tax cells' difference (audit20 F1)
            out.append(f"{best.method.value} would cost about ${cents(extra):,.2f} less tax than "
                       f"{chosen.method.value} for this sale, but {barred[best.method]}.")
        allowed = [(o, tax) for o, tax in priced if o.method not in barred]
        if allowed:
            best, best_tax = min(allowed, key=lambda t: t[1])
            saving = chosen.tax - best_tax
            if saving >= 0.5 and best.method is not chosen.method and not same_shares(best, chosen):
                extra = cents(chosen.tax) - cents(best_tax)
                out.append(f"{best.method.value} would cost about ${cents(extra):,.2f} less tax than "
                           f"{chosen.method.value} for this sale.")
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Requests (the Sales sheet, or the rebalancer's sells)
# ---------------------------------------------------------------------------------------------


def request_lots(household: Household, request: SaleRequest, *,
                 by_symbol: Optional[Mapping[str, Sequence[Lot]]] = None) -> tuple[tuple[Lot, ...], bool]:
    """The lots a request may relieve and whether the sale is taxable (``by_symbol``: see
    :func:`taxrebal.engine.lots.candidate_lots`).

    ``request.account`` empty -> the symbol's lots in every taxable account. Lots in a
    tax-advantaged account are returned without basis (a sale there realizes nothing).
    Raises :class:`~taxrebal.errors.LotSelectionError` for an unknown account or symbol.
    """

    symbols = household.security_map()
    if request.symbol not in symbols:
        raise LotSelectionError(
            f"Symbol {request.symbol!r} is not on the Securities sheet. Add it there (with its "
            "price and asset class) or correct the symbol of the sale."
        )
    if not request.account:
        return candidate_lots(household, request.symbol, by_symbol=by_symbol), True
    accounts = household.account_map()
    account = accounts.get(request.account)
    if account is None:
        raise LotSelectionError(
            f"Account {request.account!r} is not on the Accounts sheet. Correct the account of the "
            f"sale (known accounts: {', '.join(accounts) or 'none'})."
        )
    lots = candidate_lots(household, request.symbol, request.account, by_symbol=by_symbol)
    if account.is_taxable:
        return lots, True
    return tuple(replace(lot, basis=None, wash_adjustment=0.0) for lot in lots), False


def compare_request(
    household: Household,
    request: SaleRequest,
    sold: date,
    profile: "Optional[TaxProfile]",
    *,
    by_symbol: Optional[Mapping[str, Sequence[Lot]]] = None,
    recent: Optional[Sequence[RecentShares]] = None,
    purchase_of: Optional[Mapping[tuple[str, str], str]] = None,
    chosen_only: bool = False,
) -> SaleComparison:
    """:func:`compare_methods` for one Sales-sheet row or rebalancer sell (``recent``: the identity's
    purchases in the wash-sale window still held, every account; None -> the household's lots of the
    symbol bought in the window, in every account: IRC §1091(a), Rev. Rul. 2008-5).

    Price None -> the security's price; method None -> Lot IDs named ? Specific ID : the Settings
    lot method. Raises LotSelectionError (unknown account/symbol) or OversellError. ``by_symbol``
    (:func:`taxrebal.engine.lots.lots_by_symbol` of the household's lots) when comparing many requests.
    """
    lots, taxable = request_lots(household, request, by_symbol=by_symbol)
    if recent is None and taxable:
        held = by_symbol.get(request.symbol, ()) if by_symbol is not None else (
            tuple(lot for lot in household.lots if lot.symbol == request.symbol))
        recent = recent_lot_shares(held, sold, window_days(sold.year),
                                   {a.name: a.is_taxable for a in household.accounts})
    price = request.price if request.price is not None else household.security(request.symbol).price
    if request.method is not None:
        chosen = LotMethod(request.method)
    elif request.lot_ids:
        chosen = LotMethod.SPECIFIC
    else:
        chosen = household.settings.lot_method
    comparison = compare_methods(
        lots, request.quantity, price, sold, profile, chosen=chosen, lot_ids=request.lot_ids,
        symbol=request.symbol, account=request.account,
        taxable=taxable, whole_shares=household.whole_shares_only(request.symbol),
        lot_quantities=request.lot_quantities,
        recent=recent, purchase_of=purchase_of, chosen_only=chosen_only,
    )
    if not taxable:
        comparison = _with_notes(comparison, (
            f"{request.account} is a tax-advantaged account: a sale there realizes no gain or loss, "
            "so every method costs $0 of tax.",))
    return comparison


def _with_notes(comparison: SaleComparison, notes: Sequence[str]) -> SaleComparison:

    return replace(comparison, notes=comparison.notes + tuple(notes))


# ---------------------------------------------------------------------------------------------
# The TAXCOST cell function's engine call
# ---------------------------------------------------------------------------------------------


def sale_tax(
    lots: Sequence[Lot],
    symbol: str,
    quantity: float,
    price: float,
    sold: date,
    method: LotMethod,
    profile: "TaxProfile",
    account: Optional[str] = None,
    *,
    lot_ids: Sequence[str] = (),
    taxable_accounts: Optional[Collection[str]] = None,
    household_lots: Optional[Sequence[Lot]] = None,
) -> "tuple[Relief, MarginalTax]":
    """Relieve ``quantity`` of ``symbol`` from ``lots`` and price the sale's marginal tax.

    ``lots`` may hold any symbols and accounts; only ``symbol``'s lots are sold, and only
    ``account``'s when given. ``taxable_accounts`` (names) restricts the lots sold to taxable accounts
    when ``account`` is None. The tax counts the loss the sold lots lose to lots of ``symbol`` bought in
    the wash-sale window and kept (:mod:`taxrebal.engine.kept_wash`) in *every* account of
    ``household_lots`` (default ``lots``): IRC §1091(a) looks at every purchase by the taxpayer, and
    Rev. Rul. 2008-5 at the IRA/Roth of the taxpayer or spouse, whichever account the sale is from.
    TaxOptimal weighs that wash when it picks the lots (as on the Lot Selection sheet, which prices each
    method with the household's recent purchases). The tax is the same whether a replacement is in a
    taxable or a tax-advantaged account (the loss is disallowed this year either way; only where it goes
    differs), so account types are not needed. The relief's ST / LT gains include the disallowed loss.
    Returns the :class:`Relief` and the :class:`~taxrebal.engine.tax.MarginalTax` (``.total`` = federal
    + state, negative = saved).

    Example (the sample household, 2026-11-20): selling 50 VTI of Joint Brokerage at $330 relieves
    B-04 (-$425, short-term); lot H-03, 3 VTI bought 2026-11-02 in the Family HSA, washes 3 x $8.50 =
    $25.50 of it for good, so the sale reports a -$399.50 short-term loss.
    """
    chosen = [lot for lot in lots if lot.symbol == symbol and (
        lot.account == account if account is not None
        else (taxable_accounts is None or lot.account in taxable_accounts))]
    if not chosen:
        where = f" in {account}" if account is not None else ""
        raise LotSelectionError(f"No lots of {symbol}{where} to sell. Check the symbol"
                                f"{' and account' if account is not None else ''} and the Lots range.")
    # the recent lots the sale may keep: the symbol's lots bought in the wash-sale window in every
    # account (a cell sees no Transactions), IRC §1091(a); Treas. Reg. §1.1091-1(c); Rev. Rul. 2008-5
    pool = lots if household_lots is None else household_lots
    recent = recent_lot_shares([lot for lot in pool if lot.symbol == symbol], sold, window_days(sold.year))
    relief = relieve(chosen, quantity, price, sold, method, lot_ids=lot_ids, profile=profile, recent=recent)
    relief = with_kept_wash(relief, kept_wash(relief, recent))
    return relief, marginal_tax(profile, relief.st_gain, relief.lt_gain)
