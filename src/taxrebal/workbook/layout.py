"""How a result sheet is laid out on screen and on paper: one rule for every backend (openpyxl file,
live Excel), so a sheet reads and prints the same whichever wrote it.

Rows. Tables are stacked from row 1: an optional title row, the header row, the rows, the notes one
line to a row, then one blank row (:func:`table_places`).

Column widths. Excel has one width per column for the whole sheet, shared by the stacked tables, so
prose must not set it. A column is as wide as its widest *short* content plus 2 characters (3 for numbers,
whose totals are bold), and as its bold header (110% plus 3; a header wider than 12 wraps at its
longest word, so the header row grows instead of the column), within 8..60, measured on the first 5,000 rows
and the totals of a longer table. Text longer than ``WRAP_AT`` (40) characters is *prose*: it wraps instead
of widening the column. Prose in
a table's last column, when other tables are wider, is merged across the sheet's remaining columns
(one merged cell per row) and wraps there, so it asks for no width of its own; prose in the widest
table's last column asks for 48 (Trades' Note: a long note in fewer lines), prose inside a table for 30
(shorter entries of a prose column wrap in that width too); on a sheet that would print below 60%
(``GOOD_SCALE``) these shrink in steps (``PROSE_STEPS``), down to 16 and 24 with text from 20 characters
wrapping, until it fits (Harvest's 17 columns: 50% instead of 42%). Notes under a table are written one
line to a row, each line within ``NOTE_WIDTH`` (100) characters, more on a sheet printed below 70%, and
the first printed page (:func:`~taxrebal.workbook.text_metrics.split_lines`): unmerged and unwrapped, a
line is one line tall in Excel and in LibreOffice (a wrapped merged note kept Excel's height and
LibreOffice printed a quarter of it blank, fe8), and a line of 100 characters can be followed where one
across Harvest's 290 could not. A column with a set width wraps at that width. Worked example (Wash
Sales): table 1's Quantity is in column 5 and table 2's 120-character "Why" is also in column 5:
column 5 is 30 wide and "Why" wraps over four lines, instead of column 5 becoming 60 wide and "Why"
being cut; table 3's "What To Do", its last column, spans columns 11..16.

Row heights. A row holding wrapped text gets the height of its lines, in each application its own:
Excel sets Calibri 11 at 15 points a line, LibreOffice sets Carlito (its metric twin) at 11.15 (11.11
measured on its PDF output), and LibreOffice's column is 5.55 points a unit wide against Excel's 5.25,
so one stored height served both badly: at Excel's, LibreOffice printed a quarter to a third of every
tall row blank. ``row_heights`` is Excel's (15 points a line, the lines counted in the narrower of the
two lines: :mod:`taxrebal.workbook.text_metrics`), used by live Excel and to plan the pages.
``fitted_heights`` holds the rows Excel fits itself, those with no merged cell, with LibreOffice's
height (its own line count, 11.15 points a line, plus the 3.85 points a one-line row keeps below its
text): a file stores it as the row's height *without* ``customHeight``, which is how Excel stores a
row it fits to its text, and Excel recomputes such a row from its text when it opens the file
(ECMA-376 Part 1, 18.3.1.73: ``customHeight`` is 1 when the height "has been manually set"; an
auto-height row's stored height is a cache), while LibreOffice (7.4) uses the stored height as it is.
A row holding a merged wrapped cell (prose merged to the sheet's last column, a long title) keeps
Excel's height, set: Excel never fits a row to a merged cell, so there LibreOffice
still prints some blank below the text. A header row likewise, with the bold font's widths.
Worked example (Trades, step 4's 9-line note in the 36-wide Note column): Excel 135 points; the
file stores 93.25, LibreOffice's 8 lines.

Paper. Sized for both Letter and A4 (the smaller of each dimension), margins 0.5 in left/right and
0.6 in top/bottom: portrait when the columns fit 7.27 in, else landscape scaled to fit the 10 in width
(fit to the page width, as a scale, so that the manual page breaks below still hold in Excel), never
below ``MIN_SCALE`` (50%); of the two orientations, fit to the width or down to ``SHRINK`` (15) points
smaller but not below 60%, the one that prints the fewest pages, then the largest
(:func:`_fewest_pages`: the demo's Run Info prints on one landscape page at 80% instead of two at 91%,
Lot Selection portrait at 62%). The demo's result sheets print on 16 pages, 22 before (fe8, 2026-12-04).
A sheet still wider at 50% prints its right-hand columns on a following page ("over, then down")
instead of shrinking further. Such a sheet repeats its first two
columns at the left of every page, so each page across has its row labels (Account, Symbol): a
page of bare numbers cannot be read. The price, for a sheet of several tables: the first words of a
note merged under a table show in those two columns on the later page. Prose in the widest table's last
column, alone on a later page across (Harvest's Note), takes the room that page leaves (up to 60).
Prose in a table's last
column is merged to the sheet's last column, or, on a sheet wider than the paper, to the last column
printed on its own page across (the demo's Wash Sales: the pre-trade check's "What To Do" spans K..O,
4 lines instead of 10; Orders' "First, then (and why)" spans A..I, 3 lines instead of 14); a merge
never crosses the edge of a page, on Letter or A4. A table that would straddle a page starts on a new page
(a manual page break above it) unless it is longer than a page: at Excel's heights, and where its title,
header and rows would at LibreOffice's shorter ones (fe9 chen-Y: Excel's taller rows carried Trades onto a
second page, so "Sales to wait for" had no break, and LibreOffice printed its title and header alone at
the foot of page 1). A sheet repeats its first table's
title and header rows on every printed page when that is its only table or when the table's rows (not
its notes) run past the first page (Orders' tickets: their continuation pages need the header; a later
table brings its own just above it); only the header row when the title wraps over several lines
(printed once). Worked example (the demo's Orders at 70%, 727 points a page): the tickets' title,
header and rows take 675 points at Excel's heights and their two notes 60 more; counted with the notes
(735) they "ran past the first page", and LibreOffice, which fits them in 543, printed the tickets'
header again at the top of page 2, above the lots to choose; now nothing repeats. What print titles
cannot do: a page after the first table's last one still shows its header above the later tables (in
both applications), and where Excel's taller rows carry the first table onto page 2 but LibreOffice's
do not, LibreOffice's page 2 shows it too; breaking the table where Excel's pages end would fix the
latter at the price of LibreOffice's paper (a third more pages for two-line notes).
The footer reads "<sheet> - Page n of m". The print area is the tables' columns: charts, to the
right of the tables, are for the screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Sequence

from .interface import Kind, Table
from .text_metrics import FONT_PT, lines_libreoffice, split_lines, wrapped_lines

__all__ = ["MIN_WIDTH", "MAX_WIDTH", "WIDTH_SAMPLE_ROWS", "WRAP_AT", "MIN_SCALE", "FOOTER", "MARGINS_IN",
           "display_len", "column_widths", "header_lines", "TablePlace", "table_places", "SheetLayout", "sheet_layout",
           "column_inches"]

MIN_WIDTH, MAX_WIDTH = 8.0, 60.0
WIDTH_SAMPLE_ROWS = 5000  # widths are fitted to the first rows (and totals) of very long tables
WRAP_AT = 40  # text longer than this is prose: it wraps instead of widening its column
PROSE_WIDTH = 30.0  # the width prose asks for inside a table
LAST_PROSE_WIDTH = 48.0  # ... and as the widest table's last column (Trades' Note: a long note in fewer lines)
PAD = 2  # characters of room beside the widest content
HEADER_PAD = 3  # ... beside a header (bold, so 10% wider)
HEADER_WRAP = 12  # a header wider than this may wrap onto a second line
FILL = 0.93  # share of the printable width planned for (renderers' widths differ by a few %)
LINE_PT = 15.0  # one line of Calibri 11 in Excel
LO_LINE_PT = 11.15  # one line of Carlito 11 in LibreOffice (11.11 measured on its PDF output)
LO_ROW_PAD_PT = LINE_PT - LO_LINE_PT  # below the last line: as much as a one-line row keeps
TITLE_PT = 13.0  # a table's title: bold Calibri 13
TITLE_LINE_PT = 17.25  # one line of it (Excel's row height for Calibri 13)
MIN_SCALE = 50  # percent: a sheet prints fit to the page width down to this scale, a wider one over then down
GOOD_SCALE = 60  # percent: prose columns are narrowed (PROSE_STEPS) until a sheet fits the width at this scale
#: (inside a table, the widest table's last column): the prose widths tried in turn, widest first
#: and the length from which text wraps: the steps tried in turn, widest first
PROSE_STEPS = ((PROSE_WIDTH, LAST_PROSE_WIDTH, WRAP_AT), (24.0, 40.0, WRAP_AT), (20.0, 30.0, 24), (16.0, 24.0, 20))
SHRINK = 15  # percent: a sheet prints up to this much smaller than fit to its width when that saves a page
NOTE_WIDTH = 100.0  # characters (digit widths: about 115 letters) a note's line holds at NOTE_SCALE or more
NOTE_SCALE = 70  # percent: below it a note's line holds as much more as the print is smaller (140 at 50%)
MARGINS_IN = {"left": 0.5, "right": 0.5, "top": 0.6, "bottom": 0.6, "header": 0.3, "footer": 0.3}
#: printable inches, the smaller of Letter (8.5 x 11) and A4 (8.27 x 11.69) in each direction
PORTRAIT_IN = (8.27 - 1.0, 11.0 - 1.2)
LANDSCAPE_IN = (11.0 - 1.0, 8.27 - 1.2)
A4_FILL = (11.69 - 1.0) / LANDSCAPE_IN[0]  # A4's landscape printable width, as a share of the planned one
FOOTER = "&A - Page &P of &N"  # Excel/LibreOffice footer codes: sheet name, page, pages


def display_len(value: Any, kind: Kind) -> int:
    """Rough width in characters of ``value`` as Excel shows it with the column's number format."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    if isinstance(value, (date, datetime)):
        return 10
    if isinstance(value, bool):
        return 5
    if isinstance(value, (int, float)) and math.isfinite(value):
        if kind is Kind.PERCENT:
            return len(f"{value * 100:,.2f}%")
        if kind is Kind.MONEY:
            return len(f"{value:,.2f}")
        if kind is Kind.NUMBER:
            return len(f"{value:,.6f}".rstrip("0").rstrip("."))
        return len(str(value))
    return len(str(value))


