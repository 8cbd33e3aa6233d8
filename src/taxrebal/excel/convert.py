"""Plain Excel values -> engine records and arguments, for the cell functions (UDFs).

Excel hands a cell function plain values: numbers are floats, a date arrives as a ``datetime`` when
the cell is date-formatted and as a float (an Excel serial number) when it is not, text is ``str``,
an empty cell is ``None``, and a range is a 2D list whose first row is the header row. This module
turns those into the records of :mod:`taxrebal.engine.records` with exactly the workbook contract's
rules: a range's header row is matched by the reader's one header rule
(:func:`taxrebal.workbook.reader.tables.match_headers`), each of its cells is parsed by its column's
rule (:func:`taxrebal.workbook.rules.column_parser`, as on the sheet, including the refusal of what is
out of scope) and Settings go through :func:`taxrebal.workbook.rules.read_settings`, so a range
accepts what the sheet accepts. Problems raise :class:`~taxrebal.errors.ArgumentError` naming the
argument, the row of the range, the column and the fix; :mod:`taxrebal.excel.udfs` turns that into
``"#TAXREBAL! <message>"``. Unlike a full run (which drops a bad row with a warning on the Issues
sheet), a cell function refuses a range with any bad row: a tax figure computed without a lot the
user can see would be wrong.

Rules (worked examples):

* Dates: a ``date``/``datetime``; an Excel serial in the 1900 date system (``45000`` -> 2023-03-15,
  ``61`` -> 1900-03-01; ``60`` is Excel's fictitious 1900-02-29 and is refused); ISO text
  ``"2025-03-14"`` (also ``2025/03/14``) or US text ``"3/14/2025"``. A time of day is ignored.
* Money: a number or text such as ``"$1,234.50"``; ``"(1,234.50)"`` is -1234.50.
* Percentages: ``"5%"`` text is 0.05; a number whose absolute value is > 1 is percent points
  (``5`` -> 0.05), <= 1 is a fraction (``0.05`` -> 0.05, ``1`` -> 1.00) -- except bands, where a
  number >= 1 is points (``1`` -> 0.01) since a 100-point band means nothing.
* Ranges: a single row still counts as 2D (``[[...]]``); a 1D list is read as one row; rows whose
  every cell is blank are skipped (Excel ranges are often drawn longer than the data); headers
  match ignoring case, spaces and punctuation (``Cost Basis`` = ``cost_basis`` = ``COST-BASIS``);
  unknown columns are ignored; column order is free.
* Range rows are numbered as in the range, the header being row 1, so "row 7" is the 7th row of
  the range the user selected (the worksheet row when the range starts in row 1).

Parsed tables are cached by content (a small LRU keyed by the values themselves), so a sheet full of
``=TAXCOST(...)`` cells over the same 10,000-lot range parses it once.
"""

from __future__ import annotations

import gc
from collections import OrderedDict
from datetime import date
from typing import Any, Callable, Iterator, Mapping, Optional, Sequence, TypeVar

from taxrebal.engine.records import (
    ACCOUNT_TYPES,
    Account,
    Action,
    FilingStatus,
    LotMethod,
    Security,
    Settings,
    SourceRef,
    Target,
    Transaction,
)
from taxrebal.errors import ArgumentError, Severity
from taxrebal.workbook import cells, rules, schema
from taxrebal.workbook.cells import CellError
from taxrebal.workbook.reader.tables import match_headers

from .collector import gc_paused

T = TypeVar("T")
Range = Sequence[Sequence[Any]]  # a range's rows, header first, trailing blank rows dropped (:func:`table_rows`)

__all__ = [
    "realized_ytd_typed",
    "ERROR_PREFIX",
    "error_text",
    "is_blank",
    "scalar",
    "to_date",
    "to_optional_date",
    "to_number",
    "to_text",
    "to_symbol",
    "to_int",
    "to_fraction",
    "to_filing_status",
    "to_lot_method",
    "table_rows",
    "securities_from_range",
    "targets_from_range",
    "accounts_from_range",
    "transactions_from_range",
    "settings_from_range",
    "cache_clear",
]

#: Every error a cell function returns starts with this, so ``=ISERROR()`` cannot see it but
#: ``=LEFT(A1, 10) = "#TAXREBAL!"`` or conditional formatting can, and a user reads the reason.
ERROR_PREFIX = "#TAXREBAL! "


