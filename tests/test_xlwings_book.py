"""XlwingsBook: the ResultBook rules (interface.py) on a live-Excel book, exercised on the test double
of ``test_xlwings_book_double.py`` (which turns unprotected formula-like text into formulas as Excel
does, so the text-safety rule is really tested)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from test_xlwings_book_double import FakeBook, Formula

from taxrebal.errors import NotOwnedSheetError
from taxrebal.excel.xlwings_book import XlwingsBook, read_input_sheets
from taxrebal.workbook.interface import NUMBER_FORMATS, Chart, Column, Kind, Table

INPUTS = ["Accounts", "Securities", "Lots", "Targets", "Settings"]


def book_with_inputs(*extra: str) -> FakeBook:
    return FakeBook.from_rows({name: [["Header"]] for name in [*INPUTS, *extra]})


def simple_table(rows=(("VTI", 1000.0),), **kw) -> Table:
    return Table((Column("Symbol"), Column("Value", Kind.MONEY)), tuple(rows), **kw)


# --- owned sheets --------------------------------------------------------------------------------
def test_new_result_sheets_go_after_the_inputs_in_result_order_and_carry_the_marker():
    book = book_with_inputs()
    xb = XlwingsBook(book)
    order = ("Issues", "Allocation", "Run Info")  # as the pipeline hands it down
    xb.write_sheet("Run Info", [simple_table()], order=order)
    xb.write_sheet("Issues", [simple_table()], order=order)
    xb.write_sheet("Allocation", [simple_table()], order=order)
    assert xb.sheet_names() == [*INPUTS, "Issues", "Allocation", "Run Info"]
    assert all(xb.is_owned(n) for n in ("Issues", "Allocation", "Run Info"))
    assert not any(xb.is_owned(n) for n in INPUTS)
    assert [n.refers_to for n in book.sheets["Run Info"].names] == ['="taxrebal:Run Info"']


def test_a_rerun_clears_and_reuses_the_owned_sheet_in_place():
    book = book_with_inputs()
    xb = XlwingsBook(book)
    xb.write_sheet("Allocation", [simple_table((("VTI", 1.0), ("BND", 2.0), ("VXUS", 3.0)))])
    first = book.sheets["Allocation"]
    xb.write_sheet("Allocation", [simple_table((("IXUS", 4.0),))])
    assert book.sheets["Allocation"] is first  # same sheet: formulas pointing at it survive
    assert xb.sheet_names().count("Allocation") == 1
    assert first.values() == {(1, 1): "Symbol", (1, 2): "Value", (2, 1): "IXUS", (2, 2): 4.0}
    assert len(first.names) == 1


def test_a_users_sheet_with_a_result_name_is_refused_and_left_alone():
    book = book_with_inputs("Allocation")
    before = book.sheets["Allocation"].values()
    with pytest.raises(NotOwnedSheetError, match="Rename that sheet"):
        XlwingsBook(book).write_sheet("allocation", [simple_table()])
    assert book.sheets["Allocation"].values() == before


def test_a_name_called_taxrebal_owned_with_another_value_does_not_make_a_sheet_ours():
    book = book_with_inputs("Issues")
    book.sheets["Issues"].names.add("taxrebal_owned", "=1")
    assert not XlwingsBook(book).is_owned("Issues")


def test_owned_marker_is_recognised_on_sheets_whose_names_excel_quotes():
    book = book_with_inputs()
    xb = XlwingsBook(book)
    xb.write_sheet("Lot Selection", [simple_table()])
    assert [n.name for n in book.sheets["Lot Selection"].names] == ["'Lot Selection'!taxrebal_owned"]
    assert xb.is_owned("lot selection")


def test_remove_sheet_deletes_owned_refuses_foreign_and_ignores_absent():
    book = book_with_inputs("Harvest")
    xb = XlwingsBook(book)
    xb.write_sheet("Trades", [simple_table()])
    xb.remove_sheet("Trades")
    xb.remove_sheet("Nothing Here")
    with pytest.raises(NotOwnedSheetError):
        xb.remove_sheet("Harvest")
    assert xb.sheet_names() == [*INPUTS, "Harvest"]
    assert book.app.display_alerts is True  # restored after the delete


# --- text is text --------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "00123", "1e3"])
def test_text_that_excel_would_parse_is_stored_as_the_same_text(text):
    book = book_with_inputs()
    XlwingsBook(book).write_sheet("Issues", [simple_table(((text, 5.0),))])
    cell = book.sheets["Issues"].cell(2, 1)
    assert cell.value == text and not isinstance(cell.value, Formula)
    assert cell.number_format == "@"


def test_text_in_a_number_column_is_also_protected_while_numbers_keep_their_format():
    book = book_with_inputs()
    XlwingsBook(book).write_sheet("Issues", [simple_table((("A", "=1+1"), ("B", 2.5)))])
    sheet = book.sheets["Issues"]
    assert sheet.cell(2, 2).value == "=1+1" and sheet.cell(2, 2).number_format == "@"
    assert sheet.cell(3, 2).value == 2.5 and sheet.cell(3, 2).number_format == NUMBER_FORMATS[Kind.MONEY]


def test_titles_notes_and_headers_are_protected_text_too():
    book = book_with_inputs()
    XlwingsBook(book).write_sheet("Issues", [Table((Column("=H"),), (("x",),), title="-T", notes=("+n",))])
    sheet = book.sheets["Issues"]
    assert [sheet.cell(r, 1).value for r in (1, 2, 3, 4)] == ["-T", "=H", "x", "+n"]


def test_control_characters_are_removed_and_long_text_cut_at_excels_limit():
    book = book_with_inputs()
    XlwingsBook(book).write_sheet("Issues", [simple_table((("a\x01b", 1.0), ("x" * 40000, 2.0)))])
    sheet = book.sheets["Issues"]
    assert sheet.cell(2, 1).value == "ab"
    assert len(sheet.cell(3, 1).value) == 32767


# --- layout and formats --------------------------------------------------------------------------
def test_layout_title_header_rows_notes_and_a_blank_row_between_tables():
    t1 = Table((Column("Asset Class"), Column("Weight", Kind.PERCENT, note="share of the total")),
               (("Bonds", 0.35), ("Stocks", 0.65), ("Total", 1.0)), title="By class",
               notes=("Weights of market value.",),
               highlight=(1,), total_rows=1)
    t2 = Table((Column("Date", Kind.DATE), Column("Shares", Kind.NUMBER), Column("Count", Kind.INTEGER)),
               ((date(2026, 11, 20), 10.123456, 3),), title="Second")
    book = book_with_inputs()
    XlwingsBook(book).write_sheet("Allocation", [t1, t2])
    s = book.sheets["Allocation"]
    assert s.cell(1, 1).value == "By class" and s.cell(1, 1).bold and s.cell(1, 1).size == 13
    assert [s.cell(2, c).value for c in (1, 2)] == ["Asset Class", "Weight"]
    assert s.cell(2, 1).bold and s.cell(2, 2).bold and s.cell(2, 1).fill == (221, 235, 247)
    assert s.cell(2, 2).note == "share of the total"
    assert [s.cell(r, 2).value for r in (3, 4, 5)] == [0.35, 0.65, 1.0]
    assert s.cell(3, 2).number_format == "0.00%"
    assert s.cell(4, 1).fill == (255, 242, 204) and s.cell(3, 1).fill is None  # highlight row 1
    assert s.cell(5, 1).bold and not s.cell(4, 1).bold  # the total row
    assert s.cell(6, 1).value == "Weights of market value." and s.cell(6, 1).italic
    assert s.cell(7, 1).value is None  # blank row between tables
    assert s.cell(8, 1).value == "Second"
    assert s.cell(10, 1).value == datetime(2026, 11, 20) and s.cell(10, 1).number_format == "yyyy-mm-dd"
    assert s.cell(10, 2).number_format == "#,##0.######" and s.cell(10, 3).number_format == "0"


def test_widths_fit_content_within_limits_unless_the_column_sets_one():
    t = Table((Column("A"), Column("Message", width=100.0), Column("Long")), (("x", "m", "y" * 200),))
    book = book_with_inputs()
    XlwingsBook(book).write_sheet("Issues", [t])
    sheet = book.sheets["Issues"]
    # 200 characters of prose wrap in 48 (the sheet's last column) instead of widening the column
    # to 60 and being cut: a 200-letter word breaks where Excel's line is full: in a 48-wide column one
    # indent level in, (336 - 6 - 10) px / 14.67 px a em x 2048 x 0.98 = 43,790 font units hold 47 "y"
    # (927 units each, Calibri/Carlito): 5 lines of 15 pt (text_metrics)
    assert sheet.column_widths == {1: 8.0, 2: 100.0, 3: 48.0}
    assert sheet.row_heights == {2: 5 * 15.0}


def test_chart_reads_category_and_value_columns_without_the_total_row_and_is_replaced_on_rerun():
    t = Table((Column("Asset Class"), Column("Current %", Kind.PERCENT), Column("Target %", Kind.PERCENT)),
              (("Bonds", 0.3, 0.35), ("Stocks", 0.7, 0.65), ("Total", 1.0, 1.0)), title="Allocation", total_rows=1)
    chart = Chart("Current vs target", 0, "Asset Class", ("Current %", "Target %"), percent_axis=True)
    book = book_with_inputs()
    xb = XlwingsBook(book)
    xb.write_sheet("Allocation", [t], [chart])
    xb.write_sheet("Allocation", [t], [chart])
    charts = list(book.sheets["Allocation"].charts)
    assert len(charts) == 1
    assert charts[0].source.areas == [(2, 1, 4, 1), (2, 2, 4, 2), (2, 3, 4, 3)]  # header + 2 body rows
    assert charts[0].chart_type == "column_clustered"


def test_a_chart_naming_a_missing_column_is_a_programming_error():
    with pytest.raises(ValueError, match="no column"):
        XlwingsBook(book_with_inputs()).write_sheet("Allocation", [simple_table()],
                                                    [Chart("c", 0, "Symbol", ("Nope",))])


# --- reading the inputs --------------------------------------------------------------------------
def test_inputs_are_read_from_a1_so_issue_cells_match_the_worksheet():
    book = FakeBook.from_rows({
        "Accounts": [[None, None], [None, "Account"], [None, "Brokerage"]],  # data starts at B2
        "Notes": [["my own sheet"]],
    })
    sheets = read_input_sheets(book)
    assert sheets == {"Accounts": [[None, None], [None, "Account"], [None, "Brokerage"]]}


def test_inputs_read_numbers_as_excel_hands_them_over_and_skip_result_sheets():
    book = FakeBook.from_rows({"Lots": [["Quantity"], [10]], "Issues": [["x"]]})
    XlwingsBook(book).write_sheet("Allocation", [simple_table()])
    assert read_input_sheets(book) == {"Lots": [["Quantity"], [10.0]]}


def test_a_book_without_any_input_sheet_lists_its_sheets_for_the_missing_sheet_message():
    book = FakeBook.from_rows({"Sheet1": [["a"]], "Budget": []})
    assert read_input_sheets(book) == {"Sheet1": [], "Budget": []}


def test_highlighted_rows_are_filled_and_only_those():
    rows = tuple((f"S{i}", float(i)) for i in range(9))
    book = book_with_inputs()
    XlwingsBook(book).write_sheet("Issues", [simple_table(rows, highlight=(0, 1, 2, 5, 7, 8))])
    filled = [r - 2 for r in range(2, 11) if book.sheets["Issues"].cell(r, 2).fill == (255, 242, 204)]
    assert filled == [0, 1, 2, 5, 7, 8]
