"""What drift costs: the tax-drift frontier, the contributions-only path and dividend routing.

**Tax-drift frontier.** For each level L of largest drift (0, 1, 2, 3, 5 points and the current
largest drift), the least tax of a plan that brings every class to within L of its target
(``|weight - target| <= L``), solved with the same model (built once per run) and rules as the rebalancer
(:mod:`taxrebal.engine.rebalance`: tax-advantaged trades first, lots with the least tax, no
short-term gains unless allowed, wash-sale safe) and priced with the true tax
(:func:`taxrebal.engine.tax.marginal_tax`). The tax can only rise as L falls (a plan within 2 points
is also within 3). Worked example: a taxable-only 60/40 household at 75/25 ($40,000; lot B 100
shares at $90 cost, price $100, 15% LT rate): L = 5 points needs $4,000 sold (40 shares of B, $400
gain, $60 tax); L = 0 needs $6,000 (60 shares, $600 gain, $90 tax); at L = 15 points nothing is sold.
A level no plan can reach (e.g. 0 with whole shares) is reported as not reachable. The frontier is
monotone by construction: the levels are solved tightest first, each trading at most what the
tighter level traded (that plan fits the looser level too, so its tax can only fall), and a looser
level whose answer would still cost more tax keeps the tighter level's plan. Dollars traded as rounded
to shares can be cents below what the model's own plan trades (fe17 F2: a 401(k)'s $9,000 of payroll
money, all invested, rounded to $8,999.99): a level with no plan within that figure is solved again
within the model's (the tighter level's stage-B plan), and one the solver still finds none for shows
the tighter level's plan: a looser level is never "not reachable" when a tighter one is reached. Each level is solved at
the base marginal rates and re-solved at its plan's local rates (the rebalancer's rule), except at
local rates a tighter level already re-solved without a change (``settled``: the sample's 1, 2 and 3
points; a reading of ours, see :func:`taxrebal.engine.rebalance.stages._best_solution`). The row the plan
on Trades goes on is not solved when that plan pays the least tax any plan of the household can pay
(:mod:`taxrebal.engine.frontier_plan_level`): it is the plan whatever a solve would find. The row at the
current largest drift is kept by doing nothing: when trading nothing pays that least tax (no loss whose
sale lowers the tax), it is $0 of tax and $0 traded, unsolved (a solve's tie-break stages may trade at
no tax: Band Edge counts distance against dollars traded), and the plan is that row only when it costs
less tax, or the same tax trading no more; otherwise it stands apart at its own largest drift (fe15 F9:
a best-effort plan trading $40,971.98 at $0 was shown as the 36.13-point row, its own 22.19 points on no
row; tests/test_frontier_current_row_is_doing_nothing.py).

**Contributions only** (:mod:`taxrebal.engine.contributions`, re-exported here). How many months
of the accounts' current contributions (Accounts Contribution read as a monthly amount; prices
unchanged; month 1 is the contribution already entered) bring every class within its band by buying
only, and where that money goes: the plan for month m spends ``cash + m x contribution`` in each
account on underweight classes (menus and location rules as in the rebalancer). Worked example: stocks $66,000, bonds
$34,000 (60/40 target, 5-point bands: bonds 6 points under, outside), $1,000 a month into an account that can buy bonds:
after m months the total is 100,000 + 1,000m and bonds 34,000 + 1,000m must reach
35% of it: 34,000 + 1,000m >= 0.35 (100,000 + 1,000m) -> m >= 1.54, so 2 months.

**Dividends** (:mod:`taxrebal.engine.dividends`, re-exported here): which dividend reinvestments to
switch off and where to send the cash, on the household after the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Callable, Optional, Sequence

from .contributions import ContributionBuy, ContributionsPlan, contributions_only  # noqa: F401 (re-exported)
from .dividends import DividendAdvice, dividend_advice  # noqa: F401 (re-exported)
from .frontier_monotone import monotone_rows
from .frontier_plan_level import plan_as_row, plan_is_least_tax
from .frontier_plan_reason import plan_row_reason
from .money import cents
from .plan import Plan, PlanStatus
from .rebalance import (
    HouseholdModels,
    _best_solution,
    _TaxOracle,
    max_drift,
    shared_model,
)
from .rebalance.data import Solution
from .rebalance.model import RebalanceModel
from .rebalance.solve_budget import budget_notes
from .rebalance.tuning import BAND_MARGIN, HUGE_MODEL_LOTS
from .records import Household

__all__ = [
    "FrontierPoint",
    "tax_drift_frontier",
    "ContributionBuy",
    "ContributionsPlan",
    "contributions_only",
    "DividendAdvice",
    "dividend_advice",
    "FRONTIER_LEVELS",
]

#: Largest-drift levels of the frontier (fractions), besides the current largest drift.
FRONTIER_LEVELS = (0.0, 0.01, 0.02, 0.03, 0.05)
#: ... of a household whose model has more than HUGE_MODEL_LOTS taxable lot columns, where each level
#: is about a minute of CPU (bench/generate.py's 100,000-lot household, 2026-12-04): 1 and 3 points
#: are skipped, and the tightest reachable row says so.
HUGE_FRONTIER_LEVELS = (0.0, 0.02, 0.05)


@dataclass(frozen=True)
class FrontierPoint:
    level: float  # largest drift allowed (fraction)
    reachable: bool
    tax: Optional[float]  # least true tax (negative = saved by harvested losses); None if unreachable
    realized_st: float = 0.0
    realized_lt: float = 0.0
    turnover: float = 0.0
    is_current: bool = False  # the household's current largest drift
    note: str = ""
    #: the plan on Trades, when no least-tax row is the plan (:func:`_plan_row`): shown apart, level =
    #: the plan's largest drift after it
    is_plan: bool = False
    #: the largest drift the row was solved within when wider than ``level`` (whole shares: within one
    #: share of the priciest security, the row's note says so); None: ``level`` itself
    cap: Optional[float] = None

    @property
    def within(self) -> float:
        """The largest drift the row's least tax was solved within (``cap``, else ``level``)."""
        return self.level if self.cap is None else self.cap


