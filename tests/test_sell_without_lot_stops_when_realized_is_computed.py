"""A this-year taxable Sell whose gain cannot be computed stops the run when Realized YTD is blank (fe16 F3).

Rule (README "What each problem costs", Errors): with Settings Realized ST or LT YTD blank, the
year's realized gains are computed from this year's sells on Transactions. A Sell of this tax year in
a Taxable account whose lot is on neither Lots nor a Buy row and that has no Acquired and Cost Basis
has an unknowable gain (IRC §1001(a): amount realized minus adjusted basis; §1222 needs the holding
period), so leaving it out would misstate every tax figure: an Error on the row's Lot ID cell naming
the fixes. fe16 F3: a Settings row present with a blank value was read as typed, so the sale got two
warnings (reader at G, wash engine at A) and silently left the tax figures.

Hand-worked case: Vanguard Taxable sold 30 VTI at $320 on 2026-10-20 (proceeds 30 x 320 = $9,600),
no Lot ID, no Acquired, no Cost Basis; the only VTI Buy is 3 sh on 2026-11-02 (another day: not the
lot sold). As Of 2026-11-20, so the sale is of this tax year.
"""

from __future__ import annotations

from datetime import date

import openpyxl

from taxrebal.cli import main
from taxrebal.engine.wash import adjust_lots
from taxrebal.workbook.reader import load_sheets

TX_HEADER = ["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID", "Acquired", "Cost Basis"]
SELL = [date(2026, 10, 20), "Vanguard Taxable", "VTI", "Sell", 30, 320]
LATER_BUY = [date(2026, 11, 2), "Vanguard Taxable", "VTI", "Buy", 3, 328]


def sheets(st, lt, transactions=(LATER_BUY, SELL)):
    return {
        "Accounts": [["Account", "Type", "Cash", "Contribution"], ["Vanguard Taxable", "Taxable", 1000, 0]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["VTI", "US", 330]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["L1", "Vanguard Taxable", "VTI", date(2024, 1, 10), 10, 3000]],
        "Targets": [["Asset Class", "Target"], ["US", 100]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 11, 20)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000], ["Realized ST YTD", st], ["Realized LT YTD", lt]],
        "Transactions": [TX_HEADER, *transactions],
    }


def issues_on_row(result, row):
    return [i for i in result.issues if i.sheet == "Transactions" and i.cell[1:] == str(row)]


def test_blank_realized_cells_make_the_unknowable_sale_one_error_on_its_lot_id_cell():
    loaded = load_sheets(sheets(None, None))
    assert loaded.household is None  # the run stops
    (e,) = issues_on_row(loaded, 3)  # one message for the row
    assert str(e.severity).lower().endswith("error") and e.cell == "G3"
    assert e.message.startswith("This Sell of 30 VTI on 2026-10-20 names no lot")
    assert "Realized ST YTD and Realized LT YTD on Settings are blank" in e.message
    assert "Add the Lot ID, or the Acquired date and Cost Basis" in e.message


def test_one_blank_realized_cell_is_enough_and_is_named():
    (e,) = issues_on_row(load_sheets(sheets(0, None)), 3)
    assert "Realized LT YTD on Settings is blank" in e.message and "ST YTD on Settings" not in e.message


def test_both_typed_the_gain_is_in_them_one_warning_from_the_wash_engine():
    loaded = load_sheets(sheets(0, 0))
    assert loaded.household is not None and issues_on_row(loaded, 3) == []
    (w,) = [i for i in adjust_lots(loaded.household).issues if i.cell == "A3"]
    assert "left out of wash sales and Form 8949" in w.message


def test_a_sale_of_last_year_does_not_stop_this_years_run():
    old = [date(2025, 10, 20), "Vanguard Taxable", "VTI", "Sell", 30, 320]
    loaded = load_sheets(sheets(None, None, (LATER_BUY, old)))
    assert loaded.household is not None
    assert not any(str(i.severity).lower().endswith("error") for i in issues_on_row(loaded, 3))


def test_a_sell_with_acquired_on_a_buy_rows_day_is_that_buys_lot_and_no_error():
    # the engine takes the cost of the Buy row of that account, symbol and day (engine/wash.py reading 1)
    linked = [date(2026, 11, 10), "Vanguard Taxable", "VTI", "Sell", 3, 340, None, date(2026, 11, 2)]
    loaded = load_sheets(sheets(None, None, (LATER_BUY, linked)))
    assert loaded.household is not None
    sale = next(s for s in adjust_lots(loaded.household).sales if s.quantity == 3)
    assert round(sale.proceeds - sale.basis, 2) == 36.00  # 3 x (340 - 328)


def test_check_exits_1_with_the_one_error(tmp_path, capsys):
    path = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets(None, None).items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    assert main(["check", str(path)]) == 1
    lines = [x for x in capsys.readouterr().out.splitlines() if "Transactions!" in x and "3:" in x]
    assert len(lines) == 1 and lines[0].strip().startswith("Error: Transactions!G3:")
