"""The :class:`~taxrebal.workbook.interface.ResultBook` over a live Excel workbook (xlwings), and the
reading of its input sheets for :func:`taxrebal.workbook.reader.load_sheets`.

The ribbon (:mod:`taxrebal.excel.ribbon`) writes result sheets through :class:`XlwingsBook`; the
command line writes the same sheets through :class:`~taxrebal.workbook.openpyxl_book.OpenpyxlBook`.
Both follow the rules of :mod:`taxrebal.workbook.results`, so a sheet looks the same either way:

* **Owned sheets** carry the sheet-scoped defined name ``taxrebal_owned`` (``="taxrebal"``), read
  and written through ``sheet.names``; the openpyxl book writes the same marker, so a workbook run
  once from the command line and once from the ribbon replaces, never duplicates, its result sheets.
  A sheet with a result sheet's name but no marker is the user's: writing it raises
  :class:`~taxrebal.errors.NotOwnedSheetError`. A re-run *clears* the owned sheet in place (same
  position, same sheet object) instead of deleting it, so formulas elsewhere that point at a result
  sheet keep working (deleting would turn them into ``#REF!``).
* **Text stays text**: every cell that receives a ``str`` is given the number format ``"@"`` (Text)
  *before* the value is written. Excel then stores what it is given literally: ``=HYPERLINK("x")``,
  ``+1``, ``-2``, ``@SUM(A1)`` stay text (no formula), and ``00123`` or ``1/2`` stay text (no
  number or date). Text is cleaned exactly as the openpyxl book cleans it (control characters
  removed, cut at Excel's 32,767 characters), so both paths hold the same values.
* Layout per table, top to bottom: bold 13-pt title, bold header on a light fill (column notes as
  cell notes), rows with the column's number format (``NUMBER_FORMATS``), highlighted rows pale
  yellow, total rows bold, notes in italics, one blank row between tables; the first table's header
  is frozen; widths fitted as the openpyxl book fits them; charts to the right of the tables.

Only the BSD xlwings API is used (``Book``, ``Sheet``, ``Range``, ``sheet.names``, ``range.font``,
``range.color``, ``range.number_format``, ``range.column_width``, ``range.add_note``,
``sheet.charts``); cosmetic extras that need the platform object (borders, frozen header,
alignment, chart titles, page setup) go through ``.api`` inside ``try`` so that a platform without them (macOS
AppleScript, the test double) simply goes without. Values are written one 2D block per table.

Example: a table with columns Symbol (text) and Value (money) and the row ``("=1+1", 1234.5)``
written at A1 gives A1 "Symbol" (bold), A2 the text ``=1+1`` with format ``@``, B2 the number
1234.5 with format ``#,##0.00;-#,##0.00``, and row 2 frozen below the header.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Iterable, Optional, Sequence

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from ..errors import NotOwnedSheetError
from ..workbook import schema
from ..workbook.cells import normalize_key
from ..workbook.interface import NUMBER_FORMATS, Chart, Column, Kind, Table, check_charts, plain
from ..workbook.layout import FOOTER, MARGINS_IN, SheetLayout, column_widths, frozen_header_row, sheet_layout
from ..workbook.results import OWNED_MARKER, insert_position, is_owned_marker, not_owned_message, owned_marker_value

__all__ = ["XlwingsBook", "read_input_sheets", "input_sheet_names", "cell_value", "column_widths", "TEXT_FORMAT",
           "MAX_TEXT"]

TEXT_FORMAT = NUMBER_FORMATS[Kind.TEXT]  # "@"
MAX_TEXT = 32767  # Excel's limit on characters in one cell
TITLE_SIZE = 13
HEADER_FILL = (221, 235, 247)  # DDEBF7, as the openpyxl book
HIGHLIGHT_FILL = (255, 242, 204)  # FFF2CC
NOTE_COLOR = (89, 89, 89)  # 595959
CHART_WIDTH_PT, CHART_HEIGHT_PT = 454.0, 227.0  # 16 x 8 cm, as the openpyxl book
CHART_GAP_PT = 20.0
XL_EDGE_TOP, XL_EDGE_BOTTOM, XL_CONTINUOUS, XL_THIN = 8, 9, 1, 2  # Excel border constants


def cell_value(value: Any) -> Any:
    """One value as it goes into a cell: text cleaned and cut like the openpyxl book does, NaN and
    infinities as an empty cell, numpy scalars and enums as plain values."""
    value = plain(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_TEXT]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _runs(indexes: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted indexes as inclusive (first, last) runs: (0, 1, 2, 5, 7, 8) -> [(0, 2), (5, 5), (7, 8)]."""
    runs: list[tuple[int, int]] = []
    for i in sorted(set(indexes)):
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _value_runs(values: dict[int, Any]) -> list[tuple[int, int, Any]]:
    """{index: value} as (first, last, value) runs of consecutive indexes holding equal values:
    {1: 8, 2: 8, 3: 12, 5: 12} -> [(1, 2, 8), (3, 3, 12), (5, 5, 12)] (one Excel call per run)."""
    runs: list[tuple[int, int, Any]] = []
    for i in sorted(values):
        if runs and runs[-1][1] == i - 1 and runs[-1][2] == values[i]:
            runs[-1] = (runs[-1][0], i, values[i])
        else:
            runs.append((i, i, values[i]))
    return runs


