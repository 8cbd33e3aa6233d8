"""Dividend routing: which dividend reinvestments (DRIP) to switch off, and where to send the cash.

A holding with DRIP on in a class over its target keeps adding to the overweight class; the advice
is to take the dividends as cash and buy the most underweight class the same account may buy (the
cash cannot leave the account). DRIP on a holding whose identity the plan sells at a loss would
also wash part of that loss: a reinvested dividend is a purchase (IRC §1091(a); Pub 550 "Wash
Sales").

One basis for every figure of a row. Given the rebalancing plan, the advice is about the household
*after* the plan, the one the dividends will be paid into: Value is the position after the plan (what
its sells leave plus what its buys add), Class Drift is the class's drift after the plan (the After
Drift of the Allocation sheet, the same computation: :func:`taxrebal.engine.allocation.allocation` over
``Plan.after``), and the underweight classes to route to are those still under target after the plan.
Without a plan every figure is today's. A position the plan sells whole gets no advice (nothing is left
for a dividend to be reinvested in).

Worked example: VTI (DRIP on) is $70,000 of a $100,000 household with a 60% US Stocks target:
10.0 points over today. A plan that sells $10,000 of VTI and buys bonds leaves $60,000: 0.0 points
after the plan, so no "over target" advice, unless the plan sold VTI at a loss, when every account
still holding VTI with DRIP on is told to switch it off (its next reinvestment would wash the loss).
A plan that sells only $5,000 leaves US Stocks 5.0 points over after the plan: that is the drift
the advice states, beside the $65,000 the plan leaves.

A loss sale the plan dates for later (Trades "Sales to wait for", ``Plan.waits``) counts too: a
holding with DRIP on of that identity is told to turn it off now and keep it off through 30 days
after the sale's date (a reinvestment within 30 days before or after washes part of it). Example
(fe11 finding 24): the plan sells VXUS lot A2 at a $6,000 loss on 2026-12-21; VXUS with DRIP on in
Ada Taxable and Ada IRA: "turn it off now and keep it off through 2027-01-20" (2026-12-21 + 30 days).

A loss the plan's own washes take in full (Lot Sales Reported Gain 0.00) is no harvest a dividend could
wash: each loss share is matched once (Treas. Reg. §1.1091-1(e); audit18 F10).

A position the plan sells whole **at a loss** (of its identity, any lot) keeps a row (Value $0), as
the Trades note says for every account: switch DRIP off before the sale and keep it off for 30 days,
since a dividend declared before the sale and paid after it is still reinvested, a purchase that
washes part of the loss (fe10 finding 9: Sam Roth's and Brokerage's VXUS, all sold, had no row while
Trades said to switch DRIP off).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Collection, Mapping, Optional

from .allocation import CASH_CLASS, allocation
from .money import value_in_cents
from .plan import Plan
from .records import Action, Household
from .wash import window_days

__all__ = ["DividendAdvice", "dividend_advice"]

_SHARE_DUST = 1e-6  # shares left after the plan's sells that count as none (float rounding of whole-position sells)
#: A class counts as over its target when it is at least this far over (0.05 points: shown as 0.1 with
#: one decimal), so a class the plan brings to target (a drift of 1e-9 from float rounding) is not.
_OVER = 0.0005


@dataclass(frozen=True)
class DividendAdvice:
    account: str
    symbol: str
    asset_class: str
    value: float  # after the plan when ``after_plan`` (what the plan leaves), else today's
    class_drift: float  # the class's drift on the same basis as ``value``
    route_to: str  # symbol to buy with the dividends ("" when none in this account)
    route_class: str
    advice: str
    after_plan: bool = False


def dividend_advice(household: Household, *, as_of: date, plan: Optional[Plan] = None,
                    after: Optional[Mapping[str, float]] = None,
                    blocked: Collection[str] = ()) -> tuple[DividendAdvice, ...]:
    """DRIP holdings in classes over target (or in identities the plan sells at a loss), with where to
    send the cash instead, all on one basis (module docstring): after ``plan`` when given (class values
    ``after``, else ``plan.after``: pass the Allocation sheet's After Values so both show one drift),
    else today. ``blocked``: identities a purchase of which now washes a loss sold before As Of (the Do Not
    Buy list, IRC §1091(a)): never a fund to route dividends to (audit20 F5: an HSA told to buy IUSB,
    sold at a loss 21 days before, which would lose that loss for good, Rev. Rul. 2008-5)."""
    values = after if after is not None else (plan.after if plan is not None else None)
    after_plan = plan is not None and bool(values)
    rows = {r.asset_class: r for r in (allocation(household, values) if after_plan else allocation(household))}
    secs = household.security_map()
    under = sorted((r for r in rows.values() if r.drift < -_OVER and r.asset_class != CASH_CLASS),
                   key=lambda r: r.drift)
    # identities the plan sells a lot of at a loss: the same test as the Trades note "Turn off dividend
    # reinvestment for ..." (engine/rebalance/assemble.py, harvested_identities), so the two sheets agree
    # (a loss the plan's own washes take in full is no harvest a dividend could wash: Reported Gain, the
    # loss left after them, as the Do Not Buy list counts it; audit18 F10)
    harvested = {secs[s.symbol].identity for s in (plan.lot_sales if plan is not None else ())
                 if s.reported_cents < 0 and s.symbol in secs}
    harvested |= {secs[t.symbol].identity for t in (plan.trades if plan is not None else ())
                  if t.action is Action.SELL and t.realized_st + t.realized_lt < 0 and t.symbol in secs}
    # a loss sale placed after As Of (it waits for a mutual fund to fill at the close; rebalance/placed_day.py,
    # Trade.placed_on): its 30 days after count from that day (fe11 finding 35): identity -> that day
    placed: dict[str, date] = {}
    for t in plan.trades if plan is not None else ():
        if t.placed_on is not None and t.symbol in secs:
            ident = secs[t.symbol].identity
            placed[ident] = max(placed.get(ident, t.placed_on), t.placed_on)
    # the plan's dated loss sales (Trades, Sales to wait for; Plan.waits): a reinvestment within 30 days
    # before or after that date washes part of it too (IRC §1091(a); fe11 finding 24): identity -> date
    dated: dict[str, date] = {}
    for w in plan.waits if plan is not None else ():
        if w.realized_st + w.realized_lt < 0 and w.symbol in secs:
            ident = secs[w.symbol].identity
            dated[ident] = max(dated.get(ident, w.sell_on), w.sell_on)
    shares: dict[tuple[str, str], float] = {}
    for lot in household.lots:
        if lot.symbol in secs and secs[lot.symbol].drip and lot.quantity > 0:
            key = (lot.account, lot.symbol)
            shares[key] = shares.get(key, 0.0) + lot.quantity
    # what the plan sells is no longer there to reinvest into; what it buys is (audit20 F6: pr11's Brokerage
    # EM1A showed its 1,800.1106 shares before the plan, not the 7,591.1106 after its buy of 5,791)
    for t in plan.trades if plan is not None else ():
        key = (t.account, t.symbol)
        if t.action is Action.SELL and key in shares:
            shares[key] -= t.quantity
        elif t.action is Action.BUY and t.symbol in secs and secs[t.symbol].drip:
            shares[key] = shares.get(key, 0.0) + t.quantity
    when = " after the plan" if after_plan else ""
    out = []
    win = window_days(as_of.year)

    def keep_off(ident: str) -> str:
        day = placed.get(ident)
        if day is None:
            return f"keep it off for {win} days"
        return (f"keep it off for {win} days after the sale: through {(day + timedelta(days=win)).isoformat()} if "
                f"it is placed on {day.isoformat()}, the next trading day once the mutual fund sold before it has "
                f"filled (Trades; placed later, {win} days from the day it fills)")
    for (acct, sym), left in sorted(shares.items()):
        sec = secs[sym]
        if left <= _SHARE_DUST:
            if sec.identity in harvested:  # closed by the plan, but a dividend can still be reinvested
                out.append(DividendAdvice(
                    acct, sym, sec.asset_class, 0.0, rows[sec.asset_class].drift if sec.asset_class in rows else 0.0,
                    "", "", f"Turn off dividend reinvestment for {sym} before the plan sells it, and "
                    f"{keep_off(sec.identity)}: the plan sells {sec.identity} at a loss, and a dividend reinvested "
                    f"within {win} days, even one paid after the position is sold, is a purchase that would wash part "
                    f"of it (IRC §1091). Take any such dividend as cash.", after_plan))
            continue  # otherwise the plan closes this position: no dividend can be reinvested in it
        value = value_in_cents([left], sec.price)  # the holding as Allocation values it (allocation.py)
        row = rows.get(sec.asset_class)
        drift = row.drift if row else 0.0
        washes = sec.identity in harvested
        later = dated.get(sec.identity)
        over = drift >= _OVER
        if not over and not washes and later is None:
            continue
        route = route_class = ""
        washing = False  # a class under target whose every fund the account may buy would wash a loss
        for r in under:
            buyable = [s for s in household.securities
                       if s.asset_class == r.asset_class and household.may_buy(acct, s.symbol)]
            options = [s for s in buyable if s.identity not in harvested and s.identity not in dated
                       and s.identity not in blocked]
            if options:
                route, route_class = options[0].symbol, r.asset_class
                break
            washing = washing or bool(buyable)
        reasons = []
        if over:
            reasons.append(f"{sec.asset_class} is {drift * 100:.1f} points over target{when}")
        if washes:
            reasons.append(f"the plan sells {sec.identity} at a loss and a reinvested dividend within "
                           f"{win} days would wash part of it (IRC §1091): {keep_off(sec.identity)}")
        if later is not None and not washes:
            last = later + timedelta(days=win)
            reasons.append(f"the plan sells {sec.identity} at a loss on {later.isoformat()} (Trades: Sales to wait "
                           f"for) and a dividend reinvested within {win} days before or after that sale would wash "
                           f"part of it (IRC §1091): turn it off now and keep it off through {last.isoformat()}")
        if route:
            where = f"buy {route} ({route_class}, under target{when}) with them in {acct}"
        elif under and washing:
            where = (f"leave them as cash in {acct} for the next rebalance (each fund of a class under target{when} "
                     f"it may buy would wash a loss sold within {win} days, IRC §1091(a))")
        elif under:
            where = f"leave them as cash in {acct} for the next rebalance (it can buy no class under target{when})"
        else:
            where = f"leave them as cash in {acct} for the next rebalance (no class is under target{when})"
        out.append(DividendAdvice(acct, sym, sec.asset_class, value, drift, route, route_class,
                                  f"Turn off dividend reinvestment for {sym}: " + " and ".join(reasons)
                                  + f". Take the dividends as cash and {where}.", after_plan))
    return tuple(out)
