"""An employer plan's payroll Contribution is invested whatever Min Trade says; the account's own cash
is not (engine/rebalance/orders.py; README, New money first and Employer plans).

Worked by hand, household 1 (Rebalance To = Target, Min Trade $500): Taxable holds 50 VTI at $100
($5,000, bought 2015 at $3,000: selling costs tax); the account holds 470 FXNAX at $10 ($4,700) and
gets a $300 Contribution; its menu is FXNAX (Bonds) and FXAIX (US Stocks). The household is $10,000;
targets US Stocks 52% ($5,200: $200 short) and Bonds 48% ($4,800: $100 short), every class inside its
band. The $300 reaches both targets exactly: $200 of FXAIX and $100 of FXNAX. Each buy is under
Min Trade ($500):
* a 401(k): payroll invests the Contribution under the election (no order), so the plan buys both and
  leaves no cash; Orders says each is new money by payroll, with no order to enter;
* a Traditional IRA, the account type alone changed: its Contribution is a deposit, and an order of it
  would be under Min Trade, so it stays as cash ($300) and nothing is bought (fe11 finding 13's rule).

Household 2 (Min Trade $600): Taxable holds 52 VTI ($5,200, US Stocks exactly at its 52% target);
the 401(k) holds 430 FXNAX ($4,300), $200 of cash and gets a $300 Contribution. Bonds is $500 short of
its $4,800 target. The $300 Contribution buys 30 FXNAX by payroll; the $200 of cash would be an order
under Min Trade, and with the $300 it makes $500, still under $600: it stays, and the buy's note says
why. Bonds ends at $4,600 (46.00%), inside its band.
"""

from datetime import date, datetime

import pytest
from test_min_trade_cash_stays import sheets

from taxrebal.engine.contributions import ContributionBuy, order_note
from taxrebal.engine.idle_cash import with_idle_cash_notes
from taxrebal.engine.plan import Plan, PlanStatus, Trade
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Account,
    Action,
    Household,
    Lot,
    RebalanceTo,
    Security,
    SecurityType,
    Settings,
    Target,
)
from taxrebal.pipeline import run_book
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results import INPUT_SHEETS
from taxrebal.workbook.results.orders import PAYROLL_NOTE, build_tickets

AS_OF = date(2026, 6, 1)
FUND = SecurityType.MUTUAL_FUND
SECURITIES = (Security("VTI", "US Stocks", 100.0), Security("FXNAX", "Bonds", 10.0, security_type=FUND),
              Security("FXAIX", "US Stocks", 100.0, security_type=FUND))


def _household(account_type: str) -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("Plan", account_type, contribution=300.0)),
        securities=SECURITIES,
        lots=(Lot("T1", "Taxable", "VTI", date(2015, 3, 2), 50, 3_000.0), Lot("R1", "Plan", "FXNAX", None, 470, None)),
        targets=(Target("US Stocks", 0.52), Target("Bonds", 0.48)),
        settings=Settings(as_of=AS_OF, min_trade=500.0, ordinary_income=100_000.0, rebalance_to=RebalanceTo.TARGET),
        menus={"Plan": frozenset({"FXNAX", "FXAIX"})})


@pytest.mark.parametrize("account_type", ["401(k)", "403(b)", "Roth 401(k)"])
def test_an_employer_plans_contribution_buys_under_min_trade(account_type):
    household = _household(account_type)
    plan = plan_rebalance(household, as_of=AS_OF)
    buys = {t.symbol: t.amount for t in plan.trades if t.action is Action.BUY}
    assert buys == {"FXAIX": pytest.approx(200.0, abs=0.005), "FXNAX": pytest.approx(100.0, abs=0.005)}
    assert not [t for t in plan.trades if t.action is Action.SELL]
    assert dict(plan.cash_left)["Plan"] == pytest.approx(0.0, abs=0.005)
    assert plan.after["US Stocks"] == pytest.approx(5_200.0, abs=0.005)
    assert plan.after["Bonds"] == pytest.approx(4_800.0, abs=0.005)
    tickets = [t for t in build_tickets(plan, household, AS_OF) if t.action is Action.BUY]
    assert len(tickets) == 2
    for ticket in tickets:  # paid in full by payroll: nothing to enter
        assert ticket.note.startswith(PAYROLL_NOTE) and "no order to enter" in ticket.note, ticket.note


def test_an_iras_contribution_under_min_trade_stays_as_cash():
    plan = plan_rebalance(_household("Traditional IRA"), as_of=AS_OF)
    assert not plan.trades
    assert dict(plan.cash_left)["Plan"] == pytest.approx(300.0, abs=0.005)


def test_the_401k_buys_its_contribution_and_keeps_its_own_cash_under_min_trade():
    household = Household(
        accounts=(Account("Taxable", "Taxable"), Account("My 401k", "401(k)", cash=200.0, contribution=300.0)),
        securities=SECURITIES,
        lots=(Lot("T1", "Taxable", "VTI", date(2015, 3, 2), 52, 3_000.0),
              Lot("R1", "My 401k", "FXNAX", None, 430, None)),
        targets=(Target("US Stocks", 0.52), Target("Bonds", 0.48)),
        settings=Settings(as_of=AS_OF, min_trade=600.0, ordinary_income=100_000.0, rebalance_to=RebalanceTo.TARGET),
        menus={"My 401k": frozenset({"FXNAX", "FXAIX"})})
    plan = with_idle_cash_notes(plan_rebalance(household, as_of=AS_OF), household)
    [buy] = plan.trades
    assert (buy.action, buy.symbol, buy.amount) == (Action.BUY, "FXNAX", pytest.approx(300.0, abs=0.005))
    assert dict(plan.cash_left)["My 401k"] == pytest.approx(200.0, abs=0.005)
    assert plan.after["Bonds"] == pytest.approx(4_600.0, abs=0.005)
    assert buy.note.endswith("$200.00 of this account's money stays as cash: FXNAX, FXAIX would be a buy under "
                             "Min Trade ($600.00)."), buy.note
    [ticket] = build_tickets(plan, household, AS_OF)
    assert ticket.note.startswith(PAYROLL_NOTE) and "no order to enter" in ticket.note, ticket.note


