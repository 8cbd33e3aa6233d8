"""Two identities' waits decided in one re-solve (engine/rebalance/window_wait.py, _wait_together; issue 13).

fe10's H2 with Sold Recent Shares Wash = Y (tests/fe10_h2_household.py): the plan would sell IVV B-4
(-$1,500 short-term, SP500's recent purchases in the 401(k) and the HSA wash $305 of it for good) and
VXUS B-5 (-$600, the Roth's 20 VXUS wash $100 for good), so window_wait.py tests both identities.
One by one that was two re-solves; together it is one, and the plan is the same. The figures are
worked by hand in tests/test_recent_shares_per_row.py (fe10 finding 7): this year's net long-term
gain is $140, taxed 19.5%; a short-term loss beyond it saves 26.5%. IVV B-4 first (2026-12-28):
140 x 19.5% + 1,360 x 26.5% = $387.70 less tax; then VXUS B-5 (2026-12-31): 600 x 26.5% = $159.00.
"""

from datetime import date

import pytest
from fe10_h2_household import AS_OF, h2

import taxrebal.engine.rebalance.planner as planner
import taxrebal.engine.rebalance.window_wait as window_wait
from taxrebal.engine.rebalance import plan_rebalance


def _plan_counting_resolves(monkeypatch):
    """The plan of H2 (Y) and how many whole re-solves choose_waits asked for."""
    asked = [0]
    choose = planner.choose_waits

    def counted(model, oracle, best, breach, resolve, *rest, **kw):
        def again():
            asked[0] += 1
            return resolve()
        return choose(model, oracle, best, breach, again, *rest, **kw)

    monkeypatch.setattr(planner, "choose_waits", counted)
    return plan_rebalance(h2(sold_recent_shares_wash=True), as_of=AS_OF), asked[0]


def test_two_identities_wait_after_one_re_solve(monkeypatch):
    plan, resolves = _plan_counting_resolves(monkeypatch)
    assert resolves == 1
    waits = {w.lot_id: w for w in plan.waits}
    assert (waits["B-4"].sell_on, waits["B-5"].sell_on) == (date(2026, 12, 28), date(2026, 12, 31))
    assert waits["B-4"].est_tax == pytest.approx(-387.70, abs=0.005)
    assert waits["B-5"].est_tax == pytest.approx(-159.00, abs=0.005)
    assert waits["B-4"].kept == pytest.approx(305.00, abs=0.005)  # 4.1 + 2 shares x $50, lost for good now
    assert waits["B-5"].kept == pytest.approx(100.00, abs=0.005)  # the Roth's 20 shares x $5


def test_one_by_one_gives_the_same_plan_in_two_re_solves(monkeypatch):
    together, _ = _plan_counting_resolves(monkeypatch)
    monkeypatch.setattr(window_wait, "_wait_together", lambda *a, **k: None)  # as if a rule failed
    alone, resolves = _plan_counting_resolves(monkeypatch)
    assert resolves == 2
    assert alone.trades == together.trades
    assert alone.lot_sales == together.lot_sales
    assert alone.waits == together.waits
