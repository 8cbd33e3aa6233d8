"""The spreadsheet rebalance a household would do by hand: the zero point of the benchmark's score.

1. For each class above its target, sell the dollars above target, oldest lot first (FIFO), in
   whatever account holds it (accounts in Accounts order, lots by acquisition date).
2. Each account spends its cash + contribution + what it raised on the classes below target, in
   proportion to how far below they are, buying the first fund of the class its Menu allows.
3. Whole Shares: sells round up and buys round down to whole shares. No thought for tax, wash
   sales, bands or Min Trade.

Worked example: $100,000, stocks 70% (target 60%), bonds 30% (target 40%): sell $10,000 of the
oldest stock lots, buy $10,000 of the first bond fund in the account that sold.
"""

from __future__ import annotations

import math
from datetime import date

from taxrebal.engine.records import Household

from .history import ref_lots
from .plans import BuyOrder, RefPlan, SellPiece, class_values_before

__all__ = ["naive_plan"]


def naive_plan(h: Household) -> RefPlan:
    secs = {s.symbol: s for s in h.securities}
    before = class_values_before(h)
    total = sum(before.values())
    target = {t.asset_class: t.target for t in h.targets}
    excess = {c: v - target.get(c, 0.0) * total for c, v in before.items() if c != "Cash"}
    order = {a.name: k for k, a in enumerate(h.accounts)}
    lots = sorted(ref_lots(h), key=lambda x: (x.acquired or date.min, order[x.account], x.lot_id))
    cash = {a.name: a.cash + a.contribution for a in h.accounts}
    sells: list[SellPiece] = []
    step = 0
    for lot in lots:
        sec = secs[lot.symbol]
        left = excess.get(sec.asset_class, 0.0)
        if left <= 0:
            continue
        q = min(lot.quantity, left / sec.price)
        if h.settings.whole_shares:
            q = min(lot.quantity, float(math.ceil(q - 1e-9)))
        if q <= 0:
            continue
        step += 1
        sells.append(SellPiece(step, lot.lot_id, q))
        excess[sec.asset_class] = left - q * sec.price
        cash[lot.account] += q * sec.price
    deficit = {c: -v for c, v in excess.items() if v < 0}
    for c, t in target.items():
        if c not in excess and c != "Cash" and t > 0:
            deficit[c] = t * total
    buys: list[BuyOrder] = []
    for a in h.accounts:
        fund = {c: next((s.symbol for s in h.securities if s.asset_class == c and h.may_buy(a.name, s.symbol)), None)
                for c in deficit}
        wanted = {c: d for c, d in deficit.items() if fund[c] and d > 0}
        spend = cash[a.name]
        if spend <= 0 or not wanted:
            continue
        weight = sum(wanted.values())
        for c, d in wanted.items():
            sym = fund[c]
            q = spend * d / weight / secs[sym].price
            if h.settings.whole_shares:
                q = float(math.floor(q + 1e-9))
            if q > 0:
                step += 1
                buys.append(BuyOrder(step, a.name, sym, q))
    return RefPlan(tuple(sells), tuple(buys))
