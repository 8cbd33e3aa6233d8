"""Saving result workbooks: atomic replace, backups, macros kept, and the user's objects (which openpyxl
would drop) kept by the package writer, so no workbook is refused for holding them."""

from __future__ import annotations

import io
import os
import zipfile

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image

from taxrebal.errors import UnsafeWorkbookError, WorkbookError
from taxrebal.workbook.interface import Chart, Column, Kind, Table
from taxrebal.workbook.openpyxl_book import OpenpyxlBook
from taxrebal.workbook.saving import (
    backup_path,
    find_hazards,
    make_backup,
    open_for_results,
    open_result_book,
    save_atomic,
)


def _inputs(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Accounts"
    ws.append(["Account", "Type"])
    ws.append(["Brokerage", "Taxable"])
    wb.create_sheet("Lots").append(["Lot ID", "Quantity"])
    wb.save(path)
    return path


def _png_bytes():
    from PIL import Image as PILImage

    buf = io.BytesIO()
    PILImage.new("RGB", (4, 4), "red").save(buf, format="PNG")
    buf.seek(0)
    return buf


def test_atomic_save_failure_leaves_the_original_intact_and_no_temp_file(tmp_path, monkeypatch):
    path = _inputs(tmp_path / "book.xlsx")
    before = path.read_bytes()
    wb = openpyxl.load_workbook(path)
    wb["Accounts"]["A2"] = "changed"

    real_save = openpyxl.Workbook.save

    def half_written(self, filename):
        with open(filename, "wb") as fh:
            fh.write(b"PK\x03\x04 half a zip")
        raise OSError("No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", half_written)
    with pytest.raises(WorkbookError, match="Could not save.*disk is not full"):
        save_atomic(wb, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]
    monkeypatch.setattr(openpyxl.Workbook, "save", real_save)
    save_atomic(wb, path)
    assert openpyxl.load_workbook(path)["Accounts"]["A2"].value == "changed"


def test_backup_is_named_book_bak_xlsx_and_is_a_byte_copy(tmp_path):
    path = _inputs(tmp_path / "Household.xlsx")
    assert backup_path(path).name == "Household.bak.xlsx"
    assert make_backup(path).read_bytes() == path.read_bytes()


def _parts(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


REWRITTEN = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"}


def _add_results(path, dest):
    book = open_result_book(path)
    cols = (Column("Class"), Column("Now", Kind.PERCENT, note="weight"))
    book.write_sheet("Allocation", [Table(cols, (("Stocks", 0.7), ("Bonds", 0.3)))], [Chart("w", 0, "Class", ("Now",))])
    save_atomic(book, dest, original=path)


def test_a_picture_on_an_input_sheet_is_a_hazard_for_openpyxl_but_survives_the_package_writer(tmp_path):
    path = tmp_path / "pic.xlsx"
    wb = openpyxl.load_workbook(_inputs(path))
    wb["Accounts"].add_image(Image(_png_bytes()), "D2")
    wb.save(path)
    assert [(h.sheet, h.what) for h in find_hazards(path)] == [("Accounts", "a picture")]
    with pytest.raises(UnsafeWorkbookError, match="sheet 'Accounts' has a picture"):
        open_for_results(path)  # editing input sheets through openpyxl (taxrebal import) still refuses
    before = _parts(path)
    _add_results(path, tmp_path / "out.xlsx")
    after = _parts(tmp_path / "out.xlsx")
    assert {n: after.get(n) for n in before if n not in REWRITTEN} == {n: b for n, b in before.items()
                                                                      if n not in REWRITTEN}
    back = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert back.sheetnames == ["Accounts", "Lots", "Allocation"] and back["Accounts"]._images


def test_a_chart_on_an_input_sheet_survives_and_ours_is_added_beside_it(tmp_path):
    path = tmp_path / "chart.xlsx"
    wb = openpyxl.load_workbook(_inputs(path))
    ws = wb["Lots"]
    ws.append(["L1", 10])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=2), titles_from_data=True)
    ws.add_chart(chart, "E2")
    wb.save(path)
    assert [h.what for h in find_hazards(path)] == ["a chart"]
    _add_results(path, path)
    _add_results(path, path)  # a re-run replaces our chart, never the user's
    charts = [n for n in _parts(path) if n.startswith("xl/charts/")]
    assert len(charts) == 2
    back = openpyxl.load_workbook(path)
    assert len(back["Lots"]._charts) == 1 and len(back["Allocation"]._charts) == 1


def test_our_own_chart_and_header_comments_are_not_hazards(tmp_path):
    path = tmp_path / "ours.xlsx"
    wb = openpyxl.load_workbook(_inputs(path))
    wb["Accounts"]["A1"].comment = Comment("user's own note", "me")  # comments survive openpyxl: fine
    cols = (Column("Class"), Column("Now", Kind.PERCENT, note="weight"))
    OpenpyxlBook(wb).write_sheet("Allocation", [Table(cols, (("Stocks", 0.7), ("Bonds", 0.3)))],
                                 [Chart("w", 0, "Class", ("Now",))])
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        assert any(n.startswith("xl/charts/") for n in z.namelist())
    assert find_hazards(path) == []


