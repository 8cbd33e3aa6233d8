"""Sheet tables: the issue collector, header matching, and column-by-column parsing.

A sheet's header row is found (row 1 by contract; a title row or blank rows above it are tolerated)
and each header is matched to a column of the contract by :func:`match_headers`, the one header rule
of the package (the cell functions' ranges use it too): headers compare after
:func:`~taxrebal.workbook.cells.normalize_key` (case, spaces and punctuation ignored), so
``Cost Basis``, ``cost_basis`` and ``COST-BASIS`` are one column; unknown headers are ignored; two
headers meaning one column are an error. Each recognised column is then parsed by the contract's rule
(:func:`taxrebal.workbook.rules.column_parser`), every distinct text once.

Worked example: a Lots sheet whose row 1 reads ``Account | SYMBOL | qty | Cost-Basis`` matches
Account (A), Symbol (B), Quantity (C, an alias) and Cost Basis (D); a second ``Shares`` column in E
would be the error "Columns C 'qty' and E 'Shares' both mean Quantity; rename or delete one of them".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Optional

from ...engine.records import (
    Account,
    Lot,
    Security,
)
from ...errors import Issue, Severity
from .. import rules, schema
from ..cells import (
    CellError,
    cell_ref,
    column_letter,
    describe,
    normalize_key,
    parse_text,
)
from ..schema import CellKind, ColumnSpec, SheetSpec

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


# ------------------------------------------------------------------------------- issue collector

_SHEET_RANK = {s.name: n for n, s in enumerate(schema.SHEETS)}


class Issues:
    """Collects issues with a sort key (sheet order, row, column)."""

    def __init__(self) -> None:
        self._items: list[tuple[tuple[int, int, int, int], Issue]] = []

    def add(self, severity: Severity, sheet: str, message: str, row: int = 0, col: int = -1,
            spec_name: Optional[str] = None, last_row: int = 0) -> None:
        """An issue at cell (``col``, ``row``), or at the cells ``col`` of rows ``row`` to ``last_row``
        (``Targets!B2:B5``) when ``last_row`` is given."""
        if row and col >= 0 and last_row > row:
            cell = f"{cell_ref(col, row)}:{cell_ref(col, last_row)}"
        elif row and col >= 0:
            cell = cell_ref(col, row)
        elif col >= 0:
            cell = column_letter(col)
        else:
            cell = ""  # the whole sheet (``row`` still orders it)
        rank = _SHEET_RANK.get(spec_name or sheet, -1)
        self._items.append(((rank, row, col, len(self._items)), Issue(severity, sheet, cell, message)))

    def __len__(self) -> int:
        return len(self._items)

    def errors_since(self, start: int) -> bool:
        """Whether an error was added at position ``start`` or later (``start`` from ``len(issues)``)."""
        return any(i.severity is ERROR for _, i in self._items[start:])

    def escalate(self, start: int, end: int, drop: str, consequence: str) -> None:
        """Make the issues added at positions ``start`` to ``end`` errors: ``drop`` (what the message
        said would happen) is replaced by ``consequence`` (why it stops the run)."""
        for n in range(start, end):
            key, issue = self._items[n]
            message = issue.message.replace(drop, "").rstrip() + " " + consequence
            self._items[n] = (key, Issue(ERROR, issue.sheet, issue.cell, message))

    @property
    def has_error(self) -> bool:
        return any(i.severity is ERROR for _, i in self._items)

    def sorted(self) -> tuple[Issue, ...]:
        return tuple(i for _, i in sorted(self._items, key=lambda t: t[0]))


# ---------------------------------------------------------------------------------- sheet tables

def _parser_for(col: ColumnSpec) -> Callable[[Any], Any]:
    return rules.column_parser(col)


def as_is(value: Any) -> Any:
    return value


@dataclass
class Table:
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
    cells: dict[str, list[Any]] = field(default_factory=dict)  # Symbol cells as the user typed them
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

    def typed(self, key: str, i: int) -> str:
        """The cell of row ``i`` as the user typed it, quoted for a message (``'VTl'``, where the
        parsed value is ``VTL``): a message quotes what is on the sheet, not what it was read as."""
        column = self.cells.get(key)
        return describe(column[i] if column is not None else self.get(key, i))


def _as_rows(raw: Any) -> list[Sequence[Any]]:
    """Rows of a sheet as sequences, whatever shape the caller passed. A flat list of scalars is one
    row (xlwings returns a single-row range that way); a pandas DataFrame is its column names then
    its rows; anything unreadable is an empty sheet."""
    if raw is None or isinstance(raw, (str, bytes, Mapping)):
        return []
    if hasattr(raw, "columns") and hasattr(raw, "to_numpy"):  # a pandas DataFrame: header + values
        try:
            values: list[Sequence[Any]] = raw.astype(object).to_numpy().tolist()
            return [list(raw.columns)] + values
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


def header_row(rows: Sequence[Sequence[Any]], spec: SheetSpec, needed: Optional[Sequence[str]] = None
               ) -> Optional[int]:
    """Index of the header row, or None: row 1 by contract; a title row or blank rows above the header
    are tolerated (the first of the first ten rows holding every needed header, as
    :func:`match_headers` matches them, wins). ``needed``: the spec's required columns by default.
    The reader and ``taxrebal import`` find a sheet's header by this one rule."""
    lookup = {k: c for c in spec.columns for k in c.keys}
    keys_needed = needed if needed is not None else [c.key for c in spec.columns if c.required]
    for n, r in enumerate(rows[:_HEADER_SCAN_ROWS]):
        keys = {lookup[k].key for k in (normalize_key(_header_text(c)) for c in r) if k in lookup}
        if all(k in keys for k in keys_needed):
            return n
    return None


