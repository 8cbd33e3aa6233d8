"""Wash sales across the household: which losses are disallowed and where they go.

Rule (IRC §1091(a); Treas. Reg. §1.1091-1; IRS Pub 550, "Wash Sales"): a loss on the sale of stock
or securities is not deductible when, within 30 days before or after the sale (a 61-day window
that includes the sale day), the taxpayer acquires substantially identical stock or securities by
purchase or by dividend reinvestment. The window length comes from the dated parameter
``wash_sale.window_days`` (IRC §1091(a)).

* **Who**: the whole household counts as one taxpayer: every owner and account on the Accounts sheet
  (spouses included, Pub 550; Rev. Rul. 2008-5 for IRAs). Only losses realized in TAXABLE accounts
  are subject (no gain or loss is realized inside an IRA, 401(k), Roth or HSA), but a purchase in
  *any* account washes them.
* **What is identical**: the same symbol, or securities sharing a non-empty ``identical_group``
  (``Security.identity``), e.g. VOO and IVV when the user puts both in group "SP500".
* **Matching share by share**: loss sales are taken in the order sold (Reg. §1.1091-1(b); sales on
  the same day, whose order the sheet cannot prove, in the order the sold shares were acquired, as
  (b) prescribes, then row order); for each, the replacement shares are the earliest-acquired shares
  of the identity acquired in the window, and a share that washed one loss is disregarded for any
  other (Reg. §1.1091-1(e)). Fewer shares acquired than sold: only that part of the loss is
  disallowed (Reg. §1.1091-1(c)); more acquired than sold: the first-acquired shares are the
  replacements (Reg. §1.1091-1(d)). "Acquired" means by purchase, including dividend reinvestment
  (Reg. §1.1091-1(f); Pub 550).
* **Effects**: the disallowed loss is added to the replacement shares' basis (IRC §1091(d);
  Reg. §1.1091-2) and their holding period includes the sold shares' (IRC §1223(3): "there shall be
  included the period for which he held the stock ... the loss from the sale of which was not
  deductible"; Treas. Reg. §1.1223-1(d)), expressed as ``Lot.adjusted_acquired``, the date the
  replacement's holding period counts from (:func:`tacked_start`):

  - a replacement acquired **after** the loss sale: its acquisition date minus the days the sold
    shares were held (Pub 550's example below: the two periods follow each other);
  - a replacement acquired **on or before** the loss sale: the earlier of its own acquisition date and
    the sold shares' holding start (itself tacked when they replaced an earlier loss). The two periods
    overlap from the replacement's purchase to the sale, and a day held twice counts once: the
    holding period is the union of the two periods, not their sum (taxrebal's reading of §1223(3)'s
    "included": the sold shares' period is *included* in the replacement's, not added to it);
  - an inherited sold lot counts as held more than one year (IRC §1223(9)): the replacement's date
    minus its days held, at least 367, whenever the replacement was bought, so the replacement is
    long-term from the start as the inherited shares were.

  A replacement bought in an IRA/Roth/401(k)/HSA washes the loss for good: no basis adjustment
  anywhere (Rev. Rul. 2008-5).

Worked example (Pub 550): 100 shares of X bought for $1,000 and sold for $750; within 30 days 100
shares bought for $800. The $250 loss is disallowed and the new shares' basis is $800 + $250 = $1,050.
If the first shares were held 200 days, the new shares count as acquired 200 days before their
purchase date.

Worked example, a replacement bought before the sale (fe15 finding 1): 10 IVV bought 2025-06-02,
10 VOO (same Identical Group) bought 2025-11-20, the IVV sold at a loss 2025-12-01. The VOO shares
were held from 2025-11-20 and the IVV shares from 2025-06-02; the union of the two periods starts
2025-06-02, so the VOO's holding period counts from 2025-06-02 (long-term from 2026-06-03). Adding the
IVV's 182 days to 2025-11-20 instead would give 2025-05-22, a day neither lot was held: the 11 days
both were held (2025-11-20 to 2025-12-01) counted twice.

Readings where the regulations are silent (documented so users can check them against their broker):

1. **Acquisitions** are Transactions Buy/Reinvest rows, plus open Lots (any account) with no Buy row
   of the same Lot ID (deduplicated by Lot ID; a Buy row without a Lot ID is linked to an open lot of
   the same account, symbol and date, at the lot's cost, else to a lot a Sell row names with that
   Acquired date: with more such rows than lots, the first lot holds the other rows' shares too, and
   a lot sold in full takes them with it), plus lots known only from a Sell row's own Acquired date.
   A Sell row naming no lot is the sale of such a Buy row that no open lot stands for (wash_unlisted.py).
   Inherited shares are not acquired "by purchase" and never replace (IRC §1091(a)).
2. **The sold lot is not its own replacement**: no share of the very lot being sold (the purchase
   that created it) replaces it, even its unsold shares (buying 100 and selling 50 of them at a loss
   is no wash sale). Any *other* purchase in the window is a replacement, even one made before the
   sold lot was bought (the statute's literal "within 30 days before"; some commentators would
   disregard it, brokers generally do not).
3. **Same-day purchases** are inside the window (day 0: "within 30 days before or after" includes
   the sale date; no regulation carves it out), as brokers report them, unless they are the lot
   being sold.
4. **Replacements bought before the sale must still be held**: shares acquired before the loss sale
   and already sold before it (earlier in date/row order) are not available; the engine works
   forward in time and never reopens a sale already closed (the common broker practice; it avoids the
   "reverse chaining" that would turn an earlier reported gain into a loss).
5. **Chains**: replacement shares later sold carry their adjusted basis and holding period, and
   their own loss sale can be washed by later purchases. Within a lot, sales relieve the washed
   shares first (in the order they were washed), then the unwashed ones (a plan's own sells may say the reverse).
6. **Broker-adjusted lots** (``Lot.wash_adjusted``): their basis already includes the broker's
   adjustment; they are never adjusted again but still consume replacement shares, so the same loss
   is not pinned on a second lot. Their Acquired is the tacked holding start: a Buy row of the same Lot
   ID on another date is the lot's own real purchase (its date is the one that can wash *other* loss
   sales; the lot's sale is not washed by it, reading 2), held from the lot's Acquired, at its cost.
7. **Partially washed lots are split**: an open lot whose shares carry different adjustments or
   holding periods becomes several lots: the unwashed shares keep the Lot ID, washed pieces become
   ``<Lot ID>-W1``, ``-W2``... (a lot washed in full by one sale keeps its ID). An Info issue says so.
8. **Different funds of one identity match share for share**, not by value (Treas. Reg. §1.1091-1(b),
   (c) speak of shares of stock; how different-priced substantially identical funds match is not
   settled): 4.35 FXAIX at $230 bought in the window wash 4.35 IVV loss shares at $615 ($75 loss each:
   $326.25), where matching by value would wash 1,000.50 / 615 = 1.63 shares (about $122).

Where things are: the result records in :mod:`taxrebal.engine.wash_records`; questions asked of a
result (the Do Not Buy list, the WASHWINDOW status, recent purchases still able to wash a loss) in
:mod:`taxrebal.engine.wash_queries`; the dates' wording in :mod:`taxrebal.engine.wash_dates`; the
matching of loss shares with replacement shares in :mod:`taxrebal.engine.wash_matching`, which the
pricing of a sale not yet made (:mod:`taxrebal.engine.kept_wash`) uses too; the working state (the
blocks of shares acquired and their washed segments) in :mod:`taxrebal.engine.wash_book`.

Sale figures: proceeds = quantity x price; basis = cost per share (from the lot's Buy row, else the
Lots sheet, else the Sell row's own Cost Basis) x quantity, plus wash adjustments carried by the
shares sold.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Collection, Iterable, Mapping, Optional, Sequence

from ..errors import Issue, Severity, UnknownParameterError
from . import params
from .money import EPS, QTY_EPS, cents, parts_in_cents, times
from .records import (
    Account,
    Action,
    Household,
    Lot,
    Security,
    SourceRef,
)
from .wash_book import Acquisition, Book, Segment, TailPart, acquired_on, merge_parts
from .wash_matching import match_loss_shares
from .wash_records import RealizedSale, WashMatch, WashResult
from .wash_unlisted import link_unnamed_sells, warn_unlisted_held

__all__ = ["WashMatch", "RealizedSale", "WashResult", "adjust_lots", "window_days", "newest_window_days",
           "identity_map", "purchase_id", "tacked_start"]

#: IRC §1091(a): "within a period beginning 30 days before the date of such sale ... and ending 30
#: days after such date": ``engine/params/statutory.toml``, the one place the number is written.
_WINDOW = "wash_sale.window_days"


def window_days(year: int) -> int:
    """The wash-sale window (days before and after the sale) for ``year``: parameter
    ``wash_sale.window_days`` (IRC §1091(a)), 30. A year before the statute's first (1954, a date
    typed by mistake) gets the window of the oldest tax year whose parameters ship."""
    try:
        return int(params.get(_WINDOW, year))
    except UnknownParameterError:
        return int(params.get(_WINDOW, params.years()[0]))


def newest_window_days() -> int:
    """The window of the newest tax year whose parameters ship: what a text that names no date says
    (the input sheets' hints: "the last 60 days", two windows, decide wash sales)."""
    return window_days(params.years()[-1])


def identity_map(securities: Iterable[Security]) -> dict[str, str]:
    """Symbol -> substantially-identical class (the identical group, else the symbol)."""
    return {s.symbol: s.identity for s in securities}


# ------------------------------------------------------------------------------------------------
# Building acquisitions and sales from the household
# ------------------------------------------------------------------------------------------------


def _issue_cell(source: Optional[SourceRef], sheet: str = "Transactions") -> tuple[str, str]:
    if source is None:
        return sheet, ""
    return source.sheet, f"A{source.row}"


def _collect_acquisitions(household: Household, identities: Mapping[str, str], accounts: Mapping[str, Account],
                          issues: list[Issue], rows_of: dict[str, list[int]]) -> dict[str, Acquisition]:
    """Every acquisition, keyed by lot (see the module docstring, reading 1); ``rows_of`` gets the
    Buy/Reinvest rows without a Lot ID (their indices) that each acquisition stands for."""
    # Index only the lots the transactions can refer to (by Lot ID, or by account/symbol/date for a
    # Buy row without one): with 100,000 lots, building full indexes costs more than the matching.
    wanted_ids = {tx.lot_id for tx in household.transactions if tx.lot_id}
    buy_dates = {tx.date for tx in household.transactions
                 if not tx.lot_id and tx.action in (Action.BUY, Action.REINVEST)}
    lots_by_id: dict[str, Lot] = {}
    unlinked_by_date: dict[tuple[str, str, Optional[date]], list[Lot]] = {}
    for held in household.lots:
        if held.lot_id in wanted_ids and held.lot_id not in lots_by_id:
            lots_by_id[held.lot_id] = held
        if held.acquired in buy_dates:
            unlinked_by_date.setdefault((held.account, held.symbol, held.acquired), []).append(held)

    acquisitions: dict[str, Acquisition] = {}
    linked_lots: set[str] = set()
    seq = 0
    taxable_accounts = {name: acc.is_taxable for name, acc in accounts.items()}

    def taxable(account: str) -> bool:
        return taxable_accounts.get(account, True)

    # A Buy row without a Lot ID whose lot has since been sold in full (so it is gone from the Lots
    # sheet) is the purchase of the lot a Sell row names by account, symbol and Acquired date: keyed
    # as that sold lot, it can never be the replacement of its own shares (IRC §1091(a)).
    bought_ids = {tx.lot_id for tx in household.transactions
                  if tx.lot_id and tx.action in (Action.BUY, Action.REINVEST)}
    sold_by_purchase: dict[tuple[str, str, date], list[str]] = {}
    for j, tx in enumerate(household.transactions):
        if tx.action is Action.SELL and tx.acquired is not None and tx.lot_id not in bought_ids:
            keys = sold_by_purchase.setdefault((tx.account, tx.symbol, tx.acquired), [])
            if (tx.lot_id or f"@S{j}") not in keys:
                keys.append(tx.lot_id or f"@S{j}")
    day_lot: dict[tuple[str, str, date], str] = {}  # the first lot, open or sold, a row of that day is

    for i, tx in enumerate(household.transactions):
        if tx.action not in (Action.BUY, Action.REINVEST):
            continue
        lot: Optional[Lot] = lots_by_id.get(tx.lot_id) if tx.lot_id else None
        sold_key: Optional[str] = None
        day = (tx.account, tx.symbol, tx.date)
        if lot is None and not tx.lot_id:
            lot = next((c for c in unlinked_by_date.get(day, ()) if c.lot_id not in linked_lots), None)
            if lot is None:
                sold_key = next((k for k in sold_by_purchase.get(day, ()) if k not in acquisitions), None)
            if lot is None and sold_key is None and day in day_lot:  # more rows than lots that day: the
                # lot holds their shares too, open or sold since (reading 1; tests/test_wash_same_day_buy_rows.py)
                joined = acquisitions[day_lot[day]]
                joined.quantity += tx.quantity
                joined.unmatched += tx.quantity
                rows_of[joined.key].append(i)
                continue
        key = tx.lot_id or (lot.lot_id if lot is not None else sold_key or f"@T{i}")
        if key in acquisitions:
            sheet, cell = _issue_cell(tx.source)
            issues.append(Issue(Severity.WARNING, sheet, cell,
                                f"Lot ID '{key}' is used by more than one Buy/Reinvest row; only the "
                                f"first is used for wash sales. Give each purchase its own Lot ID."))
            continue
        if not tx.lot_id:
            rows_of[key] = [i]
            if lot is not None or sold_key is not None:
                day_lot.setdefault(day, key)
        unit: Optional[float] = (tx.basis / tx.quantity) if (tx.basis is not None and tx.quantity > QTY_EPS) \
            else tx.price
        if lot is not None and not tx.lot_id and lot.basis is not None and lot.quantity > QTY_EPS:
            unit = lot.basis / lot.quantity  # linked by its date only: the lot's own cost (reading 1)
        # reading 6: a broker-adjusted lot's Acquired is the tacked holding start, its Buy row (same Lot
        # ID) the real purchase: bought on the row's date, held from the lot's Acquired, at the lot's cost
        retimed = (lot is not None and bool(tx.lot_id) and lot.wash_adjusted and lot.acquired is not None
                   and lot.acquired != tx.date)
        if retimed and lot is not None and lot.basis is not None and lot.quantity > QTY_EPS:
            unit = lot.basis / lot.quantity
        acq_lot_id: Optional[str]
        if lot is not None:
            linked_lots.add(lot.lot_id)
            acq_lot_id = lot.lot_id
        else:
            acq_lot_id = tx.lot_id or (sold_key if sold_key and not sold_key.startswith("@") else None)
        acquisitions[key] = Acquisition(
            key, acq_lot_id, tx.account, tx.symbol,
            identities.get(tx.symbol, tx.symbol), tx.date, tx.quantity, unit, taxable(tx.account),
            bool(lot is not None and lot.wash_adjusted), tx.inherited, seq, lot, tx.source)
        if retimed and lot is not None:
            acquisitions[key].holding_from = lot.acquired
        seq += 1

    sold_by_lot: dict[str, float] = {}
    for tx in household.transactions:
        if tx.action is Action.SELL and tx.lot_id:
            sold_by_lot[tx.lot_id] = sold_by_lot.get(tx.lot_id, 0.0) + tx.quantity

    # An open lot matters only when a sale relieves it or it was acquired within a window of some
    # sale; the others (usually nearly all of them) can neither be washed nor wash anything.
    sale_dates = [tx.date for tx in household.transactions if tx.action is Action.SELL]
    if sale_dates:
        reach = max(window_days(y) for y in {d.year for d in sale_dates})
        first_day = min(sale_dates) - timedelta(days=reach)
        last_day = max(sale_dates) + timedelta(days=reach)
    for lot in household.lots:
        if lot.lot_id in linked_lots or lot.lot_id in acquisitions:
            continue
        if lot.lot_id not in sold_by_lot and not (
                sale_dates and lot.acquired is not None and first_day <= lot.acquired <= last_day):
            continue
        linked_lots.add(lot.lot_id)
        qty = lot.quantity + sold_by_lot.get(lot.lot_id, 0.0)
        unit = (lot.basis / lot.quantity) if (lot.basis is not None and lot.quantity > QTY_EPS) else None
        acquisitions[lot.lot_id] = Acquisition(
            lot.lot_id, lot.lot_id, lot.account, lot.symbol, identities.get(lot.symbol, lot.symbol),
            lot.acquired, qty, unit, taxable(lot.account), lot.wash_adjusted, lot.inherited, seq, lot,
            lot.source)
        seq += 1

    for i, tx in enumerate(household.transactions):
        if tx.action is not Action.SELL:
            continue
        key = tx.lot_id or f"@S{i}"
        if key in acquisitions:
            continue
        if tx.acquired is None and not tx.inherited and tx.basis is None:
            continue  # nothing known; reported when the sale is processed
        unit = (tx.basis / tx.quantity) if (tx.basis is not None and tx.quantity > QTY_EPS) else None
        qty = sold_by_lot.get(tx.lot_id, tx.quantity) if tx.lot_id else tx.quantity
        acquisitions[key] = Acquisition(
            key, tx.lot_id, tx.account, tx.symbol, identities.get(tx.symbol, tx.symbol), tx.acquired,
            qty, unit, taxable(tx.account), False, tx.inherited, seq, None, tx.source)
        acquisitions[key].from_sale = True
        seq += 1
    link_unnamed_sells(household.transactions, acquisitions, issues)  # fe17 F7 (wash_unlisted.py)
    return acquisitions


def _days_held(holding_start: Optional[date], sold: date, inherited: bool) -> int:
    """Days the sold shares were held, for tacking (IRC §1223(3)); inherited shares count as held
    more than one year (IRC §1223(9))."""
    held = (sold - holding_start).days if holding_start is not None else 0
    if inherited:
        held = max(held, 367)
    return max(held, 0)


def tacked_start(replacement: date, sold_start: Optional[date], sold: date, inherited: bool) -> date:
    """The date a wash-sale replacement's holding period counts from (IRC §1223(3); module
    docstring, "Effects"): ``replacement`` its acquisition date, ``sold_start`` the sold shares'
    (possibly tacked) holding start, ``sold`` the loss sale's date.

    * bought after the sale: ``replacement`` minus the days the sold shares were held (Pub 550);
    * bought on or before the sale: the earlier of ``replacement`` and ``sold_start`` (the union of
      the two overlapping periods: taxrebal's reading of §1223(3)'s "included");
    * inherited sold shares (IRC §1223(9)): ``replacement`` minus their days held, at least 367.

    Examples: sold shares held from 2025-06-02, sold 2025-12-01 (182 days): bought 2025-12-11 ->
    2025-06-12; bought 2025-11-20 -> 2025-06-02; bought 2025-12-01 (the sale day) -> 2025-06-02 (both
    rules agree on the sale day); bought 2025-05-01, before the sold shares -> 2025-05-01."""
    held = _days_held(sold_start, sold, inherited)
    if inherited or replacement > sold or sold_start is None:
        return replacement - timedelta(days=held)
    return min(replacement, sold_start)


# ------------------------------------------------------------------------------------------------
# The engine
# ------------------------------------------------------------------------------------------------


def adjust_lots(household: Household, sale_rank: Optional[Mapping[int, int]] = None,
                unused_first: Collection[int] = ()) -> WashResult:
    """Apply the wash-sale rule to the household's history and open lots.

    Returns the matches (one per sale part x replacement block), every realized sale in a taxable
    account with its basis and disallowed loss, the household with its open lots adjusted (basis via
    ``wash_adjustment``, holding period via ``adjusted_acquired``; partially washed lots split), and
    issues for rows that could not be used. See the module docstring for the rule and its readings.

    ``sale_rank``: transaction index -> rank, for Sell rows whose order on their day is known (a
    rebalancing plan's steps): they come after that day's other sales, in rank order, and only sales
    of one rank in acquisition order (Reg. §1.1091-1(b) prescribes acquisition order only "if the
    order of disposition of stock or securities disposed of at the same time cannot be determined").
    ``unused_first``: indices of Sell rows relieving unused shares first (reading 5: a plan's instruction).
    """
    issues: list[Issue] = []
    household = _without_engine_adjustments(household)
    identities = identity_map(household.securities)
    accounts = household.account_map()
    rows_of: dict[str, list[int]] = {}
    acquisitions = _collect_acquisitions(household, identities, accounts, issues, rows_of)
    book = Book(list({id(a): a for a in acquisitions.values()}.values()))  # an unnamed sale's key shares its Buy's
    windows: dict[int, int] = {}

    matches: list[WashMatch] = []
    sales: list[RealizedSale] = []

    ranks = sale_rank or {}

    def sale_order(i: int) -> tuple[date, int, int, date, int]:
        tx = household.transactions[i]
        sold = acquisitions.get(tx.lot_id or f"@S{i}") if tx.action is Action.SELL else None
        acquired = sold.acquired if (sold is not None and sold.acquired is not None) else date.min
        rank = ranks.get(i)
        return (tx.date, 0 if rank is None else 1, rank or 0, acquired, i)

    order = sorted(range(len(household.transactions)), key=sale_order)
    for i in order:
        tx = household.transactions[i]
        if tx.action is not Action.SELL:
            continue
        acc = accounts.get(tx.account)
        is_taxable = True if acc is None else acc.is_taxable
        acq = acquisitions.get(tx.lot_id or f"@S{i}")
        if acq is None:
            if is_taxable:
                sheet, cell = _issue_cell(tx.source)
                what = f"lot '{tx.lot_id}'" if tx.lot_id else "the lot sold (no Lot ID)"
                issues.append(Issue(
                    Severity.WARNING, sheet, cell,
                    f"Sell of {tx.quantity:g} {tx.symbol} on {tx.date.isoformat()}: cannot find "
                    f"{what} on the Lots sheet or a Buy row, so its gain or loss is unknown and it is "
                    f"left out of wash sales and Form 8949. Fill in the row's Lot ID (the same on the Buy "
                    f"row, if Transactions has the purchase), or its Acquired and Cost Basis."))
            continue
        available = sum(seg.qty for seg in acq.segments) + max(acq.unmatched, 0.0)
        if tx.quantity > available + 1e-6:
            sheet, cell = _issue_cell(tx.source)
            issues.append(Issue(
                Severity.WARNING, sheet, cell,
                f"Sell of {tx.quantity:g} {tx.symbol} from lot '{acq.lot_id}' on {tx.date.isoformat()}: only "
                f"{available:g} shares of that lot are known at that date (Buy rows, Lots sheet, earlier "
                f"sells). Check the row's Quantity and Lot ID; the extra shares are taken at the lot's cost."))
        parts = acq.relieve(tx.quantity, unused_first=i in unused_first)
        if not is_taxable:
            continue
        if (tx.basis is not None and not acq.from_sale and acq.unit_cost is not None
                and abs(tx.basis - acq.unit_cost * tx.quantity) > 0.01 + 1e-6 * abs(tx.basis)):
            sheet, cell = _issue_cell(tx.source)
            issues.append(Issue(
                Severity.WARNING, sheet, cell,
                f"Sell of lot '{acq.lot_id}' on {tx.date.isoformat()}: the row's Cost Basis "
                f"{tx.basis:,.2f} differs from the lot's cost for {tx.quantity:g} shares "
                f"({acq.unit_cost * tx.quantity:,.2f}, from its Buy row or the Lots sheet), which is "
                f"used. Correct whichever is wrong."))
        if acq.unit_cost is None and not acq.inherited:
            sheet, cell = _issue_cell(tx.source)
            issues.append(Issue(Severity.WARNING, sheet, cell,
                                f"Sell of lot '{acq.lot_id}' ({tx.symbol}) on {tx.date.isoformat()}: "
                                f"its cost basis is unknown. Enter the row's Cost Basis."))
            continue
        if acq.unit_cost is None:
            sheet, cell = _issue_cell(tx.source)
            issues.append(Issue(Severity.WARNING, sheet, cell,
                                f"Sell of inherited lot '{acq.lot_id}' ({tx.symbol}): its basis (value "
                                f"at the date of death) is unknown. Enter the row's Cost Basis."))
            continue
        if acq.acquired is None and not acq.inherited:
            sheet, cell = _issue_cell(tx.source)
            issues.append(Issue(Severity.WARNING, sheet, cell,
                                f"Sell of lot '{acq.lot_id}' ({tx.symbol}) on {tx.date.isoformat()}: its "
                                f"acquisition date is unknown, so its holding period cannot be told and "
                                f"it is left out of wash sales and Form 8949. Enter the row's Acquired "
                                f"date (or 'Inherited')."))
            continue
        year = tx.date.year
        if year not in windows:
            windows[year] = window_days(year)
        win = windows[year]
        for qty, adjustment, tacked in parts:
            basis = acq.unit_cost * qty + adjustment
            proceeds = times(qty, tx.price)
            start = tacked or acq.holding_from
            sale_disallowed = 0.0
            sale_permanent = 0.0
            sale_matched = 0.0
            # the loss in cents, (e) - (d) as Form 8949 shows them, so that (g), (h), the Wash Sales sheet,
            # the basis adjustment and the year's realized gain are one computation (audit18 F3, F6)
            loss = round(cents(basis) - cents(proceeds), 2) + 0.0
            if loss > EPS:
                first = tx.date - timedelta(days=win)
                last = tx.date + timedelta(days=win)
                # reading 2: the sold shares' own purchase never replaces them
                others = [rep for rep in book.in_window(acq.identity, first, last) if rep is not acq]
                taken = match_loss_shares(qty, others)
                for (rep, take), disallowed in zip(taken, _disallowed_in_cents(loss, qty, taken)):
                    permanent = not rep.taxable
                    # IRC §1223(3): the replacement's holding period includes the sold shares', also
                    # when the broker already added the loss to its basis (Wash Adjusted = Y, reading 6)
                    adjusted_acquired = None if permanent else tacked_start(acquired_on(rep), start, tx.date,
                                                                             acq.inherited)
                    if adjusted_acquired is not None and rep.holding_from is not None:
                        adjusted_acquired = min(adjusted_acquired, rep.holding_from)  # already tacked
                    applied = 0.0 if (permanent or rep.broker_adjusted) else disallowed
                    rep.segments.append(Segment(take, applied, adjusted_acquired))
                    rep_basis = (None if (rep.unit_cost is None or permanent)
                                 else rep.unit_cost * take + applied)
                    if rep_basis is not None and rep.broker_adjusted and rep.lot is not None \
                            and rep.lot.basis is not None and rep.lot.quantity > QTY_EPS:
                        # reading 6: the lot's basis already holds the broker's adjustment (its Buy row's
                        # price does not): the matched shares' share of it, as every other sheet shows it
                        rep_basis = rep.lot.basis * take / rep.lot.quantity
                    matches.append(WashMatch(
                        sale_date=tx.date, account=tx.account, symbol=tx.symbol,
                        lot_id=acq.lot_id, quantity=qty, loss=loss, disallowed=disallowed,
                        permanent=permanent, replacement_account=rep.account,
                        replacement_symbol=rep.symbol, replacement_lot=rep.lot_id,
                        replacement_date=acquired_on(rep), shares=take, basis_adjustment=applied,
                        adjusted_basis=rep_basis, adjusted_acquired=adjusted_acquired,
                        broker_adjusted=rep.broker_adjusted and not permanent, source=tx.source))
                    sale_disallowed += disallowed
                    sale_matched += take
                    if permanent:
                        sale_permanent += disallowed
            sales.append(RealizedSale(
                date=tx.date, account=tx.account, symbol=tx.symbol, lot_id=acq.lot_id, quantity=qty,
                proceeds=proceeds, basis=basis, acquired=acq.holding_from, holding_start=start,
                inherited=acq.inherited, disallowed=round(sale_disallowed, 2) + 0.0,
                permanent_disallowed=round(sale_permanent, 2) + 0.0, source=tx.source, matched_shares=sale_matched))

    lots, consumed = _adjusted_lots(household.lots, acquisitions, issues)
    as_of = household.settings.as_of
    warn_unlisted_held(household.transactions, acquisitions, rows_of, issues,  # fe17 F7 (wash_unlisted.py)
                       as_of, window_days(as_of.year) if as_of is not None else 0)
    consumed_purchases: dict[str, float] = {}  # rows no open lot stands for: shares used or sold (reading 4)
    for key, rows in rows_of.items():
        if (acq := acquisitions[key]).lot is None:
            free = max(acq.unmatched, 0.0)
            for i in rows:
                q = household.transactions[i].quantity
                if q - min(q, free) > QTY_EPS:
                    consumed_purchases[f"@T{i}"] = q - min(q, free)
                free -= min(q, free)
    return WashResult(household=replace(household, lots=lots), matches=tuple(matches),
                      sales=tuple(sales), issues=tuple(issues), consumed=consumed,
                      consumed_purchases=consumed_purchases)


def _disallowed_in_cents(loss: float, qty: float, taken: Sequence[tuple[object, float]]) -> list[float]:
    """The loss (in cents) of ``qty`` shares disallowed by each match of ``taken`` (replacement, shares):
    all of it when every loss share is matched (Form 8949 (h) is then 0.00), else the matched shares'
    part in cents (Reg. §1.1091-1(c)); split over the matches by the largest remainder so that they add
    up to it. Example: a $1,596.06 loss on 16.5 shares matched 10 + 6.5: 967.31 + 628.75 = 1,596.06
    (967.309 and 628.750 exactly); matched 8.25 only: 798.03."""
    matched = sum(take for _, take in taken)
    total = loss if matched >= qty - QTY_EPS else cents(loss * matched / qty)
    return parts_in_cents([loss * take / qty for _, take in taken], total) if taken else []


_PIECE_SUFFIX = re.compile(r"^(.*)-W[0-9]+$")


def _engine_adjusted(lot: Lot) -> bool:
    return abs(lot.wash_adjustment) > 0.0 or lot.adjusted_acquired is not None


def purchase_id(lot: Lot) -> str:
    """The Lot ID of the purchase a lot comes from: a split piece ``L7-W1`` comes from ``L7``.
    Shares of one purchase never replace each other (reading 2)."""
    m = _PIECE_SUFFIX.match(lot.lot_id)
    return m.group(1) if (m is not None and _engine_adjusted(lot)) else lot.lot_id


def _without_engine_adjustments(household: Household) -> Household:
    """The household as read, when it is already the output of :func:`adjust_lots`: adjustments
    dropped and split pieces (``<Lot ID>-W<k>``) merged back, so running the engine twice gives the
    same result as once (the Lots sheet itself never carries engine adjustments)."""
    if not any(_engine_adjusted(lot) for lot in household.lots):
        return household
    groups: dict[str, list[Lot]] = {}
    order: list[str] = []
    for lot in household.lots:
        base = lot.lot_id
        m = _PIECE_SUFFIX.match(lot.lot_id)
        if m is not None and _engine_adjusted(lot):
            base = m.group(1)
        if base not in groups:
            groups[base] = []
            order.append(base)
        groups[base].append(lot)
    merged = []
    for base in order:
        parts = groups[base]
        first = parts[0]
        bases = [p.basis for p in parts if p.basis is not None]
        basis = sum(bases) if len(bases) == len(parts) else None
        merged.append(replace(first, lot_id=base, quantity=sum(p.quantity for p in parts), basis=basis,
                              wash_adjustment=0.0, adjusted_acquired=None))
    return replace(household, lots=tuple(merged))


def _adjusted_lots(lots: Sequence[Lot], acquisitions: Mapping[str, Acquisition],
                   issues: list[Issue]) -> tuple[tuple[Lot, ...], dict[str, float]]:
    """Open lots with the adjustments their remaining shares carry (reading 7: splits), and for
    each open lot (by its final ID) how many of its shares are already used as replacement shares."""
    by_lot: dict[str, Acquisition] = {}
    for washed in acquisitions.values():
        if washed.lot is not None and washed.segments:
            by_lot.setdefault(washed.lot.lot_id, washed)
    out: list[Lot] = []
    consumed: dict[str, float] = {}
    for lot in lots:
        acq = by_lot.get(lot.lot_id)
        if acq is None or acq.lot is not lot:
            out.append(lot)
            continue
        tail = _tail(lot, acq)
        used = sum(q for q, _, _, matched in tail if matched)
        if lot.wash_adjusted and acq.taxable:
            out.append(_broker_adjusted_holding(lot, tail, issues))
            if used > QTY_EPS:
                consumed[lot.lot_id] = consumed.get(lot.lot_id, 0.0) + used
            continue
        if not acq.taxable or not any(adj > EPS or when is not None for _, adj, when, _ in tail):
            out.append(lot)
            if used > QTY_EPS:
                consumed[lot.lot_id] = consumed.get(lot.lot_id, 0.0) + used
            continue
        for piece, piece_used in _split_lot(lot, tail, issues):
            out.append(piece)
            if piece_used > QTY_EPS:
                consumed[piece.lot_id] = consumed.get(piece.lot_id, 0.0) + piece_used
    return tuple(out), consumed


def _broker_adjusted_holding(lot: Lot, tail: list[TailPart], issues: list[Issue]) -> Lot:
    """A lot the broker already adjusted (Wash Adjusted = Y: its Cost Basis includes the disallowed
    loss) still carries the sold shares' holding period (IRC §1223(3); Pub 550 "Wash Sales"): when
    every remaining share was a replacement of one sale, the lot's holding start moves back by the
    days those shares were held. Its basis is never touched. When only some shares were replacements,
    their holding period differs from the rest and the broker's total basis cannot be split by
    taxrebal: the lot is kept as entered and an Info row says how to enter it."""
    dates = {when for q, _adj, when, _m in tail if q > QTY_EPS}
    if not dates or dates == {None}:
        return lot
    if len(dates) == 1:
        return replace(lot, adjusted_acquired=dates.pop())
    sheet, cell = _issue_cell(lot.source, "Lots")
    issues.append(Issue(Severity.INFO, sheet, cell,
                        f"Lot '{lot.lot_id}' ({lot.symbol}, Wash Adjusted = Y) is only partly a wash-sale "
                        f"replacement, so its shares have different holding periods (IRC §1223(3)). Enter the "
                        f"replaced shares as a lot of their own, with the basis and the adjusted acquisition "
                        f"date your broker shows for them, to see their term; the lot is used as entered."))
    return lot


def _tail(lot: Lot, acq: Acquisition) -> list[TailPart]:
    """The acquisition's shares that the open lot still holds: (shares, adjustment, adjusted
    acquired, used as replacement). The open lot holds the *last* ``lot.quantity`` shares (sales
    relieve from the front: washed segments first, then unwashed shares)."""
    remaining = [(s.qty, s.adjustment, s.adjusted_acquired, True) for s in acq.segments if s.qty > QTY_EPS]
    if acq.unmatched > QTY_EPS:
        remaining.append((acq.unmatched, 0.0, None, False))
    drop = sum(q for q, _, _, _ in remaining) - lot.quantity
    tail: list[TailPart] = []
    for qty, adj, when, matched in remaining:
        if drop > QTY_EPS:
            cut = min(drop, qty)
            drop -= cut
            adj = adj * (qty - cut) / qty if qty > QTY_EPS else 0.0
            qty -= cut
        if qty > QTY_EPS:
            tail.append((qty, adj, when, matched))
    covered = sum(q for q, _, _, _ in tail)
    if lot.quantity - covered > QTY_EPS:
        tail.append((lot.quantity - covered, 0.0, None, False))
    return tail


def _split_lot(lot: Lot, tail: list[TailPart], issues: list[Issue]) -> list[tuple[Lot, float]]:
    """The lot's remaining shares as pieces with one adjustment and holding start each, with the
    shares of each piece already used as replacements."""
    washed = merge_parts([(q, adj, when) for q, adj, when, _ in tail if adj > EPS or when is not None])
    plain_qty = sum(q for q, adj, when, _ in tail if not (adj > EPS or when is not None))
    plain_used = sum(q for q, adj, when, m in tail if m and not (adj > EPS or when is not None))
    if len(washed) == 1 and plain_qty <= QTY_EPS:
        qty, adj, when = washed[0]
        return [(replace(lot, wash_adjustment=adj, adjusted_acquired=when), lot.quantity)]
    unit_basis = lot.basis / lot.quantity if (lot.basis is not None and lot.quantity > QTY_EPS) else None

    def piece(lot_id: str, qty: float, adj: float, when: Optional[date]) -> Lot:
        basis = None if unit_basis is None else unit_basis * qty
        return replace(lot, lot_id=lot_id, quantity=qty, basis=basis, wash_adjustment=adj,
                       adjusted_acquired=when)

    out = [(piece(f"{lot.lot_id}-W{k}", qty, adj, when), qty) for k, (qty, adj, when) in enumerate(washed, start=1)]
    if plain_qty > QTY_EPS:
        out.append((piece(lot.lot_id, plain_qty, 0.0, None), plain_used))
    sheet, cell = _issue_cell(lot.source, "Lots")
    described = "; ".join(f"{o.lot_id}: {o.quantity:g} shares" for o, _ in out)
    issues.append(Issue(Severity.INFO, sheet, cell,
                        f"Lot '{lot.lot_id}' ({lot.symbol}) is partly a wash-sale replacement, so it is "
                        f"shown as {len(out)} lots with their own basis and holding period ({described}). "
                        f"Use these IDs for Specific ID sales."))
    return out
