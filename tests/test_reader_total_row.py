"""A total row under the records (fe21 finding 6).

The template's sheets are Excel Tables, and Excel's Table Design > Total Row adds a row under the
records: "Total" in the first column and a SUBTOTAL under a number column. Read as a record it stopped
the run with errors that did not say why (Lots: "Account is blank", "Symbol is blank"; Transactions:
"Date: 'Total' is not a date"), and on Targets a typed "Total | 100%" row gave "Targets add up to
200% ... if B4 meant 1%, type 1%". The last row is skipped with a warning at its label when a cell of
it reads Total and every required column naming the record is blank: it could not be a record.
"""

from __future__ import annotations

from datetime import date

from taxrebal.workbook.reader import load_sheets


def sheets(lots_total=(), targets_total=(), tx_total=()):
    return {
        "Accounts": [["Account", "Type", "Cash"], ["Joint", "Taxable", 0]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["VTI", "US", 300], ["BND", "Bonds", 70]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["L1", "Joint", "VTI", date(2020, 1, 2), 100, 15000],
                 ["L2", "Joint", "BND", date(2021, 3, 1), 300, 24000], *lots_total],
        "Transactions": [["Date", "Account", "Symbol", "Action", "Quantity", "Price"],
                         [date(2026, 11, 2), "Joint", "BND", "Buy", 10, 71], *tx_total],
        "Targets": [["Asset Class", "Target"], ["US", 60], ["Bonds", 40], *targets_total],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 12, 4)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000], ["Realized ST YTD", 0], ["Realized LT YTD", 0]],
    }


def totals(result):
    return [i for i in result.issues if "looks like a total row" in i.message]


def test_a_lots_total_row_is_skipped_with_a_warning():
    result = load_sheets(sheets(lots_total=[["Total", None, None, None, 400, 39000]]))
    assert not result.errors
    (warning,) = totals(result)
    assert (warning.severity.name, warning.sheet, warning.cell) == ("WARNING", "Lots", "A4")
    assert "('Total', no Account, Symbol or Acquired)" in warning.message
    # the two lots only: 100 VTI + 300 BND, $15,000 + $24,000 of basis; the total's 400 is not a third lot
    lots = result.household.lots
    assert [(lot.lot_id, lot.quantity) for lot in lots] == [("L1", 100), ("L2", 300)]
    assert sum(lot.basis for lot in lots) == 39000


def test_a_targets_total_of_100_percent_is_not_a_third_class():
    result = load_sheets(sheets(targets_total=[["Total", 100]]))
    assert not result.errors  # was "Targets add up to 200%"
    assert [(t.asset_class, t.target) for t in result.household.targets] == [("US", 0.6), ("Bonds", 0.4)]
    assert totals(result)[0].cell == "A4"


def test_a_transactions_total_row_is_skipped():
    result = load_sheets(sheets(tx_total=[["Total", None, None, None, 10, None]]))
    assert not result.errors  # was "Date: 'Total' is not a date"
    assert len(result.household.transactions) == 1
    assert totals(result)[0].cell == "A3"


def test_a_row_labelled_total_that_names_an_account_is_still_read_and_judged():
    result = load_sheets(sheets(lots_total=[["Total", "Joint", None, date(2022, 1, 3), 5, 500]]))
    assert not totals(result)
    assert any(e.cell == "C4" and "Symbol is blank" in e.message for e in result.errors)
