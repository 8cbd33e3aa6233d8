"""What Allow Short-Term Gains = N costs: the plan re-solved once with Y, and the difference.

The setting (``engine/rebalance/short_term.py``, taxrebal's reading) keeps the plan from raising the
year's net short-term capital gain (IRC §1222(5)), which is taxed at ordinary rates (IRC §1(a)-(d))
instead of the §1(h) rates. That is cheaper per dollar of *gain*, not per dollar *sold*: a lot with a
small short-term gain can cost less tax than the same dollars of a lot with a large long-term gain.
When the bands need sales, N can then cost tax the law does not ask for. This module says how much:
the same household and As Of, only Allow Short-Term Gains = Y, solved by the same rebalancer, priced
by the same exact tax (:func:`taxrebal.engine.tax.marginal_tax` through the plan's ``tax_total``).

Worked example (the fe8 advisor's "gainy, no Roth" household; MFJ, ordinary income $240,000 with
$2,000 of short-term gain already, state 5%, NIIT applies): a long-term dollar costs 15 + 3.8 + 5 =
23.8%, a short-term dollar 22 + 3.8 + 5 = 30.8% (24% above $211,400 of taxable income). With N the
plan sells 121 inherited AAPL ($60 gain a share: $7,260) and 494 SCHB ($5 a share: $2,470), long-term
$9,730 x 23.8% = $2,315.74. With Y it sells 40 IVV ($30 a share short-term: $1,200 x 30.8% = $369.60)
and 42 VTI of lot T-02 ($20 a share: $840 short-term, 400 x 22% + 440 x 24% + 3.8% + 5% = $267.52):
$637.12. The setting costs $1,678.62 there, and the Trades, the console and the Tax-Drift Frontier
say so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Optional

from ..errors import InfeasiblePlanError
from .allocation import CASH_CLASS, allocation
from .holding import is_long_term
from .money import cents, saving_in_cents
from .plan import Plan, PlanStatus
from .records import Action, Household
from .resolve_bounds import NOTE_MIN_DIFFERENCE, cannot_beat, setting_least_tax

if TYPE_CHECKING:
    from .rebalance import HouseholdModels


@dataclass(frozen=True)
class ShortTermCost:
    """The plan under Allow Short-Term Gains = N and the same plan re-solved with Y (same status)."""

    tax_n: float  # the plan's tax (Trades' total)
    tax_y: float  # the tax of the plan re-solved with Y
    sells_y: tuple[str, ...]  # the Y plan's taxable sells: "40 IVV (Joint Taxable)"
    st_y: float  # the Y plan's realized short-term and long-term gains
    lt_y: float
    #: under a binding Tax Budget (fe9 finding 3): the largest band breach of each plan (fraction points)
    breach_n: Optional[float] = None
    breach_y: Optional[float] = None
    #: the Y plan itself, when it realizes no more net short-term gain than N allows (fe13 F13): it is then
    #: a plan of the user's own settings that costs less, found because the N solve stopped short of the
    #: least tax (a huge household's CPU budget, or the solver's gap): the run makes it the plan
    plan_y_meets_n: Optional[Plan] = field(default=None, compare=False, repr=False)
    #: the Y plan is a huge household's, solved within its CPU budget (:func:`within_budget`)
    budgeted: bool = False
    #: the N plan is a best effort (no plan under N reaches the bands): the breaches compare what each reaches
    best_effort: bool = False

    def adopted_note(self) -> str:
        """The note of a Y plan adopted under N (:attr:`plan_y_meets_n`)."""
        return (f"This plan keeps Allow Short-Term Gains = N (its net short-term result, {money_text(self.st_y)}, "
                f"raises no net short-term gain) and costs {money_text(self.tax_y)}. It was found by the re-solve "
                f"with Allow Short-Term Gains = Y; the first solve under N had stopped at a plan costing "
                f"{money_text(self.tax_n)}, short of the least tax, so this one replaces it.")

    @property
    def cost(self) -> float:
        """What N costs: the two taxes in cents, so the note's three figures add up to the cent."""
        return saving_in_cents(self.tax_n, self.tax_y)

    def note(self) -> str:
        """The sentence the Trades notes, the console and the Tax-Drift Frontier show."""
        sells = ", ".join(self.sells_y) if self.sells_y else "no taxable sale"
        if self.breach_n is not None and self.breach_y is not None and self.best_effort:
            # no plan under N reaches the bands (fe14 F3): what Y reaches, and for how much more tax
            after = reach_words(self.breach_y)
            return (f"Allow Short-Term Gains = N costs drift here: with Y the plan {after} instead of leaving "
                    f"{self.breach_n * 100:.2f} points, for {money_text(self.tax_y)} of tax instead of "
                    f"{money_text(self.tax_n)} (it sells {sells}; realized short-term {money_text(self.st_y)}, "
                    f"long-term {money_text(self.lt_y)}). Set Allow Short-Term Gains = Y on Settings to get that "
                    "plan (README, Settings)." + budget_caveat(self.budgeted))
        if self.breach_n is not None and self.breach_y is not None:  # a binding budget: N costs drift
            after = ("every class within its band" if self.breach_y <= 0.0 else
                     f"its largest band breach {self.breach_y * 100:.2f} points instead of {self.breach_n * 100:.2f}")
            return (f"Allow Short-Term Gains = N costs drift here: with Y the same Tax Budget leaves {after} "
                    f"(tax {money_text(self.tax_y)} instead of {money_text(self.tax_n)}; it sells {sells}; realized "
                    f"short-term {money_text(self.st_y)}, long-term {money_text(self.lt_y)}). Per dollar sold, a "
                    "small short-term gain can cost less tax than a large long-term gain; set Allow Short-Term "
                    "Gains = Y on Settings to get that plan (README, Settings)." + budget_caveat(self.budgeted))
        return (f"Allow Short-Term Gains = N costs ${cents(self.cost):,.2f} here: with Y the plan's tax would be "
                f"{money_text(self.tax_y)} instead of {money_text(self.tax_n)} (it sells {sells}; realized short-term "
                f"{money_text(self.st_y)}, long-term {money_text(self.lt_y)}), reaching the same bands. Per dollar "
                "sold, a small short-term gain can cost less tax than a large long-term gain; set Allow "
                "Short-Term Gains = Y on Settings to get that plan (README, Settings)." + budget_caveat(self.budgeted))


