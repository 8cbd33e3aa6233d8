"""The benchmark reference's dated loss sales (bench/planref/waits.py) and the law's window around them.

Two readings of IRC §1091(a) ("... within a period beginning 30 days before the date of such sale or
disposition and ending 30 days after such date") that the reference once got wrong, each on a
household worked by hand (Treas. Reg. §1.1091-1(a), (c); Rev. Rul. 2008-5):

1. **A dated sale's replacement is a purchase too.** A loss lot sold on a later day ``d`` keeps its
   class by buying another fund with its proceeds that day. That purchase washes a loss sale of the
   fund's identity made within 30 days before ``d`` (today's) or within 30 days of ``d`` (dated). The
   reference counted it as clean whatever it bought.
2. **A purchase today does not wash a sale 31 or more days later.** The reference forbade selling at
   a loss on any later day an identity the plan buys today; only a sale within 30 days of the purchase
   is washed.

Both households: single, 2026, $100,000 of wages and $20,000 of short-term gains realized this year,
no state tax. Taxable income 100,000 + 20,000 - 16,100 (standard deduction) = $103,900, in the 22%
bracket ($50,400-$105,700, Rev. Proc. 2025-32) with up to $3,200 of loss; AGI under NIIT's $200,000
(IRC §1411); a long-term loss nets against the short-term gain (Schedule D line 16 stays a gain, no
net capital gain: all of it ordinary). So every dollar of loss, short or long, saves **$0.22**.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from planref.optimum import solve
from planref.plans import BuyOrder, RefPlan, SellPiece, apply_plan, band_breaches
from planref.tax_rules import Situation, plan_tax
from planref.wash_check import realize

from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    Security,
    Settings,
    Target,
    Transaction,
)


def _settings(as_of: date) -> Settings:
    return Settings(as_of=as_of, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0,
                    realized_st_ytd=20_000.0, realized_lt_ytd=0.0, state_tax_rate=0.0, whole_shares=True,
                    min_trade=0.0, allow_short_term_gains=True)


# --- 1. the replacement bought on the dated sale's day ----------------------------------------------

TODAY_1 = date(2026, 12, 4)
DAY_1 = date(2026, 12, 21)  # R bought 2026-11-20, + 31 days: Monday 2026-12-21


def _replacement_household(menu: frozenset[str]) -> Household:
    """As Of 2026-12-04. Taxable: lot A, 10 X bought 2026-03-02 for $1,500 at $105 (a $450 short-term
    loss); lot R, 10 X bought 2026-11-20 for $1,000 (still held: it washes A sold before 2026-12-21);
    lot C, 10 Y bought 2025-06-02 for $600 at $50 (a $100 long-term loss); lot B1, 26 bonds at $100
    bought for $2,500 (a gain: no plan gains by selling it). Stocks $2,600 and Bonds $2,600, 50% each
    with a 10-point band: selling C alone leaves Stocks at 2,100 / 5,200 = 40.4%, within. Z is a third
    stock fund (no lot)."""
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("X", "Stocks", 105.0), Security("Y", "Stocks", 50.0), Security("Z", "Stocks", 25.0),
                    Security("B", "Bonds", 100.0)),
        lots=(Lot("A", "Taxable", "X", date(2026, 3, 2), 10, 1_500.0),
              Lot("R", "Taxable", "X", date(2026, 11, 20), 10, 1_000.0),
              Lot("C", "Taxable", "Y", date(2025, 6, 2), 10, 600.0),
              Lot("B1", "Taxable", "B", date(2020, 1, 2), 26, 2_500.0)),
        transactions=(Transaction(date(2026, 11, 20), "Taxable", "X", Action.BUY, 10, 100.0),),
        targets=(Target("Stocks", 0.5, band=0.10), Target("Bonds", 0.5, band=0.10)),
        settings=_settings(TODAY_1), menus={"Taxable": menu})


def _tax(h: Household, plan: RefPlan) -> float:
    r = realize(h, plan)
    return plan_tax(Situation.from_settings(h.settings), r.st, r.lt)


def test_a_dated_sales_replacement_washes_a_loss_sold_within_30_days_before_it():
    """C sold today (2026-12-04) and A dated 2026-12-21, its $1,050 buying 21 Y that day: Y is bought 17
    days after C's sale, so C's 10 shares are matched with 10 of the 21 (Reg. §1.1091-1(c)) and its whole
    $100 is disallowed (deferred into their basis, IRC §1091(d)): only A's $450 counts, -$99.00. Bought
    31 days after C's sale (a day with no washing purchase of X left: none here), Y would wash nothing."""
    h = _replacement_household(frozenset({"X", "Y", "B"}))
    sells = (SellPiece(1, "C", 10), SellPiece(2, "A", 10, on=DAY_1))
    washing = RefPlan(sells, (BuyOrder(2, "Taxable", "Y", 21, on=DAY_1),))
    r = realize(h, washing)
    assert (r.st, r.lt, r.disallowed) == (pytest.approx(-450.0), pytest.approx(0.0), pytest.approx(100.0))
    assert _tax(h, washing) == pytest.approx(-99.0, abs=0.005)
    # what the reference used to count: the dated sale with no purchase that day, -$550 x 22%
    assert _tax(h, RefPlan(sells, ())) == pytest.approx(-121.0, abs=0.005)
    # the purchase moves nothing today (a dated buy), and its day is a trading day of 2026
    out = apply_plan(h, washing)
    assert not out.problems and out.values["Stocks"] == pytest.approx(2_100.0)
    later = RefPlan(sells[:1] + (SellPiece(2, "A", 10, on=date(2027, 1, 4)),),
                    (BuyOrder(2, "Taxable", "Y", 21, on=date(2027, 1, 4)),))
    assert realize(h, later).disallowed == 0.0  # 31 days after C's sale: Y washes nothing


