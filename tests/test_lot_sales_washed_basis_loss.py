"""Lot Sales' Wash-Sale Status of a lot whose basis carries a washed loss and that is sold at a loss
(fe21 finding 8).

Brokerage sold 50 VTI on 2026-11-10 at $280 (bought 2025-06-01 for $15,000: a $1,000 loss) and bought
10 VTI back on 2026-11-25 at $290 (lot T3, $2,900): those 10 shares wash 10 x $20 = $200 of the loss,
which moves into T3's basis, $3,100 (IRC §1091(d)). On 2026-12-04, VTI at $300, the plan sells T3 for
$3,000: a $100 loss, itself a loss sale that a VTI purchase from 2026-11-04 through 2027-01-03 would
wash (IRC §1091(a)). Its status said only "Basis includes $200.00 of a washed loss (IRC §1091(d))", where
every other loss lot's says when buying VTI would wash it; it now says both.
"""

from __future__ import annotations

from datetime import date, datetime

from taxrebal.pipeline import run_book
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results import INPUT_SHEETS


def sheets():
    return {
        "Accounts": [["Account", "Type", "Cash"], ["Brokerage", "Taxable", 0]],
        "Securities": [["Symbol", "Asset Class", "Price", "Replacement"], ["VTI", "US", 300, "ITOT"],
                       ["ITOT", "US", 130, "VTI"], ["BND", "Bonds", 72, ""]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["T1", "Brokerage", "VTI", date(2015, 3, 2), 200, 30000],
                 ["T3", "Brokerage", "VTI", date(2026, 11, 25), 10, 2900],
                 ["B1", "Brokerage", "BND", date(2020, 1, 2), 100, 7200]],
        "Transactions": [["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID", "Acquired",
                          "Cost Basis"],
                         [date(2026, 11, 10), "Brokerage", "VTI", "Sell", 50, 280, "TX", date(2025, 6, 1), 15000],
                         [date(2026, 11, 25), "Brokerage", "VTI", "Buy", 10, 290, "T3", None, None]],
        "Targets": [["Asset Class", "Target"], ["US", 50], ["Bonds", 50]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 12, 4)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000], ["Realized ST YTD", 0], ["Realized LT YTD", -1000],
                     ["State Tax Rate", 0], ["Qualified Dividends", 0], ["Investment Income", 0],
                     ["Taxpayers 65 or Older", 0], ["Taxpayers Blind", 0], ["ST Loss Carryforward", 0],
                     ["LT Loss Carryforward", 0]],
    }


def test_a_washed_basis_lot_sold_at_a_loss_says_both():
    book = MemoryBook(INPUT_SHEETS)
    out = run_book(book, sheets(), run_time=datetime(2026, 12, 4, 9, 0), default_as_of=None, source_name="t")
    assert out.ok
    table = book.tables("Lot Sales")[0]
    (t3,) = [dict(zip((c.header for c in table.columns), r)) for r in table.rows if r and "T3" in r]
    # $2,900 + 10 x ($300 - $280) = $3,100 of basis, sold for 10 x $300 = $3,000
    assert (t3["Quantity"], t3["Proceeds"], t3["Adjusted Basis"], t3["Gain"]) == (10, 3000, 3100, -100)
    assert t3["Wash-Sale Status"] == (
        "Basis includes $200.00 of a washed loss (IRC §1091(d)). Loss allowed if no VTI is bought in any account "
        "from 2026-11-04 through 2027-01-03; first day you may buy: 2027-01-04.")
