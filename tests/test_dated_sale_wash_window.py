"""A loss sale the plan dates for later is washed only by a purchase from 30 days before its date through
30 days after it (IRC §1091(a)), so every sheet names that window when it starts after As Of (audit20 F0).

By hand: As Of 2026-11-16; the plan dates the sale of VXUS lot A2 (Joint Taxable, 400 shares at $60,
bought at $75: a $6,000 loss, $15 a share) on 2026-12-21 (Trades, Sales to wait for). IRC §1091(a)
counts "a period beginning 30 days before the date of such sale ... and ending 30 days after such
date": 2026-11-21 through 2027-01-20. A purchase on 2026-11-16..20 (the plan's own buys today among
them) washes nothing; Do Not Buy, the Trades note and the Orders ticket said "from now". The pre-trade
check already counted the dates: an HSA buy of 10 VXUS on 2026-11-20 (31 days before) is clear, one on
2026-11-21 (30 days before) washes 10 x $15 = $150 for good (Rev. Rul. 2008-5). When As Of is inside
the window (2026-12-04) the texts still read "from now".
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.plan import Plan, PlanStatus, WaitedSale
from taxrebal.engine.pretrade import check_trades
from taxrebal.engine.records import Account, Action, Household, Lot, ProposedTrade, Security, Settings, Target
from taxrebal.engine.wash_queries import with_plan_losses
from taxrebal.workbook.results.orders_later import dated_sales_table
from taxrebal.workbook.results.trades import waits_table

AS_OF = date(2026, 11, 16)
WINDOW = "from 2026-11-21 through 2027-01-20 (30 days before to 30 days after the sale)"


def household(as_of: date = AS_OF) -> Household:
    return Household(
        accounts=(Account("Joint Taxable", "Taxable"), Account("Family HSA", "HSA")),
        securities=(Security("VXUS", "Intl", 60.0), Security("BND", "Bonds", 72.0)),
        lots=(Lot("A2", "Joint Taxable", "VXUS", date(2024, 3, 1), 400, 30_000.0),
              Lot("H1", "Family HSA", "BND", date(2020, 1, 2), 100, None)),
        targets=(Target("Intl", 0.5), Target("Bonds", 0.5)),
        settings=Settings(as_of=as_of, ordinary_income=150_000.0),
    )


def plan(later: bool = False) -> Plan:
    wait = WaitedSale("Joint Taxable", "VXUS", "A2", 400, 60.0, date(2026, 12, 21), 0.0, -6_000.0, 750.0,
                      -1_170.0, 0.0, asset_class="Intl", identity="VXUS", replacement="BND", later=later)
    return Plan((), (), 0.0, 0.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS, waits=(wait,))


def test_do_not_buy_names_the_window_that_opens_after_as_of():
    (entry,) = with_plan_losses((), household(), plan(), AS_OF)
    assert entry.first_day_to_buy == date(2027, 1, 21)
    assert "a purchase from 2026-11-21 through 2027-01-20" in entry.reason
    assert "from now" not in entry.reason


def test_the_pretrade_check_agrees_a_buy_before_the_window_is_clear():
    w = plan().waits[0]
    dated = ProposedTrade(w.sell_on, w.account, w.symbol, Action.SELL, w.quantity, w.price,
                          lots=((w.lot_id, w.quantity),))
    before = ProposedTrade(date(2026, 11, 20), "Family HSA", "VXUS", Action.BUY, 10, 60.0)
    inside = ProposedTrade(date(2026, 11, 21), "Family HSA", "VXUS", Action.BUY, 10, 60.0)
    warned = {id(x.trade): x for x in check_trades(household(), [dated, before], AS_OF)}
    assert id(before) not in warned
    (warning,) = [x for x in check_trades(household(), [dated, inside], AS_OF) if x.trade is inside]
    assert warning.amount_at_stake == pytest.approx(150.0) and warning.permanent


@pytest.mark.parametrize("later", [False, True])
def test_the_trades_note_names_the_window(later):
    ((*_cells, note),) = waits_table(plan(later), AS_OF).rows
    assert WINDOW in note
    assert "from now" not in note


def test_the_orders_ticket_names_the_window():
    table = dated_sales_table(plan(), household())
    assert table is not None
    ((*_cells, note),) = table.rows
    assert WINDOW in note
    assert "from now" not in note


def test_inside_the_window_every_text_still_reads_from_now():
    as_of = date(2026, 12, 4)
    (entry,) = with_plan_losses((), household(as_of), plan(), as_of)
    assert "a purchase from now until 30 days after that sale washes it" in entry.reason
    ((*_cells, note),) = waits_table(plan(), as_of).rows
    assert "from now until 30 days after the sale would wash the loss" in note
    ((*_cells, ticket),) = dated_sales_table(plan(), household(as_of)).rows
    assert "from now through 2027-01-20 (30 days after the sale)" in ticket
