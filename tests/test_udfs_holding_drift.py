"""LTDATE, HOLDINGTERM and DRIFT called the way Excel calls them (plain values).

Independent references: IRS Pub 550 "Holding Period" (bought February 5, sold on the anniversary is
short-term, the day after long-term), Rev. Rul. 66-7 (leap day: 2024-02-29 -> long from 2025-03-01),
and a hand-worked 70/30 household against 60/40 targets.
"""

from datetime import date

import pytest

from taxrebal.excel import convert as cv
from taxrebal.excel import drift_range, udfs
from taxrebal.excel.udfs import DRIFT, HOLDINGTERM, LTDATE


def is_error(value):
    return isinstance(value, str) and value.startswith("#TAXREBAL! ")


@pytest.mark.parametrize("acquired, expected", [
    (date(2024, 6, 19), date(2025, 6, 20)),
    ("2024-02-29", date(2025, 3, 1)),      # leap day: anniversary 2025-02-28, long from March 1
    (45351, date(2025, 3, 1)),             # the same leap day as an Excel serial (=DATE(2024,2,29))
    ([[45351.0]], date(2025, 3, 1)),       # a one-cell range
])
def test_ltdate(acquired, expected):
    assert LTDATE(acquired) == expected


@pytest.mark.parametrize("acquired, sold, term", [
    ("2024-02-05", "2025-02-05", "Short"),   # Pub 550: the anniversary is still short-term
    ("2024-02-05", "2025-02-06", "Long"),
    (45327, 45693, "Short"),                 # the same two dates as serials (=DATE(2025,2,5) is 45693)
    (45327, 45694, "Long"),
    ("Inherited", "2025-01-01", "Long"),     # IRC §1223(9)
])
def test_holdingterm(acquired, sold, term):
    assert HOLDINGTERM(acquired, sold) == term


def test_holdingterm_blank_sold_uses_today(monkeypatch):
    monkeypatch.setattr(udfs, "today", lambda: date(2025, 2, 6))
    assert HOLDINGTERM("2024-02-05") == "Long"
    monkeypatch.setattr(udfs, "today", lambda: date(2025, 2, 5))
    assert HOLDINGTERM("2024-02-05", None) == "Short"


@pytest.mark.parametrize("args, fragment", [
    (("not a date",), "acquired: 'not a date' is not a date"),
    ((None,), "acquired is missing"),
    (("Inherited",), "inherited shares are long-term"),
])
def test_ltdate_bad_arguments_return_readable_text(args, fragment):
    out = LTDATE(*args)
    assert is_error(out) and fragment in out


def test_holdingterm_sold_before_acquired():
    out = HOLDINGTERM("2025-01-10", "2025-01-01")
    assert is_error(out) and "before acquired" in out


LOTS = [
    ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
    ["1", "Brokerage", "VTI", 43832, 400, 20000],    # serial 43832 = 2020-01-02
    ["2", "IRA", "VTI", None, 300, None],
    ["3", "IRA", "BND", None, 600, None],
    [None, None, None, None, None, None],           # blank rows Excel ranges carry
    [None, None, None, None, None, None],
]
SECURITIES = [["Symbol", "Asset Class", "Price"], ["VTI", "US Stocks", 100], ["BND", "Bonds", 50]]
TARGETS = [["Asset Class", "Target", "Band"], ["US Stocks", "60%", 5], ["Bonds", 0.40, None]]


def test_drift_seventy_thirty_against_sixty_forty():
    # VTI 700 sh x $100 = $70,000; BND 600 x $50 = $30,000; total $100,000.
    out = DRIFT(LOTS, SECURITIES, TARGETS)
    assert out[0] == ["Asset Class", "Value", "Current %", "Target %", "Drift"]
    rows = {r[0]: r[1:] for r in out[1:]}
    assert set(rows) == {"US Stocks", "Bonds"}
    value, weight, target, drift = rows["US Stocks"]
    assert value == 70_000 and weight == pytest.approx(0.70) and target == pytest.approx(0.60)
    assert drift == pytest.approx(0.10)
    assert rows["Bonds"][3] == pytest.approx(-0.10)


def test_drift_with_accounts_counts_cash():
    # $10,000 cash + $10,000 contribution: total $120,000; stocks 70/120 = 58.33%.
    accounts = [["Account", "Type", "Cash", "Contribution"], ["Brokerage", "Taxable", 10000, 10000],
                ["IRA", "IRA", 0, 0]]
    rows = {r[0]: r[1:] for r in DRIFT(LOTS, SECURITIES, TARGETS, accounts)[1:]}
    assert rows["Cash"][0] == 20_000
    assert rows["US Stocks"][1] == pytest.approx(70 / 120)
    assert rows["Cash"][2] == 0 and rows["Cash"][3] == pytest.approx(20 / 120)


