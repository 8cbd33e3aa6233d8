"""Repeated cell calls over ranges that change: every change that changes the answer gives the new
answer, worked by hand, however the ranges were cached before.

Each call gets fresh copies of its ranges (a JSON round trip: new lists, new str and float objects),
as Excel passes them. Tax in Flat mode (the Settings below: long-term 15%, short-term 35%, no state
tax) so each figure is one multiplication:

* lot A, 100 VTI bought 2020-01-10 for $10,000, sold at $250: a $15,000 long-term gain x 15% = 2,250;
* 60 rows of BND lots around it (10 shares for $700 each, bought 2020), lot A in a row that
  the cache's fingerprint (every 3rd row and the last) does not sample.

``==`` takes TRUE for 1 (``[True] == [1.0]``) while the cell rules do not (a Quantity of TRUE is an
error, 1 is one share), so a change of type alone must give the new answer too.
"""

import json

import pytest

from taxrebal.excel import convert
from taxrebal.excel.udfs import DRIFT, TAXCOST, WASHWINDOW

HEADER = ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis", "Wash Adjusted"]
A_ROW = 43  # lot A's row in the range: one the fingerprint does not sample (the first test checks)
FLAT = [["Setting", "Value"], ["As Of", "2026-11-25"], ["Tax Mode", "Flat"], ["Flat LT Rate", "15%"],
        ["Flat ST Rate", "35%"], ["Realized ST YTD", 0], ["Realized LT YTD", 0]]


def lots_range():
    rows = [HEADER] + [[f"L{i}", "Brokerage", "BND", "2020-03-02", 10.0, 700.0, "N"] for i in range(1, 61)]
    rows[A_ROW] = ["A", "Brokerage", "VTI", "2020-01-10", 100.0, 10000.0, "N"]
    return rows


def fresh(values):
    return json.loads(json.dumps(values))


def taxcost(symbol, quantity, price, lots, settings=FLAT, as_of=None):
    return TAXCOST(symbol, quantity, price, fresh(lots), fresh(settings), "FIFO", None, as_of)


@pytest.fixture(autouse=True)
def empty_cache():
    convert.cache_clear()
    yield
    convert.cache_clear()


