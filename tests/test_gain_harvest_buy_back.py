"""The 0% gain harvest never tells the client to buy back right away a fund on the Do Not Buy list
(fe11 finding 1).

Rule (IRC §1091(a); Pub 550 "Wash Sales"): a gain sale is never washed, so a fund sold for a gain may
be bought back at once; but buying it, or a substantially identical fund, in any account within 30 days
after a loss sale of it is a purchase of substantially identical stock that washes that loss (the
loss moves into the new shares' basis, §1091(d), and is not deducted this year). So a fund the plan
harvests (or one sold at a loss in the last 30 days, still open) may be bought back only from the Do
Not Buy list's first day to buy.

Household, by hand (tests/test_harvest_lots_after_plan_wash.py's: 2026, single, ordinary income
$30,000; As Of 2026-12-04; Joint Taxable holds T2, 100 VTI at a $2,000 long-term loss, and T3, 20 VTI
bought 2026-11-20): the plan harvests T2 (Trades step 1), so VTI is on the Do Not Buy list until
2026-12-04 + 30 days = 2027-01-03, first day to buy 2027-01-04. The gain harvest on top of the plan
sells T3 (a $600 long-term gain): its note must not say "buy the same fund back right away" but name
VTI and 2027-01-04.
"""

from __future__ import annotations

from datetime import date

from test_harvest_lots_after_plan_wash import AS_OF, household, plan

from taxrebal.engine.harvest import gain_harvest, harvest_candidates
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings, Target
from taxrebal.engine.tax import TaxProfile
from taxrebal.engine.wash_queries import DoNotBuy
from taxrebal.workbook.results.harvest import gains_table


def test_a_fund_the_plan_harvests_is_bought_back_from_its_first_day_to_buy_not_right_away():
    h = household()
    scan = harvest_candidates(h, AS_OF, TaxProfile.from_settings(h.settings))
    table = gains_table(scan, plan(), h, AS_OF)
    assert [r[2] for r in table.rows] == ["T3", ""]  # T3 is sold for its gain, then the Total row
    said = " ".join(table.notes)
    assert "right away to raise its basis" not in said
    assert ("Buying VTI (VTI (Trades step 1) sold at a loss by the plan, once placed on 2026-12-04) back right "
            "away would wash a loss: it is on the Do Not Buy list" in said)
    assert ("before 2027-01-04 washes the loss (IRC §1091(a)); buy it back from 2027-01-04, the first day you may "
            "buy" in said)


def two_funds() -> Household:
    return Household(
        accounts=(Account("Joint Taxable", "Taxable"),),
        securities=(Security("VTI", "US", 300.0), Security("BND", "Bonds", 70.0)),
        lots=(Lot("V1", "Joint Taxable", "VTI", date(2020, 1, 2), 10, 2_000.0),
              Lot("B1", "Joint Taxable", "BND", date(2020, 1, 2), 50, 3_000.0)),
        targets=(Target("US", 0.5), Target("Bonds", 0.5)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=30_000.0, min_trade=0.0,
                          realized_st_ytd=0.0, realized_lt_ytd=0.0))


def test_a_fund_off_the_list_is_still_bought_back_right_away_and_the_listed_one_is_named():
    """Two long-term gain lots, VTI (10 x $300 - $2,000 = $1,000 gain) and BND (50 x $70 - $3,000 = $500),
    with VTI on the Do Not Buy list until 2026-12-20 (a loss sale of 2026-11-20; first day to buy
    2026-12-21). Both fit in the 0% room ($35,550); the note buys BND back right away and VTI from
    2026-12-21."""
    h = two_funds()
    listed = DoNotBuy("VTI", ("VTI",), date(2026, 12, 20), 400.0,
                      "VTI sold at a loss on 2026-11-20 (Joint Taxable)")
    g = gain_harvest(h, AS_OF, TaxProfile.from_settings(h.settings), (listed,))
    by_lot = {lot.lot_id: lot for lot in g.lots}
    assert by_lot["V1"].gain == 1_000.0 and by_lot["V1"].first_day_to_buy == date(2026, 12, 21)
    assert by_lot["B1"].gain == 500.0 and by_lot["B1"].first_day_to_buy is None
    note = g.buy_back_note()
    assert note.startswith("Buy BND back right away to raise its basis")
    assert "but buying VTI (VTI sold at a loss on 2026-11-20 (Joint Taxable)) back right away would wash" in note
    assert "buy it back from 2026-12-21, the first day you may buy" in note


def test_without_a_listed_fund_the_note_is_unchanged():
    h = two_funds()
    g = gain_harvest(h, AS_OF, TaxProfile.from_settings(h.settings))
    assert len(g.lots) == 2 and all(lot.first_day_to_buy is None for lot in g.lots)
    assert g.buy_back_note() == ("Buy the same fund back right away to raise its basis (the wash-sale rule only "
                                 "applies to losses)")
