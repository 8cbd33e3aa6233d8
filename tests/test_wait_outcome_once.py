"""choose_waits (engine/rebalance/window_wait.py) matches the wash engine's outcome of each plan once
(issue 13: at 10,000 lots each match is about 0.07 s CPU, and it was asked 5 times for 2 plans), and
the plan is the one worked by hand in tests/test_rebalance_wait_for_window.py: fe7's chen4, T-05's
300 VEA dated 2026-12-21 (Wei's IRA bought VEA on 2026-11-20, + 31 days), keeping the $600 of loss
that selling now loses for good (Rev. Rul. 2008-5)."""

from datetime import date

import pytest
from chen4_household import AS_OF, chen4, chen4_settings

import taxrebal.engine.rebalance.planner as planner
import taxrebal.engine.rebalance.window_wait as window_wait
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Target


def test_each_plan_matched_once_and_the_wait_unchanged(monkeypatch):
    seen: list[bytes] = []  # the plans choose_waits asked the wash engine's outcome of
    inside = [False]
    real, choose = window_wait.planned_outcome, window_wait.choose_waits

    def counted(model, x):
        if inside[0]:
            seen.append(x.tobytes())
        return real(model, x)

    def choose_waits(*args, **kwargs):
        inside[0] = True
        try:
            return choose(*args, **kwargs)
        finally:
            inside[0] = False

    monkeypatch.setattr(window_wait, "planned_outcome", counted)
    monkeypatch.setattr(planner, "choose_waits", choose_waits)
    h = chen4(chen4_settings(), (Target("Intl Stocks", 0.25), Target("Bonds", 0.75)), 500, 400)
    plan = plan_rebalance(h, as_of=AS_OF)
    (wait,) = plan.waits
    assert (wait.lot_id, wait.quantity, wait.sell_on) == ("T-05", 300, date(2026, 12, 21))
    assert wait.kept == pytest.approx(600.0)
    # the plan before the wait and the plan re-solved with T-05 held: two plans, each matched once
    assert len(seen) == len(set(seen)) == 2
