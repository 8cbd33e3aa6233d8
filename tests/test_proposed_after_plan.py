"""A proposed sale of more shares than the account holds after the rebalancing plan (fe12 F9).

Rule (engine/proposed_after_plan.py): the proposed trades are placed after the plan's trades, so a
proposed sell is filled from today's shares less the plan's sells plus its buys, less the plan's dated
sales made on or before the proposed day. Figures by hand.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from taxrebal.engine.proposed_after_plan import oversold_after_plan
from taxrebal.engine.records import Account, Action, Household, Lot, ProposedTrade, Security, Target

AS_OF = date(2026, 11, 20)


def household() -> Household:
    # Joint holds 560 VXUS in two lots (500 + 60) and 100 BND
    return Household(accounts=(Account("Joint", "Taxable"),),
                     securities=(Security("VXUS", "Intl", 60.0), Security("BND", "Bonds", 70.0)),
                     lots=(Lot("A", "Joint", "VXUS", date(2020, 1, 2), 500, 25_000.0),
                           Lot("B", "Joint", "VXUS", date(2021, 1, 4), 60, 3_000.0),
                           Lot("C", "Joint", "BND", date(2020, 1, 2), 100, 8_000.0)),
                     targets=(Target("Intl", 0.5), Target("Bonds", 0.5)))


def trade(step, symbol, action, qty):
    return SimpleNamespace(step=step, account="Joint", symbol=symbol, action=action, quantity=qty)


def sell(qty, symbol="VXUS", day=date(2026, 11, 23)):
    return ProposedTrade(day, "Joint", symbol, Action.SELL, qty)


def test_a_sell_of_shares_the_plan_sold_is_oversold_naming_the_step():
    # the plan's step 7 sells all 560 VXUS: a proposed sell of 500 finds 0
    plan = SimpleNamespace(trades=(trade(7, "VXUS", Action.SELL, 560),), waits=())
    (o,) = oversold_after_plan(household(), plan, [sell(500)])
    assert (o.held_now, o.held_after, o.steps) == (560, 0, (7,))


def test_what_the_plan_leaves_or_buys_can_still_be_sold():
    # step 1 sells 400 VXUS (160 left): a sell of 160 fits, 161 does not; step 2 buys 50 BND (150 held)
    plan = SimpleNamespace(trades=(trade(1, "VXUS", Action.SELL, 400), trade(2, "BND", Action.BUY, 50)), waits=())
    assert oversold_after_plan(household(), plan, [sell(160), sell(150, "BND")]) == []
    (o,) = oversold_after_plan(household(), plan, [sell(161)])
    assert o.held_after == 160


def test_a_dated_sale_counts_from_its_day_only():
    # the plan dates lot B's 60 shares for 2026-12-21: a sell of 560 on 2026-12-01 fits, on 2026-12-22 it
    # finds 500
    wait = SimpleNamespace(account="Joint", symbol="VXUS", lot_id="B", quantity=60, sell_on=date(2026, 12, 21))
    plan = SimpleNamespace(trades=(), waits=(wait,))
    assert oversold_after_plan(household(), plan, [sell(560, day=date(2026, 12, 1))]) == []
    (o,) = oversold_after_plan(household(), plan, [sell(560, day=date(2026, 12, 22))])
    assert (o.held_after, o.dated) == (500, ("B",))


def test_a_sell_already_more_than_today_is_the_readers_warning_not_repeated():
    plan = SimpleNamespace(trades=(trade(7, "VXUS", Action.SELL, 560),), waits=())
    assert oversold_after_plan(household(), plan, [sell(600)]) == []
