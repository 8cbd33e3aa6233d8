"""The "rebalance" step: the plan, the tax-drift frontier, contributions-only and dividend advice, and
their sheets (Trades, Lot Sales, Allocation after the plan, Tax-Drift Frontier, Contributions Only,
Dividends), with the plan's own pre-trade check.

What the engines compute is in :mod:`taxrebal.engine.rebalance` and :mod:`taxrebal.engine.frontier`;
what the sheets show, in :mod:`taxrebal.workbook.results.trades`. This step runs them in order and
decides what goes to Issues. Example: a plan that sells VTI at a loss in Brokerage while DRIP
reinvests VTI's dividends in the IRA gets the pre-trade warning "sale washed by DRIP" only when the
plan's own notes do not already tell the user to turn off reinvestment (:func:`_stated_by_plan`).
"""

from __future__ import annotations

import time
from dataclasses import replace

from ..engine.money import cents
from ..engine.plan import Plan, PlanStatus
from ..engine.pretrade import TradeWarning, WarningKind
from ..engine.records import Action, ProposedTrade
from ..errors import InfeasiblePlanError, Issue, Severity
from .state import Context

__all__ = ["rebalance_step"]


def rebalance_step(ctx: Context) -> None:
    """The "rebalance" step (the household is already wash-adjusted). Writes every rebalancer sheet,
    checks the plan with the pre-trade wash-sale check (any conflict becomes a Warning on Issues),
    stores the plan in ``ctx.results.plan`` and adds summary lines. When no plan reaches the bands,
    the frontier, contributions-only and dividend sheets are still written and the error goes to
    Issues."""
    # imported when the step runs: `--only STEP` and `check` load no other step's engine and writer
    from ..engine.frontier import contributions_only, dividend_advice, tax_drift_frontier
    from ..engine.idle_cash import with_idle_cash_notes
    from ..engine.plan import plan_as_proposed_trades
    from ..engine.pretrade import check_trades
    from ..engine.rebalance import HouseholdModels, plan_rebalance
    from ..engine.rebalance.solve_budget import BUDGET_NOTE_START
    from ..engine.short_term_cost import may_cost, short_term_cost
    from ..engine.short_term_wait import wait_instead
    from ..engine.wash_queries import do_not_buy, with_plan_losses
    from ..workbook.results.trades import (
        TRADES_SHEET,
        after_in_cents,
        write_contributions_only,
        write_dividends,
        write_frontier,
        write_rebalance,
    )

    household, as_of = ctx.household, ctx.as_of

    def level_done(done: int, levels: int) -> None:
        if done < levels:
            ctx.progress(f"Tax-Drift Frontier, level {done + 1} of {levels}")

    # the plan and the frontier share them, and the Wash Sales step's wash-sale result
    # time.process_time: a huge household's solves stop within a CPU budget (engine/rebalance/solve_budget.py)
    models = HouseholdModels(household, as_of, wash=ctx.results.wash, cpu_clock=time.process_time)
    ctx.progress("Contributions Only")
    contributions = contributions_only(household, as_of=as_of)
    ctx.progress("the plan")
    try:
        # money left in an account: its last buy says why (idle_cash.py)
        plan = with_idle_cash_notes(plan_rebalance(household, as_of=as_of, models=models), household)
    except InfeasiblePlanError:
        write_frontier(ctx.book, tax_drift_frontier(household, as_of=as_of, progress=level_done, models=models))
        write_contributions_only(ctx.book, contributions)
        write_dividends(ctx.book, dividend_advice(household, as_of=as_of))
        raise
    # what Allow Short-Term Gains = N costs: the plan re-solved once with Y (engine/short_term_cost.py);
    # said on Trades (a plan note), the Tax-Drift Frontier and the console, one sentence, one computation
    if may_cost(household, as_of, plan):  # else provably nothing to say: no re-solve (resolve_bounds.py)
        ctx.progress("the plan with Allow Short-Term Gains = Y")
    # without the CPU clock, on purpose: a huge household's Y re-solve is the one solve without a budget,
    # since it is what finds the plan a stopped N solve missed (fe13 F13, adopted below; the 30,000-lot
    # household of docs/benchmark-history.md big30k: -$480.00 against the capped plan's $144,792.61)
    setting_cost = short_term_cost(household, as_of, plan)
    if setting_cost is not None and setting_cost.plan_y_meets_n is not None:
        # the Y plan keeps the N rule and costs less: the N solve stopped short (fe13 F13), so it is the plan
        adopted = with_idle_cash_notes(setting_cost.plan_y_meets_n, household)
        plan = replace(adopted, notes=adopted.notes + (setting_cost.adopted_note(),))
        setting_cost = None
    if setting_cost is not None:
        plan = replace(plan, notes=plan.notes + (setting_cost.note(),))
    # waiting for long-term and selling those lots INSTEAD: the plan re-solved on their long-term date
    # this tax year (engine/short_term_wait.py); the short-term notes price them as an addition
    # with the plan's CPU clock: a huge household's re-solve keeps its caps (short_term_cost.whatif_models)
    instead = wait_instead(household, as_of, plan, cpu_clock=time.process_time)
    if instead is not None:
        plan = replace(plan, notes=plan.notes + (instead.note(),))
    # after the plan: the frontier solves the plan's own model, with the rows the plan added (no dust,
    # engine/rebalance/dust.py), so its row at the plan's drift is priced by the same rules
    frontier = tax_drift_frontier(household, as_of=as_of, progress=level_done, models=models, plan=plan)
    # the dividend advice reads the class values after the plan that the Allocation sheet shows
    # ... and never routes dividends to a fund whose purchase washes a loss still open after the plan (the Do
    # Not Buy list the Wash Sales sheet shows: a past loss the plan's own buy matches in full is off it; audit20 F5)
    listed = (with_plan_losses(do_not_buy(ctx.results.wash, household, as_of), household, plan, as_of)
              if ctx.results.wash is not None else ())
    blocked = {d.identity for d in listed if d.first_day_to_buy > as_of}
    dividends = dividend_advice(household, as_of=as_of, plan=plan,
                                after=after_in_cents(plan, household) if plan.after else None, blocked=blocked)
    write_rebalance(ctx.book, household, plan, frontier, contributions, dividends,
                    frontier_setting_note=setting_cost.note() if setting_cost is not None else "", as_of=as_of)
    proposed = plan_as_proposed_trades(plan, as_of)
    if proposed:
        ctx.progress("checking the plan's trades")
    warnings = check_trades(household, proposed, as_of, wash=ctx.results.wash) if proposed else ()
    stated = _PlanStatements(plan)
    for w in warnings:
        if stated.states(w):
            continue  # the plan prices this wash (Lot Sales, notes) or gives this advice itself
        ctx.issues.append(Issue(Severity.WARNING, TRADES_SHEET, "", "Rebalancing plan: " + w.message))
    _recheck_proposed_trades(ctx, plan, proposed)
    ctx.issues.extend(_oversold_issues(ctx, plan))
    if plan.status is PlanStatus.BEST_EFFORT:  # written, and said on Issues: what is left and why
        for note in plan.notes:
            if note.startswith(("No plan reaches every band", "Left outside the bands")):
                ctx.issues.append(Issue(Severity.WARNING, TRADES_SHEET, "", "Rebalancing plan: " + note))
    for note in plan.notes:  # a huge household's solves stopped by their CPU budget: said, never silently
        if note.startswith(BUDGET_NOTE_START):
            ctx.issues.append(Issue(Severity.WARNING, TRADES_SHEET, "", "Rebalancing plan: " + note))
    ctx.issues.extend(washed_loss_issues(plan))
    ctx.results.plan = plan
    if ctx.results.wash is not None and any(t.past_loss_parts for t in plan.trades):
        # a plan purchase washes a loss sold before As Of: Form 8949's line says what it reads once placed
        from ..workbook.results.form8949 import write_form8949  # imported here: only such a plan needs it

        write_form8949(ctx.book, ctx.results.wash, ctx.household.settings.year, plan)
    ctx.issues.extend(_recurring_contribution_issues(ctx, plan))
    ctx.results.rebalance_warnings = tuple(warnings)
    tax = cents(plan.tax_total)
    tax_words = f"tax saved ${cents(-tax):,.2f}" if tax < 0 else f"extra tax ${cents(tax):,.2f}"
    # fe10: "No rebalance needed; 7 trade(s)" read as nothing to do; a harvest-only plan says what its trades do
    what = (f"{len(plan.trades)} trade(s) of a harvest-only plan (every class is within its band)"
            if plan.status is PlanStatus.NOT_NEEDED and plan.trades else f"{len(plan.trades)} trade(s)")
    ctx.summary(f"Rebalance: {plan.status.value}; {what}, {tax_words}; largest drift "
                f"{plan.max_drift_before * 100:.1f} -> "
                f"{plan.max_drift_after * 100:.1f} points")
    if setting_cost is not None:
        ctx.summary("  " + setting_cost.note())
    if instead is not None:
        ctx.summary("  " + instead.note())
    for waited in plan.waits:  # engine/rebalance/window_wait.py: dated, not sold now
        ctx.summary(f"Wait until {waited.sell_on.isoformat()} to sell {waited.symbol} lot {waited.lot_id} in "
                    f"{waited.account}: "
                    + ("no recent purchase washes it then" if waited.later else
                       f"keeps ${cents(waited.kept):,.2f} of loss")
                    + f", ${cents(cents(-waited.est_tax) + 0.0):,.2f} "
                    f"less tax then (Trades)")
    if contributions.months:
        ctx.summary(f"Contributions alone: {contributions.months} month(s) to get within bands")