def within_budget(plan: Plan) -> bool:
    """Whether ``plan`` is a huge household's (more than tuning.HUGE_MODEL_LOTS taxable lot columns),
    solved within its CPU budget: its notes say so (rebalance/solve_budget.py, huge_plan.py)."""
    from .rebalance.solve_budget import BUDGET_NOTE_START  # the rebalancer package imports HiGHS

    return any(note.startswith(BUDGET_NOTE_START) for note in plan.notes)


def reach_words(breach: float) -> str:
    """What a best-effort alternative plan reaches, in the words of the short-term notes: "reaches every
    band", or "leaves its largest band breach at 1.25 points" (``breach`` in fractions, 0.0125)."""
    return "reaches every band" if breach <= 0.0 else f"leaves its largest band breach at {breach * 100:.2f} points"


def budget_caveat(budgeted: bool) -> str:
    """The sentence a what-if note ends with when its re-solved plan was solved within a huge
    household's CPU budget (:func:`within_budget`), else nothing."""
    if not budgeted:
        return ""
    from .rebalance.tuning import HUGE_SOLVE_CPU_S  # the rebalancer package imports HiGHS

    return (f" This household is large, so that plan was solved at most twice (once more to hold a loss for "
            f"later), each MILP within "
            f"{HUGE_SOLVE_CPU_S:g} s of CPU, as the plan itself: its figures are the best found then, not "
            "proven least.")


def whatif_models(household: Household, as_of: date,
                  cpu_clock: Optional[Callable[[], float]]) -> Optional[HouseholdModels]:
    """The models of a what-if re-solve (``household`` as changed by it): with the run's CPU clock, so a
    huge household's re-solve keeps the plan's caps (two whole solves, each MILP within
    tuning.HUGE_SOLVE_CPU_S of CPU; fe13 F11); None without a clock (the engine reads none: no budget,
    as the plan's own models). taxrebal run passes its clock to the waiting what-if only: its Y re-solve
    stays uncapped because it is what finds a plan a stopped N solve missed (pipeline/rebalance.py)."""
    from .rebalance import HouseholdModels  # the rebalancer's entry point (imports HiGHS)

    return HouseholdModels(household, as_of, cpu_clock=cpu_clock) if cpu_clock is not None else None


def money_text(x: float) -> str:
    """Dollars to the cent with the sign in front: "-$1,285.20"."""
    c = cents(x)
    return f"-${cents(-c):,.2f}" if c < 0 else f"${cents(c):,.2f}"


def _shares(q: float) -> str:
    return f"{q:,.4f}".rstrip("0").rstrip(".")


def cheaper_with_same_status(plan: Plan, other: Plan) -> bool:
    """Whether the re-solved plan ``other`` reaches ``plan``'s status for at least
    :data:`NOTE_MIN_DIFFERENCE` less tax (the test both re-solves of the short-term notes apply: this
    module's and short_term_wait.py's)."""
    return (other.status is plan.status
            and cents(other.tax_total) <= cents(plan.tax_total) - NOTE_MIN_DIFFERENCE)


