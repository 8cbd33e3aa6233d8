"""A Replacement whose own Securities row was left out says why, not "is not on the Securities sheet"
(fresh-eyes finding 17: SCHB was listed, with a blank price)."""

from __future__ import annotations

from datetime import date

from taxrebal.workbook.reader import load_sheets


def sheets(schb_price):
    return {
        "Accounts": [["Account", "Type"], ["Brokerage", "Taxable"]],
        "Securities": [["Symbol", "Asset Class", "Price", "Replacement"], ["VTI", "US", 330, "SCHB"],
                       ["SCHB", "US", schb_price, ""]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["L1", "Brokerage", "VTI", date(2024, 1, 10), 10, 3000]],
        "Targets": [["Asset Class", "Target"], ["US", 1.0]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 11, 20)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000]],
    }


def test_a_replacement_dropped_for_a_blank_price_names_its_row_and_why():
    result = load_sheets(sheets(None))
    (warning,) = [i for i in result.issues if i.message.startswith("Replacement SCHB")]
    assert "is on the Securities sheet (row 3), but that row was left out" in warning.message
    assert "not on the Securities sheet" not in warning.message
    assert result.household.security_map()["VTI"].replacements == ()


def test_a_replacement_with_no_row_at_all_is_still_named_as_missing():
    s = sheets(25.5)
    s["Securities"] = s["Securities"][:2]
    result = load_sheets(s)
    (warning,) = [i for i in result.issues if i.message.startswith("Replacement SCHB")]
    assert "is not on the Securities sheet" in warning.message
