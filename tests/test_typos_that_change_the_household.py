"""A typo that would change the household is an error naming its cell, never a warning that lets the
run go on without it (README "What each problem costs": "a problem that would silently change the
value or the tax of what the user holds is an error").

fe10 finding 8, case by case:

* a lot dated after As Of (``2026-12-20`` for 2025) was dropped with a warning: 20% of the
  portfolio left out of the plan. A lot on Lots is held, so it was bought by As Of: the date (or As
  Of) is mistyped;
* a Buy on Transactions in a misspelt account ("Maria Rot") was dropped from the wash-sale check. A
  purchase in any account washes a loss sold within 30 days, in an IRA or Roth for good (IRC
  §1091(a); Rev. Rul. 2008-5), as a Sell in an unknown account already was an error;
* a misspelt Targets class ("Intl Stock") gave a "best effort" plan selling the held "Intl Stocks"
  down to 0% (exit 0). A target no security is in cannot be reached; a held class whose name is
  close to a Targets class is a typo too.

The README keeps one warning on purpose: a held class with no Targets row whose name is close to
none there (a fund being retired) is sold down to a 0% target; the run says so on the console.
"""

from __future__ import annotations

from datetime import date

import pytest
from input_sheets import two_account_sheets, write_book

from taxrebal.cli import main

AS_OF = date(2026, 12, 4)


def sheets():
    """70/30 Stocks/Bonds: Brokerage (Taxable) 700 STK bought 2020-01-02, IRA 600 BND; As Of 2026-12-04."""
    s = two_account_sheets(as_of=AS_OF)
    s["Settings"] += [["Realized ST YTD", 0], ["Realized LT YTD", 0]]
    return s


def check(tmp_path, capsys, s):
    book = write_book(tmp_path / "household.xlsx", s)
    code = main(["check", str(book)])
    printed = capsys.readouterr().out
    return book, code, printed


def errors(printed):
    return [line.removeprefix("  Error: ") for line in printed.splitlines() if line.startswith("  Error: ")]


def test_a_lot_dated_after_as_of_is_an_error_at_its_acquired_cell(tmp_path, capsys):
    s = sheets()
    s["Lots"][1][3] = date(2026, 12, 20)  # Lots!D2: a typo for 2025-12-20
    book, code, printed = check(tmp_path, capsys, s)
    assert code == 1
    assert f"Checked {book}: 1 error(s), 0 warning(s)." in printed
    assert errors(printed) == [
        "Lots!D2: Acquired 2026-12-20 is after As Of 2026-12-04: a lot on the Lots sheet is one you hold, bought on "
        "or before the date of your prices. Correct the date (a mistyped year?) or As Of, or delete the row if you "
        "do not hold the lot yet. A lot that is held cannot be left out (it changes the allocation and the tax), "
        "so this stops the run."]


def test_the_same_date_in_a_tax_advantaged_account_stops_the_run_too(tmp_path, capsys):
    """The IRA's 600 BND are 30% of the household: left out, the plan would buy bonds it holds."""
    s = sheets()
    s["Lots"][2][3] = date(2026, 12, 20)  # Lots!D3, IRA BND
    _, code, printed = check(tmp_path, capsys, s)
    assert code == 1 and [e[:8] for e in errors(printed)] == ["Lots!D3:"]


@pytest.mark.parametrize("action", ["Buy", "Reinvest"])
def test_a_purchase_in_a_misspelt_account_is_an_error_naming_the_nearest_account(tmp_path, capsys, action):
    s = sheets()
    s["Transactions"] = [["Date", "Account", "Symbol", "Action", "Quantity", "Price"],
                         [date(2026, 11, 20), "IRAA", "STK", action, 5, 100]]
    book, code, printed = check(tmp_path, capsys, s)
    assert code == 1
    assert f"Checked {book}: 1 error(s), 0 warning(s)." in printed
    assert errors(printed) == [
        "Transactions!B2: Account 'IRAA' is not on the Accounts sheet (did you mean 'IRA'? accounts: Brokerage, "
        "IRA). A purchase in any account (an IRA, a Roth, a spouse's) washes a loss sold within 30 days of it, and "
        "in a tax-advantaged account the loss is lost for good (IRC §1091(a); Rev. Rul. 2008-5), so it is never "
        "left out of the wash-sale check: correct the name, or add the account to Accounts (a closed account too, "
        "with its Type)."]


def test_a_misspelt_target_class_is_one_error_at_the_targets_cell(tmp_path, capsys):
    """Targets "Bond" beside Securities "Bonds": one error at Targets!A3; the held Bonds class (which the
    typo leaves without a target) gets no second message."""
    s = sheets()
    s["Targets"][2][0] = "Bond"
    book, code, printed = check(tmp_path, capsys, s)
    assert code == 1
    assert f"Checked {book}: 1 error(s), 0 warning(s)." in printed
    assert errors(printed) == [
        "Targets!A3: Asset class 'Bond' has a target of 40.00% but no security on the Securities sheet is in it (did "
        "you mean 'Bonds'? classes on Securities: Bonds, Stocks), so the plan could buy nothing for it and could not "
        "reach your targets. Correct the class name here or on Securities, or add a security of that class to "
        "Securities."]
    assert main(["run", str(book), "-o", str(tmp_path / "out.xlsx")]) == 1


def test_a_held_class_misspelt_on_securities_is_an_error_at_its_cell(tmp_path, capsys):
    """Securities STK "Stock" while Targets says "Stocks" (which ITOT is in): read as written, the 700 STK
    would have a 0% target and be sold."""
    s = sheets()
    s["Securities"][1][1] = "Stock"
    s["Securities"].append(["ITOT", "Stocks", 120])
    _, code, printed = check(tmp_path, capsys, s)
    assert code == 1
    assert errors(printed) == [
        "Securities!B2: Asset class 'Stock' (of STK, held) has no row on the Targets sheet; did you mean 'Stocks'? "
        "Read as written, its target would be 0% and the plan would sell it down. Correct the name here or on "
        "Targets (or add a Targets row for it)."]


def test_a_held_class_with_no_target_and_no_near_name_is_the_documented_warning_said_on_the_console(tmp_path,
                                                                                                    capsys):
    """README: "a held asset class with no row on Targets, its name close to none there (treated as
    target 0, so the rebalancer sells it down: a fund being retired)". The run goes on, and says so."""
    s = sheets()
    s["Securities"].append(["GLD", "Gold", 180])
    s["Lots"].append(["L3", "IRA", "GLD", None, 10, None])
    book, code, printed = check(tmp_path, capsys, s)
    assert code == 0 and errors(printed) == []
    warning = ("Securities!B4: Asset class 'Gold' (of GLD, held) has no row on the Targets sheet, so its target is "
               "0% and the rebalancer will sell it down. Add the class to Targets, or correct the name.")
    assert f"  Warning: {warning}" in printed.splitlines()
    assert main(["run", str(book), "-o", str(tmp_path / "out.xlsx")]) == 0
    assert f"  Warning: {warning}" in capsys.readouterr().out.splitlines()
