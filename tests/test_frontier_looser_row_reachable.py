"""A looser row of the Tax-Drift Frontier has a plan whenever a tighter row has one (that plan is within
the looser level too; engine/frontier.py). fe17 F2: a 401(k)'s $9,000 of payroll money is invested in
full by the model, but the tighter row's plan, rounded to shares, showed $8,999.99 traded; the looser
row was capped at that figure + $0.01 = $9,000.00 less a fraction of a cent, so no plan fit and the 3- and
5-point rows said "Not reachable".

Worked by hand (fe17 h10), As Of 2026-12-04, Single, $150,000 of wages, no state tax:

* Taxable: 100 VTI at $300 ($30,000; basis $15,000, long-term). VTI was sold at a loss on 2026-11-20: 50
  shares bought 2025-12-01 for $16,000 sold at $300, -$1,000 short-term ($20 a share).
* K401 (a 401(k)): 2,000 FXNAX at $10 ($20,000, Bonds), 100 FSKAX at $150 ($15,000, US; the Identical
  Group of VTI), $9,000 of payroll Contribution that must end invested (menu FSKAX, FXNAX).
* Household $74,000; targets US 70%, Bonds 30% (5-point bands). US $45,000 = 60.81%: 9.19 points under.
* Realized this year: LT $5,000 (typed), ST -$1,000 (the VTI sale): net LT $4,000 at 15%. Every FSKAX
  share the 401(k) buys washes $20 of the VTI loss for good (IRC §1091(a); Rev. Rul. 2008-5): the net
  gain rises $20 at 15%, $3.00 of tax a share.
* Within L points US must reach (70% - L) x $74,000, so FSKAX buys (0.70 - L) x 74,000 - 45,000 and the
  rest of the $9,000 buys FXNAX (Bonds then at 30% + L):

  ====  ==============  ==========  ===========  =======
  L     FSKAX bought    shares      loss washed  tax
  ====  ==============  ==========  ===========  =======
  0     $6,800          45.3333     $906.67      $136.00
  1     $6,060          40.4        $808.00      $121.20
  2     $5,320          35.4667     $709.33      $106.40
  3     $4,580          30.5333     $610.67      $91.60
  5     $3,100          20.6667     $413.33      $62.00
  ====  ==============  ==========  ===========  =======
"""


import pytest
from fe17_households import AS_OF, h10

from taxrebal.engine.frontier import tax_drift_frontier
from taxrebal.engine.rebalance import HouseholdModels


def test_every_row_looser_than_a_reachable_row_is_reachable_and_costs_its_hand_worked_tax():
    h = h10()
    points = tax_drift_frontier(h, as_of=AS_OF, models=HouseholdModels(h, AS_OF))
    rows = {round(p.level, 4): p for p in points if not p.is_plan and not p.is_current}
    assert sorted(rows) == [0.0, 0.01, 0.02, 0.03, 0.05]
    assert all(p.reachable for p in rows.values()), [(p.level, p.note) for p in rows.values()]
    expected = {0.0: 136.00, 0.01: 121.20, 0.02: 106.40, 0.03: 91.60, 0.05: 62.00}
    assert {k: round(p.tax, 2) for k, p in rows.items()} == pytest.approx(expected, abs=0.005)
    assert {k: round(p.realized_st, 2) for k, p in rows.items()} == pytest.approx(
        {0.0: 906.67, 0.01: 808.00, 0.02: 709.33, 0.03: 610.67, 0.05: 413.33}, abs=0.011)
    # each row invests the $9,000 of payroll money, to the cent
    for p in rows.values():
        assert p.turnover == pytest.approx(9_000.0, abs=0.015)


def test_a_looser_level_the_solver_finds_no_plan_for_shows_the_tighter_rows_plan(monkeypatch):
    """Whatever a solve says, the 2-point plan ($106.40) is within 3 points: when every solve of the
    3-point level finds nothing, the row shows that plan and says so; 5 points is solved on its own."""
    import taxrebal.engine.frontier as frontier

    original = frontier._best_solution

    def none_at_three(model, oracle, budget, to_target, drift_cap=None, **kw):
        if drift_cap is not None and abs(drift_cap - 0.03) < 1e-9:
            return None
        return original(model, oracle, budget, to_target, drift_cap=drift_cap, **kw)

    monkeypatch.setattr(frontier, "_best_solution", none_at_three)
    h = h10()
    points = tax_drift_frontier(h, as_of=AS_OF, models=HouseholdModels(h, AS_OF))
    rows = {round(p.level, 4): p for p in points if not p.is_plan and not p.is_current}
    assert rows[0.03].reachable and round(rows[0.03].tax, 2) == pytest.approx(106.40)
    assert rows[0.03].note == "The plan for 2 points fits here too."
    assert round(rows[0.05].tax, 2) == pytest.approx(62.00)
