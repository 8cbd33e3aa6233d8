"""The Tax-Drift Frontier of a huge household (engine/frontier.py HUGE_FRONTIER_LEVELS): 0, 2 and 5
points and the current drift; 1 and 3 points skipped, and the tightest row says so. A household
counts as huge above tuning.HUGE_MODEL_LOTS taxable lot columns; here that threshold is lowered to 0
so that a two-lot household shows the rule (each level's tax is the same hand-computed figure as
tests/test_rebalance_frontier.py's)."""

from datetime import date

import pytest

import taxrebal.engine.frontier as frontier
from taxrebal.engine.frontier import tax_drift_frontier
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 6, 1)
LONG_AGO = date(2015, 1, 5)


def taxable_75_25():
    # $40,000: one lot of 300 VTI at $90 cost (LT, +$10 a share); BND $10,000. Stocks 75%.
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("B", "Taxable", "VTI", LONG_AGO, 300, 27_000.0),
              Lot("D", "Taxable", "BND", LONG_AGO, 200, 10_000.0)),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0),
    )


def test_a_huge_household_skips_1_and_3_points_and_says_so(monkeypatch):
    monkeypatch.setattr(frontier, "HUGE_MODEL_LOTS", 0)
    points = tax_drift_frontier(taxable_75_25(), as_of=AS_OF)
    assert [round(p.level, 4) for p in points] == [0.0, 0.02, 0.05, 0.15]
    assert points[0].note == "This household is large (2 taxable lot columns): levels of 1 and 3 points are not solved."
    assert all(p.note == "" for p in points[1:])
    # the rows solved are the least tax as before: 1.5% of the dollars of VTI sold (LT gain $10 per $100)
    for p in points:
        sold = 30_000 - 40_000 * (0.60 + p.level)
        assert p.tax == pytest.approx(0.015 * max(0.0, sold), abs=0.02)


def test_a_household_at_the_threshold_keeps_every_level(monkeypatch):
    monkeypatch.setattr(frontier, "HUGE_MODEL_LOTS", 2)  # two lot columns (VTI, BND): not more than it
    points = tax_drift_frontier(taxable_75_25(), as_of=AS_OF)
    assert [round(p.level, 4) for p in points] == [0.0, 0.01, 0.02, 0.03, 0.05, 0.15]
    assert all("large" not in p.note for p in points)
