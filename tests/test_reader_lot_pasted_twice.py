"""A Lots row pasted twice without a Lot ID (fe21 finding 1).

Two identical typed rows with no Lot ID were read as two lots without a word: 400 VXUS at $75 with a
$30,000 basis pasted twice became 800 shares, $60,000 held and $60,000 of basis, and every figure of
the plan moved. A repeated Lot ID is an error already; rows without one may be two equal purchases, so
the second row gets a warning at its Account cell naming the first, and both are kept (as a repeated
Transactions row is, tests/test_reader_fe11_rows.py).
"""

from __future__ import annotations

from datetime import date

from taxrebal.workbook.reader import load_sheets

LOT = ["", "Joint", "VXUS", date(2024, 6, 3), 400, 30000]


def sheets(*lots, header=("Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis")):
    return {
        "Accounts": [["Account", "Type", "Cash"], ["Joint", "Taxable", 0]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["VXUS", "Intl", 75]],
        "Lots": [list(header), *lots],
        "Targets": [["Asset Class", "Target"], ["Intl", 100]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 12, 4)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000], ["Realized ST YTD", 0], ["Realized LT YTD", 0]],
    }


def repeats(result):
    return [i for i in result.issues if "repeats row" in i.message]


def test_a_lots_row_pasted_twice_warns_at_the_second_row_and_both_are_counted():
    result = load_sheets(sheets(LOT, list(LOT)))
    (warning,) = repeats(result)
    assert (warning.severity.name, warning.sheet, warning.cell) == ("WARNING", "Lots", "B3")
    assert "repeats row 2 (400 VXUS in Joint" in warning.message
    lots = result.household.lots
    # kept: 2 x 400 shares, 2 x $30,000 of basis, worth 800 x $75 = $60,000
    assert [lot.quantity for lot in lots] == [400, 400]
    assert sum(lot.basis for lot in lots) == 60000
    assert sum(lot.quantity for lot in lots) * 75 == 60000


def test_a_third_copy_names_the_first_row_too():
    result = load_sheets(sheets(LOT, list(LOT), list(LOT)))
    assert [(w.cell, "repeats row 2" in w.message) for w in repeats(result)] == [("B3", True), ("B4", True)]


def test_rows_that_differ_or_carry_lot_ids_get_no_warning():
    other_day = ["", "Joint", "VXUS", date(2024, 6, 4), 400, 30000]
    assert not repeats(load_sheets(sheets(LOT, other_day)))
    with_ids = (["A1", *LOT[1:]], ["A2", *LOT[1:]])
    assert not repeats(load_sheets(sheets(*with_ids)))
