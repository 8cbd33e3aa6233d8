"""Header notes written as text (workbook/comment_xml.py) are the bytes openpyxl's CommentSheet and
ShapeWriter write for the same notes (the writer they replace, as the independent reference). That a
saved workbook shows each note on its header cell is tests/test_results_package_book.py's check."""

from __future__ import annotations

import pytest
from openpyxl.comments.comment_sheet import CommentRecord, CommentSheet
from openpyxl.xml.functions import tostring

from taxrebal.workbook.comment_xml import NOTE_AUTHOR, NOTE_HEIGHT, NOTE_WIDTH, comments_vml, comments_xml
from taxrebal.workbook.sheet_xml import HeaderNote

NOTES = [
    HeaderNote("A1", "Dollars sold."),
    HeaderNote("B3", 'Tax & "fees" < $5 > $0'),
    HeaderNote("Z9", "Two\nlines"),
    HeaderNote("AA10", " leading and trailing "),
    HeaderNote("XFD1048576", "   "),
    HeaderNote("C2", "Ünïcode – IRC §1091(d)\tand a tab"),
    HeaderNote("D4", ""),
]


def _openpyxl(notes):
    records = []
    for note in notes:
        rec = CommentRecord(ref=note.ref, author=NOTE_AUTHOR, height=NOTE_HEIGHT, width=NOTE_WIDTH)
        rec.text.t = note.text
        records.append(rec)
    sheet = CommentSheet.from_comments(records)
    return tostring(sheet.to_tree()), sheet.write_shapes()


@pytest.mark.parametrize("notes", [NOTES[:1], NOTES, NOTES[3:5]], ids=["one", "all", "white space"])
def test_the_parts_are_the_bytes_openpyxl_writes(notes):
    xml, vml = _openpyxl(notes)
    assert comments_xml(notes) == xml
    assert comments_vml(notes) == vml


def test_a_cell_that_is_no_cell_reference_is_refused():
    with pytest.raises(ValueError, match="B3"):
        comments_vml([HeaderNote("B", "no row")])
