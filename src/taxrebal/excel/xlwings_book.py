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
1234.5 with format ``#,##0.00;[Red]-#,##0.00``, and row 2 frozen below the header.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any, Iterable, Optional, Sequence

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..errors import NotOwnedSheetError
from ..workbook.interface import NUMBER_FORMATS, Chart, Column, Kind, Table, check_charts, plain
from ..workbook.results import OWNED_MARKER, insert_position, is_owned_marker, not_owned_message, owned_marker_value
from ..workbook.layout import column_widths

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


def _try(action, *args: Any) -> bool:
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

    # --- ResultBook ---------------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def is_owned(self, name: str) -> bool:
        sheet = self._find(name)
        return sheet is not None and self._has_marker(sheet)

    def write_sheet(
        self,
        name: str,
        tables: Sequence[Table],
        charts: Sequence[Chart] = (),
        freeze_header: bool = True,
    ) -> None:
        check_charts(tables, charts)
        sheet = self._owned_sheet(name)
        header_rows = self._write_tables(sheet, tables)
        if freeze_header and header_rows:
            self._freeze_below(sheet, header_rows[0])
        for j, width in column_widths(tables).items():
            sheet.range((1, j)).column_width = width
        self._add_charts(sheet, tables, header_rows, charts)
        _try(self._page_setup, sheet)

    def remove_sheet(self, name: str) -> None:
        sheet = self._find(name)
        if sheet is None:
            return
        if not self._has_marker(sheet):
            raise NotOwnedSheetError(not_owned_message(sheet.name))
        app = getattr(self.book, "app", None)
        alerts = getattr(app, "display_alerts", None)
        _try(setattr, app, "display_alerts", False)  # Excel would ask "delete this sheet?"
        try:
            sheet.delete()
        finally:
            if alerts is not None:
                _try(setattr, app, "display_alerts", alerts)

    # --- sheets -------------------------------------------------------------------------------
    def _find(self, name: str) -> Any:
        for sheet in self.book.sheets:
            if sheet.name.casefold() == name.casefold():
                return sheet
        return None

    @staticmethod
    def _has_marker(sheet: Any) -> bool:
        for n in sheet.names:
            # Excel reports a sheet-scoped name as "Sheet!taxrebal_owned" ("'My Sheet'!..." when quoted)
            if n.name.rsplit("!", 1)[-1].casefold() == OWNED_MARKER.casefold():
                if is_owned_marker(n.refers_to, sheet.name):
                    return True
        return False

    def _owned_sheet(self, name: str) -> Any:
        """An empty owned sheet called ``name``: the old owned one cleared in place, else a new one
        placed in result order."""
        old = self._find(name)
        if old is not None:
            if not self._has_marker(old):
                raise NotOwnedSheetError(not_owned_message(old.name))
            self._clear(old)
            return old
        sheets = list(self.book.sheets)
        owned = [self._has_marker(s) for s in sheets]
        index = insert_position([s.name for s in sheets], owned, name)
        if index < len(sheets):
            sheet = self.book.sheets.add(name, before=sheets[index])
        else:
            sheet = self.book.sheets.add(name, after=sheets[-1])
        sheet.names.add(OWNED_MARKER, f"={owned_marker_value(name)}")
        return sheet

    @staticmethod
    def _clear(sheet: Any) -> None:
        for chart in list(sheet.charts):
            chart.delete()
        sheet.clear()  # contents, formats and notes

    # --- tables -------------------------------------------------------------------------------
    def _write_tables(self, sheet: Any, tables: Sequence[Table]) -> list[int]:
        """Write the tables stacked; return each table's header row number."""
        row = 1
        header_rows = []
        for table in tables:
            if table.title:
                title = sheet.range((row, 1))
                self._write_text_cell(title, table.title)
                title.font.bold = True
                title.font.size = TITLE_SIZE
                row += 1
            header_rows.append(row)
            self._write_header(sheet, row, table.columns)
            row += 1
            if table.rows:
                self._write_body(sheet, row, table)
                row += len(table.rows)
            for note in table.notes:
                cell = sheet.range((row, 1))
                self._write_text_cell(cell, note)
                cell.font.italic = True
                _try(setattr, cell.font, "color", NOTE_COLOR)
                row += 1
            row += 1  # blank row between tables
        return header_rows

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
        _try(self._border, header, XL_EDGE_BOTTOM)
        for j, col in enumerate(columns, start=1):
            if col.kind is not Kind.TEXT:
                _try(self._align_right, sheet.range((row, j)))
            elif j > 1:
                _try(self._indent, sheet.range((row, j)))
            if col.note:
                _try(sheet.range((row, j)).add_note, cell_value(col.note))

    def _write_body(self, sheet: Any, first: int, table: Table) -> None:
        rows = [[cell_value(v) for v in r] for r in table.rows]
        last = first + len(rows) - 1
        for j, col in enumerate(table.columns, start=1):
            column = sheet.range((first, j), (last, j))
            column.number_format = NUMBER_FORMATS[col.kind]
            if col.kind is Kind.TEXT:
                if j > 1 or col.width is not None:
                    _try(self._text_alignment, column, col, j)
                continue
            for i, r in enumerate(rows):  # text in a number column: text format first, then the value
                if isinstance(r[j - 1], str):
                    sheet.range((first + i, j)).number_format = TEXT_FORMAT
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
    def _align_right(cell: Any) -> None:
        cell.api.HorizontalAlignment = -4152  # xlRight: numbers' headers over the numbers

    @staticmethod
    def _indent(cell: Any) -> None:
        cell.api.IndentLevel = 1

    @staticmethod
    def _text_alignment(column: Any, col: Column, j: int) -> None:
        """As the openpyxl book: text after another column is indented one character (so "11.15%"
        and "Over" do not touch); text in a fixed-width column wraps, aligned to the top."""
        api = column.api
        api.HorizontalAlignment = -4131  # xlLeft
        api.IndentLevel = 1 if j > 1 else 0
        if col.width is not None:
            api.WrapText = True
            api.VerticalAlignment = -4160  # xlTop

    @staticmethod
    def _border(rng: Any, edge: int) -> None:
        border = rng.api.Borders(edge)
        border.LineStyle = XL_CONTINUOUS
        border.Weight = XL_THIN

    @staticmethod
    def _freeze_below(sheet: Any, header_row: int) -> None:
        """Freeze the rows down to and including ``header_row`` (Excel's window-level freeze: the
        sheet is activated; xlwings' ``sheet.freeze_panes`` exists only for xlwings Server)."""

        def window_freeze() -> None:
            sheet.activate()
            window = sheet.book.app.api.ActiveWindow
            window.FreezePanes = False
            window.ScrollRow = 1  # a split is measured from the top-left visible cell
            window.ScrollColumn = 1
            window.SplitColumn = 0
            window.SplitRow = header_row
            window.FreezePanes = True

        _try(window_freeze)

    @staticmethod
    def _page_setup(sheet: Any) -> None:
        setup = sheet.api.PageSetup
        setup.Orientation = 2  # xlLandscape
        setup.Zoom = False
        setup.FitToPagesWide = 1
        setup.FitToPagesTall = False

    # --- charts -------------------------------------------------------------------------------
    def _add_charts(self, sheet: Any, tables: Sequence[Table], header_rows: list[int],
                    charts: Sequence[Chart]) -> None:
        if not charts:
            return
        right = max(len(t.columns) for t in tables) + 2  # one empty column after the widest table
        left = sum(sheet.range((1, j)).column_width * 7.0 for j in range(1, right))  # ~7 pt per char
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
    from ..workbook.cells import normalize_key

    if wanted is None:
        from ..workbook import schema

        wanted = [s.name for s in schema.SHEETS]
    return {normalize_key(w) for w in wanted}


def input_sheet_names(book: Any, wanted: Optional[Iterable[str]] = None) -> list[str]:
    """The book's sheets that are input sheets of the workbook contract (names compared like the
    reader compares them: case, spaces and punctuation ignored), in workbook order."""
    from ..workbook.cells import normalize_key

    keys = _contract_keys(wanted)
    return [s.name for s in book.sheets if normalize_key(s.name) in keys]


def read_input_sheets(book: Any, wanted: Optional[Iterable[str]] = None) -> dict[str, list[list[Any]]]:
    """The workbook's input sheets as ``{sheet name: 2D values}`` for ``load_sheets``.

    Only the sheets of the workbook contract are read (names compared like the reader compares
    them); owned result sheets and other sheets are skipped, as the command line's file reader
    skips them. When none matches, every sheet is listed with no rows, so the reader's
    "missing sheet" message can name the sheets the workbook does have.
    """
    names = set(input_sheet_names(book, wanted))
    sheets = list(book.sheets)
    chosen = {s.name: _sheet_values(s) for s in sheets if s.name in names}
    if not chosen:
        return {s.name: [] for s in sheets}
    return chosen
