"""Loss lots the plan cannot sell today, dated to the day their wash-sale window clears (issue 9).

Rule (taxrebal's reading; IRC §1091(a), Treas. Reg. §1.1091-1(a), Pub 550). A taxable loss lot the
plan does not sell today, of an identity g (symbol or Identical Group) acquired within the last 30
days (a recent purchase still held, in any account, DRIP included) or bought by the plan itself today,
cannot be harvested today without a wash: that acquisition is within 30 days before the sale. Sold on
``d`` = the latest such acquisition + 31 days, none of them washes it. Nor can a loss lot be sold
today beyond what the bands let its class lose when no fund of the class is clean to buy today (a past
loss sale's open shares, or today's own loss sales, within 30 days): it, or the rest of a lot the plan
sells in part today, is sold on the first day one is (``--past-sales`` seed 1006: 68 of L032's 122 RE0B
shares and L030, $1,910 of long-term loss, were left unsold and undated while RE1A's loss sale of
2026-11-12 was open; dated 2026-12-14, 0.934 -> 0.9995 of the avoidable tax). The plan lists it under
"Sales to wait for" (``WaitedSale.later=True``) when all of these hold:

1. **Same tax year.** ``d``, moved to the next weekday that is not December 25, is no later than
   December 31 of As Of's year (a sale counts in the year of its trade date, Pub 550). The plan's own
   purchase counts as made on the next trading day after As Of (its orders may fill then).
2. **The bands do not need it, and it keeps the class.** The lot is held today, so today's plan and
   its bands are unchanged. On ``d`` its proceeds buy, in its own account, a fund of its class of
   another identity h that is not washed by that purchase: no loss sale of h in the plan today within
   30 days before ``d``, no sale of h before As Of within 30 days before ``d`` with loss shares still
   open (past_wash.py's; Treas. Reg. §1.1091-1(c), (e)), and no other dated sale of h within 30 days of
   ``d`` (§1091(a): a purchase within 30 days *after* a loss sale washes it too). No such fund that day:
   the first later trading day this year with one (clean_day.py); none: not dated. A lot of an identity
   window_wait.py dated already (the shares the plan sold today) is dated no earlier than those sales,
   its other shares included (seed 119: 352 of L038's 353 shares, $12,897 of loss, were left unsold).
3. **It lowers this year's tax.** This year's tax with the plan, the dated sales already listed and
   this lot sold on ``d`` (its loss at today's price, its term as of ``d``, IRC §1222) is lower by
   $0.005 or more than without it (a loss past the $3,000 of §1211(b) saves nothing this year and is
   not dated). Lots are tried by their loss, largest first; each lot's Est. Tax is what it adds on top
   of the plan and the dated sales before it.

No re-solve (issue 13): the plan is not changed; each lot costs one evaluation of the tax. Where today's
plan must change first (a class whose every fund it harvests; recent shares sold at a gain only to
keep them from washing a loss), :mod:`.hold_for_later` re-solves it with lots held and calls this
module with ``held``: those identities' lots may be dated on any trading day from the first one rule 1
allows (the next trading day when nothing acquired washes them) through the year's last, on which a
clean fund exists (rule 2): the day of least tax this year, the earliest of equals (a short-term loss
may turn long-term by a later day, IRC §1222). Until 2026-12-05 they were dated 31 days after the plan's
trades may fill, whatever washed them: the benchmark's ``--past-sales`` seed 202 held BD1's lot L020
(short-term until 2026-12-06) for 2026-12-28, long-term by then, so holding it lost to washing a $543
loss of 2026-10-29 and was not taken; dated 2026-11-30 (BD0, its replacement, clean 31 days after that
sale) it keeps both ($221 less tax this year).

Worked example (bench seed 6, As Of 2026-11-25): REIT holds RE0, RE1A/RE1B (one Identical Group) and
RE2. The plan harvests RE0 and RE1B today and buys RE2 to stay in REIT, so RE2's loss lots L028 (313
shares, -$36,576 long-term) and L029 (313, -$25,993 long-term) would be washed by that purchase
today. The plan's purchase may fill on 2026-11-26; on 2026-12-27 (+ 31), a Sunday, so 2026-12-28,
nothing of RE2 acquired in the 30 days before washes them, and RE0, last sold at a loss on 2026-11-25
(33 days earlier), is a clean replacement. The plan lists both lots: "Wait until 2026-12-28", $62,569
more long-term loss this year (the independent benchmark's share for the household: 0.731 without them,
0.998 with them).
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..holding import is_long_term
from ..plan import WaitedSale
from ..wash_dates import first_trading_day
from .clean_day import clean_on, first_clean_day, loss_days
from .window_wait import Best, _as_planned, _last_trading_day, preferred_replacement

if TYPE_CHECKING:
    from .data import _SellLot
    from .model import RebalanceModel
    from .stages import _TaxOracle

__all__ = ["later_harvests"]

_MIN_SAVING = 0.005


def _clean_fund(model: RebalanceModel, sold: str, account: str, asset_class: str, identity: str, day: date,
                losses: dict[str, list[date]], pending: Collection[str] = ()) -> str:
    """The fund to buy in ``account`` on ``day`` to stay in ``asset_class``: another identity whose loss
    sales (``losses``: identity -> days) are all more than 30 days from ``day`` (rule 2), ``sold``'s
    own Replacement list first (:func:`~.window_wait.preferred_replacement`); "" when none. One of an
    identity in ``pending`` (loss lots still to be dated) only when no other is clean: bought that day, it
    would wash their sale on any day within 30 days (the benchmark's ``--past-sales`` seed 709: IN-IDX0's
    lots dated 2026-12-28 bought IN1, so the 272 shares of IN1's L011 the plan left, $6,400 of loss,
    could not be dated; IN2, all of whose loss lots the plan sold today, was clean too)."""
    clean = clean_on(model, losses, day)
    return (preferred_replacement(model, sold, account, asset_class, identity,
                                  lambda g: clean(g) and g not in pending)
            or preferred_replacement(model, sold, account, asset_class, identity, clean))


def _trading_days(first: date, last: date) -> list[date]:
    """The trading days from ``first`` through ``last``."""
    out = []
    day = first_trading_day(first)
    while day <= last:
        out.append(day)
        day = first_trading_day(day + timedelta(days=1))
    return out


def _one_clean_fund(model: RebalanceModel, sold: str, account: str, asset_class: str, identity: str,
                    losses: dict[str, list[date]], pending: Collection[str], day: date) -> tuple[str]:
    """:func:`_clean_fund` on ``day``, as the one fund :func:`~.clean_day.first_clean_day` asks for."""
    return (_clean_fund(model, sold, account, asset_class, identity, day, losses, pending),)


def later_harvests(model: RebalanceModel, oracle: _TaxOracle, best: Best,
                   waits: Sequence[WaitedSale], held: frozenset[str] = frozenset()) -> tuple[WaitedSale, ...]:
    """The module's dated sales on top of ``best`` and ``waits`` (window_wait.py's, left as they are).
    ``held``: identities whose loss lots the plan holds for later (hold_for_later.py): dated no earlier
    than 31 days after the plan's own trades may fill, as if the plan bought them."""
    sol, _tax = _as_planned(model, oracle, best)
    x = sol.x
    last = _last_trading_day(model.as_of.year)
    own_fill = first_trading_day(model.as_of + timedelta(days=1))  # the plan's buys may fill the next trading day
    bought = {b.identity: b.account for b, j in zip(model.buys, model.buy_vars) if float(x[j]) > 1e-6}
    # identity -> days of the plan's loss sales: today's, those before As Of still open, the dated ones
    losses = loss_days(model, x, [(w.identity, w.sell_on) for w in waits])
    later_buys: dict[str, list[date]] = {}  # identity -> days a dated sale's replacement is bought
    for w in waits:
        if w.replacement in model.secs:
            later_buys.setdefault(model.secs[w.replacement].identity, []).append(w.sell_on)
    waited: dict[tuple[str, str], float] = {}  # (account, lot id) -> shares dated already
    wait_day: dict[str, date] = {}  # identity -> the day its dated sales are placed (window_wait.py's)
    for w in waits:
        waited[(w.account, w.lot_id)] = waited.get((w.account, w.lot_id), 0.0) + w.quantity
        wait_day[w.identity] = max(w.sell_on, wait_day.get(w.identity, w.sell_on))
    st = sol.realized_st + sum(w.realized_st for w in waits)
    lt = sol.realized_lt + sum(w.realized_lt for w in waits)
    now = oracle.true_tax(st, lt).total
    base = (st, lt)  # the plan and window_wait's dated sales: what this module's sales are priced on top of
    s = model.settings
    today: dict[tuple[str, str], float] = {}  # (account, lot id) -> shares the plan sells today
    for sl, j in zip(model.sell_lots, model.lot_vars):
        if float(x[j]) > 1e-6:
            today[(sl.lot.account, sl.lot.lot_id)] = today.get((sl.lot.account, sl.lot.lot_id), 0.0) + float(x[j])
    loss_lots = sorted(((sl, j) for sl, j in zip(model.sell_lots, model.lot_vars)
                        if sl.gain_per_share < 0 and not sl.chained
                        and float(x[j]) < sl.lot.quantity - 1e-6),
                       key=lambda t: (t[0].gain_per_share * t[0].lot.quantity, t[0].lot.account, t[0].lot.lot_id))

    def washing_days(sl: _SellLot) -> list[date]:
        """When the acquisitions that would wash a sale of ``sl`` today were (or may be) made."""
        return ([p.acquired for p in model.pool.get(sl.identity, ())]
                + ([own_fill] if sl.identity in bought else []))

    held_shares: dict[tuple[str, str], float] = {}  # (account, symbol) -> shares held today
    for lot in model.household.lots:
        held_shares[(lot.account, lot.symbol)] = held_shares.get((lot.account, lot.symbol), 0.0) + lot.quantity

    def undated(sl: _SellLot) -> float:
        """The lot's shares not dated already (window_wait.py dates those the plan sold today: seed 119,
        1 of L038's 353). With Whole Shares, a security traded on an exchange is sold in whole shares
        unless the sale is the whole position (orders.py): the whole shares of them (bench_plan_quality
        --past-sales seed 808: a DRIP lot of 2.4263 EM0 dated alone, 2 of them now)."""
        key = (sl.lot.account, sl.lot.lot_id)
        q = sl.lot.quantity - waited.get(key, 0.0) - today.get(key, 0.0)
        if (sl.lot.symbol in model.whole_share_symbols and abs(q - round(q)) > 1e-6
                and abs(q - held_shares.get((sl.lot.account, sl.lot.symbol), 0.0)) > 1e-6):
            return float(math.floor(q + 1e-9))
        return q

    def may_date(sl: _SellLot) -> bool:
        q = undated(sl)
        return q > 1e-6 and -sl.gain_per_share * q >= s.harvest_min_loss and q * sl.price >= s.min_trade

    out: list[WaitedSale] = []
    datable = [sl for sl, _j in loss_lots if may_date(sl)]
    left = Counter(sl.identity for sl in datable)  # identity -> its lots still to be tried
    for sl in datable:
        lot, ident = sl.lot, sl.identity
        left[ident] -= 1
        pending = {g for g, n in left.items() if n > 0}
        quantity = undated(sl)
        gain = sl.gain_per_share * quantity
        acquired = washing_days(sl)
        first = first_trading_day(max(acquired) + timedelta(days=model.window + 1)) if acquired else own_fill
        first = max(first, wait_day.get(ident, first))  # with its identity's dated sales, not before them
        # a held identity (hold_for_later.py) may be sold on any later trading day its window has cleared:
        # the one with the least tax this year, the earliest of equals (its term as of that day, IRC §1222);
        # another on the first day from ``first`` this year with a fund of its class to buy (clean_day.py)
        days = _trading_days(first, last) if ident in held else [first_clean_day(
            model, first, losses, functools.partial(_one_clean_fund, model, lot.symbol, lot.account,
                                                    sl.asset_class, ident, losses, pending))[0]]
        choice: tuple[float, date, str, bool] | None = None
        for day in days:
            if day > last or any(abs((day - d).days) <= model.window for d in later_buys.get(ident, ())):
                continue  # past the year, or a dated sale's replacement bought within 30 days would wash it
            fund = _clean_fund(model, lot.symbol, lot.account, sl.asset_class, ident, day, losses, pending)
            if not fund:
                continue
            lt_day = is_long_term(lot.holding_start, day, lot.inherited)
            tax = oracle.true_tax(st + (0.0 if lt_day else gain), lt + (gain if lt_day else 0.0)).total
            # of equal tax, a day whose fund no lot still to date needs beats an earlier one (_clean_fund)
            blocks = model.secs[fund].identity in pending
            if (choice is None or tax < choice[0] - _MIN_SAVING
                    or (tax <= choice[0] + _MIN_SAVING and choice[3] and not blocks)):
                choice = (tax, day, fund, blocks)
        if choice is None:
            continue
        after, day, fund, _blocks = choice
        lt_sale = is_long_term(lot.holding_start, day, lot.inherited)
        if after > now - _MIN_SAVING:
            continue
        washing = sorted({f"{p.account} on {p.acquired.isoformat()}" for p in model.pool.get(ident, ())}
                         | ({f"{bought[ident]} by this plan"} if ident in bought else set()))
        out.append(WaitedSale(
            account=lot.account, symbol=lot.symbol, lot_id=lot.lot_id, quantity=quantity, price=sl.price,
            sell_on=day, realized_st=0.0 if lt_sale else gain, realized_lt=gain if lt_sale else 0.0, kept=0.0,
            est_tax=after - now, better_than_now=0.0, asset_class=sl.asset_class, identity=ident,
            replacement=fund, washing=tuple(washing), drip=ident in model.drip_identities,
            kept_rate=0.0, later=True))
        st, lt = (st, lt + gain) if lt_sale else (st + gain, lt)
        now = after
        losses.setdefault(ident, []).append(day)
        later_buys.setdefault(model.secs[fund].identity, []).append(day)
    return _in_date_order(oracle, base, out)


