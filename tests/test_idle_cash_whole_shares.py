"""Money left in an account that buys whole shares only is said on its last buy too (fe12 F14; README
"What it does" 1.: cash "stays only when every class it could buy is at its upper band edge, or the buy
would be under Min Trade or less than one share (the last buy's note says which)"; engine/idle_cash.py).

Worked by hand: Whole Shares = Y, Min Trade $150, a Traditional IRA with $1,000 of cash and nothing
else to spend. The plan buys 3 VTI at $300 ($900) and leaves $1,000 - $900 = $100. After it the
household is $10,000: US Stocks $5,400, Bonds $4,500, Cash $100. Targets US Stocks 50%, Bonds 40%,
each with a 5-point band, so Bonds' upper edge is 45% = $4,500: Bonds is at it, and more BND would take
it over its band. SCHB (US Stocks, $40) is not bought in the IRA: $100 would be a buy under Min Trade.
VTI is bought, but $100 is less than one share of it ($300). Every fund the IRA may buy is left for a
reason, so the note names them.
"""

from dataclasses import replace
from datetime import date

from taxrebal.engine.idle_cash import with_idle_cash_notes
from taxrebal.engine.plan import Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import Account, Action, Household, Security, Settings, Target

AS_OF = date(2026, 6, 1)
NOTE = "Buys US Stocks inside a Traditional IRA (no tax)."


def _household(*more: Security) -> Household:
    return Household(accounts=(Account("IRA", "Traditional IRA", cash=1_000.0),),
                     securities=(Security("VTI", "US Stocks", 300.0), Security("SCHB", "US Stocks", 40.0),
                                 Security("BND", "Bonds", 70.0), *more),
                     lots=(), targets=(Target("US Stocks", 0.50), Target("Bonds", 0.40), Target("Cash", 0.10)),
                     settings=Settings(as_of=AS_OF, min_trade=150.0, whole_shares=True))


def _plan(after_cash: float = 100.0) -> Plan:
    buy = Trade(1, "IRA", "VTI", Action.BUY, 3, 300.0, 900.0, reason=Reason.CASH, note=NOTE,
                asset_class="US Stocks")
    return Plan((buy,), (), 0.0, 0.0, 0.0, {}, {"US Stocks": 5_400.0, "Bonds": 4_500.0, "Cash": after_cash},
                0.0, 0.0, (("IRA", 100.0),), (), PlanStatus.WITHIN_BANDS)


def test_whole_shares_left_cash_is_said_with_each_funds_reason_and_the_share_price():
    h = _household()
    h = replace(h, targets=(Target("US Stocks", 0.50), Target("Bonds", 0.40)))  # no Cash target
    (buy,) = with_idle_cash_notes(_plan(), h).trades
    assert buy.note == (f"{NOTE} $100.00 of this account's money stays as cash: more BND would put Bonds over its "
                        "band (45.00%); SCHB would be a buy under Min Trade ($150.00); $100.00 is less than one "
                        "share of VTI ($300.00).")


def test_more_than_three_funds_under_min_trade_are_said_as_any_other_fund():
    h = _household(Security("ITOT", "US Stocks", 60.0), Security("SCHX", "US Stocks", 20.0),
                   Security("IVV", "US Stocks", 500.0))
    h = replace(h, targets=(Target("US Stocks", 0.50), Target("Bonds", 0.40)))
    (buy,) = with_idle_cash_notes(_plan(), h).trades
    # SCHB, ITOT, SCHX and IVV are not bought: four funds, each a $100 buy under the $150 Min Trade
    assert buy.note.endswith("more BND would put Bonds over its band (45.00%); any other fund it may buy would be a "
                             "buy under Min Trade ($150.00); $100.00 is less than one share of VTI ($300.00).")


def test_cash_the_cash_target_keeps_is_said_as_the_cash_targets():
    # Cash target 10% of $11,000 = $1,100, Cash $1,100 after the plan: investing the $100 would leave Cash
    # $1,000, under it (fe15 F9: with Cash already under its target the note gives the funds' reasons,
    # tests/test_idle_cash_true_reason.py)
    (buy,) = with_idle_cash_notes(_plan(after_cash=1_100.0), _household()).trades
    assert buy.note.endswith("$100.00 of this account's money stays as cash: investing it would put Cash under its "
                             "target (10.00%).")
