"""The **Lot Selection** sheet: for each sale, every lot method side by side and the lots to sell.

For each sale (a row of the optional Sales sheet, or a taxable sell the rebalancer proposes) the
sheet stacks, top to bottom:

1. "Sale n: sell Q SYMBOL from ACCOUNT at $P on DATE": one row per method (Specific ID when lots
   are named, FIFO, LIFO, HIFO, MinTax, TaxOptimal) with Quantity, Proceeds, Basis, ST Gain, LT
   Gain, Est. Tax (this sale's marginal federal + state tax, negative = saved) and vs Best (extra
   tax over the cheapest method); the chosen method (the sale's Method, else Settings Lot Method)
   is highlighted and marked "Chosen" in the Note column.
2. "Sale n: lots sold by METHOD": Lot ID, Acquired, Quantity, Proceeds, Basis, Gain, Term, Days to
   LT, LT Date, Wait Saving, Account, with a total row; under it, the advice in plain words
   ("Selling lot C after 2026-12-01 instead of now would save about $17.50 of tax ...").

Notes under the comparison say when Specific ID fell back to FIFO (no Lot IDs: Pub 550), when a
short-term loss in the chosen lots is worth more sold before it turns long-term, and (in the
pipeline, which has the wash-sale result) when the sale's loss would be washed by a recent purchase
or a dividend reinvestment (pre-trade check, IRC §1091).

A sale that cannot be priced (unknown account or symbol, more shares than held, an unknown Lot ID
with Specific ID) gets an Issue (Sales sheet, its row) and a line in the "Sales not compared"
table instead of a crash. Rules and a worked example: :mod:`taxrebal.engine.lot_selection`.
"""

from __future__ import annotations

from collections import ChainMap
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Mapping, Optional, Sequence

from ...engine.attribution import step_taxes
from ...engine.holding import long_term_date
from ...engine.kept_wash import KeptWash
from ...engine.lot_selection import MethodOutcome, SaleComparison, compare_request, same_shares, wait_advice
from ...engine.lots import Relief, ReliefPiece, format_shares, lots_by_symbol
from ...engine.money import cents
from ...engine.pretrade import TradeCheckIndex, WarningKind, check_trades
from ...engine.records import Action, Household, Lot, LotMethod, ProposedTrade, SaleRequest
from ...engine.sale_cents import split_in_cents
from ...engine.tax import TaxProfile, marginal_tax
from ...engine.wash import window_days
from ...engine.wash_dates import first_trading_day
from ...errors import Issue, Severity, TaxrebalError
from ..cells import acquired_cell
from ..interface import Column, Kind, ResultBook, Table
from . import LOT_SELECTION_SHEET

if TYPE_CHECKING:
    from ...engine.kept_wash import RecentShares

__all__ = [
    "LOT_SELECTION_SHEET",
    "comparison_table",
    "lots_table",
    "lot_selection_tables",
    "write_lot_selection",
    "plan_sale_requests",
    "plan_step_bases",
    "PlanStepBase",
    "tax_profile",
]

CHOSEN = "Chosen"

_COMPARISON_COLUMNS = (
    Column("Method", Kind.TEXT, note="Lot method: which shares the sale uses up (IRS Pub 550, "
           "'Identifying the shares sold')."),
    Column("Quantity", Kind.NUMBER),
    Column("Proceeds", Kind.MONEY, note="Quantity x price; fees not included."),
    Column("Basis", Kind.MONEY, note="Adjusted basis of the shares sold: cost plus wash-sale adjustments "
           "(IRC §1091(d)), pro rata for part of a lot."),
    Column("ST Gain", Kind.MONEY, note="Short-term gain (held one year or less); negative = loss."),
    Column("LT Gain", Kind.MONEY, note="Long-term gain (held more than one year, IRC §1222)."),
    Column("Est. Tax", Kind.MONEY, note="This sale's marginal federal + state tax on top of this year's "
           "other income and realized gains (Settings); negative = tax saved."),
    Column("vs Best", Kind.MONEY, note="Extra tax over the cheapest method for this sale."),
    Column("Note", Kind.TEXT, note="'Chosen' marks the method used (the sale's Method, else the "
           "Settings Lot Method); otherwise why a method could not be used."),
)

