"""Validation rules of the household workbook (load_sheets), continued from test_reader_sheets.py:
Settings, Transactions, Menus, Sales and Proposed Trades, the order of issues, and the contract
itself; each checked on the base household of tests/reader_workbook.py with the change the test
states."""

import copy
from datetime import date

import pytest
from reader_workbook import AS_OF, BASE, book, issues_at, only_issue, with_rows

from taxrebal.engine.records import (
    Action,
    FilingStatus,
    LotMethod,
    RebalanceTo,
    SourceRef,
    TaxMode,
)
from taxrebal.errors import Severity
from taxrebal.workbook.reader import load_sheets

# ------------------------------------------------------------------------------------ settings

def test_every_setting_with_its_spellings():
    settings = [["Setting", "Value"], ["as of", 45839], ["Tax Year", 2025], ["Filing Status", "MFJ"],
                ["Ordinary Income", "$180,000"], ["Itemized Deductions", ""], ["Qualified Dividends", 2500],
                ["Realized ST YTD", "(1,200)"], ["Realized LT YTD", 3000], ["ST Loss Carryforward", -4000],
                ["LT Loss Carryforward", 1500], ["State Tax Rate", "5%"], ["Tax Mode", "flat"],
                ["Flat ST Rate", 32], ["Flat LT Rate", 0.15], ["Lot Method", "spec id"], ["Harvest Min Loss", 250],
                ["Harvest Min Loss %", 3], ["Tax Budget", 10000], ["Min Trade", 100], ["Whole Shares", "Y"],
                ["Allow Short-Term Gains", "yes"], ["Rebalance To", "band edge"], ["Default Band", 1]]
    r = load_sheets(book(Settings=settings))
    assert r.ok and r.issues == (), r.issues
    s = r.household.settings
    assert s.as_of == date(2025, 7, 1) and s.tax_year == 2025  # Excel: DATE(2025,7,1) = 45839
    assert s.filing_status is FilingStatus.MARRIED_JOINT
    assert (s.ordinary_income, s.itemized_deductions, s.qualified_dividends) == (180000.0, None, 2500.0)
    assert (s.realized_st_ytd, s.realized_lt_ytd) == (-1200.0, 3000.0)
    assert (s.st_loss_carryforward, s.lt_loss_carryforward) == (4000.0, 1500.0)  # negative read as its size
    assert s.state_tax_rate == pytest.approx(0.05)
    assert s.tax_mode is TaxMode.FLAT
    assert s.flat_st_rate == pytest.approx(0.32) and s.flat_lt_rate == pytest.approx(0.15)
    assert s.lot_method is LotMethod.SPECIFIC
    assert s.harvest_min_loss == 250.0 and s.harvest_min_loss_pct == pytest.approx(0.03)
    assert s.tax_budget == 10000.0 and s.min_trade == 100.0
    assert s.whole_shares is True and s.allow_short_term_gains is True
    assert s.rebalance_to is RebalanceTo.BAND_EDGE and s.default_band == pytest.approx(0.01)


def test_an_unknown_setting_is_an_error_naming_the_nearest_key():
    r = load_sheets(book(Settings=with_rows("Settings", ["Lot Methd", "HIFO"])))
    issue = only_issue(r, Severity.ERROR)
    assert issue.cell == "A3" and "did you mean 'Lot Method'" in issue.message and r.household is None
    r = load_sheets(book(Settings=with_rows("Settings", ["Ordinary Incme", 180000])))
    assert "did you mean 'Ordinary Income'" in issues_at(r, Severity.ERROR)[("Settings", "A3")].message


def test_unreadable_setting_value_is_an_error_not_a_silent_default():
    r = load_sheets(book(Settings=with_rows("Settings", ["Ordinary Income", "about 100k"])))
    assert ("Settings", "B3") in issues_at(r, Severity.ERROR) and r.household is None


def test_rate_read_as_100_percent_or_more_is_an_error_explaining_the_rule():
    r = load_sheets(book(Settings=with_rows("Settings", ["State Tax Rate", 1])))
    assert "write 1% for one percent" in issues_at(r, Severity.ERROR)[("Settings", "B3")].message


def test_setting_given_twice_is_an_error():
    r = load_sheets(book(Settings=with_rows("Settings", ["as of", "2025-01-01"])))
    assert "set twice" in issues_at(r, Severity.ERROR)[("Settings", "A3")].message


def test_surviving_spouse_reads_as_joint_with_info():
    r = load_sheets(book(Settings=with_rows("Settings", ["Filing Status", "Qualifying Surviving Spouse"])))
    assert r.household.settings.filing_status is FilingStatus.MARRIED_JOINT
    assert only_issue(r, Severity.INFO).cell == "B3"


