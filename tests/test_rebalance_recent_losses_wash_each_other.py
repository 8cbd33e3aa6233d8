"""Two recent taxable loss lots of one identity in different accounts, both sold at a loss: the one sold
first is washed by the other, still held then, and the other's sale realizes that loss again (issue 9
items 1 and 4).

Rule (IRC §1091(a), (d); Treas. Reg. §1.1091-1(c)-(e); IRC §1223(3); taxrebal's reading 4 of
engine/wash.py): a loss sale is washed by identical shares acquired within 30 days before or after
it, in any account, that are still held; only as many loss shares wash as replacement shares there
are; the disallowed loss goes into the replacement shares' basis with the sold shares' holding period;
shares sold earlier replace nothing.

Hand-worked household (As Of 2026-12-01, single, $100,000 ordinary income, no state tax; taxable
income 83,900, in the 22% bracket), VTI at $100:

    A  A1  10 VTI bought 2026-11-10, $1,100 ($10 a share loss, $100)
    B  B1  20 VTI bought 2026-11-15, $2,120 ($6 a share loss, $120)

* Every VTI share sold (US Stocks 0%), A's order first (step 1), then B's (step 2):
  A1: B1 (bought 16 days before, still held) replaces its 10 shares: $100 disallowed, reported $0;
  10 of B1's shares carry +$10 each and A1's holding period: held on the sale day, they count from the
  earlier of B1's 2026-11-15 and A1's 2026-11-10 (IRC §1223(3), each day once): 2026-11-10.
  B1: A1 is gone; the 10 adjusted shares 1,000 - 1,160 = -$160, the other 10 1,000 - 1,060 = -$60.
  ST -$220 (= the two losses: nothing is left deferred), LT $0, -220 x 22% = -$48.40.
* 15 VTI sold (US Stocks 18.75%: 1,500 of 8,000 kept), ``a`` shares of A1 (step 1, bought first) and
  15 - a of B1 (step 2), worked by hand:
  - B1's 15 shares alone (a = 0): A1 (held) replaces 10 of them: $60 disallowed into A1's basis (kept),
    $30 allowed: ST -$30, -$6.60. B1's 5 kept shares do not replace its own sale (reading 2);
  - A1 then 5 of B1 (a = 10): A1 washed by B1 ($100 into 10 B1 shares); B1's 5 shares sold are the
    washed ones (a lot's washed shares are relieved first, reading 5): 5 x (100 - 106 - 10) = -$80:
    ST -$80, -$17.60, the rest ($50) deferred in B1's 5 kept adjusted shares;
  - 7.5 <= a <= 10 alike: A1's a shares washed into a B1 shares ($10 each); B1's 15 - a sold are all
    such shares, 16(15 - a) of loss, of which A1's 10 - a kept shares wash 16(10 - a): -$80 again
    (a = 7.5: $75 into B1, B1's 7.5 shares -$120 with $40 disallowed). Below 7.5 B1 sells unadjusted
    shares too and A1's kept shares wash its adjusted ones first: a = 5 gives -$30.
  The model reads the two rules the engine does (a lot is not its own replacement; a recent loss lot
  sold after an earlier one realizes the loss it carries again, engine/rebalance/wash_exposure.py), so
  the plan realizes -$80 (before, its model saw B1's kept shares washing its own sale and could write
  B1 alone, -$30), and its figures are those of its steps, as the independent check of bench/planref
  computes them.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from taxrebal.engine.plan import plan_as_proposed_trades
from taxrebal.engine.pretrade import WarningKind, check_trades
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target
from taxrebal.engine.wash import adjust_lots

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from planref.product import product_plan  # noqa: E402
from planref.wash_check import realize  # noqa: E402

AS_OF = date(2026, 12, 1)


def household(us_stocks: float) -> Household:
    return Household(
        accounts=(Account("A", "Taxable"), Account("B", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("A1", "A", "VTI", date(2026, 11, 10), 10, 1_100.0),
              Lot("B1", "B", "VTI", date(2026, 11, 15), 20, 2_120.0),
              Lot("Z", "IRA", "BND", date(2020, 1, 2), 100, 5_000.0)),
        targets=(Target("US Stocks", us_stocks, band=0.0), Target("Bonds", 1.0 - us_stocks, band=0.0)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0))


def _rows(plan):
    return sorted((s.step, s.lot_id, round(s.quantity, 6), round(s.basis, 2), round(s.reported_gain, 2),
                   round(s.disallowed, 2)) for s in plan.lot_sales)


def test_both_sold_the_first_is_washed_by_the_second_and_the_second_realizes_it():
    plan = plan_rebalance(adjust_lots(household(0.0)).household, as_of=AS_OF)
    assert _rows(plan) == [(1, "A1", 10.0, 1_100.0, 0.0, 100.0),
                           (2, "B1", 10.0, 1_060.0, -60.0, 0.0),
                           (2, "B1", 10.0, 1_160.0, -160.0, 0.0)]
    tacked = next(s for s in plan.lot_sales if s.lot_id == "B1" and s.basis > 1_100)
    assert tacked.acquired == date(2026, 11, 10) and not tacked.long_term
    assert (plan.realized_st, plan.realized_lt) == pytest.approx((-220.0, 0.0))
    assert plan.tax_total == pytest.approx(-48.40, abs=0.005)
    # the pre-trade check of the plan's own trades finds A1's wash, and the plan states it on Lot Sales
    (w,) = check_trades(household(0.0), plan_as_proposed_trades(plan, AS_OF), AS_OF)
    assert w.kind is WarningKind.SALE_WASHED_BY_RECENT_BUY and w.amount_at_stake == pytest.approx(100.0)


def test_part_sold_the_figures_are_those_of_the_steps_written():
    h = household(0.1875)
    plan = plan_rebalance(adjust_lots(h).household, as_of=AS_OF)
    sold = sum(t.quantity for t in plan.trades if t.action is Action.SELL)
    assert sold == pytest.approx(15.0)
    rows = _rows(plan)
    (a,) = [q for step, lot, q, *_ in rows if (step, lot) == (1, "A1")]
    assert 7.5 - 1e-6 <= a <= 10.0 + 1e-6
    assert sum(q for step, lot, q, *_ in rows if (step, lot) == (2, "B1")) == pytest.approx(15.0 - a)
    assert (plan.realized_st, plan.realized_lt) == pytest.approx((-80.0, 0.0))
    assert plan.tax_total == pytest.approx(-17.60, abs=0.005)
    prod = product_plan(h)
    checked = realize(h, prod.plan)
    assert (checked.st, checked.lt) == pytest.approx((-80.0, 0.0))
    assert (prod.reported_st, prod.reported_lt) == pytest.approx((checked.st, checked.lt))
