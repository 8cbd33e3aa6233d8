"""An employer plan's dropped sliver buy is invested in its largest buy, not left as cash
(engine/rebalance/rounding.py ``without_slivers``; payroll_cash.py).

Rule (README "Employer plans"; payroll_cash.py): a 401(k)'s, 403(b)'s or Roth 401(k)'s new money
arrives under the investment election and cannot stay as cash; a piece worth less than SLIVER_DOLLARS
($1) is dropped from a fractional-share plan (rounding.py rule 1).

Hand-worked (bench_plan_quality --past-sales seed 4, where the plan kept $0.54 of a 401(k)'s $5,000
Contribution as cash): the solver buys 20.19742767 IN1 at $247.53 ($4,999.4697) and 0.0039145 BD0 at
$135.58 ($0.5307), cash $0. BD0 is under $1: dropped, its $0.5307 buys 0.5307 / 247.53 = 0.0021441 more
IN1, 20.1995718 in all (5,000 / 247.53 = 20.1995718): cash $0.00, the 401(k)'s cap (its Cash, $0, plus
float round-off). Before, the $0.53 went to cash, and the rounding to 4 decimals left $0.54.
In a Traditional IRA (no cap) the dropped $0.53 stays as cash, as before.
"""

from datetime import date

import numpy as np
import pytest

from taxrebal.engine.rebalance.model import RebalanceModel
from taxrebal.engine.records import Account, Household, Lot, Security, SecurityType, Settings, Target

AS_OF = date(2026, 12, 1)
IN1, BD0 = 20.19742767060606, 0.003914505789072235


def model(account_type: str) -> RebalanceModel:
    h = Household(
        accounts=(Account("Plan", account_type, contribution=5_000.0),),
        securities=(Security("IN1", "Intl Stocks", 247.53, security_type=SecurityType.MUTUAL_FUND),
                    Security("BD0", "Bonds", 135.58, security_type=SecurityType.MUTUAL_FUND)),
        lots=(Lot("P1", "Plan", "IN1", date(2020, 1, 2), 100, 20_000.0),
              Lot("P2", "Plan", "BD0", date(2020, 1, 2), 40, 5_000.0)),
        targets=(Target("Intl Stocks", 0.8, 0.2), Target("Bonds", 0.2, 0.2)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0),
        menus={"Plan": frozenset({"IN1", "BD0"})})
    return RebalanceModel(h, AS_OF)


def solver_answer(m: RebalanceModel) -> np.ndarray:
    x = np.zeros(m.lp.n)
    for b, j in zip(m.buys, m.buy_vars):
        x[j] = {"IN1": IN1, "BD0": BD0}[b.symbol]
    return x


def buys_and_cash(m: RebalanceModel, y: np.ndarray) -> tuple[dict[str, float], float]:
    return {b.symbol: float(y[j]) for b, j in zip(m.buys, m.buy_vars)}, float(y[m.cash_vars[0]])


def test_a_401k_invests_the_dropped_sliver_in_its_largest_buy():
    m = model("401(k)")
    buys, cash = buys_and_cash(m, m.without_slivers(solver_answer(m)))
    assert buys["BD0"] == 0.0
    assert buys["IN1"] == pytest.approx(5_000 / 247.53, abs=1e-9) and buys["IN1"] == pytest.approx(20.1995718, abs=1e-7)
    assert cash == pytest.approx(0.0, abs=1e-9)
    buys, cash = buys_and_cash(m, m.rounded(m.without_slivers(solver_answer(m))))
    # the account's cash after the order is counted in the order's cents, as the broker counts it (fe14 F1):
    # 20.1995 x $247.53 = $4,999.9817, an order of $4,999.98, so $0.02 is left (not $0.0178)
    assert buys["IN1"] == 20.1995 and cash == pytest.approx(0.02, abs=1e-9)


def test_an_ira_keeps_the_dropped_sliver_as_cash():
    m = model("Traditional IRA")
    buys, cash = buys_and_cash(m, m.without_slivers(solver_answer(m)))
    assert (buys["BD0"], buys["IN1"]) == (0.0, IN1)
    assert cash == pytest.approx(BD0 * 135.58, abs=1e-9)
