"""Tax-loss (and tax-gain) harvesting candidates across the household.

**Loss harvesting.** Selling a taxable-account lot whose value is below its adjusted basis (after
wash-sale adjustments, IRC §1091(d)) realizes a capital loss. It first offsets this year's gains of
the same character, then of the other, then up to $3,000 of ordinary income ($1,500 married filing
separately); the rest carries forward (IRC §1211(b), §1212(b); Pub 550 "Capital Losses"). So the
*real* benefit this year is the household's tax with the loss minus its tax without, computed by
:func:`taxrebal.engine.tax.marginal_tax` on the whole return, and the rest is the carryforward it
creates. A candidate is a taxable lot whose unrealized loss is at least ``Settings.harvest_min_loss``
dollars **and** ``Settings.harvest_min_loss_pct`` of its adjusted basis.

The proceeds are reinvested in a replacement that keeps the exposure without being substantially
identical (Pub 550 "Wash Sales"): the first ``Security.replacements`` entry that is on the Securities
sheet, outside the sold security's identity group, not on the Do Not Buy list (buying it would wash
another recent loss) and buyable in that account (``household.may_buy``).

Wash-sale status of a candidate: shares of the same identity bought in the last 30 days and still
held in any account (not the candidate lot itself, not already used as replacements) would wash the
loss: "Blocked; first day you may sell D" when they cover the whole lot (D = last such purchase + 31
days, the first day a sale is no longer washed: :mod:`taxrebal.engine.wash_dates`), "Partial: N of M
shares would be washed by recent purchases" otherwise.
Only the part that would not be washed counts in the benefit. A holding of the identity with DRIP on
in any account is noted: its next reinvestment would wash part of the loss.

Worked example (2026, single, ordinary income $100,000, standard deduction $16,100, $5,000 of
long-term gains realized this year, no state tax): a lot with basis $10,000 worth $8,000 is a $2,000
loss (20%). Short-term or long-term, it offsets $2,000 of the long-term gain taxed at 15%: tax saved
this year $300, carryforward $0. A $12,000 loss instead offsets the $5,000 gain ($750) and $3,000 of
ordinary income at 22% ($660): $1,410 saved, $4,000 carried forward.

**Gain harvesting.** Long-term gains that fall in the 0% bracket of IRC §1(h)(1)(B) cost no federal
tax; realizing them (and buying back at once: the wash-sale rule does not apply to gains) raises the
basis for free, except a fund on the Do Not Buy list: buying it back within 30 days of a loss sale of
it washes that loss (IRC §1091(a)), so its lots say the first day to buy it back. The room is found
with the tax engine itself: the largest extra long-term gain no dollar of which is taxed above 0%.
Its first dollars offset this year's net capital loss and carryovers (IRC §1222 netting): untaxed,
but a loss they use no longer reduces ordinary income (IRC §1211(b); reported, with what that costs)
or future gains and ordinary income (reported as "carryforward used", priced both ways:
engine/carryforward_worth.py). E.g. single, ordinary income $60,000, a $240
long-term loss this year: $240 + ($49,450 - $43,900) = $5,790 of room, federal tax $28.80 (the $240
deduction at 12%). Lots are chosen by the most gain per dollar sold first, the last one partly
(whole shares when ``Settings.whole_shares``, except a mutual fund's); the state tax they still cost
is reported.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Callable, Mapping, Optional, Sequence

from . import params
from .carryforward_worth import CarryforwardRates
from .harvest_together import LossLot, harvestable_together
from .holding import is_long_term, term_label
from .kept_wash import RecentShares
from .money import EPS, QTY_EPS, cents, shares_down
from .records import Household, Lot, Security
from .tax import TaxBreakdown, TaxProfile, compute_tax, marginal_tax
from .taxable_withdrawals import Withdrawal, taxable_withdrawals, withdrawal_note, withdrawal_reminder
from .wash import (
    WashResult,
    adjust_lots,
    identity_map,
    purchase_id,
    window_days,
)
from .wash_dates import FIRST_DAY_TO_BUY, FIRST_DAY_TO_SELL, buy_day, first_trading_day
from .wash_queries import DoNotBuy, RecentPurchase, do_not_buy, recent_purchases

#: the Do Not Buy reason's DRIP advice (wash_queries.do_not_buy), left out of the gain harvest's buy-back note
_DRIP_CLAUSE = re.compile(r"; DRIP is on for [^;]*?turn DRIP off before then")

__all__ = [
    "HarvestCandidate",
    "HoldingHarvest",
    "GainLot",
    "GainHarvest",
    "HarvestScan",
    "harvest_candidates",
    "gain_harvest",
]


@dataclass(frozen=True)
class HarvestCandidate:
    """One lot worth harvesting. ``loss`` is positive; ``harvestable_loss`` the part a sale today
    would realize (not washed by recent purchases). ``tax_saved`` and ``carryforward_created`` are
    for selling this lot alone (the harvestable part)."""

    account: str
    symbol: str
    lot_id: str
    acquired: Optional[date]
    holding_start: Optional[date]
    quantity: float
    basis: float
    value: float
    loss: float
    loss_pct: float
    long_term: bool
    tax_saved: float
    carryforward_created: float
    replacement: str
    wash_status: str
    washed_shares: float
    harvestable_loss: float
    note: str = ""
    inherited: bool = False  # Acquired = "Inherited": long-term whatever the dates (IRC §1223(9))
    #: listed replacements skipped because buying them today washes a recent loss (the Do Not Buy list)
    blocked_replacements: tuple[str, ...] = ()

    @property
    def term(self) -> str:
        return term_label(self.long_term)


@dataclass(frozen=True)
class HoldingHarvest:
    """All candidates of one (account, symbol) harvested together (benefit computed jointly)."""

    account: str
    symbol: str
    lots: int
    shares: float
    loss: float
    tax_saved: float
    carryforward_created: float


@dataclass(frozen=True)
class GainLot:
    account: str
    symbol: str
    lot_id: str
    acquired: Optional[date]
    quantity: float  # shares to sell (part of the lot when it does not fit whole)
    lot_quantity: float
    basis: float  # basis of the shares to sell
    value: float
    gain: float
    inherited: bool = False  # Acquired = "Inherited" (IRC §1223(9))
    #: the fund is on the Do Not Buy list: buying it back before this day washes that loss (IRC §1091(a))
    first_day_to_buy: Optional[date] = None
    do_not_buy_reason: str = ""  # the Do Not Buy list's reason (its sales at a loss), when ``first_day_to_buy``


@dataclass(frozen=True)
class GainHarvest:
    """Long-term gains that cost 0 federal tax this year. ``room`` is the largest extra LT gain with zero
    federal tax; ``lots`` fill it; ``federal_tax`` is the tax engine's figure for them (0 up to rounding),
    ``state_tax`` what the state still takes, ``carryforward_used`` the loss carryforward the gains absorb."""

    room: float
    lots: tuple[GainLot, ...]
    total_gain: float
    federal_tax: float
    state_tax: float
    carryforward_used: float
    note: str = ""
    loss_offset: float = 0.0  # the first part of ``room``, which offsets this year's losses (not 0%-taxed gain)
    #: withdrawals from tax-deferred accounts (taxable income not added to Ordinary Income,
    #: :mod:`.taxable_withdrawals`) and the room had Ordinary Income left them out
    withdrawals: tuple[Withdrawal, ...] = ()
    room_if_withdrawals_added: float = 0.0
    withdrawal_note: str = ""  # the Harvest sheet's sentence about them
    #: what a dollar of ``carryforward_used`` is worth later, against a long-term gain or ordinary income
    #: (:mod:`taxrebal.engine.carryforward_worth`, the Harvest notes' and the rebalancer's words)
    carryforward_rates: CarryforwardRates | None = None
    room_uses_carryforward: bool = False  # gains filling ``room`` would use up loss carryforward: not "at 0%"

    def carryforward_words(self) -> str:
        """"$15,000.00 of loss carryforward, worth about $3,720.00 of tax later if it offsets a long-term
        gain (24.8%), or ... if it offsets ordinary income, ..." (CarryforwardRates.words), or "" when they
        use none."""
        if cents(self.carryforward_used) <= 0.0:
            return ""
        worth = (", " + self.carryforward_rates.words(self.carryforward_used)
                 if self.carryforward_rates is not None else "")
        return f"${cents(self.carryforward_used):,.2f} of loss carryforward{worth}"

    def headline(self) -> str:
        """What the gains cost, in the words the console and the Harvest sheet share: "at 0% federal"
        only when the federal tax is nil (rounded to cents) and they use up no loss carryforward;
        otherwise the tax, which is what the capital losses they use up were worth (the net capital
        gain itself is taxed at 0%), and the carryforward they use up with what it is worth later: a
        gain that costs $0.00 now only because it shrinks the carryforward is not free (IRC §1212(b);
        the rule of engine/rebalance/carryforward_kept.py). Example (fe11's Haddad, MFS, no 0% room
        left): "$15,000 of long-term gains can be realized for $0.00 federal this year, but they use up
        $15,000.00 of loss carryforward, worth about $3,720.00 of tax later if it offsets a long-term
        gain (24.8%), or ... if it offsets ordinary income, up to $1,500 a year (10 years ...) ..."."""
        spent = self.carryforward_words()
        if spent:
            fed = (f"${cents(self.federal_tax):,.2f} federal this year (the losses they use up)"
                   if cents(self.federal_tax) != 0.0 else "$0.00 federal this year")
            line = f"${self.total_gain:,.0f} of long-term gains can be realized for {fed}, but they use up {spent}"
        elif cents(self.federal_tax) == 0.0:
            line = f"${self.total_gain:,.0f} of long-term gains can be realized at 0% federal"
        else:
            line = (f"${self.total_gain:,.0f} of long-term gains can be realized for ${cents(self.federal_tax):,.2f} "
                    f"federal (the losses they use up; the rest at 0%)")
        return line + withdrawal_reminder(self.withdrawals, self.room_if_withdrawals_added)

    def buy_back_note(self) -> str:
        """When to buy the sold funds back. A gain sale itself is never washed (IRC §1091(a) disallows
        losses), so a fund may be bought back at once to keep the exposure and the higher basis; but a
        fund on the Do Not Buy list (a loss sold in the last 30 days, or by the plan, still open) may
        not: buying it back, in any account, is a purchase of substantially identical shares within 30
        days of that loss sale, and washes it (IRC §1091(a), §1091(d)). Example (fe11's Reyes): the plan
        harvests VTI lot D2 at a $750 loss; the gain harvest sells VTI lot D1: "Buying VTI (VTI sold at a
        loss on 2026-11-10 ...) back right away would wash a loss: it is on the Do Not Buy list, and buying
        it ... before 2027-01-04 washes the loss (IRC §1091(a)); buy it back from 2027-01-04, the first day you may buy,
        or until then a fund that is not substantially identical"."""
        free = sorted({lot.symbol for lot in self.lots if lot.first_day_to_buy is None})
        by_day: dict[date, dict[str, str]] = {}
        for lot in self.lots:
            if lot.first_day_to_buy is not None:
                by_day.setdefault(lot.first_day_to_buy, {})[lot.symbol] = _DRIP_CLAUSE.sub("", lot.do_not_buy_reason)
        if not by_day:
            return "Buy the same fund back right away to raise its basis (the wash-sale rule only applies to losses)"
        parts = []
        if free:
            parts.append(f"Buy {', '.join(free)} back right away to raise {'its' if len(free) == 1 else 'their'} "
                         "basis (the wash-sale rule only applies to losses)")
        for day, funds in sorted(by_day.items()):
            named = " or ".join(f"{sym} ({why})" for sym, why in sorted(funds.items()))
            # what a purchase does, not an order: the law forbids no trade, it disallows the loss (fe15 F13e)
            parts.append(f"{'but buying' if parts else 'Buying'} {named} back right away would wash a loss: "
                         f"{'it is' if len(funds) == 1 else 'they are'} on the Do Not Buy list, and buying "
                         f"{'it' if len(funds) == 1 else 'one'}, or a substantially identical fund, in any account "
                         f"before {day.isoformat()} washes the loss (IRC §1091(a)); buy it back from "
                         f"{buy_day(day)}, the {FIRST_DAY_TO_BUY}, or until then a fund that is not "
                         "substantially identical")
        return "; ".join(parts)


