"""A class whose every fund the plan harvests: one identity's loss is held today so that all of it can be
dated (engine/rebalance/hold_for_later.py, issue 9).

The household, worked by hand (As Of 2026-11-25). One Taxable account, no cash. REIT: RA and RB at $50
(not substantially identical; no other REIT fund); Bonds: BND at $50. Lots, all bought 2024-01-10
(long-term): A1, 40 RA for $3,200 (-$30 a share, -$1,200) and A2, 60 RA for $3,120 (-$2 a share, -$120):
-$1,320 in all; B1, 40 RB for $3,220 (-$30.50 a share, -$1,220) and B2, 60 RB for $3,120 (-$120): -$1,340;
D1, 200 BND for $10,000. REIT $10,000 of $20,000, target 40% +/- 5: REIT ends between $7,000 and $9,000,
so $1,000-$3,000 of it is sold net today. Tax Mode Flat, 20% long-term, $50,000 of long-term gains this
year: every dollar of loss saves $0.20.

The law (IRC §1091(a); Treas. Reg. §1.1091-1(a)): a loss sale is washed by a purchase of its identity
within 30 days before or after it, a dated sale's replacement purchase included.

* Today alone the most loss is 60 shares at the largest losses, no REIT bought back: B1's 40 and 20 of
  A1, -$1,220 - $600 = -$1,820 (selling all of one fund and buying the other back harvests only
  -$1,340 today). The rest cannot be dated: an RB lot dated buys RA, an RA lot buys RB, each sold at a
  loss today (a purchase through 2026-12-25 washes it), and from 2026-12-28 on, one dated sale's
  purchase washes the other's. So -$1,820 this year: $364.00 less tax.
* Held for later: RB's lots stay whole today; the plan sells all of RA today (-$1,320) and buys RB
  back to stay within REIT's band (no RB loss is sold today: the purchase washes nothing); every RB lot
  is dated 2026-12-28, the first trading day 31 days after the plan's trades may fill (2026-11-26 + 31
  = Sunday 2026-12-27), buying RA that day, 33 days after RA's loss sales: -$1,340 more (each lot's
  loss above the $100 Harvest Min Loss). The whole $2,660 of loss counts this year: 2,660 x 20% =
  $532.00 less tax. (Holding RA instead is as good, -$1,340 today and -$1,320 dated; RB, the larger
  loss, is tried first and kept.)
"""

from dataclasses import replace
from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, TaxMode, Transaction

AS_OF = date(2026, 11, 25)
OLD = date(2024, 1, 10)


def _household() -> Household:
    settings = Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.40, flat_lt_rate=0.20,
                        state_tax_rate=0.0, realized_st_ytd=0.0, realized_lt_ytd=50_000.0, min_trade=0.0)
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("RA", "REIT", 50.0), Security("RB", "REIT", 50.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("A1", "Taxable", "RA", OLD, 40, 3_200.0), Lot("A2", "Taxable", "RA", OLD, 60, 3_120.0),
              Lot("B1", "Taxable", "RB", OLD, 40, 3_220.0), Lot("B2", "Taxable", "RB", OLD, 60, 3_120.0),
              Lot("D1", "Taxable", "BND", date(2020, 3, 2), 200, 10_000.0)),
        targets=(Target("REIT", 0.40, band=0.05), Target("Bonds", 0.60, band=0.05)),
        settings=settings)


