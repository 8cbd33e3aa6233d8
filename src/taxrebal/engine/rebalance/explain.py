"""Explanations: each trade's reason and note, each lot sale's wash status, the plan's notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Optional

from ..holding import long_term_date
from ..money import cents
from ..plan import LotSale, Reason, Trade
from ..reasons import account_article
from ..records import (
    Account,
    Action,
    LotMethod,
    RebalanceTo,
)
from ..waiting import WaitForLongTerm, wait_for_long_term, worth_waiting
from ..wash_dates import FIRST_DAY_TO_BUY, buy_day, trading_day_words
from ..wash_records import WashMatch
from .data import Solution, _BuyOption, _SellLot
from .harvest_only import cash_only_harvest_notes
from .kept_lots import KeptShares, kept_shares
from .payroll_cash import payroll_wash_notes
from .placed_day import Placed
from .reported import SoldLot
from .stages import _TaxOracle

if TYPE_CHECKING:
    from .model import RebalanceModel


def _sell_note(model: RebalanceModel, sym: str, pieces: Sequence[tuple[_SellLot, float]], st: float, lt: float,
               as_of: date, loss_lots: Sequence[str] = (), placed: Optional[Placed] = None) -> str:
    """What the sell realizes, and the wash-sale warning when any lot is sold at a loss: IRC §1091
    disallows the loss of the shares sold at a loss (Reg. §1.1091-1(c), (d) match shares, not whole
    sales), so a sale whose other lots' gains outweigh it still needs the warning. Example: VOO lot
    B-06 (gain $4,573.11) with lot B-07 (loss $27.95): buying VOO or IVV within 30 days washes the
    $27.95. ``placed``: the sale waits for a mutual fund to fill at the close (placed_day.py): the date
    counts from the day it can be placed, and the note says so."""
    n = len(pieces)
    parts = [f"Sells {n} lot{'s' if n != 1 else ''} by specific identification"
             if model.settings.lot_method not in (LotMethod.FIFO, LotMethod.LIFO, LotMethod.HIFO)
             else f"Sells {n} lot{'s' if n != 1 else ''} in {model.settings.lot_method.value} order"]
    if abs(lt) > 0.005:
        parts.append(f"long-term {'gain' if lt > 0 else 'loss'} ${cents(abs(lt)):,.2f}")
    if abs(st) > 0.005:
        parts.append(f"short-term {'gain' if st > 0 else 'loss'} ${cents(abs(st)):,.2f}")
    text = "; ".join(parts) + "."
    until = (placed.day if placed is not None else as_of) + timedelta(days=model.window + 1)
    why = f" ({placed.words()})" if placed is not None else ""
    if st + lt < 0:  # one bracket after the day, never two in a row
        # what a purchase does, not an order: the law forbids no trade, it disallows the loss (fe15 F13e)
        text += (f" Buying {sym} or a substantially identical security in any account (IRAs included) before "
                 f"{buy_day(until)}, the {FIRST_DAY_TO_BUY}{why}, would wash this loss (wash sale, IRC §1091).")
    elif loss_lots:
        lots = ", ".join(loss_lots)
        text += (f" Lot{'s' if len(loss_lots) > 1 else ''} {lots} {'are' if len(loss_lots) > 1 else 'is'} sold at a "
                 f"loss: buying {sym} or a substantially identical security in any account (IRAs included) "
                 f"before {buy_day(until)}, the {FIRST_DAY_TO_BUY}{why}, would wash that loss (IRC §1091; the "
                 f"gains of the other lots do not shelter it).")
    return text


def _washed_note(identity: str, window: int, disallowed: float, lost: float) -> str:
    """The part of a sell's loss the wash engine disallows (IRC §1091(a); Treas. Reg. §1.1091-1(c)),
    and where it goes: lost for good when the replacement was bought in an IRA, 401(k), Roth or HSA
    (Rev. Rul. 2008-5), else into the replacement shares' basis (IRC §1091(d)). Example: "Wash sale:
    $490.00 of this loss is disallowed by BND bought in the 30 days before the sale, lost for good
    ..."; empty when nothing is disallowed."""
    if disallowed < 0.005:
        return ""
    if lost >= disallowed - 0.005:
        fate = "lost for good: the replacement shares are in a tax-advantaged account (Rev. Rul. 2008-5)"
    elif lost > 0.005:
        fate = (f"${cents(lost):,.2f} of it lost for good (replacement shares in a tax-advantaged account, Rev. Rul. "
                "2008-5), the rest added to the replacement shares' basis (IRC §1091(d))")
    else:
        fate = "added to the replacement shares' basis (IRC §1091(d))"
    return (f" Wash sale: ${cents(disallowed):,.2f} of this loss is disallowed by {identity} bought in the {window} "
            f"days before the sale, {fate}; the loss above and Est. Tax count only the allowed part "
            "(Lot Sales shows it lot by lot).")


