"""The one place the benchmark calls the product: its public entry point, as the pipeline does.

``product_plan(household)`` runs :func:`taxrebal.engine.wash.adjust_lots`, the tax ledger's Realized
YTD (:func:`taxrebal.engine.ledger.ledger_settings`), then
:func:`taxrebal.engine.rebalance.plan_rebalance` (what ``taxrebal run`` does) and turns the returned
Plan into the benchmark's :class:`planref.plans.RefPlan`: taxable sells from the plan's own Lot Sales
(its specific-identification instructions); a sell in a tax-advantaged account, for which the plan
names no lots, relieves that position's most recently acquired shares first (the instruction a plan
wanting to remove replacement shares would give; lots carry no tax there); its "Sales to wait for"
(``Plan.waits``: loss sales dated later this year, when a wash-sale window has cleared) as dated
sells after today's steps, each with the replacement it names bought that day with its proceeds (a
dated buy, which washes a loss sale of its identity within 30 days of that day, planref.wash_check).
Only the plan's orders and reported figures are read: no model code is imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from taxrebal.engine.records import Action, Household

from .history import ref_lots
from .plans import BuyOrder, RefPlan, SellPiece

__all__ = ["ProductResult", "product_plan"]


@dataclass(frozen=True)
class ProductResult:
    plan: RefPlan | None
    error: str  # "" when a plan was returned
    status: str = ""
    reported_tax: float = 0.0  # today's trades (the dated sales' tax is on top of it)
    reported_st: float = 0.0  # today's trades and the dated sales
    reported_lt: float = 0.0
    problems: tuple[str, ...] = ()  # inconsistencies between the plan's trades and its lot sales


def product_plan(h: Household) -> ProductResult:
    from taxrebal.engine.ledger import ledger_settings
    from taxrebal.engine.rebalance import plan_rebalance
    from taxrebal.engine.wash import adjust_lots
    from taxrebal.errors import InfeasiblePlanError

    washed = adjust_lots(h)
    # Realized YTD reconciled with this year's sells and the losses their wash sales disallowed, as the
    # pipeline's one tax ledger does (engine/ledger.py) before the plan
    adjusted = replace(washed.household, settings=ledger_settings(washed.household.settings, washed, h.as_of))
    try:
        plan = plan_rebalance(adjusted, as_of=h.as_of)
    except InfeasiblePlanError as e:
        return ProductResult(None, f"infeasible: {e}")
    except Exception as e:  # noqa: BLE001 - a crash is a result to report, not to hide
        return ProductResult(None, f"error: {type(e).__name__}: {e}")
    lots = {lot.lot_id: lot for lot in ref_lots(h)}
    taxable = {a.name: a.is_taxable for a in h.accounts}
    sells: list[SellPiece] = []
    buys: list[BuyOrder] = []
    problems: list[str] = []
    remaining = {lot.lot_id: lot.quantity for lot in ref_lots(h)}
    by_step: dict[int, list] = {}
    for ls in plan.lot_sales:
        by_step.setdefault(ls.step, []).append(ls)
    for t in plan.trades:
        if t.action is Action.BUY:
            buys.append(BuyOrder(t.step, t.account, t.symbol, t.quantity))
            continue
        if taxable[t.account]:
            pieces = by_step.get(t.step, [])
            for ls in pieces:
                lot_id = ls.lot_id if ls.lot_id in lots else re.sub(r"-W\d+$", "", ls.lot_id)
                if lot_id not in lots:
                    problems.append(f"step {t.step}: unknown lot {ls.lot_id}")
                    continue
                sells.append(SellPiece(t.step, lot_id, ls.quantity))
            if abs(sum(ls.quantity for ls in pieces) - t.quantity) > 1e-6:
                problems.append(f"step {t.step}: lot sales {sum(ls.quantity for ls in pieces):g} != "
                                f"order {t.quantity:g}")
        else:
            left = t.quantity
            held = sorted((x for x in ref_lots(h) if x.account == t.account and x.symbol == t.symbol),
                          key=lambda x: (x.acquired or date.min, x.lot_id), reverse=True)
            for lot in held:
                q = min(left, remaining[lot.lot_id])
                if q > 1e-12:
                    sells.append(SellPiece(t.step, lot.lot_id, q))
                    remaining[lot.lot_id] -= q
                    left -= q
    # the plan's "Sales to wait for": loss sales it dates later this year (a wash-sale window clears
    # first), each a dated order after today's steps (planref.plans)
    step = max((t.step for t in plan.trades), default=0)
    for w in sorted(plan.waits, key=lambda w: (w.sell_on, w.account, w.symbol, w.lot_id)):
        lot_id = w.lot_id if w.lot_id in lots else re.sub(r"-W\d+$", "", w.lot_id)
        if lot_id not in lots:
            problems.append(f"sale to wait for: unknown lot {w.lot_id}")
            continue
        step += 1
        sells.append(SellPiece(step, lot_id, w.quantity, on=w.sell_on))
        if w.replacement:  # that day its proceeds buy the named replacement: a dated buy the wash check sees
            price = {s.symbol: s.price for s in h.securities}[w.replacement]
            buys.append(BuyOrder(step, w.account, w.replacement, w.quantity * w.price / price, on=w.sell_on))
    # reported: the tax of today's trades (Trades' total), the (ST, LT) of today's trades and the dated sales
    return ProductResult(RefPlan(tuple(sells), tuple(buys)), "", plan.status.value, plan.tax_total,
                         plan.realized_st + sum(w.realized_st for w in plan.waits),
                         plan.realized_lt + sum(w.realized_lt for w in plan.waits), tuple(problems))