def test_one_identitys_loss_is_held_today_and_all_of_it_dated():
    plan = plan_rebalance(_household(), as_of=AS_OF)
    sold_today = {ls.lot_id: ls.quantity for ls in plan.lot_sales}
    assert sold_today.get("A1") == pytest.approx(40) and sold_today.get("A2") == pytest.approx(60)
    assert "B1" not in sold_today and "B2" not in sold_today
    assert plan.realized_lt == pytest.approx(-1_320.0)
    assert sorted((w.lot_id, w.quantity, w.sell_on, w.replacement) for w in plan.waits) == [
        ("B1", 40, date(2026, 12, 28), "RA"), ("B2", 60, date(2026, 12, 28), "RA")]
    assert sum(w.realized_lt for w in plan.waits) == pytest.approx(-1_340.0)
    # this year's tax: the plan's -$264.00 and the dated sales' -$268.00
    assert plan.tax_total == pytest.approx(-264.0, abs=0.005)
    assert plan.tax_total + sum(w.est_tax for w in plan.waits) == pytest.approx(-532.0, abs=0.005)


def _window_household() -> Household:
    """As Of 2026-11-25, one Taxable account, no cash, the same Flat rates (40% short-term, 20% long-term,
    $50,000 of long-term gains this year). US Stocks: AAA at $100, BBB at $50; Bonds: BND at $50. Lots: L1,
    100 AAA bought 2024-01-10 for $12,000 (a $2,000 long-term loss); R1, 10 AAA bought 2026-11-05 for $900
    (a $100 short-term gain); B1, 200 BND. US Stocks $11,000 of $21,000 = 52.4%, target 55% +/- 5: within."""
    settings = Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.40, flat_lt_rate=0.20,
                        state_tax_rate=0.0, realized_st_ytd=0.0, realized_lt_ytd=50_000.0, min_trade=0.0)
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("AAA", "US Stocks", 100.0), Security("BBB", "US Stocks", 50.0),
                    Security("BND", "Bonds", 50.0)),
        lots=(Lot("L1", "Taxable", "AAA", OLD, 100, 12_000.0),
              Lot("R1", "Taxable", "AAA", date(2026, 11, 5), 10, 900.0),
              Lot("B1", "Taxable", "BND", date(2020, 3, 2), 200, 10_000.0)),
        transactions=(Transaction(date(2026, 11, 5), "Taxable", "AAA", Action.BUY, 10, 90.0, lot_id="R1"),),
        targets=(Target("US Stocks", 0.55, band=0.05), Target("Bonds", 0.45, band=0.05)),
        settings=settings)


def test_a_loss_kept_from_a_recent_purchase_by_selling_it_today_is_dated_instead():
    """Harvesting L1 today, R1 (bought 20 days ago) washes 10 of its shares (IRC §1091(a)) unless sold:
    * R1 sold first: +$100 short-term, -$2,000 long-term: 40 - 400 = -$360.00;
    * L1 then R1 (a chain): $200 of L1's loss into R1's basis, $1,100, and L1's holding period (§1091(d),
      §1223(3)), so R1's sale is a $100 long-term loss: -$1,800 - $100 = -$1,900 long-term, -$380.00;
    * L1 held today and sold on 2026-12-07 (2026-11-05 + 31 = Sunday 2026-12-06: R1 no longer within the
      30 days before), BBB bought that day, R1 kept: the whole -$2,000 long-term, -$400.00: the least.
    The plan sells R1 at a gain today only to keep it from washing L1; held for later, neither is sold."""
    plan = plan_rebalance(_window_household(), as_of=AS_OF)
    assert not plan.lot_sales and not plan.trades
    (wait,) = plan.waits
    assert (wait.lot_id, wait.quantity, wait.sell_on, wait.replacement) == ("L1", 100, date(2026, 12, 7), "BBB")
    assert (wait.realized_st, wait.realized_lt) == (0.0, pytest.approx(-2_000.0))
    assert plan.tax_total + wait.est_tax == pytest.approx(-400.0, abs=0.005)


