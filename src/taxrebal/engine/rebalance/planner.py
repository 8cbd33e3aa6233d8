"""The entry points: :func:`plan_rebalance` (the plan) and :func:`relaxation_bound` (the LP bound)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import numpy as np

from taxrebal.engine.money import cents

from ...errors import InfeasiblePlanError
from ..money import signed_points
from ..plan import Plan, PlanStatus
from ..records import (
    Household,
    RebalanceTo,
)
from ..tax import MarginalTax
from ..wash import WashResult
from .assemble import _assemble
from .budget_diagnosis import budget_too_small
from .data import Solution, SolveOptions
from .diagnosis import _diagnose
from .hold_for_later import hold_for_later
from .huge_plan import HoldSolve, NoSolve, huge_notes, is_huge, solve_huge
from .later_harvest import later_harvests
from .min_trade_cash import without_min_trade_shuffles
from .model import RebalanceModel
from .needless_sales import without_needless_sales
from .payroll_cash import payroll_breach_notes
from .side_effects import with_side_effects
from .solve_budget import budget_notes
from .stages import _best_solution, _TaxOracle
from .window_wait import _MAX_RESOLVES as _MAX_WAIT_RESOLVES
from .window_wait import choose_waits


def plan_rebalance(household: Household, *, as_of: date, models: HouseholdModels | None = None) -> Plan:
    """The least-tax plan that brings every class within its band (or to target).

    ``household`` should already be wash-adjusted (:func:`taxrebal.engine.wash.adjust_lots`).
    When no plan can reach every band even with unlimited tax, returns the plan that comes closest
    (the least largest breach, then the least tax) with status ``BEST_EFFORT`` and notes naming the
    binding constraint and what is left; ``BUDGET_BINDS`` when only Settings.tax_budget stands in the
    way. Raises :class:`~taxrebal.errors.InfeasiblePlanError` only when the model has no solution
    at all. ``models``: the run's models of ``household`` (shared with the frontier), else built here.
    """
    model = shared_model(household, as_of, models=models)
    oracle = _TaxOracle(household, as_of)
    s = household.settings
    to_target = s.rebalance_to is RebalanceTo.TARGET
    model.add_fractional_rows()  # dust.py: the rows known before any solve, so they are not solved twice
    huge = is_huge(model)
    if huge:  # two whole solves at most, and one for a loss held for later; what else would solve again is
        # counted and said (huge_plan.py)
        best, dusty, rates = solve_huge(model, oracle, lambda x: _breach(model, x))
        resolve: Callable[[], tuple[Solution, MarginalTax] | None] = NoSolve()
        hold_resolve: Callable[[], tuple[Solution, MarginalTax] | None] = HoldSolve(model, oracle, rates)
    else:
        best, dusty = _solve(model, oracle), 0
        resolve = hold_resolve = lambda: _solve(model, oracle)  # noqa: E731
    if best is None:  # no plan within the Tax Budget, or none at all (budget_diagnosis.py, diagnosis.py)
        raise InfeasiblePlanError(budget_too_small(model, oracle, to_target) or _diagnose(model))
    # a loss lost for good now that the same tax year can keep: dated instead of sold (window_wait.py)
    best, waits, verdicts = choose_waits(model, oracle, best, lambda x: _breach(model, x), resolve,
                                         max_resolves=0 if huge else _MAX_WAIT_RESOLVES)
    # every sale has a true reason: no gain realized to keep recent shares from washing a loss for
    # nothing (needless_sales.py)
    best = without_needless_sales(model, oracle, best, waits, lambda x: _breach(model, x), resolve)
    # cash under Min Trade stays: no account sells its holdings only to make a buy large enough (min_trade_cash.py)
    best, cash_notes = without_min_trade_shuffles(model, oracle, best, waits, lambda x: _breach(model, x), resolve)
    # loss lots no sale today can harvest unwashed, dated to the day their window clears (later_harvest.py)
    waits = waits + later_harvests(model, oracle, best, waits)
    # a class whose every fund is harvested: one identity's loss held today, all of it dated (hold_for_later.py)
    held = hold_for_later(model, oracle, best, waits, lambda x: _breach(model, x), hold_resolve)
    if huge and held[0] is not best:  # a re-solve's plan (huge_plan.HoldSolve), which keeps every no-dust row
        dusty = len(model.dust_left(held[0][0].x))
    best, waits = held
    sol, tax = best
    # the largest breach as the allocation measures it, when less than the solver's breach variable
    # (a search stopped by its node limit a hair above a breach of 0: the sample, with its no-dust rows)
    sol = replace(sol, violation=min(sol.violation, _breach(model, sol.x)))
    status = PlanStatus.NOT_NEEDED if not model.triggered else PlanStatus.WITHIN_BANDS
    cost_to_remove = None
    notes: list[str] = list(cash_notes)
    if model.may_breach and sol.violation > 1e-6:
        if s.tax_budget is not None:
            free = _best_solution(model, oracle, None, to_target, once=huge)
            if free is not None:  # the plan without the budget, as plan_rebalance gives it (its waits too)
                free = choose_waits(model, oracle, free, lambda x: _breach(model, x),
                                    lambda: _best_solution(model, oracle, None, to_target),
                                    max_resolves=0 if huge else _MAX_WAIT_RESOLVES)[0]
            if free is not None and free[0].violation <= 1e-6:
                status = PlanStatus.BUDGET_BINDS
                cost_to_remove = free[1].total
                notes.append(f"The tax budget of ${cents(s.tax_budget):,.2f} binds: the largest band breach left is "
                             f"{sol.violation * 100:.2f} points; reaching every band would cost "
                             f"${cents(free[1].total):,.2f} of tax in all.")
        if status is not PlanStatus.BUDGET_BINDS:
            # No plan reaches every band: the plan that comes closest (stage A: the least largest
            # breach), with what is left and why.
            status = PlanStatus.BEST_EFFORT
            # a breach under 0.005 points in 4 decimals, never "0.00" (seed 1 --past-sales once: 0.0012)
            left_pts = f"{sol.violation * 100:.2f}" if sol.violation >= 5e-5 else f"{sol.violation * 100:.4f}"
            payroll = payroll_breach_notes(model, sol.x)  # new money an employer plan must invest
            notes.extend(payroll)
            if not payroll:
                notes.append(_diagnose(model).replace("No rebalancing plan reaches every band:",
                                                      "No plan reaches every band; this one comes closest "
                                                      f"(largest breach left {left_pts} points):"))
    notes.extend(budget_notes(model.solve_stops, len(model.lot_vars)))
    if huge:
        notes.extend(huge_notes(model, dusty, sum(r.asked for r in (resolve, hold_resolve) if isinstance(r, NoSolve))))
    # what a step does beyond its reason: a harvest moving its class away from target, a buy blocking
    # a harvest (side_effects.py)
    plan = with_side_effects(_assemble(model, oracle, sol, tax, status, cost_to_remove, notes, waits, verdicts),
                             model.household, as_of)
    if status is PlanStatus.BEST_EFFORT:
        # the harvest-only note speaks of the bands before the plan; beside what the plan leaves outside
        # them (an employer plan's new money past a band, payroll_cash.py) it says so
        plan = replace(plan, notes=tuple(n.replace(_WITHIN_BANDS_NOTE, _WITHIN_BANDS_BEFORE, 1) for n in plan.notes))
        left = [f"{k} {signed_points(d)} points (band {model.band_of(k) * 100:g})" for k, d in _left(model, plan)]
        if left:
            plan = replace(plan,
                           notes=plan.notes + ("Left outside the bands after this plan: " + "; ".join(left) + ".",))
    return plan


#: the harvest-only note's first words (explain.py), and what they become in a best-effort plan
_WITHIN_BANDS_NOTE = "Every class is within its band: the plan only"
_WITHIN_BANDS_BEFORE = "Every class was within its band before this plan: it only"


def _solve(model: RebalanceModel, oracle: _TaxOracle) -> tuple[Solution, MarginalTax] | None:
    """The least-tax plan of the model as it stands: the stages, then again while it leaves dust."""
    s = model.household.settings
    to_target = s.rebalance_to is RebalanceTo.TARGET
    best = _best_solution(model, oracle, s.tax_budget, to_target)
    for _ in range(3):  # no dust (dust.py): a lot or position left with a sliver is solved again
        if best is None or not model.add_dust_rows(best[0].x):
            break
        again = _best_solution(model, oracle, s.tax_budget, to_target)
        # the bands as the allocation measures them (the solver's breach variable carries its tolerance)
        if again is None or _breach(model, again[0].x) > _breach(model, best[0].x) + 1e-9:
            break
        best = (replace(again[0], violation=min(again[0].violation, best[0].violation)), again[1])
    return best


def _left(model: RebalanceModel, plan: Plan) -> list[tuple[str, float]]:
    from ..allocation import allocation

    return [(r.asset_class, r.drift) for r in allocation(model.household, plan.after) if r.outside_band]


def relaxation_bound(household: Household, *, as_of: date) -> tuple[float, float]:
    """(true tax, band violation) of the LP relaxation: continuous shares, no minimum trade, the
    wash-sale exclusivity relaxed. Its tax is the benchmark's lower bound for
    :func:`plan_rebalance` (exact for the linear model; the true tax is evaluated at its gains)."""
    s = household.settings
    relaxed = replace(household, settings=replace(s, min_trade=0.0, whole_shares=False))
    model = RebalanceModel(relaxed, as_of)
    oracle = _TaxOracle(relaxed, as_of)
    to_target = s.rebalance_to is RebalanceTo.TARGET
    best: tuple[float, float] | None = None
    rates = oracle.base_rates()
    for _ in range(2):
        sol = model.run_stages(SolveOptions(rates=rates, relaxed=True, to_target=to_target,
                                            tax_budget=s.tax_budget))
        if sol is None:
            break
        tax = oracle.true_tax(sol.realized_st, sol.realized_lt).total
        cand = (tax, sol.violation)
        if best is None or (round(cand[1], 7), cand[0]) < (round(best[1], 7), best[0]):
            best = cand
        rates = oracle.local_rates(sol.realized_st, sol.realized_lt)
    if best is None:
        raise InfeasiblePlanError(_diagnose(model))
    return best


class HouseholdModels:
    """The rebalancing models of one household for one run, built once and held by the caller (no
    module state): the plan's and the frontier's (the same model when a class is outside its band:
    the plan rebalances then too), and the wash-sale reading they share. The plan and the frontier
    re-solve a model with other bounds and stage rows instead of rebuilding it, so the wash scan,
    the replacement ranks and the input checks run once.

    Example: ``models = HouseholdModels(household, as_of)``, then ``tax_drift_frontier(household,
    as_of=as_of, models=models)`` and ``plan_rebalance(household, as_of=as_of, models=models)``
    build one model between them when a class is outside its band."""

    def __init__(self, household: Household, as_of: date, wash: WashResult | None = None,
                 cpu_clock: Callable[[], float] | None = None):
        """``wash``: the run's wash-sale result when the caller has it (``taxrebal run``'s Wash Sales
        step: :func:`~taxrebal.engine.wash.adjust_lots` of the household before adjustment, whose
        ``consumed`` shares and adjusted lots are those the models read), so the models do not
        compute it again; else the first model computes it from ``household``. ``cpu_clock``: the
        caller's CPU clock, handed to every model (:class:`RebalanceModel`: a huge household's solves
        within a CPU budget)."""
        self.household = household
        self.cpu_clock = cpu_clock
        self.as_of = as_of
        self._wash = wash
        self._built: list[RebalanceModel] = []

    def model(self, *, rebalance_now: bool | None = None) -> RebalanceModel:
        """The model with ``rebalance_now`` (None: the plan's; True: the frontier's)."""
        for model in self._built:
            want = True if rebalance_now else (model.outside_band if rebalance_now is None else False)
            if model.triggered == want and model.allow_sells:
                return model
        wash = self._wash if self._wash is not None else self._built[0].wash if self._built else None
        model = RebalanceModel(self.household, self.as_of, rebalance_now=rebalance_now, wash=wash,
                               cpu_clock=self.cpu_clock)
        self._built.append(model)
        return model


def shared_model(household: Household, as_of: date, *, rebalance_now: bool | None = None,
                 models: HouseholdModels | None = None) -> RebalanceModel:
    """``models.model(rebalance_now=...)`` when the caller holds the run's models, else a new model."""
    if models is None or models.household is not household or models.as_of != as_of:
        models = HouseholdModels(household, as_of)
    return models.model(rebalance_now=rebalance_now)


def _breach(model: RebalanceModel, x: np.ndarray) -> float:
    """The largest band breach of plan ``x`` (0 within every band), from the allocation after it."""
    from ..allocation import CASH_CLASS, allocation

    rows = allocation(model.household, model.after_values(x))
    return max((max(0.0, abs(r.drift) - r.band) for r in rows
                if r.asset_class != CASH_CLASS or model.cash_is_class), default=0.0)
