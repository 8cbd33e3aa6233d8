"""The package writer (PackageBook) writes the same result sheets as the openpyxl book, cell by cell,
while every part of the user's workbook stays byte for byte; sheet positions, the owned marker and
the user's sheet-scoped names follow their sheets."""

from __future__ import annotations

import zipfile
from datetime import date, datetime

import openpyxl
import pytest
import python_calamine

from taxrebal.errors import NotOwnedSheetError
from taxrebal.workbook.interface import Chart, Column, Kind, Table
from taxrebal.workbook.openpyxl_book import OpenpyxlBook
from taxrebal.workbook.package_book import PackageBook
from taxrebal.workbook.saving import save_atomic

COLS = (Column("Symbol"), Column("Value", Kind.MONEY, note="market value"), Column("Weight", Kind.PERCENT),
        Column("Shares", Kind.NUMBER), Column("Bought", Kind.DATE), Column("Why", width=30), Column("N", Kind.INTEGER))
ROWS = (
    ("VTI", 1234567.891, 0.4512, 10.123456, date(2024, 3, 1), "=HYPERLINK(\"x\")", 3),
    ("BND", -250.5, 0.1, 0.5, datetime(2025, 1, 2, 12, 0), "  spaces kept  ", 0),
    ("A&B <x>", float("nan"), None, True, None, "bell\x07removed", 7),
    ("@SUM(1)", 1.0, 0.0, 0.0, None, "+1+1", 1),  # formula-like text on a plain row: quotePrefix too
    ("Total", 1234317.391, 0.5512, None, None, "", None),
)
TABLES = [Table(COLS, ROWS, title="Holdings", notes=("A note & more",), highlight=(1,), total_rows=1),
          Table((Column("Class"), Column("Now", Kind.PERCENT)), (("Stocks", 0.6), ("Bonds", 0.4)),
                title="A title longer than the page: it wraps in a merged cell across the page " * 3)]
CHARTS = [Chart("Weights", 1, "Class", ("Now",), percent_axis=True)]


def _inputs(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Accounts"
    ws.append(["Account", "Type"])
    ws.append(["Brokerage", "Taxable"])
    wb.create_sheet("Lots").append(["Lot ID", "Quantity"])
    notes = wb.create_sheet("My Notes")
    notes["A1"] = "mine"
    notes.print_title_rows = "1:1"  # a sheet-scoped name of the user's, on a sheet after the inputs
    wb.save(path)
    return path


def _cells(ws):
    out = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None or c.has_style:
                # no font size means the default, 11
                out[c.coordinate] = (c.value, c.number_format, bool(c.font.b), bool(c.font.i), c.font.sz or 11.0,
                                     c.fill.fgColor.rgb if c.fill.fill_type else None,
                                     getattr(c.border.top, "style", None),
                                     getattr(c.border.bottom, "style", None), c.alignment.horizontal,
                                     c.alignment.indent,
                                     bool(c.alignment.wrap_text), c.quotePrefix,
                                     c.comment.text if c.comment else None)
    return out


def test_package_book_writes_what_the_openpyxl_book_writes(tmp_path):
    src = _inputs(tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(src)
    OpenpyxlBook(wb).write_sheet("Allocation", TABLES, CHARTS)
    wb.save(tmp_path / "reference.xlsx")
    book = PackageBook.open(src)
    book.write_sheet("Allocation", TABLES, CHARTS)
    save_atomic(book, tmp_path / "out.xlsx", original=src)

    ref = openpyxl.load_workbook(tmp_path / "reference.xlsx")["Allocation"]
    out = openpyxl.load_workbook(tmp_path / "out.xlsx")["Allocation"]
    assert _cells(out) == _cells(ref)
    # two tables of different columns: no header frozen over the second one (the same in both backends)
    assert out.freeze_panes is None and ref.freeze_panes is None
    widths = {k: round(d.width, 3) for k, d in out.column_dimensions.items() if d.customWidth}
    assert widths == {k: round(d.width, 3) for k, d in ref.column_dimensions.items() if d.customWidth}
    # the same printed page and layout (taxrebal.workbook.layout): no fit-to-page, same scale, merged
    # wrapping cells, row heights, print area and titles, page breaks and footer
    assert (out.page_setup.orientation, out.page_setup.scale) == (ref.page_setup.orientation, ref.page_setup.scale)
    assert not out.sheet_properties.pageSetUpPr.fitToPage and not ref.sheet_properties.pageSetUpPr.fitToPage
    assert sorted(map(str, out.merged_cells.ranges)) == sorted(map(str, ref.merged_cells.ranges)) != []
    heights = {r: d.height for r, d in out.row_dimensions.items() if d.height}
    assert heights == {r: d.height for r, d in ref.row_dimensions.items() if d.height}
    assert (out.print_area, out.print_title_rows, out.print_title_cols) == \
        (ref.print_area, ref.print_title_rows, ref.print_title_cols)
    assert [b.id for b in out.row_breaks.brk] == [b.id for b in ref.row_breaks.brk]
    assert out.oddFooter.center.text == ref.oddFooter.center.text == "&A - Page &P of &N"
    assert len(out._charts) == len(ref._charts) == 1
    assert out["F3"].value == '=HYPERLINK("x")' and out["F3"].data_type == "s"  # text, never a formula
    assert out["A5"].value == "A&B <x>" and out["F5"].value == "bellremoved"
    assert out["F6"].value == "+1+1" and out["F6"].quotePrefix and not out["F5"].quotePrefix


def test_calamine_reads_the_values_the_reader_would_read(tmp_path):
    src = _inputs(tmp_path / "in.xlsx")
    book = PackageBook.open(src)
    book.write_sheet("Allocation", TABLES, CHARTS)
    save_atomic(book, tmp_path / "out.xlsx", original=src)
    rows = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "out.xlsx")) \
        .get_sheet_by_name("Allocation").to_python()
    assert rows[0][0] == "Holdings" and rows[1][:3] == ["Symbol", "Value", "Weight"]
    assert rows[2][1] == 1234567.891 and rows[2][4] == date(2024, 3, 1)  # full precision, dates as dates
    assert rows[3][5] == "  spaces kept  "


