"""Waiting for a wash-sale window to clear, as a plan choice, not only a note (issue 9; fe7 finding 3).

Rule (taxrebal's reading; IRC §1091(a), Treas. Reg. §1.1091-1(c), Rev. Rul. 2008-5). A taxable lot
the plan would sell at a loss now, part of whose loss a recent purchase in an IRA, 401(k), Roth or HSA
would wash *for good* (Rev. Rul. 2008-5: the disallowed loss goes into no basis), is **not sold now**
but listed as a dated sale, "Wait until DATE: keeps $X of loss", when all three hold:

1. **Same tax year.** DATE is the first day no purchase of its identity (symbol or Identical Group)
   made in the last 30 days and still held can wash it: the latest such purchase + 31 days (§1091(a):
   acquired within 30 days before the sale). A trading day from DATE through December 31 of As Of's
   year exists, so the whole loss counts on this year's return (a sale belongs to the year of its trade
   date, Pub 550 "Reporting Capital Gains and Losses").
2. **The bands do not need the sale.** The plan re-solved with the lot held (and buying no share of its
   identity, which would wash the later sale) reaches the bands as well: its largest band breach is no
   larger. A sale the bands need stays, and its Trades note says what waiting would keep.
3. **Waiting pays, by at least $5.00** (``waiting.MIN_WAIT_SAVING``, the least saving taxrebal
   advises any wait for: fe10 finding 6, 22 days of market risk on $8,700 to save $4.50 is no advice).
   The saving is this year's tax of the plan selling now minus that of the plan with the lot held and
   sold on DATE (its whole loss at today's price, its term as of DATE), plus the loss carried forward
   beyond what selling now carries (IRC §1212(b)) at the household's long-term rate on gains
   (:func:`taxrebal.engine.tax.gains_rate`: a loss carried offsets a later long-term gain at about
   that rate). A kept dollar of loss counts once: where this year's return uses it, in this year's
   tax; where it only carries, at that rate (fe12 F-n: single, $12,000 of long-term gains this year,
   so the $22.50 kept offsets a gain taxed at 20% this year: $4.50 in all, not $4.50 this year and
   $4.50 again "carried forward"; below $5.00 it is sold now). Past the $3,000 limit (§1211(b)) this
   year's tax is the same either way and all of the kept loss carries: its later value decides (fe9
   finding 2: $1,250 lost for good to save $0.00 this year).

A wash sale forbids no trade: waiting is an offer of more tax saved for the same allocation, and the
price may move before DATE (the figures are at today's price). Lots of one identity wait together.
Only a washing purchase in a tax-advantaged account makes a loss "lost for good"; a taxable one
moves the loss into its basis (§1091(d)), where a sale after the loss sale realizes it again
(wash_exposure.py, chains), so that case is not deferred here. A loss lot the plan does not sell today
at all, because a recent purchase (taxable or not) or the plan's own purchase of its identity would
wash it, is dated by :mod:`.later_harvest` after this step, with no re-solve: e.g. the benchmark's
seed 6 (As Of 2026-11-25) buys RE2 to stay in REIT while harvesting RE0 and RE1B, so RE2's lots L028
and L029 are listed "Wait until 2026-12-28" (the purchase may fill 2026-11-26, + 31 days, the next
weekday), replacement RE0 (last sold at a loss 33 days before): $62,569 more long-term loss this year.

Worked example (fe7 chen4, Sold Recent Shares Wash = Y; MFJ, $27,000 of long-term gains this year,
so a loss saves 15% + 3.8% NIIT + 6% state = 24.8%): lot T-05, 300 VEA in Joint Taxable, adjusted
basis $17,400, price $52: a $1,800 short-term loss. Wei's IRA bought 100 VEA on 2026-11-20. Sold on
2026-12-01, 100 of its shares wash: $600 lost for good, $1,200 counts, saving $297.60. Intl Stocks is
under target and the proceeds only buy IEFA, so the bands do not need the sale. On 2026-12-21
(2026-11-20 + 31 days) the whole $1,800 counts: $446.40 saved, $148.80 more, nothing lost. The plan
lists "Wait until 2026-12-21: keeps $600.00 of loss" instead of selling T-05 now.

Cost (issue 13). Each identity's test is a whole re-solve of the plan (its stages and no-dust
passes: about 7 s CPU at 10,000 lots), so two cheaper facts come first:

* **Waiting cannot pay** when even the least tax any gains can give this year, ``floor``
  (:func:`_least_tax`: a net capital loss past the $3,000 of IRC §1211(b) saves nothing this year),
  is no lower than the plan's tax plus the lost loss at rule 3's rate minus the $0.005 of rule 3:
  ``tax + lost x r_lt - floor < $0.005``. The plan with the lot held and sold on DATE pays at least
  ``floor``, so rule 3 fails whatever the re-solve would return: the identity is sold now without
  one (verdict "cheaper"; its Trades note, shown only when the kept loss would save $0.005 or more,
  says so). The bound is not ``lost x r_lt`` alone: waiting also counts the whole loss on this
  year's return, at the short-term rate when that is the rate the loss offsets (a 0% long-term rate
  beside short-term gains taxed at 12%: tests/test_rebalance_wait_cost.py). A household whose net
  loss is already past the limit is at the floor, so only a lost loss worth something later (a rate
  on gains above 0) is re-solved; before fe9 finding 2 the local rate of 0 skipped those too (the
  10,000-lot household of ``bench/generate.py`` then had 6 identities to test, 17 re-solves in its
  three plans; not re-measured since: at most ``_MAX_RESOLVES`` per plan either way).
* **At most** ``_MAX_RESOLVES`` identities are re-solved per plan, those with the most loss lost for
  good; the others are sold now with the note "if this sale can wait" (a bound on the step's time, not
  a reading of the tax).
* The wash engine's outcome of a plan as its steps report it (:func:`.step_order.planned_outcome`,
  about 0.07 s CPU at 10,000 lots) is matched once per plan (the model keeps it): on
  ``bench/generate.py``'s 10,000-lot household (seed 20250630) it was matched 5 times for 2 plans. That
  household's one re-solve dates JYJTL's L006343 to 2025-07-06 ($47.05 of loss kept), so no bound
  could have skipped it without changing the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Iterator, Optional

import numpy as np

from ..holding import is_long_term
from ..plan import WaitedSale
from ..resolve_bounds import least_tax_of_any_gains
from ..tax import MarginalTax
from ..waiting import worth_waiting
from ..wash import purchase_id
from ..wash_dates import first_trading_day, last_trading_day
from ..wash_queries import first_day_to_sell
from .clean_day import clean_on, first_clean_day, loss_days, with_dated
from .data import Solution
from .step_order import planned_outcome

if TYPE_CHECKING:
    from .model import RebalanceModel
    from .stages import _TaxOracle

#: a plan and its true tax, as :func:`~taxrebal.engine.rebalance.stages._best_solution` returns it
Best = tuple[Solution, MarginalTax]

#: dollars: waiting must save more than this (and a plan breach is "no larger" within BREACH_EPS)
_MIN_SAVING = 0.005
_BREACH_EPS = 1e-6
#: identities re-solved per plan at most (each re-solve is a whole plan solve; the module's "Cost")
_MAX_RESOLVES = 4

@dataclass(frozen=True)
class WindowVerdict:
    """Why a lot whose loss selling now loses for good is still sold now (its Trades note says it)."""

    clear: date  # the first day no recent purchase washes it
    #: "bands": the bands need the sale; "cheaper": selling now costs less in all; "small": waiting would
    #: save less than MIN_WAIT_SAVING ($5.00) in all (this year's tax and the kept loss's value)
    reason: str


@dataclass(frozen=True)
class _Candidate:
    index: int  # in model.sell_lots
    shares: float  # sold by the plan now
    lost: float  # of its loss, what the plan's sale loses for good (the wash engine's figure)
    clear: date
    deferred: float = 0.0  # of its loss, what a taxable replacement takes into its basis (IRC §1091(d))


def _last_trading_day(year: int) -> date:
    """The last NYSE trading day of ``year`` (:func:`~taxrebal.engine.wash_dates.last_trading_day`)."""
    return last_trading_day(date(year, 12, 31))


def _candidates(model: RebalanceModel, x: np.ndarray, identity: Optional[str] = None) -> list[_Candidate]:
    """The plan's loss sales that lose loss for good now and whose window clears in As Of's year; with
    ``identity``, only that identity's, and none when they lose nothing for good together."""
    # matched in the order the plan's steps would sell them (a recent taxable lot sold after the loss
    # sale it washes, Sold Recent Shares Wash = Y, takes the loss into its basis first: Reg.
    # §1.1091-1(c), earliest replacement first), so "would wash $X for good" is what selling now loses
    outcome = planned_outcome(model, x)  # matched once per plan (the model keeps it)
    if outcome is None:
        return []
    accounts = model.household.account_map()
    out = []
    for i, (sl, j) in enumerate(zip(model.sell_lots, model.lot_vars)):
        q = float(x[j])
        if q <= 1e-6 or sl.gain_per_share >= 0 or sl.chained or identity not in (None, sl.identity):
            continue
        sold = outcome.get((sl.lot.account, sl.lot.lot_id))
        if sold is None or sold.lost_for_good < 0.005:
            continue
        pool = model.pool.get(sl.identity, ())
        if not any(p.account in accounts and not accounts[p.account].is_taxable for p in pool):
            continue
        clear = first_day_to_sell(pool, purchase_id(sl.lot))
        clear = first_trading_day(clear) if clear is not None else None  # a day the sale can be placed
        if clear is None or clear > _last_trading_day(model.as_of.year):
            continue
        out.append(_Candidate(i, min(q, sl.lot.quantity), sold.lost_for_good, clear,
                              max(0.0, sold.disallowed - sold.lost_for_good)))
    if identity is not None and sum(c.lost for c in out) < 0.005:
        return []
    return out


