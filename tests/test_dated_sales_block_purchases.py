"""The plan's dated loss sales (Trades "Sales to wait for") are on the Do Not Buy list and in the pre-trade
check (fe11 finding 14).

By hand (IRC §1091(a): a purchase 30 days before or after a loss sale washes it; Rev. Rul. 2008-5: in
an HSA the washed loss is lost for good): the plan dates the sale of VXUS lot A2 (Joint Taxable, 400
shares at $60, bought at $75: a $6,000 loss, $15 a share) on 2026-12-21. A proposed HSA buy of 10 VXUS
on 2026-12-10 is 11 days before that sale: it washes 10 x $15 = $150 for good, and the first day VXUS
may be bought is 2027-01-21 (2026-12-21 + 31). The check had said the buy was clear, and Do Not Buy did
not list VXUS.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.plan import Plan, PlanStatus, WaitedSale
from taxrebal.engine.pretrade import check_trades
from taxrebal.engine.records import (
    Account,
    Action,
    Household,
    Lot,
    ProposedTrade,
    Security,
    Settings,
    Target,
)
from taxrebal.engine.wash_queries import with_plan_losses

AS_OF = date(2026, 12, 4)


def household():
    return Household(
        accounts=(Account("Joint Taxable", "Taxable"), Account("Family HSA", "HSA")),
        securities=(Security("VXUS", "Intl", 60.0), Security("BND", "Bonds", 72.0)),
        lots=(Lot("A2", "Joint Taxable", "VXUS", date(2024, 3, 1), 400, 30_000.0),
              Lot("H1", "Family HSA", "BND", date(2020, 1, 2), 100, None)),
        targets=(Target("Intl", 0.5), Target("Bonds", 0.5)),
        settings=Settings(as_of=AS_OF, ordinary_income=150_000.0),
    )


def plan_with_a_dated_sale():
    wait = WaitedSale("Joint Taxable", "VXUS", "A2", 400, 60.0, date(2026, 12, 21), 0.0, -6_000.0, 750.0,
                      -1_170.0, 0.0, asset_class="Intl", identity="VXUS")
    return Plan((), (), 0.0, 0.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS, waits=(wait,))


def test_do_not_buy_lists_the_dated_sale_until_30_days_after_its_date():
    (entry,) = with_plan_losses((), household(), plan_with_a_dated_sale(), AS_OF)
    assert entry.identity == "VXUS"
    assert entry.first_day_to_buy == date(2027, 1, 21)
    assert entry.loss_at_stake == pytest.approx(6_000.0)
    assert "to be sold at a loss on 2026-12-21" in entry.reason


def test_a_proposed_hsa_buy_11_days_before_the_dated_sale_washes_150_dollars_for_good():
    w = plan_with_a_dated_sale().waits[0]
    dated = ProposedTrade(w.sell_on, w.account, w.symbol, Action.SELL, w.quantity, w.price,
                          lots=((w.lot_id, w.quantity),))
    mine = ProposedTrade(date(2026, 12, 10), "Family HSA", "VXUS", Action.BUY, 10, 60.0)
    warnings = [x for x in check_trades(household(), [dated, mine], AS_OF) if x.trade is mine]
    (warning,) = warnings
    assert warning.amount_at_stake == pytest.approx(150.0)
    assert warning.permanent and warning.clear_from == date(2027, 1, 21)


def test_orders_lists_the_dated_sale_as_a_ticket_for_its_day():
    # fe11 finding 29: Orders had no word of it. Lot A2: 400 VXUS bought 2024-03-01 for $30,000 ($75.00 a share)
    from taxrebal.workbook.results.orders_later import dated_sales_table
    table = dated_sales_table(plan_with_a_dated_sale(), household())
    assert table is not None
    ((day, account, action, symbol, quantity, amount, lots, note),) = table.rows
    assert (day, account, action, symbol, quantity, amount) == (date(2026, 12, 21), "Joint Taxable", "Sell", "VXUS",
                                                                 400, 24_000.00)
    assert lots == "Specific lots: 03/01/2024 400 sh @ $75.00/sh (A2)"
    assert ("Buying VXUS or a substantially identical security in any account from now through 2027-01-20 (30 days "
            "after the sale) would wash the loss" in note)
    assert "$1,170.00 less tax this year" in note


def test_no_dated_sale_no_table():
    from taxrebal.workbook.results.orders_later import dated_sales_table
    plain = Plan((), (), 0.0, 0.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS)
    assert dated_sales_table(plain, household()) is None


@pytest.mark.parametrize("day, placed", [(date(2026, 12, 26), date(2026, 12, 28)),  # a Saturday
                                         (date(2026, 12, 25), date(2026, 12, 28)),  # Christmas (a Friday)
                                         (date(2026, 12, 21), date(2026, 12, 21))])  # a Monday
def test_a_dated_sale_falls_on_a_day_it_can_be_placed(day, placed):
    # fe11 finding 21: "Wait until 2026-12-26" was a Saturday
    from taxrebal.engine.wash_dates import first_trading_day
    assert first_trading_day(day) == placed
