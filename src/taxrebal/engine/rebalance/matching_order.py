"""Which sold shares a wash sale disallows: the matching-order rows of one exposed identity, as
prefix rows or, for an identity with many loss lots, as the same rows through running sums.

Rule (IRC §1091(a); Treas. Reg. §1.1091-1(c)): when fewer replacement shares were acquired than loss
shares were sold, the replacement shares are matched with the loss shares sold in the order those were
acquired; the wash engine sells recent lots first, as an earlier step (engine/wash.py). So, with the
identity's loss lots in that order and ``S_i`` the shares its first ``i`` lots sell, the first ``i`` lots
wash at least ``min(S_i, R_left - K_i)`` shares: ``R_left`` the replacement shares still held (``R``
less the recent shares sold first), ``K_i`` the shares kept by the recent loss lots among the first
``i``, which do not wash their own sale (the wash engine's reading 2). One binary ``b_i`` per prefix
(``n - 1`` of them for ``n`` lots; the whole identity is wash_exposure.py's ``W`` row) picks the side:

    (A_i)  sum_{k<=i} (w_k - x_k) + S_max_i b_i >= 0            every share the prefix sells washes
    (B_i)  left + sum_{k<=i} w_k - sum_{own cols of O_i} x - R b_i >= -K_i      R_left - K_i of them do

(``x_k`` shares sold, ``w_k`` washed, ``left`` the recent shares sold first, ``O_i`` the recent loss
purchases with a lot among the first ``i``, ``K_i`` their shares.) Written out, row ``i`` repeats the
``i`` lots before it: an identity of ``n`` loss lots holds about ``1.5 n^2`` coefficients, and
bench/generate.py's 100,000-lot household, 8,704 exposed loss lots, held 669,000 of its 904,000.

The running form: columns ``D_i = D_{i-1} + x_i - w_i`` (the prefix's unwashed shares sold) and
``G_i = G_{i-1} + w_i - (x of the own columns O_i adds)``, ``G_0 = left``, each defined by an equality
row of 3 or 4 terms; then ``A_i`` is ``S_max_i b_i - D_i >= 0`` and ``B_i`` is ``G_i - R b_i >= -K_i``,
two terms each. Exact: ``D_i`` and ``G_i`` are fixed by the other columns, so every plan of one form is
a plan of the other with the same objective (substitute the sums back), and so is every point of the
LP relaxation: the same optimum at every stage, the same relaxation bound. About 11 coefficients per
prefix instead of ``3 i + 3``: from 6 loss lots the running form is smaller; it is used from
:data:`RUNNING_SUMS_FROM` lots, so a small identity (every golden household's) keeps its prefix rows.

Worked example: 8 loss lots of VTI, one recent taxable lot sold first (``left`` 1 column), no recent
loss lot. Prefix rows: row pair ``i`` has ``(2 i + 1) + (i + 2)`` terms, 3 x 28 + 3 x 7 = 105 for
``i`` = 1..7. Running form: the first prefix 3 + 2 + 3 + 2 = 10 (``D_1 - x_1 + w_1``, ``A_1``,
``G_1 - left - w_1``, ``B_1``), each later one 4 + 2 + 3 + 2 = 11: 76, and 14 more columns
(tests/test_rebalance_matching_running_sums.py counts them).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ..wash_queries import RecentPurchase
from .attributes import ModelAttributes
from .lp import _Lp

#: an identity with at least this many loss lots gets the running form (module docstring); tests set
#: it to 2 (always) or a large number (never) to compare the two forms
RUNNING_SUMS_FROM = 8


def add_matching_rows(model: ModelAttributes, lp: _Lp, order: Sequence[int], w_of: Mapping[int, int],
                      left: Mapping[int, float], R: float,
                      own: Sequence[tuple[RecentPurchase, list[int]]]) -> list[tuple[int, list[int]]]:
    """The rows of the module docstring for one identity's loss lots ``order`` (indices of
    ``model.sell_lots`` in the matching order; ``w_of``: each one's washed-share column; ``left``: the
    recent shares sold first, column -> coefficient; ``own``: the recent loss purchases, each with its
    lots' indices). Returns each prefix's binary with the sell columns of the prefix."""
    if len(order) < 2:
        return []
    running = len(order) >= RUNNING_SUMS_FROM
    own_of: dict[int, int] = {i: k for k, (_p, cols) in enumerate(own) for i in cols}
    xs = model.lot_vars
    qty = [model.sell_lots[i].lot.quantity for i in order]
    g_lo = -sum(model.sell_lots[i].lot.quantity for _p, cols in own for i in cols) - 1.0
    cap = {xs[i]: model.sell_lots[i].lot.quantity for i in order}
    g_hi = sum(abs(v) * max(cap.get(j, 0.0), lp.ub[j]) for j, v in left.items()) + sum(qty) + 1.0
    binaries: list[tuple[int, list[int]]] = []
    prefix: list[int] = []
    touched: set[int] = set()
    shares = kept = 0.0
    d_prev = g_prev = -1
    for n, i in enumerate(order[:-1]):
        prefix.append(i)
        shares += qty[n]
        b = lp.var(0.0, 1.0, integer=True)
        binaries.append((b, [xs[k] for k in prefix]))
        new_own = [] if own_of.get(i) is None or own_of[i] in touched else [own_of[i]]
        if not running:
            e: dict[int, float] = {w_of[k]: 1.0 for k in prefix}
            for k in prefix:
                e[xs[k]] = -1.0
            e[b] = shares
            lp.row(e, 0.0, math.inf)  # (A_i) washed among the first i >= S_i - S_max b
        else:
            d = lp.var(0.0, shares + 1.0)
            e = {d: 1.0, xs[i]: -1.0, w_of[i]: 1.0}
            if d_prev >= 0:
                e[d_prev] = -1.0
            lp.row(e, 0.0, 0.0)  # D_i = D_{i-1} + x_i - w_i
            lp.row({b: shares, d: -1.0}, 0.0, math.inf)  # (A_i) S_max b - D_i >= 0
            d_prev = d
        for k in new_own:
            touched.add(k)
            kept += own[k][0].shares
        if not running:
            e = dict(left)
            for k in prefix:
                e[w_of[k]] = e.get(w_of[k], 0.0) + 1.0
            e[b] = -R
            for k in sorted(touched):
                for c in own[k][1]:
                    e[xs[c]] = e.get(xs[c], 0.0) - 1.0
            lp.row(e, -kept if kept else 0.0, math.inf)  # (B_i) washed among the first i >= R_left - K_i - R (1 - b)
        else:
            g = lp.var(g_lo, g_hi)
            e = {g: 1.0}
            if g_prev >= 0:
                e[g_prev] = -1.0
            else:
                for j, v in left.items():
                    e[j] = -v
            e[w_of[i]] = e.get(w_of[i], 0.0) - 1.0
            for k in new_own:
                for c in own[k][1]:
                    e[xs[c]] = e.get(xs[c], 0.0) + 1.0
            lp.row(e, 0.0, 0.0)  # G_i = G_{i-1} + w_i - (x of the own columns O_i adds), G_0 = left
            lp.row({g: 1.0, b: -R}, -kept if kept else 0.0, math.inf)  # (B_i) G_i - R b >= -K_i
            g_prev = g
    return binaries