def longest_display(values: Sequence[Any], kind: Kind) -> int:
    """``max(display_len(v, kind) for v in values)`` (0 for none), with money and percentages measured
    at their two extremes only: with a fixed number of decimals the shown length never falls as a
    number moves away from zero (more integer digits, the same decimals, a minus sign below zero), so
    the longest is that of the largest or of the smallest. Other values are measured one by one."""
    if kind is not Kind.MONEY and kind is not Kind.PERCENT:
        return max((display_len(v, kind) for v in values), default=0)
    def plain_number(v: Any) -> bool:  # a non-zero float or int far from overflowing as a percentage
        return (v.__class__ is float or v.__class__ is int) and -1e300 < v < 1e300 and v != 0  # -0.0: "-0.00"

    numbers = [v for v in values if plain_number(v)]
    longest = max((display_len(v, kind) for v in values if not plain_number(v)), default=0)
    if numbers:
        longest = max(longest, display_len(max(numbers), kind), display_len(min(numbers), kind))
    return longest


@dataclass(frozen=True)
class TablePlace:
    """Where a table lands on its sheet (1-based rows)."""

    title_row: int | None
    header_row: int
    first_row: int  # first body row (== header_row + 1; no body row when the table is empty)
    n_rows: int
    note_rows: tuple[int, ...]

    @property
    def top(self) -> int:
        return self.title_row or self.header_row

    @property
    def bottom(self) -> int:
        return max((self.header_row + self.n_rows, *self.note_rows))