@dataclass(frozen=True)
class HarvestScan:
    """``together`` is every listed candidate harvested at once (one wash-sale matching of them all,
    :mod:`.harvest_together`), priced exactly on the whole return: the household total. Each
    candidate's own ``tax_saved`` is for that lot alone, so the rows do not add up to it (netting, the
    $3,000 limit, and recent shares washing each loss share once)."""

    candidates: tuple[HarvestCandidate, ...]
    holdings: tuple[HoldingHarvest, ...]
    gains: GainHarvest
    do_not_buy: tuple[DoNotBuy, ...]
    wash_window_days: int  # the wash-sale window of the scan's date (``wash_sale.window_days``)
    together: Optional[HoldingHarvest] = None
    capital_loss_limit: float = 3000.0  # IRC §1211(b): the return's limit ($1,500 married filing separately)

    @property
    def total_tax_saved(self) -> float:
        return sum(c.tax_saved for c in self.candidates)

    def summary(self, gains: Optional[GainHarvest] = None) -> str:
        """The console's line and the Harvest sheet's first note (one text); ``gains`` is the 0% gain
        harvest the sheet shows (on top of the plan after a rebalance), else this scan's own."""
        shown = gains if gains is not None else self.gains
        n = len(self.candidates)
        if n == 0:
            line = "No tax-loss harvesting candidates"
        else:
            # Every candidate sold together (the Household total): recent shares wash each loss share once.
            loss = self.together.loss if self.together is not None else sum(
                c.harvestable_loss for c in self.candidates)
            line = f"{n} harvest candidate{'s' if n != 1 else ''}, ${loss:,.0f} of harvestable losses"
        after_plan = gains is not None and gains is not self.gains
        if n and after_plan and shown.total_gain > EPS:
            line += " (each sold alone today, without the plan)"
        if shown.total_gain > EPS:
            # fe15 F13g: the gains are counted on top of the plan, the candidates without it: said apart
            line += "; " + ("on top of the plan on Trades, " if after_plan else "") + shown.headline()
        return line


