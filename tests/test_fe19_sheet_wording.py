"""fe19 F1 and F7: two sheets' wording, checked on the workbook a run writes.

F1 (Lot Selection): the IRA bought 15 VXUS on 2026-11-24; a loss sale of the Brokerage's VXUS is clear of
that purchase from 2026-11-24 + 31 days = 2026-12-25, Christmas, when the NYSE is closed (NYSE Rule 7.2),
so the first day the sale can be placed is Monday 2026-12-28: the date Harvest and WASHWINDOW give
(README "One date convention": the first trading day on or after purchase + 31). Lot Selection's
wash-sale warning for a Sales row gave the calendar day 2026-12-25.

F7 (Harvest): Single, $100,000 of wages, $10,000 of long-term loss carried in, no gain realized this
year: taxable ordinary income is $100,000 - $16,100 - $3,000 = $80,900, past the $49,450 top of the
2026 0% band (IRC §1(h); Rev. Proc. 2025-32), so no long-term gain is taxed at 0%: the $7,000 of gains
that cost no federal tax only use up carryforward (IRC §1212(b)). The sheet must not call that room
"at 0% federal" (README: such gains "are not called 'at 0%'"), also when no taxable lot has a gain to list.
"""

from __future__ import annotations

from datetime import date

import openpyxl
from input_sheets import write_book

from taxrebal.cli import main


def _text(path, sheet):
    """Every cell's text, a sheet's wrapped note lines joined with a space as they read."""
    ws = openpyxl.load_workbook(path, data_only=True)[sheet]
    return " ".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None)


def test_lot_selection_names_the_first_trading_day_to_sell(tmp_path):
    book = write_book(tmp_path / "f1.xlsx", {
        "Accounts": [["Account", "Type"], ["Brokerage", "Taxable"], ["IRA", "Traditional IRA"]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["VXUS", "Intl", 65], ["BND", "Bonds", 73]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["B1", "Brokerage", "VXUS", date(2022, 1, 3), 600, 48000],
                 ["I1", "IRA", "VXUS", date(2026, 11, 24), 15, 990], ["I2", "IRA", "BND", None, 400, None]],
        "Transactions": [["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID"],
                         [date(2026, 11, 24), "IRA", "VXUS", "Buy", 15, 66, "I1"]],
        "Targets": [["Asset Class", "Target"], ["Intl", 0.5], ["Bonds", 0.5]],
        "Sales": [["Account", "Symbol", "Quantity", "Method"], ["Brokerage", "VXUS", 100, "FIFO"]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 12, 1)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000], ["Realized ST YTD", 0], ["Realized LT YTD", 0]],
    })
    out = tmp_path / "f1_out.xlsx"
    assert main(["run", str(book), "-o", str(out)]) == 0
    text = _text(out, "Lot Selection")
    assert "first day you may sell without this purchase washing it is 2026-12-28" in text
    assert "2026-12-25" not in text


def test_harvest_does_not_call_carryforward_room_zero_percent(tmp_path):
    book = write_book(tmp_path / "f7.xlsx", {
        "Accounts": [["Account", "Type"], ["Taxable", "Taxable"], ["IRA", "Traditional IRA"]],
        "Securities": [["Symbol", "Asset Class", "Price", "Replacement"], ["VTI", "US", 100, "SCHB"],
                       ["SCHB", "US", 25, None], ["BND", "Bonds", 90, "AGG"], ["AGG", "Bonds", 95, None]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["V1", "Taxable", "VTI", date(2022, 1, 3), 500, 52000],
                 ["B1", "Taxable", "BND", date(2022, 1, 3), 50, 5000],
                 ["I1", "IRA", "VTI", date(2015, 1, 2), 100, 5000],
                 ["I2", "IRA", "BND", date(2015, 1, 2), 394.4444, 30000]],
        "Targets": [["Asset Class", "Target"], ["US", 0.6], ["Bonds", 0.4]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 12, 4)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000], ["Realized ST YTD", 0], ["Realized LT YTD", 0],
                     ["LT Loss Carryforward", 10000], ["State Tax Rate", 0.05]],
    })
    out = tmp_path / "f7_out.xlsx"
    assert main(["run", str(book), "-o", str(out)]) == 0
    text = _text(out, "Harvest")
    assert "at 0% federal" not in text
    assert "with no federal tax" in text
