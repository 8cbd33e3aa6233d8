"""The cents the rounding leaves in an employer plan buy more of its fund only when the shares at their
prices hold them, not only the orders rounded to the cent (rebalance/rounding.py, _rounding_cents_spent).

Rule (README, Orders a broker accepts; rounding.py _cash_least): an account is overdrawn when its cash after
the orders is below zero counted either way a statement may add it up: each order's amount in cents, or all
of them at shares x price.

By hand: a 401(k) with $1,000 of payroll money sells 1.0001 AAA and 1.0001 BBB at $50.05, each
$50.055005, an order of $50.06: $100.12 counted per order, $100.11001 at shares x price. It buys 110.011
FFF at $10, $1,100.11. Per order $0.01 is left; at shares x price $0.00001. Spending that cent (110.012
FFF, $1,100.12) leaves the account $0.00999 short of its buy at shares x price (bench planref at 30 lots
a class, seed 2704: a 401(k)'s eight sells, $0.0116 more per order, left $0.0113 short). So the buy stays
110.011 and the cent stays as cash.
"""

from datetime import date

import numpy as np
import pytest

from taxrebal.engine.rebalance import shared_model
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 6, 1)


@pytest.fixture(scope="module")
def model():
    h = Household(
        accounts=(Account("Work 401k", "401(k)", cash=0.0, contribution=1000.0),),
        securities=(Security("AAA", "US Stocks", 50.05), Security("BBB", "US Stocks", 50.05),
                    Security("FFF", "Bonds", 10.0)),
        lots=(Lot("A1", "Work 401k", "AAA", None, 5, None), Lot("B1", "Work 401k", "BBB", None, 5, None)),
        transactions=(), targets=(Target("US Stocks", 0.5, band=0.5), Target("Bonds", 0.5, band=0.5)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0))
    return shared_model(h, AS_OF)


def orders(model):
    y = np.zeros(model.lp.n)
    for j in model.pos_vars:
        y[j] = 1.0001
    (fund,) = [j for b, j in zip(model.buys, model.buy_vars) if b.symbol == "FFF"]
    y[fund] = 110.011
    return y, fund


def test_the_cent_left_per_order_is_not_there_at_shares_times_price(model):
    y, _ = orders(model)
    assert model._cash_after_orders(y) == [0.01]
    assert model._cash_least(y) == [0.0]


def test_the_cent_is_not_spent(model):
    y, fund = orders(model)
    x = np.zeros(model.lp.n)  # the solver's plan keeps no cash
    model._rounding_cents_spent(x, y, model._cash_after_orders(y))
    assert y[fund] == pytest.approx(110.011, abs=1e-9)
    exact = 1000.0 + 2 * 1.0001 * 50.05 - y[fund] * 10.0
    assert exact == pytest.approx(0.00001, abs=1e-9) and exact >= 0
