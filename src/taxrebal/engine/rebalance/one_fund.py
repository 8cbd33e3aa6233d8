"""One fund per asset class and account: a purchase split between equivalent funds is made in one.

The last tie-break stage (stages.tie_break_stages, F) prefers, among funds of one class, the
Replacement lists' order, then a fund that holds no unharvested loss, then a fixed order of the
Securities rows, so that one account's purchase of a class is never split. The fixed order is worth
1e-6 a dollar (tuning.FUND_ORDER_STEP), under the solver's 0.1 absolute gap: HiGHS may stop with
the purchase split. So a finished plan's buys are consolidated here, without a solve, where that is
the same plan in every figure but the fund: the same dollars in the same account and class (the
same cash, class values, distance and turnover), no tax (a buy realizes nothing), and no wash-sale
rule involved (neither fund's identity has a loss sale still open or a lot the plan sells).

Skipped: whole-share funds (the dollars need not make whole shares), an employer plan with a
Contribution (its payroll buys have their own columns), and funds of different location steps
(the location stage chose between them).

Worked example (fe14 F4): Brk buys $4,437.50 of BND (row 11 of Securities) and $100.00 of AGG
(row 12), both Bonds, both fractional, neither sold nor at a loss: the plan buys $4,537.50 of BND,
62.1576 shares at $73 ($4,537.50 to the cent), and no AGG.
"""

from __future__ import annotations

import numpy as np

from ..records import PAYROLL_PLAN_TYPES
from .attributes import ModelAttributes

__all__ = ["one_fund_per_class"]


def one_fund_per_class(model: ModelAttributes, x: np.ndarray) -> np.ndarray:
    """``x`` with each account's purchase of a class in its most preferred fund (module docstring)."""
    whole = model.whole_share_symbols
    accounts = {a.name: a for a in model.accounts}
    sold_identities = {sl.identity for sl, j in zip(model.sell_lots, model.lot_vars) if x[j] > 1e-9}
    sold_identities |= {model.secs[p.symbol].identity for p, j in zip(model.positions, model.pos_vars)
                        if x[j] > 1e-9}
    blocked = sold_identities | set(getattr(model, "open_loss_sales", {}))
    groups: dict[tuple[str, str, float], list[int]] = {}
    for i, (b, j) in enumerate(zip(model.buys, model.buy_vars)):
        acct = accounts[b.account]
        if x[j] <= 1e-9 or b.symbol in whole or b.identity in blocked:
            continue
        if acct.type in PAYROLL_PLAN_TYPES and acct.contribution > 0:
            continue
        groups.setdefault((b.account, b.asset_class, b.location), []).append(i)
    binary = {js[0]: z for js, _price, z, _m in getattr(model, "orders", ()) if z is not None and len(js) == 1}
    y = None
    for members in groups.values():
        if len(members) < 2:
            continue
        keep = min(members, key=lambda i: (model.buys[i].weight, model.buys[i].symbol))
        if y is None:
            y = np.array(x, dtype=float)
        kb, kj = model.buys[keep], model.buy_vars[keep]
        for i in members:
            if i == keep:
                continue
            b, j = model.buys[i], model.buy_vars[i]
            y[kj] += y[j] * b.price / kb.price
            y[j] = 0.0
            if j in binary:
                y[binary[j]] = 0.0
        if kj in binary:
            y[binary[kj]] = 1.0
    return x if y is None else y