# ------------------------------------------------------------------------------------------------


#: ``saved(st_loss, lt_loss) -> (tax saved, carryforward created)`` (:func:`_tax_functions`).
SavedFn = Callable[[float, float], tuple[float, float]]


def _tax_functions(profile: TaxProfile) -> tuple[SavedFn, TaxBreakdown]:
    """(saved(st_loss, lt_loss) -> (tax saved, carryforward created)) using the tax engine, memoised
    on cents because many lots share nothing but the engine is the only source of truth."""
    before = compute_tax(profile)
    cf_before = before.st_carryforward_out + before.lt_carryforward_out
    cache: dict[tuple[float, float], tuple[float, float]] = {}

    def saved(st_loss: float, lt_loss: float) -> tuple[float, float]:
        key = (round(st_loss, 2), round(lt_loss, 2))
        hit = cache.get(key)
        if hit is None:
            after = compute_tax(profile, -key[0], -key[1])
            hit = (before.total - after.total,
                   after.st_carryforward_out + after.lt_carryforward_out - cf_before)
            cache[key] = hit
        return hit

    return saved, before


def _single_character_curve(saved: SavedFn, losses: Sequence[float],
                            long_term: bool) -> dict[float, tuple[float, float]]:
    """``saved`` for many single-character losses (rounded to cents), with few engine calls.

    Tax saved and carryforward are piecewise-linear in the loss (brackets, netting and the $3,000
    limit each add one kink). Over the sorted losses, a range whose two ends, their neighbours and
    its middle all lie on one line (to a millionth of a dollar) is linear between them and is
    interpolated; any other range is split in two, so the engine is called around every kink.
    """
    xs = sorted({round(x, 2) for x in losses})
    values: dict[int, tuple[float, float]] = {}

    def at(i: int) -> tuple[float, float]:
        if i not in values:
            values[i] = saved(0.0, xs[i]) if long_term else saved(xs[i], 0.0)
        return values[i]

    def on_line(i: int, j: int, probes: Sequence[int]) -> bool:
        (a0, a1), (b0, b1) = at(i), at(j)
        span = xs[j] - xs[i]
        for k in probes:
            t = (xs[k] - xs[i]) / span
            v0, v1 = at(k)
            if abs(v0 - (a0 + t * (b0 - a0))) > 1e-6 or abs(v1 - (a1 + t * (b1 - a1))) > 1e-6:
                return False
        return True

    def fill(i: int, j: int) -> None:
        if j - i <= 4:
            for k in range(i + 1, j):
                at(k)
            return
        m = (i + j) // 2
        if on_line(i, j, (i + 1, m, j - 1)):
            (a0, a1), (b0, b1) = at(i), at(j)
            span = xs[j] - xs[i]
            for k in range(i + 1, j):
                if k not in values:
                    t = (xs[k] - xs[i]) / span
                    values[k] = (a0 + t * (b0 - a0), a1 + t * (b1 - a1))
            return
        at(m)
        fill(i, m)
        fill(m, j)

    if xs:
        at(0)
        at(len(xs) - 1)
        fill(0, len(xs) - 1)
    return {x: values[i] for i, x in enumerate(xs)}


