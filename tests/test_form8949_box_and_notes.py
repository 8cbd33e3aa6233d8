"""Form 8949's Box (A-F) and line notes, the same on the sheet and in the CSV (fe16 F12).

Rule: Form 8949 is filed per box (Instructions for Form 8949): A short-term with basis reported to the
IRS on Form 1099-B, B short-term without; D and E likewise long-term. A broker reports basis for
covered securities (Treas. Reg. §1.6045-1(a)(15)(i)): stock bought on or after 2011-01-01, a RIC's
(mutual fund, ETF) shares on or after 2012-01-01. The purchase date is (b), the shares' own.

Hand-worked: a Stock bought 2011-06-01 and held long-term: covered, D. An ETF bought the same day: not
covered yet (funds from 2012), E. An ETF bought 2012-01-03, short-term: A. A mutual fund bought
2011-12-30, short-term: B. Inherited (date of death unknown): "D or E". Type blank: the fund date.
"""

import csv
import io
from datetime import date

import pytest

from taxrebal.engine.records import Account, Action, Household, Security, SecurityType, Settings, Transaction
from taxrebal.engine.wash import adjust_lots
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results import INPUT_SHEETS
from taxrebal.workbook.results.form8949 import export_form8949_csv, form8949_box, write_form8949

STOCK, ETF, FUND = SecurityType.STOCK, SecurityType.ETF, SecurityType.MUTUAL_FUND


@pytest.mark.parametrize("long_term, acquired, inherited, kind, box", [
    (True, date(2011, 6, 1), False, STOCK, "D"),
    (True, date(2011, 6, 1), False, ETF, "E"),
    (True, date(2010, 12, 31), False, STOCK, "E"),
    (False, date(2012, 1, 3), False, ETF, "A"),
    (False, date(2011, 12, 30), False, FUND, "B"),
    (False, date(2011, 12, 30), False, None, "B"),
    (False, date(2012, 1, 1), False, None, "A"),
    (True, None, True, ETF, "D or E"),
])
def test_box_follows_covered_security_dates(long_term, acquired, inherited, kind, box):
    assert form8949_box(long_term, acquired, inherited, kind) == box


def test_csv_and_sheet_give_the_same_box_and_note():
    h = Household((Account("Brokerage", "Taxable"),),
                  (Security("OLD", "Stocks", 9.0, security_type=STOCK), Security("ETFX", "Stocks", 9.0,
                                                                                    security_type=ETF)),
                  (), (Transaction(date(2026, 5, 1), "Brokerage", "OLD", Action.SELL, 10, 12.0, lot_id="S",
                                   acquired=date(2011, 6, 1), basis=100.0),
                       Transaction(date(2026, 5, 1), "Brokerage", "ETFX", Action.SELL, 10, 12.0, lot_id="E",
                                   acquired=date(2011, 6, 1), basis=100.0)),
                  settings=Settings(as_of=date(2026, 11, 25)))
    buf = io.StringIO()
    export_form8949_csv(h, 2026, buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    # both long-term; one form per box, so D's line comes before E's
    assert [(r["Box"], r["Lot ID"], r["Note"]) for r in rows] == [("D", "S", ""), ("E", "E", "")]
    book = MemoryBook(INPUT_SHEETS)
    write_form8949(book, adjust_lots(h), 2026)
    _part1, part2 = book.tables("Form 8949")
    assert [(r[0], r[10]) for r in part2.rows[:-1]] == [("D", "S"), ("E", "E")]
