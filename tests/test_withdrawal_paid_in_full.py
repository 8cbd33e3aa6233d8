"""fe19 F3, F4, F6: a withdrawal is paid in full, and what it must cost is said where the plan is priced.

tests/fe19_households.py h6: Brokerage withdraws $20,000 and has no cash, so its sales must raise at
least $20,000.00. With Allow Short-Term Gains = N the cheapest sales are every VXUS share ($12,000, gain
$2,000: 16.7% of the proceeds) and $8,000 of the inherited AAPL (25%: $2,000 of gain), $4,000 of
long-term gain at 15% = $600.00 (MFS: taxable ordinary income $103,900 is past the $49,450 top of the 0%
band; MAGI $124,000 stays under the $125,000 NIIT threshold). So:

* F4: the plan's sells, in cents as Trades and Orders show them, add up to at least the $20,000.00
  withdrawn (they were $10,010.00 + $9,989.99 = $19,999.99: cash left -$0.01);
* F6: keeping the current largest drift costs at least $600.00 (the Tax-Drift Frontier said $0.00,
  nothing traded);
* F3: a Tax Budget of $500 cannot pay the withdrawal; the error says so and names the $600.00, instead
  of calling it a bug of taxrebal's search.
"""

import pytest
from fe19_households import AS_OF, h6

from taxrebal.engine.frontier import tax_drift_frontier
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Action

WITHDRAWN = 20_000.0
LEAST_TAX = 600.0  # (2,000 + 2,000) x 15%


def test_the_sells_pay_the_withdrawal_to_the_cent():
    plan = plan_rebalance(h6(), as_of=AS_OF)
    sells = [t for t in plan.trades if t.account == "Brokerage" and t.action is Action.SELL]
    buys = [t for t in plan.trades if t.account == "Brokerage" and t.action is Action.BUY]
    cents = round(sum(round(t.amount, 2) for t in sells) - sum(round(t.amount, 2) for t in buys), 2)
    assert cents >= WITHDRAWN


def test_keeping_the_current_drift_costs_what_the_withdrawal_needs():
    h = h6()
    plan = plan_rebalance(h, as_of=AS_OF)
    points = tax_drift_frontier(h, as_of=AS_OF, plan=plan)
    (current,) = [p for p in points if p.is_current]
    assert current.tax == pytest.approx(LEAST_TAX, abs=0.01)
    assert current.turnover >= WITHDRAWN


def test_a_tax_budget_below_what_the_withdrawal_needs_is_said_plainly():
    from taxrebal.errors import InfeasiblePlanError

    with pytest.raises(InfeasiblePlanError) as err:
        plan_rebalance(h6(tax_budget=500.0), as_of=AS_OF)
    message = str(err.value)
    assert "Tax Budget" in message and "$500.00" in message and "$600.00" in message
    assert "please report" not in message


def test_a_tax_budget_that_pays_the_withdrawal_still_plans():
    plan = plan_rebalance(h6(tax_budget=LEAST_TAX), as_of=AS_OF)
    assert plan.tax.total == pytest.approx(LEAST_TAX, abs=0.01)


def test_the_frontier_note_does_not_promise_doing_nothing_for_a_withdrawal():
    # the sheet's note said "the current largest drift's row is doing nothing ($0 of tax, nothing traded)"
    # above h6's current row of $600.00 and $20,000.00 traded
    from taxrebal.workbook.results.trades import frontier_table, outside_after

    h = h6()
    plan = plan_rebalance(h, as_of=AS_OF)
    points = tax_drift_frontier(h, as_of=AS_OF, plan=plan)
    notes = " ".join(n for table in frontier_table(points, outside=outside_after(plan, h)) for n in table.notes)
    assert "no withdrawal to pay from sales, the current largest drift's row is doing nothing" in notes
