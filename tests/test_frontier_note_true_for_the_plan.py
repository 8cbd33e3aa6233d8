"""The Tax-Drift Frontier's note says the plan keeps each class within its own band only when it does
(fe8: the note said so of a plan a Tax Budget left outside a band).

Household, by hand (2026, single, $100,000 ordinary income: long-term gains at 15%, IRC §1(h)): Taxable
holds 300 VTI at $100 bought at $90 (+$10 a share, long-term) and 200 BND at $50; targets 60/40, 5-point
bands: stocks 30,000 / 40,000 = 75%, +15 points. A Tax Budget of $30.00 allows 30 / (10 x 15%) = 20 shares
sold: stocks 28,000 / 40,000 = 70%, +10.00 points, still outside the 5-point band. Without the budget
the plan sells to the band or beyond and no class is left outside.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.frontier import tax_drift_frontier
from taxrebal.engine.plan import PlanStatus
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results import FRONTIER_SHEET
from taxrebal.workbook.results.trades import write_frontier, write_rebalance

AS_OF = date(2026, 6, 1)
LONG_AGO = date(2015, 1, 5)


def household(budget=None) -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("B", "Taxable", "VTI", LONG_AGO, 300, 27_000.0),
              Lot("D", "Taxable", "BND", LONG_AGO, 200, 10_000.0)),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0, tax_budget=budget))


def frontier_notes(h: Household) -> str:
    plan = plan_rebalance(h, as_of=AS_OF)
    book = MemoryBook(["Accounts"])
    write_rebalance(book, h, plan, tax_drift_frontier(h, as_of=AS_OF, plan=plan))
    return " ".join(book.tables(FRONTIER_SHEET)[0].notes)


def test_a_plan_the_budget_leaves_outside_a_band_is_not_said_to_keep_every_class_within_it():
    h = household(budget=30.0)
    assert plan_rebalance(h, as_of=AS_OF).status is PlanStatus.BUDGET_BINDS
    notes = frontier_notes(h)
    assert "keeps each class within its own band" not in notes
    # both classes are named, as Allocation's After Status marks them: 70% and 30% against 60/40
    assert ("this plan does not reach every band: it leaves US Stocks +10.00 points (band 5); Bonds -10.00 points "
            "(band 5) outside (Allocation's After Status; Trades' status and notes say which limit binds).") in notes


def test_a_plan_within_every_band_keeps_the_sentence():
    notes = frontier_notes(household())
    assert "the plan keeps each class within its own band and goes on toward target where that adds no tax." in notes


def test_without_a_plan_no_row_is_said_to_be_it():
    book = MemoryBook(["Accounts"])
    write_frontier(book, tax_drift_frontier(household(), as_of=AS_OF))
    notes = " ".join(book.tables(FRONTIER_SHEET)[0].notes)
    assert "No plan reaches every band here" in notes and "keeps each class" not in notes
