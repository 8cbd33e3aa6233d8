"""The Tax-Drift Frontier is monotone (issue 9 point 6; fe9 finding 5; engine/frontier_monotone.py):
a plan within L points of every target is within every looser level too, so allowing more drift
never costs more tax, nor trades more dollars at the same tax, than a tighter row or the plan on
Trades when that plan is within the row's level.

The figures are fe9's (chen-out.xlsx, Tax-Drift Frontier rows 3-6), and the rule is checked on the
Chens' household itself, solved as a run solves it.
"""


import pytest
from fe9_households import chens

from taxrebal.engine.frontier import FrontierPoint, tax_drift_frontier
from taxrebal.engine.frontier_monotone import monotone_rows
from taxrebal.engine.rebalance import HouseholdModels, plan_rebalance


def test_a_looser_row_shows_the_plan_on_trades_when_that_plan_trades_less_at_the_same_tax():
    """fe9's Chens: the 0-point row is the plan on Trades, -$1,460.00 with $241,784.50 traded; the
    1-point, 2-point and current-drift rows were solved at the same -$1,460.00 trading $278,856.97,
    $266,488.48 and $258,638.47. The plan is within each of those levels, so each shows it."""
    rows = (FrontierPoint(0.0, True, -1_460.0, -3_100.0, -7_000.0, 241_784.50, note="The plan on Trades."),
            FrontierPoint(0.01, True, -1_460.0, -3_989.99, -7_000.0, 278_856.97),
            FrontierPoint(0.02, True, -1_460.0, -3_989.99, -7_000.0, 266_488.48),
            FrontierPoint(0.0284, True, -1_460.0, -3_989.99, -7_000.0, 258_638.47, is_current=True))
    out = monotone_rows(rows)
    assert out[0] == rows[0]
    for row in out[1:]:
        assert (row.tax, row.realized_st, row.turnover) == (-1_460.0, -3_100.0, 241_784.50)
        assert "The plan on Trades (0.00 points) fits here too: the same tax as the plan solved for this row" \
            in row.note
    # each row's own figure (fe10 finding 10): 278,856.97 - 241,784.50 = 37,072.47, then 24,703.98, 16,853.97
    assert [row.note.split("trading ")[1] for row in out[1:]] == ["$37,072.47 less.", "$24,703.98 less.",
                                                                  "$16,853.97 less."]
    assert out[3].is_current and out[3].level == 0.0284


def test_less_tax_for_more_trading_is_a_real_trade_off_and_stays():
    """A looser row that saves $50 more tax by trading $10,000 more is kept; one that costs $20 more
    tax than the tighter row shows the tighter row's plan (it fits there, for less tax)."""
    rows = (FrontierPoint(0.0, True, 900.0, 0.0, 6_000.0, 60_000.0),
            FrontierPoint(0.01, True, 850.0, 0.0, 5_700.0, 70_000.0),
            FrontierPoint(0.02, True, 870.0, 0.0, 5_800.0, 40_000.0))
    out = monotone_rows(rows)
    assert out[:2] == rows[:2]
    assert (out[2].tax, out[2].turnover) == (850.0, 70_000.0)
    # fe10 finding 10: it said "trades less at no more tax" of a plan trading $30,000 more for $20 less tax
    assert out[2].note == ("The plan for 1.00 points fits here too: $20.00 less tax than the plan solved for this "
                           "row, trading $30,000.00 more.")


def test_an_unreachable_row_and_the_plan_row_are_left_as_they_are():
    rows = (FrontierPoint(0.0, False, None),
            FrontierPoint(0.01, True, 100.0, 0.0, 500.0, 9_000.0),
            FrontierPoint(0.005, True, 100.0, 0.0, 500.0, 8_000.0, is_plan=True, note="The plan on Trades: ..."))
    out = monotone_rows(rows)
    assert out[0] == rows[0] and out[2] == rows[2]
    assert out[1].turnover == 8_000.0  # the plan, within 0.5 points, fits within 1 point


def _assert_monotone(points):
    rows = [p for p in points if p.reachable and not p.is_plan]
    for tight, loose in zip(rows, rows[1:]):
        assert loose.tax <= tight.tax + 0.005, (tight, loose)
        if abs(loose.tax - tight.tax) <= 0.005:
            assert loose.turnover <= tight.turnover + 0.01, (tight, loose)
    for plan in (p for p in points if p.is_plan):
        for row in rows:
            if row.within >= plan.level - 1e-5 and abs(row.tax - plan.tax) <= 0.005:
                assert row.turnover <= plan.turnover + 0.01, (plan, row)


def test_the_chens_frontier_never_trades_more_for_more_drift():
    h = chens()
    models = HouseholdModels(h, h.settings.as_of)
    plan = plan_rebalance(h, as_of=h.settings.as_of, models=models)
    points = tax_drift_frontier(h, as_of=h.settings.as_of, models=models, plan=plan)
    _assert_monotone(points)
    traded = sum(round(t.amount, 2) for t in plan.trades)
    # every row the plan fits within, at the plan's tax, trades no more than the plan
    for p in points:
        same_tax = p.tax == pytest.approx(plan.tax_total, abs=0.005)
        if p.reachable and p.within >= plan.max_drift_after - 1e-5 and same_tax:
            assert p.turnover <= traded + 0.01


def test_a_looser_row_a_cent_dearer_as_shown_shows_the_plan_though_under_a_cent_apart_unrounded():
    """fe12 F26 (h12_yearend): the 0-point row is the plan on Trades, -$620.00 trading $122,669.97 (the
    Trades total, in cents); the current-drift row was solved at -$620.00 trading $122,669.9751, which the
    sheet shows as $122,669.98: a looser row trading a cent more at the same tax. Unrounded the two are
    $0.0051 apart, under a cent; as shown they are a cent apart, so the looser row shows the plan."""
    rows = (FrontierPoint(0.0, True, -620.0, 0.0, -3_100.0, 122_669.97, note="The plan on Trades."),
            FrontierPoint(0.1153, True, -620.0, 0.0, -3_100.0, 122_669.9751, is_current=True))
    out = monotone_rows(rows)
    assert out[1].turnover == 122_669.97
    assert out[1].note == ("The plan on Trades (0.00 points) fits here too: the same tax as the plan solved for "
                           "this row, trading $0.01 less.")
    # the same figures a hair apart, both $122,669.97 as shown: the row keeps its own solve
    same = (rows[0], FrontierPoint(0.1153, True, -620.0, 0.0, -3_100.0, 122_669.9721, is_current=True))
    assert monotone_rows(same) == same