def _try(action: Callable[..., Any], *args: Any) -> bool:
    """Run a cosmetic platform call; False when this platform (or the test double) lacks it."""
    try:
        action(*args)
        return True
    except Exception:  # noqa: BLE001 - cosmetics never stop a run
        return False


class XlwingsBook:
    """Result sheets written into a live xlwings ``Book`` (or anything with the same few attributes:
    ``sheets``, ``sheet.names``, ``sheet.range(...)``; see ``tests/test_xlwings_book.py``)."""

    def __init__(self, book: Any):
        self.book = book
        self._sheets: Optional[list[tuple[str, Any]]] = None  # (name, sheet), read once per run
        self._owned: dict[str, bool] = {}  # casefolded name -> has the marker

    # --- ResultBook ---------------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        return [name for name, _ in self._sheet_list()]

    def is_owned(self, name: str) -> bool:
        sheet = self._find(name)
        return sheet is not None and self._is_marked(name, sheet)

    def write_sheet(
        self,
        name: str,
        tables: Sequence[Table],
        charts: Sequence[Chart] = (),
        freeze_header: bool = True,
        order: Sequence[str] = (),
    ) -> None:
        check_charts(tables, charts)
        sheet = self._owned_sheet(name, order)
        layout = sheet_layout(tables)
        header_rows = self._write_tables(sheet, tables, layout)
        # Always set: an owned sheet cleared in place keeps the window's freeze of the last run.
        self._freeze_below(sheet, frozen_header_row(tables, layout.places) if freeze_header else 0)
        for first, last, width in _value_runs(layout.widths):
            sheet.range((1, first), (1, last)).column_width = width
        self._wrap_and_merge(sheet, layout)
        self._add_charts(sheet, tables, header_rows, charts, layout.widths)
        _try(self._page_setup, sheet, layout)

    def remove_sheet(self, name: str) -> None:
        sheet = self._find(name)
        if sheet is None:
            return
        if not self._is_marked(name, sheet):
            raise NotOwnedSheetError(not_owned_message(sheet.name))
        app = getattr(self.book, "app", None)
        alerts = getattr(app, "display_alerts", None)
        _try(setattr, app, "display_alerts", False)  # Excel would ask "delete this sheet?"
        try:
            sheet.delete()
        finally:
            if alerts is not None:
                _try(setattr, app, "display_alerts", alerts)
        self._sheets = [(n, s) for n, s in self._sheet_list() if s is not sheet]
        self._owned.pop(name.casefold(), None)

    # --- sheets -------------------------------------------------------------------------------
    def _sheet_list(self) -> list[tuple[str, Any]]:
        """The book's sheets with their names, read from Excel once per run (taxrebal is the only
        writer while a button runs: Excel is busy) and kept up to date as sheets are added/removed."""
        if self._sheets is None:
            self._sheets = [(sheet.name, sheet) for sheet in self.book.sheets]
        return self._sheets

    def _find(self, name: str) -> Any:
        for sheet_name, sheet in self._sheet_list():
            if sheet_name.casefold() == name.casefold():
                return sheet
        return None

    def _is_marked(self, name: str, sheet: Any) -> bool:
        key = name.casefold()
        if key not in self._owned:
            self._owned[key] = self._has_marker(sheet)
        return self._owned[key]

    @staticmethod
    def _has_marker(sheet: Any) -> bool:
        for n in sheet.names:
            # Excel reports a sheet-scoped name as "Sheet!taxrebal_owned" ("'My Sheet'!..." when quoted)
            if n.name.rsplit("!", 1)[-1].casefold() == OWNED_MARKER.casefold():
                if is_owned_marker(n.refers_to, sheet.name):
                    return True
        return False

    def _owned_sheet(self, name: str, order: Sequence[str]) -> Any:
        """An empty owned sheet called ``name``: the old owned one cleared in place, else a new one
        placed by its place in ``order`` (the result sheets in workbook order)."""
        old = self._find(name)
        if old is not None:
            if not self._is_marked(name, old):
                raise NotOwnedSheetError(not_owned_message(old.name))
            self._clear(old)
            return old
        sheets = self._sheet_list()
        owned = [self._is_marked(n, s) for n, s in sheets]
        index = insert_position([n for n, _ in sheets], owned, name, order)
        if index < len(sheets):
            sheet = self.book.sheets.add(name, before=sheets[index][1])
        else:
            sheet = self.book.sheets.add(name, after=sheets[-1][1])
        sheet.names.add(OWNED_MARKER, f"={owned_marker_value(name)}")
        sheets.insert(index, (name, sheet))
        self._owned[name.casefold()] = True
        return sheet

    @staticmethod
    def _clear(sheet: Any) -> None:
        for chart in list(sheet.charts):
            chart.delete()
        sheet.clear()  # contents, formats and notes

    # --- tables -------------------------------------------------------------------------------
    def _write_tables(self, sheet: Any, tables: Sequence[Table], layout: SheetLayout) -> list[int]:
        """Write the tables stacked (rows as ``layout.places``); return each table's header row."""
        for table, place, wrap, note_lines in zip(tables, layout.places, layout.wrap, layout.note_lines):
            if place.title_row:
                title = sheet.range((place.title_row, 1))
                self._write_text_cell(title, table.title)
                font = title.font
                font.bold = True
                font.size = TITLE_SIZE
            self._write_header(sheet, place.header_row, table.columns)
            if table.rows:
                self._write_body(sheet, place.first_row, table, wrap)
            if note_lines:  # one line a row, unwrapped (layout.note_lines)
                first, last = note_lines[0][0], note_lines[-1][0]
                notes = sheet.range((first, 1), (last, 1))
                notes.number_format = TEXT_FORMAT
                notes.value = [[cell_value(line)] for _row, line in note_lines]
                font = notes.font
                font.italic = True
                _try(setattr, font, "color", NOTE_COLOR)
        return [place.header_row for place in layout.places]

    @staticmethod
    def _write_text_cell(cell: Any, text: str) -> None:
        cell.number_format = TEXT_FORMAT
        cell.value = cell_value(text)

    def _write_header(self, sheet: Any, row: int, columns: Sequence[Column]) -> None:
        n = len(columns)
        header = sheet.range((row, 1), (row, n))
        header.number_format = TEXT_FORMAT
        header.value = [[cell_value(c.header) for c in columns]]
        header.font.bold = True
        header.color = HEADER_FILL
        _try(setattr, header, "wrap_text", True)  # a long header wraps at a word (layout.header_lines)
        _try(self._border, header, XL_EDGE_BOTTOM)
        # numbers' headers right-aligned over the numbers, text headers after column A indented:
        # one call per run of neighbouring columns aligned alike
        align = {j: ("right" if col.kind is not Kind.TEXT else "indent" if j > 1 else None)
                 for j, col in enumerate(columns, start=1)}
        for first, last, how in _value_runs(align):
            if how is not None:
                _try(self._align, sheet.range((row, first), (row, last)), how)
        for j, col in enumerate(columns, start=1):
            if col.note:
                _try(sheet.range((row, j)).add_note, cell_value(col.note))

    def _write_body(self, sheet: Any, first: int, table: Table, wrap: frozenset[int] = frozenset()) -> None:
        rows = [[cell_value(v) for v in r] for r in table.rows]
        last = first + len(rows) - 1
        formats = {j: NUMBER_FORMATS[col.kind] for j, col in enumerate(table.columns, start=1)}
        for a, b, fmt in _value_runs(formats):  # one call per run of columns sharing a format
            sheet.range((first, a), (last, b)).number_format = fmt
        for j, col in enumerate(table.columns, start=1):
            if col.kind is Kind.TEXT:
                continue
            for i, r in enumerate(rows):  # text in a number column: text format first, then the value
                if isinstance(r[j - 1], str):
                    sheet.range((first + i, j)).number_format = TEXT_FORMAT
        if wrap:  # rows grow with wrapped prose: every cell reads from the top
            _try(self._align, sheet.range((first, 1), (last, len(table.columns))), "top")
        text = {j: ("wrap" if j in wrap else "indent" if j > 1 else None)
                for j, col in enumerate(table.columns, start=1) if col.kind is Kind.TEXT}
        for a, b, how in _value_runs(text):
            if how is not None:
                _try(self._align, sheet.range((first, a), (last, b)), how)
        sheet.range((first, 1), (last, len(table.columns))).value = rows
        width = len(table.columns)
        for start, stop in _runs(table.highlight):  # one call per block of consecutive rows
            sheet.range((first + start, 1), (first + stop, width)).color = HIGHLIGHT_FILL
        first_total = len(rows) - table.total_rows
        if table.total_rows:
            totals = sheet.range((first + first_total, 1), (last, width))
            totals.font.bold = True
            _try(self._border, sheet.range((first + first_total, 1), (first + first_total, width)), XL_EDGE_TOP)

    @staticmethod
    def _align(rng: Any, how: str) -> None:
        """"right": xlRight (numbers' headers); "top": xlTop (rows that grow with prose); "indent": left with a
        one-character indent (text after another column, so "11.15%" and "Over" do not touch); "wrap": prose,
        indented left, wrapped and aligned to the top, as the openpyxl book."""
        api = rng.api
        if how == "right":
            api.HorizontalAlignment = -4152
            return
        if how == "top":
            api.VerticalAlignment = -4160  # xlTop
            return
        api.HorizontalAlignment = -4131  # xlLeft
        api.IndentLevel = 1
        if how == "wrap":
            api.WrapText = True
            api.VerticalAlignment = -4160  # xlTop

    def _wrap_and_merge(self, sheet: Any, layout: SheetLayout) -> None:
        """Merge the cells prose and notes wrap across, and give wrapped rows their height (one call
        per run of rows alike; xlwings' cross-platform ``merge``/``wrap_text``/``row_height``)."""
        by_row = {row: (first, last) for row, first, last in layout.spans}
        for first_row, last_row, (first, last) in _value_runs(by_row):
            rng = sheet.range((first_row, first), (last_row, last))
            _try(rng.merge, True)  # across=True: one merged cell per row
            _try(setattr, rng, "wrap_text", True)
        for first_row, last_row, height in _value_runs(layout.row_heights):
            _try(setattr, sheet.range((first_row, 1), (last_row, 1)), "row_height", height)

    @staticmethod
    def _border(rng: Any, edge: int) -> None:
        border = rng.api.Borders(edge)
        border.LineStyle = XL_CONTINUOUS
        border.Weight = XL_THIN

    @staticmethod
    def _freeze_below(sheet: Any, header_row: int) -> None:
        """Freeze the rows down to and including ``header_row``, or nothing when it is 0 (Excel's
        window-level freeze: the sheet is activated; xlwings' ``sheet.freeze_panes`` exists only for
        xlwings Server)."""

        def window_freeze() -> None:
            sheet.activate()
            window = sheet.book.app.api.ActiveWindow
            window.FreezePanes = False
            window.ScrollRow = 1  # a split is measured from the top-left visible cell
            window.ScrollColumn = 1
            window.SplitColumn = 0
            window.SplitRow = header_row
            if header_row:
                window.FreezePanes = True

        _try(window_freeze)

    @staticmethod
    def _page_setup(sheet: Any, layout: SheetLayout) -> None:
        """Printing as :mod:`taxrebal.workbook.layout` plans it (Excel's PageSetup; the ribbon pauses
        ``PrintCommunication`` around a run, so these settings cost no printer round trips)."""
        setup = sheet.api.PageSetup
        setup.Orientation = 2 if layout.landscape else 1  # xlLandscape / xlPortrait
        setup.Zoom = layout.scale
        for side in ("Left", "Right", "Top", "Bottom", "Header", "Footer"):
            setattr(setup, f"{side}Margin", MARGINS_IN[side.lower()] * 72)  # points
        if layout.title_rows:
            setup.PrintTitleRows = f"${layout.title_rows[0]}:${layout.title_rows[1]}"
        if layout.title_columns:
            first, last = (get_column_letter(c) for c in layout.title_columns)
            setup.PrintTitleColumns = f"${first}:${last}"
        if layout.over_then_down:
            setup.Order = 2  # xlOverThenDown
        setup.CenterFooter = FOOTER
        last_row = max((p.bottom for p in layout.places), default=1)
        setup.PrintArea = f"$A$1:${get_column_letter(layout.last_column)}${last_row}"
        breaks = sheet.api.HPageBreaks
        for row in layout.breaks:
            breaks.Add(sheet.range((row, 1)).api)

    # --- charts -------------------------------------------------------------------------------
    def _add_charts(self, sheet: Any, tables: Sequence[Table], header_rows: list[int],
                    charts: Sequence[Chart], widths: dict[int, float]) -> None:
        if not charts:
            return
        right = max(len(t.columns) for t in tables) + 2  # one empty column after the widest table
        left = sum(widths.get(j, 8.43) * 7.0 for j in range(1, right))  # ~7 pt per char
        for n, spec in enumerate(charts):
            table = tables[spec.table_index]
            headers = [c.header for c in table.columns]
            missing = [h for h in (spec.category_column, *spec.value_columns) if h not in headers]
            if missing:
                raise ValueError(f"chart {spec.title!r}: no column {missing} in table {spec.table_index}")
            body = len(table.rows) - table.total_rows
            if body <= 0:
                continue
            header = header_rows[spec.table_index]
            columns = [headers.index(spec.category_column) + 1] + [headers.index(v) + 1 for v in spec.value_columns]
            source = ",".join(self._column_address(c, header, header + body) for c in columns)
            top = n * (CHART_HEIGHT_PT + CHART_GAP_PT) + 5
            self._add_chart(sheet, source, spec, left, top)

    def _add_chart(self, sheet: Any, source: Any, spec: Chart, left: float, top: float) -> None:
        """One chart; a platform that cannot draw it (e.g. a multi-area source on macOS) goes without
        rather than losing the sheet's values."""
        chart = None
        try:
            chart = sheet.charts.add(left=left, top=top, width=CHART_WIDTH_PT, height=CHART_HEIGHT_PT)
            chart.chart_type = "line" if spec.kind == "line" else "column_clustered"
            chart.set_source_data(sheet.range(source))
        except Exception:  # noqa: BLE001 - a chart is a view of cells that are written anyway
            if chart is not None:
                _try(chart.delete)
            return
        _try(self._chart_titles, chart, spec)

    @staticmethod
    def _column_address(column: int, first_row: int, last_row: int) -> str:
        letters = ""
        n = column
        while n:
            n, rem = divmod(n - 1, 26)
            letters = chr(65 + rem) + letters
        return f"{letters}{first_row}:{letters}{last_row}"

    @staticmethod
    def _chart_titles(chart: Any, spec: Chart) -> None:
        api = chart.api[1] if isinstance(chart.api, tuple) else chart.api
        api.HasTitle = True
        api.ChartTitle.Text = spec.title
        if spec.y_title:
            axis = api.Axes(2)  # xlValue
            axis.HasTitle = True
            axis.AxisTitle.Text = spec.y_title
            if spec.percent_axis:
                axis.TickLabels.NumberFormat = "0%"
        if spec.x_title:
            axis = api.Axes(1)  # xlCategory
            axis.HasTitle = True
            axis.AxisTitle.Text = spec.x_title


