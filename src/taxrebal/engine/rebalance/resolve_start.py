"""A re-solve with lots held starts stage B from the plan it re-solves, repaired (issue 13).

window_wait.py re-solves the whole plan with some loss lots held at 0
(:func:`~.window_wait._held`). Stage B (the least linear tax) of that re-solve used to start HiGHS
from stage A's plan, the least band breach, which pays no attention to tax: on the 10,000-lot
household of ``bench/generate.py`` (seed 20250630) its restricted MILP took 1.7-2.4 s CPU. Given the
re-solve's own answer as its start, the same solve takes 0.45 s and returns the same plan. So the
re-solve is handed the plan it re-solves (the first plan, which sold those lots) and this module
makes it a start for the held model:

* every taxable lot sale is fixed at that plan's (clipped to the held model's bounds, so the lots held
  sell 0), and the solve chooses the tax-free decisions again (buys, tax-advantaged sells, cash, the
  wash-sale choices) with stage B's objective and rows, its band cap included. That restriction is the
  tie-break stages' polished start (stages.py, ``_polished_start``): small, solved on the large-model
  path, about 0.1 s at 10,000 lots;
* what it returns is feasible for stage B (every row of the held model, the cap on the breach) and
  becomes stage B's start when its linear tax is below stage A's plan's. HiGHS keeps a start unless it
  finds a better plan, so stage B's answer is never worse than the first plan with the held lots'
  proceeds simply not spent.

None when that restriction has no plan (the held lots' proceeds paid for a buy in a class that then
leaves its band, say): stage B then starts from stage A's plan, as before.

Example (``bench/generate.py``, 10,000 lots, 2,000 transactions): the first plan sells JYJTL's lot
L006343, part of whose loss an IRA's purchase washes for good; held, the repaired start's linear tax
is -$429,553.18, the re-solve's own stage-B optimum, so its restricted MILP only confirms it: the
re-solve took 2.9 s CPU instead of 4.2-4.9 s, and its plan ties the one found without the start on
every stage (tax, distance, turnover, location, fund preference; they differ only in which tax-free
funds the IRAs trade). tests/test_resolve_start.py: fe10's H2, the same plan from the start as without.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from .data import SolveOptions
from .tuning import EXACT_INTEGER_LIMIT

if TYPE_CHECKING:
    from .stages import StagesMixin

__all__ = ["held_start"]


def held_start(model: StagesMixin, plan: np.ndarray, tax: Mapping[int, float], opts: SolveOptions,
               v_cap: float) -> np.ndarray | None:
    """A plan of the model as it stands (lots held) with ``plan``'s taxable lot sales (clipped to the
    model's bounds) and the least ``tax`` (stage B's objective) under ``v_cap``; None when none."""
    lb = np.array(model.lp.lb, dtype=np.float64)
    ub = np.array(model.lp.ub, dtype=np.float64)
    fixed = np.asarray(model.lot_vars, dtype=np.int64)
    if len(plan) != len(lb) or not len(fixed):
        return None  # a plan of another model (columns added since): nothing to repair
    at = np.clip(plan[fixed], lb[fixed], ub[fixed])
    lb[fixed] = ub[fixed] = at
    n_int = int(model.lp.frozen().integ.sum())
    return model._stage_solve(tax, opts, [], v_cap, None, (), (lb, ub), None, keep_incumbent=False,
                              large_path=n_int > EXACT_INTEGER_LIMIT)