def _left_words(sold: float, left: float) -> str:
    """The subject of a short-term note: all of a position's short-term gain shares, or the rest of
    them when the plan sold some. Example: 15 of lot T-11's 40 IVV sold: "the other 25 shares with
    short-term gains were"."""
    if sold <= 1e-6:
        return "shares with short-term gains were"
    return f"the other {f'{left:,.4f}'.rstrip('0').rstrip('.')} shares with short-term gains were"


def _signed(x: float) -> str:
    return f"-${cents(-x):,.2f}" if x < -0.004 else f"${cents(x):,.2f}"


def short_term_waits(oracle: _TaxOracle, sol: Solution, pieces: Sequence[tuple[_SellLot, float]],
                     sold: Optional[Mapping[str, SoldLot]] = None) -> dict[str, WaitForLongTerm]:
    """Lot ID -> what waiting for long-term would save, for the step's short-term gain pieces: the plan's
    tax now minus the tax with that piece sold on its long-term date (IRC §1222), two exact computations
    in the year that date falls in (:mod:`taxrebal.engine.waiting`). One computation for the Trades note
    (:func:`_wait_note`) and Lot Sales' ``wait_saving`` (Lot Selection's Wait Saving).

    ``sold`` (lot ID -> the wash engine's report of its sale, when the plan has wash sales): the piece's
    gain and holding period are its Lot Sales row's, after the plan's own wash sales (IRC §1091(d),
    §1223(3)). audit22 (planref seed 38, L052): 3.1314 recent shares bought $5.83 a share under the price
    took in $355.71 of the loss the same step washes, so they sell at a $337.45 loss, short-term from
    2025-12-13; a "selling it on or after <a year after their purchase> would save" figure on their
    pre-wash gain was untrue for the row."""
    out = {}
    for sl, q in pieces:
        report = (sold or {}).get(sl.lot.lot_id)
        if report is not None:
            part = report.parts[0] if len(report.parts) == 1 else None
            gain, start = (part.reported_gain, part.holding_start) if part and not part.long_term else (0.0, None)
        else:
            gain, start = (0.0, None) if sl.long_term else (q * sl.gain_per_share, sl.lot.holding_start)
        if gain <= 0 or start is None:
            continue
        out[sl.lot.lot_id] = wait_for_long_term(oracle.profile, sol.realized_st, sol.realized_lt, gain,
                                                long_term_date(start))
    return out


def with_wait_savings(rows: Sequence[LotSale], waits: Mapping[str, WaitForLongTerm]) -> list[LotSale]:
    """``rows`` with each short-term row's ``wait_saving`` (in cents) from ``waits``, when its lot has that
    one row (a lot split by a wash sale into parts with other holding periods gets none: the figure is
    the whole lot's)."""
    count: dict[str, int] = {}
    for r in rows:
        count[r.lot_id] = count.get(r.lot_id, 0) + 1
    return [replace(r, wait_saving=cents(waits[r.lot_id].saving))
            if r.lot_id in waits and not r.long_term and count[r.lot_id] == 1 else r for r in rows]


def _wait_note(pieces: Sequence[tuple[_SellLot, float]], waits: Mapping[str, WaitForLongTerm]) -> str:
    """For short-term gain pieces (:func:`short_term_waits`): when the lot turns long-term and what
    waiting would save, when that is worth advising (at least $5.00)."""
    out = []
    for sl, _q in pieces:
        wait = waits.get(sl.lot.lot_id)
        if wait is None or not worth_waiting(wait.saving):
            continue
        moved = wait.words()
        when = trading_day_words(wait.long_term_date)
        out.append(f" Lot {sl.lot.lot_id} is short-term: selling it on or after {when} "
                   f"(long-term) would save ${cents(wait.saving):,.2f} of tax" + (f" ({moved})." if moved else "."))
    return "".join(out)