def table_places(tables: Sequence[Table], note_rows: Sequence[int] | None = None) -> tuple[TablePlace, ...]:
    """Where each table lands; ``note_rows``: how many rows each table's notes take (one a note when not
    given; :func:`sheet_layout` writes a note one line to a row)."""
    row, places = 1, []
    for i, table in enumerate(tables):
        count = len(table.notes) if note_rows is None else note_rows[i]
        title = None
        if table.title:
            title, row = row, row + 1
        header, row = row, row + 1
        first, row = row, row + len(table.rows)
        notes = tuple(range(row, row + count))
        row += count + 1
        places.append(TablePlace(title, header, first, len(table.rows), notes))
    return tuple(places)


def _sample(table: Table) -> Sequence[Sequence[Any]]:
    sample: Sequence[Sequence[Any]] = table.rows[:WIDTH_SAMPLE_ROWS]
    if table.total_rows and len(table.rows) > WIDTH_SAMPLE_ROWS:
        sample = list(sample) + list(table.rows[-table.total_rows:])
    return sample


class _Measured:
    """Each column's longest shown value (:func:`longest_display`) over its table's width sample,
    measured once for a sheet: :func:`sheet_layout` asks for the widths at up to five prose widths and
    whether each text column is prose each time, and the values do not change between the asks (the
    10,000-lot household's 15 result sheets: 29 width computations). Keyed by the table object, held
    while measured so that its id is not reused."""

    def __init__(self) -> None:
        self._tables: dict[int, tuple[Table, dict[int, int]]] = {}

    def longest(self, table: Table, j: int) -> int:
        entry = self._tables.get(id(table))
        if entry is None or entry[0] is not table:
            entry = self._tables[id(table)] = (table, {})
        found = entry[1].get(j)
        if found is None:
            found = entry[1][j] = longest_display([r[j - 1] for r in _sample(table)], table.columns[j - 1].kind)
        return found


