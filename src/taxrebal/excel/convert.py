"""Plain Excel values -> engine records and arguments, for the cell functions (UDFs).

Excel hands a cell function plain values: numbers are floats, a date arrives as a ``datetime`` when
the cell is date-formatted and as a float (an Excel serial number) when it is not, text is ``str``,
an empty cell is ``None``, and a range is a 2D list whose first row is the header row. This module
turns those into the records of :mod:`taxrebal.engine.records` with exactly the workbook contract's
rules: every cell is parsed by :mod:`taxrebal.workbook.cells` and every header spelling, choice
alias and Settings key comes from :mod:`taxrebal.workbook.schema`, so a range accepts what the sheet
accepts. Problems raise :class:`~taxrebal.errors.ArgumentError` naming the argument, the row of the
range, the column and the fix; :mod:`taxrebal.excel.udfs` turns that into ``"#TAXREBAL! <message>"``.
Unlike a full run (which drops a bad row with a warning on the Issues sheet), a cell function refuses
a range with any bad row: a tax figure computed without a lot the user can see would be wrong.

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

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any, Callable, Mapping, Optional, Sequence

from taxrebal.engine.records import (
    ACCOUNT_TYPES,
    Account,
    FilingStatus,
    Lot,
    LotMethod,
    Security,
    Settings,
    Target,
    Transaction,
)
from taxrebal.errors import ArgumentError, Severity
from taxrebal.workbook import cells, rules, schema
from taxrebal.workbook.cells import CellError

__all__ = [
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
    "to_bool",
    "to_filing_status",
    "to_lot_method",
    "table_rows",
    "LotTable",
    "lots_from_range",
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
    return _parsed(cells.parse_date, value, name)


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
    x = _parsed(cells.parse_number, value, name)
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
    text = _parsed(cells.parse_text, value, name)
    if not text:
        if default is not None:
            return default
        raise ArgumentError(f"{name} is missing; enter a value")
    return text


def to_symbol(value: Any, name: str = "symbol") -> str:
    """A ticker symbol, stripped and upper-cased (``" vti "`` -> ``"VTI"``)."""
    sym = _parsed(cells.parse_symbol, value, name)
    if not sym:
        raise ArgumentError(f"{name} is missing; enter a ticker such as VTI")
    return sym


def to_fraction(value: Any, name: str, *, default: Optional[float] = None, band: bool = False) -> float:
    """A percentage as a fraction: ``"5%"`` -> 0.05; ``5`` -> 0.05; ``0.05`` -> 0.05; ``1`` -> 1.0
    (``band=True``: ``1`` -> 0.01, a number >= 1 is points)."""
    x = _parsed(cells.parse_band if band else cells.parse_percent, value, name)
    if x is None:
        if default is not None:
            return default
        raise ArgumentError(f"{name} is missing; enter a percentage like 5%")
    return x


def to_bool(value: Any, name: str, *, default: bool = False) -> bool:
    """Y/N, Yes/No, True/False, 1/0, X/blank."""
    b = _parsed(cells.parse_bool, value, name)
    return default if b is None else b


def _key(text: Any) -> str:
    """Header/keyword normal form (:func:`~taxrebal.workbook.cells.normalize_key`)."""
    return cells.normalize_key(text)


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
to_tax_mode = _enum_reader("tax mode", schema.TAX_MODE_ALIASES, "Brackets, Flat")
to_rebalance_to = _enum_reader("rebalance target", schema.REBALANCE_TO_ALIASES, "Target, Band Edge")
to_action = _enum_reader("transaction action", schema.ACTION_ALIASES, "Buy, Sell, Reinvest")
to_location = _enum_reader("tax location", schema.LOCATION_ALIASES, "Taxable, Tax-deferred, Tax-free")
to_account_type = _enum_reader("account type", schema.ACCOUNT_TYPE_ALIASES, ", ".join(ACCOUNT_TYPES))


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


@dataclass(frozen=True)
class _Col:
    field: str
    headers: tuple[str, ...]  # accepted spellings (compared after _key); the first is shown
    required: bool = False


def _cols(spec: schema.SheetSpec) -> tuple[_Col, ...]:
    """The column spellings of the sheet contract, so a range takes exactly what a sheet takes."""
    return tuple(_Col(c.key, c.spellings, c.required) for c in spec.columns)


def _column_index(header: Sequence[Any], cols: Sequence[_Col], name: str) -> dict[str, int]:
    keys = [_key(h) if not is_blank(h) else "" for h in header]
    index: dict[str, int] = {}
    for col in cols:
        for spelling in col.headers:
            k = _key(spelling)
            if k in keys:
                index[col.field] = keys.index(k)
                break
        else:
            if col.required:
                found = ", ".join(str(h) for h in header if not is_blank(h)) or "none"
                raise ArgumentError(
                    f"{name} has no {col.headers[0]} column (headers found: {found}); select the "
                    f"table including its header row, which needs: "
                    + ", ".join(c.headers[0] for c in cols if c.required)
                )
    return index


def _cell(row: Sequence[Any], index: Mapping[str, int], field: str) -> Any:
    i = index.get(field)
    if i is None or i >= len(row):
        return None
    return row[i]


class _Rows:
    """Iterates data rows with a helper that names the row and column in every error."""

    def __init__(self, values: Any, name: str, cols: Sequence[_Col]):
        self.name = name
        raw = values if isinstance(values, tuple) else table_rows(values, name)
        first = 0
        while _blank_row(raw[first]):  # table_rows guarantees a non-blank row exists
            first += 1
        self.header = raw[first]
        self.index = _column_index(self.header, cols, name)
        self.first_data = first + 1
        self.rows = raw[first + 1:]
        self.cols = {c.field: c for c in cols}

    def where(self, n: int, field: str) -> str:
        """``lots row 7, column Quantity (E)``: the range, its row (header = 1) and the column."""
        col = self.cols[field].headers[0]
        i = self.index.get(field)
        letter = f" ({cells.column_letter(i)})" if i is not None else ""
        return f"{self.name} row {n}, column {col}{letter}"

    def read(self, row: Sequence[Any], n: int, field: str, reader: Callable[..., Any], **kw: Any) -> Any:
        """``reader`` applied to the row's cell in ``field``; errors name the row and column."""
        try:
            return reader(_cell(row, self.index, field), "column", **kw)
        except ArgumentError as err:
            msg = str(err)
            raise ArgumentError(self.where(n, field) + msg[len("column"):]) from None

    def __iter__(self):
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

