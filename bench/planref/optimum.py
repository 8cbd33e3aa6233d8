"""The best achievable wash-aware plan within every band: an independent MILP over all lots.

Minimise the year's federal + state tax (:mod:`planref.tax_rules`, exact rows from
:mod:`planref.tax_milp`) of the plan's allowed (ST, LT) result, subject to the Settings contract:

* every lot of every account may be sold (``s_i`` shares, 0..held); a Taxable lot with a short-term
  gain only when Allow Short-Term Gains is Y (the contract's rule); tax-advantaged sales realize
  nothing (IRC §§401, 408, 408A, 223);
* buys ``b_as`` of any security an account's Menu allows; each account is a cash silo:
  cash + contribution + its own sales - its buys >= 0;
* orders are per (account, symbol, side): Whole Shares makes each order's share count an integer;
  Min Trade makes each order 0 or at least that many dollars (binary per order); Tax Budget caps tax;
* bands: for each class, |value after / household value - target| <= band (Cash counts as a class
  only when Targets names it);
* **wash sales, charged, never forbidden** (IRC §1091; a wash sale forbids no trade). Per identity g
  (symbol or Identical Group): loss shares sold L_g = sum of s_i over Taxable lots below basis;
  replacement shares R_g = shares of lots bought within the 30 days before As Of *still held after
  the plan* (in any account: a Roth or HSA purchase washes too, Rev. Rul. 2008-5) + every share the
  plan buys of g. Disallowed shares D_g >= min(L_g, R_g) (exact, one binary); the disallowed loss
  sum_i d_i (basis/share - price), d_i <= s_i, sum d_i = D_g, is added back to the lot's character
  (deferred into a taxable replacement's basis or lost in an IRA: worth $0 this year either way).
  Selling a recent lot removes it from R_g: the plan sells the recent shares in an earlier step
  ("a sale of the replacement shares first means no shares remain to wash", Reg. §1.1091-1).

The model chooses *which* sold loss shares the replacements match (the d_i). A plan can only pick
that through the order of its loss sales (steps); within one order the regulation matches in
acquisition order. So when the optimum washes part of an identity's loss, its tax is a lower bound
that the best real plan may miss by a little: :func:`solve` lays the optimum out as steps, prices it
with :mod:`planref.wash_check` and reports both (``tax`` = the MILP's proven lower bound,
``achieved_tax`` = the wash-checked tax of its own plan).

DRIP is not a constraint: a dividend reinvested after As Of is not part of the plan (the product
advises turning reinvestment off); reinvestments already made are recent lots like any other.
Household restrictions (checked, NotImplementedError otherwise): no lot bought in the window is itself
a Taxable loss lot, no loss sale in the window before As Of (see :mod:`planref.wash_check`).

Worked example (tests/test_planref_optimum.py): a Taxable loss lot of X (basis $5,000, worth $4,000)
and 10 shares of X bought 5 days ago in an HSA; the band needs $4,000 of X sold. Selling the loss lot
alone washes 10 shares' worth of its loss; selling the HSA's 10 shares first (free) keeps the whole
$1,000 loss. The optimum does the latter, its tax is the brute-force minimum.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from taxrebal.engine.records import Household

from .milp import Expr, Model
from .plans import BuyOrder, RefPlan, SellPiece, apply_plan, class_values_before
from .tax_milp import add_tax
from .tax_rules import Situation, plan_tax, return_tax
from .wash_check import in_window, is_long_term, realize

__all__ = ["Optimum", "solve"]


@dataclass(frozen=True)
class Optimum:
    status: str  # "optimal", "time limit", "infeasible", ...
    tax: float | None  # proven lower bound on the least tax (MILP dual bound)
    model_tax: float | None  # the MILP's own value of its plan
    achieved_tax: float | None  # that plan priced by wash_check + tax_rules
    plan: RefPlan | None
    partial_wash: bool  # some identity washed only part of its loss shares (matching relaxation)
    problems: tuple[str, ...] = ()


def solve(h: Household, *, time_limit: float = 30.0) -> Optimum:
    s = h.settings
    sit = Situation.from_settings(s)
    as_of = h.as_of
    secs = {x.symbol: x for x in h.securities}
    accounts = {a.name: a for a in h.accounts}
    m = Model()
    sell: dict[str, int] = {}
    disallow: dict[str, int] = {}
    st, lt = Expr(), Expr()
    loss_lots: dict[str, list[str]] = {}
    recent_held: dict[str, Expr] = {}
    for lot in h.lots:
        sec = secs[lot.symbol]
        acct = accounts[lot.account]
        recent = not lot.inherited and in_window(lot.acquired, as_of)
        ub = lot.quantity
        if acct.is_taxable:
            unit = (lot.basis + lot.wash_adjustment) / lot.quantity
            gain = sec.price - unit
            long_term = is_long_term(lot.holding_start, as_of, lot.inherited)
            if gain > 0 and not long_term and not s.allow_short_term_gains:
                ub = 0.0
            if gain < 0 and recent:
                raise NotImplementedError(f"planref: lot {lot.lot_id} bought in the window is at a loss")
        j = m.var(0.0, ub)
        sell[lot.lot_id] = j
        if recent:
            e = recent_held.setdefault(sec.identity, Expr())
            e.const += lot.quantity
            e.terms[j] = e.terms.get(j, 0.0) - 1.0
        if acct.is_taxable:
            (lt if long_term else st).terms[j] = gain
            if gain < 0 and not recent:
                d = m.var(0.0, lot.quantity)
                m.add(Expr({d: 1.0, j: -1.0}), hi=0.0)  # d_i <= s_i
                disallow[lot.lot_id] = d
                (lt if long_term else st).terms[d] = -gain  # the disallowed loss comes back
                loss_lots.setdefault(sec.identity, []).append(lot.lot_id)
    # buys
    cash_in = {a.name: a.cash + a.contribution for a in h.accounts}
    capacity = dict(cash_in)
    for lot in h.lots:
        capacity[lot.account] += lot.quantity * secs[lot.symbol].price
    buy: dict[tuple[str, str], int] = {}
    for a in h.accounts:
        for sec in h.securities:
            if h.may_buy(a.name, sec.symbol) and capacity[a.name] > 0:
                buy[(a.name, sec.symbol)] = m.var(0.0, capacity[a.name] / sec.price)
    # orders: whole shares and min trade
    orders: list[tuple[list[int], float, float]] = []  # (vars, price, max shares)
    for (acct, sym, _), ids in _sell_orders(h).items():
        orders.append(([sell[i] for i in ids], secs[sym].price, sum(m.ub[sell[i]] for i in ids)))
    for (acct, sym), j in buy.items():
        orders.append(([j], secs[sym].price, m.ub[j]))
    for js, price, cap in orders:
        total = Expr.total((j, 1.0) for j in js)
        if s.whole_shares:
            n = m.var(0.0, math.floor(cap + 1e-9), integer=True)
            m.add(total.plus(Expr.of(n), -1.0), 0.0, 0.0)
            total = Expr.of(n)
        if s.min_trade > 0:
            if cap * price < s.min_trade:
                for j in js:
                    m.ub[j] = 0.0
                continue
            z = m.binary()
            m.add(total.scaled(price).plus(Expr.of(z, -s.min_trade)), 0.0)
            m.add(total.plus(Expr.of(z, -cap)), hi=0.0)
    # cash silos
    for a in h.accounts:
        e = Expr(const=cash_in[a.name])
        for lot in h.lots:
            if lot.account == a.name:
                e.terms[sell[lot.lot_id]] = secs[lot.symbol].price
        for (acct, sym), j in buy.items():
            if acct == a.name:
                e.terms[j] = -secs[sym].price
        m.add(e, 0.0)
    # bands
    before = class_values_before(h)
    household_value = sum(before.values())
    after: dict[str, Expr] = {c: Expr(const=v) for c, v in before.items()}
    for lot in h.lots:
        sec = secs[lot.symbol]
        after[sec.asset_class].terms[sell[lot.lot_id]] = -sec.price
        after["Cash"].terms[sell[lot.lot_id]] = sec.price
    for (acct, sym), j in buy.items():
        sec = secs[sym]
        after.setdefault(sec.asset_class, Expr()).terms[j] = sec.price
        after["Cash"].terms[j] = -sec.price
    targets = {t.asset_class: t for t in h.targets}
    for c, e in after.items():
        t = targets.get(c)
        if t is None and c == "Cash":
            continue
        target = t.target if t else 0.0
        band = t.band if (t and t.band is not None) else s.default_band
        m.add(e, (target - band) * household_value, (target + band) * household_value)
    # wash sales: D_g >= min(L_g, R_g)
    for ident, ids in loss_lots.items():
        rep = recent_held.get(ident, Expr()).plus(
            Expr.total((j, 1.0) for (acct, sym), j in buy.items() if secs[sym].identity == ident))
        if m.bounds(rep)[1] <= 0:
            continue
        sold_loss = Expr.total((sell[i], 1.0) for i in ids)
        y = m.min_of(sold_loss, rep)
        m.add(Expr.total((disallow[i], 1.0) for i in ids).plus(Expr.of(y), -1.0), 0.0)
        _match_in_acquisition_order(m, h, ids, sell, disallow)
    tax = add_tax(m, sit, st, lt)
    base = return_tax(sit).total
    if s.tax_budget is not None:
        m.add(tax, hi=base + s.tax_budget)
    res = m.solve(tax, time_limit=time_limit)
    if res.x is None:
        return Optimum(res.status, None, None, None, None, False)
    x = res.x
    partial = any(0.5 < sum(x[disallow[i]] for i in ids) < sum(x[sell[i]] for i in ids) - 0.5
                  for ids in loss_lots.values())
    plan = _lay_out(h, x, sell, disallow, buy)
    realized = realize(h, plan)
    outcome = apply_plan(h, plan)
    return Optimum(res.status, min(res.dual_bound, res.objective) - base, res.objective - base,
                   plan_tax(sit, realized.st, realized.lt), plan, partial, outcome.problems)


def _sell_orders(h: Household) -> dict[tuple[str, str, int], list[str]]:
    """Lot ids of each sell order (account, symbol, part). An order is one step of the plan; the
    order of a Taxable account that holds both shares bought in the window and loss lots is two
    orders: part 0 (the recent and other lots) goes before part 1 (the loss lots), so no recent
    share of it is still held when the loss is realized. Each order is whole shares / Min Trade."""
    secs = {x.symbol: x for x in h.securities}
    taxable = {a.name: a.is_taxable for a in h.accounts}
    by_position: dict[tuple[str, str], list] = {}
    for lot in h.lots:
        by_position.setdefault((lot.account, lot.symbol), []).append(lot)
    out: dict[tuple[str, str, int], list[str]] = {}
    for (acct, sym), lots in by_position.items():
        price = secs[sym].price

        def is_loss(lot, acct=acct, price=price) -> bool:
            return taxable[acct] and lot.basis is not None and lot.basis + lot.wash_adjustment > lot.quantity * price

        recent = [lot for lot in lots if not lot.inherited and in_window(lot.acquired, h.as_of)]
        split = taxable[acct] and recent and any(is_loss(lot) for lot in lots)
        for lot in lots:
            out.setdefault((acct, sym, 1 if split and is_loss(lot) else 0), []).append(lot.lot_id)
    return out


def _match_in_acquisition_order(m: Model, h: Household, ids: list[str], sell: dict[str, int],
                                 disallow: dict[str, int]) -> None:
    """Within one order (account, symbol) the sold loss shares are matched in acquisition order
    (Reg. §1.1091-1(b), (c)): lot k+1 has washed shares only if lot k's sold shares all washed."""
    lots = {lot.lot_id: lot for lot in h.lots}
    orders: dict[tuple[str, str], list[str]] = {}
    for i in ids:
        orders.setdefault((lots[i].account, lots[i].symbol), []).append(i)
    for group in orders.values():
        group.sort(key=lambda i: (lots[i].holding_start, i))
        for a, b in itertools.pairwise(group):
            full = m.binary()  # 1: every sold share of lot a is washed
            m.add(Expr({disallow[a]: 1.0, sell[a]: -1.0, full: -lots[a].quantity}), -lots[a].quantity)
            m.add(Expr({disallow[b]: 1.0, full: -lots[b].quantity}), hi=0.0)