def _buy_reason(model: RebalanceModel, acct: Account, b: _BuyOption, harvested_classes: set[str],
                harvested_identities: Mapping[str, str], new_money: float, old_cash: float) -> tuple[Reason, str]:
    if acct.is_taxable and b.asset_class in harvested_classes:
        sold = [sym for ident, sym in harvested_identities.items()
                if model.secs[sym].asset_class == b.asset_class]
        return Reason.REPLACEMENT, (f"Keeps {b.asset_class} invested after harvesting "
                                    f"{', '.join(sorted(sold))}; {b.symbol} is not substantially identical.")
    if new_money > 0.005:
        return Reason.CONTRIBUTION, f"Puts new money into underweight {b.asset_class}."
    if old_cash > 0.005:
        return Reason.CASH, f"Invests cash already in the account in {b.asset_class}."
    if not acct.is_taxable:
        return Reason.TAX_ADVANTAGED, (f"Buys {b.asset_class} inside {account_article(acct.type)} {acct.type} "
                                       "with the sale proceeds: no tax.")
    return Reason.SALE_PROCEEDS, f"Buys {b.asset_class} with the proceeds of this account's sales."


def _lot_sale(step: int, sl: _SellLot, q: float, as_of: date, window: int,
              washed: Optional[SoldLot] = None, sold_first: Sequence[str] = (),
              placed: Optional[Placed] = None) -> list[LotSale]:
    """The Lot Sales rows of ``q`` shares of ``sl``: the wash engine's sale parts when the plan's sales
    meet recent purchases (``washed``), one row per holding start; else one row from the lot as held.

    A row's basis, term and Adjusted Acquired are the engine's: a lot that replaced the loss of a lot
    the plan sold before it carries that loss in its basis (IRC §1091(d)) and that lot's holding
    period (IRC §1223(3)), so "Adjusted Acquired" is the tacked date. Example: lot B (10 IVV bought
    2026-11-07, $1,050) replaced lot A's $100 loss (A bought 2026-11-03, B held on the sale day): basis
    $1,150, held from 2026-11-03, short-term; its own $150 loss washed into lot C: Reported Gain $0.
    ``placed``: the sale is placed after As Of (placed_day.py), and a loss's status counts its window
    from that day."""
    lot = sl.lot
    if washed is None:
        basis = (lot.adjusted_basis or 0.0) * q / lot.quantity
        proceeds = q * sl.price
        return [LotSale(step, lot.account, lot.symbol, lot.lot_id, lot.holding_start, q, proceeds, basis,
                        proceeds - basis, sl.long_term,
                        _plain_status(sl, q, proceeds - basis, as_of, window, sold_first, placed), 0.0, lot.inherited)]
    rows = []
    for part in washed.parts:
        own = (lot.adjusted_basis or 0.0) * part.quantity / lot.quantity
        carried = part.basis - own
        said = []
        if carried > 0.005:
            # a recent lot sold after the loss sale it replaced (wash_exposure.py, chains; or in the
            # same order): the loss washed by the older shares is in its basis, with their holding period
            held_from = f", held from {part.holding_start.isoformat()}" if part.holding_start else ""
            said.append(f"Basis includes ${cents(carried):,.2f} of the loss washed by this plan's earlier sale of "
                        f"{sl.identity} (IRC §1091(d)), with that lot's holding period{held_from} (IRC "
                        f"§1223(3)): selling these shares after it realizes it this year")
        if part.disallowed > 0.005:
            lost = part.permanent_disallowed
            fate = ("lost for good: the replacement is in a tax-advantaged account (Rev. Rul. 2008-5)"
                    if lost >= part.disallowed - 0.005 else
                    f"${cents(lost):,.2f} of it lost for good (replacement in a tax-advantaged account, Rev. Rul. "
                    f"2008-5), the rest added to the replacement shares' basis (IRC §1091(d))" if lost > 0.005 else
                    "added to the replacement shares' basis (IRC §1091(d))")
            said.append(f"Wash sale: ${cents(part.disallowed):,.2f} of this loss is disallowed by {sl.identity} bought "
                        f"in the {window} days before the sale, {fate}; Reported Gain is what counts "
                        f"(proceeds - basis + disallowed, Form 8949 code W)")
        status = ("; ".join(said) if said else
                  _plain_status(sl, part.quantity, part.proceeds - part.basis, as_of, window, sold_first,
                                placed))
        rows.append(LotSale(step, lot.account, lot.symbol, lot.lot_id, part.holding_start, part.quantity,
                            part.proceeds, part.basis, part.proceeds - part.basis, part.long_term, status,
                            part.disallowed, lot.inherited))
    return rows


