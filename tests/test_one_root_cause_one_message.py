"""One root cause, one message, and that message true for its cell (fe5 finding 14).

* A formula saved without its value in the optional Name column of Securities decides no figure: a
  Warning on that cell, the name left blank, the security (and the lots holding it) read. It used to
  stop the run with "a held security must be valued".
* A Lots row that cannot be read (blank Quantity) has its own issue; a Sales row naming that lot says
  the lot's row could not be read, never the false "Lot IDs L2 are not lots of VTI in Joint".
* A Lots row left out by an error (Quantity '300 sh') leaves what the account holds of that symbol
  unknown: a Sales or Proposed Trades row selling it does not also say "Selling 120 VXUS but Joint holds
  0" (fe9 finding 13: it read as a second problem).
* A misspelt "Ordinary Incme" is one error naming the nearest setting; Ordinary Income is then not
  known, so "Investment Income (5,000.00) is more than Ordinary Income (0.00)" is not said as well.
"""

from __future__ import annotations

from reader_workbook import BASE, book

from taxrebal.errors import Severity
from taxrebal.workbook.cells import UNCALCULATED
from taxrebal.workbook.reader import load_sheets
from taxrebal.workbook.rules import read_settings

WARNING, ERROR = Severity.WARNING, Severity.ERROR


def test_an_uncalculated_name_is_a_warning_on_its_cell_and_the_security_is_read():
    securities = [list(r) for r in BASE["Securities"]]
    securities[1][1] = UNCALCULATED  # VTI's Name (row 2, column B), held by lots L1 and L4
    r = load_sheets(book(Securities=securities))
    assert r.ok, [str(i) for i in r.issues]
    (issue,) = r.issues
    assert (issue.severity, issue.sheet, issue.cell) == (WARNING, "Securities", "B2")
    assert "saved without its value" in issue.message and "must be valued" not in issue.message
    assert r.household.security("VTI").name == "" and r.household.security("VTI").price == 250.0


def test_a_sale_naming_a_lot_whose_row_was_left_out_says_so():
    lots = [list(r) for r in BASE["Lots"]]
    lots[2][4] = ""  # L2's Quantity blank
    sales = [["Account", "Symbol", "Quantity", "Method", "Lot IDs"], ["Joint", "VXUS", 10, "Specific ID", "L2"]]
    r = load_sheets(book(Lots=lots, Sales=sales))
    messages = {(i.sheet, i.cell): i for i in r.issues}
    assert messages[("Lots", "E3")].severity is ERROR
    sale = messages[("Sales", "E2")]
    assert "L2 is on Lots (row 3), but that row could not be read" in sale.message
    assert "are not lots of" not in sale.message


def test_a_misspelt_setting_is_one_error_not_two():
    reading = read_settings([(2, "Filing Status", "Single"), (3, "Ordinary Incme", 180_000),
                             (4, "Investment Income", 5_000)])
    errors = [p for p in reading.problems if p.severity is ERROR]
    assert len(errors) == 1, [p.message for p in errors]
    assert errors[0].row == 3 and "did you mean 'Ordinary Income'?" in errors[0].message
    # the check itself still works when Ordinary Income is really typed
    typed = read_settings([(2, "Ordinary Income", 1_000), (3, "Investment Income", 5_000)])
    assert any("is more than Ordinary Income (1,000.00)" in p.message for p in typed.problems)


def test_a_sale_of_a_holding_whose_lot_could_not_be_read_gets_no_holds_warning():
    lots = [list(r) for r in BASE["Lots"]]
    lots[2][4] = "50 sh"  # L2's Quantity unreadable: Joint's VXUS is not known
    sales = [["Account", "Symbol", "Quantity"], ["Joint", "VXUS", 120]]
    proposed = [["Date", "Account", "Symbol", "Action", "Quantity"], [BASE["Settings"][1][1], "Joint", "VXUS", "Sell",
                                                                      120]]
    r = load_sheets(book(Lots=lots, Sales=sales, **{"Proposed Trades": proposed}))
    assert [(i.severity, i.sheet, i.cell) for i in r.issues if "VXUS" in i.message or i.sheet == "Lots"] == [
        (ERROR, "Lots", "E3")]
    # the same sale with the lot readable is still checked against what is held (50)
    r = load_sheets(book(Sales=sales))
    assert any(i.sheet == "Sales" and "Selling 120 VXUS but Joint holds 50" in i.message for i in r.issues)


def test_a_lot_of_a_security_left_out_still_has_its_own_cells_checked():
    """fe17 F13: VTI's Price is a formula saved without its value (Securities!D2) and lot L1 (VTI) has
    Acquired '2024-13-01' (Lots!D2, month 13): one `check` reports both, the price error naming the
    lots, the date error on its own cell. Before, the date was reported only once the price was fixed."""
    securities = [list(r) for r in BASE["Securities"]]
    securities[1][3] = UNCALCULATED
    lots = [list(r) for r in BASE["Lots"]]
    lots[1][3] = "2024-13-01"
    r = load_sheets(book(Securities=securities, Lots=lots))
    errors = {(i.sheet, i.cell): i.message for i in r.issues if i.severity is ERROR}
    assert set(errors) == {("Securities", "D2"), ("Lots", "D2")}
    assert "2 lots on Lots hold VTI (rows 2, 5)" in errors[("Securities", "D2")]
    assert "'2024-13-01' is not a real calendar date" in errors[("Lots", "D2")]
