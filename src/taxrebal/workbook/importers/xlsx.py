"""Carrying out an :class:`~taxrebal.workbook.importers.apply.ImportPlan` on an .xlsx/.xlsm file.

The workbook is the user's, so the file is handled the way ``taxrebal run`` handles it
(:mod:`taxrebal.workbook.saving`): a workbook holding what openpyxl would drop on saving (charts,
pictures, pivot tables...) is refused before anything is read; the original is copied to
``BOOK.bak.xlsx`` before an in-place import; the new file is written to a temporary file and moved
over the destination atomically, and the VBA project of an .xlsm must survive byte for byte.

Cells: text from a broker file is stored as a string cell (``data_type = "s"``), so ``=HYPERLINK(...)``
in a description stays inert text; dates, money and quantities get the template's number formats
when the cell had none; an Excel Table over the sheet is extended to the rows and columns written.
Nothing else of the workbook changes: no row is inserted, deleted or moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Optional, Sequence

from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.table import TableColumn

from ...errors import TaxrebalError
from ..saving import make_backup, open_for_results, save_atomic
from .apply import CellWrite, ImportPlan, plan_import
from .records import BrokerFile

__all__ = ["ImportRefused", "ImportOutcome", "import_into_file", "apply_to_workbook", "sheet_values"]

_FORMATS = {"date": "yyyy-mm-dd", "money": "#,##0.00", "price": "#,##0.00##", "number": "#,##0.######",
            "text": "@"}


class ImportRefused(TaxrebalError):
    """The import found problems that block it; ``plan.errors`` lists them. Nothing was written."""

    def __init__(self, plan: ImportPlan):
        self.plan = plan
        super().__init__("; ".join(plan.errors))


@dataclass(frozen=True)
class ImportOutcome:
    plan: ImportPlan
    output: Path
    backup: Optional[Path]
    formula_sheets: tuple[str, ...]  # input sheets holding formulas (saved without cached values)
    saved: bool = True  # False: an in-place import that changed nothing (the file was left as it was)


def sheet_values(workbook: Any) -> dict[str, list[list[Any]]]:  # an openpyxl Workbook (untyped)
    """Every sheet's cells as 2D values from A1 (formulas as their text, as openpyxl holds them)."""
    out = {}
    for ws in workbook.worksheets:
        out[ws.title] = [list(r) for r in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column,
                                                       values_only=True)]
    return out


def apply_to_workbook(workbook: Any, plan: ImportPlan) -> None:
    for name in plan.new_sheets:
        if name not in workbook.sheetnames:
            workbook.create_sheet(name)
    touched: dict[str, tuple[int, int]] = {}
    for w in plan.writes:
        ws = workbook[w.sheet]
        _write(ws.cell(row=w.row, column=w.col), w)
        r, c = touched.get(w.sheet, (0, 0))
        touched[w.sheet] = (max(r, w.row), max(c, w.col))
    for name, (row, col) in touched.items():
        _extend_tables(workbook[name], row, col)


def _write(cell: Any, w: CellWrite) -> None:
    if w.kind == "clear":
        cell.value = None
        return
    value = w.value
    if w.kind == "text":
        cell.value = str(value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
    elif w.kind == "date":
        cell.value = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day) \
            if isinstance(value, date) else value
    elif w.kind == "money":
        cell.value = round(float(value), 2)
    else:
        cell.value = float(value)
    if cell.number_format in ("General", None) and w.kind in _FORMATS:
        cell.number_format = _FORMATS[w.kind]


def _extend_tables(ws: Any, row: int, col: int) -> None:
    """Grow an Excel Table whose header is on the sheet so it covers the rows and columns written."""
    for table in list(ws.tables.values()):
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        new_row, new_col = max(max_row, row), max_col
        if col == max_col + 1 and ws.cell(row=min_row, column=col).value not in (None, ""):
            new_col = col  # a header cell added right of the table joins it

            names = {c.name for c in table.tableColumns}
            header = str(ws.cell(row=min_row, column=col).value)
            if header not in names:
                table.tableColumns.append(TableColumn(id=len(table.tableColumns) + 1, name=header))
        if (new_row, new_col) != (max_row, max_col):
            ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(new_col)}{new_row}"
            table.ref = ref
            if table.autoFilter is not None:
                table.autoFilter.ref = ref


def _formula_sheets(workbook: Any, names: Sequence[str]) -> tuple[str, ...]:
    out = []
    for name in names:
        ws = workbook[name]
        if any(c.data_type == "f" for c in ws._cells.values()):
            out.append(name)
    return tuple(out)


def import_into_file(book: Path | str, files: Sequence[BrokerFile], *, output: Path | str | None = None,
                     account: Optional[str] = None) -> ImportOutcome:
    """Import ``files`` into ``book`` and save (in place after a backup, or to ``output``). Raises
    :class:`ImportRefused` (nothing written) or :class:`~taxrebal.errors.WorkbookError`."""
    source = Path(book)
    dest = Path(output) if output is not None else source
    workbook = open_for_results(source)
    plan = plan_import(sheet_values(workbook), files, account=account)
    if not plan.ok:
        raise ImportRefused(plan)
    in_place = dest.resolve() == source.resolve()
    if plan.unchanged and in_place:  # imported before: the file is not rewritten (nor backed up)
        return ImportOutcome(plan, dest, None, (), saved=False)
    apply_to_workbook(workbook, plan)
    formulas = _formula_sheets(workbook, workbook.sheetnames)
    backup = make_backup(source) if in_place else None
    save_atomic(workbook, dest, original=source)
    return ImportOutcome(plan, dest, backup, formulas)
