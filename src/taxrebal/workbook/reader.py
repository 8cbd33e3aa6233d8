"""Reading and validating the household workbook into engine records.

Two entry points share one validator: :func:`load_workbook_file` reads an .xlsx/.xlsm/.xlsb/.xls/.ods
file (python-calamine, values only; openpyxl read-only as a fallback) and :func:`load_sheets` takes
sheets already read (from live Excel through xlwings, or from a test) as 2D lists whose row 0 is
worksheet row 1 and column 0 is column A. Either way the result is a :class:`LoadResult`: the
:class:`~taxrebal.engine.records.Household` (or ``None`` when any error was found) and every
:class:`~taxrebal.errors.Issue`, in sheet and row order, each naming the cell and the fix.

The contract (sheets, columns, spellings, severities and the reasons for them) is documented in
:mod:`taxrebal.workbook.schema`; cell parsing rules in :mod:`taxrebal.workbook.cells`.

Worked example: a Lots row 7 with Account "Joint", Symbol "vti", Acquired 45000, Quantity "10",
Cost Basis "$2,000.00" becomes ``Lot(lot_id="Lots!7", account="Joint", symbol="VTI",
acquired=date(2023, 3, 15), quantity=10.0, basis=2000.0, source=SourceRef("Lots", 7))``; the same row
with Account "Jiont" (not on Accounts) gives the error ``Lots!B7: Account 'Jiont' is not on the
Accounts sheet...`` and no household.

Performance (``bench/bench_load.py``, 100,000 lots + 20,000 transactions, 884,104 cells): the whole
load takes about 2.2x the CPU time python-calamine alone needs to read the file, with a 139 MB peak.
Columns are parsed one at a time with each distinct text parsed once (account names, symbols and
dates repeat), valid lot rows take a short path, and the cyclic garbage collector is paused while the
acyclic records are built.

Nothing here raises on bad input: every parse goes through :mod:`~taxrebal.workbook.cells`, whose only
exception is :class:`~taxrebal.workbook.cells.CellError`, and a last safety net turns any unexpected
exception into an error Issue asking for a bug report, so a user never sees a traceback.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Optional

from ..engine.allocation import CASH_CLASS
from ..engine.money import QTY_EPS
from ..engine.records import (
    ACCOUNT_TYPES,
    Account,
    Action,
    Household,
    Lot,
    LotMethod,
    ProposedTrade,
    SaleRequest,
    Security,
    Settings,
    SourceRef,
    Target,
    Transaction,
)
from ..errors import Issue, Severity, WorkbookError
from . import package, rules, schema
from .cells import (
    INHERITED,
    CellError,
    cell_ref,
    column_letter,
    describe,
    normalize_key,
    parse_text,
)
from .schema import ColumnSpec, SheetSpec

__all__ = ["LoadResult", "load_sheets", "load_workbook_file", "read_raw_sheets"]

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class LoadResult:
    """The household read from a workbook, and every problem found on the way."""

    household: Optional[Household]  # None when any Severity.ERROR issue was found
    issues: tuple[Issue, ...]  # every problem, in sheet/row order
    digest: str  # sha256 hex of the file bytes ("" when loaded from sheets)
    as_of_defaulted: bool = False  # Settings had no As Of and ``default_as_of`` (the run date) was used

    @property
    def ok(self) -> bool:
        """True when no issue is an error (warnings and infos allowed)."""
        return not any(i.severity is Severity.ERROR for i in self.issues)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)


# ------------------------------------------------------------------------------- issue collector

_SHEET_RANK = {s.name: n for n, s in enumerate(schema.SHEETS)}


class _Issues:
    """Collects issues with a sort key (sheet order, row, column)."""

    def __init__(self) -> None:
        self._items: list[tuple[tuple[int, int, int, int], Issue]] = []

    def add(self, severity: Severity, sheet: str, message: str, row: int = 0, col: int = -1,
            spec_name: Optional[str] = None) -> None:
        if row and col >= 0:
            cell = cell_ref(col, row)
        elif col >= 0:
            cell = column_letter(col)
        else:
            cell = ""  # the whole sheet (``row`` still orders it)
        rank = _SHEET_RANK.get(spec_name or sheet, -1)
        self._items.append(((rank, row, col, len(self._items)), Issue(severity, sheet, cell, message)))

    @property
    def has_error(self) -> bool:
        return any(i.severity is ERROR for _, i in self._items)

    def sorted(self) -> tuple[Issue, ...]:
        return tuple(i for _, i in sorted(self._items, key=lambda t: t[0]))


# ---------------------------------------------------------------------------------- sheet tables

def _parser_for(col: ColumnSpec) -> Callable[[Any], Any]:
    return rules.column_parser(col)


def _raw(value: Any) -> Any:
    return value


@dataclass
class _Table:
    """One sheet's recognised columns, parsed column by column.

    ``values[key][i]`` is the parsed cell of data row ``i`` (worksheet row ``first_row + i``),
    ``None``/``""``/``()`` when blank or unreadable; ``errors[key][i]`` the parse message when
    unreadable. ``live`` lists the data rows that are not blank in every recognised column.
    """

    sheet: str
    spec: SheetSpec
    cols: dict[str, int]
    headers: dict[str, str]
    first_row: int
    values: dict[str, list[Any]] = field(default_factory=dict)
    errors: dict[str, dict[int, str]] = field(default_factory=dict)
    live: list[int] = field(default_factory=list)
    bad_rows: set[int] = field(default_factory=set)

    def row(self, i: int) -> int:
        return self.first_row + i

    def col(self, key: str) -> int:
        return self.cols.get(key, -1)

    def has(self, key: str) -> bool:
        return key in self.cols

    def get(self, key: str, i: int) -> Any:
        vals = self.values.get(key)
        return None if vals is None else vals[i]

    def error(self, key: str, i: int) -> Optional[str]:
        errs = self.errors.get(key)
        return None if not errs else errs.get(i)

    def header(self, key: str) -> str:
        return self.headers.get(key) or self.spec.column(key).header


def _as_rows(raw: Any) -> list[Sequence[Any]]:
    """Rows of a sheet as sequences, whatever shape the caller passed. A flat list of scalars is one
    row (xlwings returns a single-row range that way); a pandas DataFrame is its column names then
    its rows; anything unreadable is an empty sheet."""
    if raw is None or isinstance(raw, (str, bytes, Mapping)):
        return []
    if hasattr(raw, "columns") and hasattr(raw, "to_numpy"):  # a pandas DataFrame: header + values
        try:
            return [list(raw.columns)] + raw.astype(object).to_numpy().tolist()
        except Exception:
            return []
    try:
        rows = list(raw)
    except Exception:
        return []
    if rows and not any(_is_row(r) for r in rows):
        return [rows]
    out: list[Sequence[Any]] = []
    for r in rows:
        if isinstance(r, (list, tuple)):
            out.append(r)
        elif _is_row(r):
            try:
                out.append(list(r))
            except Exception:
                out.append([])
        else:
            out.append([r])
    return out


def _is_row(value: Any) -> bool:
    return not isinstance(value, (str, bytes, Mapping)) and hasattr(value, "__iter__")


def _header_text(value: Any) -> str:
    try:
        return parse_text(value)
    except CellError:
        return ""


_HEADER_SCAN_ROWS = 10


def _find_header_row(rows: Sequence[Sequence[Any]], lookup: Mapping[str, ColumnSpec], needed: Sequence[str]
                     ) -> Optional[int]:
    """Index of the header row: row 1 by contract; a title row or blank rows above the header are
    tolerated (the first of the first ten rows holding every required header wins). Falls back to the
    first non-blank row, whose headers the missing-column message then lists."""
    first = None
    for n, r in enumerate(rows[:_HEADER_SCAN_ROWS]):
        texts = [_header_text(c) for c in r]
        if not any(texts):
            continue
        if first is None:
            first = n
        keys = {lookup[k].key for k in map(normalize_key, texts) if k in lookup}
        if all(k in keys for k in needed):
            return n
    if first is None:
        for n, r in enumerate(rows):
            if any(_header_text(c) for c in r):
                return n
    return first


def _build_table(
    sheet: str,
    spec: SheetSpec,
    raw: Any,
    issues: _Issues,
    overrides: Optional[Mapping[str, Callable[[Any], Any]]] = None,
    required: Optional[Sequence[str]] = None,
) -> Optional[_Table]:
    """Match the header row, parse recognised columns, find non-blank rows. ``None`` (with an
    error issue) when a required column is missing or two columns claim the same field."""
    rows = _as_rows(raw)
    lookup = {k: c for c in spec.columns for k in c.keys}
    needed = list(required) if required is not None else [c.key for c in spec.columns if c.required]
    header_index = _find_header_row(rows, lookup, needed)
    if header_index is None:
        if spec.required:
            issues.add(ERROR, sheet, f"The {spec.name} sheet is empty. Put the headers "
                       f"({', '.join(c.header for c in spec.columns if c.required)}) in row 1 and one "
                       "record per row below.", spec_name=spec.name)
        return None
    header = rows[header_index]
    cols: dict[str, int] = {}
    headers: dict[str, str] = {}
    found: list[str] = []
    ok = True
    for j, cell in enumerate(header):
        text = _header_text(cell)
        if not text:
            continue
        found.append(f"{column_letter(j)} '{text}'")
        col = lookup.get(normalize_key(text))
        if col is None:
            continue
        if col.key in cols:
            issues.add(ERROR, sheet,
                       f"Columns {column_letter(cols[col.key])} '{headers[col.key]}' and {column_letter(j)} "
                       f"'{text}' both mean {col.header}; rename or delete one of them.",
                       header_index + 1, j, spec.name)
            ok = False
            continue
        cols[col.key] = j
        headers[col.key] = text
    for key in needed:
        if key not in cols:
            col = spec.column(key)
            issues.add(ERROR, sheet,
                       f"The {spec.name} sheet has no {col.header} column. Headers found in row "
                       f"{header_index + 1}: {', '.join(found) or 'none'}. Add a column headed "
                       f"{' or '.join(repr(s) for s in col.spellings)} (any case, spaces and punctuation ignored).",
                       header_index + 1, -1, spec.name)
            ok = False
    if not ok:
        return None

    data = rows[header_index + 1:]
    table = _Table(sheet, spec, cols, headers, header_index + 2)
    n = len(data)
    present = bytearray(n)
    for key, j in cols.items():
        parse = (overrides or {}).get(key) or _parser_for(spec.column(key))
        values, errs = _parse_column(_column(data, j), parse, present)
        table.values[key] = values
        if errs:
            table.errors[key] = errs
            table.bad_rows.update(errs)
    table.live = [i for i in range(n) if present[i]]
    return table


def _column(data: Sequence[Sequence[Any]], j: int) -> list[Any]:
    """Column ``j`` of every row (``None`` where a row is too short or not indexable)."""
    try:
        return [r[j] for r in data]  # calamine rows are padded to equal length: the fast path
    except Exception:
        out = []
        for r in data:
            try:
                out.append(r[j])
            except Exception:
                out.append(None)
        return out


class _Bad:
    """A cached parse failure (text values repeat: account names, symbols, dates as text)."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


