"""Why no plan fits the Tax Budget: what the plan must pay for whatever the bands say, and its least tax.

A Tax Budget caps the extra tax of the plan (Settings). A plan that reaches no band within it is still
a plan (the budget binds, planner.py); but a withdrawal larger than an account's cash (a negative
Contribution) or a margin debit (negative Cash) must be paid by that account's sales whatever the
bands, and when the least tax of those sales is above the budget no plan exists at all. Said so, with
that least tax and what reaching every band costs, instead of a search that "stopped short" (fe19 F3).

Worked example (tests/test_withdrawal_paid_in_full.py, fe19 h6): MFS, $120,000 of wages, Brokerage
withdraws $20,000 and holds no cash. The cheapest sales with Allow Short-Term Gains = N are every VXUS
share ($12,000, $2,000 of long-term gain) and $8,000 of an inherited AAPL lot ($2,000 of gain): $4,000 x
15% = $600.00. A Tax Budget of $500 has no plan: "No plan fits the Tax Budget of $500.00: Brokerage's
withdrawal of $20,000.00 must be paid from its sales, and the least tax of any plan that pays it is
$600.00. Raise Tax Budget on Settings to at least $600.00, or lower the withdrawal."
"""

from __future__ import annotations

from ..money import cents
from .model import RebalanceModel, max_drift
from .stages import _best_solution, _TaxOracle
from .tuning import BAND_MARGIN


def budget_too_small(model: RebalanceModel, oracle: _TaxOracle, to_target: bool) -> str | None:
    """The sentence for a plan that has no solution within Settings.tax_budget but has one without it;
    None when there is no budget or the budget is not what stands in the way."""
    h = model.household
    budget = h.settings.tax_budget
    if budget is None:
        return None
    free = _best_solution(model, oracle, None, to_target)
    if free is None:
        return None
    owed = [(a.name, -(a.cash + a.contribution), a.contribution < 0) for a in h.accounts
            if a.cash + a.contribution < -0.005]
    # the least tax of any plan: the current largest drift kept (as the Tax-Drift Frontier's current row)
    least = _best_solution(model, oracle, None, False, drift_cap=max_drift(h) + 2 * BAND_MARGIN)
    need = min(free[1].total, least[1].total) if least is not None else free[1].total
    if owed:
        what = "; ".join(f"{name}'s {'withdrawal' if withdraws else 'margin debit'} of ${cents(amount):,.2f} "
                         "must be paid from its sales" for name, amount, withdraws in owed)
        pays = "it" if len(owed) == 1 else "them"
        why = f"{what}, and the least tax of any plan that pays {pays} is ${cents(need):,.2f}"
    else:
        why = f"the least tax of any plan of this household is ${cents(need):,.2f}"
    return (f"No plan fits the Tax Budget of ${cents(budget):,.2f}: {why}. Raise Tax Budget on Settings to at least "
            f"${cents(need):,.2f}" + (", or lower the withdrawal." if owed else "."))

