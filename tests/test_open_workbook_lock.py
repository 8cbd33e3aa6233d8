"""A workbook open in Excel or LibreOffice is not written in place (fe11 finding 19).

While a workbook is open, Excel keeps an owner file ``~$book.xlsx`` beside it and LibreOffice a lock file
``.~lock.book.xlsx#``. Writing the workbook then would be undone by the application's own save, or lose
the user's unsaved edits; only Excel's file was honoured, so a book open in LibreOffice Calc was
overwritten in place.
"""

from __future__ import annotations

import pytest

from taxrebal.errors import SaveError
from taxrebal.workbook.saving import check_not_open, lock_file


@pytest.mark.parametrize("lock, app", [("~$book.xlsx", "Excel"), (".~lock.book.xlsx#", "LibreOffice")])
def test_an_open_workbook_is_refused_naming_its_application(tmp_path, lock, app):
    book = tmp_path / "book.xlsx"
    book.write_bytes(b"")
    (tmp_path / lock).write_text("owner")
    assert lock_file(book) == tmp_path / lock
    with pytest.raises(SaveError, match=f"'book.xlsx' is open in {app} .*delete"):
        check_not_open(book)


def test_a_closed_workbook_may_be_written(tmp_path):
    book = tmp_path / "book.xlsx"
    book.write_bytes(b"")
    (tmp_path / ".~lock.other.xlsx#").write_text("owner")  # another workbook's lock
    assert lock_file(book) is None
    check_not_open(book)