def _parse_column(column: list[Any], parse: Callable[[Any], Any], present: bytearray
                  ) -> tuple[list[Any], dict[int, str]]:
    """Parse one column; mark rows with any non-blank parsed value (or an error) in ``present``.
    Text values are parsed once each (a cache keyed by the text itself)."""
    values: list[Any] = [None] * len(column)
    errs: dict[int, str] = {}
    cache: dict[str, Any] = {}
    for i, v in enumerate(column):
        if v is None:
            continue
        if v.__class__ is str:
            if not v:
                continue
            parsed = cache.get(v, _Bad)
            if parsed is _Bad:
                try:
                    parsed = parse(v)
                except CellError as exc:
                    parsed = _Bad(str(exc))
                cache[v] = parsed
        else:
            try:
                parsed = parse(v)
            except CellError as exc:
                parsed = _Bad(str(exc))
        if parsed is None:
            continue
        if parsed.__class__ is _Bad:
            errs[i] = parsed.message
            present[i] = 1
            continue
        values[i] = parsed
        if parsed.__class__ is not str and parsed.__class__ is not tuple or parsed:
            present[i] = 1
    return values, errs


def _cell_problem(t: _Table, key: str, i: int, consequence: str) -> str:
    return f"{t.header(key)}: {t.error(key, i)}. {consequence}"


def _warn_unreadable(t: _Table, keys: Sequence[str], i: int, sheet: str, consequence: str, issues: "_Issues",
                     spec_name: str, severity: Severity = WARNING) -> bool:
    """An issue (a Warning unless ``severity`` says otherwise) for every unreadable cell of row ``i``
    among ``keys``; True when there was any. Something out of scope (an option, a short sale, a gift,
    average basis) is always an Error: it is refused, not dropped."""
    bad = False
    for k in keys:
        msg = t.error(k, i)
        if msg:
            level = ERROR if rules.OUT_OF_SCOPE in msg else severity
            issues.add(level, sheet, _cell_problem(t, k, i, consequence), t.row(i), t.col(k), spec_name)
            bad = True
    return bad


# ------------------------------------------------------------------------------ reading context

@dataclass
class _Context:
    issues: _Issues
    as_of: Optional[date] = None
    accounts: Optional[dict[str, Account]] = None  # casefold name -> account; None if unusable
    securities: Optional[dict[str, Security]] = None  # symbol -> security; None if unusable
    dropped_symbols: dict[str, int] = field(default_factory=dict)  # symbol -> Securities row
    class_names: dict[str, str] = field(default_factory=dict)  # casefold class -> Targets spelling
    class_columns: dict[str, int] = field(default_factory=dict)  # sheet -> its Asset Class column
    lots: dict[str, Lot] = field(default_factory=dict)
    as_of_defaulted: bool = False  # As Of was blank and the run date filled it
    settings_reading: Optional[rules.SettingsReading] = None
    settings_sheet: str = "Settings"
    settings_cols: dict[str, int] = field(default_factory=dict)

    def account(self, name: str) -> Optional[Account]:
        if self.accounts is None:
            return None
        return self.accounts.get(name.casefold())

    def account_list(self) -> str:
        if not self.accounts:
            return "none"
        names = [a.name for a in self.accounts.values()]
        return ", ".join(names[:12]) + (" ..." if len(names) > 12 else "")


# ---------------------------------------------------------------------------------- settings

