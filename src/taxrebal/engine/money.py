"""Money rounding: the one rule used at every edge.

Engines compute in full float precision. Whenever a figure leaves the engine for a person (a result
table, a cell function), it is rounded to cents, half away from zero, the way a tax form or a
brokerage statement rounds: ``cents(2.675) == 2.68`` (the float 2.675 is really 2.67499999..., so
rounding goes through ``Decimal(repr(x))`` to honour the written value), ``cents(-0.005) == -0.01``.

Comparisons between money amounts use :data:`EPS` (a tenth of a cent) instead of ``==``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["cents", "EPS", "QTY_EPS"]

#: Two money amounts closer than this are the same amount.
EPS = 0.001
#: Two share quantities closer than this are the same quantity (fractional shares go to 1e-6).
QTY_EPS = 1e-9


def cents(x: float) -> float:
    """Round a dollar amount to cents, half away from zero."""
    if x != x:  # NaN passes through untouched
        return x
    return float(Decimal(repr(float(x))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
