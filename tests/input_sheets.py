"""Small households as the 2D values of their input sheets (what a loader hands the reader), for the
tests of the reader and the pipeline that several files share.

* :func:`two_account_sheets`: a taxable account with 700 STK ($100, bought 2020-01-02 for $40,000) and
  an IRA with 600 BND ($50): $100,000, 70/30 against targets of 60/40 with 5-point bands, so a run
  has something to rebalance. ``target_bonds=30`` makes the targets add up to 90% (an input error).
* :func:`one_lot_sheets`: one taxable lot (10 STK, bought 2020-01-02 for $800), 100% Stocks; the
  Settings As Of row given (or none).
* :func:`write_book`: such sheets saved as an .xlsx file (the sheets in the mapping's order, nothing else).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

Sheets = dict[str, list[list[Any]]]


def two_account_sheets(target_bonds: float = 40, as_of: date = date(2026, 11, 20)) -> Sheets:
    """The two-account 70/30 household of the module docstring."""
    return {
        "Accounts": [["Account", "Type", "Owner", "Cash", "Contribution"],
                     ["Brokerage", "Taxable", "", 0, 0], ["IRA", "Traditional IRA", "", 0, 0]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["STK", "Stocks", 100], ["BND", "Bonds", 50]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["L1", "Brokerage", "STK", date(2020, 1, 2), 700, 40000], ["L2", "IRA", "BND", None, 600, None]],
        "Targets": [["Asset Class", "Target", "Band"], ["Stocks", 0.6, 0.05], ["Bonds", target_bonds / 100, 0.05]],
        "Settings": [["Setting", "Value"], ["As Of", as_of], ["Filing Status", "Single"], ["Ordinary Income", 0]],
    }


def one_lot_sheets(as_of_row: Sequence[Any] | None = ("As Of", date(2026, 12, 1))) -> Sheets:
    """The one-lot household of the module docstring; ``as_of_row`` is Settings' first row after the
    header (None: no As Of row at all)."""
    rows: list[list[Any]] = [["Setting", "Value"], ["Filing Status", "Single"], ["Ordinary Income", 0]]
    if as_of_row is not None:
        rows.insert(1, list(as_of_row))
    return {
        "Accounts": [["Account", "Type"], ["Brokerage", "Taxable"]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["STK", "Stocks", 100]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["L1", "Brokerage", "STK", date(2020, 1, 2), 10, 800]],
        "Targets": [["Asset Class", "Target"], ["Stocks", 1]],
        "Settings": rows,
    }


def write_book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """``sheets`` (sheet name -> rows) saved as the workbook ``path``, one sheet each, in order."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path