def _read_settings(sheet: Optional[str], raw: Any, ctx: _Context, default_as_of: Optional[date]) -> Settings:
    """The Settings sheet through the contract's rules (:func:`taxrebal.workbook.rules.read_settings`,
    shared with the cell functions); its problems become Issues at the name or value cell."""
    reading = rules.SettingsReading()
    if sheet is None:
        ctx.issues.add(ERROR, "Settings", "The workbook has no Settings sheet, so the filing status, income and "
                       "date every tax figure depends on are unknown. Add a sheet named Settings with the headers "
                       "Setting and Value (taxrebal template shows every setting).", spec_name="Settings")
    else:
        t = _build_table(sheet, schema.SETTINGS, raw, ctx.issues, overrides={"value": _raw})
        if t is not None:
            entries = []
            for i in t.live:
                if t.error("setting", i):
                    entries.append((t.row(i), CellError(t.error("setting", i)), t.get("value", i)))
                else:
                    entries.append((t.row(i), t.get("setting", i), t.get("value", i)))
            reading = rules.read_settings(entries)
            ctx.settings_cols = {"setting": t.col("setting"), "value": t.col("value")}
    ctx.settings_sheet = sheet or "Settings"
    ctx.settings_reading = reading
    _report_settings(ctx, 0)
    values = dict(reading.values)
    if values.get("as_of") is None:
        values.pop("as_of", None)
        if default_as_of is not None:
            values["as_of"] = default_as_of
            ctx.as_of_defaulted = True
            ctx.issues.add(INFO, sheet or "Settings", f"As Of is blank: the run date {default_as_of.isoformat()} "
                           "is used. Type the date of your prices next to As Of so that every run gives the "
                           "same results.", spec_name="Settings")
        else:
            ctx.issues.add(INFO, sheet or "Settings", "As Of is blank and no run date was given: dates are not "
                           "checked against it. Type the date of your prices next to As Of.", spec_name="Settings")
    done = len(reading.problems)
    rules.check_year(reading, values.get("as_of"))
    _report_settings(ctx, done)
    try:
        return Settings(**values)
    except Exception as exc:  # pragma: no cover - every value is typed above
        ctx.issues.add(ERROR, sheet or "Settings", f"Settings could not be used ({exc}); check the values.",
                       spec_name="Settings")
        return Settings()


def _report_settings(ctx: _Context, start: int) -> None:
    """Issues for the Settings problems from index ``start`` on."""
    cols = ctx.settings_cols
    for p in ctx.settings_reading.problems[start:]:
        ctx.issues.add(p.severity, ctx.settings_sheet, p.message, p.row, cols.get(p.column, -1) if p.row else -1,
                       "Settings")


def _check_tax_settings(ctx: _Context) -> None:
    """Filing Status and Ordinary Income when tax is priced (a Taxable account), flat rates in Flat mode."""
    if ctx.settings_reading is None or not ctx.settings_cols:
        return  # no Settings sheet (or no usable header): already an error
    done = len(ctx.settings_reading.problems)
    taxable = ctx.accounts is not None and any(a.is_taxable for a in ctx.accounts.values())
    rules.check_requirements(ctx.settings_reading, prices_tax=taxable)
    _report_settings(ctx, done)


# ---------------------------------------------------------------------------------- accounts

def _read_accounts(sheet: str, raw: Any, ctx: _Context) -> Optional[list[Account]]:
    t = _build_table(sheet, schema.ACCOUNTS, raw, ctx.issues)
    if t is None:
        return None
    out: list[Account] = []
    by_name: dict[str, Account] = {}
    ok = True
    for i in t.live:
        row = t.row(i)
        problems = [(k, t.error(k, i)) for k in ("account", "type", "owner", "cash", "contribution") if t.error(k, i)]
        for k, _ in problems:
            extra = (" The Type decides how the account is taxed, so it is never guessed."
                     if k == "type" else "")
            ctx.issues.add(ERROR, sheet, _cell_problem(t, k, i, "Every lot hangs off its account, so this stops "
                           "the run." + extra), row, t.col(k), "Accounts")
        name = t.get("account", i) or ""
        typ = t.get("type", i)
        if not name and not t.error("account", i):
            ctx.issues.add(ERROR, sheet, "Account name is blank; type a unique name (it is used on the Lots sheet) "
                           "or delete the row.", row, t.col("account"), "Accounts")
            problems.append(("account", "blank"))
        if typ is None and not t.error("type", i):
            ctx.issues.add(ERROR, sheet, f"Type is blank for account {describe(name)}; type one of: "
                           f"{', '.join(ACCOUNT_TYPES)}.", row, t.col("type"), "Accounts")
            problems.append(("type", "blank"))
        if problems:
            ok = False
            continue
        key = name.casefold()
        if key in by_name:
            first = by_name[key]
            ctx.issues.add(ERROR, sheet, f"Account {describe(name)} is listed twice (rows {first.source.row} and "
                           f"{row}); give each account a unique name.", row, t.col("account"), "Accounts")
            ok = False
            continue
        acct = Account(name=name, type=typ, owner=t.get("owner", i) or "", cash=t.get("cash", i) or 0.0,
                       contribution=t.get("contribution", i) or 0.0, source=SourceRef(sheet, row))
        by_name[key] = acct
        out.append(acct)
    if not out and ok:
        ctx.issues.add(ERROR, sheet, "The Accounts sheet lists no account; add one row per account.",
                       spec_name="Accounts")
        ok = False
    ctx.accounts = by_name if ok else None
    return out if ok else None


# -------------------------------------------------------------------------------- securities

def _read_securities(sheet: str, raw: Any, ctx: _Context) -> Optional[list[Security]]:
    t = _build_table(sheet, schema.SECURITIES, raw, ctx.issues)
    if t is None:
        return None
    ctx.class_columns["Securities"] = t.col("asset_class")
    out: list[Security] = []
    by_symbol: dict[str, Security] = {}
    groups: dict[str, str] = {}
    ok = True
    dropped = " The security is left out (lots of it will be reported as errors)."
    for i in t.live:
        row = t.row(i)
        bad = _warn_unreadable(t, ("symbol", "asset_class", "price", "name", "identical_group"), i, sheet,
                               dropped.strip(), ctx.issues, "Securities")
        symbol = t.get("symbol", i) or ""
        asset_class = t.get("asset_class", i) or ""
        price = t.get("price", i)
        if not symbol and not t.error("symbol", i):
            ctx.issues.add(WARNING, sheet, "Symbol is blank; type the ticker or delete the row." + dropped,
                           row, t.col("symbol"), "Securities")
            bad = True
        if not asset_class and not t.error("asset_class", i):
            ctx.issues.add(WARNING, sheet, f"Asset Class is blank for {describe(symbol)}; type its class as named "
                           "on the Targets sheet." + dropped, row, t.col("asset_class"), "Securities")
            bad = True
        if not t.error("price", i) and (price is None or price <= 0):
            what = "blank" if price is None else f"{describe(price)}, not above 0"
            ctx.issues.add(WARNING, sheet, f"Price of {describe(symbol)} is {what}; type the current price per "
                           "share." + dropped, row, t.col("price"), "Securities")
            bad = True
        if bad:
            if symbol:
                ctx.dropped_symbols.setdefault(symbol, row)
            continue
        if symbol in by_symbol:
            ctx.issues.add(ERROR, sheet, f"Symbol {symbol} is listed twice (rows {by_symbol[symbol].source.row} and "
                           f"{row}); keep one row per security.", row, t.col("symbol"), "Securities")
            ok = False
            continue
        drip = t.get("drip", i)
        if t.error("drip", i):
            ctx.issues.add(WARNING, sheet, _cell_problem(t, "drip", i, "Read as N (no automatic reinvestment)."),
                           row, t.col("drip"), "Securities")
            drip = False
        group = t.get("identical_group", i) or ""
        if group:
            group = groups.setdefault(group.casefold(), group)
        sec = Security(symbol=symbol, asset_class=asset_class, price=price, name=t.get("name", i) or "",
                       identical_group=group, replacements=t.get("replacement", i) or (), drip=bool(drip),
                       source=SourceRef(sheet, row))
        by_symbol[symbol] = sec
        out.append(sec)
    # Replacements: must be listed and not substantially identical to the security (IRC §1091(a)).
    checked: list[Security] = []
    for sec in out:
        row = sec.source.row
        i = row - t.first_row
        if t.error("replacement", i):
            ctx.issues.add(WARNING, sheet, _cell_problem(t, "replacement", i, "No replacement is used."),
                           row, t.col("replacement"), "Securities")
        keep = []
        for rep in sec.replacements:
            other = by_symbol.get(rep)
            if other is None:
                ctx.issues.add(WARNING, sheet, f"Replacement {rep} of {sec.symbol} is not on the Securities sheet "
                               "(its price and class are needed); add a row for it. It is not used.",
                               row, t.col("replacement"), "Securities")
            elif other.identity == sec.identity:
                ctx.issues.add(WARNING, sheet, f"Replacement {rep} is substantially identical to {sec.symbol} "
                               "(same symbol or Identical Group), so buying it would be a wash sale (IRC §1091); "
                               "choose a similar but not identical fund. It is not used.",
                               row, t.col("replacement"), "Securities")
            else:
                keep.append(rep)
        if tuple(keep) != sec.replacements:
            sec = Security(symbol=sec.symbol, asset_class=sec.asset_class, price=sec.price, name=sec.name,
                           identical_group=sec.identical_group, replacements=tuple(keep), drip=sec.drip,
                           source=sec.source)
            by_symbol[sec.symbol] = sec
        checked.append(sec)
    ctx.securities = by_symbol if ok else None
    return checked if ok else None


