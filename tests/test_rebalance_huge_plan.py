"""A huge household's plan (engine/rebalance/huge_plan.py): at most two whole solves, and a note for
what another solve would have checked.

The threshold (tuning.HUGE_MODEL_LOTS, 20,000 taxable lot columns) is lowered to 0 on a 1,000-lot
household of bench/generate.py (as tests/test_rebalance_huge_tie_breaks.py does), so its plan takes the
huge path. Counted independently of the module: the calls of the stages (``run_stages``, one per whole
solve without a tax budget) and the dust left, from the plan's own Lot Sales against the household's
lot quantities (a lot sold in part with less than one share left).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from taxrebal.engine.plan import PlanStatus
from taxrebal.engine.rebalance import huge_plan, plan_rebalance, stages
from taxrebal.engine.rebalance.huge_plan import NoSolve, huge_notes


@pytest.fixture(scope="module")
def household():
    bench = str(Path(__file__).resolve().parents[1] / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    from generate import generate_household

    from taxrebal.engine.ledger import build_ledger
    from taxrebal.engine.wash import adjust_lots

    h = generate_household(seed=1, n_accounts=6, n_securities=60, n_lots=1_000, n_transactions=300)
    wash = adjust_lots(h)
    ledger = build_ledger(wash.household.settings, wash, h.settings.as_of)
    return replace(wash.household, settings=ledger.apply(wash.household.settings))


def _count_whole_solves(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = stages.StagesMixin.run_stages

    def spy(self, opts, finish=True, start=None):
        calls.append(1)
        return real(self, opts, finish, start)

    monkeypatch.setattr(stages.StagesMixin, "run_stages", spy)
    return calls


def _lot_dust(household, plan) -> int:
    held = {(lot.account, lot.lot_id): lot.quantity for lot in household.lots}
    sold: dict[tuple[str, str], float] = {}
    for ls in plan.lot_sales:
        sold[(ls.account, ls.lot_id)] = sold.get((ls.account, ls.lot_id), 0.0) + ls.quantity
    return sum(1 for k, q in sold.items() if 1e-6 < held[k] - q < min(held[k], 1.0) - 1e-9)


def test_a_huge_plan_is_solved_at_most_twice_and_says_what_it_left(household, monkeypatch):
    as_of = household.settings.as_of
    calls = _count_whole_solves(monkeypatch)
    plan = plan_rebalance(household, as_of=as_of)
    normal = len(calls)
    monkeypatch.setattr(huge_plan, "HUGE_MODEL_LOTS", 0)
    monkeypatch.setattr(stages, "HUGE_MODEL_LOTS", 0)
    calls.clear()
    huge = plan_rebalance(household, as_of=as_of)
    assert normal >= 3  # this household's normal plan solves again (the checks that re-solve it)
    assert 1 <= len(calls) <= 2
    assert huge.status is plan.status is PlanStatus.WITHIN_BANDS
    notes = [n for n in huge.notes if n.startswith("This household is large") and "solved at most twice" in n]
    dust = _lot_dust(household, huge)
    if dust:  # what the plan leaves in a lot is said (positions may add to the count)
        assert len(notes) == 1
        stated = int(notes[0].split("Min Trade) in ")[1].split(" ")[0].replace(",", ""))
        assert stated >= dust
    # on this household: the same tax as the plan of every re-solve, to the cent
    assert huge.tax_total == pytest.approx(plan.tax_total, abs=0.01)


def test_the_solve_that_solves_nothing_counts_what_it_was_asked():
    resolve = NoSolve()
    assert resolve() is None and resolve() is None
    assert resolve.asked == 2


class _Model:
    lot_vars = range(34_051)


def test_the_note_names_the_dust_left_and_the_re_solves_not_tried():
    assert huge_notes(_Model(), 0, 0) == []  # type: ignore[arg-type]
    (note,) = huge_notes(_Model(), 1, 3)  # type: ignore[arg-type]
    assert note.startswith("This household is large (34,051 taxable lot columns), so its plan was solved at most "
                           "twice (once more to hold a loss for later): the plan still leaves less than its least "
                           "remnant")
    assert "in 1 lot or position," in note
    assert "3 re-solves that might lower this year's tax were not tried" in note
