"""``--as-of`` is an explicit override handed to the reader (``load_sheets(..., as_of=...)``), not an
edit of the user's Settings rows: the date is used instead of the As Of cell before every check that
uses it, the rows given to the reader stay as they were, and the cell's own value is reported back so
the run can say what it replaced."""

from __future__ import annotations

import copy
from datetime import date

from taxrebal.workbook.reader import load_sheets

RUN_DATE = date(2026, 12, 31)


def sheets(as_of_row):
    rows = [["Setting", "Value"], ["Filing Status", "Single"], ["Ordinary Income", 0]]
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


def test_the_override_is_the_as_of_and_the_rows_are_not_edited():
    given = sheets(["As Of", date(2026, 11, 20)])
    before = copy.deepcopy(given)
    result = load_sheets(given, as_of=RUN_DATE)
    assert result.ok, result.errors
    assert result.household.settings.as_of == RUN_DATE
    assert result.as_of_replaced == date(2026, 11, 20)
    assert not result.as_of_defaulted
    assert given == before


def test_an_as_of_row_under_another_accepted_name_is_overridden_not_doubled():
    result = load_sheets(sheets(["Valuation Date", date(2026, 11, 20)]), as_of=RUN_DATE)
    assert result.ok, result.errors  # not "As Of is set twice"
    assert result.household.settings.as_of == RUN_DATE
    assert result.as_of_replaced == date(2026, 11, 20)


def test_an_unreadable_as_of_cell_is_not_read_when_overridden():
    assert not load_sheets(sheets(["As Of", "next friday"])).ok  # without the override: an error
    result = load_sheets(sheets(["As Of", "next friday"]), as_of=RUN_DATE)
    assert result.ok, result.errors
    assert result.as_of_replaced == "next friday"


def test_without_an_as_of_row_the_override_is_used_and_nothing_is_replaced():
    result = load_sheets(sheets(None), as_of=RUN_DATE, default_as_of=date(2026, 1, 5))
    assert result.ok, result.errors
    assert result.household.settings.as_of == RUN_DATE
    assert result.as_of_replaced is None and not result.as_of_defaulted


def test_a_second_as_of_row_is_still_an_error():
    given = sheets(["As Of", date(2026, 11, 20)])
    given["Settings"].append(["Date", date(2026, 11, 21)])
    result = load_sheets(given, as_of=RUN_DATE)
    assert any("set twice" in i.message for i in result.errors)
