"""After an import, a broker-disallowed Sell's warning says what the saved workbook now finds (fe17 F6).

Hand-worked household (fe17 h2, As Of 2026-12-31): Schwab's realized file sells 50 QQQ on 2026-12-10
(bought 2025-12-15) for $24,000.00 against $25,000.00 of basis, a $1,000.00 loss ($20.00 a share),
of which Schwab disallows $600.00; Schwab's lot file, imported in the same run, holds the replacement
bought 2026-12-20 (30 sh), and Transactions already has the Roth's Buy of 10 QQQ on 2026-12-22.
Window 2026-11-10 .. 2027-01-09 (IRC §1091(a)); replacements earliest first (Treas. Reg.
§1.1091-1(c)): 30 Brokerage shares x $20 = $600.00 (into their basis) and 10 Roth shares x $20 =
$200.00 lost for good (Rev. Rul. 2008-5): **$800.00** disallowed, $200.00 of it lost for good.
Before the fix the import said taxrebal "counts the whole loss" and advised +$600.00 in column (g),
while the run found $800.00.
"""

from __future__ import annotations

from datetime import datetime

import openpyxl

from taxrebal.cli import main

LOTS_CSV = """"QQQ Lot Details for XXXX-4567 as of 12/31/2026"
"Open Date","Quantity","Price","Cost/Share","Market Value","Cost Basis","Gain/Loss $","Gain/Loss %","Holding Period"
"01/05/2024","40","$470.00","$400.00","$18,800.00","$16,000.00","$2,800.00","17.5%","Long Term"
"12/20/2026","30","$470.00","$485.00","$14,100.00","$14,550.00","-$450.00","-3.09%","Short Term"
"Total","70","","","$32,900.00","$30,550.00","$2,350.00",""
"""
REALIZED_CSV = """"Realized Gain/Loss - Lot Details for XXXX-4567 as of 12/31/2026"
"Symbol","Name","Closed Date","Opened Date","Quantity","Proceeds Per Share","Cost Per Share","Proceeds","Cost Basis (CB)","Gain/Loss ($)","Gain/Loss (%)","Long Term Gain/Loss","Short Term Gain/Loss","Wash Sale?","Disallowed Loss"
"QQQ","INVESCO QQQ TRUST","12/10/2026","12/15/2025","50","$480.00","$500.00","$24,000.00","$25,000.00","-$1,000.00","-4%","","-$1,000.00","Yes","$600.00"
"""  # noqa: E501


ROWS = {
    "Accounts": [["Account", "Type", "Cash", "Broker Account"], ["Brokerage", "Taxable", 0, "XXXX-4567"],
                 ["Roth", "Roth IRA", 0, None]],
    "Securities": [["Symbol", "Asset Class", "Price"], ["QQQ", "US", 470]],
    "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
             ["R1", "Roth", "QQQ", None, 10, None]],
    "Targets": [["Asset Class", "Target"], ["US", 100]],
    "Settings": [["Setting", "Value"], ["As Of", datetime(2026, 12, 31)], ["Filing Status", "Single"],
                 ["Ordinary Income", 100000], ["Realized ST YTD", None], ["Realized LT YTD", 0]],
    "Transactions": [["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID"],
                     [datetime(2026, 12, 22), "Roth", "QQQ", "Buy", 10, 480, "R1"]],
}


def household(path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in ROWS.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def test_the_warning_gives_what_the_saved_book_finds(tmp_path, capsys):
    book = household(tmp_path / "h.xlsx")
    (tmp_path / "lots.csv").write_text(LOTS_CSV)
    (tmp_path / "realized.csv").write_text(REALIZED_CSV)
    code = main(["import", str(book), str(tmp_path / "lots.csv"), str(tmp_path / "realized.csv"),
                 "--account", "Brokerage", "-o", str(tmp_path / "out.xlsx")])
    text = capsys.readouterr().out
    assert code == 0, text
    [line] = [ln for ln in text.splitlines() if "Schwab reports $600.00" in ln]
    assert "finds $800.00 of it disallowed ($200.00 lost for good" in line
    assert "+$800.00 in column (g)" in line
    assert "counts the whole loss" not in line and "+$600.00" not in line
