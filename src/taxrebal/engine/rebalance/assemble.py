"""Turning the solver's answer into ordered trades and lot sales (account by account: taxable
sells, tax-advantaged sells, then buys)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Optional

from ..attribution import attribute_trades
from ..money import cents, times
from ..plan import ConservativeDate, LotSale, Plan, PlanStatus, Reason, Trade, WaitedSale
from ..reasons import account_article, explain_buys
from ..records import (
    Action,
    LotMethod,
)
from ..sale_cents import lot_sales_in_cents
from ..tax import MarginalTax
from ..waiting import MIN_WAIT_SAVING
from ..wash import purchase_id
from ..wash_dates import first_trading_day, last_trading_day
from ..wash_queries import first_day_to_sell
from ..wash_records import WashMatch
from .carryforward_kept import created_note, spent_note
from .data import Solution
from .explain import (
    _buy_reason,
    _lot_sale,
    _plan_notes,
    _sell_note,
    _wait_note,
    _washed_note,
    short_term_waits,
    step_realized,
    with_wait_savings,
)
from .kept_lots import carried_in
from .literal_exposure import Replacement, exposure_note, literal_exposure
from .model import max_drift
from .next_year import next_year_note
from .past_wash import past_wash_by_buy
from .placed_day import FirstSale, placed_after_close
from .reported import Sells, SoldLot, plan_sells
from .rounding import _order_key
from .stages import _TaxOracle
from .step_order import _recent_and_old, executable_order, planned_outcome
from .window_wait import WindowVerdict, carried_forward

if TYPE_CHECKING:
    from .model import RebalanceModel

def _assemble(model: RebalanceModel, oracle: _TaxOracle, sol: Solution, tax: MarginalTax,
              status: PlanStatus, cost_to_remove: float | None, notes: list[str],
              waits: tuple[WaitedSale, ...] = (),
              verdicts: Mapping[tuple[str, str], WindowVerdict] | None = None) -> Plan:
    h = model.household
    x = sol.x
    as_of = model.as_of
    qty_eps = 1e-6

    # taxable sells per position, with their lots
    sells, adv_sells = plan_sells(model, x)
    buys = {(b.account, b.symbol): (b, float(x[j])) for b, j in zip(model.buys, model.buy_vars)
            if x[j] > qty_eps}

    harvested_identities: dict[str, str] = {}
    for (_acct, sym), pieces in sells.items():
        if any(sl.gain_per_share < 0 for sl, _ in pieces):
            harvested_identities[model.secs[sym].identity] = sym

    sell_orders, merged, lot_steps, adv_steps = executable_order(model, sells, adv_sells, harvested_identities)
    exposed_pids, old_loss_identities = _recent_and_old(model, sells)
    literal = model.settings.sold_recent_shares_wash
    outcome = planned_outcome(model, x)  # the same steps' matching, done once per plan (step_order.py)
    if outcome is not None:
        past_st, past_lt = model.past_wash_gains(x)  # carried by the buys below (past_wash.py)
        st_true = sum(o.short_term for o in outcome.values()) + past_st
        lt_true = sum(o.long_term for o in outcome.values()) + past_lt
        if abs(st_true - sol.realized_st) > 0.005 or abs(lt_true - sol.realized_lt) > 0.005:
            sol = replace(sol, realized_st=st_true, realized_lt=lt_true)
            tax = oracle.true_tax(st_true, lt_true)
    r_st, r_lt = oracle.local_rates(sol.realized_st, sol.realized_lt)

    trades: list[Trade] = []
    lot_sales: list[LotSale] = []
    harvested_classes: dict[str, set[str]] = {a.name: set() for a in model.accounts}
    sold_first: dict[str, list[str]] = {}  # identity -> recent shares the plan sells before its loss sales
    # the sells of recent shares placed before the loss sales they would wash (Sold Recent Shares Wash = N):
    # (trade index, identity); their lots / positions, for the exposure under the literal reading
    first_trades: list[tuple[int, str, list[Replacement]]] = []  # and whose shares they are (literal_exposure)
    first_lots: list[int] = []
    first_positions: list[tuple[str, str]] = []
    # the same sells, structured: a loss sale after a mutual fund's is placed the next trading day (placed_day.py)
    first_sales: list[FirstSale] = []
    step = 0
    for order in sell_orders:
        a, sym, pieces = order.account, order.symbol, list(order.pieces)
        step += 1
        acct = model.household.account_map()[a]
        if order.position is not None:
            p, q = order.position, order.quantity
            recent = sorted((r for r in model.pool.get(model.secs[sym].identity, ())
                             if r.account == a and r.symbol == sym and model.secs[sym].identity in model.exposures),
                            key=lambda r: r.acquired, reverse=True)
            extra = ""
            first: tuple[tuple[str, Optional[date], float], ...] = ()
            if recent and harvested_identities.get(model.secs[sym].identity) and literal:
                extra = (f" Sold after the loss sales of {model.secs[sym].identity}: with Sold Recent Shares "
                         f"Wash = Y its shares bought in the last {model.window} days wash those losses even if "
                         "sold first (IRC §1091(a) 'has acquired', read literally).")
            elif recent and harvested_identities.get(model.secs[sym].identity):
                first_trades.append((len(trades), model.secs[sym].identity, [("position", a, sym)]))
                first_positions.append((a, sym))
                first = tuple((r.lot_id, r.acquired, r.shares) for r in recent)
                first_sales.append(FirstSale(step, a, sym, model.secs[sym].identity))
                sold_first.setdefault(model.secs[sym].identity, []).append(
                    f"{a}'s shares bought {', '.join(r.acquired.isoformat() for r in recent)} (step {step})")
                named = ", ".join(f"{r.shares:g} bought {r.acquired.isoformat()}"
                                  + (f" (lot {r.lot_id})" if r.lot_id else "") for r in recent)
                extra = (f" Sell the most recently bought shares ({named}) and do it before the loss sales of "
                         f"{model.secs[sym].identity}: shares no longer held cannot wash their loss (taxrebal's "
                         f"reading of IRC §1091: the regulations are silent on replacement shares sold before "
                         f"the loss sale).") + _no_reading_needed(model, model.secs[sym].identity)
            trades.append(Trade(step, a, sym, Action.SELL, q, p.price, times(q, p.price), 0.0, 0.0, 0.0,
                                Reason.TAX_ADVANTAGED,
                                f"Sells {p.asset_class} inside {account_article(acct.type)} {acct.type}: no tax"
                                + (" (the whole position)" if q >= p.quantity - qty_eps else "") + "." + extra,
                                p.asset_class, first))
            continue
        price = model.secs[sym].price
        qty = sum(q for _, q in pieces)
        loss_lots = [sl.lot.lot_id for sl, q in pieces
                     if (outcome[(a, sl.lot.lot_id)].reported_gain if outcome is not None
                         else q * sl.gain_per_share) < -0.005]
        # a loss sale waiting for a mutual fund's sale in another account to fill at the close: its day
        placed = (placed_after_close(as_of, a, model.secs[sym].identity, first_sales, model.secs, model.window)
                  if loss_lots and acct.is_taxable else None)
        # the step's Lot Sales rows (in cents) first: its Realized ST / LT, note and Est. Tax are their sums
        rows: list[LotSale] = []
        for sl, q in sorted(pieces, key=lambda p: _order_key(p[0].lot, LotMethod.FIFO)):
            washed = None if outcome is None else outcome[(a, sl.lot.lot_id)]
            rows.extend(_lot_sale(step, sl, q, as_of, model.window, washed, sold_first.get(sl.identity, ()),
                                  placed))
        # in cents, the proceeds split so that they add up to the Trades Amount (engine/sale_cents.py, fe13 F15)
        rows = lot_sales_in_cents(rows, cents(times(qty, price)))
        st, lt = step_realized(rows)
        net = sum(q * sl.gain_per_share for sl, q in pieces)
        reason = Reason.HARVEST if net < 0 else Reason.TAXABLE_SALE
        if net < 0:
            harvested_classes[a].add(model.secs[sym].asset_class)
        note = _sell_note(model, sym, pieces, st, lt, as_of, loss_lots, placed)
        if outcome is not None:  # the loss the wash engine disallows (what Lot Sales shows), said here too
            note += _washed_note(model.secs[sym].identity, model.window,
                                 sum(outcome[(a, sl.lot.lot_id)].disallowed for sl, _q in pieces),
                                 sum(outcome[(a, sl.lot.lot_id)].lost_for_good for sl, _q in pieces))
        long_term_waits = short_term_waits(oracle, sol, pieces, None if outcome is None else
                                           {sl.lot.lot_id: outcome[(a, sl.lot.lot_id)] for sl, _q in pieces})
        rows = with_wait_savings(rows, long_term_waits)
        note += _wait_note(pieces, long_term_waits)
        ident = model.secs[sym].identity
        if outcome is not None:
            verdict = next((v for sl, _q in pieces if (v := (verdicts or {}).get((a, sl.lot.lot_id)))), None)
            note += _wait_for_window_note(model, oracle, sol, tax.total, ident,
                                          [outcome[(a, sl.lot.lot_id)] for sl, _q in pieces],
                                          [purchase_id(sl.lot) for sl, _q in pieces], verdict)
        first_here = ""
        if ident in old_loss_identities and not any(sl.chained for sl, _q in pieces) and all(
                (a, purchase_id(sl.lot)) in exposed_pids for sl, _q in pieces):
            bought_on = ", ".join(f"lot {sl.lot.lot_id} bought {sl.lot.acquired.isoformat()}"
                                  if sl.lot.acquired else f"lot {sl.lot.lot_id}" for sl, _q in pieces)
            if order.rank == 0:  # sold first (wash_exposure.py, reading 4): the loss sales' status names it
                first_here = f"{a}'s {bought_on} (step {step})"
                first_trades.append((len(trades), ident, [("lot", a, sl.lot.lot_id) for sl, _q in pieces]))
                first_lots.extend(id(sl.lot) for sl, _q in pieces)
                first_sales.append(FirstSale(step, a, sym, ident))
                note += (f" Sell it before the loss sales of {ident}: shares no longer held cannot wash their "
                         f"loss (taxrebal's reading of IRC §1091: the regulations are silent on replacement "
                         f"shares sold before the loss sale; Sold Recent Shares Wash = Y sells them after).")
                if loss_lots and sold_first.get(ident):  # a loss sale itself: its own protectors go first
                    note += (f" It is a loss sale too, so it comes after the sale of {'; '.join(sold_first[ident])}: "
                             f"those shares are no longer held when it sells.")
            else:
                note += (f" Sold after the loss sales of {ident}: with Sold Recent Shares Wash = Y its shares "
                         f"bought in the last {model.window} days wash those losses even if sold first (IRC "
                         f"§1091(a) 'has acquired', read literally); sold after, the washed loss is in their "
                         f"basis (IRC §1091(d)) and this sale realizes it again.")
        trades.append(Trade(step, a, sym, Action.SELL, qty, price, times(qty, price), st, lt,
                            st * r_st + lt * r_lt, reason, note, model.secs[sym].asset_class,
                            placed_on=placed.day if placed is not None else None))
        lot_sales.extend(rows)
        if first_here:  # named on the later loss sales' Wash-Sale Status, not on its own
            sold_first.setdefault(ident, []).append(first_here)
    if first_trades and outcome is not None:  # what the reading that lets them go first puts at stake
        exposure = literal_exposure(model, sells, adv_sells, merged, lot_steps, adv_steps, outcome, first_lots,
                                    first_positions)
        for i, ident, keys in first_trades:
            t = trades[i]
            d = sum(exposure.get(k, (0.0, 0.0))[0] for k in keys)
            lost = sum(exposure.get(k, (0.0, 0.0))[1] for k in keys)
            if d > 0.005:
                t = replace(t, note=t.note + exposure_note(ident, d, lost))
            trades[i] = replace(t, conservative=_conservative(model, sells, ident))
    past_washed = past_wash_by_buy(model, x)
    for acct in model.accounts:
        new_money = acct.contribution
        old_cash = acct.cash
        for (a, sym), (b, q) in sorted(buys.items(), key=lambda kv: (-kv[1][1] * kv[1][0].price, kv[0])):
            if a != acct.name:
                continue
            step += 1
            amount = times(q, b.price)  # as written (engine/money.py)
            reason, note = _buy_reason(model, acct, b, harvested_classes[a], harvested_identities,
                                       new_money, old_cash)
            used = min(amount, max(0.0, new_money))
            new_money -= used
            used_cash = min(amount - used, max(0.0, old_cash))
            old_cash -= used_cash
            w_st, w_lt, w_note, w_shares, w_parts = past_washed.get((a, sym), (0.0, 0.0, "", 0.0, ()))
            trades.append(Trade(step, a, sym, Action.BUY, q, b.price, amount, w_st, w_lt, 0.0, reason,
                                note + w_note, b.asset_class, replaces_past_loss_shares=w_shares,
                                past_loss_parts=w_parts))
    # the plan realizes what its Trades rows report (each sell the sum of its Lot Sales rows in cents):
    # its tax is computed on those figures, so the Total, the budget and every note agree to the cent
    st_c = round(sum(t.realized_st for t in trades), 2) + 0.0
    lt_c = round(sum(t.realized_lt for t in trades), 2) + 0.0
    if st_c != sol.realized_st or lt_c != sol.realized_lt:
        sol = replace(sol, realized_st=st_c, realized_lt=lt_c)
        tax = oracle.true_tax(st_c, lt_c)

    after = model.after_values(x)
    cash_left = tuple((a.name, max(0.0, float(x[j]))) for a, j in zip(model.accounts, model.cash_vars))
    # the wash engine's disallowed loss per identity (what Lot Sales and Lot Selection show)
    engine_wash: dict[str, tuple[float, float]] | None = None
    if outcome is not None:
        engine_wash = {}
        for pieces in sells.values():
            for sl, _q in pieces:
                sold_lot = outcome[(sl.lot.account, sl.lot.lot_id)]
                disallowed, lost = engine_wash.get(sl.identity, (0.0, 0.0))
                engine_wash[sl.identity] = (disallowed + sold_lot.disallowed, lost + sold_lot.lost_for_good)
    # what the plan's wash sales leave in the lots it keeps (kept_lots.py), for the notes about them
    kept_matches: list[WashMatch] = []
    sold_carrying: dict[tuple[str, str], float] = {}
    if outcome is not None:
        for pieces in sells.values():
            for sl, _q in pieces:
                sold_lot = outcome[(sl.lot.account, sl.lot.lot_id)]
                kept_matches.extend(sold_lot.matches)
                sold_carrying[(sl.lot.account, sl.lot.lot_id)] = carried_in(
                    sl.lot, ((p.quantity, p.basis) for p in sold_lot.parts))
    # the loss each harvested identity still realizes once the engine's wash matches are taken off: a
    # loss the plan's own washes take in full leaves nothing a reinvested dividend could wash (audit18 F10)
    open_loss: dict[str, float] = {}
    for pieces in sells.values():
        for sl, q in pieces:
            if sl.gain_per_share < 0:
                taken = outcome[(sl.lot.account, sl.lot.lot_id)].disallowed if outcome is not None else 0.0
                open_loss[sl.identity] = open_loss.get(sl.identity, 0.0) - q * sl.gain_per_share - taken
    notes = list(notes) + _plan_notes(model, sol, trades, r_st, r_lt, harvested_identities, engine_wash,
                                      kept_matches, sold_carrying, status is PlanStatus.BUDGET_BINDS, open_loss)
    spent = spent_note(tax, model.as_of.year) or created_note(tax, oracle.profile)
    if spent:
        notes.append(spent)
    return explain_buys(Plan(
        trades=attribute_trades(oracle.profile, trades, tax.total),  # exact, in step order
        lot_sales=tuple(lot_sales),
        realized_st=sol.realized_st,
        realized_lt=sol.realized_lt,
        tax=tax,
        before=dict(model.before),
        after=after,
        max_drift_before=max_drift(h),
        max_drift_after=max_drift(h, after),
        cash_left=cash_left,
        notes=tuple(notes),
        status=status,
        cost_to_remove_drift=cost_to_remove,
        wash_matches=() if outcome is None else tuple(
            m for o in sell_orders for sl, _q in o.pieces  # in step order
            for m in outcome[(sl.lot.account, sl.lot.lot_id)].matches),
        waits=waits,
    ), h, bool(model.triggered),  # every buy's reason checked against the whole plan
        {(sl.lot.account, sl.lot.lot_id) for pieces in sells.values() for sl, _q in pieces if id(sl.lot) in first_lots})


def _wait_for_window_note(model: RebalanceModel, oracle: _TaxOracle, sol: Solution, tax_now: float, ident: str,
                          sold: Sequence[SoldLot], owns: Sequence[str],
                          verdict: Optional[WindowVerdict] = None) -> str:
    """"Waiting until DATE keeps $X": a loss this step loses for good to a recent purchase in an IRA,
    401(k), Roth or HSA (Rev. Rul. 2008-5) is kept whole by selling once that purchase's 30 days are
    over (IRC §1091(a): acquired within 30 days before the sale), when that day is in the same tax
    year. The saving is exact: the plan's tax now minus its tax with that loss allowed. A sale the plan
    could have dated is dated instead (window_wait.py); one it makes now says why (``verdict``: the
    bands need it, or selling now costs less in all). Example: 300 VEA whose $600 of loss an IRA's
    2026-11-20 purchase takes for good, in a plan that sells VEA to bring Intl Stocks within its band:
    waiting until 2026-12-21 keeps it, $148.80 less tax at 24.8%, but the bands need the sale now."""
    lost_st = sum(p.permanent_disallowed for o in sold for p in o.parts if not p.long_term)
    lost_lt = sum(p.permanent_disallowed for o in sold for p in o.parts if p.long_term)
    if lost_st + lost_lt < 0.005:
        return ""
    accounts = model.household.account_map()
    washing = [p for p in model.pool.get(ident, ()) if p.account in accounts and not accounts[p.account].is_taxable]
    if not washing:
        return ""
    clear = verdict.clear if verdict is not None else max(
        (d for own in owns if (d := first_day_to_sell(model.pool.get(ident, ()), own)) is not None), default=None)
    if clear is None:
        return ""
    if clear.year != model.as_of.year:
        return next_year_note(oracle, sol, tax_now, ident, sold, first_trading_day(clear), washing)
    allowed = oracle.true_tax(sol.realized_st - lost_st, sol.realized_lt - lost_lt)
    saving = tax_now - allowed.total
    if saving < 0.005:
        return ""
    # of the kept loss, what this year's return does not use carries forward (counted once: fe12 F-n)
    carried = max(0.0, carried_forward(allowed) - carried_forward(oracle.true_tax(sol.realized_st, sol.realized_lt)))
    bought = ", ".join(sorted({f"{p.account} on {p.acquired.isoformat()}" for p in washing}))
    why = "if this sale can wait"
    if verdict is not None and verdict.reason == "bands":
        why = "but the bands need this sale now (the plan without it leaves a class further outside its band)"
    elif verdict is not None and verdict.reason == "small":
        later = (f"and the ${cents(carried):,.2f} of it that carries forward (IRC §1212(b)) would be "
                 f"{model.carryforward_rates.words(carried)}; " if carried >= 0.005 else "")
        counted = " (what carries forward counted at the long-term rate)" if later else ""
        why = (f"{later}but waiting would save less than ${cents(MIN_WAIT_SAVING):,.2f} in all{counted}: not worth "
               f"the days "
               "of market risk (the least saving taxrebal advises any wait for)")
    elif verdict is not None:
        why = ("but selling now costs less in all: the plan without this sale pays more tax now than waiting "
               "saves (its proceeds pay for trades that would otherwise cost tax)")
    return (f" Waiting until {clear.isoformat()} keeps ${cents(lost_st + lost_lt):,.2f} of loss that selling "
            f"now loses for good (the {ident} bought in {bought} no longer washes it then, same tax year): "
            f"about ${cents(saving):,.2f} less tax, {why}.")


def _conservative(model: RebalanceModel, sells: Sells, identity: str) -> Optional[ConservativeDate]:
    """The date the conservative reading (recent shares counted even when sold first, IRC §1091(a) 'has
    acquired') lets the plan's loss sales of ``identity`` be made, and the purchases it counts: every
    recent purchase of the identity, any account (Rev. Rul. 2008-5), :func:`first_day_to_sell` for
    each loss lot, the latest of them. fe10 h2: the 401(k)'s 2026-11-20 and the HSA's 2026-11-25 SP500
    purchases -> IVV lot B-4 on 2026-12-26 (not 2026-12-21, the 401(k)'s shares alone)."""
    pool = model.pool.get(identity, ())
    days = [d for pieces in sells.values() for sl, _q in pieces
            if sl.identity == identity and sl.gain_per_share < 0 and not sl.chained
            and (d := first_day_to_sell(pool, purchase_id(sl.lot))) is not None]
    if not days:
        return None
    return ConservativeDate(max(days), tuple(f"{p.account} {p.acquired.isoformat()}"
                                             for p in sorted(pool, key=lambda p: (p.acquired, p.account))))


def _no_reading_needed(model: RebalanceModel, identity: str) -> str:
    """The alternative that needs no reading of IRC §1091 (fe9 finding 4): when every class is within
    its band (the sale of recent shares only clears the way for a harvest) and the last recent purchase
    of ``identity`` stops washing within As Of's tax year, the harvest can wait for that day instead:
    the latest purchase + 31 days (§1091(a): acquired within 30 days before the sale). Example: VXUS
    bought in Wei IRA on 2026-11-25: "Or wait until 2026-12-26 ..."."""
    clear = first_day_to_sell(model.pool.get(identity, ()))
    if model.triggered or clear is None:
        return ""
    if clear > last_trading_day(date(model.as_of.year, 12, 31)):
        return ""
    return (f" Or, with no reading needed: skip this sale and make the loss sales of {identity} on or after "
            f"{clear.isoformat()} (same tax year, the bands do not need them), when no purchase of the last "
            f"{model.window} days washes them.")
