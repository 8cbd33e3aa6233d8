"""A loss sale that waits for a mutual fund to fill at the close counts its wash-sale dates from the day it
can be placed, on every sheet (fe11 finding 35).

fe11's c_haddad household: As Of Friday 2026-12-04. Sam 401k holds FXAIX (a mutual fund, Identical Group
SP500), 4 shares of it bought 2026-11-28; Sam Taxable holds IVV (SP500) lot S2, 10 shares bought
2026-06-01 for $7,200 ($680 now: a short-term loss). The plan sells the 401(k)'s FXAIX first (so its 4
recent shares are no longer held) and then harvests S2. FXAIX fills only at Friday's close (SEC Rule
22c-1): the IVV sale is placed on the next trading day, Monday 2026-12-07 (Saturday and Sunday closed).

By hand (IRC §1091(a): 30 days before to 30 days after the date of the sale):

* window of a sale on 2026-12-07: 2026-12-07 - 30 = 2026-11-07 through 2026-12-07 + 30 = 2027-01-06
  (December has 31 days: 12-07 + 24 = 12-31, + 6 = 2027-01-06);
* first day you may buy: 2027-01-07 (not 2026-12-04 + 31 = 2027-01-04);
* so a payroll contribution buying FXAIX on 2027-01-05 or 2027-01-06 still washes the loss, for good
  (Rev. Rul. 2008-5): Issues must say "before 2027-01-07".

Trading days by hand (NYSE Rule 7.2 holidays, published calendars): after Thursday 2026-12-24 comes
Monday 2026-12-28 (Christmas Friday, then the weekend); after Thursday 2026-11-25 comes Friday
2026-11-27 (Thanksgiving 2026-11-26); after Thursday 2027-12-23 comes Monday 2027-12-27 (Christmas 2027
is a Saturday, observed Friday 2027-12-24); after Thursday 2027-12-30 comes Friday 2027-12-31 (New
Year's Day 2028 is a Saturday and closes no Friday); after Thursday 2026-04-02 comes Monday 2026-04-06
(Good Friday 2026-04-03).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from taxrebal.engine.wash_dates import next_trading_day
from taxrebal.pipeline import run_book
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results import INPUT_SHEETS

AS_OF = date(2026, 12, 4)


def sheets(drip: bool = False) -> dict:
    return {
        "Accounts": [["Account", "Type", "Owner", "Cash", "Contribution"],
                     ["Sam Taxable", "Taxable", "Sam", 0, 0], ["Sam 401k", "401(k)", "Sam", 0, 1000]],
        "Securities": [["Symbol", "Asset Class", "Price", "Name", "Identical Group", "Replacement", "DRIP", "Type"],
                       ["FXAIX", "US Stocks", 230, None, "SP500", None, None, "Mutual Fund"],
                       ["IVV", "US Stocks", 680, None, "SP500", "SCHB", "Y" if drip else None, "ETF"],
                       ["SCHB", "US Stocks", 30, None, None, None, None, "ETF"],
                       ["FTIHX", "Intl Stocks", 15, None, None, None, None, "Mutual Fund"],
                       ["FXNAX", "Bonds", 10.5, None, None, None, None, "Mutual Fund"]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["S1", "Sam Taxable", "IVV", date(2023, 2, 1), 50, 20000],
                 ["S2", "Sam Taxable", "IVV", date(2026, 6, 1), 10, 7200],
                 ["S3", "Sam Taxable", "FTIHX", date(2024, 1, 2), 1000, 14000],
                 ["K1", "Sam 401k", "FXAIX", date(2020, 1, 2), 100, 10000],
                 ["K2", "Sam 401k", "FXNAX", date(2020, 1, 2), 2000, 22000],
                 ["K3", "Sam 401k", "FXAIX", date(2026, 11, 28), 4, 912]],
        "Transactions": [["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID"],
                         [date(2026, 11, 28), "Sam 401k", "FXAIX", "Buy", 4, 228, "K3"]],
        "Targets": [["Asset Class", "Target", "Band"], ["US Stocks", 50, 5], ["Intl Stocks", 20, 5], ["Bonds", 30, 5]],
        "Settings": [["Setting", "Value"], ["As Of", AS_OF], ["Filing Status", "MFS"], ["Ordinary Income", 140000],
                     ["Realized ST YTD", 0], ["Realized LT YTD", 0], ["ST Loss Carryforward", 4000]],
    }


def _run(drip: bool = False) -> MemoryBook:
    book = MemoryBook(INPUT_SHEETS)
    out = run_book(book, sheets(drip), run_time=datetime(2026, 12, 4, 9, 0), default_as_of=None, source_name="t")
    assert out.ok
    return book


def _rows(book: MemoryBook, sheet: str, table: int = 0) -> list:
    return list(book.tables(sheet)[table].rows)


@pytest.fixture(scope="module")
def book() -> MemoryBook:
    return _run()


def _ivv_step(book: MemoryBook) -> tuple:
    (row,) = [r for r in _rows(book, "Trades") if r[1] == "Sam Taxable" and r[2] == "IVV"]
    return row


def test_the_trades_note_counts_from_the_monday(book):
    note = _ivv_step(book)[-1]
    assert ("before 2027-01-07, the first day you may buy (31 days from 2026-12-07, the day this sale can be "
            "placed") in note
    assert "2027-01-04" not in note
    assert "placed later, count 31 days from the day it fills" in note


def test_lot_sales_window_is_30_days_either_side_of_the_monday(book):
    (row,) = [r for r in _rows(book, "Lot Sales") if r[3] == "S2"]
    assert row[-1].startswith("Loss allowed if no SP500 is bought in any account from 2026-11-07 through 2027-01-06; "
                              "first day you may buy: 2027-01-07")


def test_do_not_buy_and_issues_say_the_same_day(book):
    (sp500,) = [r for t in book.tables("Wash Sales") for r in t.rows if r and r[0] == "SP500"]
    assert sp500[2] == date(2027, 1, 7)
    assert "once placed on 2026-12-07 (the next trading day" in sp500[-1]
    (warning,) = [r[3] for r in _rows(book, "Issues") if "recurring contribution" in str(r[3])]
    assert "If a contribution buys FXAIX before 2027-01-07" in warning
    assert "2027-01-04" not in warning


def test_orders_gives_the_same_day_as_every_other_sheet(book):
    (ticket,) = [r for r in _rows(book, "Orders") if r[0] == "Sam Taxable" and r[4] == "IVV"]
    assert "its first day you may buy is then 2027-01-07, as Trades says, not 2027-01-04" in ticket[-1]


def test_the_buys_it_pays_for_wait_for_its_proceeds_to_settle_on_the_tuesday(book):
    # fe13 F10: placed Monday 2026-12-07, the IVV sale settles Tuesday 2026-12-08 (T+1, SEC Rule
    # 15c6-1), not 2026-12-07 (Friday's T+1); the 401(k)'s own sale, placed Friday, settles Monday
    buys = [r for r in _rows(book, "Orders") if r[0] == "Sam Taxable" and r[3] == "Buy"]
    assert buys and all("they settle 2026-12-08, T+1" in r[-1] for r in buys)
    (fxnax,) = [r for r in _rows(book, "Orders") if r[0] == "Sam 401k" and r[3] == "Buy"]
    assert "they settle 2026-12-07, T+1" in fxnax[-1]


def test_lot_selection_compares_the_sale_on_the_monday(book):
    titles = [t.title for t in book.tables("Lot Selection")]
    assert "Sale 1 (rebalance, Trades step 2): sell 10 IVV from Sam Taxable at $680.00 on 2026-12-07" in titles


def test_dividends_keep_drip_off_through_30_days_after_the_monday():
    book = _run(drip=True)
    (row,) = [r for r in _rows(book, "Dividends") if r[1] == "IVV"]
    assert "through 2027-01-06 if it is placed on 2026-12-07" in row[-1]  # 2026-12-07 + 30


@pytest.mark.parametrize("day, placed", [
    (date(2026, 12, 4), date(2026, 12, 7)),  # Friday -> Monday
    (date(2026, 12, 24), date(2026, 12, 28)),  # Christmas Friday
    (date(2026, 11, 25), date(2026, 11, 27)),  # Thanksgiving
    (date(2027, 12, 23), date(2027, 12, 27)),  # Christmas on a Saturday, observed Friday 12-24
    (date(2027, 12, 30), date(2027, 12, 31)),  # New Year's Day 2028 on a Saturday: Friday open
    (date(2026, 4, 2), date(2026, 4, 6)),  # Good Friday
])
def test_the_next_trading_day_skips_weekends_and_nyse_holidays(day, placed):
    assert next_trading_day(day) == placed
