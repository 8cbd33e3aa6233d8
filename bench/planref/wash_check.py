"""The plan's true realized (ST, LT) this year, with the wash-sale rule applied share by share.

Rules (written from the law, not from taxrebal.engine.wash):

* Holding period (IRC §1222, §1223; Pub 544): long-term when sold after the first anniversary of the
  day after acquisition, i.e. on a date later than the anniversary itself (a Feb 29 purchase's
  anniversary is Feb 28); inherited shares are long-term (§1223(9)).
* Wash sale (IRC §1091(a); Reg. §1.1091-1; Pub 550): a loss on shares sold in a Taxable account is
  disallowed to the extent substantially identical shares (same symbol or Identical Group) were
  acquired, by purchase or dividend reinvestment, within 30 days before or after the sale, in any
  account of the household (Rev. Rul. 2008-5 for IRAs). Replacement shares:

  - lots acquired in [sale - 30 days, sale] that are *still held* when the sale is made: a plan step
    that sold them earlier removes them (Reg. §1.1091-1: shares no longer held cannot be "acquired
    and held" against the loss); a later step has not sold them yet, so they still count;
  - every buy of the plan (same day = inside the window);
  - never the very lot being sold (its own purchase is not a replacement for itself), nor another
    piece of the same purchase (:mod:`planref.history` splits a lot a past loss washed into: its
    ``-W1`` piece and the rest are one purchase, so selling the piece at a loss is not washed by the
    rest; the product's reading 2, README "Tax rules and their sources");
  - matched earliest-acquired first (Reg. §1.1091-1(d)); a share that replaced one loss is not used
    again (Reg. §1.1091-1(e)); loss sales are matched in step order, and within one step (one order)
    in the order the sold shares were acquired (Reg. §1.1091-1(b)); fewer replacement shares than
    loss shares: only that part of the loss is disallowed (Reg. §1.1091-1(c)).
* Effects this year: the disallowed loss is not deducted. It is added to a taxable replacement's
  basis, and the sold shares' holding period is included in the replacement's (§1091(d), §1223(3)):
  each day once, so a replacement held on the sale day counts from the earlier of its purchase and
  the sold shares' holding start, one bought after from its purchase less the days the sold shares
  were held (planref.history.included_start); a replacement in an
  IRA/401(k)/Roth/HSA loses it for good (Rev. Rul. 2008-5). If the plan later sells an adjusted
  replacement, its gain uses the adjusted basis and holding period (a chain), washed shares first.
* Tax-advantaged sells realize nothing; which shares they relieve matters only for the window, and
  the plan's own lot instructions say so (the benchmark reads a product sell in an IRA as relieving
  its most recently acquired shares first: the instruction the plan can give).

Worked example (Pub 550, "Wash Sales"): 100 shares bought for $1,000 and sold for $750; 100 shares
of the same stock bought 20 days later. The $250 loss is disallowed and the new shares' basis is
$1,050. In this module: the loss piece of 100 shares matches the 100 bought shares, ``disallowed``
is 250 and the replacement block carries +$2.50 a share.

Dated sales (``SellPiece.on``: a loss sale made on a later day this tax year, when a window has
cleared; planref.plans) come after every step of today, in date order, at today's price (the
reference, like the product's "Sales to wait for", prices them as of today): the window is the 30
days either side of *their* date, so a purchase made before As Of washes them only when it was
made within 30 days before that date and is still held (not sold by today's steps), and so does a
buy of today's plan (made on As Of) when the date is within 30 days of As Of. Their term is their
holding period on that date. Nothing else is acquired after As Of (dividend reinvestment assumed off)
but the **dated buys** (``BuyOrder.on``: the fund a dated sale's proceeds buy that day, planref.plans):
a purchase on day ``d`` replaces a loss sale of its identity made within 30 days before or after
``d`` (IRC §1091(a)), today's or dated, and a past loss sale's open shares when ``d`` is within 30
days after it; matched after every earlier acquisition (Reg. §1.1091-1(d)).

Worked example (tests/test_planref_dated_replacement.py): lot C, 10 Y bought 2025-06-02 for $600,
sold today at $50 (a $100 long-term loss); lot A of X dated 2026-12-16 and its $1,050 of proceeds
buying 21 Y that day, 21 days after C's sale: C's 10 shares are matched with 10 of them and its
whole $100 is disallowed (deferred into their basis, $0 this year).

Worked example (tests/test_planref_wash.py): 10 X bought 2026-03-02 for $1,500, sold at $105; 10 X
bought 2026-11-15 in the same Taxable account. Sold on As Of 2026-11-25 the $450 loss washes (the
2026-11-15 shares replace all 10); dated 2026-12-16 (2026-11-15 + 31 days) none of it does: a $450
short-term loss this year.

Loss sales made *before* As Of inside the window (:mod:`planref.history`): the shares their matches
already used replace nothing more (Reg. §1.1091-1(e)); a plan buy replaces their open shares first
(earlier sales are matched first), and the loss so disallowed counts in this year's result; a past
sale matched with Taxable shares made those shares a lot piece of their own, the deferred loss in
their basis (:func:`planref.history.ref_lots`). Lots bought in the window that are themselves at a
loss in a Taxable account are priced here but not modelled by :mod:`planref.optimum`, which refuses
such a household.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from taxrebal.engine.records import Household, Lot

from .history import history, included_start, ref_lots
from .plans import RefPlan

__all__ = ["WINDOW_DAYS", "Realized", "WashMatch", "in_window", "is_long_term", "realize"]

WINDOW_DAYS = 30  # IRC §1091(a): "within a period beginning 30 days before ... and ending 30 days after"


def anniversary(d: date) -> date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # Feb 29 -> Feb 28 of the next year
        return d.replace(year=d.year + 1, day=28)


def is_long_term(acquired: date | None, sold: date, inherited: bool = False) -> bool:
    if inherited or acquired is None:
        return True
    return sold > anniversary(acquired)


def in_window(acquired: date | None, sale: date) -> bool:
    return acquired is not None and sale - timedelta(days=WINDOW_DAYS) <= acquired <= sale + timedelta(days=WINDOW_DAYS)


@dataclass
class _Block:
    """Shares of one lot (or one plan buy) with the same basis adjustment and holding period."""

    owner: str  # lot id, or "buy:<step>"
    account: str
    taxable: bool
    identity: str
    acquired: date  # when bought (for the window and the matching order)
    holding_start: date | None  # for the holding period (tacked when washed)
    inherited: bool
    quantity: float
    extra_per_share: float = 0.0  # disallowed loss added to basis
    replaced: bool = False  # already used as a replacement (Reg. §1.1091-1(e))
    unit_cost: float = 0.0


@dataclass(frozen=True)
class WashMatch:
    step: int
    lot_id: str
    quantity: float
    disallowed: float
    replacement: str
    replacement_account: str
    permanent: bool


@dataclass(frozen=True)
class Realized:
    st: float  # allowed short-term gain (negative = loss) of the plan
    lt: float
    disallowed: float
    matches: tuple[WashMatch, ...] = field(default=())
    #: replacement (lot id, or "buy:<step>:<symbol>") -> loss added to its basis (taxable ones only)
    basis_added: dict[str, float] = field(default_factory=dict)
    #: lots whose sale realized a short-term gain (after any basis adjustment): with Allow Short-Term
    #: Gains = N the contract allows them only while the year's net short-term result stays a loss
    short_term_gains: tuple[str, ...] = ()
    #: part of ``disallowed`` realized again this year by selling the adjusted replacement (chains)
    recovered: float = 0.0

    @property
    def washed_beyond_this_year(self) -> float:
        """Disallowed loss deferred to a later year or lost (IRA replacement): worth $0 now."""
        return self.disallowed - self.recovered


def realize(h: Household, plan: RefPlan) -> Realized:
    past = history(h)
    as_of = h.as_of
    secs = {s.symbol: s for s in h.securities}
    taxable = {a.name: a.is_taxable for a in h.accounts}
    lots: dict[str, Lot] = {lot.lot_id: lot for lot in ref_lots(h)}
    blocks: dict[str, list[_Block]] = {}
    for lot in lots.values():
        unit = (lot.basis + lot.wash_adjustment) / lot.quantity if lot.basis is not None else 0.0
        acquired = lot.acquired or date.min
        used = min(lot.quantity, past.consumed.get(lot.lot_id, 0.0))  # replaced a past loss sale already
        blocks[lot.lot_id] = [_Block(lot.lot_id, lot.account, taxable[lot.account], secs[lot.symbol].identity,
                                     acquired, lot.holding_start, lot.inherited, lot.quantity - used, unit_cost=unit,
                                     replaced=lot.inherited)]
        if used > 0:  # sold after the unused shares (the instruction a plan would give: keep the used ones)
            blocks[lot.lot_id].append(_Block(lot.lot_id, lot.account, taxable[lot.account],
                                             secs[lot.symbol].identity, acquired, lot.holding_start, lot.inherited,
                                             used, unit_cost=unit, replaced=True))
    # today's buys are made on As Of, a dated buy (a dated sale's replacement) on its day: acquisition order
    buys = [_Block(f"buy:{b.step}:{b.symbol}", b.account, taxable[b.account], secs[b.symbol].identity,
                   b.on or as_of, b.on or as_of, False, b.quantity, unit_cost=secs[b.symbol].price)
            for b in sorted(plan.buys, key=lambda b: (b.on or as_of, b.step))]
    st = lt = disallowed = 0.0
    matches: list[WashMatch] = []
    # the plan's buys replace the past loss sales' open shares first (earlier sales are matched first)
    for o in past.open:
        left = o.shares
        for b in list(buys):
            if (b.identity != o.identity or b.replaced or b.quantity <= 1e-12 or left <= 1e-12
                    or not in_window(b.acquired, o.sold_on)):
                continue
            m = min(left, b.quantity)
            left -= m
            dis = m * o.loss_per_share
            disallowed += dis
            if o.long_term:
                lt += dis
            else:
                st += dis
            matches.append(WashMatch(0, f"sold {o.sold_on.isoformat()}", m, dis, b.owner, b.account, not b.taxable))
            b.quantity -= m
            buys.append(_Block(b.owner, b.account, b.taxable, b.identity, b.acquired, b.holding_start, False, m,
                               o.loss_per_share if b.taxable else 0.0, True, b.unit_cost))

    purchase = {piece.lot_id: lot_id for lot_id, pieces in past.pieces.items() for piece in pieces}

    def replacements(identity: str, sold_lot: str, sold_on: date) -> list[_Block]:
        own = purchase.get(sold_lot, sold_lot)
        pool = [b for bl in blocks.values() for b in bl
                if b.identity == identity and purchase.get(b.owner, b.owner) != own and not b.replaced
                and b.quantity > 1e-12
                and not b.inherited and in_window(b.acquired, sold_on)]
        pool.sort(key=lambda b: (b.acquired, b.owner))
        return pool + [b for b in buys if b.identity == identity and not b.replaced and b.quantity > 1e-12
                       and in_window(b.acquired, sold_on)]

    added: dict[str, float] = {}
    st_gain_lots: list[str] = []
    recovered = 0.0
    # today's steps in step order, then the dated sales in date order
    pieces = sorted(plan.sells, key=lambda p: (p.on or as_of, p.step, lots[p.lot_id].holding_start or date.min,
                                               p.lot_id))
    for p in pieces:
        sold_on = p.on or as_of
        lot = lots[p.lot_id]
        price = secs[lot.symbol].price
        need = p.quantity
        # within a lot, washed (adjusted) shares go first, then the rest in block order
        lot_blocks = sorted(blocks[p.lot_id], key=lambda b: -b.extra_per_share)
        for blk in lot_blocks:
            if need <= 1e-12:
                break
            q = min(need, blk.quantity)
            if q <= 0:
                continue
            need -= q
            blk.quantity -= q
            if not blk.taxable:
                continue
            gain = q * (price - blk.unit_cost - blk.extra_per_share)
            recovered += q * blk.extra_per_share  # a washed loss in this block's basis, realized again
            long_term = is_long_term(blk.holding_start, sold_on, blk.inherited)
            if gain < 0:
                loss_per_share = -gain / q
                left = q
                for rep in replacements(blk.identity, p.lot_id, sold_on):
                    if left <= 1e-12:
                        break
                    m = min(left, rep.quantity)
                    left -= m
                    dis = m * loss_per_share
                    disallowed += dis
                    gain += dis
                    matches.append(WashMatch(p.step, p.lot_id, m, dis, rep.owner, rep.account, not rep.taxable))
                    if rep.taxable:
                        added[rep.owner] = added.get(rep.owner, 0.0) + dis
                    _adjust(rep, m, loss_per_share if rep.taxable else 0.0, blk, sold_on, blocks, buys)
            if long_term:
                lt += gain
            else:
                st += gain
                if gain > 1e-9:
                    st_gain_lots.append(p.lot_id)
        if need > 1e-6:
            raise ValueError(f"lot {p.lot_id}: sells more than it holds")
    return Realized(st, lt, disallowed, tuple(matches), added, tuple(st_gain_lots), recovered)


def _adjust(rep: _Block, m: float, extra: float, sold: _Block, sold_on: date,
            blocks: dict[str, list[_Block]], buys: list[_Block]) -> None:
    """Split ``m`` shares off ``rep`` as a used (replaced) block with the loss in its basis and the sold
    shares' holding period included in its own (§1223(3), :func:`planref.history.included_start`: a
    replacement held on the sale day counts from the earlier of the two starts, one bought later from
    its purchase less the days the sold shares were held)."""
    start = rep.holding_start
    if rep.taxable:
        start = included_start(rep.acquired, None if sold.inherited else sold.holding_start, sold_on)
    used = _Block(rep.owner, rep.account, rep.taxable, rep.identity, rep.acquired, start, False, m,
                  rep.extra_per_share + extra, True, rep.unit_cost)
    rep.quantity -= m
    home = blocks.get(rep.owner)
    (home if home is not None else buys).append(used)
