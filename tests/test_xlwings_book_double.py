"""A small stand-in for a live xlwings ``Book`` (Linux has no Excel), and tests that it behaves
like Excel where taxrebal relies on it.

It implements only what :mod:`taxrebal.excel.xlwings_book` and :mod:`taxrebal.excel.ribbon` use:
``book.sheets`` (iterate, index, ``add(name, before=, after=)``), ``sheet.names`` (sheet-scoped
names reported as ``Sheet!name`` or ``'My Sheet'!name``, as Excel reports them),
``sheet.range((r, c))`` / ``range((r1, c1), (r2, c2))`` / ``range("A1:A5,C1:C5")``,
``range.value`` (scalar / 1D / 2D as xlwings returns it; ``options(ndim=2)``), ``number_format``,
``font.bold/italic/size/color``, ``color``, ``column_width``, ``add_note``, ``used_range``,
``last_cell``, ``sheet.clear()``, ``sheet.charts.add(...)``, ``app.alert``, ``app.status_bar``,
``app.screen_updating``, ``app.books.open``. ``.api`` raises AttributeError (the platform object
does not exist here), so cosmetic platform calls are skipped as they would be where unsupported.

Writing a value imitates Excel's entry rules, the thing the text-safety rule guards against: a
text written into a cell NOT formatted as Text (``@``) that starts with ``=``/``+``/``@`` becomes a
formula, and one that reads as a number (``-2``, ``00123``, ``1e3``) becomes a number. Numbers read
back as floats and dates as datetimes, as Excel hands them to xlwings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Optional


@dataclass
class Formula:
    """A cell Excel would have turned into a formula."""

    text: str


@dataclass
class Cell:
    value: Any = None
    number_format: str = "General"
    bold: bool = False
    italic: bool = False
    size: float = 11.0
    font_color: Any = None
    fill: Any = None
    note: Optional[str] = None

    def is_default(self) -> bool:
        return self == Cell()


def excel_entry(text: str, number_format: str) -> Any:
    """What Excel stores when ``text`` is written into a cell with ``number_format`` ("" leaves the
    cell empty)."""
    if text == "":
        return None
    if number_format == "@":
        return text
    if text[:1] in ("=", "+", "@") and len(text) > 1:
        return Formula(text)
    try:
        return float(text.replace(",", "")) if re.fullmatch(r"[+-]?[\d,]*\.?\d+(e[+-]?\d+)?", text.strip(), re.I) \
            else text
    except ValueError:
        return text


def excel_number(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float)):
        return float(value)
    return value


def col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def parse_area(address: str) -> tuple[int, int, int, int]:
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?", address.strip().upper())
    if not m:
        raise ValueError(f"cannot parse address {address!r}")
    r1, c1 = int(m.group(2)), col_number(m.group(1))
    r2, c2 = (int(m.group(4)), col_number(m.group(3))) if m.group(3) else (r1, c1)
    return r1, c1, r2, c2


class FakeFont:
    def __init__(self, rng: "FakeRange"):
        object.__setattr__(self, "_rng", rng)

    def __setattr__(self, key: str, value: Any) -> None:
        attr = {"bold": "bold", "italic": "italic", "size": "size", "color": "font_color"}[key]
        for cell in self._rng.cells():
            setattr(cell, attr, value)

    def __getattr__(self, key: str) -> Any:
        attr = {"bold": "bold", "italic": "italic", "size": "size", "color": "font_color"}[key]
        return getattr(self._rng.cells()[0], attr)


class FakeRange:
    def __init__(self, sheet: "FakeSheet", areas: list[tuple[int, int, int, int]], ndim: Optional[int] = None):
        self.sheet, self.areas, self.ndim = sheet, areas, ndim

    # geometry
    @property
    def row(self) -> int:
        return self.areas[0][0]

    @property
    def column(self) -> int:
        return self.areas[0][1]

    @property
    def shape(self) -> tuple[int, int]:
        r1, c1, r2, c2 = self.areas[0]
        return r2 - r1 + 1, c2 - c1 + 1

    @property
    def last_cell(self) -> "FakeRange":
        r1, c1, r2, c2 = self.areas[-1]
        return FakeRange(self.sheet, [(r2, c2, r2, c2)])

    @property
    def address(self) -> str:
        return ",".join(f"R{a[0]}C{a[1]}:R{a[2]}C{a[3]}" for a in self.areas)

    def positions(self) -> list[tuple[int, int]]:
        return [(r, c) for r1, c1, r2, c2 in self.areas for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]

    def cells(self) -> list[Cell]:
        return [self.sheet.cell(r, c) for r, c in self.positions()]

    @property
    def api(self) -> Any:
        raise AttributeError("no platform object in the test double")

    def options(self, convert: Any = None, **options: Any) -> "FakeRange":
        return FakeRange(self.sheet, self.areas, options.get("ndim"))

    # value
    @property
    def value(self) -> Any:
        r1, c1, r2, c2 = self.areas[0]
        grid = [[self.sheet.cell(r, c).value for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
        if self.ndim == 2:
            return grid
        if len(grid) == 1 and len(grid[0]) == 1:
            return grid[0][0]
        if len(grid) == 1:
            return grid[0]
        if all(len(r) == 1 for r in grid):
            return [r[0] for r in grid]
        return grid

    @value.setter
    def value(self, data: Any) -> None:
        r1, c1, _, _ = self.areas[0]
        if not isinstance(data, (list, tuple)):
            data = [[data]]
        elif data and not isinstance(data[0], (list, tuple)):
            data = [list(data)]
        for i, row in enumerate(data):
            for j, v in enumerate(row):
                cell = self.sheet.cell(r1 + i, c1 + j)
                cell.value = excel_entry(v, cell.number_format) if isinstance(v, str) else excel_number(v)
        self.sheet.writes += 1

    # formats
    @property
    def number_format(self) -> str:
        return self.cells()[0].number_format

    @number_format.setter
    def number_format(self, fmt: str) -> None:
        for cell in self.cells():
            cell.number_format = fmt

    @property
    def font(self) -> FakeFont:
        return FakeFont(self)

    @property
    def color(self) -> Any:
        return self.cells()[0].fill

    @color.setter
    def color(self, rgb: Any) -> None:
        for cell in self.cells():
            cell.fill = rgb

    @property
    def column_width(self) -> float:
        return self.sheet.column_widths.get(self.column, 8.43)

    @column_width.setter
    def column_width(self, width: float) -> None:
        for _, c in self.positions():
            self.sheet.column_widths[c] = width

    @property
    def note(self) -> Any:
        return self.cells()[0].note

    def add_note(self, text: str) -> None:
        assert self.shape == (1, 1) and self.cells()[0].note is None
        self.cells()[0].note = text

    # layout (xlwings' cross-platform Range.merge / wrap_text / row_height)
    def merge(self, across: bool = False) -> None:
        r1, c1, r2, c2 = self.areas[0]
        rows = [(r, r) for r in range(r1, r2 + 1)] if across else [(r1, r2)]
        self.sheet.merged.extend((a, c1, b, c2) for a, b in rows)

    @property
    def wrap_text(self) -> bool:
        return all(self.sheet.wrapped.get(p, False) for p in self.positions())

    @wrap_text.setter
    def wrap_text(self, value: bool) -> None:
        for p in self.positions():
            self.sheet.wrapped[p] = value

    @property
    def row_height(self) -> float:
        return self.sheet.row_heights.get(self.row, 15.0)

    @row_height.setter
    def row_height(self, value: float) -> None:
        r1, _, r2, _ = self.areas[0]
        for r in range(r1, r2 + 1):
            self.sheet.row_heights[r] = value


@dataclass
class FakeName:
    name: str
    refers_to: str


class FakeNames:
    def __init__(self, sheet: "FakeSheet"):
        self.sheet, self.items = sheet, []

    def add(self, name: str, refers_to: str) -> FakeName:
        title = self.sheet.name
        prefix = f"'{title}'" if re.search(r"[^A-Za-z0-9_]", title) else title
        item = FakeName(f"{prefix}!{name}", refers_to)
        self.items.append(item)
        return item

    def __iter__(self):
        return iter(list(self.items))

    def __len__(self) -> int:
        return len(self.items)


@dataclass
class FakeChart:
    left: float
    top: float
    width: float
    height: float
    chart_type: str = "column_clustered"
    source: Optional[FakeRange] = None
    deleted: bool = False

    def set_source_data(self, rng: FakeRange) -> None:
        self.source = rng

    @property
    def api(self) -> Any:
        raise AttributeError("no platform object in the test double")

    def delete(self) -> None:
        self.deleted = True


class FakeCharts:
    def __init__(self):
        self.items: list[FakeChart] = []

    def add(self, left: float = 0, top: float = 0, width: float = 355, height: float = 211) -> FakeChart:
        chart = FakeChart(left, top, width, height)
        self.items.append(chart)
        return chart

    def __iter__(self):
        return iter([c for c in self.items if not c.deleted])

    def __len__(self) -> int:
        return len(list(iter(self)))


class FakeSheet:
    def __init__(self, book: "FakeBook", name: str):
        self.book, self.name = book, name
        self.grid: dict[tuple[int, int], Cell] = {}
        self.names = FakeNames(self)
        self.charts = FakeCharts()
        self.column_widths: dict[int, float] = {}
        self.merged: list[tuple[int, int, int, int]] = []
        self.wrapped: dict[tuple[int, int], bool] = {}
        self.row_heights: dict[int, float] = {}
        self.writes = 0
        self.deleted = False

    def cell(self, r: int, c: int) -> Cell:
        return self.grid.setdefault((r, c), Cell())

    def range(self, first: Any, last: Any = None) -> FakeRange:
        if isinstance(first, str):
            return FakeRange(self, [parse_area(a) for a in first.split(",")])
        if isinstance(first, FakeRange):
            first = (first.row, first.column)
        if isinstance(last, FakeRange):
            last = (last.row, last.column)
        r1, c1 = first
        r2, c2 = last if last is not None else first
        return FakeRange(self, [(r1, c1, r2, c2)])

    def __getitem__(self, address: str) -> FakeRange:
        return self.range(address)

    @property
    def used_range(self) -> FakeRange:
        used = [rc for rc, cell in self.grid.items() if not cell.is_default()]
        if not used:
            return FakeRange(self, [(1, 1, 1, 1)])
        rows, cols = [r for r, _ in used], [c for _, c in used]
        return FakeRange(self, [(min(rows), min(cols), max(rows), max(cols))])

    @property
    def api(self) -> Any:
        raise AttributeError("no platform object in the test double")

    def clear(self) -> None:
        self.grid.clear()
        self.merged.clear()
        self.wrapped.clear()
        self.row_heights.clear()

    def activate(self) -> None:
        self.book.active = self

    def delete(self) -> None:
        self.book.sheets.items.remove(self)
        self.deleted = True

    # for tests
    def values(self) -> dict[tuple[int, int], Any]:
        return {rc: cell.value for rc, cell in self.grid.items() if cell.value is not None}


class FakeSheets:
    def __init__(self, book: "FakeBook"):
        self.book, self.items = book, []

    def __iter__(self):
        return iter(list(self.items))

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, key: Any) -> FakeSheet:
        if isinstance(key, int):
            return self.items[key]
        for s in self.items:
            if s.name.casefold() == str(key).casefold():
                return s
        raise KeyError(key)

    def add(self, name: Optional[str] = None, before: Optional[FakeSheet] = None,
            after: Optional[FakeSheet] = None) -> FakeSheet:
        name = name or f"Sheet{len(self.items) + 1}"
        if any(s.name.casefold() == name.casefold() for s in self.items):
            raise ValueError(f"a sheet named {name!r} exists")  # Excel refuses duplicates too
        sheet = FakeSheet(self.book, name)
        if before is not None:
            self.items.insert(self.items.index(before), sheet)
        elif after is not None:
            self.items.insert(self.items.index(after) + 1, sheet)
        else:
            self.items.insert(0, sheet)
        sheet.activate()
        return sheet


class FakeBooks:
    def __init__(self, app: "FakeApp"):
        self.app, self.opened = app, []

    def open(self, fullname: str) -> "FakeBook":
        self.opened.append(fullname)
        return FakeBook(name=fullname.rsplit("/", 1)[-1], app=self.app)


@dataclass
class FakeApp:
    alerts: list[tuple[str, str, str]] = field(default_factory=list)
    status_history: list[Any] = field(default_factory=list)
    screen_updating: bool = True
    display_alerts: bool = True
    calculation: str = "automatic"
    screen_updating_history: list[bool] = field(default_factory=list)
    calculation_history: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.books = FakeBooks(self)

    def alert(self, prompt: str, title: Optional[str] = None, buttons: str = "ok", mode: Optional[str] = None,
              callback: Optional[str] = None) -> str:
        self.alerts.append((prompt, title or "", mode or ""))
        return "ok"

    @property
    def status_bar(self) -> Any:
        return self.status_history[-1] if self.status_history else False

    @status_bar.setter
    def status_bar(self, value: Any) -> None:
        self.status_history.append(value)

    def __setattr__(self, key: str, value: Any) -> None:
        if key == "screen_updating" and "screen_updating_history" in self.__dict__:
            self.screen_updating_history.append(value)
        if key == "calculation" and "calculation_history" in self.__dict__:
            self.calculation_history.append(value)
        object.__setattr__(self, key, value)

    @property
    def api(self) -> Any:
        raise AttributeError("no platform object in the test double")


class FakeBook:
    def __init__(self, name: str = "Household.xlsx", app: Optional[FakeApp] = None):
        self.name, self.fullname = name, f"/home/user/{name}"
        self.app = app or FakeApp()
        self.sheets = FakeSheets(self)
        self.active: Optional[FakeSheet] = None

    @classmethod
    def from_rows(cls, sheets: dict[str, list[list[Any]]], **kw: Any) -> "FakeBook":
        """A book whose sheets hold these values from A1 (as a user typed them: numbers, dates, text
        as text)."""
        book = cls(**kw)
        for name, rows in sheets.items():
            sheet = book.sheets.add(name, after=book.sheets.items[-1] if book.sheets.items else None)
            for i, row in enumerate(rows, start=1):
                for j, v in enumerate(row, start=1):
                    if v is not None:
                        cell = sheet.cell(i, j)
                        if isinstance(v, str):
                            cell.number_format = "@"  # what the user typed stays as typed
                        cell.value = excel_number(v)
        return book

    @classmethod
    def from_openpyxl(cls, wb: Any, **kw: Any) -> "FakeBook":
        """The workbook as Excel would open it: values, and each sheet's sheet-scoped defined names
        (Excel lists ``<definedName localSheetId=..>`` under the sheet, refers-to text with "=")."""
        book = cls.from_rows({ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets},
                             **kw)
        for ws in wb.worksheets:
            for name, dn in ws.defined_names.items():
                book.sheets[ws.title].names.add(name, "=" + (dn.attr_text or ""))
        return book

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]


#: the name the task uses for the double
FakeXlwingsBook = FakeBook


# --- the double imitates Excel where it matters ----------------------------------------------------
def test_double_turns_formula_like_text_into_a_formula_unless_the_cell_is_text_formatted():
    sheet = FakeBook().sheets.add("S")
    sheet.range((1, 1)).value = [["=SUM(A1)", "+1", "-2", "00123", "plain"]]
    assert sheet.cell(1, 1).value == Formula("=SUM(A1)")
    assert sheet.cell(1, 2).value == Formula("+1")
    assert sheet.cell(1, 3).value == -2.0 and sheet.cell(1, 4).value == 123.0
    assert sheet.cell(1, 5).value == "plain"
    sheet.range((2, 1), (2, 4)).number_format = "@"
    sheet.range((2, 1)).value = [["=SUM(A1)", "+1", "-2", "00123"]]
    assert [sheet.cell(2, c).value for c in range(1, 5)] == ["=SUM(A1)", "+1", "-2", "00123"]


def test_double_reads_values_back_the_way_xlwings_shapes_them():
    sheet = FakeBook().sheets.add("S")
    sheet.range((1, 1)).value = [[1, 2], [3, date(2026, 1, 2)]]
    assert sheet.range((1, 1)).value == 1.0
    assert sheet.range((1, 1), (1, 2)).value == [1.0, 2.0]
    assert sheet.range((1, 1), (2, 2)).value == [[1.0, 2.0], [3.0, datetime(2026, 1, 2)]]
    assert sheet.range((1, 1)).options(ndim=2).value == [[1.0]]
    assert (sheet.used_range.last_cell.row, sheet.used_range.last_cell.column) == (2, 2)


def test_double_reports_sheet_scoped_names_with_the_sheet_prefix():
    book = FakeBook()
    plain_sheet, spaced = book.sheets.add("Issues"), book.sheets.add("Run Info")
    plain_sheet.names.add("taxrebal_owned", '="taxrebal"')
    spaced.names.add("taxrebal_owned", '="taxrebal"')
    assert [n.name for n in plain_sheet.names] == ["Issues!taxrebal_owned"]
    assert [n.name for n in spaced.names] == ["'Run Info'!taxrebal_owned"]