def _in_date_order(oracle: _TaxOracle, base: tuple[float, float], sales: Sequence[WaitedSale]
                   ) -> tuple[WaitedSale, ...]:
    """``sales`` with each Est. Tax priced on top of ``base`` (the plan and window_wait's dated sales) and of this
    module's sales dated earlier, in date order, as the README says; sales of one day one after another in the
    order they were chosen (largest loss first). They were all priced in that order, whatever their dates (audit20
    F10: a 2026-12-22 sale took the 22.3% part of the bracket before the 12-17 and 12-18 ones). The total is the
    same either way.
    Worked example (tests/test_later_harvest_date_order.py): a tax of 15% on the first $4,000 of net gain and 25%
    above, the plan at $5,000; losses of $3,000 dated 12-22 and $1,500 dated 12-17: 12-17 first, -$325.00 (1,000
    at 25% + 500 at 15%), then 12-22, -$450.00 (3,000 at 15%); largest first gave -$550.00 and -$225.00."""
    st, lt = base
    out = list(sales)
    before = oracle.true_tax(st, lt).total
    for i in sorted(range(len(sales)), key=lambda k: sales[k].sell_on):  # stable: a day's sales as chosen
        st, lt = st + sales[i].realized_st, lt + sales[i].realized_lt
        after = oracle.true_tax(st, lt).total
        out[i] = replace(sales[i], est_tax=after - before)
        before = after
    return tuple(out)
