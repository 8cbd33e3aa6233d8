"""What drift costs: the tax-drift frontier, the contributions-only path and dividend routing.

**Tax-drift frontier.** For each level L of largest drift (0, 1, 2, 3, 5 points and the current
largest drift), the least tax of a plan that brings every class to within L of its target
(``|weight - target| <= L``), solved with the same model (built once per run) and rules as the rebalancer
(:mod:`taxrebal.engine.rebalance`: tax-advantaged trades first, lots with the least tax, no
short-term gains unless allowed, wash-sale safe) and priced with the true tax
(:func:`taxrebal.engine.tax.marginal_tax`). The tax can only rise as L falls (a plan within 2 points
is also within 3). Worked example: a taxable-only 60/40 household at 75/25 ($40,000; lot B 100
shares at $90 cost, price $100, 15% LT rate): L = 5 points needs $4,000 sold (40 shares of B, $400
gain, $60 tax); L = 0 needs $6,000 (60 shares, $600 gain, $90 tax); at L = 15 points nothing is sold.
A level no plan can reach (e.g. 0 with whole shares) is reported as not reachable. The frontier is
monotone by construction: the levels are solved tightest first, each trading at most what the
tighter level traded (that plan fits the looser level too, so its tax can only fall), and a looser
level whose answer would still cost more tax keeps the tighter level's plan.

**Contributions only** (:mod:`taxrebal.engine.contributions`, re-exported here). How many months
of the accounts' current contributions (Accounts Contribution read as a monthly amount; prices
unchanged; month 1 is the contribution already entered) bring every class within its band by buying
only, and where that money goes: the plan for month m spends ``cash + m x contribution`` in each
account on underweight classes (menus and location rules as in the rebalancer). Worked example: stocks $66,000, bonds
$34,000 (60/40 target, 5-point bands: bonds 6 points under, outside), $1,000 a month into an account that can buy bonds:
after m months the total is 100,000 + 1,000m and bonds 34,000 + 1,000m must reach
35% of it: 34,000 + 1,000m >= 0.35 (100,000 + 1,000m) -> m >= 1.54, so 2 months.

**Dividends.** A holding with dividend reinvestment (DRIP) on in a class over its target keeps
adding to the overweight class; the advice is to take the dividends as cash and buy the most
underweight class the same account may buy (the cash cannot leave the account). DRIP on a holding
whose identity the plan sells at a loss would also wash part of that loss (IRC §1091). A position
the plan sells whole gets no advice: nothing is left for a dividend to be reinvested in (the demo's
Traditional IRA sells all 15 VOO shares, so only the Joint Brokerage's VOO is listed).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Callable, Optional, Sequence

from .allocation import CASH_CLASS, allocation
from .contributions import ContributionBuy, ContributionsPlan, contributions_only  # noqa: F401 (re-exported)
from .plan import Plan
from .rebalance import (
    HouseholdModels,
    _best_solution,
    _TaxOracle,
    max_drift,
    shared_model,
)
from .records import Action, Household
from .wash import window_days

_SHARE_DUST = 1e-6  # shares left after the plan's sells that count as none (float rounding of whole-position sells)

__all__ = [
    "FrontierPoint",
    "tax_drift_frontier",
    "ContributionBuy",
    "ContributionsPlan",
    "contributions_only",
    "DividendAdvice",
    "dividend_advice",
    "FRONTIER_LEVELS",
]

#: Largest-drift levels of the frontier (fractions), besides the current largest drift.
FRONTIER_LEVELS = (0.0, 0.01, 0.02, 0.03, 0.05)


@dataclass(frozen=True)
class FrontierPoint:
    level: float  # largest drift allowed (fraction)
    reachable: bool
    tax: Optional[float]  # least true tax (negative = saved by harvested losses); None if unreachable
    realized_st: float = 0.0
    realized_lt: float = 0.0
    turnover: float = 0.0
    is_current: bool = False  # the household's current largest drift
    note: str = ""


def tax_drift_frontier(household: Household, *, as_of: date, levels: Sequence[float] = FRONTIER_LEVELS,
                       progress: Optional[Callable[[int, int], None]] = None,
                       models: Optional[HouseholdModels] = None) -> tuple[FrontierPoint, ...]:
    """The least tax to bring the largest drift down to each level (module docstring).
    ``progress(done, levels)`` is called before each level is solved and once at the end; ``models``:
    the run's models of ``household`` (shared with the plan), else built here."""
    current = max_drift(household)
    wanted = sorted({round(level, 10) for level in levels if level < current - 1e-9} | {round(current, 10)})
    model = shared_model(household, as_of, rebalance_now=True, models=models)
    oracle = _TaxOracle(household, as_of)
    points = []
    # With whole shares a class can be exactly on target only by luck: aim within one share of the
    # priciest security (and say so) rather than report "not reachable".
    share_step = 0.0
    if household.settings.whole_shares and household.securities:
        share_step = max(s.price for s in household.securities) / model.total
    prev: FrontierPoint | None = None
    for done, level in enumerate(wanted):  # tightest first
        if progress is not None:
            progress(done, len(wanted))
        cap = max(level, share_step)
        best = _best_solution(model, oracle, None, False, drift_cap=cap,
                              turnover_cap=None if prev is None else prev.turnover + 0.01)
        is_current = abs(level - round(current, 10)) < 1e-12
        note = (f"Within {cap * 100:.2f} points: whole shares" if cap > level + 1e-12 else "")
        if best is None:
            points.append(FrontierPoint(level, False, None, is_current=is_current, note=note))
            continue
        sol, tax = best
        turnover = sum(float(sol.x[j]) * v for j, v in model.turnover.items())
        point = FrontierPoint(level, True, tax.total, sol.realized_st, sol.realized_lt, turnover, is_current, note)
        # Monotone: a plan within a tighter level is within this one too, so a looser level never
        # costs more tax, nor (at the same tax) trades more, than the tighter level's plan.
        if prev is not None and prev.tax is not None and point.tax is not None and (
                point.tax > prev.tax + 0.005 or point.turnover > prev.turnover + 0.01):
            point = replace(prev, level=level, is_current=is_current,
                            note=(note + " " if note else "") + f"The plan for {prev.level * 100:g} "
                                                                "points fits here too.")
        points.append(point)
        prev = point
    if progress is not None:
        progress(len(wanted), len(wanted))
    return tuple(points)


