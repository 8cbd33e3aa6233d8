"""What happened and what is asked: Transactions, Menus, Sales and Proposed Trades.

Transactions feed the wash-sale window (IRC §1091) and the year's realized gains, so an unreadable
trade stops the run rather than hide a disallowed loss or a gain; a trade of a symbol not on Securities
(a fund sold out) is kept, since a sale needs no current price (IRC §1001); a trade in an account that
is not listed stops the run (a Buy could wash a loss, a Sell's gain could be taxed). A Menus row whose
account is not listed stops it too (the row limits what that account may buy). Sales and Proposed
Trades are requests: a bad row is left out with a warning naming the cell. Worked example: a
Sales row ``Joint | VTI | 500`` when Joint holds 300 VTI is kept with the warning "Selling 500 VTI
but Joint holds 300; ... Lower the quantity."
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, Optional

from ...engine.money import QTY_EPS
from ...engine.records import (
    Account,
    Action,
    LotMethod,
    ProposedTrade,
    SaleRequest,
    SourceRef,
    Transaction,
)
from ...engine.wash_dates import first_trading_day, is_trading_day
from .. import schema
from ..cells import (
    INHERITED,
    column_letter,
    describe,
)
from .tables import ERROR, INFO, WARNING, Context, Table, build_table, cell_problem, warn_unreadable

# ------------------------------------------------------------------------------ transactions

def _account_problem(ctx: Context, name: str, consequence: str, listed: bool = False) -> Optional[str]:
    """Message when the account of a non-lot row is blank or not listed; ``listed`` names the accounts
    there are (and the nearest, for a misspelling: 'Maria Rot' -> did you mean 'Maria Roth'?)."""
    if ctx.accounts is None or ctx.account(name) is not None:
        return None
    if not name:
        return f"Account is blank; type the account name. {consequence}"
    if listed:
        names = [a.name for a in ctx.accounts.values()]
        near = difflib.get_close_matches(name.casefold(), [n.casefold() for n in names], n=1, cutoff=0.6)
        hint = next((f"did you mean {describe(n)}? " for n in names if near and n.casefold() == near[0]), "")
        return (f"Account {describe(name)} is not on the Accounts sheet ({hint}accounts: {ctx.account_list()}). "
                f"{consequence}")
    return f"Account {describe(name)} is not on the Accounts sheet; add it or correct the name. {consequence}"


def _symbol_problem(ctx: Context, symbol: str, typed: str, consequence: str) -> Optional[str]:
    """Message when the symbol of a non-lot row is blank or not listed (``typed``: the cell as the
    user typed it, quoted)."""
    if ctx.securities is None or symbol in ctx.securities:
        return None
    if not symbol:
        return f"Symbol is blank; type the ticker. {consequence}"
    if symbol in ctx.dropped_symbols:
        return (f"Symbol {typed} is on the Securities sheet (row {ctx.dropped_symbols[symbol]}), but that row was "
                f"left out (see the issue on that row); fix it. {consequence}")
    return f"Symbol {typed} is not on the Securities sheet; add it with its asset class and price. {consequence}"


def _reference_problem(ctx: Context, t: Table, i: int, name: str, symbol: str, consequence: str
                       ) -> Optional[tuple[str, str]]:
    """(column key, message) for the first unknown reference of row ``i``, else None."""
    msg = _account_problem(ctx, name, consequence)
    if msg:
        return "account", msg
    if symbol in ctx.held_dropped:
        return "symbol", ""  # follows from the error on the security's own row: not repeated here
    msg = _symbol_problem(ctx, symbol, t.typed("symbol", i), consequence)
    return ("symbol", msg) if msg else None


def _held(ctx: Context) -> dict[tuple[str, str], float]:
    held: dict[tuple[str, str], float] = {}
    for lot in ctx.lots.values():
        key = (lot.account, lot.symbol)
        held[key] = held.get(key, 0.0) + lot.quantity
    return held


def _canonical_account(ctx: Context, name: str) -> str:
    acct = ctx.account(name)
    return acct.name if acct is not None else name


def read_transactions(sheet: str, raw: Any, ctx: Context) -> list[Transaction]:
    t = build_table(sheet, schema.TRANSACTIONS, raw, ctx.issues)
    if t is None:
        return []
    ctx.filled_rows["Transactions"] = (t.first_row, len(t.live))
    add, as_of = ctx.issues.add, ctx.as_of
    out: list[Transaction] = []
    unknown: list[tuple[int, str, str]] = []  # taxable Sells whose gain cannot be computed: (row, symbol, lot)
    stops = ("A trade left out of the wash-sale check could hide a disallowed loss (IRC §1091), so this stops the "
             "run; fix the cell.")
    blank = [None] * len(t.values["date"])
    v_date, v_acct, v_sym, v_action, v_qty, v_price = (
        t.values[k] for k in ("date", "account", "symbol", "action", "quantity", "price"))
    v_lot, v_acq, v_basis = (t.values.get(k) or blank for k in ("lot_id", "acquired", "cost_basis"))
    for i in t.live:
        row = t.first_row + i
        if i in t.bad_rows:
            if warn_unreadable(t, ("date", "account", "symbol", "action", "quantity", "price", "lot_id"), i,
                                sheet, stops, ctx.issues, "Transactions", ERROR):
                continue
        when, action, qty, price = v_date[i], v_action[i], v_qty[i], v_price[i]
        name, symbol, lot_id = v_acct[i] or "", v_sym[i] or "", v_lot[i] or ""
        if when is None or action is None or qty is None or price is None:
            k = next(k for k, v in (("date", when), ("action", action), ("quantity", qty),
                                    ("price", price)) if v is None)
            add(ERROR, sheet, f"{t.header(k)} is blank; type it. {stops}", row, t.col(k), "Transactions")
            continue
        unlisted = _unlisted_trade(t, i, row, ctx, name, symbol, action, stops)
        if unlisted is None:
            continue
        if qty <= 0 or price <= 0:
            k = "quantity" if qty <= 0 else "price"
            add(ERROR, sheet, f"{t.header(k)} {describe(qty if k == 'quantity' else price)} is not above 0; type it "
                f"as a positive number (the Action says buy or sell). {stops}", row, t.col(k), "Transactions")
            continue
        acct = ctx.account(name)
        acquired, basis, inherited = None, None, False
        if action is Action.SELL:
            acquired, basis = v_acq[i], v_basis[i]
            if acquired == INHERITED:
                acquired, inherited = None, True
            _check_sell(t, i, row, ctx, acct, name, symbol, lot_id, acquired, basis, inherited, unknown)
        if as_of is not None and when > as_of:
            add(WARNING, sheet, f"Date {when.isoformat()} is after As Of {as_of.isoformat()}; a trade that has not "
                "happened belongs on Proposed Trades. It is kept.", row, t.col("date"), "Transactions")
        out.append(Transaction(when, acct.name if acct is not None else name, symbol, action, qty, price, lot_id,
                               acquired, basis, inherited, SourceRef(sheet, row)))
    _report_unknown_gains(t, ctx, unknown, out)
    _report_unheld_buys(t, ctx, out)
    _report_lots_sold_in_full(t, ctx, out)
    _report_buy_dates_differ(t, ctx, out)
    _report_duplicate_rows(t, ctx, out)
    return out


def _report_buy_dates_differ(t: Table, ctx: Context, out: list[Transaction]) -> None:
    """A Buy/Reinvest row whose Lot ID is a dated lot of the same account and symbol, bought on another day
    than the lot's Acquired, while the lot is not marked Wash Adjusted (a broker's adjusted holding start:
    reading 6 of engine/wash.py): a warning at the row's Date naming both cells. The two dates cannot both be
    the purchase, and the run would use both: the wash-sale check of Transactions' own sales uses the row's
    date, the holding period (IRC §1223) and the recent purchases that Harvest and the plan weigh (the first
    day you may sell a loss lot without that purchase washing it, IRC §1091(a)) use the lot's Acquired.
    Worked example (a fuzzed sample): Lots H-03, Family HSA, 3 VTI, Acquired 2026-10-21; Transactions
    "2026-11-02 Buy 3 VTI, Family HSA, Lot ID H-03": Harvest gave 2026-11-23 (10-21 + 31, a trading day) as
    the first day to sell VTI B-04 without washing it, while the 11-02 purchase washes a sale until 12-02.
    Only the first Buy row of a Lot ID counts (a second one has its own warning in engine/wash.py)."""
    if not ctx.lots_read or not t.has("lot_id"):
        return
    letters = ctx.column_letters.get("Lots", {})
    seen: set[str] = set()
    for tx in out:
        if tx.action is Action.SELL or not tx.lot_id or tx.lot_id in seen or tx.source is None:
            continue
        seen.add(tx.lot_id)
        lot = ctx.lots.get(tx.lot_id)
        if (lot is None or lot.account != tx.account or lot.symbol != tx.symbol or lot.acquired is None
                or lot.inherited or lot.wash_adjusted or lot.acquired == tx.date or lot.source is None):
            continue
        verb = "Reinvest" if tx.action is Action.REINVEST else "Buy"
        cell = f"{lot.source.sheet}!{letters.get('acquired', '')}{lot.source.row}"
        ctx.issues.add(WARNING, t.sheet, f"Lot ID {tx.lot_id}: this {verb} of {tx.quantity:g} {tx.symbol} is dated "
                       f"{tx.date.isoformat()}, but Lots row {lot.source.row} ({cell}: Acquired "
                       f"{lot.acquired.isoformat()}) says the lot was bought on another day. The wash-sale check of "
                       "the sales on Transactions uses this row's date; the lot's holding period and the recent "
                       "purchases Harvest and the plan weigh (the first day you may sell a loss lot without this "
                       "purchase washing it) use its Acquired. Correct whichever date is wrong; if your broker "
                       f"moved the lot's Acquired for a wash sale, set Wash Adjusted = Y on Lots row "
                       f"{lot.source.row}.", tx.source.row, t.col("date"), "Transactions")


def _report_lots_sold_in_full(t: Table, ctx: Context, out: list[Transaction]) -> None:
    """A Lots row whose Lot ID a dated Sell row (on or before As Of) sells in full, yet the row still shows shares
    (fe17 F15: one Sell of exactly its Quantity; or its Buy rows' shares all sold): a warning on the last
    Sell's Lot ID cell naming both rows. The wash engine reads a Lots Quantity as what is left after the Sell
    rows that name it (engine/wash.py), so the lot counts as held and Harvest and the plan may sell it; when
    the sale was of the whole lot, Lots is stale.
    Worked example (fe17 h5b): Lots D2, 50 SCHD; "2026-12-30 Sell 50 SCHD, Lot ID D2", As Of 2026-12-31
    -> "Lot ID D2: Sell rows on this sheet sell 50 SCHD of it by 2026-12-30, before As Of, as many as Lots
    row 4 (Lots!E4: Quantity 50) still shows; ..."."""
    if not ctx.lots_read or not t.has("lot_id"):
        return
    sold: dict[str, list[Transaction]] = {}
    bought: dict[str, float] = {}
    for tx in out:
        if not tx.lot_id or tx.lot_id not in ctx.lots:
            continue
        if tx.action is not Action.SELL:
            bought[tx.lot_id] = bought.get(tx.lot_id, 0.0) + tx.quantity
        elif ctx.as_of is None or tx.date <= ctx.as_of:
            sold.setdefault(tx.lot_id, []).append(tx)
    letters = ctx.column_letters.get("Lots", {})
    for lot_id, sells in sold.items():
        lot = ctx.lots[lot_id]
        sells = [tx for tx in sells if tx.account == lot.account and tx.symbol == lot.symbol]
        total = sum(tx.quantity for tx in sells)
        if not sells or lot.quantity <= 1e-9 or lot.source is None:
            continue
        if lot_id in bought:  # its Buy rows bought the lot: what they bought less what was sold is left
            if bought[lot_id] - total > 1e-6:
                continue
            reading = (f"its Buy rows bought {bought[lot_id]:g} and the Sell rows sold {total:g}, yet Lots still "
                       "shows shares: taxrebal counts them as held")
        else:  # one Sell of exactly the shares Lots shows: the whole lot (several smaller ones add up by chance)
            whole = [tx for tx in sells if abs(tx.quantity - lot.quantity) <= 1e-6]
            if not whole:
                continue
            sells, total = whole[-1:], whole[-1].quantity
            reading = (f"taxrebal reads that Quantity as the shares left after the sale (a lot of "
                       f"{lot.quantity + total:g} shares), so it counts them as held")
        last = max(sells, key=lambda tx: (tx.date, tx.source.row if tx.source else 0))
        qty_cell = f"{lot.source.sheet}!{letters.get('quantity', '')}{lot.source.row}"
        ctx.issues.add(WARNING, t.sheet, f"Lot ID {lot_id}: Sell rows on this sheet sell {total:g} {lot.symbol} of "
                       f"it by {last.date.isoformat()}, before As Of, as many as Lots row {lot.source.row} "
                       f"({qty_cell}: Quantity {lot.quantity:g}) still shows; {reading}, and Harvest and the plan "
                       f"may sell them. If the sale sold the whole lot, delete Lots row {lot.source.row} (or type the "
                       f"shares still held in {qty_cell}); if the lot is larger, nothing needs changing.",
                       last.source.row if last.source else -1, t.col("lot_id"), "Transactions")


def _report_duplicate_rows(t: Table, ctx: Context, rows: list[Transaction]) -> None:
    """A row identical to an earlier one (date, account, symbol, action, quantity, price, Lot ID) gets a
    warning at its Date cell (fe11 finding 26: a copy-pasted Buy row doubled the recent shares the plan
    counts, $1,326.00 saved became $156.00). Kept: two equal trades on one day happen; `taxrebal import`
    refuses the same trade twice for this reason."""
    first: dict[tuple[object, ...], int] = {}
    for x in rows:
        if x.source is None:
            continue
        key = (x.date, x.account.casefold(), x.symbol, x.action, x.quantity, x.price, x.lot_id)
        if key in first:
            ctx.issues.add(WARNING, t.sheet, f"This row repeats row {first[key]} (same date, account, symbol, action, "
                           "quantity, price and Lot ID); both are counted. If it was pasted twice, delete it: a "
                           "Buy counted twice doubles the recent shares that wash a loss sale.", x.source.row,
                           t.col("date"), "Transactions")
        else:
            first[key] = x.source.row


def _unlisted_trade(t: Table, i: int, row: int, ctx: Context, name: str, symbol: str, action: Action,
                    stops: str) -> Optional[bool]:
    """Judge a Transactions row's account and symbol: None when the row cannot be used (reported), else
    whether its symbol is missing from Securities (the row is kept and said so).

    A trade needs no current price: a Sell's gain is proceeds minus basis (IRC §1001), so a sale of a
    fund no longer held (hence not on Securities) still counts in the year's gains and on Form 8949,
    and it is matched for wash sales with trades of the same symbol (its Identical Group, if any, is
    unknown). A blank symbol, or an account that is not listed (a Sell's Type decides whether its gain
    is taxed; a Buy washes a loss in any account, Rev. Rul. 2008-5), cannot be used and stops the run.
    """
    sheet, add = t.sheet, ctx.issues.add
    if not symbol:
        add(ERROR, sheet, f"Symbol is blank; type the ticker of the shares traded. {stops}", row, t.col("symbol"),
            "Transactions")
        return None
    if ctx.accounts is not None and ctx.account(name) is None:
        why = ("A sale's gain counts in this year's tax when its account is taxable, so it is never left out; add "
               "the account to Accounts (a closed account too, with its Type) or correct the name."
               if action is Action.SELL else
               "A purchase in any account (an IRA, a Roth, a spouse's) washes a loss sold within 30 days of it, and "
               "in a tax-advantaged account the loss is lost for good (IRC §1091(a); Rev. Rul. 2008-5), so it is "
               "never left out of the wash-sale check: correct the name, or add the account to Accounts (a closed "
               "account too, with its Type).")
        add(ERROR, sheet, _account_problem(ctx, name, why, listed=True) or "", row, t.col("account"), "Transactions")
        return None
    if ctx.securities is None or symbol in ctx.securities:
        return False
    if symbol in ctx.held_dropped:
        return True  # the run stops on the error on the security's own row; not repeated here
    typed = t.typed("symbol", i)
    why = (f"Symbol {typed} is on the Securities sheet (row {ctx.dropped_symbols[symbol]}), but that row was left "
           "out (see the issue on that row)" if symbol in ctx.dropped_symbols
           else f"Symbol {typed} is not on the Securities sheet")
    kept = ("The sale still counts in this year's realized gains and on Form 8949 (a sale needs no current "
            "price)" if action is Action.SELL else "The trade is kept")
    add(INFO, sheet, f"{why}. {kept}; for wash sales it is matched only with "
        f"trades of {symbol} itself, since its Identical Group is not known. If it is substantially identical to a "
        "fund on Securities, add it there with that Identical Group.", row, t.col("symbol"), "Transactions")
    return True


def _check_sell(t: Table, i: int, row: int, ctx: Context, acct: Optional[Account], name: str, symbol: str,
                lot_id: str, acquired: Optional[date], basis: Optional[float], inherited: bool,
                unknown: list[tuple[int, str, str]]) -> None:
    """Warnings for a Transactions Sell: unreadable Acquired/Cost Basis, a Lot ID of another position,
    and (in a taxable account) no way to judge the gain."""
    sheet, add = t.sheet, ctx.issues.add
    for k in ("acquired", "cost_basis"):
        if t.error(k, i):
            add(WARNING, sheet, cell_problem(t, k, i, "Ignored; the sale's gain cannot be judged."),
                row, t.col(k), "Transactions")
    lot = ctx.lots.get(lot_id) if lot_id else None
    if lot is not None and (lot.symbol != symbol or (acct is not None and lot.account != acct.name)):
        add(WARNING, sheet, f"Lot ID {lot_id} is a lot of {lot.symbol} in {lot.account} (Lots row "
            f"{lot.source.row if lot.source else '?'}), not of {symbol} in {acct.name if acct else name}; correct the "
            "Lot ID. The trade is kept.", row, t.col("lot_id"), "Transactions")
    if (acct is None or acct.is_taxable) and lot is None and (basis is None or (acquired is None and not inherited)):
        unknown.append((row, symbol, lot_id))


def _report_unheld_buys(t: Table, ctx: Context, out: list[Transaction]) -> None:
    """A Buy/Reinvest row whose Lot ID is not on the Lots sheet, and that no Sell row names, is a
    warning on its Lot ID cell (fe9 finding 10): whether its shares are still held is not known. The
    harvest scan reads them as sold since (:func:`taxrebal.engine.wash_queries.recent_purchases`), so
    it does not count them as recent purchases that would wash a loss sold now (IRC §1091(a)), while
    the plan's wash-sale matching still does (checked on fe9's chen.xlsx without lot T3: Harvest calls
    VTI T2 Clear, the plan's Lot Sales washes $400.00 of it). Worked example: Buy 20 VTI in Joint
    Taxable on 2026-11-20, Lot ID T3, and no lot T3 on Lots -> "Lot ID T3 of this Buy (20 VTI in Joint Taxable on
    2026-11-20) is not on the Lots sheet ...". Not said when Lots lists no lot at all (its own warning
    has the same root cause) or when the lot's Lots row was left out (the error on that row says why)."""
    if not ctx.lots_read or not t.has("lot_id"):
        return
    sold = {tx.lot_id for tx in out if tx.action is Action.SELL and tx.lot_id}
    for tx in out:
        if (tx.action is Action.SELL or not tx.lot_id or tx.lot_id in ctx.lots or tx.lot_id in ctx.lot_rows
                or tx.lot_id in sold or tx.source is None):
            continue
        verb = "Reinvest" if tx.action is Action.REINVEST else "Buy"
        ctx.issues.add(WARNING, t.sheet, f"Lot ID {tx.lot_id} of this {verb} ({tx.quantity:g} {tx.symbol} in "
                       f"{tx.account} on {tx.date.isoformat()}) is not on the Lots sheet, and no Sell row on "
                       "Transactions names it, so whether these shares are still held is not known: the Harvest "
                       "sheet takes them as sold since (washing no loss sold now, IRC §1091(a)), while the plan's "
                       "wash-sale matching still counts them. If they are still held, add the lot to Lots with "
                       f"Lot ID {tx.lot_id} (Account, Symbol, Acquired {tx.date.isoformat()}, Quantity, Cost "
                       f"Basis); if they were sold, add the Sell row naming Lot ID {tx.lot_id}; if the Lot ID is "
                       "mistyped, correct it.", tx.source.row, t.col("lot_id"), "Transactions")


#: The words of the error for a this-year Sell whose gain is unknowable (``taxrebal import`` looks for it)
UNKNOWN_GAIN = "names no lot on the Lots sheet or a Buy row and lacks Acquired and Cost Basis"


def _report_unknown_gains(t: Table, ctx: Context, unknown: list[tuple[int, str, str]], out: list[Transaction]) -> None:
    """A taxable Sell whose gain cannot be computed (no lot on Lots or Buy row, no Acquired and Cost
    Basis). When Settings Realized ST/LT YTD are both typed, the gain is in them and the row only opens
    a wash-sale window. When either is blank (a blank cell, or no row: fe16 F3, a blank cell was read
    as typed), the year's gains are computed from these sells, so a sale of this tax year (on or
    before As Of) left out would misstate every tax figure (IRC §1001, §1222): an error naming the
    cell and the fix. Otherwise nothing here: the wash-sale engine warns on the row that it is left
    out of wash sales and Form 8949 (``run`` and ``check`` both say it; fe16 F3: one message a row)."""
    bought = {tx.lot_id for tx in out if tx.lot_id and tx.action is not Action.SELL}
    # a Sell with an Acquired date and no Lot ID is the purchase of a Buy row of that account, symbol
    # and day (the wash-sale engine takes its cost from that row: engine/wash.py, reading 1)
    bought_days = {(tx.account, tx.symbol, tx.date) for tx in out if tx.action is not Action.SELL}
    sells = {tx.source.row: tx for tx in out if tx.source is not None}
    typed = ctx.settings_reading.values if ctx.settings_reading is not None else {}
    blank = [name for key, name in (("realized_st_ytd", "Realized ST YTD"), ("realized_lt_ytd", "Realized LT YTD"))
             if typed.get(key) is None]
    computed = bool(blank)
    year = typed.get("tax_year") or (ctx.as_of.year if ctx.as_of is not None else None)
    col = t.col("lot_id") if t.has("lot_id") else t.col("action")
    for row, symbol, lot_id in unknown:
        sale = sells.get(row)
        if lot_id and lot_id in bought:
            continue  # the Buy row with this Lot ID gives the shares' date and cost
        if (sale is not None and not lot_id and sale.acquired is not None
                and (sale.account, sale.symbol, sale.acquired) in bought_days):
            continue
        if sale is not None and not lot_id and sale.acquired is None and _unlisted_buy(ctx, out, sale):
            continue  # the wash engine takes it as the sale of that purchase and warns (engine/wash_unlisted.py)
        sold = sale.date if sale is not None else None
        this_year = sold is not None and sold.year == year and (ctx.as_of is None or sold <= ctx.as_of)
        if computed and this_year:
            what = f"{sale.quantity:g} {symbol} on {sale.date.isoformat()}" if sale is not None else symbol
            ctx.issues.add(ERROR, t.sheet, f"This Sell of {what} {UNKNOWN_GAIN}, so its gain or loss cannot be "
                           "computed; "
                           f"{' and '.join(blank)} on Settings {'is' if len(blank) == 1 else 'are'} blank, so the "
                           "year's gains are computed from these sells, and leaving it "
                           "out would misstate every tax figure. Add the Lot ID, or the Acquired date and Cost Basis "
                           "of the shares sold (or type both Realized ST YTD and Realized LT YTD on Settings).",
                           row, col, "Transactions")


def _unlisted_buy(ctx: Context, out: list[Transaction], sale: Transaction) -> bool:
    """Whether a Buy/Reinvest row with no Lot ID, of the sale's account and symbol, on or before it and of
    at least its shares, stands for no Lots row (none of that account, symbol and date): the wash engine
    then takes the unnamed sale as the sale of that purchase (fe17 F7), so its gain is known."""
    listed = {(lot.account, lot.symbol, lot.acquired) for lot in ctx.lots.values()}
    return any(tx.action is not Action.SELL and not tx.lot_id and tx.account == sale.account
               and tx.symbol == sale.symbol and tx.date <= sale.date and tx.quantity >= sale.quantity - 1e-9
               and (tx.account, tx.symbol, tx.date) not in listed for tx in out)


# ---------------------------------------------------------------------------------- menus

#: Why a Menus row that cannot be used stops the run: the row limits what its account may buy, and an
#: account with no usable row may buy any security (README "What each problem costs").
MENU_STOPS = ("A Menus row limits what its account may buy; left out, the account could buy any security, so "
              "this stops the run.")


def read_menus(sheet: str, raw: Any, ctx: Context) -> dict[str, frozenset[str]]:
    """Account -> the symbols it may buy. A row whose account is blank, unreadable or not on Accounts,
    or whose Symbol cell is unreadable, is an error (a misspelt account would silently drop the limit
    the user wrote); so is an account none of whose symbols is on Securities (its menu would be empty,
    which reads as "may buy anything"). One unknown symbol beside known ones is a warning: it is left
    off the menu, which stays a limit. Example: ``Brokerge | VTI`` with a ``Brokerage`` account is the
    error "Account 'Brokerge' is not on the Accounts sheet (did you mean 'Brokerage'? ...)"."""
    t = build_table(sheet, schema.MENUS, raw, ctx.issues)
    if t is None:
        return {}
    menus: dict[str, set[str]] = {}
    unknown: dict[str, list[tuple[int, str]]] = {}  # account -> (row, symbol) not on Securities
    fix_account = f"Type the name of an account on Accounts, or delete the row. {MENU_STOPS}"
    for i in t.live:
        row = t.row(i)
        if t.error("account", i) or t.error("symbol", i):
            k = "account" if t.error("account", i) else "symbol"
            ctx.issues.add(ERROR, sheet, cell_problem(t, k, i, f"Retype the cell as text. {MENU_STOPS}"), row,
                           t.col(k), "Menus")
            continue
        name = t.get("account", i) or ""
        symbols = t.get("symbol", i) or ()
        if not symbols and name:
            ctx.issues.add(WARNING, sheet, "Symbol is blank; type a symbol the account may buy. The row is ignored.",
                           row, t.col("symbol"), "Menus")
            continue
        msg = _account_problem(ctx, name, fix_account, listed=True)
        if msg:
            ctx.issues.add(ERROR, sheet, msg, row, t.col("account"), "Menus")
            continue
        account = _canonical_account(ctx, name)
        menu = menus.setdefault(account, set())
        for sym in symbols:
            if ctx.securities is None or sym in ctx.securities or sym in ctx.held_dropped:
                menu.add(sym)  # a dropped held security: its own row's error covers it (not repeated)
            else:
                unknown.setdefault(account, []).append((row, sym))
    for account, rows in unknown.items():
        for row, sym in rows:
            if menus[account]:
                ctx.issues.add(WARNING, sheet, _symbol_problem(ctx, sym, sym, "It is left off the menu.") or "",
                               row, t.col("symbol"), "Menus")
            else:
                why = (f"No symbol the Menus sheet lists for {describe(account)} is on Securities, so its menu "
                       f"would be empty and it could buy any security: correct the symbol, or delete the "
                       f"account's rows. {MENU_STOPS}")
                ctx.issues.add(ERROR, sheet, _symbol_problem(ctx, sym, sym, why) or "", row, t.col("symbol"), "Menus")
    return {k: frozenset(v - ctx.held_dropped) for k, v in menus.items() if v}


# ---------------------------------------------------------------------------------- sales

def _readable_rows(t: Table, keys: Sequence[str], sheet: str, dropped: str, ctx: Context,
                   spec_name: str) -> Iterator[tuple[int, int]]:
    """(index, worksheet row) of each row of ``t`` whose cells among ``keys`` all read; an unreadable
    cell is a Warning ending with ``dropped`` (what happens to the row), and the row is skipped. The
    Sales and Proposed Trades sheets are read this way."""
    for i in t.live:
        if not warn_unreadable(t, keys, i, sheet, dropped, ctx.issues, spec_name):
            yield i, t.row(i)


def read_sales(sheet: str, raw: Any, ctx: Context) -> list[SaleRequest]:
    t = build_table(sheet, schema.SALES, raw, ctx.issues)
    if t is None:
        return []
    out: list[SaleRequest] = []
    held = _held(ctx)
    dropped = "The sale is not evaluated."
    for i, row in _readable_rows(t, ("account", "symbol", "quantity", "price", "method", "lot_ids"), sheet, dropped,
                                 ctx, "Sales"):
        name, symbol = t.get("account", i) or "", t.get("symbol", i) or ""
        qty, price, method, lot_ids = (t.get(k, i) for k in ("quantity", "price", "method", "lot_ids"))
        lot_ids = lot_ids or ()
        ref = _reference_problem(ctx, t, i, name, symbol, dropped)
        if ref:
            if ref[1]:
                ctx.issues.add(WARNING, sheet, ref[1], row, t.col(ref[0]), "Sales")
            continue
        if qty is None or qty <= 0:
            what = "blank" if qty is None else f"{describe(qty)}, not above 0"
            ctx.issues.add(WARNING, sheet, f"Quantity is {what}; type the shares to sell. {dropped}",
                           row, t.col("quantity"), "Sales")
            continue
        if price is not None and price <= 0:
            ctx.issues.add(WARNING, sheet, f"Price {describe(price)} is not above 0; type the sale price or leave it "
                           f"blank for the current price. {dropped}", row, t.col("price"), "Sales")
            continue
        account = _canonical_account(ctx, name)
        if lot_ids and method is not None and method is not LotMethod.SPECIFIC:
            ctx.issues.add(WARNING, sheet, f"Lot IDs are listed but Method is {method.value}, which chooses its own "
                           "lots: the ids are not used. Set Method to Specific ID to sell those lots, or clear Lot "
                           "IDs.", row, t.col("lot_ids"), "Sales")
        if method is LotMethod.SPECIFIC and not lot_ids:
            ctx.issues.add(WARNING, sheet, f"Method is Specific ID but Lot IDs is blank; list the lots to sell, "
                           f"comma-separated. {dropped}", row,
                           t.col("lot_ids") if t.has("lot_ids") else t.col("method"),
                           "Sales")
            continue
        left_out = [x for x in lot_ids if x not in ctx.lots and x in ctx.lot_rows]
        if left_out:  # the lot is on Lots but its row was left out: that row's own issue says why
            rows = ", ".join(str(ctx.lot_rows[x]) for x in left_out)
            ctx.issues.add(WARNING, sheet, f"Lot ID{'s' if len(left_out) > 1 else ''} {', '.join(left_out)} "
                           f"{'are' if len(left_out) > 1 else 'is'} on Lots (row{'s' if len(left_out) > 1 else ''} "
                           f"{rows}), but that row could not be read (see its issue). The sale is not evaluated "
                           f"until that row is fixed.", row, t.col("lot_ids"), "Sales")
            continue
        foreign = [x for x in lot_ids if x not in ctx.lots or ctx.lots[x].account != account
                   or ctx.lots[x].symbol != symbol]
        if foreign and ctx.accounts is not None and ctx.securities is not None and ctx.lots_read:
            ctx.issues.add(WARNING, sheet, f"Lot IDs {', '.join(foreign)} are not lots of {symbol} in {account}; "
                           f"correct the ids (see the Lot ID column of Lots). {dropped}", row, t.col("lot_ids"),
                           "Sales")
            continue
        have = held.get((account, symbol), 0.0)
        if qty > have + QTY_EPS and ctx.accounts is not None and ctx.securities is not None and ctx.lots_read \
                and (account, symbol) not in ctx.unread_holdings:
            ctx.issues.add(WARNING, sheet, f"Selling {qty:g} {symbol} but {account} holds {have:g}; the sale is kept "
                           "and Lot Selection lists it under 'Sales not compared' with the shares held. Lower the "
                           "quantity.", row, t.col("quantity"), "Sales")
        out.append(SaleRequest(account=account, symbol=symbol, quantity=qty, price=price, method=method,
                               lot_ids=tuple(lot_ids), source=SourceRef(sheet, row)))
    return out


# -------------------------------------------------------------------------- proposed trades

def read_proposed(sheet: str, raw: Any, ctx: Context) -> list[ProposedTrade]:
    t = build_table(sheet, schema.PROPOSED_TRADES, raw, ctx.issues)
    if t is None:
        return []
    out: list[ProposedTrade] = []
    held = _held(ctx)
    dropped = "The trade is not checked."
    ctx.column_letters["Proposed Trades"] = {k: column_letter(c) for k, c in t.cols.items()}
    for i, row in _readable_rows(t, ("date", "account", "symbol", "action", "quantity", "price"), sheet, dropped,
                                 ctx, "Proposed Trades"):
        when, action, qty, price = (t.get(k, i) for k in ("date", "action", "quantity", "price"))
        name, symbol = t.get("account", i) or "", t.get("symbol", i) or ""
        missing = [k for k, v in (("date", when), ("action", action), ("quantity", qty)) if v is None]
        if missing:
            k = missing[0]
            ctx.issues.add(WARNING, sheet, f"{t.header(k)} is blank; type it. {dropped}", row, t.col(k),
                           "Proposed Trades")
            continue
        ref = _reference_problem(ctx, t, i, name, symbol, dropped)
        if ref:
            if ref[1]:
                ctx.issues.add(WARNING, sheet, ref[1], row, t.col(ref[0]), "Proposed Trades")
            continue
        if qty <= 0 or (price is not None and price <= 0):
            k = "quantity" if qty <= 0 else "price"
            ctx.issues.add(WARNING, sheet, f"{t.header(k)} {describe(t.get(k, i))} is not above 0; type a positive "
                           f"number (the Action says buy or sell). {dropped}", row, t.col(k), "Proposed Trades")
            continue
        account = _canonical_account(ctx, name)
        if ctx.as_of is not None and when < ctx.as_of:
            ctx.issues.add(WARNING, sheet, f"Date {when.isoformat()} is before As Of {ctx.as_of.isoformat()}; a "
                           "trade already made belongs on Transactions (then every result counts its wash sales). "
                           f"It is checked here as if made on {when.isoformat()}.", row, t.col("date"),
                           "Proposed Trades")
        elif not is_trading_day(when):  # one warning a cell: a date before As Of has its own above
            ctx.issues.add(WARNING, sheet, _closed_day(when), row, t.col("date"), "Proposed Trades")
        if action is Action.SELL and ctx.accounts is not None and ctx.securities is not None and ctx.lots_read \
                and (account, symbol) not in ctx.unread_holdings:
            have = held.get((account, symbol), 0.0)
            if qty > have + QTY_EPS:
                ctx.issues.add(WARNING, sheet, f"Selling {qty:g} {symbol} but {account} holds {have:g}; lower the "
                               "quantity. The trade is kept.", row, t.col("quantity"), "Proposed Trades")
        out.append(ProposedTrade(date=when, account=account, symbol=symbol, action=action, quantity=qty, price=price,
                                 source=SourceRef(sheet, row)))
    return out


_WEEKDAY = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")  # without the locale


def _closed_day(day: date) -> str:
    """The warning for a Proposed Trades date on which the NYSE is closed, a weekend or an NYSE holiday
    (fe15 F13b; as for As Of, workbook/rules.py): no order fills then, and the wash-sale window (IRC
    §1091(a): 30 days before and after the sale) counts from the day it does fill. Worked example:
    Thanksgiving, Thursday 2026-11-26 -> the trade fills Friday 2026-11-27; Sunday 2026-12-06 -> Monday
    2026-12-07."""
    opens = first_trading_day(day)
    what = _WEEKDAY[day.weekday()] + ("" if day.weekday() >= 5 else ", an NYSE holiday")
    return (f"Date {day.isoformat()} is a {what}: no trade fills then. It is checked as if made on "
            f"{day.isoformat()}; placed, it fills on {opens.isoformat()} at the earliest, and the 30-day wash-sale "
            f"windows count from that day. Type the day you will place it (e.g. {opens.isoformat()}).")
