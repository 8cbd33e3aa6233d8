"""A loss held for later: the plan re-solved with an identity's loss lots held today, all of them dated (issue 9).

Rule (taxrebal's reading; IRC §1091(a), Treas. Reg. §1.1091-1(a), Pub 550). :mod:`.later_harvest` dates
the loss lots the plan leaves unsold; three cases need today's plan itself to change first.

1. **A class whose every fund is harvested.** A dated loss sale keeps its class by buying, that day, a fund
   of another identity, and that purchase washes a loss sale of the fund made within 30 days before or after
   it (:mod:`.later_harvest`, rule 2). In a class whose funds the plan sells at a loss today, a loss lot the
   bands leave unsold can be dated only to a day its replacement's own loss sales are more than 30 days
   away, and once another identity of the class is dated that day too, none is left. The plan that harvests
   the most sells today only some identities of the class and dates *every* loss lot of another, whose
   replacement is a fund sold at a loss 31 days before. Tried when loss is left unsold and undated in a
   taxable account's class where the plan sells another identity of the class at a loss today, in that
   account or another (a purchase in any account washes it): one identity's taxable loss lots held, dated
   from 31 days after the plan's trades may fill; by their taxable loss, largest first, at most
   ``_MAX_RESOLVES``. When the plan sells a lot of that identity today at a short-term loss, the identity is
   first tried with its other loss lots held and that sale kept: dated, the lot's loss may turn long-term
   (IRC §1222: held more than a year by then) and offset gains taxed at a lower rate (the benchmark's
   ``--past-sales`` seed 709: IN-IDX0's L013, a $13,248 short-term loss today, long-term from 2026-12-06,
   was held with the identity's other lots and dated 2026-12-28: 0.915 of the avoidable tax avoided; sold
   today, the others dated: 0.931, and 0.997 once later_harvest.py buys a replacement no other dated loss
   needs; tests/test_hold_for_later_short_term_kept.py). Tried too (one re-solve, the largest first): an
   identity the plan harvests today in a class where later_harvest.py dated a loss lot of another identity
   that is short-term today, held and dated instead, so that lot is sold today at the short-term rate
   rather than dated past the day it turns long-term (the benchmark's seed 1704: RE1B's L034 held and dated
   2026-12-28, RE0's L033 sold today with RE0's 70 recent shares: 0.987 -> 1.000 of the avoidable tax;
   tests/test_hold_for_later_dated_short_term.py); then every identity of that class the plan harvests
   today held together (one more re-solve: ``--past-sales`` seed 2612, RE0 and RE2 harvested, RE1's L031
   dated; RE0 held alone changed nothing, both held sell L031 today: 0.991 -> 0.999;
   tests/test_hold_for_later_two_identities_dated.py).
2. **Recent shares sold at a gain to keep them from washing a loss.** Shares bought in the last 30 days
   and still held wash a loss sold today; the plan may sell them first (realizing their gain) or after
   (a chain). Holding both the loss lots and those shares today and selling the loss lots on the day the
   purchases are 31 days old can keep the whole loss this year without the gain. Tried for every such
   identity at once, then for the one with the largest gain alone.
3. **A harvest refilled with a fund that washes an earlier loss.** A loss sold in the 30 days before As Of
   whose shares no purchase has replaced yet is washed by a purchase of its identity today (past_wash.py):
   the plan may harvest a fund today and refill its class with that identity, deferring the earlier loss
   (or losing it, bought in an IRA) to harvest this one. Holding the harvested identities' loss lots of
   that class today and dating them (the trading day of least tax this year once nothing acquired washes
   them and a replacement is clean: the earlier sale's 30 days over, later_harvest.py) can keep both
   losses this year. Tried per class where the plan buys such a fund, the class whose purchase washes the
   most first, at most ``_MAX_PAST_CLASSES``, each when that earlier loss, kept, would lower this year's
   tax. One class at a time: held together, a class whose hold costs more than its refill washes spoils
   the others' (the benchmark's ``--past-sales`` seed 203: bonds and REIT held keep $1,852 of earlier
   loss, $805 less tax this year; US stocks held too (its refill US0 washed $346) make US1 the refill,
   washing $1,778 of a 2026-11-15 loss: $44 less). Each such class is tried a second way too: the refill
   not bought today (its purchases held, every account), so the plan harvests what the bands take without
   it and later_harvest.py dates the rest once the refill is clean (``--past-sales`` seed 1201: holding
   BD0's loss lots left Bonds too heavy; BD2 not bought, 115.79 of L021's shares dated 2026-12-14: 0.986
   -> 0.9998 of the avoidable tax; tests/test_hold_for_later_refill_not_bought.py). Where the plan sells
   a lot of those identities today at a short-term loss, the class is first tried with that sale left free,
   as case 1's: dated, the lot may be long-term by its day and offset gains taxed at a lower rate (30 lots a
   class, ``--past-sales`` seed 2105: US0's L013, short-term until 2026-12-09, dated that day with US0's and
   US1's other loss lots; sold today: 0.988 -> 0.995; tests/test_hold_for_later_past_wash_short_term.py).
4. **A loss harvested today beside recent shares the plan keeps.** A taxable lot bought in the last 30
   days and kept washes part of a loss lot of its identity sold today: that part moves into the kept
   shares' basis (IRC §1091(d)) instead of counting this year. Holding the loss lots today and selling
   them on the day the purchases are 31 days old (same tax year) washes nothing. Tried for every such
   identity at once, then for the one whose kept shares can wash the most alone (one loss share each at
   the largest loss a share sold today: the most a try can add, so none is tried that cannot pay).

The tries build on each other: each holds what the tries kept before it held, so one class's change
(case 1) stays in the plan a later try (case 2 or 3) changes in another class (the benchmark's
``--past-sales`` seed 2: REIT's case 1, then case 2 in its bonds, $2,032 less tax than case 1 alone; case 2
tried alone gave REIT's change back). Tried in the order 1, 3, 2, 4. A case-1 identity of a class where
a case-1 try of another identity was kept is tried both on top of it and instead of it (one more re-solve),
the lower tax kept: which of a class's identities to hold, and whether two, the order of the tries cannot
tell (``--past-sales`` seed 724: EM-IDX1 held instead of EM-IDX0, tried first, $132 less tax this year,
and after the later tries $298 less; seed 709: IN2 held beside IN-IDX0, $2,102 less than IN-IDX0 alone).

None is tried when this year's tax is already the least any gains can give (window_wait.py's floor: a
net loss past the $3,000 of IRC §1211(b) saves nothing more), nor a case-1 identity whose class's loss
left unsold and undated, added to this year's result, would not lower the tax (holding lots only
restricts today's plan, so a try adds at most that loss). Each try is a whole plan solve (issue 13; a huge
household's plan makes only the first, huge_plan.HoldSolve) with those lots held (and the lots
window_wait.py waits for), without needless sales (needless_sales.py); :mod:`.later_harvest` then dates
the held lots. The new plan
and its dated sales replace the old ones when (1) it breaches no band more and (2) this year's tax with
all its dated sales is lower by ``waiting.MIN_WAIT_SAVING`` ($5.00, the least saving taxrebal advises
any wait for, as window_wait.py's) or more.

Worked example of case 1 (tests/test_hold_for_later.py; As Of 2026-11-25, Tax Mode Flat, 20% long-term,
$50,000 of long-term gains this year). One Taxable account: REIT holds RA (lots A1 -$1,200, A2 -$120)
and RB (B1 -$1,220, B2 -$120), $50 a share, 100 shares each, nothing else in REIT; REIT must lose
$1,000-$3,000 today. Alone, the plan sells B1 and 20 shares of A1 (-$1,820) and can date nothing:
any replacement is a fund it sells at a loss today or dates. Holding RB, it sells all of RA today
(-$1,320) and buys RB back; B1 and B2 are dated 2026-12-28 buying RA (-$1,340): $532.00 less tax this
year instead of $364.00. Case 2: L1, 100 AAA with a $2,000 long-term loss, and R1, 10 AAA bought
2026-11-05 with a $100 gain: the plan sold L1 and then R1 (a chain, -$1,900 long-term, -$380.00);
held, L1 is dated 2026-12-07 (R1 + 31 days, a Sunday, then Monday) with BBB bought that day and R1
kept: -$2,000 long-term, -$400.00. Case 3 (tests/test_hold_for_later_past_wash.py): 40 IB sold
2026-11-10 at a $400 long-term loss, none bought back; A1, 100 IA with a $1,000 long-term loss, harvested
today, refilled with 100 IB (the only other fund of the class) that wash the $400: -$600, -$120.00; held,
A1 is dated 2026-12-11 buying IB then (31 days after IB's sale): -$1,000, -$200.00; a short-term A1,
long-term from 2026-12-11, and IB sold 2026-10-30 instead: dated 2026-11-30, still short-term
(tests/test_hold_for_later_past_wash_day.py, with one class held at a time). Case 4
(tests/test_hold_for_later_kept_recent.py): case 2's L1 beside R1 bought for $500 (a $500 short-term gain,
too dear to sell first): the plan sold L1 alone, R1 washing $200 of it into R1's basis (-$1,800 long-term,
-$360.00); held, L1 is dated 2026-12-07: -$400.00.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Optional

import numpy as np

from ..plan import WaitedSale
from ..waiting import worth_waiting
from .later_harvest import later_harvests
from .needless_sales import without_needless_sales
from .window_wait import Best, _as_planned, _held, _least_tax

if TYPE_CHECKING:
    from .model import RebalanceModel
    from .stages import _TaxOracle

__all__ = ["hold_for_later"]

#: re-solves per plan at most (each is a whole plan solve)
_MAX_RESOLVES = 2
#: classes tried for case 3 at most (one re-solve each)
_MAX_PAST_CLASSES = 3
_MIN_SAVING = 0.005
_BREACH_EPS = 1e-6


def _total_tax(model: RebalanceModel, oracle: _TaxOracle, best: Best, waits: Sequence[WaitedSale]) -> float:
    """This year's tax of the plan (its sales in step order) and every sale it dates."""
    sol, _tax = _as_planned(model, oracle, best)
    st = sol.realized_st + sum(w.realized_st for w in waits)
    lt = sol.realized_lt + sum(w.realized_lt for w in waits)
    return oracle.true_tax(st, lt).total