def _is_prose(table: Table, j: int, wrap_at: int = WRAP_AT, measured: _Measured | None = None) -> bool:
    """A text column with a value in its width sample longer than ``wrap_at`` (the longest is longer),
    or a column of a set width."""
    col = table.columns[j - 1]
    if col.width is not None:
        return True
    return col.kind is Kind.TEXT and (measured or _Measured()).longest(table, j) > wrap_at


def column_widths(tables: Sequence[Table], *, merge: bool = True, prose: float = PROSE_WIDTH,
                  last_prose: float = LAST_PROSE_WIDTH, wrap_at: int = WRAP_AT,
                  measured: _Measured | None = None) -> dict[int, float]:
    """1-based column -> width in characters for tables stacked on one sheet (see the module doc).
    ``merge=False``: prose in a last column is not merged to the right (a sheet wider than a page).
    ``prose`` / ``last_prose``: the widths prose asks for inside a table and as the widest table's last
    column, and the length from which text is prose, ``wrap_at`` (smaller on a sheet that does not fit
    the page otherwise: :func:`sheet_layout`). ``measured``: the sheet's measurements, shared by its
    calls (a fresh one when None)."""
    last = max((len(t.columns) for t in tables), default=0)
    widths: dict[int, float] = {}
    measured = measured or _Measured()
    for table in tables:
        sample = _sample(table)
        n = len(table.columns)
        for j, col in enumerate(table.columns, start=1):
            header = _header_demand(col.header)
            if col.width is not None:
                demand = col.width
            elif _is_prose(table, j, wrap_at, measured):
                demand = float(header)
                if j < n or not merge:  # inside the table: wraps in a modest width of its own
                    demand = max(demand, prose)
                elif n == last:  # the widest table's last column: nothing to merge into
                    demand = max(demand, last_prose)
            else:
                pad = PAD if col.kind is Kind.TEXT else PAD + 1  # bold totals are wider
                longest = max(header, measured.longest(table, j) + pad) if sample else header
                demand = min(MAX_WIDTH, float(longest))
            widths[j] = max(widths.get(j, MIN_WIDTH), demand)
    return widths


def _header_demand(header: str) -> int:
    """The width a bold header asks for: all of it on one line (110% of its letters plus 3), or,
    when that is wider than ``HEADER_WRAP`` characters, only its longest word: the header then
    wraps (a column of 9-character amounts need not be 22 wide for "Tax Saved This Year")."""
    full = math.ceil(len(header) * 1.1) + HEADER_PAD
    word = math.ceil(max((len(w) for w in header.split()), default=0) * 1.1) + HEADER_PAD
    return full if full <= HEADER_WRAP else max(word, HEADER_WRAP)


def header_lines(header: str, width: float, indent: int = 0) -> int:
    """Lines a bold header takes in a column ``width`` characters wide (``indent`` levels in)."""
    return wrapped_lines(header, width, indent, True)


def column_inches(width: float) -> float:
    """Printed inches of a column ``width`` characters wide (Calibri 11: 7 px per character plus
    5 px of padding, at 96 px per inch)."""
    return (7 * width + 5) / 96


def _lines(text: Any, width: float, indent: int = 0) -> int:
    """Lines ``text`` takes wrapped in a cell ``width`` characters wide, ``indent`` levels in (1 for
    any text that is not a table's first column: ``openpyxl_book._text_alignment``). Worked example:
    the 40-character "Sells US Stocks inside a 401(k): no tax." is one line in a 36-wide column."""
    if not isinstance(text, str) or not text:
        return 1
    return wrapped_lines(text, width, indent)


