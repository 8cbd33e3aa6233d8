"""Records of a rebalancing plan: what :func:`taxrebal.engine.rebalance.plan_rebalance` returns.

A plan is a list of orders (:class:`Trade`) to place in ``step`` order (in each account the sells
come before the buys, so the buys are paid from cash the sells raise), the tax lots each taxable sell
relieves (:class:`LotSale`, the specific-identification instruction for the broker), and the
household's position before and after.

Worked example (the plan for a 60/40 household drifted to 70/30 with a big enough IRA): total
$100,000, stocks $70,000 (of which $40,000 in the IRA), bonds $30,000; the plan is
``Trade(step=1, account="IRA", symbol="VTI", action=SELL, amount=10_000, reason=TAX_ADVANTAGED)`` then
``Trade(step=2, account="IRA", symbol="BND", action=BUY, amount=10_000, reason=TAX_ADVANTAGED)``;
realized gains 0, tax 0, largest drift 10 points before and 0 after.

``tax`` is whatever :func:`taxrebal.engine.tax.marginal_tax` returns for the plan's realized gains
(the *true* extra federal + state tax, with brackets, netting and the $3,000 loss limit); the per-trade
``est_tax`` is the trade's exact marginal tax in step order (:mod:`taxrebal.engine.attribution`: tax
with steps 1..k minus tax with steps 1..k-1, in cents), so the column adds to ``tax`` to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Iterable, Mapping, Optional

from .carryforward_worth import CarryforwardRates
from .money import cents
from .records import Action, ProposedTrade
from .wash_records import RealizedSale, WashMatch

__all__ = ["Reason", "PlanStatus", "Trade", "LotSale", "WaitedSale", "Plan", "open_loss_shares", "shares_sold",
           "plan_as_proposed_trades"]


class Reason(str, Enum):
    """Why a trade is in the plan, in the order of preference the optimizer works through."""

    CONTRIBUTION = "Contribution"  # a buy paid from new money
    CASH = "Cash"  # a buy paid from cash already in the account
    TAX_ADVANTAGED = "Tax-advantaged"  # a trade inside an IRA/401(k)/Roth/HSA: no tax
    HARVEST = "Harvest"  # a taxable sell at a net loss, of a lot the Harvest sheet lists (engine/reasons.py)
    REPLACEMENT = "Replacement"  # a buy that keeps a harvested class invested (not identical)
    TAXABLE_SALE = "Taxable sale"  # a taxable sell to rebalance (a gain, or a loss below the Harvest
    # settings); never a buy's reason
    SALE_PROCEEDS = "Sale proceeds"  # a buy in a taxable account paid mostly by this account's sells


class PlanStatus(str, Enum):
    NOT_NEEDED = "No rebalance needed"  # every class already within its band
    WITHIN_BANDS = "Within bands"  # the plan brings every class within its band
    BUDGET_BINDS = "Tax budget binds"  # the budget stops the plan short; drift remains
    BEST_EFFORT = "Best effort"  # no plan reaches the bands (menus, cash, short-term gains)


@dataclass(frozen=True)
class ConservativeDate:
    """For a sell of recent shares placed before a loss sale they would wash (``Trade.first_lots``): the
    first day that loss sale is clear on the conservative reading, every recent purchase of the
    identity counted whether sold first or not (IRC §1091(a) 'has acquired'; any account, Rev. Rul.
    2008-5), and those purchases ("Sam HSA 2026-11-25"). Orders' ticket gives it (fe10 finding 3)."""

    sell_on: date
    purchases: tuple[str, ...] = ()


@dataclass(frozen=True)
class PastLossPart:
    """Loss shares of a sale before As Of that a plan purchase replaces (engine/rebalance/past_wash.py):
    ``shares`` of ``sale`` (a Form 8949 line), ``disallowed`` dollars of its loss."""

    sale: RealizedSale
    shares: float
    disallowed: float
    lost_for_good: bool