# -------------------------------------------------------------------------------- transactions

TX_HEAD = ["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID", "Acquired", "Cost Basis"]


def test_transactions_with_action_spellings():
    tx = [TX_HEAD, ["2025-06-01", "Joint", "VTI", "Bought", 5, 240, "", "", ""],
          ["2025-06-02", "pat ira", "vti", "DRIP", 0.5, 241, "", "", ""],
          ["2025-06-03", "Joint", "VXUS", "Sold", 10, 59, "L2", "", ""]]
    r = load_sheets(book(Transactions=tx))
    assert r.ok and r.issues == ()
    assert [(t.action, t.account, t.symbol) for t in r.household.transactions] == [
        (Action.BUY, "Joint", "VTI"), (Action.REINVEST, "Pat IRA", "VTI"), (Action.SELL, "Joint", "VXUS")]
    assert r.household.transactions[2].lot_id == "L2"


def test_sell_of_an_unlisted_lot_needs_acquired_and_basis_else_kept_with_warning():
    # Realized ST/LT YTD typed: the sale's gain is in them, the row only opens a wash-sale window.
    tx = [TX_HEAD, ["2025-06-03", "Joint", "VTI", "Sell", 10, 240, "", "", ""],
          ["2025-06-03", "Joint", "VTI", "Sell", 10, 240, "OLD7", "2024-01-02", 2600],
          ["2025-06-03", "Pat IRA", "VTI", "Sell", 10, 240, "", "", ""]]
    settings = BASE["Settings"] + [["Realized ST YTD", 0], ["Realized LT YTD", 500]]
    r = load_sheets(book(Transactions=tx, Settings=settings))
    assert r.ok and len(r.household.transactions) == 3
    # fe16 F3: one message for the row, the wash engine's (run and check print it), not the reader's too
    assert list(issues_at(r, Severity.WARNING)) == []
    from taxrebal.engine.wash import adjust_lots

    assert [i.cell for i in adjust_lots(r.household).issues] == ["A2"]
    sold = r.household.transactions[1]
    assert sold.acquired == date(2024, 1, 2) and sold.basis == 2600


def test_a_taxable_sell_of_this_year_with_no_basis_stops_the_run_when_realized_ytd_is_computed():
    # Realized ST/LT YTD blank: the year's gains are computed from Transactions, so a sale of this tax
    # year whose gain cannot be computed would silently leave it out of every tax figure: an error.
    # A sale of last year (not in this year's figures) is only a warning; so is a Sell whose lot's Buy
    # row is on Transactions (its date and cost are known from it).
    tx = [TX_HEAD, ["2025-06-03", "Joint", "VTI", "Sell", 10, 240, "", "", ""],
          ["2024-12-20", "Joint", "VTI", "Sell", 10, 240, "", "", ""],
          ["2025-05-01", "Joint", "VTI", "Buy", 10, 230, "B9", "", ""],
          ["2025-06-04", "Joint", "VTI", "Sell", 10, 240, "B9", "", ""]]
    r = load_sheets(book(Transactions=tx))
    assert r.household is None
    error = {(i.sheet, i.cell): i for i in r.issues if i.severity is Severity.ERROR}
    assert list(error) == [("Transactions", "G2")]
    assert "Add the Lot ID, or the Acquired date and Cost Basis" in error[("Transactions", "G2")].message
    assert "Realized ST YTD and Realized LT YTD on Settings are blank" in error[("Transactions", "G2")].message
    # last year's sale: no reader message (fe16 F3: the wash engine warns it once, when the run gets that far)
    assert list(issues_at(r, Severity.WARNING)) == []


@pytest.mark.parametrize("row, cell", [
    (["yesterday", "Joint", "VTI", "Buy", 5, 240], "A2"),
    (["2025-06-01", "Nobody", "VTI", "Buy", 5, 240], "B2"),
    (["2025-06-01", "Joint", "QQQ", "Buy", 5, 240], "C2"),
    (["2025-06-01", "Joint", "VTI", "Short", 5, 240], "D2"),
    (["2025-06-01", "Joint", "VTI", "Buy", 0, 240], "E2"),
    (["2025-06-01", "Joint", "VTI", "Buy", 5, "n/a"], "F2"),
])
def test_unreadable_transactions_and_unknown_accounts_stop_the_run(row, cell):
    r = load_sheets(book(Transactions=[TX_HEAD[:6], row]))
    if cell == "C2":  # a symbol not on Securities is kept (see tests/test_sale_of_unlisted_symbol.py)
        assert r.ok and len(r.household.transactions) == 1
        assert "wash sales" in issues_at(r, Severity.INFO)[("Transactions", cell)].message
    else:
        assert r.household is None
        assert "wash-sale" in issues_at(r, Severity.ERROR)[("Transactions", cell)].message


