"""Filing Status and Ordinary Income are required when an account is Taxable (README "Settings":
"Required when an account is Taxable"; "What each problem costs": "Filing Status or Ordinary Income
blank when an account is Taxable (unless Tax Mode is Flat)" is an error). A blank is never read as
Single or $0: that would price every gain and loss of the household in the wrong brackets.

fe10 finding 1: with the template's blank Tax Mode row beside it, a blank Filing Status (or Ordinary
Income, or a deleted Filing Status row) was read as Single / $0 and ``taxrebal check`` said "No
problems found". Each case here is the sample Rivera household (Married Filing Jointly, $240,000)
with one cell cleared, and Tax Mode left blank as the template leaves it.
"""

from __future__ import annotations

import openpyxl
import pytest

from taxrebal.cli import main

FLAT_HINT = "or set Tax Mode to Flat with your Flat ST Rate and Flat LT Rate."
FILING = ("Filing Status is required: an account is Taxable, so every gain and loss is priced with it, and a "
          "blank would silently price them as a Single filer. ")
INCOME = ("Ordinary Income is required: an account is Taxable, so every gain and loss is priced with it, and a "
          "blank would silently price them as $0 of other income. ")
STATUSES = "Single, Married Filing Jointly, Married Filing Separately, Head of Household"


def _edit_settings(path, *, clear=(), delete=()):
    """Clear the Value cell of the settings named in ``clear`` and delete the rows of those in
    ``delete``; Tax Mode's value is cleared too (the template leaves it blank)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Settings"]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for name in (*clear, "Tax Mode"):
        ws.cell(rows[name], 2).value = None
    for name in delete:
        ws.delete_rows(rows[name])
    wb.save(path)
    return path


CASES = {
    "filing status blank": (dict(clear=("Filing Status",)),
                            f"Settings!B4: {FILING}Type one of {STATUSES} in its Value cell, {FLAT_HINT}"),
    "ordinary income blank": (dict(clear=("Ordinary Income",)),
                              f"Settings!B5: {INCOME}Type the amount (0 if there is none) in its Value cell, "
                              f"{FLAT_HINT}"),
    "filing status row deleted": (dict(delete=("Filing Status",)),
                                  f"Settings: {FILING}Type one of {STATUSES} in a row 'Filing Status' on the "
                                  f"Settings sheet, {FLAT_HINT}"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_blank_required_setting_is_an_error_naming_its_cell(case, sample_workbook, capsys):
    edit, message = CASES[case]
    book = _edit_settings(sample_workbook, **edit)

    assert main(["check", str(book)]) == 1
    printed = capsys.readouterr().out
    assert f"Checked {book}: 1 error(s), 0 warning(s)." in printed
    assert f"  Error: {message}" in printed.splitlines()

    assert main(["run", str(book), "-o", str(book.with_name("out.xlsx"))]) == 1
    assert "Nothing was computed" in capsys.readouterr().out


def test_investment_income_is_not_also_judged_against_a_blank_ordinary_income(sample_workbook, capsys):
    """One root cause, one message: with Ordinary Income blank, "Investment Income ($600) is more than
    Ordinary Income (0.00)" would be a second error for the same blank cell."""
    book = _edit_settings(sample_workbook, clear=("Ordinary Income",))
    wb = openpyxl.load_workbook(book)
    wb["Settings"]["B8"] = 600  # Investment Income
    wb.save(book)

    assert main(["check", str(book)]) == 1
    errors = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  Error:")]
    assert errors == [f"  Error: Settings!B5: {INCOME}Type the amount (0 if there is none) in its Value cell, "
                      f"{FLAT_HINT}"]


def test_the_sample_as_shipped_still_checks_clean(sample_workbook, capsys):
    """The sample types both (Married Filing Jointly, $240,000), so the rule stops nothing it should not."""
    assert main(["check", str(sample_workbook)]) == 0
    assert "No problems found" in capsys.readouterr().out