def _both_household() -> Household:
    """Both households above in one Taxable account, no cash, the same Flat rates: REIT's A1, A2, B1, B2
    ($10,000), US Stocks' L1 and R1 ($11,000; R1 bought 2026-11-05), Bonds' D1, 380 BND ($19,000): $40,000.
    REIT target 20% +/- 2.5 (so $7,000-$9,000: $1,000-$3,000 of it sold net today, as above), US Stocks 30%
    +/- 5 (27.5%: within), Bonds 50% +/- 5 (47.5%)."""
    settings = Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.40, flat_lt_rate=0.20,
                        state_tax_rate=0.0, realized_st_ytd=0.0, realized_lt_ytd=50_000.0, min_trade=0.0)
    reit, window = _household(), _window_household()
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=reit.securities[:2] + window.securities,
        lots=reit.lots[:4] + window.lots[:2] + (Lot("D1", "Taxable", "BND", date(2020, 3, 2), 380, 19_000.0),),
        transactions=window.transactions,
        targets=(Target("REIT", 0.20, band=0.025), Target("US Stocks", 0.30, band=0.05),
                 Target("Bonds", 0.50, band=0.05)),
        settings=settings)


def test_a_later_try_keeps_what_an_earlier_try_held():
    """The classes do not interact (Flat rates, one account, each class's trades within itself or into
    Bonds), so each keeps its own figures above. The first plan: B1 and 20 A1 (-$1,820) and the L1, R1
    chain (-$1,900): -$3,720 long-term, -$744.00. Case 1 holds RB: REIT's -$2,660, -$4,560 in all,
    -$912.00. Case 2 then holds L1 and R1: on top of RB held, -$2,660 - $2,000 = -$4,660, -$932.00, $20.00
    less; tried alone (RB no longer held, REIT's -$1,820 again) it would give -$3,820, -$764.00, and be
    refused, leaving -$912.00."""
    plan = plan_rebalance(_both_household(), as_of=AS_OF)
    sold_today = {ls.lot_id: ls.quantity for ls in plan.lot_sales}
    assert sold_today == {"A1": pytest.approx(40), "A2": pytest.approx(60)}
    assert sorted((w.lot_id, w.quantity, w.sell_on, w.replacement) for w in plan.waits) == [
        ("B1", 40, date(2026, 12, 28), "RA"), ("B2", 60, date(2026, 12, 28), "RA"),
        ("L1", 100, date(2026, 12, 7), "BBB")]
    assert plan.realized_lt + sum(w.realized_lt for w in plan.waits) == pytest.approx(-4_660.0)
    assert plan.tax_total + sum(w.est_tax for w in plan.waits) == pytest.approx(-932.0, abs=0.005)


def test_a_class_harvested_across_two_accounts_holds_one_identity_for_later():
    """The first household with RB's lots in a second Taxable account, Joint (no cash). A loss sale in
    either account washes with a purchase in any account of the household (IRC §1091(a)), so the class is
    harvested whole as before: today alone B1 (Joint) and 20 A1 (Taxable), -$1,820, $364.00; RB held, all
    of RA sold today in Taxable (-$1,320) with RB bought back there, and B1 and B2 dated 2026-12-28 in Joint
    buying RA (33 days after RA's loss sales): -$1,340 more, $532.00 in all. (Counted per account, neither
    account harvested two identities, and nothing was tried: the benchmark's ``--past-sales`` seed 723,
    US1 harvested in Joint Brokerage beside US-IDX0 in Brokerage, 0.986 -> 0.9997.)"""
    h = _household()
    joint = tuple(replace(lot, account="Joint") if lot.symbol == "RB" else lot for lot in h.lots)
    h = replace(h, accounts=h.accounts + (Account("Joint", "Taxable"),), lots=joint)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert {ls.lot_id for ls in plan.lot_sales} == {"A1", "A2"}
    assert plan.realized_lt == pytest.approx(-1_320.0)
    assert sorted((w.account, w.lot_id, w.quantity, w.sell_on, w.replacement) for w in plan.waits) == [
        ("Joint", "B1", 40, date(2026, 12, 28), "RA"), ("Joint", "B2", 60, date(2026, 12, 28), "RA")]
    assert plan.tax_total + sum(w.est_tax for w in plan.waits) == pytest.approx(-532.0, abs=0.005)
