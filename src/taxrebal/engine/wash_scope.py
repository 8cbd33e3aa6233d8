"""The open lots a wash-engine pass can use, found once per household instead of once per pass.

:func:`taxrebal.engine.wash.adjust_lots` looks at an open lot only when a transaction names it by its
Lot ID, when a Buy/Reinvest row without a Lot ID falls on its acquisition date (reading 1 of wash.py),
or when it was acquired within the wash window of some sale (IRC §1091(a): 30 days before or after,
parameter ``wash_sale.window_days``); every other lot can neither be washed nor wash anything, and
the engine passes it through unchanged. A rebalancing plan is priced by running the engine again over
the household with the plan's sales added (:func:`taxrebal.engine.rebalance.wash_exposure.engine_outcome`,
up to about twenty times a run); at 10,000 lots about 1,500 lots count in such a pass, so each pass
hands the engine only those, found here by index look-ups. The engine's sales, matches and issues
are the same (tests/test_wash_scope.py runs both on households with wash history and plan sales).

Worked example: lots A (VTI, bought 2019-03-01), B (VTI, 2025-06-20) and C (BND, 2025-01-10); the
transactions are one Sell of lot C on 2025-06-28 and the plan's sale of A on As Of 2025-06-30. The
sales reach from 2025-05-29 to 2025-07-30, so B counts (bought inside it), A and C count because a
row names them, and a lot bought in 2023 that no row names does not: ``lot_indices`` gives
``[0, 1, 2]`` and leaves the 2023 lot out.

The engine merges the pieces a previous pass split off (``<Lot ID>-W<k>``) back into their purchase
and, with a Lot ID used twice, links a row to the first such lot; pieces of one purchase are kept or
left out together, and a household whose Lot IDs are not all distinct gets every lot (None).
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from .records import Action, Household, Lot, Transaction
from .wash import _PIECE_SUFFIX, _engine_adjusted, identity_map, purchase_id, window_days

__all__ = ["WashScope", "scope_of"]

_BUYS = (Action.BUY, Action.REINVEST)
#: the engine's own key of a Buy row without a Lot ID: ``@T<index in the transactions>``
_BARE_BUY = re.compile(r"^@T([0-9]+)$")


def _base(lot: Lot) -> str:
    """The Lot ID the engine merges ``lot`` under (wash.py ``_without_engine_adjustments``)."""
    m = _PIECE_SUFFIX.match(lot.lot_id)
    return m.group(1) if (m is not None and _engine_adjusted(lot)) else lot.lot_id


class WashScope:
    """Index of a household's open lots by merged Lot ID and acquisition date, and what the plan's
    wash passes ask of its history (which purchases are Buy rows, which lots are split pieces)."""

    def __init__(self, household: Household):
        lots = household.lots
        self.lots = lots
        self.transactions = household.transactions
        self.distinct = len({lot.lot_id for lot in lots}) == len(lots)
        # merged Lot ID -> the index of its lot, or a tuple of its pieces' indices (a split lot): an int
        # per lot, not a one-element list (100,000 lots: about 8 MiB less held through the plan)
        members: dict[str, int | tuple[int, ...]] = {}
        for i, lot in enumerate(lots):
            base = _base(lot)
            have = members.setdefault(base, i)
            if have != i:
                members[base] = (have, i) if isinstance(have, int) else have + (i,)
        self.members = members
        # the merged lot's acquisition date is its first piece's (the engine merges with that one's fields)
        self.on_date: dict[object, list[str]] = {}
        dated: list[tuple[int, str]] = []
        for base, idx in members.items():
            acquired = lots[idx if isinstance(idx, int) else idx[0]].acquired
            self.on_date.setdefault(acquired, []).append(base)
            if acquired is not None:
                dated.append((acquired.toordinal(), base))
        dated.sort(key=lambda t: t[0])
        self.ordinals = [o for o, _b in dated]
        self.bases_by_date = [b for _o, b in dated]
        # Each Lot ID (and each merged purchase) of one identity: then the engine's answer for one
        # identity's sales reads only that identity's rows (its matching is per identity, IRC §1091(a)
        # "substantially identical"; a Lot ID links rows across identities only when used by two)
        self.identity = identity_map(household.securities)
        ident_of: dict[str, str] = {}
        named = [(base, lots[i].symbol) for base, idx in members.items() for i in _indices(idx)]
        named += [(lot.lot_id, lot.symbol) for lot in lots]
        named += [(tx.lot_id, tx.symbol) for tx in self.transactions if tx.lot_id]
        one = all(ident_of.setdefault(key, self._ident(sym)) == self._ident(sym) for key, sym in named)
        self.ident_of: dict[str, str] | None = ident_of if one else None
        #: (account, purchase) of lots the engine split into pieces (wash_exposure.engine_outcome)
        self.split = {(lot.account, purchase_id(lot)) for lot in lots if purchase_id(lot) != lot.lot_id}
        #: Lot IDs of Buy/Reinvest rows, and (account, symbol, date) of those without one
        self.bought_ids = {tx.lot_id for tx in self.transactions if tx.lot_id and tx.action in _BUYS}
        self.bought_days = {(tx.account, tx.symbol, tx.date) for tx in self.transactions
                            if not tx.lot_id and tx.action in _BUYS}

    def _ident(self, symbol: str) -> str:
        return self.identity.get(symbol, symbol)

    def rows_of(self, transactions: Sequence[Transaction], first: int) -> tuple[list[int], list[Transaction]] | None:
        """The rows of ``transactions`` whose identity is that of a row from ``first`` on (the pass's
        own sales: all of them are kept): their indices and the rows, in order. A pass's row naming a
        bare Buy row by the engine's key ``@T<index>`` (wash_queries.RecentPurchase) is renumbered to
        that row's new index. None when every row must be kept (a Lot ID used by two identities, or a
        pass's row naming another identity's purchase)."""
        ident_of = self.ident_of
        if ident_of is None or not self.distinct:
            return None
        wanted: set[str] = set()
        for tx in transactions[first:]:
            ident = self._ident(tx.symbol)
            named = _BARE_BUY.match(tx.lot_id) if tx.lot_id not in ident_of else None
            if named is not None:
                row = int(named.group(1))
                if row >= first or self._ident(transactions[row].symbol) != ident:
                    return None
            elif tx.lot_id and ident_of.get(tx.lot_id, ident) != ident:
                return None
            wanted.add(ident)
        keep = [i for i, tx in enumerate(transactions) if i >= first or self._ident(tx.symbol) in wanted]
        new_row = {old: new for new, old in enumerate(keep)}
        rows = []
        for i in keep:
            tx = transactions[i]
            named = _BARE_BUY.match(tx.lot_id) if i >= first and tx.lot_id not in ident_of else None
            rows.append(tx if named is None else replace(tx, lot_id=f"@T{new_row[int(named.group(1))]}"))
        return keep, rows

    def lots_of(self, indices: Sequence[int], transactions: Sequence[Transaction]) -> list[int]:
        """Of the lots at ``indices``, those of an identity some row of ``transactions`` has."""
        wanted = {self._ident(tx.symbol) for tx in transactions}
        return [i for i in indices if self._ident(self.lots[i].symbol) in wanted]

    def lot_indices(self, transactions: Sequence[Transaction]) -> list[int] | None:
        """Indices (in order) of the lots an engine pass over ``transactions`` can use; None when every
        lot must be passed (Lot IDs not distinct)."""
        if not self.distinct:
            return None
        bases: set[str] = set()
        members = self.members
        sale_dates = []
        for tx in transactions:
            if tx.lot_id:
                if tx.lot_id in members:
                    bases.add(tx.lot_id)
            elif tx.action in _BUYS:
                bases.update(self.on_date.get(tx.date, ()))
            if tx.action is Action.SELL:
                sale_dates.append(tx.date)
        if sale_dates:
            reach = max(window_days(y) for y in {d.year for d in sale_dates})
            first = (min(sale_dates) - timedelta(days=reach)).toordinal()
            last = (max(sale_dates) + timedelta(days=reach)).toordinal()
            lo = bisect.bisect_left(self.ordinals, first)
            hi = bisect.bisect_right(self.ordinals, last)
            bases.update(self.bases_by_date[lo:hi])
        return sorted(i for base in bases for i in _indices(members[base]))


def _indices(member: int | tuple[int, ...]) -> tuple[int, ...]:
    """The lot indices of one ``WashScope.members`` entry."""
    return (member,) if isinstance(member, int) else member


_SCOPES: dict[int, WashScope] = {}


def scope_of(household: Household) -> WashScope:
    """The scope of ``household``'s lots and transactions, built once and kept while the household
    lives (the plan's passes over one household share it; a household gone takes it along)."""
    scope = _SCOPES.get(id(household))
    if scope is None or scope.lots is not household.lots or scope.transactions is not household.transactions:
        scope = _SCOPES[id(household)] = WashScope(household)
        weakref.finalize(household, _SCOPES.pop, id(household), None)
    return scope
