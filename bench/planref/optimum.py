"""The best achievable wash-aware plan within every band: an independent MILP over all lots.

Minimise the year's federal + state tax (:mod:`planref.tax_rules`, exact rows from
:mod:`planref.tax_milp`) of the plan's allowed (ST, LT) result, subject to the Settings contract:

* every lot of every account may be sold; with Allow Short-Term Gains = N the plan's allowed net
  short-term result may not exceed the year's net short-term loss so far (ytd ST less the ST
  carryover, 0 when that is a gain): the plan never raises the year's net short-term gain (IRC
  §1222(5); the contract's reading). Tax-advantaged sales realize nothing (IRC §§401, 408, 408A, 223);
* buys of any security an account's Menu allows; each account is a cash silo: cash + contribution
  + its own sales - its buys >= 0;
* orders (account, symbol, side, part; see ``_sell_orders``): Whole Shares makes each order's share
  count an integer, Min Trade makes each order 0 or at least that many dollars; Tax Budget caps tax;
* bands: for each class, |value after / household value - target| <= band (Cash counts as a class
  only when Targets names it);
* the product's wash-sale contract (README "Wash sales"): the plan never buys today an identity that it
  sells at a loss today in a Taxable account, since that purchase would wash the very loss it harvests
  (one binary per identity; a dated loss sale, planref.waits). ``solve(..., buy_back=True)`` lifts it;
  the bench prints that optimum beside the contract's, so the cost of the rule is visible (seed 14: the
  only household where it matters so far).

**Wash sales are charged, never forbidden** (IRC §1091; Reg. §1.1091-1). A lot bought within the
30 days before As Of (a *recent* lot, any account) is sold in two parts: ``a`` in a step before the
loss sales (it is then no longer held and cannot wash, Reg. §1.1091-1) and, in a Taxable account,
``c`` in a step after them. Per identity g (symbol or Identical Group):

* held replacement shares at the loss sales: each recent lot's quantity - a (kept or sold after),
  matched earliest-acquired first (Reg. §1.1091-1(d); one binary per recent lot keeps the prefix),
  then the plan's buys of g (bought on As Of, the latest acquisitions);
* matched shares M_g = min(loss shares sold, held replacement shares) (Reg. §1.1091-1(c)), each
  loss lot's matched shares m_i = d_i + h_i <= s_i, a prefix in acquisition order within one order
  (Reg. §1.1091-1(b)); across orders the plan chooses the order of its steps, so the model does;
* d_i: the loss is disallowed this year (deferred into a Taxable replacement's basis, or lost in an
  IRA/Roth/HSA, Rev. Rul. 2008-5: $0 this year either way): + (basis/share - price) x d_i;
* h_i: matched to recent Taxable shares the plan sells *after* the loss (a chain, §1091(d)): the loss
  moves into their basis and is realized again by that sale, so it still counts this year; those
  shares take the sold shares' holding period (§1223(3)), so matched to a long-term loss their own
  short-term gain becomes long-term (u_r shares). Washed shares are sold first (h <= c). Their sale
  may realize a loss of its own, which a replacement share still unmatched would wash again: the
  model chains into a lot only when no other lot's (or buy's) held share of g is left unmatched (one
  binary per recent lot; conservative when the chained sale is a gain, rare: recent lots gain little).

The model chooses which loss lots pair with which kind of replacement (across orders); a real plan
fixes that through its step order, so :func:`solve` lays the optimum out as steps, prices that plan
with :mod:`planref.wash_check` and reports both: ``tax`` = the MILP's proven lower bound,
``achieved_tax`` = the wash-checked tax of its own plan (equal, or within $15, on the households
measured so far).
A short-term loss lot washed into a recent lot leaves it short-term: the recent shares, held on the sale
day, count from the earlier of their purchase and the loss lot's (§1223(3) includes the sold shares'
period, each day once: planref.history.included_start), so a chain is long-term only after a
long-term loss, as modelled.

**Dated loss sales** (:mod:`planref.waits`): instead of today, a Taxable loss lot may be sold on a
later trading day of the tax year once the 30 days after each purchase of its identity still held
have passed (every recent lot of the identity bought within 30 days before that day sold today, no
buy of it today when the day is within 30 days of As Of): its whole loss counts this year, the lot
is held today (today's bands hold without the sale), and its proceeds buy that day a fund of its
class whose purchase washes none of the plan's losses. So the optimum is the best plan including
waits. The contract's no-buy-back rule binds today's loss sales; a dated one within 30 days of today
has its own row, one later is not washed by today's purchase (IRC §1091(a)).

DRIP is not a constraint: a dividend reinvested after As Of is not part of the plan (the product
advises turning reinvestment off); reinvestments already made are recent lots like any other.
Loss sales before As Of in the window (:mod:`planref.history`): this year's result starts from
Settings plus what their matches already disallowed; shares those matches used replace nothing more;
the plan's buys of such an identity replace its open shares first, at least min(bought, open) of them,
each disallowing its loss this year (+ loss/share to the sale's term).
A past loss sale matched with Taxable shares (:func:`planref.history.ref_lots`): those shares are a
lot of their own, the deferred loss in their basis, sold like any other lot (a loss lot when the
loss shows; today's held recent shares and buys then wash it) and replacing nothing more.
Household restriction (checked, NotImplementedError otherwise): no other recent lot is itself a
Taxable loss lot.

Worked example (tests/test_planref_optimum.py): a Taxable loss lot of X (4 shares at $1,000, basis
$5,000) and 1 share of X bought 5 days ago in an HSA; the bands need about $4,000 of stocks sold.
Selling the loss lot alone washes a quarter ($250) of its loss; selling the HSA's share first
(tax-free) keeps the whole $1,000 loss. The optimum does the latter, and its tax is the brute-force
minimum.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from taxrebal.engine.records import Household, Lot

from .history import History, history, ref_lots, situation
from .milp import Expr, Model
from .plans import (
    PAYROLL_PLANS,
    BuyOrder,
    RefPlan,
    SellPiece,
    apply_plan,
    class_values_before,
    mutual_fund,
    payroll_cash_most,
)
from .tax_milp import add_tax
from .tax_rules import plan_tax, return_tax
from .waits import DatedSale, Replacement, add_dated_sales
from .wash_check import in_window, is_long_term, realize

__all__ = ["Optimum", "solve"]


@dataclass(frozen=True)
class Optimum:
    status: str  # "optimal", "time limit", "infeasible", ...
    tax: float | None  # proven lower bound on the least tax (MILP dual bound)
    model_tax: float | None  # the MILP's own value of its plan
    achieved_tax: float | None  # that plan priced by wash_check + tax_rules
    plan: RefPlan | None
    partial_wash: bool  # some identity washed only part of its loss shares
    problems: tuple[str, ...] = ()


class _Vars:
    """Sale variables of each lot: ``s`` (non-recent), or ``a`` (before) and ``c`` (after) for recent."""

    def __init__(self) -> None:
        self.s: dict[str, int] = {}
        self.a: dict[str, int] = {}
        self.c: dict[str, int] = {}

    def sold(self, lot_id: str) -> Expr:
        if lot_id in self.s:
            return Expr.of(self.s[lot_id])
        e = Expr.of(self.a[lot_id])
        return e.plus(Expr.of(self.c[lot_id])) if lot_id in self.c else e


def _is_recent(lot: Lot, h: Household) -> bool:
    return not lot.inherited and in_window(lot.acquired, h.as_of)


def solve(h: Household, *, time_limit: float = 30.0, buy_back: bool = False, waits: bool = True) -> Optimum:
    """The optimum of ``h``. ``buy_back`` False (the product's contract, README "Wash sales"): a plan
    never buys an identity it sells at a loss in a Taxable account (that purchase would wash the
    loss it harvests). True lifts that rule: the plan may harvest and buy back, the washed part
    deferred into the purchase's basis (still a legal plan; reported by the bench for comparison).
    ``waits`` False: no dated loss sale (:mod:`planref.waits`), today's trades only (the reference
    before 2026-12-04; the bench's ``--no-waits``)."""
    s = h.settings
    past = history(h)
    sit = situation(h)
    lots_ = ref_lots(h)
    as_of = h.as_of
    secs = {x.symbol: x for x in h.securities}
    accounts = {a.name: a for a in h.accounts}
    m = Model()
    v = _Vars()
    disallow: dict[str, int] = {}
    chained: dict[str, int] = {}
    st, lt = Expr(), Expr()
    loss_lots: dict[str, list[str]] = {}
    recent_lots: dict[str, list[str]] = {}
    gain: dict[str, float] = {}
    long_term: dict[str, bool] = {}
    must_convert: set[str] = set()  # short-term gain lots that may only be sold as long-term
    for lot in lots_:
        sec = secs[lot.symbol]
        taxable = accounts[lot.account].is_taxable
        # a Taxable piece that replaced a past loss sale (planref.history) replaces nothing more: it is
        # only a lot to sell, its deferred loss in its basis
        recent = _is_recent(lot, h) and not (taxable and lot.lot_id in past.consumed)
        ub = lot.quantity
        if taxable:
            gain[lot.lot_id] = sec.price - (lot.basis + lot.wash_adjustment) / lot.quantity
            long_term[lot.lot_id] = is_long_term(lot.holding_start, as_of, lot.inherited)
            if gain[lot.lot_id] < 0 and recent:
                raise NotImplementedError(f"planref: lot {lot.lot_id} bought in the window is at a loss")
        if recent:
            v.a[lot.lot_id] = m.var(0.0, ub)
            if taxable:  # sold after a long-term loss washed into it, a short-term gain lot turns long
                v.c[lot.lot_id] = m.var(0.0, lot.quantity)
                m.add(v.sold(lot.lot_id), hi=lot.quantity)
                if ub == 0.0:
                    must_convert.add(lot.lot_id)
            recent_lots.setdefault(sec.identity, []).append(lot.lot_id)
        else:
            v.s[lot.lot_id] = m.var(0.0, ub)
        if taxable:
            for j, c in v.sold(lot.lot_id).terms.items():
                (lt if long_term[lot.lot_id] else st).terms[j] = gain[lot.lot_id] * c
            if gain[lot.lot_id] < 0:
                d, hh = m.var(0.0, lot.quantity), m.var(0.0, lot.quantity)
                m.add(Expr({d: 1.0, hh: 1.0, v.s[lot.lot_id]: -1.0}), hi=0.0)  # d_i + h_i <= s_i
                disallow[lot.lot_id], chained[lot.lot_id] = d, hh
                (lt if long_term[lot.lot_id] else st).terms[d] = -gain[lot.lot_id]
                loss_lots.setdefault(sec.identity, []).append(lot.lot_id)
    # buys
    cash_in = {a.name: a.cash + a.contribution for a in h.accounts}
    capacity = dict(cash_in)
    for lot in lots_:
        capacity[lot.account] += lot.quantity * secs[lot.symbol].price
    buy: dict[tuple[str, str], int] = {}
    for a in h.accounts:
        for sec in h.securities:
            if h.may_buy(a.name, sec.symbol) and capacity[a.name] > 0:
                buy[(a.name, sec.symbol)] = m.var(0.0, capacity[a.name] / sec.price)
    # loss sales dated later this year, once a wash-sale window has cleared (planref.waits)
    lot_by_id = {lot.lot_id: lot for lot in lots_}

    def buys_of(ident: str) -> Expr:
        return Expr.total((j, 1.0) for (_, sym), j in buy.items() if secs[sym].identity == ident)

    past_losses: dict[str, list[date]] = {}
    for o in past.open:
        past_losses.setdefault(o.identity, []).append(o.sold_on)
    dated, replacements = add_dated_sales(m, h, lot_by_id, loss_lots, recent_lots, v.sold, v.s, gain, buys_of,
                                          past.consumed, st, lt, past_losses) if waits else ([], [])
    # orders: whole shares and min trade
    orders: list[tuple[list[int], float, str]] = []  # (vars, price, symbol)
    for (_, sym, _), js in _sell_orders(h, v).items():
        orders.append((js, secs[sym].price, sym))
    for (_, sym, _), js in _dated_orders(lot_by_id, dated).items():
        orders.append((js, secs[sym].price, sym))
    # an employer plan's contribution arrives by payroll and is invested under the election: a buy it
    # pays in full is no order, whatever Min Trade says (README, New money first); such buys add up to
    # at most the contribution
    payroll = {a.name: a.contribution for a in h.accounts if a.type in PAYROLL_PLANS and a.contribution > 0}
    by_payroll: dict[str, list[int]] = {}
    payroll_buy = {j: acct for (acct, _), j in buy.items() if acct in payroll}
    for (_, sym), j in buy.items():
        orders.append(([j], secs[sym].price, sym))
    for js, price, sym in orders:
        cap = sum(m.ub[j] for j in js)
        total = Expr.total((j, 1.0) for j in js)
        if s.whole_shares and not mutual_fund(sym, secs[sym]):  # a fund trades in fractional shares
            n = m.var(0.0, math.floor(cap + 1e-9), integer=True)
            m.add(total.plus(Expr.of(n), -1.0), 0.0, 0.0)
            total = Expr.of(n)
        if s.min_trade > 0:
            acct = payroll_buy.get(js[0]) if len(js) == 1 else None
            if cap * price < s.min_trade and acct is None:
                for j in js:
                    m.ub[j] = 0.0
                continue
            z = m.binary()
            m.add(total.scaled(price).plus(Expr.of(z, -s.min_trade)), 0.0)
            if acct is None:
                m.add(total.plus(Expr.of(z, -cap)), hi=0.0)
                continue
            # z = 0: the buy's dollars w are payroll's (w >= dollars - cap x price x z, w >= 0)
            w = m.var(0.0, payroll[acct])
            m.add(total.scaled(price).plus(Expr.of(z, -cap * price)).plus(Expr.of(w), -1.0), hi=0.0)
            by_payroll.setdefault(acct, []).append(w)
    for acct, ws in by_payroll.items():
        m.add(Expr.total((w, 1.0) for w in ws), hi=payroll[acct])
    # cash silos and bands
    before = class_values_before(h)
    household_value = sum(before.values())
    after: dict[str, Expr] = {c: Expr(const=val) for c, val in before.items()}
    cash = {a.name: Expr(const=cash_in[a.name]) for a in h.accounts}
    for lot in lots_:
        sec = secs[lot.symbol]
        sold = v.sold(lot.lot_id)
        cash[lot.account] = cash[lot.account].plus(sold, sec.price)
        after[sec.asset_class] = after[sec.asset_class].plus(sold, -sec.price)
    for (acct, sym), j in buy.items():
        sec = secs[sym]
        cash[acct] = cash[acct].plus(Expr.of(j), -sec.price)
        after[sec.asset_class] = after.get(sec.asset_class, Expr()).plus(Expr.of(j), sec.price)
    for e in cash.values():
        m.add(e, 0.0)
    for acct, most in payroll_cash_most(h).items():  # an employer plan's new money ends invested
        m.add(cash[acct], hi=most)
    after["Cash"] = sum(cash.values(), Expr())
    targets = {t.asset_class: t for t in h.targets}
    for c, e in after.items():
        t = targets.get(c)
        if t is None and c == "Cash":
            continue
        target = t.target if t else 0.0
        band = t.band if (t and t.band is not None) else s.default_band
        m.add(e, (target - band) * household_value, (target + band) * household_value)
    if not buy_back:  # the contract: no purchase of an identity the plan sells at a loss today (a dated
        # sale within 30 days of today has its own row, planref.waits; one dated later is not washed by it)
        for ident, ids in loss_lots.items():
            buys_g = buys_of(ident)
            sold_g = Expr.total((v.s[i], 1.0) for i in ids)
            buy_ub, sold_ub = m.bounds(buys_g)[1], m.bounds(sold_g)[1]
            if buy_ub > 0 and sold_ub > 0:
                harvests = m.binary()
                m.add(buys_g.plus(Expr.of(harvests, buy_ub)), hi=buy_ub)  # buys <= ub * (1 - harvests)
                m.add(sold_g.plus(Expr.of(harvests, -sold_ub)), hi=0.0)  # loss sold <= ub * harvests
    # wash sales: the past loss sales' open shares first (their buys are not replacements today), then
    # the plan's own loss sales
    used_by_past = _past_wash_rows(m, h, past, buy, st, lt)
    for ident, ids in loss_lots.items():
        _wash_rows(m, h, v, ident, ids, recent_lots.get(ident, []), buy, disallow, chained, long_term,
                   gain, st, lt, must_convert, past.consumed, used_by_past.get(ident))
    for i in must_convert:  # no long-term loss of its identity to convert it: it stays unsold
        if not any(i in recent_lots.get(ident, []) for ident in loss_lots):
            m.ub[v.c[i]] = 0.0
    if not s.allow_short_term_gains:  # never raise the year's net short-term gain
        m.add(st, hi=max(0.0, sit.st_carryover - sit.ytd_st))
    tax = add_tax(m, sit, st, lt)
    base = return_tax(sit).total
    if s.tax_budget is not None:
        m.add(tax, hi=base + s.tax_budget)
    res = m.solve(tax, time_limit=time_limit)
    if res.x is None:
        return Optimum(res.status, None, None, None, None, False)
    x = res.x
    partial = any(0.5 < sum(x[disallow[i]] + x[chained[i]] for i in ids) < sum(x[v.s[i]] for i in ids) - 0.5
                  for ids in loss_lots.values())
    plan = _lay_out(h, x, v, disallow, chained, buy, dated, replacements)
    realized = realize(h, plan)
    outcome = apply_plan(h, plan)
    return Optimum(res.status, min(res.dual_bound, res.objective) - base, res.objective - base,
                   plan_tax(sit, realized.st, realized.lt), plan, partial, outcome.problems)


def _wash_rows(m: Model, h: Household, v: _Vars, ident: str, loss_ids: list[str], recent_ids: list[str],
               buy: dict[tuple[str, str], int], disallow: dict[str, int], chained: dict[str, int],
               long_term: dict[str, bool], gain: dict[str, float], st: Expr, lt: Expr,
               must_convert: set[str], consumed: dict[str, float] | None = None,
               used_by_past: Expr | None = None) -> None:
    lots = {lot.lot_id: lot for lot in ref_lots(h)}
    secs = {x.symbol: x for x in h.securities}
    buys = Expr.total((j, 1.0) for (_, sym), j in buy.items() if secs[sym].identity == ident)
    if used_by_past is not None:  # shares bought that replace a past loss sale's open shares
        buys = buys.plus(used_by_past, -1.0)
    recent_ids = sorted(recent_ids, key=lambda i: (lots[i].acquired, i))
    matched: list[int] = []
    full_prev = None
    helds: dict[str, Expr] = {}
    for i in recent_ids:
        q = lots[i].quantity
        held = _held(m, v, i, q, (consumed or {}).get(i, 0.0))  # still held, not yet a replacement
        helds[i] = held
        mr = m.var(0.0, q)
        m.add(Expr.of(mr).plus(held, -1.0), hi=0.0)  # matched <= held
        if full_prev is not None:
            m.add(Expr({mr: 1.0, full_prev: -q}), hi=0.0)  # only after the earlier lot is used up
        full = m.binary()
        m.add(Expr.of(mr).plus(held, -1.0).plus(Expr.of(full, -q)), -q)  # full -> matched = held
        if full_prev is not None:
            m.add(Expr({full: 1.0, full_prev: -1.0}), hi=0.0)
        full_prev = full
        matched.append(mr)
    buy_ub = m.bounds(buys)[1]
    if buy_ub > 0:
        mb = m.var(0.0, buy_ub)
        m.add(Expr.of(mb).plus(buys, -1.0), hi=0.0)
        if full_prev is not None:
            m.add(Expr({mb: 1.0, full_prev: -buy_ub}), hi=0.0)
        matched.append(mb)
    if not matched:
        return
    total_matched = Expr.total((j, 1.0) for j in matched)
    loss_sold = Expr.total((v.s[i], 1.0) for i in loss_ids)
    held_all = sum((helds[i] for i in recent_ids), Expr()) + buys
    y = m.min_of(loss_sold, held_all)
    m.add(total_matched.plus(Expr.of(y), -1.0), 0.0)  # M_g >= min(L_g, R_g)
    m.add(total_matched.plus(Expr.total((disallow[i], 1.0) for i in loss_ids), -1.0).plus(
        Expr.total((chained[i], 1.0) for i in loss_ids), -1.0), 0.0, 0.0)  # M_g = sum(d + h)
    # chains: h matched to recent Taxable shares sold after; their gain turns long-term with an LT loss
    flows = Expr()
    converted = Expr()
    chain_flows: list[tuple[str, int, int]] = []
    for i, mr in zip(recent_ids, matched):
        if i not in v.c:
            continue
        f = m.var(0.0, lots[i].quantity)
        m.add(Expr({f: 1.0, mr: -1.0}), hi=0.0)
        m.add(Expr({f: 1.0, v.c[i]: -1.0}), hi=0.0)
        flows.terms[f] = 1.0
        chain_flows.append((i, mr, f))
        u = m.var(0.0, lots[i].quantity)
        m.add(Expr({u: 1.0, f: -1.0}), hi=0.0)
        converted.terms[u] = 1.0
        if i in must_convert:
            m.add(Expr({v.c[i]: 1.0, u: -1.0}), hi=0.0)  # every share sold this way turns long-term
        st.terms[u] = st.terms.get(u, 0.0) - gain[i]
        lt.terms[u] = lt.terms.get(u, 0.0) + gain[i]
    m.add(Expr.total((chained[i], 1.0) for i in loss_ids).plus(flows, -1.0), 0.0, 0.0)
    spare = held_all.plus(total_matched, -1.0)  # held replacement shares left unmatched
    for i, mr, f in chain_flows:  # a chain only when no other lot's replacement share is left
        chain = m.binary()
        m.add(Expr({f: 1.0, chain: -lots[i].quantity}), hi=0.0)
        own = helds[i].plus(Expr.of(mr), -1.0)  # its own spare shares never wash it
        others = spare.plus(own, -1.0)
        big = m.bounds(others)[1]
        if big > 0:
            m.add(others.plus(Expr.of(chain, big)), hi=big)
    m.add(converted.plus(Expr.total((chained[i], 1.0) for i in loss_ids if long_term[i]), -1.0), hi=0.0)
    _match_in_acquisition_order(m, h, loss_ids, v, disallow, chained)


def _held(m: Model, v: _Vars, i: str, q: float, used: float) -> Expr:
    """Shares of recent lot ``i`` that can still replace a loss sold today: those not sold before the
    loss sales (``a``) nor used already by a past loss sale (planref.history; each share replaces
    once, Reg. §1.1091-1(e)). The sale ``a`` relieves the unused shares first (the instruction the plan
    gives), so held = max(0, q - used - a): a variable at least that, which no plan gains by raising."""
    if used <= 1e-12:
        return Expr({v.a[i]: -1.0}, q)
    r = m.var(0.0, max(0.0, q - used))
    m.add(Expr({r: 1.0, v.a[i]: 1.0}), q - used)  # r >= q - used - a
    return Expr.of(r)


def _past_wash_rows(m: Model, h: Household, past: History, buy: dict[tuple[str, str], int], st: Expr,
                    lt: Expr) -> dict[str, Expr]:
    """The plan's buys of an identity with open past loss shares (planref.history) replace them, earliest
    sale first, at least min(bought, open) shares (Reg. §1.1091-1(c)): each such share's loss is disallowed
    this year, + loss/share to the result of the sale's term. Identity -> the bought shares so used."""
    secs = {x.symbol: x for x in h.securities}
    out: dict[str, Expr] = {}
    for ident in sorted({o.identity for o in past.open}):
        buys = Expr.total((j, 1.0) for (_, sym), j in buy.items() if secs[sym].identity == ident)
        if m.bounds(buys)[1] <= 0:
            continue
        pieces = past.open_for(ident)
        ws = []
        for o in pieces:
            w = m.var(0.0, o.shares)
            ws.append(w)
            (lt if o.long_term else st).terms[w] = (lt if o.long_term else st).terms.get(w, 0.0) + o.loss_per_share
        used = Expr.total((w, 1.0) for w in ws)
        m.add(used.plus(buys, -1.0), hi=0.0)  # no more than bought
        y = m.min_of(buys, Expr(const=sum(o.shares for o in pieces)))
        m.add(used.plus(Expr.of(y), -1.0), 0.0)  # at least min(bought, open)
        for (o, w), w2 in zip(zip(pieces, ws), ws[1:]):  # a later sale only once an earlier one is full
            full = m.binary()
            m.add(Expr({w: 1.0, full: -o.shares}), 0.0)
            m.add(Expr({w2: 1.0, full: -m.ub[w2]}), hi=0.0)
        out[ident] = used
    return out


def _sell_orders(h: Household, v: _Vars) -> dict[tuple[str, str, int], list[int]]:
    """Sale variables of each sell order (account, symbol, part); each order is one step. Part 0:
    the position's recent shares sold first (``a``) and its other lots; part 1: its loss lots, when
    the position (Taxable) also holds recent shares, so those are gone before the loss is realized;
    part 2: recent Taxable shares sold after the losses (``c``). Whole Shares and Min Trade hold per order."""
    secs = {x.symbol: x for x in h.securities}
    taxable = {a.name: a.is_taxable for a in h.accounts}
    by_position: dict[tuple[str, str], list[Lot]] = {}
    for lot in ref_lots(h):
        by_position.setdefault((lot.account, lot.symbol), []).append(lot)
    out: dict[tuple[str, str, int], list[int]] = {}
    for (acct, sym), held in by_position.items():
        price = secs[sym].price
        losses = {x.lot_id for x in held
                  if taxable[acct] and x.basis is not None and x.basis + x.wash_adjustment > x.quantity * price}
        split = taxable[acct] and any(x.lot_id in v.a for x in held) and losses
        for lot in held:
            i = lot.lot_id
            if i in v.a:
                out.setdefault((acct, sym, 0), []).append(v.a[i])
                if i in v.c:
                    out.setdefault((acct, sym, 2), []).append(v.c[i])
            else:
                out.setdefault((acct, sym, 1 if split and i in losses else 0), []).append(v.s[i])
    return out


def _match_in_acquisition_order(m: Model, h: Household, ids: list[str], v: _Vars,
                                disallow: dict[str, int], chained: dict[str, int]) -> None:
    """Within one order (account, symbol) the sold loss shares are matched in acquisition order
    (Reg. §1.1091-1(b), (c)): lot k+1 has matched shares only if lot k's sold shares all matched."""
    lots = {lot.lot_id: lot for lot in ref_lots(h)}
    orders: dict[tuple[str, str], list[str]] = {}
    for i in ids:
        orders.setdefault((lots[i].account, lots[i].symbol), []).append(i)
    for group in orders.values():
        group.sort(key=lambda i: (lots[i].holding_start, i))
        for a, b in itertools.pairwise(group):
            full = m.binary()  # 1: every sold share of lot a is matched
            q = lots[a].quantity
            m.add(Expr({disallow[a]: 1.0, chained[a]: 1.0, v.s[a]: -1.0, full: -q}), -q)
            m.add(Expr({disallow[b]: 1.0, chained[b]: 1.0, full: -lots[b].quantity}), hi=0.0)


def _dated_orders(lots: dict[str, Lot], dated: list[DatedSale]) -> dict[tuple[str, str, date], list[int]]:
    """The dated sales' variables by order (account, symbol, day)."""
    out: dict[tuple[str, str, date], list[int]] = {}
    for d in dated:
        lot = lots[d.lot_id]
        out.setdefault((lot.account, lot.symbol, d.on), []).append(d.var)
    return out


def _lay_out(h: Household, x, v: _Vars, disallow: dict[str, int], chained: dict[str, int],
             buy: dict[tuple[str, str], int], dated: Sequence[DatedSale] = (),
             replacements: Sequence[Replacement] = ()) -> RefPlan:
    """Steps: orders holding recent shares sold first; then the loss orders, those the optimum
    matched most first; then recent Taxable shares sold after the losses; then the buys; then the
    dated sales, a step per order, earliest day first, each with its replacement bought that day
    with its proceeds (a dated buy, the replacement the optimum chose for its group)."""
    lot_of = {}
    for table in (v.s, v.a, v.c):
        lot_of.update({j: i for i, j in table.items()})
    groups: dict[tuple[str, str, int], list[SellPiece]] = {}
    rank: dict[tuple[str, str, int], int] = {}
    matched: dict[tuple[str, str, int], float] = {}
    for key, js in _sell_orders(h, v).items():
        for j in js:
            q = float(x[j])
            if q <= 1e-7:
                continue
            i = lot_of[j]
            groups.setdefault(key, []).append(SellPiece(0, i, q))
            if key[2] == 2:
                rank[key] = 2
            elif j == v.a.get(i):
                rank[key] = 0
            share = float(x[disallow[i]] + x[chained[i]]) / q if i in disallow else 0.0
            matched[key] = max(matched.get(key, 0.0), share)
    sells: list[SellPiece] = []
    step = 0
    for key in sorted(groups, key=lambda k: (rank.get(k, 1), -matched.get(k, 0.0), k)):
        step += 1
        sells += [SellPiece(step, p.lot_id, p.quantity) for p in groups[key]]
    buys = []
    for (acct, sym), j in sorted(buy.items()):
        if x[j] > 1e-7:
            step += 1
            buys.append(BuyOrder(step, acct, sym, float(x[j])))
    lots = {lot.lot_id: lot for lot in ref_lots(h)}
    secs = {sec.symbol: sec for sec in h.securities}
    for (acct, sym, day), js in sorted(_dated_orders(lots, list(dated)).items(), key=lambda kv: (kv[0][2], kv[0])):
        pieces = [d for d in dated if d.var in js and x[d.var] > 1e-7]
        if pieces:
            step += 1
            sells += [SellPiece(step, d.lot_id, float(x[d.var]), on=d.on) for d in pieces]
            sec = secs[sym]
            chosen = [r for r in replacements if (r.account, r.asset_class, r.identity, r.on)
                      == (acct, sec.asset_class, sec.identity, day) and (r.var is None or x[r.var] > 0.5)]
            proceeds = sum(float(x[d.var]) for d in pieces) * sec.price
            buys.append(BuyOrder(step, acct, chosen[0].symbol, proceeds / secs[chosen[0].symbol].price, on=day))
    return RefPlan(tuple(sells), tuple(buys))
