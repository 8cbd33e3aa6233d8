"""Loss sales made *before* As Of inside the 30-day window: what they leave for today's plan.

Rules (written from the law, not from taxrebal.engine.wash; IRC §1091(a), Reg. §1.1091-1, Pub 550
"Wash Sales", Rev. Rul. 2008-5):

* a Taxable Sell row dated in [As Of - 30 days, As Of), with a cost basis above its proceeds, is a
  *past loss sale*; its loss is in this year's result (Settings' Realized YTD are read as the year's
  sales before wash-sale adjustments, as the product's README says);
* the shares of its identity (symbol or Identical Group) acquired within 30 days before or after it,
  up to As Of, and still held (the Lots sheet), are its replacement shares: matched earliest acquired
  first, each share once (Reg. §1.1091-1(d), (e)), past sales in date order. A matched share's loss
  is disallowed: lost for good when it was bought in an IRA/401(k)/Roth/HSA (Rev. Rul. 2008-5); in a
  Taxable account it moves into the basis of the matched shares (§1091(d)) and their holding period
  includes the sold shares' (§1223(3)): a day held by both counts once, so shares bought after the
  sale count from their purchase less the days the sold shares were held, shares bought on or before
  it from the earlier of their purchase and the sold shares' (:func:`included_start`; inherited sold
  shares, no date: 400 days, long-term, §1223(9)); those shares become a lot piece of their own
  (:func:`ref_lots`: ``<lot id>-W1`` beside the rest of the lot, or the whole lot adjusted when every
  share matched), which replaces nothing more and whose sale today realizes the deferred loss;
* what is left unmatched is *open*: a purchase the plan makes today (within 30 days after the sale)
  replaces those shares, earliest sale first, and disallows their loss this year (same rules).

Every planref module reads a household's lots through :func:`ref_lots`.

Worked example of a Taxable match (tests/test_planref_history.py): 30 VEA (bought 2026-03-02) sold
2026-11-09 at $51 with a $1,800 basis ($270 loss, $9 a share), and 40 VEA bought in the Taxable
account on 2026-11-20 at $50 (lot T1, $2,000): 30 shares matched, $270 deferred into them: piece
T1-W1 (30 shares, basis $1,500 + $270, holding period from 2026-11-20 less the 252 days the sold
shares were held: from 2026-03-13, still short-term on 2026-11-25) and T1 (10 shares, $500). Selling
T1, then T1-W1, at $50 today realizes $0 and then a $270 short-term loss (no T1 share is left to
replace it).

So this year's result before the plan is Settings' Realized YTD plus the loss disallowed by the
matches already made (:func:`situation`), and the plan pays for the open shares its buys wash.

Worked example (tests/test_planref_history.py): 100 VEA sold 2026-11-09 at $51 (basis $60: $900
short-term loss); an IRA bought 40 VEA on 2026-11-20. As of 2026-11-25: 40 shares matched, $360 lost
for good, this year's ST result $360 higher than Settings says; 60 shares ($540) open: a plan buy of
100 VEA today washes $540 more, a buy of 10 washes $90.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Optional

from taxrebal.engine.records import Action, Household, Lot

from .tax_rules import Situation

__all__ = ["OpenLoss", "History", "history", "ref_lots", "situation"]

WINDOW = 30  # IRC §1091(a)


@dataclass(frozen=True)
class OpenLoss:
    """Loss shares of one past sale no purchase has replaced yet (a plan buy of its identity would)."""

    sold_on: date
    identity: str
    shares: float
    loss_per_share: float
    long_term: bool


@dataclass(frozen=True)
class History:
    disallowed_st: float = 0.0  # loss already disallowed by purchases made up to As Of
    disallowed_lt: float = 0.0
    #: lot id (a Taxable lot's piece id, :func:`ref_lots`) -> shares of it used as replacement shares
    #: for a past loss sale (they replace nothing more)
    consumed: dict[str, float] = field(default_factory=dict)
    open: tuple[OpenLoss, ...] = ()  # earliest sale first
    #: Taxable lot id -> its pieces (matched shares with the deferred loss in their basis, the rest)
    pieces: dict[str, tuple[Lot, ...]] = field(default_factory=dict)

    def open_for(self, identity: str) -> list[OpenLoss]:
        return [o for o in self.open if o.identity == identity]


def _long_term(acquired: date | None, sold: date) -> bool:
    if acquired is None:
        return True
    try:
        anniversary = acquired.replace(year=acquired.year + 1)
    except ValueError:  # Feb 29
        anniversary = acquired.replace(year=acquired.year + 1, day=28)
    return sold > anniversary


def history(h: Household) -> History:
    """The matching of the household's past loss sales (module docstring)."""
    secs = {s.symbol: s for s in h.securities}
    taxable = {a.name: a.is_taxable for a in h.accounts}
    as_of = h.as_of
    sales = sorted((t for t in h.transactions
                    if t.action is Action.SELL and as_of - timedelta(days=WINDOW) <= t.date < as_of
                    and taxable.get(t.account, True) and t.basis is not None
                    and t.basis > t.quantity * t.price + 1e-9),
                   key=lambda t: (t.date, t.account, t.symbol))
    consumed: dict[str, float] = {}
    st = lt = 0.0
    open_: list[OpenLoss] = []
    deferred: dict[str, list[tuple[float, float, date]]] = {}  # Taxable lot id -> (shares, loss, holding start)
    for t in sales:
        ident = secs[t.symbol].identity if t.symbol in secs else t.symbol
        per = (t.basis - t.quantity * t.price) / t.quantity
        term = _long_term(t.acquired, t.date)
        pool = sorted((lot for lot in h.lots
                       if lot.acquired is not None and not lot.inherited
                       and (secs[lot.symbol].identity if lot.symbol in secs else lot.symbol) == ident
                       and t.date - timedelta(days=WINDOW) <= lot.acquired <= t.date + timedelta(days=WINDOW)
                       and lot.acquired <= as_of and lot.lot_id != t.lot_id),
                      key=lambda lot: (lot.acquired, lot.lot_id))
        left = t.quantity
        for lot in pool:
            free = lot.quantity - consumed.get(lot.lot_id, 0.0)
            take = min(left, free)
            if take <= 1e-12:
                continue
            if taxable[lot.account]:  # §1091(d): the loss into these shares' basis; §1223(3): holding tacked
                deferred.setdefault(lot.lot_id, []).append(
                    (take, take * per, included_start(lot.acquired, t.acquired, t.date)))
            consumed[lot.lot_id] = consumed.get(lot.lot_id, 0.0) + take
            left -= take
            if term:
                lt += take * per
            else:
                st += take * per
            if left <= 1e-12:
                break
        if left > 1e-12:
            open_.append(OpenLoss(t.date, ident, left, per, term))
    pieces: dict[str, tuple[Lot, ...]] = {}
    for lot in h.lots:
        parts = deferred.get(lot.lot_id)
        if not parts:
            continue
        rest = lot.quantity - sum(q for q, _loss, _start in parts)
        unit = (lot.basis or 0.0) / lot.quantity
        if len(parts) == 1 and rest <= 1e-9:
            (q, loss, start), = parts
            pieces[lot.lot_id] = (replace(lot, wash_adjustment=lot.wash_adjustment + loss, adjusted_acquired=start),)
            continue
        del consumed[lot.lot_id]
        made = []
        for k, (q, loss, start) in enumerate(parts, start=1):
            made.append(replace(lot, lot_id=f"{lot.lot_id}-W{k}", quantity=q, basis=unit * q,
                                wash_adjustment=loss, adjusted_acquired=start))
            consumed[made[-1].lot_id] = q
        if rest > 1e-9:
            made.append(replace(lot, quantity=rest, basis=unit * rest))
        pieces[lot.lot_id] = tuple(made)
    return History(st, lt, consumed, tuple(open_), pieces)


