"""Gain harvesting at 0% on top of the rebalancing plan: the Harvest sheet's room and the plan's own
realized gains and losses as one computation (fe8 finding 9).

The room for long-term gains taxed at 0% (IRC §1(h)(1)(B); :func:`taxrebal.engine.harvest.gain_harvest`)
depends on this year's realized gains and losses. The harvest-only view computes it on the year so far;
but the plan's gains and losses are netted first (IRC §1222): a gain it realizes takes room, and a loss
it harvests makes room, the gains it offsets costing no tax this year but using the loss up (its saving
against ordinary income, IRC §1211(b), or its carryforward). Shown before the plan, the room and the
plan's loss harvest did not reconcile (a room of $0.00 beside a plan that harvests $41,162.42 of
long-term loss, generated-seed3). So, when there is a plan, the gain harvest is computed once more
with the same engine function on the household the plan leaves: this year's Realized ST / LT plus the
plan's (the Trades totals, :func:`~taxrebal.workbook.results.trades.plan_cents`), the lots less the
shares its Lot Sales relieve. The sheet shows that result and names the harvest-only room beside it.

Worked example (2026, single, ordinary income $40,000, no state tax): the year so far has no gains; the
taxable income of $40,000 - $16,100 = $23,900 leaves $49,450 - $23,900 = $25,550 of room in the 0% bracket
before the plan. The plan harvests a $2,700.00 long-term loss (Trades step 1, Est. Tax -$324.00: the loss
deducted from ordinary income at 12%). On top of the plan the room is $2,700.00 + $25,550.00 =
$28,250.00: the first $2,700.00 of gain offsets the plan's loss, and its federal tax of $324.00 is the
plan's saving taken back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Sequence

from ...engine.harvest import GainHarvest, gain_harvest
from ...engine.plan import Plan
from ...engine.records import Household, Lot
from ...engine.tax import TaxProfile
from ...engine.wash_queries import DoNotBuy, with_plan_losses
from .trades import plan_cents

__all__ = ["lots_after_plan", "gains_after_plan"]


def lots_after_plan(household: Household, plan: Plan) -> tuple[Lot, ...]:
    """The household's lots as the plan leaves them (:func:`~taxrebal.engine.rebalance.kept_lots.lots_as_kept`,
    the computation the Trades notes about kept lots use): less the shares its Lot Sales relieve (a lot
    sold in part keeps the rest, with its basis and wash adjustment in proportion), and a kept lot its
    own loss sales wash carrying the washed loss in its basis and the sold shares' holding period
    (IRC §1091(d), §1223(3)). The plan's buys are new short-term lots, never in the 0% gain harvest,
    so they are not added."""
    # imported here: a run without a plan (`--only harvest`) loads no rebalancing engine
    from ...engine.rebalance.kept_lots import lots_as_kept

    return lots_as_kept(household.lots, ((s.account, s.lot_id, s.quantity, s.basis) for s in plan.lot_sales),
                        plan.wash_matches)


def gains_after_plan(household: Household, plan: Plan, as_of: date,
                     do_not_buy: Sequence[DoNotBuy] = ()) -> GainHarvest:
    """The 0% gain harvest on top of ``plan``: the engine's :func:`gain_harvest` on the lots the plan leaves,
    with this year's realized gains plus the plan's Trades totals (module docstring). ``do_not_buy``: the
    list before the plan (the harvest scan's); the plan's own loss sales are added
    (:func:`~taxrebal.engine.wash_queries.with_plan_losses`, the Wash Sales sheet's list after the plan),
    so a fund the plan harvests is not bought back right away (IRC §1091(a))."""
    _traded, st, lt = plan_cents(plan)
    settings = household.settings
    after = replace(settings, realized_st_ytd=float(settings.realized_st_ytd or 0.0) + st,
                    realized_lt_ytd=float(settings.realized_lt_ytd or 0.0) + lt)
    left = replace(household, lots=lots_after_plan(household, plan), settings=after)
    blocked = with_plan_losses(do_not_buy, household, plan, as_of)
    return gain_harvest(left, as_of, TaxProfile.from_settings(after), blocked)