def washed_loss_issues(plan: Plan) -> list[Issue]:
    """A Warning for each step of the plan whose loss the wash engine disallows in part (IRC §1091(a);
    Rev. Rul. 2008-5 when lost for good): the plan chose it as the least tax, but the user must
    see it on Issues, not only in Lot Sales."""
    # imported when the step runs: `--only STEP` and `check` load no other step's engine and writer
    from ..workbook.results.trades import TRADES_SHEET

    by_step: dict[int, float] = {}
    for s in plan.lot_sales:
        if s.disallowed > 0.005:
            by_step[s.step] = by_step.get(s.step, 0.0) + s.disallowed
    out = []
    for t in plan.trades:
        if t.step in by_step:
            out.append(Issue(Severity.WARNING, TRADES_SHEET, "",
                             f"Rebalancing plan: step {t.step} sells {t.symbol} in {t.account} at a loss of "
                             f"which ${cents(by_step[t.step]):,.2f} is disallowed by a recent purchase (wash sale, IRC "
                             "§1091); the plan counts only the allowed part. Trades' note and Lot Sales say "
                             "where the disallowed loss goes."))
    return out


def _stated_by_plan(plan: Plan, warning: TradeWarning) -> bool:
    """A pre-trade warning the plan already states: a loss sale washed by a recent purchase whose
    disallowed loss the plan's Lot Sales show (the plan chose it and priced it), or dividend
    reinvestment the plan's notes tell the user to turn off before selling."""
    return _PlanStatements(plan).states(warning)