def _key(model: RebalanceModel, c: _Candidate) -> tuple[str, str]:
    lot = model.sell_lots[c.index].lot
    return lot.account, lot.lot_id


@contextmanager
def _held(model: RebalanceModel, cols: Sequence[int], start: Optional[np.ndarray] = None) -> Iterator[None]:
    """The model with the columns ``cols`` held at 0, restored afterwards (the frontier shares it).
    ``start``: the plan being re-solved, from which stage B starts (resolve_start.py). Stage A's plan
    is kept when it holds those columns at 0 already: the held model's plans are some of the model's,
    so a least breach among all of them that is one of them is still the least."""
    lp = model.lp
    saved = [(j, lp.ub[j]) for j in cols]
    outer = model.resolve_hint  # a hold within a hold (needless_sales.py inside hold_for_later.py)
    try:
        for j, _u in saved:
            lp.ub[j] = 0.0
        lp.__dict__.pop("_frozen", None)  # lp.frozen() caches the bounds by the model's size
        model._stage_a = {k: xa for k, xa in model._stage_a.items() if all(xa[j] <= 0.0 for j in cols)}
        model.resolve_hint = start
        yield
    finally:
        for j, u in saved:
            lp.ub[j] = u
        lp.__dict__.pop("_frozen", None)
        model._stage_a = {}
        model.resolve_hint = outer


