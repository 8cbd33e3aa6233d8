"""The :class:`~taxrebal.workbook.interface.ResultBook` over an openpyxl ``Workbook`` (the command
line's way of writing result sheets into an .xlsx file without Excel).

Owned-sheet marker
    Every sheet this class creates gets a *sheet-scoped defined name* ``taxrebal_owned`` whose formula
    names the sheet, ``"taxrebal:Issues"`` (Excel's Name Manager shows ``Refers to: ="taxrebal:Issues"``, ``Scope:
    <sheet>``). The marker travels with the sheet, survives save/open in Excel, LibreOffice and openpyxl, and the
    live-Excel implementation reads and writes it through ``sheet.names``. A sheet without it is the
    user's: writing a result sheet with that name raises :class:`~taxrebal.errors.NotOwnedSheetError`
    telling the user to rename or delete their sheet. Sheet names compare case-insensitively, as in Excel.

Layout of a written sheet (top to bottom, for each table, one blank row between tables):
    title row (bold, 13 pt) when the table has a title; header row (bold, light fill, the column's
    ``note`` as a cell comment); the rows (number format from ``NUMBER_FORMATS`` by column kind;
    ``highlight`` rows filled pale yellow; ``total_rows`` at the end bold over a thin rule); the
    table's notes in italics. The first table's header row is frozen. Column widths, wrapped prose
    and notes, row heights and the printed page (orientation, scale, page breaks, repeated header
    rows, footer) follow :func:`taxrebal.workbook.layout.sheet_layout`. Charts go to the
    right of the tables, referencing the written cells (total rows left out).

Text is always text
    A ``str`` is stored as a string cell (``data_type = "s"``), never as a formula, even when it
    starts with ``=``, ``+``, ``-`` or ``@``; such text also gets Excel's ``quotePrefix`` style so that
    editing the cell in Excel does not turn it into a formula either. openpyxl would otherwise store
    ``"=HYPERLINK(...)"`` as a formula. Characters XML cannot hold (control characters) are removed.
"""

from __future__ import annotations

import math
from copy import copy
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import NotOwnedSheetError
from .chart_xml import CHART_HEIGHT_CM, CHART_WIDTH_CM
from .interface import NUMBER_FORMATS, Chart, Column, Kind, Table, check_charts, is_formula_like, plain
from .layout import FOOTER, LINE_PT, MARGINS_IN, SheetLayout, frozen_header_row, sheet_layout
from .results import OWNED_MARKER, insert_position, is_owned_marker, not_owned_message, owned_marker_value

__all__ = ["OpenpyxlBook", "write_text", "build_chart", "MAX_TEXT"]

#: Excel's limit on characters in one cell.
MAX_TEXT = 32767

