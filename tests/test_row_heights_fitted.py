"""A tall row is stored so that each application shows it at its own height.

Excel sets Calibri 11 at 15 points a line and LibreOffice sets Carlito at 11.15: one stored height
cannot serve both. A row with no merged cell is stored as a *fitted* row (``ht`` without
``customHeight``): Excel recomputes the height of such a row from its text when it opens the file
(ECMA-376 Part 1, 18.3.1.73: ``customHeight`` is 1 only when the height "has been manually set"),
and LibreOffice, which does not, uses the stored height: its own lines, 11.15 points each, and the
3.85 points a one-line row keeps below its text. A row holding a merged wrapped cell (a note under a
table) keeps Excel's height, set: Excel never fits a row to a merged cell.

Worked example: the 9-line note of the sample's step 4 ("Sells US Stocks inside an HSA: ...") in a
36-wide Note column: Excel's height is 9 x 15 = 135 points; LibreOffice breaks it into 8 lines and
the file stores 8 x 11.15 + 3.85 = 93.05, rounded up to 93.25.
"""

from __future__ import annotations

import re

import openpyxl

from taxrebal.workbook.interface import Column, Kind, Table
from taxrebal.workbook.layout import LINE_PT, LO_LINE_PT, LO_ROW_PAD_PT, sheet_layout
from taxrebal.workbook.openpyxl_book import OpenpyxlBook
from taxrebal.workbook.sheet_xml import StyleSheet, render_sheet
from taxrebal.workbook.text_metrics import lines_libreoffice, wrapped_lines

HSA = ("Sells US Stocks inside an HSA: no tax (the whole position). Sell the most recently bought shares "
       "(3 bought 2026-11-02 (lot H-03)) and do it before the loss sales of VTI: shares no longer held cannot "
       "wash their loss (taxrebal's reading of IRC §1091: the regulations are silent on replacement shares "
       "sold before the loss sale).")
NOTE = ("Rebalance To = Target: trades that add no tax (cash, contributions, tax-advantaged accounts, harvested "
        "losses) go as far toward target as they can; taxable sales stop where every class is within its band.")


def _table() -> Table:
    return Table((Column("Step", Kind.INTEGER), Column("Amount", Kind.MONEY), Column("Note", width=36.0)),
                 ((4, 10890.0, HSA), (5, 29000.0, "Harvest.")), title="Trades to place", notes=(NOTE * 2,))


def test_a_row_without_merged_cells_stores_libreoffices_height_for_excel_to_fit():
    layout = sheet_layout([_table()])
    row = layout.places[0].first_row
    excel, libreoffice = wrapped_lines(HSA, 36.0, 1), lines_libreoffice(HSA, 36.0, 1)
    assert layout.row_heights[row] == excel * LINE_PT  # what Excel needs (live Excel, page planning)
    assert libreoffice < excel  # LibreOffice's column is 5.55 points a unit wide, Excel's 5.25
    assert layout.fitted_heights[row] == -(-(libreoffice * LO_LINE_PT + LO_ROW_PAD_PT) * 4 // 1) / 4
    assert layout.fitted_heights[row] < 0.75 * layout.row_heights[row]


def test_a_note_is_written_one_line_a_row_at_the_default_height():
    # a note merged and wrapped kept Excel's height (Excel never fits a merged cell), and LibreOffice
    # printed a quarter of it blank (fe8): now each line is a row of its own, unmerged, one line tall
    layout = sheet_layout([_table()])
    rows = [row for row, _text in layout.note_lines[0]]
    assert rows == list(layout.places[0].note_rows) and len(rows) > 1
    assert not any(r in rows for r, _first, _last in layout.spans)
    assert not any(r in layout.row_heights or r in layout.fitted_heights for r in rows)


def test_both_writers_store_the_fitted_row_without_custom_height(tmp_path):
    layout = sheet_layout([_table()])
    row, note_row = layout.places[0].first_row, layout.places[0].note_rows[0]
    xml = render_sheet([_table()], [], True, StyleSheet(None)).xml.decode()
    assert f'<row r="{row}" ht="{layout.fitted_heights[row]!r}">' in xml
    assert f'<row r="{note_row}">' in xml  # a note's line: the default height

    wb = openpyxl.Workbook()
    wb.active.title = "Accounts"
    OpenpyxlBook(wb).write_sheet("Trades", [_table()])
    wb.save(path := tmp_path / "rows.xlsx")
    with __import__("zipfile").ZipFile(path) as z:
        sheet = next(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet2"))
    tag = re.search(rf'<row r="{row}"[^>]*>', sheet).group(0)
    assert f'ht="{layout.fitted_heights[row]}"' in tag and "customHeight" not in tag
    assert "ht=" not in (re.search(rf'<row r="{note_row}"[^>]*>', sheet) or re.search("$", "")).group(0)
