"""The sales later_harvest dates are priced in date order, as the README says (audit20 F10).

Rule (README, Trades' "Sales to wait for"): each waited sale is priced on top of the plan and of the waited
sales dated earlier, in date order, so the figures add up. By hand, with a tax of 15% on the first $4,000 of
net gain and 25% above it, and the plan at $5,000 of net gain ($850.00): a $1,500 loss dated 2026-12-17 first,
$5,000 -> $3,500: 1,000 x 25% + 500 x 15% = $325.00 less; then a $3,000 loss dated 2026-12-22, $3,500 -> $500:
3,000 x 15% = $450.00 less. Priced largest loss first (as they were chosen) they read -$550.00 and -$225.00;
the total, -$775.00, is the same.
"""

from dataclasses import dataclass
from datetime import date

import pytest

from taxrebal.engine.plan import WaitedSale
from taxrebal.engine.rebalance.later_harvest import _in_date_order


@dataclass(frozen=True)
class _Tax:
    total: float


class _TwoBrackets:
    """15% of the first $4,000 of net gain (short- plus long-term), 25% above; nothing on a net loss."""

    def true_tax(self, st: float, lt: float) -> _Tax:
        net = max(0.0, st + lt)
        return _Tax(0.15 * min(net, 4_000.0) + 0.25 * max(0.0, net - 4_000.0))


def waited(lot_id: str, day: date, loss: float) -> WaitedSale:
    return WaitedSale(account="Taxable", symbol="VTI", lot_id=lot_id, quantity=10.0, price=100.0, sell_on=day,
                      realized_st=0.0, realized_lt=-loss, kept=0.0, est_tax=0.0, better_than_now=0.0,
                      asset_class="US", identity="VTI", replacement="SCHB", washing=(), drip=False, kept_rate=0.0,
                      later=True)


def test_the_earlier_sale_is_priced_first():
    big, small = waited("L1", date(2026, 12, 22), 3_000.0), waited("L2", date(2026, 12, 17), 1_500.0)
    priced = _in_date_order(_TwoBrackets(), (0.0, 5_000.0), (big, small))  # chosen largest loss first
    assert [w.lot_id for w in priced] == ["L1", "L2"]  # the order of the list is kept
    assert priced[1].est_tax == pytest.approx(-325.00)
    assert priced[0].est_tax == pytest.approx(-450.00)
    assert sum(w.est_tax for w in priced) == pytest.approx(-775.00)


def test_sales_of_one_day_follow_one_another_in_the_order_chosen():
    a, b = waited("A", date(2026, 12, 17), 3_000.0), waited("B", date(2026, 12, 17), 1_000.0)
    priced = _in_date_order(_TwoBrackets(), (0.0, 5_000.0), (a, b))
    # A first: $5,000 -> $2,000: 1,000 x 25% + 2,000 x 15% = $550.00; then B: $2,000 -> $1,000: $150.00
    assert [w.est_tax for w in priced] == pytest.approx([-550.00, -150.00])
