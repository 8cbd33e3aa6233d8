"""Deciding what an import writes: cells to set on Lots, Transactions and Securities, and nothing else.

:func:`plan_import` is pure: it takes the workbook's sheets as 2D values (row 0 = worksheet row 1) and
the parsed :class:`~taxrebal.workbook.importers.records.BrokerFile` s, and returns an
:class:`ImportPlan` (a list of :class:`CellWrite` and the messages). Applying it to a file
(:mod:`~taxrebal.workbook.importers.xlsx`) or to live Excel is then a loop of cell writes.

The rules (each tested in ``tests/test_import_apply.py``):

* **Accounts.** A file's (or row's) account is matched, in order, to an Accounts row whose Account
  name equals it, then to one whose optional **Broker Account** equals it (letters and digits
  compared; a masked number such as ``...123`` or ``XXXX-1234`` matches the account whose number
  ends in those digits, and must match exactly one). ``--account NAME`` puts the whole file into
  that account instead. No match is an error and nothing is written.
* **Lots.** Imported rows carry a **Source** (``schwab-lots VTI_lots.csv``). A lot-level file is a
  snapshot of the open lots of each (account, symbol) it covers, so the rows with a Source for that
  account and symbol are replaced: their cells are cleared and the new lots are written into those
  rows first, then below the last used row. Rows without a Source (typed by the user) are never
  touched, and no row moves, so a blank Lot ID's generated id ``Lots!<row>`` of a user row stays the
  same. Worked example: Lots holds a typed VTI lot in row 2 and imported VTI lots in rows 3-4;
  re-importing a file with three VTI lots writes rows 3, 4 and the next free row; row 2 is untouched.
* **Transactions** are appended unless the same trade is already on the sheet (same date, account,
  symbol, action, quantity to 6 decimals and price to the cent, typed or imported): counted as a
  multiset, so two identical fills in a file against one on the sheet add one.
* **Securities.** A price from a file updates that symbol's Price (a cell holding a formula is left
  alone and reported). A symbol the workbook does not list is added (Symbol, Name, Price) with Asset
  Class left blank, and an **error naming the cell to fill** is reported: the import is written, but
  the workbook will not run until the asset class is chosen.
* **What the workbook cannot hold** is a warning naming the cell or file line and what to do
  (:mod:`~taxrebal.workbook.importers.followups`): a broker's disallowed wash-sale loss on a Sell, a
  wash-adjusted lot's purchase still inside its 30 days, a stock split or a transfer in.
* Every string from a file is written as text (never a formula), numbers as numbers, dates as dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Collection, Iterable, Mapping, Optional, Sequence

from ...engine.records import Action
from ...errors import Issue, Severity
from .. import schema
from ..cells import (
    CellError,
    cell_ref,
    is_blank,
    normalize_key,
    parse_choice,
    parse_date,
    parse_number,
    parse_symbol,
    parse_text,
)
from ..reader.holdings import typed_beside_imported_message
from ..reader.tables import header_row, match_headers
from .core_cash import plan_core_cash
from .followups import broker_name, disallowed_loss_warning, recent_purchase_warning
from .link_ids import link_lot_ids
from .records import WHOLE_ACCOUNT, BrokerFile, ImportedLot, ImportedPrice, ImportedTrade

__all__ = ["CellWrite", "ImportPlan", "plan_import", "apply_to_values", "account_key", "source_text"]

SOURCE_PREFIX_SEP = " "


@dataclass(frozen=True)
class CellWrite:
    """Set one cell. ``row``/``col`` are 1-based worksheet coordinates. ``kind``: ``text`` (always
    stored as text), ``date``, ``money`` (rounded to cents), ``price``, ``number`` or ``clear``."""

    sheet: str
    row: int
    col: int
    value: Any
    kind: str


@dataclass
class ImportPlan:
    """What an import will do. ``errors`` block it (nothing is written); ``follow_up`` are problems
    the import leaves for the user to fix (a new symbol's Asset Class): written, and reported."""

    writes: list[CellWrite] = field(default_factory=list)
    new_sheets: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    follow_up: list[Issue] = field(default_factory=list)
    #: broker-disallowed Sells: (index in follow_up, trade, account, broker), re-checked on the saved book
    broker_washes: list[tuple[int, ImportedTrade, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lots_added: int = 0
    lots_replaced: int = 0
    trades_added: int = 0
    trades_duplicate: int = 0
    prices_updated: int = 0
    securities_added: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def unchanged(self) -> bool:
        """Nothing to write: the workbook already holds what the files hold (imported before)."""
        return not self.writes and not self.new_sheets

    def summary(self) -> str:
        return (f"{self.lots_added} lot(s) written (replacing {self.lots_replaced} imported earlier), "
                f"{self.trades_added} transaction(s) added ({self.trades_duplicate} already there), "
                f"{self.prices_updated} price(s) updated, {self.securities_added} new symbol(s).")


# --- sheets ---------------------------------------------------------------------------------------


@dataclass
class _Sheet:
    """One input sheet as the import sees it: header row, column positions, last used row."""

    name: str
    spec: schema.SheetSpec
    rows: list[Sequence[Any]]
    header: int  # 1-based worksheet row of the header (0 when the sheet is new)
    cols: dict[str, int]  # spec key -> 1-based column
    width: int  # header cells in use
    last_row: int  # last worksheet row holding anything
    new: bool = False

    def value(self, row: int, key: str) -> Any:
        c = self.cols.get(key)
        if c is None or row - 1 >= len(self.rows):
            return None
        r = self.rows[row - 1]
        return r[c - 1] if c - 1 < len(r) else None

    def data_rows(self) -> range:
        return range(self.header + 1, self.last_row + 1)

    def row_blank(self, row: int) -> bool:
        if row - 1 >= len(self.rows):
            return True
        return all(is_blank(v) for v in self.rows[row - 1][: max(self.width, 1)])


def _sheet_name(sheets: Mapping[str, Any], spec: schema.SheetSpec) -> Optional[str]:
    key = normalize_key(spec.name)
    return next((n for n in sheets if normalize_key(n) == key), None)


def _open_sheet(sheets: Mapping[str, Sequence[Sequence[Any]]], spec: schema.SheetSpec) -> Optional[_Sheet]:
    name = _sheet_name(sheets, spec)
    if name is None:
        return None
    rows: list[Sequence[Any]] = [list(r) if r is not None else [] for r in sheets[name]]
    index = header_row(rows, spec)  # the reader's header rules, so the import writes where check reads
    if index is None:
        return None
    header = index + 1
    cols = {key: j + 1 for key, j in match_headers(rows[index], spec).cols.items()}
    width = max((j for j, v in enumerate(rows[index], start=1) if not is_blank(v)), default=0)
    last = 0
    for n, r in enumerate(rows, start=1):
        if any(not is_blank(v) for v in r):
            last = n
    return _Sheet(name, spec, rows, header, cols, width, max(last, header))


def _text(value: Any) -> str:
    try:
        return parse_text(value)
    except CellError:
        return ""


def _ensure_columns(sheet: _Sheet, keys: Iterable[str], plan: ImportPlan) -> None:
    """Add a header for each column the import writes that the sheet lacks (after the last header)."""
    for key in keys:
        if key in sheet.cols:
            continue
        sheet.width += 1
        sheet.cols[key] = sheet.width
        plan.writes.append(CellWrite(sheet.name, sheet.header, sheet.width, sheet.spec.column(key).header, "text"))


def _new_sheet(name: str, spec: schema.SheetSpec, keys: Sequence[str], plan: ImportPlan) -> _Sheet:
    plan.new_sheets.append(name)
    sheet = _Sheet(name, spec, [], 1, {}, 0, 1, new=True)
    _ensure_columns(sheet, keys, plan)
    return sheet


# --- accounts --------------------------------------------------------------------------------------


def account_key(text: str) -> tuple[str, bool]:
    """(letters and digits, upper case; masked?) of an account number. ``...123`` / ``XXXX-1234`` /
    ``****1234`` are masked: only their trailing digits are known."""
    t = str(text or "").strip().upper()
    masked = bool(re.match(r"^(\.{2,}|X{2,}|\*{2,})", t)) or "..." in t or "*" in t
    core = re.sub(r"[^0-9A-Z]", "", t)
    if masked:
        core = re.sub(r"^X+", "", core)
        core = re.sub(r"^[A-Z]+(?=\d)", "", core) if "..." in t or "*" in t else core
    return core, masked


def _numbers_match(a: str, b: str) -> bool:
    ka, ma = account_key(a)
    kb, mb = account_key(b)
    if not ka or not kb:
        return False
    if not ma and not mb:
        return ka == kb
    tail_a, tail_b = re.sub(r"\D", "", ka) if ma else ka, re.sub(r"\D", "", kb) if mb else kb
    if len(min(tail_a, tail_b, key=len)) < 3:
        return False
    return tail_a.endswith(tail_b) if len(tail_a) >= len(tail_b) else tail_b.endswith(tail_a)


@dataclass
class _Accounts:
    names: list[str]
    numbers: dict[str, str]  # account name -> broker account text
    sheet: str

    def resolve(self, number: str, forced: Optional[str], where: str) -> tuple[Optional[str], str]:
        """(account name, error) for a file's or row's account number."""
        if forced is not None:
            return forced, ""
        if not str(number or "").strip():
            return None, (f"{where}: the file does not say which account it belongs to. Add --account NAME "
                          f"(one of: {', '.join(self.names)}).")
        by_name = [n for n in self.names if n.casefold() == str(number).strip().casefold()]
        if by_name:
            return by_name[0], ""
        hits = [n for n in self.names if self.numbers.get(n) and _numbers_match(number, self.numbers[n])]
        if len(hits) == 1:
            return hits[0], ""
        if len(hits) > 1:
            return None, (f"{where}: the account number '{number}' matches several accounts ({', '.join(hits)}) on "
                          f"{self.sheet}; give --account NAME or write the full numbers in Broker Account.")
        return None, (f"{where}: no account on the {self.sheet} sheet has the broker account number '{number}'. Write "
                      f"it in the Broker Account column of the right account (add the column if it is missing), "
                      f"or give --account NAME (one of: {', '.join(self.names)}).")


def _read_accounts(sheets: Mapping[str, Any]) -> Optional[_Accounts]:
    s = _open_sheet(sheets, schema.ACCOUNTS)
    if s is None:
        return None
    names: list[str] = []
    numbers: dict[str, str] = {}
    for r in s.data_rows():
        name = _text(s.value(r, "account"))
        if not name:
            continue
        names.append(name)
        number = _text(s.value(r, "broker_account"))
        if number:
            numbers[name] = number
    return _Accounts(names, numbers, s.name)


# --- the plan ----------------------------------------------------------------------------------------

_LOT_KEYS = ("account", "symbol", "acquired", "quantity", "cost_basis", "wash_adjusted", "source", "note")
_TRADE_KEYS = ("date", "account", "symbol", "action", "quantity", "price", "acquired", "cost_basis", "source",
               "note")
_SECURITY_KEYS = ("symbol", "asset_class", "price", "name")


def source_text(file: BrokerFile) -> str:
    return f"{file.broker}{SOURCE_PREFIX_SEP}{file.name}"


def plan_import(sheets: Mapping[str, Sequence[Sequence[Any]]], files: Sequence[BrokerFile], *,
                account: Optional[str] = None) -> ImportPlan:
    """The cell writes that import ``files`` into the workbook ``sheets`` (see the module docstring)."""
    plan = ImportPlan()
    accounts = _read_accounts(sheets)
    if accounts is None:
        plan.errors.append("The workbook has no Accounts sheet with an Account and a Type column; the import "
                           "needs it to know where the lots go (taxrebal template makes one).")
        return plan
    forced = None
    if account is not None:
        forced = next((n for n in accounts.names if n.casefold() == account.strip().casefold()), None)
        if forced is None:
            plan.errors.append(f"--account '{account}' is not an account on the {accounts.sheet} sheet (accounts: "
                               f"{', '.join(accounts.names) or 'none'}).")
            return plan
    for f in files:
        plan.notes.extend(f.notes)
        plan.follow_up.extend(Issue(Severity.WARNING, f"{f.name}, line {n}", "", text) for n, text in f.warnings)

    lots = _resolved_lots(files, accounts, forced, plan)
    trades = _resolved_trades(files, accounts, forced, plan)
    snapshots = _resolved_snapshots(files, accounts, forced, plan)
    if forced is not None:
        for f in files:
            numbers = ({x.account_number for x in f.lots if x.account_number}
                       | {x.account_number for x in f.trades if x.account_number})
            if len(numbers) > 1:
                plan.errors.append(f"{f.name}: the file holds several accounts ({', '.join(sorted(numbers))}), so "
                                   "--account cannot put it all into one; leave --account out and fill in Broker "
                                   "Account on the Accounts sheet instead.")
    if plan.errors:
        return plan
    if any(f.cash for f in files):  # fe17 F8: a core money-market position is the account's cash
        plan_core_cash(sheets, files, accounts, _open_sheet(sheets, schema.ACCOUNTS), forced, plan, CellWrite)

    securities = _open_sheet(sheets, schema.SECURITIES)
    if securities is None:
        plan.errors.append("The workbook has no Securities sheet with Symbol, Asset Class and Price columns.")
        return plan
    lot_sheet = _open_sheet(sheets, schema.LOTS) if lots or snapshots else None
    if (lots or snapshots) and lot_sheet is None:
        plan.errors.append("The workbook has no Lots sheet with Account, Symbol and Quantity columns; add one "
                           "(taxrebal template shows it) and import again.")
        return plan
    lot_rows: list[tuple[ImportedLot, str, str, int]] = []
    if lot_sheet is not None:
        lot_rows = _write_lots(lot_sheet, lots, snapshots, plan)
    trade_sheet, trade_rows = None, []
    if trades:
        trade_sheet = _open_sheet(sheets, schema.TRANSACTIONS)
        if trade_sheet is None:
            if _sheet_name(sheets, schema.TRANSACTIONS) is not None:
                plan.errors.append("The Transactions sheet has no Date, Account, Symbol, Action, Quantity and Price "
                                   "header; fix its header row and import again.")
                return plan
            trade_sheet = _new_sheet("Transactions", schema.TRANSACTIONS, _TRADE_KEYS, plan)
        trade_rows = _write_trades(trade_sheet, trades, plan)
        for t, name, source, row in trade_rows:
            if t.disallowed > 0:  # fe16 F2: the broker's figure, never dropped without a word
                plan.broker_washes.append((len(plan.follow_up), t, name, broker_name(source)))
                plan.follow_up.append(disallowed_loss_warning(t, name, broker_name(source), trade_sheet.name,
                                                              cell_ref(trade_sheet.cols["date"] - 1, row)))
    if lot_sheet is not None:  # fe16 F6: a wash-adjusted lot's recent purchase, which Lots cannot date
        bought = _buy_days(_open_sheet(sheets, schema.TRANSACTIONS) if trade_sheet is None else trade_sheet, trades)
        linked = link_lot_ids(lot_sheet, trade_sheet, lot_rows, trade_rows, plan, CellWrite)
        for lot, name, source, row in (x for x in lot_rows if x[3] not in linked):  # linked: fe17 F14b
            issue = recent_purchase_warning(lot, name, broker_name(source), lot_sheet.name,
                                            cell_ref(lot_sheet.cols["acquired"] - 1, row), _as_of(sheets),
                                            (name.casefold(), lot.symbol, lot.bought) in bought)
            if issue is not None:
                plan.follow_up.append(issue)
    symbols = list(dict.fromkeys([x.symbol for x, _, _ in lots] + [t.symbol for t, _, _ in trades]))
    prices: dict[str, ImportedPrice] = {}
    for f in files:
        for p in f.prices:
            prices[p.symbol] = p
    _write_securities(securities, symbols, prices, plan, {x.symbol for x, _, _ in lots})
    _drop_unchanged(plan, sheets)
    return plan


def _drop_unchanged(plan: ImportPlan, sheets: Mapping[str, Sequence[Sequence[Any]]]) -> None:
    """Drop the writes that would leave a cell as it is. Importing a file a second time then writes
    nothing (:attr:`ImportPlan.unchanged`), and the command says so instead of saving again."""
    kept = []
    for w in plan.writes:
        rows = sheets.get(w.sheet)
        row = rows[w.row - 1] if rows is not None and w.row - 1 < len(rows) else None
        current = row[w.col - 1] if row is not None and w.col - 1 < len(row) else None
        if not _holds(current, w):
            kept.append(w)
    plan.writes = kept


def _as_datetime(day: date) -> datetime:
    return day if isinstance(day, datetime) else datetime(day.year, day.month, day.day)


def _holds(current: Any, w: CellWrite) -> bool:
    """Whether a cell holding ``current`` already holds what ``w`` would write (as xlsx._write stores it)."""
    if w.kind == "clear":
        return is_blank(current)
    if w.kind == "text":
        return isinstance(current, str) and current == str(w.value)
    if w.kind == "date":
        if not isinstance(w.value, date) or not isinstance(current, date):
            return False
        return _as_datetime(current) == _as_datetime(w.value)
    if isinstance(current, bool) or not isinstance(current, (int, float)):
        return False
    try:
        wanted = round(float(w.value), 2) if w.kind == "money" else float(w.value)
    except (TypeError, ValueError):
        return False
    return float(current) == wanted


def _where(f: BrokerFile, row_number: str, line: int) -> str:
    """Where to point an account problem: the file when the account is the file's, else the first line."""
    return f"{f.name}, line {line}" if row_number and line else f.name


def _once(plan: ImportPlan, err: str) -> None:
    """One message per file and account number (not one per row)."""
    key = re.sub(r", line \d+", "", err)
    if all(re.sub(r", line \d+", "", e) != key for e in plan.errors):
        plan.errors.append(err)


def _resolved_lots(files: Sequence[BrokerFile], accounts: _Accounts, forced: Optional[str],
                   plan: ImportPlan) -> list[tuple[ImportedLot, str, str]]:
    out = []
    for f in files:
        for lot in f.lots:
            number = lot.account_number or f.account_number
            name, err = accounts.resolve(number, forced, _where(f, lot.account_number, lot.line))
            if err or name is None:  # resolve names an account exactly when it reports no error
                _once(plan, err)
                continue
            out.append((lot, name, source_text(f)))
    return out


def _resolved_trades(files: Sequence[BrokerFile], accounts: _Accounts, forced: Optional[str],
                     plan: ImportPlan) -> list[tuple[ImportedTrade, str, str]]:
    out = []
    for f in files:
        for t in f.trades:
            number = t.account_number or f.account_number
            name, err = accounts.resolve(number, forced, _where(f, t.account_number, t.line))
            if err or name is None:  # resolve names an account exactly when it reports no error
                _once(plan, err)
                continue
            out.append((t, name, source_text(f)))
    return out


def _resolved_snapshots(files: Sequence[BrokerFile], accounts: _Accounts, forced: Optional[str],
                        plan: ImportPlan) -> dict[tuple[str, str], str]:
    """(account casefold, symbol or *) -> the file that snapshots it; two files covering the same
    holding in one import is an error (their lots would both be written)."""
    out: dict[tuple[str, str], str] = {}
    for f in files:
        for number, symbol in f.snapshots:
            name, err = accounts.resolve(number or f.account_number, forced, f.name)
            if err or name is None:  # resolve names an account exactly when it reports no error
                _once(plan, err)
                continue
            key = (name.casefold(), symbol)
            other = out.get(key) or out.get((name.casefold(), WHOLE_ACCOUNT))
            if other is not None and other != f.name:
                plan.errors.append(f"{other} and {f.name} both list the open lots of "
                                   f"{symbol if symbol != WHOLE_ACCOUNT else 'every symbol'} "
                                   f"in {name}; import one of them.")
                continue
            out[key] = f.name
    return out


def _is_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("=") and len(value) > 1


def _write_lots(sheet: _Sheet, lots: Sequence[tuple[ImportedLot, str, str]], snapshots: Mapping[tuple[str, str], str],
                plan: ImportPlan) -> list[tuple[ImportedLot, str, str, int]]:
    """Write the lots; returns each with its account, source and the row it went to."""
    _ensure_columns(sheet, _LOT_KEYS, plan)
    out = []
    freed: list[int] = []
    typed: dict[tuple[str, str], list[int]] = {}
    incoming = {(account.casefold(), lot.symbol): account for lot, account, _ in lots}
    for r in sheet.data_rows():
        acct = _text(sheet.value(r, "account")).casefold()
        try:
            symbol = parse_symbol(sheet.value(r, "symbol"))
        except CellError:
            symbol = _text(sheet.value(r, "symbol")).upper()
        if is_blank(sheet.value(r, "source")):  # the user's row: never touched, but said when it may double up
            if (acct, symbol) in incoming:
                typed.setdefault((acct, symbol), []).append(r)
            continue
        if (acct, symbol) in snapshots or (acct, WHOLE_ACCOUNT) in snapshots:
            freed.append(r)
    plan.lots_replaced = len(freed)
    for r in freed:
        for c in range(1, max(sheet.width, 1) + 1):
            if not is_blank(_cell(sheet, r, c)):
                plan.writes.append(CellWrite(sheet.name, r, c, None, "clear"))
    slots = iter(freed)
    next_row = sheet.last_row + 1
    written: dict[tuple[str, str], list[int]] = {}
    sources: dict[tuple[str, str], dict[str, None]] = {}
    for lot, account, source in lots:
        row = next(slots, None)
        if row is None:
            row, next_row = next_row, next_row + 1
        written.setdefault((account.casefold(), lot.symbol), []).append(row)
        out.append((lot, account, source, row))
        sources.setdefault((account.casefold(), lot.symbol), {}).setdefault(source, None)
        values = {"account": (account, "text"), "symbol": (lot.symbol, "text"),
                  "acquired": (lot.acquired, "date"), "quantity": (lot.quantity, "number"),
                  "cost_basis": (lot.cost_basis, "money"), "wash_adjusted": ("Y" if lot.wash_adjusted else "N", "text"),
                  "source": (source, "text"), "note": (lot.note or None, "text")}
        for key, (value, kind) in values.items():
            if value is not None:
                plan.writes.append(CellWrite(sheet.name, row, sheet.cols[key], value, kind))
        plan.lots_added += 1
    # The reader warns of the same thing on every check and run (reader.holdings), in the same words:
    # a warning, not an error, because the typed rows may be other shares and only the user knows.
    col = sheet.cols["symbol"] - 1
    for position, rows in typed.items():
        plan.follow_up.append(Issue(Severity.WARNING, sheet.name, cell_ref(col, rows[0]), typed_beside_imported_message(
            incoming[position], position[1], rows, sorted(written[position]), tuple(sources[position]))))
    # cells cleared then rewritten in the same row: drop the clear so each cell is written once
    _compact(plan)
    return out


def _cell(sheet: _Sheet, row: int, col: int) -> Any:
    if row - 1 >= len(sheet.rows):
        return None
    r = sheet.rows[row - 1]
    return r[col - 1] if col - 1 < len(r) else None


def _compact(plan: ImportPlan) -> None:
    last: dict[tuple[str, int, int], int] = {}
    for i, w in enumerate(plan.writes):
        last[(w.sheet, w.row, w.col)] = i
    plan.writes = [w for i, w in enumerate(plan.writes) if last[(w.sheet, w.row, w.col)] == i]


def _trade_key(when: Any, account: str, symbol: str, action: Any, quantity: Any,
               price: Any) -> Optional[tuple[Any, ...]]:
    try:
        d = when if isinstance(when, date) and not isinstance(when, datetime) else parse_date(when)
        q = quantity if isinstance(quantity, float) else parse_number(quantity)
        p = price if isinstance(price, float) else parse_number(price)
        a = action if isinstance(action, Action) else parse_choice(action, schema.ACTION_ALIASES, "action", "")
        s = parse_symbol(symbol)
    except (CellError, TypeError, ValueError):
        return None
    if d is None or q is None or p is None or a is None or not s:
        return None
    return (d, account.strip().casefold(), s, a, round(abs(q), 6), round(p, 2))


def _write_trades(sheet: _Sheet, trades: Sequence[tuple[ImportedTrade, str, str]],
                  plan: ImportPlan) -> list[tuple[ImportedTrade, str, str, int]]:
    """Append the trades not on the sheet yet; returns each trade with the row that holds it."""
    existing: dict[tuple[Any, ...], list[int]] = {}
    for r in sheet.data_rows():
        key = _trade_key(sheet.value(r, "date"), _text(sheet.value(r, "account")), sheet.value(r, "symbol"),
                         sheet.value(r, "action"), sheet.value(r, "quantity"), sheet.value(r, "price"))
        if key is not None:
            existing.setdefault(key, []).append(r)
    row = sheet.last_row + 1
    added = False
    out = []
    for t, account, source in trades:
        key = _trade_key(t.date, account, t.symbol, t.action, float(t.quantity), float(t.price))
        if key is not None and existing.get(key):
            out.append((t, account, source, existing[key].pop(0)))
            plan.trades_duplicate += 1
            continue
        out.append((t, account, source, row))
        if not added:
            _ensure_columns(sheet, _TRADE_KEYS, plan)
            added = True
        values = {"date": (t.date, "date"), "account": (account, "text"), "symbol": (t.symbol, "text"),
                  "action": (t.action.value, "text"), "quantity": (t.quantity, "number"), "price": (t.price, "price"),
                  "acquired": (t.acquired, "date"), "cost_basis": (t.cost_basis, "money"),
                  "source": (source, "text"), "note": (t.note or None, "text")}
        for k, (value, kind) in values.items():
            if value is not None:
                plan.writes.append(CellWrite(sheet.name, row, sheet.cols[k], value, kind))
        row += 1
        plan.trades_added += 1
    return out


def _buy_days(sheet: Optional[_Sheet], trades: Sequence[tuple[ImportedTrade, str, str]]) -> set[tuple[str, str, date]]:
    """(account casefold, symbol, date) of every purchase on Transactions or in the files."""
    days = {(a.casefold(), t.symbol, t.date) for t, a, _ in trades if t.action in (Action.BUY, Action.REINVEST)}
    if sheet is None:
        return days
    for r in sheet.data_rows():
        key = _trade_key(sheet.value(r, "date"), _text(sheet.value(r, "account")), sheet.value(r, "symbol"),
                         sheet.value(r, "action"), 1.0, 1.0)
        if key is not None and key[3] in (Action.BUY, Action.REINVEST):
            days.add((key[1], key[2], key[0]))
    return days


def _as_of(sheets: Mapping[str, Sequence[Sequence[Any]]]) -> Optional[date]:
    """Settings As Of, when typed (blank: the run's date, unknown here)."""
    name = _sheet_name(sheets, schema.SETTINGS)
    for r in sheets.get(name, ()) if name is not None else ():
        if r is not None and len(r) > 1 and normalize_key(_text(r[0])) == normalize_key("As Of"):
            try:
                return parse_date(r[1])
            except CellError:
                return None
    return None


def _write_securities(sheet: _Sheet, symbols: Sequence[str], prices: Mapping[str, ImportedPrice],
                      plan: ImportPlan, lot_symbols: Collection[str] = ()) -> None:
    rows: dict[str, int] = {}
    for r in sheet.data_rows():
        try:
            s = parse_symbol(sheet.value(r, "symbol"))
        except CellError:
            continue
        if s and s not in rows:
            rows[s] = r
    for symbol, p in prices.items():
        found = rows.get(symbol)
        if found is None:
            continue
        r = found
        current = sheet.value(r, "price")
        if _is_formula(current):
            plan.notes.append(f"{sheet.name}!{cell_ref(sheet.cols['price'] - 1, r)}: {symbol}'s price is a formula, "
                              f"so the imported price {p.price:,.2f} was not written over it.")
            continue
        try:
            same = parse_number(current) is not None and abs((parse_number(current) or 0.0) - p.price) < 5e-7
        except CellError:
            same = False
        if not same:
            plan.writes.append(CellWrite(sheet.name, r, sheet.cols["price"], p.price, "price"))
            plan.prices_updated += 1
    row = sheet.last_row + 1
    wanted = list(dict.fromkeys(list(symbols) + [s for s in prices if s in symbols]))
    for symbol in wanted:
        # As `taxrebal check` will judge it: a security without its class is left out, so its lots
        # are errors and its transactions warnings.
        severity = Severity.ERROR if symbol in lot_symbols else Severity.WARNING
        if symbol in rows:
            if is_blank(sheet.value(rows[symbol], "asset_class")):  # added by an earlier import, still unfilled
                ac = cell_ref(sheet.cols["asset_class"] - 1, rows[symbol])
                plan.follow_up.append(Issue(severity, sheet.name, ac, f"{symbol} has no Asset Class yet: type it in "
                                            f"{ac} (a class named on Targets)."))
            continue
        if "name" not in sheet.cols:
            _ensure_columns(sheet, ("name",), plan)
        imported = prices.get(symbol)
        plan.writes.append(CellWrite(sheet.name, row, sheet.cols["symbol"], symbol, "text"))
        if imported is not None:
            plan.writes.append(CellWrite(sheet.name, row, sheet.cols["price"], imported.price, "price"))
            if imported.name:
                plan.writes.append(CellWrite(sheet.name, row, sheet.cols["name"], imported.name, "text"))
        ac = cell_ref(sheet.cols["asset_class"] - 1, row)
        fix = (f"{symbol} was added to {sheet.name} by the import: type its Asset Class in {ac} "
               "(a class named on Targets)")
        if imported is None:
            fix += f" and its current price in {cell_ref(sheet.cols['price'] - 1, row)} (no file gave one)"
        plan.follow_up.append(Issue(severity, sheet.name, ac, fix + "."))
        rows[symbol] = row
        row += 1
        plan.securities_added += 1


def apply_to_values(sheets: Mapping[str, Sequence[Sequence[Any]]], plan: ImportPlan) -> dict[str, list[list[Any]]]:
    """``sheets`` with ``plan`` carried out, as new 2D lists (what a file or Excel would hold after the
    import, values only). Used by tests and by callers that keep a workbook as values."""
    out = {name: [list(r) for r in rows] for name, rows in sheets.items()}
    for name in plan.new_sheets:
        out.setdefault(name, [])
    for w in plan.writes:
        rows = out[w.sheet]
        while len(rows) < w.row:
            rows.append([])
        row = rows[w.row - 1]
        while len(row) < w.col:
            row.append(None)
        if w.kind == "clear":
            row[w.col - 1] = None
        elif w.kind == "money":
            row[w.col - 1] = round(float(w.value), 2)
        elif w.kind in ("number", "price"):
            row[w.col - 1] = float(w.value)
        else:
            row[w.col - 1] = w.value
    return out
