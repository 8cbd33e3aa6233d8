"""The Harvest sheet written through the ResultBook interface (in-memory book)."""

from datetime import date

import pytest

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings
from taxrebal.engine.tax import TaxProfile
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results import INPUT_SHEETS
from taxrebal.workbook.results.harvest import write_harvest

AS_OF = date(2026, 11, 25)


def test_harvest_sheet_tables():
    s = Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0, realized_lt_ytd=5_000.0)
    h = Household((Account("Brokerage", "Taxable"),),
                  (Security("VXUS", "Intl", 80.0, replacements=("IXUS",)), Security("IXUS", "Intl", 60.0)),
                  (Lot("L1", "Brokerage", "VXUS", date(2025, 1, 10), 100, 10_000.0),), settings=s)
    book = MemoryBook(INPUT_SHEETS)
    write_harvest(book, harvest_candidates(h, AS_OF, TaxProfile.from_settings(s)))
    cands, holdings, gains = book.tables("Harvest")
    (row,) = cands.rows
    # $2,000 LT loss against $5,000 of LT gains taxed at 15%: $300 saved, nothing carried.
    assert row[:3] == ("Brokerage", "VXUS", "L1")
    assert row[5:12] == (10_000.0, 8_000.0, 2_000.0, pytest.approx(0.2), "Long", 300.0, 0.0)
    assert row[12:14] == ("IXUS", "Clear")
    assert holdings.rows == (("Brokerage", "VXUS", 1, 100, 2_000.0, 300.0, 0.0),
                             ("Household total", "every candidate above", 1, 100, 2_000.0, 300.0, 0.0))
    assert gains.rows == ()  # taxable income 88,900 is above the 0% limit
    assert "0.00" in gains.notes[0]