def _find_header_row(rows: Sequence[Sequence[Any]], spec: SheetSpec, needed: Sequence[str]) -> Optional[int]:
    """:func:`header_row`, falling back to the first non-blank row, whose headers the missing-column
    message then lists."""
    found = header_row(rows, spec, needed)
    if found is not None:
        return found
    for n, r in enumerate(rows):
        if any(_header_text(c) for c in r):
            return n
    return None


@dataclass(frozen=True)
class HeaderMatch:
    """A header row matched against a sheet's columns (:func:`match_headers`)."""

    cols: dict[str, int]  # column key -> index of its header in the row
    headers: dict[str, str]  # column key -> the header as the user wrote it
    found: tuple[str, ...]  # every non-blank header, as "C 'qty'" (for messages)
    duplicates: tuple[tuple[int, int, str, ColumnSpec], ...]  # (index, index of the first, text, column)
    missing: tuple[ColumnSpec, ...]  # needed columns with no header


def match_headers(header: Sequence[Any], spec: SheetSpec, needed: Optional[Sequence[str]] = None) -> HeaderMatch:
    """The one header rule (sheets and the cell functions' ranges): a header is the column whose
    spelling (:attr:`~taxrebal.workbook.schema.ColumnSpec.spellings`) it equals after
    :func:`~taxrebal.workbook.cells.normalize_key`, so case, spaces and punctuation are ignored; an
    unknown header is ignored; a second header meaning the same column is a duplicate (the first
    keeps the column). ``needed`` (the spec's required columns by default) lists the keys that must
    be present. Example: ``["Symbol", "QTY", "shares"]`` against Lots gives Symbol at 0, Quantity at
    1, a duplicate (2, 1, "shares", Quantity), and Account missing."""
    lookup = {k: c for c in spec.columns for k in c.keys}
    cols: dict[str, int] = {}
    headers: dict[str, str] = {}
    found: list[str] = []
    duplicates: list[tuple[int, int, str, ColumnSpec]] = []
    for j, cell in enumerate(header):
        text = _header_text(cell)
        if not text:
            continue
        found.append(f"{column_letter(j)} '{text}'")
        col = lookup.get(normalize_key(text))
        if col is None:
            continue
        if col.key in cols:
            duplicates.append((j, cols[col.key], text, col))
            continue
        cols[col.key] = j
        headers[col.key] = text
    keys = needed if needed is not None else [c.key for c in spec.columns if c.required]
    missing = tuple(spec.column(k) for k in keys if k not in cols)
    return HeaderMatch(cols, headers, tuple(found), tuple(duplicates), missing)


