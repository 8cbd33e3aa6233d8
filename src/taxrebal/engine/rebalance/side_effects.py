"""What a step does beyond its own reason, said on its Trades row (fe11 findings 9 and 11).

Two side effects a step's reason does not show, each a sentence added to that step's note:

1. **A harvest that moves its class away from target.** The plan pays the least tax within the bands,
   so it may harvest a loss even where the account can buy no other fund of the class: the class then
   shrinks, as far as its band allows. That is a choice the advisor should see on the row. Worked
   example (fe11 g_harvest): Japan at -0.40 points (band 5), EWJ its only fund, no Replacement listed;
   the plan sells 31.5142 EWJ at a $315.15 loss ($63.03 less tax) and Japan ends at -5.00 points. The
   row says: "This harvest moves Japan from -0.40 to -5.00 points from target (its band: 5.00): Indiv
   buys no other Japan fund in this plan. Add a Replacement for EWJ on Securities to keep Japan on
   target and still harvest." Said when the class ends at least half a point farther from target
   than it started and the plan buys nothing of that class.

2. **A buy that blocks a harvest.** Buying a fund today puts shares bought in the last 30 days beside
   a taxable loss lot of that fund (or of its Identical Group) that the plan keeps: sold within 30
   days, the lot's loss washes against them (IRC §1091(a); any account, Rev. Rul. 2008-5), one share
   for each share bought (Treas. Reg. §1.1091-1(c)). A lot whose sale the plan dates (Sales to wait
   for) is left to that row. Worked example (fe11 g_harvestonly): the plan buys
   2.4457 EWJ while lot G3 (100 EWJ, $10.00 a share under its basis) is kept: "Buying EWJ today
   blocks harvesting lot G3 (Indiv, a $1,000.00 loss) for 30 days: sold before 2027-01-04, the first
   day you may sell it, these 2.4457 shares wash $24.46 of it." Said for kept loss lots of at least
   Harvest Min Loss.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Mapping

from ..allocation import allocation
from ..money import cents
from ..plan import Plan, Reason, Trade, shares_sold
from ..records import Action, Household, Lot
from ..wash_dates import FIRST_DAY_TO_SELL, first_clear_day, first_trading_day

__all__ = ["with_side_effects"]

#: a class that ends at least this much farther from target (a fraction: half a point) is said
MOVED_AWAY = 0.005


def with_side_effects(plan: Plan, household: Household, as_of: date) -> Plan:
    """``plan`` with the two side effects of the module docstring added to their steps' notes."""
    extra: dict[int, list[str]] = {}
    for step, text in _harvests_moving_away(plan, household):
        extra.setdefault(step, []).append(text)
    for step, text in _buys_blocking_harvests(plan, household, as_of):
        extra.setdefault(step, []).append(text)
    if not extra:
        return plan
    trades = tuple(replace(t, note=(t.note + " " + " ".join(extra[t.step])).strip()) if t.step in extra else t
                   for t in plan.trades)
    return replace(plan, trades=trades)


def _harvests_moving_away(plan: Plan, household: Household) -> list[tuple[int, str]]:
    if not plan.after:
        return []
    before = {r.asset_class: r for r in allocation(household, plan.before)}
    after = {r.asset_class: r for r in allocation(household, plan.after)}
    bought = {t.asset_class for t in plan.trades if t.action is Action.BUY}
    replacements = {s.symbol: s.replacements for s in household.securities}
    by_class: dict[str, list[Trade]] = {}
    for t in plan.trades:
        if t.action is Action.SELL and t.reason is Reason.HARVEST and t.asset_class not in bought:
            by_class.setdefault(t.asset_class, []).append(t)
    out = []
    for cls, steps in sorted(by_class.items()):
        b, a = before.get(cls), after.get(cls)
        if b is None or a is None or not a.banded or abs(a.drift) < abs(b.drift) + MOVED_AWAY:
            continue
        last = max(steps, key=lambda t: t.step)
        accounts = ", ".join(dict.fromkeys(t.account for t in steps))
        symbols = ", ".join(dict.fromkeys(t.symbol for t in steps))
        listed = any(replacements.get(t.symbol) for t in steps)
        out.append((last.step, f"This harvest moves {cls} from {_points(b.drift)} to {_points(a.drift)} points from "
                    f"target (its band: {a.band * 100:.2f}): {accounts} {'buy' if ', ' in accounts else 'buys'} no "
                    f"other {cls} fund in this plan."
                    + ("" if listed else f" Add a Replacement for {symbols} on Securities to keep {cls} on target "
                       "and still harvest.")))
    return out


def _buys_blocking_harvests(plan: Plan, household: Household, as_of: date) -> list[tuple[int, str]]:
    identity = {s.symbol: s.identity for s in household.securities}
    price = {s.symbol: s.price for s in household.securities}
    taxable = {a.name for a in household.accounts if a.is_taxable}
    sold: Mapping[tuple[str, str], float] = shares_sold(plan)
    dated = {(w.account, w.lot_id) for w in plan.waits}  # the plan dates their sale: its note says when
    minimum = household.settings.harvest_min_loss
    out = []
    for t in sorted(plan.trades, key=lambda t: t.step):
        if t.action is not Action.BUY:
            continue
        ident = identity.get(t.symbol, t.symbol)
        kept = [(lot, lot.quantity - sold.get((lot.account, lot.lot_id), 0.0)) for lot in household.lots
                if lot.account in taxable and identity.get(lot.symbol, lot.symbol) == ident
                and (lot.account, lot.lot_id) not in dated]
        losses = [(lot, left, _loss_per_share(lot, price.get(lot.symbol))) for lot, left in kept if left > 1e-9]
        losses = [(lot, left, per) for lot, left, per in losses if per > 0 and per * left >= max(minimum, 0.01)]
        if not losses:
            continue
        lot, left, per = max(losses, key=lambda x: x[2] * x[1])
        washed = cents(min(t.quantity, left) * per)
        until = first_clear_day(as_of)
        out.append((t.step, f"Buying {t.symbol} today blocks harvesting lot {lot.lot_id} ({lot.account}, a "
                    f"${cents(per * left):,.2f} loss) for {until.toordinal() - as_of.toordinal() - 1} days: sold "
                    f"before {first_trading_day(until).isoformat()}, the {FIRST_DAY_TO_SELL} it, these "
                    f"{t.quantity:g} shares wash "
                    f"${cents(washed):,.2f} of it (IRC §1091(a))."))
    return out


def _loss_per_share(lot: Lot, price: float | None) -> float:
    if price is None or lot.basis is None or lot.quantity <= 0:
        return 0.0
    return lot.basis / lot.quantity - price


def _points(drift: float) -> str:
    value = drift * 100
    return f"{value:+.2f}" if abs(value) >= 0.005 else "0.00"
