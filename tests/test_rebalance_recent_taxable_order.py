"""A recent taxable lot of the identity a plan harvests: which sale comes first (fe7 finding 2).

Rule (IRC §1091(a), (d); Treas. Reg. §1.1091-1(c); §1223(3)): a loss sale is washed by identical
shares acquired within 30 days before it. Selling those shares first, so that none is held at the
loss sale, keeps the whole loss under taxrebal's reading (shares no longer held cannot wash; the
regulations are silent). With Sold Recent Shares Wash = Y the user reads §1091(a) literally ("has
acquired"): the recent shares wash even when sold first, so the plan sells the loss lot first; the
washed loss then sits in the recent shares' basis, with the loss lot's holding period, and their
own sale realizes it again: the same total under either reading.

Hand-worked household (2026-06-01): T-02, 50 VTI bought 2025-12-15 at $310 (a $500 short-term
loss at $300); T-11, 20 VTI bought 2026-05-26 at $305 (a $100 loss). The bands need VTI sold.

* N: T-11 first (-$100), then T-02 (-$500); T-02's Wash-Sale Status names T-11 sold before it.
* Y: T-02 first: 20 of its 50 loss shares are replaced by T-11, $200 disallowed (20 x $10), -$300
  reported; then T-11, basis $6,100 + $200 = $6,300, its holding period including T-02's (§1223(3)):
  held on the sale day, it counts from the earlier start, T-02's 2025-12-15: 6,000 - 6,300 = -$300.
  Total -$600 both ways.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 6, 1)


def household(literal: bool) -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "US Stocks", 300.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("T-02", "Taxable", "VTI", date(2025, 12, 15), 50, 15_500.0),
              Lot("T-11", "Taxable", "VTI", date(2026, 5, 26), 20, 6_100.0),
              Lot("I-1", "IRA", "BND", None, 180, None)),
        targets=(Target("US Stocks", 0.0, band=0.0), Target("Bonds", 1.0, band=0.0)),  # sell all 70 VTI
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0,
                          sold_recent_shares_wash=literal))


def sales(plan):
    return {s.lot_id: s for s in plan.lot_sales}


def test_without_the_literal_reading_the_recent_lot_goes_first_and_the_loss_sale_says_so():
    plan = plan_rebalance(household(False), as_of=AS_OF)
    s = sales(plan)
    assert s["T-11"].step < s["T-02"].step
    assert s["T-11"].reported_gain == pytest.approx(-100.0)
    assert s["T-02"].reported_gain == pytest.approx(-500.0) and s["T-02"].disallowed == 0.0
    # the status is true for the row: VTI was bought in the window, and the row names that lot
    assert "T-11" in s["T-02"].wash_status and "sells before this sale" in s["T-02"].wash_status
    assert "T-11" not in s["T-11"].wash_status  # the lot is not "other than" itself
    t11 = next(t for t in plan.trades if t.step == s["T-11"].step)
    assert "Sell it before the loss sales of VTI" in t11.note


def test_with_the_literal_reading_the_loss_sale_goes_first_and_the_recent_lot_realizes_it_again():
    plan = plan_rebalance(household(True), as_of=AS_OF)
    s = sales(plan)
    assert s["T-02"].step < s["T-11"].step
    assert s["T-02"].disallowed == pytest.approx(200.0)  # 20 of its 50 loss shares replaced by T-11
    assert s["T-02"].reported_gain == pytest.approx(-300.0)
    assert s["T-11"].basis == pytest.approx(6_300.0)  # $6,100 + the $200 washed into it (§1091(d))
    assert s["T-11"].reported_gain == pytest.approx(-300.0)
    assert s["T-11"].acquired == date(2025, 12, 15)  # held on T-02's sale day: T-02's start (§1223(3))
    t11 = next(t for t in plan.trades if t.step == s["T-11"].step)
    assert "Sold after the loss sales of VTI" in t11.note
    assert plan.realized_st + plan.realized_lt == pytest.approx(-600.0)  # the same total as with N
