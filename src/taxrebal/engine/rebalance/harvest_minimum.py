"""A harvest-only plan harvests at least Harvest Min Loss dollars from a lot, or nothing of it.

Rule (taxrebal's reading of Settings.harvest_min_loss, "the smallest loss worth harvesting"): when every
class is within its band the plan only harvests (nothing is sold to rebalance), so a sale of a loss lot
is a harvest, and a harvest below Harvest Min Loss is not worth its trade. The candidate filter
(candidates.py) judges the *whole* lot's loss; without this rule the optimizer could then sell a sliver
of it (the band stops it), realizing a loss far below the threshold.

Worked example (fe5 WA.xlsx): every class on target, US 50% in a 5-point band, VTI lot W of 10 shares
at $100 with a $115 basis (a $150 loss). The band lets the plan sell 1 share: a $15 loss, $3.30 of tax
saved, and US moved from 0 to 5 points off target with $100 left in cash. With Harvest Min Loss $100,
a sale must realize at least $100 (7 shares), which the band forbids: no trade.

How the model carries it, for a loss lot of ``q`` shares losing ``l`` per share, ``m`` = min(q,
Harvest Min Loss / l) shares and a binary ``h`` (harvested): ``x >= m h`` and ``x <= q h``. Only in a
harvest-only model (``triggered`` false).

In a rebalance (:func:`add_rebalance_minimum_rows`) a lot whose whole loss is under Harvest Min Loss is
a candidate only because its class is over target: it is sold to rebalance, not as a harvest. So its
sales stop where they would take the class to target: the dollars of such lots a class sells are at most
its value over target before the plan. Beyond that, a sale and the purchase that keeps the class invested
would be a harvest the setting calls not worth doing. Worked example (fe15 h10, Single, Harvest Min Loss
$100): US Stocks $60,000 of $70,800 against 60% is $17,520 over target; VTI lot L1, 100 shares at $300
with a $50 loss ($0.50 a share), may sell at most 58.4 shares ($17,520): 58 with Whole Shares, a $29.00
loss, $6.38 less tax, Bonds bought with the proceeds. Before, the plan sold all 100 and bought $12,500 of
SCHB back into US Stocks to realize $21.00 more loss ($4.62 of tax) for $25,000 more traded. Recent
shares that could wash a loss (wash_exposure.py) are not capped: selling them is how a harvest keeps its
loss.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .lp import _Lp
    from .model import RebalanceModel


def add_rebalance_minimum_rows(model: "RebalanceModel", lp: "_Lp") -> int:
    """In a rebalance, per class over target: the dollars its lots with a whole loss under Harvest Min Loss
    sell are at most its value over target before the plan (module docstring); how many classes got a row."""
    min_loss = model.settings.harvest_min_loss
    if not model.triggered or min_loss <= 0:
        return 0
    rows: dict[str, dict[int, float]] = {}
    for sl, j in zip(model.sell_lots, model.lot_vars):
        if sl.gain_per_share >= 0 or sl.chained or -sl.gain_per_share * sl.lot.quantity >= min_loss - 1e-9:
            continue
        if model._in_pool(sl.lot, sl.identity):
            continue
        rows.setdefault(sl.asset_class, {})[j] = sl.price
    added = 0
    for cls, coef in sorted(rows.items()):
        over = model.before.get(cls, 0.0) - model.target_of(cls) * model.total
        if over <= 0:
            continue  # not over target: _may_sell_loss let none of these in
        lp.row(coef, -math.inf, over)
        added += 1
    return added


def add_harvest_minimum_rows(model: "RebalanceModel", lp: "_Lp") -> int:
    """The rows of the module docstring for each sellable loss lot of a harvest-only model; how many
    lots got them."""
    min_loss = model.settings.harvest_min_loss
    if model.triggered or min_loss <= 0:
        return 0
    added = 0
    for sl, j in zip(model.sell_lots, model.lot_vars):
        q = lp.ub[j]
        if sl.gain_per_share >= 0 or q <= 0 or getattr(sl, "chained", False):
            continue
        m = min(q, min_loss / -sl.gain_per_share)
        h = lp.var(0.0, 1.0, integer=True)
        lp.row({j: 1.0, h: -m}, 0.0, math.inf)  # x >= m h
        lp.row({j: 1.0, h: -q}, -math.inf, 0.0)  # x <= q h
        added += 1
    return added
