"""A recent lot sold *after* the loss it replaces: its order comes after that loss sale, so the steps as
written and the figures reported are one computation.

The rule (IRC §1091(a), (d); Treas. Reg. §1.1091-1(c)-(e); IRC §1223(3); IRS Pub 550 "Wash Sales"):
a loss sale matched with substantially identical shares acquired within 30 days before or after it
is disallowed for as many shares as were acquired (fewer acquired than sold: only that part,
(c)); the disallowed loss goes into the replacement shares' basis and their holding period includes
the sold shares' (one held on the sale day counts from the earlier of the two starts, engine/wash.py).
Shares sold before the loss sale are no longer held and replace
nothing (reading 4 of engine/wash.py, ours: the regulations are silent).

The household (the pattern of the plan-quality bench's seeds 7, 8 and 16): RA and RB share the
Identical Group R (substantially identical); one taxable account; As Of 2026-12-01; REIT target 0%
with no band, so the plan sells every R share. Min Trade $150 keeps B2 ($100) from an order of
its own, so it is sold in one order with B1.

    A1  100 RA  bought 2024-06-03  $10,000  (price $90: a $1,000 long-term loss, $10 a share)
    A2    2 RA  reinvested 2026-11-20  $176 (price $90: +$4 short-term)
    B1   50 RB  bought 2023-08-15  $2,000   (price $50: +$500 long-term)
    B2    2 RB  reinvested 2026-11-16  $96  (price $50: +$4 short-term)

Worked by hand, every RB share sold after A1 (the plan's choice: B2 chained to A1's loss):
- A1 (held 911 days, long-term): replacement shares acquired 2026-11-01..2026-12-31 and still held
  are B2 (11-16) and A2 (11-20): 4 shares of the 100 sold, so 4 x $10 = $40 is disallowed and A1
  reports -$1,000 + $40 = -$960 long-term.
- B2: basis $96 + $20 = $116; held on A1's sale day, it counts from the earlier of its 2026-11-16 and
  A1's 2024-06-03: 2024-06-03 (long-term): $100 - $116 = -$16 long-term. A2 the same: $196, from
  2024-06-03, -$16 long-term. B1: +$500 long-term.
- The plan: short-term $0, long-term -$960 + $500 - $16 - $16 = -$492.
Had the RB order been placed before A1 (as it was: its oldest shares, B1, are older than A1's), B2
would be gone at A1's sale: B2 a +$4 short-term gain, A1 washed by A2 alone (-$980), so ST +$4 and
LT -$496, while the plan reported 0 / -492. The bench's independent check (bench/planref, no
product code) re-prices the plan's steps and must agree.
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
        securities=(Security("RA", "REIT", 90.0, identical_group="R"),
                    Security("RB", "REIT", 50.0, identical_group="R"),
                    Security("AGG", "Bonds", 100.0)),
        lots=(Lot("A1", "Tax", "RA", date(2024, 6, 3), 100, 10_000.0),
              Lot("A2", "Tax", "RA", date(2026, 11, 20), 2, 176.0),
              Lot("B1", "Tax", "RB", date(2023, 8, 15), 50, 2_000.0),
              Lot("B2", "Tax", "RB", date(2026, 11, 16), 2, 96.0),
              Lot("Z", "IRA", "AGG", date(2020, 1, 1), 200, 15_000.0)),
        transactions=(Transaction(date(2026, 11, 20), "Tax", "RA", Action.REINVEST, 2, 88.0, lot_id="A2"),
                      Transaction(date(2026, 11, 16), "Tax", "RB", Action.REINVEST, 2, 48.0, lot_id="B2")),
        targets=(Target("REIT", 0.0, band=0.0), Target("Bonds", 1.0)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=150.0),
    )


@pytest.fixture(scope="module")
def plan():
    h = household()
    return plan_rebalance(adjust_lots(h).household, as_of=AS_OF)


def test_the_order_holding_a_recent_lot_chained_to_a_loss_comes_after_that_loss_sale(plan):
    step = {s.lot_id: s.step for s in plan.lot_sales}
    assert step["B1"] == step["B2"]  # one order: B2 alone is under Min Trade
    assert step["A1"] < step["B2"]
    assert step["A1"] < step["A2"]


def test_each_lot_reports_the_hand_worked_figures(plan):
    rows = {s.lot_id: s for s in plan.lot_sales}
    assert (rows["A1"].disallowed, rows["A1"].reported_gain, rows["A1"].long_term) == pytest.approx((40, -960, True))
    assert (rows["B2"].basis, rows["B2"].reported_gain) == pytest.approx((116, -16))
    assert rows["B2"].acquired == date(2024, 6, 3) and rows["B2"].long_term  # A1's purchase, the earlier start
    assert (rows["A2"].basis, rows["A2"].reported_gain) == pytest.approx((196, -16))
    assert rows["A2"].acquired == date(2024, 6, 3) and rows["A2"].long_term
    assert (rows["B1"].reported_gain, rows["B1"].long_term) == pytest.approx((500, True))


def test_the_plan_reports_what_its_steps_realize(plan):
    assert (plan.realized_st, plan.realized_lt) == pytest.approx((0.0, -492.0))
    sells = [t for t in plan.trades if t.action is Action.SELL]
    assert sum(t.realized_st for t in sells) == pytest.approx(0.0)
    assert sum(t.realized_lt for t in sells) == pytest.approx(-492.0)


def test_the_independent_step_order_check_agrees():
    h = household()
    prod = product_plan(h)
    checked = realize(h, prod.plan)
    assert (checked.st, checked.lt) == pytest.approx((0.0, -492.0))
    assert (prod.reported_st, prod.reported_lt) == pytest.approx((checked.st, checked.lt))