def _recent_purchases(bought: Mapping[str, Sequence[RecentPurchase]], household: Household
                      ) -> dict[str, list[tuple[date, str, float, bool]]]:
    """Identity -> [(acquired, purchase id, shares still free to be replacements, bought in a
    tax-advantaged account)], earliest first, from
    :func:`taxrebal.engine.wash_queries.recent_purchases`."""
    taxable = {a.name for a in household.accounts if a.is_taxable}
    return {ident: [(p.acquired, p.purchase_id, p.shares, p.account not in taxable) for p in items]
            for ident, items in bought.items()}


def _recent_shares(bought: Mapping[str, Sequence[RecentPurchase]], household: Household
                   ) -> dict[str, tuple[RecentShares, ...]]:
    """The same purchases as :class:`~taxrebal.engine.kept_wash.RecentShares`, with what each open lot
    holds (a candidate sold with them is no longer a replacement), for :mod:`.harvest_together`."""
    taxable = {a.name for a in household.accounts if a.is_taxable}
    held: dict[tuple[str, str], float] = {}
    for lot in household.lots:
        held[(lot.account, lot.lot_id)] = held.get((lot.account, lot.lot_id), 0.0) + lot.quantity
    return {ident: tuple(RecentShares(p.lot_id, p.account, p.symbol, p.acquired, p.shares, p.account in taxable,
                                      p.purchase_id, held.get((p.account, p.lot_id)) if p.lot_id else None)
                         for p in items)
            for ident, items in bought.items()}