def included_start(bought: date, sold_acquired: Optional[date], sold_on: date) -> date:
    """The day a replacement bought on ``bought`` counts its holding from, when it replaces shares
    acquired ``sold_acquired`` (None: inherited) and sold at a loss on ``sold_on`` (§1223(3): the sold
    shares' period is included in the replacement's, each day once). Bought after the sale: the two
    periods follow each other, ``bought`` less the days the sold shares were held (Pub 550's example);
    bought on or before the sale they overlap: the earlier start. Inherited (§1223(9)): 400 days.
    E.g. sold shares held 2025-06-02 to 2025-12-01 (182 days): bought 2025-12-11 -> 2025-06-12; bought
    2025-11-20 -> 2025-06-02."""
    if sold_acquired is None:
        return bought - timedelta(days=400)
    if bought > sold_on:
        return bought - (sold_on - sold_acquired)
    return min(bought, sold_acquired)


def ref_lots(h: Household) -> tuple[Lot, ...]:
    """The household's lots as this reference prices them: each Taxable lot a past loss sale washed into
    split into its matched shares (the deferred loss in their basis, the tacked holding period) and
    the rest (module docstring); every other lot as it is."""
    pieces = history(h).pieces
    return tuple(p for lot in h.lots for p in pieces.get(lot.lot_id, (lot,)))


def situation(h: Household) -> Situation:
    """This year's return before the plan: Settings, plus the loss the past matches disallowed."""
    sit = Situation.from_settings(h.settings)
    past = history(h)
    return replace(sit, ytd_st=sit.ytd_st + past.disallowed_st, ytd_lt=sit.ytd_lt + past.disallowed_lt)
