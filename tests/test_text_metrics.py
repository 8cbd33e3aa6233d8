"""Wrapped lines are counted as the spreadsheet applications break them (taxrebal.workbook.text_metrics).

The expected line breaks below are LibreOffice 7.4's own, recorded from its PDF of a cell of that width
(``soffice --convert-to pdf`` of a workbook holding the text, Carlito 11, then ``pdftotext -layout``):
an independent reference for the LibreOffice count. Excel's count uses Calibri's pixel widths and must
never be below LibreOffice's lines (the row is sized for the larger)."""

from __future__ import annotations

import pytest

from taxrebal.workbook.interface import Column, Kind, Table
from taxrebal.workbook.layout import LINE_PT, sheet_layout
from taxrebal.workbook.text_metrics import advance, lines_excel, lines_libreoffice, text_units, wrapped_lines

HSA = ("Sells US Stocks inside an HSA: no tax (the whole position). Sell the most recently bought shares (3 bought "
       "2026-11-02 (lot H-03)) and do it before the loss sales of VTI: shares no longer held cannot wash their loss "
       "(taxrebal's reading of IRC §1091: the regulations are silent on replacement shares sold before the loss sale).")
# LibreOffice, a 36-wide cell: 8 lines, one of them broken after the hyphen of "H-03"
HSA_LIBREOFFICE = ["Sells US Stocks inside an HSA: no tax (the", "whole position). Sell the most recently",
                   "bought shares (3 bought 2026-11-02 (lot H-", "03)) and do it before the loss sales of VTI:",
                   "shares no longer held cannot wash their", "loss (taxrebal's reading of IRC §1091: the",
                   "regulations are silent on replacement", "shares sold before the loss sale)."]
ORDER = ("enter a $224,337.61 dollar order (6,736.8653 sh as on Trades; fractional: see below); after the sells "
         "above fill (they settle 2025-07-01, T+1: see below)")
ORDER_LIBREOFFICE = ["enter a $224,337.61 dollar order", "(6,736.8653 sh as on Trades;",
                     "fractional: see below); after the sells", "above fill (they settle 2025-07-01,",
                     "T+1: see below)"]  # a 30-wide cell


def test_the_width_table_is_carlitos():
    # Carlito/Calibri advance widths (font units of 2048 to the em): "0" is 1038, a space 463, "W" 1822
    assert (advance("0"), advance(" "), advance("W"), advance("W", bold=True)) == (1038, 463, 1822, 1856)
    assert text_units("00") == 2076 and advance("中") == 2048  # a wide CJK character is a full em


@pytest.mark.parametrize("text, width, indent, recorded", [(HSA, 36, 0, HSA_LIBREOFFICE),
                                                           (ORDER, 30, 0, ORDER_LIBREOFFICE)])
def test_libreoffices_line_count_is_the_one_it_renders(text, width, indent, recorded):
    assert " ".join(recorded).replace("H- 03", "H-03") == text  # the recording is the whole text
    assert lines_libreoffice(text, width, indent) == len(recorded)
    # each recorded line is one line on its own (within the 1-point safety margin: 0.2 of a width unit),
    # and no line could take the next line's first word
    for line, following in zip(recorded, recorded[1:] + [""]):
        assert lines_libreoffice(line, width + 0.2, indent) == 1
        if following and not line.endswith("-"):
            assert lines_libreoffice(line + " " + following.split()[0], width, indent) == 2


def test_a_line_breaks_after_a_hyphen_and_a_long_word_between_characters():
    # a 6-wide cell holds 5 digits: "2026-" / "11-02", and the same without the hyphens cannot break
    assert lines_libreoffice("2026-", 6) == 1 and lines_libreoffice("2026-11", 6) == 2
    assert lines_libreoffice("2026-11-02", 6) == 2 and lines_libreoffice("20261102", 6) == 2
    # a 10-wide column holds 9 digits (its unit is the digit, less the padding); no break opportunity:
    # the number is split where the line is full
    assert lines_libreoffice("0" * 9, 10) == 1 and lines_libreoffice("0" * 10, 10) == 2
    assert lines_libreoffice("0" * 30, 10) == 4


def test_excel_never_counts_fewer_lines_than_libreoffice_and_the_row_fits_both():
    for text, width, indent in [(HSA, 36, 0), (ORDER, 30, 1), (HSA, 23, 1), (ORDER, 60, 0)]:
        assert lines_excel(text, width, indent) >= lines_libreoffice(text, width, indent)
        assert wrapped_lines(text, width, indent) == max(lines_excel(text, width, indent),
                                                        lines_libreoffice(text, width, indent))


def test_a_row_is_as_tall_as_its_wrapped_lines():
    table = Table((Column("Step", Kind.NUMBER), Column("Account"), Column("Note", width=36.0)),
                  ((4, "Family HSA", HSA), (5, "Joint Brokerage", "short")))
    layout = sheet_layout([table])
    lines = wrapped_lines(HSA, 36.0, 1)
    assert 8 <= lines <= 9  # LibreOffice's 8 (with the indent), Excel's pixel widths at most one more
    assert layout.row_heights[2] == lines * LINE_PT and 3 not in layout.row_heights  # a one-line row: default
