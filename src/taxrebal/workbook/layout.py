"""Column widths of result sheets: one rule for every backend (openpyxl file, live Excel).

A column is as wide as its widest content as Excel shows it (header included) plus 3 characters,
within 8..60, unless the :class:`~taxrebal.workbook.interface.Column` sets a width. Very long tables
are measured on their first 5,000 rows and their total rows. Worked example: a money column holding
1234567.891 shows "1,234,567.89" (12 characters), so it is 15 wide.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any, Sequence

from .interface import Kind, Table

__all__ = ["MIN_WIDTH", "MAX_WIDTH", "WIDTH_SAMPLE_ROWS", "display_len", "column_widths"]

MIN_WIDTH, MAX_WIDTH = 8.0, 60.0
WIDTH_SAMPLE_ROWS = 5000  # widths are fitted to the first rows (and totals) of very long tables


def display_len(value: Any, kind: Kind) -> int:
    """Rough width in characters of ``value`` as Excel shows it with the column's number format."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    if isinstance(value, (date, datetime)):
        return 10
    if isinstance(value, bool):
        return 5
    if isinstance(value, (int, float)) and math.isfinite(value):
        if kind is Kind.PERCENT:
            return len(f"{value * 100:,.2f}%")
        if kind is Kind.MONEY:
            return len(f"{value:,.2f}")
        if kind is Kind.NUMBER:
            return len(f"{value:,.6f}".rstrip("0").rstrip("."))
        return len(str(value))
    return len(str(value))


def column_widths(tables: Sequence[Table]) -> dict[int, float]:
    """1-based column -> width in characters for tables stacked on one sheet. A title or a note
    spills over empty cells to its right, so it does not widen column A."""
    widths: dict[int, float] = {}
    fixed: dict[int, float] = {}
    for table in tables:
        sample = table.rows[:WIDTH_SAMPLE_ROWS]
        if table.total_rows and len(table.rows) > WIDTH_SAMPLE_ROWS:
            sample = sample + table.rows[-table.total_rows:]
        for j, col in enumerate(table.columns, start=1):
            if col.width is not None:
                fixed[j] = max(fixed.get(j, 0.0), col.width)
            longest = max([len(col.header) + 3] + [display_len(r[j - 1], col.kind) + 3 for r in sample])
            widths[j] = max(widths.get(j, MIN_WIDTH), float(longest))
    return {j: fixed.get(j, min(MAX_WIDTH, max(MIN_WIDTH, w))) for j, w in widths.items()}
