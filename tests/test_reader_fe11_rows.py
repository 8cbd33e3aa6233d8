"""Two rows that changed the plan without a word (fe11 findings 26 and 32).

- A Transactions row that repeats an earlier one exactly (a copy-paste slip): a Buy counted twice
  doubles the recent shares that wash a loss sale (fe11: $1,326.00 saved became $156.00). A warning at
  the second row's Date cell naming the first; both are kept (two equal trades on one day happen).
- A negative Cash: in a taxable account a margin debit (kept, with a warning saying the plan pays it from
  the sales); in an IRA, which cannot borrow, an error at the cell.
"""

from __future__ import annotations

from datetime import date

from taxrebal.workbook.reader import load_sheets


def sheets(cash=0.0, ira_cash=0.0, rows=()):
    return {
        "Accounts": [["Account", "Type", "Cash"], ["Joint", "Taxable", cash], ["Ada IRA", "Traditional IRA", ira_cash]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["VXUS", "Intl", 60]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["A2", "Joint", "VXUS", date(2024, 6, 3), 400, 30000],
                 ["I1", "Ada IRA", "VXUS", date(2026, 11, 20), 50, 3000]],
        "Transactions": [["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID"], *rows],
        "Targets": [["Asset Class", "Target"], ["Intl", 100]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 12, 4)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000], ["Realized ST YTD", 0], ["Realized LT YTD", 0]],
    }


BUY = [date(2026, 11, 20), "Ada IRA", "VXUS", "Buy", 50, 60, ""]


def test_a_transactions_row_pasted_twice_warns_at_the_second_row():
    result = load_sheets(sheets(rows=(BUY, list(BUY))))
    (warning,) = [i for i in result.issues if "repeats row" in i.message]
    assert (warning.sheet, warning.cell) == ("Transactions", "A3")
    assert "repeats row 2" in warning.message
    assert len(result.household.transactions) == 2  # kept


def test_two_different_rows_get_no_warning():
    other = [date(2026, 11, 21), "Ada IRA", "VXUS", "Buy", 50, 60, ""]
    assert not [i for i in load_sheets(sheets(rows=(BUY, other))).issues if "repeats row" in i.message]


def test_a_negative_cash_in_a_taxable_account_is_a_margin_debit_with_a_warning():
    result = load_sheets(sheets(cash=-5000))
    (warning,) = [i for i in result.issues if i.cell == "C2"]
    assert str(warning.severity).lower().endswith("warning") and "margin debit" in warning.message
    assert result.ok


def test_a_negative_cash_in_an_ira_is_an_error():
    result = load_sheets(sheets(ira_cash=-2000))
    assert not result.ok
    (error,) = [i for i in result.issues if i.cell == "C3"]
    assert "cannot borrow" in error.message
