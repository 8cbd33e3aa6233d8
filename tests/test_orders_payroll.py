"""A 401(k)'s new money is directed, not placed: its buy ticket says so (fe9 finding 13).

fe9's Orders showed "Wei 401(k) Buy FXNAX Dollars $2,000" with "enter $2,000.00": but a 401(k)'s
Contribution arrives by payroll deduction under the participant's investment election (IRC §402(g)
elective deferrals); what the participant can do is set that election. Rule: the part of a buy in a
401(k), 403(b) or Roth 401(k) paid from the account's Contribution (after its cash) says "set your
contribution election to FXNAX"; when that is the whole buy there is no order to enter. An IRA's
Contribution is a deposit the owner makes: its buy is an ordinary ticket.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.plan import Plan, PlanStatus, Trade
from taxrebal.engine.records import Account, Action, Household, Security, Settings, Target
from taxrebal.workbook.results.order_files import left_out_line
from taxrebal.workbook.results.orders import build_tickets

FRIDAY = date(2026, 11, 20)


def ticket(account_type, cash, contribution):
    h = Household((Account("Plan", account_type, cash=cash, contribution=contribution),),
                  (Security("FXNAX", "Bonds", 10.0),), (), (), (Target("Bonds", 1.0),), Settings(as_of=FRIDAY))
    plan = Plan((Trade(1, "Plan", "FXNAX", Action.BUY, 200, 10.0, 2_000.0),), (), 0.0, 0.0, 0.0, {}, {}, 0.0, 0.0,
                (), (), PlanStatus.WITHIN_BANDS)
    (t,) = build_tickets(plan, h, FRIDAY)
    return t


def test_a_401k_buy_of_new_money_is_a_contribution_election_not_an_order():
    t = ticket("401(k)", 0.0, 2_000.0)
    assert t.note == ("new money by payroll (Contribution on Accounts): set your contribution election to FXNAX; "
                      "no order to enter")


def test_cash_already_in_the_plan_is_placed_and_only_the_new_money_is_directed():
    t = ticket("403(b)", 500.0, 1_500.0)  # cash first: $500 placed now, $1,500 by payroll
    assert t.note == ("mutual fund: enter $500.00; it buys at the day's closing price; $1,500.00 of it is new money "
                      "by payroll (Contribution on Accounts): set your contribution election to FXNAX for that part")


def test_an_ira_contribution_is_a_deposit_and_its_buy_an_ordinary_ticket():
    assert "payroll" not in ticket("Traditional IRA", 0.0, 2_000.0).note


def test_taxrebal_orders_says_the_same_of_a_payroll_buy_left_out_of_a_basket():
    assert left_out_line(ticket("401(k)", 0.0, 2_000.0)) == (
        "Not in the basket: Plan #1: $2,000.00 of FXNAX: new money by payroll (Contribution on Accounts): set your "
        "contribution election to FXNAX; no order to enter.")
    assert left_out_line(ticket("Traditional IRA", 0.0, 2_000.0)).endswith("place it by hand as a dollar order.")
