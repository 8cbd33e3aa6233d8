"""Result sheets read on screen and print on Letter/A4 (taxrebal.workbook.layout): prose wraps
instead of widening columns shared by stacked tables, wide sheets turn landscape at a readable scale,
tables start on a new page rather than straddle one, a sheet repeats its first header where its first
table continues and its first two columns on pages across."""

from __future__ import annotations

from taxrebal.workbook.interface import Column, Kind, Table
from taxrebal.workbook.layout import (
    LAST_PROSE_WIDTH,
    MIN_SCALE,
    PROSE_STEPS,
    column_inches,
    sheet_layout,
    table_places,
)
from taxrebal.workbook.text_metrics import wrapped_lines

WHY = "IVV sold at a loss on 2026-10-28 (Joint Brokerage); DRIP is on for VOO: an automatic reinvestment " \
      "before 2026-11-28 would wash part of it: turn DRIP off until then."


def wash_sales_like() -> list[Table]:
    matches = Table(tuple(Column(h, Kind.NUMBER if h == "Quantity" else Kind.TEXT)
                          for h in ("Sale Date", "Account", "Symbol", "Lot ID", "Quantity", "Note")),
                    (("2026-10-28", "Joint Brokerage", "IVV", "B-12", 40.0, "short"),), title="Wash-sale matches")
    do_not_buy = Table((Column("Symbol or Group"), Column("Symbols"), Column("Until"), Column("Loss", Kind.MONEY),
                        Column("Why")), (("S&P 500", "IVV, VOO", "2026-11-27", 1457.19, WHY),), title="Do Not Buy")
    return [matches, do_not_buy]


def test_prose_in_a_shared_column_wraps_instead_of_widening_it():
    layout = sheet_layout(wash_sales_like())
    # column 5 holds table 1's quantities and table 2's last column "Why": Why is merged across
    # columns 5..6 and wraps, so column 5 keeps a number's width
    assert layout.widths[5] <= 12
    assert layout.wrap[1] == frozenset({5})
    why_row = layout.places[1].first_row
    assert (why_row, 5, 6) in layout.spans
    assert layout.row_heights[why_row] >= 2 * 15.0


def test_prose_inside_a_table_wraps_in_thirty_characters():
    table = Table((Column("Symbol"), Column("Why"), Column("Loss", Kind.MONEY)), (("VXUS", WHY, 840.0),))
    layout = sheet_layout([table])
    assert layout.widths[2] == 30.0 and layout.wrap == (frozenset({2}),)
    # LibreOffice breaks it into 5 lines in a 30-wide cell (recorded from its PDF):
    # "IVV sold at a loss on 2026-10-28" / "(Joint Brokerage); DRIP is on for" / "VOO: an automatic reinvestment" /
    # "before 2026-11-28 would wash part" / "of it: turn DRIP off until then."; indented one level, Excel's
    # pixel widths take a sixth line (text_metrics): 6 lines of 15 pt, never fewer than LibreOffice's 5
    assert layout.row_heights[2] == 6 * 15.0


def test_a_narrow_sheet_prints_portrait_at_full_size_with_its_header_repeated():
    table = Table((Column("Account"), Column("Value", Kind.MONEY)), tuple((f"A{i}", i * 1.0) for i in range(80)),
                  title="Values")
    layout = sheet_layout([table])
    assert (layout.landscape, layout.scale, layout.title_rows, layout.breaks) == (False, 100, (1, 2), ())


def test_a_wide_sheet_turns_landscape_fit_to_the_width_never_below_min_scale():
    columns = tuple(Column(f"Column {i}", Kind.MONEY) for i in range(12))
    layout = sheet_layout([Table(columns, ((1234567.89,) * 12,))])
    inches = sum(column_inches(w) for w in layout.widths.values())
    assert layout.landscape and MIN_SCALE <= layout.scale < 100
    assert inches * layout.scale / 100 <= 10.0  # fits the 10-inch landscape width of Letter and A4
    very_wide = sheet_layout([Table(columns * 3, ((1234567.89,) * 36,))])
    assert very_wide.scale == MIN_SCALE and very_wide.title_columns == (1, 2) and very_wide.over_then_down


def test_a_table_that_would_straddle_a_page_starts_a_new_one():
    tables = [Table((Column("Lot"), Column("Gain", Kind.MONEY)), tuple((f"L{i}", 1.0) for i in range(20)),
                    title=f"Sale {k}") for k in range(4)]
    layout = sheet_layout(tables)
    places = table_places(tables)
    assert layout.places == places
    # portrait holds 47 lines of 15 pt: two 23-line tables (title, header, 20 rows, blank) per page
    assert layout.breaks == (places[2].top,)
    assert layout.title_rows is None  # several tables: each begins with its own header