def tax_drift_frontier(household: Household, *, as_of: date, levels: Sequence[float] = FRONTIER_LEVELS,
                       progress: Optional[Callable[[int, int], None]] = None,
                       models: Optional[HouseholdModels] = None,
                       plan: Optional[Plan] = None) -> tuple[FrontierPoint, ...]:
    """The least tax to bring the largest drift down to each level (module docstring).
    ``progress(done, levels)`` is called before each level is solved and once at the end; ``models``:
    the run's models of ``household`` (shared with the plan), else built here; ``plan``: the run's
    plan, shown as the row at its own drift when it costs that row's least tax (:func:`_plan_row`)."""
    current = max_drift(household)
    wanted = sorted({round(level, 10) for level in levels if level < current - 1e-9} | {round(current, 10)})
    model = shared_model(household, as_of, rebalance_now=True, models=models)
    oracle = _TaxOracle(household, as_of)
    coarse = ""
    if tuple(levels) == FRONTIER_LEVELS and len(model.lot_vars) > HUGE_MODEL_LOTS:
        skipped = [level for level in wanted if level not in HUGE_FRONTIER_LEVELS and level != round(current, 10)]
        wanted = [level for level in wanted if level not in skipped]
        if skipped:
            coarse = (f"This household is large ({len(model.lot_vars):,} taxable lot columns): levels of "
                      + " and ".join(f"{level * 100:g}" for level in skipped) + " points are not solved.")
    points: list[FrontierPoint] = []
    # With whole shares a class can be exactly on target only by luck: aim within one share of the
    # priciest security (and say so) rather than report "not reachable".
    share_step = 0.0
    if model.whole_share_symbols:  # a mutual fund trades in fractional shares (records.SecurityType)
        share_step = max(model.secs[sym].price for sym in model.whole_share_symbols) / model.total
    prev: FrontierPoint | None = None
    settled: list[tuple[float, float]] = []  # local rates whose re-solve changed nothing (_best_solution)
    # the dollars prev's plan trades in the model (before rounding to shares); None: not known
    room: float | None = None
    least = plan is not None and plan_is_least_tax(plan, oracle.least_tax)
    for done, level in enumerate(wanted):  # tightest first
        if progress is not None:
            progress(done, len(wanted))
        is_current = abs(level - round(current, 10)) < 1e-12
        cap = max(level, share_step)
        if is_current:
            # doing nothing is within the current largest drift: the level is the drift itself (not
            # rounded to 10 digits) plus the hair the model keeps inside every cap (BAND_MARGIN), else
            # the row had to trade to get a hair closer (fe6 hh3, Whole Shares: $9.50 of tax for it)
            cap = max(current + 2 * BAND_MARGIN, share_step)
        wider = cap > level + 1e-8
        if is_current and _nothing_is_least(oracle) and _nothing_is_a_plan(household):
            # no plan of the household pays less tax than trading nothing (no loss to harvest that saves
            # tax): the current drift is kept by doing nothing, $0 of tax and $0 traded, without a solve
            # (fe15 F9: Band Edge's solve sold $1,800 of VTI in a Roth toward the Cash target, at no tax)
            prev = FrontierPoint(level, True, 0.0, 0.0, 0.0, 0.0, True,
                                 f"Within {cap * 100:.2f} points: whole shares." if wider else "",
                                 cap=cap if wider else None)
            points.append(prev)
            continue
        # the row the plan on Trades goes on, when that plan pays the least tax any plan can: the plan,
        # without a solve (frontier_plan_level.py)
        # never the current largest drift's row: doing nothing keeps that drift, and the plan is that row only
        # when a solve finds it no dearer and trading no less (_plan_row; fe15 F9)
        planned = plan_as_row(plan, cap, points) if least and plan is not None and not is_current else None
        if planned is not None:
            prev = FrontierPoint(level, True, *planned, is_current,
                                 f"Within {cap * 100:.2f} points: whole shares." if wider else "",
                                 cap=cap if wider else None)
            points.append(prev)
            room = None  # the plan's dollars traded as rounded (Trades): the model's own figure is not known
            continue
        stops_before = len(model.solve_stops)
        best = _best_solution(model, oracle, None, False, drift_cap=cap,
                              turnover_cap=None if prev is None else prev.turnover + 0.01, settled=settled)
        if best is None and prev is not None and prev.reachable:
            # the tighter row's plan is within this level, so the level has a plan: the cap above is what
            # that plan trades as rounded to shares, which can be cents below what the model's own plan
            # trades (fe17 F2: a 401(k)'s $9,000.00 of payroll money, invested in full by the model, is
            # $8,999.99 rounded; every plan then trades $9,000.00 and none fit). Again within the model's
            # figure of that plan (its stage-B plan, which the model holds within the tighter level)
            best = _best_solution(model, oracle, None, False, drift_cap=cap,
                                  turnover_cap=None if room is None else max(room, prev.turnover) + 0.01,
                                  settled=settled)
        note = f"Within {cap * 100:.2f} points: whole shares." if wider else ""
        # a huge household's solves stopped by their CPU budget (solve_budget.py): said on the row
        note = " ".join([note, *budget_notes(model.solve_stops[stops_before:], len(model.lot_vars),
                                             "this row's")]).strip()
        if best is None and (prev is None or not prev.reachable):
            points.append(FrontierPoint(level, False, None, is_current=is_current, note=note,
                                        cap=cap if wider else None))
            continue
        point = None
        if best is not None:
            sol, tax = best
            # each order's amount in cents, as Trades adds up a plan (fe17 F4: the same $9,000 of payroll money
            # showed as 8,999.99, 9,000.00 and 9,000.01 on three rows)
            turnover = round(sum(model.order_amounts(sol.x).values()), 2)
            point = FrontierPoint(level, True, tax.total, sol.realized_st, sol.realized_lt, turnover, is_current,
                                  note, cap=cap if wider else None)
        # Monotone: a plan within a tighter level is within this one too, so a looser level never
        # costs more tax, nor (at the same tax) trades more, than the tighter level's plan; a looser level
        # the solver found no plan for shows it (a plan there is one)
        if prev is not None and prev.tax is not None and (point is None or _dearer(point, prev)):
            point = replace(prev, level=level, is_current=is_current, cap=cap if wider else None,
                            note=(note + " " if note else "") + f"The plan for {prev.level * 100:g} "
                                                                "points fits here too.")
        elif best is not None:
            room = _model_turnover(model, best[0])
        assert point is not None
        points.append(point)
        prev = point
    if progress is not None:
        progress(len(wanted), len(wanted))
    # the tightest reachable row says which levels a huge household skips (an unreachable row shows no
    # note: the 100,000-lot household's 0-point row)
    first = next((k for k, p in enumerate(points) if p.reachable), None)
    if coarse and first is not None:
        points[first] = replace(points[first], note=f"{points[first].note} {coarse}".strip())
    # the plan row can trade less than its level's solve: the looser rows are held to it (frontier_monotone.py)
    return monotone_rows(_plan_row(tuple(points), plan, household) if plan is not None else tuple(points))


