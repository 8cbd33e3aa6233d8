"""An empty Lots sheet, and this year's gains taken as $0 for want of Transactions, are said (fe9 finding 10).

fe9 deleted the Lots rows of a household (header kept): check and run went on without a word and
planned its $17,800 of cash alone. With Transactions emptied and Realized ST/LT YTD blank, this year's
gains were taken as $0.00 (the plan's tax saved fell from $1,460.00 to $984.00) with no note. Rule:

* Lots with nothing under its header -> a Warning at the first row under it, naming the cash and new
  money the plan then sees alone (here 1,000 + 500 = $1,500.00), and no second warning per Sales row
  ("Selling 10 VTI but Brokerage holds 0" has the same root cause);
* a Taxable account, no transaction at all and Realized ST or LT YTD blank -> a Warning at the blank
  Realized cell (or the Settings sheet, when there is no such row) saying the gains are taken as $0.00
  and where to type them. Typing 0, listing a trade, or having no Taxable account silences it.
"""

from __future__ import annotations

from datetime import date

from taxrebal.workbook.reader import load_sheets

LOTS_HEADER = ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"]
A_LOT = ["L1", "Brokerage", "VTI", date(2024, 1, 10), 10, 3000]


def sheets(lots=(A_LOT,), settings=(), transactions=None, account_type="Taxable", sales=None):
    out = {
        "Accounts": [["Account", "Type", "Cash", "Contribution"], ["Brokerage", account_type, 1000, 500]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["VTI", "US", 330]],
        "Lots": [LOTS_HEADER, *lots],
        "Targets": [["Asset Class", "Target"], ["US", 100]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 11, 20)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000], *settings],
    }
    if transactions is not None:
        out["Transactions"] = [["Date", "Account", "Symbol", "Action", "Quantity", "Price"], *transactions]
    if sales is not None:
        out["Sales"] = [["Account", "Symbol", "Quantity"], *sales]
    return out


def warnings(result, sheet):
    return [i for i in result.issues if i.sheet == sheet and str(i.severity).lower().endswith("warning")]


TYPED_ZERO = (["Realized ST YTD", 0], ["Realized LT YTD", 0])


def test_a_lots_sheet_with_only_its_header_is_a_warning_at_its_first_row_and_sales_do_not_repeat_it():
    result = load_sheets(sheets(lots=(), settings=TYPED_ZERO, sales=[["Brokerage", "VTI", 10]]))
    (warning,) = warnings(result, "Lots")
    assert warning.cell == "A2"
    assert "The Lots sheet lists no lot" in warning.message
    assert "only the accounts' cash and new money ($1,500.00)" in warning.message
    assert warnings(result, "Sales") == []
    assert result.household is not None  # a cash-only household may be meant: the run goes on


def test_lots_with_a_row_get_no_such_warning():
    assert warnings(load_sheets(sheets(settings=TYPED_ZERO)), "Lots") == []


def test_no_transactions_and_blank_realized_ytd_says_the_gains_are_taken_as_zero_and_where_to_type_them():
    (warning,) = warnings(load_sheets(sheets()), "Settings")
    assert warning.cell == ""  # no Realized row to point at: the message says to add the rows
    assert warning.message.startswith("Realized ST YTD and Realized LT YTD are blank and Transactions lists no "
                                      "trade, so the gains you realized this year are taken as $0.00")
    assert "as new rows (Setting, Value) on Settings: Realized ST YTD and Realized LT YTD" in warning.message


def test_the_warning_names_the_blank_realized_cell():
    result = load_sheets(sheets(settings=(["Realized ST YTD", -400], ["Realized LT YTD", None])))
    (warning,) = warnings(result, "Settings")
    assert warning.cell == "B6" and warning.message.startswith("Realized LT YTD is blank")
    assert "next to Realized LT YTD" in warning.message


def test_typed_zero_a_listed_trade_or_no_taxable_account_silences_it():
    assert warnings(load_sheets(sheets(settings=TYPED_ZERO)), "Settings") == []
    buy = [date(2026, 3, 2), "Brokerage", "VTI", "Buy", 1, 300]
    assert warnings(load_sheets(sheets(transactions=[buy])), "Settings") == []
    assert warnings(load_sheets(sheets(account_type="Traditional IRA")), "Settings") == []