def error_text(err: BaseException) -> str:
    """The text a cell function shows for ``err``: ``#TAXREBAL! quantity must be > 0 (got -5)``."""
    return ERROR_PREFIX + str(err)


# --------------------------------------------------------------------------------------------------
# Scalars: the cell parsers (taxrebal.workbook.cells) with the argument's name added to the message
# --------------------------------------------------------------------------------------------------


def is_blank(value: Any) -> bool:
    """True for an empty cell: None, "" or text made of spaces (also a NaN)."""
    return cells.is_blank(value)


def scalar(value: Any) -> Any:
    """A single value from what Excel passed: a 1x1 range (``[[x]]`` or ``[x]``) becomes ``x``."""
    while isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    return value


def _one(value: Any, name: str) -> Any:
    value = scalar(value)
    if isinstance(value, (list, tuple)):
        raise ArgumentError(f"{name}: expected one cell, got a range of {len(value)} cells; select one cell")
    return value


def _parsed(parser: Callable[[Any], Any], value: Any, name: str) -> Any:
    if isinstance(value, (list, tuple)):  # a range where one cell is expected (cells of a range never are)
        value = _one(value, name)
    try:
        return parser(value)
    except CellError as err:
        raise ArgumentError(f"{name}: {err}") from None


def to_optional_date(value: Any, name: str) -> Optional[date]:
    """A date from a date, datetime, Excel serial (1900 system) or date text; None for a blank cell."""
    parsed: Optional[date] = _parsed(cells.parse_date, value, name)
    return parsed


def to_date(value: Any, name: str) -> date:
    """Like :func:`to_optional_date` but a blank cell is an error."""
    d = to_optional_date(value, name)
    if d is None:
        raise ArgumentError(f"{name} is missing; enter a date like 2025-03-14")
    return d


def to_number(
    value: Any,
    name: str,
    *,
    default: Optional[float] = None,
    positive: bool = False,
    non_negative: bool = False,
    unit: str = "a number",
) -> float:
    """A float from a number or money text (``"$1,234.50"``, ``"(12)"``). A blank cell gives
    ``default`` when one is given, else an error. ``positive``/``non_negative`` check the sign."""
    x: Optional[float] = _parsed(cells.parse_number, value, name)
    if x is None:
        if default is not None:
            return default
        raise ArgumentError(f"{name} is missing; enter {unit}")
    if abs(x) > schema.MAX_AMOUNT:
        raise ArgumentError(f"{name}: {x:g} is implausibly large (more than {schema.MAX_AMOUNT:,.0f}); "
                            "check the number")
    if positive and not x > 0:
        raise ArgumentError(f"{name} must be > 0 (got {x:g})")
    if non_negative and x < 0:
        raise ArgumentError(f"{name} must be >= 0 (got {x:g})")
    return x


def to_int(value: Any, name: str, *, default: Optional[int] = None) -> int:
    """A whole number (a year)."""
    x = _parsed(cells.parse_number, value, name)
    if x is None:
        if default is not None:
            return default
        raise ArgumentError(f"{name} is missing; enter a whole number")
    if abs(x - round(x)) > 1e-9:
        raise ArgumentError(f"{name} must be a whole number (got {x:g})")
    return int(round(x))


def to_text(value: Any, name: str, *, default: Optional[str] = None) -> str:
    """Text, stripped; a whole number becomes its digits (a numeric Lot ID 7.0 -> "7")."""
    text: str = _parsed(cells.parse_text, value, name)
    if not text:
        if default is not None:
            return default
        raise ArgumentError(f"{name} is missing; enter a value")
    return text


def to_symbol(value: Any, name: str = "symbol") -> str:
    """A ticker symbol, stripped and upper-cased (``" vti "`` -> ``"VTI"``)."""
    sym: str = _parsed(cells.parse_symbol, value, name)
    if not sym:
        raise ArgumentError(f"{name} is missing; enter a ticker such as VTI")
    return sym


def to_fraction(value: Any, name: str, *, default: Optional[float] = None, band: bool = False) -> float:
    """A percentage as a fraction: ``"5%"`` -> 0.05; ``5`` -> 0.05; ``0.05`` -> 0.05; ``1`` -> 1.0
    (``band=True``: ``1`` -> 0.01, a number >= 1 is points)."""
    x: Optional[float] = _parsed(cells.parse_band if band else cells.parse_percent, value, name)
    if x is None:
        if default is not None:
            return default
        raise ArgumentError(f"{name} is missing; enter a percentage like 5%")
    return x