@dataclass(frozen=True)
class Trade:
    step: int
    account: str
    symbol: str
    action: Action
    quantity: float
    price: float
    amount: float  # quantity x price
    realized_st: float = 0.0
    realized_lt: float = 0.0
    est_tax: float = 0.0
    reason: Reason = Reason.CASH
    note: str = ""
    asset_class: str = ""
    #: A tax-advantaged sell that must relieve recently bought shares first, so that no shares of them
    #: are held when the plan's loss sale of the same identity comes (a later step): (Lot ID or "",
    #: purchase date, shares), most recent first. The broker's default (often FIFO) would sell the old
    #: shares and leave the recent ones to wash the loss, so Orders names these lots on the ticket.
    first_lots: tuple[tuple[str, Optional[date], float], ...] = ()
    #: ... and the first day the loss sale is clear on the conservative reading (None: no such sell)
    conservative: Optional[ConservativeDate] = None
    #: A taxable buy: the loss shares sold before As Of (still open to a wash) that the plan counts these
    #: shares as replacing (engine/rebalance/past_wash.py; its realized_st/lt are that loss taken back).
    #: The plan counts a taxable buy first, so a tax-advantaged buy of the identity must fill after it.
    replaces_past_loss_shares: float = 0.0
    #: ... each such sale (one Form 8949 line) with the loss shares of it these shares replace, the loss
    #: that disallows, and whether it is lost for good (a tax-advantaged buy, Rev. Rul. 2008-5)
    past_loss_parts: tuple[PastLossPart, ...] = ()
    #: A taxable loss sale that cannot be placed on As Of: the day it can be (engine/rebalance/placed_day.py;
    #: it waits for a mutual fund sold in another account to fill at the close, SEC Rule 22c-1). Its wash-sale
    #: window, on every sheet, counts from this day (IRC §1091(a)). None: placed on As Of.
    placed_on: Optional[date] = None

    def sale_day(self, as_of: date) -> date:
        """The day this trade is placed: :attr:`placed_on`, else ``as_of``."""
        return self.placed_on or as_of


@dataclass(frozen=True)
class LotSale:
    """One lot (or part of it) relieved by a taxable sell in the plan."""

    step: int
    account: str
    symbol: str
    lot_id: str
    acquired: Optional[date]  # the date that counts for the holding period
    quantity: float
    proceeds: float
    basis: float  # adjusted basis of the shares sold (wash-sale adjustments included)
    gain: float  # proceeds - basis
    long_term: bool
    wash_status: str  # plain words: "Clear", "Loss allowed: ...", "Basis includes a washed loss"
    disallowed: float = 0.0  # part of the loss a wash sale disallows (Form 8949 column (g), code W)
    inherited: bool = False  # Acquired = "Inherited": long-term whatever the dates (IRC §1223(9))
    #: a short-term gain lot's tax saved by selling it on its long-term date instead, in cents: the
    #: figure of the Trades note "would save $X" (engine/rebalance/explain.py short_term_waits), which
    #: Lot Selection's Wait Saving shows for the plan's own sale; None for other rows
    wait_saving: Optional[float] = None
    #: (proceeds, basis) in cents as Lot Sales shows them: the sale's proceeds and basis split across its
    #: lots so that they add up to its Trades Amount and its basis in cents (engine/sale_cents.py, fe13
    #: F15); None: each rounded alone. The fields above keep full precision (round at the edge).
    shown: Optional[tuple[float, float]] = None

    @property
    def reported_gain(self) -> float:
        """The gain that counts for tax: gain + disallowed loss (Form 8949 column (h))."""
        return self.gain + self.disallowed

    def in_cents(self) -> tuple[float, float, float, float, float]:
        """(proceeds, adjusted basis, gain, wash disallowed, reported gain) in cents, as Lot Sales and
        Form 8949 report them: proceeds, basis and disallowed each rounded to cents, gain = proceeds -
        basis, reported = gain + disallowed (columns (d) - (e) + (g) = (h); README "Money is shown in
        cents"). E.g. 7.8588 shares at $680 with a $720 basis a share: 5,343.984 -> 5,343.98 and
        5,658.3336 -> 5,658.34, gain -314.36 (not the unrounded -314.352). A row of a sale of several
        lots shows its share of the sale's split (:attr:`shown`), so the rows add up to the sale's Amount."""
        proceeds, basis = self.shown if self.shown is not None else (cents(self.proceeds), cents(self.basis))
        disallowed = cents(self.disallowed)
        gain = round(proceeds - basis, 2) + 0.0  # + 0.0: never -0
        return proceeds, basis, gain, disallowed, round(gain + disallowed, 2) + 0.0

    @property
    def reported_cents(self) -> float:
        """:attr:`reported_gain` as reported, in cents (:meth:`in_cents`): the figure every note uses."""
        return self.in_cents()[4]


