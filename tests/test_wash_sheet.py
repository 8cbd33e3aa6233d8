"""The Wash Sales sheet written through the ResultBook interface (in-memory book)."""

from datetime import date

import pytest

from taxrebal.engine.pretrade import check_trades
from taxrebal.engine.records import Account, Action, Household, Lot, ProposedTrade, Security, Settings, Transaction
from taxrebal.engine.wash import adjust_lots
from taxrebal.engine.wash_queries import do_not_buy
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results import INPUT_SHEETS
from taxrebal.workbook.results.wash_sales import write_wash_sales

AS_OF = date(2026, 11, 25)
ACCOUNTS = (Account("Brokerage", "Taxable"), Account("Roth", "Roth IRA"))
SECS = (Security("VOO", "US", 9.0, identical_group="SP500"),
        Security("IVV", "US", 9.0, identical_group="SP500", drip=True),
        Security("VTI", "US", 9.0))


def hh():
    # 100 VOO (cost $1,000) sold 2026-11-10 for $800: $200 loss. 30 IVV bought in the Roth 11-12
    # (lost for good: 30 x $2 = $60) and 50 IVV in Brokerage 11-20 (50 x $2 = $100 into basis 450 -> 550).
    txs = [Transaction(date(2026, 11, 10), "Brokerage", "VOO", Action.SELL, 100, 8.0, lot_id="V",
                       acquired=date(2025, 6, 1), basis=1000.0),
           Transaction(date(2026, 11, 12), "Roth", "IVV", Action.BUY, 30, 8.5, lot_id="R"),
           Transaction(date(2026, 11, 20), "Brokerage", "IVV", Action.BUY, 50, 9.0, lot_id="B")]
    lots = [Lot("R", "Roth", "IVV", date(2026, 11, 12), 30, None),
            Lot("B", "Brokerage", "IVV", date(2026, 11, 20), 50, 450.0)]
    return Household(ACCOUNTS, SECS, tuple(lots), tuple(txs), settings=Settings(as_of=AS_OF))


def test_one_row_per_match_with_permanent_flag():
    h = hh()
    result = adjust_lots(h)
    book = MemoryBook(INPUT_SHEETS)
    write_wash_sales(book, result, do_not_buy(result, h, AS_OF), AS_OF)
    matches, dnb = book.tables("Wash Sales")
    assert [r[6:10] for r in matches.rows] == [(60.0, "Y", "Roth", "R"), (100.0, "N", "Brokerage", "B")]
    assert matches.rows[1][12:14] == (100.0, 550.0)
    assert matches.highlight == (0,)
    # Do Not Buy: $40 of the $200 loss is still deductible and a purchase would wash it through
    # 2026-12-10 (sale + 30): the first day you may buy is 2026-12-11.
    (row,) = dnb.rows
    assert [c.header for c in dnb.columns][2] == "First Day You May Buy"
    assert row[0] == "SP500" and row[1] == "IVV, VOO" and row[2] == date(2026, 12, 11)
    assert row[3] == pytest.approx(40.0) and row[4] == "IVV"  # DRIP, before Why (the last column)


def test_pre_trade_table_when_trades_checked():
    h = hh()
    result = adjust_lots(h)
    trades = [ProposedTrade(AS_OF, "Brokerage", "VOO", Action.BUY, 10),
              ProposedTrade(AS_OF, "Brokerage", "VTI", Action.BUY, 10)]
    warnings = check_trades(h, trades, AS_OF, wash=result)
    book = MemoryBook(INPUT_SHEETS)
    write_wash_sales(book, result, do_not_buy(result, h, AS_OF), AS_OF, warnings, checked=len(trades))
    check = book.table("Wash Sales", "Pre-trade check")
    (row,) = check.rows
    assert row[2] == "VOO" and row[7] == pytest.approx(20.0)  # 10 shares x $2 of the 20 unwashed shares
    assert check.notes == ("2 proposed trade(s) checked, 1 conflict(s).",)


def test_the_sheets_wording_follows_the_dated_window(monkeypatch):
    """The window's length is the dated parameter wash_sale.window_days, never a literal 30 or 31: with
    a (hypothetical) 10-day window every note and column note says 10 and + 11 days."""
    from taxrebal.workbook.results import wash_sales

    monkeypatch.setattr(wash_sales, "window_days", lambda year: 10)
    tables = (wash_sales.do_not_buy_table([], AS_OF), wash_sales.trade_check_table([], 0, AS_OF))
    text = " ".join([n for t in tables for n in t.notes] + [c.note for t in tables for c in t.columns])
    assert "+ 11 days" in text and "10-day window" in text and "last 10 days" in text
    assert "30" not in text and "31" not in text
