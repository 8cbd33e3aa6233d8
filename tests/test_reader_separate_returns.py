"""Married filing separately with taxable accounts of two owners: a warning at the Owner cells (fe12 F-l).

Rule: under MFS each spouse's sales go on that spouse's own return (own income, own $1,500 loss limit,
IRC §1211(b)(1), own carryforward). taxrebal prices every sale on the one return Settings describes, so
it says so where the owners are typed, and how to get each return's figures; a joint account, blank
Owners, tax-advantaged accounts of the other spouse or another filing status say nothing.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.errors import Severity
from taxrebal.workbook.reader import load_sheets


def sheets(status: str, accounts: list[list[object]]) -> dict[str, list[list[object]]]:
    return {
        "Settings": [["Setting", "Value"], ["As Of", "2026-06-30"], ["Filing Status", status],
                     ["Ordinary Income", 80_000], ["Realized ST YTD", 0], ["Realized LT YTD", 0]],
        "Accounts": [["Account", "Type", "Owner"]] + accounts,
        "Securities": [["Symbol", "Asset Class", "Price"], ["VTI", "US Stocks", 250.0]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["L1", accounts[0][0], "VTI", date(2020, 1, 15), 100, 16000.0]],
        "Targets": [["Asset Class", "Target"], ["US Stocks", 100]],
    }


def warnings(result) -> dict[str, str]:
    return {i.location: i.message for i in result.issues if i.severity is Severity.WARNING}


def test_two_spouses_taxable_accounts_on_separate_returns_are_a_warning_at_their_owner_cells():
    r = load_sheets(sheets("Married Filing Separately", [["Alex Brokerage", "Taxable", "Alex"],
                                                          ["Sam Brokerage", "Taxable", "Sam"]]))
    assert r.household is not None  # a warning: the plan still runs
    message = warnings(r)["Accounts!C2:C3"]
    assert "2 owners (Alex: Alex Brokerage; Sam: Sam Brokerage)" in message
    assert "one return" in message and "$1,500" in message and "workbook of their own" in message


@pytest.mark.parametrize("status, accounts", [
    ("Married Filing Jointly", [["Alex Brokerage", "Taxable", "Alex"], ["Sam Brokerage", "Taxable", "Sam"]]),
    ("Married Filing Separately", [["Alex Brokerage", "Taxable", "Alex"], ["Sam IRA", "Traditional IRA", "Sam"]]),
    ("Married Filing Separately", [["Joint", "Taxable", "Alex and Sam"]]),
    ("Married Filing Separately", [["Alex Brokerage", "Taxable", ""], ["Sam Brokerage", "Taxable", ""]]),
    ("Married Filing Separately", [["Alex Brokerage", "Taxable", "Alex"], ["Alex 2", "Taxable", " alex "]]),
])
def test_one_return_of_taxable_accounts_says_nothing(status, accounts):
    r = load_sheets(sheets(status, accounts))
    assert not [m for m in warnings(r).values() if "Married Filing Separately" in m]
