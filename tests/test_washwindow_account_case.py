"""WASHWINDOW reads a Transactions or Lots row's account as the Accounts range's account whatever the case
it is typed in, as the run's reader does (each row takes its Accounts row's spelling), so a sale inside an
IRA is not taken for a taxable loss because its Account cell reads "my ira".

Hand-worked: 10 VTI (basis $1,000) sold for $90 a share on 2026-11-10 inside "My IRA" (a Traditional IRA)
realize no loss (IRC §408(e)(1): the IRA is not taxed on its trades), so a buy of VTI on 2026-11-20 washes
nothing: "Clear", as the Do Not Buy list leaves VTI off. In a taxable account the same $100 loss would block
the buy until 2026-12-11 (sale + 30 days, IRC §1091(a)).
"""

import datetime as dt

import pytest

from taxrebal.excel.udfs import WASHWINDOW

ACCOUNTS = [["Account", "Type"], ["Brokerage", "Taxable"], ["My IRA", "Traditional IRA"]]
SECURITIES = [["Symbol", "Asset Class", "Price"], ["VTI", "Stocks", 100.0]]
HEADER = ["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID", "Acquired", "Cost Basis"]


@pytest.mark.parametrize("typed", ["My IRA", "my ira", " MY IRA "])
def test_ira_sale_in_any_case_blocks_nothing(typed):
    txns = [HEADER, [dt.datetime(2026, 11, 10), typed, "VTI", "Sell", 10.0, 90.0, None, dt.datetime(2025, 1, 2),
                     1000.0]]
    assert WASHWINDOW("VTI", dt.datetime(2026, 11, 20), txns, SECURITIES, ACCOUNTS) == "Clear"


def test_taxable_sale_still_blocks():
    txns = [HEADER, [dt.datetime(2026, 11, 10), "brokerage", "VTI", "Sell", 10.0, 90.0, None,
                     dt.datetime(2025, 1, 2), 1000.0]]
    status = WASHWINDOW("VTI", dt.datetime(2026, 11, 20), txns, SECURITIES, ACCOUNTS)
    assert status.startswith("Blocked; first day you may buy 2026-12-11: VTI sold at a loss on 2026-11-10 (Brokerage)")
