"""An IRA purchase that already replaced a past loss, sold by the plan before its loss sales: the plan's
figures are those of its steps (issue 9 item 4; the 10,000-lot bench's unpriced pre-trade conflicts).

Rule (IRC §1091(a); Treas. Reg. §1.1091-1(c)-(e); Rev. Rul. 2008-5; taxrebal's reading 4 of
engine/wash.py): a loss sale is washed by identical shares acquired within 30 days before it and still
held; a share that replaced one loss replaces no other ((e)); a replacement in an IRA takes the loss
for good. A tax-advantaged sell realizes nothing, so which of one purchase's shares it sells is the
plan's instruction: those not yet used as replacements first (what the model, the pre-trade check and
the independent check of bench/planref count).

Hand-worked household (As Of 2026-12-01, single, $100,000 ordinary income, no state tax):

    Tax  T1  100 VXUS bought 2023-03-01, $5,800 (price $50: $8 a share long-term loss, $800)
    IRA  I1   50 VXUS bought 2026-11-18 at $52 (a Buy row of Transactions with Lot ID I1)
    Transactions: 20 VXUS sold in Tax on 2026-11-20, bought 2024-01-10 for $1,200 ($200 loss)

* The past sale: its 20 loss shares are replaced by 20 of I1's 50 shares (the one purchase in
  2026-10-21..2026-12-20): $200 lost for good. I1 keeps 30 shares that can still replace.
* The plan (Intl 0%, band 0: every VXUS sold): step 1 sells the IRA's 50 VXUS (all of I1), step 2
  sells T1. At step 2 no VXUS bought in 2026-11-01..2026-12-01 is held: T1's $800 loss is allowed,
  long-term -$800, and 800 x 22% = $176.00 less tax (taxable income 100,000 - 16,100 = 83,900, in the
  22% bracket, stays there).
* Before: the plan's figures came from the wash engine with I1's 20 used shares relieved first and only
  the 30 unused ones sold (the pool's count), so 20 unused shares stayed "held" at step 2 and washed 20
  of T1's shares: $160 lost for good, -$640 reported, while the pre-trade check and bench/planref saw none.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, Transaction
from taxrebal.engine.wash import adjust_lots

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from planref.product import product_plan  # noqa: E402
from planref.wash_check import realize  # noqa: E402

AS_OF = date(2026, 12, 1)


def household() -> Household:
    return Household(
        accounts=(Account("Tax", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VXUS", "Intl Stocks", 50.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("T1", "Tax", "VXUS", date(2023, 3, 1), 100, 5_800.0),
              Lot("I1", "IRA", "VXUS", date(2026, 11, 18), 50, 2_600.0)),
        transactions=(Transaction(date(2026, 11, 18), "IRA", "VXUS", Action.BUY, 50, 52.0, lot_id="I1"),
                      Transaction(date(2026, 11, 20), "Tax", "VXUS", Action.SELL, 20, 50.0, lot_id="S1",
                                  acquired=date(2024, 1, 10), basis=1_200.0)),
        targets=(Target("Intl Stocks", 0.0, band=0.0), Target("Bonds", 1.0, band=0.0)),  # sell all VXUS
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0))


@pytest.fixture(scope="module")
def plan():
    return plan_rebalance(adjust_lots(household()).household, as_of=AS_OF)


def test_the_past_sale_used_20_of_the_ira_shares():
    wash = adjust_lots(household())
    (sale,) = wash.sales
    assert (sale.disallowed, sale.permanent_disallowed) == pytest.approx((200.0, 200.0))


def test_the_ira_sale_comes_first_and_the_loss_sale_is_allowed_in_full(plan):
    ira = next(t for t in plan.trades if t.account == "IRA" and t.action is Action.SELL)
    t1 = next(s for s in plan.lot_sales if s.lot_id == "T1")
    assert ira.quantity == pytest.approx(50.0) and ira.step < t1.step
    assert t1.disallowed == 0.0
    assert (t1.reported_gain, t1.long_term) == pytest.approx((-800.0, True))
    assert (plan.realized_st, plan.realized_lt) == pytest.approx((0.0, -800.0))
    assert plan.tax_total == pytest.approx(-176.0, abs=0.005)


def test_the_independent_step_order_check_agrees():
    h = household()
    prod = product_plan(h)
    checked = realize(h, prod.plan)
    assert (checked.st, checked.lt, checked.disallowed) == pytest.approx((0.0, -800.0, 0.0))
    assert (prod.reported_st, prod.reported_lt) == pytest.approx((checked.st, checked.lt))