class _PlanStatements:
    """:func:`_stated_by_plan` for many warnings of one plan: the plan's trades and washed Lot Sales are
    indexed once (per warning they were each scanned: warnings x (trades + lot sales), about 4 million
    steps on the 100,000-lot household's plan)."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.steps: dict[tuple[str, str, Action], set[int]] = {}
        for t in plan.trades:
            self.steps.setdefault((t.account, t.symbol, t.action), set()).add(t.step)
        self.washed = {s.step for s in plan.lot_sales if s.wash_status.startswith("Wash sale:")}
        # steps whose every loss lot the plan's own washes take in full (Reported Gain not below 0): no loss
        # is left for a reinvested dividend to wash (Treas. Reg. §1.1091-1(e); audit18 F10)
        loss_steps = {s.step for s in plan.lot_sales if s.gain < 0}
        self.no_loss_left = loss_steps - {s.step for s in plan.lot_sales if s.gain < 0 and s.reported_cents < 0}

    def states(self, warning: TradeWarning) -> bool:
        if warning.kind is WarningKind.SALE_WASHED_BY_DRIP:
            steps = self.steps.get((warning.trade.account, warning.trade.symbol, warning.trade.action), set())
            if steps and steps <= self.no_loss_left:
                return True  # nothing to warn about: no loss is left to wash
            held = warning.related.split(" ")[0]  # "VOO held with DRIP on (IRA)"
            return any(n.startswith("Turn off dividend reinvestment for ") and held in n.split(" in every")[0]
                       for n in self.plan.notes)
        if warning.kind is WarningKind.SALE_WASHED_BY_RECENT_BUY:
            steps = self.steps.get((warning.trade.account, warning.trade.symbol, warning.trade.action), set())
            return not steps.isdisjoint(self.washed)
        return False


def _recurring_contribution_issues(ctx: Context, plan: Plan) -> list[Issue]:
    """Warnings for tax-advantaged accounts whose recurring contributions would buy an identity the
    plan harvests today or that was sold at a loss in the last 30 days (engine/recurring.py)."""
    # imported when the step runs: `--only STEP` and `check` load no other step's engine and writer
    from ..engine.recurring import losses_from, plan_loss_rows, recurring_contribution_warnings
    from ..engine.wash_dates import first_clear_day
    from ..engine.wash_queries import do_not_buy

    household, as_of = ctx.household, ctx.as_of
    # every lot the plan sells at a loss, also inside a step that nets a gain (per lot, fe11 finding 27)
    rows = plan_loss_rows(household, plan.trades, plan.lot_sales, as_of, first_clear_day(as_of), plan.waits)
    wash = ctx.results.wash
    if wash is not None:
        rows += [(d.identity, d.first_day_to_buy, d.reason.split(";")[0]) for d in do_not_buy(wash, household, as_of)]
    return list(recurring_contribution_warnings(household, losses_from(rows)))


def _oversold_issues(ctx: Context, plan: Plan) -> list[Issue]:
    """A proposed sell of more shares than its account holds after the plan (engine/proposed_after_plan.py):
    a warning at its Proposed Trades row naming the plan steps that sell them (fe12 F9)."""
    # imported when the step runs, as the step's other engines: `check` and `--only` load none of them
    from ..engine.proposed_after_plan import oversold_after_plan

    out = []
    for o in oversold_after_plan(ctx.household, plan, ctx.household.proposed_trades):
        p = o.trade
        sheet = p.source.sheet if p.source else "Proposed Trades"
        # the row's Quantity cell, as every other issue names its cell (fe15 F13a: the row was only in the text)
        cell = (ctx.column_letters.get("Proposed Trades", {}).get("quantity", "A") + str(p.source.row)
                if p.source else "")
        by = []
        if o.steps:
            by.append(f"Trades step{'s' if len(o.steps) > 1 else ''} {', '.join(str(s) for s in o.steps)}")
        if o.dated:
            by.append(f"the dated sale{'s' if len(o.dated) > 1 else ''} of lot {', '.join(o.dated)} (Sales to "
                      "wait for)")
        out.append(Issue(Severity.WARNING, sheet, cell,
                         f"Sells {p.quantity:g} {p.symbol} from {p.account} on {p.date.isoformat()}, which "
                         f"holds {o.held_now:g} today but {o.held_after:g} after the rebalancing plan (sold by "
                         f"{' and '.join(by)}; the plan's trades are placed first). If you make the plan's trades, "
                         "lower the quantity or delete the row; the wash-sale check counts it as written."))
    return out


def _recheck_proposed_trades(ctx: Context, plan: Plan, proposed: list[ProposedTrade]) -> None:
    """The Wash Sales sheet again after the plan. Its Do Not Buy list adds the plan's own loss sales, as
    if placed on As Of (engine/wash_queries.py :func:`with_plan_losses`; the Trades notes' dates). The
    check of the Proposed Trades sheet is redone: the plan's trades (dated As Of, in step order, with
    their lots) come first, so a proposed buy within 30 days of a loss the plan harvests is flagged,
    with the loss lost for good when it is bought in an IRA, 401(k), Roth or HSA (IRC §1091(a); Rev.
    Rul. 2008-5). Example: the plan sells VXUS at a loss on 2026-12-01 (Trades step 6); a proposed
    Roth buy of 5 VXUS on 2026-12-03 washes 5 shares of that loss for good. The check says it counted
    the plan."""
    # imported when the step runs: `--only STEP` and `check` load no other step's engine and writer
    from ..engine.pretrade import check_trades, dated_sale_trades
    from ..engine.wash import window_days
    from ..engine.wash_queries import do_not_buy, with_plan_losses
    from ..workbook.results.wash_sales import write_wash_sales
    from .steps import conflicts_line

    mine = ctx.household.proposed_trades
    result = ctx.results.wash
    if result is None:
        return
    before = do_not_buy(result, ctx.household, ctx.as_of)
    listed = with_plan_losses(before, ctx.household, plan, ctx.as_of)
    if not mine or not proposed:
        # the plan sells something at a loss: the Do Not Buy list and its own wash sales say so
        if listed != before or plan.wash_matches:
            write_wash_sales(ctx.book, result, listed, ctx.as_of, ctx.results.trade_warnings, checked=len(mine),
                             plan_included=listed != before, plan=plan)
        return
    steps = sorted(plan.trades, key=lambda t: t.step)
    described = {id(p): (f"rebalancing plan's sale of {t.symbol} on {p.date.isoformat()} ({t.account}, "
                         f"Trades step {t.step})") for p, t in zip(proposed, steps)}
    # the plan's dated loss sales (Sales to wait for) on their dates: a proposed buy within 30 days before
    # or after one washes it (IRC §1091(a); fe11 finding 14)
    # (same-day ones in the order their lots were acquired, Treas. Reg. §1.1091-1(b): audit20 F4)
    dated_sales = dated_sale_trades(plan.waits, ctx.household.lots)
    dated = [p for p, _w in dated_sales]
    described.update({id(p): (f"rebalancing plan's dated sale of {w.symbol} lot {w.lot_id} on "
                              f"{w.sell_on.isoformat()} ({w.account}, Trades: Sales to wait for)")
                      for p, w in dated_sales})
    checked = check_trades(ctx.household, list(proposed) + dated + list(mine), ctx.as_of, wash=result,
                           described=described)
    ids = {id(t) for t in mine}
    # Sold Recent Shares Wash = Y: check_trades itself counts the recent shares an earlier sell of the plan
    # sold (fe15 F5), so a sale the plan leaves unflagged is clear (its loss sales used those shares first)
    warnings = tuple(w for w in checked if id(w.trade) in ids)
    write_wash_sales(ctx.book, result, listed, ctx.as_of, warnings,
                     checked=len(mine), plan_included=listed != before, plan=plan,
                     after_plan=(f"Checked after the rebalancing plan's trades (Trades, placed first on "
                                 f"{ctx.as_of.isoformat()}): a proposed buy within {window_days(ctx.as_of.year)} "
                                 "days of a loss the plan harvests washes it. Each taxable sell's note on Trades "
                                 "gives its first day you may buy."))
    # The sheet now holds this check, not the wash-sale step's: the console's count is its rows.
    line = conflicts_line(len(warnings), after_plan=True)
    summary = ctx.results.summary
    earlier = [i for i, said in enumerate(summary) if said == conflicts_line(len(ctx.results.trade_warnings))]
    if earlier:
        summary[earlier[0]] = line
    elif warnings:
        ctx.summary(line)
    ctx.results.trade_warnings = warnings