@dataclass(frozen=True)
class WaitedSale:
    """A loss sale the plan does not make now but dates (engine/rebalance/window_wait.py): sold now, a
    recent purchase in an IRA, 401(k), Roth or HSA would wash ``kept`` of its loss for good (Rev. Rul.
    2008-5); sold on ``sell_on`` (still this tax year) none of it washes. Not a step of the plan: its
    figures are on top of the plan's trades and of the waited sales dated earlier (window_wait.py,
    ``price_in_date_order``; ``est_tax``: the tax with them and this sale minus the tax with them;
    ``better_than_now``: the same lots sold today, less the loss the recent purchases wash, minus this
    sale on ``sell_on``), at today's price. E.g. fe7 chen4: 300 VEA, sell on
    2026-12-21, realized ST -1,800, kept 600, est_tax -446.40, better_than_now 148.80."""

    account: str
    symbol: str
    lot_id: str
    quantity: float
    price: float
    sell_on: date
    realized_st: float
    realized_lt: float
    kept: float  # the loss selling now would lose for good
    est_tax: float
    better_than_now: float
    asset_class: str = ""
    identity: str = ""
    replacement: str = ""  # the fund to buy that day to stay in the class (not substantially identical)
    washing: tuple[str, ...] = ()  # "account on date" of the tax-advantaged purchases that would wash it now
    #: of its loss, what a purchase in a taxable account (``deferring``, "account on date") would wash
    #: now: not lost, added to those shares' basis (IRC §1091(d)); waiting keeps it in this year too
    deferred: float = 0.0
    deferring: tuple[str, ...] = ()
    drip: bool = False  # a holding of its identity reinvests dividends (a reinvestment would wash it)
    kept_rate: float = 0.0  # what a dollar of ``kept`` is worth later: the long-term rate on gains (tax.gains_rate)
    #: of ``kept``, what carries forward to later years (IRC §1212(b)) beyond what selling now carries: the
    #: part this year's return does not use (what it uses is in ``better_than_now`` already)
    kept_carried: float = 0.0
    #: a loss lot the plan does not sell today at all, since ``washing`` (recent purchases of its identity,
    #: or the plan's own purchase) would wash it (engine/rebalance/later_harvest.py): ``kept`` and
    #: ``better_than_now`` are 0, ``est_tax`` is what its loss takes off this year's tax
    later: bool = False
    #: what a dollar of ``kept_carried`` is worth later, in words: against a long-term gain (``kept_rate``)
    #: or ordinary income (engine/carryforward_worth.py); shown only (the $5.00 minimum uses ``kept_rate``)
    kept_rates: Optional[CarryforwardRates] = None

    @property
    def amount(self) -> float:
        return self.quantity * self.price