#: two largest drifts this close (a fraction: 0.001 points) are the same row of the frontier
_SAME_DRIFT = 1e-5


def _dearer(point: FrontierPoint, tighter: FrontierPoint) -> bool:
    """``point`` costs more tax than the tighter row's plan, or the same tax (to half a cent) trading more
    than a cent more (README: a looser row never costs more tax, nor trades more at the same tax). Less
    tax for a few cents more traded (a plan's rounding to shares) is a looser row's own plan."""
    assert point.tax is not None and tighter.tax is not None
    return point.tax > tighter.tax + 0.005 or (point.tax > tighter.tax - 0.005
                                               and point.turnover > tighter.turnover + 0.01)


def _model_turnover(model: RebalanceModel, sol: Solution) -> float | None:
    """The dollars ``sol``'s stage-B plan trades in the model (before the tie-break stages and the rounding
    to shares): that plan is within the level ``sol`` was solved for, so a looser level capped at this
    figure holds a plan. None when the solution keeps no stage-B plan."""
    if sol.stage_b is None:
        return None
    return sum(float(sol.stage_b[j]) * v for j, v in model.turnover.items())


def _nothing_is_least(oracle: _TaxOracle) -> bool:
    """True when trading nothing pays, to the cent, the least tax any plan of the household can pay this
    year (resolve_bounds.least_tax: every loss lot sold, no gain): then the current largest drift's row
    is doing nothing. A household with a loss whose sale lowers this year's tax has a cheaper row."""
    return round(oracle.least_tax(), 2) >= round(oracle.true_tax(0.0, 0.0).total, 2)