def build_table(
    sheet: str,
    spec: SheetSpec,
    raw: Any,
    issues: Issues,
    overrides: Optional[Mapping[str, Callable[[Any], Any]]] = None,
    required: Optional[Sequence[str]] = None,
) -> Optional[Table]:
    """Match the header row, parse recognised columns, find non-blank rows. ``None`` (with an
    error issue) when a required column is missing or two columns claim the same field."""
    rows = _as_rows(raw)
    needed = list(required) if required is not None else [c.key for c in spec.columns if c.required]
    header_index = _find_header_row(rows, spec, needed)
    if header_index is None:
        if spec.required:
            issues.add(ERROR, sheet, f"The {spec.name} sheet is empty. Put the headers "
                       f"({', '.join(c.header for c in spec.columns if c.required)}) in row 1 and one "
                       "record per row below.", spec_name=spec.name)
        return None
    match = match_headers(rows[header_index], spec, needed)
    for j, first, text, col in match.duplicates:
        issues.add(ERROR, sheet, f"Columns {column_letter(first)} '{match.headers[col.key]}' and {column_letter(j)} "
                   f"'{text}' both mean {col.header}; rename or delete one of them.", header_index + 1, j, spec.name)
    for col in match.missing:
        issues.add(ERROR, sheet,
                   f"The {spec.name} sheet has no {col.header} column. Headers found in row "
                   f"{header_index + 1}: {', '.join(match.found) or 'none'}. Add a column headed "
                   f"{' or '.join(repr(s) for s in col.spellings)} (any case, spaces and punctuation ignored).",
                   header_index + 1, -1, spec.name)
    ok = not match.duplicates and not match.missing
    cols, headers = match.cols, match.headers
    if not ok:
        return None

    data = rows[header_index + 1:]
    table = Table(sheet, spec, cols, headers, header_index + 2)
    n = len(data)
    present = bytearray(n)
    for key, j in cols.items():
        parse = (overrides or {}).get(key) or _parser_for(spec.column(key))
        cells = _column(data, j)
        values, errs = _parse_column(cells, parse, present)
        if spec.column(key).kind in (CellKind.SYMBOL, CellKind.BAND):  # keep what was typed for messages
            table.cells[key] = cells
        table.values[key] = values
        if errs:
            table.errors[key] = errs
            table.bad_rows.update(errs)
    table.live = [i for i in range(n) if present[i]]
    if spec is not schema.SETTINGS:
        _skip_total_row(table, data, needed, issues)
    return table


#: A cell holding one of these words (case, spaces and punctuation ignored) labels a total row.
_TOTAL_WORDS = frozenset({"total", "totals", "grandtotal", "subtotal", "subtotals"})
_NAMING_KINDS = frozenset({CellKind.TEXT, CellKind.SYMBOL, CellKind.SYMBOLS, CellKind.LIST, CellKind.CHOICE,
                           CellKind.DATE, CellKind.ACQUIRED})


def _skip_total_row(table: Table, data: Sequence[Sequence[Any]], needed: Sequence[str], issues: Issues) -> None:
    """Leave out the last row when it is a total, with a warning at its label (fe21 finding 6).

    An Excel Table's Total Row (Table Design > Total Row, on the template's own Tables) or a typed
    "Total" row under the records is not a record: read as one it stopped the run with errors that
    did not say why ("Account is blank", "Symbol is blank"), or, on Targets, "Targets add up to
    200% ... if B6 meant 1%, type 1%". A row is a total when it is the last one, a cell of it reads
    Total (Totals, Grand Total, Subtotal) and every required column that names the record (Account,
    Symbol, Asset Class, Date, Action...) other than that cell is blank: such a row could not be read
    as a record anyway, so nothing is lost."""
    if not table.live:
        return
    i = table.live[-1]
    row = data[i]
    label = next((j for j, v in enumerate(row) if v.__class__ is str and normalize_key(v) in _TOTAL_WORDS), None)
    if label is None:
        return
    blank = []
    for key in needed:
        j = table.cols.get(key, -1)
        if j < 0 or j == label or table.spec.column(key).kind not in _NAMING_KINDS:
            continue
        if j < len(row) and row[j] is not None and not (row[j].__class__ is str and not row[j].strip()):
            return
        blank.append(table.headers.get(key, key))
    table.live.pop()
    table.bad_rows.discard(i)
    for errs in table.errors.values():
        errs.pop(i, None)
    names = f", no {', '.join(blank[:-1])} or {blank[-1]}" if len(blank) > 1 else f", no {blank[0]}" if blank else ""
    issues.add(WARNING, table.sheet, f"Row {table.row(i)} looks like a total row ({describe(row[label])}{names}): "
               f"it is not read as a record of {table.spec.name}. Delete it, or leave it: it is skipped.",
               table.row(i), label, table.spec.name)


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


