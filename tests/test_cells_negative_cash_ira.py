"""A negative Cash in an IRA, 401(k), Roth or HSA is an error in the cell functions' Accounts range, as on the
Accounts sheet (the run stops: such an account cannot borrow, and a negative balance would make the plan sell
to cover it); a taxable account's negative Cash is a margin debit, counted, as in the run.

Hand-worked: 6 VTI at $100 and 4 BND at $100 ($1,000.00 of holdings). Brokerage (Taxable) Cash -100 ->
Cash -$100.00 and the household $900.00: Stocks 600 / 900. My IRA's Cash -850 -> the error names the
range's row 3 (header row 1), column Cash (C), and gives no table.
"""

import pytest

from taxrebal.excel import convert as cv
from taxrebal.excel.udfs import DRIFT

LOTS = [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
        ["L1", "Brokerage", "VTI", 45000.0, 6.0, 500.0],
        ["L2", "Brokerage", "BND", 45000.0, 4.0, 400.0]]
SECURITIES = [["Symbol", "Asset Class", "Price"], ["VTI", "Stocks", 100.0], ["BND", "Bonds", 100.0]]
TARGETS = [["Asset Class", "Target"], ["Stocks", 0.6], ["Bonds", 0.4]]


def test_negative_cash_in_an_ira_is_an_error():
    cv.cache_clear()
    accounts = [["Account", "Type", "Cash"], ["Brokerage", "Taxable", 0.0], ["My IRA", "Traditional IRA", -850.0]]
    out = DRIFT(LOTS, SECURITIES, TARGETS, accounts)
    assert isinstance(out, str)
    assert out.startswith("#TAXREBAL! accounts row 3, column Cash (C): Cash -850.00 is negative")


def test_negative_cash_in_a_taxable_account_is_a_margin_debit():
    cv.cache_clear()
    accounts = [["Account", "Type", "Cash"], ["Brokerage", "Taxable", -100.0], ["My IRA", "Traditional IRA", 0.0]]
    out = DRIFT(LOTS, SECURITIES, TARGETS, accounts)
    assert out[1][:2] == ["Stocks", 600.0]
    assert out[1][2] == pytest.approx(600 / 900, abs=1e-12)
    assert out[3][:2] == ["Cash", -100.0]