def _enum_reader(what: str, choices: Mapping[str, Any], accepted: str) -> Callable[..., Any]:
    def read(value: Any, name: str, *, default: Any = None) -> Any:
        found = _parsed(lambda v: cells.parse_choice(v, choices, what, accepted), value, name)
        if found is None:
            if default is not None:
                return default
            raise ArgumentError(f"{name} is missing; enter one of: {accepted}")
        return found

    return read


_FILING_TEXT = ", ".join(s.value for s in FilingStatus)
to_filing_status = _enum_reader("filing status", schema.FILING_STATUS_ALIASES, _FILING_TEXT)
to_lot_method = _enum_reader("lot method", schema.LOT_METHOD_ALIASES, ", ".join(m.value for m in LotMethod))


# --------------------------------------------------------------------------------------------------
# Ranges
# --------------------------------------------------------------------------------------------------

def table_rows(values: Any, name: str) -> tuple[tuple[Any, ...], ...]:
    """A range as a tuple of row tuples (header first), trailing blank rows dropped (blank rows
    inside are kept so row numbers stay those of the range; readers skip them).

    Accepts what Excel or a test passes: a 2D list, a 1D list (one row) or a single value
    (a one-cell range, which can only be a header)."""
    if values is None:
        raise ArgumentError(f"{name} is missing; select the whole table including its header row")
    if not isinstance(values, (list, tuple)):
        values = [[values]]
    elif values and not isinstance(values[0], (list, tuple)):
        values = [values]
    rows = list(map(tuple, values))
    while rows and _blank_row(rows[-1]):
        rows.pop()
    if not rows:
        raise ArgumentError(f"{name} is empty; select the whole table including its header row")
    return tuple(rows)


def _blank_row(row: Sequence[Any]) -> bool:
    return all(is_blank(c) for c in row)


def _cell(row: Sequence[Any], index: Mapping[str, int], field: str) -> Any:
    i = index.get(field)
    if i is None or i >= len(row):
        return None
    return row[i]


_REQUIRED: Any = object()  # ``default`` of :meth:`_Rows.read` for a cell that must be filled


class _Rows:
    """A range's data rows read by the sheet's rules: the header row matched by the reader's one
    header rule (:func:`taxrebal.workbook.reader.tables.match_headers`) and every cell parsed by its
    column's rule (:func:`taxrebal.workbook.rules.column_parser`), so a range accepts and refuses
    what the sheet does; every error names the range's row and the column."""

    def __init__(self, values: Any, name: str, spec: schema.SheetSpec):
        self.name = name
        self.spec = spec
        raw: Range = values if isinstance(values, (tuple, _Copy)) else table_rows(values, name)
        first = 0
        while _blank_row(raw[first]):  # table_rows guarantees a non-blank row exists
            first += 1
        self.header = raw[first]
        match = match_headers(self.header, spec)
        if match.duplicates:
            j, k, text, col = match.duplicates[0]
            raise ArgumentError(f"{name}: columns {cells.column_letter(k)} '{match.headers[col.key]}' and "
                                f"{cells.column_letter(j)} '{text}' both mean {col.header}; rename or delete one")
        if match.missing:
            found = ", ".join(str(h) for h in self.header if not is_blank(h)) or "none"
            raise ArgumentError(
                f"{name} has no {match.missing[0].header} column (headers found: {found}); select the table "
                "including its header row, which needs: " + ", ".join(c.header for c in spec.columns if c.required))
        self.index = match.cols
        self.first_data = first + 1
        self.rows = raw[first + 1:]
        self._parsers: dict[str, Callable[[Any], Any]] = {}

    def where(self, n: int, field: str) -> str:
        """``lots row 7, column Quantity (E)``: the range, its row (header = 1) and the column."""
        i = self.index.get(field)
        letter = f" ({cells.column_letter(i)})" if i is not None else ""
        return f"{self.name} row {n}, column {self.spec.column(field).header}{letter}"

    def read(self, row: Sequence[Any], n: int, field: str, *, default: Any = _REQUIRED, positive: bool = False,
             non_negative: bool = False, unit: str = "a value") -> Any:
        """The row's cell in ``field`` parsed by its column's rule. A blank cell gives ``default``
        (an error saying to enter ``unit`` when there is none); ``positive``/``non_negative`` check
        the sign of a number."""
        parse = self._parsers.get(field)
        if parse is None:
            parse = self._parsers[field] = rules.column_parser(self.spec.column(field))
        try:
            value = parse(_cell(row, self.index, field))
        except CellError as err:
            raise ArgumentError(f"{self.where(n, field)}: {err}") from None
        if value is None or value == "" or value == ():
            if default is _REQUIRED:
                raise ArgumentError(f"{self.where(n, field)} is missing; enter {unit}")
            return default
        if positive and not value > 0:
            raise ArgumentError(f"{self.where(n, field)} must be > 0 (got {value:g})")
        if non_negative and value < 0:
            raise ArgumentError(f"{self.where(n, field)} must be >= 0 (got {value:g})")
        return value

    def __iter__(self) -> Iterator[tuple[int, Sequence[Any]]]:
        for offset, row in enumerate(self.rows):
            if not _blank_row(row):
                yield offset + self.first_data + 1, row


