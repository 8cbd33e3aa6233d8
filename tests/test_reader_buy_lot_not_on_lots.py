"""A Buy/Reinvest row naming a Lot ID that the Lots sheet does not hold is a warning (fe9 finding 10).

Rule: a Transactions Buy or Reinvest row's Lot ID ties the purchase to its lot on Lots. When no lot
has that ID and no Sell row names it, nothing says whether the shares are still held, and a recent
purchase still held washes a loss sold within 30 days (IRC §1091(a)). So the row gets a Warning on
its Lot ID cell, naming the purchase and the three fixes (add the lot, add the Sell, correct the
ID). Not warned: a Lot ID on Lots, one a Sell row names (sold since), a Sell row itself, and an
empty Lots sheet (its own warning says so; same root cause).
"""

from __future__ import annotations

from datetime import date

from taxrebal.workbook.reader import load_sheets

TX_HEADER = ["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID", "Acquired", "Cost Basis"]
HELD = ["L1", "Brokerage", "VTI", date(2024, 1, 10), 10, 3000]


def sheets(transactions, lots=(HELD,)):
    return {
        "Accounts": [["Account", "Type", "Cash", "Contribution"], ["Brokerage", "Taxable", 1000, 0]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["VTI", "US", 330]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"], *lots],
        "Targets": [["Asset Class", "Target"], ["US", 100]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 12, 4)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000], ["Realized ST YTD", 0], ["Realized LT YTD", 0]],
        "Transactions": [TX_HEADER, *transactions],
    }


def tx_warnings(result):
    return [i for i in result.issues if i.sheet == "Transactions" and str(i.severity).lower().endswith("warning")]


BUY_T3 = [date(2026, 11, 20), "Brokerage", "VTI", "Buy", 20, 295, "T3"]


def test_a_buy_whose_lot_id_is_not_on_lots_is_warned_at_its_lot_id_cell_with_the_fixes():
    (w,) = tx_warnings(load_sheets(sheets([BUY_T3])))
    assert w.cell == "G2"  # row 2 (first under the header), column G (Lot ID)
    assert w.message.startswith("Lot ID T3 of this Buy (20 VTI in Brokerage on 2026-11-20) is not on the Lots "
                                "sheet, and no Sell row on Transactions names it")
    assert "add the lot to Lots with Lot ID T3" in w.message
    assert "add the Sell row naming Lot ID T3" in w.message
    assert "if the Lot ID is mistyped, correct it" in w.message


def test_a_reinvest_is_named_as_such():
    drip = [date(2026, 12, 1), "Brokerage", "VTI", "Reinvest", 0.9, 330, "T6"]
    (w,) = tx_warnings(load_sheets(sheets([drip])))
    assert w.message.startswith("Lot ID T6 of this Reinvest (0.9 VTI in Brokerage on 2026-12-01)")


def test_no_warning_when_the_lot_is_held_or_a_sell_names_it_or_lots_is_empty():
    held = [date(2024, 1, 10), "Brokerage", "VTI", "Buy", 10, 300, "L1"]
    assert tx_warnings(load_sheets(sheets([held]))) == []
    sold = [date(2026, 11, 25), "Brokerage", "VTI", "Sell", 20, 330, "T3"]
    assert tx_warnings(load_sheets(sheets([BUY_T3, sold]))) == []
    no_lots = load_sheets(sheets([BUY_T3], lots=()))
    assert tx_warnings(no_lots) == []
    assert any("The Lots sheet lists no lot" in i.message for i in no_lots.issues)


def test_a_sell_that_names_no_lot_is_warned_once_by_the_wash_engine_that_leaves_it_out():
    # fe14 F11: the reader said "it still counts for the wash-sale window" while the wash engine's warning on
    # the same row said "it is left out of wash sales": the engine leaves it out (no gain or loss to judge).
    # fe16 F3: both warned the one row (G and A): now only the engine does, and `run` and `check` print it.
    from taxrebal.engine.wash import adjust_lots

    sell = [date(2026, 11, 21), "Brokerage", "VTI", "Sell", 5, 330]
    loaded = load_sheets(sheets([BUY_T3, sell]))
    assert [w for w in tx_warnings(loaded) if w.cell.endswith("3")] == []
    (w,) = [i for i in adjust_lots(loaded.household).issues if i.cell.endswith("3")]
    assert "it is left out of wash sales and Form 8949" in w.message
    assert "still counts for the wash-sale window" not in w.message
    assert "the same on the Buy row" in w.message
