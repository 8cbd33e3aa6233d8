"""Which tickets must fill before a ticket of *another* account: the order across accounts.

Orders lists each account's tickets in the order to place them, one block per account, because an
investor places them in one broker window per account. Within an account the Order column keeps the
plan's step order. Across accounts the plan's figures depend on the order in three cases only, and
these are the waits this module finds (taxrebal's reading of IRC §1091; each wait is stated on both
tickets, in its own table at the top of Orders and in the CSV files):

1. **Recent shares sold before a loss sale.** A sell of shares of a fund bought in the last 30 days
   (``Trade.first_lots``, typically in an IRA; or a taxable lot bought then, fe7 finding 2) comes
   before the plan's loss sale of the same fund, or
   one substantially identical (same Identical Group), in a taxable account, so that those shares are
   no longer held when the loss is realized (our reading: the regulations are silent on replacement
   shares sold before the loss sale). Placed the other way, the recent shares are still held and wash
   the loss: for good when they are in an IRA, 401(k), Roth or HSA (Rev. Rul. 2008-5), else deferred
   into their basis (IRC §1091(d)). The amount at stake is what those shares would wash: the loss
   sale's loss shares the plan leaves open (Lot Sales: its Wash Disallowed already washed the rest),
   earliest bought first, one per recent share (Treas. Reg. §1.1091-1(b), (e)): the matching of the
   wash engine, Lot Selection and the pre-trade check (``plan.open_loss_shares``). It is not the
   Harvest sheet's figure, which is a lot sold alone. E.g. the sample: 3 HSA shares against the
   Joint Brokerage VTI sale of B-03 ($5.00 a share, bought first) and B-04 ($8.50): $15.00.
2. **A washed loss realized again.** A taxable sell of shares whose basis carries a loss that an
   earlier step's loss sale of the same identity in another account washes (one of the plan's own
   matches, :attr:`Plan.wash_matches`; Wash Sales and Lot Sales show it) must come after that loss
   sale: the plan's gain, term and tax for it assume so. A basis carrying a loss washed before the
   plan (a sale on Transactions) depends on no ticket (fe16 F4).

3. **A purchase that replaces a past loss sale.** When a loss sale before As Of (on Transactions,
   in the last 30 days) still has loss shares no purchase has replaced, the plan's buys of that
   identity today wash them, in the order they are acquired (Treas. Reg. §1.1091-1(c)). The plan
   counts its taxable buys first (the loss moves into their basis, IRC §1091(d)); a buy of the
   identity in an IRA, 401(k), Roth or HSA that filled first would take those loss shares instead and
   lose their loss for good (Rev. Rul. 2008-5). So each such taxable buy must fill before the
   tax-advantaged buys of the identity in other accounts. At stake: the loss of as many of the
   replaced loss shares as the tax-advantaged buy holds. E.g. fe11's e_tanaka: 100 IEMG sold on
   2026-11-16 in Joint at a $700 loss; the plan buys 123.2413 IEMG in Joint (step 7, the $700
   deferred into them) and 154.2325 in the Roth (step 8): Joint's buy FIRST, the Roth's WAIT, $700.00
   at stake.

Worked example (the fe5 household): Trad IRA bought 10 VXUS on 2026-11-25; the plan sells them
(step 3) and harvests Brokerage's 200 VXUS bought at $70.00 at $65.00 (step 6, a $1,000 loss, $5.00
a share). Trad IRA #2 must fill before Brokerage #4: placed after it, the 10 IRA shares wash
10 x $5.00 = $50.00 of the loss for good. So the Trad IRA block is listed first, Brokerage #4 says
"WAIT for Trad IRA #2 (step 3)" and Trad IRA #2 says "FIRST: before Brokerage #4 (step 6)".

When accounts wait on each other both ways (a cycle), no order of account blocks is safe: every
ticket is then listed in Step order, and the sheet says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Mapping, Optional, Sequence

from ...engine.money import cents
from ...engine.plan import Plan, Trade, open_loss_shares
from ...engine.records import Action, Household
from ...engine.wash import window_days
from ...engine.wash_dates import FIRST_DAY_TO_BUY, buy_day, first_clear_day

if TYPE_CHECKING:  # pragma: no cover
    from .orders import OrderTicket

__all__ = ["CrossAccountWait", "cross_account_waits", "account_sequence"]


@dataclass(frozen=True)
class CrossAccountWait:
    """``first`` (a ticket) must fill before ``then`` (a ticket of another account) is placed."""

    first_account: str
    first_order: int
    first_step: int
    then_account: str
    then_order: int
    then_step: int
    why: str
    at_risk: Optional[float] = None  # loss washed (for good or deferred) if placed the other way
    after_close: bool = False  # ``first`` is a mutual fund: it fills at the close, ``then`` the next trading day
    #: ``then`` is a loss sale placed the next trading day: (first day you may buy counted from As Of, as
    #: every other sheet gives it; counted from the day it is placed), e.g. (2027-01-04, 2027-01-07)
    moved_first_day: tuple[date, date] | None = None

    @property
    def first_name(self) -> str:
        return f"{self.first_account} #{self.first_order} (step {self.first_step})"

    @property
    def then_name(self) -> str:
        return f"{self.then_account} #{self.then_order} (step {self.then_step})"


def cross_account_waits(tickets: Sequence["OrderTicket"], plan: Plan, household: Household,
                        as_of: date) -> tuple[CrossAccountWait, ...]:
    """Every pair of sell tickets in two accounts whose order the plan's figures depend on (see the
    module docstring), in step order of the ticket that must wait; ``as_of`` is the plan's date (its
    year's wash-sale window is the "last N days" the recent shares were bought in)."""
    window = window_days(as_of.year)
    identity = {s.symbol: s.identity for s in household.securities}
    taxable = {a.name: a.is_taxable for a in household.accounts}
    trade_of = {t.step: t for t in plan.trades}
    bought = {(lot.account, lot.lot_id): lot.acquired for lot in household.lots}
    # step -> [(purchase date, loss shares still open to a wash, loss per share)], earliest bought first
    loss: dict[int, list[tuple[date, float, float]]] = {}
    for s, shares, per in open_loss_shares(plan.lot_sales):
        loss.setdefault(s.step, []).append((bought.get((s.account, s.lot_id)) or s.acquired or date.min, shares, per))
    for ladder in loss.values():
        ladder.sort(key=lambda rung: rung[0])
    # step -> shares of a taxable sell bought in the last ``window`` days (their purchase date, not the
    # tacked one): sold before another account's loss sale of the identity, like ``first_lots``
    recent_taxable: dict[int, float] = {}
    for s in plan.lot_sales:
        day = bought.get((s.account, s.lot_id))
        if taxable.get(s.account) and day is not None and 0 <= (as_of - day).days <= window:
            recent_taxable[s.step] = recent_taxable.get(s.step, 0.0) + s.quantity
    sells = sorted((t for t in tickets if t.action is Action.SELL), key=lambda t: t.step)
    waits = []
    for b in sells:
        for a in sells:
            if a.step >= b.step or a.account == b.account:
                continue
            ident = identity.get(a.symbol, a.symbol)
            if ident != identity.get(b.symbol, b.symbol):
                continue
            wait = _recent_before_loss(a, b, trade_of.get(a.step), loss.get(b.step), taxable, ident, window,
                                       recent_taxable.get(a.step, 0.0))
            if wait is None and taxable.get(a.account) and taxable.get(b.account):
                wait = _washed_loss_sold_again(a, b, plan)
            if wait is not None:
                waits.append(wait)
    waits.extend(_replacement_buys_first(tickets, trade_of, identity, taxable))
    funds = {(t.account, t.order) for t in tickets if t.mutual_fund}
    waits = [_after_the_close(w, as_of, trade_of[w.then_step].placed_on if w.then_step in trade_of else None)
             if (w.first_account, w.first_order) in funds else w for w in waits]
    return tuple(sorted(waits, key=lambda w: (w.then_step, w.first_step)))