def step_realized(rows: Sequence[LotSale]) -> tuple[float, float]:
    """(short-term, long-term) reported gain of one step's Lot Sales rows, in cents: the sums of their
    :attr:`~taxrebal.engine.plan.LotSale.reported_cents` (proceeds and basis each in cents, Form 8949),
    the figures its Trades row, its note and its Est. Tax use."""
    st = round(sum(r.reported_cents for r in rows if not r.long_term), 2) + 0.0
    lt = round(sum(r.reported_cents for r in rows if r.long_term), 2) + 0.0
    return st, lt


def _plain_status(sl: _SellLot, q: float, gain: float, as_of: date, window: int, sold_first: Sequence[str],
                  placed: Optional[Placed] = None) -> str:
    """The wash-sale status of a lot sale nothing washes: its basis carries an earlier washed loss, or
    its loss is allowed unless the identity is bought in the window (around the day the sale is placed:
    ``placed``, else ``as_of``), or it is a gain."""
    lot = sl.lot
    carried = (f"Basis includes ${cents(lot.wash_adjustment * q / lot.quantity):,.2f} of a washed loss (IRC §1091(d))"
               if lot.wash_adjustment > 0 else "")
    if carried and gain >= 0:
        return carried
    if gain < 0:
        day = placed.day if placed is not None else as_of
        until = day + timedelta(days=window + 1)
        # one sentence each, never two brackets in a row (buy_day's own "(first trading day ...)" on a
        # closed day, then the placed day's, then the shares sold first: tests/test_lot_sales_one_bracket.py)
        sentences = [f"Loss allowed if no {sl.identity} is bought in any account from "
                     f"{(day - timedelta(days=window)).isoformat()} through "
                     f"{(until - timedelta(days=1)).isoformat()}; {FIRST_DAY_TO_BUY}: {buy_day(until)}"]
        if placed is not None:
            sentences.append(f"The {FIRST_DAY_TO_BUY} is {placed.words()}")
        if sold_first:  # the recent purchases the plan sells first do not count (wash_exposure.py, reading 4)
            sentences.append(f"Not counted: {'; '.join(sold_first)}, which this plan sells before this sale "
                             f"(taxrebal's reading of IRC §1091: shares no longer held cannot wash the loss)")
        if carried:  # fe21 finding 8: a washed-loss basis sold at a loss is a loss sale too
            sentences.insert(0, carried)
        return sentences[0] if len(sentences) == 1 else ". ".join(sentences) + "."
    return "Clear (gain: wash-sale rule does not apply)"


def _kept_lot_notes(model: RebalanceModel, changed: Sequence[KeptShares]) -> list[str]:
    """A note per short-term gain lot the plan keeps whose shares its own wash sale reached: their
    basis and holding start as the plan leaves them (IRC §1091(d), §1223(3); kept_lots.py), so the
    Lots sheet's figures are not read as still true. Example (fe9 finding 1): "Joint Taxable VTI lot
    T3 (kept): this plan's wash sale adds $400.00 of washed loss to the basis of its 20 shares
    ($6,300.00) and holds them from 2025-12-10 (IRC §1091(d), §1223(3)): short-term, a $300.00 loss
    at today's price." """
    by_lot: dict[tuple[str, str], list[KeptShares]] = {}
    lots = {(lot.account, lot.lot_id): lot for lot in model.household.lots}
    for p in changed:
        by_lot.setdefault((p.account, p.lot_id), []).append(p)
    notes = []
    for (acct, lot_id), pieces in sorted(by_lot.items()):
        lot = lots[(acct, lot_id)]
        shares = sum(p.shares for p in pieces)
        carried = sum(p.carried for p in pieces)
        basis = sum(p.basis for p in pieces)
        gain = sum(p.gain for p in pieces)
        starts = sorted({p.held_from for p in pieces if p.held_from is not None})
        terms = {p.long_term(model.as_of, lot.inherited) for p in pieces}
        term = "long-term" if terms == {True} else "short-term" if terms == {False} else "part long-term"
        held = f" and holds them from {starts[0].isoformat()}" if len(starts) == 1 else ""
        what = (f"a ${cents(-gain):,.2f} loss" if gain < -0.005 else f"a ${cents(gain):,.2f} gain" if gain > 0.005
                else "no gain or loss")
        count = f"{shares:,.4f}".rstrip("0").rstrip(".")
        whose = f"its {count} shares" if shares >= lot.quantity - 1e-6 else f"{count} of its shares"
        notes.append(f"{acct} {lot.symbol} lot {lot_id} (kept): this plan's wash sale adds ${cents(carried):,.2f} of "
                     f"washed loss to the basis of {whose} "
                     f"(${cents(basis):,.2f}){held} (IRC §1091(d), §1223(3)): {term}, {what} at today's price.")
    return notes