# ---------------------------------------------------------------------------------- targets

def _read_targets(sheet: str, raw: Any, ctx: _Context) -> Optional[list[Target]]:
    t = _build_table(sheet, schema.TARGETS, raw, ctx.issues)
    if t is None:
        return None
    ctx.class_columns["Targets"] = t.col("asset_class")
    out: list[Target] = []
    rows_by_class: dict[str, int] = {}
    ok = True
    for i in t.live:
        row = t.row(i)
        fatal = False
        for k in ("asset_class", "target"):
            if t.error(k, i):
                ctx.issues.add(ERROR, sheet, _cell_problem(t, k, i, "Targets must all be read to check they sum to "
                               "100%."), row, t.col(k), "Targets")
                fatal = True
        cls = t.get("asset_class", i) or ""
        weight = t.get("target", i)
        if not cls and not t.error("asset_class", i):
            ctx.issues.add(ERROR, sheet, "Asset Class is blank; type the class name (as on the Securities sheet) or "
                           "delete the row.", row, t.col("asset_class"), "Targets")
            fatal = True
        if weight is None and not t.error("target", i):
            ctx.issues.add(ERROR, sheet, f"Target is blank for {describe(cls)}; type its weight (0% to drop the "
                           "class).", row, t.col("target"), "Targets")
            fatal = True
        elif weight is not None and not 0.0 <= weight <= 1.0 + 1e-12:
            ctx.issues.add(ERROR, sheet, f"Target of {describe(cls)} reads as {weight:.2%}; type a weight from 0% "
                           "to 100% (60, 60% and 0.6 all mean 60%).", row, t.col("target"), "Targets")
            fatal = True
        if fatal:
            ok = False
            continue
        if cls.casefold() in rows_by_class:
            ctx.issues.add(ERROR, sheet, f"Asset class {describe(cls)} has two rows ({rows_by_class[cls.casefold()]} "
                           f"and {row}); merge them into one.", row, t.col("asset_class"), "Targets")
            ok = False
            continue
        rows_by_class[cls.casefold()] = row
        band = t.get("band", i)
        if t.error("band", i):
            ctx.issues.add(WARNING, sheet, _cell_problem(t, "band", i, "The Default Band is used."),
                           row, t.col("band"), "Targets")
            band = None
        elif band is not None and not 0.0 <= band < 1.0:
            ctx.issues.add(WARNING, sheet, f"Band of {describe(cls)} reads as {band:.2%}, outside 0-100 points; type "
                           "a band such as 5 (points) or 5%. The Default Band is used.",
                           row, t.col("band"), "Targets")
            band = None
        location = t.get("location", i)
        if t.error("location", i):
            ctx.issues.add(WARNING, sheet, _cell_problem(t, "location", i, "No preferred location is used."),
                           row, t.col("location"), "Targets")
            location = None
        out.append(Target(asset_class=cls, target=weight, band=band, location=location, source=SourceRef(sheet, row)))
    if ok and not out:
        ctx.issues.add(ERROR, sheet, "The Targets sheet lists no asset class; add one row per class with its "
                       "target weight.", spec_name="Targets")
        ok = False
    if ok:
        total = math.fsum(x.target for x in out)
        if abs(total - 1.0) > 1e-4 + 1e-12:
            ones = [f"{column_letter(t.col('target'))}{x.source.row}" for x in out if x.target == 1.0 and x.source]
            hint = (f" A bare 1 reads as 100% (a number of 1 or less is a fraction, see Percentages): if "
                    f"{', '.join(ones)} meant 1%, type 1%." if ones and len(out) > 1 else "")
            ctx.issues.add(ERROR, sheet, f"Targets add up to {total * 100:.4g}%, not 100% (off by "
                           f"{(total - 1.0) * 100:+.4g} points); change the Target column so it totals 100%.{hint}",
                           0, t.col("target"), "Targets")
            ok = False
    ctx.class_names = {x.asset_class.casefold(): x.asset_class for x in out}
    return out if ok else None


# -------------------------------------------------------------------------------------- lots

def _no_error(key: str, i: int) -> None:
    return None