#: Named Calibri, the workbook's body font: a Font without a name falls back to the application's
#: default, which in LibreOffice is a wider serif that overflows the planned widths.
TITLE_FONT = Font(name="Calibri", bold=True, size=13)
TITLE_WRAP_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
HEADER_FONT = Font(name="Calibri", bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HIGHLIGHT_FILL = PatternFill("solid", fgColor="FFF2CC")
TOTAL_FONT = Font(name="Calibri", bold=True)
TOTAL_BORDER = Border(top=Side(style="thin"))
HEADER_BORDER = Border(bottom=Side(style="thin"))
NOTE_FONT = Font(name="Calibri", italic=True, color="595959")
CHART_ROWS = 18  # rows a chart occupies when several are stacked


def write_text(cell: Any, text: str) -> None:
    """Store ``text`` in ``cell`` as a string, never a formula (see the module docstring).

    The value goes straight into the cell's stored value with type "s" (what openpyxl's own reader
    does): assigning ``cell.value`` would first mark text starting with "=" as a formula, and its
    character check costs more than the rest of the write on 100,000-row sheets."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_TEXT]
    cell._value = text
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True


def write_value(cell: Any, value: Any) -> None:
    """Write one plain value: text as text, numbers as numbers, NaN/inf as an empty cell."""
    if type(value) is str:
        write_text(cell, value)
        return
    if type(value) is float or type(value) is int:
        if math.isfinite(value):
            cell._value = value
            cell.data_type = "n"
        return
    value = plain(value)
    if isinstance(value, str):
        write_text(cell, value)
    elif isinstance(value, float) and not math.isfinite(value):
        cell.value = None
    else:
        cell.value = value


def _text_alignment(col: Column, j: int, wrap: bool, top: bool = False) -> Alignment:
    """Text after a number column gets a one-character indent (so "11.15%" and "Over" do not touch);
    prose (and text in a column of fixed width) wraps instead of spilling over; in a table whose
    rows grow with wrapped prose every cell reads from the top."""
    return Alignment(horizontal="left", indent=1 if j > 1 else 0,
                     wrap_text=wrap, vertical="top" if wrap or top else None)


class _FittedRow(RowDimension):  # type: ignore[misc]  # openpyxl ships no types
    """A row whose height Excel fits to its text: its height is written without ``customHeight``
    (openpyxl writes that flag for every row with a height)."""

    @property
    def customHeight(self) -> bool:
        return False


class OpenpyxlBook:
    """Result sheets written into an openpyxl ``Workbook`` (saved by the caller, see
    :mod:`taxrebal.workbook.saving`)."""

    def __init__(self, workbook: Workbook):
        self.workbook = workbook

    # --- ResultBook ---------------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        return list(self.workbook.sheetnames)

    def is_owned(self, name: str) -> bool:
        ws = self._find(name)
        return ws is not None and self._has_marker(ws)

    def write_sheet(
        self,
        name: str,
        tables: Sequence[Table],
        charts: Sequence[Chart] = (),
        freeze_header: bool = True,
        order: Sequence[str] = (),
    ) -> None:
        check_charts(tables, charts)
        ws = self._new_owned_sheet(name, order)
        layout = sheet_layout(tables)
        header_rows = self._write_tables(ws, tables, layout)
        frozen = frozen_header_row(tables, layout.places) if freeze_header else 0
        if frozen:
            ws.freeze_panes = ws.cell(row=frozen + 1, column=1)
        self._apply_layout(ws, layout)
        self._add_charts(ws, tables, header_rows, charts)

    def remove_sheet(self, name: str) -> None:
        ws = self._find(name)
        if ws is None:
            return
        if not self._has_marker(ws):
            raise NotOwnedSheetError(not_owned_message(ws.title))
        self._remove(ws)

    def activate(self, name: str) -> None:
        """Open the workbook on sheet ``name`` next time (the only selected tab: several selected
        tabs would make Excel open with the sheets grouped, and typing would change all of them)."""
        ws = self._find(name)
        if ws is None:
            return
        wb = self.workbook
        wb.active = wb.worksheets.index(ws)
        for other in wb.worksheets:
            other.sheet_view.tabSelected = other is ws

    # --- sheets -------------------------------------------------------------------------------
    def _find(self, name: str) -> Worksheet | None:
        for ws in self.workbook.worksheets:
            if ws.title.casefold() == name.casefold():
                return ws
        return None

    @staticmethod
    def _has_marker(ws: Worksheet) -> bool:
        dn = ws.defined_names.get(OWNED_MARKER)
        return dn is not None and is_owned_marker(dn.attr_text, ws.title)

    def _new_owned_sheet(self, name: str, order: Sequence[str]) -> Worksheet:
        """An empty owned sheet called ``name``: where the old owned one stood, else by its place in
        ``order`` (the result sheets in workbook order)."""
        old = self._find(name)
        if old is not None and not self._has_marker(old):
            raise NotOwnedSheetError(not_owned_message(old.title))
        wb = self.workbook
        if old is not None:
            index = wb.worksheets.index(old)
            self._remove(old)
        else:
            owned = [self._has_marker(ws) for ws in wb.worksheets]
            index = insert_position(wb.sheetnames, owned, name, order)
        ws = wb.create_sheet(title=name, index=index)
        ws.defined_names[OWNED_MARKER] = DefinedName(OWNED_MARKER, attr_text=owned_marker_value(ws.title))
        return ws

    def _remove(self, ws: Worksheet) -> None:
        wb = self.workbook
        active = wb.active.title if wb.active is not None else None
        wb.remove(ws)
        if active is not None and active != ws.title and active in wb.sheetnames:
            wb.active = wb.sheetnames.index(active)
        elif wb.worksheets:
            wb.active = 0
        for other in wb.worksheets:  # openpyxl keeps "selected" flags of tabs: leave one selected
            other.sheet_view.tabSelected = other is wb.active

    # --- tables -------------------------------------------------------------------------------
    def _write_tables(self, ws: Worksheet, tables: Sequence[Table], layout: SheetLayout) -> list[int]:
        """Write the tables stacked; return each table's header row number."""
        row = 1
        header_rows = []
        for table, wrap, note_lines in zip(tables, layout.wrap, layout.note_lines):
            if table.title:
                cell = ws.cell(row=row, column=1)
                write_text(cell, table.title)
                cell.font = TITLE_FONT
                if any(r == row for r, _first, _last in layout.spans):  # a long title wraps across the page
                    cell.alignment = TITLE_WRAP_ALIGNMENT
                row += 1
            header_rows.append(row)
            self._write_header(ws, row, table.columns)
            row += 1
            row = self._write_rows(ws, row, table, wrap)
            for row, line in note_lines:  # one line a row, unwrapped (layout.note_lines)
                cell = ws.cell(row=row, column=1)
                write_text(cell, line)
                cell.font = NOTE_FONT
            row = (note_lines[-1][0] + 1) if note_lines else row
            row += 1  # blank row between tables
        return header_rows

    @staticmethod
    def _write_rows(ws: Worksheet, row: int, table: Table, wrap: frozenset[int] = frozenset()) -> int:
        """Write the table's rows from ``row`` on; return the next free row.

        Plain rows share one style per column: it is built once on the first plain row and copied
        (openpyxl's style arrays copy cheaply; setting a number format per cell costs a lookup each
        time, which made 100,000-row sheets several times slower)."""
        first_total = len(table.rows) - table.total_rows
        highlight = set(table.highlight)
        column_style: list[Any] = [None] * len(table.columns)
        for i, values in enumerate(table.rows):
            special = i in highlight or i >= first_total
            for j, (col, value) in enumerate(zip(table.columns, values), start=1):
                cell = ws.cell(row=row, column=j)
                write_value(cell, value)
                if not special and column_style[j - 1] is not None:
                    cell._style = copy(column_style[j - 1])
                    if cell.data_type == "s" and is_formula_like(cell._value):
                        cell.quotePrefix = True  # the shared column style has none: this cell's own
                    continue
                cell.number_format = NUMBER_FORMATS[col.kind]
                if col.kind is Kind.TEXT and (j > 1 or j in wrap):
                    cell.alignment = _text_alignment(col, j, j in wrap, bool(wrap))
                elif wrap:  # rows grow with wrapped prose: every cell reads from the top
                    cell.alignment = Alignment(vertical="top")
                if i in highlight:
                    cell.fill = HIGHLIGHT_FILL
                if i >= first_total:
                    cell.font = TOTAL_FONT
                    if i == first_total:
                        cell.border = TOTAL_BORDER
                if not special:
                    column_style[j - 1] = copy(cell._style)
                    column_style[j - 1].quotePrefix = 0  # belongs to this cell's text, not the column
            row += 1
        return row

    @staticmethod
    def _write_header(ws: Worksheet, row: int, columns: Sequence[Column]) -> None:
        for j, col in enumerate(columns, start=1):
            cell = ws.cell(row=row, column=j)
            write_text(cell, col.header)
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.border = HEADER_BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="bottom",
                                       horizontal="left" if col.kind is Kind.TEXT else "right",
                                       indent=1 if col.kind is Kind.TEXT and j > 1 else 0)
            if col.note:
                comment = Comment(ILLEGAL_CHARACTERS_RE.sub("", col.note), "taxrebal")
                comment.width, comment.height = 300, 110
                cell.comment = comment

    @staticmethod
    def _apply_layout(ws: Worksheet, layout: SheetLayout) -> None:
        """Widths, merged wrapping cells, row heights and the printed page (module layout)."""
        for j, width in layout.widths.items():
            ws.column_dimensions[get_column_letter(j)].width = width
        for row, first, last in layout.spans:
            ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        for row, height in layout.row_heights.items():
            ws.row_dimensions[row].height = height
        for row, height in layout.fitted_heights.items():  # Excel fits these itself (sheet_xml._row_tags)
            ws.row_dimensions[row] = _FittedRow(ws, index=row, ht=height if height > LINE_PT else None)
        setup = ws.page_setup
        setup.orientation = "landscape" if layout.landscape else "portrait"
        setup.scale = layout.scale
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        for side, inches in MARGINS_IN.items():
            setattr(ws.page_margins, side, inches)
        if layout.title_rows:
            ws.print_title_rows = f"{layout.title_rows[0]}:{layout.title_rows[1]}"
        if layout.title_columns:
            first, last = (get_column_letter(c) for c in layout.title_columns)
            ws.print_title_cols = f"{first}:{last}"
        if layout.over_then_down:
            setup.pageOrder = "overThenDown"
        for row in layout.breaks:
            ws.row_breaks.append(Break(id=row - 1))  # a break after row-1: row begins the page
        ws.oddFooter.center.text = FOOTER
        last_row = max((p.bottom for p in layout.places), default=1)
        ws.print_area = f"A1:{get_column_letter(layout.last_column)}{last_row}"

    # --- charts -------------------------------------------------------------------------------
    @staticmethod
    def _add_charts(ws: Worksheet, tables: Sequence[Table], header_rows: list[int], charts: Sequence[Chart]) -> None:
        if not charts:
            return
        anchor_col = max(len(t.columns) for t in tables) + 2
        for n, spec in enumerate(charts):
            table = tables[spec.table_index]
            chart = build_chart(spec, table, header_rows[spec.table_index], ws)
            if chart is not None:
                ws.add_chart(chart, f"{get_column_letter(anchor_col)}{1 + n * CHART_ROWS}")


