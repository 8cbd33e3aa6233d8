"""Turning the solver's answer into ordered trades and lot sales (account by account: taxable
sells, tax-advantaged sells, then buys)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..attribution import attribute_trades
from ..plan import LotSale, Plan, PlanStatus, Reason, Trade
from ..records import (
    Action,
    LotMethod,
)
from ..tax import MarginalTax
from .data import Solution, _SellLot
from .explain import _buy_reason, _lot_sale, _plan_notes, _sell_note, _wait_note
from .model import max_drift
from .rounding import _order_key
from .stages import _TaxOracle

if TYPE_CHECKING:
    from .model import RebalanceModel


def _assemble(model: RebalanceModel, oracle: _TaxOracle, sol: Solution, tax: MarginalTax,
              status: PlanStatus, cost_to_remove: float | None, notes: list[str]) -> Plan:
    h = model.household
    x = sol.x
    as_of = model.as_of
    r_st, r_lt = oracle.local_rates(sol.realized_st, sol.realized_lt)
    qty_eps = 1e-6

    # taxable sells per position, with their lots
    sells: dict[tuple[str, str], list[tuple[_SellLot, float]]] = {}
    for sl, j in zip(model.sell_lots, model.lot_vars):
        q = float(x[j])
        if q > qty_eps:
            q = min(q, sl.lot.quantity)
            sells.setdefault((sl.lot.account, sl.lot.symbol), []).append((sl, q))
    adv_sells = {(p.account, p.symbol): (p, float(x[j])) for p, j in zip(model.positions, model.pos_vars)
                 if x[j] > qty_eps}
    buys = {(b.account, b.symbol): (b, float(x[j])) for b, j in zip(model.buys, model.buy_vars)
            if x[j] > qty_eps}

    harvested_identities: dict[str, str] = {}
    for (acct, sym), pieces in sells.items():
        if any(sl.gain_per_share < 0 for sl, _ in pieces):
            harvested_identities[model.secs[sym].identity] = sym
    trades: list[Trade] = []
    lot_sales: list[LotSale] = []
    step = 0
    for acct in model.accounts:
        harvested_classes = set()
        proceeds_taxable = 0.0
        for (a, sym), pieces in sorted(sells.items()):
            if a != acct.name:
                continue
            step += 1
            price = model.secs[sym].price
            qty = sum(q for _, q in pieces)
            st = sum(q * sl.gain_per_share for sl, q in pieces if not sl.long_term)
            lt = sum(q * sl.gain_per_share for sl, q in pieces if sl.long_term)
            net = st + lt
            reason = Reason.HARVEST if net < 0 else Reason.TAXABLE_SALE
            if net < 0:
                harvested_classes.add(model.secs[sym].asset_class)
            proceeds_taxable += qty * price
            note = _sell_note(model, sym, pieces, st, lt, as_of)
            note += _wait_note(oracle, sol, pieces)
            trades.append(Trade(step, a, sym, Action.SELL, qty, price, qty * price, st, lt,
                                st * r_st + lt * r_lt, reason, note, model.secs[sym].asset_class))
            for sl, q in sorted(pieces, key=lambda p: _order_key(p[0].lot, LotMethod.FIFO)):
                lot_sales.append(_lot_sale(step, sl, q, as_of, model.window))
        for (a, sym), (p, q) in sorted(adv_sells.items()):
            if a != acct.name:
                continue
            step += 1
            trades.append(Trade(step, a, sym, Action.SELL, q, p.price, q * p.price, 0.0, 0.0, 0.0,
                                Reason.TAX_ADVANTAGED,
                                f"Sells {p.asset_class} inside a {acct.type}: no tax"
                                + (" (the whole position)" if q >= p.quantity - qty_eps else "") + ".",
                                p.asset_class))
        new_money = acct.contribution
        old_cash = acct.cash
        for (a, sym), (b, q) in sorted(buys.items(), key=lambda kv: (-kv[1][1] * kv[1][0].price, kv[0])):
            if a != acct.name:
                continue
            step += 1
            amount = q * b.price
            reason, note = _buy_reason(model, acct, b, harvested_classes, harvested_identities,
                                       new_money, old_cash)
            used = min(amount, max(0.0, new_money))
            new_money -= used
            used_cash = min(amount - used, max(0.0, old_cash))
            old_cash -= used_cash
            trades.append(Trade(step, a, sym, Action.BUY, q, b.price, amount, 0.0, 0.0, 0.0, reason,
                                note, b.asset_class))

    after = model.after_values(x)
    cash_left = tuple((a.name, max(0.0, float(x[j]))) for a, j in zip(model.accounts, model.cash_vars))
    notes = list(notes) + _plan_notes(model, sol, trades, r_st, r_lt, harvested_identities)
    return Plan(
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
    )

