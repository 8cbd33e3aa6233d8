"""``--as-of`` is an explicit override handed to the reader (``load_sheets(..., as_of=...)``), not an
edit of the user's Settings rows: the date is used instead of the As Of cell before every check that
uses it, the rows given to the reader stay as they were, and the cell's own value is reported back so
the run can say what it replaced."""

from __future__ import annotations

import copy
from datetime import date

from input_sheets import one_lot_sheets

from taxrebal.workbook.reader import load_sheets

RUN_DATE = date(2026, 12, 31)


def test_the_override_is_the_as_of_and_the_rows_are_not_edited():
    given = one_lot_sheets(["As Of", date(2026, 11, 20)])
    before = copy.deepcopy(given)
    result = load_sheets(given, as_of=RUN_DATE)
    assert result.ok, result.errors
    assert result.household.settings.as_of == RUN_DATE
    assert result.as_of_replaced == date(2026, 11, 20)
    assert not result.as_of_defaulted
    assert given == before


def test_an_as_of_row_under_another_accepted_name_is_overridden_not_doubled():
    result = load_sheets(one_lot_sheets(["Valuation Date", date(2026, 11, 20)]), as_of=RUN_DATE)
    assert result.ok, result.errors  # not "As Of is set twice"
    assert result.household.settings.as_of == RUN_DATE
    assert result.as_of_replaced == date(2026, 11, 20)


def test_an_unreadable_as_of_cell_is_not_read_when_overridden():
    assert not load_sheets(one_lot_sheets(["As Of", "next friday"])).ok  # without the override: an error
    result = load_sheets(one_lot_sheets(["As Of", "next friday"]), as_of=RUN_DATE)
    assert result.ok, result.errors
    assert result.as_of_replaced == "next friday"


def test_without_an_as_of_row_the_override_is_used_and_nothing_is_replaced():
    result = load_sheets(one_lot_sheets(None), as_of=RUN_DATE, default_as_of=date(2026, 1, 5))
    assert result.ok, result.errors
    assert result.household.settings.as_of == RUN_DATE
    assert result.as_of_replaced is None and not result.as_of_defaulted


def test_a_second_as_of_row_is_still_an_error():
    given = one_lot_sheets(["As Of", date(2026, 11, 20)])
    given["Settings"].append(["Date", date(2026, 11, 21)])
    result = load_sheets(given, as_of=RUN_DATE)
    assert any("set twice" in i.message for i in result.errors)