_LOT_COLUMNS = (
    Column("Lot ID", Kind.TEXT),
    Column("Acquired", Kind.DATE, note="Purchase date, or Inherited (long-term whatever the dates, IRC §1223(9)). "
           "After a wash sale the holding period counts from an earlier date (IRC §1223(3)): the note below the "
           "table names it (Adjusted Acquired on Lot Sales)."),
    Column("Quantity", Kind.NUMBER),
    Column("Proceeds", Kind.MONEY),
    Column("Basis", Kind.MONEY, note="Adjusted basis, pro rata for part of a lot."),
    Column("Gain", Kind.MONEY, note="Proceeds - basis; negative = loss."),
    Column("Term", Kind.TEXT, note="Short or Long on the sale date."),
    Column("Days to LT", Kind.INTEGER, note="Days until a sale of this lot would be long-term (0: already)."),
    Column("LT Date", Kind.DATE, note="First day a sale is long-term."),
    Column("Wait Saving", Kind.MONEY, note="Tax of selling now minus tax of selling this short-term gain on "
           "its LT Date as long-term, in the tax year that date falls in (within the wait horizon; price "
           "assumed unchanged). For the plan's own sale, the whole plan's tax: the figure of the Trades "
           "step's note."),
    Column("Account", Kind.TEXT),
)

_SKIPPED_COLUMNS = (
    Column("Sale", Kind.TEXT),
    Column("Account", Kind.TEXT),
    Column("Symbol", Kind.TEXT),
    Column("Quantity", Kind.NUMBER),
    Column("Problem", Kind.TEXT, width=90),
)


def _money(x: Optional[float]) -> Optional[float]:
    return None if x is None else cents(x)


def _where(account: str) -> str:
    return f"from {account}" if account else "from the taxable accounts"


def _label(index: int, request: SaleRequest, given: Optional[str] = None) -> str:
    if given:
        return f"Sale {index} ({given})"
    if request.source is not None:
        return f"Sale {index} ({request.source.sheet} row {request.source.row})"
    return f"Sale {index}"


def _signed(x: float) -> str:
    x = cents(x)
    return f"-${cents(-x):,.2f}" if x < 0 else f"${cents(x):,.2f}"


def _plan_note(base: PlanStepBase) -> str:
    if base.step <= 1 or (abs(base.prior_st) < 0.005 and abs(base.prior_lt) < 0.005):
        return (f"Est. Tax is this sale's exact marginal federal + state tax on top of this year's realized "
                f"gains; for the chosen lots it is the Est. Tax of Trades step {base.step}.")
    return (f"Est. Tax is this sale's exact marginal federal + state tax on top of this year's realized gains "
            f"and the plan's earlier steps (Trades steps before {base.step}: short-term "
            f"{_signed(base.prior_st)}, long-term {_signed(base.prior_lt)}); for the chosen lots it is "
            f"the Est. Tax of Trades step {base.step}.")


def _pieces_cents(r: Relief) -> list[tuple[float, float, float]]:
    """(proceeds, basis, gain) of each lot row in cents, as its row shows them: the relief's proceeds and
    basis split across its lots by the largest remainder so that they add up to the sale's figures in
    cents (engine/sale_cents.py; a plan's sale: its Lot Sales rows, already so), gain = proceeds - basis
    (0 in a tax-advantaged account: no tax)."""
    if r.pieces and all(p.shown is not None for p in r.pieces):
        split = [(pr, b, round(pr - b, 2) + 0.0) for pr, b in (p.shown or (0.0, 0.0) for p in r.pieces)]
    else:
        split = split_in_cents([p.proceeds for p in r.pieces], [p.basis for p in r.pieces])
    return [(pr, b, 0.0 if p.no_tax else g) for p, (pr, b, g) in zip(r.pieces, split)]


def relief_cents(r: Relief) -> tuple[float, float, float, float]:
    """(proceeds, basis, ST gain, LT gain) of a relief in cents, the sums of its lot rows' cents (plus,
    for the plan's own lots, the wash-sale disallowance the relief's gains include), so that the
    comparison row, the lots table's Total and the Trades row are one computation."""
    split = _pieces_cents(r)
    st = sum(g for p, (_pr, _b, g) in zip(r.pieces, split) if not p.long_term)
    lt = sum(g for p, (_pr, _b, g) in zip(r.pieces, split) if p.long_term)
    raw_st = sum(p.gain for p in r.pieces if not p.long_term and not p.no_tax)
    raw_lt = sum(p.gain for p in r.pieces if p.long_term and not p.no_tax)
    st += cents(r.st_gain - raw_st)
    lt += cents(r.lt_gain - raw_lt)
    return (round(sum(pr for pr, _b, _g in split), 2), round(sum(b for _pr, b, _g in split), 2),
            round(st, 2) + 0.0, round(lt, 2) + 0.0)


