"""The ribbon's Import button, on the Excel-like test double: same rows as ``taxrebal import``,
text stays text, a bad file writes nothing, no dialog means a message, not a crash."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
from input_sheets import write_book
from test_xlwings_book_double import FakeBook, Formula

from taxrebal.cli import main
from taxrebal.excel import ribbon
from taxrebal.workbook.template import build_sample

FIX = Path(__file__).parent / "fixtures" / "brokers"
NOW = datetime(2026, 11, 23, 9, 30)


def sample_rows():
    wb = build_sample()
    ws = wb["Accounts"]
    col = [c.value for c in ws[1]].index("Broker Account") + 1
    ws.cell(row=2, column=col, value="5123-4567")  # Joint Brokerage
    return {w.title: [list(r) for r in w.iter_rows(values_only=True)] for w in wb.worksheets}


def test_import_writes_the_same_cells_as_the_command_line(tmp_path, capsys):
    rows = sample_rows()
    book = FakeBook.from_rows(rows, name="household.xlsx")
    files = [str(FIX / "schwab_VTI_lot_details.csv"), str(FIX / "generic_lots.csv")]
    plan = ribbon._import_broker_files(book, NOW, paths=files)
    assert plan is not None and plan.lots_added == 8
    # the command line on the same workbook as a file
    src, out = write_book(tmp_path / "b.xlsx", rows), tmp_path / "o.xlsx"
    main(["import", str(src), *files, "-o", str(out)])
    capsys.readouterr()
    for name in ("Lots", "Securities"):
        ws = openpyxl.load_workbook(out)[name]
        expected = {(c.row, c.column): c.value for r in ws.iter_rows() for c in r if c.value is not None}
        live = book.sheets[name].values()
        got = {k: (v.replace(tzinfo=None) if isinstance(v, datetime) else v) for k, v in live.items()}
        assert got == expected, name
    # the description '=HYPERLINK(...)' from the file is text in Excel, never a formula
    assert not any(isinstance(v, Formula) for s in book.sheets for v in s.values().values())
    assert "Imported 2 file(s)" in book.app.alerts[-1][0]


def test_a_bad_file_writes_nothing_and_says_where():
    book = FakeBook.from_rows(sample_rows(), name="household.xlsx")
    before = {s.name: dict(s.values()) for s in book.sheets}
    assert ribbon._import_broker_files(book, NOW, paths=[str(FIX / "bad_schwab_quantity.csv")]) is None
    assert {s.name: dict(s.values()) for s in book.sheets} == before
    message, _, mode = book.app.alerts[-1]
    assert 'line 4, column "Quantity"' in message and "Nothing was imported" in message and mode == "critical"


def test_without_a_file_dialog_the_button_explains_the_command_line():
    book = FakeBook.from_rows(sample_rows(), name="household.xlsx")
    assert ribbon.run("import_broker_files", book, now=NOW) is None
    assert "taxrebal import" in book.app.alerts[-1][0]


def test_a_broker_disallowed_loss_warning_says_what_the_open_workbook_finds(tmp_path):
    """fe17 F6 on the ribbon, as tests/test_import_broker_wash_rechecked.py on the command line (its
    hand-worked household: Schwab disallows $600.00 of a $1,000.00 QQQ loss; the same import writes the
    30-share replacement, and the Roth's 10-share Buy is on Transactions: 30 x $20 + 10 x $20 = $800.00
    disallowed, $200.00 of it lost for good, Rev. Rul. 2008-5)."""
    from test_import_broker_wash_rechecked import LOTS_CSV, REALIZED_CSV, ROWS

    rows = {name: [list(r) for r in sheet] for name, sheet in ROWS.items()}
    book = FakeBook.from_rows(rows, name="household.xlsx")
    (tmp_path / "lots.csv").write_text(LOTS_CSV)
    (tmp_path / "realized.csv").write_text(REALIZED_CSV)
    plan = ribbon._import_broker_files(book, NOW, paths=[str(tmp_path / "lots.csv"), str(tmp_path / "realized.csv")])
    assert plan is not None and plan.broker_washes
    message = book.app.alerts[-1][0]
    [line] = [ln for ln in message.split("\n\n") if "Schwab reports $600.00" in ln]
    assert "finds $800.00 of it disallowed ($200.00 lost for good" in line
    assert "+$800.00 in column (g)" in line
    assert "counts the whole loss" not in line and "+$600.00" not in line