def _identities_to_try(model: RebalanceModel, x: np.ndarray, waits: Sequence[WaitedSale]) -> list[str]:
    """Identities of a class where a loss lot is left unsold today and undated in a taxable account while
    the plan sells another identity of the class at a loss today in any taxable account, largest taxable
    loss first."""
    waited = {(w.account, w.lot_id) for w in waits}
    waited_ids = {w.identity for w in waits if not w.later}
    losses = [(sl, float(x[j])) for sl, j in zip(model.sell_lots, model.lot_vars)
              if sl.gain_per_share < 0 and not sl.chained]
    left = {(sl.lot.account, sl.asset_class) for sl, q in losses
            if q < sl.lot.quantity - 1e-6 and (sl.lot.account, sl.lot.lot_id) not in waited}
    # a loss sale in any account blocks buying its identity in every account (IRC §1091(a): the taxpayer's
    # purchases), so the identities harvested are counted per class, across the taxable accounts
    harvested: dict[str, set[str]] = {}
    for sl, q in losses:
        if q > 1e-6:
            harvested.setdefault(sl.asset_class, set()).add(sl.identity)
    loss_of: dict[str, float] = {}
    for sl, _q in losses:
        key = (sl.lot.account, sl.asset_class)
        if key in left and harvested.get(sl.asset_class, set()) - {sl.identity} and sl.identity not in waited_ids:
            loss_of[sl.identity] = loss_of.get(sl.identity, 0.0) - sl.gain_per_share * sl.lot.quantity
    return sorted(loss_of, key=lambda g: (-loss_of[g], g))


