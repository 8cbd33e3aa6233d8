"""Cash under Min Trade stays in its account: no sale of a holding only to make the buy large enough (fe11 finding 13).

fe11's a_okafor with Settings Min Trade = 5,000 (As Of 2026-12-04). Family HSA holds 30 VTI at $300
($9,000), $1,000 of cash and a $300 contribution: $1,300 to invest, under Min Trade, so no buy of it
alone is allowed (README step 1: the cash stays). US Stocks is 13.14 points under target before the plan:
VTI $30,000 + $9,000 = $39,000 of $105,800 (holdings, cash and the contribution) = 36.86%, target 50%.
The plan used to sell all 30 VTI ($9,000) and buy $10,300 of SCHB (US Stocks too): $19,300 of HSA orders
whose only effect was the $1,300, and a sale of a class under target with no reason of its own.

By hand, what must hold:

* the HSA places no order: it keeps its 30 VTI and its $1,000 + $300 = $1,300;
* no IRA, 401(k), Roth or HSA sells one fund of a class and buys another fund of that class;
* the plan still brings every class within its band (the Joint and the IRA rebalance: Joint harvests
  BND's $800 short-term loss, 200 x ($76 - $72), and buys US Stocks and a Bonds replacement);
* a plan note says why the HSA's cash stays: $9,000.00 sold and $10,300.00 bought ($9,000 + $1,300)
  to invest $1,300.00.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from taxrebal.pipeline import run_book
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results import INPUT_SHEETS

AS_OF = date(2026, 12, 4)


def sheets(min_trade: float) -> dict:
    return {
        "Accounts": [["Account", "Type", "Owner", "Cash", "Contribution"],
                     ["Joint Taxable", "Taxable", "Ada and Ben Okafor", 2000, 0],
                     ["Ada IRA", "Traditional IRA", "Ada", 500, 0],
                     ["Family HSA", "HSA", "Ben", 1000, 300]],
        "Securities": [["Symbol", "Asset Class", "Price", "Name", "Identical Group", "Replacement", "DRIP", "Type"],
                       ["VTI", "US Stocks", 300, None, "TSM", "SCHB", None, "ETF"],
                       ["SCHB", "US Stocks", 25, None, None, None, None, "ETF"],
                       ["VXUS", "Intl Stocks", 60, None, "VXUS", "SPDW", "Y", "ETF"],
                       ["SPDW", "Intl Stocks", 35, None, None, None, None, "ETF"],
                       ["BND", "Bonds", 72, None, None, "AGG", None, "ETF"],
                       ["AGG", "Bonds", 98, None, None, None, None, "ETF"]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["A1", "Joint Taxable", "VTI", date(2019, 5, 1), 100, 15000],
                 ["A2", "Joint Taxable", "VXUS", date(2024, 6, 3), 400, 30000],
                 ["A3", "Joint Taxable", "BND", date(2026, 1, 15), 200, 15200],
                 ["I1", "Ada IRA", "VXUS", date(2026, 11, 20), 50, 3000],
                 ["I2", "Ada IRA", "BND", date(2020, 1, 2), 300, 24000],
                 ["H1", "Family HSA", "VTI", date(2022, 1, 3), 30, 6000]],
        "Transactions": [["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID"],
                         [date(2026, 11, 20), "Ada IRA", "VXUS", "Buy", 50, 60, "I1"]],
        "Targets": [["Asset Class", "Target", "Band"], ["US Stocks", 50, 5], ["Intl Stocks", 25, 5], ["Bonds", 25, 5]],
        "Settings": [["Setting", "Value"], ["As Of", AS_OF], ["Filing Status", "Married Filing Jointly"],
                     ["Ordinary Income", 210000], ["Qualified Dividends", 4000], ["Investment Income", 10000],
                     ["Realized ST YTD", 0], ["Realized LT YTD", 12000], ["State Tax Rate", 0.045],
                     ["Min Trade", min_trade]],
    }


@pytest.fixture(scope="module")
def book() -> MemoryBook:
    out = MemoryBook(INPUT_SHEETS)
    assert run_book(out, sheets(5000), run_time=datetime(2026, 12, 4, 9, 0), default_as_of=None, source_name="t").ok
    return out


def _trades(book: MemoryBook) -> list:
    return [r for r in book.tables("Trades")[0].rows if isinstance(r[0], int)]


def test_the_hsa_places_no_order_and_keeps_its_cash(book):
    assert not [r for r in _trades(book) if r[1] == "Family HSA"]
    tickets = [t for t in book.tables("Orders") if t.title != "Cash per account after the tickets"]
    assert not [r for t in tickets for r in t.rows if r and r[0] == "Family HSA"]
    # the cash table lists every account (audit18 F9): the HSA keeps its $1,000 and its $300 contribution
    cash = book.table("Orders", "Cash per account after the tickets")
    assert [r for r in cash.rows if r[0] == "Family HSA"] == [("Family HSA", 1000.0, 300.0, 0.0, 0.0, 0.0, 1300.0)]


def test_no_tax_advantaged_account_swaps_funds_of_one_class(book):
    classes = {"VTI": "US Stocks", "SCHB": "US Stocks", "VXUS": "Intl Stocks", "SPDW": "Intl Stocks",
               "BND": "Bonds", "AGG": "Bonds"}
    for acct in ("Ada IRA", "Family HSA"):
        sold = {classes[r[2]] for r in _trades(book) if r[1] == acct and r[3] == "Sell"}
        bought = {classes[r[2]] for r in _trades(book) if r[1] == acct and r[3] == "Buy"}
        assert not sold & bought, acct


def test_the_plan_is_within_bands_and_says_why_the_cash_stays(book):
    notes = " ".join(str(r[0]) for t in book.tables("Trades") for r in t.rows if isinstance(r[0], str))
    notes += " ".join(" ".join(t.notes) for t in book.tables("Trades"))
    assert "Within bands" in notes
    assert ("Family HSA keeps $1,300.00 of cash and new money: a buy of it would be under Min Trade ($5,000.00)"
            in notes)
    assert "it would sell $9,000.00 and buy $10,300.00 to invest $1,300.00" in notes
