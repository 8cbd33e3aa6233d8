"""An asset class on two rows of the cell functions' Targets range is an error naming the second row and its
Asset Class column, as on the Targets sheet (the run stops: "Asset class ... has two rows"), never a table
that reads one of the two targets.

Hand-worked: Stocks 30% on rows 2 and 3 and Bonds 40% add up to 100%, so the sum check passes; DRIFT read
Stocks' target as 30% (the last row) against 6 VTI + 4 BND at $100 (Stocks 60%): drift +30 points, a figure
for a household the run refuses. "stocks" on row 3 is the same class (the reader compares names without case).
"""

import pytest

from taxrebal.excel import convert as cv
from taxrebal.excel.udfs import DRIFT

LOTS = [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
        ["L1", "Brokerage", "VTI", 45000.0, 6.0, 500.0],
        ["L2", "Brokerage", "BND", 45000.0, 4.0, 400.0]]
SECURITIES = [["Symbol", "Asset Class", "Price"], ["VTI", "Stocks", 100.0], ["BND", "Bonds", 100.0]]


@pytest.mark.parametrize("again", ["Stocks", "stocks"])
def test_class_on_two_rows_is_an_error(again):
    cv.cache_clear()
    targets = [["Asset Class", "Target"], ["Stocks", 0.3], [again, 0.3], ["Bonds", 0.4]]
    out = DRIFT(LOTS, SECURITIES, targets)
    assert isinstance(out, str)
    assert out.startswith("#TAXREBAL! targets row 3, column Asset Class (A): asset class")
    assert "rows 2 and 3" in out
