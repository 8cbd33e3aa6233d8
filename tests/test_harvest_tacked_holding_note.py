"""A recent purchase shown as long-term on Harvest says why (fe11 finding 20).

By hand: 10 XYZ bought 2025-01-30 for $1,200 were sold on 2026-11-05 for $1,050 (a $150 long-term
loss); 10 XYZ were bought again on 2026-11-20 for $920 (lot R2), 15 days later: a wash sale (IRC
§1091(a)). R2's basis is $920 + $150 = $1,070 (§1091(d)) and its holding period includes the 644 days
R1 was held (2025-01-30 to 2026-11-05; §1223(3)), so it counts from 2026-11-20 - 644 days = 2025-02-14:
long-term, though bought two weeks ago. At $80 it is a $270 loss. The Harvest row shows
Term Long and Basis 1,070; its note now says why.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, Transaction
from taxrebal.engine.tax import TaxProfile
from taxrebal.engine.wash import adjust_lots
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results import INPUT_SHEETS
from taxrebal.workbook.results.harvest import write_harvest

AS_OF = date(2026, 12, 4)


def test_a_tacked_holding_period_is_explained_on_its_harvest_row():
    s = Settings(as_of=AS_OF, ordinary_income=100_000.0, realized_st_ytd=0.0, realized_lt_ytd=0.0)
    h = Household(
        accounts=(Account("Tax", "Taxable"),),
        securities=(Security("XYZ", "US", 80.0),),
        lots=(Lot("R2", "Tax", "XYZ", date(2026, 11, 20), 10, 920.0),),
        transactions=(Transaction(date(2026, 11, 5), "Tax", "XYZ", Action.SELL, 10, 105.0, "R1", date(2025, 1, 30),
                                  1_200.0),
                      Transaction(date(2026, 11, 20), "Tax", "XYZ", Action.BUY, 10, 92.0, "R2")),
        targets=(Target("US", 1.0),),
        settings=s,
    )
    wash = adjust_lots(h)
    book = MemoryBook(INPUT_SHEETS)
    write_harvest(book, harvest_candidates(wash.household, AS_OF, TaxProfile.from_settings(s), wash=wash))
    (row,) = book.tables("Harvest")[0].rows
    cell = dict(zip([c.header for c in book.tables("Harvest")[0].columns], row))
    assert cell["Term"] == "Long" and cell["Basis"] == 1_070.0 and cell["Loss"] == 270.0
    ((_account, _symbol, _lot, note),) = book.tables("Harvest")[1].rows
    assert ("bought 2026-11-20 (Acquired), but its holding period counts from 2025-02-14, tacked on from the shares "
            "whose loss it washed (IRC §1223(3))") in note
