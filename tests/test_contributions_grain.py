"""Contributions Only finds the first month that works although later months stop working, keeping
money below Min Trade as cash until its orders reach it (fe13 finding F6; engine/contributions.py
``_first_month``, ``months_upper_bound``).

fe13's household h09_whole, written out here; every figure worked by hand. Taxable: $3,500 of cash,
IVV 12 sh at $610 ($7,320), VXUS 250 sh at $60 ($15,000). Roth: $1,200 of cash, BND 150 sh at $73
($10,950). 401(k): $900 a month (menu FXAIX, FXNAX), FXAIX 40 sh at $210 ($8,400), FXNAX 900 sh at
$10.50 ($9,450). Targets US 45 / Intl 20 / Bonds 35 in 5-point bands; Min Trade $2,000, Whole Shares.
Now: US $15,720, Intl $15,000, Bonds $20,400, cash $5,600 (the first $900 included): $56,720.

The sheet's reading (README, Contributions Only): Total = From Cash Now + months x Per Month, the
first month's $900 being the one already entered, so after m months the household is
$55,820 + $900m. The Roth's $1,200 is under Min Trade: it stays cash. The Taxable's $3,500 buys one
US order (two would need $4,000): at most $3,500 (125 SCHB at $28).
* US at least 40%: 15,720 + 3,500 + 900m >= 0.40 (55,820 + 900m) -> 540m >= 3,108 -> m >= 5.76;
* Intl at most 25%: 15,000 <= 0.25 (55,820 + 900m) -> m >= 4.64. At least 15%: only the cash can buy
  Intl (the 401(k)'s menu has none), so 15,000 + 3,500 + 1,200 >= 0.15 (55,820 + 900m) -> m <= 83.90
  by the dollars alone; with Min Trade the Roth's $1,200 buys nothing and the Taxable's $3,500 one order.
So 6 months: $61,220, US at least $24,488, so the contributions' $5,400 buy at least $5,268 of US and
the Taxable at least $3,368. Month 5 fails: US at most 15,720 + 3,500 + 4,500 = $23,720 < 0.40 x
60,320 = $24,128. Before this fix the search tried month 5 (failed), then month 600, where Intl
(which the 401(k) cannot buy) is 2.7% of the household, and concluded "never".

A 401(k)'s contribution arrives by payroll and is invested each month whatever Min Trade says (README
item 1). The same $900 a month into a Traditional IRA with the same menu is bound by Min Trade: it stays
cash until an order reaches $2,000; an FXNAX order of at most $132 cannot, so all $5,400 buys FXAIX, in
two orders of $2,700, about every 3 months.
"""

from dataclasses import replace
from datetime import date

import pytest

from taxrebal.engine.contributions import contributions_only, months_lower_bound, months_upper_bound
from taxrebal.engine.records import Account, Household, Lot, Security, SecurityType, Settings, Target

AS_OF = date(2026, 12, 1)


def household(min_trade: float = 2_000.0, plan_type: str = "401(k)") -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable", cash=3_500.0), Account("Roth", "Roth IRA", cash=1_200.0),
                  Account("401k", plan_type, contribution=900.0)),
        securities=(Security("VTI", "US Stocks", 300.0), Security("ITOT", "US Stocks", 130.0),
                    Security("SCHB", "US Stocks", 28.0), Security("IVV", "US Stocks", 610.0),
                    Security("FXAIX", "US Stocks", 210.0, security_type=SecurityType.MUTUAL_FUND),
                    Security("VXUS", "Intl Stocks", 60.0), Security("BND", "Bonds", 73.0),
                    Security("FXNAX", "Bonds", 10.5, security_type=SecurityType.MUTUAL_FUND)),
        lots=(Lot("V1", "Taxable", "IVV", date(2025, 2, 3), 12.0, 7_920.0),
              Lot("V2", "Taxable", "VXUS", date(2021, 1, 4), 250.0, 14_000.0),
              Lot("R1", "Roth", "BND", None, 150.0, None),
              Lot("K1", "401k", "FXAIX", None, 40.0, None),
              Lot("K2", "401k", "FXNAX", None, 900.0, None)),
        targets=(Target("US Stocks", 0.45, 0.05), Target("Intl Stocks", 0.20, 0.05), Target("Bonds", 0.35, 0.05)),
        menus={"401k": frozenset({"FXAIX", "FXNAX"})},
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=min_trade, whole_shares=True))


def test_the_lp_window_is_the_months_the_dollars_allow():
    h = household()
    assert months_lower_bound(h, 600) == pytest.approx((60_000.0 - 55_820.0) / 900.0)  # Intl <= 25%
    assert months_upper_bound(h, 600) == pytest.approx((19_700.0 / 0.15 - 55_820.0) / 900.0)  # Intl >= 15%


def test_min_trade_2000_finds_six_months():
    plan = contributions_only(household(), as_of=AS_OF)
    assert plan.months == 6
    k = [b for b in plan.buys if b.account == "401k"]
    assert sum(b.total for b in k) == pytest.approx(5_400.0)
    assert sum(b.total for b in k if b.asset_class == "US Stocks") >= 5_268.0 - 1e-6
    assert not any(b.account == "Roth" for b in plan.buys)
    taxable = [b for b in plan.buys if b.account == "Taxable"]
    assert len(taxable) == 1 and 3_368.0 <= taxable[0].total <= 3_500.0 + 1e-6


def test_an_ira_keeps_its_contribution_as_cash_until_an_order_reaches_min_trade():
    plan = contributions_only(household(plan_type="Traditional IRA"), as_of=AS_OF)
    assert plan.months == 6
    (fxaix,) = [b for b in plan.buys if b.account == "401k"]
    assert fxaix.symbol == "FXAIX" and fxaix.total == pytest.approx(5_400.0) and fxaix.monthly == pytest.approx(900.0)
    assert "Per Month $900.00 is below Min Trade ($2,000.00): no order each month" in fxaix.note
    assert "buy it in 2 orders of about $2,700.00, about every 3 months" in fxaix.note


def test_when_no_order_can_reach_min_trade_in_the_window_the_reason_says_so():
    # Min Trade $60,000 and the $900 a month into a Traditional IRA (bound by Min Trade): its one order
    # needs 60,000 / 900 = 66.7 -> 67 months; no cash order reaches $60,000, so Intl stays $15,000, within
    # its band only while 15,000 >= 0.15 (55,820 + 900m), m <= 49. The dollars alone (cash buying Intl,
    # any amount) allow months 5 to 83
    plan = contributions_only(household(60_000.0, "Traditional IRA"), as_of=AS_OF)
    assert plan.months is None
    assert "only in months 5 to 83 (after month 83 a class the contributions cannot buy falls out" in plan.note
    assert "Min Trade ($60,000.00) and Whole Shares" in plan.note


def test_without_whole_shares_the_same_six_months():
    # fractional shares: the Taxable's $3,500 all buys US (one order); the 401(k) as above
    h = household()
    plan = contributions_only(replace(h, settings=replace(h.settings, whole_shares=False)), as_of=AS_OF)
    assert plan.months == 6
