"""A percentage setting typed as a bare fraction that may have meant percent points is flagged (fe9 finding 9).

README "Percentages" (kept as it is): a bare number of 1 or less is a fraction, above 1 percent points.
fe9 typed Harvest Min Loss % = 0.5 for half a percent: read as 50%, no lot qualified and the plan saved
$0 instead of $1,460, with no word. Like the Targets Band column, every percentage setting now warns at
its cell when the fraction read is above what is plausible for it and the same number as points is not:
the warning names both readings and how to type the other one. Nothing typed is changed.
By hand: 0.5 -> 50% (> 20%, the most a harvest threshold plausibly is) or 0.5% (plausible): flagged.
0.05 -> 5%: plausible, not flagged. "50%" and 5 say which reading they mean: not flagged.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.workbook import schema
from taxrebal.workbook.percent_readings import PLAUSIBLE_MAX
from taxrebal.workbook.reader import load_sheets
from taxrebal.workbook.schema import CellKind


def sheets(*settings):
    return {
        "Accounts": [["Account", "Type"], ["Brokerage", "Taxable"]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["VTI", "US", 330]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["L1", "Brokerage", "VTI", date(2024, 1, 10), 10, 3000]],
        "Targets": [["Asset Class", "Target"], ["US", 100]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 11, 20)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000], *settings],
    }


def setting_warnings(result):
    return [i for i in result.issues if i.sheet == "Settings" and "may be meant as" in i.message]


def test_harvest_min_loss_pct_typed_0_5_warns_at_its_cell_with_both_readings_and_is_kept():
    result = load_sheets(sheets(["Harvest Min Loss %", 0.5]))
    (warning,) = setting_warnings(result)
    assert str(warning.severity).lower().endswith("warning")
    assert warning.cell == "B5"
    assert "Harvest Min Loss %: '0.5' is read as 50%" in warning.message
    assert "it may be meant as 0.5%" in warning.message and "type 0.5% (with the % sign)" in warning.message
    assert result.household.settings.harvest_min_loss_pct == 0.5  # the documented reading is kept


@pytest.mark.parametrize("label, typed, read, other", [
    ("State Tax Rate", 0.5, "50%", "0.5%"),
    ("Flat ST Rate", 0.9, "90%", "0.9%"),
    ("Flat LT Rate", 0.45, "45%", "0.45%"),
    ("Default Band", 0.5, "50 points", "0.5 points"),
])
def test_every_percentage_setting_follows_the_same_rule(label, typed, read, other):
    (warning,) = setting_warnings(load_sheets(sheets([label, typed])))
    assert f"{label}: '{typed}' is read as {read}" in warning.message and f"meant as {other}" in warning.message


@pytest.mark.parametrize("label, typed", [
    ("Harvest Min Loss %", 0.05),     # 5%: plausible as read
    ("Harvest Min Loss %", "50%"),    # the % sign says which reading
    ("Harvest Min Loss %", 5),        # above 1: points, 5%
    ("State Tax Rate", 0.0495),       # 4.95%
    ("State Tax Rate", 0.133),        # California's top rate
    ("Flat ST Rate", 0.37),
    ("Flat LT Rate", 0.238),          # 20% + 3.8%
    ("Default Band", 0.05),           # 5 points
    ("Default Band", 1),              # 1 point: a Band of 1 or more is points
])
def test_plausible_or_unambiguous_values_are_not_flagged(label, typed):
    assert setting_warnings(load_sheets(sheets([label, typed]))) == []


def test_the_rule_covers_every_percentage_setting():
    percent_settings = {s.field for s in schema.SETTING_SPECS if s.kind in (CellKind.PERCENT, CellKind.BAND)}
    assert percent_settings == set(PLAUSIBLE_MAX)
