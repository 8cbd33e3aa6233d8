"""A sale needs no current price: a Transactions Sell of a fund no longer held counts in the year.

IRC §1001(a): the gain is the amount realized minus the adjusted basis; §1222 makes it long-term when
the shares were held more than one year. Nothing in either needs today's price, so a Sell of a fund
that is no longer held (and therefore not on Securities, or on it with a blank price) is kept: its
gain or loss counts in the Realized YTD computed from Transactions and it is a Form 8949 line. A row
that truly cannot be used (a Sell whose account is not listed, a blank symbol) stops the run with an
error naming the cell; it is never dropped silently.

Worked by hand (As Of 2025-06-30, Joint is Taxable):

* Sell 100 ARKK @ $50 on 2025-05-01, Acquired 2024-01-02, Cost Basis $9,000: proceeds $5,000, loss
  $4,000, held 2024-01-02 -> 2025-05-01 (more than a year): long-term.
* Sell 10 VTI @ $250 on 2025-03-03 from lot L1 (100 shares, basis $16,000 = $160 a share): gain
  10 x (250 - 160) = $900, long-term (acquired 2020).
* Realized LT YTD computed from Transactions = 900 - 4,000 = -$3,100 (two sells, no wash sale).
"""

from __future__ import annotations

import copy
from datetime import date

import pytest
from reader_workbook import BASE, book

from taxrebal.engine.ledger import build_ledger
from taxrebal.engine.wash import adjust_lots
from taxrebal.errors import Severity
from taxrebal.workbook.reader import load_sheets
from taxrebal.workbook.results.form8949 import form8949_lines

AS_OF = date(2025, 6, 30)
HEAD = ["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID", "Acquired", "Cost Basis"]
ARKK_SELL = ["2025-05-01", "Joint", "ARKK", "Sell", 100, 50, "", "2024-01-02", 9000]
VTI_SELL = ["2025-03-03", "Joint", "VTI", "Sell", 10, 250, "L1", "", ""]


def _year(sheets):
    r = load_sheets(sheets)
    assert r.ok, [str(i) for i in r.issues]
    wash = adjust_lots(r.household)
    return r, build_ledger(r.household.settings, wash, AS_OF), form8949_lines(wash, 2025)


def test_a_sale_of_a_fund_not_on_securities_counts_in_the_year_and_on_form_8949():
    r, ledger, lines = _year(book(Transactions=[HEAD, VTI_SELL, ARKK_SELL]))
    assert ledger.realized_lt == pytest.approx(-3100.00)
    assert ledger.lt.sales == 2
    arkk = [line for line in lines if "ARKK" in line.description]
    assert len(arkk) == 1
    assert (arkk[0].part, arkk[0].proceeds, arkk[0].basis, arkk[0].gain) == ("II", 5000.00, 9000.00, -4000.00)
    note = {(i.sheet, i.cell): i for i in r.issues}[("Transactions", "C3")]
    assert note.severity is Severity.INFO
    assert "still counts in this year's realized gains and on Form 8949" in note.message


def test_a_sale_of_a_fund_whose_securities_row_has_a_blank_price_counts_too():
    sheets = book(Transactions=[HEAD, VTI_SELL, ARKK_SELL])
    sheets["Securities"] = copy.deepcopy(BASE["Securities"]) + [["ARKK", "ARK Innovation", "US Stocks", "", "", "",
                                                                  ""]]
    r, ledger, lines = _year(sheets)
    assert ledger.realized_lt == pytest.approx(-3100.00)
    assert [line.gain for line in lines if "ARKK" in line.description] == [-4000.00]
    note = {(i.sheet, i.cell): i for i in r.issues}[("Transactions", "C3")]
    assert "row 6" in note.message and "left out" in note.message


def test_a_sell_in_an_account_not_listed_stops_the_run_naming_the_cell():
    # Whether the gain is taxed depends on the account's Type: the row is never left out silently.
    r = load_sheets(book(Transactions=[HEAD, ["2025-05-01", "Old Brokerage", "ARKK", "Sell", 100, 50, "",
                                              "2024-01-02", 9000]]))
    assert r.household is None
    err = {(i.sheet, i.cell): i for i in r.issues if i.severity is Severity.ERROR}[("Transactions", "B2")]
    assert "Old Brokerage" in err.message and "add the account to Accounts" in err.message


@pytest.mark.parametrize("action", ["Sell", "Buy"])
def test_a_trade_with_a_blank_symbol_stops_the_run_naming_the_cell(action):
    r = load_sheets(book(Transactions=[HEAD, ["2025-05-01", "Joint", "", action, 100, 50, "", "2024-01-02", 9000]]))
    assert r.household is None
    err = {(i.sheet, i.cell): i for i in r.issues if i.severity is Severity.ERROR}[("Transactions", "C2")]
    assert "Symbol is blank" in err.message
