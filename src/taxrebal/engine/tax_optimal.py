"""TaxOptimal: the lots whose sale costs this household the least actual tax.

Rule: the tax of a sale is the household's *marginal* federal + state tax on its short- and
long-term gains (:func:`taxrebal.engine.tax.marginal_tax`: Schedule D netting, the $3,000 loss
limit of IRC §1211(b), the 0/15/20% rates of IRC §1(h), NIIT of IRC §1411); any lots may be
identified and sold (Pub 550, "Identifying the shares sold"), so TaxOptimal picks the ones that
minimise that tax. It is never worse than FIFO, LIFO, HIFO or MinTax: their own splits are
evaluated too, and ties keep MinTax's choice.

Why the search is one-dimensional: for a fixed number ``x`` of short-term shares sold, taking
short-term shares in ascending gain per share gives the least short-term gain F_ST(x), and likewise
F_LT(Q - x) for long-term. Tax never falls when a gain rises, so an optimum lies on the curve
``x -> tax(F_ST(x), F_LT(Q - x))``, a piecewise-linear function of x (see
:func:`tax_optimal_quantities` for the search).

Worked example (2026, single, ordinary income $100,000: 22% ordinary, 15% long-term; price $50; sell
150 shares of A 100 sh long at $30, B 100 sh short at $60, C 100 sh short at $45): MinTax sells B 100
and A 50 (ST -1,000, LT +1,000: nets to 0, tax $0); TaxOptimal sells B 100 and C 50 (ST -750:
-$165), because a short-term loss is worth 22% against ordinary income but only 15% against a
long-term gain.
"""

from __future__ import annotations

import bisect
import math
from datetime import date
from typing import Callable, Optional, Sequence

import numpy as np

from .lot_order import DUST, ORDERINGS, LotFacts, Taken, lot_facts, order_mintax, sort_lots, take
from .money import EPS
from .records import Lot, LotMethod
from .tax import TaxProfile, total_tax

__all__ = [
    "TaxFunction", "marginal_tax_function", "marginal_rate_bound", "tax_optimal_quantities", "tax_optimal_taken",
]


TaxFunction = Callable[[float, float], float]


def marginal_tax_function(profile: "TaxProfile") -> TaxFunction:
    """``(st_gain, lt_gain) -> marginal federal + state tax`` for ``profile``, the no-sale return
    computed once (same figures as :func:`taxrebal.engine.tax.marginal_tax`, about half the work)."""
    before = total_tax(profile)

    def tax_of(st_gain: float, lt_gain: float) -> float:
        return total_tax(profile, st_gain, lt_gain) - before

    return tax_of


def marginal_rate_bound(profile: "TaxProfile") -> float:
    """A number no marginal rate of :func:`marginal_tax_function` exceeds in size: tax never moves by
    more than this many dollars per dollar of short- or long-term gain. Federal rates, the 15/20%
    stacking of IRC §1(h), NIIT and the deduction phase-outs together stay far below 100%; the state
    rate and, in Flat mode, the flat rates are added on top (a deliberately loose bound)."""
    return 1.0 + abs(profile.state_tax_rate) + abs(profile.flat_st_rate) + abs(profile.flat_lt_rate)


class _Frontier:
    """Cheapest-first lots of one term: prefix sums of quantity and gain (piecewise-linear F)."""

    def __init__(self, f: LotFacts, subset: np.ndarray):
        self.order = sort_lots(f, (f.gps_key,), subset)  # deepest loss / smallest gain first
        q = f.qty[self.order]
        self.gps = f.gps[self.order]
        self.cum_q = np.concatenate(([0.0], np.cumsum(q)))
        self.cum_g = np.concatenate(([0.0], np.cumsum(self.gps * q)))
        # The same numbers as Python floats: gain() is called for every point the search evaluates,
        # and on these short lists bisect costs a fraction of a numpy call (same IEEE arithmetic).
        self._q: list[float] = self.cum_q.tolist()
        self._g: list[float] = self.cum_g.tolist()
        self._gps: list[float] = self.gps.tolist()

    @property
    def total(self) -> float:
        return float(self.cum_q[-1])

    def slope_bound(self, q0: float, q1: float) -> float:
        """The largest gain per share of the lots sold between ``q0`` and ``q1`` shares (F's slope)."""
        if not self._gps:
            return 0.0
        k0 = max(bisect.bisect_right(self._q, q0) - 2, 0)
        k1 = min(bisect.bisect_right(self._q, q1) + 1, len(self._gps))
        return max(abs(g) for g in self._gps[k0:k1])

    def gain(self, q: float) -> float:
        """Least total gain from selling ``q`` shares of this term (deepest loss first)."""
        if q <= 0 or not self._gps:
            return 0.0
        k = min(bisect.bisect_right(self._q, q) - 1, len(self._gps) - 1)
        return self._g[k] + self._gps[k] * (q - self._q[k])