def test_a_note_is_written_one_line_a_row_within_the_sheets_columns():
    # fe8: a note merged across the sheet and wrapped kept Excel's height (15 pt a line), and LibreOffice
    # (11.15 pt a line) printed a quarter of it blank. One line a row, unmerged and unwrapped, is one line
    # tall in both; each line fits the table's 3 columns (Step 8, Account 8, Amount 12: 28 characters)
    note = "Rebalance To = Target: trades that add no tax go as far toward target as they can; " * 3
    table = Table((Column("Step", Kind.INTEGER), Column("Account"), Column("Amount", Kind.MONEY)),
                  ((1, "Joint", 10.0),), notes=(note,))
    layout = sheet_layout([table])
    [lines] = layout.note_lines
    assert [row for row, _text in lines] == list(layout.places[0].note_rows)
    assert " ".join(text for _row, text in lines) == " ".join(note.split())  # every word, in order
    assert all(wrapped_lines(text, sum(layout.widths.values())) == 1 for _row, text in lines)
    assert not any(row in layout.row_heights or row in {r for r, _a, _b in layout.spans} for row, _text in lines)


def wide_sheet_of_two_tables() -> list[Table]:
    # Wash Sales-like: a 19-column table that prints on two pages across, then a 14-column table whose
    # last column is prose; a note under the first table
    wide = Table(tuple(Column(f"Column {i}", Kind.MONEY) for i in range(19)), ((1234567.89,) * 19,),
                 title="Wash-sale matches", notes=("3 wash-sale matches, $1,182.81 disallowed " * 4,))
    check = Table(tuple(Column(f"Column {i}", Kind.MONEY) for i in range(13)) + (Column("What To Do"),),
                  ((1234567.89,) * 13 + (WHY * 2,),), title="Pre-trade check")
    return [wide, check]


def test_a_wide_sheet_of_several_tables_repeats_its_first_two_columns_on_every_page_across():
    # A page across with no row labels is a column of numbers nobody can read (the Harvest sheet's
    # page 2 printed "Clear / Clear"): the first two columns (Account, Symbol...) repeat. The price: a
    # note merged under a table shows its first words in those columns on the later page.
    layout = sheet_layout(wide_sheet_of_two_tables())
    assert layout.over_then_down  # still printed across first, then down
    assert layout.title_columns == (1, 2)


def test_the_first_tables_header_repeats_when_it_runs_past_the_first_page():
    # Orders-like: 60 tickets (one line each), then a short lot table. Portrait holds 47 lines of 15 pt,
    # so the tickets continue on page 2, which must carry their title and header again.
    tickets = Table((Column("Account"), Column("Amount", Kind.MONEY)), tuple((f"A{i}", 1.0) for i in range(60)),
                    title="Orders to place")
    lots = Table((Column("Lot"), Column("Shares", Kind.NUMBER)), (("L1", 5.0),), title="Specific lots")
    assert sheet_layout([tickets, lots]).title_rows == (1, 2)
    short = Table(tickets.columns, tickets.rows[:10], title="Orders to place")
    assert sheet_layout([short, lots]).title_rows is None  # fits on page 1: each table brings its own header


def test_the_first_tables_notes_alone_do_not_make_its_header_repeat():
    # The demo's Orders: the tickets' title, header and rows fit the first page at Excel's heights and
    # only their notes run over. A page holding those notes and the next tables needs no tickets
    # header (LibreOffice, whose rows are shorter, printed it above the lots table)
    tickets = Table((Column("Account"), Column("Amount", Kind.MONEY)), tuple((f"A{i}", 1.0) for i in range(44)),
                    title="Orders to place", notes=("Trade date: the plan's as-of date.",) * 3)
    lots = Table((Column("Lot"), Column("Shares", Kind.NUMBER)), (("L1", 5.0),), title="Specific lots")
    layout = sheet_layout([tickets, lots])  # portrait: 47 lines; title, header and 44 rows are 46
    assert layout.title_rows is None and layout.breaks == ()



def test_a_title_wrapped_over_several_lines_is_printed_once_and_the_header_repeats():
    # Orders' title names every wait across accounts: with 40 of them it wraps over several lines,
    # which repeated on every page would leave little room for the tickets
    waits = "; ".join(f"Roth IRA {i} #{i} (step {i}) must fill before Taxable {i} #{i} (step {i + 40})"
                      for i in range(40))
    tickets = Table((Column("Account"), Column("Amount", Kind.MONEY), Column("Note")),
                    tuple((f"A{i}", 1.0, "every share held") for i in range(80)), title="Orders to place. " + waits)
    layout = sheet_layout([tickets])
    assert layout.row_heights[1] > 15.0 and (1, 1, 3) in layout.spans  # wrapped, merged across the page
    assert layout.title_rows == (2, 2)
    plain = Table(tickets.columns, tickets.rows, title="Orders to place")
    assert sheet_layout([plain]).title_rows == (1, 2)  # a one-line title repeats with its header


