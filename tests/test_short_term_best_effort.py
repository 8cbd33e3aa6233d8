"""Under Allow Short-Term Gains = N, a best-effort plan says what Y and what waiting would reach.

Rule (engine/short_term_cost.py, engine/short_term_wait.py; README, Settings): N keeps the plan from
raising the year's net short-term gain (IRC §1222). When no plan under N reaches the bands, the run
re-solves with Y, and with the unsold short-term lots counted long-term from their date this tax year
(IRC §1222(3), §1223), and says how close each gets and for how much tax. fe14 F3: the only note priced
selling all 100 short-term shares in addition; nothing said Y reaches every band for $229.80, nor that
waiting 14 days does for $166.13.

Household (fe14 k09a, by hand; Single, $150,000 of wages: 24% ordinary, 15% long-term): Brk holds VTI S1
100 sh bought 2025-12-14 (basis $20,000, $100 a share of short-term gain at $300), VTI L1 20 sh (basis
$5,600, $20 a share long-term), BND 150 (basis $10,000 at $73), VXUS 250 (basis $12,000 at $60); $61,950;
40/30/30 +/- 5. The bands need $8,122.50 of VTI sold (US from 58.1% to 45%): L1 (+$400 long-term) and
7.075 S1 (+$707.50 short-term): $60.00 + $169.80 = $229.80 with Y; on 2026-12-15 (S1 long-term) the same
sale is $1,107.50 long-term, $166.13. Under N only L1 can go: $60.00, US left 3.43 points over its band.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.money import cents
from taxrebal.engine.plan import PlanStatus
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings, Target
from taxrebal.engine.short_term_cost import short_term_cost
from taxrebal.engine.short_term_wait import wait_instead

AS_OF = date(2026, 12, 1)


def household() -> Household:
    return Household(
        accounts=(Account("Brk", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 300.0, replacements=("ITOT",)),
                    Security("ITOT", "US Stocks", 130.0, replacements=("VTI",)),
                    Security("VXUS", "Intl Stocks", 60.0, replacements=("IXUS",)),
                    Security("IXUS", "Intl Stocks", 72.0, replacements=("VXUS",)),
                    Security("BND", "Bonds", 73.0, replacements=("AGG",)),
                    Security("AGG", "Bonds", 99.0, replacements=("BND",))),
        lots=(Lot("S1", "Brk", "VTI", date(2025, 12, 14), 100, 20_000.0),
              Lot("L1", "Brk", "VTI", date(2020, 1, 2), 20, 5_600.0),
              Lot("B1", "Brk", "BND", date(2019, 1, 1), 150, 10_000.0),
              Lot("X1", "Brk", "VXUS", date(2019, 1, 1), 250, 12_000.0)),
        targets=(Target("US Stocks", 0.40, 0.05), Target("Intl Stocks", 0.30, 0.05), Target("Bonds", 0.30, 0.05)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=150_000.0,
                          min_trade=100.0, harvest_min_loss=100.0, harvest_min_loss_pct=0.05))


def test_best_effort_under_n_is_told_what_y_reaches_and_for_how_much():
    h = household()
    plan = plan_rebalance(h, as_of=AS_OF)
    assert plan.status is PlanStatus.BEST_EFFORT and round(plan.tax_total, 2) == 60.00
    cost = short_term_cost(h, AS_OF, plan)
    assert cost is not None
    assert cents(cost.tax_y) == 229.80
    assert cost.breach_y == 0.0
    assert "with Y the plan reaches every band instead of leaving 3.43 points, for $229.80 of tax" in cost.note()


def test_best_effort_under_n_is_told_what_waiting_for_long_term_reaches():
    h = household()
    plan = plan_rebalance(h, as_of=AS_OF)
    instead = wait_instead(h, AS_OF, plan)
    assert instead is not None
    assert instead.day == date(2026, 12, 15)
    assert cents(instead.tax_then) == 166.13  # 1,107.50 x 15%: $166.125, half a cent up
    assert "reaches every band instead of leaving 3.43 points, for $166.13 of tax instead of $60.00" in instead.note()
