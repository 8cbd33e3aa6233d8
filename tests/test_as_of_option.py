"""``--as-of`` says that it replaced Settings As Of (Run Info and the command's output), a problem
with its date names the option, not a Settings cell that holds another date, and it accepts the
dates a workbook cell accepts (fe5 finding 16: 12/02/2026 was refused; 2027-01-05 was reported at
Settings!B2, which held 2026-12-01)."""

from __future__ import annotations

import argparse
from datetime import date, datetime, timezone

import pytest
from input_sheets import one_lot_sheets

from taxrebal.cli.output import as_of_line, parse_date
from taxrebal.workbook.cells import parse_date as parse_cell_date
from taxrebal.workbook.reader import load_sheets
from taxrebal.workbook.results.run_info import RunFacts, run_table


@pytest.mark.parametrize("text", ["2026-12-02", "12/02/2026", "12/2/2026", "20261202"])
def test_the_option_takes_every_date_a_text_cell_takes(text):
    assert parse_date(text) == date(2026, 12, 2) == parse_cell_date(text)


@pytest.mark.parametrize("text, why", [("15/02/2026", "looks day-first"), ("next friday", "not a date"),
                                       ("46000", "not a date")])
def test_a_date_the_option_cannot_read_is_a_usage_error_saying_how_to_write_it(text, why):
    with pytest.raises(argparse.ArgumentTypeError, match=why) as err:
        parse_date(text)
    assert "YYYY-MM-DD or M/D/YYYY (month first)" in str(err.value)


def test_a_year_without_tax_parameters_is_the_options_error_not_the_settings_cells():
    result = load_sheets(one_lot_sheets(), as_of=date(2027, 1, 5))
    [error] = result.errors
    assert (error.sheet, error.cell) == ("", "")
    assert error.message.startswith("--as-of 2027-01-05 is in 2027") and "give --as-of a date" in error.message
    # typed on the sheet, the same year is the cell's error
    typed = one_lot_sheets()
    typed["Settings"][1][1] = date(2027, 1, 5)
    [error] = load_sheets(typed).errors
    assert (error.sheet, error.cell) == ("Settings", "B2") and error.message.startswith("As Of 2027-01-05")


def test_run_info_and_the_output_say_the_option_replaced_settings_as_of():
    result = load_sheets(one_lot_sheets(), as_of=date(2026, 12, 2))
    assert result.as_of_forced and result.as_of_replaced == date(2026, 12, 1)
    facts = RunFacts(datetime(2026, 12, 3, tzinfo=timezone.utc), as_of=date(2026, 12, 2), as_of_forced=True,
                     as_of_replaced=date(2026, 12, 1))
    rows = dict(run_table(facts).rows)
    assert rows["As of"] == ("2026-12-02 (--as-of on the command line, for this run; Settings As Of 2026-12-01 "
                             "was not used)")
    assert as_of_line(date(2026, 12, 2), False, True, date(2026, 12, 1)) == (
        "As of 2026-12-02 (--as-of, for this run: Settings As Of 2026-12-01 is not used).")
    assert as_of_line(date(2026, 12, 1), False) == "As of 2026-12-01."
