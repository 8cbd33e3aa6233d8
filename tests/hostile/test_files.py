"""Files are never lost: an output path that is the input, Excel's lock file, a symlinked workbook,
temporary files of a killed run, Power Query parts, rich text in input cells, and a user's copy of a
result sheet (which carries the sheet-scoped ownership name)."""

from __future__ import annotations

import hashlib
import os
import zipfile

import openpyxl
import pytest

from taxrebal.cli import main
from taxrebal.workbook.results import OWNED_MARKER, is_owned_marker, owned_marker_value
from taxrebal.workbook.saving import clean_stale_temp_files

from .corpus import household, patch_parts, write_book


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def book(tmp_path):
    return write_book(tmp_path / "book.xlsx", household())


def cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("output", ["book.xlsx", "BOOK.xlsx", "./book.xlsx", "link.xlsx", "book.xlsm"])
def test_form8949_never_writes_its_csv_over_a_workbook(book, tmp_path, capsys, output):
    (tmp_path / "link.xlsx").symlink_to(book)
    before = digest(book)
    os.chdir(tmp_path)
    code, text = cli(capsys, "form8949", book, "-o", output)
    assert code == 2 and ("is the input workbook" in text or "does not end in .csv" in text), text
    assert digest(book) == before


def test_form8949_still_writes_a_csv(book, tmp_path, capsys):
    code, text = cli(capsys, "form8949", book, "-o", tmp_path / "sales.csv")
    assert code == 0 and (tmp_path / "sales.csv").exists(), text


def test_excel_lock_file_means_open_so_nothing_is_written(book, tmp_path, capsys):
    (tmp_path / "~$book.xlsx").write_bytes(b"owner")
    before = digest(book)
    code, text = cli(capsys, "run", book)
    assert code == 3 and "open in Excel" in text and "~$book.xlsx" in text, text
    assert digest(book) == before and not (tmp_path / "book.bak.xlsx").exists()


def test_a_symlinked_workbook_is_written_through_the_link(book, tmp_path, capsys):
    link = tmp_path / "link.xlsx"
    link.symlink_to(book)
    code, text = cli(capsys, "run", link, "--only", "allocation")
    assert code == 0, text
    assert link.is_symlink() and os.readlink(link) == str(book)
    assert "Allocation" in openpyxl.load_workbook(book).sheetnames


def test_temp_files_of_a_killed_run_are_cleaned_and_others_kept(book, tmp_path):
    dead = tmp_path / ".book.xlsx.taxrebal-999999999-abc.xlsx"
    mine = tmp_path / f".book.xlsx.taxrebal-{os.getpid()}-abc.xlsx"
    other = tmp_path / ".book.xlsx.somethingelse"
    for p in (dead, mine, other):
        p.write_bytes(b"x")
    assert clean_stale_temp_files(book) == [dead]
    assert mine.exists() and other.exists() and not dead.exists()


def test_power_query_parts_survive_a_run_byte_for_byte(book, tmp_path, capsys):
    parts = {"xl/connections.xml": b'<?xml version="1.0"?><connections xmlns="http://schemas.openxmlformats.org/'
                                   b'spreadsheetml/2006/main"/>',
             "customXml/item1.xml": b'<?xml version="1.0"?><DataMashup xmlns="http://schemas.microsoft.com/'
                                    b'DataMashup"/>'}
    patch_parts(book, lambda p: p.update(parts))
    code, text = cli(capsys, "run", book, "--only", "allocation")
    assert code == 0, text
    with zipfile.ZipFile(book) as z:
        assert {n: z.read(n) for n in parts} == parts


def test_power_query_parts_refuse_an_openpyxl_rewrite_with_a_message(book):
    from taxrebal.errors import UnsafeWorkbookError
    from taxrebal.workbook.saving import check_rewritable

    patch_parts(book, lambda p: p.update({"xl/connections.xml": b"<connections/>"}))
    with pytest.raises(UnsafeWorkbookError, match="Power Query"):
        check_rewritable(book)


def test_rich_text_in_an_input_cell_survives_a_run(tmp_path, capsys):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    path = write_book(tmp_path / "book.xlsx", household())
    wb = openpyxl.load_workbook(path, rich_text=True)
    wb["Accounts"]["C2"] = CellRichText([TextBlock(InlineFont(b=True), "Pat"), " (primary)"])
    wb.save(path)
    code, text = cli(capsys, "run", path, "--only", "allocation")
    assert code == 0, text
    cell = openpyxl.load_workbook(path, rich_text=True)["Accounts"]["C2"].value
    assert isinstance(cell, CellRichText) and cell[0].font.b and str(cell) == "Pat (primary)"


def test_a_users_copy_of_a_result_sheet_is_never_deleted_by_a_later_run(book, tmp_path, capsys):
    code, text = cli(capsys, "run", book, "--only", "allocation")
    assert code == 0, text
    wb = openpyxl.load_workbook(book)
    copy = wb.copy_worksheet(wb["Allocation"])
    copy.title = "Allocation (2)"
    # Excel copies the sheet-scoped ownership name with the sheet, value and all
    copy.defined_names[OWNED_MARKER] = openpyxl.workbook.defined_name.DefinedName(
        OWNED_MARKER, attr_text=wb["Allocation"].defined_names[OWNED_MARKER].attr_text)
    wb["Settings"]["B4"] = "lots of money"  # the next run stops on an input error
    wb.save(book)
    code, text = cli(capsys, "run", book)
    assert code == 1, text
    names = openpyxl.load_workbook(book).sheetnames
    assert "Allocation (2)" in names and "Allocation" not in names


def test_the_ownership_name_names_its_sheet():
    assert owned_marker_value('My "Sheet"') == '"taxrebal:My ""Sheet"""'
    assert is_owned_marker('="taxrebal:Allocation"', "Allocation")
    assert not is_owned_marker('"taxrebal:Allocation"', "Allocation (2)")
    assert is_owned_marker('"taxrebal"', "Allocation")  # written by an earlier version
    assert not is_owned_marker('"taxrebal"', "Allocation (2)")


def test_a_bomb_declared_small_is_refused_by_its_crc(book, tmp_path, capsys):
    """A zip directory that lies about a part's size: streaming stops at the declared size and the
    CRC does not match."""
    with zipfile.ZipFile(book) as z:
        infos = z.infolist()
        data = {i.filename: z.read(i.filename) for i in infos}
    target = next(n for n in data if n.startswith("xl/worksheets/"))
    raw = book.read_bytes()
    # shrink the declared uncompressed size of that part in the central directory
    cd_sig = b"PK\x01\x02"
    name = target.encode()
    at = raw.find(name, raw.find(cd_sig))
    header = at - 46
    size_at = header + 24
    patched = raw[:size_at] + (10).to_bytes(4, "little") + raw[size_at + 4:]
    book.write_bytes(patched)
    before = digest(book)
    code, text = cli(capsys, "check", book)
    assert code != 0 and "Traceback" not in text and "internal error" not in text.lower(), text
    assert digest(book) == before
