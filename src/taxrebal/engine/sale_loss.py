"""Whether a recent sale was a loss: one rule for every wash-sale question about past sales.

IRC §1091(a) disallows a *loss*: only a Sell that realized one opens a wash-sale window for buying
back. A Sell row on Transactions realized a loss when its basis exceeds its proceeds (shares x price)
by more than :data:`~taxrebal.engine.money.EPS`. Its basis is the row's Cost Basis when typed, else
that of the lot it names (Lot ID): the lot's adjusted basis per share (a basis already raised by an
earlier wash sale counts, IRC §1091(d)) times the shares sold. With neither, the loss is unknown
(``None``) and each question says how it treats that: the rebalancer does not buy the fund back (a
loss it cannot see could wash), the WASHWINDOW cell says the basis is unknown.

Worked example: Sell 10 VXUS at $55 naming lot L7 (40 shares, adjusted basis $2,400): basis
10 x 2,400 / 40 = 600, proceeds 550, loss $50.00, a loss. The same row with Cost Basis 500 typed:
loss -$50.00, a gain, so buying VXUS back washes nothing.
"""

from __future__ import annotations

from typing import Optional

from .money import EPS, QTY_EPS
from .records import Lot, Transaction

__all__ = ["is_loss", "sale_loss"]


def sale_loss(sale: Transaction, lot: Optional[Lot] = None) -> Optional[float]:
    """The loss of a Sell row (positive = loss, negative = gain); ``lot`` is the lot its Lot ID
    names, if any. ``None`` when neither the row nor the lot gives the basis."""
    if sale.basis is not None:
        return sale.basis - sale.amount
    if lot is not None and lot.adjusted_basis is not None and lot.quantity > QTY_EPS:
        return lot.adjusted_basis / lot.quantity * sale.quantity - sale.amount
    return None


def is_loss(loss: float) -> bool:
    """A loss the wash-sale rule can disallow: more than a tenth of a cent."""
    return loss > EPS
