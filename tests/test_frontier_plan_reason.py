"""The Tax-Drift Frontier's plan row says the true reason it is not its row's least tax (fe8 finding 7;
engine/frontier_plan_reason.py).

Household (2026, single, $100,000 ordinary income: long-term gains at 15%, IRC §1(h)): Taxable holds
300 VTI at $100 bought at $90 (+$10 a share, long-term) and 200 BND at $50; targets 60/40, 5-point
bands, so stocks are 15 points over. A Tax Budget of $30.00 allows 30 / (10 x 15%) = 20 shares sold:
stocks 28,000 / 40,000 = 70%, +10.00 points, still outside the band. The frontier row within 15 points
(the current drift) needs no sale: the plan costs $30.00 more, because the budget binds.
"""

from dataclasses import replace
from datetime import date

import pytest

from taxrebal.engine.frontier import tax_drift_frontier
from taxrebal.engine.frontier_plan_reason import plan_row_reason
from taxrebal.engine.plan import PlanStatus
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 6, 1)
LONG_AGO = date(2015, 1, 5)


def household(budget=None, bond_band=None) -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("B", "Taxable", "VTI", LONG_AGO, 300, 27_000.0),
              Lot("D", "Taxable", "BND", LONG_AGO, 200, 10_000.0)),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40, band=bond_band)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0, tax_budget=budget))


def test_a_binding_tax_budget_is_the_reason_and_the_band_claim_is_gone():
    h = household(budget=30.0)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert plan.status is PlanStatus.BUDGET_BINDS
    assert plan.tax_total == pytest.approx(30.0, abs=0.01)  # 20 shares x $10 x 15%
    assert plan.max_drift_after == pytest.approx(0.10, abs=1e-6)
    [row] = [p for p in tax_drift_frontier(h, as_of=AS_OF, plan=plan) if p.is_plan]
    assert "$30.00 more than the least tax within 15.00 points" in row.note
    assert "the Tax Budget of $30.00 binds" in row.note
    assert "US Stocks +10.00 points (band 5)" in row.note
    assert "keeps each class within its own band" not in row.note


def test_a_band_tighter_than_the_row_is_named():
    h = household(bond_band=0.02)
    plan = replace(plan_rebalance(h, as_of=AS_OF), status=PlanStatus.WITHIN_BANDS)
    why = plan_row_reason(h, plan, row_within=0.03, diff=7.5, has_tighter_row=True)
    assert why.startswith("the plan keeps each class within its own band (Bonds within 2 points)")


def test_when_no_band_is_tighter_the_note_does_not_invent_a_reason():
    h = household()
    plan = replace(plan_rebalance(h, as_of=AS_OF), status=PlanStatus.WITHIN_BANDS)
    why = plan_row_reason(h, plan, row_within=0.03, diff=7.5, has_tighter_row=True)
    assert "the bands do not explain the difference" in why and "taxrebal does not know" in why
    assert "within its own band" not in why


def test_a_plan_cheaper_than_its_row_names_the_rows_monotone_cap():
    h = household()
    plan = plan_rebalance(h, as_of=AS_OF)
    assert "trades at most what the tighter row" in plan_row_reason(h, plan, 0.05, -2.0, has_tighter_row=True)
