"""LOTPICK's Proceeds, Basis and Gain are the Lot Selection lots table's cents: each row's Gain is its
Proceeds minus its Basis as shown, and the rows add up to the sale's proceeds and basis in cents (split by
the largest remainder, engine/sale_cents.py), one computation with the sheet.

Hand-worked: 1 share (basis $5.006) sold at $10.004: Proceeds $10.00, Basis $5.01, Gain $10.00 - $5.01 =
$4.99 (rounding the exact gain $4.998 alone gave $5.00, a row that does not add up, a cent off the sheet).
Two half-share lots sold at $10.01: the sale's proceeds are 1 x 10.01 = $10.01, so the rows show $10.01
together (rounding each $5.005 alone gave $5.01 + $5.01 = $10.02).
"""

from taxrebal.excel import convert as cv
from taxrebal.excel.udfs import LOTPICK

HEADER = ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"]


def test_gain_is_proceeds_minus_basis_as_shown():
    cv.cache_clear()
    lots = [HEADER, ["L1", "Brokerage", "VTI", "2020-01-02", 1.0, 5.006]]
    assert LOTPICK("VTI", 1, 10.004, lots, "FIFO", "2026-06-01") == [
        ["Lot ID", "Quantity", "Proceeds", "Basis", "Gain", "Term"], ["L1", 1.0, 10.00, 5.01, 4.99, "Long"]]


def test_rows_add_up_to_the_sale_in_cents():
    cv.cache_clear()
    lots = [HEADER, ["L1", "Brokerage", "VTI", "2020-01-02", 0.5, 4.0],
            ["L2", "Brokerage", "VTI", "2021-01-04", 0.5, 4.0]]
    rows = LOTPICK("VTI", 1, 10.01, lots, "FIFO", "2026-06-01")[1:]
    assert [r[0] for r in rows] == ["L1", "L2"]
    assert round(sum(r[2] for r in rows), 2) == 10.01
    assert round(sum(r[3] for r in rows), 2) == 8.00
    assert all(round(r[2] - r[3], 2) == r[4] for r in rows)


def test_a_pieces_quantity_is_the_number_the_sheets_cell_keeps():
    # FIFO sells 0.3 shares: 0.1 of L1 (all of it) and 0.3 - 0.1 of L2, which binary floats make
    # 0.19999999999999998; Lot Selection's cell keeps 6 decimals (0.2), and so does LOTPICK (cells23)
    cv.cache_clear()
    lots = [HEADER, ["L1", "Brokerage", "VTI", "2020-01-02", 0.1, 1.0],
            ["L2", "Brokerage", "VTI", "2021-01-04", 100.0, 1000.0]]
    rows = LOTPICK("VTI", 0.3, 100, lots, "FIFO", "2026-06-01")[1:]
    assert [(r[0], r[1]) for r in rows] == [("L1", 0.1), ("L2", 0.2)]
    assert [r[2] for r in rows] == [10.00, 20.00]
