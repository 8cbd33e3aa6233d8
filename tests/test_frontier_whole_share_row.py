"""The plan is the Tax-Drift Frontier's row it fits in, also a row solved within one whole share.

With Whole Shares a class can reach its target exactly only by luck, so the 0-point row is solved
within one share of the priciest security ("Within 0.09 points: whole shares.", fe7's household: a
$319 share in a $354,000 household). A plan that ends 0.02 points off target at that row's least tax
is that row: it said "the least tax within 1.00 points (its row above), trading more than a tighter
row" beside a 0-point row it was inside of.
"""

from types import SimpleNamespace

from taxrebal.engine.frontier import FrontierPoint, _plan_row
from taxrebal.engine.plan import PlanStatus
from taxrebal.engine.records import Household, Settings

ROWS = (
    FrontierPoint(0.0, True, -2504.80, -2300.0, -7800.0, 287_255.99, note="Within 0.09 points: whole shares.",
                  cap=0.0009),
    FrontierPoint(0.01, True, -2504.80, -2300.0, -7800.0, 276_320.00),
    FrontierPoint(0.05, True, -2504.80, -2300.0, -7800.0, 228_670.00),
)


HOUSEHOLD = Household((), (), (), (), (), Settings())  # not read: these plans cost their row's least tax


def plan(drift_after: float, tax: float = -2504.80) -> SimpleNamespace:
    trades = (SimpleNamespace(amount=150_000.00, realized_st=-2300.0, realized_lt=0.0),
              SimpleNamespace(amount=138_374.00, realized_st=0.0, realized_lt=-7800.0))
    return SimpleNamespace(trades=trades, max_drift_after=drift_after, tax_total=tax, status=PlanStatus.WITHIN_BANDS,
                           waits=())


def test_a_plan_inside_the_whole_share_row_is_that_row():
    rows = _plan_row(ROWS, plan(0.000216), HOUSEHOLD)
    assert len(rows) == 3 and not any(r.is_plan for r in rows)
    assert rows[0].turnover == 288_374.00 and rows[0].tax == -2504.80
    assert rows[0].note == "Within 0.09 points: whole shares. The plan on Trades."
    assert rows[1:] == ROWS[1:]


def test_a_plan_outside_the_whole_share_row_is_the_next_row_it_fits():
    rows = _plan_row(ROWS, plan(0.0010), HOUSEHOLD)   # 0.10 points: outside 0.09, inside 1.00
    assert rows[0] == ROWS[0]
    extra = [r for r in rows if r.is_plan]
    # the 1-point row trades $276,320 and a tighter row more, so the plan is shown apart with the truth
    assert len(extra) == 1 and "within 1.00 points" in extra[0].note