def _least_tax(oracle: _TaxOracle) -> float:
    """The least tax any realized gains can give this year (resolve_bounds.least_tax_of_any_gains)."""
    return least_tax_of_any_gains(lambda st, lt: oracle.true_tax(st, lt).total)


def preferred_replacement(model: RebalanceModel, sold: str, account: str, asset_class: str, identity: str,
                          clear: Callable[[str], bool] = lambda _identity: True) -> str:
    """The fund a dated sale of ``sold`` (of ``identity``) buys that day in ``account`` to stay in
    ``asset_class``: not substantially identical, on the account's menu, of an identity ``clear``
    accepts. The sold fund's own Replacement list first, in its order (the user's stated substitutes:
    fe13 F9, an investor who lists IEFA for VEA keeps developed-markets-only exposure, not VXUS), except
    a listed fund the household holds at a loss, then the fund the model would buy (weight, symbol);
    "" when none."""
    sec = model.secs.get(sold)
    # a listed fund held at a loss is passed over: buying it would wash a later harvest of those lots
    # (IRC §1091(a)), which the model's own choice below weighs (past-sales seed 8: $170 more tax)
    for sym in (sec.replacements if sec is not None else ()):
        rep = model.secs.get(sym)
        if (rep is not None and rep.asset_class == asset_class and rep.identity != identity
                and rep.identity not in model.loss_identities and model.household.may_buy(account, sym)
                and clear(rep.identity)):
            return sym
    options = [b for b in model.buys if b.account == account and b.asset_class == asset_class
               and b.identity != identity and clear(b.identity)]
    return min(options, key=lambda b: (b.weight, b.symbol)).symbol if options else ""


