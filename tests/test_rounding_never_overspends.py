"""Rounding shares to 4 decimals never spends more than an account's money (fe17 F4; engine/rebalance/
rounding.py): an order's amount is counted as Trades counts it, its shares times the price as written, in
cents (20.6667 x $150 = $3,100.005 -> $3,100.01; the float product 3,100.0049999999997 had counted
$3,100.00), and a buy the rounding took above the solver's quantity is rounded down when that overspends.

1. A Roth IRA with $3,100.00 of cash and nothing else to buy with it but FSKAX ($150, a mutual fund): the
   solver buys 3,100 / 150 = 20.666667 shares; 20.6667 would cost $3,100.01, a cent more than the cash, so
   the buy is 20.6666 shares, $3,099.99 (20.6666 x 150 = 3,099.99), and $0.01 stays as cash.
2. fe17 h10 (tests/fe17_households.py): the 401(k)'s $9,000.00 of payroll money was bought as $5,900.00
   of FXNAX and $3,100.01 of FSKAX: $9,000.01, cash -$0.01, a note "$0.01 from this account's sales" (it
   has none) and a $0.01 FSKAX order of 0.000067 shares. US must reach its 65% band edge: 0.65 x $74,000
   = $48,100, $3,100.00 of FSKAX, 20.666667 shares; in 4 decimals that is 20.6667 ($3,100.01, rounded up
   to stay within the band), so FXNAX gets the rest, $9,000.00 - $3,100.01 = $5,899.99; every dollar is
   payroll money, with no order to enter.
"""

from __future__ import annotations

from datetime import date

import pytest
from fe17_households import AS_OF, h10

from taxrebal.engine.money import cents
from taxrebal.engine.plan import PlanStatus
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    Security,
    SecurityType,
    Settings,
    Target,
)
from taxrebal.workbook.results.orders import build_tickets


def _roth_with_cash() -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("Roth", "Roth IRA", cash=3_100.0)),
        securities=(Security("BND", "Bonds", 10.0),
                    Security("FSKAX", "US", 150.0, security_type=SecurityType.MUTUAL_FUND)),
        lots=(Lot("B1", "Taxable", "BND", date(2015, 1, 5), 100, 500.0),),
        targets=(Target("US", 0.80, 0.05), Target("Bonds", 0.20, 0.05)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0,
                          min_trade=0.0))


def test_a_buy_rounded_up_past_the_cash_is_rounded_down():
    plan = plan_rebalance(_roth_with_cash(), as_of=AS_OF)
    assert plan.status is PlanStatus.WITHIN_BANDS
    [buy] = plan.trades
    assert (buy.account, buy.symbol, buy.action) == ("Roth", "FSKAX", Action.BUY)
    assert buy.quantity == pytest.approx(20.6666, abs=1e-9)
    assert cents(buy.amount) == 3_099.99
    assert dict(plan.cash_left)["Roth"] == pytest.approx(0.01, abs=1e-9)


def test_a_401k_buys_its_payroll_money_to_the_cent_and_no_more():
    h = h10()
    plan = plan_rebalance(h, as_of=AS_OF)
    buys = {t.symbol: t for t in plan.trades if t.account == "K401"}
    assert set(buys) == {"FSKAX", "FXNAX"} and all(t.action is Action.BUY for t in buys.values())
    assert buys["FSKAX"].quantity == pytest.approx(20.6667, abs=1e-9)
    assert cents(buys["FSKAX"].amount) == 3_100.01
    assert cents(buys["FXNAX"].amount) == 5_899.99
    assert round(sum(cents(t.amount) for t in buys.values()), 2) == 9_000.00
    assert dict(plan.cash_left)["K401"] == pytest.approx(0.0, abs=1e-9)
    for t in buys.values():  # each paid with new money only, and says so
        assert f"Paid with ${cents(t.amount):,.2f} of new money." in t.note, t.note
        assert "from this account's sales" not in t.note
    tickets = build_tickets(plan, h, AS_OF)
    for t in tickets:  # payroll pays every dollar: no order to enter, no dust order
        assert t.to_enter == 0.0 and "no order to enter" in t.note, (t.symbol, t.to_enter, t.note)
        assert round(t.quantity_to_enter, 4) == t.quantity_to_enter


def test_a_dollars_order_beside_payroll_money_shows_at_most_4_decimals_of_a_share():
    """fe17 h13: a 401(k)'s FXNAX buy of $1,990.00 at $10 (199.0004 shares as on Trades), $1,000.00 of it by
    payroll: the $990.00 to enter is 199.0004 x 990 / 1,990 = 99.000199 shares, shown 99.0002."""
    from taxrebal.workbook.results.orders import OrderTicket

    t = OrderTicket("K401", 2, 5, Action.BUY, "FXNAX", "Dollars", 199.0004, 1_990.0, 10.0, payroll=1_000.0)
    assert t.to_enter == 990.0
    assert t.quantity_to_enter == 99.0002