def test_positions_marker_and_the_users_sheet_scoped_names_follow_their_sheets(tmp_path):
    src = _inputs(tmp_path / "in.xlsx")
    book = PackageBook.open(src)
    for name in ("Run Info", "Issues", "Allocation"):  # placed by the order the pipeline hands down
        book.write_sheet(name, [Table((Column("x"),), (("y",),))], order=("Issues", "Allocation", "Run Info"))
    save_atomic(book, src, original=src)
    wb = openpyxl.load_workbook(src)
    assert wb.sheetnames == ["Accounts", "Lots", "My Notes", "Issues", "Allocation", "Run Info"]
    assert wb["My Notes"].print_title_rows == "$1:$1"
    owned = [ws.title for ws in wb.worksheets if "taxrebal_owned" in ws.defined_names]
    assert owned == ["Issues", "Allocation", "Run Info"]

    book = PackageBook.open(src)  # a re-run: Allocation removed, Issues replaced in place
    assert [n for n in book.sheet_names() if book.is_owned(n)] == ["Issues", "Allocation", "Run Info"]
    book.remove_sheet("Allocation")
    book.write_sheet("issues", [Table((Column("x"),), (("z",),))])
    with pytest.raises(NotOwnedSheetError):
        book.write_sheet("My Notes", [])
    save_atomic(book, src, original=src)
    wb = openpyxl.load_workbook(src)
    assert wb.sheetnames == ["Accounts", "Lots", "My Notes", "issues", "Run Info"]
    assert wb["issues"]["A2"].value == "z" and wb["My Notes"].print_title_rows == "$1:$1"
    with zipfile.ZipFile(src) as z:
        names = z.namelist()
        assert len([n for n in names if n.startswith("xl/worksheets/sheet")]) == 5  # the old parts are gone
        assert len(names) == len(set(names))


def test_rerunning_does_not_grow_the_styles(tmp_path):
    src = _inputs(tmp_path / "in.xlsx")
    sizes = []
    for _ in range(3):
        book = PackageBook.open(src)
        book.write_sheet("Allocation", TABLES, CHARTS)
        save_atomic(book, src, original=src)
        with zipfile.ZipFile(src) as z:
            sizes.append(len(z.read("xl/styles.xml")))
    assert sizes[1] == sizes[2] == sizes[0]


def test_a_changed_file_is_not_overwritten_with_stale_parts(tmp_path):
    from taxrebal.errors import WorkbookError

    src = _inputs(tmp_path / "in.xlsx")
    book = PackageBook.open(src)
    book.write_sheet("Issues", [Table((Column("x"),), (("y",),))])
    wb = openpyxl.load_workbook(src)
    wb["Accounts"]["A3"] = "typed while the run went on"
    wb.save(src)
    before = src.read_bytes()
    with pytest.raises(WorkbookError, match="changed on disk"):
        save_atomic(book, src, original=src)
    assert src.read_bytes() == before


def test_the_frozen_header_is_one_every_table_of_the_sheet_shares():
    from taxrebal.workbook.layout import frozen_header_row, table_places

    one = [TABLES[0]]
    assert frozen_header_row(one, table_places(one)) == table_places(one)[0].header_row
    same = [TABLES[1], Table(TABLES[1].columns, (("Cash", 0.0),), title="Later")]
    assert frozen_header_row(same, table_places(same)) == table_places(same)[0].header_row
    assert frozen_header_row(TABLES, table_places(TABLES)) == 0   # "Class / Value / ..." above "Class / Now"
