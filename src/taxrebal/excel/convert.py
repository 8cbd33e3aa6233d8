"""Plain Excel values -> engine records and arguments, for the cell functions (UDFs).

Excel hands a cell function plain values: numbers are floats, a date arrives as a ``datetime`` when
the cell is date-formatted and as a float (an Excel serial number) when it is not, text is ``str``,
an empty cell is ``None``, and a range is a 2D list whose first row is the header row. This module
turns those into the records of :mod:`taxrebal.engine.records` with the workbook contract's rules
(the same headers and spellings the Lots/Securities/... sheets accept) and raises
:class:`~taxrebal.errors.ArgumentError` with a message naming the argument, the row of the range,
the column and the fix. :mod:`taxrebal.excel.udfs` turns that into ``"#TAXREBAL! <message>"``.

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

import re
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Callable, Mapping, Optional, Sequence

from taxrebal.engine.records import (
    ACCOUNT_TYPES,
    Account,
    Action,
    FilingStatus,
    Lot,
    LotMethod,
    RebalanceTo,
    Security,
    Settings,
    Target,
    TaxMode,
    TaxTreatment,
    Transaction,
)
from taxrebal.errors import ArgumentError

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
# Scalars
# --------------------------------------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 0 as the modern (post-1900-03-01) formula counts
_MAX_SERIAL = 2958465  # 9999-12-31


def is_blank(value: Any) -> bool:
    """True for an empty cell: None, "" or text made of spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def scalar(value: Any) -> Any:
    """A single value from what Excel passed: a 1x1 range (``[[x]]`` or ``[x]``) becomes ``x``."""
    while isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    return value


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (list, tuple)):
        return "a range of several cells"
    return repr(value) if not isinstance(value, float) else f"{value:g}"


def _serial_to_date(serial: float, name: str) -> date:
    """Excel 1900-system serial -> date (serial 60 is Excel's non-existent 1900-02-29)."""
    day = int(serial)  # the fraction is a time of day
    if day < 1 or day > _MAX_SERIAL:
        raise ArgumentError(f"{name}: {serial:g} is not a date; enter a date like 2025-03-14")
    if day == 60:
        raise ArgumentError(f"{name}: serial 60 is Excel's fictitious 1900-02-29; enter a real date")
    if day < 60:  # Excel counts 1900-01-01 as 1 and pretends 1900 was a leap year
        return date(1899, 12, 31) + timedelta(days=day)
    return _EXCEL_EPOCH + timedelta(days=day)


_ISO_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?\s*$")
_US_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def to_optional_date(value: Any, name: str) -> Optional[date]:
    """A date from a date, datetime, Excel serial or date text; None for a blank cell."""
    value = scalar(value)
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ArgumentError(f"{name}: {value} is not a date; enter a date like 2025-03-14")
    if isinstance(value, (int, float)):
        return _serial_to_date(float(value), name)
    if isinstance(value, str):
        text = value.strip()
        m = _ISO_DATE.match(text)
        parts = (m.group(1), m.group(2), m.group(3)) if m else None
        if parts is None:
            m = _US_DATE.match(text)
            parts = (m.group(3), m.group(1), m.group(2)) if m else None
        if parts is not None:
            try:
                return date(int(parts[0]), int(parts[1]), int(parts[2]))
            except ValueError:
                pass
        try:  # a number stored as text
            return _serial_to_date(float(text), name)
        except ValueError:
            pass
    raise ArgumentError(f"{name}: {_describe(value)} is not a date; enter a date like 2025-03-14")


def to_date(value: Any, name: str) -> date:
    """Like :func:`to_optional_date` but a blank cell is an error."""
    d = to_optional_date(value, name)
    if d is None:
        raise ArgumentError(f"{name} is missing; enter a date like 2025-03-14")
    return d


_MONEY_JUNK = re.compile(r"[\s$,\u00a0]")


def _parse_number_text(text: str) -> Optional[float]:
    t = _MONEY_JUNK.sub("", text)
    negative = False
    if t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1]
    if t.startswith("-$"):
        t = "-" + t[2:]
    try:
        x = float(t)
    except ValueError:
        return None
    if x != x or x in (float("inf"), float("-inf")):
        return None
    return -x if negative else x