def tax_optimal_quantities(
    lots: Sequence[Lot], quantity: float, price: float, sold: date, tax_of: TaxFunction,
    *, exhaustive_limit: int = 32, max_evaluations: int = 4000, whole_shares: bool = False,
) -> list[tuple[Lot, float]]:
    """The (lot, shares) pieces of least tax ``tax_of(st_gain, lt_gain)`` (see
    :func:`marginal_tax_function`), in MinTax order.

    Why it is exact up to the search below: for a fixed number ``x`` of short-term shares sold,
    taking short-term shares in ascending gain per share gives the least short-term gain
    F_ST(x), and likewise F_LT(Q - x) for long-term. Tax never falls when a gain rises, so an
    optimum lies on the curve ``x -> tax(F_ST(x), F_LT(Q - x))``, a one-dimensional
    piecewise-linear function of x (convex between the tax function's own kinks, because there
    the tax is linear with non-negative rates and both F are convex).

    Search: every lot breakpoint when there are at most ``exhaustive_limit`` of them, otherwise a
    zooming sample (9 evenly spaced breakpoints, then around the best two, recursively); then the
    tax function's kinks inside every lot segment (small grids) or the segments next to the best
    points (intersection of the end slopes, recursively). FIFO's, LIFO's, HIFO's and MinTax's own splits are always
    evaluated, so TaxOptimal is never worse than any of them; ties keep MinTax's choice. ``whole_shares``
    (Settings "Whole Shares") keeps every piece a whole number of shares when the sale and the
    lots are whole.
    """
    f = lot_facts(lots, price, sold)
    return [(f.lots[i], q) for i, q in tax_optimal_taken(f, quantity, tax_of, exhaustive_limit,
                                                          max_evaluations, whole_shares)]


def _whole(x: float) -> bool:
    return abs(x - round(x)) <= 1e-9


