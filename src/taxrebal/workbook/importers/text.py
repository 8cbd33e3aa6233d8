"""Reading broker CSV exports the way brokers write them, with every problem located.

Brokers' CSV files are written for spreadsheets, not programs. This module absorbs the quirks once:

* encoding: UTF-8 (with or without a byte-order mark), else Windows-1252 (Fidelity, older Schwab);
* title lines above the header (``"VTI Lot Details for Individual ...123 as of 09/24/2020 13:42:07
  ET"``), blank lines, several sections in one file (Vanguard: holdings, then transactions);
* a trailing comma on every line (Schwab), so the last cell is an empty extra column;
* ``Total`` / ``Account Total`` rows and disclaimer paragraphs below the data;
* money as ``$1,234.56``, ``-$1,234.56``, ``($1,234.56)``, ``+$1.20``; ``--``, ``N/A`` or blank for none;
* dates as ``09/24/2020``, ``09/24/2020 13:42:07``, ``2025/05/04``, ``2025-05-04``, ``20250504``,
  ``20250504;101500`` (Interactive Brokers), ``Nov-20-2026``.

A cell that cannot be read raises :class:`~taxrebal.errors.BrokerFileError` naming the file, the
line (1-based, as a text editor counts) and the column header, e.g.
``VTI_lots.csv, line 4, column "Quantity": '12,3x' is not a number``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable, Optional, Sequence

from ...errors import BrokerFileError
from ..cells import normalize_key

__all__ = ["Line", "decode", "csv_lines", "find_header", "Section", "parse_money", "parse_quantity",
           "parse_date", "clean_symbol", "is_total_row", "account_in_title"]

_MAX_BYTES = 50 * 1024 * 1024  # a broker export is kilobytes; refuse anything absurd


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line of the file where this record starts
    cells: tuple[str, ...]  # stripped; a trailing empty cell (trailing comma) removed

    @property
    def blank(self) -> bool:
        return not any(self.cells)


def decode(data: bytes, name: str) -> str:
    if len(data) > _MAX_BYTES:
        raise BrokerFileError(name, 0, "", f"the file is {len(data) // 1_000_000} MB; a broker export is far "
                              "smaller. Check that this is the file you meant.")
    if b"\x00" in data[:4096]:
        raise BrokerFileError(name, 0, "", "this is not a text (CSV or XML) file. Download the CSV (or Flex XML) "
                              "export from the broker's website, not a spreadsheet or PDF.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # never fails; every byte is a character


def csv_lines(text: str, name: str) -> list[Line]:
    """Every record of the CSV text with its starting line number."""
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=False, strict=False)
    out: list[Line] = []
    start = 1
    try:
        for record in reader:
            cells = [c.strip() for c in record]
            while cells and cells[-1] == "":
                cells.pop()
            out.append(Line(start, tuple(cells)))
            start = reader.line_num + 1
    except csv.Error as err:
        raise BrokerFileError(name, reader.line_num, "", f"the CSV cannot be read ({err}); open it in a text "
                              "editor to check the quotes on that line, or download it again.") from err
    return out


def find_header(lines: Sequence[Line], required: Iterable[str], start: int = 0) -> Optional[int]:
    """Index of the first line at or after ``start`` whose cells include every ``required`` header
    (compared as :func:`normalize_key` does: case, spaces and punctuation ignored)."""
    needed = {normalize_key(h) for h in required}
    for i in range(start, len(lines)):
        keys = {normalize_key(c) for c in lines[i].cells}
        if needed <= keys:
            return i
    return None


_TOTAL = re.compile(r"^(account\s+)?totals?\b|^grand\s+total", re.IGNORECASE)


def is_total_row(line: Line) -> bool:
    return bool(line.cells) and bool(_TOTAL.match(line.cells[0]))


@dataclass
class Section:
    """The data rows under one header line: up to the first blank line (or a line that is a new header
    or a Total row). ``get(line, header)`` returns the cell text, "" when the row is short."""

    name: str
    header: Line
    rows: list[Line]

    @classmethod
    def at(cls, name: str, lines: Sequence[Line], header_index: int) -> "Section":
        header = lines[header_index]
        rows: list[Line] = []
        for line in lines[header_index + 1:]:
            if line.blank or is_total_row(line):
                break
            if len(line.cells) == 1 and len(header.cells) > 2:  # a disclaimer paragraph below the data
                break
            rows.append(line)
        return cls(name, header, rows)

    def index(self, header: str) -> int:
        key = normalize_key(header)
        for j, cell in enumerate(self.header.cells):
            if normalize_key(cell) == key:
                return j
        return -1

    def has(self, header: str) -> bool:
        return self.index(header) >= 0

    def get(self, line: Line, header: str) -> str:
        j = self.index(header)
        return line.cells[j] if 0 <= j < len(line.cells) else ""

    def column_name(self, header: str) -> str:
        j = self.index(header)
        return self.header.cells[j] if j >= 0 else header

    def error(self, line: Line, header: str, problem: str) -> BrokerFileError:
        return BrokerFileError(self.name, line.number, self.column_name(header), problem)

    def money(self, line: Line, header: str, *, required: bool = False) -> Optional[float]:
        text = self.get(line, header)
        try:
            value = parse_money(text)
        except ValueError:
            raise self.error(line, header, f"'{text}' is not an amount of money.") from None
        if value is None and required:
            raise self.error(line, header, "is blank; the broker file should give it. Download the file again.")
        return value

    def quantity(self, line: Line, header: str) -> float:
        text = self.get(line, header)
        try:
            value = parse_quantity(text)
        except ValueError:
            raise self.error(line, header, f"'{text}' is not a number of shares.") from None
        if value is None:
            raise self.error(line, header, "is blank; every row needs a quantity.")
        return value

    def required_date(self, line: Line, header: str) -> date:
        value = self.date(line, header)
        assert value is not None  # date() raises for a blank required date
        return value

    def date(self, line: Line, header: str, *, required: bool = True) -> Optional[date]:
        text = self.get(line, header)
        if not required and text.strip().lower() == "various":  # several lots summed on one row
            return None
        try:
            value = parse_date(text)
        except ValueError:
            raise self.error(line, header, f"'{text}' is not a date (expected e.g. 09/24/2020 or "
                                           "2025-05-04)") from None
        if value is None and required:
            raise self.error(line, header, "is blank; this row needs a date.")
        return value


_NONE = frozenset({"", "--", "-", "n/a", "na", "none", "null"})
_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?$|^\.\d+$")


def parse_money(text: str) -> Optional[float]:
    """``$1,234.56`` -> 1234.56; ``-$5.00``, ``($5.00)`` and ``$-5.00`` -> -5.0; ``--``/blank -> None.
    Raises ValueError for anything else (text, ``12,3``, two numbers)."""
    t = text.strip().replace("\u2212", "-").replace(" ", "")
    if t.lower() in _NONE:
        return None
    negative = False
    if t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1]
    signs = 0
    while t[:1] in ("-", "+", "$"):
        signs += t[0] == "-"
        t = t[1:]
    if signs > 1 or not _DIGITS.match(t):
        raise ValueError(text)
    value = float(t.replace(",", ""))
    return -value if negative != bool(signs) else value


def parse_quantity(text: str) -> Optional[float]:
    """A share count: ``1,200``, ``12.345``, ``-40`` (sells in some files). No ``$``."""
    if "$" in text:
        raise ValueError(text)
    return parse_money(text)


_DATE_FORMATS = ("%m/%d/%Y", "%Y/%m/%d", "%Y-%m-%d", "%Y%m%d", "%m/%d/%y", "%b-%d-%Y", "%d-%b-%Y", "%b %d, %Y")


def parse_date(text: str) -> Optional[date]:
    """The date part of a broker date or date-time (time and time zone dropped: tax law counts days)."""
    t = text.strip()
    if t.lower() in _NONE:
        return None
    head = re.split(r"[;T ]|,\s*\d", t, maxsplit=1)[0] if not re.match(r"^[A-Za-z]{3} \d", t) else t
    head = head.rstrip(",")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(head, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


_SYMBOL = re.compile(r"^[A-Z0-9][A-Z0-9./\- ]{0,20}$")


def clean_symbol(text: str) -> str:
    """``VTI(922908769)`` -> ``VTI``; ``SPAXX**`` -> ``SPAXX``; upper case, trimmed."""
    t = text.strip().upper()
    if "(" in t and not t.startswith("("):
        t = t.split("(", 1)[0]
    t = t.rstrip("*").strip()
    return t


def is_symbol(text: str) -> bool:
    return bool(_SYMBOL.match(text))


_ACCOUNT_IN_TITLE = re.compile(
    r"(?:account(?:\s+number)?|for)\s*[:#]?\s*(?:[A-Za-z][A-Za-z ]*?\s)?((?:\.\.\.|X{2,}-?|\*+)?[A-Z]?\d[\d-]{2,})",
    re.IGNORECASE)


def account_in_title(lines: Sequence[Line], before: int) -> str:
    """An account number (or masked tail such as ``...123``) from the title lines above ``before``."""
    for line in lines[:before]:
        for cell in line.cells:
            m = _ACCOUNT_IN_TITLE.search(cell)
            if m:
                return m.group(1)
    return ""
