"""TAXCOST sells from an account whatever the case its lots' Account cells are typed in, as LOTPICK, the
Transactions path and the run (whose Lots reader gives each lot its Accounts row's spelling) do.

Hand-worked, Tax Mode Flat (long-term 20%, no state tax): lot L1 (typed "brokerage") 10 VTI bought
2015-01-02 for $100, lot L2 ("Brokerage") 10 VTI bought 2016-01-04 for $500. Selling 10 VTI at $60 from
"Brokerage" by FIFO on 2026-06-01 sells L1, the first bought: a long-term gain of $600 - $100 = $500,
tax 20% x 500 = $100.00. Read case-sensitively it sold L2: 20% x (600 - 500) = $20.00, a wrong figure
beside LOTPICK's L1.
"""

import pytest

from taxrebal.excel import convert as cv
from taxrebal.excel.udfs import LOTPICK, TAXCOST

LOTS = [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
        ["L1", "brokerage", "VTI", "2015-01-02", 10.0, 100.0],
        ["L2", "Brokerage", "VTI", "2016-01-04", 10.0, 500.0]]
SETTINGS = [["Setting", "Value"], ["Tax Mode", "Flat"], ["Flat ST Rate", 0.3], ["Flat LT Rate", 0.2],
            ["State Tax Rate", 0.0], ["Realized ST YTD", 0.0], ["Realized LT YTD", 0.0]]
ACCOUNTS = [["Account", "Type"], ["Brokerage", "Taxable"]]


@pytest.mark.parametrize("account", ["Brokerage", "BROKERAGE"])
@pytest.mark.parametrize("accounts", [None, ACCOUNTS])
def test_taxcost_sells_the_first_lot_whatever_the_case(account, accounts):
    cv.cache_clear()
    assert TAXCOST("VTI", 10, 60, LOTS, SETTINGS, "FIFO", account, "2026-06-01", accounts) == 100.00
    picked = LOTPICK("VTI", 10, 60, LOTS, "FIFO", "2026-06-01", account, SETTINGS, accounts)
    assert [row[0] for row in picked[1:]] == ["L1"]