def comparison_table(c: SaleComparison, label: str) -> Table:
    """Every method's totals for one sale; the chosen method highlighted."""
    rows: list[tuple[Any, ...]] = []
    highlight = []
    for i, o in enumerate(c.outcomes):
        note = CHOSEN if o.method is c.chosen else o.error
        if o.method is c.chosen and o.error:
            note = f"{CHOSEN}: {o.error}"
        why = dict(c.barred).get(o.method)
        if why and o.method is not c.chosen:
            note = "; ".join(n for n in (note, f"Not open to the plan: {why}") if n)
        if o.method is c.chosen:
            highlight.append(i)
        r = o.relief
        if r is None:
            rows.append((o.method.value, None, None, None, None, None, None, None, note))
        else:
            rows.append((o.method.value, r.quantity, *relief_cents(r), _money(o.tax), _money(c.vs_best(o)), note))
    title = (f"{label}: sell {format_shares(c.quantity)} {c.symbol} {_where(c.account)} at "
             f"${cents(c.price):,.2f} on {c.sold.isoformat()}")
    notes = list(c.notes)
    if c.taxable and not any(n.startswith("Est. Tax is this sale's exact") for n in notes):
        notes.append("Est. Tax is federal + state tax of this sale alone on top of this year's other income "
                     "and realized gains (Settings reconciled with Transactions); sales are not added together.")
    return Table(_COMPARISON_COLUMNS, tuple(rows), title=title, notes=tuple(notes), highlight=tuple(highlight))


def lots_table(c: SaleComparison, label: str) -> Optional[Table]:
    """The lots the chosen method relieves, a total row, and the advice as notes."""
    o = c.chosen_outcome
    if o is None or o.relief is None:
        return None
    r = o.relief
    rows: list[tuple[Any, ...]] = [(p.lot_id, acquired_cell(p.acquired, p.inherited), p.quantity, proceeds, basis,
                                    gain, ("n/a (no tax)" if p.no_tax else p.term), p.days_to_long_term,
                                    p.long_term_date, _money(p.wait_saving), p.account)
                                   for p, (proceeds, basis, gain) in zip(r.pieces, _pieces_cents(r))]
    # the Total adds up the rows' cents (Gain: proceeds - basis, before any wash-sale disallowance)
    total_gain = round(sum(row[5] for row in rows), 2) + 0.0
    rows.append(("Total", None, r.quantity, round(sum(row[3] for row in rows), 2),
                 round(sum(row[4] for row in rows), 2), total_gain, "", None, None, None, ""))
    method = r.method.value
    if r.method is not c.chosen:
        method = f"{c.chosen.value} ({method})"
    notes = list(wait_advice(c))
    reported = round(sum(relief_cents(r)[2:]), 2)
    if abs(reported - total_gain) > 0.015:  # the plan's lots: a wash sale disallows part of the loss
        where = ("the wash-sale warning of the comparison above" if o.washed.disallowed > 0.005
                 else "Lot Sales, Wash Disallowed")
        notes.insert(0, f"Gain is proceeds minus basis: {_signed(total_gain)}. A wash sale disallows "
                        f"{_signed(reported - total_gain)} of it ({where}), so the sale "
                        f"reports {_signed(reported)}, the ST / LT Gain of the chosen row above.")
    for p in r.pieces:
        if p.acquired and p.holding_start and p.holding_start != p.acquired:
            notes.append(f"Lot {p.lot_id} was bought {p.acquired.isoformat()} (Acquired), but its holding period "
                         f"counts from {p.holding_start.isoformat()}, tacked on from the shares whose loss it "
                         f"washed (IRC §1223(3)): Term and LT Date follow that date, the Adjusted Acquired on "
                         f"Lot Sales and Wash Sales.")
    if any(p.wait_saving is not None for p in r.pieces):
        notes.append("Wait Saving is the tax of selling now minus the tax of selling on the LT Date, two exact "
                     "computations (price assumed unchanged); an LT Date next year moves the sale to next "
                     "year's return, priced with that year's brackets and this year's income.")
    return Table(_LOT_COLUMNS, tuple(rows), title=f"{label}: lots sold by {method}", notes=tuple(notes),
                 total_rows=1)


def tax_profile(household: Household, as_of: date) -> "TaxProfile":
    settings = household.settings
    if settings.as_of is None:
        settings = replace(settings, as_of=as_of)
    return TaxProfile.from_settings(settings)


def _issue(request: SaleRequest, message: str) -> Issue:
    if request.source is not None:
        return Issue(Severity.WARNING, request.source.sheet, f"A{request.source.row}", message)
    return Issue(Severity.WARNING, LOT_SELECTION_SHEET, "", message)


def _recent_shares(index: "TradeCheckIndex", request: SaleRequest, sold_before: Mapping[tuple[str, str], float]
                   ) -> "tuple[tuple[RecentShares, ...], dict[tuple[str, str], str]]":
    """The purchases of the sale's identity in the wash-sale window before the sale that are still held
    and free to wash a loss (every account), less what the plan's earlier steps sold; and each candidate
    lot's purchase (reading 2 of wash.py): :meth:`TradeCheckIndex.kept_recent`, which the TAXCOST and
    LOTPICK cell functions use too when given Transactions."""
    return index.kept_recent(request.symbol, request.account, sold_before)


