"""An order at Min Trade stays at Min Trade after the rounding (engine/rebalance/rounding.py).

Rule: every order is at least Min Trade dollars (Settings; an order under it is one the broker's
minimum may refuse). Quantities round to 1/10,000 share; an order the solver made at or over Min Trade
that the rounding takes under it, in cents, is raised by 1/10,000 shares until it is not. fe14 F6: a
Roth's sale of the solver's 0.33333 VTI at $300 ($100.00) rounded to 0.3333, a $99.99 order under Min
Trade $100; 0.3334 VTI is $100.02.
"""

from datetime import date

import numpy as np

from taxrebal.engine.money import cents
from taxrebal.engine.rebalance.model import RebalanceModel
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 12, 1)


def _household() -> Household:
    """A Roth IRA holding 10 VTI ($300) and 100 BND ($73), US Stocks over its 20% target, Min Trade $100."""
    return Household(
        accounts=(Account("Roth", "Roth IRA"),),
        securities=(Security("VTI", "US Stocks", 300.0), Security("BND", "Bonds", 73.0)),
        lots=(Lot("R1", "Roth", "VTI", None, 10, None), Lot("R2", "Roth", "BND", None, 100, None)),
        targets=(Target("US Stocks", 0.20), Target("Bonds", 0.80)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0,
                          min_trade=100.0))


def test_a_sale_of_exactly_min_trade_is_not_rounded_under_it():
    model = RebalanceModel(_household(), AS_OF)
    (j,) = [j for p, j in zip(model.positions, model.pos_vars) if p.symbol == "VTI"]
    x = np.zeros(model.lp.n)
    x[j] = 100.0 / 300.0  # $100.00 of VTI: 0.33333... shares
    y = model.rounded(x)
    assert y[j] == 0.3334
    assert cents(y[j] * 300.0) == 100.02


def test_a_sale_over_min_trade_rounds_to_the_nearest_ten_thousandth():
    model = RebalanceModel(_household(), AS_OF)
    (j,) = [j for p, j in zip(model.positions, model.pos_vars) if p.symbol == "VTI"]
    x = np.zeros(model.lp.n)
    x[j] = 0.52222  # $156.67, well over Min Trade: rounds to 0.5222 as before
    assert model.rounded(x)[j] == 0.5222