def _as_planned(model: RebalanceModel, oracle: _TaxOracle, best: Best) -> Best:
    """``best`` with the gains its lot sales report when matched in the order the plan's steps take
    (assemble.py reports them so): the stages price them in a fixed order, which can differ when a
    recent taxable lot is sold after the loss sale it washes."""
    sol, tax = best
    outcome = planned_outcome(model, sol.x)
    if outcome is None:
        return best
    past_st, past_lt = model.past_wash_gains(sol.x)
    st = sum(o.short_term for o in outcome.values()) + past_st
    lt = sum(o.long_term for o in outcome.values()) + past_lt
    if abs(st - sol.realized_st) <= 0.005 and abs(lt - sol.realized_lt) <= 0.005:
        return best
    return replace(sol, realized_st=float(st), realized_lt=float(lt)), oracle.true_tax(st, lt)


def choose_waits(model: RebalanceModel, oracle: _TaxOracle, best: Best, breach: Callable[[np.ndarray], float],
                 resolve: Callable[[], Optional[Best]], max_resolves: int = _MAX_RESOLVES,
                 ) -> tuple[Best, tuple[WaitedSale, ...], dict[tuple[str, str], WindowVerdict]]:
    """The plan with the module's rule applied: (plan, the sales it waits for, sell-lot index -> why a
    candidate is sold now). ``breach(x)``: the plan's largest band breach; ``resolve()``: the planner's
    whole solve (stages, no-dust passes) of the model as it stands; ``max_resolves``: how many identities
    may be re-solved (0 for a huge household, huge_plan.py: each is sold now with its note)."""
    found = _candidates(model, best[0].x)
    if not found:
        return best, (), {}
    sol, tax = _as_planned(model, oracle, best)  # compared as the plan's steps would report it
    r_lt = model.lost_rate  # a lost loss at its full value, not this year's local rate (module rule 3)
    verdicts: dict[tuple[str, str], WindowVerdict] = {}
    by_identity: dict[str, list[_Candidate]] = {}
    for c in found:
        by_identity.setdefault(model.sell_lots[c.index].identity, []).append(c)
    floor = _least_tax(oracle)  # no plan, waiting or not, pays less this year

    def bound(group: list[_Candidate], tax_now: float) -> float:  # rule 3's saving is at most this
        return tax_now + sum(c.lost for c in group) * r_lt - floor

    def cannot_pay(group: list[_Candidate], tax_now: float) -> bool:
        return bound(group, tax_now) < _MIN_SAVING

    hopeful = [k for k, g in by_identity.items() if not cannot_pay(g, tax.total)]
    tested = set(sorted(hopeful, key=lambda k: (-sum(c.lost for c in by_identity[k]), k))[:max_resolves])
    waits: list[WaitedSale] = []
    today: list[tuple[float, bool]] = []  # beside each wait: its gain and term if sold today
    held: list[int] = []  # the columns of the identities already waited for (held in every later solve)
    for ident, group in sorted(by_identity.items()):
        if ident in tested:  # the plan as it now stands: an earlier wait may have moved its sales
            group = _candidates(model, sol.x, ident) or group
        clear = max(c.clear for c in group)
        if cannot_pay(group, tax.total):
            verdicts.update({_key(model, c): WindowVerdict(clear, "cheaper") for c in group})
            continue
        if not worth_waiting(bound(group, tax.total)):  # below MIN_WAIT_SAVING whatever a re-solve returns
            verdicts.update({_key(model, c): WindowVerdict(clear, "small") for c in group})
            continue
        if ident not in tested:  # past the cap: sold now, its note says what waiting would keep
            continue
        buys = [j for b, j in zip(model.buys, model.buy_vars) if b.identity == ident]
        cols = [model.lot_vars[c.index] for c in group] + buys
        with _held(model, held + cols, sol.stage_b):
            alt = resolve()
        more = _candidates(model, alt[0].x, ident) if alt is not None else []
        if more:
            # the plan sells another loss lot of the identity instead, losing loss to the same purchase
            # (fe9 chen-Y: VXUS T7 held, T8 sold, $500 lost): every loss lot of it waits, one more re-solve;
            # the lots added keep nothing of their own (the same purchase's loss is not counted twice)
            cols = [model.lot_vars[i] for i, sl in enumerate(model.sell_lots)
                    if sl.identity == ident and sl.gain_per_share < 0 and not sl.chained] + buys
            group = group + [_Candidate(c.index, c.shares, 0.0, c.clear)
                             for c in more if all(c.index != g.index for g in group)]
            with _held(model, held + cols, sol.stage_b):
                alt = resolve()
        if alt is None or breach(alt[0].x) > breach(sol.x) + _BREACH_EPS:
            verdicts.update({_key(model, c): WindowVerdict(clear, "bands") for c in group})
            continue
        st_d, lt_d = _dated_gains(model, group, clear)
        alt_sol, alt_tax = _as_planned(model, oracle, alt)
        later = oracle.true_tax(alt_sol.realized_st + st_d, alt_sol.realized_lt + lt_d)
        saving = wait_saving(tax, later, r_lt)  # module rule 3: a kept dollar counted once
        if saving < _MIN_SAVING:
            verdicts.update({_key(model, c): WindowVerdict(clear, "cheaper") for c in group})
            continue
        if not worth_waiting(saving):  # saves less than $5.00 in all
            verdicts.update({_key(model, c): WindowVerdict(clear, "small") for c in group})
            continue
        for c in group:
            waits.append(_waited_sale(model, c, ident, clear, r_lt))
            today.append(_sold_today(model, c))
        sol, tax = alt_sol, alt_tax  # the next identity is compared with this plan, its columns held too
        held += cols
    waits = clean_replacements(model, sol.x, waits)
    return (sol, tax), price_in_date_order(oracle, sol, waits, today), verdicts


