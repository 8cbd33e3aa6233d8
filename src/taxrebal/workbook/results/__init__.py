"""Result sheets: one writer function per sheet, each taking a :class:`ResultBook`.

This package module also holds the layout rules every ResultBook implementation shares, so the file
(openpyxl), live-Excel (xlwings) and in-memory books put sheets in the same places:

* :data:`INPUT_SHEETS` are the user's sheets, in template order; the tool never writes to them.
* :data:`RESULT_SHEETS` are the names of the sheets the tool writes. Their order is not written
  here: each step of the pipeline declares the sheets it writes and where each goes
  (:data:`taxrebal.pipeline.STEPS`), and the pipeline hands the order it derives to
  :meth:`~taxrebal.workbook.interface.ResultBook.write_sheet` (``order=``). A new result sheet goes
  after every input sheet and after the result sheets that come before it in that order, and before
  those that come after it (see :func:`insert_position`). A sheet name the order does not list goes
  at the end, before "Run Info"; with no order, every new sheet goes at the end.
* A re-run replaces an owned sheet where it stands (same position, never a duplicate).
* :data:`OWNED_MARKER` is the sheet-scoped defined name that marks a sheet as made by taxrebal; its
  value names the sheet (``="taxrebal:Allocation"``, :func:`owned_marker_value`), because Excel
  copies a sheet-scoped name with the sheet: the user's copy "Allocation (2)" carries
  ``"taxrebal:Allocation"``, which is not its own name, so it is the user's and is never replaced or
  removed (:func:`is_owned_marker`). Any implementation that reads and writes defined names uses them.

Writers live in the submodules (``allocation``, ``issues``, ``run_info``, and other engineers'
``trades``, ``harvest``...); import them from there, not from this package, to keep this module
free of import cycles.
"""

from __future__ import annotations

from typing import Sequence

__all__ = [
    "ISSUES_SHEET",
    "ALLOCATION_SHEET",
    "TRADES_SHEET",
    "LOT_SALES_SHEET",
    "ORDERS_SHEET",
    "FRONTIER_SHEET",
    "CONTRIBUTIONS_SHEET",
    "DIVIDENDS_SHEET",
    "HARVEST_SHEET",
    "WASH_SALES_SHEET",
    "LOT_SELECTION_SHEET",
    "FORM8949_SHEET",
    "RUN_INFO_SHEET",
    "INPUT_SHEETS",
    "CONTRACT_SHEETS",
    "RESULT_SHEETS",
    "OWNED_MARKER",
    "OWNED_MARKER_VALUE",
    "owned_marker_value",
    "is_owned_marker",
    "insert_position",
    "not_owned_message",
    "result_rank",
]

#: The user's sheets of the template family, in order: "Start" (the guide) and the sample's
#: "Dashboard" (cell functions on the data) are read by nobody; the rest are the workbook contract's
#: input sheets. None of them is ever written by a run.
INPUT_SHEETS: tuple[str, ...] = (
    "Start",
    "Dashboard",
    "Accounts",
    "Securities",
    "Lots",
    "Transactions",
    "Targets",
    "Settings",
    "Menus",
    "Sales",
    "Proposed Trades",
)

#: The sheets the reader reads (the workbook contract), in template order.
CONTRACT_SHEETS: tuple[str, ...] = tuple(n for n in INPUT_SHEETS if n not in ("Start", "Dashboard"))

#: The result sheets' names, written here once (each writer module and the pipeline's step
#: declarations use these constants; the steps' declarations place them).
ISSUES_SHEET = "Issues"
ALLOCATION_SHEET = "Allocation"
TRADES_SHEET = "Trades"
LOT_SALES_SHEET = "Lot Sales"
ORDERS_SHEET = "Orders"
FRONTIER_SHEET = "Tax-Drift Frontier"
CONTRIBUTIONS_SHEET = "Contributions Only"
DIVIDENDS_SHEET = "Dividends"
HARVEST_SHEET = "Harvest"
WASH_SALES_SHEET = "Wash Sales"
LOT_SELECTION_SHEET = "Lot Selection"
FORM8949_SHEET = "Form 8949"
RUN_INFO_SHEET = "Run Info"

