"""Reading one cell value: the parsing rules of the workbook contract, one function per kind.

Every parser takes whatever a spreadsheet reader hands over (``None``, ``""``, ``str``, ``float``,
``int``, ``bool``, ``datetime.date``/``datetime``/``time``/``timedelta``, a numpy scalar...) and returns
the parsed value, ``None`` for a blank cell, or raises :class:`CellError` whose message says what is
wrong and how to write it instead. The reader adds sheet, cell and consequence. No parser ever raises
anything else, whatever the input (``tests/test_reader_fuzz.py`` checks that with random values).

The rules (the README's "Filling in the workbook" section repeats them):

* **Numbers and money**: a number, or text such as ``1234.5``, ``$1,234.50``, ``-$12``,
  ``(1,234.50)`` (accounting negative: -1234.50), ``1,234 USD``, ``USD 1,234``. Thousands separators must group by
  three (``1,5`` is refused rather than guessed: it is 1.5 in Europe and 15 nowhere). NaN and
  infinity are refused.
* **Percentages** (Target, rates, Harvest Min Loss %): ``5%`` (a percent-formatted cell holds 0.05,
  text ``"5%"`` is read as 5%) or a bare number. A bare number whose absolute value is **greater
  than 1** is read as percent points (``5`` -> 5%, ``60`` -> 60%); **1 or less** is a fraction
  (``0.05`` -> 5%, ``0.6`` -> 60%, ``1`` -> 100%). Write ``0.5%`` for half a percent: a bare ``0.5``
  means 50%.
* **Bands** (Band, Default Band): the same, except a bare number **of 1 or more** is points
  (``1`` -> 1 point, ``5`` -> 5 points) because a 100-point band is meaningless; below 1 it is a
  fraction (``0.05`` -> 5 points).
* **Dates**: a date cell; ISO text ``2025-03-14`` (a time part is ignored); US text ``3/14/2025``
  (month first: the workbook is for US taxes); ``20250314``; or an Excel serial number in the 1900
  date system (``45000`` -> 2023-03-15; serials 1-59 are January-February 1900; ``60`` is Excel's
  fictitious 1900-02-29 and is refused). Two-digit years are refused (``3/14/25`` could be 1925), and
  so are years before 1900 (``6/1/0025``: no Excel date is that early).
* **Booleans**: ``Y``/``N``, ``Yes``/``No``, ``True``/``False``, ``1``/``0``, ``X``/blank (X marks
  yes). Blank means "no" unless a column says otherwise.
* **Text**: stripped of surrounding spaces; a whole number typed in a text column (lot id ``1001``
  read back as ``1001.0``) becomes ``"1001"``. A cell showing an Excel error (``#N/A``,
  ``#DIV/0!``...) is refused in every column.
* **Choices** (Account Type, Action, Filing Status, Lot Method...): matched case-insensitively,
  ignoring spaces and punctuation, against the aliases listed in :mod:`taxrebal.workbook.schema`.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Mapping, Optional, TypeVar

__all__ = [
    "CellError",
    "normalize_key",
    "is_blank",
    "describe",
    "parse_text",
    "parse_symbol",
    "parse_number",
    "parse_percent",
    "parse_band",
    "parse_date",
    "parse_date_or_inherited",
    "acquired_cell",
    "parse_bool",
    "parse_int",
    "parse_choice",
    "parse_list",
    "excel_serial_to_date",
    "column_letter",
    "cell_ref",
    "INHERITED",
    "UNCALCULATED",
]

T = TypeVar("T")

#: The value :func:`parse_date_or_inherited` returns for an Acquired cell reading "Inherited".
INHERITED = "Inherited"

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 61 -> 1900-03-01 counts from here
_MAX_SERIAL = 2958465  # 9999-12-31
_YEAR_FIRST, _YEAR_LAST = 1900, 2100  # a whole number in a date cell read as a year (1905 as a serial)
_YEAR_DAYS = (_EXCEL_EPOCH + timedelta(days=_YEAR_FIRST), _EXCEL_EPOCH + timedelta(days=_YEAR_LAST))
_EXCEL_ERRORS = frozenset(
    {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!",
     "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!"}
)
_HAS_SPACE = re.compile(r"\s")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_PLAIN_NUMBER = re.compile(r"^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$", re.ASCII)
_GROUPED_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d*)?$", re.ASCII)
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$", re.ASCII)
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AaPp][Mm])?)?$", re.ASCII)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$", re.ASCII)
_TWO_DIGIT_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2})$", re.ASCII)
_TRUE = frozenset({"y", "yes", "true", "t", "1", "x"})
_FALSE = frozenset({"n", "no", "false", "f", "0"})


class CellError(ValueError):
    """A cell value that cannot be read; ``str()`` says what is wrong and how to write it."""


def normalize_key(text: Any) -> str:
    """The comparison key for headers, setting names and choices: lower case, ``%`` -> ``pct``,
    ``#`` -> ``number``, ``&`` -> ``and``, everything but letters and digits removed
    (``"Cost Basis"``, ``"cost_basis"`` and ``"COST-BASIS"`` all give ``"costbasis"``)."""
    s = str(text).lower().replace("%", "pct").replace("#", "number").replace("&", "and")
    return _NON_ALNUM.sub("", s)


def is_blank(value: Any) -> bool:
    """True for an empty cell: ``None``, empty or all-space text, or a float NaN (pandas' blank)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return value != value
    return False


def describe(value: Any) -> str:
    """How a value is shown inside an error message (short, quoted)."""
    if isinstance(value, (datetime, date)):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        try:
            text = str(value)
        except Exception:  # pragma: no cover - a value whose str() fails
            text = f"<{type(value).__name__}>"
    if len(text) > 40:
        text = text[:37] + "..."
    return f"'{text}'"


#: What a reader puts in place of a formula cell saved without its value (the workbook was written by
#: a program that does not calculate, or saved with calculation off): never read as blank.
UNCALCULATED = "#UNCALCULATED!"


def _check_excel_error(text: str) -> None:
    if text.upper() == UNCALCULATED:
        raise CellError("the cell holds a formula that was saved without its value (not a blank); open the "
                        "workbook in Excel, let it calculate (F9) and save it, or type the value")
    if text.upper() in _EXCEL_ERRORS:
        raise CellError(f"{text} in the cell (an Excel error, not a blank); fix the formula or type the value")


def _as_float(value: Any) -> Optional[float]:
    """A real number from a non-text, non-bool value (numpy scalars included), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else float("nan")
    item = getattr(value, "item", None)  # numpy scalar
    if callable(item) and not isinstance(value, (str, bytes)):
        try:
            inner = item()
        except Exception:
            return None
        if isinstance(inner, (int, float)) and not isinstance(inner, bool):
            return float(inner)
    return None


# --------------------------------------------------------------------------------------- text

def parse_text(value: Any) -> str:
    """Text as written, stripped; ``""`` for blank. A whole number becomes its digits."""
    if value.__class__ is str:
        text = value.strip()
        if text[:1] == "#":
            _check_excel_error(text)
        return text
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("#"):
            _check_excel_error(text)
        return text
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value != value:  # pandas NaT: a blank
            return ""
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    number = _as_float(value)
    if number is not None:
        if number != number:
            return ""
        if math.isinf(number):
            raise CellError("the cell holds an infinite number; type the text instead")
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return repr(number)
    try:
        return str(value).strip()
    except Exception as err:
        raise CellError(f"a value of type {type(value).__name__} cannot be read as text; type the text") from err


def parse_symbol(value: Any) -> str:
    """A ticker symbol: text, stripped and upper-cased; ``""`` for blank."""
    text = parse_text(value).upper()
    if not text.isalnum() and _HAS_SPACE.search(text):
        raise CellError(f"{describe(text)} is not a symbol (it contains a space); type one ticker such as VTI")
    return text


def parse_list(value: Any) -> tuple[str, ...]:
    """Comma- or semicolon-separated symbols or ids, stripped; blanks and repeats dropped."""
    text = parse_text(value)
    if not text:
        return ()
    out: list[str] = []
    for part in re.split(r"[,;]", text):
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return tuple(out)


# ------------------------------------------------------------------------------------- numbers

def _number_from_text(text: str) -> float:
    original = text
    s = text.strip().replace("\u00a0", "").replace(" ", "")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if s.upper().endswith("USD"):
        s = s[:-3]
    elif s.upper().startswith("USD"):  # "USD 50" as well as "50 USD"; any other currency is an error
        s = s[3:]
    if s.startswith("-"):
        negative, s = not negative, s[1:]
    elif s.startswith("+"):
        s = s[1:]
    if s.startswith("$"):
        s = s[1:]
    if s.startswith("-") and not negative:  # $-12
        negative, s = True, s[1:]
    if _PLAIN_NUMBER.match(s):
        number = float(s)
    elif _GROUPED_NUMBER.match(s):
        number = float(s.replace(",", ""))
    else:
        raise CellError(
            f"{describe(original)} is not a number; type a number such as 1234.5, $1,234.50 or (1,234.50)"
        )
    if math.isinf(number):
        raise CellError(f"{describe(original)} is too large; type an ordinary number")
    return -number if negative else number


def parse_number(value: Any) -> Optional[float]:
    """A number or money amount (see the module rules); ``None`` for blank."""
    if type(value) is float:  # the common case, first
        if value != value:
            return None
        if math.isinf(value):
            raise CellError("the cell holds an infinite number; type an ordinary number")
        return value
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if text.startswith("#"):
            _check_excel_error(text)
        if text.endswith("%"):
            raise CellError(f"{describe(text)} is a percentage; this column takes a number or amount, so type it "
                           "without the % sign")
        return _number_from_text(text)
    if isinstance(value, bool):
        raise CellError(f"{describe(value)} is a true/false value; type a number")
    if isinstance(value, (date, time, timedelta)):
        raise CellError(f"{describe(value)} is a date or time; type a number (check the cell's format)")
    number = _as_float(value)
    if number is None:
        raise CellError(f"a value of type {type(value).__name__} is not a number; type a number")
    return parse_number(number)


def _percent(value: Any, points_from: float, strict: bool) -> Optional[float]:
    """Shared percent reading: text ending in % is points; a bare number is points when its
    magnitude is above ``points_from`` (``strict``) or at least ``points_from`` (not strict)."""
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            if text.startswith("#"):
                _check_excel_error(text)
            inner = text[:-1].strip()
            if not inner:
                raise CellError(f"{describe(text)} is not a percentage; type it like 5% or 0.05")
            try:
                return _number_from_text(inner) / 100.0
            except CellError:
                raise CellError(f"{describe(text)} is not a percentage; type it like 5% or 0.05") from None
    number = parse_number(value)
    if number is None:
        return None
    magnitude = abs(number)
    is_points = magnitude > points_from if strict else magnitude >= points_from
    return number / 100.0 if is_points else number


def parse_percent(value: Any) -> Optional[float]:
    """A percentage as a fraction: ``5%``/``"5%"``/``0.05``/``5`` -> 0.05; ``1`` -> 1.0 (100%)."""
    return _percent(value, 1.0, strict=True)


def parse_band(value: Any) -> Optional[float]:
    """A band width as a fraction: ``5%``/``0.05``/``5`` -> 0.05; ``1`` -> 0.01 (one point)."""
    return _percent(value, 1.0, strict=False)


def parse_int(value: Any) -> Optional[int]:
    """A whole number (a year); ``None`` for blank."""
    number = parse_number(value)
    if number is None:
        return None
    if not number.is_integer():
        raise CellError(f"{describe(value)} is not a whole number; type a whole number such as 2025")
    return int(number)


# --------------------------------------------------------------------------------------- dates

def excel_serial_to_date(serial: float) -> date:
    """Date of an Excel serial number in the 1900 date system (a time fraction is dropped).

    Excel counts 1900-01-01 as 1 and wrongly treats 1900 as a leap year (serial 60 is
    "1900-02-29"), so serials from 61 on count from 1899-12-30 and serials 1-59 from 1899-12-31.
    """
    if serial != serial or math.isinf(serial):
        raise CellError("the cell holds no date; type a date such as 2025-03-14")
    whole = math.floor(serial)
    if whole < 1 or whole > _MAX_SERIAL:
        raise CellError(
            f"{describe(serial)} is not a date (Excel date numbers run from 1 = 1900-01-01); "
            "type a date such as 2025-03-14"
        )
    if whole == 60:
        raise CellError(
            "serial 60 is Excel's nonexistent 1900-02-29; type the real date such as 2025-03-14"
        )
    if whole < 60:
        return date(1899, 12, 31) + timedelta(days=whole)
    return _EXCEL_EPOCH + timedelta(days=whole)


def _date_from_parts(year: int, month: int, day: int, original: str) -> date:
    if year < _YEAR_FIRST:
        # fe21 finding 2: '6/1/0025' (a digit of 2025 dropped) was read as the year 25, a lot bought
        # this year long-term; no Excel date is before 1900, and no lot, sale or price of a household is
        raise CellError(f"{describe(original)} is in the year {year}, before 1900 (a mistyped year?); type the "
                        "full date such as 2025-03-14")
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"{describe(original)} is not a real calendar date; check the day and month") from None


def _date_from_text(text: str) -> date:
    m = _ISO_DATE.match(text)
    if m:
        return _date_from_parts(int(m[1]), int(m[2]), int(m[3]), text)
    m = _US_DATE.match(text)
    if m:
        month, day = int(m[1]), int(m[2])
        if month > 12 and 1 <= day <= 12:
            raise CellError(f"{describe(text)} looks day-first ({month} {_MONTHS[day - 1]} {m[3]}?), but text dates "
                            f"are read month first (US); type it as {m[3]}-{day:02d}-{month:02d} to be unambiguous")
        return _date_from_parts(int(m[3]), month, day, text)
    m = _COMPACT_DATE.match(text)
    if m:
        return _date_from_parts(int(m[1]), int(m[2]), int(m[3]), text)
    if _PLAIN_NUMBER.match(text):
        return _serial_not_a_year(float(text))
    m = _TWO_DIGIT_YEAR.match(text)
    if m:  # fe21 finding 3: '6/1/25' was "not a date", without the reason (it could be 1925 or 2025)
        example = (f"{m[1]}/{m[2]}/20{m[3]} or 20{m[3]}-{int(m[1]):02d}-{int(m[2]):02d}" if int(m[1]) <= 12
                   else "3/14/2025 (month first) or 2025-03-14")
        raise CellError(f"{describe(text)} has a two-digit year (19{m[3]} or 20{m[3]}?); type the full year, "
                        f"such as {example}")
    raise CellError(
        f"{describe(text)} is not a date; type it as 2025-03-14 (or 3/14/2025), or format the cell as a date"
    )


def parse_date(value: Any) -> Optional[date]:
    """A calendar date (see the module rules); ``None`` for blank."""
    if isinstance(value, datetime):
        if value != value:  # pandas NaT: a blank
            return None
        return _not_a_year_shown_as_a_date(value.date())
    if isinstance(value, date):
        return _not_a_year_shown_as_a_date(value)
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if text.startswith("#"):
            _check_excel_error(text)
        return _date_from_text(text)
    if isinstance(value, bool):
        raise CellError(f"{describe(value)} is a true/false value; type a date such as 2025-03-14")
    if isinstance(value, (time, timedelta)):
        raise CellError(f"{describe(value)} is a time of day, not a date; type a date such as 2025-03-14")
    number = _as_float(value)
    if number is None:
        if hasattr(value, "to_pydatetime"):  # pandas Timestamp
            try:
                day: date = value.to_pydatetime().date()
                return day
            except Exception:
                pass
        raise CellError(f"a value of type {type(value).__name__} is not a date; type a date such as 2025-03-14")
    if number != number:
        return None
    return _serial_not_a_year(number)


def _not_a_year_shown_as_a_date(day: date) -> date:
    """A date cell's date, except one a typed year became: in a cell formatted as a date (the template's
    date columns are), ``2026`` is stored as the number 2026 and read back as 1905-07-18."""
    if _YEAR_DAYS[0] <= day <= _YEAR_DAYS[1]:
        year = _YEAR_FIRST + (day - _YEAR_DAYS[0]).days
        raise CellError(
            f"{day.isoformat()} is Excel's date number {year}: a year typed in a date cell? Type the full "
            f"date such as {year}-01-15"
        )
    return day


def _serial_not_a_year(number: float) -> date:
    """A date cell's number as an Excel serial, except a bare year: ``2026`` typed in a date cell is
    Excel's serial for 1905-07-18, which would make a lot bought this year long-term (fe11 finding 4).
    No lot, sale or price of a household is dated 1905, so a whole number from 1900 to 2100 is refused
    with the fix; a full date typed as a number (20240603) is refused by :func:`excel_serial_to_date`.
    """
    if number.is_integer() and _YEAR_FIRST <= number <= _YEAR_LAST:
        as_serial = excel_serial_to_date(number)
        raise CellError(
            f"{int(number)} looks like a year, not a date (as an Excel date number it is "
            f"{as_serial.isoformat()}); type the full date such as {int(number)}-01-15"
        )
    return excel_serial_to_date(number)


def acquired_cell(acquired: Optional[date], inherited: bool) -> Optional[date | str]:
    """What a result sheet writes for a lot's acquisition date: :data:`INHERITED` for an inherited lot,
    as typed on Lots (its holding period is long-term whatever the dates, IRC §1223(9); Form 8949 says
    INHERITED in column (b)), else the date. Example: ``acquired_cell(None, True)`` is ``"Inherited"``."""
    return INHERITED if inherited else acquired


def parse_date_or_inherited(value: Any) -> Optional[date | str]:
    """Acquired: a date, or :data:`INHERITED` for the word "Inherited" (any case)."""
    if isinstance(value, str) and normalize_key(value) == "inherited":
        return INHERITED
    return parse_date(value)


# ------------------------------------------------------------------------------------ booleans

def parse_bool(value: Any) -> Optional[bool]:
    """Y/N, Yes/No, True/False, 1/0, X; ``None`` for blank (the caller picks the default)."""
    if isinstance(value, bool):
        return value
    if value is None:
        return None
    if isinstance(value, str):
        key = value.strip().lower()
        if not key:
            return None
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        if key.startswith("#"):
            _check_excel_error(value.strip())
        raise CellError(f"{describe(value)} is not yes or no; type Y or N (or leave blank for no)")
    number = _as_float(value)
    if number is not None:
        if number != number:
            return None
        if number == 1.0:
            return True
        if number == 0.0:
            return False
    raise CellError(f"{describe(value)} is not yes or no; type Y or N (or leave blank for no)")


# ------------------------------------------------------------------------------------- choices

def parse_choice(value: Any, aliases: Mapping[str, T], what: str, accepted: str) -> Optional[T]:
    """One of a fixed set of choices: ``aliases`` maps :func:`normalize_key` spellings to the value.
    ``what`` names the thing ("account type"); ``accepted`` lists the canonical choices for the fix."""
    text = parse_text(value)
    if not text:
        return None
    found = aliases.get(normalize_key(text))
    if found is None:
        raise CellError(f"{describe(text)} is not a known {what}; use one of: {accepted}")
    return found


# ------------------------------------------------------------------------------- cell addresses

def column_letter(index: int) -> str:
    """Spreadsheet column letters of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    n = index + 1
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(column_index: int, row: int) -> str:
    """``E7`` from a 0-based column index and a 1-based worksheet row."""
    return f"{column_letter(column_index)}{row}"