def clean_replacements(model: RebalanceModel, x: np.ndarray, waits: Sequence[WaitedSale]) -> list[WaitedSale]:
    """Each dated sale's replacement, bought that day, of an identity with no loss sale within 30 days
    of it (IRC §1091(a)): neither one the plan ``x`` makes today, nor one still open from before As Of,
    nor another dated sale. Plan-quality seed 119: a sale dated 2026-12-16 bought EM1B while the plan
    harvested EM1A and EM1B lots (one Identical Group) today, 2026-11-25: that purchase, 21 days later,
    washed $48,560 of their loss. ``preferred_replacement`` then picks among the clean funds. When none is
    clean on a sale's day, an identity's dated sales move together to the first later trading day this
    year on which each has one (clean_day.py: 2026-12-16 -> 2026-12-28, EM1B clean by then); "" when no
    day has one (the Trades note then names no fund)."""
    out = list(waits)
    base = loss_days(model, x)
    by_identity: dict[str, list[int]] = {}
    for i, w in enumerate(out):
        by_identity.setdefault(w.identity, []).append(i)
    for ident, idx in sorted(by_identity.items()):
        start = max(out[i].sell_on for i in idx)
        others = [(w.identity, w.sell_on) for k, w in enumerate(out) if k not in idx]

        def funds(day: date, idx: list[int] = idx, others: list[tuple[str, date]] = others,
                  ident: str = ident) -> list[str]:
            losses = with_dated(base, others + [(ident, day)])
            return [preferred_replacement(model, out[i].symbol, out[i].account, out[i].asset_class, ident,
                                          clean_on(model, losses, day)) for i in idx]

        day, _funds = first_clean_day(model, start, with_dated(base, others), funds)
        if day != start:
            for i in idx:
                out[i] = _moved(model, out[i], day)
    final = with_dated(base, [(w.identity, w.sell_on) for w in out])
    return [replace(w, replacement=preferred_replacement(model, w.symbol, w.account, w.asset_class, w.identity,
                                                         clean_on(model, final, w.sell_on))) for w in out]