def test_a_one_line_note_gets_one_line():
    # "Sells US Stocks inside a 401(k): no tax." is 40 characters: one line in the 48-wide last column
    # (text_metrics: one line from 36 wide on), where a count against 36 x 1.05 = 37 characters made it two.
    note = "Sells US Stocks inside a 401(k): no tax."
    table = Table((Column("Step", Kind.INTEGER), Column("Note")), ((1, note), (2, WHY * 2)))
    layout = sheet_layout([table])
    assert layout.widths[2] == LAST_PROSE_WIDTH == 48.0
    assert 2 not in layout.row_heights  # one line: the default height


def test_last_column_prose_is_merged_to_the_sheets_edge_when_that_stays_on_one_page():
    layout = sheet_layout(wide_sheet_of_two_tables())
    row = layout.places[1].first_row
    (span,) = [s for s in layout.spans if s[0] == row]
    # at 50% (the sheet fits no wider) the planned page across (93% of Letter) ends at column 16: merged
    # to it, "What To Do" wraps over 3 columns instead of its own 16 characters, on one page across
    assert span == (row, 14, 16)
    for room in (10.0, 10.69):  # Letter, A4
        page = pages_across(layout, room)
        assert page[14] == page[16], room
    assert layout.row_heights[row] == 7 * 15.0


def test_a_merge_never_crosses_the_edge_of_a_page():
    tables = wide_sheet_of_two_tables()
    short = Table(tables[1].columns[:3] + (Column("What To Do"),), ((1.0, 2.0, 3.0, WHY * 2),))
    layout = sheet_layout([tables[0], short])
    row = layout.places[1].first_row
    # columns 4..19 straddle pages 1 and 2: "What To Do" is merged only up to a column of page 1
    [(_, first, final)] = [s for s in layout.spans if s[0] == row]
    assert first == 4 and final < 20
    for room in (10.0, 10.69):  # Letter, A4
        page = pages_across(layout, room)
        assert page[first] == page[final], room


def test_a_title_longer_than_the_page_wraps_across_it_instead_of_running_off_its_edge():
    # fe6 finding 4: Orders' title names every wait across accounts; it was cut at the page edge
    # ("...; Roth #1 (step 3) mu").
    title = ("Orders to place. Across accounts: Trad IRA #1 (step 1) must fill before Brokerage #1 (step 4); "
             "Trad IRA #2 (step 2) must fill before Brokerage #2 (step 5); Roth #1 (step 3) must fill before "
             "Brokerage #2 (step 5) (why: table below)")
    cols = (Column("Account"), Column("Order", Kind.INTEGER), Column("Amount", Kind.MONEY), Column("Note"))
    layout = sheet_layout([Table(cols, (("Roth", 1, 999.99, "FIRST"),), title=title)])
    assert (1, 1, 4) in layout.spans and layout.row_heights[1] >= 2 * 17.25
    short = sheet_layout([Table(cols, (("Roth", 1, 999.99, "FIRST"),), title="Orders to place")])
    assert not any(r == 1 for r, _a, _b in short.spans) and 1 not in short.row_heights


def test_prose_alone_on_a_later_page_across_takes_the_room_that_page_leaves():
    # Harvest-like: 16 columns of figures print over two pages across; the last column's notes are
    # all that is on the second page beside the repeated labels, so they widen there (fewer lines, so
    # shorter rows on the first page too) without moving any column to another page
    note = "In the plan, Trades step 7 sells this lot with 2 other lots (Saved in the Plan is the whole step's). " * 3
    # (18 columns of figures: 14 now fit the page width at 50%)
    columns = (Column("Account"), Column("Symbol")) + tuple(Column(f"Figure {k}", Kind.MONEY) for k in range(18)) \
        + (Column("Note"),)
    table = Table(columns, (("Joint Brokerage", "VXUS") + (123456.78,) * 18 + (note,),), title="Candidates")
    layout = sheet_layout([table])
    assert layout.wider_than_page and layout.title_columns == (1, 2) and layout.scale == MIN_SCALE
    narrowest = PROSE_STEPS[-1][0]
    assert narrowest < layout.widths[21] <= 60.0
    narrow = {**layout.widths, 21: narrowest}
    from taxrebal.workbook.layout import FILL, _pages_across
    assert _pages_across(layout.widths, 21, layout.scale, 2, FILL) == _pages_across(narrow, 21, layout.scale, 2, FILL)
    assert _pages_across(layout.widths, 21, layout.scale, 2, FILL)[21] == 1


