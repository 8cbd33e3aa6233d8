"""The "lot_selection" step: every lot method side by side for each sale on the Sales sheet and each
taxable sell of the rebalancing plan (when the rebalance step ran first), on the Lot Selection sheet.

The comparison is :mod:`taxrebal.engine.lot_selection`; the tables, :mod:`taxrebal.workbook.results.lot_selection`.
Example: a Sales row "sell 10 VTI from Brokerage" and a plan whose step 1 sells 150 VTI there give two
comparisons, "Sale 1 (Sales row 2)" and "Sale 2 (rebalance, Trades step 1)"; for the plan's sale the
chosen lots are its Lot Sales and the tax is on top of the plan's earlier steps.
"""

from __future__ import annotations

from typing import Optional, Sequence

from ..engine.records import SaleRequest
from ..errors import Issue, TaxrebalError
from .state import Context

__all__ = ["lot_selection_step"]


def _row_of(cell: str) -> str:
    return cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ").split(":")[0]


def _said_by_the_reader(issue: Issue, earlier: Sequence[Issue]) -> bool:
    """A Sales row's "was not compared" warning when the reader already warned about that row's quantity
    ("Selling 120 VTI but Joint Taxable holds 0; ... Lot Selection lists it under 'Sales not compared'"):
    one warning per row (fe8 finding 11: Sales!C2 and Sales!A2 said the same thing)."""
    if "was not compared" not in issue.message or not issue.cell:
        return False
    row = _row_of(issue.cell)
    return any(e.sheet == issue.sheet and _row_of(e.cell) == row and "'Sales not compared'" in e.message
               for e in earlier)


def lot_selection_step(ctx: Context) -> None:
    """The "lot_selection" step (household already wash-adjusted): the Sales sheet's rows, then the
    rebalancing plan's taxable sells when the rebalance step ran first (``ctx.results.plan``). Bad
    sales go to Issues as warnings."""
    # imported when the step runs: `--only STEP` and `check` load no other step's engine and writer
    from ..workbook.results.lot_selection import (
        LOT_SELECTION_SHEET,
        PlanStepBase,
        lot_selection_tables,
        plan_sale_requests,
        plan_step_bases,
        tax_profile,
    )

    household = ctx.household
    requests: list[SaleRequest] = list(household.sales)
    labels: list[Optional[str]] = [None] * len(requests)
    bases: list[Optional[PlanStepBase]] = [None] * len(requests)
    plan = ctx.results.plan
    if plan is not None:
        extra, extra_labels = plan_sale_requests(plan, household)
        requests.extend(extra)
        labels.extend(extra_labels)
        try:
            bases.extend(plan_step_bases(plan, household, tax_profile(household, ctx.as_of)))
        except TaxrebalError:  # no tax profile: the comparison says so itself
            pass
    tables, issues = lot_selection_tables(household, requests, as_of=ctx.as_of, labels=labels,
                                          wash=ctx.results.wash, bases=bases)
    ctx.book.write_sheet(LOT_SELECTION_SHEET, tables)
    ctx.issues.extend(i for i in issues if not _said_by_the_reader(i, ctx.issues))
    compared = len(requests) - sum(1 for i in issues if "was not compared" in i.message)
    ctx.summary(f"Lot Selection: {compared} of {len(requests)} sale(s) compared"
                if requests else "Lot Selection: no sales to compare (Sales sheet empty)")