def _plan_notes(model: RebalanceModel, sol: Solution, trades: Sequence[Trade], r_st: float, r_lt: float,
                harvested: Mapping[str, str],
                engine_wash: Mapping[str, tuple[float, float]] | None = None,
                kept_matches: Sequence[WashMatch] = (),
                sold_carrying: Mapping[tuple[str, str], float] | None = None,
                budget_binds: bool = False,
                open_loss: Mapping[str, float] | None = None) -> list[str]:
    """The plan's notes. ``engine_wash``: identity -> (disallowed, of it lost for good) of the plan's
    lot sales as the wash engine matches them (the figures Lot Sales shows); a wash note uses them,
    and the model's own estimate only when the engine could not trace a sale. ``kept_matches``: the
    engine's matches of the plan's sales (a kept lot's notes describe it as they leave it,
    kept_lots.py); ``sold_carrying``: (account, lot id) -> shares of it the plan sells that carried a
    matched loss. ``budget_binds``: the Tax Budget stops the plan short of the bands (the plan's
    status), so that is why the short-term gain shares it leaves are not sold. ``open_loss``: identity ->
    the loss its plan sales still realize after those matches (the DRIP advice names only identities with
    some left, and only funds an account holds: audit18 F10)."""
    sold_carrying = sold_carrying or {}
    notes: list[str] = []
    if not model.triggered:
        clearing = [t.step for t in trades if t.first_lots]
        notes.append("Every class is within its band: the plan only invests cash and harvests losses "
                     "worth harvesting; nothing is sold to rebalance."
                     + (f" Steps {', '.join(map(str, clearing))} sell recently bought shares in tax-advantaged "
                        "accounts only so that they cannot wash those harvests (taxrebal's reading of IRC §1091), "
                        "and their proceeds buy the class's other funds there; each step's note says when the "
                        "harvest could wait instead, with no reading needed." if len(clearing) > 1 else
                        f" Step {clearing[0]} sells recently bought shares in a tax-advantaged account only so "
                        "that they cannot wash those harvests (taxrebal's reading of IRC §1091), and its proceeds "
                        "buy the class's other funds there; its note says when the harvest could wait instead, "
                        "with no reading needed." if clearing else ""))
        notes.extend(cash_only_harvest_notes(model, sol.x))
    notes.extend(payroll_wash_notes(model, sol.x))
    if model.triggered and model.settings.rebalance_to is RebalanceTo.TARGET:
        notes.append("Rebalance To = Target: trades that add no tax (cash, contributions, tax-advantaged "
                     "accounts, harvested losses) go as far toward target as they can; taxable sales stop "
                     "where every class is within its band. The Tax-Drift Frontier sheet shows what "
                     "reaching target would cost.")
    if model.triggered and model.settings.rebalance_to is RebalanceTo.BAND_EDGE:
        notes.append("Rebalance To = Band Edge: sells and buys inside tax-advantaged accounts stop where every "
                     "class is within its band; cash, contributions and the proceeds of taxable sales (harvests "
                     "included) are still invested toward target, so the plan can end nearer target than the "
                     "band edge. Taxable sales stop where every class is within its band. The Tax-Drift "
                     "Frontier sheet shows what reaching target would cost.")
    sold_classes = {t.asset_class for t in trades if t.action is Action.SELL}
    waits: dict[tuple[str, str], tuple[date, date, float]] = {}  # first and last LT date, gain
    left_of: dict[tuple[str, str], tuple[float, float]] = {}  # short-term gain shares (sold, left)
    # shares of each lot the plan sells, over all its candidates: a recent lot may be sold as itself
    # or, after the loss sales it replaced, as the chained candidate carrying their washed loss
    # (candidates.py, _chain_candidates); fe15 F8 read the first only and called sold shares unsold
    sold_of: dict[tuple[str, str], float] = {}
    for sl, j in zip(model.sell_lots, model.lot_vars):
        key = (sl.lot.account, sl.lot.lot_id)
        sold_of[key] = sold_of.get(key, 0.0) + max(0.0, float(sol.x[j]))
    changed: list[KeptShares] = []  # kept shares this plan's wash sales reached
    for sl in model.st_gain_lots:  # the short-term gain shares the plan leaves (short_term.py)
        if sl.asset_class not in sold_classes and model.triggered is False:
            continue
        w = sl.asset_class
        weight = model.before.get(w, 0.0) / model.total
        if weight <= model.target_of(w):
            continue
        sold = sold_of.get((sl.lot.account, sl.lot.lot_id), 0.0)
        left = sl.lot.quantity - sold
        if left <= 1e-6:
            continue
        # the lot as the plan leaves it: shares its own wash sales reached carry the washed loss and
        # a tacked holding period (IRC §1091(d), §1223(3); kept_lots.py), so they may be no
        # short-term gain any more
        kept = kept_shares(sl.lot, left, sl.price, kept_matches,
                           sold_carrying.get((sl.lot.account, sl.lot.lot_id), 0.0))
        changed.extend(p for p in kept if p.carried > 0.005)
        still = [p for p in kept if p.gain > 0 and not p.long_term(model.as_of, sl.lot.inherited)]
        if not still:
            continue
        key = (sl.lot.account, sl.lot.symbol)
        for p in still:
            d = p.long_term_from() or model.as_of
            first, last, gain = waits.get(key, (d, d, 0.0))
            waits[key] = (min(d, first), max(d, last), gain + p.gain)
        was_sold, was_left = left_of.get(key, (0.0, 0.0))
        left_of[key] = (was_sold + max(0.0, sold) + left - sum(p.shares for p in still),
                        was_left + sum(p.shares for p in still))
    oracle = _TaxOracle(model.household, model.as_of) if waits else None
    for (acct, sym), (d, last, gain) in sorted(waits.items()):
        # exact: the plan plus these gains sold now (short-term) vs on the day the last of them is
        # long-term, in the tax year that day falls in (engine/waiting.py)
        assert oracle is not None  # made above whenever ``waits`` has an entry
        wait = wait_for_long_term(oracle.profile, sol.realized_st + gain, sol.realized_lt, gain, last)
        when = (f"from {d.isoformat()}" if d == last else f"from {d.isoformat()} (all of them by {last.isoformat()})")
        # why: the cap of short_term.py, only when selling them would pass it; else the Tax Budget
        # when it binds (the bands are left breached: they do need the sale, fe17 F5); else the bands
        # did not need the tax they would add
        cap = getattr(model, "short_term_cap", None)
        budget = model.settings.tax_budget
        why = ("Allow Short-Term Gains is off and selling them would raise the year's net short-term gain"
               if cap is not None and sol.realized_st + gain > cap + 0.005 else
               f"the Tax Budget of ${cents(budget):,.2f} on Settings binds: the tax they would add does not fit in "
               "it, though a band breach is left"
               if budget_binds and budget is not None else
               "the bands do not need the tax they would add")
        what = _left_words(*left_of[(acct, sym)])
        if not worth_waiting(wait.saving):  # under $5.00 (waiting.py), e.g. harvested losses absorb it
            notes.append(f"{acct} {sym}: {what} not sold ({why}); they turn long-term {when}.")
            continue
        moved = wait.words()
        # priced as an ADDITION to the plan's sales, and said so: selling them instead of other sales
        # is a re-solve (Allow Short-Term Gains = Y, engine/short_term_cost.py; the pipeline adds that
        # note when it costs less)
        notes.append(f"{acct} {sym}: {what} not sold ({why}); they turn long-term {when}. "
                     f"Sold now in addition to this plan's sales (not instead of any of them), the plan's tax "
                     f"would be {_signed(wait.tax_now)}; sold in addition once long-term, "
                     f"{_signed(wait.tax_later)}: ${cents(wait.saving):,.2f} less"
                     + (f" ({moved})." if moved else "."))
    notes.extend(_kept_lot_notes(model, changed))
    accounts = model.household.account_map()
    for ident, (W, _z, pieces, pool) in sorted(model.exposures.items()):
        bought = ", ".join(f"{p.shares:g} {p.symbol} in {p.account} on {p.acquired.isoformat()}" for p in pool)
        if engine_wash is not None:
            disallowed, lost = engine_wash.get(ident, (0.0, 0.0))
            if disallowed < 0.005:
                continue
            if lost >= disallowed - 0.005:
                fate = " (lost for good: the replacement is in a tax-advantaged account, Rev. Rul. 2008-5)"
            elif lost > 0.005:
                fate = (f" (${cents(lost):,.2f} of it lost for good where the replacement is in a tax-advantaged "
                        f"account, Rev. Rul. 2008-5; the rest added to the replacement shares' basis, "
                        f"IRC §1091(d))")
            else:
                fate = " (added to the replacement shares' basis, IRC §1091(d))"
            notes.append(f"Selling {ident} at a loss today meets purchases of the last {model.window} days ({bought}): "
                         f"${cents(disallowed):,.2f} of loss is disallowed{fate}, as Lot Sales shows lot by lot; "
                         "only the matched shares wash (Treas. Reg. §1.1091-1(c)), so the rest of the loss "
                         "is harvested.")
            continue
        washed = float(sol.x[W])
        disallowed = sum(float(sol.x[wj]) * -model.sell_lots[i].gain_per_share for i, wj in pieces)
        if washed < 1e-4 or disallowed < 0.005:  # solver noise (7e-06 shares, $0.00), not a wash to explain
            continue
        lost_any = any(not accounts[p.account].is_taxable for p in pool if p.account in accounts)
        notes.append(f"Selling {ident} at a loss today washes {washed:g} shares against purchases of the last "
                     f"{model.window} days ({bought}): about ${cents(disallowed):,.2f} of loss is disallowed"
                     + (" (lost for good where the replacement is in a tax-advantaged account, Rev. Rul. "
                        "2008-5)" if lost_any else " (added to the replacement shares' basis, IRC §1091(d))")
                     + "; only the matched shares wash (Treas. Reg. §1.1091-1(c)), so the rest of the loss "
                       "is harvested.")
    # Loss sales before As Of: one first day you may buy per identity, the later of that sale's window
    # and the plan's own harvest of it (which the sell step's note gives); nothing when every loss
    # share is already matched (nothing at stake: Treas. Reg. §1.1091-1(e)) or the plan buys it (its
    # buy note prices the wash, past_wash.py)
    bought_ids = {b.identity for b, j in zip(model.buys, model.buy_vars) if sol.x[j] > 1e-6}
    plan_day = model.as_of + timedelta(days=model.window + 1)
    for ident, d in sorted(model.recent_loss_sales.items()):
        own = d + timedelta(days=model.window + 1)
        first = plan_day if ident in harvested else own  # the later
        why = (f" (that sale's own is {buy_day(own)}; the plan's loss sale of it today moves it later)"
               if first != own else "")  # fe17 F7: the date was the plan's without saying so
        notes.append(f"{ident} was sold on {d.isoformat()} without a cost basis: the plan does not buy it (a "
                     f"purchase could wash a loss taxrebal cannot price); {FIRST_DAY_TO_BUY} it (wash sale): "
                     f"{buy_day(first)}{why}.")
    for ident, opens in sorted(model.open_loss_sales.items()):
        if ident in bought_ids or ident in model.recent_loss_sales:
            continue
        if ident in harvested:  # harvested today: its step's date (As Of + 31) is the later one
            continue
        last = max(o.sale.date for o in opens)
        first = last + timedelta(days=model.window + 1)
        stake = sum(o.loss for o in opens)
        notes.append(f"{ident} was sold at a loss on {last.isoformat()} and ${cents(stake):,.2f} of that loss is still "
                     f"open: a purchase in any account before {first.isoformat()} would wash it (wash sale, IRC "
                     f"§1091); {FIRST_DAY_TO_BUY} it: {buy_day(first)}.")
    held = {lot.symbol for lot in model.household.lots if lot.quantity > 0}  # as the Do Not Buy list's DRIP column
    drip = [s.symbol for s in model.household.securities if s.drip and s.identity in harvested and s.symbol in held
            and (open_loss is None or open_loss.get(s.identity, 0.0) >= 0.005)]
    if drip:
        notes.append("Turn off dividend reinvestment for " + ", ".join(sorted(drip)) +
                     f" in every account before selling, and keep it off for {model.window} days: a reinvested "
                     "dividend would wash part of the harvested loss.")
    return notes