def _kept_wash_notes(c: SaleComparison, sold: date) -> tuple[str, ...]:
    """What the chosen lots lose to the recent purchases the sale keeps (IRC §1091(a); Treas. Reg.
    §1.1091-1(c)), one note per purchase, and a note that every method is priced that way."""
    out: list[str] = []
    chosen = c.chosen_outcome
    if chosen is not None and chosen.relief is not None:
        for m in chosen.washed.matches:
            r = m.recent
            which = f" (lot {r.lot_id})" if r.lot_id else ""
            fate = ("lost for good: the purchase is in a tax-advantaged account (Rev. Rul. 2008-5)"
                    if not r.taxable else "deferred into those shares' basis (IRC §1091(d))")
            # the first trading day on or after purchase + 31, as Harvest and WASHWINDOW give it (fe19 F1:
            # 2026-11-24 + 31 = Christmas 2026-12-25 -> 2026-12-28; README "One date convention")
            clear = first_trading_day(r.acquired + timedelta(days=window_days(sold.year) + 1))
            out.append(f"Wash-sale warning: this sale keeps {format_shares(m.shares)} {r.symbol} bought "
                       f"{r.acquired.isoformat()} in {r.account}{which}, which wash ${cents(m.disallowed):,.2f} "
                       f"of its loss, {fate}; the ST / LT Gain and Est. Tax above count only the allowed part. "
                       f"The first day you may sell without this purchase washing it is {clear.isoformat()}"
                       + ("; or sell those shares in the same sale (a lot does not wash its own loss)."
                          if r.taxable and r.lot_id and r.account == c.account else "."))
    if any(o.washed.disallowed > 0.005 for o in c.outcomes):
        out.append("Each method's ST / LT Gain and Est. Tax count the loss its lots would lose to recent "
                   "purchases the sale leaves held (IRC §1091(a); Treas. Reg. §1.1091-1(c): only as many loss "
                   "shares as replacement shares are washed), so vs Best compares what each sale really "
                   "reports.")
    return tuple(out)


def _wash_notes(household: Household, request: SaleRequest, c: SaleComparison, as_of: date,
                index: "TradeCheckIndex", base: Optional[PlanStepBase] = None,
                sold: Optional[date] = None) -> tuple[str, ...]:
    """The pre-trade check's warnings for this sale alone, on the lots the chosen method relieves (a
    warning only for a loss those lots realize, of the amount they realize). For a plan's sale (``base``) the wash
    engine has already matched the plan's own lots in the plan's order (Lot Sales, Wash Disallowed):
    a recent purchase the plan sells first, or matches with another step's loss, washes nothing here,
    so a recent-purchase warning is kept only when the engine disallows part of this step's loss
    (dividend-reinvestment advice is kept: it is about what happens after the plan)."""
    # The check prices the loss on the lots the chosen method relieves: a method that realizes a
    # gain is warned about nothing, and the loss named is the one those lots realize.
    chosen = c.chosen_outcome
    relieved: tuple[tuple[str, float], ...] = ()
    if chosen is not None and chosen.relief is not None:
        relieved = tuple((p.lot_id, p.quantity) for p in chosen.relief.pieces)
    trade = ProposedTrade(sold or as_of, request.account, request.symbol, Action.SELL, request.quantity, c.price,
                          lots=relieved)
    try:
        warnings = check_trades(household, [trade], as_of, index=index)
    except TaxrebalError:  # the check is advice; the comparison stands without it
        return ()
    if base is None or abs(base.disallowed_st) + abs(base.disallowed_lt) < 0.005:
        # a Sales-sheet sale: the chosen row already counts what recent purchases wash (_kept_wash_notes)
        warnings = tuple(w for w in warnings if w.kind is not WarningKind.SALE_WASHED_BY_RECENT_BUY)
    return tuple(f"Wash-sale warning: {w.message}" for w in warnings)