def _lines_libreoffice(text: Any, width: float, indent: int = 0) -> int:
    """Lines ``text`` takes in LibreOffice alone (its wider column: ``text_metrics``)."""
    if not isinstance(text, str) or not text:
        return 1
    return lines_libreoffice(text, width, indent)


def _libreoffice_height(lines: int) -> float:
    """The height LibreOffice needs for ``lines`` lines of Carlito 11: 11.15 points a line and the
    3.85 points a one-line row keeps below its text (15 points for one line, 37.3 for three),
    rounded up to a quarter point."""
    return math.ceil((lines * LO_LINE_PT + LO_ROW_PAD_PT) * 4 - 1e-9) / 4


def _indent(table: Table, j: int) -> int:
    """Indent levels of column ``j``'s text (header and body): text after the first column."""
    return 1 if j > 1 and table.columns[j - 1].kind is Kind.TEXT else 0


@dataclass(frozen=True)
class SheetLayout:
    """Everything a backend needs to lay a sheet out (rows and columns 1-based)."""

    places: tuple[TablePlace, ...]
    widths: dict[int, float]
    wrap: tuple[frozenset[int], ...]  # per table: body columns whose text wraps
    spans: tuple[tuple[int, int, int], ...]  # (row, first column, last column) merged cells that wrap
    row_heights: dict[int, float]  # rows taller than one line, in points: Excel's height (15 points a line)
    landscape: bool
    scale: int  # percent
    breaks: tuple[int, ...]  # rows that begin a printed page (a manual break above each)
    title_rows: tuple[int, int] | None  # rows repeated at the top of every printed page
    title_columns: tuple[int, int] | None  # columns repeated at the left (a one-table sheet wider than a page)
    last_column: int  # the print area is the tables' columns (charts to their right show on screen)
    wider_than_page: bool = False  # the columns print on more than one page across
    #: the rows of ``row_heights`` Excel fits to their text itself (no merged cell), with the height
    #: LibreOffice needs: a file stores it as the row's fitted height, not as a set one (module doc)
    fitted_heights: dict[int, float] = field(default_factory=dict)
    #: per table, its notes one line to a row: (row, text), unwrapped and unmerged (:func:`sheet_layout`)
    note_lines: tuple[tuple[tuple[int, str], ...], ...] = ()

    @property
    def over_then_down(self) -> bool:
        """Pages of a sheet wider than the paper are numbered across first, then down."""
        return self.wider_than_page


def _paper(widths: dict[int, float], last: int) -> tuple[bool, int, bool]:
    """(landscape, scale %, wider than the page even at that scale) for columns 1..last."""
    inches = sum(column_inches(widths.get(c, MIN_WIDTH)) for c in range(1, last + 1))
    if inches <= PORTRAIT_IN[0] * FILL:
        return False, 100, False
    scale = max(MIN_SCALE, min(100, math.floor(100 * FILL * LANDSCAPE_IN[0] / inches)))  # fit to the width
    return True, scale, inches * scale / 100 > LANDSCAPE_IN[0] * FILL


def _pages_across(widths: dict[int, float], last: int, scale: int, repeat: int, fill: float) -> dict[int, int]:
    """Column -> the page across it prints on (0, 1, ...), ``repeat`` columns repeated on each page."""
    room = LANDSCAPE_IN[0] * fill
    repeated = sum(column_inches(widths.get(c, MIN_WIDTH)) * scale / 100 for c in range(1, repeat + 1))
    page, used, out = 0, 0.0, {}
    for c in range(1, last + 1):
        inches = column_inches(widths.get(c, MIN_WIDTH)) * scale / 100
        if used + inches > room and used > (repeated if page else 0.0):
            page, used = page + 1, repeated
        out[c] = page
        used += inches
    return out