def tax_optimal_taken(f: LotFacts, quantity: float, tax_of: TaxFunction, exhaustive_limit: int = 32,
                       max_evaluations: int = 4000, whole_shares: bool = False,
                       rate_bound: Optional[float] = None) -> Taken:
    """:func:`tax_optimal_quantities` on facts, as (lot index, shares). ``rate_bound``
    (:func:`marginal_rate_bound`) lets the kink search skip a lot segment whose least possible tax,
    from its two ends and the steepest slope the tax can have there, cannot beat the best point
    found: such a segment cannot hold the optimum, so the answer is the same, with fewer tax
    computations. Not used with ``whole_shares``, whose rounding looks at every point evaluated."""
    positive = f.qty > 0
    st = _Frontier(f, np.flatnonzero(positive & ~f.long))
    lt = _Frontier(f, np.flatnonzero(positive & f.long))
    lo = max(0.0, quantity - lt.total)
    hi = max(lo, min(quantity, st.total))

    memo: dict[float, float] = {}

    def tax(x: float) -> float:
        t = memo.get(x)
        if t is None:
            t = memo[x] = tax_of(st.gain(x), lt.gain(quantity - x))
        return t

    # The fixed methods' own splits: MinTax first (ties keep it), then FIFO, LIFO, HIFO.
    mintax_order = order_mintax(f)
    best_x, best_t = math.nan, 0.0
    for method in (LotMethod.MIN_TAX, LotMethod.FIFO, LotMethod.LIFO, LotMethod.HIFO):
        order = mintax_order if method is LotMethod.MIN_TAX else ORDERINGS[method](f)
        x = sum(q for i, q in take(f, order, quantity) if not f.long[i])
        x = min(max(x, lo), hi)
        t = tax(x)
        if best_x != best_x or t < best_t - EPS:  # the first split, or a cheaper one
            best_x, best_t = x, t

    grid = np.unique(np.concatenate((
        [lo, hi],
        st.cum_q[(st.cum_q > lo) & (st.cum_q < hi)],
        quantity - lt.cum_q[(quantity - lt.cum_q > lo) & (quantity - lt.cum_q < hi)],
    )))

    def visit(i0: int, i1: int) -> None:
        if i1 - i0 + 1 <= exhaustive_limit:
            for x in grid[i0: i1 + 1]:
                tax(float(x))
            return
        samples = np.unique(np.linspace(i0, i1, 9).round().astype(int))
        values = [tax(float(grid[s])) for s in samples]
        for k in sorted(range(len(samples)), key=values.__getitem__)[:2]:
            visit(int(samples[max(k - 1, 0)]), int(samples[min(k + 1, len(samples) - 1)]))

    visit(0, len(grid) - 1)
    evaluated = sorted((t, x) for x, t in memo.items())
    for t, x in evaluated:
        if t < best_t - EPS:
            best_x, best_t = x, t
        break

    # The tax's own kinks inside lot segments: every segment of a small grid, else the segments
    # next to the best grid points.
    position = {float(x): k for k, x in enumerate(grid)}
    segments: set[tuple[int, int]] = set()
    if len(grid) <= exhaustive_limit:
        segments.update((k, k + 1) for k in range(len(grid) - 1))
    for _, x in evaluated[:4]:
        k = position.get(x)
        if k is not None:
            segments.update({(k - 1, k), (k, k + 1)})
    for k0, k1 in sorted(segments):
        if k0 < 0 or k1 >= len(grid) or len(memo) >= max_evaluations:
            continue
        a, b = float(grid[k0]), float(grid[k1])
        ta, tb = tax(a), tax(b)
        if rate_bound is not None and not whole_shares:
            steep = rate_bound * (st.slope_bound(a, b) + lt.slope_bound(quantity - b, quantity - a))
            if 0.5 * (ta + tb - steep * (b - a)) >= best_t - EPS:
                continue  # g(x) >= max(ta - steep (x - a), tb - steep (b - x)) >= that, everywhere on [a, b]
        x, t = _segment_minimum(tax, a, ta, b, tb, lambda: len(memo) < max_evaluations)
        if t < best_t - EPS:
            best_x, best_t = x, t

    rounded = min(max(round(best_x, 6), lo), hi)  # shares to 1e-6, if that costs nothing
    if rounded != best_x and tax(rounded) <= best_t + EPS:
        best_x = rounded
    if whole_shares and _whole(quantity) and all(_whole(q) for q in f.qty.tolist()):
        # Every lot breakpoint is then a whole number; keep the split whole too.
        whole = [x for x in memo if _whole(x)]
        whole += [float(v) for v in (math.floor(best_x), math.ceil(best_x)) if lo - DUST <= v <= hi + DUST]
        best_x = min(whole, key=lambda x: (tax(x), abs(x - best_x)))
    taken = take(f, st.order, best_x) + take(f, lt.order, quantity - best_x)
    rank = np.empty(len(f), dtype=np.int64)
    rank[mintax_order] = np.arange(len(f))
    taken.sort(key=lambda iq: rank[iq[0]])
    return taken


def _segment_minimum(
    f: Callable[[float], float], a: float, fa: float, b: float, fb: float, more: Callable[[], bool],
    depth: int = 0,
) -> tuple[float, float]:
    """Least value of a piecewise-linear ``f`` on [a, b] (exact at kinks it can resolve).

    The lines through each end (slope measured just inside) meet at the only kink when there is
    one; if ``f`` there is off both lines, more kinks lie either side and each half is searched.
    """
    best = (a, fa) if fa <= fb else (b, fb)
    width = b - a
    if width <= 1e-6 or depth > 40 or not more():
        return best
    h = min(width * 1e-4, 1e-4)
    sa = (f(a + h) - fa) / h
    sb = (fb - f(b - h)) / h
    tol = max(EPS, 1e-9 * (abs(fa) + abs(fb)))
    if abs(sa - sb) * width <= tol:  # one line end to end; check the middle for hidden kinks
        m = 0.5 * (a + b)
        fm = f(m)
        if abs(fm - 0.5 * (fa + fb)) <= tol:
            return best
        xk, fk = m, fm
    else:
        xk = (fb - fa + sa * a - sb * b) / (sa - sb)
        if not (a < xk < b):
            xk = 0.5 * (a + b)
        fk = f(xk)
        if abs(fk - (fa + sa * (xk - a))) <= tol and abs(fk - (fb + sb * (xk - b))) <= tol:
            return min(best, (xk, fk), key=lambda p: p[1])
    left = _segment_minimum(f, a, fa, xk, fk, more, depth + 1)
    right = _segment_minimum(f, xk, fk, b, fb, more, depth + 1)
    return min(best, left, right, key=lambda p: p[1])