def taxable_sells(household: Household, plan: Plan) -> tuple[str, ...]:
    """``plan``'s sells in taxable accounts in step order, as the notes name them: "40 IVV (Joint Taxable)"."""
    accounts = household.account_map()
    return tuple(f"{_shares(t.quantity)} {t.symbol} ({t.account})" for t in sorted(plan.trades, key=lambda t: t.step)
                 if t.action is Action.SELL and t.account in accounts and accounts[t.account].is_taxable)


def has_short_term_gain(household: Household, as_of: date) -> bool:
    """Whether any taxable lot would realize a short-term gain sold on ``as_of`` (else N cannot bind)."""
    accounts = household.account_map()
    prices = {s.symbol: s.price for s in household.securities}
    for lot in household.lots:
        acct = accounts.get(lot.account)
        unit = lot.unit_cost
        if acct is None or not acct.is_taxable or lot.quantity <= 0 or unit is None:
            continue
        if prices.get(lot.symbol, 0.0) > unit and not is_long_term(lot.holding_start, as_of, lot.inherited):
            return True
    return False


def may_cost(household: Household, as_of: date, plan: Plan) -> bool:
    """Whether Allow Short-Term Gains = N can cost ``plan`` anything, so that the re-solve is needed:
    not when the setting is Y, when no taxable lot has a short-term gain (the setting then adds no
    row), nor when every plan the setting forbids costs at least the plan's tax to the cent
    (resolve_bounds.setting_least_tax: the sample's -$1,689.80 against its plan's -$2,070.78)."""
    if household.settings.allow_short_term_gains or not has_short_term_gain(household, as_of):
        return False
    if plan.status in (PlanStatus.BUDGET_BINDS, PlanStatus.BEST_EFFORT):
        return True  # Y may reach closer to the bands, whatever it costs: always re-solved
    return not cannot_beat(setting_least_tax(household, as_of), plan.tax_total)


def short_term_cost(household: Household, as_of: date, plan: Plan, *,
                    cpu_clock: Optional[Callable[[], float]] = None) -> Optional[ShortTermCost]:
    """The plan re-solved with Allow Short-Term Gains = Y, when that plan reaches the same status for
    at least a cent less tax; ``None`` when the setting cannot cost anything (:func:`may_cost`: then
    nothing is solved), the re-solve has no plan, or N costs nothing. One more solve of the
    rebalancer otherwise; ``cpu_clock`` (the plan's, taxrebal run's): that solve keeps a huge
    household's caps (:func:`whatif_models`) and the note says so."""
    from .rebalance import plan_rebalance  # the rebalancer's entry point (imports HiGHS)
    from .rebalance.short_term import short_term_room  # the N rule's room (its package imports HiGHS)

    if not may_cost(household, as_of, plan):
        return None
    allowed = replace(household, settings=replace(household.settings, allow_short_term_gains=True))
    try:
        other = plan_rebalance(allowed, as_of=as_of, models=whatif_models(allowed, as_of, cpu_clock))
    except InfeasiblePlanError:
        return None
    if plan.status is PlanStatus.BUDGET_BINDS and other.status in (PlanStatus.BUDGET_BINDS, PlanStatus.WITHIN_BANDS):
        n, y = largest_breach(household, plan), largest_breach(household, other)
        if y <= n - 5e-5:  # at least 0.005 points closer
            return ShortTermCost(plan.tax_total, other.tax_total, taxable_sells(household, other),
                                 other.realized_st, other.realized_lt, n, y, budgeted=within_budget(other))
        return None
    if plan.status is PlanStatus.BEST_EFFORT and other.status in (PlanStatus.BEST_EFFORT, PlanStatus.WITHIN_BANDS):
        n, y = largest_breach(household, plan), largest_breach(household, other)
        if y <= n - 5e-5:  # at least 0.005 points closer (fe14 F3)
            return ShortTermCost(plan.tax_total, other.tax_total, taxable_sells(household, other),
                                 other.realized_st, other.realized_lt, n, y, budgeted=within_budget(other),
                                 best_effort=True)
        if other.status is not PlanStatus.BEST_EFFORT:
            return None
    if not cheaper_with_same_status(plan, other):
        return None
    meets_n = other.realized_st <= short_term_room(household.settings) + 0.005  # the N row: P <= room
    return ShortTermCost(plan.tax_total, other.tax_total, taxable_sells(household, other), other.realized_st,
                         other.realized_lt, plan_y_meets_n=other if meets_n else None,
                         budgeted=within_budget(other))


def largest_breach(household: Household, plan: Plan) -> float:
    """The plan's largest band breach after its trades (fraction points, 0 within every band)."""
    rows = allocation(household, dict(plan.after))
    return max((max(0.0, abs(r.drift) - r.band) for r in rows if r.asset_class != CASH_CLASS), default=0.0)
