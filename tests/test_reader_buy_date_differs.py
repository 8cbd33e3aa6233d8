"""A Buy row whose Lot ID is a lot bought on another day is a warning naming both dates.

Rule: a lot's Acquired is the day its shares were bought (IRC §1223: the holding period starts the day
after), and the wash-sale window runs 30 days either side of each purchase (IRC §1091(a)). A Buy row on
Transactions with the same Lot ID is that purchase (README "Transactions"), so its date and the lot's
Acquired are one date, unless a broker moved the lot's Acquired for a wash sale (Wash Adjusted = Y). When they
differ, the run would use both, so the reader says so at the row's Date.

Household (tests/reader_workbook.py, As Of 2025-06-30): lot L2, 50 VXUS in Joint, Acquired 2024-11-01.
"""

from reader_workbook import BASE, book, issues_at, with_rows

from taxrebal.errors import Severity
from taxrebal.workbook.reader import load_sheets

HEADER = ["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID"]


def lots(wash_adjusted=""):
    rows = [list(r) + ([wash_adjusted] if i else ["Wash Adjusted"]) for i, r in enumerate(BASE["Lots"])]
    return rows


def test_a_buy_dated_otherwise_than_its_lot_is_a_warning_at_its_date():
    r = load_sheets(book(Lots=lots(), Transactions=[HEADER, ["2024-11-04", "Joint", "VXUS", "Buy", 50, 64.0, "L2"]]))
    assert r.ok
    warning = issues_at(r, Severity.WARNING)[("Transactions", "A2")]
    assert "Lot ID L2: this Buy of 50 VXUS is dated 2024-11-04, but Lots row 3 (Lots!D3: Acquired 2024-11-01)" \
        in warning.message
    assert "set Wash Adjusted = Y on Lots row 3" in warning.message


def test_the_same_date_or_a_wash_adjusted_lot_is_no_warning():
    same = load_sheets(book(Transactions=[HEADER, ["2024-11-01", "Joint", "VXUS", "Buy", 50, 64.0, "L2"]]))
    moved = load_sheets(book(Lots=lots("Y"),
                             Transactions=[HEADER, ["2024-11-04", "Joint", "VXUS", "Buy", 50, 64.0, "L2"]]))
    for r in (same, moved):
        assert r.ok and ("Transactions", "A2") not in issues_at(r, Severity.WARNING)


def test_a_lot_of_another_account_is_not_this_buys_lot():
    r = load_sheets(book(Lots=with_rows("Lots"),
                         Transactions=[HEADER, ["2024-11-04", "Pat IRA", "VXUS", "Buy", 50, 64.0, "L2"]]))
    assert ("Transactions", "A2") not in issues_at(r, Severity.WARNING) or \
        "says the lot was bought on another day" not in issues_at(r, Severity.WARNING)[("Transactions", "A2")].message
