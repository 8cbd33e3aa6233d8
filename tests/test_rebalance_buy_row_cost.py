"""A lot linked to a Buy row by its date only: its shares cost what the Lots sheet says, in the plan's
Lot Sales as in its model and the pre-trade check (reading 1 of engine/wash.py; issue 9 item 4: the
10,000-lot bench's ZMDAU step reported a basis $365.18 above the lot's, called a washed loss).

Rule (IRC §1012, §1091(a), (d); Treas. Reg. §1.1091-1(c)): a sale's gain is proceeds minus the shares'
basis; a loss is washed only by other identical shares acquired within 30 days before or after it and
still held (taxrebal's reading 4: shares the plan sold in an earlier step are not).

Hand-worked household (As Of 2026-12-01, single, $100,000 ordinary income, no state tax):

    Tax  R1  100 VTI bought 2026-11-20, $10,500 on the Lots sheet ($105 a share)
    Tax  T1  100 VTI bought 2022-01-05, $12,000 ($120 a share)
    Transactions: a Buy of 40 VTI at $110 on 2026-11-20 in Tax, no Lot ID (linked to R1 by its date)

VTI is at $100 and the targets sell every VTI share. R1 is a recent purchase that would wash T1's
loss, so the plan sells it first: step 1, R1: 100 x (100 - 105) = -$500 short-term (its own purchase
does not replace it, and no other VTI was bought in 2026-11-01..2026-12-01); step 2, T1: -$2,000
long-term, nothing washes it (R1 no longer held). ST -$500, LT -$2,000: -2,500 x 22% = -$550.00 (taxable
income 83,900, in the 22% bracket; the net loss is under the $3,000 limit, §1211(b)).
Before, the wash engine priced R1's shares at the Buy row's $110: -$1,000 short-term, and Lot Sales
said its basis "includes $500 of the loss washed by this plan's earlier sale of VTI".
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
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("R1", "Tax", "VTI", date(2026, 11, 20), 100, 10_500.0),
              Lot("T1", "Tax", "VTI", date(2022, 1, 5), 100, 12_000.0),
              Lot("B1", "IRA", "BND", date(2020, 1, 2), 10, 500.0)),
        transactions=(Transaction(date(2026, 11, 20), "Tax", "VTI", Action.BUY, 40, 110.0),),
        targets=(Target("US Stocks", 0.0, band=0.0), Target("Bonds", 1.0, band=0.0)),  # sell all VTI
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0))


@pytest.fixture(scope="module")
def plan():
    return plan_rebalance(adjust_lots(household()).household, as_of=AS_OF)


def test_the_recent_lot_is_sold_first_at_its_own_cost(plan):
    sales = {s.lot_id: s for s in plan.lot_sales}
    assert sales["R1"].step < sales["T1"].step
    assert (sales["R1"].basis, sales["R1"].reported_gain, sales["R1"].long_term) == pytest.approx(
        (10_500.0, -500.0, False))
    assert "washed by this plan" not in sales["R1"].wash_status
    assert (sales["T1"].disallowed, sales["T1"].reported_gain) == pytest.approx((0.0, -2_000.0))


def test_the_plan_reports_what_its_steps_realize(plan):
    assert (plan.realized_st, plan.realized_lt) == pytest.approx((-500.0, -2_000.0))
    assert plan.tax_total == pytest.approx(-550.0, abs=0.005)
    sells = [t for t in plan.trades if t.action is Action.SELL and t.account == "Tax"]
    assert sum(t.realized_st for t in sells) == pytest.approx(-500.0)


def test_the_independent_step_order_check_agrees():
    h = household()
    prod = product_plan(h)
    checked = realize(h, prod.plan)
    assert (checked.st, checked.lt, checked.disallowed) == pytest.approx((-500.0, -2_000.0, 0.0))
    assert (prod.reported_st, prod.reported_lt) == pytest.approx((checked.st, checked.lt))
