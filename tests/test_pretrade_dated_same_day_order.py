"""A proposed buy meets the plan's dated loss sales of one day in the order their lots were acquired (audit20 F4).

Rule: Treas. Reg. §1.1091-1(b): losses are taken in the order of disposition, and "if the order of
disposition of stock ... disposed of at the same time cannot be determined, the stock ... shall be deemed
to have been disposed of in the order in which [it was] originally acquired". The plan's dated sales of
one day are tickets placed that day in no stated order, so the earliest-bought lot's loss is washed first.

By hand: As Of 2026-11-16; the plan dates the sales of two VXUS lots of Joint Taxable to 2026-12-21, listed
largest loss first (as later_harvest chooses them): B1 (bought 2023-05-01, 100 shares at $100, price $60:
$40 a share) then A1 (bought 2020-03-02, 100 shares at $75: $15 a share). A proposed HSA buy of 10 VXUS on
2026-11-25 (26 days before the sale, inside the window of IRC §1091(a)) replaces 10 of A1's loss shares:
10 x $15 = $150.00 lost for good (Rev. Rul. 2008-5), not 10 x $40 = $400.00 of B1's (what the check said,
taking the sales in the plan's list order).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from taxrebal.engine.plan import Plan, PlanStatus, WaitedSale
from taxrebal.engine.pretrade import check_trades, dated_sale_trades
from taxrebal.engine.records import Account, Action, Household, Lot, ProposedTrade, Security, Settings, Target
from taxrebal.engine.wash import adjust_lots
from taxrebal.pipeline.rebalance import _recheck_proposed_trades
from taxrebal.pipeline.state import Context

AS_OF = date(2026, 11, 16)
DAY = date(2026, 12, 21)
BUY = ProposedTrade(date(2026, 11, 25), "Family HSA", "VXUS", Action.BUY, 10, 60.0)


def household() -> Household:
    return Household(
        accounts=(Account("Joint Taxable", "Taxable"), Account("Family HSA", "HSA")),
        securities=(Security("VXUS", "Intl", 60.0), Security("BND", "Bonds", 72.0)),
        lots=(Lot("B1", "Joint Taxable", "VXUS", date(2023, 5, 1), 100, 10_000.0),
              Lot("A1", "Joint Taxable", "VXUS", date(2020, 3, 2), 100, 7_500.0),
              Lot("H1", "Family HSA", "BND", date(2020, 1, 2), 100, None)),
        targets=(Target("Intl", 0.5), Target("Bonds", 0.5)),
        settings=Settings(as_of=AS_OF, ordinary_income=150_000.0),
        proposed_trades=(BUY,),
    )


def waited(lot_id: str, loss: float) -> WaitedSale:
    return WaitedSale("Joint Taxable", "VXUS", lot_id, 100, 60.0, DAY, 0.0, -loss, 0.0, 0.0, 0.0,
                      asset_class="Intl", identity="VXUS", replacement="BND", later=True)


def plan() -> Plan:
    return Plan((), (), 0.0, 0.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS,
                waits=(waited("B1", 4_000.0), waited("A1", 1_500.0)))  # largest loss first


def test_same_day_dated_sales_come_in_the_order_their_lots_were_acquired():
    assert [w.lot_id for _p, w in dated_sale_trades(plan().waits, household().lots)] == ["A1", "B1"]


def test_a_buy_before_them_washes_the_earliest_bought_lots_loss():
    trades = [p for p, _w in dated_sale_trades(plan().waits, household().lots)]
    (warning,) = [w for w in check_trades(household(), trades + [BUY], AS_OF) if w.trade is BUY]
    assert warning.amount_at_stake == pytest.approx(150.00)


def test_the_wash_sales_pre_trade_check_after_the_plan_names_lot_a1_and_150(memory_book):
    h = household()
    ctx = Context(h, memory_book, [], datetime(2026, 11, 16, 9, 0), "t.xlsx", "")
    ctx.results.wash = adjust_lots(h)
    plan_buy = ProposedTrade(AS_OF, "Family HSA", "BND", Action.BUY, 1, 72.0)  # the plan's trades, placed first
    _recheck_proposed_trades(ctx, plan(), [plan_buy])
    (warning,) = ctx.results.trade_warnings
    assert warning.amount_at_stake == pytest.approx(150.00)
    assert "lot A1" in warning.related and warning.permanent