def _washed_loss_sold_again(a: "OrderTicket", b: "OrderTicket", plan: Plan) -> Optional[CrossAccountWait]:
    """Case 2: ``b`` sells replacement shares into whose basis the plan's own wash sale moves the loss
    ``a`` realizes (:attr:`Plan.wash_matches`: a's lot sold, b's lot taking the loss, IRC §1091(d)).
    A lot whose basis carries a loss washed before the plan (a sale on Transactions) depends on no
    ticket: fe16 F4, lot A02-W1 carrying a March sale's loss beside a plan sale of the identity that
    washes nothing. None when no such match exists."""
    sold_by_a = {x.lot_id for x in a.lots}
    sold_by_b = {x.lot_id for x in b.lots}
    matches = [m for m in plan.wash_matches
               if not m.permanent and m.account == a.account and (m.lot_id or "") in sold_by_a
               and m.replacement_account == b.account and m.replacement_lot in sold_by_b
               and m.basis_adjustment > 0.005]
    if not matches:
        return None
    named = "; ".join(f"{m.shares:g} shares of lot {m.replacement_lot} take in ${cents(m.basis_adjustment):,.2f} "
                      f"of the loss on lot {m.lot_id}" for m in matches)
    return CrossAccountWait(
        a.account, a.order, a.step, b.account, b.order, b.step,
        f"{b.account} #{b.order} sells shares whose basis carries the loss that {a.account} #{a.order} realizes: "
        f"{named} (Wash Sales: Wash sales in the rebalancing plan; IRC §1091(d)); the plan's gain, term and tax "
        f"for them assume that loss sale fills first")


