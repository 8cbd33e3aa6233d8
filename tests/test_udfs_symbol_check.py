"""A TAXCOST / LOTPICK cell checks only the cells its answer reads (taxrebal.excel.symbol_check): every
change to one of them gives the new answer, worked by hand; a change elsewhere keeps the parsed table.

Each call gets fresh copies of its ranges (a JSON round trip), as Excel passes them. Flat mode
(long-term 15%, short-term 35%, no state tax), so each figure is one multiplication:

* lot A, 100 VTI bought 2020-01-10 for $10,000, sold at $250 by FIFO: a $15,000 long-term gain x 15% = 2,250;
* 60 BND lots around it, L1..L60, each 10 shares bought 2020-03-02 for $700: 10 BND at $80 by FIFO sell
  L1, 800 - 700 = $100 x 15% = 15.
"""

import json

import pytest

from taxrebal.excel import convert, symbol_check
from taxrebal.excel.udfs import LOTPICK, TAXCOST

HEADER = ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis", "Wash Adjusted"]
A_ROW = 43
FLAT = [["Setting", "Value"], ["As Of", "2026-11-25"], ["Tax Mode", "Flat"], ["Flat LT Rate", "15%"],
        ["Flat ST Rate", "35%"], ["Realized ST YTD", 0], ["Realized LT YTD", 0]]


def lots_range():
    rows = [list(HEADER)] + [[f"L{i}", "Brokerage", "BND", "2020-03-02", 10.0, 700.0, "N"] for i in range(1, 61)]
    rows[A_ROW] = ["A", "Brokerage", "VTI", "2020-01-10", 100.0, 10000.0, "N"]
    return rows


def fresh(values):
    return json.loads(json.dumps(values))


def taxcost(symbol, quantity, price, lots):
    return TAXCOST(symbol, quantity, price, fresh(lots), fresh(FLAT), "FIFO", None, None)


def table_for(symbol, lots):
    return symbol_check.lots_for_symbol(fresh(lots), symbol)


@pytest.fixture(autouse=True)
def empty_cache():
    convert.cache_clear()
    yield
    convert.cache_clear()


def test_an_edit_in_another_symbols_row_keeps_the_table_for_this_symbol_only():
    assert taxcost("VTI", 100, 250, lots_range()) == pytest.approx(2250)
    assert taxcost("BND", 10, 80, lots_range()) == pytest.approx(15)
    before = table_for("VTI", lots_range())
    edited = lots_range()
    edited[1][5] = 750.0  # L1's basis: 10 BND at $80 now 800 - 750 = $50 x 15% = 7.50
    assert table_for("VTI", edited) is before  # VTI's cells unchanged: the same parsed table
    assert taxcost("VTI", 100, 250, edited) == pytest.approx(2250)
    assert table_for("BND", edited) is not before
    assert taxcost("BND", 10, 80, edited) == pytest.approx(7.5)
    assert taxcost("BND", 10, 80, lots_range()) == pytest.approx(15)  # and back


def test_a_repeated_cell_then_an_edit_of_its_own_row():
    for _ in range(3):  # the figure kept for these arguments
        assert taxcost("VTI", 100, 250, lots_range()) == pytest.approx(2250)
    edited = lots_range()
    edited[A_ROW][5] = 12000.0  # (25,000 - 12,000) x 15% = 1,950
    assert taxcost("VTI", 100, 250, edited) == pytest.approx(1950)
    edited[A_ROW][3] = "2026-01-10"  # held 10 months on 2026-11-25: 13,000 x 35% = 4,550
    assert taxcost("VTI", 100, 250, edited) == pytest.approx(4550)
    assert taxcost("VTI", 100, 250, lots_range()) == pytest.approx(2250)


