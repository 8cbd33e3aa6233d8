"""The **Issues** sheet: every problem found in the input or met while running, one row each.

Columns: Severity (Error / Warning / Info), Sheet, Cell (an A1 reference such as ``E7``, a column
letter, or blank for a whole sheet), Message (what is wrong and how to fix it). Errors come first,
then warnings, then information, each group in the order found (sheet and row order from the
reader). When there is nothing to report the sheet still exists, with one row "No problems found",
so a stale Issues sheet from an earlier run never survives.

Example: a lot on row 7 whose Quantity is "ten" gives
``Warning | Lots | E7 | Quantity "ten" is not a number; type the number of shares, e.g. 10.``
"""

from __future__ import annotations

from typing import Iterable

from ...errors import Issue, Severity
from ..interface import Column, Kind, ResultBook, Table
from . import ISSUES_SHEET

__all__ = ["ISSUES_SHEET", "NO_PROBLEMS", "issues_table", "write_issues"]

NO_PROBLEMS = "No problems found"
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

COLUMNS = (
    Column("Severity", Kind.TEXT, note="Error: nothing else was computed until it is fixed. "
           "Warning: the row was left out and the run went on. Info: for your information."),
    Column("Sheet", Kind.TEXT, note="The input sheet the problem is on (blank: the whole run)."),
    Column("Cell", Kind.TEXT, note="The cell (e.g. E7), a column letter, or blank for the whole sheet."),
    Column("Message", Kind.TEXT, width=100, note="What is wrong and how to fix it."),
)


def issues_table(issues: Iterable[Issue]) -> Table:
    ordered = sorted(issues, key=lambda i: _ORDER.get(i.severity, 3))  # stable: keeps found order
    if not ordered:
        return Table(COLUMNS, ((Severity.INFO.value, "", "", NO_PROBLEMS),), title="Issues")
    errors = tuple(n for n, i in enumerate(ordered) if i.severity is Severity.ERROR)
    counts = {s: sum(1 for i in ordered if i.severity is s) for s in Severity}
    note = (f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
            f"{counts[Severity.INFO]} note(s).")
    rows = tuple((i.severity.value, i.sheet, i.cell, i.message) for i in ordered)
    return Table(COLUMNS, rows, title="Issues", notes=(note,), highlight=errors)


def write_issues(book: ResultBook, issues: Iterable[Issue]) -> None:
    """Write (or replace) the Issues sheet."""
    book.write_sheet(ISSUES_SHEET, [issues_table(issues)])
