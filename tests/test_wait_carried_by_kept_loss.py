"""A waited sale's "$X of the $Y kept carries forward" is the loss it keeps (audit18 F4).

g11 (bench/generate.py seed 11): two QTEG lots wait together until 2025-07-03 in a year $124,477.33 past
the $3,000 limit (IRC §1211(b)). L000706 (-$177.13) keeps $29.76 that a Roth 401(k) purchase would wash
for good now; L000906 (-$662.96) keeps nothing. Past the limit every further dollar of loss carries
forward (IRC §1212(b)), so waiting carries exactly $29.76 more, all of it L000706's: worth $5.95 at 20%
(the README's $5.00 minimum for a wait counts it at the long-term rate). It was shared by gain,
177.13 / 840.09 x 29.76 = $6.28 (worth $1.26, which would not justify waiting at all).

Expected figures by hand, not read from taxrebal.
"""

from datetime import date
from types import SimpleNamespace

import pytest

from taxrebal.engine.plan import WaitedSale
from taxrebal.engine.rebalance.window_wait import price_in_date_order


class _PastTheLimit:
    """A return whose net capital loss is far past the $3,000 limit: this year's tax does not move, and
    every dollar of loss beyond $3,000 carries forward (IRC §1211(b), §1212(b))."""

    def true_tax(self, st: float, lt: float) -> SimpleNamespace:
        carried = max(0.0, -(st + lt) - 3_000.0)
        return SimpleNamespace(total=-870.0, after=SimpleNamespace(st_carryforward_out=0.0,
                                                                   lt_carryforward_out=carried))


def _wait(lot_id: str, lt: float, kept: float) -> WaitedSale:
    return WaitedSale(account="Taxable 06", symbol="QTEG", lot_id=lot_id, quantity=1.0, price=37.47,
                      sell_on=date(2025, 7, 3), realized_st=0.0, realized_lt=lt, kept=kept, est_tax=0.0,
                      better_than_now=0.0)


def test_the_carryforward_waiting_adds_is_the_loss_each_lot_keeps():
    plan = SimpleNamespace(realized_st=-8_641.87, realized_lt=-123_027.81 + 8_442.35 - 1_250.0)
    a = _wait("L000706", -177.13, 29.76)
    b = _wait("L000906", -662.96, 0.0)
    # sold today: L000706 realizes -177.13 + 29.76 = -147.37 (the washed $29.76 lost), L000906 all of it
    out = price_in_date_order(_PastTheLimit(), plan, [a, b], [(-147.37, True), (-662.96, True)])
    assert out[0].kept_carried == pytest.approx(29.76, abs=1e-6)
    assert out[1].kept_carried == pytest.approx(0.0, abs=1e-9)
    assert out[0].est_tax + out[1].est_tax == pytest.approx(0.0, abs=1e-9)  # this year's tax unchanged