def _moved(model: RebalanceModel, w: WaitedSale, day: date) -> WaitedSale:
    """``w`` dated ``day`` instead: the same loss, its term as of ``day`` (IRC §1222)."""
    (lot,) = [sl.lot for sl in model.sell_lots if sl.lot.account == w.account and sl.lot.lot_id == w.lot_id][:1]
    gain = w.realized_st + w.realized_lt
    lt = is_long_term(lot.holding_start, day, lot.inherited)
    return replace(w, sell_on=day, realized_st=0.0 if lt else gain, realized_lt=gain if lt else 0.0)


def carried_forward(tax: MarginalTax) -> float:
    """The loss the return carries to next year (short- and long-term, IRC §1212(b))."""
    return tax.after.st_carryforward_out + tax.after.lt_carryforward_out


def wait_saving(now: MarginalTax, later: MarginalTax, rate: float) -> float:
    """Module rule 3's saving: this year's tax selling now minus waiting, plus the loss waiting carries
    forward beyond selling now at ``rate``. Example (fe12 F-n): $1,500.00 vs $1,504.50 this year, no
    carryforward either way -> $4.50; past the $3,000 limit, $0.00 this year and $600 more carried
    at 15% -> $90.00."""
    return now.total - later.total + rate * (carried_forward(later) - carried_forward(now))


def _dated_gains(model: RebalanceModel, group: Sequence[_Candidate], clear: date) -> tuple[float, float]:
    """(short-term, long-term) gain of ``group``'s lots sold on ``clear`` (each lot's term as of that day)."""
    st_d = lt_d = 0.0
    for c in group:
        sl = model.sell_lots[c.index]
        gain = c.shares * sl.gain_per_share
        if is_long_term(sl.lot.holding_start, clear, sl.lot.inherited):
            lt_d += gain
        else:
            st_d += gain
    return st_d, lt_d


def _sold_today(model: RebalanceModel, c: _Candidate) -> tuple[float, bool]:
    """The gain and term of ``c``'s sale made today instead: today's term, and the loss the recent
    purchases wash not counted this year."""
    sl = model.sell_lots[c.index]
    return c.shares * sl.gain_per_share + c.lost + c.deferred, is_long_term(sl.lot.holding_start, model.as_of,
                                                                          sl.lot.inherited)


