"""Every wrapped text shows whole in its row when LibreOffice prints a result sheet, with no more
blank below it than a one-line row keeps: a row Excel fits itself stores LibreOffice's height
(taxrebal.workbook.layout: its own lines, 11.15 points each), and Excel's 15-point lines are kept
for Excel (``row_heights``). The reference is LibreOffice's own PDF: each row's text is read back with
its line positions (``pdftotext -bbox``); a row's lines must fit between the tops of that row and the
next, and the space below its last line must be no more than a one-line row's (3.85 points) plus
the lines counted but not printed."""

from __future__ import annotations

import random
import re
import shutil
import subprocess

import openpyxl
import pytest

from taxrebal.workbook.interface import Column, Kind, Table
from taxrebal.workbook.layout import LINE_PT, LO_LINE_PT, LO_ROW_PAD_PT, sheet_layout
from taxrebal.workbook.openpyxl_book import OpenpyxlBook
from taxrebal.workbook.text_metrics import lines_libreoffice

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow,
              pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                 reason="LibreOffice (soffice) and poppler (pdftotext) are needed")]

WORDS = ("Sells", "US", "Stocks", "inside", "a", "Traditional", "IRA:", "no", "tax", "(the", "whole", "position).",
         "Wash", "sale:", "$1,053.80", "of", "this", "loss", "is", "disallowed", "by", "SLFG", "bought", "in", "the",
         "30", "days", "before", "2026-11-02", "(lot", "H-03)", "IRC", "§1091(d);", "replacement", "shares'", "basis",
         "WWWW", "mmmm", "iiii", "Family", "HSA", "#1", "(step", "4)", "must", "fill", "first.")


def test_libreoffice_prints_every_wrapped_text_within_its_row(tmp_path):
    rng = random.Random(7)
    notes = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 70))) for _ in range(60)]
    table = Table((Column("Key"), Column("Amount", Kind.MONEY), Column("Note", width=rng.choice((30.0, 36.0)))),
                  tuple((f"K{i:02d}", 100.0 * i, note) for i, note in enumerate(notes)), title="Wrapped notes")
    wb = openpyxl.Workbook()
    wb.active.title = "Accounts"
    OpenpyxlBook(wb).write_sheet("Trades", [table])
    del wb["Accounts"]
    path = tmp_path / "rows.xlsx"
    wb.save(path)
    layout = sheet_layout([table])
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], capture_output=True, timeout=300, check=True)
    xml = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "rows.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    checked = exact = 0
    for page in xml.split("<page ")[1:]:
        words = [(float(x), float(y), w) for x, y, w in
                 re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<', page)]
        keys = sorted((y, int(w[1:])) for x, y, w in words if re.fullmatch(r"K\d\d", w))
        note_x = min((x for x, y, w in words if w == "Note"), default=None)
        assert note_x is not None  # the header repeats on every page
        scale = None
        for (top, i), (next_top, _) in zip(keys, keys[1:]):
            ys = sorted({round(y, 1) for x, y, w in words if x >= note_x - 1 and top - 1 <= y < next_top - 1})
            lines = len(ys)
            counted = lines_libreoffice(notes[i], layout.widths[3], 1)
            assert counted - 1 <= lines <= counted, (i, notes[i])  # never more than counted (1 pt spare)
            exact += lines == counted
            height = layout.row_heights.get(table_row := layout.places[0].first_row + i, LINE_PT)
            assert lines * LINE_PT <= height, (table_row, lines, height)
            if lines > 1:  # the printed line pitch, scaled: the row's lines fit above the next row
                scale = scale or (ys[1] - ys[0])
                assert ys[-1] + scale <= next_top + 1, (i, ys, next_top)
                # ... and leave below them no more than a one-line row does (and the lines counted
                # but not printed): no quarter of the page blank under a tall row
                spare = (next_top - ys[-1]) / scale * LO_LINE_PT - LO_LINE_PT
                assert spare <= LO_ROW_PAD_PT + (counted - lines) * LO_LINE_PT + 1.0, (i, spare)
                assert layout.fitted_heights[table_row] < height  # Excel's 15-point lines are Excel's
            checked += 1
    assert checked >= 40 and exact >= 0.8 * checked, (checked, exact)