def test_drift_over_unchanged_ranges_builds_the_household_once_even_from_fresh_objects(monkeypatch):
    import json

    built = []
    real = drift_range.household_for_drift
    monkeypatch.setattr(drift_range, "household_for_drift", lambda *a: built.append(1) or real(*a))
    cv.cache_clear()
    first = DRIFT(LOTS, SECURITIES, TARGETS)
    again = DRIFT(*json.loads(json.dumps([LOTS, SECURITIES, TARGETS])))  # new objects, as Excel passes
    assert again == first and len(built) == 1
    edited = json.loads(json.dumps(LOTS))
    edited[1][4] = edited[1][4] * 2  # a changed quantity is a new household
    assert DRIFT(edited, SECURITIES, TARGETS) != first and len(built) == 2


def test_drift_single_row_ranges():
    lots = [LOTS[0], ["1", "Brokerage", "VTI", 43832, 10, 1000]]
    out = DRIFT(lots, [SECURITIES[0], SECURITIES[1]], [["Asset Class", "Target"], ["US Stocks", 1]])
    assert out[1] == ["US Stocks", 1000.0, pytest.approx(1.0), pytest.approx(1.0), pytest.approx(0.0)]


@pytest.mark.parametrize("lots, secs, targets, fragment", [
    (LOTS, SECURITIES[:2], TARGETS, "no price for BND"),
    (LOTS, SECURITIES, [["Asset Class", "Target"], ["US Stocks", 0.6]], "add up to 60.00%"),
    (None, SECURITIES, TARGETS, "lots is missing"),
    ([LOTS[0], ["1", "Brokerage", "VTI", 43832, "ten", 1]], SECURITIES, TARGETS, "lots row 2, column Quantity (E)"),
    (LOTS, [["Symbol", "Asset Class", "Price"], ["VTI", "US Stocks", 0], ["BND", "Bonds", 50]], TARGETS,
     "securities row 2, column Price (C) must be > 0"),
])
def test_drift_bad_ranges_return_readable_text(lots, secs, targets, fragment):
    out = DRIFT(lots, secs, targets)
    assert is_error(out) and fragment in out, out


def test_drift_unknown_account_when_accounts_given():
    out = DRIFT(LOTS, SECURITIES, TARGETS, [["Account", "Type"], ["Brokerage", "Taxable"]])
    assert is_error(out) and "account IRA" in out


def test_functions_carry_xlwings_metadata_only_where_xlwings_supports_it():
    # On Linux the BSD xlwings decorators are no-ops; the functions must still be plain callables
    # whose signature (what Excel's wizard shows) is the documented one.
    import inspect

    assert list(inspect.signature(udfs.TAXCOST).parameters) == [
        "symbol", "quantity", "price", "lots", "settings", "method", "account", "as_of", "accounts",
        "transactions", "securities"]
    assert list(inspect.signature(udfs.FEDTAX).parameters) == [
        "filing_status", "ordinary_income", "st_gain", "lt_gain", "qualified_dividends", "year", "itemized",
        "st_carryforward", "lt_carryforward", "investment_income", "taxpayers_65_or_older", "taxpayers_blind"]
    for fn in (udfs.FEDTAX, udfs.TAXCOST, udfs.LOTPICK, udfs.LTDATE, udfs.HOLDINGTERM, udfs.WASHWINDOW, udfs.DRIFT):
        assert fn.__doc__ and fn.__doc__.strip().splitlines()[0]
        returns = inspect.signature(fn).return_annotation
        assert not returns or returns is inspect.Signature.empty
        assert all(p.annotation is inspect.Parameter.empty for p in inspect.signature(fn).parameters.values())


def test_drift_recomputes_when_any_other_range_changes_even_with_the_lots_unchanged():
    import json

    cv.cache_clear()
    first = DRIFT(LOTS, SECURITIES, TARGETS)
    secs = json.loads(json.dumps(SECURITIES))
    secs[1][2] = secs[1][2] * 2  # VTI's price doubled: a new value, the same lots
    assert DRIFT(json.loads(json.dumps(LOTS)), secs, TARGETS) != first
    assert DRIFT(json.loads(json.dumps(LOTS)), SECURITIES, TARGETS) == first
    accounts = [["Account", "Type", "Cash"], ["Brokerage", "Taxable", 5000], ["IRA", "IRA", 0]]
    with_cash = DRIFT(LOTS, SECURITIES, TARGETS, accounts)
    accounts[1][2] = 0
    assert DRIFT(LOTS, SECURITIES, TARGETS, json.loads(json.dumps(accounts))) != with_cash
