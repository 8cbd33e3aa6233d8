"""Validation rules of the household workbook (load_sheets): every rule of the contract in
taxrebal.workbook.schema, each checked on a small hand-made workbook whose right reading is stated
in the test (the cell, the severity, the record that must or must not appear). The base household
and its helpers: tests/reader_workbook.py; the Settings, Transactions, Menus, Sales, Proposed Trades
and contract rules: tests/test_reader_settings_activity.py."""

import copy
from datetime import date

import pytest
from reader_workbook import AS_OF, BASE, book, issues_at, only_issue, with_rows

from taxrebal.engine.records import (
    SourceRef,
    TaxTreatment,
)
from taxrebal.errors import Severity
from taxrebal.workbook.reader import load_sheets

# ------------------------------------------------------------------------------ a clean workbook

def test_clean_workbook_reads_every_record_with_its_source_row():
    r = load_sheets(book())
    assert r.ok and r.issues == () and r.digest == ""
    hh = r.household
    assert [a.name for a in hh.accounts] == ["Joint", "Pat IRA", "Pat Roth"]
    assert hh.account("Joint").cash == 1000.0 and hh.account("Pat Roth").cash == 0.0
    assert hh.account("Pat IRA").treatment is TaxTreatment.TAX_DEFERRED
    lot = hh.lots[0]
    assert (lot.lot_id, lot.account, lot.symbol, lot.acquired, lot.quantity, lot.basis) == (
        "L1", "Joint", "VTI", date(2020, 1, 15), 100.0, 16000.0)
    assert lot.source == SourceRef("Lots", 2)
    assert hh.lots[2].basis is None and hh.lots[2].acquired is None  # IRA lot: neither needed
    assert hh.security("VXUS").drip is True and hh.security("VTI").replacements == ("ITOT",)
    assert [t.target for t in hh.targets] == pytest.approx([0.60, 0.20, 0.20])
    assert hh.targets[0].band == pytest.approx(0.05) and hh.targets[1].band is None
    assert hh.settings.as_of == AS_OF
    # every other setting at its default (Realized ST/LT YTD typed 0 by the helper: there are no Transactions)
    assert hh.settings == type(hh.settings)(as_of=AS_OF, realized_st_ytd=0.0, realized_lt_ytd=0.0)
    assert hh.menus == {} and hh.transactions == () and hh.sales == () and hh.proposed_trades == ()


def test_sheet_names_match_case_insensitively():
    sheets = {k.upper(): v for k, v in book().items()}
    r = load_sheets(sheets)
    assert r.ok
    assert r.household.lots[0].source == SourceRef("LOTS", 2)


def test_headers_in_any_case_order_with_extra_columns_and_aliases():
    lots = [["notes", "QTY", "ticker", "cost_basis", "ACCOUNT", "Date Acquired", "lot-id"],
            ["hello", 100, "vti", "$16,000.00", "joint", 43845, "L1"]]
    r = load_sheets(book(Lots=lots))
    assert r.ok, r.issues
    lot = r.household.lots[0]
    assert (lot.lot_id, lot.account, lot.symbol, lot.acquired, lot.quantity, lot.basis) == (
        "L1", "Joint", "VTI", date(2020, 1, 15), 100.0, 16000.0)