def to_number(
    value: Any,
    name: str,
    *,
    default: Optional[float] = None,
    positive: bool = False,
    non_negative: bool = False,
    unit: str = "a number",
) -> float:
    """A float from a number or number text (``"$1,234.50"``, ``"(12)"``). A blank cell gives
    ``default`` when one is given, else an error. ``positive``/``non_negative`` check the sign."""
    value = scalar(value)
    if is_blank(value):
        if default is not None:
            return default
        raise ArgumentError(f"{name} is missing; enter {unit}")
    x: Optional[float]
    if isinstance(value, bool):
        x = None
    elif isinstance(value, (int, float)):
        x = float(value)
        if x != x or x in (float("inf"), float("-inf")):
            x = None
    elif isinstance(value, str):
        x = _parse_number_text(value)
    else:
        x = None
    if x is None:
        raise ArgumentError(f"{name}: {_describe(value)} is not a number; enter {unit}")
    if positive and not x > 0:
        raise ArgumentError(f"{name} must be > 0 (got {x:g})")
    if non_negative and x < 0:
        raise ArgumentError(f"{name} must be >= 0 (got {x:g})")
    return x


def to_int(value: Any, name: str, *, default: Optional[int] = None) -> int:
    """A whole number (a year, a count)."""
    x = to_number(value, name, default=None if default is None else float(default), unit="a whole number")
    if abs(x - round(x)) > 1e-9:
        raise ArgumentError(f"{name} must be a whole number (got {x:g})")
    return int(round(x))


def to_text(value: Any, name: str, *, default: Optional[str] = None) -> str:
    """Text, stripped; numbers are written without a trailing ``.0`` (a numeric Lot ID 7 -> "7")."""
    value = scalar(value)
    if is_blank(value):
        if default is not None:
            return default
        raise ArgumentError(f"{name} is missing; enter a value")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        raise ArgumentError(f"{name}: expected one cell, got a range of several cells")
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10]
    return str(value).strip()


def to_symbol(value: Any, name: str = "symbol") -> str:
    """A ticker symbol, stripped and upper-cased (``" vti "`` -> ``"VTI"``)."""
    return to_text(value, name).upper()


def to_fraction(value: Any, name: str, *, default: Optional[float] = None, band: bool = False) -> float:
    """A percentage as a fraction: ``"5%"`` -> 0.05; ``5`` -> 0.05; ``0.05`` -> 0.05; ``1`` -> 1.0
    (``band=True``: ``1`` -> 0.01, a number >= 1 is points)."""
    value = scalar(value)
    if is_blank(value):
        if default is not None:
            return default
        raise ArgumentError(f"{name} is missing; enter a percentage like 5%")
    if isinstance(value, str) and value.strip().endswith("%"):
        x = _parse_number_text(value.strip()[:-1])
        if x is None:
            raise ArgumentError(f"{name}: {_describe(value)} is not a percentage; enter one like 5%")
        return x / 100.0
    x = to_number(value, name, unit="a percentage like 5%")
    if band:
        return x / 100.0 if abs(x) >= 1 else x
    return x / 100.0 if abs(x) > 1 else x


_TRUE = {"y", "yes", "true", "1", "x"}
_FALSE = {"n", "no", "false", "0", ""}


def to_bool(value: Any, name: str, *, default: bool = False) -> bool:
    """Y/N, Yes/No, True/False, 1/0, X/blank."""
    value = scalar(value)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if value in (0, 1):
            return bool(value)
    elif isinstance(value, str):
        t = value.strip().lower()
        if not t:
            return default
        if t in _TRUE:
            return True
        if t in _FALSE:
            return False
    raise ArgumentError(f"{name}: {_describe(value)} is not yes/no; enter Y or N")