def _read_lots(sheet: str, raw: Any, ctx: _Context) -> Optional[list[Lot]]:
    any_taxable = ctx.accounts is not None and any(a.is_taxable for a in ctx.accounts.values())
    required = ["account", "symbol", "quantity"] + (["acquired"] if any_taxable else [])
    t = _build_table(sheet, schema.LOTS, raw, ctx.issues, required=required)
    if t is None:
        return None
    if any_taxable and not (t.has("cost_basis") or t.has("unit_cost")):
        ctx.issues.add(ERROR, sheet, "The Lots sheet has neither a Cost Basis nor a Unit Cost column, and taxable "
                       "accounts need a basis to compute gains. Add a 'Cost Basis' (total) or 'Unit Cost' column.",
                       t.first_row - 1, -1, "Lots")
        return None
    add, accounts, securities, as_of = ctx.issues.add, ctx.accounts, ctx.securities, ctx.as_of
    n = len(t.values["account"])
    blank = [None] * n
    v_id = t.values.get("lot_id") or blank
    v_acct, v_sym, v_qty = t.values["account"], t.values["symbol"], t.values["quantity"]
    v_acq = t.values.get("acquired") or blank
    v_basis = t.values.get("cost_basis") or blank
    v_unit = t.values.get("unit_cost") or blank
    v_wash = t.values.get("wash_adjusted") or blank
    c_id, c_acct, c_sym, c_acq, c_qty = (t.col(k) for k in ("lot_id", "account", "symbol", "acquired", "quantity"))
    c_basis = t.col("cost_basis") if t.has("cost_basis") else t.col("unit_cost")
    prefix = schema.GENERATED_LOT_PREFIX.casefold()
    first_row, bad_rows = t.first_row, t.bad_rows
    account_of: dict[str, Optional[Account]] = {}
    out: list[Lot] = []
    ids: dict[str, int] = {}
    ok = True
    for i in t.live:
        row = first_row + i
        row_is_bad = i in bad_rows
        err = t.error if row_is_bad else _no_error
        # --- identity and references: errors, because the holding must be counted
        if row_is_bad:
            for k in ("lot_id", "account", "symbol"):
                if err(k, i):
                    add(ERROR, sheet, _cell_problem(t, k, i, "The lot cannot be placed, so this stops the run."),
                        row, t.col(k), "Lots")
                    ok = False
        lot_id = v_id[i]
        if not lot_id:
            lot_id = schema.generated_lot_id(row)
        elif lot_id[:5].casefold() == prefix:
            add(ERROR, sheet, f"Lot ID {describe(lot_id)} uses the prefix 'Lots!' reserved for generated ids; rename "
                "it (or clear it to let taxrebal number the lot).", row, c_id, "Lots")
            ok = False
            continue
        if lot_id in ids:
            add(ERROR, sheet, f"Lot ID {describe(lot_id)} is used twice (rows {ids[lot_id]} and {row}); give each lot "
                "its own id.", row, c_id, "Lots")
            ok = False
            continue
        ids[lot_id] = row
        name = v_acct[i] or ""
        account = None
        if accounts is not None:
            if name in account_of:
                account = account_of[name]
            else:
                account = account_of[name] = accounts.get(name.casefold())
            if account is None and not err("account", i):
                add(ERROR, sheet, (f"Account {describe(name)} is not on the Accounts sheet (accounts: "
                                   f"{ctx.account_list()}); correct the name or add the account. A lot cannot be "
                                   "left out silently.") if name else
                    "Account is blank; type the account that holds this lot (as named on the Accounts sheet).",
                    row, c_acct, "Lots")
                ok = False
        symbol = v_sym[i] or ""
        if securities is not None and symbol not in securities and not err("symbol", i):
            if not symbol:
                msg = "Symbol is blank; type the ticker of this lot (as on the Securities sheet)."
            elif symbol in ctx.dropped_symbols:
                msg = (f"Symbol {symbol}'s row on Securities (row {ctx.dropped_symbols[symbol]}) could not be used; "
                       "fix that row so this lot is counted.")
            else:
                msg = (f"Symbol {symbol} is not on the Securities sheet; add it with its asset class and price, or "
                       "correct the symbol. A lot cannot be left out silently.")
            add(ERROR, sheet, msg, row, c_sym, "Lots")
            ok = False
        # An account that could not be read (its own row, or the Accounts sheet, has an error that stops
        # the run) has no known type: the taxable-only requirements (Acquired, Cost Basis) are not asked
        # of its lots, so one typo on Accounts is one error, not one more per IRA lot.
        taxable = account.is_taxable if account is not None else False
        qty, acquired, basis = v_qty[i], v_acq[i], v_basis[i]
        if (not row_is_bad and qty is not None and qty > 0 and acquired.__class__ is date and basis is not None
                and basis >= 0 and v_unit[i] is None and (as_of is None or acquired <= as_of)):
            # the common, fully valid row: nothing to check further
            out.append(Lot(lot_id, account.name if account is not None else name, symbol, acquired, qty, basis,
                           False, bool(v_wash[i]), 0.0, None, SourceRef(sheet, row)))
            continue
        lot = _lot_values(ctx.issues, t, i, row, err, taxable, as_of, v_qty[i], v_acq[i], v_basis[i], v_unit[i],
                          v_wash[i],
                          (c_qty, c_acq, c_basis))
        if lot is None:
            continue
        qty, acquired, inherited, basis, wash = lot
        out.append(Lot(lot_id, account.name if account is not None else name, symbol, acquired, qty, basis,
                       inherited, wash, 0.0, None, SourceRef(sheet, row)))
    ctx.lots = {x.lot_id: x for x in out}
    return out if ok else None


_STOPS = "A lot that is held cannot be left out (it changes the allocation and the tax), so this stops the run."


def _lot_values(issues: _Issues, t: _Table, i: int, row: int, err: Callable[[str, int], Optional[str]], taxable: bool,
                as_of: Optional[date], qty: Any, acquired: Any, basis: Any, unit: Any, wash: Any,
                cols: tuple[int, int, int]) -> Optional[tuple[float, Optional[date], bool, Optional[float], bool]]:
    """Quantity, acquired, inherited, basis and wash flag of a lot row; ``None`` when the lot is left
    out. A cell that cannot be read, or is blank where the tax needs it, is an error (the lot is held:
    leaving it out would change the allocation and the tax); a lot of 0 shares or one acquired after
    As Of holds nothing yet and is left out with a warning."""
    sheet = t.sheet
    c_qty, c_acq, c_basis = cols
    if qty is None or qty <= 0 or err("quantity", i):
        severity = ERROR
        if err("quantity", i):
            msg = _cell_problem(t, "quantity", i, _STOPS)
        elif qty is None:
            msg = f"Quantity is blank; type the number of shares. {_STOPS}"
        elif qty < 0:
            msg = (f"Quantity {describe(qty)} is negative: {schema.OUT_OF_SCOPE_LINES[1].split(': ', 1)[0].strip('*')} "
                   "are out of scope (IRC §1233 is not modelled); type the shares held, or leave short positions off.")
        else:
            severity, msg = WARNING, "Quantity is 0, so the lot holds nothing; it is left out (delete the row)."
        issues.add(severity, sheet, msg, row, c_qty, "Lots")
        return None
    inherited = False
    if acquired is INHERITED:
        acquired, inherited = None, True
    if err("acquired", i):
        if taxable or rules.OUT_OF_SCOPE in (err("acquired", i) or ""):
            issues.add(ERROR, sheet, _cell_problem(t, "acquired", i, "A taxable lot needs its date for the holding "
                       "period; this stops the run."), row, c_acq, "Lots")
            return None
        issues.add(WARNING, sheet, _cell_problem(t, "acquired", i, "Ignored (the account is tax-advantaged)."),
                   row, c_acq, "Lots")
        acquired = None
    elif acquired is None and not inherited and taxable:
        issues.add(ERROR, sheet, "Acquired is blank; a lot in a taxable account needs its acquisition date (or "
                   f"'Inherited') for the holding period. {_STOPS}", row, c_acq, "Lots")
        return None
    if acquired is not None and as_of is not None and acquired > as_of:
        issues.add(WARNING, sheet, f"Acquired {acquired.isoformat()} is after As Of {as_of.isoformat()}, so the lot is "
                   "not held yet; correct the date or As Of. The lot is left out.", row, c_acq, "Lots")
        return None
    basis_key = "cost_basis" if err("cost_basis", i) else ("unit_cost" if err("unit_cost", i) else "")
    if basis_key:
        if taxable:
            issues.add(ERROR, sheet, _cell_problem(t, basis_key, i, f"A taxable lot needs its basis. {_STOPS}"),
                       row, t.col(basis_key), "Lots")
            return None
        issues.add(WARNING, sheet, _cell_problem(t, basis_key, i, "Ignored (the account is tax-advantaged)."),
                   row, t.col(basis_key), "Lots")
        basis = None
    elif unit is not None:
        implied = unit * qty
        if basis is None:
            basis = implied
        elif abs(implied - basis) > max(1.0, 0.01 * abs(basis)):
            issues.add(WARNING, sheet, f"Cost Basis {basis:,.2f} disagrees with Unit Cost x Quantity ({implied:,.2f}); "
                       "Cost Basis is used. Correct one of them.", row, c_basis, "Lots")
    if basis is None and taxable and not basis_key:
        issues.add(ERROR, sheet, "Cost Basis is blank; a lot in a taxable account needs its total cost basis (or "
                   f"Unit Cost) to compute gains. {_STOPS}", row, c_basis, "Lots")
        return None
    if basis is not None and basis < 0:
        if taxable:
            issues.add(ERROR, sheet, f"Cost Basis {basis:,.2f} is negative; type the total paid. {_STOPS}",
                       row, c_basis, "Lots")
            return None
        basis = None
    if err("wash_adjusted", i):
        issues.add(WARNING, sheet, _cell_problem(t, "wash_adjusted", i, "Read as N (basis not adjusted)."),
                   row, t.col("wash_adjusted"), "Lots")
        wash = False
    return qty, acquired, inherited, basis, bool(wash)