def _waited_sale(model: RebalanceModel, c: _Candidate, ident: str, clear: date, r_lt: float) -> WaitedSale:
    """``c`` sold on ``clear`` instead of today, its figures priced later (:func:`price_in_date_order`)."""
    sl = model.sell_lots[c.index]
    accounts = model.household.account_map()
    gain = c.shares * sl.gain_per_share
    lt = is_long_term(sl.lot.holding_start, clear, sl.lot.inherited)
    return WaitedSale(
        account=sl.lot.account, symbol=sl.lot.symbol, lot_id=sl.lot.lot_id, quantity=c.shares,
        price=sl.price, sell_on=clear, realized_st=0.0 if lt else gain, realized_lt=gain if lt else 0.0,
        kept=c.lost, asset_class=sl.asset_class, identity=ident,
        replacement=preferred_replacement(model, sl.lot.symbol, sl.lot.account, sl.asset_class, ident),
        est_tax=0.0, better_than_now=0.0,  # priced below, in date order on top of the final plan
        # only a purchase in an IRA, 401(k), Roth or HSA takes the loss for good (Rev. Rul.
        # 2008-5); a taxable one defers it into its own basis (IRC §1091(d)): said apart
        washing=tuple(sorted({f"{p.account} on {p.acquired.isoformat()}" for p in model.pool.get(ident, ())
                              if p.account in accounts and not accounts[p.account].is_taxable})),
        deferred=c.deferred,
        deferring=tuple(sorted({f"{p.account} on {p.acquired.isoformat()}"
                                for p in model.pool.get(ident, ())
                                if p.account in accounts and accounts[p.account].is_taxable}))
        if c.deferred > _MIN_SAVING else (),
        drip=ident in model.drip_identities, kept_rate=r_lt,
        kept_rates=model.carryforward_rates)


def price_in_date_order(oracle: _TaxOracle, sol: Solution, waits: Sequence[WaitedSale],
                        today: Sequence[tuple[float, bool]]) -> tuple[WaitedSale, ...]:
    """Each waited sale's figures on one basis (fe10 finding 7): on top of the final plan and of the
    waited sales dated earlier (the same date: together, shared in proportion to their gains), so
    that, in date order, they add up to the tax of the plan with all of them. ``est_tax`` = T(plan +
    earlier + these) - T(plan + earlier); ``better_than_now`` = T(plan + earlier + these sold today)
    - T(plan + earlier + these), ``today`` giving each sale's gain and term if sold today (its loss
    less what the recent purchases wash). Worked example (fe10 h2y, MFJ, $140 of net long-term gain
    this year, 19.5% on long-term, 26.5% on short-term): IVV B-4 (-$1,500 ST, 2026-12-26) first:
    140 x 19.5% + 1,360 x 26.5% = $387.70 less tax; sold today -$1,195 would save $306.87, so $80.83
    more; then VXUS B-5 (-$600 ST, 2026-12-31): 600 x 26.5% = $159.00 (the $140 is already offset).
    ``kept_carried``, what waiting adds to the carryforward, is shared by the loss each sale keeps (a
    lot that keeps nothing carries nothing more forward by waiting), never by gain."""
    st, lt = sol.realized_st, sol.realized_lt
    by_day: dict[date, list[int]] = {}
    for i, w in enumerate(waits):
        by_day.setdefault(w.sell_on, []).append(i)
    out = list(waits)
    for day in sorted(by_day):
        idx = by_day[day]
        d_st = sum(waits[i].realized_st for i in idx)
        d_lt = sum(waits[i].realized_lt for i in idx)
        n_st = sum(g for i in idx for g, is_lt in (today[i],) if not is_lt)
        n_lt = sum(g for i in idx for g, is_lt in (today[i],) if is_lt)
        base = oracle.true_tax(st, lt).total
        later_tax = oracle.true_tax(st + d_st, lt + d_lt)
        now_tax = oracle.true_tax(st + n_st, lt + n_lt)
        later, now = later_tax.total, now_tax.total
        carried = max(0.0, carried_forward(later_tax) - carried_forward(now_tax))
        total = d_st + d_lt
        # the carryforward waiting adds comes from the loss it keeps (and defers), not from the gains:
        # shared by kept loss (audit18 F4: 29.76 kept by one lot of two was shared 177:663 by gain)
        keeps = sum(waits[i].kept + waits[i].deferred for i in idx)
        for i in idx:
            share = (waits[i].realized_st + waits[i].realized_lt) / total if total else 1.0 / len(idx)
            kept_share = (waits[i].kept + waits[i].deferred) / keeps if keeps > 0.0 else 0.0
            out[i] = replace(waits[i], est_tax=(later - base) * share, better_than_now=(now - later) * share,
                             kept_carried=min(waits[i].kept, carried * kept_share))
        st, lt = st + d_st, lt + d_lt
    return tuple(out)