def _dated_short_identities(model: RebalanceModel, x: np.ndarray, waits: Sequence[WaitedSale]) -> list[str]:
    """Case 1's other way: identities the plan sells a taxable loss lot of today in a class where
    later_harvest.py dated a taxable loss lot of another identity that is short-term today (its loss may be
    long-term by its day, IRC §1222), largest such loss first: held, that lot may be sold today instead."""
    of = {(sl.lot.account, sl.lot.lot_id): sl for sl in model.sell_lots}
    dated: dict[str, dict[str, float]] = {}  # class -> identity dated -> its short-term loss
    for w in waits:
        sl = of.get((w.account, w.lot_id))
        if w.later and sl is not None and sl.gain_per_share < 0 and not sl.long_term and not sl.chained:
            by = dated.setdefault(sl.asset_class, {})
            by[sl.identity] = by.get(sl.identity, 0.0) - sl.gain_per_share * w.quantity
    loss_of: dict[str, float] = {}
    for sl, j in zip(model.sell_lots, model.lot_vars):
        by = dated.get(sl.asset_class, {})
        if float(x[j]) > 1e-6 and sl.gain_per_share < 0 and not sl.chained and set(by) - {sl.identity}:
            loss_of[sl.identity] = max(loss_of.get(sl.identity, 0.0),
                                       sum(v for g, v in by.items() if g != sl.identity))
    return sorted(loss_of, key=lambda g: (-loss_of[g], g))