@dataclass(frozen=True)
class Plan:
    trades: tuple[Trade, ...]
    lot_sales: tuple[LotSale, ...]
    realized_st: float
    realized_lt: float
    tax: Any  # taxrebal.engine.tax.MarginalTax for (realized_st, realized_lt)
    before: Mapping[str, float]  # class values before the plan (Cash included)
    after: Mapping[str, float]  # class values after
    max_drift_before: float  # largest |weight - target| over the classes, fraction points
    max_drift_after: float
    cash_left: tuple[tuple[str, float], ...]  # (account, cash after the plan), Accounts order
    notes: tuple[str, ...]
    status: PlanStatus
    cost_to_remove_drift: Optional[float] = None  # least tax to reach the bands when the budget binds
    #: the wash engine's matches of the plan's loss sales with replacement shares (the pass behind Lot
    #: Sales' Wash Disallowed), in step order: a kept replacement lot's adjusted basis and holding start
    wash_matches: tuple[WashMatch, ...] = ()
    #: loss sales dated later in the tax year instead of made now (window_wait.py): not steps, not in totals
    waits: tuple[WaitedSale, ...] = ()

    @property
    def tax_total(self) -> float:
        return float(getattr(self.tax, "total", self.tax))

    @property
    def turnover(self) -> float:
        return sum(t.amount for t in self.trades)


def shares_sold(plan: "Plan") -> dict[tuple[str, str], float]:
    """(account, lot id) -> shares the plan's lot sales take from that lot (a lot may be sold in two steps)."""
    out: dict[tuple[str, str], float] = {}
    for s in plan.lot_sales:
        out[(s.account, s.lot_id)] = out.get((s.account, s.lot_id), 0.0) + s.quantity
    return out


def open_loss_shares(sales: Iterable[LotSale]) -> tuple[tuple[LotSale, float, float], ...]:
    """(lot sale, loss shares a purchase could still wash, loss per share) of ``sales``: each lot's
    shares sold at a loss less those the plan's own matching already washed (Wash Disallowed; a loss
    share is washed once, Treas. Reg. §1.1091-1(e)), at the loss per share of its adjusted basis.
    E.g. 4 shares losing $30 each with $90 disallowed: 1 share at $30 is open."""
    out = []
    for s in sales:
        if s.gain < -1e-3 and s.quantity > 1e-9:
            per_share = -s.gain / s.quantity
            left = s.quantity - s.disallowed / per_share
            if left > 1e-9:
                out.append((s, left, per_share))
    return tuple(out)


def plan_as_proposed_trades(plan: Plan, on: date) -> list[ProposedTrade]:
    """The plan's trades, in step order, as trades for the pre-trade wash-sale check, each taxable
    sell naming the lots the plan chose for it (so the check prices the plan's own lot sales) and the
    loss shares a later purchase could still wash: each lot's loss shares less those the plan's own
    matching already washed (Lot Sales' Wash Disallowed; a loss share is washed once, Treas. Reg.
    §1.1091-1(e)), at the loss per share of its adjusted basis (a basis that took in a loss the plan
    washed, IRC §1091(d), loses more). E.g. fe6 hh4: step 2 sells 4 QQQ losing $30 a share, $90
    washed by 3 recent shares: 1 share ($30) is open; step 3 sells those 3 shares at $25 a share
    (basis raised by the $90): 3 shares ($75) are open; a later buy of 5 QQQM washes $105."""
    lots: dict[int, list[tuple[str, float]]] = {}
    losses: dict[int, list[tuple[Optional[date], float, float]]] = {}
    for s in plan.lot_sales:
        lots.setdefault(s.step, []).append((s.lot_id, s.quantity))
        losses.setdefault(s.step, []).extend((sale.acquired, shares, per)
                                             for sale, shares, per in open_loss_shares((s,)))
    return [ProposedTrade(t.sale_day(on), t.account, t.symbol, t.action, t.quantity, t.price,
                          lots=tuple(lots.get(t.step, ())),
                          open_losses=tuple(losses[t.step]) if t.step in losses else None)
            for t in sorted(plan.trades, key=lambda t: t.step)]
