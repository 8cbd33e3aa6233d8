"""An account that is another taxpayer's is refused at its Type cell, not read as the household's own
(fe11 finding 18).

A UTMA/UGMA custodial account belongs to the child; its gains are taxed on the child's return (IRC
§1(g), the "kiddie tax"). An irrevocable non-grantor trust is a taxpayer of its own with compressed
brackets (IRC §1(e), §641). Read as the household's Taxable account, their gains were priced on the
parents' return and their losses harvested against the parents' gains, silently. A revocable (grantor)
trust is taxed to its grantor (IRC §671-677): "Revocable Trust" is still read as Taxable.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.workbook.reader import load_sheets


def sheets(account_type):
    return {
        "Accounts": [["Account", "Type"], ["Brokerage", "Taxable"], ["Kids", account_type]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["VTI", "US", 300]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["L1", "Brokerage", "VTI", date(2024, 1, 10), 10, 2500],
                 ["L2", "Kids", "VTI", date(2024, 1, 10), 5, 1250]],
        "Targets": [["Asset Class", "Target"], ["US", 100]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 12, 4)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000], ["Realized ST YTD", 0], ["Realized LT YTD", 0]],
    }


@pytest.mark.parametrize("typed, says", [("UTMA", "§1(g)"), ("Custodial", "§1(g)"), ("ugma", "§1(g)"),
                                         ("Trust", "§1(e)"), ("Irrevocable Trust", "§1(e)")])
def test_another_taxpayers_account_is_an_error_at_its_type_cell(typed, says):
    result = load_sheets(sheets(typed))
    assert not result.ok
    (error,) = [i for i in result.issues if i.cell == "B3"]
    assert error.sheet == "Accounts" and "out of scope" in error.message and says in error.message


@pytest.mark.parametrize("typed", ["Revocable Trust", "Living Trust", "Joint", "Individual"])
def test_the_households_own_accounts_are_still_taxable(typed):
    result = load_sheets(sheets(typed))
    assert result.ok, [str(i) for i in result.issues]
    assert {a.name: a.is_taxable for a in result.household.accounts}["Kids"] is True
