"""A taxable Sell row whose lot is not known (no Lot ID on Lots or a Buy row, no Acquired and Cost
Basis) gets one warning, the reader's (with its fix), not a second one from the wash-sale engine for
the same row (fe16 F14: Transactions!G3 and Transactions!A3), in ``check`` and ``run`` alike."""

from __future__ import annotations

from datetime import datetime

import openpyxl

from taxrebal.cli import main


def _add_unknown_sell(path):
    wb = openpyxl.load_workbook(path)
    ws = wb["Transactions"]
    header = [c.value for c in ws[1]]
    row = ws.max_row + 1
    values = {"Date": datetime(2025, 6, 2), "Account": "Joint Brokerage", "Symbol": "VTI", "Action": "Sell",
              "Quantity": 5, "Price": 280}
    for col, name in enumerate(header, start=1):
        if name in values:
            ws.cell(row, col).value = values[name]
    wb.save(path)
    return row


def test_a_sell_without_its_lot_is_warned_once(sample_workbook, tmp_path, capsys):
    row = _add_unknown_sell(sample_workbook)
    assert main(["check", str(sample_workbook)]) == 0
    said = [line for line in capsys.readouterr().out.splitlines()
            if "left out of wash sales and Form 8949" in line]
    assert len(said) == 1 and "Transactions!" in said[0] and said[0].split(":")[1].endswith(str(row))
    out = tmp_path / "out.xlsx"
    main(["run", str(sample_workbook), "-o", str(out), "--only", "wash_sales"])
    issues = [r for r in openpyxl.load_workbook(out)["Issues"].iter_rows(values_only=True)
              if any(isinstance(v, str) and "left out of wash sales and Form 8949" in v for v in r)]
    assert len(issues) == 1