def _short_term_barred(c: SaleComparison, base: PlanStepBase, household: Household
                       ) -> tuple[tuple[LotMethod, str], ...]:
    """The methods a rebalancing plan's sale may not use under Allow Short-Term Gains = N: those whose
    short-term gain, in place of the chosen lots', would take the plan's net short-term gain above the
    year's room (:func:`taxrebal.engine.rebalance.short_term.short_term_room`: the plan never raises the
    year's net short-term gain, taxrebal's reading of the setting under IRC §1222 netting). Example
    (fe6 hh3): the plan sells 17.3667 long-term VTSAX shares (Specific ID, $164.98); LIFO sells
    short-term shares with a $173.67 gain, year's room $0: barred, though $119.83 cheaper."""
    # imported here, not at the top: engine.rebalance loads the solver (highspy, scipy), which
    # `taxrebal run --only lot_selection` and Sales-only workbooks otherwise never need
    from ...engine.rebalance.short_term import short_term_room

    settings = household.settings
    chosen = c.chosen_outcome
    if settings.allow_short_term_gains or chosen is None or chosen.relief is None:
        return ()
    room = short_term_room(settings)
    chosen_st = relief_cents(chosen.relief)[2]
    out = []
    for o in c.outcomes:
        if o.relief is None or o.method is c.chosen:
            continue
        st = relief_cents(o.relief)[2]
        if st > chosen_st + 0.005 and base.plan_st - chosen_st + st > room + 0.005:
            out.append((o.method, f"it sells short-term shares at a gain (${cents(st):,.2f} short-term), and with "
                                  f"Allow "
                                  f"Short-Term Gains = N (Settings) the plan does not raise the year's net "
                                  f"short-term gain (taxrebal's reading, IRC §1222)"))
    return tuple(out)


def lot_selection_tables(
    household: Household,
    requests: Sequence[SaleRequest],
    *,
    as_of: date,
    profile: "Optional[TaxProfile]" = None,
    labels: Sequence[Optional[str]] = (),
    wash: Any = None,
    bases: Sequence[Optional[PlanStepBase]] = (),
) -> tuple[list[Table], list[Issue]]:
    """The sheet's tables and the issues met (bad requests), without writing anything.

    ``labels[i]`` (optional) says where request ``i`` came from, e.g. "rebalance, Trades step 3".
    ``wash`` (the :func:`taxrebal.engine.wash.adjust_lots` result whose household this is) turns on
    the pre-trade wash-sale check of each sale: a loss sale that a recent purchase or a dividend
    reinvestment would wash gets a warning note (IRC §1091). ``bases[i]`` (optional) places request
    ``i`` in a rebalancing plan: its tax is then on top of the plan's earlier steps, as on Trades, and
    its wash-sale warning follows the plan's own matching (Lot Sales)."""
    issues: list[Issue] = []
    if profile is None:
        try:
            profile = tax_profile(household, as_of)
        except TaxrebalError as err:
            issues.append(Issue(Severity.WARNING, "Settings", "",
                                f"Lot Selection cannot estimate tax: {err}"))
    tables: list[Table] = []
    skipped = []
    by_symbol = lots_by_symbol(household.lots)  # one pass over the lots for every request
    check_index: "Optional[TradeCheckIndex]" = None  # the pre-trade check's look-ups, built on first use
    for n, request in enumerate(requests, start=1):
        label = _label(n, request, labels[n - 1] if n - 1 < len(labels) else None)
        base = bases[n - 1] if n - 1 < len(bases) else None
        sold = base.sold_on if base is not None and base.sold_on is not None else as_of
        here = profile
        if base is not None and profile is not None:
            here = replace(profile, realized_st=profile.realized_st + base.prior_st,
                           realized_lt=profile.realized_lt + base.prior_lt)
        lookup: Mapping[str, Sequence[Lot]] = by_symbol
        gone = dict(base.sold_before) if base is not None else {}
        if gone:  # the lots left after the plan's earlier steps
            left = {request.symbol: lots_left_before(by_symbol.get(request.symbol, ()), gone)}
            lookup = ChainMap[str, tuple[Lot, ...]](left, by_symbol)
        recent = purchase_of = None
        if wash is not None:  # a sale from every taxable account (no Account) is washed the same way
            if check_index is None:
                check_index = TradeCheckIndex(household, as_of, wash)
            recent, purchase_of = _recent_shares(check_index, request, gone)
        try:
            c = compare_request(household, request, sold, here, by_symbol=lookup, recent=recent,
                                purchase_of=purchase_of)
            if base is not None and here is not None and c.taxable:
                c = _after_earlier_steps(c, base, here)
                c = replace(c, notes=c.notes + (_plan_note(base),), barred=_short_term_barred(c, base, household))
        except TaxrebalError as err:
            message = f"{label} was not compared: {err}"
            issues.append(_issue(request, message))
            skipped.append((label, request.account, request.symbol, request.quantity, str(err)))
            continue
        if c.taxable and base is None:
            c = replace(c, notes=c.notes + _kept_wash_notes(c, sold))
        if check_index is not None and c.taxable and request.account:
            c = replace(c, notes=c.notes + _wash_notes(household, request, c, as_of, check_index, base, sold))
        chosen = c.chosen_outcome
        if chosen is not None and chosen.error:
            issues.append(_issue(request, f"{label}: {chosen.error}"))
        tables.append(comparison_table(c, label))
        lots = lots_table(c, label)
        if lots is not None:
            tables.append(lots)
    if skipped:
        tables.insert(0, Table(_SKIPPED_COLUMNS, tuple(skipped), title="Sales not compared",
                               notes=("Fix these rows on the Sales sheet (see Issues) and run again.",)))
    if not requests:
        tables.append(Table(_SKIPPED_COLUMNS, (), title="No sales to compare",
                            notes=("Add rows to the Sales sheet (Account, Symbol, Quantity; optional Price, "
                                   "Method, Lot IDs) to compare lot methods, or run Rebalance: its taxable "
                                   "sells are compared here too.",)))
    return tables, issues


