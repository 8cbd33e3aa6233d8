"""A sale placed the next trading day whose first day you may buy falls on a closed day: Lot Sales,
Trades and Orders say each date once, never two brackets in a row (session 11's closing note).

fe11's c_haddad household (tests/test_placed_next_trading_day.py) with As Of Wednesday 2026-12-02:
the plan sells Sam 401k's FXAIX first (a mutual fund: it fills at the close, SEC Rule 22c-1), so the
IVV loss sale (lot S2, -$400) is placed on the next trading day, Thursday 2026-12-03. By hand (IRC
§1091(a): 30 days before to 30 days after the sale):

* the window: 2026-12-03 - 30 = 2026-11-03 through 2026-12-03 + 30 = 2027-01-02 (12-03 + 28 = 12-31,
  + 2 = 01-02);
* the first day you may buy: 2027-01-03, a Sunday; the NYSE opens next on Monday 2027-01-04 (New
  Year's Day 2027 is the Friday before);
* the 401(k)'s 4 FXAIX shares bought 2026-11-28 are sold first (step 1) and do not count.

Before the fix the Wash-Sale Status read "...: 2027-01-03 (first trading day 2027-01-04) (31 days
from ...) (other than ...)", the Trades note "... (31 days from ... fills) (wash sale, IRC §1091)"
and the Orders ticket "(its first day you may buy is then ...) ($160.00 at stake)".
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from test_placed_next_trading_day import sheets

from taxrebal.pipeline import run_book
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results import INPUT_SHEETS

#: two brackets in a row, other than a plan's name ("401(k) (no tax)")
TWO_IN_A_ROW = re.compile(r"(?<!\(k)(?<!\(b)\) \(")


@pytest.fixture(scope="module")
def book() -> MemoryBook:
    data = sheets()
    data["Settings"] = [row if row[0] != "As Of" else ["As Of", date(2026, 12, 2)] for row in data["Settings"]]
    book = MemoryBook(INPUT_SHEETS)
    out = run_book(book, data, run_time=datetime(2026, 12, 2, 9, 0), default_as_of=None, source_name="t")
    assert out.ok
    return book


def _row(book: MemoryBook, sheet: str, symbol: str) -> tuple:
    """The sheet's first table's row of ``symbol`` in Sam Taxable (Orders' first table: the tickets)."""
    (row,) = [r for r in book.tables(sheet)[0].rows if r and symbol in r and "Sam Taxable" in r]
    return row


def test_lot_sales_says_each_date_once(book):
    assert _row(book, "Lot Sales", "IVV")[-1] == (
        "Loss allowed if no SP500 is bought in any account from 2026-11-03 through 2027-01-02; first day you may "
        "buy: 2027-01-03 (first trading day 2027-01-04). The first day you may buy is 31 days from 2026-12-03, "
        "the day this sale can be placed: it waits for step 1 (Sam 401k's FXAIX, a mutual fund) to fill at the "
        "close (SEC Rule 22c-1); placed later, count 31 days from the day it fills. Not counted: Sam 401k's "
        "shares bought 2026-11-28 (step 1), which this plan sells before this sale (taxrebal's reading of IRC "
        "§1091: shares no longer held cannot wash the loss).")


def test_trades_and_orders_have_no_two_brackets_in_a_row(book):
    note = _row(book, "Trades", "IVV")[-1]
    assert "before 2027-01-03 (first trading day 2027-01-04), the first day you may buy (31 days from 2026-12-03" \
        in note and note.endswith("placed later, count 31 days from the day it fills), would wash this loss "
                                  "(wash sale, IRC §1091).")
    ticket = _row(book, "Orders", "IVV")[-1]
    assert "(its first day you may buy is then 2027-01-03, as Trades says, not 2027-01-02; first trading day " \
        "2027-01-04; $160.00 at stake)" in ticket
    for text in (note, ticket, _row(book, "Lot Sales", "IVV")[-1]):
        assert not TWO_IN_A_ROW.search(text), text
