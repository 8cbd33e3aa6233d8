"""How many lines a wrapped text takes in a result-sheet cell, as Excel and LibreOffice break it.

A result sheet is set in Calibri 11 (LibreOffice substitutes Carlito, made with the same advance
width for every character). A row holding wrapped text is given the height of its lines
(:mod:`taxrebal.workbook.layout`), so the line count must be the application's, not a guess from a
character count: too few lines cut the text off, too many leave the page a quarter empty.

The rule (both applications): greedy line breaking at spaces and after a hyphen ("2026-" | "11-02"),
a word wider than the line broken between characters; a line holds what fits in the cell's width
less its padding and indent. The width of a text is the sum of its characters' advance widths
(font units, 2048 to the em, from the Carlito files: ``tools/font_widths.py`` prints the table).

* **LibreOffice** (measured on LibreOffice 7.4's PDF output): a column ``w`` wide is ``5.55 w`` points,
  text starts 1 point inside the cell (3 points of padding in all, to be safe), one indent level is 7.5 points,
  and characters are set at 11 points, unrounded.
* **Excel** (Windows, 96 pixels to the inch): a column ``w`` wide is ``7 w`` pixels (Calibri 11's
  digit is 7 pixels: ECMA-376 Part 1, §18.3.1.13), of which we take 6 for padding and 10 per indent
  level (our allowance: Excel does not publish them); characters are set at 11 points (14.67 pixels
  to the em), and we keep 2% of the line spare for the whole pixels Excel rounds each character to.

:func:`wrapped_lines` counts in the narrower of the two lines, Excel's (a column is 5.25 points a
unit wide there, 5.55 in LibreOffice), and greedy breaking never takes fewer lines in a narrower
line, so the row fits in both. Worked example: the 40-character "Sells US Stocks inside a 401(k):
no tax." in a 36-wide column, one indent level: 31,457 font units wide; LibreOffice's line holds
(5.55 x 36 - 3 - 7.5) / 11 x 2048 = 35,244 units, Excel's (252 - 6 - 10) / 14.67 x 2048 x 0.98 =
32,295: one line in each.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate, chain

__all__ = ["advance", "text_units", "wrapped_lines", "lines_libreoffice", "lines_excel", "split_lines"]

UNITS_PER_EM = 2048
FONT_PT = 11.0
#: Characters of the width table (``tools/font_widths.py``): printable ASCII and common punctuation.
CHARS = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~§–—‘’“”…•é×±°"
REGULAR = (463, 667, 821, 1020, 1038, 1464, 1397, 452, 621, 621, 1020, 1020, 511, 627, 517, 791, 1038, 1038, 1038,
           1038, 1038, 1038, 1038, 1038, 1038, 1038, 548, 548, 1020, 1020, 1020, 949, 1831, 1185, 1114, 1092, 1260,
           1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356, 1058, 1378, 1112, 941, 998, 1314, 1162,
           1822, 1063, 998, 959, 628, 791, 628, 1020, 1020, 596, 981, 1076, 866, 1076, 1019, 625, 964, 1076, 470,
           490, 931, 470, 1636, 1076, 1080, 1076, 1076, 714, 801, 686, 1076, 925, 1464, 887, 927, 809, 644, 943,
           644, 1020, 1020, 1020, 1854, 511, 511, 857, 857, 1414, 1020, 1019, 1020, 1020, 694)
BOLD = (463, 667, 898, 1020, 1038, 1493, 1443, 478, 638, 638, 1020, 1020, 528, 627, 547, 880, 1038, 1038, 1038, 1038,
        1038, 1038, 1038, 1038, 1038, 1038, 565, 565, 1020, 1020, 1020, 949, 1840, 1241, 1148, 1084, 1291, 999, 940,
        1305, 1292, 546, 678, 1120, 866, 1790, 1349, 1385, 1090, 1405, 1153, 968, 1014, 1337, 1211, 1856, 1128, 1064,
        979, 665, 880, 665, 1020, 1020, 615, 1011, 1099, 857, 1099, 1031, 648, 971, 1099, 503, 523, 983, 503, 1666,
        1099, 1101, 1099, 1099, 728, 817, 710, 1099, 969, 1526, 941, 970, 814, 704, 973, 704, 1020, 1020, 1020, 1854,
        528, 528, 891, 891, 1457, 1020, 1031, 1020, 1020, 701)
_WIDTHS = {False: dict(zip(CHARS, REGULAR)), True: dict(zip(CHARS, BOLD))}
DIGIT = 1038  # the advance of "0", the unit of a column's width; a character not in the table counts as one

# LibreOffice's cell (points)
LO_PT_PER_WIDTH = 5.55
LO_PADDING_PT = 3.0  # 2 measured, 1 more: at 2 one text in 250 wrapped one line more than counted
LO_INDENT_PT = 7.5
# Excel's cell (pixels at 96 dpi)
EXCEL_PX_PER_WIDTH = 7
EXCEL_PADDING_PX = 6
EXCEL_INDENT_PX = 10
EXCEL_PX_PER_EM = FONT_PT * 96 / 72
EXCEL_SPARE = 0.98  # of the line, for the whole pixels each character is rounded to

_PIECES = re.compile(r"[^-]*-|[^-]+")  # a word's pieces: a line may break after each hyphen


def advance(ch: str, bold: bool = False) -> int:
    """Advance width of one character in font units (2048 to the em)."""
    width = _WIDTHS[bold].get(ch)
    if width is not None:
        return width
    if unicodedata.combining(ch):
        return 0
    return UNITS_PER_EM if unicodedata.east_asian_width(ch) in ("W", "F") else DIGIT


@lru_cache(maxsize=65536)
def _piece(text: str, bold: bool) -> int:
    return sum(advance(c, bold) for c in text)


def text_units(text: str, bold: bool = False) -> int:
    """Width of ``text`` on one line, in font units."""
    return _piece(text, bold)


@lru_cache(maxsize=131072)
def _word(word: str, bold: bool) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A word's pieces (a line may break after each hyphen): how far each moves the pen (a space
    before the first) and each one's width."""
    widths = tuple(_piece(p, bold) for p in _PIECES.findall(word)) if "-" in word else (_piece(word, bold),)
    steps = (widths[0] + _piece(" ", bold),) + widths[1:]
    return steps, widths


