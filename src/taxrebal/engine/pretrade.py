"""Pre-trade wash-sale check: would a proposed trade wash a loss, or be washed?

Rule (IRC §1091(a); Pub 550 "Wash Sales"): a purchase of substantially identical securities in any
account of the household within 30 days before or after a loss sale in a taxable account disallows
that loss (for good when the purchase is in an IRA, Roth, 401(k) or HSA: Rev. Rul. 2008-5). So:

* a proposed **Buy** is flagged when it falls within 30 days of a recent loss sale (Transactions,
  realized within the window and not already washed) or of a loss sale planned in the same list of
  trades; the amount at stake is the loss per share times the shares the buy would replace, matched
  share by share to the earliest sales first (Reg. §1.1091-1(b)-(d));
* a proposed **Sell** at a loss in a taxable account is flagged when shares of the same identity
  bought in the 30 days before it are still held in any account (and not already used as
  replacements, nor sold by an earlier trade of the list: a tax-advantaged sell relieves the most
  recently bought shares first; with Settings Sold Recent Shares Wash = Y, the literal "has acquired",
  shares sold by an earlier trade wash it all the same, and the note does not offer selling them
  first), and when a holding of it with DRIP on remains in any account: dividends are assumed
  to reinvest within 30 days, so the next reinvestment would wash part of the loss (its size is
  unknown, so the whole loss is shown as at stake). A planned buy near a planned sale is reported once,
  on the buy.

The loss of a planned sale is computed on the lots it names (``ProposedTrade.lots``, the
rebalancer's own choice); a sale naming none is estimated on the position's lots with the highest
adjusted cost per share first (how a tax-aware sale picks lots), after wash-sale adjustments from
:func:`adjust_lots`.

Worked example: 100 VXUS sold at a loss of $4/share ($400) on 2026-11-15 in Brokerage. A proposed
buy of 60 VXUS in the Roth on 2026-11-25 is flagged "Buy would wash a loss" with $240 at stake
(60 x $4), lost for good because the Roth gets no basis adjustment; buying on 2026-12-16 is clear.
When a later loss sale of the same identity keeps that day inside its window, the first clear day is
the day after that window and the note names the sale (fe15 F5, tests/test_pretrade_reading_y.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Mapping, Optional, Protocol, Sequence

from taxrebal.engine.money import cents

from .kept_wash import RecentShares
from .money import EPS, QTY_EPS
from .records import Action, Household, Lot, ProposedTrade
from .wash import WashResult, adjust_lots, identity_map, purchase_id, window_days
from .wash_dates import FIRST_DAY_TO_BUY, FIRST_DAY_TO_SELL, buy_day, first_trading_day
from .wash_queries import RecentPurchase, recent_purchases

__all__ = ["WarningKind", "TradeWarning", "TradeCheckIndex", "check_trades", "dated_sale_trades"]


class WarningKind(str, Enum):
    BUY_WASHES_RECENT_LOSS = "Buy would wash a recent loss"
    BUY_WASHES_PLANNED_LOSS = "Buy would wash a planned loss"
    SALE_WASHED_BY_RECENT_BUY = "Loss sale would be washed by a recent purchase"
    SALE_WASHED_BY_DRIP = "Loss sale would be washed by a dividend reinvestment"
    UNKNOWN_SECURITY = "Unknown security"


@dataclass(frozen=True)
class TradeWarning:
    """One conflict between a proposed trade and the wash-sale rule.

    ``amount_at_stake`` is the loss that would be disallowed; ``clear_from`` the first day the
    trade would not conflict (``None`` for a DRIP conflict, which lasts while DRIP is on);
    ``permanent`` when the loss would be lost for good (replacement in a tax-advantaged account).
    """

    trade: ProposedTrade
    kind: WarningKind
    related: str
    related_date: Optional[date]
    amount_at_stake: float
    clear_from: Optional[date]
    permanent: bool
    message: str

    @property
    def account(self) -> str:
        return self.trade.account

    @property
    def symbol(self) -> str:
        return self.trade.symbol


def _first_clear_day(events: Sequence["_LossEvent"], day: date, win: int, own: ProposedTrade
                     ) -> tuple[date, Optional["_LossEvent"]]:
    """The first day from ``day`` on that is outside the window of every loss whose shares a purchase
    could still wash (``own``, the purchase's own trade, aside), and the loss whose window ends the day
    before it when that is not the start's (None: ``day`` itself). Worked example (the sample after its
    plan): 100 VXUS bought 2026-11-26 washes the loss sold 2026-11-13, so it is clear of that one from
    2026-12-14; but the plan sells VXUS at a loss on 2026-11-20 (window to 2026-12-20): the first day
    you may buy is 2026-12-21, and the plan's sale of 2026-11-20 is the loss returned. (The Proposed
    Trades' sell of 500 VXUS on 2026-11-23 finds no shares after the plan sold all 560 by name, so it
    opens no window.)"""
    moved = True
    last: Optional[_LossEvent] = None
    while moved:
        moved = False
        for ev in events:
            if ev.trade is own or ev.shares <= QTY_EPS:
                continue
            if ev.date - timedelta(days=win) <= day <= ev.date + timedelta(days=win):
                day, moved, last = ev.date + timedelta(days=win + 1), True, ev
    return day, last


class _LossEvent:
    """Shares sold (or to be sold) at a loss that a purchase could still wash."""

    __slots__ = ("date", "account", "symbol", "shares", "per_share", "planned", "trade")

    def __init__(self, when: date, account: str, symbol: str, shares: float, per_share: float, planned: bool,
                 trade: Optional[ProposedTrade] = None) -> None:
        self.date = when
        self.account = account
        self.symbol = symbol
        self.shares = shares
        self.per_share = per_share
        self.planned = planned
        self.trade = trade


class _DatedSale(Protocol):
    """What :func:`dated_sale_trades` reads of a plan's dated sale (engine/plan.py ``WaitedSale``)."""

    @property
    def account(self) -> str: ...
    @property
    def symbol(self) -> str: ...
    @property
    def lot_id(self) -> str: ...
    @property
    def quantity(self) -> float: ...
    @property
    def price(self) -> float: ...
    @property
    def sell_on(self) -> date: ...