def _wash_status(lot: Lot, recent: list[tuple[date, str, float, bool]], win: int
                 ) -> tuple[str, float, Optional[date], float]:
    """(status text, shares of the lot a sale today would see washed, last day any would be, how
    many of those shares are washed by purchases in a tax-advantaged account: lost for good).

    Shares bought in the window washing the lot: all of them -> "Blocked; first day you may sell D",
    some -> "Partial: N of M shares ...", where D is the latest such purchase + 31 days (the first day a
    sale is clear; ``last_day`` returned is D - 1, the window's last day). The earliest purchases
    are the replacements (Reg. §1.1091-1(d)), as the wash engine matches them."""
    own = purchase_id(lot)
    others = [(d, lid, q, adv) for d, lid, q, adv in recent if lid != own]
    if not others:
        return "Clear", 0.0, None, 0.0
    washed = min(sum(q for _, _, q, _ in others), lot.quantity)
    left, for_good = washed, 0.0
    for _d, _lid, q, adv in others:
        take = min(q, left)
        left -= take
        for_good += take if adv else 0.0
    last_day = max(d for d, _, _, _ in others) + timedelta(days=win)
    if washed >= lot.quantity - QTY_EPS:
        sell_on = first_trading_day(last_day + timedelta(days=1))
        return f"Blocked; {FIRST_DAY_TO_SELL} {sell_on.isoformat()}", lot.quantity, last_day, for_good
    return (f"Partial: {washed:g} of {lot.quantity:g} shares would be washed by recent purchases",
            washed, last_day, for_good)


def _replacement(household: Household, secs: Mapping[str, Security], lot: Lot,
                 blocked: Mapping[str, DoNotBuy]) -> tuple[str, str, tuple[str, ...]]:
    """(replacement symbol or "", note why none, the listed replacements skipped because buying them
    now would wash a loss sold in the last 30 days: ``blocked``, the Do Not Buy list by identity).
    A skipped one is named with the loss it would wash and its first day to buy (IRC §1091(a)), not
    by the list's name: after a rebalance the sheet's list is the plan's, which may no longer hold it
    (fe11 F8: the plan buys IEMG and matches those loss shares itself)."""
    sec = secs.get(lot.symbol)
    if sec is None or not sec.replacements:
        return "", "No replacement listed: add one in Securities 'Replacements'", ()
    own = sec.identity
    reasons = []
    skipped: list[str] = []
    for sym in sec.replacements:
        rep = secs.get(sym)
        if rep is None:
            reasons.append(f"{sym} is not on the Securities sheet")
        elif rep.identity == own:
            reasons.append(f"{sym} is substantially identical to {lot.symbol}")
        elif rep.identity in blocked:
            d = blocked[rep.identity]
            skipped.append(sym)
            reasons.append(f"buying {sym} today would wash a loss ({_DRIP_CLAUSE.sub('', d.reason)}: "
                           f"${cents(d.loss_at_stake):,.2f} still open, IRC §1091(a)); {FIRST_DAY_TO_BUY} "
                           f"{buy_day(d.first_day_to_buy)}")
        elif not household.may_buy(lot.account, sym):
            reasons.append(f"{sym} is not on {lot.account}'s menu")
        else:
            return sym, "", tuple(skipped)
    return "", "No usable replacement: " + "; ".join(reasons), tuple(skipped)


