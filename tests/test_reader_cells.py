"""Cell parsing rules of the workbook contract (taxrebal.workbook.cells).

References: Excel's 1900 date system as Microsoft documents it ("January 1, 1900 is serial number 1,
January 1, 2008 is serial number 39448", DATEVALUE help; Excel treats 1900 as a leap year so serial 60
is the nonexistent 1900-02-29, KB 214326) and the issue's own examples (45000 = 2023-03-15, 5 -> 5%,
0.05 -> 5%, 1 -> 100%, Band 1 -> 1 point, "(1,234.50)" -> -1234.50).
"""

from datetime import date, datetime, time, timedelta

import pytest

from taxrebal.engine.records import Action, FilingStatus, LotMethod
from taxrebal.workbook.cells import (
    INHERITED,
    CellError,
    cell_ref,
    column_letter,
    excel_serial_to_date,
    normalize_key,
    parse_band,
    parse_bool,
    parse_choice,
    parse_date,
    parse_date_or_inherited,
    parse_int,
    parse_list,
    parse_number,
    parse_percent,
    parse_symbol,
    parse_text,
)
from taxrebal.workbook.schema import ACCOUNT_TYPE_ALIASES, ACTION_ALIASES, FILING_STATUS_ALIASES, LOT_METHOD_ALIASES


@pytest.mark.parametrize("header", ["Cost Basis", "cost_basis", "COST-BASIS", " cost  basis ", "Cost.Basis"])
def test_headers_match_ignoring_case_spaces_and_punctuation(header):
    assert normalize_key(header) == "costbasis"


def test_percent_sign_in_a_header_is_kept_apart_from_the_plain_name():
    assert normalize_key("Harvest Min Loss %") != normalize_key("Harvest Min Loss")


# ------------------------------------------------------------------------------------ dates

@pytest.mark.parametrize(
    "serial, expected",
    [
        (1, date(1900, 1, 1)),  # Microsoft: serial 1 is January 1, 1900
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),  # after the fictitious leap day
        (39448, date(2008, 1, 1)),  # Microsoft DATEVALUE documentation
        (45000, date(2023, 3, 15)),  # the example
        (45000.75, date(2023, 3, 15)),  # a time of day is dropped
        (2958465, date(9999, 12, 31)),  # Excel's last date
    ],
)
def test_excel_serials_in_the_1900_system(serial, expected):
    assert excel_serial_to_date(serial) == expected
    assert parse_date(serial) == expected


def test_excel_fake_leap_day_1900_02_29_is_refused_with_a_fix():
    with pytest.raises(CellError, match="1900-02-29"):
        parse_date(60)


@pytest.mark.parametrize("serial", [0, -5, 2958466])
def test_serials_outside_excel_range_are_refused(serial):
    with pytest.raises(CellError, match="type a date"):
        parse_date(serial)


@pytest.mark.parametrize(
    "value",
    [date(2025, 3, 14), datetime(2025, 3, 14, 15, 30), "2025-03-14", " 2025-03-14 ", "2025/03/14",
     "2025-03-14 00:00:00", "2025-03-14T09:30", "3/14/2025", "03/14/2025", "20250314", 45730, 45730.0, "45730"],
)
def test_dates_in_every_accepted_form(value):
    assert parse_date(value) == date(2025, 3, 14)


@pytest.mark.parametrize("value", ["2025-02-30", "13/01/2025", "3/14/25", "March 14", "yesterday", True, "²", "１２",
                                   time(9, 30), timedelta(days=3)])
def test_unreadable_dates_say_how_to_type_one(value):
    with pytest.raises(CellError, match="2025-03-14|calendar date|day-first"):
        parse_date(value)


def test_a_day_first_date_is_named_as_such_with_its_unambiguous_spelling():
    with pytest.raises(CellError, match=r"looks day-first \(15 March 2024\?\).*2024-03-15"):
        parse_date("15/3/2024")


@pytest.mark.parametrize("value", [None, "", "   "])
def test_blank_date_is_none(value):
    assert parse_date(value) is None


def test_inherited_is_a_word_not_a_date():
    assert parse_date_or_inherited("Inherited") is INHERITED
    assert parse_date_or_inherited(" inherited ") is INHERITED
    assert parse_date_or_inherited("2024-01-02") == date(2024, 1, 2)


# ------------------------------------------------------------------------------ percentages

@pytest.mark.parametrize(
    "value, expected",
    [(0.05, 0.05), (5, 0.05), (5.0, 0.05), ("5%", 0.05), (" 5 % ", 0.05), ("0.05", 0.05), ("5", 0.05),
     (60, 0.60), (0.6, 0.60), (1, 1.0), (1.0, 1.0), ("100%", 1.0), (100, 1.0), ("0.5%", 0.005), (0, 0.0),
     (1.5, 0.015), (-5, -0.05)],
)
def test_percent_rule_points_above_one_fraction_at_or_below(value, expected):
    assert parse_percent(value) == pytest.approx(expected)


@pytest.mark.parametrize(
    "value, expected",
    [(1, 0.01), (1.0, 0.01), (5, 0.05), ("5%", 0.05), (0.05, 0.05), (0.5, 0.5), ("1%", 0.01), (2.5, 0.025)],
)
def test_band_rule_points_from_one_up(value, expected):
    assert parse_band(value) == pytest.approx(expected)


@pytest.mark.parametrize("value", ["five%", "%", "abc", "5%%"])
def test_unreadable_percent(value):
    with pytest.raises(CellError):
        parse_percent(value)


# ------------------------------------------------------------------------------ money/number

