"""The benchmark reference's dated loss sales (bench/planref/waits.py), on a household worked by hand.

Household (As Of 2026-11-25, single, 2026): $100,000 of wages, $20,000 of short-term gains realized
this year, no other income, no state tax. One Taxable account: lot A, 10 X bought 2026-03-02 for
$1,500 (price $105: a $450 short-term loss); lot R, 10 X bought 2026-11-15 for $1,000 (a $50
short-term gain); lot B1, 21 bonds at $100, bought for $1,050 in 2020 (a long-term gain). Stocks
and Bonds 50% each, 5-point bands: every class is on target, so no sale is needed; Y is another
stock fund (not identical to X).

Hand arithmetic of the return (2026 single: standard deduction $16,100; the 22% bracket runs from
$50,400 to $105,700, Rev. Proc. 2025-32): taxable income 100,000 + 20,000 - 16,100 = $103,900, in the
22% bracket, and it stays there with up to $3,200 less; AGI is under NIIT's $200,000 (IRC §1411). So
each dollar of short-term loss saves $0.22.

* sell A today: R (bought 10 days before, still held) replaces all 10 shares, the whole $450 is
  disallowed (IRC §1091(a), Treas. Reg. §1.1091-1(a)) and deferred into R's basis: $0 this year;
* sell R first (+$50), then A (-$450): -$400, saves $88.00;
* sell A, then R: R's basis $1,000 + $450 (IRC §1091(d)) against $1,050 of proceeds: -$400, $88.00;
* sell A on 2026-12-16 (2026-11-15 + 31 days: R was bought more than 30 days before), R kept:
  the whole $450 short-term loss this year, saves 450 x 22% = **$99.00**: the least tax.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from planref.optimum import solve
from planref.plans import RefPlan, SellPiece, apply_plan, band_breaches
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

AS_OF = date(2026, 11, 25)
CLEAR = date(2026, 12, 16)  # 2026-11-15 + 31 days


def _household(**settings) -> Household:
    base = dict(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0,
                realized_st_ytd=20_000.0, realized_lt_ytd=0.0, state_tax_rate=0.0, whole_shares=True,
                min_trade=0.0, allow_short_term_gains=True)
    base.update(settings)
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("X", "Stocks", 105.0), Security("Y", "Stocks", 50.0), Security("B", "Bonds", 100.0)),
        lots=(Lot("A", "Taxable", "X", date(2026, 3, 2), 10, 1_500.0),
              Lot("R", "Taxable", "X", date(2026, 11, 15), 10, 1_000.0),
              Lot("B1", "Taxable", "B", date(2020, 1, 2), 21, 1_050.0)),
        transactions=(Transaction(date(2026, 11, 15), "Taxable", "X", Action.BUY, 10, 100.0),),
        targets=(Target("Stocks", 0.5, band=0.05), Target("Bonds", 0.5, band=0.05)),
        settings=Settings(**base))


def test_the_hand_worked_figures_of_each_way_to_sell_the_loss():
    h = _household()
    sit = Situation.from_settings(h.settings)

    def tax(*sells: SellPiece) -> float:
        r = realize(h, RefPlan(sells, ()))
        return plan_tax(sit, r.st, r.lt)

    assert tax(SellPiece(1, "A", 10)) == pytest.approx(0.0, abs=0.005)
    assert tax(SellPiece(1, "R", 10), SellPiece(2, "A", 10)) == pytest.approx(-88.0, abs=0.005)
    assert tax(SellPiece(1, "A", 10), SellPiece(2, "R", 10)) == pytest.approx(-88.0, abs=0.005)
    assert tax(SellPiece(1, "A", 10, on=CLEAR)) == pytest.approx(-99.0, abs=0.005)
    # a day earlier R was bought within the 30 days before the sale: all of it washes again
    assert tax(SellPiece(1, "A", 10, on=date(2026, 12, 15))) == pytest.approx(0.0, abs=0.005)


def test_the_optimum_dates_the_loss_sale_for_the_first_day_the_window_is_clear():
    h = _household()
    opt = solve(h)
    assert opt.status == "optimal"
    assert opt.tax == pytest.approx(-99.0, abs=0.01)
    assert opt.achieved_tax == pytest.approx(-99.0, abs=0.01)
    # 2026-12-16 is the first day clear of R; 2026-12-28 (As Of + 31 = Saturday 12-26, then Monday) is
    # also offered, the first day clear of a purchase of X today (none is made): both count the whole
    # $450 short-term, so either is the least tax
    [sale] = opt.plan.sells
    assert (sale.lot_id, sale.quantity) == ("A", pytest.approx(10)) and sale.on in (CLEAR, date(2026, 12, 28))
    # that day its $1,050 buy 21 Y (another stock fund) in the Taxable account, to stay in Stocks
    assert [(b.account, b.symbol, b.quantity, b.on) for b in opt.plan.buys] == [
        ("Taxable", "Y", pytest.approx(21.0), sale.on)]
    r = realize(h, opt.plan)
    assert (r.st, r.lt, r.disallowed) == (pytest.approx(-450.0), 0.0, 0.0)
    out = apply_plan(h, opt.plan)  # held today: today's classes as they were, within their bands
    assert not out.problems and not band_breaches(h, out.values, out.total)
    assert out.values["Stocks"] == pytest.approx(2_100.0)


def test_no_later_day_this_year_means_no_dated_sale():
    """As Of 2026-12-10: R (bought 2026-12-01) washes a sale until 2026-12-31, a Thursday; bought on
    2026-12-05 it would wash one until 2027-01-04, next year's return: then the best is $88.00."""
    h = _household()
    later = Household(h.accounts, h.securities,
                      (h.lots[0], Lot("R", "Taxable", "X", date(2026, 12, 5), 10, 1_000.0), h.lots[2]),
                      (Transaction(date(2026, 12, 5), "Taxable", "X", Action.BUY, 10, 100.0),),
                      h.targets, Settings(**{**h.settings.__dict__, "as_of": date(2026, 12, 10)}))
    opt = solve(later)
    assert opt.tax == pytest.approx(-88.0, abs=0.01)
    assert not any(p.on for p in opt.plan.sells)


def test_a_dated_sale_needs_a_replacement_the_account_may_buy():
    """With Menus allowing the Taxable account only X and B, a dated sale's proceeds could not stay in
    Stocks: none is offered. Today, Stocks may fall to 45% of $4,200 = $1,890 (buying X back would wash
    the loss, which the contract forbids): $210, 2 whole shares. Sell 1 R (+$5) then 1 A (-$45; R's
    sold share no longer replaces it): -$40 x 22% = -$8.80 (2 A: both washed, $0; 2 R: +$2.20)."""
    h = _household()
    h = Household(h.accounts, h.securities, h.lots, h.transactions, h.targets, h.settings,
                  menus={"Taxable": frozenset({"X", "B"})})
    opt = solve(h)
    assert opt.tax == pytest.approx(-8.80, abs=0.01)
    assert not any(p.on for p in opt.plan.sells)


def test_a_dated_sale_moves_nothing_today_and_must_fall_in_the_tax_year():
    h = _household()
    out = apply_plan(h, RefPlan((SellPiece(1, "A", 10, on=CLEAR),), ()))
    assert not out.problems and out.values["Stocks"] == pytest.approx(2_100.0) and out.values["Cash"] == 0.0
    bad = apply_plan(h, RefPlan((SellPiece(1, "A", 10, on=date(2027, 1, 4)),), ()))
    assert bad.problems == ("lot A: dated sale on 2027-01-04 is not a later trading day of 2026",)
