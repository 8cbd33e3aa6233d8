"""Three cells whose reading changes the tax, caught at their cell (fe11 findings 4, 5, 6).

- **A year in a date cell.** ``2026`` typed in Lots Acquired is Excel's date number for 1905-07-18: the
  lot bought in January 2026 was read as long-term (IRC §1222: more than one year) with no word. A whole
  number from 1900 to 2100 in a date cell is now refused with the fix ("type the full date").
- **A state rate of 45.** Typed 45 it is 45% (points, unambiguous), three times the 15% any state and
  city levy on gains: a mistyped 4.5 priced every gain at 60% instead of 19.5% with no word. Kept as
  typed, with a warning at its cell.
- **Wash Adjusted unreadable** in a Taxable account: Y or N decides whether a washed loss is added to the
  lot's basis again (IRC §1091(d)), so reading "maybe" as N could count a $900 loss twice. An error.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.workbook.cells import CellError, parse_date
from taxrebal.workbook.reader import load_sheets


def sheets(lot_acquired=date(2026, 1, 15), wash_adjusted="N", account_type="Taxable", *settings):
    return {
        "Accounts": [["Account", "Type"], ["Brokerage", account_type]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["BND", "Bonds", 72]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis", "Wash Adjusted"],
                 ["A3", "Brokerage", "BND", lot_acquired, 100, 7500, wash_adjusted]],
        "Targets": [["Asset Class", "Target"], ["Bonds", 100]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 12, 4)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000], ["Realized ST YTD", 0], ["Realized LT YTD", 0], *settings],
    }


def errors(result):
    return [i for i in result.issues if str(i.severity).lower().endswith("error")]


@pytest.mark.parametrize("typed", [2026, 2026.0, "2026", 1900, 2100])
def test_a_year_typed_in_a_date_cell_is_refused_with_the_fix(typed):
    with pytest.raises(CellError, match=f"{int(float(typed))} looks like a year, not a date .*type the full date"):
        parse_date(typed)


def test_the_year_2026_in_acquired_stops_the_run_at_its_cell_and_names_1905():
    result = load_sheets(sheets(lot_acquired=2026))
    (error,) = errors(result)
    assert (error.sheet, error.cell) == ("Lots", "D2")
    assert "2026 looks like a year" in error.message and "1905-07-18" in error.message


@pytest.mark.parametrize("serial, expected", [(1899, date(1905, 3, 13)), (2101, date(1905, 10, 1)),
                                              (46025, date(2026, 1, 3))])
def test_date_numbers_outside_the_years_are_still_dates(serial, expected):
    # 1899 and 2101 are no plausible year of a lot; 46025 is 2026-01-03 (Excel DATE(2026,1,3))
    assert parse_date(serial) == expected


def test_state_tax_rate_45_is_kept_as_45_percent_with_a_warning_at_its_cell():
    result = load_sheets(sheets(date(2026, 1, 15), "N", "Taxable", ["State Tax Rate", 45]))
    (warning,) = [i for i in result.issues if i.sheet == "Settings" and "plausible" in i.message]
    assert str(warning.severity).lower().endswith("warning")
    assert warning.cell == "B7"
    assert "State Tax Rate: '45' is read as 45%, above the 15% that is plausible here" in warning.message
    assert result.household.settings.state_tax_rate == pytest.approx(0.45)


@pytest.mark.parametrize("typed", [4.5, "4.5%", 0.093, 15])
def test_a_plausible_state_rate_gets_no_warning(typed):
    result = load_sheets(sheets(date(2026, 1, 15), "N", "Taxable", ["State Tax Rate", typed]))
    assert not [i for i in result.issues if "plausible" in i.message]


def test_wash_adjusted_unreadable_in_a_taxable_account_is_an_error_at_its_cell():
    result = load_sheets(sheets(wash_adjusted="maybe"))
    (error,) = errors(result)
    assert (error.sheet, error.cell) == ("Lots", "G2")
    assert "'maybe'" in error.message and "type Y or N" in error.message and "§1091(d)" in error.message


def test_wash_adjusted_unreadable_in_an_ira_is_only_a_warning():
    result = load_sheets(sheets(wash_adjusted="maybe", account_type="Traditional IRA"))
    assert not errors(result)
    (warning,) = [i for i in result.issues if i.cell == "G2"]
    assert "tax-advantaged" in warning.message


@pytest.mark.parametrize("shown, year", [(date(1905, 7, 18), 2026), (date(1905, 3, 14), 1900),
                                         (date(1905, 9, 30), 2100)])
def test_a_year_in_a_cell_formatted_as_a_date_is_refused_too(shown, year):
    # the template's date columns are date-formatted: 2026 typed there is stored as 2026 and read as a date
    with pytest.raises(CellError, match=f"Excel's date number {year}: a year typed in a date cell"):
        parse_date(shown)


@pytest.mark.parametrize("day", [date(1905, 3, 13), date(1905, 10, 1), date(2026, 1, 15)])
def test_other_dates_are_read(day):
    assert parse_date(day) == day


def test_an_as_of_on_a_saturday_warns_at_its_cell_and_names_the_monday():
    # fe11 finding 16: 2026-12-05 is a Saturday; a sale placed Monday 2026-12-07 moves every date 2 days
    book = sheets()
    book["Settings"][1] = ["As Of", date(2026, 12, 5)]
    result = load_sheets(book)
    (warning,) = [i for i in result.issues if "no trade fills then" in i.message]
    assert (warning.sheet, warning.cell) == ("Settings", "B2")
    assert warning.message.startswith("As Of 2026-12-05 is a Saturday")
    assert "2026-12-07" in warning.message and "2 day(s) later" in warning.message


@pytest.mark.parametrize("day", [date(2026, 12, 4), date(2026, 12, 7)])  # a Friday, a Monday
def test_a_weekday_as_of_gets_no_weekend_warning(day):
    book = sheets()
    book["Settings"][1] = ["As Of", day]
    assert not [i for i in load_sheets(book).issues if "no trade fills then" in i.message]