def test_prose_that_may_print_on_the_first_page_across_keeps_its_width():
    # Orders-like: planned (93% of the page) the note starts the second page across, on a full Letter
    # page it still fits on the first: widening it would push it off the page it really prints on
    # (15 columns of figures: 9 now fit the page width)
    columns = (Column("Account"),) + tuple(Column(f"Figure {k}", Kind.MONEY) for k in range(15)) + (Column("Note"),)
    note = "after the sells above fill (they settle 2026-11-23, T+1: see below) " * 2
    layout = sheet_layout([Table(columns, (("Joint Brokerage",) + (1234567.89,) * 15 + (note,),))])
    from taxrebal.workbook.layout import FILL, _pages_across
    assert layout.wider_than_page and layout.widths[17] == PROSE_STEPS[-1][0]  # not widened
    assert [_pages_across(layout.widths, 17, layout.scale, 2, f)[17] for f in (FILL, 1.0)] == [1, 0]


def test_prose_in_a_tables_last_column_merges_to_the_last_column_of_its_page_across():
    # Wash Sales-like, three pages across at 70%: the pre-trade check's "What To Do" (its 14th and last
    # column) prints on the second page; the sheet's last column (30) on the third. Merged to column 30
    # it would cross a page's edge; in its own 12-character column it took 12 lines. It is merged to
    # the last column of its own page across, on Letter and on A4 (wider: more columns a page)
    wide = Table(tuple(Column(f"Column {i}", Kind.MONEY) for i in range(30)), ((1234567.89,) * 30,),
                 title="Wash-sale matches")
    check = Table(tuple(Column(f"Column {i}", Kind.MONEY) for i in range(13)) + (Column("What To Do"),),
                  ((1234567.89,) * 13 + (WHY * 2,),), title="Pre-trade check")
    layout = sheet_layout([wide, check])
    row = layout.places[1].first_row
    assert layout.over_then_down and layout.scale == MIN_SCALE
    # at 50% the planned page across (93% of Letter) holds columns 1..16
    assert [s for s in layout.spans if s[0] == row] == [(row, 14, 16)]
    assert layout.row_heights[row] == 7 * 15.0
    for room in (10.0, 10.69):  # columns 14..16 print on one page across: Letter, A4
        page = pages_across(layout, room)
        assert len({page[c] for c in range(14, 17)}) == 1, room


def pages_across(layout, room: float) -> dict[int, int]:
    """Column -> the page across it prints on, ``room`` inches a page, as Excel fills a page: as many
    columns as fit, the first two repeated on every later page (7 pixels a character and 5 of padding)."""
    used, page, out = 0.0, 0, {}
    repeated = sum(column_inches(layout.widths[c]) for c in (1, 2)) * layout.scale / 100
    for c in range(1, layout.last_column + 1):
        inches = column_inches(layout.widths[c]) * layout.scale / 100
        if used + inches > room and used > (repeated if page else 0.0):
            page, used = page + 1, repeated
        out[c] = page
        used += inches
    return out


def test_a_table_starts_a_new_page_where_libreoffices_shorter_rows_would_leave_its_title_at_a_page_foot():
    """fe9 chen-Y: Trades' "Sales to wait for" title and header printed alone at the foot of a page in
    LibreOffice. The first table's 6 rows of 8 lines each are 120 points at Excel's 15 a line but 93.25
    at LibreOffice's (8 x 11.15 + 3.85 = 93.05, stored to a quarter point up). Portrait at 100% holds
    705.6 points (9.8 in). Excel: 30 + 720 = 750, past the page, so it ends 44.4 points into page 2 and
    the second table (title, header, 10 rows: 180) fits there. LibreOffice: 30 + 559.5 = 589.5 and the
    blank row, 604.5; 604.5 + 180 = 784.5 > 705.6, so the second table would straddle page 1: it starts
    a new page."""
    text = "\n".join(["eight short lines of a note"] * 8)
    first = Table((Column("Lot"), Column("Note", Kind.TEXT, width=40)), tuple((f"L{i}", text) for i in range(6)),
                  title="Trades")
    second = Table((Column("Lot"), Column("Gain", Kind.MONEY)), tuple((f"W{i}", 1.0) for i in range(10)),
                   title="Sales to wait for")
    layout = sheet_layout([first, second])
    assert (layout.landscape, layout.scale) == (False, 100)
    places = table_places([first, second])
    assert layout.row_heights[places[0].first_row] == 120.0  # Excel: 8 lines of 15 points
    assert layout.fitted_heights[places[0].first_row] == 93.25  # LibreOffice: 93.05, to a quarter point up
    assert layout.breaks == (places[1].top,)