def _left_loss(model: RebalanceModel, x: np.ndarray, waits: Sequence[WaitedSale], idents: frozenset[str]) -> float:
    """The taxable loss of the classes of ``idents`` neither sold today nor dated, in lots later_harvest.py
    may date (a lot's loss at least Harvest Min Loss, its value at least Min Trade): the most loss a try
    can add this year (holding lots only restricts today's plan)."""
    s = model.household.settings
    waited = {(w.account, w.lot_id) for w in waits}
    classes = {sl.asset_class for sl in model.sell_lots if sl.identity in idents}
    return sum(-sl.gain_per_share * (sl.lot.quantity - float(x[j])) for sl, j in zip(model.sell_lots, model.lot_vars)
               if sl.asset_class in classes and sl.gain_per_share < 0 and not sl.chained
               and (sl.lot.account, sl.lot.lot_id) not in waited
               and -sl.gain_per_share * sl.lot.quantity >= s.harvest_min_loss
               and sl.lot.quantity * sl.price >= s.min_trade)


def _can_pay(model: RebalanceModel, oracle: _TaxOracle, best: Best, waits: Sequence[WaitedSale], now: float,
             more_loss: float) -> bool:
    """This year's tax with ``more_loss`` of loss on top of the plan and its dated sales, short- or long-term,
    is lower by ``_MIN_SAVING``: else no try can pay."""
    sol, _tax = _as_planned(model, oracle, best)
    st = sol.realized_st + sum(w.realized_st for w in waits)
    lt = sol.realized_lt + sum(w.realized_lt for w in waits)
    return min(oracle.true_tax(st - more_loss, lt).total, oracle.true_tax(st, lt - more_loss).total) < now - _MIN_SAVING


def _window_identities(model: RebalanceModel, x: np.ndarray, waits: Sequence[WaitedSale]) -> list[str]:
    """Identities whose recent taxable shares (bought in the last 30 days) the plan sells today at a gain
    while it sells a loss lot of theirs today (so that those shares cannot wash it), largest gain first."""
    first = model.as_of - timedelta(days=model.window)
    waited_ids = {w.identity for w in waits if not w.later}
    harvested = {sl.identity for sl, j in zip(model.sell_lots, model.lot_vars)
                 if sl.gain_per_share < 0 and not sl.chained and float(x[j]) > 1e-6}
    gains: dict[str, float] = {}
    for sl, j in zip(model.sell_lots, model.lot_vars):
        q = float(x[j])
        if (q > 1e-6 and sl.gain_per_share > 0 and sl.lot.acquired is not None and sl.lot.acquired >= first
                and sl.identity in harvested and sl.identity not in waited_ids):
            gains[sl.identity] = gains.get(sl.identity, 0.0) + q * sl.gain_per_share
    return sorted(gains, key=lambda g: (-gains[g], g))


