"""Reading real .xlsx files (load_workbook_file): workbooks built here with openpyxl (real date and
percent cells, an Excel Table, numbers stored as text, a chart sheet), one recalculated by a real
spreadsheet app (LibreOffice), the generator's workbooks, and files that cannot be read."""

import hashlib
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.table import Table, TableStyleInfo

from taxrebal.engine.records import Action, LotMethod, SourceRef
from taxrebal.errors import Severity, WorkbookError
from taxrebal.workbook.cells import excel_serial_to_date
from taxrebal.workbook.reader import load_workbook_file, read_raw_sheets

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate import generate_household, write_household_xlsx  # noqa: E402


def build_workbook(path: Path, *, with_table: bool = True, extra=None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Settings"
    for row in (["Setting", "Value"], ["As Of", date(2025, 6, 30)], ["Filing Status", "Married Filing Jointly"],
                ["Ordinary Income", 150000], ["Lot Method", "HIFO"], ["State Tax Rate", 0.05]):
        ws.append(row)
    ws["B6"].number_format = "0.00%"
    ws = wb.create_sheet("Accounts")
    for row in (["Account", "Type", "Cash"], ["Brokerage", "Individual", "1,250.50"], ["IRA", "Rollover IRA", 0]):
        ws.append(row)
    ws = wb.create_sheet("Securities")
    for row in (["Symbol", "Asset Class", "Price", "DRIP"], ["VTI", "Stocks", 250.1, True],
                ["BND", "Bonds", "72.5", "N"]):
        ws.append(row)
    ws = wb.create_sheet("Lots")
    rows = [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
            [1001, "Brokerage", "VTI", datetime(2021, 3, 1), 12.5, 2500],
            [1002, "Brokerage", "VTI", "2024-12-02", "3", "$900.00"],
            [None, "IRA", "BND", None, 100, None],
            [1004, "Brokerage", "BND", 45000, 10, "(0)"]]
    for row in rows:
        ws.append(row)
    ws["D2"].number_format = "yyyy-mm-dd"
    if with_table:
        table = Table(displayName="LotsTable", ref=f"A1:F{len(rows)}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium9", showRowStripes=True)
        ws.add_table(table)
    ws = wb.create_sheet("Targets")
    for row in (["Asset Class", "Target"], ["Stocks", 0.7], ["Bonds", 0.3]):
        ws.append(row)
    ws["B2"].number_format = ws["B3"].number_format = "0%"
    ws = wb.create_sheet("Transactions")
    for row in (["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID"],
                [date(2025, 6, 10), "Brokerage", "VTI", "Sold", 2, 248, 1001]):
        ws.append(row)
    if extra:
        extra(wb)
    wb.save(path)
    return path


def test_workbook_with_real_cells_and_an_excel_table(tmp_path):
    path = build_workbook(tmp_path / "household.xlsx")
    r = load_workbook_file(path)
    assert r.ok, [str(i) for i in r.issues]
    assert r.digest == hashlib.sha256(path.read_bytes()).hexdigest()
    hh = r.household
    s = hh.settings
    assert s.as_of == date(2025, 6, 30) and s.lot_method is LotMethod.HIFO and s.state_tax_rate == pytest.approx(0.05)
    assert [a.type for a in hh.accounts] == ["Taxable", "Traditional IRA"] and hh.accounts[0].cash == 1250.5
    assert hh.security("VTI").drip is True and hh.security("BND").price == 72.5
    got = [(x.lot_id, x.acquired, x.quantity, x.basis, x.source) for x in hh.lots]
    assert got == [
        ("1001", date(2021, 3, 1), 12.5, 2500.0, SourceRef("Lots", 2)),
        ("1002", date(2024, 12, 2), 3.0, 900.0, SourceRef("Lots", 3)),
        ("Lots!4", None, 100.0, None, SourceRef("Lots", 4)),
        ("1004", date(2023, 3, 15), 10.0, 0.0, SourceRef("Lots", 5)),  # serial 45000; a zero basis is allowed
    ]
    assert [t.target for t in hh.targets] == pytest.approx([0.7, 0.3])
    tx = hh.transactions[0]
    assert (tx.date, tx.action, tx.lot_id) == (date(2025, 6, 10), Action.SELL, "1001")


def test_chart_sheets_and_foreign_sheets_are_ignored(tmp_path):
    def add_chart(wb):
        ws = wb.create_sheet("Notes")
        ws.append(["anything", 1])
        chart = BarChart()
        chart.add_data(Reference(wb["Targets"], min_col=2, min_row=1, max_row=3), titles_from_data=True)
        wb.create_chartsheet("Chart").add_chart(chart)

    r = load_workbook_file(build_workbook(tmp_path / "c.xlsx", extra=add_chart))
    assert r.ok and len(r.household.lots) == 4


def test_validation_issues_from_a_file_name_the_cell(tmp_path):
    def break_it(wb):
        wb["Lots"]["E3"] = "three"
        wb["Targets"]["B3"] = 0.2

    r = load_workbook_file(build_workbook(tmp_path / "bad.xlsx", extra=break_it))
    assert r.household is None
    assert [(i.severity, i.location) for i in r.issues] == [(Severity.ERROR, "Targets!B2:B3"),
                                                          (Severity.ERROR, "Lots!E3")]
    assert "90%" in r.issues[0].message


def test_missing_file_is_an_issue_not_an_exception(tmp_path):
    r = load_workbook_file(tmp_path / "nope.xlsx")
    assert r.household is None and r.digest == ""
    assert "does not exist" in r.issues[0].message and r.issues[0].sheet == "nope.xlsx"


def test_folder_and_empty_file(tmp_path):
    assert "is a folder" in load_workbook_file(tmp_path).issues[0].message
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert "empty" in load_workbook_file(empty).issues[0].message


@pytest.mark.parametrize("content", [b"not a workbook at all", b"PK\x03\x04broken zip", bytes(range(256)) * 10])
def test_corrupt_file_is_an_issue_saying_how_to_fix(tmp_path, content):
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(content)
    r = load_workbook_file(path)
    assert r.household is None and len(r.issues) == 1
    assert "save it as .xlsx" in r.issues[0].message
    assert r.digest == hashlib.sha256(content).hexdigest()


def test_encrypted_workbook_is_reported_as_password_protected(tmp_path):
    # An Excel file saved with a password is an OLE compound file (magic D0 CF 11 E0 A1 B1 1A E1)
    # holding the encrypted package, not a zip: that signature under an .xlsx name is what we detect.
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    r = load_workbook_file(path)
    assert "password-protected" in r.issues[0].message and "unprotected copy" in r.issues[0].message
    # with the stream names an encrypted package has, it is named as encrypted only
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le"))
    r = load_workbook_file(path)
    assert "is password-protected (encrypted)" in r.issues[0].message and "remove the password" in r.issues[0].message


def test_a_real_xls_renamed_xlsx_is_named_an_old_xls_not_password_protected(tmp_path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le"))
    message = load_workbook_file(path).issues[0].message
    assert "Excel 97-2003 workbook (.xls)" in message and "password" not in message


def test_read_raw_sheets_raises_a_workbook_error_for_bad_files(tmp_path):
    with pytest.raises(WorkbookError, match="does not exist"):
        read_raw_sheets(tmp_path / "nope.xlsx")


def test_read_raw_sheets_keeps_worksheet_coordinates(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["C3"] = "x"
    wb.save(tmp_path / "o.xlsx")
    rows = read_raw_sheets(tmp_path / "o.xlsx")["Sheet"]
    assert rows[2][2] == "x" and len(rows) == 3


@pytest.mark.parametrize("engine", ["fast", "openpyxl"])
def test_generated_household_round_trips_through_both_writers(tmp_path, engine):
    hh = generate_household(seed=7, n_accounts=6, n_securities=40, n_lots=300, n_transactions=80)
    path = write_household_xlsx(hh, tmp_path / f"g_{engine}.xlsx", engine=engine)
    r = load_workbook_file(path)
    assert r.ok and r.issues == (), [str(i) for i in r.issues[:5]]
    back = r.household
    assert back.accounts == hh.accounts and back.securities == hh.securities and back.lots == hh.lots
    assert back.transactions == hh.transactions and back.targets == hh.targets
    assert back.settings == hh.settings and back.menus == hh.menus


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_formulas_recalculated_by_a_spreadsheet_app_are_read_as_values(tmp_path):
    """openpyxl writes formulas without results; LibreOffice recalculates and stores them, as Excel does."""
    def formulas(wb):
        wb["Lots"]["F2"] = "=E2*200"  # 12.5 x 200 = 2500
        wb["Targets"]["B3"] = "=1-B2"  # 30%
        ws = wb.create_sheet("Serials")  # the spreadsheet app's own reading of date serials
        for n, serial in enumerate(SERIALS, start=1):
            ws.cell(row=n, column=1, value=serial)
            ws.cell(row=n, column=2, value=f'=TEXT(A{n},"yyyy-mm-dd")')

    src = build_workbook(tmp_path / "formulas.xlsx", with_table=False, extra=formulas)
    out = tmp_path / "out"
    proc = subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(out), str(src)],
                          capture_output=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    r = load_workbook_file(out / "formulas.xlsx")
    assert r.ok, [str(i) for i in r.issues]
    assert r.household.lots[0].basis == pytest.approx(2500.0)
    assert r.household.targets[1].target == pytest.approx(0.3)
    # Excel serials as the spreadsheet app reads them (from 61 = 1900-03-01 on, where LibreOffice and
    # Excel agree; below that Excel counts its fictitious 1900-02-29)
    rows = read_raw_sheets(out / "formulas.xlsx")["Serials"]
    assert [serial for serial, _ in rows] == list(SERIALS)
    for serial, text in rows:
        assert excel_serial_to_date(serial).isoformat() == text, serial


SERIALS = (61, 366, 1000, 36526, 39448, 43890, 43891, 45000, 45730, 47000, 73051, 2958465)


def test_openpyxl_fallback_reads_the_same_household_when_calamine_fails(tmp_path, monkeypatch):
    from taxrebal.workbook.reader import files as reader_files

    path = build_workbook(tmp_path / "fallback.xlsx")
    expected = load_workbook_file(path)

    def broken(*args, **kwargs):
        raise RuntimeError("calamine could not parse this file")

    monkeypatch.setattr(reader_files, "_calamine_sheets", broken)
    got = load_workbook_file(path)
    assert got.ok and got.household == expected.household and got.digest == expected.digest


def test_default_as_of_reaches_a_file_without_as_of(tmp_path):
    def clear_as_of(wb):
        wb["Settings"]["B2"] = None

    r = load_workbook_file(build_workbook(tmp_path / "d.xlsx", extra=clear_as_of), default_as_of=date(2025, 7, 1))
    assert r.ok and r.household.settings.as_of == date(2025, 7, 1)