def test_lot_a_sits_in_a_row_the_fingerprint_does_not_sample():
    rows = lots_range()
    step = max(1, len(rows) // convert._SAMPLES)
    assert A_ROW % step and A_ROW != len(rows) - 1


def test_the_same_content_gives_the_same_answer_every_time():
    for _ in range(3):
        assert taxcost("VTI", 100, 250, lots_range()) == pytest.approx(2250)


def test_an_edited_cost_basis_in_an_unsampled_row():
    assert taxcost("VTI", 100, 250, lots_range()) == pytest.approx(2250)
    edited = lots_range()
    edited[A_ROW][5] = 12000.0  # (25,000 - 12,000) x 15% = 1,950
    assert taxcost("VTI", 100, 250, edited) == pytest.approx(1950)
    assert taxcost("VTI", 100, 250, lots_range()) == pytest.approx(2250)  # and back


def test_an_edited_acquired_date_makes_the_gain_short_term():
    assert taxcost("VTI", 100, 250, lots_range()) == pytest.approx(2250)
    edited = lots_range()
    edited[A_ROW][3] = "2026-01-10"  # held 10 months on 2026-11-25: 15,000 x 35% = 5,250
    assert taxcost("VTI", 100, 250, edited) == pytest.approx(5250)


def test_an_edit_in_another_symbols_row_leaves_this_answer_and_changes_that_one():
    # 10 BND at $80 FIFO sell lot L1: 800 - 700 = +100 long-term x 15% = 15
    assert taxcost("VTI", 100, 250, lots_range()) == pytest.approx(2250)
    assert taxcost("BND", 10, 80, lots_range()) == pytest.approx(15)
    edited = lots_range()
    # L1 now cost $900: 800 - 900 = -100, a net loss deducted from ordinary income whatever its term (IRC
    # §1211(b)), so at the flat short-term rate: -100 x 35% = -35 saved
    edited[1][5] = 900.0
    assert taxcost("VTI", 100, 250, edited) == pytest.approx(2250)
    assert taxcost("BND", 10, 80, edited) == pytest.approx(-35)


def test_a_changed_setting():
    assert taxcost("VTI", 100, 250, lots_range()) == pytest.approx(2250)
    settings = fresh(FLAT)
    settings[3][1] = "20%"  # Flat LT Rate: 15,000 x 20% = 3,000
    assert taxcost("VTI", 100, 250, lots_range(), settings) == pytest.approx(3000)
    assert taxcost("VTI", 100, 250, lots_range()) == pytest.approx(2250)


def test_a_changed_as_of_date_in_settings_and_as_the_argument():
    # lot D, 100 VTI bought 2025-11-20 for $20,000, sold at $250: a $5,000 gain. Held more than a year
    # only from 2026-11-21 (IRC §1222(3)): As Of 2026-11-20: short-term, 5,000 x 35% = 1,750;
    # 2026-11-21: long-term, x 15% = 750.
    lots = lots_range()
    lots[A_ROW] = ["D", "Brokerage", "VTI", "2025-11-20", 100.0, 20000.0, "N"]
    before, after = fresh(FLAT), fresh(FLAT)
    before[1][1], after[1][1] = "2026-11-20", "2026-11-21"
    assert taxcost("VTI", 100, 250, lots, before) == pytest.approx(1750)
    assert taxcost("VTI", 100, 250, lots, after) == pytest.approx(750)
    assert taxcost("VTI", 100, 250, lots, before) == pytest.approx(1750)
    assert taxcost("VTI", 100, 250, lots, before, as_of="2026-11-21") == pytest.approx(750)


def test_true_for_1_in_a_quantity_is_an_error_and_1_again_is_one_share():
    # 1 share of lot A at $250: 250 - 100 (its basis) = 150 x 15% = 22.50
    one, true = lots_range(), lots_range()
    one[A_ROW][4:6] = [1.0, 100.0]
    true[A_ROW][4:6] = [True, 100.0]
    assert taxcost("VTI", 1, 250, one) == pytest.approx(22.5)
    assert "column Quantity (E): 'True' is a true/false value" in taxcost("VTI", 1, 250, true)
    assert taxcost("VTI", 1, 250, one) == pytest.approx(22.5)


def test_true_for_1_in_a_row_of_a_symbol_not_read_yet():
    # BND's rows are first read after the range was cached from VTI's call; then L1 holds TRUE shares
    one, true = lots_range(), lots_range()
    one[1][4:6] = [1.0, 70.0]
    true[1][4:6] = [True, 70.0]
    assert taxcost("VTI", 100, 250, one) == pytest.approx(2250)
    assert "lots row 2, column Quantity (E): 'True'" in taxcost("BND", 1, 80, true)
    assert taxcost("BND", 1, 80, one) == pytest.approx(1.5)  # 80 - 70 = 10 x 15%
    assert "lots row 2, column Quantity (E): 'True'" in taxcost("BND", 1, 80, true)


def test_false_for_0_in_the_settings():
    # Realized ST YTD typed 0 (nothing realized) against FALSE (not a number: an error)
    false = fresh(FLAT)
    false[5][1] = False
    assert taxcost("VTI", 100, 250, lots_range()) == pytest.approx(2250)
    assert "Realized ST YTD" in taxcost("VTI", 100, 250, lots_range(), false)
    assert taxcost("VTI", 100, 250, lots_range()) == pytest.approx(2250)


SECURITIES = [["Symbol", "Asset Class", "Price"], ["VTI", "Stocks", 100], ["BND", "Bonds", 100]]
TARGETS = [["Asset Class", "Target"], ["Stocks", 0.6], ["Bonds", 0.4]]


def drift(lots, securities=SECURITIES):
    return {r[0]: round(r[4], 6) for r in DRIFT(fresh(lots), fresh(securities), fresh(TARGETS))[1:]}


def test_drift_after_an_edit_in_an_unsampled_row_and_a_change_of_type():
    # 70 VTI and 30 BND (3 lots of 10) at $100: 70% / 30% against 60 / 40 -> +10 / -10 points
    lots = [HEADER] + [[f"B{i}", "Brokerage", "BND", "2020-03-02", 10.0, 700.0, "N"] for i in range(3)]
    lots += [["V", "Brokerage", "VTI", "2020-01-10", 70.0, 7000.0, "N"]]
    assert drift(lots) == {"Stocks": 0.1, "Bonds": -0.1}
    edited = fresh(lots)
    edited[2][4] = 30.0  # BND 50 shares: 7,000 / 12,000 = 58.3333% -> -1.6667 / +1.6667 points
    assert drift(edited) == {"Stocks": round(7 / 12 - 0.6, 6), "Bonds": round(5 / 12 - 0.4, 6)}
    one, true = fresh(lots), fresh(lots)
    one[2][4], true[2][4] = 1.0, True  # BND 21 shares; TRUE is no number of shares
    assert drift(one) == {"Stocks": round(7000 / 9100 - 0.6, 6), "Bonds": round(2100 / 9100 - 0.4, 6)}
    assert "column Quantity (E): 'True'" in DRIFT(fresh(true), fresh(SECURITIES), fresh(TARGETS))
    assert drift(one) == {"Stocks": round(7000 / 9100 - 0.6, 6), "Bonds": round(2100 / 9100 - 0.4, 6)}
    prices = fresh(SECURITIES)
    prices[2][2] = 200  # BND at $200: 7,000 / 13,000 -> 53.8462% Stocks
    assert drift(lots, prices) == {"Stocks": round(7 / 13 - 0.6, 6), "Bonds": round(6 / 13 - 0.4, 6)}


def test_washwindow_after_an_edited_sale_date():
    # a $1,000 loss sale of VXUS on 2026-11-15 blocks buying on 2026-12-01 until 2026-12-16 (IRC §1091(a):
    # 30 days after); moved to 2026-10-01, its window ended 2026-10-31 and 2026-12-01 is clear
    txns = [["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID", "Acquired", "Cost Basis"],
            ["2026-11-15", "Brokerage", "VXUS", "Sell", 100, 55, "L9", "2025-01-10", 6500]]
    assert WASHWINDOW("VXUS", "2026-12-01", fresh(txns)).startswith("Blocked; first day you may buy 2026-12-16")
    moved = fresh(txns)
    moved[1][0] = "2026-10-01"
    assert WASHWINDOW("VXUS", "2026-12-01", fresh(moved)) == "Clear"
    assert WASHWINDOW("VXUS", "2026-12-01", fresh(txns)).startswith("Blocked; first day you may buy 2026-12-16")