def harvest_candidates(household: Household, as_of: date, profile: TaxProfile,
                       wash: Optional[WashResult] = None) -> HarvestScan:
    """Loss-harvest candidates, per-holding totals and the 0% gain-harvesting room.

    ``household`` should be the wash-adjusted household (``adjust_lots(h).household``) and ``wash``
    that result; when ``wash`` is None it is computed here (from the household as read or as
    adjusted: :func:`adjust_lots` gives the same result for both). ``profile`` is a
    :class:`taxrebal.engine.tax.TaxProfile` (the year's realized gains).
    """
    if wash is None:
        wash = adjust_lots(household)
        household = wash.household
    identities = identity_map(household.securities)
    secs = household.security_map()
    settings = household.settings
    win = window_days(as_of.year)
    dnb = do_not_buy(wash, household, as_of)
    blocked = {d.identity: d for d in dnb}
    bought = recent_purchases(household, wash, as_of - timedelta(days=win), as_of)
    recent = _recent_purchases(bought, household)
    recent_shares = _recent_shares(bought, household)
    drip_symbols = {sec.symbol for sec in household.securities if sec.drip}
    drip_held = {identities[lot.symbol] for lot in household.lots
                 if lot.symbol in drip_symbols and lot.quantity > QTY_EPS}
    saved, _ = _tax_functions(profile)

    taxable = {a.name for a in household.accounts if a.is_taxable}
    prices = {sym: sec.price for sym, sec in secs.items()}
    min_loss = settings.harvest_min_loss - EPS
    min_pct = settings.harvest_min_loss_pct - 1e-12
    # (lot, basis, value, loss, status, washed, last_day, harvestable, long_term, (washed for good, $ lost, $ deferred))
    pending: list[tuple[Lot, float, float, float, str, float, Optional[date], float, bool,
                        tuple[float, float, float]]] = []
    for lot in household.lots:
        if lot.account not in taxable or lot.basis is None or lot.quantity <= QTY_EPS:
            continue
        if lot.holding_start is None and not lot.inherited:
            continue  # no date, no holding period (the reader reports the missing Acquired)
        price = prices.get(lot.symbol)
        if price is None:
            continue
        basis = lot.basis + lot.wash_adjustment
        value = lot.quantity * price
        # in cents, the Basis cell minus the Value cell: what a sale reports (audit22, pr29p: 426.85 read for 426.84)
        loss = cents(cents(basis) - cents(value))
        if loss < min_loss or basis <= EPS or loss / basis < min_pct:
            continue
        status, washed, last_day, for_good = _wash_status(lot, recent.get(identities[lot.symbol], []), win)
        # the washed parts in cents, and what counts is the rest: they add up to the loss shown (fe17 F10)
        lost, deferred = (cents(n * loss / lot.quantity) if n > QTY_EPS else 0.0 for n in (for_good, washed - for_good))
        harvestable = cents(cents(loss) - lost - deferred) if washed > QTY_EPS else loss
        long_term = is_long_term(lot.holding_start, as_of, lot.inherited)
        pending.append((lot, basis, value, loss, status, washed, last_day, harvestable, long_term,
                        (for_good, lost, deferred)))

    curves = {term: _single_character_curve(saved, [p[7] for p in pending if p[8] is term and p[7] > EPS], term)
              for term in (False, True)}
    candidates: list[HarvestCandidate] = []
    for lot, basis, value, loss, status, washed, last_day, harvestable, long_term, parts in pending:
        for_good, lost, deferred = parts
        tax_saved, carry = curves[long_term][round(harvestable, 2)] if harvestable > EPS else (0.0, 0.0)
        replacement, why, skipped = _replacement(household, secs, lot, blocked)
        notes = [why] if why else []
        if washed > QTY_EPS and last_day is not None:
            fate = []
            if for_good > QTY_EPS:
                fate.append(f"${cents(lost):,.2f} lost for good (bought in a tax-advantaged account, Rev. Rul. 2008-5)")
            if washed - for_good > QTY_EPS:
                fate.append(f"${cents(deferred):,.2f} deferred into the new shares' basis (IRC §1091(d))")
            notes.append(f"sold today, only ${cents(harvestable):,.2f} of the ${cents(loss):,.2f} loss "
                         f"counts: {' and '.join(fate)}; {FIRST_DAY_TO_SELL} to harvest all of it: "
                         f"{first_trading_day(last_day + timedelta(days=1)).isoformat()}")
        if identities[lot.symbol] in drip_held:
            notes.append("DRIP is on for this fund: turn it off in every account first, or a reinvestment "
                         f"within {win} days washes part of the loss")
        candidates.append(HarvestCandidate(
            account=lot.account, symbol=lot.symbol, lot_id=lot.lot_id, acquired=lot.acquired,
            holding_start=lot.holding_start, quantity=lot.quantity, basis=basis,
            value=value, loss=loss, loss_pct=loss / basis, long_term=long_term,
            tax_saved=tax_saved, carryforward_created=carry, replacement=replacement,
            wash_status=status, washed_shares=washed, harvestable_loss=harvestable,
            note="; ".join(notes), inherited=lot.inherited, blocked_replacements=skipped))
    candidates.sort(key=lambda c: (-c.tax_saved, -c.carryforward_created, -c.loss, c.account, c.symbol, c.lot_id))

    loss_lots = {(lot.account, lot.lot_id): LossLot(lot, identities[lot.symbol], purchase_id(lot), basis, value,
                                                     long_term)
                 for lot, basis, value, _loss, _s, _w, _d, _h, long_term, _g in pending}
    holdings = _holdings(candidates, saved, loss_lots, recent_shares)
    together = None
    if candidates:
        joint = harvestable_together(loss_lots.values(), recent_shares)
        tax_saved, carry = saved(joint.st_loss, joint.lt_loss)
        together = HoldingHarvest("Household", "every candidate", len(candidates),
                                  sum(c.quantity for c in candidates), joint.loss, tax_saved, carry)
    limit = float(params.get("capital_loss_limit", profile.year, profile.filing_status))
    return HarvestScan(tuple(candidates), holdings, gain_harvest(household, as_of, profile, dnb), dnb, win, together,
                       limit)