@pytest.mark.parametrize("action", ["Buy to Open", "Sell to Close", "Sell Short", "Buy to Cover", "Gift"])
def test_options_short_sales_and_gifts_are_refused_naming_the_cell(action):
    r = load_sheets(book(Transactions=[TX_HEAD[:6], ["2025-06-01", "Joint", "VTI", action, 1, 240]]))
    assert r.household is None and "out of scope" in issues_at(r, Severity.ERROR)[("Transactions", "D2")].message


def test_transaction_after_as_of_is_kept_with_a_warning():
    r = load_sheets(book(Transactions=[TX_HEAD[:6], ["2025-07-02", "Joint", "VTI", "Buy", 5, 240]]))
    assert len(r.household.transactions) == 1 and ("Transactions", "A2") in issues_at(r, Severity.WARNING)


# ------------------------------------------------------------------------- menus, sales, trades

def test_menus_become_frozensets_per_account():
    menus = [["Account", "Symbol"], ["Pat IRA", "bnd"], ["pat ira", "VXUS, VTI"], ["Pat Roth", ""],
             ["Pat IRA", "QQQ"]]
    r = load_sheets(book(Menus=menus))
    assert r.household.menus == {"Pat IRA": frozenset({"BND", "VXUS", "VTI"})}
    assert r.household.may_buy("Joint", "BND") and not r.household.may_buy("Pat IRA", "ITOT")
    warnings = issues_at(r, Severity.WARNING)  # a blank Symbol restricts nothing; QQQ is left off Pat IRA's menu
    assert set(warnings) == {("Menus", "B4"), ("Menus", "B5")}
    assert "It is left off the menu" in warnings[("Menus", "B5")].message


def test_a_menus_row_of_an_account_not_on_accounts_stops_the_run():
    """A Menus row limits what its account may buy: a misspelt account would silently let the real one
    buy anything, so it is an error on the Account cell naming the nearest account and the fix."""
    r = load_sheets(book(Menus=[["Account", "Symbol"], ["Pat IRA", "BND"], ["Pat Rth", "VTI"]]))
    issue = only_issue(r, Severity.ERROR)
    assert (issue.sheet, issue.cell) == ("Menus", "A3") and r.household is None
    assert "Account 'Pat Rth' is not on the Accounts sheet (did you mean 'Pat Roth'?" in issue.message
    assert "Type the name of an account on Accounts, or delete the row" in issue.message
    assert "could buy any security, so this stops the run" in issue.message


@pytest.mark.parametrize("row, cell", [(["", "VTI"], "A2"), (["#N/A", "VTI"], "A2"), (["Pat Roth", "#REF!"], "B2")])
def test_a_menus_row_whose_account_or_symbols_cannot_be_read_stops_the_run(row, cell):
    r = load_sheets(book(Menus=[["Account", "Symbol"], row]))
    issue = only_issue(r, Severity.ERROR)
    assert (issue.sheet, issue.cell) == ("Menus", cell) and r.household is None
    assert "could buy any security" in issue.message


def test_an_account_none_of_whose_menu_symbols_is_on_securities_stops_the_run():
    """Pat Roth's only row names VTX (VTI misspelt): an empty menu would read as 'may buy anything'."""
    r = load_sheets(book(Menus=[["Account", "Symbol"], ["Pat IRA", "BND"], ["Pat Roth", "VTX"]]))
    issue = only_issue(r, Severity.ERROR)
    assert (issue.sheet, issue.cell) == ("Menus", "B3") and r.household is None
    assert "Symbol VTX is not on the Securities sheet" in issue.message
    assert "No symbol the Menus sheet lists for 'Pat Roth' is on Securities" in issue.message


def test_sales_sheet():
    sales = [["Account", "Symbol", "Quantity", "Price", "Method", "Lot IDs"],
             ["Joint", "VTI", 40, "", "hifo", ""],
             ["Joint", "VTI", 10, 255, "Specific ID", "L1"],
             ["Joint", "VTI", 500, "", "", ""],
             ["Joint", "VTI", 10, "", "Specific ID", ""],
             ["Joint", "VTI", 10, "", "Specific ID", "L2"]]
    r = load_sheets(book(Sales=sales))
    got = [(s.quantity, s.price, s.method, s.lot_ids) for s in r.household.sales]
    assert got == [(40, None, LotMethod.HIFO, ()), (10, 255, LotMethod.SPECIFIC, ("L1",)), (500, None, None, ())]
    warnings = issues_at(r, Severity.WARNING)
    assert "holds 100" in warnings[("Sales", "C4")].message  # oversell kept, engine reports it
    assert ("Sales", "F5") in warnings and ("Sales", "F6") in warnings


