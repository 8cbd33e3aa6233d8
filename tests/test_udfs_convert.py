"""Plain Excel values -> engine arguments (taxrebal.excel.convert).

Independent references: Excel's own serial numbers (serial 45000 is 2023-03-15 and serial 61 is
1900-03-01 in any copy of Excel: =TEXT(45000,"yyyy-mm-dd")), and the workbook contract's percent rule.
"""

from datetime import date, datetime

import pytest

from taxrebal.engine.records import FilingStatus, LotMethod, TaxMode
from taxrebal.errors import ArgumentError
from taxrebal.excel import convert as cv
from taxrebal.excel.lot_range import lots_from_range

LOT_HEADER = ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"]


@pytest.mark.parametrize("value, expected", [
    (45000, date(2023, 3, 15)),            # Excel: =DATE(2023,3,15) is serial 45000
    (45000.75, date(2023, 3, 15)),         # a time of day is ignored
    (61, date(1900, 3, 1)),                # first serial after Excel's fictitious 1900-02-29
    (59, date(1900, 2, 28)),
    (1, date(1900, 1, 1)),
    ("2024-02-29", date(2024, 2, 29)),
    ("2024/2/29", date(2024, 2, 29)),
    ("3/14/2025", date(2025, 3, 14)),      # US month/day/year text
    (datetime(2025, 3, 14, 16, 30), date(2025, 3, 14)),
    (date(2025, 3, 14), date(2025, 3, 14)),
    ([[45000]], date(2023, 3, 15)),        # a one-cell range
])
def test_dates_in_every_form(value, expected):
    assert cv.to_date(value, "acquired") == expected


@pytest.mark.parametrize("value", [60, 0, -3, "yesterday", "2025-02-30", True, 1e9])
def test_impossible_dates_are_refused_with_the_argument_named(value):
    with pytest.raises(ArgumentError, match="acquired"):
        cv.to_date(value, "acquired")


def test_blank_date_is_missing():
    assert cv.to_optional_date(None, "as_of") is None
    assert cv.to_optional_date("  ", "as_of") is None
    with pytest.raises(ArgumentError, match="as_of is missing"):
        cv.to_date(None, "as_of")


@pytest.mark.parametrize("value, expected", [
    (12.5, 12.5), ("$1,234.50", 1234.5), ("(1,234.50)", -1234.5), ("-$5", -5.0), (" 7 ", 7.0), ([[3.0]], 3.0),
])
def test_money_text(value, expected):
    assert cv.to_number(value, "x") == pytest.approx(expected)


def test_number_sign_checks_say_what_was_given():
    with pytest.raises(ArgumentError, match=r"quantity must be > 0 \(got -5\)"):
        cv.to_number(-5, "quantity", positive=True)
    with pytest.raises(ArgumentError, match="quantity: 'abc' is not a number"):
        cv.to_number("abc", "quantity")
    with pytest.raises(ArgumentError, match="quantity: 'True' is a true/false value; type a number"):
        cv.to_number(True, "quantity")


@pytest.mark.parametrize("value, band, expected", [
    ("5%", False, 0.05), (5, False, 0.05), (0.05, False, 0.05), (1, False, 1.0),
    (1, True, 0.01), (0.05, True, 0.05), (5, True, 0.05), ("2.5%", True, 0.025),
])
def test_percent_rule(value, band, expected):
    assert cv.to_fraction(value, "rate", band=band) == pytest.approx(expected)


def test_choices_accept_common_spellings():
    assert cv.to_filing_status("mfj", "s") is FilingStatus.MARRIED_JOINT
    assert cv.to_filing_status("Head of Household", "s") is FilingStatus.HEAD_OF_HOUSEHOLD
    assert cv.to_lot_method("hifo", "m") is LotMethod.HIFO
    assert cv.to_lot_method("Specific ID", "m") is LotMethod.SPECIFIC
    with pytest.raises(ArgumentError, match="FIFO"):
        cv.to_lot_method("cheapest", "method")


def test_lots_range_headers_any_spelling_and_order_blank_rows_skipped():
    values = [
        ["quantity", "SYMBOL", "account", "cost_basis", "Acquired", "LOT-ID"],
        [10, " vti ", "Brokerage", "$1,000", 45000, 7],
        [None, None, None, None, None, None],          # a blank row inside
        [5, "VTI", "Brokerage", None, "Inherited", ""],
        [None, None, None, None, None, None],          # trailing blank rows (Excel ranges)
        ["", "", "", "", "", ""],
    ]
    table = lots_from_range(values)
    a, b = table.lots
    assert (a.lot_id, a.symbol, a.quantity, a.basis, a.acquired) == ("7", "VTI", 10.0, 1000.0, date(2023, 3, 15))
    assert b.inherited and b.acquired is None and b.basis is None
    assert b.lot_id == "Lots!4"  # the Lots sheet's scheme: its row (header = row 1), blank row counted
    assert table.of("VTI", "brokerage") == (a, b)


