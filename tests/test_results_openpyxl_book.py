"""OpenpyxlBook: owned sheets, placement, text safety, formats, charts (checked in the saved file)."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import openpyxl
import pytest

from taxrebal.errors import NotOwnedSheetError
from taxrebal.workbook.interface import NUMBER_FORMATS, Chart, Column, Kind, Table
from taxrebal.workbook.openpyxl_book import OpenpyxlBook
from taxrebal.workbook.results import OWNED_MARKER

INJECTIONS = ('=HYPERLINK("http://evil","x")', "+1", "-2", "@SUM(A1)", "=1+1")


def _book(*input_sheets):
    wb = openpyxl.Workbook()
    wb.active.title = input_sheets[0] if input_sheets else "Accounts"
    for name in input_sheets[1:]:
        wb.create_sheet(name)
    return wb, OpenpyxlBook(wb)


def _table(rows=(("a", 1.0),), title="", **kw):
    return Table((Column("Name"), Column("Amount", Kind.MONEY)), tuple(rows), title=title, **kw)


def _sheet_xml(path, title):
    """The worksheet XML of sheet ``title`` in the saved file (found through workbook.xml and its rels)."""
    with zipfile.ZipFile(path) as z:
        wb_xml = z.read("xl/workbook.xml").decode()
        rid = re.search(r'<sheet [^>]*name="%s"[^>]*r:id="(rId\d+)"' % re.escape(title), wb_xml).group(1)
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        target = re.search(r'Id="%s"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="%s"' % (rid, rid), rels)
        part = (target.group(1) or target.group(2)).lstrip("/")
        part = part if part.startswith("xl/") else "xl/" + part
        return z.read(part).decode()


def test_rerun_replaces_the_owned_sheet_in_place_never_duplicates(tmp_path):
    wb, book = _book("Accounts", "Lots")
    book.write_sheet("Allocation", [_table(title="first")])
    book.write_sheet("Run Info", [_table()])
    book.write_sheet("Allocation", [_table(title="second")])
    assert wb.sheetnames == ["Accounts", "Lots", "Allocation", "Run Info"]
    assert wb["Allocation"]["A1"].value == "second"
    path = tmp_path / "out.xlsx"
    wb.save(path)
    again = OpenpyxlBook(openpyxl.load_workbook(path))
    assert again.is_owned("Allocation") and again.is_owned("allocation")  # Excel names ignore case
    again.write_sheet("ALLOCATION", [_table(title="third")])
    assert again.sheet_names() == ["Accounts", "Lots", "ALLOCATION", "Run Info"]


def test_foreign_sheet_with_the_name_is_refused_and_left_alone():
    wb, book = _book("Accounts", "Allocation")
    wb["Allocation"]["A1"] = "my notes"
    with pytest.raises(NotOwnedSheetError, match="Rename that sheet.*delete it"):
        book.write_sheet("Allocation", [_table()])
    with pytest.raises(NotOwnedSheetError):
        book.remove_sheet("Allocation")
    assert wb["Allocation"]["A1"].value == "my notes"
    assert wb.sheetnames == ["Accounts", "Allocation"]


def test_new_result_sheets_follow_the_inputs_in_the_order_given():
    wb, book = _book("Start", "Accounts", "Lots", "Settings")
    for name in ("Run Info", "Allocation", "Issues", "Some New Sheet"):  # one the order does not list: before Run Info
        book.write_sheet(name, [_table()], order=("Issues", "Allocation", "Run Info"))
    assert wb.sheetnames == ["Start", "Accounts", "Lots", "Settings", "Issues", "Allocation", "Some New Sheet",
                             "Run Info"]


def test_without_an_order_a_new_result_sheet_goes_last_and_a_rewritten_one_stays_in_place():
    wb, book = _book("Accounts")
    for name in ("Run Info", "Allocation", "Issues", "Run Info"):
        book.write_sheet(name, [_table()])
    assert wb.sheetnames == ["Accounts", "Run Info", "Allocation", "Issues"]


def test_remove_sheet_only_removes_owned_sheets():
    wb, book = _book("Accounts")
    book.write_sheet("Issues", [_table()])
    book.remove_sheet("Issues")
    book.remove_sheet("Never There")  # no-op
    assert wb.sheetnames == ["Accounts"]


def test_owned_marker_is_a_sheet_scoped_defined_name_in_the_file(tmp_path):
    wb, book = _book("Accounts")
    book.write_sheet("Issues", [_table()])
    path = tmp_path / "m.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/workbook.xml").decode()
    # Issues is sheet index 1 (0-based); the input sheet carries no marker.
    assert re.search(r'<definedName name="%s" localSheetId="1">"taxrebal:Issues"</definedName>' % OWNED_MARKER, xml)
    assert xml.count(OWNED_MARKER) == 1


@pytest.mark.parametrize("text", INJECTIONS)
def test_formula_like_text_is_stored_as_a_string_never_a_formula(tmp_path, text):
    wb, book = _book("Accounts")
    cols = (Column("Symbol"), Column("Note"))
    book.write_sheet("Issues", [Table(cols, ((text, "ok"),), title=text, notes=(text,))])
    path = tmp_path / "inj.xlsx"
    wb.save(path)
    xml = _sheet_xml(path, "Issues")
    assert "<f>" not in xml and "<f " not in xml
    back = openpyxl.load_workbook(path)["Issues"]
    assert back["A1"].value == text and back["A3"].value == text and back["A4"].value == text
    assert back["A3"].data_type == "s"
    assert back["A3"].quotePrefix  # Excel keeps it text when the user edits the cell


def test_header_formats_comments_freeze_highlight_and_totals(tmp_path):
    wb, book = _book("Accounts")
    cols = (Column("Class"), Column("Value", Kind.MONEY, note="market value"), Column("Weight", Kind.PERCENT),
            Column("Date", Kind.DATE), Column("Shares", Kind.NUMBER))
    rows = (("Stocks", 70000.0, 0.7, date(2026, 11, 20), 1.5), ("Bonds", 30000.0, 0.3, None, 2.0),
            ("Total", 100000.0, 1.0, None, None))
    book.write_sheet("Allocation", [Table(cols, rows, title="By class", highlight=(1,), total_rows=1, notes=("n1",)),
                                    Table(cols[:2], (("x", 1.0),), title="Second")])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    ws = openpyxl.load_workbook(path)["Allocation"]
    assert ws["A1"].value == "By class" and ws["A1"].font.b and ws["A1"].font.sz > 11
    assert [c.value for c in ws[2]] == ["Class", "Value", "Weight", "Date", "Shares"]
    assert all(c.font.b for c in ws[2]) and ws["A2"].fill.fgColor.rgb.endswith("DDEBF7")
    assert ws["B2"].comment is not None and "market value" in ws["B2"].comment.text
    assert ws.freeze_panes is None  # a second table of other columns: no header frozen over it
    assert ws["B3"].number_format == NUMBER_FORMATS[Kind.MONEY]
    assert ws["C3"].number_format == NUMBER_FORMATS[Kind.PERCENT]
    assert ws["D3"].number_format == NUMBER_FORMATS[Kind.DATE] and ws["D3"].value.date() == date(2026, 11, 20)
    assert ws["E3"].number_format == NUMBER_FORMATS[Kind.NUMBER]
    assert ws["A4"].fill.fgColor.rgb.endswith("FFF2CC") and not ws["A3"].fill.fgColor.rgb.endswith("FFF2CC")
    assert ws["A5"].font.b and ws["A5"].border.top.style == "thin"
    assert ws["A6"].value == "n1"
    assert ws["A8"].value == "Second" and ws["A9"].value == "Class"  # one blank row between tables
    assert ws.column_dimensions["B"].width >= len("100,000.00")


def test_charts_reference_the_written_cells_without_total_rows(tmp_path):
    wb, book = _book("Accounts")
    cols = (Column("Class"), Column("Now", Kind.PERCENT), Column("Target", Kind.PERCENT))
    rows = (("Stocks", 0.7, 0.6), ("Bonds", 0.3, 0.4), ("Total", 1.0, 1.0))
    book.write_sheet("Allocation", [Table(cols, rows, title="T", total_rows=1)],
                     [Chart("Weights", 0, "Class", ("Now", "Target"), percent_axis=True)])
    path = tmp_path / "c.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode()
    # header row 2, data rows 3-4; the Total row (5) is not plotted
    assert "'Allocation'!$B$3:$B$4" in xml and "'Allocation'!$C$3:$C$4" in xml
    assert "'Allocation'!$A$3:$A$4" in xml and "$5" not in xml


def test_chart_naming_a_missing_column_is_a_programming_error():
    _, book = _book("Accounts")
    with pytest.raises(ValueError):
        book.write_sheet("Allocation", [_table()], [Chart("x", 0, "Name", ("Nope",))])
    with pytest.raises(ValueError):
        book.write_sheet("Allocation", [_table()], [Chart("x", 3, "Name", ("Amount",))])


def test_non_finite_numbers_and_control_characters_do_not_break_the_file(tmp_path):
    wb, book = _book("Accounts")
    book.write_sheet("Issues", [_table((("bell\x07text", float("nan")), ("ok", float("inf"))))])
    path = tmp_path / "n.xlsx"
    wb.save(path)
    ws = openpyxl.load_workbook(path)["Issues"]
    assert ws["A2"].value == "belltext" and ws["B2"].value is None and ws["B3"].value is None


def test_empty_tables_and_sheets_are_written_without_charts_or_errors(tmp_path):
    wb, book = _book("Accounts")
    book.write_sheet("Trades", [])
    book.write_sheet("Lot Sales", [_table(rows=(), title="No sales")], [Chart("c", 0, "Name", ("Amount",))])
    path = tmp_path / "e.xlsx"
    wb.save(path)
    back = openpyxl.load_workbook(path)
    assert back.sheetnames == ["Accounts", "Trades", "Lot Sales"]
    assert [c.value for c in back["Lot Sales"][2]] == ["Name", "Amount"]
    with zipfile.ZipFile(path) as z:
        assert not any(n.startswith("xl/charts/") for n in z.namelist())