# Content-keyed LRU of parsed ranges --------------------------------------------------------------
#
# Excel passes a new 2D list on every call, so identity cannot be the key. Hashing the whole range
# costs more than the tax calculation itself (a 10,000-row tuple is rebuilt and re-hashed on each
# call), so an entry is found by a cheap fingerprint (size and a sample of rows) and then *verified*
# by comparing the full content with the stored copy (one C-level list comparison). A range edited
# anywhere, even in a row the fingerprint does not sample, fails the comparison and is parsed again:
# the cache can be slow, never wrong.
#
# ``==`` takes TRUE for 1 and FALSE for 0 (``[True] == [1.0]``), which a cell's rule does not: a
# Quantity of TRUE is an error, 1 is one share. So an entry also keeps where its copy holds such a
# value (a bool, or a number equal to 0 or 1: :func:`_kinds_at`) and a range is its content only with
# the same types there (:func:`kinds_match`). A Lots range keeps them for the rows it has parsed
# (:meth:`taxrebal.excel.lot_range.LotTable.kinds_match`): finding them in 100,000 rows when the range
# is first read would cost more than the first call itself.

_CACHE: OrderedDict[tuple[Any, ...], tuple[list[Any], Any, tuple[tuple[int, int, type], ...]]] = OrderedDict()
_CACHE_SIZE = 32
_SAMPLES = 16


#: What else keeps parsed ranges (taxrebal.excel.symbol_check's recent Lots tables), forgotten with the cache.
_ON_CLEAR: list[Callable[[], None]] = []


def cache_clear() -> None:
    """Forget every parsed range (tests; the add-in never needs it: content is the key)."""
    _CACHE.clear()
    for forget in _ON_CLEAR:
        forget()
    gc.unfreeze()  # what the parses froze (collector.gc_paused) is the collector's again


def _as_2d(values: Any, name: str) -> list[Any]:
    if values is None:
        raise ArgumentError(f"{name} is missing; select the whole table including its header row")
    if not isinstance(values, (list, tuple)):
        return [[values]]
    if values and not isinstance(values[0], (list, tuple)):
        return [list(values)]
    return values if isinstance(values, list) else list(values)