def test_unit_cost_gives_total_basis():
    table = lots_from_range([["Account", "Symbol", "Quantity", "Unit Cost"], ["B", "VTI", 4, 25]])
    assert table.lots[0].basis == pytest.approx(100.0)


def test_single_row_range_passed_1d_is_a_header_only_table():
    assert lots_from_range(LOT_HEADER).lots == ()


@pytest.mark.parametrize("row, message", [
    (["1", "B", "VTI", "2024-01-02", -5, 100], r"lots row 2, column Quantity \(E\) must be > 0 \(got -5\)"),
    (["1", "B", "VTI", "2024-01-02", "abc", 100], r"lots row 2, column Quantity \(E\): 'abc' is not a number"),
    (["1", "B", "VTI", "soon", 5, 100], r"lots row 2, column Acquired \(D\): 'soon' is not a date"),
    (["1", "B", None, "2024-01-02", 5, 100], r"lots row 2, column Symbol \(C\) is missing"),
])
def test_bad_lot_cells_name_row_column_and_fix(row, message):
    with pytest.raises(ArgumentError, match=message):
        _ = lots_from_range([LOT_HEADER, row]).lots  # every lot (a symbol's lots are read when asked for)


def test_a_bad_cell_stops_the_symbol_it_belongs_to_and_every_whole_range_use():
    table = lots_from_range([LOT_HEADER, ["1", "B", "VTI", "2024-01-02", "abc", 100],
                                ["2", "B", "BND", "2024-01-02", 5, 100]])
    assert [lot.lot_id for lot in table.of("BND")] == ["2"]  # BND's tax does not depend on VTI's row
    with pytest.raises(ArgumentError, match=r"lots row 2, column Quantity \(E\)"):
        table.of("VTI")
    with pytest.raises(ArgumentError, match=r"lots row 2, column Quantity \(E\)"):
        _ = table.lots


def test_missing_required_column_lists_headers_found():
    with pytest.raises(ArgumentError, match="no Symbol column.*headers found: Account, Quantity"):
        lots_from_range([["Account", "Quantity", "Cost Basis"], ["B", 1, 1]])


def test_duplicate_lot_ids_refused():
    cv.cache_clear()
    table = lots_from_range([LOT_HEADER, ["1", "B", "VTI", 45000, 1, 1], ["2", "B", "BND", 45000, 1, 1],
                             [" 1", "B", "VTI", 45000, 1, 1]])
    # the second "1" (" 1" reads as "1") is on range row 4; BND's lots do not depend on VTI's IDs
    assert [lot.lot_id for lot in table.of("BND")] == ["2"]
    with pytest.raises(ArgumentError, match=r"lots row 4, column Lot ID \(A\): Lot ID 1 appears twice"):
        table.of("VTI")
    with pytest.raises(ArgumentError, match="Lot ID 1 appears twice"):
        _ = table.lots


def test_a_lot_id_repeated_under_another_symbol_stops_only_whole_range_uses():
    """A cell's tax reads only its symbol's lots (a Specific ID names one of them), so an ID used
    under two symbols is reported where every lot is read (DRIFT, the Lots sheet's check), not by
    TAXCOST of either symbol. A blank ID is the row's own (Lots!<row>) and never a repeat."""
    cv.cache_clear()
    table = lots_from_range([LOT_HEADER, ["1", "B", "VTI", 45000, 1, 1], ["1", "B", "BND", 45000, 1, 1],
                             [None, "B", "BND", 45000, 1, 1], [None, "B", "VTI", 45000, 1, 1]])
    assert [lot.lot_id for lot in table.of("VTI")] == ["1", "Lots!5"]
    assert [lot.lot_id for lot in table.of("BND")] == ["1", "Lots!4"]
    with pytest.raises(ArgumentError, match=r"lots row 3, column Lot ID \(A\): Lot ID 1 appears twice"):
        _ = table.lots


def test_parsed_ranges_are_cached_by_content():
    cv.cache_clear()
    values = [LOT_HEADER, ["1", "B", "VTI", 45000, 1, 1]]
    first = lots_from_range(values)
    again = lots_from_range([list(r) for r in values])  # a new list with the same content
    assert again is first
    changed = lots_from_range([LOT_HEADER, ["1", "B", "VTI", 45000, 2, 1]])
    assert changed is not first and changed.lots[0].quantity == 2


