"""A Lots row that dated Sell rows sell in full before As Of, yet still shows shares (fe17 F15).

Rule: the wash engine reads a Lots Quantity as what is left after the Sell rows naming the lot (a
lot sold in part stays on Lots with the rest), so a lot sold in full the day before As Of and not
deleted from Lots counts as held: Harvest offers it and the plan may sell it. The row is ambiguous
(the lot may have been twice as large), so it is a Warning on the last Sell's Lot ID cell naming the
Lots row and its Quantity cell, and the two fixes.

Hand-worked (fe17 h5b): Lots row 3 = D2, 50 SCHD bought 2025-03-03 for $4,250; Transactions row 2 =
"2026-12-30 Sell 50 SCHD, Lot ID D2"; As Of 2026-12-31: 50 sold >= 50 shown -> the warning at
Transactions!G2 naming "Lots row 3 (Lots!E3: Quantity 50)" and a lot of 50 + 50 = 100 shares.
Not warned: 20 of the 50 sold (the rest is plausibly what Lots shows), two sales of 25 (each half of
what Lots shows: they add up to it by chance as often as not), and a sale after As Of.
"""

from __future__ import annotations

from datetime import date

from taxrebal.workbook.reader import load_sheets

TX_HEADER = ["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID", "Acquired", "Cost Basis"]


def sheets(transactions):
    return {
        "Accounts": [["Account", "Type", "Cash", "Contribution"], ["Taxable", "Taxable", 1000, 0]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["SCHD", "US", 80]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["D1", "Taxable", "SCHD", date(2024, 2, 29), 200, 14000],
                 ["D2", "Taxable", "SCHD", date(2025, 3, 3), 50, 4250]],
        "Targets": [["Asset Class", "Target"], ["US", 100]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 12, 31)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000], ["Realized ST YTD", 0], ["Realized LT YTD", 0]],
        "Transactions": [TX_HEADER, *transactions],
    }


def warnings(result):
    return [i for i in result.issues if "as many as Lots row" in i.message]


def test_a_lot_sold_in_full_before_as_of_is_named_with_both_rows():
    (w,) = warnings(load_sheets(sheets([[date(2026, 12, 30), "Taxable", "SCHD", "Sell", 50, 78, "D2"]])))
    assert (w.sheet, w.cell) == ("Transactions", "G2")
    assert w.message.startswith("Lot ID D2: Sell rows on this sheet sell 50 SCHD of it by 2026-12-30, before As "
                                "Of, as many as Lots row 3 (Lots!E3: Quantity 50) still shows")
    assert "(a lot of 100 shares)" in w.message
    assert "delete Lots row 3 (or type the shares still held in Lots!E3)" in w.message


def test_a_part_sale_or_a_sale_after_as_of_is_not_warned():
    assert warnings(load_sheets(sheets([[date(2026, 12, 30), "Taxable", "SCHD", "Sell", 20, 78, "D2"]]))) == []
    assert warnings(load_sheets(sheets([[date(2027, 1, 5), "Taxable", "SCHD", "Sell", 50, 78, "D2"]]))) == []
    halves = [[date(2026, 12, d), "Taxable", "SCHD", "Sell", 25, 78, "D2"] for d in (10, 20)]
    assert warnings(load_sheets(sheets(halves))) == []
