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
from loss_households import loss_household

from taxrebal.engine.records import Account, Action, ProposedTrade
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