def test_settings_two_columns_with_or_without_header():
    rows = [["As Of", 46000], ["Tax Mode", "Flat"], ["Flat LT Rate", 15], ["Flat ST Rate", 30],
            ["State Tax Rate", "5%"], ["Filing Status", "MFJ"], ["LT Loss Carryforward", -2000], ["Tax Budget", None]]
    for values in (rows, [["Setting", "Value"]] + rows):
        s = cv.settings_from_range(values)
        assert s.as_of == date(2025, 12, 9)  # serial 46000
        assert s.tax_mode is TaxMode.FLAT and s.flat_lt_rate == pytest.approx(0.15)
        assert s.state_tax_rate == pytest.approx(0.05)
        assert s.filing_status is FilingStatus.MARRIED_JOINT
        assert s.lt_loss_carryforward == 2000  # typed negative, read as the loss amount
        assert s.tax_budget is None


def test_bad_setting_names_its_row():
    with pytest.raises(ArgumentError, match="settings row 3 .*Ordinary Income.*not a number"):
        cv.settings_from_range([["Setting", "Value"], ["As Of", "2026-01-02"], ["Ordinary Income", "lots"]])


def test_targets_must_sum_to_100_percent():
    with pytest.raises(ArgumentError, match="add up to 90.00%"):
        cv.targets_from_range([["Asset Class", "Target"], ["Stocks", "50%"], ["Bonds", 40]])
    t = cv.targets_from_range([["Asset Class", "Target", "Band"], ["Stocks", "60%", 5], ["Bonds", 0.4, None]])
    assert [x.band for x in t] == [pytest.approx(0.05), None]


def test_accounts_types_by_alias():
    accts = cv.accounts_from_range([["Account", "Type", "Cash"], ["Joint", "brokerage", "$1,000"],
                                    ["Mine", "ira", None],
                                    ["R", "roth", 0]])
    assert [a.type for a in accts] == ["Taxable", "Traditional IRA", "Roth IRA"]
    assert accts[0].cash == 1000


def test_cache_never_serves_a_stale_range_after_an_edit_anywhere():
    # The cache finds entries by a sample of rows; an edit in an unsampled row must still be seen.
    cv.cache_clear()
    rows = [LOT_HEADER] + [[f"L{i}", "B", "VTI", 45000, 1, 1] for i in range(1, 200)]
    assert sum(lot.quantity for lot in lots_from_range(rows).lots) == 199
    for i in range(1, 40):   # the fingerprint samples every 12th row: most of these are unsampled
        edited = [list(r) for r in rows]
        edited[i][4] = 2
        assert sum(lot.quantity for lot in lots_from_range(edited).lots) == 200, i


def test_a_range_takes_the_sheets_header_rule_two_headers_for_one_column_are_refused():
    # "Qty" and "Shares" both mean Quantity on the Lots sheet (an error there); a range says so too
    with pytest.raises(ArgumentError, match=r"lots: columns C 'Qty' and D 'Shares' both mean Quantity"):
        lots_from_range([["Account", "Symbol", "Qty", "Shares", "Cost Basis"], ["B", "VTI", 1, 2, 10]])


def test_a_range_refuses_what_the_sheet_refuses_an_option_symbol():
    with pytest.raises(ArgumentError, match=r"lots row 2, column Symbol \(C\): .*out of scope"):
        _ = lots_from_range([LOT_HEADER, ["1", "B", "VTI250117C00250000", "2024-01-02", 1, 100]]).lots


@pytest.mark.parametrize("blank_rows_below", [0, 3])
def test_the_cache_parses_its_own_copy_an_edit_of_the_callers_list_in_place_is_a_new_range(blank_rows_below):
    # The cache parses its own copy of the range (the copy itself when no blank rows trail, a second
    # list otherwise), so a caller who edits its list in place and passes it again (Python code, never
    # Excel) gets the edit, in a symbol already parsed and in one not parsed yet, and the old content
    # still finds the old answer.
    cv.cache_clear()
    rows = [LOT_HEADER] + [[f"L{i}", "B", "VTI" if i % 2 else "BND", 45000, 1, 1] for i in range(1, 41)]
    rows += [[None] * len(LOT_HEADER) for _ in range(blank_rows_below)]
    original = [list(r) for r in rows]
    assert sum(lot.quantity for lot in lots_from_range(rows).of("VTI")) == 20  # L1, L3, ..., L39
    rows[7][4] = 5  # L7 (VTI): 1 -> 5 shares
    rows[8][4] = 3  # L8 (BND, not parsed yet): 1 -> 3 shares
    edited = lots_from_range(rows)
    assert sum(lot.quantity for lot in edited.of("VTI")) == 24
    assert sum(lot.quantity for lot in edited.of("BND")) == 22
    before = lots_from_range([list(r) for r in original])
    assert sum(lot.quantity for lot in before.of("VTI")) == 20
    assert sum(lot.quantity for lot in before.of("BND")) == 20
