"""A Band that is almost surely a typo is kept but flagged (fe8 finding 4).

README "Percentages": a bare Band under 1 is a fraction, so ``0.5`` typed for half a point on a 2% REIT
target reads as 0.5 = 50 points. By hand: 50 points > the 2-point target, so the class could drift from 0%
to 52% without leaving its band: rebalancing is off for it. A band wider than its own target, or above 20
points, gets a Warning naming the Targets cell, the value read and how to type half a point.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from taxrebal.workbook.reader import load_sheets
from taxrebal.workbook.schema.columns import BAND_FORMAT, TARGET_FORMAT

TEMPLATES = Path(__file__).resolve().parents[1] / "workbook_templates"


def sheets(*targets):
    return {
        "Accounts": [["Account", "Type"], ["Brokerage", "Taxable"]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["VTI", "US", 330], ["VNQ", "REIT", 90]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["L1", "Brokerage", "VTI", date(2024, 1, 10), 10, 3000]],
        "Targets": [["Asset Class", "Target", "Band"], *targets],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 11, 20)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000]],
    }


def band_warnings(result):
    return [i for i in result.issues if i.sheet == "Targets" and i.message.startswith("Band of")]


def test_half_a_point_typed_as_0_5_is_flagged_at_its_cell_and_kept_as_read():
    result = load_sheets(sheets(["US", 98, 5], ["REIT", 2, 0.5]))
    (warning,) = band_warnings(result)
    assert warning.severity == "warning" or str(warning.severity).lower().endswith("warning")
    assert warning.cell == "C3"
    assert "is '0.5', read as 50 points (wider than its own 2% target)" in warning.message
    assert "for half a point type 0.5%" in warning.message
    reit = next(t for t in result.household.targets if t.asset_class == "REIT")
    assert reit.band == 0.5  # nothing the user wrote is changed


def test_a_band_above_20_points_is_flagged_even_under_its_target():
    (warning,) = band_warnings(load_sheets(sheets(["US", 75, 25], ["REIT", 25, 5])))
    assert warning.cell == "C2" and "read as 25 points (above 20 points)" in warning.message


def test_ordinary_bands_give_no_warning():
    assert band_warnings(load_sheets(sheets(["US", 98, 5], ["REIT", 2, "0.5%"]))) == []
    assert band_warnings(load_sheets(sheets(["US", 98, 20], ["REIT", 2, 2]))) == []


def test_the_template_shows_target_and_band_as_read():
    # LibreOffice renders these formats (checked by hand): Target 60 -> "60.0%", 0.6 -> "60.0%", 1 -> "100.0%";
    # Band 5 -> "5.0%", 1 -> "1.0%", 0.5 -> "50.0%" -- what taxrebal reads, never "6000.00%".
    assert TARGET_FORMAT == '[>1]0.0#"%";0.0#%' and BAND_FORMAT == '[>=1]0.0#"%";0.0#%'
    template = openpyxl.load_workbook(TEMPLATES / "taxrebal-template.xlsx")["Targets"]
    assert (template.column_dimensions["B"].number_format, template.column_dimensions["C"].number_format) == (
        TARGET_FORMAT, BAND_FORMAT)
    sample = openpyxl.load_workbook(TEMPLATES / "sample-household.xlsx")["Targets"]
    assert (sample["B2"].number_format, sample["C2"].number_format) == (TARGET_FORMAT, BAND_FORMAT)
