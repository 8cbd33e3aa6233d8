"""A best-effort plan leaves no class further outside its band than it must.

When no plan reaches every band (stage A's least largest breach is above 0) and no Tax Budget is set
(a budget has its own per-class breach columns, model.py), the tie-break stages start with one more:
the least total distance from target of the classes outside their band in the stage-B plan, every
other class kept within its band. Stage A bounds only the *largest* breach; without this stage a
second class outside its band could stay further out than a tax-free trade allows.

Worked example (fe14 F9, Rebalance To = Band Edge): Intl Stocks can be bought only where every dollar
already buys it, so it stays 13.56 points under (the largest breach, fixed); US Stocks is 13.56 over.
A 401(k) can exchange about $7,627 more FXAIX into FXNAX at no tax, taking Bonds from its 10% target to
its 15% band edge and US Stocks from +13.56 to about +8.56 points: this stage makes that exchange.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from ..allocation import CASH_CLASS
from .attributes import ModelAttributes

__all__ = ["breach_spread_stage"]

#: dollars of slack on a class kept within its band (the stage-B plan meets the row with it)
_SLACK = 1e-6


def breach_spread_stage(model: ModelAttributes, x: np.ndarray
                        ) -> tuple[dict[int, float], list[tuple[Mapping[int, float], float, float]]] | None:
    """(objective, rows) of the stage, or None when the stage-B plan ``x`` leaves no class outside its
    band. The objective: the distance columns of the classes outside their band; the rows: every other
    class's distance at most its band (in dollars)."""
    T = model.total
    outside: list[str] = []
    gaps: dict[str, float] = {}
    for k in model.dist_vars:
        if k == CASH_CLASS and not model.cash_is_class:
            continue
        value = model.class_const[k] + sum(v * float(x[j]) for j, v in model.class_expr[k].items())
        gaps[k] = abs(value - model.target_of(k) * T)  # the plan's distance (its column need not be tight)
        if gaps[k] > model.band_of(k) * T + 1e-6 * max(T, 1.0):
            outside.append(k)
    if not outside:
        return None
    objective = {model.dist_vars[k]: 1.0 for k in outside}
    rows: list[tuple[Mapping[int, float], float, float]] = [
        ({model.dist_vars[k]: 1.0}, -math.inf, max(model.band_of(k) * T, gaps[k]) + _SLACK)
        for k in gaps if k not in outside]
    return objective, rows
