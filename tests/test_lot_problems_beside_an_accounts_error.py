"""A Lots problem beside an error on Accounts states no false fact about the lot's account (fe15
finding F10; workbook/reader/holdings.py).

The rule: a taxable lot needs its Acquired date (holding period, IRC §1222) and its Cost Basis (gain,
IRC §1012), so an unreadable one stops the run; a tax-advantaged account's lot needs neither. When
another cell of Accounts stops the run, the account's Type cell may still have been read:

* Type readable and Taxable: the lot's problems are errors at once (as they are once Accounts is
  fixed), never "Ignored (the account is tax-advantaged)";
* Type readable and tax-advantaged: ignored, and the message may say why;
* Type unreadable: it cannot be known, so the warning says the cell is not checked until Accounts
  is fixed, and claims nothing about the account.

Household (tests/input_sheets.py): Brokerage (Taxable) holds L1, 700 STK bought 2020-01-02 for
$40,000, and here L3, 10 STK bought 2021-01-04; the IRA holds L2, 600 BND. Lots!D2 (L1's Acquired)
reads 2025-13-05 and Lots!F4 (L3's Cost Basis) 12,3x, as in fe15's h5_bad_input.xlsx.
"""

from __future__ import annotations

from datetime import date

from input_sheets import two_account_sheets, write_book

from taxrebal.cli import main

AS_OF = date(2026, 12, 4)


def check(tmp_path, capsys, brokerage_type="Taxable", cash="abc"):
    s = two_account_sheets(as_of=AS_OF)
    s["Settings"] += [["Realized ST YTD", 0], ["Realized LT YTD", 0]]
    s["Accounts"][1][1] = brokerage_type  # Accounts!B2
    s["Accounts"][1][3] = cash  # Accounts!D2: 'abc' is no number, an error that stops the run
    s["Lots"][1][3] = "2025-13-05"  # Lots!D2: month 13
    s["Lots"].append(["L3", "Brokerage", "STK", date(2021, 1, 4), 10, "12,3x"])  # Lots!F4
    main(["check", str(write_book(tmp_path / "household.xlsx", s))])
    lines = capsys.readouterr().out.splitlines()
    return [ln.strip() for ln in lines if ln.strip().startswith(("Error:", "Warning:", "Info:"))]


def about(lines, cell):
    return [ln for ln in lines if f" {cell}:" in ln]


def test_a_taxable_accounts_bad_lot_cells_are_errors_although_its_cash_cell_is_bad(tmp_path, capsys):
    lines = check(tmp_path, capsys)
    assert [ln.split(":")[0] for ln in about(lines, "Accounts!D2")] == ["Error"]
    d2, f4 = about(lines, "Lots!D2"), about(lines, "Lots!F4")
    assert len(d2) == 1 and d2[0].startswith("Error: Lots!D2: Acquired: '2025-13-05'")
    assert "A taxable lot needs its date" in d2[0]
    assert len(f4) == 1 and f4[0].startswith("Error: Lots!F4: Cost Basis: '12,3x'")
    assert not any("tax-advantaged" in ln for ln in lines), lines


def test_the_same_errors_once_the_cash_is_fixed(tmp_path, capsys):
    # fixing only Accounts!D2 brings no second round of errors: the same two cells, the same severity
    before = check(tmp_path, capsys)
    after = check(tmp_path, capsys, cash=0)
    assert [ln for ln in after if "Lots!" in ln and ln.startswith("Error")] == \
        [ln for ln in before if "Lots!" in ln and ln.startswith("Error")]


def test_a_tax_advantaged_accounts_bad_lot_cells_are_ignored_and_it_may_say_so(tmp_path, capsys):
    lines = check(tmp_path, capsys, brokerage_type="Roth IRA")
    d2 = about(lines, "Lots!D2")
    assert len(d2) == 1 and d2[0].startswith("Warning:") and "Ignored (the account is tax-advantaged)." in d2[0]


def test_an_unreadable_type_claims_nothing_about_the_account(tmp_path, capsys):
    lines = check(tmp_path, capsys, brokerage_type="Taxible", cash=0)
    assert [ln.split(":")[0] for ln in about(lines, "Accounts!B2")] == ["Error"]
    d2, f4 = about(lines, "Lots!D2"), about(lines, "Lots!F4")
    for ln in d2 + f4:
        assert ln.startswith("Warning:") and "Not checked until Accounts is fixed" in ln, ln
        assert "Ignored" not in ln
    assert len(d2) == 1 and len(f4) == 1
