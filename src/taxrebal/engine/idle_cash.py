"""Money a plan leaves uninvested in an account, and why: the account's last buy says so.

README ("What it does" 1.): cash above the cash target is invested wherever a band allows it; it stays
only when every class it could buy is at its upper band edge, or the buy would be under Min Trade or
less than one share, and the last buy's note says which (fe7 finding 9; fe12 F14: an account buying
whole shares only got no note). Less than a dollar is left out: it is the remainder of rounding
quantities and amounts to cents. With a Cash row on Targets, money whose investment would take Cash
under its target (Cash at or above its target after the plan, under it once the money is invested) is
the Cash target's, and the note says so; Cash already under its target, the funds' reasons below are
said, else that investing it would take Cash further under its target. Otherwise each fund the account may buy
(its menu, a class with a target) is left for one of these reasons, checked on the plan's own figures:

* its class is at its band's upper edge after the plan (target + band): buying more would take it
  outside its band (cash above the Cash target is otherwise invested wherever a band allows it, even
  past the class's target: engine/rebalance/stages.py, tuning.IDLE_CASH_WEIGHT);
* the plan does not buy it in this account and the money left is under Min Trade (Settings: the
  smallest order the plan places); more than three such funds are said as "any other fund"; an
  employer plan's buy under Min Trade, bought by payroll (engine/rebalance/orders.py), counts as not
  bought: its amount and the money left together are still under Min Trade;
* it trades in whole shares (Whole Shares = Y, not a mutual fund) and the money left is less than one
  share, whose price the note gives.

When every fund the account may buy is left for one of them, the note gives them; otherwise it says
only how much stays (an unexplained remainder is not dressed up as a reason).

Worked examples. tests/test_idle_cash.py: a Traditional IRA gets a $1,000 contribution and may buy USF (US
Stocks) and BDF (Bonds), the household $10,000, Bonds 50% with a 0.05-point band, US Stocks $8 under
its 50% target. The plan buys $997.00 of BDF, which brings Bonds to its upper edge ($5,005, 50.05%),
and $3.00 of USF is under Min Trade ($100): "$3.00 of this account's money stays as cash: more BDF
would put Bonds over its band (50.05%); USF would be a buy under Min Trade ($100.00)."
tests/test_idle_cash_whole_shares.py: Whole Shares = Y, Min Trade $150, an IRA with $1,000 of cash
buys 3 VTI ($300): $100 is left; Bonds is at its 45% edge, SCHB ($40) is not bought: "$100.00 of this
account's money stays as cash: more BND would put Bonds over its band (45.00%); SCHB would be a buy
under Min Trade ($150.00); $100.00 is less than one share of VTI ($300.00)."
"""

from __future__ import annotations

from dataclasses import replace

from .allocation import CASH_CLASS
from .money import cents
from .plan import Plan
from .records import Action, Household

__all__ = ["cash_left_in_cents", "idle_cash_note", "with_idle_cash_notes"]

#: funds under Min Trade named one by one up to this many; more are "any other fund it may buy"
_NAMED = 3


def cash_left_in_cents(plan: Plan, household: Household) -> list[tuple[str, float]]:
    """(account, cash left) for each account of ``plan.cash_left``: its cash and contribution plus the
    cents of its sells less the cents of its buys, as the Trades Amount cells show them (the Allocation
    summary's and the Orders sheet's figure; never -0)."""
    accounts = household.account_map()
    out = []
    for name, _solver_cash in plan.cash_left:
        acct = accounts.get(name)
        before = (cents(acct.cash) + cents(acct.contribution)) if acct else 0.0
        moved = sum(cents(t.amount) * (1 if t.action is Action.SELL else -1) for t in plan.trades if t.account == name)
        out.append((name, round(before + moved, 2) + 0.0))
    return out


def idle_cash_note(plan: Plan, household: Household, account: str, left: float) -> str:
    """The sentence for ``left`` dollars the plan leaves in ``account`` (module docstring)."""
    targets = {t.asset_class: t.target for t in household.targets}
    default_band = household.settings.default_band
    upper = {t.asset_class: t.target + (default_band if t.band is None else t.band) for t in household.targets}
    total = sum(plan.after.values())
    bought: dict[str, float] = {}
    for t in plan.trades:
        if t.account == account and t.action is Action.BUY:
            bought[t.symbol] = bought.get(t.symbol, 0.0) + t.amount
    min_trade = household.settings.min_trade
    at_edge: dict[str, list[str]] = {}
    small: list[str] = []
    share: list[str] = []
    unexplained = False
    for sec in household.securities:
        cls = sec.asset_class
        if cls == CASH_CLASS or targets.get(cls, 0.0) <= 0 or not household.may_buy(account, sec.symbol):
            continue
        if plan.after.get(cls, 0.0) >= upper[cls] * total - 0.005:
            at_edge.setdefault(cls, []).append(sec.symbol)
        elif bought.get(sec.symbol, 0.0) + left < min_trade:
            small.append(sec.symbol)
        elif household.whole_shares_only(sec.symbol) and left < sec.price:
            share.append(sec.symbol)
        else:
            unexplained = True
    said = f"${cents(left):,.2f} of this account's money stays as cash"
    cash_target = targets.get(CASH_CLASS, 0.0)
    cash_after = plan.after.get(CASH_CLASS, 0.0)
    # the Cash target keeps the money only when Cash is at or above it after the plan: already under it, the
    # money stays for another reason (fe15 F9: $14.00 left in a Roth at Cash 0.01% of a 2% target was less
    # than one $62.00 share, Whole Shares = Y)
    if cash_target > 0 and cash_target * total - 0.005 <= cash_after < cash_target * total + left:
        return f"{said}: investing it would put Cash under its target ({cash_target:.2%})."
    if unexplained or not (at_edge or small or share):
        if cash_target > 0 and cash_after < cash_target * total - 0.005:
            return f"{said}: investing it would take Cash further under its target ({cash_target:.2%})."
        return said + "."
    # a class the plan leaves past its edge (a best effort) is over its band already: more adds to it
    why = [f"more {', '.join(syms)} would "
           + (f"add to {cls}, already over its band ({upper[cls]:.2%})"
              if plan.after.get(cls, 0.0) > upper[cls] * total + 0.005
              else f"put {cls} over its band ({upper[cls]:.2%})")
           for cls, syms in at_edge.items()]
    if small:
        funds = ", ".join(small) if len(small) <= _NAMED else "any other fund it may buy"
        why.append(f"{funds} would be a buy under Min Trade (${cents(min_trade):,.2f})")
    if share:
        prices = {sec.symbol: sec.price for sec in household.securities}
        why.append(f"${cents(left):,.2f} is less than one share of "
                   + ", ".join(f"{sym} (${cents(prices[sym]):,.2f})" for sym in share))
    return f"{said}: {'; '.join(why)}."


def with_idle_cash_notes(plan: Plan, household: Household) -> Plan:
    """The plan with the note of :func:`idle_cash_note` on the last buy of each account that buys and
    keeps at least a dollar uninvested (module docstring)."""
    trades = list(plan.trades)
    changed = False
    for account, left in cash_left_in_cents(plan, household):
        if left < 1.0:  # the rounding of quantities and amounts, not a choice
            continue
        buys = [i for i, t in enumerate(trades) if t.account == account and t.action is Action.BUY]
        if not buys:
            continue
        last = buys[-1]
        note = idle_cash_note(plan, household, account, left)
        trades[last] = replace(trades[last], note=f"{trades[last].note} {note}".strip())
        changed = True
    return replace(plan, trades=tuple(trades)) if changed else plan
