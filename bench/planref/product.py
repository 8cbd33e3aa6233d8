"""The one place the benchmark calls the product: its public entry point, as the pipeline does.

``product_plan(household)`` runs :func:`taxrebal.engine.wash.adjust_lots`, the tax ledger's Realized
YTD (:func:`taxrebal.engine.ledger.ledger_settings`), then
:func:`taxrebal.engine.rebalance.plan_rebalance` (what ``taxrebal run`` does) and turns the returned
Plan into the benchmark's :class:`planref.plans.RefPlan`: taxable sells from the plan's own Lot Sales
(its specific-identification instructions); a sell in a tax-advantaged account, for which the plan
names no lots, relieves that position's most recently acquired shares first (the instruction a plan
wanting to remove replacement shares would give; lots carry no tax there). Only the plan's orders and
reported figures are read: no model code is imported.
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
    reported_tax: float = 0.0
    reported_st: float = 0.0
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
    return ProductResult(RefPlan(tuple(sells), tuple(buys)), "", plan.status.value, plan.tax_total,
                         plan.realized_st, plan.realized_lt, tuple(problems))