#: Every result sheet's name: what a run may write (``tests/test_pipeline_sheets.py`` checks that
#: these are exactly the sheets the pipeline's steps declare, plus Issues and Run Info).
RESULT_SHEETS: frozenset[str] = frozenset({
    ISSUES_SHEET,
    ALLOCATION_SHEET,
    TRADES_SHEET,
    LOT_SALES_SHEET,
    ORDERS_SHEET,
    FRONTIER_SHEET,
    CONTRIBUTIONS_SHEET,
    DIVIDENDS_SHEET,
    HARVEST_SHEET,
    WASH_SALES_SHEET,
    LOT_SELECTION_SHEET,
    FORM8949_SHEET,
    RUN_INFO_SHEET,
})

#: Sheet-scoped defined name on every sheet taxrebal creates; its formula text is ``"taxrebal"``
#: (Excel shows it as ``="taxrebal"`` in the Name Manager, scope = that sheet).
OWNED_MARKER = "taxrebal_owned"
#: The value of markers written before the value named the sheet (still recognised, see below).
OWNED_MARKER_VALUE = '"taxrebal"'


def owned_marker_value(sheet_name: str) -> str:
    """The marker's formula text for sheet ``sheet_name``: ``"taxrebal:Allocation"`` (an Excel
    string literal: a double quote in the name is doubled)."""
    return '"taxrebal:' + sheet_name.replace('"', '""') + '"'


def is_owned_marker(value: object, sheet_name: str) -> bool:
    """True when a sheet called ``sheet_name`` whose marker has formula text ``value`` is taxrebal's:
    the marker names this very sheet. An older marker (``"taxrebal"``, naming no sheet) counts only
    on a sheet with a result sheet's own name, never on a copy ("Allocation (2)")."""
    text = str(value or "").strip().lstrip("=").strip()
    if text.casefold() == owned_marker_value(sheet_name).casefold():
        return True
    return text == OWNED_MARKER_VALUE and sheet_name.casefold() in {n.casefold() for n in RESULT_SHEETS}


def result_rank(name: str, order: Sequence[str]) -> int:
    """Position of ``name`` in ``order`` (the result sheets in workbook order); a name ``order`` does
    not list ranks just before Run Info (the run's record stays last), or after every listed name
    when ``order`` has no Run Info."""
    folded = [n.casefold() for n in order]
    key = name.casefold()
    if key in folded:
        return folded.index(key) * 2
    last = RUN_INFO_SHEET.casefold()
    return folded.index(last) * 2 - 1 if last in folded else len(folded) * 2


def insert_position(names: Sequence[str], owned: Sequence[bool], new_name: str, order: Sequence[str] = ()) -> int:
    """Index at which a new owned sheet ``new_name`` goes among the existing sheets ``names``
    (``owned[i]`` tells whether ``names[i]`` is a result sheet), the result sheets being placed in
    ``order`` (the pipeline's, derived from its steps' declarations; see :func:`result_rank`).

    It goes before the first owned sheet that ranks after it; when none does, after the last sheet.
    So inputs (and any user sheets in between) always stay before the results. Example: with
    ``order = ("Issues", "Allocation", "Trades", "Run Info")`` and the sheets ``Accounts, Issues,
    Trades, Run Info`` (the last three owned), ``Allocation`` goes at index 2, before Trades.
    """
    rank = result_rank(new_name, order)
    for i, (name, is_owned) in enumerate(zip(names, owned)):
        if is_owned and result_rank(name, order) > rank:
            return i
    return len(names)


def not_owned_message(name: str) -> str:
    return (
        f"The workbook already has a sheet called '{name}' that taxrebal did not create, so it will "
        f"not overwrite it. Rename that sheet (or delete it if you no longer need it) and run again."
    )