def _holdings(candidates: Sequence[HarvestCandidate], saved: SavedFn,
              loss_lots: Mapping[tuple[str, str], LossLot],
              recent: Mapping[str, Sequence[RecentShares]]) -> tuple[HoldingHarvest, ...]:
    """Each (account, symbol) with its candidates sold together: one wash-sale matching
    (:mod:`.harvest_together`: the recent shares wash as many loss shares as they are, once) and
    one tax computation on the whole return."""
    groups: dict[tuple[str, str], list[HarvestCandidate]] = {}
    for c in candidates:
        groups.setdefault((c.account, c.symbol), []).append(c)
    out = []
    for (account, symbol), items in groups.items():
        joint = harvestable_together([loss_lots[(c.account, c.lot_id)] for c in items], recent)
        tax_saved, carry = saved(joint.st_loss, joint.lt_loss)
        out.append(HoldingHarvest(account, symbol, len(items), sum(c.quantity for c in items),
                                  joint.loss, tax_saved, carry))
    out.sort(key=lambda h: (-h.tax_saved, -h.carryforward_created, h.account, h.symbol))
    return tuple(out)


# ------------------------------------------------------------------------------------------------
# Gain harvesting at 0%


def _largest_free(profile: TaxProfile, start: float, tol: float = 0.01) -> float:
    """Largest extra long-term gain ``h`` on top of ``start`` whose federal tax is the tax of ``start``
    alone (to ``tol`` dollars), by bisection on the tax engine (federal tax never falls as gains grow)."""
    base = marginal_tax(profile, 0.0, start).federal if start > 0.0 else 0.0

    def free(h: float) -> bool:
        return marginal_tax(profile, 0.0, start + h).federal <= base + 1e-6

    if not free(1.0):
        return 0.0
    lo, hi = 1.0, 1024.0
    while free(hi):
        lo, hi = hi, hi * 2.0
        if hi > 1e10:
            return lo
    while hi - lo > tol:
        mid = (lo + hi) / 2.0
        if free(mid):
            lo = mid
        else:
            hi = mid
    # the largest whole cent that is free: the bisection leaves lo within a cent below the edge, and
    # an edge on a whole cent (LT -$4,000 + $1,000 = -$3,000, still fully deductible, IRC §1211(b))
    # is free itself (fe13 F5: "$999.99" where $1,000.00 fits)
    best = math.floor(lo * 100.0) / 100.0
    while round(best + 0.01, 2) < hi and free(round(best + 0.01, 2)):
        best = round(best + 0.01, 2)
    return best


def _loss_to_offset(profile: TaxProfile) -> float:
    """The extra long-term gain that first offsets this year's capital losses (carryovers included),
    after which every further dollar of it is net capital gain (IRC §1222(11): net long-term gain
    over net short-term loss), the income §1(h) taxes at 0/15/20%: ``max(0, -net ST) - net LT``
    (Schedule D lines 7 and 15), or 0."""
    before = compute_tax(profile)
    return max(0.0, max(0.0, -before.net_st) - before.net_lt)


def _zero_rate_room(profile: TaxProfile) -> tuple[float, float]:
    """(room, of which offsets this year's losses): the largest extra long-term gain no dollar of
    which is taxed above 0% (IRC §1(h)(1)(B)).

    The first dollars offset this year's net capital loss (and carryovers) first (IRC §1222, §1211(b)):
    they are not taxed, but a loss they offset no longer reduces ordinary income (or another year's
    gains), which costs what that deduction was worth. When the 0% bracket has room once the losses
    are used, the room is that offset plus the 0% part; e.g. single, ordinary income $60,000, this
    year's long-term loss $240: $240 offsets the loss (its $240 deduction at 12% is lost: $28.80) and
    $49,450 - ($60,000 - $16,100) = $5,550 is taxed at 0%: room $5,790. With no room left in the bracket, the
    room is only the gain that costs no federal tax (carryforward the $3,000 limit leaves unused)."""
    offset = _loss_to_offset(profile)
    if offset > EPS:
        at_zero = _largest_free(profile, offset)
        if at_zero > EPS:
            return math.floor((offset + at_zero) * 100.0 + 1e-6) / 100.0, offset
    return _largest_free(profile, 0.0), 0.0