def build_chart(spec: Chart, table: Table, header: int, sheet: Any) -> Any:
    """The openpyxl chart for ``spec`` over ``table`` whose header is on row ``header`` of ``sheet``
    (a worksheet, or anything with its ``title``); None when the table has no body rows. Shared with
    :mod:`taxrebal.workbook.package_book`, so both file writers draw the same chart."""
    headers = [c.header for c in table.columns]
    missing = [h for h in (spec.category_column, *spec.value_columns) if h not in headers]
    if missing:
        raise ValueError(f"chart {spec.title!r}: no column {missing} in table {spec.table_index}")
    body = len(table.rows) - table.total_rows
    if body <= 0:
        return None
    chart = LineChart() if spec.kind == "line" else BarChart()
    if isinstance(chart, BarChart):
        chart.type = "col"
        chart.grouping = "clustered"
    chart.title = spec.title
    chart.y_axis.title = spec.y_title or None
    chart.x_axis.title = spec.x_title or None
    # openpyxl >= 3.1 writes <c:delete val="1"/> by default, which hides both axes in Excel.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if spec.percent_axis:
        chart.y_axis.numFmt = "0%"
        chart.y_axis.number_format = "0%"
    for value_header in spec.value_columns:
        col = headers.index(value_header) + 1
        data = Reference(sheet, min_col=col, min_row=header, max_row=header + body)
        chart.add_data(data, titles_from_data=True)
    cat_col = headers.index(spec.category_column) + 1
    chart.set_categories(Reference(sheet, min_col=cat_col, min_row=header + 1, max_row=header + body))
    chart.width, chart.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
    return chart
