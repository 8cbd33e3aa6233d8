"""A taxable buy the plan counts as replacing a past loss sale fills before a Roth buy of the same fund
(fe11 finding 7).

The rule, by hand: 100 IEMG sold on 2026-11-16 in Joint at $57 (bought at $64): a $700 short-term loss,
$7.00 a share, none of it replaced yet. Today the plan buys 123.2413 IEMG in Joint (step 1) and
154.2325 IEMG in the Roth (step 2). Replacement shares are matched in the order they are acquired
(Treas. Reg. §1.1091-1(c)), and the plan counts Joint's buy first: the $700 moves into those shares'
basis (IRC §1091(d), deferred, not lost). If the Roth's order filled first, its first 100 shares would
replace the loss shares and the $700 would be lost for good (Rev. Rul. 2008-5). So Joint #1 is FIRST,
the Roth's buy WAITs, $700.00 at stake (min(154.2325, 100) x $7.00). Orders had said "no ticket depends
on another account's".
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.plan import Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, Transaction
from taxrebal.workbook.results.orders import build_tickets, sequence_table

AS_OF = date(2026, 12, 4)


def household():
    accounts = (Account("Joint", "Taxable", cash=7_148.0), Account("Roth", "Roth IRA", cash=8_945.48))
    securities = (Security("IEMG", "EM", 58.0), Security("VTI", "US", 300.0))
    lots = (Lot("J1", "Joint", "VTI", date(2020, 1, 2), 100, 20_000.0),
            Lot("R1", "Roth", "VTI", date(2020, 1, 2), 50, None))
    sold = (Transaction(date(2026, 11, 16), "Joint", "IEMG", Action.SELL, 100, 57.0, "J9", date(2026, 3, 2),
                        6_400.0),)
    return Household(accounts, securities, lots, sold, (Target("US", 0.7), Target("EM", 0.3)),
                     Settings(as_of=AS_OF))


def plan(joint_replaces=100.0, roth_quantity=154.2325):
    trades = (Trade(1, "Joint", "IEMG", Action.BUY, 123.2413, 58.0, 7_148.0, realized_st=7.0 * joint_replaces,
                    reason=Reason.CASH, replaces_past_loss_shares=joint_replaces),
              Trade(2, "Roth", "IEMG", Action.BUY, roth_quantity, 58.0, round(roth_quantity * 58.0, 2),
                    reason=Reason.CASH))
    return Plan(trades, (), 0.0, 0.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS)


def tickets(p):
    return {t.account: t for t in build_tickets(p, household(), AS_OF)}


def test_the_taxable_replacement_buy_is_first_and_the_roth_buy_waits_with_700_dollars_at_stake():
    by_account = tickets(plan())
    joint, roth = by_account["Joint"], by_account["Roth"]
    assert [w.then_account for w in joint.goes_before] == ["Roth"]
    (wait,) = roth.waits_for
    assert (wait.first_account, wait.first_step, wait.then_step) == ("Joint", 1, 2)
    assert wait.at_risk == 700.00
    assert "Treas. Reg. §1.1091-1(c)" in wait.why and "Rev. Rul. 2008-5" in wait.why
    table = sequence_table(tuple(by_account.values()))
    assert table is not None
    [(text,)] = table.rows
    assert text.startswith("1. FIRST Joint #1 (step 1): Buy $7,148.00 of IEMG; THEN Roth #1 (step 2): Buy "
                           "$8,945.48 of IEMG. $700.00 of loss at stake")


def test_a_smaller_roth_buy_puts_only_its_shares_loss_at_stake():
    # 40 Roth shares filled first would take 40 of the 100 loss shares: 40 x $7.00 = $280.00
    (wait,) = tickets(plan(roth_quantity=40.0))["Roth"].waits_for
    assert wait.at_risk == 280.00


def test_no_wait_when_the_taxable_buy_replaces_no_past_loss_share():
    by_account = tickets(plan(joint_replaces=0.0))
    assert not by_account["Roth"].waits_for and not by_account["Joint"].goes_before
    assert sequence_table(tuple(by_account.values())) is None


def _fund_tickets(day: date | None = None):
    """The fixture's tickets; ``day``: the day the plan places the IVV loss sale (Trade.placed_on, set by the
    engine, engine/rebalance/placed_day.py)."""
    from dataclasses import replace

    from test_orders_across_accounts_label import AS_OF as DAY
    from test_orders_across_accounts_label import household as fund_household
    from test_orders_across_accounts_label import plan as fund_plan
    plan = fund_plan()
    if day is not None:
        plan = replace(plan, trades=tuple(replace(t, placed_on=day) if t.symbol == "IVV" else t for t in plan.trades))
    return {t.account: t for t in build_tickets(plan, fund_household(), DAY)}


def test_a_mutual_fund_first_ticket_fills_at_the_close_so_the_wait_is_the_next_trading_day():
    # fe11 finding 12: a 401(k) sale of FXAIX (a mutual fund) fills at the 4 p.m. NAV (SEC Rule 22c-1);
    # the taxable loss sale waiting for it cannot be placed that day
    by_account = _fund_tickets(date(2026, 12, 2))
    assert by_account["Maria 401(k)"].mutual_fund
    (wait,) = by_account["Brokerage"].waits_for
    assert wait.after_close and "SEC Rule 22c-1" in wait.why and "the next trading day" in wait.why
    assert by_account["Brokerage"].across_accounts.startswith(
        "WAIT for Maria 401(k) #1 (step 1) to fill at the close: place this the next trading day (its first "
        "day you may buy is then 2027-01-02, as Trades says, not 2027-01-01; first trading day 2027-01-04; "
        "$21.75 at stake)")  # 2027-01-02 a Saturday, 2027-01-01 New Year's Day: both open on Monday 01-04


def test_a_loss_sale_placed_the_next_trading_day_counts_its_wash_dates_from_that_day():
    # fe11 finding 35: the IVV loss sale waits for the FXAIX sale to fill at the close. As Of is Tuesday
    # 2026-12-01 (the fixture): placed Wednesday 2026-12-02, its 30 days after end 2027-01-01 and the first
    # day you may buy is 2027-01-02 (IRC §1091(a)), not 2027-01-01 (2026-12-01 + 31); the plan dates the
    # sale that day (Trade.placed_on) and every sheet, Orders included, counts from it
    (wait,) = _fund_tickets(date(2026, 12, 2))["Brokerage"].waits_for
    assert wait.moved_first_day == (date(2027, 1, 1), date(2027, 1, 2))
    assert ("its wash-sale dates count from the day it is placed, 2026-12-02 (Trades, Lot Sales, Wash Sales, "
            "Issues and Dividends say so): buying Brokerage #1's fund or a substantially identical one in any "
            "account before 2027-01-02 (first trading day 2027-01-04), the first day you may buy, would wash its "
            "loss (IRC §1091(a)); "
            "placed later, count 31 days "
            "from the day it fills") in wait.why


def test_the_engine_places_the_waiting_loss_sale_the_next_trading_day():
    # the same household through the engine: the plan itself dates the IVV sale 2026-12-02
    from test_orders_across_accounts_label import AS_OF as DAY
    from test_orders_across_accounts_label import household as fund_household

    from taxrebal.engine.rebalance import plan_rebalance
    plan = plan_rebalance(fund_household(), as_of=DAY)
    placed = {t.symbol: t.placed_on for t in plan.trades if t.action is Action.SELL}
    assert placed.get("IVV") == date(2026, 12, 2) and placed.get("FXAIX") is None


def test_a_friday_as_of_places_the_waiting_loss_sale_on_monday():
    # c_haddad's dates: As Of Friday 2026-12-04, the next trading day Monday 2026-12-07: 2027-01-07, not 2027-01-04
    from taxrebal.engine.wash_dates import next_trading_day
    assert next_trading_day(date(2026, 12, 4)) == date(2026, 12, 7)
    assert next_trading_day(date(2026, 12, 24)) == date(2026, 12, 28)  # Friday Dec 25 closed, then the weekend
    assert next_trading_day(date(2026, 12, 31)) == date(2027, 1, 4)  # Friday Jan 1 closed, then the weekend


def test_an_etf_first_ticket_fills_during_the_day():
    (wait,) = tickets(plan())["Roth"].waits_for
    assert not wait.after_close and "22c-1" not in wait.why