def gain_harvest(household: Household, as_of: date, profile: TaxProfile,
                 blocked: Sequence[DoNotBuy] = ()) -> GainHarvest:
    """Long-term gain lots that fit in the zero-federal-tax room this year (module docstring).
    ``blocked``: the Do Not Buy list; a lot of a fund on it carries the list's first day to buy, the
    first day it may be bought back (:meth:`GainHarvest.buy_back_note`)."""
    room, offset = _zero_rate_room(profile)
    if room <= EPS:
        return GainHarvest(0.0, (), 0.0, 0.0, 0.0, 0.0, "No room: any long-term gain would be taxed this year")
    secs = household.security_map()
    accounts = household.account_map()
    # Whole Shares, except a mutual fund (it trades in fractional shares, records.SecurityType)
    whole = {sym for sym, sec in secs.items() if household.settings.whole_shares and not sec.is_mutual_fund}
    pool: list[tuple[float, Lot, float, float, float, float]] = []  # (gain/value, lot, price, value, gain, basis)
    for lot in household.lots:
        acc = accounts.get(lot.account)
        sec = secs.get(lot.symbol)
        if acc is None or not acc.is_taxable or sec is None or lot.adjusted_basis is None:
            continue
        if lot.quantity <= QTY_EPS or (lot.holding_start is None and not lot.inherited):
            continue
        if not is_long_term(lot.holding_start, as_of, lot.inherited):
            continue
        value = lot.quantity * sec.price
        gain = value - lot.adjusted_basis
        if gain <= EPS:
            continue
        pool.append((gain / value, lot, sec.price, value, gain, lot.adjusted_basis))
    pool.sort(key=lambda t: (-t[0], t[1].account, t[1].symbol, t[1].lot_id))
    on_list = {d.identity: d for d in blocked}
    identities = identity_map(household.securities)
    left = room
    chosen: list[GainLot] = []
    for _, lot, price, _value, gain, adjusted_basis in pool:
        if left <= 0.01:
            break
        if gain <= left + EPS:
            qty = lot.quantity
        else:
            per_share = gain / lot.quantity
            # a count an order can carry, as on Orders: whole shares (Whole Shares = Y, not a mutual
            # fund) or at most 4 decimals, rounded down so the gain stays within the room (fe12 F-o)
            qty = math.floor(left / per_share + 1e-9) if lot.symbol in whole else shares_down(left / per_share)
            if qty <= QTY_EPS:
                continue
        unit = adjusted_basis / lot.quantity
        g = qty * (price - unit)
        dnb = on_list.get(identities.get(lot.symbol, lot.symbol))
        chosen.append(GainLot(lot.account, lot.symbol, lot.lot_id, lot.acquired, qty, lot.quantity,
                              unit * qty, qty * price, g, lot.inherited,
                              dnb.first_day_to_buy if dnb is not None else None, dnb.reason if dnb else ""))
        left -= g
        if qty < lot.quantity and lot.symbol not in whole:
            break  # the room is used up; what the 4th decimal leaves is no order (0.005 share for $0.01)
    total = sum(c.gain for c in chosen)
    mt = marginal_tax(profile, 0.0, total)
    cf_used = ((mt.before.st_carryforward_out + mt.before.lt_carryforward_out)
               - (mt.after.st_carryforward_out + mt.after.lt_carryforward_out))
    rates = CarryforwardRates.of(profile) if cf_used > EPS else None
    notes = []
    if rates is not None:
        notes.append(f"${cents(cf_used):,.2f} of the room comes from loss carryforward these gains would use up, so "
                     f"they are not free: that carryforward would otherwise offset future gains or ordinary "
                     f"income (IRC §1212(b)): {rates.words(cf_used)}. {rates.basis_words(cf_used)}")
    if offset > EPS and mt.federal > EPS:
        notes.append(f"The first ${cents(min(offset, total)):,.2f} of these gains offsets this year's capital losses "
                     f"(IRC §1222), which then no longer reduce ordinary income or short-term gains (IRC §1211(b)): "
                     f"the federal tax of ${cents(mt.federal):,.2f} is what they were worth; the net capital gain "
                     f"left is "
                     f"taxed at 0% (IRC §1(h)(1)(B))")
    withdrawals = taxable_withdrawals(household)
    room_if_added = room
    if withdrawals:
        room_if_added = _zero_rate_room(replace(profile, ordinary_income=profile.ordinary_income + sum(
            w.amount for w in withdrawals)))[0]
    full = marginal_tax(profile, 0.0, room)  # the room, not only the lots listed, decides the words (fe19 F7)
    room_cf = (full.before.st_carryforward_out + full.before.lt_carryforward_out
               - full.after.st_carryforward_out - full.after.lt_carryforward_out) > EPS
    return GainHarvest(room, tuple(chosen), total, mt.federal, mt.state, cf_used, "; ".join(notes), offset,
                       withdrawals, room_if_added,
                       withdrawal_note(withdrawals, profile.ordinary_income, room, room_if_added), rates, room_cf)
