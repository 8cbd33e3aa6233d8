"""Why the plan on Trades is not the least tax of its Tax-Drift Frontier row: the reason that is true
for this plan, or a neutral statement when taxrebal cannot name it (fe8 finding 7).

A frontier row is solved on its own: the least tax that brings every class within L points of its
target, with the rebalancer's Settings rules (Allow Short-Term Gains, Min Trade, Whole Shares, the
wash-sale rules), but no tax budget and no bands of its own. The plan differs from it only where its
constraints differ, and the note names the one that does:

* **Tax Budget binds** (Trades status): the plan spends up to the budget to come as close to the
  bands as that tax allows; a class is still outside its band. Example (fe8 kim-gainy-noroth-budget500):
  $499.80 of a $500.00 budget brings US Stocks from +18.56 to +14.61 points (band 3); the row at
  18.56 points needs no sale at all.
* **No plan reaches every band** (Best effort): the plan comes as close as it can.
* **A band tighter than the row's level**: the plan keeps that class within its own band, which the
  row may leave for less tax. Example: Bonds within 2 points while the row allows 3.
* Otherwise (every band at least the row's level, so the plan's bands admit the row's answer) the
  bands do not explain a plan that costs more, and the note says so rather than guessing.
* A plan that costs *less* than its row: the rows stay monotone, so a row trades at most what the
  tighter row traded, which the plan does not have to.
"""

from __future__ import annotations

from taxrebal.engine.money import cents

from .allocation import allocation
from .money import signed_points
from .plan import Plan, PlanStatus
from .records import Household

#: a band this much (fraction points) tighter than the row's level counts as tighter
_TIGHTER = 1e-6


def _outside(household: Household, plan: Plan) -> str:
    """The classes outside their band after the plan, with their drift and band: 'US Stocks +14.61
    points (band 3)'."""
    rows = [r for r in allocation(household, plan.after) if r.banded and r.outside_band]
    return "; ".join(f"{r.asset_class} {signed_points(r.drift)} points (band {r.band * 100:g})" for r in rows)


def plan_row_reason(household: Household, plan: Plan, row_within: float, diff: float,
                    has_tighter_row: bool) -> str:
    """The clause after "because" for the plan's own Frontier row: ``row_within`` is the level (a
    fraction) of the least-tax row it is compared with, ``diff`` the plan's tax minus that row's
    (dollars), ``has_tighter_row`` whether a tighter row was solved before that one."""
    level = f"{row_within * 100:.2f} points"
    if diff < 0:
        if has_tighter_row:
            return (f"the rows stay monotone: the row within {level} trades at most what the tighter row above "
                    "it traded, which the plan need not")
        return "the row is solved on its own, and the plan's stages found a plan with less tax"
    left = _outside(household, plan)
    if plan.status is PlanStatus.BUDGET_BINDS and household.settings.tax_budget is not None:
        return (f"the Tax Budget of ${cents(household.settings.tax_budget):,.2f} binds (Settings): the plan spends up "
                f"to "
                f"it to come as close to the bands as that tax allows"
                + (f", and is still outside them ({left})" if left else "")
                + f"; the row only has to stay within {level}")
    if plan.status is PlanStatus.BEST_EFFORT:
        return ("no plan reaches every band, so the plan comes as close to them as it can"
                + (f" ({left} left outside)" if left else "")
                + f"; the row only has to stay within {level}")
    tighter = [r for r in allocation(household) if r.banded and r.band < row_within - _TIGHTER]
    if tighter:
        named = ", ".join(f"{r.asset_class} within {r.band * 100:g}" for r in tighter)
        return (f"the plan keeps each class within its own band ({named} points), which the row, allowing "
                f"every class {level}, need not")
    return (f"the plan is solved in stages and the row on its own; every class's band is at least {level}, "
            "so the bands do not explain the difference, and taxrebal does not know which step does")