def _fingerprint(kind: str, name: str, rows: list[Any]) -> tuple[Any, ...]:
    n = len(rows)
    step = max(1, n // _SAMPLES)
    sample = tuple(tuple(rows[i]) for i in range(0, n, step)) + (tuple(rows[-1]),) if n else ()
    return (kind, name, n, sample)


_ZERO_ONE = (0, 1)


def _kinds_at(rows: Sequence[Sequence[Any]], first: int = 0,
              columns: Optional[Sequence[int]] = None) -> tuple[tuple[int, int, type], ...]:
    """``(row, column, type)`` of each cell of ``rows`` (numbered from ``first``; only ``columns`` when
    given) that ``==`` could take for another type: a bool, or an int or float equal to 0 or 1."""
    out = []
    for i, row in enumerate(rows, first):
        for j, value in enumerate(row):
            kind = value.__class__
            if (kind is bool or ((kind is float or kind is int) and value in _ZERO_ONE)) and (
                    columns is None or j in columns):
                out.append((i, j, kind))
    return tuple(out)


def kinds_match(raw: Sequence[Sequence[Any]], kinds: Sequence[tuple[int, int, type]]) -> bool:
    """``raw`` has the types ``kinds`` lists (from :func:`_kinds_at` of a range equal to it)."""
    for i, j, kind in kinds:
        row = raw[i]
        if j >= len(row) or row[j].__class__ is not kind:
            return False
    return True


def _cached(kind: str, values: Any, name: str, parse: Callable[[Range, str], T],
            same_kinds: Optional[Callable[[Any, list[Any]], bool]] = None) -> T:
    """``parse`` of the range ``values``, from the cache when a range of equal content was parsed (the
    same types where ``==`` would take a bool for a number: ``same_kinds(result, raw)`` when given,
    else the entry's :func:`_kinds_at`)."""
    raw = _as_2d(values, name)
    try:
        key = _fingerprint(kind, name, raw)
        hash(key)
    except TypeError:  # an unhashable cell value (never from Excel): parse without caching
        return parse(table_rows(raw, name), name)
    entry = _CACHE.get(key)
    if entry is not None and entry[0] == raw and (
            same_kinds(entry[1], raw) if same_kinds is not None else kinds_match(raw, entry[2])):
        _CACHE.move_to_end(key)
        cached: T = entry[1]  # stored by this function for this kind of range
        return cached
    return _store(key, raw, name, parse, same_kinds is None)


def _store(key: tuple[Any, ...], raw: list[Any], name: str, parse: Callable[[Range, str], T], kinds: bool) -> T:
    """Parse a copy of ``raw`` and keep it under ``key`` (with its :func:`_kinds_at` when ``kinds``)."""
    with gc_paused():
        # A copy of the same types, so == works; it is also what is parsed (its rows are never changed).
        try:
            copy = _Copy(map(list.copy, raw))  # every row a list (what Excel passes): one C-level pass
        except TypeError:
            copy = _Copy(list(r) if isinstance(r, list) else r for r in raw)
        result = parse(_trimmed(copy, name), name)
    _CACHE[key] = (copy, result, _kinds_at(copy) if kinds else ())
    _CACHE.move_to_end(key)
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
        gc.unfreeze()  # the dropped entry's objects, frozen with the rest, are the collector's again
    return result


class _Copy(list):  # type: ignore[type-arg]
    """The cache's own copy of a range (a list of row lists, compared with a later call's range by
    ``==``): what is parsed, never changed, never seen by a caller. :class:`_Rows` reads it as it is,
    the trailing blank rows already dropped (:func:`_trimmed`)."""

    __slots__ = ()


def _trimmed(rows: _Copy, name: str) -> Range:
    """:func:`table_rows` of the cache's copy of a range: the copy itself (no second copy of 100,000
    row references), or its rows up to the last non-blank one."""
    end = len(rows)
    while end and _blank_row(rows[end - 1]):
        end -= 1
    if not end:
        raise ArgumentError(f"{name} is empty; select the whole table including its header row")
    return rows if end == len(rows) else _Copy(rows[:end])


def _acquired(t: _Rows, row: Sequence[Any], n: int) -> tuple[Optional[date], bool]:
    """(acquired, inherited) from an Acquired cell holding a date or the word Inherited."""
    value = t.read(row, n, "acquired", default=None)
    if value is cells.INHERITED:
        return None, True
    return value, False


# Securities --------------------------------------------------------------------------------------


def _parse_securities(rows: Range, name: str) -> tuple[Security, ...]:
    t = _Rows(rows, name, schema.SECURITIES)
    out: list[Security] = []
    seen: set[str] = set()
    groups: dict[str, str] = {}  # an Identical Group is one group whatever its case, as on the sheet
    for n, row in t:
        symbol = t.read(row, n, "symbol", unit="a ticker such as VTI")
        if symbol in seen:
            raise ArgumentError(f"{t.where(n, 'symbol')}: {symbol} is listed twice; keep one row per symbol")
        seen.add(symbol)
        replacements = t.read(row, n, "replacement", default=())
        group = t.read(row, n, "identical_group", default="")
        out.append(Security(
            symbol=symbol,
            asset_class=t.read(row, n, "asset_class", unit="the asset class"),
            price=t.read(row, n, "price", positive=True, unit="a price per share"),
            name=t.read(row, n, "name", default=""),
            identical_group=groups.setdefault(group.casefold(), group) if group else "",
            replacements=replacements,
            drip=t.read(row, n, "drip", default=False),
            security_type=t.read(row, n, "security_type", default=None) if "security_type" in t.index else None,
        ))
    return tuple(out)


def securities_from_range(values: Any, name: str = "securities") -> tuple[Security, ...]:
    """The Securities table (Symbol, Asset Class, Price > 0, Name, Identical Group, Replacement, DRIP,
    Type). Identical Groups that differ only in case are one group, as on the Securities sheet."""
    return _cached("securities", values, name, _parse_securities)


# Targets -----------------------------------------------------------------------------------------


def _parse_targets(rows: Range, name: str) -> tuple[Target, ...]:
    t = _Rows(rows, name, schema.TARGETS)
    out: list[Target] = []
    rows_read: list[int] = []
    for n, row in t:
        rows_read.append(n)
        target = t.read(row, n, "target", unit="a percentage like 60%")
        if target < 0:
            raise ArgumentError(f"{t.where(n, 'target')}: target must be >= 0 (got {target:.2%})")
        cls = t.read(row, n, "asset_class", unit="the asset class")
        first = next((m for m, x in zip(rows_read, out) if x.asset_class.casefold() == cls.casefold()), None)
        if first is not None:  # as the Targets sheet: one row a class, never one of two targets read
            raise ArgumentError(f"{t.where(n, 'asset_class')}: asset class {cls} has two rows (rows {first} and {n}); "
                                "keep one row per class")
        out.append(Target(asset_class=cls, target=target, band=t.read(row, n, "band", default=None),
                          location=t.read(row, n, "location", default=None)))
    total = sum(x.target for x in out)
    if abs(total - 1.0) > 0.0001:
        ones = [str(n) for n, x in zip(rows_read, out) if x.target == 1.0]
        hint = (f" (a bare 1 reads as 100%, the sheet's percentage rule: if row {', '.join(ones)} meant 1%, "
                "type 1%)" if ones and len(out) > 1 else "")
        raise ArgumentError(f"{name}: targets add up to {total:.2%}, not 100%; adjust them so they sum to "
                            f"100%{hint}")
    return tuple(out)


def targets_from_range(values: Any, name: str = "targets") -> tuple[Target, ...]:
    """The Targets table (Asset Class, Target, Band, Location); targets must sum to 100% (within
    0.01 point, the sheet's rule)."""
    return _cached("targets", values, name, _parse_targets)


# Accounts ----------------------------------------------------------------------------------------


def _parse_accounts(rows: Range, name: str) -> tuple[Account, ...]:
    t = _Rows(rows, name, schema.ACCOUNTS)
    out: list[Account] = []
    seen: set[str] = set()
    for n, row in t:
        acct = t.read(row, n, "account", unit="the account name")
        if acct.casefold() in seen:
            raise ArgumentError(f"{t.where(n, 'account')}: account {acct} is listed twice; give each "
                                "account its own name")
        seen.add(acct.casefold())
        account = Account(
            name=acct,
            type=t.read(row, n, "type", unit="one of: " + ", ".join(ACCOUNT_TYPES)),
            owner=t.read(row, n, "owner", default=""),
            cash=t.read(row, n, "cash", default=0.0),
            contribution=t.read(row, n, "contribution", default=0.0),
        )
        if account.cash < 0 and not account.is_taxable:  # as the run's Accounts reader: an error there too
            raise ArgumentError(f"{t.where(n, 'cash')}: Cash {account.cash:,.2f} is negative, but {acct} is a "
                                f"{account.type} account, which cannot borrow; type the cash it holds (0 for none)")
        out.append(account)
    return tuple(out)


def accounts_from_range(values: Any, name: str = "accounts") -> tuple[Account, ...]:
    """The Accounts table (Account, Type, Owner, Cash, Contribution)."""
    return _cached("accounts", values, name, _parse_accounts)


# Transactions ------------------------------------------------------------------------------------


def _parse_transactions(rows: Range, name: str) -> tuple[Transaction, ...]:
    """The Transactions sheet's rules (:func:`taxrebal.workbook.reader.activity.read_transactions`):
    Date, Account, Symbol, Action, Quantity > 0 and Price > 0 are required (a trade left out could hide a
    disallowed loss, IRC §1091); Acquired and Cost Basis are read on Sell rows only (they describe the
    lot sold). Each record remembers its row of the range (``source``), so later errors can name it."""
    t = _Rows(rows, name, schema.TRANSACTIONS)
    out: list[Transaction] = []
    for n, row in t:
        action = t.read(row, n, "action", unit="Buy, Sell or Reinvest")
        acquired, inherited, basis = None, False, None
        if action is Action.SELL:
            acquired, inherited = _acquired(t, row, n)
            basis = t.read(row, n, "cost_basis", default=None, non_negative=True)
        out.append(Transaction(
            date=t.read(row, n, "date", unit="a date like 2025-03-14"),
            account=t.read(row, n, "account", unit="the account name"),
            symbol=t.read(row, n, "symbol", unit="a ticker such as VTI"),
            action=action,
            quantity=t.read(row, n, "quantity", positive=True, unit="a number of shares"),
            price=t.read(row, n, "price", positive=True, unit="the price per share"),
            lot_id=t.read(row, n, "lot_id", default=""),
            acquired=acquired,
            basis=basis,
            inherited=inherited,
            source=SourceRef(name, n),
        ))
    return tuple(out)


def transactions_from_range(values: Any, name: str = "transactions") -> tuple[Transaction, ...]:
    """The Transactions table (Date, Account, Symbol, Action, Quantity, Price, Lot ID, Acquired,
    Cost Basis). Action accepts Buy/Bought, Sell/Sold, Reinvest/DRIP... (the sheet's spellings)."""
    return _cached("transactions", values, name, _parse_transactions)


# Settings ----------------------------------------------------------------------------------------

def _parse_settings(rows: Range, name: str, prices_tax: bool = False) -> Settings:
    """The Settings range through the same rules as the Settings sheet
    (:func:`taxrebal.workbook.rules.read_settings`): the first error is raised, naming the range row."""
    start = 0
    first = rows[0]
    if first and not is_blank(first[0]) and cells.normalize_key(first[0]) in schema.SETTINGS.columns[0].keys:
        start = 1  # a header row
    entries = []
    for offset, row in enumerate(rows[start:]):
        n = offset + start + 1
        if not row or all(is_blank(c) for c in row[:2]):
            continue
        entries.append((n, row[0], row[1] if len(row) > 1 else None))
    reading = rules.read_settings(entries)
    rules.check_requirements(reading, prices_tax=prices_tax)
    if reading.values.get("as_of") is not None:
        rules.check_year(reading, reading.values["as_of"])
    for p in sorted(reading.problems, key=lambda p: (p.row == 0, p.row)):  # table-wide last
        if p.severity is Severity.ERROR:
            where = f"{name} row {p.row}" if p.row else name
            message = p.message
            if p.setting:
                where += f" ({p.setting})"
                message = message.removeprefix(p.setting + ": ")
            raise ArgumentError(f"{where}: {message}")
    return Settings(**reading.values)


def realized_ytd_typed(settings: Settings) -> None:
    """A blank Realized ST/LT YTD means "computed from this year's sells on Transactions" (the Settings
    sheet's rule), which a cell given no Transactions range cannot do; reading it as $0 would change
    the tax silently (fe7: a $1,200 loss priced at -405.60 against ordinary income instead of Lot
    Selection's -297.60 against the year's $27,000 long-term gain). So the cell says what to type."""
    blank = [name for name, value in (("Realized ST YTD", settings.realized_st_ytd),
                                      ("Realized LT YTD", settings.realized_lt_ytd)) if value is None]
    if blank:
        raise ArgumentError(
            f"{' and '.join(blank)} {'is' if len(blank) == 1 else 'are'} blank in the settings range; blank means "
            "'computed from Transactions', which this cell is not given: type this year's realized net gain "
            "(negative = loss; 0 for none), or pass the transactions range (with accounts and securities) to "
            "compute it as a run does")


def settings_from_range(values: Any, name: str = "settings", *, prices_tax: bool = False) -> Settings:
    """The Settings table (two columns: Setting, Value; the header row is optional), read with the
    Settings sheet's keys and rules (:mod:`taxrebal.workbook.rules`): an unknown key is an error naming
    the nearest one, as on the sheet; blank values take the defaults of
    :class:`~taxrebal.engine.records.Settings`. ``prices_tax``: Filing Status and Ordinary Income must
    be typed (unless Tax Mode is Flat with both rates), as for a household with a Taxable account."""
    if values is None:
        return Settings()
    kind = "settings+tax" if prices_tax else "settings"
    return _cached(kind, values, name, lambda rows, nm: _parse_settings(rows, nm, prices_tax))