def _after_the_close(wait: CrossAccountWait, as_of: date, placed: Optional[date]) -> CrossAccountWait:
    """A FIRST ticket in a mutual fund fills only at the day's closing net asset value (SEC Rule 22c-1), so
    the ticket waiting for it cannot be placed the same day: it is placed the next trading day, at that
    day's price (fe11 finding 12). When that ticket is a loss sale the plan already dates it that day
    (``placed``: ``Trade.placed_on``, engine/rebalance/placed_day.py), and every sheet counts its 30-day
    window from it (IRC §1091(a); fe11 finding 35): As Of Friday 2026-12-04, placed Monday 2026-12-07,
    first day you may buy 2027-01-07, not 2027-01-04."""
    why = (f"{wait.why}. {wait.first_account} #{wait.first_order} is a mutual fund: it fills at "
           f"the day's closing net asset value (SEC Rule 22c-1), so place {wait.then_account} "
           f"#{wait.then_order} the next trading day, once it has filled; that ticket's price, and the "
           f"settlement date of what it pays for, then differ from the plan's")
    moved = None
    if placed is not None:
        moved = (first_clear_day(as_of), first_clear_day(placed))
        why += (f"; its wash-sale dates count from the day it is placed, {placed.isoformat()} (Trades, Lot Sales, "
                f"Wash Sales, Issues and Dividends say so): buying {wait.then_account} #{wait.then_order}'s "
                f"fund or a substantially identical one in any account before {buy_day(moved[1])}, the "
                f"{FIRST_DAY_TO_BUY}, would wash its loss (IRC §1091(a)); placed later, count "
                f"{(moved[1] - placed).days} days from the day it fills")
    return replace(wait, after_close=True, why=why, moved_first_day=moved)


