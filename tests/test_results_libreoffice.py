"""A real spreadsheet application opens a result workbook: LibreOffice converts the demo's results
(written by the package writer, inputs copied byte for byte) to PDF headless (one soffice run), and
shows formula-like text as the text itself."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest

from taxrebal.cli import main
from taxrebal.workbook.interface import Column, Table
from taxrebal.workbook.layout import MIN_SCALE
from taxrebal.workbook.openpyxl_book import OpenpyxlBook
from taxrebal.workbook.package_book import PackageBook
from taxrebal.workbook.saving import save_atomic

pytestmark = pytest.mark.libreoffice

INJECTIONS = ('=HYPERLINK("http://example.com","x")', "+1+1", "-2-2", "@SUM(1,2)", "=1+1")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_renders_the_results_and_formula_like_text_stays_text(tmp_path):
    assert main(["demo", str(tmp_path / "demo")]) == 0
    results = tmp_path / "demo" / "sample-household-results.xlsx"
    # the package writer's own output (what `taxrebal run` writes), with a sheet of formula-like text
    book = PackageBook.open(results)
    book.write_sheet("Trades", [Table((Column("Symbol"),), tuple((t,) for t in INJECTIONS))])
    save_atomic(book, results)

    profile = (tmp_path / "lo-profile").as_uri()
    proc = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(results)],
        capture_output=True, text=True, timeout=180,
    )
    pdf = tmp_path / "sample-household-results.pdf"
    assert proc.returncode == 0, proc.stderr
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) is not installed: the PDF was made, its text not checked")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
    # Issues holds the sample's recurring-contribution warnings (engine/recurring.py)
    for needle in ("Allocation by asset class", "US Stocks", "Settings in force", "Warning"):
        assert needle in text
    for t in INJECTIONS:  # evaluated formulas would show x, 2, -4, 3, 2 instead
        assert t in text, t


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_workbook_saved_by_libreoffice_keeps_the_owned_marker_and_reruns(tmp_path, sample_workbook):
    results = tmp_path / "results.xlsx"
    assert main(["run", str(sample_workbook), "-o", str(results), "--only", "allocation"]) == 0
    profile = (tmp_path / "lo-profile").as_uri()
    proc = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "lo"), str(results)],
        capture_output=True, text=True, timeout=180,
    )
    resaved = tmp_path / "lo" / "results.xlsx"
    assert proc.returncode == 0 and resaved.exists(), proc.stderr
    book = OpenpyxlBook(openpyxl.load_workbook(resaved))
    assert [n for n in book.sheet_names() if book.is_owned(n)] == ["Issues", "Allocation", "Run Info"]
    assert main(["run", str(resaved), "--only", "allocation"]) == 0  # comments LibreOffice wrote are fine
    assert openpyxl.load_workbook(resaved).sheetnames == book.sheet_names()


RESULT_SHEETS = ("Issues", "Allocation", "Trades", "Lot Sales", "Tax-Drift Frontier", "Contributions Only",
                 "Dividends", "Harvest", "Wash Sales", "Lot Selection", "Form 8949", "Run Info")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
                    reason="LibreOffice (soffice) and poppler (pdftoppm) are needed")
def test_every_result_sheet_prints_readably_on_letter_and_a4(tmp_path):
    """The demo's result sheets printed by LibreOffice (Carlito stands in for Calibri): each names
    itself in the footer, each fits the paper's width (no page across: Harvest's 17 columns on one page,
    Note included) at 50% or more, the Trades sheet with its wrapped notes shows its whole header on
    every page, repeated, Note column included, no sheet takes more than 4 pages (Lot Selection: a page
    per sale), the sheets together take 18 pages at most (22 before fe8: 2026-12-04), and every page
    renders to an image."""
    assert main(["demo", str(tmp_path / "demo")]) == 0
    results = tmp_path / "demo" / "sample-household-results.xlsx"
    wb = openpyxl.load_workbook(results)
    for ws in list(wb.worksheets):
        if ws.title not in RESULT_SHEETS:
            del wb[ws.title]
    for ws in wb.worksheets:
        assert ws.page_setup.scale >= MIN_SCALE and not ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert not ws.print_title_cols and ws.page_setup.pageOrder != "overThenDown", ws.title  # one page across
    wb.save(results)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(results)], capture_output=True, timeout=300, check=True)
    pdf = tmp_path / "sample-household-results.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    per_sheet = {name: sum(f"{name} - Page" in page for page in pages) for name in wb.sheetnames}
    assert set(per_sheet) == set(RESULT_SHEETS) and all(n >= 1 for n in per_sheet.values()), per_sheet
    # Lot Selection is a report per sale (methods side by side, then the chosen lots, each table kept
    # whole on a page): it may take a page per sale compared; every other sheet fits in 4 pages.
    sales = sum(p.count("lots sold by") for p in pages if "Lot Selection - Page" in p)
    assert per_sheet["Lot Selection"] <= max(4, sales), (per_sheet, sales)
    assert max(n for name, n in per_sheet.items() if name != "Lot Selection") <= 4, per_sheet
    assert sum(per_sheet.values()) <= 18, per_sheet
    harvest = [p for p in pages if "Harvest - Page" in p]
    assert all("Account" in p and "Wash-Sale Status" in p and "Note" in p for p in harvest[:1])  # one page wide
    trades = [p for p in pages if "Trades - Page" in p]
    assert all("Step" in p and "Reason" in p and "Note" in p for p in trades)  # header repeated, not cut
    assert any("Total" in p for p in trades)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=300)
    assert len(list(tmp_path.glob("page-*.png"))) == sum(per_sheet.values())
