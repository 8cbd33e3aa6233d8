"""Recent shares chained to a loss in another account are sold after that loss sale, even when their
order holds older shares than the loss lot's.

The rule (IRC §1091(a), (d); Treas. Reg. §1.1091-1(c); IRC §1223(3); IRS Pub 550 "Wash Sales"): a loss
sale is washed by substantially identical shares acquired within 30 days of it in any account of the
household and still held (reading 4 of engine/wash.py, ours); the washed loss moves into their basis
with the sold shares' holding period, so selling them afterwards in the same plan realizes it again,
long-term. Shares sold before the loss sale replace nothing.

Plan-quality seed 132: Joint Brokerage sold L005 (a loss) with recent shares chained after it in one
order; Brokerage sold an old gain lot with 3.7674 recent shares chained to L005 in one order. Both
orders held a chained piece, and the older lot went first: the 3.7674 shares were sold two steps before
the loss they recover, a $3.43 short-term gain under Allow Short-Term Gains = N.

The household (one fund RA in two taxable accounts, As Of 2026-12-01, price $90, target 0%: every share
is sold; Min Trade $200 keeps each $180 recent lot in its account's one order):

    Tax1  A1  100 RA  bought 2024-06-03  $10,000  (-$1,000 long-term, $10 a share)
    Tax1  A2    2 RA  reinvested 2026-11-20  $176  (+$4 short-term)
    Tax2  B1   50 RA  bought 2023-08-15  $2,000   (+$2,500 long-term; older than A1)
    Tax2  B2    2 RA  reinvested 2026-11-16  $176  (+$4 short-term)

By hand, both recent lots sold after A1 (in their orders after it): A1's replacements acquired
2026-11-01..12-31 and held at its sale are B2 and A2, 4 of its 100 shares, so $40 is disallowed and A1
reports -$960 long-term; A2 and B2 each take $20 into their basis ($196) and A1's holding period:
$180 - $196 = -$16 long-term each; B1 +$2,500. The plan: short-term $0, long-term -$960 - $16 - $16 +
$2,500 = $1,508. With Tax2's order first (its oldest shares, B1, predate A1): B2 +$4 short-term, A1
washed by A2 alone (-$980): ST +$4, LT $1,504, while the plan reported $0 / $1,508.
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
        accounts=(Account("Tax1", "Taxable"), Account("Tax2", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("RA", "REIT", 90.0), Security("AGG", "Bonds", 100.0)),
        lots=(Lot("A1", "Tax1", "RA", date(2024, 6, 3), 100, 10_000.0),
              Lot("A2", "Tax1", "RA", date(2026, 11, 20), 2, 176.0),
              Lot("B1", "Tax2", "RA", date(2023, 8, 15), 50, 2_000.0),
              Lot("B2", "Tax2", "RA", date(2026, 11, 16), 2, 176.0),
              Lot("Z", "IRA", "AGG", date(2020, 1, 1), 200, 15_000.0)),
        transactions=(Transaction(date(2026, 11, 20), "Tax1", "RA", Action.REINVEST, 2, 88.0, lot_id="A2"),
                      Transaction(date(2026, 11, 16), "Tax2", "RA", Action.REINVEST, 2, 88.0, lot_id="B2")),
        targets=(Target("REIT", 0.0, band=0.0), Target("Bonds", 1.0)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=200.0),
    )


@pytest.fixture(scope="module")
def plan():
    h = household()
    return plan_rebalance(adjust_lots(h).household, as_of=AS_OF)


def test_the_order_with_recent_shares_chained_to_another_accounts_loss_comes_after_it(plan):
    step = {s.lot_id: s.step for s in plan.lot_sales}
    assert step["A1"] == step["A2"] and step["B1"] == step["B2"]  # each recent lot alone is under Min Trade
    assert step["A1"] < step["B2"]


def test_each_lot_reports_the_hand_worked_figures(plan):
    rows = {s.lot_id: s for s in plan.lot_sales}
    assert (rows["A1"].disallowed, rows["A1"].reported_gain) == pytest.approx((40, -960))
    assert (rows["A2"].basis, rows["A2"].reported_gain, rows["A2"].long_term) == pytest.approx((196, -16, True))
    assert (rows["B2"].basis, rows["B2"].reported_gain, rows["B2"].long_term) == pytest.approx((196, -16, True))
    assert (plan.realized_st, plan.realized_lt) == pytest.approx((0.0, 1_508.0))


def test_the_independent_step_order_check_agrees():
    h = household()
    prod = product_plan(h)
    checked = realize(h, prod.plan)
    assert (checked.st, checked.lt) == pytest.approx((0.0, 1_508.0))
    assert (prod.reported_st, prod.reported_lt) == pytest.approx((checked.st, checked.lt))