def test_proposed_trades_sheet():
    trades = [["Date", "Account", "Symbol", "Action", "Quantity", "Price"],
              ["2025-07-01", "Joint", "VTI", "Sell", 50, ""], ["2025-07-01", "Pat IRA", "ITOT", "Buy", 10, 121],
              ["2025-07-01", "Joint", "VXUS", "Sell", 60, ""]]
    r = load_sheets(book(Proposed_Trades=trades))
    assert [(p.account, p.symbol, p.action, p.quantity, p.price) for p in r.household.proposed_trades] == [
        ("Joint", "VTI", Action.SELL, 50, None), ("Pat IRA", "ITOT", Action.BUY, 10, 121),
        ("Joint", "VXUS", Action.SELL, 60, None)]
    assert list(issues_at(r, Severity.WARNING)) == [("Proposed Trades", "E4")]


# ------------------------------------------------------------------------------------ ordering

def test_issues_come_in_sheet_then_row_then_column_order():
    lots = with_rows("Lots", ["L8", "Joint", "VTI", "2020-01-15", "x", 100], ["L9", "Joint", "VTI", "bad", 1, 100])
    targets = [["Asset Class", "Target", "Band"], ["US Stocks", 60, "?"], ["Intl Stocks", 20, ""], ["Bonds", 20, ""]]
    settings = with_rows("Settings", ["Colour", "blue"])
    r = load_sheets(book(Lots=lots, Targets=targets, Settings=settings))
    assert [i.location for i in r.issues] == ["Settings!A3", "Targets!C2", "Lots!E6", "Lots!D7"]


# ---------------------------------------------------------------------------------- the contract

def test_no_two_columns_of_a_sheet_share_a_spelling():
    from taxrebal.workbook import schema

    for spec in schema.SHEETS:
        seen = {}
        for col in spec.columns:
            for key in col.keys:
                assert key not in seen, f"{spec.name}: {col.header} and {seen[key]} share {key!r}"
                seen[key] = col.header
    setting_keys = {}
    for st in schema.SETTING_SPECS:
        for key in st.keys:
            assert key not in setting_keys, f"{st.label} and {setting_keys[key]} share {key!r}"
            setting_keys[key] = st.label


def test_contract_markdown_documents_every_sheet_column_and_setting():
    from taxrebal.workbook import schema

    text = schema.contract_markdown()
    for spec in schema.SHEETS:
        assert f"### {spec.name}" in text
        for col in spec.columns if spec is not schema.SETTINGS else ():
            assert f"| {col.header} |" in text
    assert "Setting and Value" in text
    for st in schema.SETTING_SPECS:
        assert f"| {st.label} |" in text
    assert "greater than 1" in text and "Lots!<row>" in text and "What each problem costs" in text


def test_a_title_row_above_the_header_is_tolerated_and_rows_keep_their_numbers():
    lots = [["My tax lots, exported 2025-06-30"], [],
            ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
            ["L1", "Joint", "VTI", "2020-01-15", 100, 16000]]
    r = load_sheets(book(Lots=lots))
    assert r.ok and r.household.lots[0].source == SourceRef("Lots", 4)


def test_a_pandas_dataframe_is_read_as_header_and_rows():
    import pandas as pd

    lots = pd.DataFrame(BASE["Lots"][1:], columns=BASE["Lots"][0])
    r = load_sheets(book(Lots=lots))
    assert r.ok and [x.lot_id for x in r.household.lots] == ["L1", "L2", "L3", "L4"]


def test_flat_tax_mode_needs_both_rates_and_both_at_0_is_a_warning():
    r = load_sheets(book(Settings=with_rows("Settings", ["Tax Mode", "Flat"])))
    assert r.household is None and {"Flat ST Rate is required", "Flat LT Rate is required"} == {
        i.message[:24] for i in r.errors}
    r = load_sheets(book(Settings=with_rows("Settings", ["Tax Mode", "Flat"], ["Flat LT Rate", "15%"])))
    assert [i.message[:24] for i in r.errors] == ["Flat ST Rate is required"]
    r = load_sheets(book(Settings=with_rows("Settings", ["Tax Mode", "Flat"], ["Flat ST Rate", 0],
                                            ["Flat LT Rate", 0])))
    assert r.ok and "both 0%" in issues_at(r, Severity.WARNING)[("Settings", "A3")].message
    r = load_sheets(book(Settings=with_rows("Settings", ["Tax Mode", "Flat"], ["Flat ST Rate", "30%"],
                                            ["Flat LT Rate", "15%"])))
    assert r.issues == ()


