"""Cleaning the solver's answer: pieces worth less than SLIVER_DOLLARS are dropped.

Example: 10 shares of lot A plus 0.00045 of lot B at $300 -> 10 shares of lot A.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from ..allocation import allocation
from ..records import (
    Lot,
    LotMethod,
)
from .tuning import SLIVER_DOLLARS


class RoundingMixin:
    def without_slivers(self, x: np.ndarray) -> np.ndarray:
        """The solution without pieces worth less than :data:`SLIVER_DOLLARS` (a solver vertex can sell
        0.00045 shares of a second lot to land exactly on target): such a lot piece, tax-free sell or
        buy is dropped, the account's cash is re-balanced (a shortfall trims that account's largest
        buy), and nothing changes when Whole Shares is on or when dropping would move a class out of
        its band. Worked example: 10 shares of lot A plus 0.00045 of lot B at $300 ($0.13) -> 10 shares
        of lot A, and the account keeps $0.13 less cash."""
        if self.settings.whole_shares:
            return x
        y = np.array(x, dtype=float)
        acct_index = {a.name: i for i, a in enumerate(self.accounts)}
        changed = False

        def drop(j: int, account: str, cash_change: float) -> None:
            nonlocal changed
            y[j] = 0.0
            y[self.cash_vars[acct_index[account]]] += cash_change
            changed = True

        for sl, j in zip(self.sell_lots, self.lot_vars):
            if 0.0 < y[j] * sl.price < SLIVER_DOLLARS:
                drop(j, sl.lot.account, -y[j] * sl.price)
        for p, j in zip(self.positions, self.pos_vars):
            if 0.0 < y[j] * p.price < SLIVER_DOLLARS:
                drop(j, p.account, -y[j] * p.price)
        for b, j in zip(self.buys, self.buy_vars):
            if 0.0 < y[j] * b.price < SLIVER_DOLLARS:
                drop(j, b.account, y[j] * b.price)
        if not changed:
            return x
        for a, cj in zip(self.accounts, self.cash_vars):
            if y[cj] >= 0.0:
                continue
            mine = [(y[j] * b.price, j, b) for b, j in zip(self.buys, self.buy_vars) if b.account == a.name and y[j] > 0]
            if not mine:
                return x
            amount, j, b = max(mine, key=lambda t: t[0])
            if amount + y[cj] < 0.0:
                return x
            y[j] += y[cj] / b.price
            y[cj] = 0.0
        outside = {r.asset_class for r in allocation(self.household, self.after_values(x)) if r.outside_band}
        after = {r.asset_class for r in allocation(self.household, self.after_values(y)) if r.outside_band}
        return y if after <= outside else x

    # ------------------------------------------------------------------------ reading results

def _order_key(lot: Lot, method: LotMethod):
    start = lot.holding_start or date.min
    if method is LotMethod.FIFO:
        return (start, lot.lot_id)
    if method is LotMethod.LIFO:
        return (-start.toordinal(), lot.lot_id)
    unit = lot.unit_cost if lot.unit_cost is not None else 0.0
    return (-unit, start, lot.lot_id)  # HIFO: highest cost per share first

