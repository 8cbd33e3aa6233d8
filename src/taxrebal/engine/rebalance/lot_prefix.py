"""Lot columns no solve needs yet: within one (account, security, holding term), the gain lots
beyond a prefix taken cheapest first stay closed (upper bound 0) until a solve sells the whole prefix.

Why: bench/generate.py's 100,000-lot household has 24,870 taxable gain lots among its 34,051 lot
columns, yet a least-tax plan sells gains only as far as the bands (the frontier: the targets) need.

Which lots: a taxable lot at a gain (or none), not a recent purchase that could wash a loss (its
column is in the wash-sale rows of wash_exposure.py), not a chained sale, not under a standing lot
method (FIFO/LIFO/HIFO: the order binaries of orders.py), not a fractional share count under Whole
Shares (dust.py's rows before the first solve). Two such lots of one group (account, symbol, term)
have the same column in every row of the model (cash, class value, distance, Min Trade and Whole
Shares of their order, short-term cap) but their gain per share, in the tax terms only, and a stage
objective charges a gain at a non-negative rate. So with the lots of a group in order of gain per
share, lowest first:

*exactness*: take a solve of the model with some lots of group G closed, and its answer ``x``, and
suppose some open lot ``i`` of G is not sold in full. For the integer variables at their values in
``x`` the rest is a linear program, and a closed lot ``e`` of G has the reduced cost of ``i`` plus
(gain_e - gain_i) times non-negative rates in the objective and the tax rows (where a larger gain
only tightens a "<=" row: the tax budget, the short-term cap): no less than ``i``'s. ``i`` not at
its upper bound has a reduced cost >= 0, so ``e``'s is too, and ``x`` stays optimal with ``e``
open: opening G changes nothing. Only when every open lot of G is sold in full (within one share,
the no-dust remnant of dust.py) could a closed one help; then :meth:`LotPrefixes.grow` opens the
next lots of G (twice as many, at least :data:`MIN_PREFIX` more) and the solve runs again
(solver.py), until no group is sold out. A stage whose rates are negative (a short-term gain that
lowers this year's tax, resolve_bounds.py) opens every lot first; a solve that finds no plan, or a
proof that a stage has none (``has_no_plan``), is taken with every lot open.

The first prefix of a group: at least :data:`MIN_PREFIX` lots, and every lot of the class cheaper
than the class's threshold: class by class, the gain lots in order of gain per dollar (short-term
gains counted twice, their usual rate) until they hold :data:`DEMAND_FACTOR` times the class's
dollars over target (what the frontier's tightest level sells). A guess: it decides only how often
a group is opened, never the plan.

Worked example: a Taxable account holds five VTI lots, all long-term, bought at $60, $70, $80, $90
and $95 a share (price $100: gains of $40, $30, $20, $10 and $5 a share). US Stocks is $1,000 over
target, so the class needs $2,000 of its cheapest gain lots: the $5 lot (10 shares, $1,000) and the
$10 lot (10 shares, $1,000) are open, the other three closed. A plan selling 12 shares sells the
$5 lot in full and 2 shares of the $10 lot: not sold out, the plan is that of all five lots. A
frontier level selling 20 shares sells both in full: the next two lots open ($20, $30) and the
level is solved again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from ..records import LotMethod
from ..wash import purchase_id
from .attributes import ModelAttributes
from .lp import _Lp

#: every group keeps at least this many lots open, and a sold-out group opens at least this many more
MIN_PREFIX = 2
#: a class's open gain lots hold at least this many times its dollars over target
DEMAND_FACTOR = 2.0
#: a short-term gain counts this many times its dollars in the cheapest-first order (its usual rate)
SHORT_TERM_WEIGHT = 2.0
#: False opens every lot from the start (tests compare the two models; nothing else turns it off)
ENABLED = True


@dataclass
class LotPrefixes:
    """Per group, its lot columns in order of gain per share and how many of them are open."""

    groups: list[np.ndarray] = field(default_factory=list)
    open_count: list[int] = field(default_factory=list)
    quantity: dict[int, float] = field(default_factory=dict)  # column -> its full upper bound
    #: the no-dust remnant of each column (dust.py: one share, or the lot when smaller)
    remnant: dict[int, float] = field(default_factory=dict)

    @property
    def closed(self) -> int:
        """Lot columns still closed."""
        return sum(len(g) - k for g, k in zip(self.groups, self.open_count))

    def grow(self, lp: _Lp, x: np.ndarray | None) -> bool:
        """Open more lots where ``x`` sells every open lot of a group in full (module docstring), or
        every lot when ``x`` is None (no plan found with lots closed); True when any lot opened."""
        if not self.closed:
            return False
        if x is None:
            return self.open_all(lp)
        opened = False
        for g, (cols, k) in enumerate(zip(self.groups, self.open_count)):
            if k >= len(cols):
                continue
            head = cols[:k]
            q = np.fromiter((self.quantity[j] for j in head), dtype=float, count=k)
            r = np.fromiter((self.remnant[j] for j in head), dtype=float, count=k)
            if bool(np.all(q - x[head] <= r + 1e-6)):
                self._open(lp, g, max(2 * k, k + MIN_PREFIX))
                opened = True
        return opened

    def open_all(self, lp: _Lp) -> bool:
        """Open every closed lot; True when any was closed."""
        if not self.closed:
            return False
        for g, cols in enumerate(self.groups):
            self._open(lp, g, len(cols))
        return True

    def full_bounds(self, ub: np.ndarray) -> np.ndarray:
        """``ub`` with every closed lot at its full upper bound (a copy)."""
        ub = ub.copy()
        for cols, k in zip(self.groups, self.open_count):
            for j in cols[k:]:
                ub[j] = self.quantity[int(j)]
        return ub

    def _open(self, lp: _Lp, g: int, count: int) -> None:
        cols, k = self.groups[g], self.open_count[g]
        count = min(count, len(cols))
        for j in cols[k:count]:
            lp.ub[int(j)] = self.quantity[int(j)]
        self.open_count[g] = count
        lp.__dict__.pop("_frozen", None)  # lp.frozen() caches the bounds by the model's size


def close_lot_columns(model: ModelAttributes, lp: _Lp, remnant: Iterable[float]) -> LotPrefixes | None:
    """Close the gain lots beyond each group's first prefix (module docstring) in ``lp``'s upper
    bounds, after every row is built (the rows read the full bounds); ``remnant``: each lot column's
    no-dust remnant, in ``model.lot_vars`` order. None when nothing is closed."""
    s = model.settings
    if not ENABLED or s.lot_method in (LotMethod.FIFO, LotMethod.LIFO, LotMethod.HIFO):
        return None
    recent = {(p.account, p.purchase_id) for items in model.pool.values() for p in items}

    groups: dict[tuple[str, str, bool], list[tuple[float, str, int, float]]] = {}
    for sl, j, r in zip(model.sell_lots, model.lot_vars, remnant):
        q = sl.lot.quantity
        if (sl.gain_per_share < 0 or sl.chained or lp.ub[j] < q - 1e-9 or lp.ub[j] <= 0
                or (sl.lot.account, purchase_id(sl.lot)) in recent
                or (sl.lot.symbol in model.whole_share_symbols and abs(q - round(q)) > 1e-6)):
            continue
        groups.setdefault((sl.lot.account, sl.lot.symbol, sl.long_term), []).append(
            (sl.gain_per_share, sl.lot.lot_id, j, r))
    if not groups:
        return None
    price = {key: model.secs[key[1]].price for key in groups}
    cls = {key: model.secs[key[1]].asset_class for key in groups}
    # each class's threshold: its gain lots cheapest first (per dollar) until DEMAND_FACTOR x its excess
    T = model.total
    need = {k: DEMAND_FACTOR * max(0.0, model.before.get(k, 0.0) - model.target_of(k) * T)
            for k in set(cls.values())}
    ranked: dict[str, list[tuple[float, float]]] = {}
    for key, lots in groups.items():
        weight = 1.0 if key[2] else SHORT_TERM_WEIGHT
        for gain, _id, j, _r in lots:
            ranked.setdefault(cls[key], []).append((gain / price[key] * weight, lp.ub[j] * price[key]))
    threshold: dict[str, float] = {}
    for asset_class, items in ranked.items():
        items.sort()
        held, cut = 0.0, -1.0
        for per_dollar, dollars in items:
            if held >= need[asset_class]:
                break
            held += dollars
            cut = per_dollar
        threshold[asset_class] = cut
    out = LotPrefixes()
    for key in sorted(groups):
        lots = sorted(groups[key])
        weight = 1.0 if key[2] else SHORT_TERM_WEIGHT
        cols = np.asarray([lot[2] for lot in lots], dtype=np.int64)
        k = sum(1 for lot in lots if lot[0] / price[key] * weight <= threshold[cls[key]])
        k = min(len(lots), max(k, MIN_PREFIX))
        for lot in lots:
            out.quantity[lot[2]] = float(lp.ub[lot[2]])
            out.remnant[lot[2]] = lot[3]
        for j in cols[k:]:
            lp.ub[int(j)] = 0.0
        out.groups.append(cols)
        out.open_count.append(k)
    lp.__dict__.pop("_frozen", None)
    return out if out.closed else None


def without_closed(prefixes: LotPrefixes | None, ub: np.ndarray) -> np.ndarray:
    """``ub`` with every lot column open (a proof that a stage has no plan must hold for all lots)."""
    return ub if prefixes is None or not prefixes.closed else prefixes.full_bounds(ub)
