"""A percentage setting shows what taxrebal reads (fe8: Settings' rates were formatted ``0.00%``).

README "Percentages": a bare number above 1 is percent points (``5`` -> 5%), 1 or less a fraction
(``0.05`` -> 5%); a Band (Default Band) is points from 1 up (``1`` -> a one-point band). With ``0.00%`` a
State Tax Rate typed as ``5`` showed "500.00%" while it was read as 5%. Now each rate's Value cell has the
Targets column's format (``[>1]0.0#"%";0.0#%``: above 1, the number as typed with a % sign; else the
fraction times 100) and Default Band the Band column's (``[>=1]...``). LibreOffice renders them (checked
by hand, 2026-12-04): State Tax Rate 5 -> "5.0%", 0.05 -> "5.0%"; Default Band 1 -> "1.0%", 0.5 -> "50.0%".

The test reads the format's condition the way Excel does (``[>1]``: the first section when the value is
above 1) and checks that the percent it shows is the one the README's rule reads, for every percentage
setting of the committed template and sample.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

TEMPLATES = Path(__file__).resolve().parents[1] / "workbook_templates"

#: the percentage settings and the README's rule for each: (points from, strict)
PERCENT_SETTINGS = {
    "State Tax Rate": (1, True),
    "Flat ST Rate": (1, True),
    "Flat LT Rate": (1, True),
    "Harvest Min Loss %": (1, True),
    "Default Band": (1, False),
}


def readme_reading(typed: float, points_from: float, strict: bool) -> float:
    """The percent README "Percentages" reads from a bare number (the independent reference)."""
    points = typed > points_from if strict else typed >= points_from
    return typed if points else typed * 100


def shown_percent(typed: float, number_format: str) -> float:
    """The percent a cell of ``number_format`` shows for ``typed``: Excel's conditional first section
    (``[>1]0.0#"%"``: the number as it is, then a literal %) or the second (``0.0#%``: times 100)."""
    first, second = number_format.split(";")
    test = re.match(r"\[(>=|>)([0-9.]+)\]", first)
    assert test, number_format
    op, bound = test.group(1), float(test.group(2))
    section = first if (typed >= bound if op == ">=" else typed > bound) else second
    return typed if section.endswith('"%"') else typed * 100


@pytest.mark.parametrize("book", ["taxrebal-template.xlsx", "sample-household.xlsx"])
def test_every_percentage_setting_shows_the_percent_it_is_read_as(book):
    settings = openpyxl.load_workbook(TEMPLATES / book)["Settings"]
    formats = {row[0].value: row[1].number_format for row in settings.iter_rows(min_row=2) if row[0].value}
    for label, (points_from, strict) in PERCENT_SETTINGS.items():
        for typed in (5, 0.05, 60, 0.6, 1, 0.5, 0.005, 0):
            assert shown_percent(typed, formats[label]) == pytest.approx(
                readme_reading(typed, points_from, strict)), (label, typed, formats[label])


def test_the_sample_shows_its_rates_as_percents():
    settings = openpyxl.load_workbook(TEMPLATES / "sample-household.xlsx")["Settings"]
    values = {row[0].value: row[1] for row in settings.iter_rows(min_row=2) if row[0].value}
    # the sample's State Tax Rate is 0.05: shown 5.0%, not 0.05 or 500%
    cell = values["State Tax Rate"]
    assert cell.value == 0.05 and shown_percent(cell.value, cell.number_format) == pytest.approx(5.0)