def _past_wash_identities(model: RebalanceModel, x: np.ndarray, waits: Sequence[WaitedSale]
                          ) -> list[tuple[frozenset[str], float, frozenset[str]]]:
    """Per class where the plan buys a fund whose purchase washes a loss sold before As Of (past_wash.py):
    the identities it harvests there today (taxable loss lots sold), the earlier loss that purchase
    washes and the identities of those purchases, the class washing the most first."""
    waited_ids = {w.identity for w in waits if not w.later}
    washed: dict[str, float] = {}
    refills: dict[str, set[str]] = {}
    for parts in model.past_wash_parts(x).values():
        for k, o, shares, _lost in parts:
            cls = model.buys[k].asset_class
            washed[cls] = washed.get(cls, 0.0) + shares * o.loss_per_share
            refills.setdefault(cls, set()).add(model.buys[k].identity)
    harvested: dict[str, set[str]] = {}
    for sl, j in zip(model.sell_lots, model.lot_vars):
        if (float(x[j]) > 1e-6 and sl.gain_per_share < 0 and not sl.chained and sl.asset_class in washed
                and sl.identity not in waited_ids):
            harvested.setdefault(sl.asset_class, set()).add(sl.identity)
    return sorted(((frozenset(ids), washed[c], frozenset(refills[c])) for c, ids in harvested.items()),
                  key=lambda t: (-t[1], sorted(t[0])))


def _refill_columns(model: RebalanceModel, refills: frozenset[str]) -> list[int]:
    """Case 3's second way: the purchases of ``refills`` (identities whose purchase today washes a loss sold
    before As Of), in every account (IRC §1091(a): the taxpayer's purchases)."""
    return [j for b, j in zip(model.buys, model.buy_vars) if b.identity in refills]


def _kept_recent_identities(model: RebalanceModel, x: np.ndarray, waits: Sequence[WaitedSale],
                            skip: Sequence[str]) -> list[tuple[str, float]]:
    """Case 4: identities the plan sells a taxable loss lot of today while it keeps (does not sell all of)
    a taxable lot of theirs bought in the last 30 days, which washes part of that loss (IRC §1091(a); the
    loss moves into the kept shares' basis, §1091(d)), with the most loss those kept shares can wash: one
    loss share each (Treas. Reg. §1.1091-1(b), (e)) at the largest loss a share sold today; largest first."""
    first = model.as_of - timedelta(days=model.window)
    waited_ids = {w.identity for w in waits if not w.later}
    accounts = model.household.account_map()
    sold: dict[str, tuple[float, float]] = {}  # identity -> (loss shares sold today, largest loss a share)
    kept: dict[str, float] = {}  # identity -> recent taxable shares kept
    for sl, j in zip(model.sell_lots, model.lot_vars):
        q = float(x[j])
        if not accounts[sl.lot.account].is_taxable:
            continue
        if q > 1e-6 and sl.gain_per_share < 0 and not sl.chained:
            n, per = sold.get(sl.identity, (0.0, 0.0))
            sold[sl.identity] = (n + q, max(per, -sl.gain_per_share))
        if (sl.lot.acquired is not None and first <= sl.lot.acquired <= model.as_of
                and q < sl.lot.quantity - 1e-6):
            kept[sl.identity] = kept.get(sl.identity, 0.0) + sl.lot.quantity - q
    washable = {g: min(kept[g], n) * per for g, (n, per) in sold.items()
                if g in kept and g not in waited_ids and g not in skip}
    return sorted(((g, w) for g, w in washable.items() if w > _MIN_SAVING), key=lambda gw: (-gw[1], gw[0]))


def _short_term_sold(model: RebalanceModel, x: np.ndarray, ident: str) -> frozenset[int]:
    """The columns of ``ident``'s taxable lots the plan ``x`` sells today at a short-term loss (case 1)."""
    return frozenset(j for sl, j in zip(model.sell_lots, model.lot_vars)
                     if sl.identity == ident and sl.gain_per_share < 0 and not sl.chained and not sl.long_term
                     and float(x[j]) > 1e-6)