def test_orders_pays_the_buy_under_min_trade_by_payroll_first():
    # the 401(k) sells $5,000 of FXNAX, buys $5,200 of FXAIX (step 2, first on Orders: the larger) and
    # $100 of VBTLX (step 3, under Min Trade $500): the plan can make the $100 buy only with the $300
    # Contribution, so Orders pays it by payroll in full, and the other $200 goes to FXAIX, whose order
    # is the $5,000 of proceeds (cash first, then payroll, as before)
    household = Household(
        accounts=(Account("My 401k", "401(k)", contribution=300.0),),
        securities=SECURITIES + (Security("VBTLX", "Bonds", 10.0, security_type=FUND),),
        lots=(Lot("R1", "My 401k", "FXNAX", None, 600, None),),
        targets=(Target("US Stocks", 0.52), Target("Bonds", 0.48)),
        settings=Settings(as_of=AS_OF, min_trade=500.0, ordinary_income=100_000.0))
    trades = (Trade(1, "My 401k", "FXNAX", Action.SELL, 500.0, 10.0, 5_000.0, asset_class="Bonds"),
              Trade(2, "My 401k", "FXAIX", Action.BUY, 52.0, 100.0, 5_200.0, asset_class="US Stocks"),
              Trade(3, "My 401k", "VBTLX", Action.BUY, 10.0, 10.0, 100.0, asset_class="Bonds"))
    plan = Plan(trades, (), 0.0, 0.0, 0.0, {}, {}, 0.0, 0.0, (("My 401k", 0.0),), (), PlanStatus.WITHIN_BANDS)
    sell, fxaix, vbtlx = build_tickets(plan, household, AS_OF)
    assert vbtlx.note.startswith(PAYROLL_NOTE) and "no order to enter" in vbtlx.note, vbtlx.note
    assert "$200.00 of it is new money by payroll" in fxaix.note and "$5,000.00" in fxaix.note, fxaix.note


def test_contributions_only_a_payroll_per_month_is_no_order():
    household = Household((Account("My 401k", "401(k)", cash=40.0, contribution=200.0),), SECURITIES, (), (),
                          (Target("US Stocks", 0.52), Target("Bonds", 0.48)),
                          Settings(as_of=AS_OF, min_trade=100.0))
    # Per Month $40 of FXAIX is payroll money: no note; From Cash Now $40 under $100 is an order it cannot be
    assert order_note(ContributionBuy("My 401k", "FXAIX", "US Stocks", 480.0, 40.0, 0.0), household, 12) == ""
    assert order_note(ContributionBuy("My 401k", "FXAIX", "US Stocks", 520.0, 40.0, 40.0), household, 12) == (
        "From Cash Now $40.00 is below Min Trade ($100.00): no order for it (it stays as cash in My 401k, $40.00 "
        "short of the Total). Per Month is new money by payroll: set your contribution election to FXAIX.")


def test_fe11_f13_keeps_a_401ks_own_cash_and_its_payroll_money_is_still_invested():
    # fe11's a_okafor (tests/test_min_trade_cash_stays.py, Min Trade $5,000) with its HSA made a 401(k):
    # 30 VTI at $300 ($9,000), $1,000 of cash and a $300 contribution. The $1,000 alone is under Min Trade
    # and the plan may not sell the VTI only to carry it (it would sell $9,000 and buy $9,000 + $1,000 +
    # $300 = $10,300), so it stays; the $300 is payroll money, invested whatever Min Trade says
    data = sheets(5000)
    data["Accounts"] = [r if r[0] != "Family HSA" else ["Family 401k", "401(k)", "Ben", 1000, 300]
                        for r in data["Accounts"]]
    data["Lots"] = [r if r[1] != "Family HSA" else [r[0], "Family 401k", *r[2:]] for r in data["Lots"]]
    book = MemoryBook(INPUT_SHEETS)
    assert run_book(book, data, run_time=datetime(2026, 12, 4, 9, 0), default_as_of=None, source_name="t").ok
    rows = [r for r in book.tables("Trades")[0].rows if isinstance(r[0], int) and r[1] == "Family 401k"]
    assert [(r[3], r[6]) for r in rows] == [("Buy", pytest.approx(300.0, abs=0.005))]
    (ticket,) = [r for r in book.tables("Orders")[0].rows if r and r[0] == "Family 401k"]
    assert ticket[-1].startswith(PAYROLL_NOTE) and ticket[-1].endswith("no order to enter")
    notes = [n for t in book.tables("Trades") for n in t.notes if n.startswith("Family 401k keeps")]
    assert notes == ["Family 401k keeps $1,000.00 of cash: a buy of it would be under Min Trade ($5,000.00), and "
                     "the plan does not sell the account's holdings, in a class under target, only to make that "
                     "buy large enough (it would sell $9,000.00 and buy $10,300.00 to invest $1,000.00 and the "
                     "$300.00 payroll contribution); every band is kept without it, at the same tax."]
