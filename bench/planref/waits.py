"""Dated loss sales: a Taxable loss lot sold on a later day this tax year, when a wash-sale window has cleared.

Rule (written from the law; IRC §1091(a), Treas. Reg. §1.1091-1(a), (c), Rev. Rul. 2008-5, Pub 550).
A loss sale is washed by substantially identical shares acquired within 30 days before or after it.
Shares of an identity bought in the 30 days before As Of and still held wash a loss sold today; the
same loss sold on day ``d`` is washed by none of them once every such purchase still held was made
more than 30 days before ``d``. So the optimum (:mod:`planref.optimum`) may, instead of selling a
Taxable loss lot of identity g today, sell it on a later day ``d`` of As Of's tax year:

* the days offered are the first days clear of each purchase: ``acquired + 31`` for each lot of g
  bought in the 30 days before As Of (any account), those after As Of and no later than the year's last
  trading day (:func:`planref.plans.last_trading_day`; Pub 550: a sale counts in the year of its trade
  date, so its whole loss counts on this year's return). A later day than the first clear one only
  ages the lot, and a short-term loss is worth at least a long-term one (Schedule D netting), so no
  other day is needed;
* a sale dated ``d`` needs every purchase of g made within the 30 days before ``d`` gone by then:
  each such lot's shares not already used as replacements for a past loss sale (Reg. §1.1091-1(e):
  :mod:`planref.history`) are all sold today (before or after today's loss sales), and today's plan
  buys no share of g when ``d`` is within 30 days of As Of (one binary per identity and day);
* nothing is acquired after As Of (dividend reinvestment assumed turned off, as the product advises);
* the lot is held today, so a dated sale moves no value or cash today: today's bands hold without it.
  That day its proceeds buy a fund of the same class that is not substantially identical (the
  class is kept, as the product's "Sales to wait for" names a replacement), so a lot is offered a day
  only when its account may buy such a fund (Menus);
* priced at today's price (the product's waits are figured at today's price too), the term its
  holding period on ``d`` (IRC §1222, §1223), the loss counted in this year's (ST, LT) whole;
* the product's contract holds for them too: a plan that sells g at a loss, today or dated, buys no g.

A dated sale is one order (account, symbol, day): Whole Shares and Min Trade hold per order.

Worked example (tests/test_planref_optimum.py): lot A, 10 X bought 2026-03-02 for $1,500 in the
Taxable account, price $105: a $450 short-term loss; lot R, 10 X bought 2026-11-15 for $1,000 in the
same account (a $50 short-term gain). As of 2026-11-25 the bands need no sale. Selling A today washes
all $450 (R replaces it); selling R first realizes its $50 gain (net -$400); selling A then R realizes
A's loss through R's adjusted basis (net -$400). Dated 2026-12-16 (2026-11-15 + 31 days) A's whole
$450 loss counts and R is kept: the optimum's plan.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from taxrebal.engine.records import Household, Lot

from .milp import Expr, Model
from .plans import last_trading_day
from .wash_check import WINDOW_DAYS, in_window, is_long_term

__all__ = ["DatedSale", "add_dated_sales", "clear_days"]


@dataclass(frozen=True)
class DatedSale:
    """One dated-sale variable: shares of ``lot_id`` sold on ``on``."""

    lot_id: str
    on: date
    var: int


def clear_days(h: Household, recent: list[Lot]) -> list[date]:
    """The first days clear of each recent purchase (``acquired + 31``), after As Of and within the tax
    year's trading days, earliest first."""
    end = last_trading_day(h.as_of.year)
    days = {lot.acquired + timedelta(days=WINDOW_DAYS + 1) for lot in recent if lot.acquired is not None}
    return sorted(d for d in days if h.as_of < d <= end)


def _replacement_exists(h: Household, lot: Lot) -> bool:
    """The lot's account may buy a fund of its class that is not substantially identical."""
    secs = {s.symbol: s for s in h.securities}
    own = secs[lot.symbol]
    return any(s.asset_class == own.asset_class and s.identity != own.identity and h.may_buy(lot.account, s.symbol)
               for s in h.securities)


def add_dated_sales(m: Model, h: Household, lots: Mapping[str, Lot], loss_lots: Mapping[str, list[str]],
                    recent_lots: Mapping[str, list[str]], sold: Callable[[str], Expr], today: Mapping[str, int],
                    gain: Mapping[str, float], buys_of: Callable[[str], Expr], used: Mapping[str, float],
                    st: Expr, lt: Expr) -> list[DatedSale]:
    """The dated-sale variables and rows (module docstring). ``loss_lots`` / ``recent_lots``: identity ->
    lot ids; ``sold(i)``: today's sale of recent lot i; ``today[i]``: today's sale variable of loss lot i
    (its dated sales and it share the lot's shares); ``gain[i]``: gain per share at today's price;
    ``buys_of(g)``: today's buys of identity g; ``used[i]``: shares of i a past loss sale used.
    Adds each dated sale's gain to ``st`` / ``lt`` by its term on its day."""
    out: list[DatedSale] = []
    for ident, ids in sorted(loss_lots.items()):
        recent = [lots[r] for r in recent_lots.get(ident, ())]
        buys = buys_of(ident)
        buy_ub = m.bounds(buys)[1]
        offered = [i for i in ids if _replacement_exists(h, lots[i])]
        if not offered:
            continue
        for d in clear_days(h, recent):
            z = m.binary()  # 1: some loss lot of this identity is sold on d
            for r in recent:
                if not in_window(r.acquired, d):
                    continue
                need = r.quantity - used.get(r.lot_id, 0.0)
                if need > 1e-12:  # every unused share of it sold today: sold >= need * z
                    m.add(sold(r.lot_id).plus(Expr.of(z, -need)), 0.0)
            if buy_ub > 0 and (d - h.as_of).days <= WINDOW_DAYS:
                m.add(buys.plus(Expr.of(z, buy_ub)), hi=buy_ub)  # buys <= ub * (1 - z)
            for i in offered:
                lot = lots[i]
                w = m.var(0.0, lot.quantity)
                m.add(Expr({w: 1.0, z: -lot.quantity}), hi=0.0)
                out.append(DatedSale(i, d, w))
                side = lt if is_long_term(lot.holding_start, d, lot.inherited) else st
                side.terms[w] = side.terms.get(w, 0.0) + gain[i]
    for i in sorted({s.lot_id for s in out}):  # today's sale and the dated ones share the lot's shares
        m.add(Expr.of(today[i]).plus(Expr.total((s.var, 1.0) for s in out if s.lot_id == i)), hi=lots[i].quantity)
    return out
