"""Form 8949 lines (IRS Instructions for Form 8949: code W, column (g) positive, (h) = d - e + g)."""

import csv
import io
from datetime import date

from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Transaction
from taxrebal.engine.wash import adjust_lots
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results import INPUT_SHEETS
from taxrebal.workbook.results.form8949 import CSV_HEADER, export_form8949_csv, write_form8949

ACCOUNTS = (Account("Brokerage", "Taxable"), Account("IRA", "Traditional IRA"))


def household(txs, lots=(), symbol="X"):
    return Household(ACCOUNTS, (Security(symbol, "Stocks", 9.0),), tuple(lots), tuple(txs),
                     settings=Settings(as_of=date(2026, 11, 25)))


def pub550():
    # Pub 550: 100 sh bought for $1,000, sold for $750, 100 sh bought back within 30 days for $800.
    txs = [Transaction(date(2026, 3, 2), "Brokerage", "X", Action.SELL, 100, 7.5, lot_id="A",
                       acquired=date(2025, 1, 2), basis=1000.0),
           Transaction(date(2026, 3, 20), "Brokerage", "X", Action.BUY, 100, 8.0, lot_id="B")]
    return household(txs, [Lot("B", "Brokerage", "X", date(2026, 3, 20), 100, 800.0)])


def read_csv(h, year):
    buf = io.StringIO()
    n = export_form8949_csv(h, year, buf)
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert tuple(rows[0]) == CSV_HEADER and len(rows) == n + 1
    return rows[1:]


def test_pub550_wash_sale_line():
    (row,) = read_csv(pub550(), 2026)
    # Held 2025-01-02 -> 2026-03-02: more than a year, Part II.
    # Box D: long-term, X (Type blank: a fund's date) bought 2025-01-02, after 2012-01-01: a covered
    # security, basis reported (Treas. Reg. §1.6045-1(a)(15)); fe16 F12
    assert row[:12] == ["II", "D", "100 sh X", "2025-01-02", "2026-03-02", "750.00", "1000.00", "W", "250.00", "0.00",
                        "Brokerage", "A"]
    assert row[12].startswith("W: $250.00 of the loss is disallowed (a wash sale, IRC §1091(a)): enter code W")


def test_replacement_sold_later_reports_the_adjusted_basis_and_tacked_term():
    # The replacement (basis 800 + 250 = 1,050; holding from 2025-01-20) is sold 2026-04-15 for $900:
    # (h) = 900 - 1,050 = -150, long-term because the holding period includes the sold shares'.
    h = pub550()
    h = Household(h.accounts, h.securities, h.lots, h.transactions + (
        Transaction(date(2026, 4, 15), "Brokerage", "X", Action.SELL, 100, 9.0, lot_id="B"),), settings=h.settings)
    rows = read_csv(h, 2026)
    assert rows[1][:12] == ["II", "D", "100 sh X", "2026-03-20", "2026-04-15", "900.00", "1050.00", "", "", "-150.00",
                            "Brokerage", "B"]
    # (b) 2026-03-20 is under a year before (c): the note says why Part II (A held 2025-01-02 -> 2026-03-02 =
    # 424 days, tacked on: 2026-03-20 - 424 days = 2025-01-20; fe16 F12)
    assert rows[1][12].startswith("held from 2025-01-20: a wash-sale replacement, so the washed shares' holding "
                                  "period is added (IRC §1223(3)); long-term by it, not by (b)")


def test_short_term_gain_in_part_one_and_other_years_left_out():
    txs = [Transaction(date(2026, 5, 1), "Brokerage", "X", Action.SELL, 10, 12.0, lot_id="S",
                       acquired=date(2026, 1, 5), basis=100.0),
           Transaction(date(2025, 12, 30), "Brokerage", "X", Action.SELL, 10, 12.0, lot_id="T",
                       acquired=date(2025, 1, 5), basis=100.0),
           Transaction(date(2026, 5, 1), "IRA", "X", Action.SELL, 10, 12.0, lot_id="I",
                       acquired=date(2026, 1, 5), basis=100.0)]
    rows = read_csv(household(txs), 2026)
    assert rows == [["I", "A", "10 sh X", "2026-01-05", "2026-05-01", "120.00", "100.00", "", "", "20.00", "Brokerage",
                     "S", ""]]