def dated_sale_trades(waits: Sequence[_DatedSale], lots: Sequence[Lot]) -> list[tuple[ProposedTrade, _DatedSale]]:
    """The plan's dated loss sales (Trades, Sales to wait for) as sells for :func:`check_trades`, each with
    its sale, in the order a later purchase meets them: by date, and the sales of one day (tickets placed
    that day, in no order that can be told in advance) in the order their lots were first acquired:
    Treas. Reg. §1.1091-1(b), "if the order of disposition of stock ... disposed of at the same time cannot
    be determined, the stock ... shall be deemed to have been disposed of in the order in which [it was]
    originally acquired". E.g. (pr2, audit20 F4) RE1 lots L029 (bought 2023-10-13, $56.98 a share of loss)
    and L034 (2020-08-09, $19.66) both dated 2026-12-28, chosen largest loss first: 10 shares bought in
    the Roth on 2026-11-30 wash L034's, $196.64, not L029's $569.81."""
    acquired = {(lot.account, lot.lot_id): lot.acquired for lot in lots}

    def order(w: _DatedSale) -> tuple[date, date, str]:
        return w.sell_on, acquired.get((w.account, w.lot_id)) or date.max, w.lot_id

    return [(ProposedTrade(w.sell_on, w.account, w.symbol, Action.SELL, w.quantity, w.price,
                           lots=((w.lot_id, w.quantity),)), w) for w in sorted(waits, key=order)]


def _planned_sale_lots(trade: ProposedTrade, position_lots: Sequence[Lot], taken: dict[str, float]
                       ) -> list[tuple[Lot, float]]:
    """(lot, shares) the sale would relieve from its position's lots: highest adjusted cost per
    share first."""
    candidates = [lot for lot in position_lots if lot.quantity - taken.get(lot.lot_id, 0.0) > QTY_EPS]
    candidates.sort(key=lambda lot: -(lot.unit_cost if lot.unit_cost is not None else 0.0))
    out: list[tuple[Lot, float]] = []
    left = trade.quantity
    for lot in candidates:
        if left <= QTY_EPS:
            break
        avail = lot.quantity - taken.get(lot.lot_id, 0.0)
        q = min(left, avail)
        taken[lot.lot_id] = taken.get(lot.lot_id, 0.0) + q
        out.append((lot, q))
        left -= q
    return out


