"""DRIFT reads a Lots range's Account, Symbol and Quantity columns without a Lot per row, and its table is
the one every lot read by the rules gives.

Independent references: a hand-worked holding (10.5 + 2.25 shares of a $33.333 fund = 12.75 x 33.333 =
$424.99575 -> $425.00, half away from zero, as a statement values a position) and, on random ranges,
the table DRIFT gives when every lot is read by the rules (Lot records, each quantity a Decimal of its
written form: allocation.holding_values), a separate path that shares no code with the column reading.
"""

import json
import random

import pytest

from taxrebal.engine.allocation import allocation
from taxrebal.engine.money import cents
from taxrebal.excel import convert as cv
from taxrebal.excel import drift_holdings, drift_range
from taxrebal.excel.lot_range import lots_from_range
from taxrebal.excel.udfs import DRIFT

HEADER = ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"]
SECURITIES = [["Symbol", "Asset Class", "Price"], ["FUND", "Stocks", 33.333], ["BND", "Bonds", 75.0]]
TARGETS = [["Asset Class", "Target"], ["Stocks", 0.5], ["Bonds", 0.5]]


def fresh(rows):
    return json.loads(json.dumps(rows))  # new objects, as xlwings passes them


def by_rules(lots, securities=SECURITIES, targets=TARGETS, accounts=None):
    """DRIFT's table from every lot read by the rules (household_for_drift), not the column reading."""
    cv.cache_clear()
    table = lots_from_range(fresh(lots), "lots")
    secs = cv.securities_from_range(fresh(securities), "securities")
    tgts = cv.targets_from_range(fresh(targets), "targets")
    accts = None if accounts is None else cv.accounts_from_range(fresh(accounts), "accounts")
    return [[r.asset_class, cents(r.value), r.weight, r.target, r.drift]
            for r in allocation(drift_range.household_for_drift(table, secs, tgts, accts))]


def test_a_holdings_value_is_its_shares_times_the_price_in_cents(monkeypatch):
    # 10.5 + 2.25 = 12.75 shares x $33.333 = $424.99575 -> $425.00; 10 BND at $75 = $750.00
    lots = [HEADER, ["L1", "Brokerage", "FUND", 45000.0, 10.5, 300.0], ["L2", "Brokerage", "BND", 45000.0, 10.0, 700.0],
            ["L3", "Brokerage", "FUND", 45100.0, 2.25, 70.0]]
    read = []
    real = drift_holdings.plain_holdings
    monkeypatch.setattr(drift_range, "plain_holdings", lambda t: read.append(1) or real(t))
    cv.cache_clear()
    rows = {r[0]: r[1:] for r in DRIFT(fresh(lots), SECURITIES, TARGETS)[1:]}
    assert read == [1]  # the column reading answered
    assert rows["Stocks"][0] == 425.00 and rows["Bonds"][0] == 750.00
    assert rows["Stocks"][1] == pytest.approx(425 / 1175) and rows["Stocks"][3] == pytest.approx(425 / 1175 - 0.5)


def test_unchanged_ranges_from_fresh_objects_read_the_columns_once(monkeypatch):
    lots = [HEADER, ["L1", "Brokerage", "FUND", 45000.0, 10.5, 300.0]]
    read = []
    real = drift_holdings.plain_holdings
    monkeypatch.setattr(drift_range, "plain_holdings", lambda t: read.append(1) or real(t))
    cv.cache_clear()
    first = DRIFT(fresh(lots), fresh(SECURITIES), fresh(TARGETS))
    assert DRIFT(fresh(lots), fresh(SECURITIES), fresh(TARGETS)) == first and read == [1]


def test_a_lot_id_twice_is_the_readers_error_naming_its_row():
    # a row pasted twice would count its shares twice: the rules name the second row
    row = ["L1", "Brokerage", "FUND", 45000.0, 10.5, 300.0]
    lots = [HEADER, row, list(row)]
    cv.cache_clear()
    out = DRIFT(fresh(lots), SECURITIES, TARGETS)
    assert isinstance(out, str) and "row 3" in out and "Lot ID L1 appears twice" in out


@pytest.mark.parametrize("cell, fragment", [
    (-5.0, "Quantity"), ("ten", "Quantity"), (True, "Quantity"), (0.0, "Quantity")])
