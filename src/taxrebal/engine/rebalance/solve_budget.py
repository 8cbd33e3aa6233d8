"""What a huge household's CPU budget per solve left unproven, said on the plan's notes.

A model with more than :data:`~.tuning.HUGE_MODEL_LOTS` taxable lot columns solves each MILP within
:data:`~.tuning.HUGE_SOLVE_CPU_S` seconds of CPU (solver.py; the stop itself: interruptible.py, lp.py)
when its caller hands it a CPU clock (the engine reads none): the rebalance step does
(pipeline/rebalance.py, for ``taxrebal run`` and the ribbon); a model built without one has no budget.
A stopped solve keeps the best plan HiGHS had found, which satisfies every row of the model (the bands
when stage A found a plan within them, the wash-sale exposure, cash, whole shares), but it may not be
the least tax: HiGHS had proved only that no plan is better by more than its gap. This module turns the
stops into one note for Trades (and Issues, pipeline/rebalance.py), never silently.

Example: 3 solves stopped, gaps 0.2%, 3.25% and none found (the previous stage's plan kept)::

    This household is large (34,051 taxable lot columns): 3 of the plan's solves stopped after 10 s
    of CPU each with the best plan found by then (1 found none and kept the previous stage's plan);
    the largest gap HiGHS had proved when it stopped one was 3.25% of that solve's objective (the
    tax, or in a tie-break stage the distance or turnover; a later solve may have closed part of it),
    so a plan with less tax may exist. Every trade keeps the bands and the wash-sale rules all the same.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .lp import Stopped
from .tuning import HUGE_SOLVE_CPU_S

__all__ = ["BUDGET_NOTE_START", "budget_notes"]

#: Every budget note starts so (pipeline/rebalance.py copies it to Issues).
BUDGET_NOTE_START = "This household is large"


def budget_notes(stops: Sequence[Stopped], lot_columns: int, what: str = "the plan's") -> list[str]:
    """The note for ``stops`` (module docstring), or none when no solve was stopped."""
    if not stops:
        return []
    found = [s.gap for s in stops if math.isfinite(s.gap)]
    none = len(stops) - len(found)
    text = (f"{BUDGET_NOTE_START} ({lot_columns:,} taxable lot columns): {len(stops)} of {what} solves stopped "
            f"after {HUGE_SOLVE_CPU_S:g} s of CPU each with the best plan found by then")
    if none:
        text += f" ({none} found none and kept the previous stage's plan)"
    if found:
        text += (f"; the largest gap HiGHS had proved when it stopped one was {max(found) * 100:.2f}% of that "
                 "solve's objective (the tax, or in a tie-break stage the distance or turnover; a later solve may "
                 "have closed part of it), so a plan with less tax may exist. Every trade keeps the bands and the "
                 "wash-sale rules all the same")
    return [text + "."]
