"""DRIFT puts each security in its Targets row's class whatever the case either sheet types it in, as the
run's reader does (each security takes the Targets spelling), so the table is the Allocation sheet's.

Hand-worked: 6 VTI at $100 ("stocks" on Securities) and 4 BND at $100 ("Bonds") against Targets
"Stocks" 60% / "Bonds" 40%: Stocks $600.00, 0.60 of $1,000.00, drift 0; Bonds $400.00, 0.40, drift 0.
Read case-sensitively, "stocks" was a class of its own with no target (+60 points) and Stocks held $0.00
against its 60% (-60 points).
"""

import json

import pytest

from taxrebal.excel import convert as cv
from taxrebal.excel.udfs import DRIFT

LOTS = [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
        ["L1", "Brokerage", "VTI", 45000.0, 6.0, 500.0],
        ["L2", "Brokerage", "BND", 45000.0, 4.0, 400.0]]
TARGETS = [["Asset Class", "Target"], ["Stocks", 0.6], ["Bonds", 0.4]]


@pytest.mark.parametrize("stocks", ["stocks", "STOCKS", " Stocks "])
def test_security_class_in_the_targets_spelling(stocks):
    cv.cache_clear()
    securities = [["Symbol", "Asset Class", "Price"], ["VTI", stocks, 100.0], ["BND", "Bonds", 100.0]]
    table = DRIFT(*json.loads(json.dumps([LOTS, securities, TARGETS])))
    assert table[1:] == [["Stocks", 600.0, pytest.approx(0.6), 0.6, pytest.approx(0.0, abs=1e-12)],
                         ["Bonds", 400.0, pytest.approx(0.4), 0.4, pytest.approx(0.0, abs=1e-12)]]