def test_a_bad_quantity_is_the_readers_error(cell, fragment):
    lots = [HEADER, ["L1", "Brokerage", "FUND", 45000.0, 10.5, 300.0], ["L2", "Brokerage", "BND", 45000.0, cell, 1.0]]
    cv.cache_clear()
    out = DRIFT(fresh(lots), SECURITIES, TARGETS)
    assert isinstance(out, str) and out.startswith("#TAXREBAL!") and "row 3" in out and fragment in out


def test_true_after_one_is_not_taken_for_the_same_range():
    # 1.0 == TRUE: the range cached for 1.0 shares must not answer a range with TRUE there
    lots = [HEADER, ["L1", "Brokerage", "FUND", 45000.0, 10.5, 300.0], ["L2", "Brokerage", "BND", 45000.0, 1.0, 70.0]]
    cv.cache_clear()
    assert not isinstance(DRIFT(fresh(lots), SECURITIES, TARGETS), str)
    true = fresh(lots)
    true[2][4] = True
    out = DRIFT(true, SECURITIES, TARGETS)
    assert isinstance(out, str) and "Quantity" in out


def test_an_account_not_in_the_accounts_range_names_its_lot():
    lots = [HEADER, ["L1", "Brokerage", "FUND", 45000.0, 10.5, 300.0], ["L2", "Roth", "BND", 45000.0, 1.0, 70.0]]
    accounts = [["Account", "Type"], ["Brokerage", "Taxable"]]
    cv.cache_clear()
    out = DRIFT(fresh(lots), SECURITIES, TARGETS, accounts)
    assert isinstance(out, str) and "account Roth (lot L2) is not in the accounts range" in out


def _random_lots(rnd: random.Random) -> list:
    rows = [HEADER]
    accounts = ["Brokerage", "IRA", "brokerage", "Joint"]
    # a quarter of the ranges hold quantities past millionths (7 and 9 decimals), which the rules read
    places = [0, 1, 2, 3, 4, 6, 7, 9] if rnd.random() < 0.25 else [0, 1, 2, 3, 4, 6]
    for k in range(rnd.randint(1, 60)):
        decimals = rnd.choice(places)
        qty = round(rnd.uniform(0.001, 5000), decimals) or 1.0
        sym = rnd.choice(["FUND", "BND", " bnd", "FUND"])
        rows.append([f"L{k}", rnd.choice(accounts), sym, float(rnd.randint(40000, 46000)), float(qty),
                     round(rnd.uniform(0, 9000), 2)])
    if rnd.random() < 0.2:
        rows.append([None] * 6)  # a blank row is skipped
    return rows


@pytest.mark.parametrize("seed", range(40))
def test_the_column_reading_gives_the_rules_table(seed):
    rnd = random.Random(seed)
    lots = _random_lots(rnd)
    prices = [SECURITIES[0], ["FUND", "Stocks", round(rnd.uniform(1, 900), rnd.choice([2, 3, 4]))],
              ["BND", "Bonds", round(rnd.uniform(1, 200), 3)]]
    accounts = None
    if rnd.random() < 0.5:
        accounts = [["Account", "Type", "Cash"], ["Brokerage", "Taxable", round(rnd.uniform(0, 999), 2)],
                    ["IRA", "IRA", 0.0], ["Joint", "Taxable", 12.5]]
    cv.cache_clear()
    got = DRIFT(fresh(lots), fresh(prices), fresh(TARGETS), None if accounts is None else fresh(accounts))
    assert got[1:] == by_rules(lots, prices, TARGETS, accounts)


def test_a_bad_acquired_cell_is_the_error_of_the_cells_that_read_it_not_drifts():
    # DRIFT's value does not depend on dates: 10 BND at $75 = $750.00 whatever L2's Acquired cell holds;
    # TAXCOST, which reads BND's lots, names the cell
    from taxrebal.excel.udfs import TAXCOST

    lots = [HEADER, ["L1", "Brokerage", "FUND", 45000.0, 10.5, 300.0],
            ["L2", "Brokerage", "BND", "not a date", 10.0, 700.0]]
    cv.cache_clear()
    rows = {r[0]: r[1:] for r in DRIFT(fresh(lots), SECURITIES, TARGETS)[1:]}
    assert rows["Bonds"][0] == 750.00
    settings = [["Filing Status", "Single"], ["Ordinary Income", 100000], ["As Of", "2026-12-01"]]
    out = TAXCOST("BND", 5, 75, fresh(lots), settings)
    assert isinstance(out, str) and "row 3" in out and "Acquired" in out
