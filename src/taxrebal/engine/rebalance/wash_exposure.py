"""Wash-sale exposure of a plan (IRC §1091; Pub 550 "Wash Sales"; Rev. Rul. 2008-5 for IRAs).

A loss is disallowed when substantially identical stock is bought within 30 days before or after
the sale in any account of the household. Today's reading: the plan never buys an identity it
sells at a loss or that was sold at a loss in the last 30 days, and a loss lot of an identity bought
in the last 30 days (or reinvesting dividends) is not offered for sale.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from ..records import (
    Action,
    Household,
    Lot,
)
from ..wash import WashResult, adjust_lots, purchase_id, recent_purchases
from .lp import _Lp


class WashExposureMixin:
    # ------------------------------------------------------------------------ wash-sale history

    def _within_window(self, d: date) -> bool:
        return 0 <= (self.as_of - d).days <= self.window

    def _recent_loss_sales(self) -> dict[str, date]:
        """Identity -> latest date it was sold at a loss in a taxable account in the last 30 days.

        A sale whose basis is unknown counts as a loss (buying it back could wash a loss we cannot see).
        """
        accounts = self.household.account_map()
        lots = {(l.account, l.lot_id): l for l in self.household.lots}
        out: dict[str, date] = {}
        for t in self.household.transactions:
            if t.action is not Action.SELL or not self._within_window(t.date):
                continue
            acct = accounts.get(t.account)
            if acct is not None and not acct.is_taxable:
                continue
            basis = t.basis
            if basis is None and t.lot_id and (t.account, t.lot_id) in lots:
                lot = lots[(t.account, t.lot_id)]
                if lot.adjusted_basis is not None and lot.quantity > 0:
                    basis = lot.adjusted_basis / lot.quantity * t.quantity
            if basis is not None and t.quantity * t.price >= basis:
                continue
            ident = self._identity(t.symbol)
            if ident not in out or t.date > out[ident]:
                out[ident] = t.date
        return out

    def _recent_buys(self) -> dict[str, list[tuple[date, str, str]]]:
        """Identity -> purchases (date, account, purchase id) in the last 30 days, any account, that
        can still wash a loss sold today: still held and not already used as replacement shares for
        an earlier loss (each share replaces once, Treas. Reg. §1.1091-1(e)). The one reading shared
        with the harvest scan and the pre-trade check
        (:func:`taxrebal.engine.wash.recent_purchases`), so the three never disagree about a lot."""
        wash = _wash_of(self.household)
        first = self.as_of - timedelta(days=self.window)
        return {ident: [(p.acquired, p.account, p.purchase_id) for p in items]
                for ident, items in recent_purchases(wash.household, wash, first, self.as_of).items()}

    def _washed_by_recent_buy(self, lot: Lot, identity: str) -> bool:
        """True when a purchase of the identity in the last 30 days (other than this lot itself) would
        wash a loss on this lot (IRC §1091(a): 30 days *before* the sale count too)."""
        own = purchase_id(lot)
        return any(pid != own for _d, _acct, pid in self.recent_buys.get(identity, ()))

    def _wash_rows(self, lp: _Lp) -> None:
        """An identity is either sold at a loss in the plan or bought, never both (IRC §1091(a))."""
        loss_by_identity: dict[str, list[int]] = {}
        for sl, j in zip(self.sell_lots, self.lot_vars):
            if sl.gain_per_share < 0:
                loss_by_identity.setdefault(sl.identity, []).append(j)
        buys_by_identity: dict[str, list[int]] = {}
        for b, j in zip(self.buys, self.buy_vars):
            if b.identity in loss_by_identity:
                buys_by_identity.setdefault(b.identity, []).append(j)
        self.wash_binaries: list[int] = []
        self.wash_groups: list[tuple[int, list[int], list[int]]] = []  # (y, loss sells, buys)
        acct_index = {a.name: i for i, a in enumerate(self.accounts)}
        for ident, buy_js in buys_by_identity.items():
            y = lp.var(0.0, 1.0, integer=True)  # 1 = the plan sells this identity at a loss
            self.wash_binaries.append(y)
            self.wash_groups.append((y, loss_by_identity[ident], buy_js))
            for j in loss_by_identity[ident]:
                lp.row({j: 1.0, y: -lp.ub[j]}, -math.inf, 0.0)
            for j in buy_js:
                b = self.buys[self.buy_vars.index(j)]
                m = self.acct_capacity[acct_index[b.account]] / b.price
                lp.row({j: 1.0, y: m}, -math.inf, m)


_WASH_CACHE: list[tuple[tuple, WashResult]] = []


def _wash_of(household: Household) -> WashResult:
    """:func:`adjust_lots` of the (already adjusted) household: idempotent, so its ``consumed``
    shares are those of the pipeline's wash step. Cached for the last few lot tuples, since the
    frontier builds several models of one household."""
    for lots, wash in _WASH_CACHE:
        if lots is household.lots:
            return wash
    wash = adjust_lots(household)
    _WASH_CACHE.insert(0, (household.lots, wash))
    del _WASH_CACHE[4:]
    return wash

