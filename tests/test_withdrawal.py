"""A withdrawal (a negative Accounts Contribution: money taken out now, README "Accounts") is paid
before any buy: from the account's cash, then from the first sales' proceeds. Orders shows it on the
cash line of its account (adding up to the cent) and says when it can be requested; Trades never says
a buy is paid with the cash the withdrawal takes; Contributions Only takes it once, now, and never
as a monthly withdrawal (fe5 finding 11: Brokerage, $2,000 cash, Contribution -$5,000)."""

from __future__ import annotations

from datetime import date

from taxrebal.engine.contributions import contributions_only
from taxrebal.engine.plan import Plan, PlanStatus, Reason, Trade
from taxrebal.engine.reasons import funding
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target
from taxrebal.workbook.results.orders import account_cash, build_tickets, cash_table

AS_OF = date(2026, 12, 1)  # a Tuesday: the sales settle on Wednesday 2026-12-02 (T+1)


def _household(cash=2_000.0, contribution=-5_000.0):
    return Household(
        accounts=(Account("Brokerage", "Taxable", cash=cash, contribution=contribution),
                  Account("401k", "401(k)", contribution=1_000.0)),
        securities=(Security("VTI", "US", 300.0), Security("IXUS", "Intl", 70.0), Security("AGG", "Bonds", 98.0)),
        lots=(Lot("L1", "Brokerage", "VTI", date(2020, 1, 2), 100, 20_000.0),),
        transactions=(),
        targets=(Target("US", 0.5), Target("Intl", 0.3), Target("Bonds", 0.2)),
        settings=Settings(as_of=AS_OF))


def _plan():
    # step 1 sells $3,000 of VTI, step 2 $6,000; step 3 buys $5,000 of IXUS in Brokerage; step 4 the
    # 401(k)'s $1,000 of AGG. Brokerage: 2,000 + 3,000 + 6,000 = 11,000 in; 5,000 out to the
    # withdrawal, 5,000 to IXUS: $1,000 left.
    trades = (Trade(1, "Brokerage", "VTI", Action.SELL, 10, 300.0, 3_000.0, reason=Reason.TAXABLE_SALE),
              Trade(2, "Brokerage", "VTI", Action.SELL, 20, 300.0, 6_000.0, reason=Reason.TAXABLE_SALE),
              Trade(3, "Brokerage", "IXUS", Action.BUY, 71.4286, 70.0, 5_000.0),
              Trade(4, "401k", "AGG", Action.BUY, 10.2041, 98.0, 1_000.0))
    return Plan(trades, (), 0.0, 0.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS)


def test_the_withdrawal_takes_the_cash_and_the_first_sale_before_any_buy_is_paid():
    # new money, cash already there, sale proceeds, the sells that paid: the $2,000 of cash and
    # $3,000 of step 1 go to the withdrawal, so the IXUS buy is paid by step 2 alone
    assert funding(_plan().trades, _household())[3] == (0.0, 0.0, 5_000.0, (2,))
    assert funding(_plan().trades, _household())[4] == (1_000.0, 0.0, 0.0, ())


def test_orders_show_the_withdrawal_on_its_accounts_cash_line_adding_up_to_the_cent():
    h = _household()
    tickets = build_tickets(_plan(), h, AS_OF)
    rows = account_cash(tickets, h)
    assert rows == [("Brokerage", 2_000.0, 0.0, 5_000.0, 9_000.0, 5_000.0, 1_000.0),
                    ("401k", 0.0, 1_000.0, 0.0, 0.0, 1_000.0, 0.0)]
    for _name, cash, new, withdrawal, sells, buys, left in rows:
        assert round(cash + new - withdrawal + sells - buys, 2) == left  # money out positive, subtracted
    table = cash_table(tickets, h, AS_OF)
    assert [c.header for c in table.columns] == ["Account", "Cash Before", "New Money", "Withdrawal", "Sells", "Buys",
                                                 "Cash Left"]
    assert table.rows[-1] == ("Total", 2_000.0, 1_000.0, 5_000.0, 9_000.0, 6_000.0, 1_000.0)
    assert any("withdraw $5,000.00: $2,000.00 from the cash already in the account and $3,000.00 from the "
               "sells' proceeds, so request it after they settle on 2026-12-02 (T+1)" in n for n in table.notes)


def test_an_account_that_only_withdraws_from_its_cash_is_on_the_cash_table_too():
    h = _household(cash=6_000.0)
    only_401k = Plan(_plan().trades[3:], (), 0.0, 0.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS)
    table = cash_table(build_tickets(only_401k, h, AS_OF), h, AS_OF)
    assert table.rows[0] == ("Brokerage", 6_000.0, 0.0, 5_000.0, 0.0, 0.0, 1_000.0)
    assert any("Brokerage: withdraw $5,000.00 from the cash already in the account" in n for n in table.notes)


def _drifted(cash, contribution):
    # the worked example of engine/contributions.py (stocks $66,000, bonds $34,000, 60/40 with 5-point
    # bands, $1,000 a month into an IRA: 2 months), plus a taxable account that withdraws
    return Household(
        accounts=(Account("IRA", "Traditional IRA", contribution=1_000.0),
                  Account("Taxable", "Taxable", cash=cash, contribution=contribution)),
        securities=(Security("VTI", "Stocks", 100.0), Security("BND", "Bonds", 100.0)),
        lots=(Lot("L1", "IRA", "VTI", date(2020, 1, 2), 660.0, 50_000.0),
              Lot("L2", "IRA", "BND", date(2020, 1, 2), 340.0, 34_000.0)),
        targets=(Target("Stocks", 0.6, 0.05), Target("Bonds", 0.4, 0.05)),
        settings=Settings(as_of=date(2026, 6, 1), tax_year=2026))


def test_contributions_only_takes_a_withdrawal_once_not_every_month():
    # Read as -$2,000 a month, the household's contributions would add up to -$1,000 a month and
    # new money would never get there; taken once from the $2,000 of cash, the IRA's $1,000 a month
    # needs the worked example's 2 months.
    plan = contributions_only(_drifted(2_000.0, -2_000.0), as_of=date(2026, 6, 1))
    assert (plan.months, plan.monthly_total) == (2, 1_000.0)
    assert "withdrawals (Taxable $2,000.00) are taken once, now" in plan.note


def test_contributions_only_says_a_withdrawal_beyond_the_cash_needs_a_sale():
    plan = contributions_only(_drifted(2_000.0, -5_000.0), as_of=date(2026, 6, 1))
    assert plan.months is None and plan.buys == ()
    assert "Taxable withdraws $5,000.00 and holds $2,000.00 of cash, so a sale must pay $3,000.00 of it" in plan.note