def _held_columns(model: RebalanceModel, idents: frozenset[str], recent_too: bool) -> list[int]:
    """The taxable loss lots of ``idents`` and, with ``recent_too``, their lots bought in the last 30 days."""
    first = model.as_of - timedelta(days=model.window)
    return [j for sl, j in zip(model.sell_lots, model.lot_vars) if sl.identity in idents
            and ((sl.gain_per_share < 0 and not sl.chained)
                 or (recent_too and sl.lot.acquired is not None and sl.lot.acquired >= first))]


def _kept_columns(model: RebalanceModel, kept: Sequence[WaitedSale]) -> list[int]:
    """The columns window_wait.py's sales ``kept`` hold in a re-solve: their lots, and every purchase of
    their identities."""
    kept_lots = {(w.account, w.lot_id) for w in kept}
    kept_ids = {w.identity for w in kept}
    keep = [j for sl, j in zip(model.sell_lots, model.lot_vars) if (sl.lot.account, sl.lot.lot_id) in kept_lots]
    return keep + [j for b, j in zip(model.buys, model.buy_vars) if b.identity in kept_ids]


def hold_for_later(model: RebalanceModel, oracle: _TaxOracle, best: Best, waits: Sequence[WaitedSale],
                   breach: Callable[[np.ndarray], float], resolve: Callable[[], Optional[Best]],
                   ) -> tuple[Best, tuple[WaitedSale, ...]]:
    """``best`` and its dated sales ``waits`` (window_wait.py's, then later_harvest.py's), or the plan with
    one identity's loss held for later and its dated sales when the module's rule takes it."""
    x = best[0].x
    now = _total_tax(model, oracle, best, waits)
    if now - _least_tax(oracle) < _MIN_SAVING:
        return best, tuple(waits)  # no plan pays less this year (a net loss past §1211(b)'s $3,000 already)
    # (identities held, their recent lots held too, dated from the plan's own trades, columns not held,
    # the class whose case-1 identity it holds: "" for the other cases, the columns held instead of the
    # identities' lots: case 3's refill not bought)
    none: frozenset[int] = frozenset()
    tries: list[tuple[frozenset[str], bool, bool, frozenset[int], str, Optional[list[int]]]] = []
    class_of = {sl.identity: sl.asset_class for sl in model.sell_lots}
    for g in _identities_to_try(model, x, waits)[:_MAX_RESOLVES]:
        if not _can_pay(model, oracle, best, waits, now, _left_loss(model, x, waits, frozenset({g}))):
            continue
        short = _short_term_sold(model, x, g)
        if short:  # its short-term loss sold today kept (module docstring, case 1), then all of it held
            tries.append((frozenset({g}), False, True, short, class_of[g], None))
        tries.append((frozenset({g}), False, True, none, class_of[g], None))
    # a short-term loss lot dated by later_harvest.py beside another identity harvested today: that identity
    # held and dated instead, so the lot may be sold today while short-term (--seed 1704)
    tried = {next(iter(t[0])) for t in tries}
    shorts = [g for g in _dated_short_identities(model, x, waits) if g not in tried]
    for g in shorts[:1]:
        tries.append((frozenset({g}), False, True, none, class_of[g], None))
        # ... and every identity of that class the plan harvests today, held together (one more re-solve):
        # with one held, the other's replacement may be the dated lot's own fund, whose purchase today
        # washes that lot's sale (--past-sales seed 2612: RE0 and RE2 harvested today, RE1's short-term
        # L031 dated past the day it turns long-term)
        together = frozenset(h for h in shorts if class_of[h] == class_of[g])
        if len(together) > 1:
            tries.append((together, False, True, none, class_of[g], None))
    # case 3 one class at a time, each on top of those kept before it (holding a class whose refill's
    # earlier loss is not worth its harvest's wait would spoil the others'), at most _MAX_PAST_CLASSES;
    # then the class's refill not bought today instead: the plan harvests what the bands take without a
    # refill and later_harvest.py dates the rest once the refill is clean (--past-sales seed 1201)
    for idents, washed, refills in _past_wash_identities(model, x, waits)[:_MAX_PAST_CLASSES]:
        if _can_pay(model, oracle, best, waits, now, washed):
            short = frozenset().union(*(_short_term_sold(model, x, g) for g in idents))
            if short:  # its short-term losses sold today kept, as case 1's (--past-sales seed 2105, 30 a class)
                tries.append((idents, False, True, short, "", None))
            tries.append((idents, False, True, none, "", None))
            tries.append((idents, False, True, none, "", _refill_columns(model, refills)))
    window = _window_identities(model, x, waits)
    if window:
        tries.append((frozenset(window), True, False, none, "", None))
    if len(window) > 1:
        tries.append((frozenset(window[:1]), True, False, none, "", None))
    kept_recent = [g for g, washed in _kept_recent_identities(model, x, waits, window)
                   if _can_pay(model, oracle, best, waits, now, washed)]
    if kept_recent:
        tries.append((frozenset(kept_recent), True, False, none, "", None))
    if len(kept_recent) > 1:
        tries.append((frozenset(kept_recent[:1]), True, False, none, "", None))
    if not tries:
        return best, tuple(waits)
    kept = [w for w in waits if not w.later]  # window_wait's: their lots stay held in every re-solve
    keep = _kept_columns(model, kept)
    out: tuple[Best, tuple[WaitedSale, ...]] = (best, tuple(waits))
    taken: list[int] = []  # the columns the tries kept so far hold: every later try holds them too
    dated: frozenset[str] = frozenset()  # their identities dated from the plan's own trades
    # class -> (columns, identities) of the case-1 try kept in it: another identity of the class is tried
    # on top of it and instead of it, the better kept (past-sales seed 724: EM-IDX1 held alone beat it held
    # beside EM-IDX0, kept first; seed 709: IN2 held beside IN-IDX0 beat it held alone)
    instead: dict[str, tuple[frozenset[int], frozenset[str]]] = {}

    def attempt(cols: list[int], held: frozenset[str]) -> Optional[tuple[Best, tuple[WaitedSale, ...], float]]:
        # a window_wait sale whose replacement is a held identity would wash that identity's dated sales
        # (later_harvest.py, rule 2): its lot is not held in this try, the re-solve sells it or not (--seed
        # 1408: 2 of IN1's L015 dated buying IN0 left IN0's held lots undatable)
        mine = [w for w in kept if not (w.replacement in model.secs and model.secs[w.replacement].identity in held)]
        cols_kept = keep if len(mine) == len(kept) else _kept_columns(model, mine)
        with _held(model, cols_kept + cols):
            alt = resolve()
            if alt is None or breach(alt[0].x) > breach(best[0].x) + _BREACH_EPS:
                return None
            alt = without_needless_sales(model, oracle, alt, mine, breach, resolve)
        alt_waits = tuple(mine) + later_harvests(model, oracle, alt, mine, held=held)
        return alt, alt_waits, _total_tax(model, oracle, alt, alt_waits)

    for idents, recent_too, from_own_trades, sold, cls, instead_cols in tries:
        own = (instead_cols if instead_cols is not None
               else [j for j in _held_columns(model, idents, recent_too) if j not in sold])
        mine = idents if from_own_trades else frozenset()
        ways = [(sorted(set(taken + own)), dated | mine)]
        if cls in instead and instead[cls][1] != idents:  # (the same identity's other try: on top is instead)
            other_cols, other_ids = instead[cls]
            ways.append((sorted(set([j for j in taken if j not in other_cols] + own)), (dated - other_ids) | mine))
        for cols, held in ways:
            found = attempt(cols, held)
            if found is None:
                continue
            alt, alt_waits, then = found
            if then < now - _MIN_SAVING and worth_waiting(now - then):
                out, now, taken, dated = (alt, alt_waits), then, cols, held
                if cls:
                    instead[cls] = (frozenset(own), idents)
    return out
