"""The Harvest sheet written through the ResultBook interface (in-memory book)."""

from datetime import date

import pytest
from loss_households import AS_OF as LOSS_AS_OF
from loss_households import RECENT, loss_household, loss_settings

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
    assert row[12:16] == (None, None, "IXUS", "Clear")  # no plan: no Plan Step, no plan figure
    assert holdings.rows == (("Brokerage", "VXUS", 1, 100, 2_000.0, 300.0, 0.0),
                             ("Household total", "every candidate above", 1, 100, 2_000.0, 300.0, 0.0))
    assert gains.rows == ()  # taxable income 88,900 is above the 0% limit
    assert "0.00" in gains.notes[0]


def test_a_candidate_the_plan_sells_shows_the_plans_step_and_figure_beside_the_harvest_only_one():
    # Single, ordinary income $100,000 (22% bracket), no gains this year. Lot L: 100 VTI bought 2020
    # at $130, now $100: a $3,000 long-term loss. The IRA bought 10 VTI on 2026-05-22.
    # Harvest-only view (sold alone today): 10 of the 100 shares washed, $2,700 counts, against
    # ordinary income at 22%: $594.00 saved. The plan first sells the 10 IRA shares (no tax), so
    # nothing washes and the whole $3,000 counts: $660.00 saved, Trades' Est. Tax -660.00. The row
    # shows both, each labelled, and the note says why they differ.
    from taxrebal.engine.rebalance import plan_rebalance
    from taxrebal.engine.records import Action, Transaction
    from taxrebal.engine.wash import adjust_lots

    as_of = LOSS_AS_OF
    s = loss_settings(filing_status=FilingStatus.SINGLE)
    h = loss_household(taxable="Brokerage", loss_acquired=date(2020, 1, 2), ira_cash=0.0,
                       transactions=(Transaction(RECENT, "IRA", "VTI", Action.BUY, 10, 100.0),), settings=s)
    wash = adjust_lots(h)
    plan = plan_rebalance(wash.household, as_of=as_of)
    (sale,) = [t for t in plan.trades if t.account == "Brokerage" and t.action is Action.SELL]
    assert sale.est_tax == pytest.approx(-660.0, abs=0.005)
    book = MemoryBook(INPUT_SHEETS)
    write_harvest(book, harvest_candidates(wash.household, as_of, TaxProfile.from_settings(s), wash=wash), plan)
    (row,) = book.tables("Harvest")[0].rows
    header = [c.header for c in book.tables("Harvest")[0].columns]
    cell = dict(zip(header, row))
    assert cell["Tax Saved This Year"] == 594.0 and cell["Wash-Sale Status"].startswith("Partial: 10 of 100")
    assert cell["Plan Step"] == sale.step and cell["Saved in the Plan"] == 660.0
    notes = book.tables("Harvest")[1]  # Notes on the candidates: one row a lot, right under them
    assert notes.title == "Notes on the candidates"
    ((account, _symbol, lot_id, note),) = notes.rows
    assert (account, lot_id) == (row[0], row[2])
    assert f"Trades step {sale.step} sells this lot; none of its loss washed in the plan" in note


def test_married_filing_separately_the_holdings_note_gives_the_1500_limit():
    """IRC §1211(b)(1): married filing separately, only $1,500 of net capital loss comes off other
    income; the holdings table's note says so (fe12 F-g: it said $3,000 beside per-lot notes saying
    $1,500)."""
    s = Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_SEPARATE, ordinary_income=100_000.0)
    h = Household((Account("Brokerage", "Taxable"),),
                  (Security("VXUS", "Intl", 80.0, replacements=("IXUS",)), Security("IXUS", "Intl", 60.0)),
                  (Lot("L1", "Brokerage", "VXUS", date(2025, 1, 10), 100, 10_000.0),), settings=s)
    book = MemoryBook(INPUT_SHEETS)
    write_harvest(book, harvest_candidates(h, AS_OF, TaxProfile.from_settings(s)))
    holdings = book.tables("Harvest")[1]
    assert "only $1,500 more reduces other income (IRC §1211(b))" in holdings.notes[0]
    assert "$3,000" not in holdings.notes[0]