_CACHE: "OrderedDict[tuple, tuple[list, Any]]" = OrderedDict()
_CACHE_SIZE = 32
_SAMPLES = 16


def cache_clear() -> None:
    """Forget every parsed range (tests; the add-in never needs it: content is the key)."""
    _CACHE.clear()


def _as_2d(values: Any, name: str) -> list:
    if values is None:
        raise ArgumentError(f"{name} is missing; select the whole table including its header row")
    if not isinstance(values, (list, tuple)):
        return [[values]]
    if values and not isinstance(values[0], (list, tuple)):
        return [list(values)]
    return values if isinstance(values, list) else list(values)


def _fingerprint(kind: str, name: str, rows: list) -> tuple:
    n = len(rows)
    step = max(1, n // _SAMPLES)
    sample = tuple(tuple(rows[i]) for i in range(0, n, step)) + (tuple(rows[-1]),) if n else ()
    return (kind, name, n, sample)


def _cached(kind: str, values: Any, name: str, parse: Callable[[tuple, str], Any]) -> Any:
    raw = _as_2d(values, name)
    try:
        key = _fingerprint(kind, name, raw)
        hash(key)
    except TypeError:  # an unhashable cell value (never from Excel): parse without caching
        return parse(table_rows(raw, name), name)
    entry = _CACHE.get(key)
    if entry is not None and entry[0] == raw:
        _CACHE.move_to_end(key)
        return entry[1]
    result = parse(table_rows(raw, name), name)
    # a copy of the same types, so == works (map(list) runs in C: a 100,000-row range copies fast)
    copy = list(map(list, raw)) if set(map(type, raw)) == {list} else [
        list(r) if isinstance(r, list) else r for r in raw]
    _CACHE[key] = (copy, result)
    _CACHE.move_to_end(key)
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


def _acquired(t: _Rows, row: Sequence[Any], n: int) -> tuple[Optional[date], bool]:
    """(acquired, inherited) from an Acquired cell holding a date or the word Inherited."""
    value = t.read(row, n, "acquired", lambda v, name: _parsed(cells.parse_date_or_inherited, v, name))
    if value == cells.INHERITED:
        return None, True
    return value, False


# Lots --------------------------------------------------------------------------------------------

_LOT_COLS = _cols(schema.LOTS)


class LotTable:
    """Parsed lots of a range, indexed by symbol for fast repeated cell calls.

    A TAXCOST cell needs one symbol's lots, so a symbol's rows are parsed (and checked) the first
    time they are asked for (:meth:`of`); :attr:`lots` parses and checks every row, in range order,
    as before. What every caller relies on is checked when the range is first read: the header, each
    row's symbol (a row without one is an error, not a lot silently left out) and that no Lot ID
    appears twice."""

    def __init__(self, rows: _Rows, positions: Mapping[str, list[int]]):
        self._rows = rows
        self._positions = positions  # symbol -> offsets into rows.rows, in range order
        self._parsed: dict[str, tuple[Lot, ...]] = {}
        self._all: Optional[tuple[Lot, ...]] = None

    @property
    def symbols(self) -> tuple[str, ...]:
        return tuple(self._positions)

    @property
    def by_symbol(self) -> Mapping[str, tuple[Lot, ...]]:
        return {sym: self._of(sym) for sym in self._positions}

    @property
    def lots(self) -> tuple[Lot, ...]:
        if self._all is None:
            order = sorted((i, sym) for sym, offsets in self._positions.items() for i in offsets)
            lots_by_offset = {}
            for sym in self._positions:
                for i, lot in zip(self._positions[sym], self._of(sym)):
                    lots_by_offset[i] = lot
            self._all = tuple(lots_by_offset[i] for i, _ in order)
        return self._all

    def _of(self, symbol: str) -> tuple[Lot, ...]:
        found = self._parsed.get(symbol)
        if found is None:
            t = self._rows
            found = tuple(_parse_lot(t, t.rows[i], i + t.first_data + 1, symbol)
                          for i in self._positions.get(symbol, ()))
            self._parsed[symbol] = found
        return found

    def of(self, symbol: str, account: Optional[str] = None) -> tuple[Lot, ...]:
        lots = self._of(symbol) if symbol in self._positions else ()
        if account is None:
            return lots
        key = account.strip().casefold()
        return tuple(lot for lot in lots if lot.account.casefold() == key)


def _parse_lot(t: _Rows, row: Sequence[Any], n: int, symbol: str) -> Lot:
    lot_id = t.read(row, n, "lot_id", to_text, default="") or f"{schema.GENERATED_LOT_PREFIX}{n}"
    quantity = t.read(row, n, "quantity", to_number, positive=True, unit="a number of shares")
    acquired, inherited = _acquired(t, row, n)
    basis = t.read(row, n, "cost_basis", to_number, default=_NAN, non_negative=True, unit="a dollar amount")
    if basis != basis:  # blank: try Unit Cost
        unit = t.read(row, n, "unit_cost", to_number, default=_NAN, non_negative=True, unit="a dollar amount")
        basis = unit * quantity if unit == unit else None
    return Lot(lot_id=lot_id, account=t.read(row, n, "account", to_text), symbol=symbol,
               acquired=acquired, quantity=quantity, basis=basis, inherited=inherited,
               wash_adjusted=t.read(row, n, "wash_adjusted", to_bool))


def _column(t: _Rows, field: str) -> list:
    i = t.index.get(field)
    if i is None:
        return [None] * len(t.rows)
    try:
        return list(map(itemgetter(i), t.rows))  # a rectangular range (what Excel passes)
    except IndexError:
        return [r[i] if i < len(r) else None for r in t.rows]


def _symbol_positions(t: _Rows) -> dict[str, list[int]]:
    """Symbol -> row offsets, each distinct cell value normalised once; a row with a blank symbol is
    an error unless the whole row is blank (skipped, as blank rows are)."""
    by_raw: dict[Any, list[int]] = {}
    for i, value in enumerate(_column(t, "symbol")):
        by_raw.setdefault(value, []).append(i)
    positions: dict[str, list[int]] = {}
    merged = False
    for value, offsets in by_raw.items():
        if is_blank(value):
            offsets = [i for i in offsets if not _blank_row(t.rows[i])]
            if not offsets:
                continue
        i = offsets[0]
        sym = t.read(t.rows[i], i + t.first_data + 1, "symbol", to_symbol)
        merged |= sym in positions  # " vti" and "VTI": one symbol
        positions.setdefault(sym, []).extend(offsets)
    if merged:
        for offsets in positions.values():
            offsets.sort()
    return positions


def _check_lot_ids(t: _Rows, positions: Mapping[str, list[int]]) -> None:
    """No Lot ID twice (a blank one becomes ``Lots!<row>``). All-text IDs are checked with set
    operations; anything else (numbers, blanks, Excel errors) cell by cell, as the reader does."""
    raw = _column(t, "lot_id")
    count = sum(map(len, positions.values()))
    offsets: Sequence[int] = range(len(raw)) if count == len(raw) else sorted(
        i for v in positions.values() for i in v)
    ids = raw if count == len(raw) else [raw[i] for i in offsets]
    if set(map(type, ids)) == {str}:
        stripped = list(map(str.strip, ids))
        joined = "\n" + "\n".join(stripped)
        if "\n\n" not in joined + "\n" and "\n#" not in joined and len(set(stripped)) == len(stripped):
            return
    seen: set[str] = set()
    for i in offsets:
        n = i + t.first_data + 1
        lot_id = t.read(t.rows[i], n, "lot_id", to_text, default="") or f"{schema.GENERATED_LOT_PREFIX}{n}"
        if lot_id in seen:
            raise ArgumentError(f"{t.where(n, 'lot_id')}: Lot ID {lot_id} appears twice; give each lot its own ID")
        seen.add(lot_id)


def _parse_lots(rows: tuple, name: str) -> LotTable:
    t = _Rows(rows, name, _LOT_COLS)
    if "cost_basis" not in t.index and "unit_cost" not in t.index:
        raise ArgumentError(f"{name} has no Cost Basis column; add Cost Basis (total) or Unit Cost")
    positions = _symbol_positions(t)
    _check_lot_ids(t, positions)
    return LotTable(t, positions)


_NAN = float("nan")


def lots_from_range(values: Any, name: str = "lots") -> LotTable:
    """The Lots table (Lot ID, Account, Symbol, Acquired, Quantity, Cost Basis or Unit Cost,
    Wash Adjusted; every header spelling the Lots sheet accepts). A blank Lot ID becomes
    ``Lots!<row>`` (the row in the range; the sheet's own scheme when the range starts in row 1).
    Blank Acquired or Cost Basis are allowed here (tax-advantaged lots); the engines refuse such a
    lot in a taxable sale. Any bad cell is an error naming its row and column: a tax figure from a
    silently dropped lot would be wrong. The header, every row's Symbol and the Lot IDs are checked
    here; the other cells of a symbol's rows when that symbol's lots are first asked for
    (:meth:`LotTable.of`, so a TAXCOST cell parses only its symbol's rows) or every row for
    :attr:`LotTable.lots`."""
    return _cached("lots", values, name, _parse_lots)


# Securities --------------------------------------------------------------------------------------

_SECURITY_COLS = _cols(schema.SECURITIES)


def _parse_securities(rows: tuple, name: str) -> tuple[Security, ...]:
    t = _Rows(rows, name, _SECURITY_COLS)
    out: list[Security] = []
    seen: set[str] = set()
    for n, row in t:
        symbol = t.read(row, n, "symbol", to_symbol)
        if symbol in seen:
            raise ArgumentError(f"{t.where(n, 'symbol')}: {symbol} is listed twice; keep one row per symbol")
        seen.add(symbol)
        replacements = t.read(row, n, "replacement", lambda v, nm: _parsed(cells.parse_list, v, nm))
        out.append(Security(
            symbol=symbol,
            asset_class=t.read(row, n, "asset_class", to_text),
            price=t.read(row, n, "price", to_number, positive=True, unit="a price per share"),
            name=t.read(row, n, "name", to_text, default=""),
            identical_group=t.read(row, n, "identical_group", to_text, default=""),
            replacements=tuple(r.upper() for r in replacements),
            drip=t.read(row, n, "drip", to_bool),
        ))
    return tuple(out)


def securities_from_range(values: Any, name: str = "securities") -> tuple[Security, ...]:
    """The Securities table (Symbol, Asset Class, Price > 0, Name, Identical Group, Replacement, DRIP)."""
    return _cached("securities", values, name, _parse_securities)


# Targets -----------------------------------------------------------------------------------------

_TARGET_COLS = _cols(schema.TARGETS)


def _parse_targets(rows: tuple, name: str) -> tuple[Target, ...]:
    t = _Rows(rows, name, _TARGET_COLS)
    out: list[Target] = []
    rows_read: list[int] = []
    for n, row in t:
        rows_read.append(n)
        target = t.read(row, n, "target", to_fraction)
        if target < 0:
            raise ArgumentError(f"{t.where(n, 'target')}: target must be >= 0 (got {target:.2%})")
        band = None
        if not is_blank(_cell(row, t.index, "band")):
            band = t.read(row, n, "band", to_fraction, band=True)
        location = None
        if not is_blank(_cell(row, t.index, "location")):
            location = t.read(row, n, "location", to_location)
        out.append(Target(asset_class=t.read(row, n, "asset_class", to_text), target=target,
                          band=band, location=location))
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

_ACCOUNT_COLS = _cols(schema.ACCOUNTS)


def _parse_accounts(rows: tuple, name: str) -> tuple[Account, ...]:
    t = _Rows(rows, name, _ACCOUNT_COLS)
    out: list[Account] = []
    seen: set[str] = set()
    for n, row in t:
        acct = t.read(row, n, "account", to_text)
        if acct.casefold() in seen:
            raise ArgumentError(f"{t.where(n, 'account')}: account {acct} is listed twice; give each "
                                "account its own name")
        seen.add(acct.casefold())
        out.append(Account(
            name=acct,
            type=t.read(row, n, "type", to_account_type),
            owner=t.read(row, n, "owner", to_text, default=""),
            cash=t.read(row, n, "cash", to_number, default=0.0, unit="a dollar amount"),
            contribution=t.read(row, n, "contribution", to_number, default=0.0, unit="a dollar amount"),
        ))
    return tuple(out)


def accounts_from_range(values: Any, name: str = "accounts") -> tuple[Account, ...]:
    """The Accounts table (Account, Type, Owner, Cash, Contribution)."""
    return _cached("accounts", values, name, _parse_accounts)


# Transactions ------------------------------------------------------------------------------------

_TRANSACTION_COLS = _cols(schema.TRANSACTIONS)


def _parse_transactions(rows: tuple, name: str) -> tuple[Transaction, ...]:
    t = _Rows(rows, name, _TRANSACTION_COLS)
    out: list[Transaction] = []
    for n, row in t:
        acquired, inherited = _acquired(t, row, n)
        basis = t.read(row, n, "cost_basis", to_number, default=_NAN, non_negative=True, unit="a dollar amount")
        out.append(Transaction(
            date=t.read(row, n, "date", to_date),
            account=t.read(row, n, "account", to_text),
            symbol=t.read(row, n, "symbol", to_symbol),
            action=t.read(row, n, "action", to_action),
            quantity=t.read(row, n, "quantity", to_number, positive=True, unit="a number of shares"),
            price=t.read(row, n, "price", to_number, default=0.0, non_negative=True, unit="a price per share"),
            lot_id=t.read(row, n, "lot_id", to_text, default=""),
            acquired=acquired,
            basis=None if basis != basis else basis,
            inherited=inherited,
        ))
    return tuple(out)


def transactions_from_range(values: Any, name: str = "transactions") -> tuple[Transaction, ...]:
    """The Transactions table (Date, Account, Symbol, Action, Quantity, Price, Lot ID, Acquired,
    Cost Basis). Action accepts Buy/Bought, Sell/Sold, Reinvest/DRIP... (the sheet's spellings)."""
    return _cached("transactions", values, name, _parse_transactions)


# Settings ----------------------------------------------------------------------------------------

def _parse_settings(rows: tuple, name: str, prices_tax: bool = False) -> Settings:
    """The Settings range through the same rules as the Settings sheet
    (:func:`taxrebal.workbook.rules.read_settings`): the first error is raised, naming the range row."""
    start = 0
    first = rows[0]
    if first and not is_blank(first[0]) and _key(first[0]) in {_key(s) for s in schema.SETTINGS.columns[0].spellings}:
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