def write_lot_selection(
    book: ResultBook,
    household: Household,
    requests: Sequence[SaleRequest],
    *,
    as_of: date,
    profile: "Optional[TaxProfile]" = None,
    labels: Sequence[Optional[str]] = (),
    wash: Any = None,
) -> None:
    """Write (or replace) the Lot Selection sheet for ``requests`` (the user's Sales rows followed
    by any rebalancer sells; the sheet is rewritten on each call). ``profile`` None -> built from
    the household's Settings. Bad requests become rows of "Sales not compared", never a crash; use
    :func:`lot_selection_tables` to get the matching :class:`~taxrebal.errors.Issue` rows."""
    tables, _ = lot_selection_tables(household, requests, as_of=as_of, profile=profile, labels=labels, wash=wash)
    book.write_sheet(LOT_SELECTION_SHEET, tables)


@dataclass(frozen=True)
class PlanStepBase:
    """Where a plan's sell sits in the plan: Trades step ``step``, after earlier steps that realized
    ``prior_st`` / ``prior_lt`` and cost ``prior_tax`` (the plan's cumulative tax before the step, full
    precision; :mod:`taxrebal.engine.attribution`)."""

    step: int
    prior_st: float
    prior_lt: float
    prior_tax: float
    disallowed_st: float = 0.0  # loss of this step's own lots disallowed as wash sales (Lot Sales)
    disallowed_lt: float = 0.0
    #: this step's Lot Sales rows (:class:`taxrebal.engine.plan.LotSale`): the chosen row is built from them
    lot_sales: tuple[Any, ...] = ()
    #: ((account, lot ID), shares) of the step's identity (symbol or Identical Group) the plan's earlier steps
    #: sold, each lot once: no method may sell those shares again (``dict(sold_before)`` looks them up)
    sold_before: tuple[tuple[tuple[str, str], float], ...] = ()
    plan_st: float = 0.0  # the whole plan's net short-term gain (Trades' Realized ST total)
    #: the day the sale is placed when not As Of (Trade.placed_on: it waits a day for a mutual fund sold in
    #: another account to fill, fe11 F35): its holding periods and wash-sale window count from it (fe13 F10)
    sold_on: Optional[date] = None


def plan_sale_requests(plan: Any, household: Household) -> tuple[tuple[SaleRequest, ...], tuple[str, ...]]:
    """The taxable sells of a rebalancing plan (:class:`taxrebal.engine.plan.Plan`) as sale requests
    naming the lots and shares the plan relieves (Specific ID, exactly its Lot Sales), with labels
    "rebalance, Trades step n"."""
    accounts = household.account_map()
    sold: dict[tuple[int, str, str], dict[str, float]] = {}  # (step, account, symbol) -> lot ID -> shares
    for ls in plan.lot_sales:  # in their order: one pass, not one per trade
        of_trade = sold.setdefault((ls.step, ls.account, ls.symbol), {})
        of_trade[ls.lot_id] = of_trade.get(ls.lot_id, 0.0) + ls.quantity
    requests, labels = [], []
    for t in plan.trades:
        account = accounts.get(t.account)
        if t.action is not Action.SELL or account is None or not account.is_taxable:
            continue
        shares = sold.get((t.step, t.account, t.symbol), {})
        lot_ids = tuple(shares)
        requests.append(SaleRequest(t.account, t.symbol, t.quantity, t.price,
                                    LotMethod.SPECIFIC if lot_ids else None, lot_ids,
                                    lot_quantities=tuple(shares.values())))
        labels.append(f"rebalance, Trades step {t.step}")
    return tuple(requests), tuple(labels)


