"""One blank price is one error, on the price cell, and its consequences are not reported one by one.

A held security must be valued (README "What each problem costs": a lot cannot be left out), so a blank
price on a held security stops the run. The message sits on the cause (Securities!D2, VTI's Price) and
names the lots that hold it; the lots, the Transactions, Sales and Menus rows of VTI follow from it and
get no message of their own (they are checked again once the price is typed), and nothing says VTI "is
not on the Securities sheet", because it is. Base household: tests/reader_workbook.py (VTI is held
by lots L1, Lots row 2, and L4, Lots row 5).
"""

from __future__ import annotations

import copy

from reader_workbook import BASE, book

from taxrebal.errors import Severity
from taxrebal.workbook.reader import load_sheets

TX = [["Date", "Account", "Symbol", "Action", "Quantity", "Price"], ["2025-06-01", "Joint", "VTI", "Buy", 1, 240]]
SALES = [["Account", "Symbol", "Quantity"], ["Joint", "VTI", 5]]
MENUS = [["Account", "Symbol"], ["Pat Roth", "VTI"]]


def test_a_blank_price_on_a_held_security_is_one_error_on_the_price_cell():
    secs = copy.deepcopy(BASE["Securities"])
    secs[1][3] = ""  # VTI's Price, Securities!D2
    r = load_sheets(book(Securities=secs, Transactions=TX, Sales=SALES, Menus=MENUS))
    assert r.household is None
    errors = [i for i in r.issues if i.severity is Severity.ERROR]
    assert [(i.sheet, i.cell) for i in errors] == [("Securities", "D2")]
    assert "Price of 'VTI' is blank" in errors[0].message
    assert "2 lots on Lots hold VTI (rows 2, 5)" in errors[0].message
    assert [i for i in r.issues if i.sheet in ("Lots", "Transactions", "Sales", "Menus")] == []
    assert not any("not on the Securities sheet" in i.message for i in r.issues)


def test_a_blank_price_on_a_security_nobody_holds_is_a_warning_and_the_run_goes_on():
    secs = copy.deepcopy(BASE["Securities"]) + [["ARKK", "ARK Innovation", "US Stocks", "", "", "", ""]]
    r = load_sheets(book(Securities=secs))
    assert r.ok
    warning = {(i.sheet, i.cell): i for i in r.issues}[("Securities", "D6")]
    assert warning.severity is Severity.WARNING and "Price of 'ARKK' is blank" in warning.message