def _nothing_is_a_plan(household: Household) -> bool:
    """False when trading nothing leaves an account's cash below zero: a withdrawal (a negative
    Contribution) larger than the account's cash is paid by sales, so even keeping the current largest
    drift sells, and its least tax is solved like any row's (fe19 F6: h6's $20,000 withdrawal from a
    Brokerage holding no cash, at least $600.00 of long-term gain tax at 15%, where the row said $0.00)."""
    return all(a.cash + a.contribution >= 0 for a in household.accounts)


def _plan_row(points: tuple[FrontierPoint, ...], plan: Plan, household: Household) -> tuple[FrontierPoint, ...]:
    """One set of numbers: the row at the plan's largest drift after (the tightest level the plan is
    within) shows the plan itself, its tax, realized gains and dollars traded as Trades adds them up,
    when the plan costs that row's least tax (to the cent) and the rows stay monotone (no tighter
    row trades less). Example (the sample): the 5-point row's least tax equals the plan's -$2,070.78;
    the row solved on its own traded $324,159.80, the plan $324,188.60 (it goes on toward target
    where that adds no tax); the row now says $324,188.60, the Trades total.

    Otherwise the plan is one more point (``is_plan``), after the rows, at its own largest drift, with
    a note saying why it is not that row's least tax. Example (new-user test fe6, hh4): every class is
    within its band, so the plan only harvests (at least Harvest Min Loss a lot, reinvested in the
    class): -$12.60 at 0.22 points, where the least-tax row also sells $200 of a bond fund at a loss to
    move toward target (-$15.27)."""
    traded = sum(cents(t.amount) for t in plan.trades)
    st = sum(cents(t.realized_st) for t in plan.trades)
    lt = sum(cents(t.realized_lt) for t in plan.trades)
    # within a thousandth of a point: a lot sold whole to the last 0.001 share (rounding.py) leaves a few
    # cents more cash than the solver's plan, which the sheet's drift (2 decimals of a point) never shows
    # a row solved within one share of the priciest security (whole shares) holds a plan inside that
    at = next((i for i, p in enumerate(points) if p.within >= plan.max_drift_after - _SAME_DRIFT), None)
    least = None if at is None else points[at].tax
    # the current largest drift's row is kept by doing nothing: the plan is that row only when it costs less
    # tax, or the same tax trading no more, as the monotone rule (fe15 F9: a plan trading $40,971.98 at $0
    # shown as the 36.13-point row, which needs no trade, with its own 22.19 points on no row)
    dearer_now = (at is not None and least is not None and points[at].is_current
                  and abs(cents(plan.tax_total) - cents(least)) < 0.005 and traded > cents(points[at].turnover) + 0.01)
    if (at is not None and least is not None and points[at].reachable and not dearer_now
            and cents(plan.tax_total) <= cents(least) + 0.005
            and not any(p.reachable and p.turnover < traded - 0.01 for p in points[:at])):
        # the plan is within the row and costs no more: it is the row's least tax (fe10 finding 10: a
        # separate plan row "$0.16 less than ... its row above" beside a row already showing the plan)
        less = cents(least) - cents(plan.tax_total)
        said = "The plan on Trades." if less < 0.005 else (
            f"The plan on Trades: ${cents(less):,.2f} less tax than this row solved on its own (the plan's stages "
            "found a cheaper plan within it).")
        row = replace(points[at], tax=plan.tax_total, realized_st=st, realized_lt=lt, turnover=traded,
                      note=(points[at].note + " " if points[at].note else "") + said)
        # a looser row that shows this row's plan ("The plan for 0 points fits here too") shows it as Trades
        # adds it up as well (fe11 F3: 86,599.99 on the plan's row, 86,599.98 on the rows it fits)
        solved = points[at]
        same = [replace(p, tax=plan.tax_total, realized_st=st, realized_lt=lt, turnover=traded)
                if (p.tax, p.turnover, p.realized_st, p.realized_lt)
                == (solved.tax, solved.turnover, solved.realized_st, solved.realized_lt) else p
                for p in points[at + 1:]]
        return points[:at] + (row,) + tuple(same)

    def why(within: float, diff: float) -> str:
        """What differs between the plan and the row within ``within`` (``diff``: plan tax minus the row's)."""
        if plan.waits:  # window_wait.py: loss sales dated later this year, not made now
            saved = sum(cents(-w.est_tax) for w in plan.waits)
            kept = sum(cents(w.kept) for w in plan.waits)
            lots = ", ".join(f"{w.symbol} lot {w.lot_id}" for w in plan.waits)
            lose = (f"selling now would lose ${cents(kept):,.2f} of loss for good" if kept else
                    "selling now a purchase within 30 days would wash its loss")
            return (f"the plan waits to sell {lots} until its wash-sale window clears this year (Trades, Sales to "
                    f"wait for): {lose}; sold then it saves ${cents(saved):,.2f} more, which this row's tax does not "
                    f"count")
        if plan.status is PlanStatus.NOT_NEEDED:
            return ("every class is within its band, so the plan only harvests losses worth harvesting (Harvest "
                    "Min Loss, Harvest Min Loss %), reinvested in their class, and invests cash; it sells nothing "
                    "to rebalance, which a row may")
        # the constraint that differs between the plan and its row (frontier_plan_reason.py), not boilerplate
        return plan_row_reason(household, plan, within, diff, any(p.reachable for p in points[:at or 0]))

    if at is not None and least is not None and points[at].reachable:
        diff = cents(plan.tax_total) - cents(least)
        if dearer_now:  # the same tax as keeping the current drift, for more dollars traded
            row = points[at]
            lower = plan.max_drift_after < row.within - _SAME_DRIFT
            kept = ("keeping the current largest drift" if cents(row.turnover) < 0.005 else
                    "the least within the current largest drift")
            done = ("which trades nothing" if cents(row.turnover) < 0.005 else
                    f"trading ${cents(row.turnover):,.2f}")
            note = (f"The plan on Trades: the same tax as {kept} ({row.within * 100:.2f} points, its row above, "
                    f"{done}), trading ${cents(traded - cents(row.turnover)):,.2f} more"
                    + (f": it brings the largest drift down to {plan.max_drift_after * 100:.2f} points where that "
                       "adds no tax." if lower else "."))
        elif abs(diff) < 0.005:  # the same tax, but a tighter row trades less (the rows stay monotone)
            note = (f"The plan on Trades: the least tax within {points[at].within * 100:.2f} points (its row "
                    "above), trading more than a tighter row: it goes on toward target where that adds no tax.")
        else:
            cmp = f"${cents(abs(diff)):,.2f} {'more' if diff > 0 else 'less'} than"
            note = (f"The plan on Trades: {cmp} the least tax within {points[at].within * 100:.2f} points "
                    f"(its row above), because {why(points[at].within, diff)}.")
    else:
        note = (f"The plan on Trades: no row above is within its largest drift; "
                f"{why(plan.max_drift_after, 0.0)}.")
    return points + (FrontierPoint(plan.max_drift_after, True, plan.tax_total, st, lt, traded, False, note,
                                   is_plan=True),)
