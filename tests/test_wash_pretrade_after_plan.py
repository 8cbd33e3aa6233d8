"""The check of the Proposed Trades sheet counts the rebalancing plan's own loss sales.

IRC §1091(a); Pub 550 "Wash Sales"; Rev. Rul. 2008-5: a purchase of substantially identical shares
in any account within 30 days after a loss sale disallows that loss, for good when the purchase is
in an IRA, 401(k), Roth or HSA. The plan harvests on As Of; a trade the user proposes for a later
day is placed after it, so the check takes the plan's trades first (our reading of what the user
means by proposing a trade beside a plan: both will be placed).

Worked by hand: VTI lot L (100 shares bought 2015-01-05 at $130) is harvested at $100 on
2026-06-01: $30 a share of long-term loss. A proposed Roth buy of 5 VTI on 2026-06-03 washes
5 x $30 = $150 of that loss, lost for good; the first day it may be bought is 2026-06-01 + 31 days
= 2026-07-02. Before this check counted the plan, the sheet said "none would wash a loss".
"""

from datetime import date, datetime
from types import SimpleNamespace

import pytest
from loss_households import loss_household, loss_securities

from taxrebal.engine.records import Account, Action, Lot, ProposedTrade
from taxrebal.pipeline import run_book


def household(proposed):
    # the loss household (tests/loss_households.py) with a Roth holding $600 of cash
    return loss_household(more_accounts=(Account("Roth", "Roth IRA", cash=600.0),), proposed_trades=proposed)


def run(h, book):
    loader = lambda default_as_of=None: SimpleNamespace(household=h, issues=(), ok=True, digest="")  # noqa: E731
    return run_book(book, loader, command="rebalance", run_time=datetime(2026, 6, 1, 9, 30),
                    default_as_of=None, source_name="t", raise_internal=True)


def test_a_proposed_roth_buy_after_the_plans_harvest_is_flagged_lost_for_good(memory_book):
    outcome = run(household([ProposedTrade(date(2026, 6, 3), "Roth", "VTI", Action.BUY, 5, 100.0)]), memory_book)
    (sell,) = [t for t in outcome.results.plan.trades if t.symbol == "VTI" and t.action is Action.SELL]
    assert sell.realized_lt == pytest.approx(-3_000.0)  # the plan does harvest L
    (w,) = outcome.results.trade_warnings
    assert w.amount_at_stake == pytest.approx(150.0) and w.permanent
    assert w.clear_from == date(2026, 7, 2)
    assert f"rebalancing plan's sale of VTI on 2026-06-01 (Taxable, Trades step {sell.step})" in w.related
    check = memory_book.tables("Wash Sales")[-1]
    assert check.title == "Pre-trade check" and len(check.rows) == 1
    assert any("Checked after the rebalancing plan's trades" in n for n in check.notes)


def test_a_proposed_buy_after_the_window_is_clear(memory_book):
    outcome = run(household([ProposedTrade(date(2026, 7, 2), "Roth", "VTI", Action.BUY, 5, 100.0)]), memory_book)
    assert outcome.results.trade_warnings == ()
    check = memory_book.tables("Wash Sales")[-1]
    assert check.rows == () and "none would wash a loss" in check.notes[0]


def test_after_the_plan_every_check_of_a_proposed_sell_uses_the_lots_the_plan_leaves(memory_book):
    """fe7 finding 4 (chen7). VTI has DRIP on; Taxable holds L (100 at $130, a $30 loss a share) and G
    (50 VTI bought 2020-03-02 for $3,000, $60 a share). A proposed sell of 50 VTI on 2026-06-02,
    checked alone, sells L's dearest shares: 50 x $30 = $1,500 of loss a reinvestment would wash, once
    per DRIP holding (Taxable and the IRA): 2 conflicts. After the plan sells all of L on 2026-06-01,
    the only VTI left in Taxable is G: 50 x ($100 - $60) = a $2,000 gain, nothing to wash, so neither
    the DRIP check nor any other flags it, and the console counts the sheet's 0 rows, not the 2."""
    h = loss_household(securities=loss_securities(drip=True),
                       recent_lots=(Lot("G", "Taxable", "VTI", date(2020, 3, 2), 50, 3_000.0),),
                       proposed_trades=(ProposedTrade(date(2026, 6, 2), "Taxable", "VTI", Action.SELL, 50, None),))
    loader = lambda default_as_of=None: SimpleNamespace(household=h, issues=(), ok=True, digest="")  # noqa: E731
    outcome = run_book(memory_book, loader, command="all", run_time=datetime(2026, 6, 1, 9, 30),
                       default_as_of=None, source_name="t", raise_internal=True)
    (sell,) = [t for t in outcome.results.plan.trades if t.symbol == "VTI" and t.action is Action.SELL]
    assert sell.quantity == 100 and sell.realized_lt == pytest.approx(-3_000.0)  # all of L
    check = memory_book.tables("Wash Sales")[-1]
    assert check.title == "Pre-trade check" and check.rows == ()
    assert outcome.results.trade_warnings == ()
    said = [line for line in outcome.summary if line.startswith("Proposed trades")]
    assert said == ["Proposed trades after the plan: 0 wash-sale conflict(s) (see Wash Sales)"]


def test_checked_alone_the_same_sell_is_washed_by_each_drip_holding(memory_book):
    """The same household without the plan (``--only wash_sales``): the sell relieves L's shares first
    (highest cost), $1,500 of loss, and each DRIP holding of VTI (Taxable, IRA) is one conflict; the
    console counts the sheet's 2 rows."""
    h = loss_household(securities=loss_securities(drip=True),
                       recent_lots=(Lot("G", "Taxable", "VTI", date(2020, 3, 2), 50, 3_000.0),),
                       proposed_trades=(ProposedTrade(date(2026, 6, 2), "Taxable", "VTI", Action.SELL, 50, None),))
    loader = lambda default_as_of=None: SimpleNamespace(household=h, issues=(), ok=True, digest="")  # noqa: E731
    outcome = run_book(memory_book, loader, command="wash_sales", run_time=datetime(2026, 6, 1, 9, 30),
                       default_as_of=None, source_name="t", raise_internal=True)
    check = memory_book.tables("Wash Sales")[-1]
    assert [r[5] for r in check.rows] == ["Loss sale would be washed by a dividend reinvestment"] * 2
    assert [w.amount_at_stake for w in outcome.results.trade_warnings] == [1_500.0, 1_500.0]
    said = [line for line in outcome.summary if line.startswith("Proposed trades")]
    assert said == ["Proposed trades: 2 wash-sale conflict(s) (see Wash Sales)"]
