"""Money a plan leaves in an account that buys in fractional shares is said on its last buy, with the
reason checked on the plan's own figures (fe7 finding 9; engine/idle_cash.py).

Worked by hand: a taxable account holds $4,992 of USF (US Stocks, bought in 2015 for $3,000: selling
it would cost tax) and a 401(k) $4,008 of BDF (Bonds), two mutual funds at $10; the 401(k) gets a
$1,000 contribution and may buy only those two (its menu). Targets 50/50 (bands 5
points), Min Trade $100. After the contribution the household is $10,000: Bonds needs $992 to reach
its $5,000 target and US Stocks $8. The plan buys $992.00 of BDF (99.2 shares: a fund trades in
fractional shares) and leaves $8.00: more BDF would put Bonds over its 50% target, and $8 of USF is
under Min Trade. A contribution that a fund's purchase takes in full gets no such note.
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


def household(usf_value: float, contribution: float = 1_000.0) -> Household:
    return Household(
        accounts=(Account("Brokerage", "Taxable"), Account("401k", "401(k)", contribution=contribution)),
        securities=(Security("USF", "US Stocks", 10.0, security_type=FUND),
                    Security("BDF", "Bonds", 10.0, security_type=FUND),
                    Security("OTHER", "US Stocks", 10.0, security_type=FUND)),  # not on the 401(k)'s menu
        lots=(Lot("B1", "Brokerage", "USF", date(2015, 3, 2), usf_value / 10, 3_000.0),
              Lot("K2", "401k", "BDF", None, (9_000 - usf_value) / 10, None)),
        targets=(Target("US Stocks", 0.50), Target("Bonds", 0.50)),
        settings=Settings(as_of=date(2026, 6, 1), min_trade=100.0, ordinary_income=100_000.0),
        menus={"401k": frozenset({"USF", "BDF"})})


def test_money_left_after_the_target_is_reached_says_why_on_the_last_buy():
    h = household(4_992.0)
    plan = with_idle_cash_notes(plan_rebalance(h, as_of=h.as_of), h)
    (buy,) = [t for t in plan.trades if t.action is Action.BUY]
    assert buy.symbol == "BDF" and buy.amount == pytest.approx(992.0, abs=0.005)
    assert buy.note.endswith("$8.00 of this account's money stays as cash: more BDF would put Bonds over its target "
                             "(50.00%); USF would be a buy under Min Trade ($100.00).")


def test_a_contribution_invested_in_full_gets_no_note():
    # USF $4,500, BDF $4,500: each class needs $500 of the $1,000: both buys reach Min Trade, nothing left
    h = household(4_500.0)
    plan = with_idle_cash_notes(plan_rebalance(h, as_of=h.as_of), h)
    assert sum(t.amount for t in plan.trades if t.action is Action.BUY) == pytest.approx(1_000.0, abs=0.005)
    assert not any("stays as cash" in t.note for t in plan.trades)
