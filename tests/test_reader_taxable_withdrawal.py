"""A withdrawal from a tax-deferred account is said to be taxable income, on its own cell (fe9 finding 11).

Rule: a Traditional IRA distribution is included in gross income (IRC §408(d)(1)); a 401(k)'s likewise
(IRC §402(a)). taxrebal does not add it to Settings Ordinary Income (documented to include it), so a
negative Contribution on such an account gets an Info on that cell telling the user to make sure
Ordinary Income includes it. A Roth IRA's qualified distribution is not income (IRC §408A(d)(1)): no Info.
"""

from __future__ import annotations

from datetime import date

from taxrebal.workbook.reader import load_sheets


def sheets(account_type):
    return {
        "Accounts": [["Account", "Type", "Cash", "Contribution"], ["Brokerage", "Taxable", 1000, 0],
                     ["Ruth IRA", account_type, 10000, -6000]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["VTI", "US", 330]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["L1", "Brokerage", "VTI", date(2024, 1, 10), 10, 3000]],
        "Targets": [["Asset Class", "Target"], ["US", 100]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 12, 4)], ["Filing Status", "Single"],
                     ["Ordinary Income", 30000], ["Realized ST YTD", 0], ["Realized LT YTD", 0]],
    }


def infos(result):
    return [i for i in result.issues if i.sheet == "Accounts" and str(i.severity).lower().endswith("info")]


def test_a_traditional_ira_withdrawal_is_taxable_income_to_include_in_ordinary_income():
    (info,) = infos(load_sheets(sheets("Traditional IRA")))
    assert info.cell == "D3"  # Ruth IRA's Contribution cell
    assert info.message.startswith("Contribution -$6,000.00 is a withdrawal from Ruth IRA (Traditional IRA): "
                                   "taxable income this year (IRC §408(d)(1))")
    assert "Make sure Ordinary Income on Settings ($30,000.00) includes it" in info.message


def test_a_401k_withdrawal_cites_402a_and_a_roth_withdrawal_gets_no_info():
    (info,) = infos(load_sheets(sheets("401(k)")))
    assert "taxable income this year (IRC §402(a))" in info.message
    assert infos(load_sheets(sheets("Roth IRA"))) == []
