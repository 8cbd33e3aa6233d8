"""Money rounding: the one rule used at every edge.

Engines compute in full float precision. Whenever a figure leaves the engine for a person (a result
table, a cell function), it is rounded to cents, half away from zero, the way a tax form or a
brokerage statement rounds: ``cents(2.675) == 2.68`` (the float 2.675 is really 2.67499999..., so
rounding goes through ``Decimal(repr(x))`` to honour the written value), ``cents(-0.005) == -0.01``.

A holding's market value is its shares times the price in cents (:func:`value_in_cents`), and an asset
class's value the sum of its holdings' (engine/allocation.py), as a statement adds up its positions.

Comparisons between money amounts use :data:`EPS` (a tenth of a cent) instead of ``==``.

Parts of a total (federal and state tax, say) are rounded so that they add up to the total's cents
(:func:`parts_in_cents`, the largest-remainder method): each part is cut down to whole cents, and the
cents still missing go to the parts with the largest remainders. Example: $1,260.50 of long-term gain
taxed 18.8% federal and 5% state is 236.974 + 63.025 = 299.999, total $300.00; rounding each part
alone shows 236.97 + 63.03... or 63.02, and 299.99 beside a 300.00 total; the largest remainder gives
236.97 and 63.03.
"""

from __future__ import annotations

import math
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal
from typing import Sequence

__all__ = ["cents", "saving_in_cents", "shares_down", "SHARE_DECIMALS",
           "times", "value_in_cents", "shares_value_in_cents", "parts_in_cents", "signed_points", "EPS", "QTY_EPS"]

#: Two money amounts closer than this are the same amount.
EPS = 0.001
#: Two share quantities closer than this are the same quantity (fractional shares go to 1e-6).
QTY_EPS = 1e-9


#: below this many dollars :func:`cents` may decide in binary floating point (``_FAST_TOLERANCE``)
_FAST_LIMIT = 1e9
#: how far, per dollar, a hundred times the float may sit from the written amount's hundredths
#: (the float's own error and its shortest repr's, each under 1.2e-14 of the amount): a margin of 4
_FAST_TOLERANCE = 1e-13


def cents(x: float) -> float:
    """Round a dollar amount to cents, half away from zero, as written (``Decimal(repr(x))``).

    The same figure without the decimal module when that is certain (about 5x faster; it is called
    for every amount a sheet shows): a hundred times the amount, in floating point, is within
    ``_FAST_TOLERANCE`` of the amount per dollar of the written amount's hundredths, so when its
    fraction is farther than that from one half, rounding half up goes the same way for both, and
    ``n / 100`` is the double nearest the decimal n hundredths (one correctly rounded division) as
    ``float(Decimal(...))`` is. Example: 1234.564 -> 123456.4 hundredths, a fraction of .4, so
    1234.56; 2.675 (stored as 2.67499999...) -> 267.49999999999997, within the margin of one half,
    so the decimal module decides: 2.68. A loss under half a cent is 0.0, never -0.0 (a sheet would
    print "$-0.00", fe13 F5)."""
    x = float(x)
    if not math.isfinite(x):  # NaN and infinities pass through untouched (no cents to round to)
        return x
    a = -x if x < 0 else x
    if a < _FAST_LIMIT:
        y = a * 100.0
        whole = math.floor(y)
        frac = y - whole  # exact: y < 2**53
        if abs(frac - 0.5) > a * _FAST_TOLERANCE + 1e-12:
            return math.copysign((whole + (1 if frac > 0.5 else 0)) / 100.0, x) + 0.0  # + 0.0: never -0.0
    # a context as precise as the written amount needs: quantizing $1e32 to cents needs 35 digits, more than
    # the default 28 (an imported cash cell of 1e32 was an internal error, not the import's own message)
    return float(Decimal(repr(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP, context=_WIDE)) + 0.0


#: decimal context for :func:`cents` of any finite float (the largest, 1.8e308, has 309 digits before the point)
_WIDE = Context(prec=340)


#: Decimals of a share a broker accepts for a fractional order (Orders: "at most 4 decimals").
SHARE_DECIMALS = 4


def shares_down(q: float) -> float:
    """``q`` shares rounded down to :data:`SHARE_DECIMALS` decimals, the most an order can carry without
    exceeding ``q``: 210.854545 -> 210.8545."""
    scale: int = 10 ** SHARE_DECIMALS
    return math.floor(q * scale + 1e-6) / scale


def saving_in_cents(before: float, after: float) -> float:
    """What going from tax ``before`` to tax ``after`` saves: each tax in cents, as the sheets print it,
    then the difference, so "X instead of Y: Z less" adds up to the cent. E.g. 96.692 (241.73 of
    short-term gain at 40%) and 48.346 (at 20%) -> 96.69 - 48.35 = 48.34."""
    return cents(cents(before) - cents(after))


def times(quantity: float, price: float) -> float:
    """``quantity x price`` as written: the float nearest the decimal product, so that :func:`cents`
    rounds a trade's amount as :func:`value_in_cents` rounds a holding's (0.15 x 33.30 -> 4.995, which
    rounds to $5.00; the float product 4.994999999999999 would round to $4.99), and a holding sold in
    full leaves its class with $0.00."""
    return float(Decimal(repr(float(quantity))) * Decimal(repr(float(price))))


def value_in_cents(quantities: Sequence[float], price: float) -> float:
    """The market value of a holding, its shares (``quantities``: its lots') times ``price``, in cents
    half away from zero, computed on the written numbers (``Decimal(repr(x))``) as a person multiplying
    them would: 0.15 shares at $33.30 are $4.995 -> $5.00, where the float product 4.994999999999999
    would give $4.99."""
    return shares_value_in_cents(sum((Decimal(repr(float(q))) for q in quantities), Decimal(0)), price)


def shares_value_in_cents(shares: Decimal, price: float) -> float:
    """:func:`value_in_cents` of a holding whose shares add up to ``shares`` (the written numbers' exact sum):
    ``shares x price`` in cents half away from zero. 12.75 shares at $33.333 -> $425.00."""
    return float((shares * Decimal(repr(float(price)))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)) + 0.0


def parts_in_cents(parts: Sequence[float], total: float | None = None) -> list[float]:
    """``parts`` in cents adding up to ``cents(total)`` (default: the parts' own sum), by the largest
    remainder (module docstring); ties go to the earlier part."""
    whole = [Decimal(repr(float(x))) * 100 for x in parts]
    target = Decimal(repr(cents(sum(float(x) for x in parts) if total is None else total))) * 100
    floors = [w.to_integral_value(rounding=ROUND_FLOOR) for w in whole]
    missing = int(target - sum(floors, Decimal(0)))
    order = sorted(range(len(parts)), key=lambda k: (-(whole[k] - floors[k]), k))
    out = list(floors)
    if missing >= 0:
        for k in order[:missing]:
            out[k] += 1
    else:  # the total is below the floors (a total from elsewhere): take from the smallest remainders
        for k in list(reversed(order))[:-missing]:
            out[k] -= 1
    return [float(x / 100) + 0.0 for x in out]


def signed_points(fraction: float) -> str:
    """A drift (a fraction) in percentage points with its sign and 2 decimals, a drift that rounds to
    zero shown as 0.00 (fe10: "Intl Stocks -0.00 points"): 0.0123 -> "+1.23", -0.00004 -> "0.00"."""
    text = f"{fraction * 100:+.2f}"
    return "0.00" if text in ("+0.00", "-0.00") else text
