"""Where each result sheet goes, from the steps' own declarations.

Each step declares the sheets it writes, each right after another result sheet:
``Sheet(ORDERS_SHEET, after=LOT_SALES_SHEET)`` puts the tickets beside the lots they sell, although
Lot Sales belongs to the rebalance step and Orders to the orders step. The workbook order of the
result sheets is the chain these declarations make, starting at **Issues** (every run writes it
first) and ending with **Run Info** (every run writes it last)::

    Issues <- Allocation <- Trades <- Lot Sales <- Orders <- Tax-Drift Frontier <- ...

:func:`sheet_order` follows that chain; the pipeline hands the order to
:meth:`~taxrebal.workbook.interface.ResultBook.write_sheet`, which places a new sheet by it (the
workbook layer knows the sheets' names, not their order). A sheet two steps write (Allocation: the
allocation step, and the rebalance step with the plan's columns) is declared by both, in the same place.

Adding a sheet between two others is two edits: the new sheet names the one before it, and the one
that followed that sheet now names the new one. A declaration that breaks the chain (two sheets after
the same one, two places for one sheet, a sheet after one no step declares) raises ValueError
naming the sheets, so ``tests/test_pipeline_sheets.py`` fails on it at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..workbook.results import ISSUES_SHEET, RUN_INFO_SHEET

__all__ = ["Sheet", "sheet_order"]


@dataclass(frozen=True)
class Sheet:
    """A result sheet a step writes (``name``), placed right after the result sheet ``after``."""

    name: str
    after: str


def sheet_order(declared: Iterable[Sheet]) -> tuple[str, ...]:
    """The result sheets in workbook order: Issues, the chain of ``declared`` sheets from it, Run Info.

    >>> sheet_order([Sheet("Trades", after="Allocation"), Sheet("Allocation", after="Issues")])
    ('Issues', 'Allocation', 'Trades', 'Run Info')
    """
    place: dict[str, str] = {}
    for sheet in declared:
        if place.setdefault(sheet.name, sheet.after) != sheet.after:
            raise ValueError(f"{sheet.name} is declared after {place[sheet.name]} and after {sheet.after}; "
                             "a sheet has one place")
    follower: dict[str, str] = {}
    for name, after in place.items():
        if after in follower:
            raise ValueError(f"{follower[after]} and {name} are both declared right after {after}; "
                             f"place one of them after the other")
        follower[after] = name
    order = [ISSUES_SHEET]
    while order[-1] in follower and follower[order[-1]] not in order:
        order.append(follower[order[-1]])
    stray = [f"{name} (after {after})" for name, after in place.items() if name not in order]
    if stray:
        raise ValueError(f"Not in the chain of result sheets from {ISSUES_SHEET}: {', '.join(stray)}; "
                         "each sheet goes after one that a step declares")
    return (*order, RUN_INFO_SHEET)