def plan_step_bases(plan: Any, household: Household, profile: "TaxProfile") -> tuple[PlanStepBase, ...]:
    """For each taxable sell of ``plan`` (the order of :func:`plan_sale_requests`), what the plan's
    earlier steps realized and cost, from the same step-order attribution as the Trades sheet."""
    accounts = household.account_map()
    ordered = sorted(plan.trades, key=lambda t: t.step)
    total = plan.tax_total if plan.tax is not None else None
    taxes = step_taxes(profile, [(t.realized_st, t.realized_lt) for t in ordered], total)
    out = []
    st = lt = 0.0
    sold: dict[str, dict[tuple[str, str], float]] = {}  # identity -> (account, lot ID) -> shares sold so far
    by_step: dict[int, list[Any]] = {}  # each step's Lot Sales rows, in their order (once, not per step)
    for ls in plan.lot_sales:
        by_step.setdefault(ls.step, []).append(ls)
    plan_st = sum(u.realized_st for u in ordered)
    # the shares sold so far, by identity: a step's sale reads only the lots of its own identity (its
    # symbol's lots and the identity's recent purchases, lot_selection_tables), so each step keeps only
    # those (at 100,000 lots, 310 steps each holding every lot sold before it set the run's peak memory)
    identity_of = {s.symbol: s.identity for s in household.securities}
    for t, x in zip(ordered, taxes):
        account = accounts.get(t.account)
        mine = by_step.get(t.step, [])
        if t.action is Action.SELL and account is not None and account.is_taxable:
            earlier = sold.get(identity_of.get(t.symbol, t.symbol), {})
            out.append(PlanStepBase(t.step, st, lt, x.before,
                                    sum(getattr(ls, "disallowed", 0.0) for ls in mine if not ls.long_term),
                                    sum(getattr(ls, "disallowed", 0.0) for ls in mine if ls.long_term),
                                    lot_sales=tuple(mine),
                                    sold_before=tuple(earlier.items()),
                                    plan_st=plan_st, sold_on=getattr(t, "placed_on", None)))
        for ls in mine:
            _add(sold, identity_of.get(ls.symbol, ls.symbol), (ls.account, ls.lot_id), ls.quantity)
        for lot_id, _bought, q in getattr(t, "first_lots", ()):  # recent shares an IRA sell relieves first
            if lot_id and t.action is Action.SELL and not (account is not None and account.is_taxable):
                _add(sold, identity_of.get(t.symbol, t.symbol), (t.account, lot_id), q)
        st += t.realized_st
        lt += t.realized_lt
    base_of = {b.step: b for b in out}
    return tuple(base_of[t.step] for t in plan.trades if t.step in base_of)


def _add(sold: dict[str, dict[tuple[str, str], float]], identity: str, key: tuple[str, str], shares: float) -> None:
    mine = sold.setdefault(identity, {})
    mine[key] = mine.get(key, 0.0) + shares


def lots_left_before(lots: Sequence[Lot], gone: Mapping[tuple[str, str], float]) -> tuple[Lot, ...]:
    """``lots`` without the shares the plan's earlier steps sold (``gone``: (account, lot ID) -> shares),
    basis and wash-sale adjustment reduced pro rata: the lots a plan step can still choose from. Example:
    lot L4 (200 VXUS) sold by step 6 is not there for step 7, so no method of step 7 can sell it again."""
    if not gone:
        return tuple(lots)
    out = []
    for lot in lots:
        q = gone.get((lot.account, lot.lot_id), 0.0)
        if q <= 1e-9:
            out.append(lot)
            continue
        left = lot.quantity - q
        if left <= 1e-9 * max(1.0, lot.quantity):
            continue
        share = left / lot.quantity
        out.append(replace(lot, quantity=left, basis=None if lot.basis is None else lot.basis * share,
                           wash_adjustment=lot.wash_adjustment * share))
    return tuple(out)


def plan_relief(base: PlanStepBase, relieved: Optional[Relief], sold: date) -> Optional[Relief]:
    """The plan step's sale as Lot Sales shows it, as a :class:`Relief`: the same lots and shares, each
    with its adjusted basis (a loss washed into it by an earlier sale included, IRC §1091(d)), its term
    (the holding period tacked on, IRC §1223(3)) and its gain (proceeds - basis); the relief's ST / LT
    gains are the Reported Gains (the loss a wash sale disallows added back), the Trades row's Realized
    ST / LT. ``relieved`` (the same lots relieved from the Lots sheet) gives each lot's purchase date.
    None when the step has no Lot Sales."""
    if not base.lot_sales:
        return None

    acquired = {(p.account, p.lot_id): p for p in (relieved.pieces if relieved is not None else ())}
    pieces = []
    for ls in base.lot_sales:
        own = acquired.get((ls.account, ls.lot_id))
        start = ls.acquired if ls.acquired is not None else (own.holding_start if own is not None else None)
        lt_date = None if start is None else long_term_date(start)
        if ls.long_term and lt_date is not None and lt_date > sold:  # long-term by a holding period tacked on
            lt_date = None
        pieces.append(ReliefPiece(
            ls.lot_id, ls.account, ls.symbol, own.acquired if own is not None else ls.acquired, start, ls.quantity,
            ls.proceeds, ls.basis, ls.gain, ls.long_term,
            0 if lt_date is None or ls.long_term else max(0, (lt_date - sold).days), lt_date,
            getattr(ls, "wait_saving", None),  # the Trades note's figure (engine/rebalance/explain.py)
            inherited=ls.inherited or (own is not None and own.inherited), shown=ls.in_cents()[:2]))
    st = sum(ls.gain + ls.disallowed for ls in base.lot_sales if not ls.long_term)
    lt = sum(ls.gain + ls.disallowed for ls in base.lot_sales if ls.long_term)
    return Relief(tuple(pieces), LotMethod.SPECIFIC, sum(p.quantity for p in pieces),
                  sum(p.proceeds for p in pieces), sum(p.basis for p in pieces), st, lt,
                  relieved.remaining if relieved is not None else ())


