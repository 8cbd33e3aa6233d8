"""The re-solve at the plan's local tax rates is skipped when it cannot change the plan
(engine/rebalance/stages.py, :func:`_best_solution` and :func:`_same_linear_tax`).

The linear model prices short-term gains at one rate and long-term gains (and each loss lost for good)
at another. Local rates that are both the same multiple of the rates already solved (15% / 15% then
18.8% / 18.8%, a plan crossing the NIIT threshold) make the objective that multiple of the one
already minimised, so without a tax budget the re-solve from that plan returns it. The sample's
rates (30.8% ST / 23.8% LT, then 24.29% / 23.8%) are not proportional: its 0-point level is still
solved twice.
"""

from __future__ import annotations

from datetime import date

import pytest

import taxrebal.engine.rebalance.stages as stages
from taxrebal.engine.frontier import tax_drift_frontier
from taxrebal.engine.rebalance.stages import _same_linear_tax
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target


@pytest.mark.parametrize("rates, earlier, same", [
    ((0.20, 0.20), (0.238, 0.238), True),  # both rates x 0.84
    ((0.119, 0.075), (0.238, 0.15), True),  # both halved
    ((0.2549, 0.238), (0.308, 0.238), False),  # the sample: only the ST rate moved
    ((0.0, 0.0), (0.238, 0.238), False),  # zero rates are no estimate (their own rule)
    ((0.238, 0.0), (0.238, 0.0), False),
])
def test_rates_that_scale_the_linear_tax_by_one_factor(rates, earlier, same):
    assert _same_linear_tax(rates, earlier) is same


def _near_the_niit_threshold():
    """Hand-worked (2026, single): $165,000 ordinary income, this year's realized -$20,000 short-term
    and +$50,000 long-term (net LT +$30,000; MAGI $195,000, $5,000 under the $200,000 NIIT threshold
    of IRC 1411(b)). A short-term dollar only shrinks the ST loss netted against the LT gain, so both
    base rates are the 15% LT rate (Pub 550, "Capital Gains Tax Rates"). Taxable account only: VTI
    $100,000 (600 shares on $24,000, 400 on $36,000, long-term), BND $10,000 at basis; targets 50/50.
    Reaching 0 points sells $45,000 of VTI, the 400 high-basis shares first: $4,000 + $3,000 = $7,000
    LT gain, $1,050 at 15% + NIIT on the $2,000 over the threshold ($76) = $1,126.00. Its local rates
    are 18.8% / 18.8% (15% + 3.8%), both x 1.2533 of the base rates: proportional."""
    long_ago = date(2015, 1, 5)
    household = Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("T1", "Taxable", "VTI", long_ago, 600, 24_000.0),
              Lot("T2", "Taxable", "VTI", date(2020, 3, 2), 400, 36_000.0),
              Lot("B1", "Taxable", "BND", long_ago, 200, 10_000.0)),
        transactions=(), targets=(Target("US Stocks", 0.5), Target("Bonds", 0.5)),
        settings=Settings(as_of=date(2026, 6, 1), ordinary_income=165_000.0, realized_st_ytd=-20_000.0,
                          realized_lt_ytd=50_000.0, min_trade=0.0))
    return household, household.settings.as_of


def _frontier_and_stage_b_solves(monkeypatch, household, as_of):
    calls = []
    original = stages._stage_b

    def counted(*args, **kwargs):
        calls.append(args[1])  # the rates solved at
        return original(*args, **kwargs)

    monkeypatch.setattr(stages, "_stage_b", counted)
    points = tax_drift_frontier(household, as_of=as_of)
    monkeypatch.setattr(stages, "_stage_b", original)
    return points, calls


def test_a_level_whose_local_rates_are_proportional_is_solved_once_with_the_same_row(monkeypatch):
    household, as_of = _near_the_niit_threshold()
    skipped, fewer = _frontier_and_stage_b_solves(monkeypatch, household, as_of)
    monkeypatch.setattr(stages, "_same_linear_tax", lambda rates, earlier: False)  # always re-solve
    resolved, more = _frontier_and_stage_b_solves(monkeypatch, household, as_of)
    # every row the same (each figure the Frontier sheet shows), with fewer stage-B solves
    assert [(p.level, p.reachable, p.tax, p.realized_st, p.realized_lt, p.turnover, p.note) for p in skipped] == \
           [(p.level, p.reachable, p.tax, p.realized_st, p.realized_lt, p.turnover, p.note) for p in resolved]
    assert (skipped[0].level, skipped[0].tax, skipped[0].realized_lt) == (0.0, pytest.approx(1_126.00), 7_000.0)
    # 6 levels: the current drift's is doing nothing (no loss lot, so no plan pays less than $0.00:
    # unsolved, fe15 F9), the 5 others solved once at the base rates; forced, the levels whose plans cross
    # the threshold are re-solved at the base rates x a factor (0 points: 18.8% / 18.8%), the rows unchanged
    assert (skipped[-1].is_current, skipped[-1].tax, skipped[-1].turnover) == (True, 0.0, 0.0)
    assert {tuple(round(r, 4) for r in rates) for rates in fewer} == {(0.15, 0.15)}
    assert len(fewer) == 5 and len(more) > len(fewer)
    assert (0.188, 0.188) in [tuple(round(r, 4) for r in rates) for rates in more]


def test_local_rates_a_tighter_level_settled_are_not_solved_again_and_the_rows_stay(monkeypatch):
    # The sample household (its sheets, before the wash-sale adjustment): at 0 points (0.06 with whole
    # shares) the base rates 30.8% ST / 23.8% LT give a plan whose local rates are 24.29% / 23.8%;
    # re-solved there it keeps the base-rate plan. Every looser level's base-rate plan has local rates
    # within half a point of those: not re-solved (a reading of ours, measured, see _best_solution).
    import taxrebal.engine.frontier as frontier
    from taxrebal.workbook.template import sample_household

    household = sample_household()
    as_of = household.settings.as_of
    settled, fewer = _frontier_and_stage_b_solves(monkeypatch, household, as_of)
    original = frontier._best_solution
    monkeypatch.setattr(frontier, "_best_solution",
                        lambda *args, settled=None, **kwargs: original(*args, **kwargs))  # no level settles
    resolved, more = _frontier_and_stage_b_solves(monkeypatch, household, as_of)
    assert [(p.level, p.reachable, p.tax, p.realized_st, p.realized_lt, p.turnover, p.note) for p in settled] == \
           [(p.level, p.reachable, p.tax, p.realized_st, p.realized_lt, p.turnover, p.note) for p in resolved]
    # 6 levels: 2 + 1 + 1 + 1 + 1 + 1 stage-B solves; unsettled, 2 each but the current drift's, whose
    # base-rate plan (-$2,166.74) already pays the least tax any plan can (stages._at_least_tax)
    assert (len(fewer), len(more)) == (7, 11)
