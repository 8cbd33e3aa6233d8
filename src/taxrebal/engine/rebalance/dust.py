"""No dust: a plan's sale sells all of a lot or leaves at least one share of it, and sells all of an
account's position or leaves at least one share worth at least Settings.min_trade.

The law says nothing about this; it is taxrebal's reading of what an investor expects. A remnant
smaller than a share (0.118 VOO left of a reinvested-dividend lot), or a position worth less than the
smallest order you allow, is one more line on every statement that no later order can sell by itself.
So a sale that would leave such a remnant sells the remnant too, or sells less.

Worked example (the sample household before this rule): the 401(k) held 16.5 FXAIX (10 shares and
6.5 bought 2026-11-14) and with Whole Shares the plan could sell at most 16, leaving 0.5 share ($115,
less than one share). Now it sells all 16.5 (the whole position). The Joint Brokerage sold 1 share of
VOO lot B-07 (1.118 shares, 0.118 left): now the plan sells the whole lot or none of it (it sells
none, and $10.24 less tax is saved: the price of no dust here).

How the model carries it, for a lot or position of ``q`` shares, remnant threshold ``r`` (1 share for
a lot; for a position the larger of 1 share and Min Trade / price; never more than ``q``) and a
binary ``f`` (sold whole): ``x >= q f`` and ``x <= q - r + r f``. With Whole Shares a position with a
fractional ``q`` is sold in whole shares ``m`` or whole: ``x = m + (q - floor q) f``, ``m >= floor(q) f``.
The rows are added for the lots and positions a plan left dust in (then the plan is solved again),
so households without dust solve exactly as before. One kind is known before any solve: with Whole
Shares, a lot or position with a fractional share count (the 16.5 FXAIX, the 1.118 VOO of lot B-07)
is left with its fraction by every sale of all its whole shares, and can be sold whole only through
these rows. Its rows go in before the first solve (:meth:`DustMixin.add_fractional_rows`, when there
are at most :data:`UPFRONT_LIMIT` such holdings), so a plan that would sell it is not solved twice:
the sample's plan was solved, found to leave dust in exactly those two, and solved again with their
rows; it is now solved once with the same rows, and is the same plan.
"""

from __future__ import annotations

import math

import numpy as np

from .attributes import ModelAttributes
from .lp import _Lp

#: a remnant this close to 0 is no remnant (the lot or position is sold whole)
_WHOLE = 1e-6
#: With Whole Shares, up to this many fractional holdings get their rows before the first solve (each
#: adds one or two integer variables; more, as in a household of reinvested dividends, are left to the
#: loop, which adds rows only for those a plan leaves dust in)
UPFRONT_LIMIT = 8


class DustMixin(ModelAttributes):
    lp: _Lp
    integer_vars: list[int]

    def _lot_remnant(self, q: float) -> float:
        return min(q, 1.0)

    def _position_remnant(self, q: float, price: float) -> float:
        return min(q, max(1.0, self.settings.min_trade / price if price > 0 else 1.0))

    def dust_left(self, x: np.ndarray) -> list[tuple[str, int, float, float]]:
        """(kind, column, held, remnant threshold) of every lot ('lot') and tax-advantaged position
        ('position') that ``x`` sells part of and leaves less than its threshold of."""
        done: set[int] = getattr(self, "_dust_columns", set())
        out = []
        for sl, j in zip(self.sell_lots, self.lot_vars):
            q = sl.lot.quantity
            left = q - float(x[j])
            if j not in done and float(x[j]) > _WHOLE and _WHOLE < left < self._lot_remnant(q) - 1e-9:
                out.append(("lot", j, q, self._lot_remnant(q)))
        for p, j in zip(self.positions, self.pos_vars):
            left = p.quantity - float(x[j])
            r = self._position_remnant(p.quantity, p.price)
            if j not in done and float(x[j]) > _WHOLE and _WHOLE < left < r - 1e-9:
                out.append(("position", j, p.quantity, r))
        return out

    def fractional_holdings(self) -> list[tuple[str, int, float, float]]:
        """With Whole Shares, (kind, column, held, remnant threshold) of every lot and tax-advantaged
        position the plan may sell that holds a fractional share count (module docstring); else none."""
        if not self.settings.whole_shares:
            return []
        done: set[int] = getattr(self, "_dust_columns", set())
        lp = self.lp
        out = []
        for sl, j in zip(self.sell_lots, self.lot_vars):
            q = sl.lot.quantity
            if j not in done and lp.ub[j] > _WHOLE and abs(q - round(q)) > _WHOLE:
                out.append(("lot", j, q, self._lot_remnant(q)))
        for p, j in zip(self.positions, self.pos_vars):
            q = p.quantity
            if j not in done and lp.ub[j] > _WHOLE and abs(q - round(q)) > _WHOLE:
                out.append(("position", j, q, self._position_remnant(q, p.price)))
        return out

    def add_fractional_rows(self) -> int:
        """Before the first solve: the rows of :meth:`fractional_holdings` when there are at most
        :data:`UPFRONT_LIMIT` of them (else none); how many were added."""
        found = self.fractional_holdings()
        return self._add_rows(found) if len(found) <= UPFRONT_LIMIT else 0

    def add_dust_rows(self, x: np.ndarray) -> int:
        """Add the no-dust rows (module docstring) for what ``x`` leaves dust in; how many were added.
        The cached stage-A plans are dropped: they may leave that dust."""
        return self._add_rows(self.dust_left(x))

    def _add_rows(self, found: list[tuple[str, int, float, float]]) -> int:
        """The rows for each (kind, column, held, remnant threshold) of ``found``."""
        if not found:
            return 0
        lp = self.lp
        done = self.__dict__.setdefault("_dust_columns", set())
        for _kind, j, q, r in found:
            done.add(j)
            f = lp.var(0.0, 1.0, integer=True)
            if lp.integ[j] and abs(q - round(q)) > _WHOLE and lp.ub[j] >= math.floor(q) - 1e-9:
                # whole shares, a fractional holding: the fraction may be sold with the rest
                whole = math.floor(q)
                lp.integ[j] = 0
                lp.ub[j] = q
                self._widen_min_trade_cap(j, float(whole), q)
                if j in self.integer_vars:
                    self.integer_vars.remove(j)
                m = lp.var(0.0, float(whole), integer=True)
                self.integer_vars.append(m)
                lp.row({j: 1.0, m: -1.0, f: -(q - whole)}, 0.0, 0.0)  # x = m + (q - floor q) f
                lp.row({m: 1.0, f: -float(whole)}, 0.0, math.inf)  # sold whole: m = floor q
            lp.row({j: 1.0, f: -q}, 0.0, math.inf)  # x >= q f
            lp.row({j: 1.0, f: -r}, -math.inf, q - r)  # x <= q - r + r f
        self.__dict__["_stage_a"] = {}
        return len(found)

    def _widen_min_trade_cap(self, j: int, old_cap: float, new_cap: float) -> None:
        """The Min Trade row ``shares <= cap z`` of the single-column order ``j`` (orders.py) was built with
        the whole-share cap; the order may now sell the whole fractional holding."""
        lp = self.lp
        for js, _price, z, _m in getattr(self, "orders", ()):
            if z is None or js != [j]:
                continue
            rows_with_j = {lp.rows_i[k] for k in range(len(lp.rows_j)) if lp.rows_j[k] == j and lp.rows_v[k] == 1.0}
            for k in range(len(lp.rows_j)):
                if lp.rows_j[k] == z and lp.rows_i[k] in rows_with_j and abs(lp.rows_v[k] + old_cap) < 1e-9:
                    lp.rows_v[k] = -new_cap
