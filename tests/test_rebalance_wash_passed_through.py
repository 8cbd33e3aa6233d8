"""The Rebalance step reads the Wash Sales step's wash-sale result instead of computing it again.

``taxrebal run`` adjusts the lots once (engine/wash.adjust_lots, the Wash Sales step) and hands the
adjusted household to the Rebalance step; the rebalancing models used to run the wash engine again
on that household (``RebalanceModel.wash``, 0.4 s of CPU at 100,000 lots). They read from it only the
recent purchases that can still wash a loss (each share replaces once, Treas. Reg. §1.1091-1(e)) and
the loss shares sold before As Of still unmatched; this checks that the run's own result gives the
same ones, on the sample household and on a generated one with many recent purchases, so the plan
cannot change (the golden files check the whole run).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from taxrebal.engine.ledger import build_ledger
from taxrebal.engine.rebalance import HouseholdModels, RebalanceModel
from taxrebal.engine.wash import adjust_lots


def _sample():
    from taxrebal.workbook.template import sample_household

    return sample_household()


def _generated():
    bench = str(Path(__file__).resolve().parents[1] / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    from generate import generate_household

    return generate_household(seed=3, n_accounts=5, n_securities=40, n_lots=600, n_transactions=300)


@pytest.mark.parametrize("make", [_sample, _generated], ids=["sample", "generated"])
def test_the_runs_wash_result_gives_the_models_the_same_recent_shares_and_open_losses(make):
    household = make()
    as_of = household.settings.as_of
    run_wash = adjust_lots(household)  # the Wash Sales step
    ledger = build_ledger(run_wash.household.settings, run_wash, as_of)
    adjusted = replace(run_wash.household, settings=ledger.apply(run_wash.household.settings))
    own = RebalanceModel(adjusted, as_of)  # computes adjust_lots(adjusted) itself
    passed = HouseholdModels(adjusted, as_of, wash=run_wash).model()
    assert passed.wash is run_wash
    assert own.pool == passed.pool
    assert own.open_loss_sales == passed.open_loss_sales
    assert own.pool or own.open_loss_sales  # the household has something to compare