def test_the_reference_counts_no_dated_harvest_its_own_replacement_would_wash():
    """Menus: Taxable may buy X, Y and bonds, not Z. Every way to count a loss this year (As Of 2026-12-04,
    + 31 days is next year, so the only later day is 2026-12-21):

    * C today alone: -$100 x 22% = -$22.00;
    * A dated 2026-12-21 (replacement Y, the only other stock fund the account may buy), C kept: -$99.00;
    * both: Y bought on 2026-12-21 washes C's loss: still -$99.00 (not -$121.00);
    * A today: R washes it unless R is sold first (+$50, -$450: -$88.00), and then the $2,100 of stocks
      sold take Stocks to 500 / 5,200 = 9.6%: the plan must buy $1,580 of stocks back, X (which would
      wash A: the contract forbids it) or Y (then C may not be harvested): -$88.00 at best.
    So the least tax is -$99.00."""
    h = _replacement_household(frozenset({"X", "Y", "B"}))
    opt = solve(h)
    assert opt.status == "optimal"
    assert opt.tax == pytest.approx(-99.0, abs=0.01)
    assert opt.achieved_tax == pytest.approx(-99.0, abs=0.01)
    assert [(p.lot_id, p.on) for p in opt.plan.sells if p.on] == [("A", DAY_1)]
    assert [(b.symbol, b.on) for b in opt.plan.buys if b.on] == [("Y", DAY_1)]
    assert not apply_plan(h, opt.plan).problems


def test_with_a_clean_fund_on_the_menu_the_dated_harvest_and_todays_both_count():
    """The same household with Z on the Taxable menu: A dated 2026-12-21 buys Z that day (no lot of Z is
    sold at a loss), C sold today: -$550 x 22% = -$121.00."""
    h = _replacement_household(frozenset({"X", "Y", "Z", "B"}))
    opt = solve(h)
    assert opt.tax == pytest.approx(-121.0, abs=0.01)
    assert opt.achieved_tax == pytest.approx(-121.0, abs=0.01)
    assert [(b.symbol, b.quantity, b.on) for b in opt.plan.buys if b.on] == [("Z", pytest.approx(42.0), DAY_1)]


