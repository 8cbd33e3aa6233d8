"""A re-solve with lots held starts stage B from the plan it re-solves (engine/rebalance/resolve_start.py).

fe10's H2 with Sold Recent Shares Wash = Y (tests/fe10_h2_household.py; a class outside its band, so
the plan has stage A and stage B): the plan would sell IVV B-4 and VXUS B-5, whose losses recent
purchases in the 401(k), the HSA and the Roth wash for good ($305 and $100), so window_wait.py
re-solves it with B-4 held, then with B-4 and B-5 held. Each start it is handed sells 0 of the lots
held and every other taxable lot as the plan re-solved did in its stage B, within the bands; the plan
re-solved from them is the plan re-solved without them: B-4 dated 2026-12-28 and B-5 2026-12-31,
keeping $305 and $100 (worked by hand in tests/test_recent_shares_per_row.py).
"""

from datetime import date

import numpy as np
import pytest
from fe10_h2_household import AS_OF, h2

import taxrebal.engine.rebalance.stages as stages
from taxrebal.engine.rebalance import plan_rebalance


def _plan():
    return plan_rebalance(h2(sold_recent_shares_wash=True), as_of=AS_OF)


def test_the_start_sells_none_of_the_held_lot_and_the_rest_as_the_plan(monkeypatch):
    seen = []
    real = stages.held_start

    def recorded(model, plan, tax, opts, v_cap):
        x = real(model, plan, tax, opts, v_cap)
        seen.append((model, np.array(plan), x, v_cap, np.array(model.lp.ub)))
        return x

    monkeypatch.setattr(stages, "held_start", recorded)
    plan = _plan()
    assert sorted(w.lot_id for w in plan.waits) == ["B-4", "B-5"]
    assert seen, "the re-solves with B-4 and B-5 held were handed a start"
    held = set()
    for model, first, x, v_cap, ub in seen:
        assert x is not None
        for sl, j in zip(model.sell_lots, model.lot_vars):
            if ub[j] == 0.0 and first[j] > 0.0:  # held now, sold by the plan re-solved
                held.add(sl.lot.lot_id)
                assert x[j] == 0.0
            else:
                assert x[j] == pytest.approx(first[j], abs=1e-9)  # sold as that plan's stage B
        assert x[model.v_var] <= v_cap + 1e-9  # within stage B's cap on the band breach
    assert held == {"B-4", "B-5"}


def test_the_plan_re_solved_from_the_start_is_the_plan_re_solved_without_it(monkeypatch):
    started = _plan()
    monkeypatch.setattr(stages, "held_start", lambda *a: None)
    alone = _plan()
    assert started.trades == alone.trades
    assert started.lot_sales == alone.lot_sales
    waits = {w.lot_id: w for w in started.waits}
    assert (waits["B-4"].sell_on, waits["B-5"].sell_on) == (date(2026, 12, 28), date(2026, 12, 31))
    assert (waits["B-4"].kept, waits["B-5"].kept) == (pytest.approx(305.0), pytest.approx(100.0))
    assert started.waits == alone.waits
