"""The note on money a plan leaves as cash gives the reason true for it (fe15 F9; engine/idle_cash.py).

fe15 h13: a Roth buys 53 VXUS at $62.00 (Whole Shares = Y) and keeps $14.00; Cash ends at 0.01% of a 2%
target, 1.99 points under it. The note said "investing it would put Cash under its target (2.00%)":
Cash was under it already, and $14.00 is less than one $62.00 share.

Worked by hand on tests/test_idle_cash_whole_shares.py's IRA (Min Trade $150, $1,000 of cash, buys 3 VTI
at $300 and keeps $100; SCHB $40 and BND $70 not bought; targets US Stocks 50%, Bonds 40%, Cash 10%,
5-point bands):

* Cash $1,000 after the plan of $10,900 (US Stocks $5,400, Bonds $4,500): 9.17%, under its 10% target
  ($1,090) already, so the Cash target is not the reason. Bonds' upper edge is 45% of $10,900 = $4,905,
  above its $4,500: not at its edge. SCHB and BND: $100 would be a buy under Min Trade ($150). VTI is
  bought ($900 + $100 is over Min Trade) but $100 is less than one $300 share.
* The same with Whole Shares = N and Min Trade $50: SCHB or BND for $100, or $100 more of VTI, is a
  possible buy, so no fund's reason holds; investing it would take Cash further under its target.
* No Cash target, US Stocks $6,000 of $10,600 (56.60%) after the plan: over its 55% upper edge already,
  so more VTI or SCHB "would add to US Stocks, already over its band", not "put it over".
"""

from dataclasses import replace
from datetime import date

from taxrebal.engine.idle_cash import with_idle_cash_notes
from taxrebal.engine.plan import Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import Account, Action, Household, Security, Settings, Target

NOTE = "Buys US Stocks inside a Traditional IRA (no tax)."


def _household() -> Household:
    return Household(accounts=(Account("IRA", "Traditional IRA", cash=1_000.0),),
                     securities=(Security("VTI", "US Stocks", 300.0), Security("SCHB", "US Stocks", 40.0),
                                 Security("BND", "Bonds", 70.0)),
                     lots=(), targets=(Target("US Stocks", 0.50), Target("Bonds", 0.40), Target("Cash", 0.10)),
                     settings=Settings(as_of=date(2026, 6, 1), min_trade=150.0, whole_shares=True))


def _plan(us: float, cash: float) -> Plan:
    buy = Trade(1, "IRA", "VTI", Action.BUY, 3, 300.0, 900.0, reason=Reason.CASH, note=NOTE, asset_class="US Stocks")
    return Plan((buy,), (), 0.0, 0.0, 0.0, {}, {"US Stocks": us, "Bonds": 4_500.0, "Cash": cash},
                0.0, 0.0, (("IRA", 100.0),), (), PlanStatus.WITHIN_BANDS)


def test_cash_already_under_its_target_gives_the_funds_reasons():
    (buy,) = with_idle_cash_notes(_plan(5_400.0, 1_000.0), _household()).trades
    assert buy.note == (f"{NOTE} $100.00 of this account's money stays as cash: SCHB, BND would be a buy under "
                        "Min Trade ($150.00); $100.00 is less than one share of VTI ($300.00).")


def test_cash_under_its_target_with_no_funds_reason_is_said_as_further_under():
    h = _household()
    h = replace(h, settings=replace(h.settings, whole_shares=False, min_trade=50.0))
    (buy,) = with_idle_cash_notes(_plan(5_400.0, 1_000.0), h).trades
    assert buy.note.endswith("$100.00 of this account's money stays as cash: investing it would take Cash further "
                             "under its target (10.00%).")


def test_a_class_already_over_its_band_is_said_as_added_to():
    h = replace(_household(), targets=(Target("US Stocks", 0.50), Target("Bonds", 0.40)))
    (buy,) = with_idle_cash_notes(_plan(6_000.0, 100.0), h).trades
    assert buy.note.endswith("$100.00 of this account's money stays as cash: more VTI, SCHB would add to US Stocks, "
                             "already over its band (55.00%); BND would be a buy under Min Trade ($150.00).")