def _lay_out(h: Household, x, sell: dict[str, int], disallow: dict[str, int],
             buy: dict[tuple[str, str], int]) -> RefPlan:
    """Steps: recent shares first (so they are gone before any loss sale), then the orders whose
    loss shares the optimum chose to wash (most washed first), then the rest, then the buys."""
    as_of = h.as_of
    groups: dict[tuple[str, str, int], list[SellPiece]] = {}
    rank: dict[tuple[str, str, int], int] = {}
    washed: dict[tuple[str, str, int], float] = {}
    lots = {lot.lot_id: lot for lot in h.lots}
    for key, ids in _sell_orders(h).items():
        for i in ids:
            q = float(x[sell[i]])
            if q <= 1e-7:
                continue
            groups.setdefault(key, []).append(SellPiece(0, i, q))
            if not lots[i].inherited and in_window(lots[i].acquired, as_of):
                rank[key] = 0
            share = float(x[disallow[i]]) / q if i in disallow else 0.0
            washed[key] = max(washed.get(key, 0.0), share)
    sells: list[SellPiece] = []
    step = 0
    for key in sorted(groups, key=lambda k: (rank.get(k, 1), -washed[k], k)):
        step += 1
        sells += [SellPiece(step, p.lot_id, p.quantity) for p in groups[key]]
    buys = []
    for (acct, sym), j in sorted(buy.items()):
        if x[j] > 1e-7:
            step += 1
            buys.append(BuyOrder(step, acct, sym, float(x[j])))
    return RefPlan(tuple(sells), tuple(buys))