def _widen_last_prose(tables: Sequence[Table], widths: dict[int, float], last: int, scale: int,
                      repeat: int, wrap_at: int = WRAP_AT, measured: _Measured | None = None) -> dict[int, float]:
    """On a sheet wider than a page, prose in the last column (Harvest's and Wash Sales' Note) takes the
    room its page across leaves, up to ``MAX_WIDTH``: its rows are as tall on every page across, so a
    30-wide note of 12 lines left 11 blank lines beside the first page's numbers. Only where the column
    is on the same page across planned and on a full page, and stays there: Orders' Note, planned on
    a second page but printed on the first, keeps its width. Worked example (the sample's Harvest, at
    70%): the Note grows from 30 to 57 characters, the VTI lot's note from 12 lines to 6, and the
    sheet prints on 2 pages instead of 3."""
    holders = [t for t in tables if len(t.columns) == last]
    if not holders or not all(t.columns[last - 1].width is None and _is_prose(t, last, wrap_at, measured)
                                   for t in holders):
        return widths
    page = _pages_across(widths, last, scale, repeat, FILL)
    final = page[last]
    if final == 0:  # on the first page across: its width is the other tables' too
        return widths
    shown = [c for c in range(1, last + 1) if page[c] == final] + (list(range(1, repeat + 1)) if final else [])
    used = sum(column_inches(widths.get(c, MIN_WIDTH)) * scale / 100 for c in shown)
    # LibreOffice's columns are 5.55 points a unit wide, Excel's 5.25: the page is planned at its widths
    spare = (LANDSCAPE_IN[0] * FILL * 5.25 / 5.55 - used) * 100 / scale * 96 / 7  # inches -> characters
    if spare < 1:
        return widths
    wider = {**widths, last: min(MAX_WIDTH, widths.get(last, MIN_WIDTH) + math.floor(spare))}
    # only where every column stays on its page across, planned or on a full page (Letter or A4, either
    # application's widths): a column that really prints on an earlier page must not be pushed off it
    fills = (FILL, 5.25 / 5.55, 1.0)
    before = [_pages_across(widths, last, scale, repeat, f) for f in fills]
    if any(_pages_across(wider, last, scale, repeat, f) != p for f, p in zip(fills, before)):
        return widths
    return wider if len({p[last] for p in before}) == 1 else widths


def _page_starts(blocks: Sequence[float], page_pt: float,
                 other: tuple[Sequence[float], Sequence[float]] | None = None) -> tuple[list[bool], int]:
    """For tables ``blocks`` points tall stacked with a blank row between them, on pages ``page_pt``
    tall: which table begins a new page (a manual break above it: it would straddle a page and is not
    longer than one), and how many pages the sheet prints on. ``other``: the same tables at another
    application's heights, (blocks, cores): a table also begins a new page where its core there (its
    title, header and rows, not its notes) would straddle one, both laid out past every break."""
    starts, used, pages = [], 0.0, 1
    used_other = 0.0
    for k, block in enumerate(blocks):
        new = used > 0 and used + block > page_pt
        if other is not None:
            new = new or (used_other > 0 and used_other + other[1][k] > page_pt)
        starts.append(new)
        if new:
            pages, used, used_other = pages + 1, 0.0, 0.0
        used += block
        while used > page_pt:  # a table longer than a page runs on
            pages, used = pages + 1, used - page_pt
        used += LINE_PT  # the blank row after the table
        if other is not None:
            used_other += other[0][k]
            while used_other > page_pt:
                used_other -= page_pt
            used_other += LINE_PT
    return starts, pages


def _fewest_pages(blocks: Sequence[float], inches: float, landscape: bool, scale: int) -> tuple[bool, int]:
    """(landscape, scale %) of a sheet ``inches`` wide at 100% whose tables are ``blocks`` points tall,
    that prints on the fewest pages: each orientation fit to the page width (:func:`_paper`), or down to
    ``SHRINK`` points smaller (never below ``GOOD_SCALE``) where that saves a page; ties go to the larger
    scale, then to ``landscape`` as :func:`_paper` chose it. Worked example (the sample's Run Info, 10.2
    inches wide, 42 rows): landscape at 91% prints 2 pages (509 points a page at 100%), portrait at 66%
    one (705 / 0.66 = 1,068 points for its 630), so it prints portrait at 66%."""
    options = []
    for land in (False, True):
        paper_w, paper_h = LANDSCAPE_IN if land else PORTRAIT_IN
        fit = min(100, math.floor(100 * FILL * paper_w / inches))
        if fit < (MIN_SCALE if land == landscape else GOOD_SCALE):
            continue
        for s in range(fit, min(fit, max(GOOD_SCALE, fit - SHRINK)) - 1, -1):
            pages = _page_starts(blocks, paper_h * 72 * 100 / s)[1]
            options.append((pages, -s, land != landscape, land, s))
    if not options:
        return landscape, scale
    best = min(options)
    return best[3], best[4]


