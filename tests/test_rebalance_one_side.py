"""An account never buys and sells the same security in one plan (engine/rebalance/orders.py,
``_one_side_rows``).

Worked by hand (tests/test_idle_cash.py's household with a lot K1 of USF in the 401(k)): a taxable
account holds $4,992 of USF (US Stocks, bought in 2015 for $3,000), the 401(k) $200 of USF (K1) and
$4,008 of BDF (Bonds), mutual funds at $10; the 401(k) gets a $1,000 contribution and may buy only
those two. Targets 50/50 (bands 5 points), Min Trade $100. The household is $10,200: US Stocks is $92
over its $5,100 target, Bonds $1,092 under. A $92 sale of USF is under Min Trade, so reaching the
target exactly takes selling $200 of USF and buying $108 back in the same 401(k): a trade of a fund
against itself, which no investor places. Without it, selling $x of USF (x >= $100, at most the $200
held) and investing the rest in BDF leaves US Stocks $|92 - x| from target and Bonds the same: least
at x = $100 (distance $16); selling nothing leaves $184. So the plan sells $100 of USF and buys $1,100
of BDF, and no cash stays.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, SecurityType, Settings, Target

FUND = SecurityType.MUTUAL_FUND


def with_k1() -> Household:
    return Household(
        accounts=(Account("Brokerage", "Taxable"), Account("401k", "401(k)", contribution=1_000.0)),
        securities=(Security("USF", "US Stocks", 10.0, security_type=FUND),
                    Security("BDF", "Bonds", 10.0, security_type=FUND)),
        lots=(Lot("B1", "Brokerage", "USF", date(2015, 3, 2), 499.2, 3_000.0),
              Lot("K1", "401k", "USF", None, 20.0, None),
              Lot("K2", "401k", "BDF", None, 400.8, None)),
        targets=(Target("US Stocks", 0.50), Target("Bonds", 0.50)),
        settings=Settings(as_of=date(2026, 6, 1), min_trade=100.0, ordinary_income=100_000.0),
        menus={"401k": frozenset({"USF", "BDF"})})


def test_an_account_never_buys_and_sells_the_same_security_in_one_plan():
    h = with_k1()
    plan = plan_rebalance(h, as_of=h.as_of)
    sold = {(t.account, t.symbol) for t in plan.trades if t.action is Action.SELL}
    bought = {(t.account, t.symbol) for t in plan.trades if t.action is Action.BUY}
    assert not sold & bought
    trades = sorted((t.account, t.action.name, t.symbol, round(t.amount, 2)) for t in plan.trades)
    assert trades == [("401k", "BUY", "BDF", 1_100.0), ("401k", "SELL", "USF", 100.0)]
    assert dict(plan.cash_left)["401k"] == pytest.approx(0.0, abs=0.005)