# ------------------------------------------------------------------------------ transactions

def _account_problem(ctx: _Context, name: str, consequence: str) -> Optional[str]:
    """Message when the account of a non-lot row is blank or not listed."""
    if ctx.accounts is None or ctx.account(name) is not None:
        return None
    if not name:
        return f"Account is blank; type the account name. {consequence}"
    return f"Account {describe(name)} is not on the Accounts sheet; add it or correct the name. {consequence}"


def _symbol_problem(ctx: _Context, symbol: str, consequence: str) -> Optional[str]:
    """Message when the symbol of a non-lot row is blank or not listed."""
    if ctx.securities is None or symbol in ctx.securities:
        return None
    if not symbol:
        return f"Symbol is blank; type the ticker. {consequence}"
    return (f"Symbol {symbol} is not on the Securities sheet (or its row could not be used); add it with its asset "
            f"class and price. {consequence}")


def _reference_problem(ctx: _Context, name: str, symbol: str, consequence: str) -> Optional[tuple[str, str]]:
    """(column key, message) for the first unknown reference of a row, else None."""
    msg = _account_problem(ctx, name, consequence)
    if msg:
        return "account", msg
    msg = _symbol_problem(ctx, symbol, consequence)
    return ("symbol", msg) if msg else None


def _held(ctx: _Context) -> dict[tuple[str, str], float]:
    held: dict[tuple[str, str], float] = {}
    for lot in ctx.lots.values():
        key = (lot.account, lot.symbol)
        held[key] = held.get(key, 0.0) + lot.quantity
    return held


def _canonical_account(ctx: _Context, name: str) -> str:
    acct = ctx.account(name)
    return acct.name if acct is not None else name


def _read_transactions(sheet: str, raw: Any, ctx: _Context) -> list[Transaction]:
    t = _build_table(sheet, schema.TRANSACTIONS, raw, ctx.issues)
    if t is None:
        return []
    add, as_of = ctx.issues.add, ctx.as_of
    out: list[Transaction] = []
    dropped = "The trade is left out of the wash-sale check; fix it."
    stops = ("A trade left out of the wash-sale check could hide a disallowed loss (IRC §1091), so this stops the "
             "run; fix the cell.")
    blank = [None] * len(t.values["date"])
    v_date, v_acct, v_sym, v_action, v_qty, v_price = (
        t.values[k] for k in ("date", "account", "symbol", "action", "quantity", "price"))
    v_lot, v_acq, v_basis = (t.values.get(k) or blank for k in ("lot_id", "acquired", "cost_basis"))
    for i in t.live:
        row = t.first_row + i
        if i in t.bad_rows:
            if _warn_unreadable(t, ("date", "account", "symbol", "action", "quantity", "price", "lot_id"), i,
                                sheet, stops, ctx.issues, "Transactions", ERROR):
                continue
        when, action, qty, price = v_date[i], v_action[i], v_qty[i], v_price[i]
        name, symbol, lot_id = v_acct[i] or "", v_sym[i] or "", v_lot[i] or ""
        if when is None or action is None or qty is None or price is None:
            k = next(k for k, v in (("date", when), ("action", action), ("quantity", qty),
                                    ("price", price)) if v is None)
            add(ERROR, sheet, f"{t.header(k)} is blank; type it. {stops}", row, t.col(k), "Transactions")
            continue
        ref = _reference_problem(ctx, name, symbol, dropped)
        if ref:
            add(WARNING, sheet, ref[1], row, t.col(ref[0]), "Transactions")
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
            _check_sell(t, i, row, ctx, acct, name, symbol, lot_id, acquired, basis, inherited)
        if as_of is not None and when > as_of:
            add(WARNING, sheet, f"Date {when.isoformat()} is after As Of {as_of.isoformat()}; a trade that has not "
                "happened belongs on Proposed Trades. It is kept.", row, t.col("date"), "Transactions")
        out.append(Transaction(when, acct.name if acct is not None else name, symbol, action, qty, price, lot_id,
                               acquired, basis, inherited, SourceRef(sheet, row)))
    return out


def _check_sell(t: _Table, i: int, row: int, ctx: _Context, acct: Optional[Account], name: str, symbol: str,
                lot_id: str, acquired: Optional[date], basis: Optional[float], inherited: bool) -> None:
    """Warnings for a Transactions Sell: unreadable Acquired/Cost Basis, a Lot ID of another position,
    and (in a taxable account) no way to judge the gain."""
    sheet, add = t.sheet, ctx.issues.add
    for k in ("acquired", "cost_basis"):
        if t.error(k, i):
            add(WARNING, sheet, _cell_problem(t, k, i, "Ignored; the sale's gain cannot be judged."),
                row, t.col(k), "Transactions")
    lot = ctx.lots.get(lot_id) if lot_id else None
    if lot is not None and (lot.symbol != symbol or (acct is not None and lot.account != acct.name)):
        add(WARNING, sheet, f"Lot ID {lot_id} is a lot of {lot.symbol} in {lot.account} (Lots row "
            f"{lot.source.row if lot.source else '?'}), not of {symbol} in {acct.name if acct else name}; correct the "
            "Lot ID. The trade is kept.", row, t.col("lot_id"), "Transactions")
    if (acct is None or acct.is_taxable) and lot is None and (basis is None or (acquired is None and not inherited)):
        add(WARNING, sheet, f"This Sell of {symbol} names no lot on the Lots sheet and lacks Acquired and Cost Basis, "
            "so its gain or loss cannot be judged (it still counts for the wash-sale window). Add the Lot ID, or the "
            "Acquired date and Cost Basis of the shares sold.", row,
            t.col("lot_id") if t.has("lot_id") else t.col("action"), "Transactions")


# ---------------------------------------------------------------------------------- menus

def _read_menus(sheet: str, raw: Any, ctx: _Context) -> dict[str, frozenset[str]]:
    t = _build_table(sheet, schema.MENUS, raw, ctx.issues)
    if t is None:
        return {}
    menus: dict[str, set[str]] = {}
    dropped = "The row is ignored."
    for i in t.live:
        row = t.row(i)
        if t.error("account", i) or t.error("symbol", i):
            k = "account" if t.error("account", i) else "symbol"
            ctx.issues.add(WARNING, sheet, _cell_problem(t, k, i, dropped), row, t.col(k), "Menus")
            continue
        name = t.get("account", i) or ""
        symbols = t.get("symbol", i) or ()
        if not symbols:
            ctx.issues.add(WARNING, sheet, f"Symbol is blank; type a symbol the account may buy. {dropped}",
                           row, t.col("symbol"), "Menus")
            continue
        msg = _account_problem(ctx, name, dropped)
        if msg:
            ctx.issues.add(WARNING, sheet, msg, row, t.col("account"), "Menus")
            continue
        good = []
        for sym in symbols:
            if ctx.securities is not None and sym not in ctx.securities:
                ctx.issues.add(WARNING, sheet, f"Symbol {sym} is not on the Securities sheet; add it or correct the "
                               "symbol. It is left off the menu.", row, t.col("symbol"), "Menus")
            else:
                good.append(sym)
        if good:
            menus.setdefault(_canonical_account(ctx, name), set()).update(good)
    return {k: frozenset(v) for k, v in menus.items()}


# ---------------------------------------------------------------------------------- sales