class TradeCheckIndex:
    """What :func:`check_trades` needs about one household and its wash-sale result, built once.

    A caller that checks many short lists of trades against the same household (the Lot Selection
    sheet checks each of its sales alone) builds one index and passes it to every call, so each call
    costs the size of its trades, not of the household. The index is the caller's: it holds no
    reference to any other caller's data and is never shared through module state. It reads nothing
    from the trades, so the same index serves any list of trades of that household and as-of date.
    """

    def __init__(self, household: Household, as_of: date, wash: Optional[WashResult] = None):
        if wash is None:
            wash = adjust_lots(household)
        self.household = household
        self.wash = wash
        self.as_of = as_of
        self.identities = identity_map(household.securities)
        self.prices: dict[str, float] = {}  # the first row of a symbol, as Household.security finds it
        for sec in household.securities:
            self.prices.setdefault(sec.symbol, sec.price)
        accounts = household.account_map()
        self.taxable = {name: acc.is_taxable for name, acc in accounts.items()}
        self.window = window_days(as_of.year)
        self.lots = wash.household.lots
        by_position: dict[tuple[str, str], list[Lot]] = {}
        held: dict[tuple[str, str], float] = {}
        for lot in self.lots:
            key = (lot.account, lot.symbol)
            by_position.setdefault(key, []).append(lot)
            held[key] = held.get(key, 0.0) + lot.quantity
        self.by_position = by_position
        self.held_by_position = held
        drip_symbols = {sec.symbol for sec in household.securities if sec.drip}
        #: identity -> the positions of DRIP securities of that identity, sorted by (account, symbol)
        self.drip_positions: dict[str, list[tuple[str, str]]] = {}
        for acc, sym in sorted(held):
            if sym in drip_symbols:
                self.drip_positions.setdefault(self.identity(sym), []).append((acc, sym))
        #: identity -> recent realized losses not yet washed: (date, account, symbol, shares, loss/share)
        self.recent_losses: dict[str, list[tuple[date, str, str, float, float]]] = {}
        win = self.window
        for sale in wash.sales:
            remaining = sale.loss - sale.disallowed
            if remaining <= EPS or sale.date > as_of or sale.date < as_of - timedelta(days=win):
                continue
            per_share = sale.loss / sale.quantity
            self.recent_losses.setdefault(self.identity(sale.symbol), []).append(
                (sale.date, sale.account, sale.symbol, sale.open_shares, per_share))
        for items in self.recent_losses.values():
            items.sort(key=lambda e: e[0])  # stable: sales of one day keep their order
        self._purchases: dict[tuple[date, date], dict[str, list[RecentPurchase]]] = {}
        self._held_by_lot_id: Optional[dict[tuple[str, str], float]] = None
        self._positions_of: Optional[dict[str, list[tuple[str, list[Lot]]]]] = None

    def identity(self, symbol: str) -> str:
        return self.identities.get(symbol, symbol)

    def is_taxable(self, account: str) -> bool:
        return self.taxable.get(account, True)

    def purchases(self, first: date, last: date) -> dict[str, list[RecentPurchase]]:
        """:func:`recent_purchases` of the wash-adjusted household in ``[first, last]``, computed
        once per range."""
        hit = self._purchases.get((first, last))
        if hit is None:
            hit = self._purchases[(first, last)] = recent_purchases(self.wash.household, self.wash, first, last)
        return hit

    def _held_by_lot(self) -> dict[tuple[str, str], float]:
        """(account, lot ID) -> shares held, the wash-adjusted lots' (built once per index)."""
        if self._held_by_lot_id is None:
            held: dict[tuple[str, str], float] = {}
            for lots in self.by_position.values():
                for lot in lots:
                    held[(lot.account, lot.lot_id)] = held.get((lot.account, lot.lot_id), 0.0) + lot.quantity
            self._held_by_lot_id = held
        return self._held_by_lot_id

    def kept_recent(self, symbol: str, account: str, sold_before: Optional[Mapping[tuple[str, str], float]] = None
                    ) -> "tuple[tuple[RecentShares, ...], dict[tuple[str, str], str]]":
        """What a sale of ``symbol`` on the as-of date (from ``account``; "" = every taxable account)
        keeps that can wash its loss, and each candidate lot's purchase: the purchases of the symbol's
        identity in the wash-sale window before the sale, every account (IRC §1091(a); Rev. Rul.
        2008-5), less the shares already used as replacements for an earlier loss sale on Transactions
        (Treas. Reg. §1.1091-1(e): :func:`recent_purchases`) and less ``sold_before`` ((account, lot ID)
        -> shares) that a plan's earlier steps sell. The Lot Selection sheet and the TAXCOST / LOTPICK
        cell functions given a Transactions range price a sale with these (one computation).

        Example (the sample household, 2026-11-20): 150 VXUS bought 2026-11-10 in the IRA (lot I-04)
        replaced 150 of the 300 VXUS sold at a loss on 2026-11-13, so a VXUS sale now keeps no recent
        shares: its whole loss is allowed."""
        first = self.as_of - timedelta(days=self.window)
        bought = self.purchases(first, self.as_of).get(self.identity(symbol), ())
        gone = sold_before or {}
        held = self._held_by_lot()
        recent = []
        for p in bought:
            key = (p.account, p.lot_id)
            shares = p.shares
            before = held.get(key) if p.lot_id else None
            if p.lot_id and key in gone:
                before = (before or 0.0) - gone[key]
                shares = min(shares, before)
            if shares > 1e-9:
                recent.append(RecentShares(p.lot_id, p.account, p.symbol, p.acquired, shares,
                                           self.is_taxable(p.account), p.purchase_id, before))
        if self._positions_of is None:  # symbol -> its positions, in by_position's order (built once)
            self._positions_of = {}
            for (acct, sym), lots in self.by_position.items():
                self._positions_of.setdefault(sym, []).append((acct, lots))
        purchase_of = {(lot.account, lot.lot_id): purchase_id(lot)
                       for acct, lots in self._positions_of.get(symbol, ())
                       if acct == account or not account
                       for lot in lots}
        return tuple(recent), purchase_of


