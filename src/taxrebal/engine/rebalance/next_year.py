"""The year-end alternative to a loss lost for good: selling in the next tax year instead (fe16 F8).

A loss sale a recent purchase in an IRA, 401(k), Roth or HSA washes loses the matched part for good
(IRC §1091(a); Rev. Rul. 2008-5). When that purchase stops washing it only in the next tax year (its
30 days end after December 31), the plan does not date the sale (a later-year loss is another year's
tax: window_wait.py waits within the year only) and keeps its choice; this note states the trade-off:

* selling now: this year's tax is lower by the step's allowed loss (what the plan's figures count),
  and the washed part is lost for good;
* selling on the first trading day the purchase no longer washes it: the whole loss counts, but on
  next year's return; its worth is estimated at this year's rates and other gains (next year's will
  decide it), at today's price.

Worked example (fe16 h4, As Of 2026-12-04, single, $120,000 ordinary income, 5% state): taxable lot
T2, 20 VTI bought at $350, sold at $300 (a $1,000 short-term loss); Pat IRA bought 10 VTI on
2026-12-01, which wash 10 x $50 = $500 for good; the clean day 2027-01-01 is a holiday, so 2027-01-04.
Now: $500 allowed, $135.00 less 2026 tax; then: the whole $1,000, about $270.00 less tax at 2026's
rates, on the 2027 return.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from taxrebal.engine.money import cents

if TYPE_CHECKING:
    from .reported import SoldLot

__all__ = ["next_year_note"]


def next_year_note(oracle: Any, sol: Any, tax_now: float, ident: str, sold: Sequence["SoldLot"], sell_on: date,
                   washing: Sequence[Any]) -> str:
    """" Selling on DATE instead ...": ``oracle`` prices realized (ST, LT) totals (``true_tax``), ``sol``
    holds the plan's realized totals, ``tax_now`` the plan's tax, ``sold`` the step's lots as the wash
    engine reports them, ``washing`` the tax-advantaged purchases that wash it now. "" when the step's
    sale is not a net loss or loses nothing for good."""
    st = sum(o.short_term for o in sold)  # the allowed (reported) figures the plan counts
    lt = sum(o.long_term for o in sold)
    lost_st = sum(p.permanent_disallowed for o in sold for p in o.parts if not p.long_term)
    lost_lt = sum(p.permanent_disallowed for o in sold for p in o.parts if p.long_term)
    if st + lt >= 0 or lost_st + lost_lt < 0.005:
        return ""
    without = oracle.true_tax(sol.realized_st - st, sol.realized_lt - lt).total
    now = without - tax_now  # this year's saving of the sale as the plan makes it
    whole = oracle.true_tax(sol.realized_st - st + (st - lost_st), sol.realized_lt - lt + (lt - lost_lt)).total
    later = without - whole  # the whole loss, at this year's rates and other gains
    if later <= now + 0.005:
        return ""
    year = sell_on.year
    bought = ", ".join(sorted({f"{p.account} on {p.acquired.isoformat()}" for p in washing}))
    loss = -(st + lt) + lost_st + lost_lt
    return (f" Selling on {sell_on.isoformat()} instead (the first trading day the {ident} bought in {bought} no "
            f"longer washes it; the next tax year) keeps the whole ${cents(loss):,.2f} loss, none lost for good, but "
            f"on "
            f"the {year} return: about ${cents(later):,.2f} less {year} tax at this year's rates and other gains (next "
            f"year's decide it; the price may move), against ${cents(now):,.2f} less {year - 1} tax selling now, which "
            f"loses ${cents(lost_st + lost_lt):,.2f} for good (Rev. Rul. 2008-5). The plan sells now: your choice.")