def _count(text: str, room: float, bold: bool) -> int:
    """Greedy line breaking of ``text`` in lines ``room`` font units wide.

    The pieces of a paragraph (words, split after hyphens) are laid end to end, a space before each
    word; a line starting at piece ``s`` takes every piece that ends within ``room`` of its start
    (a binary search on the running end positions, so a long text costs a search per line)."""
    total = 0
    for paragraph in text.splitlines() or [""]:
        split = [_word(word, bold) for word in paragraph.split()]
        if not split:
            total += 1
            continue
        widths = list(chain.from_iterable(w for _, w in split))
        steps = list(chain.from_iterable(st for st, _ in split))
        ends = list(accumulate(steps))
        n, s, lines = len(widths), 0, 0
        while s < n:
            lines += 1
            start = ends[s] - widths[s]
            e = bisect_right(ends, start + room, s) - 1
            if e >= s:
                s = e + 1
                continue
            # the piece alone is wider than a line: broken between characters, the rest of the line
            # then holds the pieces that follow it
            used = 0.0
            for ch in _piece_text(paragraph, s):
                w = _piece(ch, bold)
                if used + w > room and used > 0:
                    lines, used = lines + 1, 0.0
                used += w
            s += 1
            while s < n and used + steps[s] <= room:
                used += steps[s]
                s += 1
        total += lines
    return total


def _piece_text(paragraph: str, index: int) -> str:
    """The text of the ``index``-th piece of ``paragraph`` (words split after hyphens)."""
    pieces = [p for word in paragraph.split() for p in (_PIECES.findall(word) if "-" in word else (word,))]
    return pieces[index]


def _room_libreoffice(width: float, indent: int) -> float:
    room_pt = LO_PT_PER_WIDTH * width - LO_PADDING_PT - LO_INDENT_PT * indent
    return max(1.0, room_pt) / FONT_PT * UNITS_PER_EM


def _room_excel(width: float, indent: int) -> float:
    room_px = int(EXCEL_PX_PER_WIDTH * width + 0.5) - EXCEL_PADDING_PX - EXCEL_INDENT_PX * indent
    return max(1, room_px) / EXCEL_PX_PER_EM * UNITS_PER_EM * EXCEL_SPARE


def lines_libreoffice(text: str, width: float, indent: int = 0, bold: bool = False) -> int:
    """Lines ``text`` takes in a LibreOffice cell ``width`` characters wide (module docstring)."""
    return _count(text, _room_libreoffice(width, indent), bold)


def lines_excel(text: str, width: float, indent: int = 0, bold: bool = False) -> int:
    """Lines ``text`` takes in an Excel cell ``width`` characters wide (module docstring)."""
    return _count(text, _room_excel(width, indent), bold)


@lru_cache(maxsize=65536)
def wrapped_lines(text: str, width: float, indent: int = 0, bold: bool = False) -> int:
    """Lines ``text`` takes wrapped in a cell ``width`` characters wide, in Excel and in LibreOffice:
    counted in the narrower line of the two, so a row of that many lines shows all of it in both."""
    if not text:
        return 1
    return _count(text, min(_room_excel(width, indent), _room_libreoffice(width, indent)), bold)


def split_lines(text: str, width: float) -> list[str]:
    """``text`` broken at spaces into lines that each fit a cell ``width`` characters wide in Excel and in
    LibreOffice (the narrower line of the two, as :func:`wrapped_lines`), for text written one line to a
    row: a row of one line is as tall in both applications, where a wrapped row stored with Excel's
    height printed a quarter blank in LibreOffice. A word wider than a line stands alone on its line.
    Worked example: "Status: Within bands." in any width of 20 or more is one line."""
    room = min(_room_excel(width, 0), _room_libreoffice(width, 0))
    space = text_units(" ")
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, used = "", 0.0
        for word in paragraph.split():
            w = text_units(word)
            if line and used + space + w > room:
                lines.append(line)
                line, used = "", 0.0
            line, used = (line + " " + word, used + space + w) if line else (word, float(w))
        lines.append(line)
    return lines
