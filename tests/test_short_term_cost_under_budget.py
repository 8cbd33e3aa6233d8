"""Under a binding Tax Budget, Allow Short-Term Gains = N costs drift, not tax, and the plan says so
(fe9 finding 3; engine/short_term_cost.py).

Hand-worked, Tax Mode = Flat (short-term 30%, long-term 20%, no state tax), Tax Budget $100, a taxable
account only: VTI at $100, lot A 100 shares bought 2015 for $20 ($80 long-term gain a share: $16.00 of
tax), lot B 100 shares bought 2026-06-01 for $95 ($5 short-term gain a share: $1.50 of tax); BND at
$50, none held. Targets US Stocks 50%, Bonds 50% (bands 5 points): US is 100% of $20,000.
N: only lot A, $100 / $16 = 6.25 shares, US 19,375 / 20,000 = 96.875%: 41.875 points outside.
Y: lot B first (the cheapest tax per dollar sold), $100 / $1.50 = 66.67 shares, US 66.67%: 11.67 points.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target, TaxMode
from taxrebal.engine.short_term_cost import short_term_cost

AS_OF = date(2026, 12, 4)


def test_a_binding_budget_says_how_much_closer_short_term_gains_would_get():
    settings = Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.30, flat_lt_rate=0.20, state_tax_rate=0.0,
                        tax_budget=100.0, min_trade=0.0, allow_short_term_gains=False)
    h = Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("A", "Taxable", "VTI", date(2015, 1, 2), 100, 2_000.0),
              Lot("B", "Taxable", "VTI", date(2026, 6, 1), 100, 9_500.0)),
        transactions=(), targets=(Target("US Stocks", 0.5), Target("Bonds", 0.5)), settings=settings)
    plan = plan_rebalance(h, as_of=AS_OF)
    cost = short_term_cost(h, AS_OF, plan)
    assert cost is not None
    assert cost.breach_n == pytest.approx(0.41875, abs=1e-4)
    assert cost.breach_y == pytest.approx(0.11667, abs=1e-4)
    assert "with Y the same Tax Budget leaves its largest band breach 11.67 points instead of 41.88" in cost.note()
