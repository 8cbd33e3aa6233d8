"""fe19 F8: a recent taxable lot at exactly today's price is sold around a harvest like any other.

tests/fe19_households.py h12: Married Filing Jointly, $150,000 of wages, $10,000 of long-term gain realized
already, so every dollar of long-term loss saves 15% (no NIIT: MAGI under $250,000; no state tax). Every
class is within its band: the plan only harvests. V1: 100 VTI at $300 bought 2019 for $36,000, a $6,000
long-term loss. V2: 5 VTI bought recently, still held, which wash 5 of V1's loss shares if kept
(IRC §1091(a)). Selling V2 too (before V1, so that it washes nothing under taxrebal's reading; or after V1,
when its sale realizes the $300 the wash moved into its basis, IRC §1091(d), with V1's holding period,
§1223(3)) counts the whole loss today: 6,000 x 15% = $900.00 saved. Keeping V2 counts only
(100 - 5) x $60 = $5,700: $855.00.

Before the fix a V2 bought at exactly today's price (zero gain) was never sold: the plan saved $855.00
(bought on As Of) or sold nothing and dated V1 to 2026-12-28 (bought 2026-11-24), while a V2 10 cents
cheaper was sold after V1 and the plan saved $899.92.
"""

from datetime import date

import pytest
from fe19_households import AS_OF, h12

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.wash import adjust_lots


def plan_for(price: float, bought: date, v1_acquired: date = date(2019, 1, 2)):
    return plan_rebalance(adjust_lots(h12(price, bought, v1_acquired)).household, as_of=AS_OF)


@pytest.mark.parametrize("v1_acquired", [date(2019, 1, 2), date(2026, 3, 2)])  # a long- or short-term loss
@pytest.mark.parametrize("bought", [AS_OF, date(2026, 11, 24)])
def test_a_zero_gain_recent_lot_does_not_keep_part_of_the_harvest_back(bought, v1_acquired):
    plan = plan_for(300.0, bought, v1_acquired)
    assert plan.tax.total == pytest.approx(-900.0, abs=0.01)  # 6,000 x 15%, today
    assert {s.lot_id for s in plan.lot_sales} >= {"V1"}
    assert not plan.waits  # nothing dated for later: the whole loss counts today


def test_the_same_lot_ten_cents_cheaper_is_the_control():
    # V2 at $299.90: selling it after V1 realizes 300 - 0.50 = $299.50 of the washed loss: 5,999.50 x 15%
    plan = plan_for(299.90, AS_OF)
    assert plan.tax.total == pytest.approx(-899.925, abs=0.01)
