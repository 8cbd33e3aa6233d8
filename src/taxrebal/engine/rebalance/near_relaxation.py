"""Stage B of a large model, next to its LP relaxation: the taxable lots the relaxation sells in full
or not at all are fixed there, so the MILP decides only what the relaxation leaves fractional.

Why (bench/generate.py, 100,000 lots, 20,000 recent transactions): stage B's relaxation harvests
nearly every loss lot (every dollar of loss is worth the marginal rate to the linear model), so the
restricted MILP of solver.py kept 27,800 of 34,000 lot columns open beside its start (stage A's plan,
which sells almost none of them) and ran over 6 minutes at HiGHS's root. Fixing them leaves the
integer decisions that matter: the minimum-trade binaries of small orders, and the wash-sale matching
of each identity bought in the last 30 days around where its sold shares reach the recent shares
(``_matching_window`` in solver.py, one tied decision beyond it), with the lots of those identities
still open.

This is a heuristic reading of the relaxation, not a proof: a lot the relaxation sells in full is
sold in full, one it leaves is left. Its answer is a plan of the full model (only bounds are
narrowed, and tied binaries take one value; ``tests/test_rebalance_near_relaxation.py`` checks it
against every row and bound of the full model), and solver.py keeps it only when it is at least as
good as the start (stage A's plan); otherwise the restricted MILP of solver.py runs as before.

The relaxation's "sell at a loss or buy" binaries are fractional, so it may sell every loss lot of a
class and buy the class back through another identity; the plan, which cannot, then has lots fixed
in full that its band leaves no room for. So the near plan is solved once more around itself
(``fix_around_plan``): each sell order's lots stay where the plan has them except its marginal ones
in tax-per-share order (the few it sells in full that save the least, the few it leaves that would
save the most), with the plan as the start. Plan-quality seed 2 on the large-model path
(``python bench/bench_plan_quality.py --large-path``): 514 RE1 shares at a $8.91 loss a share were
fixed sold and only 33 of 514 at $47.05 fitted beside them; around the plan it sells the second lot in
full and not the first.

Worked example: an order of three loss lots of VXUS (10, 20 and 5 shares) that the relaxation
sells 10, 20 and 2.5: the first two are fixed at 10 and 20, the third stays open between 0 and 5,
so Min Trade and the no-dust rule decide only its shares. A lot of VTI, bought 12 days ago in the
IRA, meets VTI loss lots: those lots stay open, the matching decided by the MILP.
"""

from __future__ import annotations

import numpy as np

from ..records import LotMethod
from .attributes import ModelAttributes

#: shares within this of a bound count as at the bound
AT_BOUND = 1e-9


def fix_at_relaxation(model: ModelAttributes, x: np.ndarray, lb: np.ndarray, ub: np.ndarray) -> bool:
    """Fix in ``lb``/``ub`` each taxable lot column that ``x`` (the LP relaxation) sells in full or
    not at all, except the lots of identities with recent purchases (their wash-sale matching is the
    MILP's) and of whole-share orders (their share count is). False when the lot method forces an order
    (FIFO/LIFO/HIFO: the order binaries decide the lots), so nothing is fixed."""
    if model.settings.lot_method in (LotMethod.FIFO, LotMethod.LIFO, LotMethod.HIFO):
        return False
    _fix_all_but(model, x, lb, ub, set())
    return True