def test_inherited_lot_says_inherited_and_is_long_term():
    txs = [Transaction(date(2026, 5, 1), "Brokerage", "X", Action.SELL, 10, 12.0, lot_id="H",
                       acquired=date(2026, 4, 1), basis=100.0, inherited=True)]
    (row,) = read_csv(household(txs), 2026)
    assert row[0] == "II" and row[1] == "D or E" and row[3] == "INHERITED"  # the date of death decides the box
    assert row[12].startswith("inherited: long-term whatever the dates (IRC §1223(9))")


def test_text_that_looks_like_a_formula_never_becomes_one():
    txs = [Transaction(date(2026, 5, 1), "=HYPERLINK(1)", "X", Action.SELL, 10, 12.0, lot_id="+cmd",
                       acquired=date(2026, 1, 5), basis=100.0)]
    (row,) = read_csv(household(txs), 2026)
    assert row[10] == "'=HYPERLINK(1)" and row[11] == "'+cmd"


def test_csv_to_a_path(tmp_path):
    path = tmp_path / "8949.csv"
    assert export_form8949_csv(pub550(), 2026, path) == 1
    assert path.read_text(encoding="utf-8").splitlines()[1].startswith("II,D,100 sh X,2025-01-02")


def test_sheet_has_both_parts_with_totals():
    book = MemoryBook(INPUT_SHEETS)
    write_form8949(book, adjust_lots(pub550()), 2026)
    part1, part2 = book.tables("Form 8949")
    assert part1.rows == (("", "Totals", None, None, 0.0, 0.0, "", 0.0, 0.0, "", "", ""),)
    assert part2.rows[-1][4:9] == (750.0, 1000.0, "", 250.0, 0.0)
    assert part2.rows[0][0] == "D"  # the CSV's Box, one computation (form8949_lines)
    assert part2.total_rows == 1 and part2.highlight == (0,)


def test_partly_washed_lot_sold_gives_one_line_per_holding_period():
    # A (10/share, held 2025-01-05 -> 2026-06-01 = 512 days) sold 40 sh at $9: $40 loss washed by 40 of
    # the 100 R shares bought 2026-06-10 at $9 -> those 40: basis 360 + 40 = 400, holding from
    # 2026-06-10 - 512 days = 2025-01-14 (long-term by 2026-07-01); the other 60: basis 540, short.
    # All 100 R sold 2026-07-01 at $9.50: Part I 60 sh 570 - 540 = +30; Part II 40 sh 380 - 400 = -20.
    txs = [Transaction(date(2026, 6, 1), "Brokerage", "X", Action.SELL, 40, 9.0, lot_id="A",
                       acquired=date(2025, 1, 5), basis=400.0),
           Transaction(date(2026, 6, 10), "Brokerage", "X", Action.BUY, 100, 9.0, lot_id="R"),
           Transaction(date(2026, 7, 1), "Brokerage", "X", Action.SELL, 100, 9.5, lot_id="R")]
    rows = read_csv(household(txs), 2026)
    assert [r[0] for r in rows] == ["I", "II", "II"]
    assert rows[0][2:10] == ["60 sh X", "2026-06-10", "2026-07-01", "570.00", "540.00", "", "", "30.00"]
    assert rows[1][2:10] == ["40 sh X", "2025-01-05", "2026-06-01", "360.00", "400.00", "W", "40.00", "0.00"]
    assert rows[2][2:10] == ["40 sh X", "2026-06-10", "2026-07-01", "380.00", "400.00", "", "", "-20.00"]
    assert [r[1] for r in rows] == ["A", "D", "D"]
    assert rows[0][12] == "" and rows[2][12].startswith("held from 2025-01-14: a wash-sale replacement")