def _replacement_buys_first(tickets: Sequence["OrderTicket"], trade_of: Mapping[int, Trade],
                            identity: Mapping[str, str], taxable: Mapping[str, bool]) -> list[CrossAccountWait]:
    """Case 3 of the module docstring: a taxable buy the plan counts as replacing a past loss sale's
    open loss shares fills before a tax-advantaged buy of the identity in another account."""
    buys = sorted((t for t in tickets if t.action is Action.BUY), key=lambda t: t.step)
    out = []
    for a in buys:
        trade = trade_of.get(a.step)
        shares = getattr(trade, "replaces_past_loss_shares", 0.0) if trade is not None else 0.0
        if shares <= 1e-9 or not taxable.get(a.account) or trade is None:
            continue
        per_share = (trade.realized_st + trade.realized_lt) / shares
        ident = identity.get(a.symbol, a.symbol)
        for b in buys:
            if b.account == a.account or taxable.get(b.account) or identity.get(b.symbol, b.symbol) != ident:
                continue
            at_risk = cents(min(b.quantity, shares) * per_share)
            if at_risk <= 0.005:
                continue
            why = (f"{a.account} #{a.order} buys the {ident} shares the plan counts as replacing {shares:g} loss "
                   f"shares sold before As Of (their loss deferred into these shares' basis, IRC §1091(d)); if "
                   f"{b.account} #{b.order} fills first, its shares are acquired first and replace them instead "
                   f"(Treas. Reg. §1.1091-1(c)): ${cents(at_risk):,.2f} of that loss lost for good (a tax-advantaged "
                   f"account, Rev. Rul. 2008-5)")
            out.append(CrossAccountWait(a.account, a.order, a.step, b.account, b.order, b.step, why, at_risk))
    return out


def _recent_before_loss(a: "OrderTicket", b: "OrderTicket", trade: Optional[Trade],
                        loss: Optional[list[tuple[date, float, float]]], taxable: Mapping[str, bool], ident: str,
                        window: int, recent_taxable: float = 0.0) -> Optional[CrossAccountWait]:
    recent = sum(q for _lot, _day, q in getattr(trade, "first_lots", ()) or ()) + recent_taxable
    if recent <= 0 or not loss or not taxable.get(b.account):
        return None
    # The recent shares wash the loss sale's open loss shares earliest bought first (Treas. Reg.
    # §1.1091-1(b); as the wash engine and Lot Selection match them), each once (§1.1091-1(e)).
    left = min(recent, a.quantity)
    washed = 0.0
    for _bought, shares, per in loss:
        take = min(left, shares)
        washed += take * per
        left -= take
        if left <= 1e-9:
            break
    if washed <= 0.005:
        return None
    at_risk = cents(washed)
    how = ("for good (bought in a tax-advantaged account: Rev. Rul. 2008-5)" if not taxable.get(a.account)
           else "(deferred into their basis, IRC §1091(d))")
    tail = ""
    if recent_taxable > 0 and taxable.get(a.account):  # sold by this plan: the deferred loss comes back
        how = "into their basis (IRC §1091(d))"
        tail = (f"; {a.account} #{a.order} then realizes it again: the same total this year, but not the gains "
                f"and terms Trades and Lot Sales give both steps (IRC §1223(3))")
    why = (f"{a.account} #{a.order} sells the {ident} shares bought in the last {window} days; "
           f"if {b.account} #{b.order} fills first, they are still held at its loss sale and wash "
           f"${cents(at_risk):,.2f} of its loss {how}, its earliest-bought loss shares first (Treas. Reg. "
           f"§1.1091-1(b)){tail}")
    return CrossAccountWait(a.account, a.order, a.step, b.account, b.order, b.step, why, at_risk)


def account_sequence(accounts: Sequence[str], waits: Sequence[CrossAccountWait]) -> Optional[list[str]]:
    """The accounts in an order that places every ``first`` ticket's account before its ``then``
    ticket's (Accounts order otherwise); None when the waits form a cycle (no block order is safe)."""
    before: dict[str, set[str]] = {a: set() for a in accounts}
    for w in waits:
        if w.first_account in before and w.then_account in before:
            before[w.then_account].add(w.first_account)
    out: list[str] = []
    left = list(accounts)
    while left:
        ready = [a for a in left if before[a] <= set(out)]
        if not ready:
            return None
        out.append(ready[0])
        left.remove(ready[0])
    return out