@pytest.mark.parametrize(
    "value, expected",
    [(1234.5, 1234.5), (1234, 1234.0), ("1234.5", 1234.5), ("$1,234.50", 1234.5), ("(1,234.50)", -1234.5),
     ("($1,234.50)", -1234.5), ("-$12", -12.0), ("$-12", -12.0), ("1,234,567", 1234567.0), ("1,234 USD", 1234.0),
     ("USD 1,234", 1234.0), (" 12 ", 12.0), ("+7", 7.0), (".5", 0.5), ("1e3", 1000.0), ("1\u00a0234", 1234.0)],
)
def test_money_text_forms(value, expected):
    assert parse_number(value) == pytest.approx(expected)


@pytest.mark.parametrize("value", ["1,5", "12,34.5", "ten", "$", "1.2.3", "5%", True, date(2025, 1, 1),
                                   float("inf"), "#N/A", "#DIV/0!"])
def test_unreadable_numbers_are_refused_with_a_fix(value):
    with pytest.raises(CellError, match="type|fix"):
        parse_number(value)


def test_excel_error_cells_name_the_error():
    with pytest.raises(CellError, match="#N/A"):
        parse_number("#N/A")
    with pytest.raises(CellError, match="#REF!"):
        parse_text("#REF!")


def test_blank_and_nan_numbers_are_none():
    assert parse_number(None) is None
    assert parse_number("") is None
    assert parse_number(float("nan")) is None


def test_whole_numbers():
    assert parse_int(2025.0) == 2025
    assert parse_int("2025") == 2025
    with pytest.raises(CellError, match="whole number"):
        parse_int(2025.5)


# -------------------------------------------------------------------------------- booleans

@pytest.mark.parametrize("value", ["Y", "y", "Yes", "TRUE", "true", "1", "X", "x", True, 1, 1.0])
def test_true_values(value):
    assert parse_bool(value) is True


@pytest.mark.parametrize("value", ["N", "no", "False", "0", False, 0, 0.0])
def test_false_values(value):
    assert parse_bool(value) is False


def test_blank_boolean_is_left_to_the_default():
    assert parse_bool(None) is None
    assert parse_bool("  ") is None


@pytest.mark.parametrize("value", ["maybe", 2, "yess"])
def test_unreadable_booleans(value):
    with pytest.raises(CellError, match="Y or N"):
        parse_bool(value)


# ------------------------------------------------------------------------------ text/choices

def test_text_is_stripped_and_whole_numbers_lose_their_decimal_point():
    assert parse_text("  Joint  ") == "Joint"
    assert parse_text(1001.0) == "1001"
    assert parse_text(1001) == "1001"
    assert parse_text(10.5) == "10.5"
    assert parse_text(None) == ""


def test_symbols_are_upper_cased_and_single_tickers():
    assert parse_symbol(" vti ") == "VTI"
    assert parse_symbol("brk.b") == "BRK.B"
    with pytest.raises(CellError, match="space"):
        parse_symbol("VTI VXUS")


def test_lists_split_on_commas_and_semicolons():
    assert parse_list("L1, L2;L3,,L1") == ("L1", "L2", "L3")
    assert parse_list(1001.0) == ("1001",)
    assert parse_list(None) == ()


@pytest.mark.parametrize(
    "text, expected",
    [("traditional ira", "Traditional IRA"), ("IRA", "Traditional IRA"), ("401k", "401(k)"), ("401(K)", "401(k)"),
     ("roth", "Roth IRA"), ("Roth 401k", "Roth 401(k)"), ("brokerage", "Taxable"), ("Individual", "Taxable"),
     ("joint", "Taxable"), ("403B", "403(b)"), ("sep-ira", "SEP IRA"), ("Simple IRA", "SIMPLE IRA"), ("hsa", "HSA")],
)
def test_account_type_spellings(text, expected):
    assert parse_choice(text, ACCOUNT_TYPE_ALIASES, "account type", "...") == expected


def test_unknown_choice_lists_the_accepted_values():
    with pytest.raises(CellError, match="use one of: Taxable, Traditional IRA"):
        parse_choice("529", ACCOUNT_TYPE_ALIASES, "account type", "Taxable, Traditional IRA")


@pytest.mark.parametrize("text, expected", [("Bought", Action.BUY), ("SOLD", Action.SELL), ("DRIP", Action.REINVEST),
                                            ("Dividend Reinvestment", Action.REINVEST), ("buy", Action.BUY)])
def test_action_spellings(text, expected):
    assert parse_choice(text, ACTION_ALIASES, "action", "") is expected


@pytest.mark.parametrize("text, expected", [("MFJ", FilingStatus.MARRIED_JOINT), ("single", FilingStatus.SINGLE),
                                            ("Married Filing Separately", FilingStatus.MARRIED_SEPARATE),
                                            ("hoh", FilingStatus.HEAD_OF_HOUSEHOLD)])
def test_filing_status_spellings(text, expected):
    assert parse_choice(text, FILING_STATUS_ALIASES, "filing status", "") is expected


@pytest.mark.parametrize("text, expected", [("Specific ID", LotMethod.SPECIFIC), ("spec id", LotMethod.SPECIFIC),
                                            ("hifo", LotMethod.HIFO), ("Min Tax", LotMethod.MIN_TAX),
                                            ("Tax Optimal", LotMethod.TAX_OPTIMAL)])
def test_lot_method_spellings(text, expected):
    assert parse_choice(text, LOT_METHOD_ALIASES, "lot method", "") is expected


def test_cell_references():
    assert column_letter(0) == "A"
    assert column_letter(25) == "Z"
    assert column_letter(26) == "AA"
    assert column_letter(701) == "ZZ"
    assert column_letter(702) == "AAA"
    assert cell_ref(4, 7) == "E7"
