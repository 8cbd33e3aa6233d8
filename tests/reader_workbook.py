"""The reader tests' base household as the 2D values of its input sheets, and the helpers that change
it: ``book(Lots=rows)`` replaces a sheet (``None`` drops it), ``with_rows("Lots", row)`` appends data
rows to a base sheet. Shared by the reader's rule tests (``test_reader_sheets.py``,
``test_reader_settings_activity.py``) and the tests that start from the same household.

The household (As Of 2025-06-30): Joint (Taxable, Pat, $1,000 cash), Pat IRA, Pat Roth; VTI ($250,
replacement ITOT), ITOT, VXUS (DRIP), BND; lots L1 100 VTI and L2 50 VXUS in Joint, L3 200 BND in
the IRA, L4 10 VTI in the Roth; targets US Stocks 60% (5-point band), Intl Stocks 20%, Bonds 20%.
"""

import copy
from datetime import date

AS_OF = date(2025, 6, 30)

BASE = {
    "Settings": [["Setting", "Value"], ["As Of", "2025-06-30"]],
    "Accounts": [
        ["Account", "Type", "Owner", "Cash", "Contribution"],
        ["Joint", "Taxable", "Pat", 1000, 0],
        ["Pat IRA", "Traditional IRA", "Pat", 0, 0],
        ["Pat Roth", "Roth IRA", "Pat", "", ""],
    ],
    "Securities": [
        ["Symbol", "Name", "Asset Class", "Price", "Identical Group", "Replacement", "DRIP"],
        ["VTI", "Total US", "US Stocks", 250.0, "", "ITOT", "N"],
        ["ITOT", "Core US", "US Stocks", 120.0, "", "", ""],
        ["VXUS", "Total Intl", "Intl Stocks", 60.0, "", "", "Y"],
        ["BND", "Total Bond", "Bonds", 72.0, "", "", ""],
    ],
    "Lots": [
        ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
        ["L1", "Joint", "VTI", date(2020, 1, 15), 100, 16000.0],
        ["L2", "Joint", "VXUS", "2024-11-01", 50, 3200.0],
        ["L3", "Pat IRA", "BND", "", 200, ""],
        ["L4", "Pat Roth", "VTI", date(2019, 5, 1), 10, 1500.0],
    ],
    "Targets": [["Asset Class", "Target", "Band"], ["US Stocks", 60, 5], ["Intl Stocks", 20, ""], ["Bonds", 20, ""]],
}


#: Settings every household with a Taxable account must type (schema.PRICES_TAX), appended below the
#: test's own rows when it does not type them (so the cells a test names keep their rows).
TAX_PROFILE = (("Filing Status", "Single"), ("Ordinary Income", 0))
#: With no Transactions, this year's realized gains are typed as 0 (blank, they would be taken as $0 with a
#: Warning: workbook/reader/empty_sheets.py), unless the test types them.
NO_SALES_THIS_YEAR = (("Realized ST YTD", 0), ("Realized LT YTD", 0))


def with_tax_profile(settings, transactions=True):
    given = {"".join(ch for ch in str(r[0]).lower() if ch.isalnum()) for r in settings if r}
    typed = TAX_PROFILE + (() if transactions else NO_SALES_THIS_YEAR)
    extra = [list(r) for r in typed if "".join(ch for ch in r[0].lower() if ch.isalnum()) not in given]
    return settings + extra


def book(**changes):
    sheets = copy.deepcopy(BASE)
    for name, rows in changes.items():
        name = name.replace("_", " ")
        if rows is None:
            sheets.pop(name, None)
        else:
            sheets[name] = rows
    if "Settings" in sheets and sheets["Settings"] and sheets["Settings"][0] == ["Setting", "Value"]:
        sheets["Settings"] = with_tax_profile(sheets["Settings"], len(sheets.get("Transactions") or ()) > 1)
    return sheets


def with_rows(sheet, *rows):
    """BASE's sheet with extra data rows appended."""
    return copy.deepcopy(BASE[sheet]) + [list(r) for r in rows]


def issues_at(result, severity=None):
    return {(i.sheet, i.cell): i for i in result.issues if severity is None or i.severity is severity}


def only_issue(result, severity):
    found = [i for i in result.issues if i.severity is severity]
    assert len(found) == 1, [str(i) for i in result.issues]
    return found[0]
