"""The Tax Budget holds when part of the gain is taxed at 0% (engine/rebalance/stages.py).

Rule (README, Settings: Tax Budget is the most extra tax the plan may cost; when it binds the plan stops
short of the bands, "Tax budget binds"). The linear model's budget row is the tangent of the true tax at
the plan it re-solves from (its rates times the gains, less what that over-prices there), and a plan over
the budget is never kept over one within it. fe14 F7: with $10,550 of 0% long-term room a $790 budget got
the $1,264.30 plan to target, and budgets of $0-$500 no plan at all ("please report this household").

Household (fe14 k15, by hand): Single, $55,000 of wages; 2026 standard deduction $16,100, taxable ordinary
income $38,900, the 0% long-term bracket ends at $49,450: $10,550 of 0% room, then 15%. Brk: VTI 200 x $300
(basis $16,000: $220 of long-term gain a share), BND 100 x $73, VXUS 300 x $60; $85,300; US 70.3% vs 40 +/- 5.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from taxrebal.engine.plan import PlanStatus
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 12, 1)


def household(budget: float) -> Household:
    return Household(
        accounts=(Account("Brk", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 300.0, replacements=("ITOT",)),
                    Security("ITOT", "US Stocks", 130.0, replacements=("VTI",)),
                    Security("VXUS", "Intl Stocks", 60.0, replacements=("IXUS",)),
                    Security("IXUS", "Intl Stocks", 72.0, replacements=("VXUS",)),
                    Security("BND", "Bonds", 73.0, replacements=("AGG",)),
                    Security("AGG", "Bonds", 99.0, replacements=("BND",))),
        lots=(Lot("A", "Brk", "VTI", date(2010, 1, 1), 200, 16_000.0),
              Lot("B", "Brk", "BND", date(2018, 3, 1), 100, 7_000.0),
              Lot("C", "Brk", "VXUS", date(2019, 3, 1), 300, 15_000.0)),
        targets=(Target("US Stocks", 0.40, 0.05), Target("Intl Stocks", 0.30, 0.05), Target("Bonds", 0.30, 0.05)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=55_000.0,
                          min_trade=100.0, harvest_min_loss=100.0, harvest_min_loss_pct=0.05, tax_budget=budget))


@pytest.mark.parametrize("budget, gain", [
    (0.0, 10_550.00),  # the 0% room only
    (300.0, 12_550.00),  # 10,550 + 300 / 15%
    (790.0, 15_816.67),  # 10,550 + 790 / 15%: the band edge ($15,851.00, $795.15) is $5.15 over
])
def test_a_budget_that_binds_spends_exactly_the_budget(budget, gain):
    plan = plan_rebalance(household(budget), as_of=AS_OF)
    assert plan.status is PlanStatus.BUDGET_BINDS
    assert round(sum(t.est_tax for t in plan.trades), 2) == budget
    assert abs(sum(t.realized_lt for t in plan.trades) - gain) < 1.00  # to within a 1/10,000 share's rounding


def test_a_budget_the_band_edge_fits_reaches_the_bands_for_the_least_tax():
    plan = plan_rebalance(household(800.0), as_of=AS_OF)
    assert plan.status is PlanStatus.WITHIN_BANDS
    assert round(sum(t.est_tax for t in plan.trades), 2) == 795.15


def test_without_zero_room_the_budget_binds_as_before():
    h = household(300.0)
    h = replace(h, settings=replace(h.settings, ordinary_income=150_000.0))
    plan = plan_rebalance(h, as_of=AS_OF)
    assert plan.status is PlanStatus.BUDGET_BINDS
    assert round(sum(t.est_tax for t in plan.trades), 2) == 300.00
