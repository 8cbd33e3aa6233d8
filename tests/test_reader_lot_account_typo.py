"""A Lots row whose Account is misspelt names the nearest account (fe21 finding 10).

Lots!B2 'Brokrage' said "Account 'Brokrage' is not on the Accounts sheet (accounts: Brokerage, Ann
IRA, Ann Roth)" while the same typo on Transactions or Menus says "did you mean 'Brokerage'?". The
Lots message now says it too; a name close to none gets no guess.
"""

from __future__ import annotations

from datetime import date

from taxrebal.workbook.reader import load_sheets


def sheets(account):
    return {
        "Accounts": [["Account", "Type"], ["Brokerage", "Taxable"], ["Ann IRA", "Traditional IRA"],
                     ["Ann Roth", "Roth IRA"]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["VTI", "US", 300]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["T1", account, "VTI", date(2015, 3, 2), 200, 30000]],
        "Targets": [["Asset Class", "Target"], ["US", 100]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 12, 4)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000], ["Realized ST YTD", 0], ["Realized LT YTD", 0]],
    }


def test_a_misspelt_lot_account_names_the_nearest():
    [error] = load_sheets(sheets("Brokrage")).errors
    assert (error.sheet, error.cell) == ("Lots", "B2")
    assert "Account 'Brokrage' is not on the Accounts sheet (did you mean 'Brokerage'? accounts: " in error.message


def test_a_name_close_to_none_gets_no_guess():
    [error] = load_sheets(sheets("Schwab 401k")).errors
    assert "did you mean" not in error.message