def test_sell_naming_a_lot_of_another_account_or_symbol_is_a_warning():
    tx = [TX_HEAD, ["2025-06-03", "Joint", "VTI", "Sell", 10, 240, "L2", "", ""]]  # L2 is VXUS in Joint
    r = load_sheets(book(Transactions=tx))
    assert r.ok and len(r.household.transactions) == 1
    assert "L2 is a lot of VXUS in Joint" in issues_at(r, Severity.WARNING)[("Transactions", "G2")].message


def test_a_numpy_object_array_is_read_like_a_2d_list():
    import numpy as np

    lots = np.array(BASE["Lots"], dtype=object)
    r = load_sheets(book(Lots=lots))
    assert r.ok and [x.lot_id for x in r.household.lots] == ["L1", "L2", "L3", "L4"]


@pytest.mark.parametrize("row, col, value", [(3, 1, "Roht IRA"), (1, 3, "two thousand")],
                         ids=["type-typo-on-the-ira", "text-cash-on-the-taxable-account"])
def test_one_error_on_accounts_is_one_error_not_one_more_per_lot(row, col, value):
    # A new user's typo on Accounts used to add "a lot in a taxable account needs its acquisition date"
    # on every IRA lot: with the account unreadable its type is unknown, so only the Accounts cell is named.
    accounts = copy.deepcopy(BASE["Accounts"])
    accounts[row][col] = value
    result = load_sheets(book(Accounts=accounts), default_as_of=AS_OF)
    errors = [i for i in result.issues if i.severity is Severity.ERROR]
    assert errors and all(i.sheet == "Accounts" for i in errors), [str(i) for i in errors]


def test_an_as_of_that_is_not_a_date_is_an_error_and_never_called_blank():
    # fe6 finding 15: '2026-11-31' got its error and also the note "As Of is blank: the run date is used".
    r = load_sheets(book(Settings=[["Setting", "Value"], ["As Of", "2026-11-31"]]), default_as_of=date(2026, 12, 4))
    assert "not a real calendar date" in only_issue(r, Severity.ERROR).message
    assert not any("blank" in i.message for i in r.issues)
    blank = load_sheets(book(Settings=[["Setting", "Value"], ["As Of", ""]]), default_as_of=AS_OF)
    assert any("As Of is blank: the run date 2025-06-30 is used" in i.message for i in blank.issues)


def test_lot_ids_that_the_method_would_not_use_are_named():
    # fe6 finding 15: Lot IDs typed with Method FIFO were ignored without a word.
    sales = [["Account", "Symbol", "Quantity", "Price", "Method", "Lot IDs"], ["Joint", "VTI", 10, "", "FIFO", "L1"]]
    r = load_sheets(book(Sales=sales))
    w = issues_at(r, Severity.WARNING)[("Sales", "F2")]
    assert "Method is FIFO" in w.message and "Set Method to Specific ID" in w.message
    assert [(s.method, s.lot_ids) for s in r.household.sales] == [(LotMethod.FIFO, ("L1",))]  # the sale is kept


def test_a_proposed_trade_dated_before_as_of_is_named():
    trades = [["Date", "Account", "Symbol", "Action", "Quantity", "Price"],
              ["2025-06-01", "Joint", "VTI", "Sell", 5, ""], ["2025-06-30", "Joint", "VTI", "Sell", 5, ""]]
    r = load_sheets(book(Proposed_Trades=trades))
    assert list(issues_at(r, Severity.WARNING)) == [("Proposed Trades", "A2")]   # As Of 2025-06-30 itself is fine
    assert "belongs on Transactions" in issues_at(r, Severity.WARNING)[("Proposed Trades", "A2")].message
    assert len(r.household.proposed_trades) == 2


def test_without_a_lots_sheet_only_its_error_is_said():
    # fe6 finding 15: a book with no Lots sheet also got "Selling 10 VTI but Joint holds 0".
    sales = [["Account", "Symbol", "Quantity", "Price", "Method", "Lot IDs"], ["Joint", "VTI", 10, "", "", ""]]
    r = load_sheets(book(Lots=None, Sales=sales))
    assert [i.sheet for i in r.issues] == ["Lots"] and "no Lots sheet" in r.issues[0].message
