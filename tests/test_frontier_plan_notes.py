"""Tax-Drift Frontier notes true for their rows (fe10 finding 10; engine/frontier.py, frontier_monotone.py).

fe10's H2 (tests/fe10_h2_household.py): the plan on Trades ends 0.00 points from target at -$546.86 (the
review checked it by hand and with Tax-Calculator: federal -$452.33, state 4.5% x -$2,100.60 = -$94.53),
and the 0-point row solved on its own found a plan a few cents dearer. Before: the 0-point row showed
the plan's figures with "The plan on Trades (1.84439e-05 points) fits here too: it trades less at no
more tax" (same dollars traded, less tax), and a separate "The plan on Trades" row said "$0.16 less than
the least tax within 0.00 points (its row above)" though that row already showed -$546.86. Now the
0-point row is the plan (it fits there and costs no more), there is no separate plan row, and every
drift in a note has 2 decimals.
"""

from __future__ import annotations

import re

import pytest
from fe10_h2_household import AS_OF, h2

from taxrebal.engine.frontier import tax_drift_frontier
from taxrebal.engine.rebalance import HouseholdModels, plan_rebalance


def test_the_row_the_plan_fits_is_the_plan_and_the_notes_say_what_is_true():
    h = h2()
    models = HouseholdModels(h, AS_OF)
    plan = plan_rebalance(h, as_of=AS_OF, models=models)
    points = tax_drift_frontier(h, as_of=AS_OF, models=models, plan=plan)
    assert plan.tax_total == pytest.approx(-546.86, abs=0.005)
    assert not [p for p in points if p.is_plan]  # no "below" table repeating the plan
    zero = points[0]
    assert zero.level == 0.0 and zero.tax == pytest.approx(-546.86, abs=0.005)
    assert zero.note.startswith("The plan on Trades")
    assert zero.turnover == pytest.approx(sum(round(t.amount, 2) for t in plan.trades), abs=0.005)
    for p in points:
        assert not re.search(r"\de-\d", p.note), p.note  # no scientific notation
        assert "its row above" not in p.note
        if "fits here too" in p.note and "trading $" in p.note:
            assert "less tax" in p.note or "the same tax" in p.note
