"""The wash engine's outcome of a plan as its steps report it (engine/rebalance/step_order.py
``planned_outcome``) is matched once per plan, whichever step asks (issue 13: at 10,000 lots each
match is about 0.04-0.07 s CPU; window_wait.py, later_harvest.py, hold_for_later.py and assemble.py
each asked it of the final plan). The plan is the one worked by hand in
tests/test_rebalance_wait_for_window.py: fe7's chen4, T-05's 300 VEA dated 2026-12-21 (Wei's IRA
bought VEA on 2026-11-20, + 31 days), keeping the $600 of loss that selling now loses for good (Rev.
Rul. 2008-5)."""

from datetime import date
from types import SimpleNamespace

import numpy as np
import pytest
from chen4_household import AS_OF, chen4, chen4_settings

import taxrebal.engine.rebalance.step_order as step_order
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Target


def test_each_plan_matched_once_and_the_wait_unchanged(monkeypatch):
    seen: list[bytes] = []  # the plans the wash engine matched in step order
    real = step_order._planned_outcome

    def counted(model, x):
        seen.append(np.asarray(x, dtype=float).tobytes())
        return real(model, x)

    monkeypatch.setattr(step_order, "_planned_outcome", counted)
    h = chen4(chen4_settings(), (Target("Intl Stocks", 0.25), Target("Bonds", 0.75)), 500, 400)
    plan = plan_rebalance(h, as_of=AS_OF)
    (wait,) = plan.waits
    assert (wait.lot_id, wait.quantity, wait.sell_on) == ("T-05", 300, date(2026, 12, 21))
    assert wait.kept == pytest.approx(600.0)
    # the plan before the wait and the plan re-solved with T-05 held (the final plan, which the later
    # steps and the plan's assembly read again): two plans, each matched once
    assert len(seen) == len(set(seen)) == 2


def test_the_last_four_plans_are_kept(monkeypatch):
    matched: list[float] = []

    def outcome(model, x):  # a stand-in answer: a new object per match
        matched.append(float(x[0]))
        return {("Taxable", f"L{x[0]:g}"): object()}

    monkeypatch.setattr(step_order, "_planned_outcome", outcome)
    model = SimpleNamespace()
    plans = [np.array([float(k), 0.5]) for k in range(6)]
    first = step_order.planned_outcome(model, plans[0])
    # the same plan again, even as another array of the same values: the kept object, no match
    assert step_order.planned_outcome(model, plans[0].copy()) is first
    for k in (1, 2, 3):
        step_order.planned_outcome(model, plans[k])
    assert step_order.planned_outcome(model, plans[0]) is first  # 4 kept: 0 (asked last), 1, 2, 3
    step_order.planned_outcome(model, plans[4])  # a fifth: 1, the least recently asked, goes
    assert matched == [0.0, 1.0, 2.0, 3.0, 4.0]
    step_order.planned_outcome(model, plans[1])
    assert matched == [0.0, 1.0, 2.0, 3.0, 4.0, 1.0]
    # a plan that differs in one share is another plan
    step_order.planned_outcome(model, np.array([0.0, 0.5 + 1e-12]))
    assert matched[-1] == 0.0 and len(matched) == 7
