"""Questions asked of a wash-sale result: what not to buy, whether a trade on a date trips the rule,
and which recent purchases can still wash a loss sold now.

Rule (IRC §1091(a); Treas. Reg. §1.1091-1; Pub 550 "Wash Sales"; Rev. Rul. 2008-5 for IRAs): a loss
sold in a taxable account is washed by substantially identical shares acquired in any account of the
household within 30 days before or after the sale, each replacement share washing one sold share
once (Reg. §1.1091-1(e)). The rule and its documented readings live in
:mod:`taxrebal.engine.wash` (:func:`~taxrebal.engine.wash.adjust_lots`); this module only reads its
result:

* :func:`open_losses`: the loss shares of each sale not yet matched to replacement shares, the one
  query behind the Do Not Buy list, WASHWINDOW's "Blocked" and the rebalancer's price of a purchase;
* :func:`do_not_buy`: identities whose purchase now would wash a loss still open (the Do Not Buy list);
  :func:`with_plan_losses` adds the rebalancing plan's own loss sales, as if placed on As Of;
* :func:`wash_window_status`: the WASHWINDOW cell function's answer for one symbol and date;
* :func:`recent_purchases`: purchases still held and not yet used as replacements (the harvest scan,
  the pre-trade check and the rebalancer ask it).

Worked example: VXUS sold at a loss on 2026-11-15 in the brokerage and nothing bought since:
``do_not_buy`` lists VXUS until 2026-12-15 (first day to buy 2026-12-16), and
``wash_window_status("VXUS", 2026-11-25, ...)`` is "Blocked; first day you may buy 2026-12-16: VXUS sold
at a loss on 2026-11-15 (Brokerage)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Optional, Sequence

from taxrebal.engine.money import cents

from .money import EPS, QTY_EPS
from .records import Account, Action, Household, Lot, Security, Transaction
from .sale_loss import is_loss, sale_loss
from .wash import adjust_lots, identity_map, purchase_id, window_days
from .wash_dates import (
    FIRST_DAY_TO_BUY,
    FIRST_DAY_TO_SELL,
    buy_day,
    dated_sale_window,
    first_clear_day,
    first_trading_day,
    window_words,
)
from .wash_records import RealizedSale, WashResult

if TYPE_CHECKING:
    from .plan import Plan

__all__ = ["OpenLoss", "open_losses",
           "DATED_SALE", "DoNotBuy", "do_not_buy", "with_plan_losses", "wash_window_status", "RecentPurchase",
           "recent_purchases",
           "first_day_to_sell"]


@dataclass(frozen=True)
class DoNotBuy:
    """Buying ``identity`` (a symbol or identical group) on or before ``until`` (the window's last
    day) in any account would wash ``loss_at_stake`` of losses realized by the listed sales;
    ``first_day_to_buy`` (``until`` + 1) is the date every sheet shows."""

    identity: str
    symbols: tuple[str, ...]
    until: date
    loss_at_stake: float
    reason: str
    drip_symbols: tuple[str, ...] = ()  # holdings with DRIP on whose reinvestment would wash

    @property
    def first_day_to_buy(self) -> date:
        return self.until + timedelta(days=1)


@dataclass(frozen=True)
class OpenLoss:
    """The loss shares of one realized sale (one Form 8949 part) not yet matched to replacement
    shares: ``shares`` of them, each with ``loss_per_share`` of loss a purchase inside the window
    would still wash (Treas. Reg. §1.1091-1(e): a loss share is matched once, so the shares already
    washed are out of reach)."""

    sale: RealizedSale
    shares: float
    loss_per_share: float

    @property
    def loss(self) -> float:
        return self.shares * self.loss_per_share


def open_losses(result: WashResult, household: Household, first: date, last: date
                ) -> dict[str, tuple[OpenLoss, ...]]:
    """Identity -> the loss sales dated in ``[first, last]`` with loss shares still unmatched, earliest
    first. A sale part's loss is spread evenly over its shares (one basis per part); its open shares are
    those not matched (``quantity - matched_shares``; when not told, ``quantity x (loss - disallowed) / loss``).

    Worked example (Pub 550 "Wash Sales"; Reg. §1.1091-1(c), (e)): 100 VEA sold at a $900 loss on
    2026-11-09 and 100 VEA bought in the IRA on 2026-11-20: all 100 loss shares are matched ($900
    disallowed), so no VEA sale is open and a purchase on 2026-12-01 washes nothing. Without the IRA
    purchase the sale is open: 100 shares at $9.00, and buying 40 VEA on 2026-12-01 washes $360."""
    identities = identity_map(household.securities)
    out: dict[str, list[OpenLoss]] = {}
    for sale in result.sales:
        if not is_loss(sale.loss) or not (first <= sale.date <= last):
            continue
        remaining = sale.loss - sale.disallowed
        if remaining <= EPS or sale.quantity <= QTY_EPS:
            continue
        per_share = sale.loss / sale.quantity
        open_shares = sale.open_shares
        if open_shares <= QTY_EPS:
            continue
        out.setdefault(identities.get(sale.symbol, sale.symbol), []).append(OpenLoss(sale, open_shares, per_share))
    return {k: tuple(sorted(v, key=lambda o: o.sale.date)) for k, v in out.items()}


def do_not_buy(result: WashResult, household: Household, as_of: date) -> tuple[DoNotBuy, ...]:
    """Identities whose purchase on ``as_of`` or later would wash a loss sold in the last window.

    The stake is the part of each loss not already disallowed (a share of loss is washed once):
    :func:`open_losses`, the query the rebalancer prices its purchases with.
    """
    identities = identity_map(household.securities)
    win = window_days(as_of.year)
    per: dict[str, list[RealizedSale]] = {
        ident: [o.sale for o in items]
        for ident, items in open_losses(result, household, as_of - timedelta(days=win),
                                        as_of + timedelta(days=win)).items()}
    held_symbols = {lot.symbol for lot in household.lots}
    out: list[DoNotBuy] = []
    for ident, items in sorted(per.items()):
        items.sort(key=lambda s: s.date)
        until = max(s.date for s in items) + timedelta(days=win)
        stake = sum(s.loss - s.disallowed for s in items)
        symbols = tuple(sorted({sec.symbol for sec in household.securities if sec.identity == ident}
                               | {s.symbol for s in items}))
        drip = tuple(sorted(s.symbol for s in household.securities
                            if s.drip and identities.get(s.symbol) == ident and s.symbol in held_symbols))
        last = items[-1]
        reason = (f"{last.symbol} sold at a loss on {last.date.isoformat()} ({last.account})"
                  + (f" and {len(items) - 1} more sale{'s' if len(items) > 2 else ''}" if len(items) > 1 else ""))
        out.append(_drip_dated(DoNotBuy(ident, symbols, until, stake, reason, drip)))
    return tuple(out)


def with_plan_losses(entries: Sequence[DoNotBuy], household: Household, plan: "Plan",
                     as_of: date) -> tuple[DoNotBuy, ...]:
    """The Do Not Buy list once the rebalancing plan is placed on ``as_of``: ``entries`` (the sales on
    Transactions) plus each identity a plan step sells a lot of at a loss, the same steps whose Trades
    note says buying it "would wash this loss" (IRC §1091(a): a purchase within 30 days after the sale washes the loss).
    Its first day to buy is ``as_of`` + 31, Trades' date; its stake is the loss the plan's Lot Sales
    report for those lots (Reported Gain below 0: the part not already washed). An identity already
    listed keeps one row: the later date, both stakes, both reasons. Example: the plan harvests VXUS
    on 2026-11-20 (step 7, $2,591 of reported loss): VXUS, first day you may buy 2026-12-21, $2,591.00,
    "VXUS harvested by the plan (Trades step 7), once placed on 2026-11-20"."""
    identities = identity_map(household.securities)
    win = window_days(as_of.year)
    steps: dict[str, list[tuple[int, str]]] = {}
    stake: dict[str, float] = {}
    for sale in plan.lot_sales:
        # the loss as Lot Sales reports it, in cents: a sale whose whole loss earlier purchases already wash
        # reports $0.00, and a float remainder of a tenth of a cent is no loss a purchase could wash (bench/
        # generate.py --lots 400 --transactions 120 --seed 5: PCR listed with $0.00 at stake and "an
        # automatic reinvestment ... would wash part of it")
        if not is_loss(-sale.reported_cents):
            continue
        ident = identities.get(sale.symbol, sale.symbol)
        stake[ident] = stake.get(ident, 0.0) - sale.reported_cents  # as Lot Sales reports it, in cents
        if (sale.step, sale.symbol) not in steps.setdefault(ident, []):
            steps[ident].append((sale.step, sale.symbol))
    # a plan purchase that washes a loss sold before As Of (its Realized carries that loss, rebalance/
    # past_wash.py) takes it off the list: those loss shares are matched, nothing more is at stake
    taken: dict[str, list[tuple[int, float]]] = {}
    for t in plan.trades:
        if t.action is Action.BUY and t.realized_st + t.realized_lt > EPS:
            taken.setdefault(identities.get(t.symbol, t.symbol), []).append((t.step, t.realized_st + t.realized_lt))
    if taken:
        kept: list[DoNotBuy] = []
        for d in entries:
            washed = sum(x for _s, x in taken.get(d.identity, ()))
            if washed <= EPS:
                kept.append(d)
            elif d.loss_at_stake - washed > EPS:
                by = ", ".join(str(k) for k, _x in taken[d.identity])
                kept.append(replace(d, loss_at_stake=d.loss_at_stake - washed,
                                    reason=f"{d.reason}; ${cents(washed):,.2f} of it washed by the plan's purchase "
                                           f"(Trades step {by})"))
        entries = kept
    if not steps:
        return _with_dated_sales(tuple(entries), household, plan, win, as_of)
    held_symbols = {lot.symbol for lot in household.lots}
    out = {d.identity: d for d in entries}
    # a step placed after As Of (it waits for a mutual fund to fill at the close, rebalance/placed_day.py)
    placed = {t.step: t.placed_on for t in plan.trades if t.placed_on is not None}
    for ident, sold in steps.items():
        by_symbol: dict[str, list[int]] = {}
        for step, sym in sorted(sold):
            by_symbol.setdefault(sym, []).append(step)
        names = ", ".join(f"{sym} (Trades step{'s' if len(k) > 1 else ''} {', '.join(map(str, k))})"
                          for sym, k in sorted(by_symbol.items()))
        day = max((placed.get(step, as_of) for step, _sym in sold), default=as_of)
        until = day + timedelta(days=win)
        reason = f"{names} sold at a loss by the plan, once placed on {day.isoformat()}"
        if day != as_of:
            reason += (" (the next trading day: it waits for a mutual fund sold in another account to fill at the "
                       f"close, Trades; placed later, count {win + 1} days from the day it fills)")
        old = out.get(ident)
        if old is None:
            symbols = tuple(sorted({sec.symbol for sec in household.securities if sec.identity == ident}
                                   | {sym for _step, sym in sold}))
            drip = tuple(sorted(s.symbol for s in household.securities
                                if s.drip and identities.get(s.symbol) == ident and s.symbol in held_symbols))
            out[ident] = _drip_dated(DoNotBuy(ident, symbols, until, stake[ident], reason, drip))
        else:
            out[ident] = _drip_dated(replace(old, until=max(old.until, until),
                                             loss_at_stake=old.loss_at_stake + stake[ident],
                                             reason=f"{old.reason}; {reason}"))
    return _with_dated_sales(tuple(sorted(out.values(), key=lambda d: d.identity)), household, plan, win, as_of)


#: How a Do Not Buy reason names a sale the plan dates (the sheet's notes say how its date counts)
DATED_SALE = "(Trades, Sales to wait for)"


def _with_dated_sales(entries: tuple[DoNotBuy, ...], household: Household, plan: "Plan",
                      win: int, as_of: date) -> tuple[DoNotBuy, ...]:
    """The list with the plan's dated loss sales (Trades "Sales to wait for", ``plan.waits``): a purchase within
    ``win`` days before or after the sale's date washes its loss (IRC §1091(a)), so its identity is listed
    until then (fe11 finding 14: a proposed HSA buy 11 days before the dated sale was "clear"); the reason
    says "from now" when that window is open on ``as_of``, else from which day (audit20 F0: a sale dated
    2026-12-28 seen on 2026-11-25 is washed from 2026-11-28, not by the plan's own buys that day). Example:
    VXUS lot A2 to be sold on 2026-12-21 at a $6,000 loss: VXUS, first day you may buy 2027-01-21, $6,000.00
    at stake."""
    waits = getattr(plan, "waits", ())
    if not waits:
        return entries
    identities = identity_map(household.securities)
    out = {d.identity: d for d in entries}
    for w in sorted(waits, key=lambda w: (w.sell_on, w.symbol, w.lot_id)):
        loss = -(w.realized_st + w.realized_lt)
        if not is_loss(loss):
            continue
        ident = w.identity or identities.get(w.symbol, w.symbol)
        until = w.sell_on + timedelta(days=win)
        span = dated_sale_window(w.sell_on, as_of)
        washes = (f"a purchase {window_words(*span)} washes it, one before {span[0].isoformat()} does not" if span
                  else f"a purchase from now until {win} days after that sale washes it")
        reason = (f"{w.symbol} lot {w.lot_id} ({w.account}) to be sold at a loss on {w.sell_on.isoformat()} "
                  f"{DATED_SALE}: {washes}")
        old = out.get(ident)
        if old is None:
            symbols = tuple(sorted({sec.symbol for sec in household.securities if sec.identity == ident} | {w.symbol}))
            out[ident] = DoNotBuy(ident, symbols, until, loss, reason)
        else:
            out[ident] = _drip_dated(replace(old, until=max(old.until, until), loss_at_stake=old.loss_at_stake + loss,
                                             reason=f"{old.reason}; {reason}"))
    return tuple(sorted(out.values(), key=lambda d: d.identity))


_DRIP_CLAUSE = re.compile(r"; DRIP is on for [^;]*?turn DRIP off before then")


def _drip_dated(entry: DoNotBuy) -> DoNotBuy:
    """``entry`` with one DRIP sentence, at the end of its reason, dated by the row's own first day to
    buy. A row that two sources of loss merge into (an earlier sale and the plan's, or a dated sale)
    keeps the later window (a reinvestment until then washes the later loss, IRC §1091(a)): the
    sentence written for the earlier one named the earlier date (fe16 F9: "before 2026-12-11" beside
    a window running to 2026-12-21)."""
    if not entry.drip_symbols:
        return entry
    reason = (_DRIP_CLAUSE.sub("", entry.reason)
              + f"; DRIP is on for {', '.join(entry.drip_symbols)}: an automatic reinvestment before "
                f"{buy_day(entry.first_day_to_buy)}, the {FIRST_DAY_TO_BUY}, would wash part of it: turn DRIP off "
                "before then")
    return replace(entry, reason=reason)


def wash_window_status(symbol: str, on: date, transactions: Sequence[Transaction],
                       securities: Sequence[Security] = (), accounts: Sequence[Account] = (),
                       lots: Sequence[Lot] = ()) -> str:
    """Whether trading ``symbol`` on ``on`` meets the wash-sale rule (the WASHWINDOW cell function).

    Dates follow the one convention of :mod:`taxrebal.engine.wash_dates`: the *first day* the trade
    is clear (the window's last day + 1), named in words.

    * Buying on ``on`` washes a loss sale of an identical security within 30 days before or after
      ``on`` in a taxable account, as far as that loss is not already washed by other purchases
      (each share washes once): "Blocked; first day you may buy 2026-12-16: VXUS sold at a loss on
      2026-11-15 (Brokerage)" (the window of that sale ends on 2026-12-15 = sale + 30).
    * Selling at a loss on ``on`` is washed by a purchase within 30 days before or after it (any
      account) whose shares have not already washed another loss: "Loss sale washed; first day you
      may sell 2026-12-16: VXUS bought on 2026-11-15 (Roth IRA)". Given the lots and the securities'
      prices, the sale is of a taxable lot now at a loss, and a purchase that is the only such lot's own
      does not wash it (no share replaces itself, Treas. Reg. §1.1091-1(a)): fe17 F12, VTI lot V2 (10
      bought 2026-11-16 for $3,100, $300 now) is the only VTI lot at a loss: "Clear" on 2026-12-04, as
      the plan sells it with its $100 loss allowed.
    * A sale whose basis is unknown (no Cost Basis on the row, lot not given) is treated as a
      possible loss: "Check; first day you may buy ...: VXUS sold on ... (basis unknown)".
    * Otherwise "Clear". Accounts not listed are taken as taxable. The rows are run through
      :func:`adjust_lots` first, so earlier washes are taken into account exactly.
    """
    identities = identity_map(securities)
    ident = identities.get(symbol, symbol)
    same = [tx for tx in transactions if identities.get(tx.symbol, tx.symbol) == ident]
    own_lots = tuple(lot for lot in lots if identities.get(lot.symbol, lot.symbol) == ident)
    result = adjust_lots(Household(accounts=tuple(accounts), securities=tuple(securities), lots=own_lots,
                                   transactions=tuple(same)))
    taxable = {a.name: a.is_taxable for a in accounts}
    lots_by_id = {lot.lot_id: lot for lot in own_lots}
    win = window_days(on.year)
    first, last = on - timedelta(days=win), on + timedelta(days=win)

    open_loss: dict[tuple[date, str, str, Optional[str]], float] = {}  # sale row key -> loss not yet washed
    for sale in result.sales:
        key = (sale.date, sale.account, sale.symbol, sale.lot_id)
        open_loss[key] = open_loss.get(key, 0.0) + max(0.0, sale.loss - sale.disallowed)
    used: dict[Optional[str], float] = {}  # replacement lot -> shares that already washed a loss
    for m in result.matches:
        used[m.replacement_lot] = used.get(m.replacement_lot, 0.0) + m.shares

    blocking: Optional[tuple[date, str]] = None
    unsure: Optional[tuple[date, str]] = None
    # purchases in the window with shares free to wash a loss: (window's last day, text, lot, account, day)
    buys: list[tuple[date, str, str, str, date]] = []
    bought_lots: set[str] = set()
    for tx in same:
        if tx.action is Action.SELL and first <= tx.date <= last and taxable.get(tx.account, True):
            until = tx.date + timedelta(days=win)
            key = (tx.date, tx.account, tx.symbol, tx.lot_id)
            loss = open_loss.get(key) if key in open_loss else sale_loss(
                tx, lots_by_id.get(tx.lot_id) if tx.lot_id else None)
            if loss is None:
                if unsure is None or until > unsure[0]:
                    unsure = (until, f"{tx.symbol} sold on {tx.date.isoformat()} ({tx.account}), "
                                     f"basis unknown: a purchase would wash it if that sale was at a loss")
            elif is_loss(loss) and (blocking is None or until > blocking[0]):
                blocking = (until, f"{tx.symbol} sold at a loss on {tx.date.isoformat()} ({tx.account})")
        elif tx.action in (Action.BUY, Action.REINVEST):
            bought_lots.add(tx.lot_id)
            free = tx.quantity - (used.get(tx.lot_id, 0.0) if tx.lot_id else 0.0)
            if first <= tx.date <= last and free > QTY_EPS:
                buys.append((tx.date + timedelta(days=win), f"{tx.symbol} bought on {tx.date.isoformat()} "
                             f"({tx.account})", tx.lot_id, tx.account, tx.date))
    for lot in own_lots:  # purchases known only from the Lots range
        if lot.lot_id in bought_lots or lot.acquired is None or lot.inherited:
            continue
        if first <= lot.acquired <= last and lot.quantity - used.get(lot.lot_id, 0.0) > QTY_EPS:
            buys.append((lot.acquired + timedelta(days=win), f"{lot.symbol} bought on {lot.acquired.isoformat()} "
                         f"({lot.account})", lot.lot_id, lot.account, lot.acquired))
    losing = _loss_lots(result.household.lots, securities, taxable)
    if losing:
        # a loss sale sells one of these lots; a purchase washes it only if it is another lot's (no share
        # replaces itself, Treas. Reg. §1.1091-1(a): "substantially identical stock ... acquired", other
        # shares): fe17 F12, VTI's only lot at a loss bought 2026-11-16 was "washed" by its own purchase
        buys = [b for b in buys if any(not _own_purchase(b[2], b[3], b[4], lot) for lot in losing)]
    washing = max(buys, key=lambda b: b[0], default=None)
    one = timedelta(days=1)  # the window's last day -> the first day you may trade
    if blocking is not None:
        return f"Blocked; {FIRST_DAY_TO_BUY} {buy_day(blocking[0] + one)}: {blocking[1]}"
    if unsure is not None:
        return f"Check; {FIRST_DAY_TO_BUY} {buy_day(unsure[0] + one)}: {unsure[1]}"
    if washing is not None:
        return (f"Loss sale washed; {FIRST_DAY_TO_SELL} {first_trading_day(washing[0] + one).isoformat()}: "
                f"{washing[1]}")
    return "Clear"


def _loss_lots(lots: Sequence[Lot], securities: Sequence[Security], taxable: dict[str, bool]) -> list[Lot]:
    """The lots (wash-adjusted, ``adjust_lots``) of taxable accounts whose sale at the Securities price
    would realize a loss: what a loss sale sells. Empty when the Lots or the prices are not given, or no
    lot is at a loss (a loss sale is then the user's hypothesis: every recent purchase may wash it)."""
    price = {s.symbol: s.price for s in securities if s.price and s.price > 0}
    out = []
    for lot in lots:
        unit = lot.unit_cost if lot.quantity > 0 else None
        if unit is not None and lot.symbol in price and taxable.get(lot.account, True) \
                and price[lot.symbol] < unit - EPS / 100:
            out.append(lot)
    return out


def _own_purchase(lot_id: str, account: str, day: date, lot: Lot) -> bool:
    """Whether a purchase (its Lot ID, account and day) is ``lot``'s own: the same Lot ID, or, a Buy row
    naming none, the lot's account and acquisition day."""
    if lot_id:
        return lot_id == lot.lot_id
    return account == lot.account and day == lot.acquired


@dataclass(frozen=True)
class RecentPurchase:
    """Shares of one purchase, made in a date range, still held and not yet used as replacement
    shares for an earlier loss (so a loss sold in their window would be washed by them)."""

    acquired: date
    account: str
    symbol: str
    identity: str
    purchase_id: str  # the purchase the shares come from (a lot ID, or ``@T<row>`` for a bare Buy row)
    lot_id: str  # the open lot holding them ("" when a Buy row cannot be tied to one lot)
    shares: float


def first_day_to_sell(purchases: Sequence[RecentPurchase], own: str = "") -> Optional[date]:
    """The first day a loss sale of an identity is clear of every one of its recent ``purchases``, any
    account, whether the plan sells them first or not (IRC §1091(a): acquired within 30 days before the
    sale; Rev. Rul. 2008-5 for IRAs): the latest purchase + 31 days (:func:`~.wash_dates.first_clear_day`);
    ``own``: the purchase id of the loss lot itself, which does not wash its own loss. None when no other
    purchase is recent. The one date behind the harvest wait (window_wait.py), the conservative date of an
    Orders ticket and the "no reading needed" note. E.g. fe10 h2: SP500 bought 2026-11-20 (Alex 401k) and
    2026-11-25 (Sam HSA): IVV lot B-4 may be sold from 2026-12-28, not 2026-12-21 (2026-11-25 + 31 is
    Saturday 2026-12-26: the first trading day on or after it, :func:`~.wash_dates.first_trading_day`, the
    day every sheet gives, fe12 F-b)."""
    days = [p.acquired for p in purchases if p.purchase_id != own]
    return first_trading_day(first_clear_day(max(days))) if days else None


def recent_purchases(household: Household, wash: WashResult, first: date, last: date
                     ) -> dict[str, list[RecentPurchase]]:
    """Identity -> purchases made in ``[first, last]`` that are still held and not yet consumed as
    replacement shares (Treas. Reg. §1.1091-1(e); ``wash.consumed``), earliest first.

    ``household`` is the wash-adjusted one (``wash.household``). Sources, in line with reading 1 of
    the module docstring:

    * an open lot (any account) whose acquisition date is in the range;
    * a Buy/Reinvest row in the range whose lot has no acquisition date on the Lots sheet (typical of
      IRA and 401(k) lots): its shares, up to what that lot still holds;
    * a Buy/Reinvest row without a Lot ID that no dated lot of the same account, symbol and date
      accounts for: its shares the wash engine still holds and has not yet used as replacements
      (``wash.consumed_purchases``: a row it linked to a lot a Sell row names is relieved by that
      sale, reading 4; tests/test_wash_same_day_buy_rows.py). A row linked to no lot is never
      relieved (a Sell row names its own lot), so the engine keeps its shares as possible
      replacements even when the Lots sheet shows fewer shares in the account (an import adds the
      trade, not the lot): the harvest scan, the pre-trade check and the plan's reported wash sales
      then agree.

    Worked example: VTI bought 10 shares in the IRA on 2026-05-22 (a Transactions row; the IRA lot has
    no date) -> on 2026-06-01 a loss sale of VTI in the brokerage is washed by those 10 shares, so the
    harvest scan must not call that lot "Clear" (Rev. Rul. 2008-5: the loss would be lost for good).
    """
    identities = identity_map(household.securities)
    consumed = wash.consumed
    lots_by_id: dict[str, Lot] = {}
    dated: set[tuple[str, str, date]] = set()
    out: dict[str, list[RecentPurchase]] = {}

    def add(p: RecentPurchase) -> None:
        out.setdefault(p.identity, []).append(p)

    # reading 6 of wash.py: a broker-adjusted lot's Acquired is its tacked holding start; a Buy row of
    # the same Lot ID on another date is its real purchase, the date that can wash (below)
    bought_ids = {tx.lot_id for tx in household.transactions
                  if tx.lot_id and tx.action in (Action.BUY, Action.REINVEST)}
    retimed: set[str] = set()
    for lot in household.lots:
        lots_by_id.setdefault(lot.lot_id, lot)
        if lot.acquired is not None:
            dated.add((lot.account, lot.symbol, lot.acquired))
        if lot.wash_adjusted and lot.lot_id in bought_ids:
            retimed.add(lot.lot_id)
            continue
        if lot.acquired is None or lot.inherited or not (first <= lot.acquired <= last):
            continue
        free = lot.quantity - consumed.get(lot.lot_id, 0.0)
        if free > QTY_EPS:
            add(RecentPurchase(lot.acquired, lot.account, lot.symbol, identities.get(lot.symbol, lot.symbol),
                               purchase_id(lot), lot.lot_id, free))
    for i, tx in enumerate(household.transactions):
        if tx.action not in (Action.BUY, Action.REINVEST) or tx.inherited or not (first <= tx.date <= last):
            continue
        ident = identities.get(tx.symbol, tx.symbol)
        if tx.lot_id:
            bought = lots_by_id.get(tx.lot_id)
            if bought is None or (bought.acquired is not None and tx.lot_id not in retimed):
                continue  # sold since (no longer held), or counted above from its dated lot
            retimed.discard(tx.lot_id)  # only its first Buy row counts (as in wash.py)
            free = min(tx.quantity, bought.quantity) - consumed.get(bought.lot_id, 0.0)
            if free > QTY_EPS:
                add(RecentPurchase(tx.date, tx.account, tx.symbol, ident, bought.lot_id, bought.lot_id, free))
            continue
        if (tx.account, tx.symbol, tx.date) in dated:
            continue  # the dated lot it created is counted above
        free = tx.quantity - wash.consumed_purchases.get(f"@T{i}", 0.0)
        if free > QTY_EPS:
            add(RecentPurchase(tx.date, tx.account, tx.symbol, ident, f"@T{i}", "", free))
    for items in out.values():
        items.sort(key=lambda p: (p.acquired, p.purchase_id))
    return out
