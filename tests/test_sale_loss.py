"""One rule for "was this recent sale a loss" (engine/sale_loss.py), the question that decides whether
a purchase can wash it (IRC §1091(a)): each expected value is worked by hand from the row."""

from datetime import date

import pytest

from taxrebal.engine.records import Action, Lot, Transaction
from taxrebal.engine.sale_loss import is_loss, sale_loss

SOLD = date(2026, 11, 13)


def sell(quantity, price, lot_id="", basis=None):
    return Transaction(SOLD, "Joint", "VXUS", Action.SELL, quantity, price, lot_id=lot_id, basis=basis)


LOT_L7 = Lot("L7", "Joint", "VXUS", date(2025, 2, 3), 40, 2400.0)  # $60.00 a share


def test_the_rows_cost_basis_decides_first():
    assert sale_loss(sell(10, 55.0, basis=500.0), LOT_L7) == pytest.approx(-50.0)  # 550 - 500: a gain
    assert not is_loss(-50.0)


def test_else_the_named_lot_per_share_basis_times_the_shares_sold():
    assert sale_loss(sell(10, 55.0, "L7"), LOT_L7) == pytest.approx(50.0)  # 10 x 60 - 10 x 55
    assert is_loss(50.0)


def test_a_basis_raised_by_an_earlier_wash_sale_counts():
    washed = Lot("L8", "Joint", "VXUS", date(2025, 2, 3), 40, 2000.0, wash_adjustment=400.0)  # $60.00 adjusted
    assert sale_loss(sell(10, 55.0, "L8"), washed) == pytest.approx(50.0)


def test_no_basis_anywhere_is_unknown_not_a_gain():
    assert sale_loss(sell(10, 55.0)) is None


def test_a_tenth_of_a_cent_is_not_a_loss():
    assert not is_loss(0.001) and is_loss(0.002)


def test_the_window_in_the_words_is_the_dated_parameter_not_a_literal(monkeypatch):
    # A year whose parameter said 45 days would be described as 45 days (today every year says 30:
    # statutory.toml, IRC §1091(a)); the words must follow the parameter, not repeat "30".
    from taxrebal.workbook.results import wash_sales

    monkeypatch.setattr(wash_sales, "window_days", lambda year: 45)
    table = wash_sales.do_not_buy_table((), date(2026, 12, 1))
    assert "no loss in the last 45 days" in table.notes[0]