def test_blank_rows_and_a_blank_leading_row_and_column_are_skipped_keeping_worksheet_rows():
    lots = [[], ["", "Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
            ["", "L1", "Joint", "VTI", "2020-01-15", 100, 16000],
            [None, None, None, None, None, None, None],
            ["", "  ", "", "", "", "", ""],
            ["", "L2", "Joint", "VXUS", "2024-11-01", 50, 3200]]
    r = load_sheets(book(Lots=lots))
    assert r.ok, r.issues
    assert [(x.lot_id, x.source.row) for x in r.household.lots] == [("L1", 3), ("L2", 6)]


def test_ragged_rows_and_tuples_are_accepted():
    lots = [("Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"),
            ("L1", "Joint", "VTI", "2020-01-15", 100, 16000), ("L2", "Joint", "VTI", "2020-01-15", 5)]
    r = load_sheets(book(Lots=lots))
    assert r.household is None  # the short row is read (padded with blanks): its taxable lot has no basis
    assert "Cost Basis is blank" in issues_at(r, Severity.ERROR)[("Lots", "F3")].message


# ------------------------------------------------------------------------- missing sheets/columns

@pytest.mark.parametrize("sheet", ["Accounts", "Securities", "Lots", "Targets"])
def test_missing_required_sheet_is_an_error_naming_it(sheet):
    r = load_sheets(book(**{sheet: None}))
    assert r.household is None and not r.ok
    issue = issues_at(r, Severity.ERROR)[(sheet, "")]
    assert f"no {sheet} sheet" in issue.message and "sheets found" in issue.message


def test_a_missing_settings_sheet_is_an_error_not_single_with_no_income():
    r = load_sheets(book(Settings=None), default_as_of=date(2025, 7, 1))
    assert r.household is None
    assert "no Settings sheet" in issues_at(r, Severity.ERROR)[("Settings", "")].message


def test_a_blank_as_of_takes_the_default_date():
    r = load_sheets(book(Settings=[["Setting", "Value"]]), default_as_of=date(2025, 7, 1))
    assert r.ok and r.household.settings.as_of == date(2025, 7, 1)


def test_blank_as_of_without_a_default_is_reported_as_info():
    r = load_sheets(book(Settings=[["Setting", "Value"]]))
    assert r.ok and r.household.settings.as_of is None
    assert only_issue(r, Severity.INFO).sheet == "Settings"


def test_sheet_value_wins_over_default_as_of():
    r = load_sheets(book(), default_as_of=date(2030, 1, 1))
    assert r.household.settings.as_of == AS_OF


def test_missing_required_column_names_it_lists_headers_found_and_spellings():
    lots = [["Lot ID", "Acct", "Symbol", "Acquired", "Basis"], ["L1", "Joint", "VTI", "2020-01-15", 16000]]
    r = load_sheets(book(Lots=lots))
    issue = only_issue(r, Severity.ERROR)
    assert issue.sheet == "Lots" and r.household is None
    assert "no Quantity column" in issue.message
    assert "A 'Lot ID'" in issue.message and "E 'Basis'" in issue.message
    assert "'Shares'" in issue.message


def test_lots_without_any_basis_column_is_an_error_when_an_account_is_taxable():
    lots = [["Account", "Symbol", "Acquired", "Quantity"], ["Joint", "VTI", "2020-01-15", 1]]
    r = load_sheets(book(Lots=lots))
    assert "Cost Basis nor a Unit Cost" in only_issue(r, Severity.ERROR).message


def test_lots_of_only_tax_advantaged_accounts_need_neither_date_nor_basis():
    accounts = [["Account", "Type"], ["IRA", "IRA"]]
    lots = [["Account", "Symbol", "Quantity"], ["IRA", "BND", 10]]
    r = load_sheets(book(Accounts=accounts, Lots=lots))
    assert r.ok, r.issues
    assert r.household.lots[0].basis is None


def test_two_columns_meaning_the_same_field_is_an_error():
    lots = [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Shares", "Cost Basis"]]
    r = load_sheets(book(Lots=lots))
    issue = only_issue(r, Severity.ERROR)
    assert issue.cell == "F1" and "both mean Quantity" in issue.message


# ------------------------------------------------------------------------------------ accounts

def test_account_type_spellings_are_stored_as_canonical_keys():
    accounts = [["Account", "Type"], ["A", "brokerage"], ["B", "ira"], ["C", "401k"], ["D", "roth"], ["E", "Joint"]]
    lots = [["Account", "Symbol", "Acquired", "Quantity", "Cost Basis"], ["A", "VTI", "2020-01-01", 1, 100]]
    r = load_sheets(book(Accounts=accounts, Lots=lots))
    assert [a.type for a in r.household.accounts] == ["Taxable", "Traditional IRA", "401(k)", "Roth IRA", "Taxable"]


def test_unknown_account_type_is_an_error_listing_the_types():
    r = load_sheets(book(Accounts=with_rows("Accounts", ["Kid", "529 Plan"])))
    issue = issues_at(r, Severity.ERROR)[("Accounts", "B5")]
    assert "'529 Plan' is not a known type" in issue.message and "Roth 401(k)" in issue.message
    assert r.household is None


def test_duplicate_account_names_differing_only_in_case_are_an_error():
    r = load_sheets(book(Accounts=with_rows("Accounts", ["JOINT", "Taxable"])))
    issue = issues_at(r, Severity.ERROR)[("Accounts", "A5")]
    assert "listed twice (rows 2 and 5)" in issue.message


def test_text_in_cash_is_an_error_because_value_would_be_lost():
    accounts = copy.deepcopy(BASE["Accounts"])
    accounts[1][3] = "lots"
    r = load_sheets(book(Accounts=accounts))
    assert ("Accounts", "D2") in issues_at(r, Severity.ERROR)


def test_cash_as_money_text():
    accounts = copy.deepcopy(BASE["Accounts"])
    accounts[1][3] = "$12,500.25"
    assert load_sheets(book(Accounts=accounts)).household.account("Joint").cash == 12500.25


# ---------------------------------------------------------------------------------- securities

def test_duplicate_symbols_are_an_error():
    r = load_sheets(book(Securities=with_rows("Securities", ["vti", "", "US Stocks", 251.0])))
    assert "listed twice" in issues_at(r, Severity.ERROR)[("Securities", "A6")].message


def test_a_held_security_with_zero_price_is_one_error_on_its_price_cell_not_one_per_lot():
    # The root cause is reported once, where it is (Securities!D4), naming the lots that hold VXUS
    # (Lots row 3); the lots themselves get no error of their own (tests/test_root_cause_first.py).
    secs = copy.deepcopy(BASE["Securities"])
    secs[3][3] = 0  # VXUS
    r = load_sheets(book(Securities=secs))
    error = issues_at(r, Severity.ERROR)[("Securities", "D4")]
    assert error.message.startswith("Price of 'VXUS' is '0'") and "1 lot on Lots holds VXUS (row 3)" in error.message
    assert ("Lots", "C3") not in issues_at(r)
    assert r.household is None


def test_unheld_security_with_bad_price_is_only_a_warning():
    r = load_sheets(book(Securities=with_rows("Securities", ["SCHB", "", "US Stocks", "n/a"])))
    assert r.ok and "SCHB" not in r.household.security_map()
    assert ("Securities", "D6") in issues_at(r, Severity.WARNING)


def test_replacements_must_be_listed_and_not_substantially_identical():
    secs = [["Symbol", "Asset Class", "Price", "Identical Group", "Replacement"],
            ["VOO", "US Stocks", 500, "SP500", "IVV, SCHB, VTI"],
            ["IVV", "US Stocks", 550, "sp500", ""],
            ["VTI", "US Stocks", 250, "", ""],
            ["VXUS", "Intl Stocks", 60, "", ""], ["BND", "Bonds", 72, "", ""]]
    r = load_sheets(book(Securities=secs))
    assert r.ok
    voo = r.household.security("VOO")
    assert voo.replacements == ("VTI",)
    assert r.household.security("IVV").identical_group == "SP500"  # groups match case-insensitively
    msgs = [i.message for i in r.issues if i.cell == "E2"]
    assert any("IVV is substantially identical" in m for m in msgs)
    assert any("SCHB of VOO is not on the Securities sheet" in m for m in msgs)


def test_security_asset_class_takes_the_targets_spelling():
    secs = copy.deepcopy(BASE["Securities"])
    secs[4][2] = "BONDS"
    assert load_sheets(book(Securities=secs)).household.security("BND").asset_class == "Bonds"


def test_held_asset_class_without_target_is_a_warning():
    """README: a held class with no Targets row, its name close to none there, is sold down to 0%."""
    secs = with_rows("Securities", ["MUB", "Munis", "Munis", 107.0, "", "", ""])
    lots = with_rows("Lots", ["L9", "Pat IRA", "MUB", "", 10, ""])
    r = load_sheets(book(Securities=secs, Lots=lots))
    assert r.ok
    assert "'Munis'" in issues_at(r, Severity.WARNING)[("Securities", "C6")].message


def test_held_asset_class_close_to_a_target_class_is_an_error():
    """BND's class "Bond" beside Targets "Bonds" (which BNDX keeps buyable) is a typo: read as written,
    the 200 BND would have a 0% target and be sold down (fe10 finding 8)."""
    secs = with_rows("Securities", ["BNDX", "Intl Bond", "Bonds", 49.0, "", "", ""])
    secs[4][2] = "Bond"
    r = load_sheets(book(Securities=secs))
    assert r.household is None
    assert "did you mean 'Bonds'?" in issues_at(r, Severity.ERROR)[("Securities", "C5")].message


def test_target_with_no_security_to_buy_is_an_error_except_cash():
    """Nothing could be bought for Gold, so the plan could not reach the targets (fe10 finding 8)."""
    targets = [["Asset Class", "Target"], ["US Stocks", 50], ["Intl Stocks", 20], ["Bonds", 20], ["Gold", 5],
               ["Cash", 5]]
    r = load_sheets(book(Targets=targets))
    assert r.household is None
    errors = issues_at(r, Severity.ERROR)
    assert list(errors) == [("Targets", "A5")] and "'Gold'" in errors[("Targets", "A5")].message


# ---------------------------------------------------------------------------------------- lots

def test_generated_lot_ids_name_the_row_and_never_collide():
    lots = [["Account", "Symbol", "Acquired", "Quantity", "Cost Basis", "Lot ID"],
            ["Joint", "VTI", "2020-01-15", 100, 16000, ""],
            ["Joint", "VTI", "2021-01-15", 10, 2000, "7"]]
    r = load_sheets(book(Lots=lots))
    assert [x.lot_id for x in r.household.lots] == ["Lots!2", "7"]


def test_user_lot_id_with_the_reserved_prefix_is_an_error():
    r = load_sheets(book(Lots=with_rows("Lots", ["lots!2", "Joint", "VTI", "2020-01-15", 1, 100])))
    assert "reserved" in issues_at(r, Severity.ERROR)[("Lots", "A6")].message


def test_numeric_lot_ids_read_as_text():
    lots = copy.deepcopy(BASE["Lots"])
    lots[1][0] = 1001.0
    assert load_sheets(book(Lots=lots)).household.lots[0].lot_id == "1001"


def test_duplicate_lot_ids_are_an_error():
    r = load_sheets(book(Lots=with_rows("Lots", ["L2", "Joint", "VTI", "2020-01-15", 1, 100])))
    assert "used twice (rows 3 and 6)" in issues_at(r, Severity.ERROR)[("Lots", "A6")].message


def test_lot_in_unknown_account_is_an_error_not_a_silent_drop():
    r = load_sheets(book(Lots=with_rows("Lots", ["L9", "Jiont", "VTI", "2020-01-15", 1, 100])))
    issue = issues_at(r, Severity.ERROR)[("Lots", "B6")]
    assert "'Jiont' is not on the Accounts sheet" in issue.message and "Joint" in issue.message
    assert r.household is None


def test_lot_of_unknown_symbol_is_an_error():
    r = load_sheets(book(Lots=with_rows("Lots", ["L9", "Joint", "QQQ", "2020-01-15", 1, 100])))
    assert "Symbol 'QQQ' is not on the Securities sheet" in issues_at(r, Severity.ERROR)[("Lots", "C6")].message


def test_an_unknown_symbol_is_quoted_as_typed_not_as_read():
    # 'VTl' (a lower-case L) is read in capitals as VTL; the message quotes what is on the sheet
    r = load_sheets(book(Lots=with_rows("Lots", ["L9", "Joint", "VTl", "2020-01-15", 1, 100]),
                         Transactions=[["Date", "Account", "Symbol", "Action", "Quantity", "Price"],
                                       ["2025-06-01", "Joint", "bndx ", "Buy", 1, 50]]))
    assert "Symbol 'VTl' is not on the Securities sheet" in issues_at(r, Severity.ERROR)[("Lots", "C6")].message
    assert "Symbol 'bndx ' is not on" in issues_at(r, Severity.INFO)[("Transactions", "C2")].message


def test_an_unreadable_account_type_stops_the_run_once_not_once_more_per_lot():
    # The Roth's type is a typo: its lots (no Acquired, no basis, as a Roth's may be) are not held to
    # a taxable account's rules, and the error says they are checked once the type is fixed.
    accounts = copy.deepcopy(BASE["Accounts"])
    accounts[3][1] = "Roht IRA"
    lots = with_rows("Lots", ["L5", "Pat Roth", "BND", "", 5, ""])
    r = load_sheets(book(Accounts=accounts, Lots=lots))
    assert [(i.sheet, i.cell) for i in r.errors] == [("Accounts", "B4")]
    assert "the lots of 'Pat Roth' are checked" in r.errors[0].message
    assert any(i.sheet == "Lots" and i.severity is Severity.INFO and "not checked yet" in i.message for i in r.issues)


def test_lots_of_one_position_typed_and_imported_are_a_warning_naming_both():
    lots = [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis", "Source"],
            ["L1", "Joint", "VTI", date(2020, 1, 15), 100, 16000.0, ""],
            ["", "Joint", "VTI", date(2020, 1, 15), 100, 16000.0, "schwab-lots VTI.csv"],
            ["L3", "Pat IRA", "BND", "", 200, "", ""]]
    r = load_sheets(book(Lots=lots))
    assert r.ok  # a warning: the typed row may be other shares
    issue = issues_at(r, Severity.WARNING)[("Lots", "C2")]
    assert "VTI in Joint: row 2 typed by hand and row 3 imported (Source: schwab-lots VTI.csv)" in issue.message
    assert "counted twice" in issue.message


def test_account_reference_is_case_insensitive_and_stored_canonically():
    r = load_sheets(book(Lots=with_rows("Lots", ["L9", " joint ", "vti", "2020-01-15", 1, 100])))
    assert r.household.lots[-1].account == "Joint" and r.household.lots[-1].symbol == "VTI"


@pytest.mark.parametrize("qty, fragment", [("ten", "'ten' is not a number"), (-5, "short positions are out of scope"),
                                           ("", "Quantity is blank"), (1e308, "implausibly large")])
def test_an_unreadable_blank_or_negative_quantity_stops_the_run_at_the_cell(qty, fragment):
    """A held lot left out would change the allocation and the tax; a negative one is a short position."""
    r = load_sheets(book(Lots=with_rows("Lots", ["L9", "Joint", "VTI", "2020-01-15", qty, 100])))
    assert r.household is None
    message = issues_at(r, Severity.ERROR)[("Lots", "E6")].message
    assert fragment in message and "*" not in message  # plain text: no README markdown in a message


def test_a_lot_of_zero_shares_holds_nothing_and_is_dropped_with_a_warning():
    r = load_sheets(book(Lots=with_rows("Lots", ["L9", "Joint", "VTI", "2020-01-15", 0, 100])))
    assert r.ok and "holds nothing" in issues_at(r, Severity.WARNING)[("Lots", "E6")].message
    assert "L9" not in {x.lot_id for x in r.household.lots}


def test_fractional_quantity():
    r = load_sheets(book(Lots=with_rows("Lots", ["L9", "Joint", "VTI", "2020-01-15", "0.123456", 30])))
    assert r.household.lots[-1].quantity == pytest.approx(0.123456)


def test_future_acquisition_date_stops_the_run():
    """A lot on Lots is held, so it was bought by As Of: the date is mistyped (fe10 finding 8)."""
    r = load_sheets(book(Lots=with_rows("Lots", ["L9", "Joint", "VTI", "2025-07-01", 1, 100])))
    assert r.household is None
    assert "after As Of 2025-06-30" in issues_at(r, Severity.ERROR)[("Lots", "D6")].message


def test_acquisition_on_as_of_is_kept():
    r = load_sheets(book(Lots=with_rows("Lots", ["L9", "Joint", "VTI", "2025-06-30", 1, 100])))
    assert r.issues == () and r.household.lots[-1].acquired == AS_OF


@pytest.mark.parametrize("acquired, basis, cell", [("", 100, "D6"), ("2020-01-15", "", "F6"),
                                                   ("someday", 100, "D6"), ("2020-01-15", "abc", "F6"),
                                                   ("2020-01-15", -5, "F6")])
def test_a_taxable_lot_without_a_readable_date_or_basis_stops_the_run(acquired, basis, cell):
    r = load_sheets(book(Lots=with_rows("Lots", ["L9", "Joint", "VTI", acquired, 1, basis])))
    assert r.household is None and ("Lots", cell) in issues_at(r, Severity.ERROR)


@pytest.mark.parametrize("acquired, fragment", [("15/3/2024", "day-first"), ("Gift", "§1015")])
def test_a_day_first_date_or_a_gift_stops_the_run_naming_the_cell(acquired, fragment):
    r = load_sheets(book(Lots=with_rows("Lots", ["L9", "Joint", "VTI", acquired, 1, 100])))
    assert r.household is None and fragment in issues_at(r, Severity.ERROR)[("Lots", "D6")].message


def test_ira_lot_with_unreadable_basis_is_kept_and_the_basis_ignored():
    r = load_sheets(book(Lots=with_rows("Lots", ["L9", "Pat IRA", "VTI", "", 1, "abc"])))
    assert ("Lots", "F6") in issues_at(r, Severity.WARNING)
    assert r.household.lots[-1].basis is None


def test_unit_cost_is_accepted_instead_of_cost_basis():
    lots = [["Account", "Symbol", "Acquired", "Quantity", "Unit Cost"], ["Joint", "VTI", "2020-01-15", 40, "$150.25"]]
    r = load_sheets(book(Lots=lots))
    assert r.household.lots[0].basis == pytest.approx(6010.0)


def test_cost_basis_wins_over_a_disagreeing_unit_cost_with_a_warning():
    lots = [["Account", "Symbol", "Acquired", "Quantity", "Cost Basis", "Unit Cost"],
            ["Joint", "VTI", "2020-01-15", 40, 6010, 150.25], ["Joint", "VTI", "2020-01-15", 40, 7000, 150.25]]
    r = load_sheets(book(Lots=lots))
    assert [x.basis for x in r.household.lots] == [6010, 7000]
    assert list(issues_at(r, Severity.WARNING)) == [("Lots", "E3")]


def test_inherited_lots_have_no_date_and_are_flagged():
    r = load_sheets(book(Lots=with_rows("Lots", ["L9", "Joint", "VTI", "Inherited", 10, 2400])))
    lot = r.household.lots[-1]
    assert lot.inherited is True and lot.acquired is None and lot.basis == 2400


def test_wash_adjusted_flag():
    lots = [["Account", "Symbol", "Acquired", "Quantity", "Cost Basis", "Wash Adjusted"],
            ["Joint", "VTI", "2020-01-15", 1, 100, "Y"], ["Joint", "VTI", "2020-01-15", 1, 100, ""],
            ["Joint", "VTI", "2020-01-15", 1, 100, "perhaps"]]
    r = load_sheets(book(Lots=lots))
    assert not r.ok  # Joint is Taxable: Y or N decides whether a washed loss is added again (fe11 finding 6)
    assert ("Lots", "F4") in issues_at(r, Severity.ERROR)
    r = load_sheets(book(Lots=lots[:3]))
    assert [x.wash_adjusted for x in r.household.lots] == [True, False]


def test_excel_error_in_a_lot_cell_names_the_error():
    r = load_sheets(book(Lots=with_rows("Lots", ["L9", "Joint", "VTI", "2020-01-15", "#N/A", 100])))
    assert "#N/A in the cell (an Excel error, not a blank)" in issues_at(r, Severity.ERROR)[("Lots", "E6")].message


# ------------------------------------------------------------------------------------- targets

def test_targets_must_sum_to_100_and_the_error_gives_the_actual_sum():
    targets = [["Asset Class", "Target"], ["US Stocks", 60], ["Intl Stocks", 20], ["Bonds", 19.5]]
    r = load_sheets(book(Targets=targets))
    issue = only_issue(r, Severity.ERROR)
    assert issue.sheet == "Targets" and "99.5%" in issue.message and "-0.5 points" in issue.message


def test_targets_in_mixed_forms_are_read_by_the_percent_rule():
    targets = [["Asset Class", "Target"], ["US Stocks", 60], ["Intl Stocks", "20%"], ["Bonds", 0.2]]
    r = load_sheets(book(Targets=targets))
    assert r.ok and [t.target for t in r.household.targets] == pytest.approx([0.6, 0.2, 0.2])


def test_sum_within_a_hundredth_of_a_point_is_accepted():
    targets = [["Asset Class", "Target"], ["US Stocks", 33.333], ["Intl Stocks", 33.333], ["Bonds", 33.333]]
    assert load_sheets(book(Targets=targets)).ok
    targets[3][1] = 33.32
    assert not load_sheets(book(Targets=targets)).ok


def test_single_class_target_of_1_means_100_percent():
    secs = [["Symbol", "Asset Class", "Price"], ["VTI", "Stocks", 250], ["VXUS", "Stocks", 60], ["BND", "Stocks", 72]]
    r = load_sheets(book(Securities=secs, Targets=[["Asset Class", "Target"], ["Stocks", 1]]))
    assert r.ok and r.household.targets[0].target == 1.0


def test_band_of_1_is_one_point_and_location_spellings():
    targets = [["Asset Class", "Target", "Band", "Location"], ["US Stocks", 60, 1, "taxable"],
               ["Intl Stocks", 20, "2%", "roth"], ["Bonds", 20, 0.03, "deferred"]]
    r = load_sheets(book(Targets=targets))
    assert [t.band for t in r.household.targets] == pytest.approx([0.01, 0.02, 0.03])
    assert [t.location for t in r.household.targets] == [TaxTreatment.TAXABLE, TaxTreatment.TAX_FREE,
                                                         TaxTreatment.TAX_DEFERRED]


def test_bad_band_and_location_fall_back_with_warnings():
    targets = [["Asset Class", "Target", "Band", "Location"], ["US Stocks", 60, "wide", "offshore"],
               ["Intl Stocks", 20, "", ""], ["Bonds", 20, "", ""]]
    r = load_sheets(book(Targets=targets))
    assert r.ok and r.household.targets[0].band is None and r.household.targets[0].location is None
    assert {("Targets", "C2"), ("Targets", "D2")} <= set(issues_at(r, Severity.WARNING))


def test_duplicate_target_class_and_unreadable_target_are_errors():
    targets = [["Asset Class", "Target"], ["US Stocks", 60], ["us stocks", 20], ["Bonds", "lots"]]
    r = load_sheets(book(Targets=targets))
    errors = issues_at(r, Severity.ERROR)
    assert ("Targets", "A3") in errors and ("Targets", "B4") in errors


@pytest.mark.parametrize("price, ok", [(1e-10, False), (0.00009, False), (0.0001, True), (0.0123, True)])
def test_a_price_below_the_smallest_quote_increment_is_an_error_at_its_cell(price, ok):
    """$0.0001 is the smallest increment a quote below $1.00 may use (SEC Rule 612): a positive price under
    it is a typo, which the rebalancer's model cannot take (1e-10 was an internal error: 1e14 shares per
    $10,000). A sub-penny price at the increment is read."""
    secs = copy.deepcopy(BASE["Securities"])
    secs[3][3] = price  # VXUS
    r = load_sheets(book(Securities=secs))
    if ok:
        assert r.ok and r.household.security_map()["VXUS"].price == price
    else:
        error = issues_at(r, Severity.ERROR)[("Securities", "D4")]
        assert "implausibly small for a price (less than $0.0001" in error.message
        assert r.household is None


def test_a_lot_worth_more_than_a_trillion_dollars_is_an_error_at_its_quantity():
    """Each cell is within its own limit (a trillion shares, $10 million a share), but 5,000,000,000 VTI at
    $250 are $1,250,000,000,000, more than any amount may be ($1 trillion): a typo (a fuzzed sample's
    500,000,000,000 VOO for 1.118 made the plan's solves run for more than ten minutes)."""
    r = load_sheets(book(Lots=with_rows("Lots", ["L9", "Joint", "VTI", "2020-01-15", 5_000_000_000, 100])))
    error = issues_at(r, Severity.ERROR)[("Lots", "E6")]
    assert error.message.startswith("Quantity 5,000,000,000 of VTI at its price on Securities ($250.00) is worth "
                                    "$1,250,000,000,000, implausibly large")
    assert r.household is None
    ok = load_sheets(book(Lots=with_rows("Lots", ["L9", "Joint", "VTI", "2020-01-15", 4_000_000_000, 100])))
    assert ok.ok  # $1,000,000,000,000 exactly: at the limit, read
