"""Saving result workbooks: atomic replace, backups, and refusing workbooks openpyxl would damage."""

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
    check_rewritable,
    find_hazards,
    make_backup,
    open_for_results,
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


def test_picture_on_an_input_sheet_is_refused_even_for_a_copy(tmp_path):
    path = tmp_path / "pic.xlsx"
    wb = openpyxl.load_workbook(_inputs(path))
    wb["Accounts"].add_image(Image(_png_bytes()), "D2")
    wb.save(path)
    hazards = find_hazards(path)
    assert [(h.sheet, h.what) for h in hazards] == [("Accounts", "a picture")]
    with pytest.raises(UnsafeWorkbookError) as err:
        open_for_results(path)
    msg = str(err.value)
    assert "sheet 'Accounts' has a picture" in msg and "-o" in msg and "Excel add-in" in msg


def test_chart_on_an_input_sheet_is_refused(tmp_path):
    path = tmp_path / "chart.xlsx"
    wb = openpyxl.load_workbook(_inputs(path))
    ws = wb["Lots"]
    ws.append(["L1", 10])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=2), titles_from_data=True)
    ws.add_chart(chart, "E2")
    wb.save(path)
    with pytest.raises(UnsafeWorkbookError, match="sheet 'Lots' has a chart"):
        check_rewritable(path)


def test_our_own_chart_and_header_comments_do_not_block_a_rerun(tmp_path):
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
    check_rewritable(path)


def test_not_a_workbook_and_wrong_extensions_are_clear_errors(tmp_path):
    bad = tmp_path / "notes.xlsx"
    bad.write_text("hello")
    with pytest.raises(WorkbookError, match="not a readable Excel workbook"):
        open_for_results(bad)
    csv = tmp_path / "h.csv"
    csv.write_text("a,b")
    with pytest.raises(WorkbookError, match=r"\.xlsx"):
        open_for_results(csv)
    wb = openpyxl.Workbook()
    with pytest.raises(WorkbookError, match="same extension"):
        save_atomic(wb, tmp_path / "out.xlsx", original=tmp_path / "in.xlsm")


def test_save_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    path = _inputs(tmp_path / "perm.xlsx")
    os.chmod(path, 0o640)
    save_atomic(openpyxl.load_workbook(path), path)
    assert (path.stat().st_mode & 0o777) == 0o640