# --------------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DividendAdvice:
    account: str
    symbol: str
    asset_class: str
    value: float
    class_drift: float
    route_to: str  # symbol to buy with the dividends ("" when none in this account)
    route_class: str
    advice: str


def dividend_advice(household: Household, *, as_of: date, plan: Optional[Plan] = None) -> tuple[DividendAdvice, ...]:
    """DRIP holdings in overweight classes (or in identities the plan sells at a loss), with where to
    send the cash instead. Given the plan, a position the plan sells whole gets no advice (nothing is
    left to reinvest into), and ``value`` is what the plan leaves; a DRIP in another account that keeps
    the identity is still advised against when the plan harvests it (its reinvestment would wash)."""
    rows = {r.asset_class: r for r in allocation(household)}
    secs = household.security_map()
    under = sorted((r for r in rows.values() if r.drift < 0 and r.asset_class != CASH_CLASS),
                   key=lambda r: r.drift)
    harvested = set()
    if plan is not None:
        for t in plan.trades:
            if t.action is Action.SELL and t.realized_st + t.realized_lt < 0 and t.symbol in secs:
                harvested.add(secs[t.symbol].identity)
    shares: dict[tuple[str, str], float] = {}
    for lot in household.lots:
        if lot.symbol in secs and secs[lot.symbol].drip and lot.quantity > 0:
            key = (lot.account, lot.symbol)
            shares[key] = shares.get(key, 0.0) + lot.quantity
    for t in plan.trades if plan is not None else ():  # what the plan sells is no longer there to reinvest into
        if t.action is Action.SELL and (t.account, t.symbol) in shares:
            shares[(t.account, t.symbol)] -= t.quantity
    out = []
    for (acct, sym), left in sorted(shares.items()):
        if left <= _SHARE_DUST:
            continue  # the plan closes this position: no dividend can be reinvested in it
        sec = secs[sym]
        value = left * sec.price
        row = rows.get(sec.asset_class)
        drift = row.drift if row else 0.0
        washes = sec.identity in harvested
        if drift <= 0 and not washes:
            continue
        route = route_class = ""
        for r in under:
            options = [s for s in household.securities if s.asset_class == r.asset_class
                       and household.may_buy(acct, s.symbol) and s.identity not in harvested]
            if options:
                route, route_class = options[0].symbol, r.asset_class
                break
        reasons = []
        if drift > 0:
            reasons.append(f"{sec.asset_class} is {drift * 100:.1f} points over target")
        if washes:
            reasons.append(f"the plan sells {sec.identity} at a loss and a reinvested dividend within "
                           f"{window_days(as_of.year)} days would wash part of it (IRC §1091)")
        where = (f"buy {route} ({route_class}) with them in {acct}" if route
                 else f"leave them as cash in {acct} for the next rebalance (it can buy no underweight class)")
        out.append(DividendAdvice(acct, sym, sec.asset_class, value, drift, route, route_class,
                                  f"Turn off dividend reinvestment for {sym}: " + " and ".join(reasons)
                                  + f". Take the dividends as cash and {where}."))
    return tuple(out)
