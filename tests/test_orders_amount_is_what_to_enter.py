"""An employer plan's fund buy: the Orders Amount (sheet and CSV) is what to enter (fe16 F10).

Rule: a 401(k)'s or 403(b)'s Contribution arrives by payroll under the participant's investment
election (elective deferrals, IRC §402(g)): that part of a buy is directed, not entered. The ticket's
note already said "enter $500.00 ... $1,500.00 of it is new money by payroll", but the CSV's Amount
(and the sheet's, whose column note says "Dollars orders: the amount to enter") was the whole $2,000:
a checklist user entered more than the account had. Now Amount = what to enter, By Payroll = the
rest, and Amount + By Payroll = the Trades step.

Hand-worked: 403(b) with $500 cash and a $1,500 Contribution buys 200 FXNAX at $10.00 = $2,000.00.
Cash first: enter $500.00 (50 shares at $10.00, the estimate), $1,500.00 by payroll. With no cash and a
$2,000 Contribution: nothing to enter (Amount 0.00), $2,000.00 by payroll.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from taxrebal.engine.plan import Plan, PlanStatus, Trade
from taxrebal.engine.records import Account, Action, Household, Security, Settings, Target
from taxrebal.workbook.results.order_files import ticket_csv
from taxrebal.workbook.results.orders import account_cash, build_tickets, orders_table

FRIDAY = date(2026, 11, 20)


def setup(account_type, cash, contribution):
    h = Household((Account("Plan", account_type, cash=cash, contribution=contribution),),
                  (Security("FXNAX", "Bonds", 10.0),), (), (), (Target("Bonds", 1.0),), Settings(as_of=FRIDAY))
    plan = Plan((Trade(1, "Plan", "FXNAX", Action.BUY, 200, 10.0, 2_000.0),), (), 0.0, 0.0, 0.0, {}, {}, 0.0, 0.0,
                (), (), PlanStatus.WITHIN_BANDS)
    return h, build_tickets(plan, h, FRIDAY)


def csv_row(tickets):
    (row,) = list(csv.DictReader(io.StringIO(ticket_csv(tickets))))
    return row


def test_the_csv_amount_is_the_amount_the_note_says_to_enter():
    _h, tickets = setup("403(b)", 500.0, 1_500.0)
    row = csv_row(tickets)
    assert "enter $500.00" in row["Note"]
    assert (row["Order Type"], row["Amount"], row["By Payroll"], row["Quantity"]) == ("Dollars", "500.00", "1500.00",
                                                                                         "50")


def test_the_sheet_shows_the_same_amount_and_part_by_payroll():
    _h, tickets = setup("403(b)", 500.0, 1_500.0)
    table = orders_table(tickets)
    names = [c.header for c in table.columns]
    (row,) = table.rows
    assert row[names.index("Amount")] == 500.00 and row[names.index("By Payroll")] == 1_500.00
    assert row[names.index("Quantity")] == 50


def test_all_by_payroll_leaves_nothing_to_enter():
    _h, tickets = setup("401(k)", 0.0, 2_000.0)
    row = csv_row(tickets)
    assert (row["Amount"], row["By Payroll"]) == ("0.00", "2000.00") and "no order to enter" in row["Note"]


def test_an_ira_buy_has_no_payroll_part_and_the_cash_table_still_adds_up():
    _h, tickets = setup("Traditional IRA", 0.0, 2_000.0)
    row = csv_row(tickets)
    assert (row["Amount"], row["By Payroll"]) == ("2000.00", "")
    h, tickets = setup("403(b)", 500.0, 1_500.0)
    # cash before 500 + new money 1,500 - buys 2,000 (Amount 500 + By Payroll 1,500) = 0 left
    assert account_cash(tickets, h) == [("Plan", 500.0, 1_500.0, 0.0, 0.0, 2_000.0, 0.0)]