def fix_around_plan(model: ModelAttributes, x: np.ndarray, c: np.ndarray, lb: np.ndarray, ub: np.ndarray,
                    neighbours: int) -> bool:
    """As :func:`fix_at_relaxation`, around the near plan ``x`` (a plan of the MILP): each taxable lot
    column it sells in full or not at all is fixed there, except in each sell order (account, symbol)
    the ``neighbours`` lots it sells in full that save the least tax per share under the objective
    ``c`` and the ``neighbours`` lots it leaves that would save the most. The MILP may then swap the
    order's marginal lots, which a lot fixed by the relaxation cannot: the relaxation's "sell at a loss
    or buy" binaries are fractional, so it can sell every loss lot of a class and buy the class back
    through another identity, and sells lots in full that the plan cannot afford to (the class's band)."""
    if model.settings.lot_method in (LotMethod.FIFO, LotMethod.LIFO, LotMethod.HIFO):
        return False
    window: set[int] = set()
    for js, _price, _z, _m in model.orders:
        lots = [j for j in js if ub[j] > lb[j]]
        if len(lots) <= 1:
            continue
        sold = sorted((j for j in lots if x[j] >= ub[j] - AT_BOUND), key=lambda j: -c[j])
        left = sorted((j for j in lots if x[j] <= lb[j] + AT_BOUND), key=lambda j: c[j])
        window.update(sold[:neighbours])
        window.update(left[:neighbours])
    _fix_all_but(model, x, lb, ub, window)
    return True


def _fix_all_but(model: ModelAttributes, x: np.ndarray, lb: np.ndarray, ub: np.ndarray, keep_open: set[int]) -> None:
    """Fix each taxable lot column ``x`` sells in full or not at all, except ``keep_open`` and the lots
    whose share count the MILP decides (wash-sale crossings, chained lots, whole shares, orders under
    Min Trade)."""
    keep_open = set(keep_open)
    loss = {j for j, sl in zip(model.lot_vars, model.sell_lots) if sl.gain_per_share < 0}
    for sells, _binaries in getattr(model, "exposure_binaries", ()):
        keep_open.update(j for j in sells if j not in loss)  # chained lots (sold after the loss sales)
    matching = {binaries[0][1][0]: (binaries, R, left) for binaries, (R, left)
                in zip(getattr(model, "matching_binaries", ()), getattr(model, "matching_left", ())) if binaries}
    for _ident, (_W, _z, pieces, _pool) in getattr(model, "exposures", {}).items():
        lots = [model.lot_vars[i] for i, _w in pieces]
        found = next((matching[j] for j in lots if j in matching), None)
        if found is None:
            keep_open.update(lots)  # one loss lot: no matching binaries, it is its own crossing
            continue
        binaries, R, left = found
        order = [prefix[-1] for _b, prefix in binaries]
        order += [j for j in lots if j not in set(order)]  # the last in the matching order
        keep_open.update(_crossing_lots(x, order, R, left))
    min_trade = model.settings.min_trade
    for js, price, z, m in model.orders:
        if m is not None or (z is not None and float(x[js].sum()) * price < min_trade - 1e-6):
            keep_open.update(js)  # whole shares, or an order under Min Trade: the MILP sizes it
    closed: set[int] = set()
    for y, sells, _buys in getattr(model, "wash_groups", ()):
        if ub[y] <= 0.0:  # the identity is bought, not harvested (solver.py's choice): no loss sale
            ub[np.asarray(sells, dtype=np.int64)] = 0.0
            closed.update(sells)
    for js, _price, z, _m in model.orders:
        if z is not None and closed.intersection(js):
            lb[z] = 0.0  # an order the relaxation sized with those loss shares need not keep its minimum
            keep_open.update(js)
    cols = np.asarray([j for j in model.lot_vars if j not in keep_open and ub[j] > lb[j]], dtype=np.int64)
    if not len(cols):
        return
    full = x[cols] >= ub[cols] - AT_BOUND
    none = x[cols] <= lb[cols] + AT_BOUND
    lb[cols[full]] = ub[cols[full]]
    ub[cols[none]] = lb[cols[none]]



def _crossing_lots(x: np.ndarray, order: list[int], R: float, left: dict[int, float]) -> list[int]:
    """The loss lots of one identity (columns in the matching order) around where ``x``'s sold
    shares reach the recent shares still held (``R`` less those sold first, ``left``): the lot that
    reaches them, one before and two after (the MILP may move the crossing there)."""
    r_left = R - sum(float(x[j]) * c for j, c in left.items())
    sold = 0.0
    first = len(order) - 1
    for i, j in enumerate(order):
        sold += float(x[j])
        if sold >= r_left - 1e-6:
            first = i
            break
    return order[max(0, first - 1):first + 3]
