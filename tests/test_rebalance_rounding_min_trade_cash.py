"""A buy held at Min Trade by the rounding is paid for by its account's sells rounded up, not trimmed
back under Min Trade (engine/rebalance/rounding.py).

bench_plan_quality seed 918 (Min Trade $50): a Traditional IRA with no cash sells the solver's $50.00 of
RE0B at $39.32 (1.2716175 shares) to buy $50.00 of BD0 at $259.28 (0.1928417 shares). Worked by hand:

* the sell rounds to 1.2716 shares: 1.2716 x 39.32 = $49.999312, $50.00 on Trades (at Min Trade);
* the buy rounds to 0.1928 shares: 0.1928 x 259.28 = $49.989184, $49.99, under Min Trade, so it is
  raised to 0.1929 shares: $50.015112, $50.02;
* the account's cash is then $50.00 - $50.02 = -$0.02. Trimming the buy back to 0.1928 ($49.99) put an
  order under Min Trade on the plan (the contract problem seen). The sell rounded up instead:
  1.2719 x 39.32 = $50.011068 ($50.01) is still short; 1.2720 x 39.32 = $50.01504, $50.02 on Trades,
  and $50.01504 - $50.015112 = -$0.000072, $0.00 to the cent: the account is not overdrawn either way.
"""

from datetime import date

import numpy as np

from taxrebal.engine.money import cents, times
from taxrebal.engine.rebalance.model import RebalanceModel
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 12, 1)


def _household() -> Household:
    """An IRA with no cash holding 100 RE0B ($39.32, $3,932.00) and 10 BD0 ($259.28, $2,592.80); each class
    at a 60/40 target with a 10-point band (REIT 60.27%), Min Trade $50."""
    return Household(
        accounts=(Account("IRA", "Traditional IRA"),),
        securities=(Security("RE0B", "REIT", 39.32), Security("BD0", "US Bonds", 259.28)),
        lots=(Lot("I1", "IRA", "RE0B", None, 100, None), Lot("I2", "IRA", "BD0", None, 10, None)),
        targets=(Target("REIT", 0.60, 0.10), Target("US Bonds", 0.40, 0.10)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0,
                          min_trade=50.0))


def test_the_sell_rounds_up_to_pay_for_a_buy_held_at_min_trade():
    model = RebalanceModel(_household(), AS_OF)
    (s,) = [j for p, j in zip(model.positions, model.pos_vars) if p.symbol == "RE0B"]
    (b,) = [j for o, j in zip(model.buys, model.buy_vars) if o.symbol == "BD0"]
    x = np.zeros(model.lp.n)
    x[s] = 50.0 / 39.32
    x[b] = 50.0 / 259.28
    y = model.rounded(x)
    assert y[b] == 0.1929 and cents(times(y[b], 259.28)) == 50.02
    assert y[s] == 1.2720 and cents(times(y[s], 39.32)) == 50.02
    assert cents(1.2720 * 39.32 - 0.1929 * 259.28) == 0.0
