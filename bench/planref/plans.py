"""A plan as the benchmark sees it: lot-level sells and buys in step order, and what it does to the bands.

Whoever made the plan (the product, :mod:`planref.optimum`, :mod:`planref.naive`), it is judged by the
same arithmetic here and in :mod:`planref.wash_check`:

* ``apply_plan`` checks every order against the rules of the Settings contract (no lot sold beyond
  what it holds; each account's cash + contribution + its own sales pays for its buys, cash silos;
  menus; Whole Shares: every order of a stock or ETF a whole number of shares (a mutual fund trades
  in fractional shares: Securities Type, or with it blank a five-letter symbol ending in X; README
  "Placing the orders"); Min Trade: every order at least that
  many dollars, except an employer plan's buys its contribution pays in full: payroll money under the
  investment election, no order; they add up to at most the contribution) and returns the class
  values after the plan;
* ``band_breaches`` lists the classes whose weight after the plan is outside target +/- band
  (household value = lots at price + every account's cash and contribution; Cash is a class only
  when Targets names it; a held class without a target has target 0 and the Default Band), by more
  than :data:`BAND_EDGE`: README Targets "Band: allowed drift in points", a drift on the edge to
  0.00001 points is within it (the tolerance the README states for the product's plans, "The
  plan-quality benchmark").

A **dated sale** (``SellPiece.on``, a day after As Of in its tax year) is a loss sale the plan makes
later, when a wash-sale window has cleared (planref.optimum; the product's "Sales to wait for"): it
is no step of today's plan, so it moves no value and no cash today (the lot is held today), and
``apply_plan`` checks only that the lot holds the shares and that the day is a trading day of As Of's
tax year (Pub 550: a sale counts in the year of its trade date; weekends and NYSE Rule 7.2's holidays
are not). That day its proceeds buy a fund of its class that is not substantially identical: a
**dated buy** (``BuyOrder.on``), which also moves nothing today (``apply_plan`` checks its menu and
day); it is there for :mod:`planref.wash_check`, since a purchase on that day washes a loss sale of
its identity made within 30 days before or after it (IRC §1091(a)).

Worked example: $100,000, stocks 70% with a 60% target and a 5-point band -> stocks breach by 5
points; selling $6,000 of stocks and buying $6,000 of bonds leaves stocks at 64%: within.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from taxrebal.engine.records import Household

from .history import ref_lots

__all__ = ["BAND_EDGE", "PAYROLL_PLANS", "BuyOrder", "Outcome", "RefPlan", "SellPiece", "apply_plan", "band_breaches",
           "class_values_before", "is_trading_day", "last_trading_day", "mutual_fund", "next_trading_day",
           "payroll_cash_most"]

SHARE_TOL = 1e-6
CASH_TOL = 0.01
#: README Targets, Band: "allowed drift in points"; a drift beyond the band by at most 0.00001 points
#: (1e-7 as a fraction) is on its edge, the tolerance the README states for the product's plans
#: ("The plan-quality benchmark": its own band check)
BAND_EDGE = 1e-7
#: Employer plans whose contribution arrives by payroll under the investment election (401(k) elective
#: deferrals, IRC §402(g); 403(b); Roth 401(k), §402A): README, Accounts Contribution
PAYROLL_PLANS = frozenset({"401(k)", "403(b)", "Roth 401(k)"})


@dataclass(frozen=True)
class SellPiece:
    step: int
    lot_id: str
    quantity: float
    on: date | None = None  # a dated sale's trade date (after As Of, this tax year); None: today's step


def last_trading_day(year: int) -> date:
    """The last day of ``year`` a sale can be made: December 31, or the weekday before it when it falls
    on a weekend (NYSE closes on weekends; its December holiday is the 25th, never the 31st)."""
    d = date(year, 12, 31)
    while d.weekday() >= 5:
        d -= timedelta(days=1)
    return d


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * ell) // 433
    month = (h + ell - 7 * m + 90) // 25
    return date(year, month, (h + ell - 7 * m + 33 * month + 19) % 32)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` (0 = Monday) of the month; ``n`` = -1: the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _observed(d: date) -> date:
    """NYSE Rule 7.2: a holiday on a Saturday is observed the Friday before, on a Sunday the Monday after."""
    return d - timedelta(days=1) if d.weekday() == 5 else d + timedelta(days=1) if d.weekday() == 6 else d


def _nyse_holidays(year: int) -> set[date]:
    """The NYSE's full-day closings of ``year`` (NYSE Rule 7.2): New Year's Day (not observed on the
    Friday before when it falls on a Saturday), Martin Luther King Jr. Day, Washington's Birthday, Good
    Friday, Memorial Day, Juneteenth, Independence Day, Labor Day, Thanksgiving Day, Christmas Day."""
    new_year = date(year, 1, 1)
    out = {_observed(new_year)} if new_year.weekday() != 5 else set()
    out |= {_nth_weekday(year, 1, 0, 3), _nth_weekday(year, 2, 0, 3), _easter(year) - timedelta(days=2),
            _nth_weekday(year, 5, 0, -1), _observed(date(year, 6, 19)), _observed(date(year, 7, 4)),
            _nth_weekday(year, 9, 0, 1), _nth_weekday(year, 11, 3, 4), _observed(date(year, 12, 25))}
    return out


def is_trading_day(d: date) -> bool:
    """A weekday the NYSE is open (a sale's trade date; Pub 550: the year of the trade date)."""
    return d.weekday() < 5 and d not in _nyse_holidays(d.year)


def next_trading_day(d: date) -> date:
    """``d``, or the first trading day after it (2026-12-26, a Saturday: Monday 2026-12-28;
    Thanksgiving 2026-11-26: 2026-11-27)."""
    while not is_trading_day(d):
        d += timedelta(days=1)
    return d


@dataclass(frozen=True)
class BuyOrder:
    step: int
    account: str
    symbol: str
    quantity: float
    #: a dated buy's trade date: the replacement a dated sale's proceeds buy that day (module docstring);
    #: None: today's step
    on: date | None = None


@dataclass(frozen=True)
class RefPlan:
    sells: tuple[SellPiece, ...]
    buys: tuple[BuyOrder, ...]


@dataclass(frozen=True)
class Outcome:
    values: Mapping[str, float]  # class -> value after the plan (Cash included)
    total: float
    problems: tuple[str, ...]  # rule violations (empty = a plan the contract allows)


def mutual_fund(symbol: str, sec: object = None) -> bool:
    """Whole Shares does not apply: Securities Type says Mutual Fund, or with Type blank the symbol is
    five capital letters ending in X (the NASDAQ fund-symbol convention)."""
    kind = getattr(sec, "security_type", None)
    if kind is not None:
        return getattr(kind, "value", kind) == "Mutual Fund"
    return re.fullmatch(r"[A-Z]{4}X", symbol) is not None


def class_values_before(h: Household) -> dict[str, float]:
    price = {s.symbol: s.price for s in h.securities}
    cls = {s.symbol: s.asset_class for s in h.securities}
    out: dict[str, float] = {t.asset_class: 0.0 for t in h.targets}
    for lot in ref_lots(h):
        out[cls[lot.symbol]] = out.get(cls[lot.symbol], 0.0) + lot.quantity * price[lot.symbol]
    out["Cash"] = out.get("Cash", 0.0) + sum(a.cash + a.contribution for a in h.accounts)
    return out


def payroll_cash_most(h: Household) -> dict[str, float]:
    """An employer plan holds no cash of its own: its contribution and its sales' proceeds end invested
    (a sale is an exchange into another fund of the menu; README, New money first), so the most cash
    it may hold after the plan is the Cash typed, plus one share of the cheapest fund it may buy when
    every such fund trades in whole shares, plus CASH_TOL and a 4-decimal share of the priciest. An
    account that may buy nothing, and every other account type, is not listed (no limit)."""
    out: dict[str, float] = {}
    for a in h.accounts:
        if a.type not in PAYROLL_PLANS:
            continue
        funds = [sec for sec in h.securities if h.may_buy(a.name, sec.symbol) and sec.price > 0]
        if not funds:
            continue
        whole = h.settings.whole_shares and not any(mutual_fund(sec.symbol, sec) for sec in funds)
        # Trades counts shares to 4 decimals: 0.0001 of a share of the priciest fund is left at most
        out[a.name] = (max(a.cash, 0.0) + (min(sec.price for sec in funds) if whole else 0.0) + CASH_TOL
                       + 1e-4 * max(sec.price for sec in funds))
    return out


def apply_plan(h: Household, plan: RefPlan) -> Outcome:
    price = {s.symbol: s.price for s in h.securities}
    cls = {s.symbol: s.asset_class for s in h.securities}
    lots = {lot.lot_id: lot for lot in ref_lots(h)}
    values = class_values_before(h)
    total = sum(values.values())
    problems: list[str] = []
    sold: dict[str, float] = {}
    cash = {a.name: a.cash + a.contribution for a in h.accounts}
    orders: dict[tuple[int, str, str, str], float] = {}  # (step, account, symbol, side) -> shares
    for p in plan.sells:
        lot = lots.get(p.lot_id)
        if lot is None:
            problems.append(f"sells unknown lot {p.lot_id}")
            continue
        sold[p.lot_id] = sold.get(p.lot_id, 0.0) + p.quantity
        if p.on is not None:  # a dated sale: nothing moves today (module docstring)
            if not (h.as_of < p.on <= last_trading_day(h.as_of.year) and is_trading_day(p.on)):
                problems.append(f"lot {p.lot_id}: dated sale on {p.on.isoformat()} is not a later trading day "
                                f"of {h.as_of.year}")
            key = (p.step, lot.account, lot.symbol, f"sell on {p.on.isoformat()}")
            orders[key] = orders.get(key, 0.0) + p.quantity
            continue
        value = p.quantity * price[lot.symbol]
        cash[lot.account] += value
        values[cls[lot.symbol]] -= value
        key = (p.step, lot.account, lot.symbol, "sell")
        orders[key] = orders.get(key, 0.0) + p.quantity
    for lot_id, q in sold.items():
        if q > lots[lot_id].quantity + SHARE_TOL:
            problems.append(f"lot {lot_id}: sells {q:g} of {lots[lot_id].quantity:g} shares")
    for b in plan.buys:
        if not h.may_buy(b.account, b.symbol):
            problems.append(f"{b.account} may not buy {b.symbol} (Menus)")
        if b.on is not None:  # a dated sale's replacement: bought with its proceeds that day, nothing today
            if not (h.as_of < b.on <= last_trading_day(h.as_of.year) and is_trading_day(b.on)):
                problems.append(f"{b.account}: dated buy of {b.symbol} on {b.on.isoformat()} is not a later "
                                f"trading day of {h.as_of.year}")
            continue
        value = b.quantity * price[b.symbol]
        cash[b.account] -= value
        values[cls[b.symbol]] = values.get(cls[b.symbol], 0.0) + value
        key = (b.step, b.account, b.symbol, "buy")
        orders[key] = orders.get(key, 0.0) + b.quantity
    values["Cash"] = sum(cash.values())
    most = payroll_cash_most(h)
    for acct, left in cash.items():
        if left < -CASH_TOL:
            problems.append(f"{acct}: cash goes to {left:,.2f}")
        if acct in most and left > most[acct]:
            problems.append(f"{acct}: an employer plan keeps {left:,.2f} as cash (at most {most[acct]:,.2f})")
    s = h.settings
    # Whole Shares: every order an integer number of shares, except a sell of the whole position (a
    # fractional holding, e.g. reinvested dividends, can only be sold all at once: "sell all") and a
    # mutual fund's order (the fund issues and redeems fractional shares at its NAV, SEC Rule 22c-1)
    sec_of = {sec.symbol: sec for sec in h.securities}

    payroll = {a.name: a.contribution for a in h.accounts if a.type in PAYROLL_PLANS and a.contribution > 0}
    held: dict[tuple[str, str], float] = {}
    for lot in ref_lots(h):
        held[(lot.account, lot.symbol)] = held.get((lot.account, lot.symbol), 0.0) + lot.quantity
    for (step, acct, sym, side), q in orders.items():
        if q <= SHARE_TOL:
            continue
        whole_position = side.startswith("sell") and abs(q - held.get((acct, sym), 0.0)) <= SHARE_TOL
        if (s.whole_shares and abs(q - round(q)) > SHARE_TOL and not whole_position
                and not mutual_fund(sym, sec_of.get(sym))):
            problems.append(f"step {step} {side} {q:g} {sym} in {acct}: not whole shares")
        if q * price[sym] < s.min_trade - CASH_TOL:
            if side == "buy" and q * price[sym] <= payroll.get(acct, 0.0) + CASH_TOL:
                payroll[acct] -= q * price[sym]  # payroll money under the election: no order
                continue
            problems.append(f"step {step} {side} {sym} in {acct}: ${q * price[sym]:,.2f} < Min Trade")
    return Outcome(values, total, tuple(problems))


def band_breaches(h: Household, values: Mapping[str, float], total: float, tol: float = BAND_EDGE) -> list[str]:
    """Classes outside target +/- band after the plan ('US Stocks +2.31 pts (band 5)'); ``tol`` a fraction
    (points/100). A breach that would print as the band itself is printed to 0.0001 points."""
    targets = {t.asset_class: t for t in h.targets}
    out = []
    for c, v in values.items():
        t = targets.get(c)
        if t is None and c == "Cash":
            continue  # uninvested cash without a target is never out of band
        target = t.target if t else 0.0
        band = t.band if (t and t.band is not None) else h.settings.default_band
        drift = v / total - target
        if abs(drift) > band + tol:
            places = 2 if abs(round(drift * 100, 2)) != round(band * 100, 2) else 4  # never "+5.00 (band 5)"
            out.append(f"{c} {drift * 100:+.{places}f} pts (band {band * 100:g})")
    return out