# --- reading the input sheets --------------------------------------------------------------------
def _sheet_values(sheet: Any) -> list[list[Any]]:
    """The sheet's values as a 2D list starting at A1 (so row/column numbers in Issues are the
    worksheet's), down to the last used cell; an empty sheet gives ``[]``. Excel hands over numbers
    as floats, dates as datetimes and error cells as their text ("#N/A"), all of which the reader
    accepts."""
    used = sheet.used_range
    last = used.last_cell
    if last.row == 1 and last.column == 1 and sheet.range((1, 1)).value is None:
        return []
    # err_to_str: a cell showing #N/A reaches the reader as "#N/A" (reported with its cell), not as a blank
    values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2, err_to_str=True).value
    return [list(r) for r in values]


def _contract_keys(wanted: Optional[Iterable[str]]) -> set[str]:
    if wanted is None:
        wanted = [s.name for s in schema.SHEETS]
    return {normalize_key(w) for w in wanted}


def input_sheet_names(book: Any, wanted: Optional[Iterable[str]] = None) -> list[str]:
    """The book's sheets that are input sheets of the workbook contract (names compared like the
    reader compares them: case, spaces and punctuation ignored), in workbook order."""
    keys = _contract_keys(wanted)
    return [s.name for s in book.sheets if normalize_key(s.name) in keys]


def read_input_sheets(book: Any, wanted: Optional[Iterable[str]] = None) -> dict[str, list[list[Any]]]:
    """The workbook's input sheets as ``{sheet name: 2D values}`` for ``load_sheets``.

    Only the sheets of the workbook contract are read (names compared like the reader compares
    them); owned result sheets and other sheets are skipped, as the command line's file reader
    skips them. When none matches, every sheet is listed with no rows, so the reader's
    "missing sheet" message can name the sheets the workbook does have.
    """
    keys = _contract_keys(wanted)
    named = [(sheet.name, sheet) for sheet in book.sheets]  # each name read once
    chosen = {name: _sheet_values(sheet) for name, sheet in named if normalize_key(name) in keys}
    if not chosen:
        return {name: [] for name, _ in named}
    return chosen
