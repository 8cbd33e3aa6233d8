"""DRIFT counts an account's lots as one holding whatever the case its Account cells are typed in, as the
run's Lots reader does (each lot takes its Accounts row's spelling) and so the Allocation sheet's Value.

Hand-worked: lots of 0.5 and 0.5 shares of a $330.007 fund, one in "Brokerage" and one in "brokerage",
are one holding of 1 share: 1 x 330.007 = $330.007 -> $330.01 (a position rounded once, as a statement
values it). Split into two holdings they would be 0.5 x 330.007 = 165.0035 -> $165.00 twice, $330.00, a
cent short. With 1 share of a $100 bond fund: total $430.01, Stocks 330.01 / 430.01 of it.
"""

import json

import pytest

from taxrebal.excel import convert as cv
from taxrebal.excel.udfs import DRIFT

SECURITIES = [["Symbol", "Asset Class", "Price"], ["VTI", "Stocks", 330.007], ["BND", "Bonds", 100.0]]
TARGETS = [["Asset Class", "Target"], ["Stocks", 0.6], ["Bonds", 0.4]]
ACCOUNTS = [["Account", "Type", "Cash"], ["Brokerage", "Taxable", 0.0]]
HEADER = ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"]


def lots(second_id="L2"):
    return [HEADER,
            ["L1", "Brokerage", "VTI", 45000.0, 0.5, 150.0],
            [second_id, "brokerage", "VTI", 45001.0, 0.5, 150.0],
            ["L3", "BROKERAGE", "BND", 45002.0, 1.0, 100.0]]


# " L2": a Lot ID with a space to strip, so every lot is read by the rules (not the plain-column path)
@pytest.mark.parametrize("second_id", ["L2", " L2"])
@pytest.mark.parametrize("accounts", [ACCOUNTS, None])
def test_one_holding_whatever_the_case(second_id, accounts):
    cv.cache_clear()
    args = [json.loads(json.dumps(x)) for x in (lots(second_id), SECURITIES, TARGETS)]
    table = DRIFT(*args, accounts)
    assert table[1][:2] == ["Stocks", 330.01]
    assert table[2][:2] == ["Bonds", 100.0]
    assert table[1][2] == pytest.approx(330.01 / 430.01, abs=1e-12)
    assert table[1][4] == pytest.approx(330.01 / 430.01 - 0.6, abs=1e-12)
