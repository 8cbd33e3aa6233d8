"""When the Tax Budget binds, the note on unsold short-term gain shares gives the budget as the reason
(fe17 F5), not "the bands do not need the tax they would add" (false: a band breach is left).

Hand-worked household (fe17's h7b): 2026, single, $100,000 of ordinary income (ordinary taxable income
$83,900: the 22% band), no state tax, Realized ST YTD -$2,000 (deducted in full: under the $3,000 limit,
IRC §1211(b)), Whole Shares = Y, Tax Budget $20.00. Taxable: VTI $300 (lot L1 100 shares bought 2018 on
$10,000: long-term, $200 a share of gain; S1 50 shares bought 2026-06-01 on $14,000: short-term, $20 a
share; S2 30 shares bought 2026-09-01 on $9,600: short-term, -$20 a share), BND $72 (100 shares on $8,000).
US is 54,000 / 61,200 = 88.2% against 50% +/- 5: the bands need some 23,000 of VTI sold.
Cheapest first: S2's 30 shares (-$600), then S1's shares at +$20 each. Each S1 share past 30 shares of it
adds $20 of short-term gain, which shrinks the deductible net loss: $20 x 22% = $4.40 of tax. 34 of S1
(net ST +$80) cost 80 x 22% = $17.60; a 35th would make $22.00 > $20.00. So the plan sells 64 shares,
leaves 16 of S1 unsold while US stays outside its band: the budget, not the bands, is the reason.
"""

from datetime import date

import pytest

from taxrebal.engine.plan import PlanStatus
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 12, 4)


def household(budget: float | None) -> Household:
    settings = Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0,
                        realized_st_ytd=-2_000.0, realized_lt_ytd=0.0, realized_ytd_reconciled=True,
                        whole_shares=True, tax_budget=budget)
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("VTI", "US", 300.0), Security("BND", "Bonds", 72.0)),
        lots=(Lot("L1", "Taxable", "VTI", date(2018, 3, 1), 100, 10_000.0),
              Lot("S1", "Taxable", "VTI", date(2026, 6, 1), 50, 14_000.0),
              Lot("S2", "Taxable", "VTI", date(2026, 9, 1), 30, 9_600.0),
              Lot("B1", "Taxable", "BND", date(2021, 3, 1), 100, 8_000.0)),
        targets=(Target("US", 0.50, band=0.05), Target("Bonds", 0.50, band=0.05)),
        settings=settings)


def test_the_unsold_short_term_shares_are_left_because_the_budget_binds():
    plan = plan_rebalance(household(20.0), as_of=AS_OF)
    assert plan.status is PlanStatus.BUDGET_BINDS
    assert {ls.lot_id: round(ls.quantity, 4) for ls in plan.lot_sales} == {"S2": 30, "S1": 34}
    assert plan.tax.total == pytest.approx(17.60, abs=0.005)
    (note,) = [n for n in plan.notes if n.startswith("Taxable VTI: the other 16 shares with short-term gains")]
    assert "the bands do not need" not in note
    assert "the Tax Budget of $20.00 on Settings binds" in note