def cell_problem(t: Table, key: str, i: int, consequence: str) -> str:
    return f"{t.header(key)}: {t.error(key, i)}. {consequence}"


def warn_unreadable(t: Table, keys: Sequence[str], i: int, sheet: str, consequence: str, issues: Issues,
                    spec_name: str, severity: Severity = WARNING) -> bool:
    """An issue (a Warning unless ``severity`` says otherwise) for every unreadable cell of row ``i``
    among ``keys``; True when there was any. Something out of scope (an option, a short sale, a gift,
    average basis) is always an Error: it is refused, not dropped."""
    bad = False
    for k in keys:
        msg = t.error(k, i)
        if msg:
            level = ERROR if rules.OUT_OF_SCOPE in msg else severity
            issues.add(level, sheet, cell_problem(t, k, i, consequence), t.row(i), t.col(k), spec_name)
            bad = True
    return bad


# ------------------------------------------------------------------------------ reading context

@dataclass
class Context:
    issues: Issues
    as_of: Optional[date] = None
    accounts: Optional[dict[str, Account]] = None  # casefold name -> account; None if unusable
    securities: Optional[dict[str, Security]] = None  # symbol -> security; None if unusable
    dropped_symbols: dict[str, int] = field(default_factory=dict)  # symbol -> Securities row
    # symbol -> positions in ``issues`` of the warnings that left its Securities row out
    dropped_issues: dict[str, tuple[int, int]] = field(default_factory=dict)
    held_dropped: set[str] = field(default_factory=set)  # dropped symbols that lots hold (an error)
    class_names: dict[str, str] = field(default_factory=dict)  # casefold class -> Targets spelling
    class_columns: dict[str, int] = field(default_factory=dict)  # sheet -> its Asset Class column
    #: casefold account name -> its Type read as Taxable (True) or tax-advantaged (False), for every
    #: Accounts row whose name and Type are readable, even when another cell of Accounts stops the run
    #: (then ``accounts`` is None); None when the name is on two rows of different treatment
    account_taxable: dict[str, Optional[bool]] = field(default_factory=dict)
    accounts_sheet: str = "Accounts"
    #: sheet spec name ("Proposed Trades") -> column key -> its letter as read ("E"): an issue found after
    #: the read (the run's check of a proposed trade against the plan) names its cell
    column_letters: dict[str, dict[str, str]] = field(default_factory=dict)
    contribution_column: int = -1  # the Accounts sheet's Contribution column (-1: none)
    owner_column: int = -1  # the Accounts sheet's Owner column (-1: none)
    lots: dict[str, Lot] = field(default_factory=dict)
    lot_rows: dict[str, int] = field(default_factory=dict)  # Lot ID -> its Lots row, also when left out
    lots_read: bool = True  # False when the Lots sheet is missing or unreadable (its error says so)
    as_of_defaulted: bool = False  # As Of was blank and the run date filled it
    as_of_name: str = "As Of"  # where the as-of date came from, for messages ("--as-of" when given)
    as_of_replaced: Any = None  # the As Of cell's value when an ``as_of`` override was used instead
    #: As Of may fall in a year whose tax parameters do not ship (``taxrebal form8949``: no tax is priced)
    any_year: bool = False
    settings_reading: Optional[rules.SettingsReading] = None
    settings_sheet: str = "Settings"
    settings_cols: dict[str, int] = field(default_factory=dict)
    #: sheet spec name ("Lots") -> (its first data row, how many rows below the header are not blank)
    filled_rows: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: (account, symbol) of Lots rows left out by an error: what the account holds of it is not known, so
    #: Sales and Proposed Trades do not also say "holds N" (one root cause, one message)
    unread_holdings: set[tuple[str, str]] = field(default_factory=set)
    #: Settings fields that change the tax, left blank so their default is used (rules.defaults_used)
    defaults_used: tuple[str, ...] = ()

    def account(self, name: str) -> Optional[Account]:
        if self.accounts is None:
            return None
        return self.accounts.get(name.casefold())

    def account_list(self) -> str:
        if not self.accounts:
            return "none"
        names = [a.name for a in self.accounts.values()]
        return ", ".join(names[:12]) + (" ..." if len(names) > 12 else "")