def _read_sales(sheet: str, raw: Any, ctx: _Context) -> list[SaleRequest]:
    t = _build_table(sheet, schema.SALES, raw, ctx.issues)
    if t is None:
        return []
    out: list[SaleRequest] = []
    held = _held(ctx)
    dropped = "The sale is not evaluated."
    for i in t.live:
        row = t.row(i)
        if _warn_unreadable(t, ("account", "symbol", "quantity", "price", "method", "lot_ids"), i, sheet, dropped,
                            ctx.issues, "Sales"):
            continue
        name, symbol = t.get("account", i) or "", t.get("symbol", i) or ""
        qty, price, method, lot_ids = (t.get(k, i) for k in ("quantity", "price", "method", "lot_ids"))
        lot_ids = lot_ids or ()
        ref = _reference_problem(ctx, name, symbol, dropped)
        if ref:
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
        if method is LotMethod.SPECIFIC and not lot_ids:
            ctx.issues.add(WARNING, sheet, f"Method is Specific ID but Lot IDs is blank; list the lots to sell, "
                           f"comma-separated. {dropped}", row,
                           t.col("lot_ids") if t.has("lot_ids") else t.col("method"),
                           "Sales")
            continue
        foreign = [x for x in lot_ids if x not in ctx.lots or ctx.lots[x].account != account
                   or ctx.lots[x].symbol != symbol]
        if foreign and ctx.accounts is not None and ctx.securities is not None:
            ctx.issues.add(WARNING, sheet, f"Lot IDs {', '.join(foreign)} are not lots of {symbol} in {account}; "
                           f"correct the ids (see the Lot ID column of Lots). {dropped}", row, t.col("lot_ids"),
                           "Sales")
            continue
        have = held.get((account, symbol), 0.0)
        if qty > have + QTY_EPS and ctx.accounts is not None and ctx.securities is not None:
            ctx.issues.add(WARNING, sheet, f"Selling {qty:g} {symbol} but {account} holds {have:g}; the sale is kept "
                           "and the lot report will show the shortfall. Lower the quantity.", row, t.col("quantity"),
                           "Sales")
        out.append(SaleRequest(account=account, symbol=symbol, quantity=qty, price=price, method=method,
                               lot_ids=tuple(lot_ids), source=SourceRef(sheet, row)))
    return out


# -------------------------------------------------------------------------- proposed trades

def _read_proposed(sheet: str, raw: Any, ctx: _Context) -> list[ProposedTrade]:
    t = _build_table(sheet, schema.PROPOSED_TRADES, raw, ctx.issues)
    if t is None:
        return []
    out: list[ProposedTrade] = []
    held = _held(ctx)
    dropped = "The trade is not checked."
    for i in t.live:
        row = t.row(i)
        if _warn_unreadable(t, ("date", "account", "symbol", "action", "quantity", "price"), i, sheet, dropped,
                            ctx.issues, "Proposed Trades"):
            continue
        when, action, qty, price = (t.get(k, i) for k in ("date", "action", "quantity", "price"))
        name, symbol = t.get("account", i) or "", t.get("symbol", i) or ""
        missing = [k for k, v in (("date", when), ("action", action), ("quantity", qty)) if v is None]
        if missing:
            k = missing[0]
            ctx.issues.add(WARNING, sheet, f"{t.header(k)} is blank; type it. {dropped}", row, t.col(k),
                           "Proposed Trades")
            continue
        ref = _reference_problem(ctx, name, symbol, dropped)
        if ref:
            ctx.issues.add(WARNING, sheet, ref[1], row, t.col(ref[0]), "Proposed Trades")
            continue
        if qty <= 0 or (price is not None and price <= 0):
            k = "quantity" if qty <= 0 else "price"
            ctx.issues.add(WARNING, sheet, f"{t.header(k)} {describe(t.get(k, i))} is not above 0; type a positive "
                           f"number (the Action says buy or sell). {dropped}", row, t.col(k), "Proposed Trades")
            continue
        account = _canonical_account(ctx, name)
        if action is Action.SELL and ctx.accounts is not None and ctx.securities is not None:
            have = held.get((account, symbol), 0.0)
            if qty > have + QTY_EPS:
                ctx.issues.add(WARNING, sheet, f"Selling {qty:g} {symbol} but {account} holds {have:g}; lower the "
                               "quantity. The trade is kept.", row, t.col("quantity"), "Proposed Trades")
        out.append(ProposedTrade(date=when, account=account, symbol=symbol, action=action, quantity=qty, price=price,
                                 source=SourceRef(sheet, row)))
    return out


# --------------------------------------------------------------------------- cross-sheet checks

def _check_classes(securities: list[Security], targets: list[Target], lots: list[Lot], ctx: _Context,
                   sheet_names: Mapping[str, str]) -> list[Security]:
    """Put each security's class in the Targets spelling; warn about held classes without a target
    and targets with nothing to buy."""
    names = ctx.class_names
    out = []
    for sec in securities:
        canonical = names.get(sec.asset_class.casefold())
        if canonical is not None and canonical != sec.asset_class:
            sec = Security(symbol=sec.symbol, asset_class=canonical, price=sec.price, name=sec.name,
                           identical_group=sec.identical_group, replacements=sec.replacements, drip=sec.drip,
                           source=sec.source)
        out.append(sec)
    held = {lot.symbol for lot in lots}
    warned: set[str] = set()
    for sec in out:
        if sec.symbol in held and sec.asset_class.casefold() not in names and sec.asset_class.casefold() not in warned:
            warned.add(sec.asset_class.casefold())
            ctx.issues.add(WARNING, sheet_names["Securities"], f"Asset class {describe(sec.asset_class)} (of "
                           f"{sec.symbol}, held) has no row on the Targets sheet, so its target is 0% and the "
                           "rebalancer will sell it down. Add the class to Targets, or correct the name.",
                           sec.source.row if sec.source else 0, ctx.class_columns.get("Securities", -1),
                           "Securities")
    buyable = {sec.asset_class.casefold() for sec in out}
    for tgt in targets:
        key = tgt.asset_class.casefold()
        if tgt.target > 0 and key not in buyable and key != CASH_CLASS.casefold():
            ctx.issues.add(WARNING, sheet_names["Targets"], f"Asset class {describe(tgt.asset_class)} has a target "
                           f"of {tgt.target:.2%} but no security on the Securities sheet is in it, so nothing can "
                           "be bought for it. Add a security of that class or correct the name.",
                           tgt.source.row if tgt.source else 0, ctx.class_columns.get("Targets", -1), "Targets")
    return out


# ------------------------------------------------------------------------------------- driver

def _match_sheets(sheets: Mapping[str, Any], issues: _Issues) -> dict[str, str]:
    """Spec name -> the workbook's sheet name (matched ignoring case, spaces and punctuation)."""
    wanted = {normalize_key(s.name): s.name for s in schema.SHEETS}
    found: dict[str, str] = {}
    for name in sheets:
        try:
            key = normalize_key(name)
        except Exception:
            continue
        spec_name = wanted.get(key)
        if spec_name is None:
            continue
        if spec_name in found:
            issues.add(ERROR, str(name), f"Sheets '{found[spec_name]}' and '{name}' both mean {spec_name}; rename "
                       "or delete one of them.", spec_name=spec_name)
            continue
        found[spec_name] = str(name)
    for spec in schema.SHEETS:
        if spec.required and spec.name not in found:
            present = ", ".join(f"'{n}'" for n in sheets) or "none"
            issues.add(ERROR, spec.name, f"The workbook has no {spec.name} sheet (sheets found: {present}). Add a "
                       f"sheet named {spec.name} with the headers "
                       f"{', '.join(c.header for c in spec.columns if c.required)} in row 1.", spec_name=spec.name)
    return found