def _key(text: Any) -> str:
    """Header/keyword normal form: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", str(text).lower())


def _enum_reader(enum_name: str, choices: Mapping[str, Any]) -> Callable[..., Any]:
    listed = ", ".join(dict.fromkeys(str(getattr(v, "value", v)) for v in choices.values()))

    def read(value: Any, name: str, *, default: Any = None) -> Any:
        value = scalar(value)
        if is_blank(value):
            if default is not None:
                return default
            raise ArgumentError(f"{name} is missing; enter one of: {listed}")
        found = choices.get(_key(value))
        if found is None:
            raise ArgumentError(f"{name}: {_describe(value)} is not a {enum_name}; enter one of: {listed}")
        return found

    return read


_FILING = {
    **{_key(s.value): s for s in FilingStatus},
    "single": FilingStatus.SINGLE, "s": FilingStatus.SINGLE,
    "mfj": FilingStatus.MARRIED_JOINT, "married": FilingStatus.MARRIED_JOINT,
    "marriedjoint": FilingStatus.MARRIED_JOINT, "joint": FilingStatus.MARRIED_JOINT,
    "mfs": FilingStatus.MARRIED_SEPARATE, "marriedseparate": FilingStatus.MARRIED_SEPARATE,
    "marriedseparately": FilingStatus.MARRIED_SEPARATE, "separate": FilingStatus.MARRIED_SEPARATE,
    "hoh": FilingStatus.HEAD_OF_HOUSEHOLD, "head": FilingStatus.HEAD_OF_HOUSEHOLD,
}
_METHODS = {
    **{_key(m.value): m for m in LotMethod},
    **{_key(m.name): m for m in LotMethod},
    "specific": LotMethod.SPECIFIC, "specificidentification": LotMethod.SPECIFIC, "specid": LotMethod.SPECIFIC,
    "mintax": LotMethod.MIN_TAX, "taxsensitive": LotMethod.MIN_TAX, "taxoptimal": LotMethod.TAX_OPTIMAL,
    "optimal": LotMethod.TAX_OPTIMAL,
}
_TAX_MODES = {_key(m.value): m for m in TaxMode}
_REBALANCE_TO = {**{_key(m.value): m for m in RebalanceTo}, "edge": RebalanceTo.BAND_EDGE, "band": RebalanceTo.BAND_EDGE}
_ACTIONS = {
    **{_key(a.value): a for a in Action},
    "bought": Action.BUY, "purchase": Action.BUY, "b": Action.BUY,
    "sold": Action.SELL, "sale": Action.SELL, "s": Action.SELL,
    "drip": Action.REINVEST, "reinvested": Action.REINVEST, "dividendreinvestment": Action.REINVEST,
    "reinvestment": Action.REINVEST,
}
_LOCATIONS = {
    **{_key(t.value): t for t in TaxTreatment},
    "deferred": TaxTreatment.TAX_DEFERRED, "taxadvantaged": TaxTreatment.TAX_DEFERRED,
    "traditional": TaxTreatment.TAX_DEFERRED, "ira": TaxTreatment.TAX_DEFERRED,
    "free": TaxTreatment.TAX_FREE, "roth": TaxTreatment.TAX_FREE, "exempt": TaxTreatment.TAX_FREE,
    "taxexempt": TaxTreatment.TAX_FREE, "brokerage": TaxTreatment.TAXABLE,
}
_ACCOUNT_TYPE_ALIASES = {
    **{_key(k): k for k in ACCOUNT_TYPES},
    "ira": "Traditional IRA", "tradira": "Traditional IRA", "rollover": "Traditional IRA",
    "rolloverira": "Traditional IRA", "401k": "401(k)", "403b": "403(b)", "sep": "SEP IRA",
    "simple": "SIMPLE IRA", "roth": "Roth IRA", "roth401k": "Roth 401(k)",
    "brokerage": "Taxable", "individual": "Taxable", "joint": "Taxable", "trust": "Taxable",
    "healthsavingsaccount": "HSA",
}

to_filing_status = _enum_reader("filing status", _FILING)
to_lot_method = _enum_reader("lot method", _METHODS)
to_tax_mode = _enum_reader("tax mode", _TAX_MODES)
to_rebalance_to = _enum_reader("rebalance target", _REBALANCE_TO)
to_action = _enum_reader("transaction action", _ACTIONS)
to_location = _enum_reader("tax location", _LOCATIONS)
to_account_type = _enum_reader("account type", _ACCOUNT_TYPE_ALIASES)


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
    rows = [tuple(r) for r in values]
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
    headers: tuple[str, ...]  # accepted spellings (compared after _key)
    required: bool = False


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


def _letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


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
        letter = f" ({_letter(i)})" if i is not None else ""
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

_CACHE: "OrderedDict[tuple, Any]" = OrderedDict()
_CACHE_SIZE = 32


def cache_clear() -> None:
    """Forget every parsed range (tests; the add-in never needs it: content is the key)."""
    _CACHE.clear()


def _cached(kind: str, values: Any, name: str, parse: Callable[[tuple, str], Any]) -> Any:
    rows = table_rows(values, name)
    key = (kind, name, rows)
    try:
        hit = _CACHE[key]
    except TypeError:  # an unhashable cell value (never from Excel): parse without caching
        return parse(rows, name)
    except KeyError:
        pass
    else:
        _CACHE.move_to_end(key)
        return hit
    result = parse(rows, name)
    _CACHE[key] = result
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


# Lots --------------------------------------------------------------------------------------------

_LOT_COLS = (
    _Col("lot_id", ("Lot ID", "Lot", "LotID", "ID")),
    _Col("account", ("Account", "Account Name"), True),
    _Col("symbol", ("Symbol", "Ticker"), True),
    _Col("acquired", ("Acquired", "Date Acquired", "Acquisition Date", "Purchase Date", "Open Date")),
    _Col("quantity", ("Quantity", "Shares", "Qty", "Units"), True),
    _Col("basis", ("Cost Basis", "Basis", "Cost", "Total Cost")),
    _Col("unit_cost", ("Unit Cost", "Cost Per Share", "Price Paid", "Unit Basis")),
    _Col("wash_adjusted", ("Wash Adjusted", "Wash Sale Adjusted")),
)


@dataclass(frozen=True)
class LotTable:
    """Parsed lots of a range, indexed by symbol for fast repeated cell calls."""

    lots: tuple[Lot, ...]
    by_symbol: Mapping[str, tuple[Lot, ...]]

    def of(self, symbol: str, account: Optional[str] = None) -> tuple[Lot, ...]:
        lots = self.by_symbol.get(symbol, ())
        if account is None:
            return lots
        key = account.strip().casefold()
        return tuple(l for l in lots if l.account.casefold() == key)


def _parse_lots(rows: tuple, name: str) -> LotTable:
    t = _Rows(rows, name, _LOT_COLS)
    if "basis" not in t.index and "unit_cost" not in t.index:
        raise ArgumentError(f"{name} has no Cost Basis column; add Cost Basis (total) or Unit Cost")
    lots: list[Lot] = []
    seen: set[str] = set()
    for n, row in t:
        def get(field: str, reader: Callable[..., Any], **kw: Any) -> Any:
            return t.read(row, n, field, reader, **kw)

        lot_id = get("lot_id", to_text, default="") or f"{name}#{n}"
        if lot_id in seen:
            raise ArgumentError(f"{t.where(n, 'lot_id')}: Lot ID {lot_id} appears twice; give each lot its own ID")
        seen.add(lot_id)
        account = get("account", to_text)
        symbol = get("symbol", to_symbol)
        quantity = get("quantity", to_number, positive=True, unit="a number of shares")
        raw_acq = _cell(row, t.index, "acquired")
        inherited = isinstance(raw_acq, str) and _key(raw_acq) == "inherited"
        acquired = None if inherited else get("acquired", to_optional_date)
        basis = get("basis", to_number, default=float("nan"), non_negative=True, unit="a dollar amount")
        if basis != basis:  # blank: try Unit Cost
            unit = get("unit_cost", to_number, default=float("nan"), non_negative=True, unit="a dollar amount")
            basis = unit * quantity if unit == unit else None
        lots.append(Lot(
            lot_id=lot_id, account=account, symbol=symbol, acquired=acquired, quantity=quantity,
            basis=basis, inherited=inherited,
            wash_adjusted=get("wash_adjusted", to_bool),
        ))
    by_symbol: dict[str, list[Lot]] = {}
    for lot in lots:
        by_symbol.setdefault(lot.symbol, []).append(lot)
    return LotTable(tuple(lots), {k: tuple(v) for k, v in by_symbol.items()})


def lots_from_range(values: Any, name: str = "lots") -> LotTable:
    """The Lots table (Lot ID, Account, Symbol, Acquired, Quantity, Cost Basis or Unit Cost,
    Wash Adjusted). A blank Lot ID becomes ``"<name>#<row>"`` (``lots#7``), which cannot collide
    with an ID the user typed unless they typed exactly that. A blank Acquired or Cost Basis is
    allowed here (tax-advantaged lots); the engines refuse such a lot in a taxable sale."""
    return _cached("lots", values, name, _parse_lots)


# Securities --------------------------------------------------------------------------------------

_SECURITY_COLS = (
    _Col("symbol", ("Symbol", "Ticker"), True),
    _Col("asset_class", ("Asset Class", "Class", "AssetClass"), True),
    _Col("price", ("Price", "Last Price", "Close"), True),
    _Col("name", ("Name", "Description")),
    _Col("identical_group", ("Identical Group", "Group")),
    _Col("replacements", ("Replacement", "Replacements")),
    _Col("drip", ("DRIP", "Reinvest Dividends")),
)


def _parse_securities(rows: tuple, name: str) -> tuple[Security, ...]:
    t = _Rows(rows, name, _SECURITY_COLS)
    out: list[Security] = []
    seen: set[str] = set()
    for n, row in t:
        def get(field: str, reader: Callable[..., Any], **kw: Any) -> Any:
            return t.read(row, n, field, reader, **kw)

        symbol = get("symbol", to_symbol)
        if symbol in seen:
            raise ArgumentError(f"{t.where(n, 'symbol')}: {symbol} is listed twice; keep one row per symbol")
        seen.add(symbol)
        repl = get("replacements", to_text, default="")
        out.append(Security(
            symbol=symbol,
            asset_class=get("asset_class", to_text),
            price=get("price", to_number, positive=True, unit="a price per share"),
            name=get("name", to_text, default=""),
            identical_group=get("identical_group", to_text, default=""),
            replacements=tuple(s.strip().upper() for s in re.split(r"[,;]", repl) if s.strip()),
            drip=get("drip", to_bool),
        ))
    return tuple(out)


def securities_from_range(values: Any, name: str = "securities") -> tuple[Security, ...]:
    """The Securities table (Symbol, Asset Class, Price > 0, Name, Identical Group, Replacement, DRIP)."""
    return _cached("securities", values, name, _parse_securities)


# Targets -----------------------------------------------------------------------------------------

_TARGET_COLS = (
    _Col("asset_class", ("Asset Class", "Class"), True),
    _Col("target", ("Target", "Target %", "Weight"), True),
    _Col("band", ("Band", "Band %", "Tolerance")),
    _Col("location", ("Location", "Preferred Location")),
)


def _parse_targets(rows: tuple, name: str) -> tuple[Target, ...]:
    t = _Rows(rows, name, _TARGET_COLS)
    out: list[Target] = []
    for n, row in t:
        def get(field: str, reader: Callable[..., Any], **kw: Any) -> Any:
            return t.read(row, n, field, reader, **kw)

        band_raw = _cell(row, t.index, "band")
        loc_raw = _cell(row, t.index, "location")
        target = get("target", to_fraction)
        if target < 0:
            raise ArgumentError(f"{t.where(n, 'target')}: target must be >= 0 (got {target:.2%})")
        out.append(Target(
            asset_class=get("asset_class", to_text),
            target=target,
            band=None if is_blank(band_raw) else get("band", to_fraction, band=True),
            location=None if is_blank(loc_raw) else get("location", to_location),
        ))
    total = sum(x.target for x in out)
    if abs(total - 1.0) > 0.0001:
        raise ArgumentError(f"{name}: targets add up to {total:.2%}, not 100%; adjust them so they sum to 100%")
    return tuple(out)


def targets_from_range(values: Any, name: str = "targets") -> tuple[Target, ...]:
    """The Targets table (Asset Class, Target, Band, Location); targets must sum to 100% (within
    0.01 point)."""
    return _cached("targets", values, name, _parse_targets)


# Accounts ----------------------------------------------------------------------------------------

_ACCOUNT_COLS = (
    _Col("name", ("Account", "Account Name", "Name"), True),
    _Col("type", ("Type", "Account Type"), True),
    _Col("owner", ("Owner",)),
    _Col("cash", ("Cash",)),
    _Col("contribution", ("Contribution", "Contributions")),
)


def _parse_accounts(rows: tuple, name: str) -> tuple[Account, ...]:
    t = _Rows(rows, name, _ACCOUNT_COLS)
    out: list[Account] = []
    seen: set[str] = set()
    for n, row in t:
        def get(field: str, reader: Callable[..., Any], **kw: Any) -> Any:
            return t.read(row, n, field, reader, **kw)

        acct = get("name", to_text)
        if acct.casefold() in seen:
            raise ArgumentError(f"{t.where(n, 'name')}: account {acct} is listed twice; give each account its own name")
        seen.add(acct.casefold())
        out.append(Account(
            name=acct,
            type=get("type", to_account_type),
            owner=get("owner", to_text, default=""),
            cash=get("cash", to_number, default=0.0, unit="a dollar amount"),
            contribution=get("contribution", to_number, default=0.0, unit="a dollar amount"),
        ))
    return tuple(out)


def accounts_from_range(values: Any, name: str = "accounts") -> tuple[Account, ...]:
    """The Accounts table (Account, Type, Owner, Cash, Contribution)."""
    return _cached("accounts", values, name, _parse_accounts)


# Transactions ------------------------------------------------------------------------------------

_TRANSACTION_COLS = (
    _Col("date", ("Date", "Trade Date"), True),
    _Col("account", ("Account",), True),
    _Col("symbol", ("Symbol", "Ticker"), True),
    _Col("action", ("Action", "Type"), True),
    _Col("quantity", ("Quantity", "Shares", "Qty"), True),
    _Col("price", ("Price",)),
    _Col("lot_id", ("Lot ID", "Lot")),
    _Col("acquired", ("Acquired", "Date Acquired")),
    _Col("basis", ("Cost Basis", "Basis")),
)


def _parse_transactions(rows: tuple, name: str) -> tuple[Transaction, ...]:
    t = _Rows(rows, name, _TRANSACTION_COLS)
    out: list[Transaction] = []
    for n, row in t:
        def get(field: str, reader: Callable[..., Any], **kw: Any) -> Any:
            return t.read(row, n, field, reader, **kw)

        raw_acq = _cell(row, t.index, "acquired")
        inherited = isinstance(raw_acq, str) and _key(raw_acq) == "inherited"
        basis = get("basis", to_number, default=float("nan"), non_negative=True, unit="a dollar amount")
        out.append(Transaction(
            date=get("date", to_date),
            account=get("account", to_text),
            symbol=get("symbol", to_symbol),
            action=get("action", to_action),
            quantity=get("quantity", to_number, positive=True, unit="a number of shares"),
            price=get("price", to_number, default=0.0, non_negative=True, unit="a price per share"),
            lot_id=get("lot_id", to_text, default=""),
            acquired=None if inherited else get("acquired", to_optional_date),
            basis=None if basis != basis else basis,
            inherited=inherited,
        ))
    return tuple(out)


def transactions_from_range(values: Any, name: str = "transactions") -> tuple[Transaction, ...]:
    """The Transactions table (Date, Account, Symbol, Action, Quantity, Price, Lot ID, Acquired,
    Cost Basis). Action accepts Buy/Bought, Sell/Sold, Reinvest/DRIP."""
    return _cached("transactions", values, name, _parse_transactions)


# Settings ----------------------------------------------------------------------------------------

def _money(v: Any, n: str) -> float:
    return to_number(v, n, unit="a dollar amount")


def _abs_money(v: Any, n: str) -> float:
    return abs(to_number(v, n, unit="a dollar amount"))


def _optional_money(v: Any, n: str) -> Optional[float]:
    return None if is_blank(scalar(v)) else to_number(v, n, unit="a dollar amount")


def _rate(v: Any, n: str) -> float:
    return to_fraction(v, n)


def _band(v: Any, n: str) -> float:
    return to_fraction(v, n, band=True)


#: Settings key (normal form) -> (Settings field, reader). Carryforwards entered negative are read
#: as their absolute value (a carryforward is a loss whatever the sign it is typed with).
_SETTINGS: dict[str, tuple[str, Callable[[Any, str], Any]]] = {
    "asof": ("as_of", to_optional_date),
    "taxyear": ("tax_year", lambda v, n: None if is_blank(scalar(v)) else to_int(v, n)),
    "filingstatus": ("filing_status", to_filing_status),
    "ordinaryincome": ("ordinary_income", _money),
    "itemizeddeductions": ("itemized_deductions", _optional_money),
    "qualifieddividends": ("qualified_dividends", _money),
    "realizedstytd": ("realized_st_ytd", _money),
    "realizedltytd": ("realized_lt_ytd", _money),
    "stlosscarryforward": ("st_loss_carryforward", _abs_money),
    "ltlosscarryforward": ("lt_loss_carryforward", _abs_money),
    "statetaxrate": ("state_tax_rate", _rate),
    "taxmode": ("tax_mode", to_tax_mode),
    "flatstrate": ("flat_st_rate", _rate),
    "flatltrate": ("flat_lt_rate", _rate),
    "lotmethod": ("lot_method", to_lot_method),
    "harvestminloss": ("harvest_min_loss", _money),
    "harvestminlosspct": ("harvest_min_loss_pct", _rate),
    "harvestminloss%": ("harvest_min_loss_pct", _rate),
    "taxbudget": ("tax_budget", _optional_money),
    "mintrade": ("min_trade", _money),
    "wholeshares": ("whole_shares", lambda v, n: to_bool(v, n)),
    "allowshorttermgains": ("allow_short_term_gains", lambda v, n: to_bool(v, n)),
    "rebalanceto": ("rebalance_to", to_rebalance_to),
    "defaultband": ("default_band", _band),
}
_NULLABLE = {"as_of", "tax_year", "itemized_deductions", "tax_budget"}


def _settings_key(text: Any) -> str:
    t = str(text).lower().replace("%", "pct")
    return re.sub(r"[^a-z0-9]", "", t)


def _parse_settings(rows: tuple, name: str) -> Settings:
    start = 0
    first = rows[0]
    if first and not is_blank(first[0]) and _key(first[0]) in ("setting", "settings", "key", "name"):
        start = 1  # a header row
    values: dict[str, Any] = {}
    for offset, row in enumerate(rows[start:]):
        n = offset + start + 1
        if not row or is_blank(row[0]):
            continue
        k = _settings_key(row[0])
        if k not in _SETTINGS:
            continue  # the Issues sheet of a full run reports unknown keys; a cell stays quiet
        field_name, reader = _SETTINGS[k]
        raw = row[1] if len(row) > 1 else None
        if is_blank(scalar(raw)) and field_name not in _NULLABLE:
            continue  # blank -> the documented default
        try:
            values[field_name] = reader(raw, str(row[0]).strip())
        except ArgumentError as err:
            raise ArgumentError(f"{name} row {n} (column B): {err}") from None
    return Settings(**values)


def settings_from_range(values: Any, name: str = "settings") -> Settings:
    """The Settings table (two columns: Setting, Value; the header row is optional). Unknown keys
    are ignored here; blank values take the defaults of :class:`~taxrebal.engine.records.Settings`."""
    if values is None:
        return Settings()
    return _cached("settings", values, name, _parse_settings)
