"""Whole Shares = Y: every plan sells whole shares of each lot, the "Waiting instead" what-if's too (fe17 F9;
engine/rebalance/rounding.py, whole-share lot pieces).

fe17 h3 (tests/fe17_households.py): US Stocks is $51,000 of $72,600 (70.25%); within its 5-point band it
may be at most 55% ($39,930), so $11,070 of VTI is sold: 36.9 shares, 37 in whole shares ($11,100). Today
lot T2 is short-term (Allow Short-Term Gains = N), so the plan sells 37 of the inherited lot INH: $740 of
long-term gain, 0% federal (the 0% bracket's room), 4% state = $29.60. On 2026-12-09 T2 is long-term:
20 T2 ($200 of gain) and 17 INH ($340) = $540 x 4% = $21.60, $8.00 less, selling 37 VTI. The solver's
answer there was 19.99975 of T2 and 17.00025 of INH (37 in all, the order whole, the lots not); T2 was
sold whole and INH rounded to 17.0003: "it sells 37.0003 VTI (Taxable)".
"""

import pytest
from fe17_households import AS_OF, h3

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.short_term_wait import wait_instead


def test_the_wait_instead_plan_sells_whole_shares():
    h = h3()
    plan = plan_rebalance(h, as_of=AS_OF)
    assert [(t.symbol, t.quantity) for t in plan.trades if t.action.value == "Sell"] == [("VTI", 37.0)]
    assert plan.tax_total == pytest.approx(29.60, abs=0.005)
    instead = wait_instead(h, AS_OF, plan)
    assert instead is not None
    assert instead.sells_then == ("37 VTI (Taxable)",)
    assert instead.tax_then == pytest.approx(21.60, abs=0.005)
    assert "it sells 37 VTI (Taxable)" in instead.note()