def test_not_a_workbook_and_wrong_extensions_are_clear_errors(tmp_path):
    bad = tmp_path / "notes.xlsx"
    bad.write_text("hello")
    with pytest.raises(WorkbookError, match="not a readable Excel workbook"):
        open_result_book(bad)
    csv = tmp_path / "h.csv"
    csv.write_text("a,b")
    with pytest.raises(WorkbookError, match=r"\.xlsx"):
        open_result_book(csv)
    wb = openpyxl.Workbook()
    with pytest.raises(WorkbookError, match="same extension"):
        save_atomic(wb, tmp_path / "out.xlsx", original=tmp_path / "in.xlsm")


def test_save_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    path = _inputs(tmp_path / "perm.xlsx")
    os.chmod(path, 0o640)
    save_atomic(openpyxl.load_workbook(path), path)
    assert (path.stat().st_mode & 0o777) == 0o640


# --- macro-enabled workbooks and other objects openpyxl drops ----------------------------------

VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


def _rezip(src, dest, edit):
    """Copy the zip ``src`` to ``dest`` passing each (name, bytes) through ``edit`` (may add parts)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        parts = {n: zin.read(n) for n in zin.namelist()}
        for name, data in edit(parts).items():
            zout.writestr(name, data)


def make_xlsm(xlsx, xlsm, vba=b"\xd0\xcf\x11\xe0 a stand-in VBA project, kept byte for byte"):
    def edit(parts):
        ct = parts["[Content_Types].xml"].decode()
        ct = ct.replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                        "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
        ct = ct.replace("</Types>", '<Override PartName="/xl/vbaProject.bin" '
                        'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
        rels = parts["xl/_rels/workbook.xml.rels"].decode().replace(
            "</Relationships>", f'<Relationship Id="rIdVba" Type="{VBA_REL}" Target="vbaProject.bin"/></Relationships>')
        parts.update({"[Content_Types].xml": ct.encode(), "xl/_rels/workbook.xml.rels": rels.encode(),
                      "xl/vbaProject.bin": vba})
        return parts

    _rezip(xlsx, xlsm, edit)
    return xlsm


def test_xlsm_keeps_its_macros_byte_for_byte(tmp_path):
    xlsm = make_xlsm(_inputs(tmp_path / "b.xlsx"), tmp_path / "b.xlsm")
    book = open_result_book(xlsm)
    book.write_sheet("Issues", [Table((Column("x"),), (("y",),))])
    save_atomic(book, xlsm, original=xlsm)
    with zipfile.ZipFile(xlsm) as z:
        assert z.read("xl/vbaProject.bin").startswith(b"\xd0\xcf\x11\xe0 a stand-in VBA")
        assert "macroEnabled" in z.read("[Content_Types].xml").decode()
    assert openpyxl.load_workbook(xlsm).sheetnames == ["Accounts", "Lots", "Issues"]


def test_xlsm_whose_macros_would_be_lost_is_not_written(tmp_path, monkeypatch):
    xlsm = make_xlsm(_inputs(tmp_path / "b.xlsx"), tmp_path / "b.xlsm")
    before = xlsm.read_bytes()
    wb = openpyxl.load_workbook(xlsm)  # without keep_vba, openpyxl drops the VBA project
    with pytest.raises(WorkbookError, match="macros.*would not survive"):
        save_atomic(wb, xlsm, original=xlsm)
    assert xlsm.read_bytes() == before


def test_pivot_tables_and_form_controls_on_input_sheets_are_hazards(tmp_path):
    src = _inputs(tmp_path / "p.xlsx")
    pivot_rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotTable"
    vml_rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"

    def edit(parts):
        parts["xl/worksheets/_rels/sheet1.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{pivot_rel}" Target="../pivotTables/pivotTable1.xml"/>'
            '</Relationships>').encode()
        parts["xl/pivotTables/pivotTable1.xml"] = b"<pivotTableDefinition/>"
        parts["xl/worksheets/_rels/sheet2.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{vml_rel}" Target="../drawings/vmlDrawing1.vml"/>'
            '</Relationships>').encode()
        parts["xl/drawings/vmlDrawing1.vml"] = b'<xml><v:shape><x:ClientData ObjectType="Button"/></v:shape></xml>'
        return parts

    _rezip(src, tmp_path / "p2.xlsx", edit)
    hazards = {(h.sheet, h.what) for h in find_hazards(tmp_path / "p2.xlsx")}
    assert hazards == {("Accounts", "a pivot table"), ("Lots", "form controls or legacy shapes")}


def test_sparklines_and_threaded_comments_are_hazards_too(tmp_path):
    src = _inputs(tmp_path / "s.xlsx")
    tc_rel = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"

    def edit(parts):
        sheet = parts["xl/worksheets/sheet1.xml"].decode()
        parts["xl/worksheets/sheet1.xml"] = sheet.replace(
            "</worksheet>", '<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" '
            'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:sparklineGroups/>'
            "</ext></extLst></worksheet>").encode()
        parts["xl/worksheets/_rels/sheet2.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{tc_rel}" Target="../threadedComments/tc1.xml"/>'
            '</Relationships>').encode()
        return parts

    _rezip(src, tmp_path / "s2.xlsx", edit)
    hazards = {(h.sheet, h.what.split(" (")[0]) for h in find_hazards(tmp_path / "s2.xlsx")}
    assert hazards == {("Accounts", "sparklines"), ("Lots", "threaded comments")}


def test_password_protected_or_xls_files_get_a_message_saying_what_to_do(tmp_path):
    enc = tmp_path / "locked.xlsx"
    enc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)  # OLE header, as Excel's encryption writes
    with pytest.raises(WorkbookError, match="password-protected.*save an unprotected copy"):
        open_result_book(enc)
