"""`taxrebal import` of a history Sell whose gain cannot be computed exits 1 when Realized YTD is blank
(fe16 F3).

Rule (README "What each problem costs", Errors; "Importing": the import exits 1 for what `check` will
call an error): Vanguard's transaction history has no lot basis, so an imported Sell of this tax year
in a Taxable account with no lot, no Acquired and no Cost Basis has an unknowable gain (IRC §1001(a));
with Settings Realized ST/LT YTD blank the year's gains are added up from Transactions and would leave
its $9,600 (30 sh x $320) out. The import writes the rows and names the cell; `check` says the same.
"""

import openpyxl

from taxrebal.cli import main

HISTORY = (
    "Account Number,Trade Date,Settlement Date,Transaction Type,Transaction Description,Investment Name,Symbol,"
    "Shares,Share Price,Principal Amount,Commission Fees,Net Amount,Accrued Interest,Account Type,\n"
    "88776655,2026-10-20,2026-10-21,Sell,Sell,VANGUARD TOTAL STOCK MARKET ETF,VTI,-30.00000,320.00,9600.00,0.0,"
    "9600.00,0.0,CASH,\n")


def blank_realized_ytd(path):
    wb = openpyxl.load_workbook(path)
    ws = wb["Settings"]
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, 1).value in ("Realized ST YTD", "Realized LT YTD"):
            ws.cell(r, 2).value = None  # blank: computed from this year's sells on Transactions
    wb.save(path)


def test_import_names_the_cell_and_exits_1_as_check_will(sample_workbook, tmp_path, capsys):
    blank_realized_ytd(sample_workbook)
    assert main(["check", str(sample_workbook)]) == 0  # the sample's own sells all have their lots
    capsys.readouterr()
    history = tmp_path / "vanguard.csv"
    history.write_text(HISTORY, encoding="utf-8")
    assert main(["import", str(sample_workbook), str(history), "--account", "Joint Brokerage"]) == 1
    imported = [x for x in capsys.readouterr().out.splitlines() if "This Sell of 30 VTI on 2026-10-20" in x]
    assert len(imported) == 1 and imported[0].strip().startswith("Error: Transactions!")
    assert main(["check", str(sample_workbook)]) == 1
    checked = [x for x in capsys.readouterr().out.splitlines() if "This Sell of 30 VTI on 2026-10-20" in x]
    assert [x.strip() for x in checked] == [x.strip() for x in imported]  # the same message, once


def test_with_realized_ytd_typed_the_import_exits_0(sample_workbook, tmp_path, capsys):
    history = tmp_path / "vanguard.csv"
    history.write_text(HISTORY, encoding="utf-8")
    assert main(["import", str(sample_workbook), str(history), "--account", "Joint Brokerage"]) == 0
    assert "This Sell of 30 VTI" not in capsys.readouterr().out
