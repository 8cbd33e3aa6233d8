"""Every sale has a true reason (fe9 finding 7; engine/rebalance/needless_sales.py): the plan does
not sell a slice of an old winner in a taxable account only to take a reinvested dividend's recent
shares out of the way of a loss sale, when that changes nothing in this year's tax (the losses are
past the $3,000 limit, IRC §1211(b)) and the wash it avoids would only defer the loss into those
shares' basis (IRC §1091(d)).

fe9's chen-rebal: the Chens (tests/fe9_households.py) with Targets US Stocks 40 / Intl
Stocks 35, so US Stocks is 12.5 points over. Every expected figure is worked by hand.
"""

from dataclasses import replace

import pytest
from fe9_households import chens

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Target


def test_no_slice_of_the_2018_voo_lot_is_sold_to_move_a_dividend_out_of_the_way():
    """Main sold 1 VOO = 0.9 of DRIP lot T6 (-$1.80) + 0.1 of the 2018 lot T4 (+$34.00 long-term) so
    that T6 would not wash 0.9 x $30 = $27.00 of the IVV lot T12 loss. The plan's tax is -$1,460.00
    either way: federal 2,000 x 15% (the year's net long-term gain, 2,400 - 400, removed) + 3,000 x
    24% (the loss limit) + 5,000 x 3.8% (NIIT on the $5,000 of investment income, IRC §1411) =
    $1,210.00 saved, state 5% x 5,000 = $250.00. Without the VOO order T6 washes $27.00 into its own
    basis (deferred, not lost): T12's 20 shares report -$600 + $27 = -$573.00."""
    h = chens()
    h = replace(h, targets=(Target("US Stocks", 0.40, 0.05), Target("Intl Stocks", 0.35, 0.05),
                            Target("Bonds", 0.20, 0.05), Target("REIT", 0.05, 0.02)))
    plan = plan_rebalance(h, as_of=h.settings.as_of)
    assert plan.tax_total == pytest.approx(-1_460.00, abs=0.005)
    assert not [t for t in plan.trades if t.account == "Joint Taxable" and t.symbol == "VOO"]
    (t12,) = [s for s in plan.lot_sales if s.lot_id == "T12"]
    assert t12.disallowed == pytest.approx(27.00, abs=0.005)
    assert t12.gain + t12.disallowed == pytest.approx(-573.00, abs=0.005)
