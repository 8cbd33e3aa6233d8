"""A workbook whose styles, content types, relationships or workbook part is damaged is named and refused
before anything is computed: exit 1, the part in the message, the file untouched, no internal error.

Rule (README "Bad input"): a file that cannot be read gets a clear error naming the file and what to do,
never a crash. These parts are the ones ``taxrebal run`` edits as text to add its result sheets
(workbook/package_book.py); the reader itself never needs them, so ``check`` could pass while the save
could not (a truncated xl/styles.xml was exit 70, "a bug in taxrebal"; a damaged [Content_Types].xml a
failed save, exit 3, after every step had run).
"""

import zipfile

import pytest

from taxrebal.cli import main
from taxrebal.workbook.template import build_sample


def damaged(tmp_path, part: str):
    good = tmp_path / "good.xlsx"
    build_sample().save(good)
    bad = tmp_path / "household.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            zout.writestr(name, data[: len(data) // 3] + b"<<garbage" if name == part else data)
    return bad


@pytest.mark.parametrize("part", ["xl/styles.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels"])
def test_a_damaged_part_is_named_and_nothing_is_written(tmp_path, capsys, part):
    book = damaged(tmp_path, part)
    before = book.read_bytes()
    code = main(["run", str(book)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert f"is damaged: its part {part} is not valid XML" in err
    assert "open it in Excel and save it again" in err
    assert "internal error" not in err
    assert book.read_bytes() == before
    assert not (tmp_path / "household.bak.xlsx").exists()
