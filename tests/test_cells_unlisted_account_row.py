"""A lot whose account the Accounts range does not list: DRIFT's, TAXCOST's and LOTPICK's error names the lot's
row of the Lots range and its Account column, as the cell functions' other range errors do, so the cell to fix
is found without searching for the Lot ID.

Hand-worked: the Lots range's header is row 1, lot L1 row 2, lot L2 (account "Roth", not listed) row 3; Account
is column B: "lots row 3, column Account (B): account Roth (lot L2) is not in the accounts range".
"""

import pytest

from taxrebal.excel import convert as cv
from taxrebal.excel.udfs import DRIFT, LOTPICK, TAXCOST

LOTS = [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
        ["L1", "Brokerage", "VTI", "2020-01-02", 6.0, 500.0],
        ["L2", "Roth", "VTI", "2020-01-02", 4.0, 400.0]]
SECURITIES = [["Symbol", "Asset Class", "Price"], ["VTI", "Stocks", 100.0]]
TARGETS = [["Asset Class", "Target"], ["Stocks", 1.0]]
ACCOUNTS = [["Account", "Type"], ["Brokerage", "Taxable"]]
SETTINGS = [["Setting", "Value"], ["Tax Mode", "Flat"], ["Flat ST Rate", 0.3], ["Flat LT Rate", 0.2],
            ["State Tax Rate", 0.0], ["Realized ST YTD", 0.0], ["Realized LT YTD", 0.0]]
TRANSACTIONS = [["Date", "Account", "Symbol", "Action", "Quantity", "Price"]]
WANT = "#TAXREBAL! lots row 3, column Account (B): account Roth (lot L2) is not in the accounts range"


@pytest.mark.parametrize("call", [
    lambda: DRIFT(LOTS, SECURITIES, TARGETS, ACCOUNTS),
    lambda: TAXCOST("VTI", 1, 100, LOTS, SETTINGS, "FIFO", None, "2026-06-01", ACCOUNTS),
    lambda: LOTPICK("VTI", 1, 100, LOTS, "FIFO", "2026-06-01", None, SETTINGS, ACCOUNTS),
    lambda: TAXCOST("VTI", 1, 100, LOTS, SETTINGS, "FIFO", None, "2026-06-01", ACCOUNTS, TRANSACTIONS, SECURITIES),
], ids=["DRIFT", "TAXCOST", "LOTPICK", "TAXCOST+transactions"])
def test_error_names_the_lots_row_and_column(call):
    cv.cache_clear()
    out = call()
    assert isinstance(out, str) and out.startswith(WANT)
