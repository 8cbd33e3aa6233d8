"""Waiting for long-term INSTEAD of selling other lots: the plan re-solved on the day the short-term
gain lots it left unsold turn long-term, in the same tax year.

The short-term notes on Trades (engine/rebalance/explain.py) price the unsold shares *in addition to*
the plan's sales: the plan's tax with them sold now, and with them sold once long-term (IRC §1222,
§1223). That answers "should I also sell these later?", not "should I wait and sell these *instead*
of what the plan sells today?". This module answers the second: the same household re-solved by the
same rebalancer today with those lots counted long-term, as they are from their long-term date,
everything else as today (prices, Realized YTD, the brackets, wash-sale windows). Only lots whose
long-term date falls in this tax year are counted, so the sale stays on the same return. When that
plan reaches the same status for at least a cent less, the run says so (Trades note, console).
Prices will move in the meantime: the note says to run again on that day.
A date in next year is left out: the sale would move to another return, with other income and gains
(the addition-priced note covers it with its own caveat).

Worked example (the fe8 advisor's "gainy, no Roth" household, As Of 2026-12-04, Allow Short-Term
Gains = N): the plan sells 121 inherited AAPL and 494 SCHB, long-term $9,730 x 23.8% = $2,315.74. VTI
lots T-03 and T-02 (short-term gains) turn long-term on 2026-12-09 and 2026-12-11. Re-solved as of
2026-12-11 (T-02 and T-03 long-term) the plan sells 138 VTI long-term for $1,285.20, the figure of the
advisor's own ``--as-of 2026-12-11`` run: waiting and selling them instead costs $1,030.54 less than
today's plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Optional

from taxrebal.engine.money import cents

from ..errors import InfeasiblePlanError
from .holding import is_long_term, long_term_date
from .money import saving_in_cents
from .plan import Plan, PlanStatus, shares_sold
from .records import Household, Lot
from .resolve_bounds import cannot_beat, least_tax
from .short_term_cost import (
    budget_caveat,
    cheaper_with_same_status,
    largest_breach,
    money_text,
    reach_words,
    taxable_sells,
    whatif_models,
    within_budget,
)
from .wash_dates import first_trading_day, trading_day_words


@dataclass(frozen=True)
class WaitInstead:
    """Today's plan and the plan re-solved on ``day`` (same tax year, today's prices)."""

    day: date
    tax_now: float
    tax_then: float
    lots: tuple[str, ...]  # the short-term lots left unsold that are long-term by ``day``: "VTI T-02"
    sells_then: tuple[str, ...]  # the re-solved plan's taxable sells: "50 VTI (Joint Taxable)"
    budgeted: bool = False  # a huge household's re-solve, within its CPU budget (short_term_cost.within_budget)
    #: a best-effort plan (fe14 F3): the largest band breach today and on ``day`` (fraction points)
    breach_now: Optional[float] = None
    breach_then: Optional[float] = None

    @property
    def saving(self) -> float:
        return saving_in_cents(self.tax_now, self.tax_then)

    def note(self) -> str:
        again = first_trading_day(self.day).isoformat()
        sells = ", ".join(self.sells_then) if self.sells_then else "no taxable sale"
        if self.breach_now is not None and self.breach_then is not None:
            reach = reach_words(self.breach_then)
            return (f"Waiting instead: {', '.join(self.lots)} {'are' if len(self.lots) > 1 else 'is'} long-term by "
                    f"{trading_day_words(self.day)}, this tax year. The plan chosen again with "
                    f"{'them' if len(self.lots) > 1 else 'it'} long-term, everything else as today (prices, "
                    f"wash-sale windows), {reach} instead of leaving {self.breach_now * 100:.2f} points, for "
                    f"{money_text(self.tax_then)} of tax instead of {money_text(self.tax_now)} (it sells {sells}), "
                    f"with no short-term gain. Prices will move, so run taxrebal again on that day (--as-of {again})."
                    + budget_caveat(self.budgeted))
        return (f"Waiting instead: {', '.join(self.lots)} {'are' if len(self.lots) > 1 else 'is'} long-term by "
                f"{trading_day_words(self.day)}, this tax year. The plan chosen again with "
                f"{'them' if len(self.lots) > 1 else 'it'} long-term, everything else as today (prices, "
                f"wash-sale windows), would cost {money_text(self.tax_then)} instead of {money_text(self.tax_now)}: "
                f"${cents(self.saving):,.2f} less (it sells {sells}). That prices selling them instead of other lots, "
                f"not "
                f"in addition; prices will move, so run taxrebal again on that day (--as-of {again})."
                + budget_caveat(self.budgeted))




def unsold_short_term_dates(household: Household, as_of: date, plan: Plan) -> dict[tuple[str, str], date]:
    """(account, lot id) -> long-term date, of the taxable lots with a short-term gain on ``as_of`` that
    the plan leaves (some or all of) unsold, whose long-term date falls in ``as_of``'s year."""
    accounts = household.account_map()
    prices = {s.symbol: s.price for s in household.securities}
    sold = shares_sold(plan)
    out: dict[tuple[str, str], date] = {}
    for lot in household.lots:
        acct = accounts.get(lot.account)
        unit, start = lot.unit_cost, lot.holding_start
        if (acct is None or not acct.is_taxable or lot.quantity <= 0 or unit is None or start is None
                or prices.get(lot.symbol, 0.0) <= unit or is_long_term(start, as_of, lot.inherited)):
            continue
        if lot.quantity - sold.get((lot.account, lot.lot_id), 0.0) <= 1e-6:
            continue
        day = long_term_date(start)
        if first_trading_day(day).year == as_of.year:  # a sale that day is on this year's return
            out[(lot.account, lot.lot_id)] = day
    return out


