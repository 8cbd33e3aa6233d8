"""Text dates whose year cannot be a household's (fe21 findings 2, 3 and 4).

- A year before 1900 (``6/1/0025``, a digit of 2025 dropped; ``0205-06-01``) was read as written: a
  taxable lot "bought" in the year 25 is long-term, so a lot bought in June 2025 and sold at a
  short-term gain was priced at the long-term rate. No Excel date is before 1900, and no lot, sale or
  price of a household is: it is refused, saying why.
- A two-digit year (``6/1/25``) was refused as "not a date", which it is to the person who typed it:
  the message now says the year is the problem and gives the date written in full.
- ``--as-of 2026-13-01`` said "is not a date (not a date)"; it gives the reader's own reason.
"""

from __future__ import annotations

import argparse
from datetime import date

import pytest

from taxrebal.cli.output import parse_date as parse_option_date
from taxrebal.workbook.cells import CellError, parse_date
from taxrebal.workbook.reader import load_sheets


@pytest.mark.parametrize("text, year", [("6/1/0025", 25), ("0205-06-01", 205), ("12/31/1899", 1899)])
def test_a_text_date_before_1900_is_refused(text, year):
    with pytest.raises(CellError, match=f"is in the year {year}, before 1900"):
        parse_date(text)


def test_1900_and_later_are_still_dates():
    assert parse_date("1/1/1900") == date(1900, 1, 1)
    assert parse_date("6/1/2025") == date(2025, 6, 1)


def test_a_two_digit_year_says_so_and_gives_the_full_date():
    with pytest.raises(CellError) as err:
        parse_date("6/1/25")
    assert "has a two-digit year (1925 or 2025?)" in str(err.value)
    assert "6/1/2025 or 2025-06-01" in str(err.value)


def test_a_lot_bought_in_the_year_25_stops_the_run_at_its_cell():
    # 10 VTI bought 2025-06-01 for $3,000, $330 today: a short-term gain of $300 on 2026-04-01; typed
    # 6/1/0025 it was a long-term lot (the year 25), with no word
    sheets = {
        "Accounts": [["Account", "Type"], ["Joint", "Taxable"]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["VTI", "US", 330]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["L1", "Joint", "VTI", "6/1/0025", 10, 3000]],
        "Targets": [["Asset Class", "Target"], ["US", 100]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 4, 1)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000], ["Realized ST YTD", 0], ["Realized LT YTD", 0]],
    }
    result = load_sheets(sheets)
    assert result.household is None
    [error] = result.errors
    assert (error.sheet, error.cell) == ("Lots", "D2")
    assert "before 1900" in error.message


@pytest.mark.parametrize("text, why", [("2026-13-01", "'2026-13-01' is not a real calendar date; "),
                                       ("6/1/26", "'6/1/26' has a two-digit year (1926 or 2026?); "),
                                       ("next friday", "'next friday' is not a date; ")])
def test_the_as_of_option_gives_the_readers_reason_once(text, why):
    with pytest.raises(argparse.ArgumentTypeError) as err:
        parse_option_date(text)
    assert str(err.value).startswith(why)
    assert "(not a date)" not in str(err.value)