def check_trades(household: Household, trades: Sequence[ProposedTrade], as_of: date,
                 wash: Optional[WashResult] = None, *,
                 index: Optional[TradeCheckIndex] = None,
                 described: Optional[Mapping[int, str]] = None) -> tuple[TradeWarning, ...]:
    """Every proposed trade that would wash a loss or be washed (see the module docstring).

    ``described``: ``id(trade)`` -> how a warning names a planned loss sale of that trade (e.g. "the
    rebalancing plan's sale of VXUS in Brokerage on 2026-12-01 (Trades step 6)"); by default
    "planned sale of VXUS on 2026-12-01 (Brokerage)".

    ``wash`` is the household's :func:`adjust_lots` result when the caller already has it (the
    rebalancer checks many plans); otherwise it is computed here (the household may be the one read
    or the wash-adjusted one: :func:`adjust_lots` is idempotent). ``index`` (a
    :class:`TradeCheckIndex` of this household, as-of date and wash result) saves rebuilding the
    household's look-ups when the caller checks many lists. Trades are taken in date order.
    """
    if index is None:
        index = TradeCheckIndex(household, as_of, wash)
    elif index.as_of != as_of:
        raise ValueError(f"the index was built for {index.as_of}, not {as_of}")
    identities = index.identities
    ident = index.identity
    is_taxable = index.is_taxable
    win = index.window
    by_position = index.by_position
    literal = index.household.settings.sold_recent_shares_wash

    ordered = sorted(enumerate(trades), key=lambda it: (it[1].date, it[0]))
    warnings: list[TradeWarning] = []

    # Loss events: recent realized losses not yet washed, then planned loss sales.
    events: dict[str, list[_LossEvent]] = {}

    def events_of(identity: str) -> list[_LossEvent]:
        found = events.get(identity)
        if found is None:
            found = events[identity] = [_LossEvent(when, acc, sym, shares, per, False)
                                        for when, acc, sym, shares, per in index.recent_losses.get(identity, ())]
        return found

    taken: dict[str, float] = {}
    # trade, loss shares, [(shares, loss per share)] in acquisition order, purchases sold
    sale_plans: list[tuple[ProposedTrade, float, list[tuple[float, float]], set[str]]] = []
    #: every sell in order: (account, symbol, quantity, {purchase id: shares} when its lots are named)
    sells_in_order: list[tuple[str, str, float, Optional[dict[str, float]]]] = []
    sells_before: dict[int, int] = {}  # id(loss-sale trade) -> how many sells come before it
    for _, trade in ordered:
        if trade.action is not Action.SELL:
            continue
        sells_before[id(trade)] = len(sells_in_order)
        named_pids: Optional[dict[str, float]] = None
        if trade.lots:
            named_lots = {lot.lot_id: lot for lot in by_position.get((trade.account, trade.symbol), ())}
            named_pids = {}
            for lot_id, q in trade.lots:
                if lot_id in named_lots:
                    pid = purchase_id(named_lots[lot_id])
                    named_pids[pid] = named_pids.get(pid, 0.0) + q
        sells_in_order.append((trade.account, trade.symbol, trade.quantity, named_pids))
        price = trade.price if trade.price is not None else index.prices.get(trade.symbol)
        if price is None:
            warnings.append(TradeWarning(
                trade, WarningKind.UNKNOWN_SECURITY, "", None, 0.0, None, False,
                f"{trade.symbol} is not on the Securities sheet and the trade has no price; add it there "
                f"so the wash-sale check can test this sale."))
            continue
        position_lots = by_position.get((trade.account, trade.symbol), ())
        if trade.lots:  # the seller's own lot choice (specific identification)
            named = {lot.lot_id: lot for lot in position_lots}
            relieved = [(named[lot_id], q) for lot_id, q in trade.lots if lot_id in named]
            for lot, q in relieved:  # a later sell of the position cannot sell these shares again
                taken[lot.lot_id] = taken.get(lot.lot_id, 0.0) + q
        else:
            relieved = _planned_sale_lots(trade, position_lots, taken)
        if not is_taxable(trade.account) or not relieved:
            continue
        # Only the lots sold at a loss are loss sales, and replacement shares match the sold shares in
        # the order they were acquired, each at its own lot's loss per share (as the wash engine
        # matches them: Treas. Reg. §1.1091-1(b), (c); engine/wash.py), never at an average.
        ladder = sorted(((lot, q, (lot.unit_cost or 0.0) - price) for lot, q in relieved
                         if (lot.unit_cost or 0.0) - price > EPS / max(q, QTY_EPS)),
                        key=lambda t: (t[0].acquired or date.min, t[0].lot_id))
        # The loss shares a later buy could wash: the seller's own figures when it priced its wash sales
        # (the plan: a share it already washed is not washed again, Treas. Reg. §1.1091-1(e); a basis
        # that took in a washed loss loses more, IRC §1091(d)).
        open_losses = ([(q, per) for _when, q, per in sorted(trade.open_losses, key=lambda o: o[0] or date.min)]
                       if trade.open_losses is not None else [(q, per) for _lot, q, per in ladder])
        for q, per in open_losses:
            if q > QTY_EPS and per > EPS:
                events_of(ident(trade.symbol)).append(
                    _LossEvent(trade.date, trade.account, trade.symbol, q, per, True, trade))
        loss = sum(q * per for _lot, q, per in ladder)
        if loss <= EPS:
            continue
        shares = sum(q for _lot, q, _per in ladder)
        sale_plans.append((trade, shares, [(q, per) for _lot, q, per in ladder],
                           {purchase_id(lot) for lot, _ in relieved}))
    for items in events.values():
        items.sort(key=lambda e: e.date)

    # Buys against loss events, share by share, earliest sale first.
    for _, trade in ordered:
        if trade.action not in (Action.BUY, Action.REINVEST):
            continue
        if trade.symbol not in identities:
            warnings.append(TradeWarning(
                trade, WarningKind.UNKNOWN_SECURITY, "", None, 0.0, None, False,
                f"{trade.symbol} is not on the Securities sheet; add it there (with its identical "
                f"group) so the wash-sale check can test this buy."))
            continue
        left = trade.quantity
        permanent = not is_taxable(trade.account)
        for ev in events_of(ident(trade.symbol)):
            if left <= QTY_EPS:
                break
            if ev.shares <= QTY_EPS or abs((trade.date - ev.date).days) > win:
                continue
            if ev.trade is trade:
                continue
            take = min(left, ev.shares)
            left -= take
            ev.shares -= take
            stake = take * ev.per_share
            clear, later = _first_clear_day(events_of(ident(trade.symbol)), ev.date + timedelta(days=win + 1), win,
                                            trade)
            kind = WarningKind.BUY_WASHES_PLANNED_LOSS if ev.planned else WarningKind.BUY_WASHES_RECENT_LOSS
            what = _loss_named(ev, described)
            # the first clear day is another loss's when a later loss sale's window still holds the day after
            # this one's (fe15 F5: a Roth buy washing the 12-04 sale, clear on 2027-01-07 because of the plan's
            # dated sale of 12-07): the row names that sale
            also = ("" if later is None or later is ev else
                    f" (the window of the {_loss_named(later, described)} runs through "
                    f"{(clear - timedelta(days=1)).isoformat()})")
            fate = ("lost for good: the buy is in a tax-advantaged account (Rev. Rul. 2008-5)"
                    if permanent else "deferred into the new shares' basis")
            warnings.append(TradeWarning(
                trade, kind, what, ev.date, stake, clear,
                permanent,
                f"Buying {trade.quantity:g} {trade.symbol} in {trade.account} on {trade.date.isoformat()} "
                + (f"washes the {what}" if take >= trade.quantity - QTY_EPS
                   else f"washes {take:g} loss share{'s' if take != 1 else ''} of the {what}")
                + f": ${cents(stake):,.2f} of loss {fate}. The {FIRST_DAY_TO_BUY} is {buy_day(clear)}{also}; or buy a "
                f"replacement that is not substantially identical."))

    # Loss sales against purchases still held and DRIP holdings.
    held_by_position = index.held_by_position
    held_after: dict[tuple[str, str], float] = {}  # positions the listed sells take shares out of
    for trade in trades:
        key = (trade.account, trade.symbol)
        if trade.action is Action.SELL and key in held_by_position:
            held_after[key] = held_after.get(key, held_by_position[key]) - trade.quantity
    used: dict[str, float] = {}
    bought: dict[str, list[RecentPurchase]] = {}  # identity -> purchases that can wash a planned sale
    if sale_plans:
        earliest = min(t.date for t, _, _, _ in sale_plans) - timedelta(days=win)
        latest = max(t.date for t, _, _, _ in sale_plans)
        bought = index.purchases(earliest, latest)
    for trade, shares, sale_ladder, own_lots in sale_plans:
        identity = ident(trade.symbol)
        rungs = [list(r) for r in sale_ladder]  # shares not yet matched, loss per share
        first = trade.date - timedelta(days=win)
        recent = [p for p in bought.get(identity, ())
                  if first <= p.acquired <= trade.date and p.purchase_id not in own_lots]
        # Sold Recent Shares Wash = Y (IRC §1091(a) "has acquired", read literally): a share acquired in the
        # window washes whether or not an earlier sell of the list sold it; N: shares sold first do not
        gone = {} if literal else _sold_earlier(sells_in_order[:sells_before.get(id(trade), 0)], recent)
        left = shares
        for buy in recent:
            if left <= QTY_EPS:
                break
            avail = buy.shares - used.get(buy.purchase_id, 0.0) - gone.get(buy.purchase_id, 0.0)
            if avail <= QTY_EPS:
                continue
            take = min(left, avail)
            left -= take
            used[buy.purchase_id] = used.get(buy.purchase_id, 0.0) + take
            stake = _match(rungs, take)
            if stake < 0.005:  # under a cent at stake (a 0.0001-share stub): nothing to warn about
                continue
            clear = buy.acquired + timedelta(days=win + 1)
            permanent = not is_taxable(buy.account)
            which = f"lot {buy.lot_id}" if buy.lot_id else "Transactions Buy row"
            warnings.append(TradeWarning(
                trade, WarningKind.SALE_WASHED_BY_RECENT_BUY,
                f"{buy.symbol} bought on {buy.acquired.isoformat()} ({buy.account}, {which})",
                buy.acquired, stake, clear, permanent,
                f"Selling {trade.symbol} at a loss on {trade.date.isoformat()} is washed by {take:g} "
                f"{buy.symbol} bought on {buy.acquired.isoformat()} in {buy.account}: ${cents(stake):,.2f} of "
                f"loss {'lost for good' if permanent else 'deferred'}. The {FIRST_DAY_TO_SELL} without this "
                f"purchase washing it is {first_trading_day(clear).isoformat()}"
                + _sell_the_purchase(buy, permanent, literal)))
        drip_held = [(acc, sym) for acc, sym in index.drip_positions.get(identity, ())
                     if held_after.get((acc, sym), held_by_position[(acc, sym)]) > QTY_EPS]
        for acc, sym in drip_held:
            stake = sum(q * per for q, per in sale_ladder)
            warnings.append(TradeWarning(
                trade, WarningKind.SALE_WASHED_BY_DRIP, f"{sym} held with DRIP on ({acc})", None,
                stake, None, not is_taxable(acc),
                f"Selling {trade.symbol} at a loss on {trade.date.isoformat()}: {sym} in {acc} has "
                f"dividend reinvestment on, and a reinvestment within {window_days(trade.date.year)} days would "
                f"wash part of the "
                f"${cents(stake):,.2f} loss. Turn DRIP off for {sym} in every account before selling."))
    return tuple(warnings)