def _validate(sheets: Mapping[str, Any], default_as_of: Optional[date], issues: _Issues,
              ctx: Optional[_Context] = None) -> Optional[Household]:
    names = _match_sheets(sheets, issues)
    ctx = ctx if ctx is not None else _Context(issues)

    def raw(spec_name: str) -> Any:
        return sheets[names[spec_name]]

    settings = _read_settings(names.get("Settings"), raw("Settings") if "Settings" in names else None, ctx,
                              default_as_of)
    ctx.as_of = settings.as_of
    accounts = _read_accounts(names["Accounts"], raw("Accounts"), ctx) if "Accounts" in names else None
    _check_tax_settings(ctx)
    securities = _read_securities(names["Securities"], raw("Securities"), ctx) if "Securities" in names else None
    targets = _read_targets(names["Targets"], raw("Targets"), ctx) if "Targets" in names else None
    lots = _read_lots(names["Lots"], raw("Lots"), ctx) if "Lots" in names else None
    transactions = _read_transactions(names["Transactions"], raw("Transactions"),
                                      ctx) if "Transactions" in names else []
    menus = _read_menus(names["Menus"], raw("Menus"), ctx) if "Menus" in names else {}
    sales = _read_sales(names["Sales"], raw("Sales"), ctx) if "Sales" in names else []
    proposed = _read_proposed(names["Proposed Trades"], raw("Proposed Trades"),
                              ctx) if "Proposed Trades" in names else []
    if securities is not None and targets is not None and lots is not None:
        securities = _check_classes(securities, targets, lots, ctx, names)
    if issues.has_error or accounts is None or securities is None or targets is None or lots is None:
        return None
    return Household(accounts=tuple(accounts), securities=tuple(securities), lots=tuple(lots),
                     transactions=tuple(transactions), targets=tuple(targets), settings=settings, menus=menus,
                     sales=tuple(sales), proposed_trades=tuple(proposed))


def load_sheets(sheets: Mapping[str, Sequence[Sequence[Any]]], *, default_as_of: date | None = None) -> LoadResult:
    """Validate sheets given as 2D values (row 0 = worksheet row 1, column 0 = column A).

    Sheet names match case-insensitively. ``default_as_of`` fills Settings.as_of when the sheet leaves
    it blank (the command line passes the run date; the engine never reads a clock).
    """
    issues = _Issues()
    try:
        if not isinstance(sheets, Mapping):
            issues.add(ERROR, "Workbook", "No sheets were given; pass a mapping of sheet name to 2D values.")
            return LoadResult(None, issues.sorted(), "")
        ctx = _Context(issues)
        with _gc_paused():
            household = _validate(sheets, default_as_of, issues, ctx)
    except Exception as exc:  # the safety net: a user never sees a traceback
        issues.add(ERROR, "Workbook", f"Internal error while reading the workbook ({type(exc).__name__}: {exc}). "
                   "Please report it with the workbook; meanwhile check the rows named in other issues.")
        household = None
    if issues.has_error:
        household = None
    return LoadResult(household, issues.sorted(), "", as_of_defaulted=ctx.as_of_defaulted)


# ---------------------------------------------------------------------------------- file I/O

@contextlib.contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while building large acyclic structures (a million cell
    values, 100,000 records): it would otherwise rescan them repeatedly (about 30% of the time).
    Reference counting still frees everything; the collector's previous state is restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _calamine_sheets(source: Path | bytes, wanted: Optional[set[str]]) -> dict[str, list[list[Any]]]:
    import python_calamine

    if isinstance(source, bytes):
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source))
    else:
        book = python_calamine.CalamineWorkbook.from_path(str(source))
    try:
        out: dict[str, list[list[Any]]] = {}
        for name in book.sheet_names:
            if wanted is not None and normalize_key(name) not in wanted:
                out[name] = []  # not read: only its name is needed (for messages)
                continue
            try:
                out[name] = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception:
                if wanted is None:
                    continue  # a chart sheet or an unreadable sheet: nothing to read
                raise
        return out
    finally:
        try:
            book.close()
        except Exception:
            pass


def _openpyxl_sheets(data: bytes, wanted: Optional[set[str]]) -> dict[str, list[list[Any]]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        out = {}
        for ws in book.worksheets:
            if wanted is not None and normalize_key(ws.title) not in wanted:
                out[ws.title] = []
                continue
            out[ws.title] = [list(r) for r in ws.iter_rows(values_only=True)]
        return out
    finally:
        book.close()


def _read_bytes(path: Any) -> bytes:
    try:
        p = Path(path).expanduser()
    except TypeError:
        raise WorkbookError(f"{describe(path)} is not a file path; give the path of an .xlsx workbook.") from None
    if not p.exists():
        raise WorkbookError(f"File {p} does not exist; check the path and the file name.")
    if p.is_dir():
        raise WorkbookError(f"{p} is a folder; give the path of an .xlsx workbook inside it.")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise WorkbookError(f"File {p} cannot be read ({exc.strerror or exc}); close it in other programs and check "
                            "its permissions.") from None
    if not data:
        raise WorkbookError(f"File {p} is empty (0 bytes); save the workbook again from Excel.")
    return data


def _sheets_from_bytes(data: bytes, name: str, wanted: Optional[set[str]],
                       path: Optional[Path] = None) -> dict[str, list[list[Any]]]:
    """Sheets of a workbook whose bytes are ``data`` (read from ``path`` when given: faster). The file
    is checked first (:func:`taxrebal.workbook.package.inspect_workbook`: zip bombs, a huge used
    range, hostile XML, an .xls under another name); error values and formulas saved without a value,
    which the values-only readers show as blank, are put back so they are reported as such."""
    scans = package.inspect_workbook(data, name, wanted)
    try:
        with _gc_paused():
            sheets = _calamine_sheets(path if path is not None else data, wanted)
    except Exception as first:
        calamine_error = first
    else:
        return {n: package.overlay(rows, scans.get(n)) for n, rows in sheets.items()}
    message = package.ole_message(data[:1 << 16], name)
    if message:
        raise WorkbookError(message)
    try:
        sheets = _openpyxl_sheets(data, wanted)
    except Exception:
        pass
    else:
        return {n: package.overlay(rows, scans.get(n)) for n, rows in sheets.items()}
    raise WorkbookError(f"{name} is not a workbook that can be read ({type(calamine_error).__name__}: "
                        f"{calamine_error}); open it in Excel and save it as .xlsx, then retry.")


def read_raw_sheets(path: Any) -> dict[str, list[list[Any]]]:
    """Every sheet of the file as 2D values from A1 (calamine, openpyxl read-only as fallback).
    Raises :class:`~taxrebal.errors.WorkbookError` with a user-facing message when it cannot."""
    data = _read_bytes(path)
    return _sheets_from_bytes(data, Path(path).name, None, Path(path).expanduser())


def load_workbook_file(path: Any, *, default_as_of: date | None = None) -> LoadResult:
    """Read and validate a workbook file. A missing, corrupt or password-protected file gives an
    error Issue (never an exception); ``digest`` is the sha256 of the file bytes."""
    try:
        label = Path(path).name
    except TypeError:
        label = "Workbook"
    try:
        data = _read_bytes(path)
    except WorkbookError as exc:
        return LoadResult(None, (Issue(ERROR, label, "", str(exc)),), "")
    digest = hashlib.sha256(data).hexdigest()
    wanted = {normalize_key(s.name) for s in schema.SHEETS}
    try:
        sheets = _sheets_from_bytes(data, label, wanted, Path(path).expanduser())
    except WorkbookError as exc:
        return LoadResult(None, (Issue(ERROR, label, "", str(exc)),), digest)
    except Exception as exc:  # pragma: no cover - readers raise WorkbookError above
        return LoadResult(None, (Issue(ERROR, label, "", f"{label} cannot be read ({exc}); save it again as .xlsx."),),
                          digest)
    result = load_sheets(sheets, default_as_of=default_as_of)
    return dataclasses.replace(result, digest=digest)

