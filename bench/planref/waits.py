"""Dated loss sales: a Taxable loss lot sold on a later day this tax year, when a wash-sale window has cleared.

Rule (written from the law; IRC §1091(a), Treas. Reg. §1.1091-1(a), (c), Rev. Rul. 2008-5, Pub 550).
A loss sale is washed by substantially identical shares acquired within 30 days before or after it.
Shares of an identity bought in the 30 days before As Of and still held wash a loss sold today; the
same loss sold on day ``d`` is washed by none of them once every such purchase still held was made
more than 30 days before ``d``. So the optimum (:mod:`planref.optimum`) may, instead of selling a
Taxable loss lot of identity g today, sell it on a later day ``d`` of As Of's tax year:

* the days offered are the first trading days clear of each purchase: ``acquired + 31`` (or the next
  trading day, NYSE Rule 7.2: :func:`planref.plans.next_trading_day`) for each lot of g bought in the
  30 days before As Of (any account), and ``As Of + 31``, the first day clear of every trade made today
  (a purchase of g today washes no sale 31 or more days later; a replacement bought then washes no
  loss sold today), those after As Of and no later than the year's last trading day
  (:func:`planref.plans.last_trading_day`; Pub 550: a sale counts in the year of its trade date, so
  its whole loss counts on this year's return). A later day than a clear one only ages the lot, and a
  short-term loss is worth at least a long-term one (Schedule D netting); a day clear only of another
  dated sale (its own + 31) is not offered, a known limit (it would let two identities of a class with
  no third fund each replace the other);
* a sale dated ``d`` needs every purchase of g made within the 30 days before ``d`` gone by then:
  each such lot's shares not already used as replacements for a past loss sale (Reg. §1.1091-1(e):
  :mod:`planref.history`) are all sold today (before or after today's loss sales), and today's plan
  buys no share of g when ``d`` is within 30 days of As Of (one binary per identity and day); a day
  31 or more days after As Of leaves today's purchases of g free;
* nothing is acquired after As Of but the dated sales' replacements (dividend reinvestment assumed
  turned off, as the product advises);
* the lot is held today, so a dated sale moves no value or cash today: today's bands hold without it.
  That day its proceeds buy a fund of the same class that is not substantially identical (the class
  is kept, as the product's "Sales to wait for" names a replacement), one its account may buy
  (Menus), **and that purchase washes none of the plan's losses** (IRC §1091(a): a purchase within 30
  days before or after a loss sale washes it): no Taxable loss lot of its identity is sold today when
  ``d`` is within 30 days of As Of, none is dated within 30 days of ``d``, and no past loss sale of it
  with shares still open was made within the 30 days before ``d``. One binary per candidate identity
  of each (account, class, identity, day), none when a candidate has no loss lot at all. The laid-out
  plan buys it (a dated buy, ``BuyOrder.on``), so :mod:`planref.wash_check` checks it like any purchase;
* priced at today's price (the product's waits are figured at today's price too), the term its
  holding period on ``d`` (IRC §1222, §1223), the loss counted in this year's (ST, LT) whole;
* the product's contract holds for them too: a plan that sells g at a loss today, or dated within 30
  days of today, buys no g today.

A dated sale is one order (account, symbol, day): Whole Shares and Min Trade hold per order.

Worked example (tests/test_planref_waits.py): lot A, 10 X bought 2026-03-02 for $1,500 in the
Taxable account, price $105: a $450 short-term loss; lot R, 10 X bought 2026-11-15 for $1,000 in the
same account (a $50 short-term gain). As of 2026-11-25 the bands need no sale. Selling A today washes
all $450 (R replaces it); selling R first realizes its $50 gain (net -$400); selling A then R realizes
A's loss through R's adjusted basis (net -$400). Dated 2026-12-16 (2026-11-15 + 31 days) A's whole
$450 loss counts and R is kept, its $1,050 buying 21 Y that day: the optimum's plan.

Worked examples of the replacement and of a purchase today (tests/test_planref_dated_replacement.py):
C, a $100 Y loss sold today (2026-12-04), and A dated 2026-12-21 can count -$550 only if A's
proceeds buy a fund other than Y; Y bought on 2026-12-21, 17 days after C's sale, washes C's whole
loss. An IRA buying 8 X today washes $360 of A's $450 loss sold today or through 2026-12-25 (Rev.
Rul. 2008-5); sold 2026-12-28, none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from taxrebal.engine.records import Household, Lot

from .milp import Expr, Model
from .plans import last_trading_day, next_trading_day
from .wash_check import WINDOW_DAYS, in_window, is_long_term

__all__ = ["DatedSale", "Replacement", "add_dated_sales", "clear_days"]


@dataclass(frozen=True)
class DatedSale:
    """One dated-sale variable: shares of ``lot_id`` sold on ``on``."""

    lot_id: str
    on: date
    var: int


@dataclass(frozen=True)
class Replacement:
    """A fund the dated sales of (``account``, ``asset_class``, ``identity``) on ``on`` may buy that day;
    ``var`` the binary choosing it, None when its purchase washes no loss of any plan (its identity has
    no Taxable loss lot, nor a past loss sale within 30 days)."""

    account: str
    asset_class: str
    identity: str
    on: date
    symbol: str
    var: int | None


def clear_days(h: Household, recent: list[Lot]) -> list[date]:
    """The first trading days clear of each recent purchase (``acquired + 31``, or the next trading day)
    and of every trade made today (``As Of + 31``); after As Of and within the tax year's trading days,
    earliest first."""
    end = last_trading_day(h.as_of.year)
    first = [lot.acquired for lot in recent if lot.acquired is not None] + [h.as_of]
    days = {next_trading_day(a + timedelta(days=WINDOW_DAYS + 1)) for a in first}
    return sorted(d for d in days if h.as_of < d <= end)


def _candidates(h: Household, account: str, asset_class: str, identity: str, day: date,
                past_losses: Mapping[str, list[date]]) -> dict[str, list[str]]:
    """Identity -> symbols the account may buy on ``day`` to stay in ``asset_class``: another identity,
    none of whose past loss sales is within the 30 days before ``day`` (that purchase would wash it)."""
    out: dict[str, list[str]] = {}
    for s in sorted(h.securities, key=lambda s: s.symbol):
        if (s.asset_class == asset_class and s.identity != identity and h.may_buy(account, s.symbol)
                and not any(in_window(sold, day) for sold in past_losses.get(s.identity, ()))):
            out.setdefault(s.identity, []).append(s.symbol)
    return out


def add_dated_sales(m: Model, h: Household, lots: Mapping[str, Lot], loss_lots: Mapping[str, list[str]],
                    recent_lots: Mapping[str, list[str]], sold: Callable[[str], Expr], today: Mapping[str, int],
                    gain: Mapping[str, float], buys_of: Callable[[str], Expr], used: Mapping[str, float],
                    st: Expr, lt: Expr, past_losses: Mapping[str, list[date]] | None = None,
                    ) -> tuple[list[DatedSale], list[Replacement]]:
    """The dated-sale variables and rows (module docstring). ``loss_lots`` / ``recent_lots``: identity ->
    lot ids; ``sold(i)``: today's sale of recent lot i; ``today[i]``: today's sale variable of loss lot i
    (its dated sales and it share the lot's shares); ``gain[i]``: gain per share at today's price;
    ``buys_of(g)``: today's buys of identity g; ``used[i]``: shares of i a past loss sale used;
    ``past_losses``: identity -> days of past loss sales with shares still open (planref.history).
    Adds each dated sale's gain to ``st`` / ``lt`` by its term on its day. Returns the dated sales and,
    per dated order group, the replacements it may buy."""
    past_losses = past_losses or {}
    out: list[DatedSale] = []
    day_of: dict[tuple[str, date], int] = {}  # (identity, day) -> z: some loss lot of it sold that day
    groups: list[tuple[str, str, str, date, list[int], float, dict[str, list[str]]]] = []
    for ident, ids in sorted(loss_lots.items()):
        recent = [lots[r] for r in recent_lots.get(ident, ())]
        buys = buys_of(ident)
        buy_ub = m.bounds(buys)[1]
        secs = {s.symbol: s for s in h.securities}
        for d in clear_days(h, recent):
            by_group: dict[tuple[str, str], list[str]] = {}
            for i in ids:
                by_group.setdefault((lots[i].account, secs[lots[i].symbol].asset_class), []).append(i)
            offered = {key: (members, _candidates(h, key[0], key[1], ident, d, past_losses))
                       for key, members in sorted(by_group.items())}
            offered = {key: mc for key, mc in offered.items() if mc[1]}
            if not offered:
                continue  # no account of its lots may buy a replacement that day
            z = m.binary()  # 1: some loss lot of this identity is sold on d
            day_of[(ident, d)] = z
            for r in recent:
                if not in_window(r.acquired, d):
                    continue
                need = r.quantity - used.get(r.lot_id, 0.0)
                if need > 1e-12:  # every unused share of it sold today: sold >= need * z
                    m.add(sold(r.lot_id).plus(Expr.of(z, -need)), 0.0)
            if buy_ub > 0 and (d - h.as_of).days <= WINDOW_DAYS:
                m.add(buys.plus(Expr.of(z, buy_ub)), hi=buy_ub)  # buys <= ub * (1 - z)
            for (acct, cls), (members, cands) in offered.items():
                ws = []
                for i in members:
                    lot = lots[i]
                    w = m.var(0.0, lot.quantity)
                    m.add(Expr({w: 1.0, z: -lot.quantity}), hi=0.0)
                    out.append(DatedSale(i, d, w))
                    ws.append(w)
                    side = lt if is_long_term(lot.holding_start, d, lot.inherited) else st
                    side.terms[w] = side.terms.get(w, 0.0) + gain[i]
                groups.append((acct, cls, ident, d, ws, sum(lots[i].quantity for i in members), cands))
    for i in sorted({s.lot_id for s in out}):  # today's sale and the dated ones share the lot's shares
        m.add(Expr.of(today[i]).plus(Expr.total((s.var, 1.0) for s in out if s.lot_id == i)), hi=lots[i].quantity)
    return out, _replacement_rows(m, h, groups, day_of, loss_lots, today, lots)


def _replacement_rows(m: Model, h: Household,
                      groups: list[tuple[str, str, str, date, list[int], float, dict[str, list[str]]]],
                      day_of: Mapping[tuple[str, date], int], loss_lots: Mapping[str, list[str]],
                      today: Mapping[str, int], lots: Mapping[str, Lot]) -> list[Replacement]:
    """Each dated order group sells only when it buys a replacement that washes none of the plan's loss
    sales (IRC §1091(a): a purchase within 30 days after a loss sale, or before one, washes it): identity
    f is clean on ``d`` when no Taxable loss lot of f is sold today (if ``d`` is within 30 days of As Of)
    and no loss lot of f is dated within 30 days of ``d``. One binary per candidate identity, unless some
    candidate has no loss lot at all (always clean)."""
    harvested: dict[str, int] = {}  # identity -> binary: some Taxable loss lot of it sold today

    def harvested_today(f: str) -> int:
        if f not in harvested:
            y = m.binary()
            ids = loss_lots[f]
            m.add(Expr.total((today[i], 1.0) for i in ids).plus(Expr.of(y, -sum(lots[i].quantity for i in ids))),
                  hi=0.0)
            harvested[f] = y
        return harvested[f]

    out: list[Replacement] = []
    for acct, cls, ident, d, ws, cap, cands in groups:
        free = [f for f in cands if f not in loss_lots]
        if free:
            out.append(Replacement(acct, cls, ident, d, cands[free[0]][0], None))
            continue
        rs = []
        for f, symbols in cands.items():
            r = m.binary()
            rs.append(r)
            out.append(Replacement(acct, cls, ident, d, symbols[0], r))
            if (d - h.as_of).days <= WINDOW_DAYS:
                m.add(Expr({r: 1.0, harvested_today(f): 1.0}), hi=1.0)
            for (g, d2), z in day_of.items():
                if g == f and abs((d2 - d).days) <= WINDOW_DAYS:
                    m.add(Expr({r: 1.0, z: 1.0}), hi=1.0)
        m.add(Expr.total((w, 1.0) for w in ws).plus(Expr.total((r, -cap) for r in rs)), hi=0.0)
    return out