def _loss_named(ev: _LossEvent, described: Optional[Mapping[int, str]]) -> str:
    """How a warning names the loss sale ``ev``: the caller's words for a planned sale (``described``,
    e.g. "rebalancing plan's dated sale of VTI lot T1 on 2026-12-07 (Taxable, Trades: Sales to wait
    for)"), else its symbol, date and account."""
    plan_step = (described or {}).get(id(ev.trade)) if ev.trade is not None else None
    if ev.planned:
        return plan_step or f"planned sale of {ev.symbol} on {ev.date.isoformat()} ({ev.account})"
    return f"{ev.symbol} sold at a loss on {ev.date.isoformat()} ({ev.account})"


def _match(rungs: list[list[float]], shares: float) -> float:
    """Loss on the next ``shares`` sold shares, taken in acquisition order (consumes ``rungs``).
    E.g. 90 shares losing $5 (bought first) then 60 losing $8.50: 3 replacement shares wash
    3 x $5 = $15.00 (an average, 960 / 150 x 3 = $19.20, would overstate it)."""
    out = 0.0
    for rung in rungs:
        if shares <= QTY_EPS:
            break
        take = min(shares, rung[0])
        out += take * rung[1]
        rung[0] -= take
        shares -= take
    return out


def _sell_the_purchase(buy: RecentPurchase, advantaged: bool, literal: bool = False) -> str:
    """The other way out, true for where the purchase sits. A taxable lot can be the sale instead
    (a lot is not its own replacement: wash.py reading 2). A tax-advantaged lot realizes nothing when
    sold, so it is no alternative sale; selling it *first* leaves no replacement shares held, which
    avoids the wash only under taxrebal's own reading 4 (wash.py): the regulations are silent. With
    ``literal`` (Settings Sold Recent Shares Wash = Y: shares "acquired" in the window wash even when
    sold first, IRC §1091(a)) that is no way out, and the note says so instead (fe15 F5)."""
    if not buy.lot_id:
        return "."
    if not advantaged:
        return f"; or sell lot {buy.lot_id} itself instead (its own shares do not wash its loss)."
    if literal:
        return (f". Selling lot {buy.lot_id} in {buy.account} first does not change this with Sold Recent Shares "
                f"Wash = Y (Settings): shares acquired within 30 days before the loss sale wash it even when sold "
                f"first (IRC §1091(a), read literally).")
    return (f"; or first sell lot {buy.lot_id} in {buy.account} (no tax there), so that no replacement "
            f"shares are held when you sell: taxrebal's reading, as the regulations are silent on "
            f"replacements sold before the loss sale.")

def _sold_earlier(sells: Sequence[tuple[str, str, float, Optional[dict[str, float]]]],
                  recent: Sequence[RecentPurchase]) -> dict[str, float]:
    """Purchase id -> shares of the recent purchases sold by the earlier sells of the list: such
    shares are no longer held and cannot wash the later loss sale (the wash engine's reading 4).
    A sell naming its lots relieves those; one naming none (a tax-advantaged sell) relieves the
    account's most recently bought shares first (the instruction the rebalancer gives)."""
    gone: dict[str, float] = {}
    for account, symbol, quantity, named in sells:
        if named is not None:
            for p in recent:
                if p.account == account and p.purchase_id in named:
                    gone[p.purchase_id] = gone.get(p.purchase_id, 0.0) + named[p.purchase_id]
            continue
        left = quantity
        for p in sorted((p for p in recent if p.account == account and p.symbol == symbol),
                        key=lambda p: p.acquired, reverse=True):
            take = min(left, p.shares - gone.get(p.purchase_id, 0.0))
            if take > 0:
                gone[p.purchase_id] = gone.get(p.purchase_id, 0.0) + take
                left -= take
    return gone