def test_a_change_of_type_alone_in_the_symbols_row():
    # a second VTI lot B, 1 share for $100: 101 shares at $250 = 25,250 - 10,100 = 15,150 x 15% = 2,272.50
    rows = lots_range()
    rows[20] = ["B", "Brokerage", "VTI", "2020-01-10", 1.0, 100.0, "N"]
    assert taxcost("VTI", 101, 250, rows) == pytest.approx(2272.5)
    typed = fresh(rows)
    typed[20][4] = True  # TRUE == 1.0 for ==, not for the Quantity rule
    out = taxcost("VTI", 101, 250, typed)
    assert isinstance(out, str) and out.startswith("#TAXREBAL!") and "Quantity" in out
    assert taxcost("VTI", 101, 250, rows) == pytest.approx(2272.5)


def test_a_symbol_cell_changed_in_another_row_adds_a_lot():
    out = taxcost("VTI", 110, 250, lots_range())
    assert isinstance(out, str) and out.startswith("#TAXREBAL!")  # 100 VTI held: 110 cannot be sold
    edited = lots_range()
    edited[60][2] = "VTI"  # L60 (10 shares, $700) is now VTI: A then L60 by FIFO
    # 110 x 250 = 27,500 - 10,000 - 700 = 16,800 x 15% = 2,520
    assert taxcost("VTI", 110, 250, edited) == pytest.approx(2520)


def test_a_row_added_or_removed():
    assert taxcost("VTI", 100, 250, lots_range()) == pytest.approx(2250)
    added = lots_range() + [["C", "Brokerage", "VTI", "2019-05-01", 10.0, 500.0, "N"]]
    # FIFO: C (2019) 10 shares + 90 of A: 25,000 - 500 - 9,000 = 15,500 x 15% = 2,325
    assert taxcost("VTI", 100, 250, added) == pytest.approx(2325)
    removed = lots_range()
    del removed[A_ROW]
    out = taxcost("VTI", 100, 250, removed)
    assert isinstance(out, str) and "no lots of VTI" in out
    assert taxcost("VTI", 100, 250, lots_range()) == pytest.approx(2250)


def test_a_blank_row_filled_in_without_a_symbol():
    rows = lots_range()
    rows[10] = [None] * 7  # a blank row inside the range is skipped
    rows += [[None] * 7] * 3  # and blank rows below it
    assert taxcost("VTI", 100, 250, rows) == pytest.approx(2250)
    for row in (10, len(rows) - 1):
        edited = fresh(rows)
        edited[row][4] = 5.0  # a Quantity without a Symbol: the range's error, whatever the symbol asked
        out = taxcost("VTI", 100, 250, edited)
        assert isinstance(out, str) and out.startswith("#TAXREBAL!") and "Symbol" in out
    assert taxcost("VTI", 100, 250, rows) == pytest.approx(2250)


def test_a_header_changed():
    assert taxcost("VTI", 100, 250, lots_range()) == pytest.approx(2250)
    swapped = lots_range()
    swapped[0][4], swapped[0][5] = "Cost Basis", "Quantity"  # A: 10,000 shares costing $100 in all
    # 100 shares at $250 = 25,000 - 100 x 100 / 10,000 = 25,000 - 1 = 24,999 x 15% = 3,749.85
    assert taxcost("VTI", 100, 250, swapped) == pytest.approx(3749.85)


def test_lotpick_keeps_the_table_for_its_symbol_and_sees_its_rows_edits():
    def pick(lots):
        return LOTPICK("VTI", 100, 250, fresh(lots), "FIFO", "2026-11-25")

    assert pick(lots_range())[1] == ["A", 100.0, 25000.0, 10000.0, 15000.0, "Long"]
    edited = lots_range()
    edited[5][4] = 11.0  # another symbol's row
    assert pick(edited)[1] == ["A", 100.0, 25000.0, 10000.0, 15000.0, "Long"]
    edited[A_ROW][5] = 12000.0
    assert pick(edited)[1] == ["A", 100.0, 25000.0, 12000.0, 13000.0, "Long"]
