"""The Dividends sheet and the Trades note agree on DRIP (fe10 finding 9; engine/dividends.py).

fe10's H2 (tests/fe10_h2_household.py): VXUS has DRIP = Y; the plan sells every VXUS share in Sam Roth
(20) and in Brokerage (1.2 + 120), lot B-5 at a $600 loss. Trades says "Turn off dividend reinvestment
for VXUS in every account before selling, and keep it off for 30 days". A dividend declared before the
sale and paid after it is still reinvested: a purchase within 30 days after the loss sale washes part of
it (IRC §1091(a)). So both accounts get a row, Value $0 after the plan (nothing left), and VTI (DRIP on,
not sold at a loss, US Stocks not over target after the plan) gets none.
"""

from __future__ import annotations

from fe10_h2_household import AS_OF, h2

from taxrebal.engine.dividends import dividend_advice
from taxrebal.engine.rebalance import plan_rebalance


def test_a_drip_position_the_plan_closes_at_a_loss_is_listed_as_trades_says():
    h = h2()
    plan = plan_rebalance(h, as_of=AS_OF)
    assert any(n.startswith("Turn off dividend reinvestment for VXUS in every account") for n in plan.notes)
    rows = dividend_advice(h, as_of=AS_OF, plan=plan)
    assert [(r.account, r.symbol, r.value) for r in rows] == [("Brokerage", "VXUS", 0.0), ("Sam Roth", "VXUS", 0.0)]
    for r in rows:
        assert r.advice.startswith("Turn off dividend reinvestment for VXUS before the plan sells it, and keep it "
                                   "off for 30 days: the plan sells VXUSG at a loss")
        assert "even one paid after the position is sold" in r.advice
