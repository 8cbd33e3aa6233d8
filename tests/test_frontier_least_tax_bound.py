"""A re-solve at a plan's local tax rates is skipped when that plan already pays the least tax any plan
of the household can pay this year (engine/rebalance/stages.py, :func:`_at_least_tax`, with the bound
of engine/resolve_bounds.py): no re-solved plan could be kept over it, so every row stays as it was.

Hand-worked household (2026, single, $100,000 of wages, no state tax): a taxable account holds 100
VTI at $100 on a $12,000 basis (a $2,000 long-term loss, IRC §1222(4)) and 100 BND at $100 on
$10,000; ITOT (US Stocks, not substantially identical to VTI) is VTI's replacement; targets US
Stocks 40%, Bonds 60% (10 points off). At every level of the Tax-Drift Frontier the plan sells all
of VTI and buys back what the class needs in ITOT: -$2,000 long-term, deducted against the wages
(IRC §1211(b): up to $3,000) in the 22% bracket (taxable income $100,000 less the standard
deduction), -$440.00 of tax, the least any plan can pay. The base rates (22% short-term, 15%
long-term) differ from the local rates there (22% / 22%: every dollar of that loss offsets wages),
so without the bound the 0-point level is solved a second time, for the same row.
"""

from __future__ import annotations

from datetime import date

import pytest

import taxrebal.engine.rebalance.stages as stages
from taxrebal.engine.frontier import tax_drift_frontier
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target
from taxrebal.engine.resolve_bounds import least_tax


def _harvest_household() -> Household:
    long_ago = date(2015, 1, 5)
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 100.0, identical_group="Total US", replacements=("ITOT",)),
                    Security("ITOT", "US Stocks", 50.0), Security("BND", "Bonds", 100.0)),
        lots=(Lot("T1", "Taxable", "VTI", long_ago, 100, 12_000.0),
              Lot("B1", "Taxable", "BND", long_ago, 100, 10_000.0)),
        transactions=(), targets=(Target("US Stocks", 0.4), Target("Bonds", 0.6)),
        settings=Settings(as_of=date(2026, 6, 1), ordinary_income=100_000.0, min_trade=0.0))


def _frontier(monkeypatch, household):
    rates = []
    original = stages._stage_b

    def counted(*args, **kwargs):
        rates.append(tuple(round(r, 4) for r in args[1]))  # the rates each stage-B solve is at
        return original(*args, **kwargs)

    monkeypatch.setattr(stages, "_stage_b", counted)
    points = tax_drift_frontier(household, as_of=household.settings.as_of)
    monkeypatch.setattr(stages, "_stage_b", original)
    return points, rates


def _rows(points):
    return [(p.level, p.reachable, p.tax, p.realized_st, p.realized_lt, p.turnover, p.note) for p in points]


def test_a_plan_at_the_least_tax_is_not_re_solved_and_the_rows_stay(monkeypatch):
    household = _harvest_household()
    assert least_tax(household, household.settings.as_of) == pytest.approx(-440.0)
    bounded, fewer = _frontier(monkeypatch, household)
    monkeypatch.setattr(stages, "_at_least_tax", lambda oracle, candidate: False)  # the re-solve runs
    resolved, more = _frontier(monkeypatch, household)
    assert _rows(bounded) == _rows(resolved)
    assert [p.level for p in bounded] == [0.0, 0.01, 0.02, 0.03, 0.05, pytest.approx(0.10)]
    for p in bounded:  # every row: all of VTI's loss, deducted at 22%
        assert (p.tax, p.realized_st, p.realized_lt) == (pytest.approx(-440.0), 0.0, pytest.approx(-2_000.0))
    # once per level at the base rates; unbounded, the 0-point level also at its local rates (later
    # levels skip those rates as settled)
    assert fewer == [(0.22, 0.15)] * 6
    assert more == [(0.22, 0.15), (0.22, 0.22)] + [(0.22, 0.15)] * 5