def sheet_layout(tables: Sequence[Table]) -> SheetLayout:
    last = max((len(t.columns) for t in tables), default=1)
    # fit to the page width at a readable scale: the widest prose that fits at GOOD_SCALE, else the widest
    # that fits at all (at MIN_SCALE or more), else the narrowest
    tried = []
    measured = _Measured()  # each column measured once, whatever the prose width tried
    for prose_w, last_prose_w, wrap_at in PROSE_STEPS:
        widths = column_widths(tables, prose=prose_w, last_prose=last_prose_w, wrap_at=wrap_at, measured=measured)
        landscape, scale, spills = _paper(widths, last)
        tried.append((scale >= GOOD_SCALE, not spills, (prose_w, last_prose_w, wrap_at)))
        if scale >= GOOD_SCALE:
            break
    else:
        fits = [step for _good, fit, step in tried if fit]
        prose_w, last_prose_w, wrap_at = fits[0] if fits else PROSE_STEPS[-1]
        widths = column_widths(tables, prose=prose_w, last_prose=last_prose_w, wrap_at=wrap_at, measured=measured)
        landscape, scale, spills = _paper(widths, last)
    if spills:  # merged cells must not cross the edge of a page: prose wraps in its own column
        widths = column_widths(tables, merge=False, prose=prose_w, last_prose=last_prose_w, wrap_at=wrap_at,
                               measured=measured)
        landscape, scale, spills = _paper(widths, last)
    # the columns on the first printed page (notes are merged across them)
    page_last, used_in = 0, 0.0
    for c in range(1, last + 1):
        used_in += column_inches(widths.get(c, MIN_WIDTH)) * scale / 100
        if used_in > LANDSCAPE_IN[0] * FILL and page_last:
            break
        page_last = c
    repeat = min(2, last) if spills else 0
    if spills:
        widths = _widen_last_prose(tables, widths, last, scale, repeat, wrap_at, measured)
    # a note is written one line to a row, each line within NOTE_WIDTH characters and the first printed
    # page (a line a reader can follow, as tall in Excel as in LibreOffice: no merged wrapped cell)
    most = NOTE_WIDTH * max(1.0, NOTE_SCALE / scale)  # a sheet printed smaller takes longer lines
    note_last = max([1] + [c for c in range(1, page_last + 1)
                           if sum(widths.get(k, MIN_WIDTH) for k in range(1, c + 1)) <= most])
    note_width = sum(widths.get(c, MIN_WIDTH) for c in range(1, note_last + 1))
    if note_last < page_last:  # a line runs on into the next columns' empty cells (unwrapped), up to ``most``:
        # Issues' 100-wide Message column had cut "0 error(s), 2 warning(s), 2 note(s)." after 28 (fe10)
        note_width = min(most, sum(widths.get(c, MIN_WIDTH) for c in range(1, page_last + 1)))
    note_texts = [tuple(line for note in table.notes for line in split_lines(note, note_width)) for table in tables]
    places = table_places(tables, [len(x) for x in note_texts])
    note_lines = tuple(tuple(zip(place.note_rows, x)) for place, x in zip(places, note_texts))
    # a merge may not cross the edge of a page: checked against the planned (FILL) and the full page width
    # (A4's landscape line is 10.69 inches, Letter's 10: a page across holds more columns on A4)
    pages = [_pages_across(widths, last, scale, repeat, fill) for fill in (FILL, 1.0, A4_FILL)] if spills else []

    def one_page(first: int, final: int) -> bool:
        return all(p[first] == p[final] for p in pages)

    wrap, spans, heights, fitted = [], [], {}, {}
    for table, place in zip(tables, places):
        n = len(table.columns)
        lines = max(header_lines(c.header, widths.get(j, MIN_WIDTH), _indent(table, j))
                    for j, c in enumerate(table.columns, start=1))
        if lines > 1:
            heights[place.header_row] = lines * LINE_PT
            fitted[place.header_row] = _libreoffice_height(max(
                lines_libreoffice(c.header, widths.get(j, MIN_WIDTH), _indent(table, j), True)
                for j, c in enumerate(table.columns, start=1)))
        prose = frozenset(j for j in range(1, n + 1) if _is_prose(table, j, wrap_at, measured))
        wrap.append(prose)
        for i, values in enumerate(table.rows):
            row = place.first_row + i
            lines, merged = 1, False
            cells = []
            for j in prose:
                span_last = j
                if j == n and n < last:  # to the sheet's last column, or the last one on its page across
                    span_last = max(c for c in range(j, last + 1) if not spills or one_page(j, c))
                if span_last > j:
                    spans.append((row, j, span_last))
                    merged = True
                cell_width = sum(widths.get(c, MIN_WIDTH) for c in range(j, span_last + 1))
                cells.append((values[j - 1], cell_width, _indent(table, j)))
                lines = max(lines, _lines(values[j - 1], cell_width, _indent(table, j)))
            if lines > 1:
                heights[row] = lines * LINE_PT
                if not merged:  # LibreOffice's lines, counted only where a row's height uses them
                    fitted[row] = _libreoffice_height(max(_lines_libreoffice(*cell) for cell in cells))
        page_width = sum(widths.get(c, MIN_WIDTH) for c in range(1, page_last + 1))
        if place.title_row and table.title:
            # a title longer than the first page (Orders' names every wait across accounts) wraps in a cell
            # merged across that page instead of running off its edge; counted at 13 pt in 11-pt widths
            lines = wrapped_lines(table.title, page_width * FONT_PT / TITLE_PT, bold=True)
            if lines > 1 and page_last > 1:
                spans.append((place.title_row, 1, page_last))
                heights[place.title_row] = lines * TITLE_LINE_PT
    def height(first: int, final: int) -> float:
        return sum(heights.get(r, LINE_PT) for r in range(first, final + 1))

    if not spills:  # the paper and scale that print the fewest pages (the rows' heights do not depend on them)
        inches = sum(column_inches(widths.get(c, MIN_WIDTH)) for c in range(1, last + 1))
        landscape, scale = _fewest_pages([height(p.top, p.bottom) for p in places], inches, landscape, scale)
    page_pt = (LANDSCAPE_IN[1] if landscape else PORTRAIT_IN[1]) * 72 * 100 / scale

    # the first table's title and header repeat on every page when it is the only table, or when its
    # rows run past the first page (its continuation rows need their labels; a later table brings its
    # own). Its notes do not count: a page holding only them and later tables needs no tickets header
    title_rows = None
    if places:
        first = places[0]
        if len(places) == 1 or height(first.top, max(first.header_row, first.first_row + first.n_rows - 1)) > page_pt:
            # a title wrapped over several lines (Orders' list of waits) is printed once, on the first
            # page: repeated, it would take most of every page; the header row alone labels the columns
            title_rows = (first.header_row if first.title_row in heights else first.top, first.header_row)
    # a table starts a new page where it would straddle one at Excel's heights, or where its title,
    # header and rows would at LibreOffice's (``fitted``, shorter; its notes may run on): with Excel's
    # alone, LibreOffice printed Trades' "Sales to wait for" title and header alone at the foot of a
    # page, its rows on the next (fe9 chen-Y)
    def lo_height(first: int, final: int) -> float:
        return sum(fitted.get(r, heights.get(r, LINE_PT)) for r in range(first, final + 1))

    lo = ([lo_height(p.top, p.bottom) for p in places], [lo_height(p.top, p.header_row + p.n_rows) for p in places])
    starts = _page_starts([height(p.top, p.bottom) for p in places], page_pt, lo)[0]
    breaks = [place.top for place, new in zip(places, starts) if new]
    title_columns = (1, repeat) if repeat else None
    return SheetLayout(places, widths, tuple(wrap), tuple(spans), heights, landscape, scale, tuple(breaks),
                       title_rows, title_columns, last, spills, fitted, note_lines)


def frozen_header_row(tables: Sequence[Table], places: Sequence[TablePlace]) -> int:
    """The row frozen at the top of the screen: the first table's header when every table of the
    sheet has that header (one table, or stacked tables of the same columns), else 0 (nothing
    frozen). A sheet of different tables (Lot Selection's summary over its lot tables, Harvest,
    Wash Sales, Orders) would otherwise keep the first table's headers ("ST Gain / LT Gain / Est.
    Tax") above a later table's other columns ("Gain / Term / Days to LT") as the user scrolls."""
    if not tables or not places:
        return 0
    first = tuple(c.header for c in tables[0].columns)
    if any(tuple(c.header for c in t.columns) != first for t in tables[1:]):
        return 0
    return places[0].header_row