# --- 2. a purchase today, a loss sale 31+ days later --------------------------------------------------

TODAY_2 = date(2026, 11, 25)
DAY_2 = date(2026, 12, 28)  # 2026-11-25 + 31 days = Saturday 2026-12-26; the next trading day


def _bought_today_household() -> Household:
    """As Of 2026-11-25. Taxable: lot A, 10 X bought 2026-03-02 for $1,500 at $105 (a $450 short-term
    loss); lot B1, 21 bonds at $100 bought for $2,000 (a gain: no plan gains by selling it). IRA: $1,050
    of cash, its menu X only. Stocks $1,050 of $4,200 = 25%, target 50% with a 5-point band: at least
    $840 of stocks must be bought. The Taxable account has no cash and may sell at most 2 bonds (Bonds
    may not fall under 45% of $4,200 = $1,890): $200, far short. So the IRA buys at least 8 X today
    (8 x $105 = $840: Stocks 1,890 / 4,200 = 45.0%)."""
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA", cash=1_050.0)),
        securities=(Security("X", "Stocks", 105.0), Security("Y", "Stocks", 50.0), Security("B", "Bonds", 100.0)),
        lots=(Lot("A", "Taxable", "X", date(2026, 3, 2), 10, 1_500.0),
              Lot("B1", "Taxable", "B", date(2020, 1, 2), 21, 2_000.0)),
        targets=(Target("Stocks", 0.5, band=0.05), Target("Bonds", 0.5, band=0.05)),
        settings=_settings(TODAY_2), menus={"Taxable": frozenset({"X", "Y", "B"}), "IRA": frozenset({"X"})})


def test_a_purchase_today_washes_a_loss_sold_within_30_days_not_31():
    """The IRA's 8 X bought 2026-11-25: A sold the same day or any day through 2026-12-25 is matched with
    8 of its 10 shares, $360 lost for good (Rev. Rul. 2008-5), $90 counts: -$19.80. Sold on 2026-12-28,
    33 days later, none of it: -$450 x 22% = -$99.00."""
    h = _bought_today_household()
    buy = BuyOrder(1, "IRA", "X", 8)
    for day in (None, date(2026, 12, 24)):
        plan = RefPlan((SellPiece(2, "A", 10, on=day),), (buy,))
        assert realize(h, plan).disallowed == pytest.approx(360.0)
        assert _tax(h, plan) == pytest.approx(-19.80, abs=0.005)
    plan = RefPlan((SellPiece(2, "A", 10, on=DAY_2),), (buy, BuyOrder(2, "Taxable", "Y", 21, on=DAY_2)))
    assert realize(h, plan).disallowed == 0.0
    assert _tax(h, plan) == pytest.approx(-99.0, abs=0.005)


def test_the_reference_buys_today_and_dates_the_loss_sale_31_days_later():
    """The least tax is -$99.00: the IRA buys X today (the bands need it), A is sold on 2026-12-28 and its
    proceeds buy 21 Y that day. The reference that forbade any dated loss sale of an identity bought
    today could not harvest A at all ($0.00)."""
    h = _bought_today_household()
    opt = solve(h)
    assert opt.status == "optimal"
    assert opt.tax == pytest.approx(-99.0, abs=0.01)
    assert opt.achieved_tax == pytest.approx(-99.0, abs=0.01)
    assert [(p.lot_id, p.quantity, p.on) for p in opt.plan.sells] == [("A", pytest.approx(10), DAY_2)]
    today_buys = [(b.account, b.symbol) for b in opt.plan.buys if b.on is None]
    assert today_buys == [("IRA", "X")]
    assert [(b.account, b.symbol, b.on) for b in opt.plan.buys if b.on] == [("Taxable", "Y", DAY_2)]
    out = apply_plan(h, opt.plan)
    assert not out.problems and not band_breaches(h, out.values, out.total)
