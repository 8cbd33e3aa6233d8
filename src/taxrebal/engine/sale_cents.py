"""A sale's lots in cents: proceeds and basis split across the lots it relieves so that they add up.

A sale's Amount (Trades, Orders) is its shares times the price in cents, half a cent up, as written
(:func:`~taxrebal.engine.money.times`, :func:`~taxrebal.engine.money.cents`). Rounding each lot's
share of it alone can leave the lots a cent short of (or over) that Amount (fe13 F15: 12.3929 IXUS at
$72, Amount $892.29, its four lots' proceeds rounded one by one $892.28). So the lots' proceeds are
the Amount split by the largest remainder (:func:`~taxrebal.engine.money.parts_in_cents`): each lot's
exact proceeds cut down to whole cents, and the cents still missing go to the lots whose exact
proceeds lost the most in the cut, a tie to the lot listed first (Lot Sales' order). Every lot then
shows its exact proceeds rounded down or up, never more than a cent off, and the cent goes to the lot
that was nearest to rounding up anyway (the split that moves no lot further from its exact figure than
the Amount forces). The basis is split the same way, its total the sale's exact basis in cents, and each
lot's Gain is its Proceeds minus its Basis as shown, so the lots' Gains add up to the sale's proceeds
minus its basis too, and the Realized ST / LT on Trades, its Est. Tax, Lot Selection's chosen row and
the Do Not Buy list's Loss at Stake (all sums of these rows' cents) are one computation.

Worked example (tests/test_sale_cents.py, by hand): 12.3929 shares at $72.00, Amount 892.2888 ->
$892.29, from four lots of 0.9793, 4.1596, 1.9245 and 5.3295 shares bought at $60.00. Exact proceeds
70.5096, 299.4912, 138.5640, 383.7240: each rounded alone, 70.51 + 299.49 + 138.56 + 383.72 = 892.28,
a cent short of the Amount (F15's case). Cut down: 70.50 + 299.49 + 138.56 + 383.72 = 892.27, two
cents missing; the remainders are .96, .12, .40 and .40 of a cent, so lot 1 gets one (70.51) and lot
3, tied with lot 4 and listed first, the other (138.57): 70.51 + 299.49 + 138.57 + 383.72 = 892.29.
Basis 58.758, 249.576, 115.47, 319.77, total 743.574 -> 743.57: cut down 743.56, the missing cent to
lot 1 (.8 of a cent): 58.76, 249.57, 115.47, 319.77. Gains 11.75 + 49.92 + 23.10 + 63.95 = 148.72 =
892.29 - 743.57.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .money import parts_in_cents
from .plan import LotSale

__all__ = ["split_in_cents", "lot_sales_in_cents"]

#: decimals of a dollar a lot's exact proceeds or basis is taken to before the split: far below a cent,
#: and above the float noise of a product or a pro-rata basis (past the 12th decimal at these sizes)
_PART_DECIMALS = 9


def split_in_cents(proceeds: Sequence[float], basis: Sequence[float],
                   amount: float | None = None) -> list[tuple[float, float, float]]:
    """(proceeds, basis, gain) of each lot in cents: the proceeds adding up to ``amount`` in cents (the
    sale's Amount; default: the lots' exact proceeds added up, in cents), the basis to the lots' exact
    basis added up, in cents, each by the largest remainder (module docstring), and gain = proceeds -
    basis.

    The parts are taken to :data:`_PART_DECIMALS` decimals first, so that binary floating point does not
    break a tie: 1.9245 x 72 and 5.3295 x 72 are 138.564 and 383.724 as written, but the floats
    138.56400000000002 and 383.72400000000005, which would give the cent to the later lot."""
    p = parts_in_cents([round(float(x), _PART_DECIMALS) for x in proceeds], amount)
    b = parts_in_cents([round(float(x), _PART_DECIMALS) for x in basis])
    return [(pi, bi, round(pi - bi, 2) + 0.0) for pi, bi in zip(p, b)]


def lot_sales_in_cents(rows: Sequence[LotSale], amount: float) -> list[LotSale]:
    """One sale's Lot Sales rows, each with its (proceeds, basis) in cents as shown
    (:attr:`~taxrebal.engine.plan.LotSale.shown`, from :func:`split_in_cents`: the proceeds adding up to
    ``amount``, the sale's Amount on Trades), which :meth:`~taxrebal.engine.plan.LotSale.in_cents` and
    every figure summed from it use; the rows' own figures keep full precision."""
    split = split_in_cents([r.proceeds for r in rows], [r.basis for r in rows], amount)
    return [replace(r, shown=(p, b)) for r, (p, b, _g) in zip(rows, split)]