def _differs(plan: Relief, relieved: Optional[Relief]) -> bool:
    """True when the plan's sale differs from the same lots as the Lots sheet gives them: a wash sale
    disallows part of its loss, or a lot's basis or term was changed by a wash sale."""
    if relieved is None or abs(plan.gain - sum(p.gain for p in plan.pieces)) > 0.005:
        return True
    own = {(p.account, p.lot_id): p for p in relieved.pieces}
    for p in plan.pieces:
        q = own.get((p.account, p.lot_id))
        if q is None or q.long_term != p.long_term or abs(q.basis * p.quantity / q.quantity - p.basis) > 0.005:
            return True
    return False


def _after_earlier_steps(c: SaleComparison, base: PlanStepBase, profile: "TaxProfile") -> SaleComparison:
    """A plan step's comparison, one set of numbers with Trades and Lot Sales. The chosen row is the
    step's Lot Sales (:func:`plan_relief`: adjusted basis, term and wash-sale disallowance as there);
    another method relieving the very same shares shows the same figures. Each method's Est. Tax is the
    plan's cumulative tax with this sale minus without it, in cents (cents(before + tax) -
    cents(before)), so the chosen row shows the Trades step's Est. Tax."""
    chosen_relief = plan_relief(base, c.chosen_outcome.relief if c.chosen_outcome is not None else None, c.sold)

    # taxed on the Trades row's Realized ST / LT: the Lot Sales rows' reported cents (LotSale.in_cents, fe11 F3)
    st_c = round(sum(ls.reported_cents for ls in base.lot_sales if not ls.long_term), 2)
    lt_c = round(sum(ls.reported_cents for ls in base.lot_sales if ls.long_term), 2)

    # one figure for every row of these shares (priced only when the step has Lot Sales)
    m = marginal_tax(profile, st_c, lt_c) if chosen_relief is not None else None

    def priced(o: MethodOutcome, relief: Relief) -> MethodOutcome:
        assert m is not None
        # the plan's wash sales are in the Lot Sales figures themselves (Reported Gain)
        return replace(o, relief=relief, tax=m.total, federal=m.federal, state=m.state, error="",
                       washed=KeptWash())

    outcomes = []
    chosen_outcome = None
    for o in c.outcomes:
        if o.method is c.chosen and chosen_relief is not None:
            o = chosen_outcome = priced(o, chosen_relief)
        outcomes.append(o)
    if chosen_outcome is not None and chosen_relief is not None:  # the same shares are one sale
        outcomes = [priced(o, chosen_relief) if o is not chosen_outcome and same_shares(o, chosen_outcome)
                    else o for o in outcomes]

    def shift(o: MethodOutcome) -> MethodOutcome:
        if o.tax is None:
            return o
        return replace(o, tax=cents(cents(base.prior_tax + o.tax) - cents(base.prior_tax)))

    out = replace(c, outcomes=tuple(shift(o) for o in outcomes))
    relieved = c.chosen_outcome.relief if c.chosen_outcome is not None else None
    if chosen_relief is not None and _differs(chosen_relief, relieved):
        out = replace(out, notes=out.notes + (
            "The chosen row is this step's sale as Lot Sales shows it: the same lots and shares, their "
            "adjusted basis and holding period (a loss washed into a lot by an earlier sale included, IRC "
            "§1091(d), §1223(3)) and the loss a wash sale disallows (Reported Gain); the other methods sell "
            "from the lots left after the plan's earlier steps.",)
            + tuple(f"Lot {ls.lot_id}: {ls.wash_status}." for ls in base.lot_sales
                    if str(ls.wash_status).startswith("Basis includes")))
    return out