def _counted_long_term(lot: Lot, day: date, as_of: date) -> Lot:
    """``lot`` with its holding period moved back by the days from ``as_of`` to ``day``, so that it is
    long-term on ``as_of`` as it will be on ``day`` (a hypothetical lot: nothing else changes)."""
    start = lot.holding_start
    assert start is not None  # unsold_short_term_dates keeps only lots with a holding start
    moved = start - (day - as_of)
    while not is_long_term(moved, as_of):  # an anniversary on 29 February
        moved -= timedelta(days=1)
    return replace(lot, adjusted_acquired=moved)


def wait_instead(household: Household, as_of: date, plan: Plan, *,
                 cpu_clock: Optional[Callable[[], float]] = None) -> Optional[WaitInstead]:
    """The plan re-solved today with the short-term gain lots it leaves unsold counted long-term, as
    they are this tax year from their long-term dates (module docstring), when it reaches the same
    status for at least a cent less; else ``None``. One more solve of the rebalancer, none when no
    such lot is left or the plan's tax is already the least any plan can have this year
    (resolve_bounds.least_tax: counting lots long-term changes no other income, so the re-solved plan
    cannot go below it; the 1,000-lot household of bench_run.py, -$3,610.84). ``cpu_clock`` (the
    plan's): a huge household's re-solve keeps the plan's caps (short_term_cost.whatif_models)."""
    from .rebalance import plan_rebalance  # the rebalancer's entry point (imports HiGHS)

    dates = unsold_short_term_dates(household, as_of, plan)
    best_effort = plan.status is PlanStatus.BEST_EFFORT  # the wait may reach closer, whatever it costs
    if not dates or (not best_effort and cannot_beat(least_tax(household, as_of), plan.tax_total)):
        return None
    day = max(dates.values())
    lots = tuple(_counted_long_term(lot, dates[(lot.account, lot.lot_id)], as_of)
                 if (lot.account, lot.lot_id) in dates else lot for lot in household.lots)
    try:
        counted = replace(household, lots=lots)
        other = plan_rebalance(counted, as_of=as_of, models=whatif_models(counted, as_of, cpu_clock))
    except InfeasiblePlanError:
        return None
    sells = taxable_sells(household, other)
    names = tuple(sorted(f"{lot.symbol} {lot.lot_id}" for lot in household.lots if (lot.account, lot.lot_id) in dates))
    if best_effort and other.status in (PlanStatus.BEST_EFFORT, PlanStatus.WITHIN_BANDS):
        n, y = largest_breach(household, plan), largest_breach(household, other)
        if y <= n - 5e-5:  # at least 0.005 points closer (fe14 F3)
            return WaitInstead(day, plan.tax_total, other.tax_total, names, sells, within_budget(other), n, y)
    if not cheaper_with_same_status(plan, other):
        return None
    return WaitInstead(day, plan.tax_total, other.tax_total, names, sells, within_budget(other))
