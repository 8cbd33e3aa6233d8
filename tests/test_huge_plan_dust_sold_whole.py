"""A huge household's plan sells whole a tax-advantaged position its tie-break stages leave dust in,
without a solve (engine/rebalance/huge_plan.py, _positions_sold_whole; session 11 seam 3).

Worked by hand: an IRA holds 50.5 BND (Bonds) and 50 VTI (US Stocks), both $100, no cash: $10,050.
The plan below sells 50 BND ($5,000) and buys 50 VTI ($5,000), leaving 0.5 BND ($50: less than one
share, dust.py's remnant) and no cash. Targets US Stocks 99.5%, Bonds 0.5%.

* Bonds' band 1 point: after the plan Bonds is $50 = 0.4975% (drift -0.0025 points); sold whole it is
  $0 (drift -0.5 points, inside 1), US Stocks stays $10,000 = 99.50%: the IRA sells all 50.5 BND and
  keeps the $50 as cash; no tax either way (an IRA, IRC §408).
* Bonds' band 0.25 points: sold whole, Bonds would be 0.25 points outside its band: the dust stays.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from taxrebal.engine.rebalance.data import Solution
from taxrebal.engine.rebalance.huge_plan import _positions_sold_whole
from taxrebal.engine.rebalance.planner import shared_model
from taxrebal.engine.records import Account, Household, Lot, Security, SecurityType, Settings, Target

AS_OF = date(2026, 6, 1)
FUND = SecurityType.MUTUAL_FUND


def _model(bonds_band: float):
    h = Household(
        accounts=(Account("IRA", "Traditional IRA"),),
        securities=(Security("BND", "Bonds", 100.0, security_type=FUND),
                    Security("VTI", "US Stocks", 100.0, security_type=FUND)),
        lots=(Lot("B", "IRA", "BND", None, 50.5, None), Lot("V", "IRA", "VTI", None, 50, None)),
        targets=(Target("US Stocks", 0.995, band=0.01), Target("Bonds", 0.005, band=bonds_band)),
        settings=Settings(as_of=AS_OF, min_trade=0.0, ordinary_income=100_000.0))
    return shared_model(h, AS_OF)


def _dusty_plan(model) -> tuple[Solution, float]:
    x = np.zeros(model.lp.n)
    (bnd,) = [j for p, j in zip(model.positions, model.pos_vars) if p.symbol == "BND"]
    (vti,) = [j for b, j in zip(model.buys, model.buy_vars) if b.symbol == "VTI"]
    x[bnd], x[vti] = 50.0, 50.0
    return Solution(x, 0.0, 0.0, 0.0, 0.0), 0.0


def test_a_position_left_with_half_a_share_is_sold_whole_and_its_value_stays_as_cash():
    model = _model(bonds_band=0.01)
    best = _dusty_plan(model)
    assert [kind for kind, *_ in model.dust_left(best[0].x)] == ["position"]
    sol, tax = _positions_sold_whole(model, best)
    (bnd,) = [j for p, j in zip(model.positions, model.pos_vars) if p.symbol == "BND"]
    assert sol.x[bnd] == pytest.approx(50.5)
    assert sol.x[model.cash_vars[0]] == pytest.approx(50.0)
    assert not model.dust_left(sol.x)
    assert tax == 0.0 and (sol.realized_st, sol.realized_lt) == (0.0, 0.0)
    after = model.after_values(sol.x)
    assert after["Bonds"] == pytest.approx(0.0) and after["US Stocks"] == pytest.approx(10_000.0)


def test_the_dust_stays_when_selling_it_takes_its_class_outside_the_band():
    model = _model(bonds_band=0.0025)
    best = _dusty_plan(model)
    assert _positions_sold_whole(model, best) is best
