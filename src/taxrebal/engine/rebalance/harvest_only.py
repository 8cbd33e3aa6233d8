"""A harvest-only plan reinvests what it harvests: no class ends further under target than it is.

Rule (taxrebal's reading of what an investor expects when every class is within its band and the
plan only harvests losses and invests cash): a harvest is a tax trade, not an allocation change. Its
proceeds buy a similar-but-not-identical fund of the same class (the Replacement column, or another
fund of the class on the account's menu), or move the household toward target: a class keeps at
least its value, and a class over target may fall at most to as far under target as it is over now.
Nothing caps a class from above here: cash and contributions are invested within the bands as
before. With Whole Shares a replacement cannot match the proceeds to the cent, so a class may also
fall by one share of the priciest fund the plan could buy in it (the cash such rounding leaves).

A loss lot whose account can buy no other fund of its class could then be harvested only by leaving
its proceeds in cash: the plan leaves it (or the part the rule stops) and says so
(:func:`cash_only_harvest_notes`), naming what to add to harvest it.

Worked example (new-user test fe6, hh4): a taxable account at 60/40 (5-point bands), bonds 0.22
points over target. BND lot L4 (500 shares, basis $80, price $72) has a $4,000 long-term loss and
no replacement on Securities. Before this rule the plan sold 64.93 BND (Bonds to its band edge, -5.00
points) and left $4,474.97 in cash to save $62.33 of tax. Now Bonds may fall only to 0.22 points
under target ($400 of BND, a $44 loss, under Harvest Min Loss $100): L4 is kept, and the plan's
notes say why and that a Replacement for BND would let it be harvested. The QQQ harvest into SCHG
(the same class) is made as before.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from taxrebal.engine.money import cents

from ..allocation import CASH_CLASS

if TYPE_CHECKING:
    from .lp import _Lp
    from .model import RebalanceModel

#: the dollars a class may fall by without Whole Shares (float round-off, never a trade)
_CENT = 0.01


def add_reinvest_rows(model: "RebalanceModel", lp: "_Lp") -> int:
    """For a harvest-only model, one row per class (Cash aside): its value after the plan is at least
    its value now, or, for a class over target, at least as far under target as it is over now (the
    proceeds may move it toward target and no further); less one share of the priciest fund the plan
    could buy in the class with Whole Shares (else a cent). How many rows were added."""
    if model.triggered or not model.allow_sells:
        return 0
    step: dict[str, float] = {}
    if model.settings.whole_shares:
        for b in model.buys:
            step[b.asset_class] = max(step.get(b.asset_class, 0.0), b.price)
    T = model.total
    added = 0
    for k in model.drift_classes:
        expr = model.class_expr.get(k)
        if k == CASH_CLASS or not expr:
            continue
        over = model.before.get(k, 0.0) - model.target_of(k) * T  # dollars over target now
        # value after = value now + expr.x >= value now - 2 x (dollars over target), when over
        lp.row(dict(expr), -2.0 * max(0.0, over) - step.get(k, 0.0) - _CENT, math.inf)
        added += 1
    return added


def cash_only_harvest_notes(model: "RebalanceModel", x: np.ndarray) -> list[str]:
    """For a harvest-only plan: one note per (account, symbol) whose loss lots qualify for harvesting
    yet are left unsold because the account can buy no other fund of the class (harvested, the
    proceeds would stay in cash and the class would move away from target)."""
    if model.triggered or not model.allow_sells:
        return []
    buyable: dict[tuple[str, str], set[str]] = {}
    for b in model.buys:
        buyable.setdefault((b.account, b.asset_class), set()).add(b.identity)
    left: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for sl, j in zip(model.sell_lots, model.lot_vars):
        if sl.gain_per_share >= 0 or sl.chained or model.lp.ub[j] <= 0 or float(x[j]) > 1e-6:
            continue
        others = buyable.get((sl.lot.account, sl.asset_class), set()) - {sl.identity}
        if others:
            continue
        left.setdefault((sl.lot.account, sl.lot.symbol), []).append(
            (sl.lot.lot_id, -sl.gain_per_share * sl.lot.quantity))
    notes = []
    for (acct, sym), lots in sorted(left.items()):
        sec = model.secs[sym]
        loss = sum(v for _, v in lots)
        ids = ", ".join(i for i, _ in lots)
        repl = (f"its Replacement {', '.join(sec.replacements)} is not a {sec.asset_class} fund {acct} may buy"
                if sec.replacements else f"{sym} has no Replacement on Securities")
        notes.append(f"{acct} {sym}: the ${cents(loss):,.2f} loss of lot{'s' if len(lots) > 1 else ''} {ids} is not "
                     f"harvested: {acct} can buy no other {sec.asset_class} fund ({repl}), so the proceeds "
                     f"would stay in cash, and a harvest-only plan (every class is within its band) reinvests what it "
                     f"harvests in the class. To harvest "
                     f"it, add a similar but not substantially identical {sec.asset_class} fund as {sym}'s "
                     "Replacement on Securities (and on the account's menu, if it has one).")
    return notes

