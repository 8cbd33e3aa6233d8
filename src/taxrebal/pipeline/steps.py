"""The small steps of a run: allocation, wash sales (with Form 8949 and the run's tax ledger), harvest
and orders. Each takes the run's :class:`~taxrebal.pipeline.state.Context`, writes the sheets it
declares in :data:`taxrebal.pipeline.STEPS` and stores what later steps need in ``ctx.results``.
(The rebalance and lot-selection steps have modules of their own.)
"""

from __future__ import annotations

from dataclasses import replace

from taxrebal.engine.money import cents

from ..errors import LEFT_OUT, not_said_before
from .state import Context

__all__ = ["allocation_step", "wash_sales_step", "harvest_step", "orders_step", "conflicts_line"]


def conflicts_line(count: int, *, after_plan: bool = False) -> str:
    """The summary line counting the Pre-trade check's rows on the Wash Sales sheet (one line per run:
    the rebalance step, which writes the check again after the plan's trades, replaces it, so the
    console's count is always the sheet's)."""
    return f"Proposed trades{' after the plan' if after_plan else ''}: {count} wash-sale conflict(s) (see Wash Sales)"


def allocation_step(ctx: Context) -> None:
    """Allocation sheet: current vs target by asset class and by account."""
    # imported when the step runs: `--only STEP` and `check` load no other step's engine and writer
    from ..engine.allocation import allocation
    from ..workbook.results.allocation import write_allocation

    write_allocation(ctx.book, ctx.household)
    rows = [a for a in allocation(ctx.household) if a.banded]
    if rows:
        worst = max(rows, key=lambda a: abs(a.drift))
        outside = [a.asset_class for a in rows if a.outside_band]
        line = f"Largest drift: {worst.asset_class} {worst.drift * 100:+.1f} points"
        line += f"; outside band: {', '.join(outside)}" if outside else "; every class within its band"
        ctx.summary(line)


def wash_sales_step(ctx: Context) -> None:
    """Wash Sales and Form 8949 sheets; replaces ``ctx.household`` with wash-adjusted lots and stores
    the :class:`~taxrebal.engine.wash.WashResult` in ``ctx.results.wash`` (runs first)."""
    # imported when the step runs: `--only STEP` and `check` load no other step's engine and writer
    from ..engine.pretrade import check_trades
    from ..engine.wash import adjust_lots
    from ..engine.wash_queries import do_not_buy
    from ..workbook.results.form8949 import write_form8949
    from ..workbook.results.wash_sales import write_wash_sales

    result = adjust_lots(ctx.household)
    # a Sell row the reader already said is left out (workbook/reader/activity.py) is not said twice
    ctx.issues.extend(not_said_before(result.issues, ctx.issues, LEFT_OUT))
    trades = ctx.household.proposed_trades
    warnings = check_trades(ctx.household, trades, ctx.as_of, wash=result) if trades else ()
    write_wash_sales(ctx.book, result, do_not_buy(result, ctx.household, ctx.as_of), ctx.as_of,
                     warnings, checked=len(trades))
    write_form8949(ctx.book, result, ctx.household.settings.year)
    ctx.results.wash = result
    ctx.results.trade_warnings = tuple(warnings)
    # One tax ledger per run: every later tax figure starts from its realized ST/LT (Settings
    # reconciled with this year's sells and the wash adjustments just found; engine/ledger.py).
    from ..engine.ledger import build_ledger

    ledger = build_ledger(result.household.settings, result, ctx.as_of, ctx.setting_cells)
    ctx.issues.extend(ledger.issues)
    ctx.results.ledger = ledger
    ctx.household = replace(result.household, settings=ledger.apply(result.household.settings))
    # the past trades only: the plan's own wash sales are the Rebalance step's (fe12 F20: "No wash
    # sales" under a warning that a plan sale washes read as "the plan has none")
    ctx.summary(f"Past trades (Transactions): {result.summary()}")
    if warnings:
        ctx.summary(conflicts_line(len(warnings)))


def harvest_step(ctx: Context) -> None:
    """Harvest sheet: loss candidates on the wash-adjusted lots, per-holding totals, 0% gains; after
    the rebalance step (when it ran), each candidate the plan sells shows the plan's step and figure."""
    # imported when the step runs: `--only STEP` and `check` load no other step's engine and writer
    from ..engine.harvest import harvest_candidates
    from ..engine.tax import TaxProfile
    from ..workbook.results.harvest import shown_gains, write_harvest

    scan = harvest_candidates(ctx.household, ctx.as_of, TaxProfile.from_settings(ctx.household.settings),
                              wash=ctx.results.wash)
    gains = shown_gains(scan, ctx.results.plan, ctx.household, ctx.as_of)  # one computation: sheet and console
    write_harvest(ctx.book, scan, ctx.results.plan, ctx.household, ctx.as_of, gains)
    ctx.results.harvest = scan
    ctx.summary(scan.summary(gains))


def orders_step(ctx: Context) -> None:
    """Orders sheet: the plan's trades as tickets per account, sells with their specific lots
    (``ctx.results.orders``); see :mod:`taxrebal.workbook.results.orders`."""
    # imported when the step runs: `--only STEP` and `check` load no other step's engine and writer
    from ..workbook.results.orders import build_tickets, ticket_waits, write_orders
    from ..workbook.results.orders_later import dated_sales_table

    plan = ctx.results.plan
    if plan is None:
        return
    tickets = build_tickets(plan, ctx.household, ctx.as_of)
    write_orders(ctx.book, tickets, ctx.household, ctx.as_of, dated_sales_table(plan, ctx.household, ctx.as_of))
    ctx.results.orders = tickets
    accounts = len({t.account for t in tickets})
    ctx.summary(f"Orders: {len(tickets)} ticket(s) in {accounts} account(s) (see Orders)")
    for w in ticket_waits(tickets):  # the order across accounts a wash sale depends on, said where it is read
        ctx.summary(f"  place {w.first_name} and let it fill before {w.then_name}"
                    + (f" (${cents(w.at_risk):,.2f} of loss at stake)" if w.at_risk else ""))
