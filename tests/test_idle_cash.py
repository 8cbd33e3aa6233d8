"""Money a plan leaves in an account that buys in fractional shares is said on its last buy, with the
reason checked on the plan's own figures (fe7 finding 9; engine/idle_cash.py); cash above the cash
target is invested when a band allows it (issue 9: preferences decide among equally taxed plans).

Worked by hand: a taxable account holds $4,992 of USF (US Stocks, bought in 2015 for $3,000: selling
it would cost tax) and a Traditional IRA $4,008 of BDF (Bonds), two mutual funds at $10; the IRA gets a
$1,000 contribution and may buy only those two (its menu). (An IRA: a 401(k)'s contribution is payroll
money, bought whatever Min Trade says, so there the $8 buys USF: tests/test_payroll_min_trade.py.)
Targets 50/50, Min Trade $100. After the
contribution the household is $10,000: Bonds needs $992 to reach its $5,000 target and US Stocks $8.

* Bands 5 points: the plan invests the whole $1,000 in BDF (Bonds $5,008 = 50.08%, inside 45-55%):
  leaving $8 as cash keeps no class closer to its target than investing it would (US Stocks stays $8
  under either way), and cash above the cash target (none here) is invested when a band allows it.
* Bonds' band 0.05 points: Bonds may reach $5,005 (50.05%); the plan buys $997.00 of BDF and leaves
  $3.00, which would be a USF buy under Min Trade: the note says both.

A contribution that a fund's purchase takes in full gets no such note.
"""

from datetime import date

import pytest

from taxrebal.engine.idle_cash import with_idle_cash_notes
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Account,
    Action,
    Household,
    Lot,
    Security,
    SecurityType,
    Settings,
    Target,
)

FUND = SecurityType.MUTUAL_FUND


def household(usf_value: float, contribution: float = 1_000.0, bonds_band: float | None = None) -> Household:
    return Household(
        accounts=(Account("Brokerage", "Taxable"), Account("IRA", "Traditional IRA", contribution=contribution)),
        securities=(Security("USF", "US Stocks", 10.0, security_type=FUND),
                    Security("BDF", "Bonds", 10.0, security_type=FUND),
                    Security("OTHER", "US Stocks", 10.0, security_type=FUND)),  # not on the IRA's menu
        lots=(Lot("B1", "Brokerage", "USF", date(2015, 3, 2), usf_value / 10, 3_000.0),
              Lot("K2", "IRA", "BDF", None, (9_000 - usf_value) / 10, None)),
        targets=(Target("US Stocks", 0.50), Target("Bonds", 0.50, band=bonds_band)),
        settings=Settings(as_of=date(2026, 6, 1), min_trade=100.0, ordinary_income=100_000.0),
        menus={"IRA": frozenset({"USF", "BDF"})})


def test_cash_above_the_cash_target_is_invested_when_a_band_allows_it():
    h = household(4_992.0)
    plan = with_idle_cash_notes(plan_rebalance(h, as_of=h.as_of), h)
    (buy,) = [t for t in plan.trades if t.action is Action.BUY]
    assert buy.symbol == "BDF" and buy.amount == pytest.approx(1_000.0, abs=0.005)
    assert dict(plan.cash_left)["IRA"] == pytest.approx(0.0, abs=0.005)
    assert plan.after["Bonds"] == pytest.approx(5_008.0, abs=0.01)  # 50.08%: inside its 45-55% band
    assert not any("stays as cash" in t.note for t in plan.trades)


def test_money_a_band_keeps_out_says_why_on_the_last_buy():
    h = household(4_992.0, bonds_band=0.0005)
    plan = with_idle_cash_notes(plan_rebalance(h, as_of=h.as_of), h)
    (buy,) = [t for t in plan.trades if t.action is Action.BUY]
    assert buy.symbol == "BDF" and buy.amount == pytest.approx(997.0, abs=0.005)
    assert buy.note.endswith("$3.00 of this account's money stays as cash: more BDF would put Bonds over its band "
                             "(50.05%); USF would be a buy under Min Trade ($100.00).")


def test_a_contribution_invested_in_full_gets_no_note():
    # USF $4,500, BDF $4,500: each class needs $500 of the $1,000: both buys reach Min Trade, nothing left
    h = household(4_500.0)
    plan = with_idle_cash_notes(plan_rebalance(h, as_of=h.as_of), h)
    assert sum(t.amount for t in plan.trades if t.action is Action.BUY) == pytest.approx(1_000.0, abs=0.005)
    assert not any("stays as cash" in t.note for t in plan.trades)
