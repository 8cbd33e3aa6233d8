"""The one small interface every result sheet is written through.

A result writer (Allocation, Trades, Harvest, ...) builds a :class:`Table` of plain values and hands
it to a :class:`ResultBook`. Two implementations exist: a file through openpyxl
(:mod:`taxrebal.workbook.openpyxl_book`) and live Excel through xlwings
(:mod:`taxrebal.excel.xlwings_book`); tests also use an in-memory double. Because writers only speak
this interface, the command line and the ribbon produce the same sheets, columns and formats.

Rules every implementation keeps:

* only sheets the tool created (its *owned* sheets) are ever replaced; a foreign sheet with the
  wanted name raises :class:`~taxrebal.errors.NotOwnedSheetError`;
* a text cell is always written as text (never parsed as a formula, even when it starts with
  ``=``, ``+``, ``-`` or ``@``);
* numbers keep full precision in the cell and get the column's number format; a share quantity
  (:attr:`Kind.NUMBER`) is rounded once, when its :class:`Table` is made, to the 6 decimals its format
  shows (:data:`QUANTITY_DECIMALS`), so no float noise such as 123.60400000000001 reaches a cell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Optional, Protocol, Sequence

__all__ = ["Kind", "Column", "Table", "Chart", "ResultBook", "NUMBER_FORMATS", "check_charts"]


class Kind(str, Enum):
    """What a column holds; decides its number format and alignment."""

    TEXT = "text"
    MONEY = "money"
    PERCENT = "percent"
    DATE = "date"
    NUMBER = "number"  # share quantities: up to 6 decimals, rounded to them in the Table (QUANTITY_DECIMALS)
    INTEGER = "integer"


#: Money has no red: on these sheets a negative figure is as often good news (a tax saving, Est. Tax
#: -1,285.20; a harvested loss) as not, and red reads as a loss to an accountant; the minus sign says it.
NUMBER_FORMATS = {
    Kind.TEXT: "@",
    Kind.MONEY: "#,##0.00;-#,##0.00",
    Kind.PERCENT: "0.00%",
    Kind.DATE: "yyyy-mm-dd",
    Kind.NUMBER: "#,##0.######",
    Kind.INTEGER: "0",
}


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    width: Optional[float] = None  # characters; None -> fitted to the content
    note: str = ""  # shown as the header cell's comment: what the column means


Cell = Any  # str | float | int | date | datetime | bool | None


@dataclass(frozen=True)
class Table:
    """A titled block of rows. ``highlight`` lists row indexes (0-based, into ``rows``) to emphasise;
    ``notes`` are lines of plain text written under the table."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str = ""
    notes: tuple[str, ...] = ()
    highlight: tuple[int, ...] = ()
    #: how many rows at the end of ``rows`` are totals: shown bold over a rule and left out of charts
    total_rows: int = 0

    def __post_init__(self) -> None:
        n = len(self.columns)
        for i, r in enumerate(self.rows):
            if len(r) != n:
                raise ValueError(f"row {i} has {len(r)} cells, table has {n} columns")
        quantities = [j for j, c in enumerate(self.columns) if c.kind is Kind.NUMBER]
        if quantities:  # the one place share quantities are rounded for every sheet and backend
            object.__setattr__(self, "rows", tuple(_rounded_quantities(r, quantities) for r in self.rows))
        if not 0 <= self.total_rows <= len(self.rows):
            raise ValueError(f"total_rows={self.total_rows} but the table has {len(self.rows)} rows")


#: Decimals a share quantity keeps in its cell: those its number format shows (``#,##0.######``). The
#: plan's own quantities have at most 4 (README, "Placing the orders"), so they keep exactly those; a
#: sum of lot pieces such as 100.5 + 23.104 = 123.60400000000001 (binary float noise) is stored as
#: 123.604, the number the cell shows, so a copied or exported quantity is the one on the ticket.
QUANTITY_DECIMALS = 6


def _rounded_quantities(row: tuple[Any, ...], columns: list[int]) -> tuple[Any, ...]:
    if not any(type(row[j]) is float for j in columns):
        return row
    out = list(row)
    for j in columns:
        if type(out[j]) is float and math.isfinite(out[j]):
            out[j] = shown_quantity(out[j])
    return tuple(out)


def shown_quantity(q: float) -> float:
    """A share quantity as its cell keeps it: :data:`QUANTITY_DECIMALS` decimals, never -0 (the sheets' Tables
    and the LOTPICK cell function alike). 100.5 + 23.104 = 123.60400000000001 -> 123.604."""
    return round(q, QUANTITY_DECIMALS) + 0.0


@dataclass(frozen=True)
class Chart:
    """A clustered bar or line chart over columns of a table already written on the sheet.

    ``table_index`` names which table of the sheet (0-based, in write order) holds the data;
    ``category_column`` and ``value_columns`` are headers in it.
    """

    title: str
    table_index: int
    category_column: str
    value_columns: tuple[str, ...]
    kind: str = "bar"  # "bar" or "line"
    y_title: str = ""
    x_title: str = ""
    percent_axis: bool = False


class ResultBook(Protocol):
    """Where result sheets go. Implementations: openpyxl file, live xlwings book, in-memory double."""

    def sheet_names(self) -> list[str]:
        """All sheet names, in workbook order."""

    def is_owned(self, name: str) -> bool:
        """True when ``name`` exists and was created by taxrebal."""

    def write_sheet(
        self,
        name: str,
        tables: Sequence[Table],
        charts: Sequence[Chart] = (),
        freeze_header: bool = True,
        order: Sequence[str] = (),
    ) -> None:
        """Create or replace the owned sheet ``name`` with ``tables`` stacked top to bottom (one blank
        row between them), each with a bold header row, number formats by column kind, widths fitted
        to content, the first table's header frozen, then ``charts`` placed to the right.

        A replaced sheet keeps its position; a new one goes among the result sheets by its place in
        ``order`` (the result sheets' names in workbook order, which the pipeline derives from its
        steps' declarations; :func:`taxrebal.workbook.results.insert_position`), at the end when
        ``order`` is empty."""

    def remove_sheet(self, name: str) -> None:
        """Delete an owned sheet (no-op when absent); refuses a foreign sheet."""


def check_charts(tables: Sequence[Table], charts: Sequence[Chart]) -> None:
    """Every chart must point at a table of the sheet (a writer bug otherwise, so ValueError)."""
    for c in charts:
        if not 0 <= c.table_index < len(tables):
            raise ValueError(f"chart {c.title!r} refers to table {c.table_index}, sheet has {len(tables)}")


def is_formula_like(text: str) -> bool:
    """True for text a spreadsheet would read as a formula when typed in: ``=``, ``+``, ``-``, ``@``."""
    return bool(text) and text[0] in "=+-@"


def plain(value: Cell) -> Cell:
    """Normalise a cell value to what every backend accepts: str, float, int, bool, date, None."""
    if value is None or isinstance(value, (str, bool, int, float, date, datetime)):
        return value
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    if isinstance(value, Enum):
        return value.value
    return str(value)
