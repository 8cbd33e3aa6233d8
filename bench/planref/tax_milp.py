"""The return of :mod:`planref.tax_rules` as exact mixed-integer rows: tax(ST, LT) inside the optimum.

Each line of the return is one variable defined exactly from earlier lines (``Model.max_of`` /
``min_of`` / ``schedule`` fix every kink with a binary), so the model's tax equals
:func:`planref.tax_rules.return_tax` at every feasible (ST, LT), not only where convexity would
make a relaxation tight. That matters: the tax is *not* convex in (ST, LT) (an LT loss offsets an
ST gain at the ordinary rate, an LT gain is taxed at 15%; a loss beyond $3,000 is worth nothing now).
``tests/test_planref_optimum.py`` checks the rows against the scalar function at random points.

Lines (names as in tax_rules): line7 = c7 + ST, line15 = c15 + LT, line16 = line7 + line15;
cgi = max(line16, -limit); ncg = max(0, min(line15, line16)); agi = income + qd + cgi;
taxable = max(0, agi - deduction); pref = min(taxable, qd + ncg); O = taxable - pref;
regular = min(T(O) + G(taxable) - G(O), T(taxable)); nii = max(0, qd + ii + cgi);
niit = 3.8% x max(0, min(nii, agi - threshold)); state = rate x cgi.
"""

from __future__ import annotations

from .milp import Expr, Model
from .tax_rules import Situation, rules_for

__all__ = ["add_tax"]


def add_tax(m: Model, sit: Situation, st: Expr, lt: Expr) -> Expr:
    """Rows computing the year's federal + state tax with the plan's ``st`` and ``lt`` added; returns
    the expression of that total (the tax without the plan is a constant the caller subtracts)."""
    r = rules_for(sit.year, sit.status)
    line7 = st.plus(sit.ytd_st - sit.st_carryover)
    line15 = lt.plus(sit.ytd_lt - sit.lt_carryover)
    line16 = line7.plus(line15)
    cgi = Expr.of(m.max_of(line16, Expr(const=-r.loss_limit)))
    ncg = Expr.of(m.max_of(Expr(), Expr.of(m.min_of(line15, line16))))
    agi = cgi.plus(sit.ordinary_income + sit.qualified_dividends)
    taxable = Expr.of(m.max_of(Expr(), agi.plus(-sit.deduction)))
    pref = Expr.of(m.min_of(taxable, ncg.plus(sit.qualified_dividends)))
    ordinary_part = Expr.of(m.define(taxable.plus(pref, -1.0)))
    g_brackets = ((0.0, 0.0), (r.capital_gain[0], 0.15), (r.capital_gain[1], 0.20))
    stacked = m.schedule(ordinary_part, r.ordinary).plus(m.schedule(taxable, g_brackets)).plus(
        m.schedule(ordinary_part, g_brackets), -1.0)
    regular = Expr.of(m.min_of(stacked, m.schedule(taxable, r.ordinary)))
    nii = Expr.of(m.max_of(Expr(), cgi.plus(sit.qualified_dividends + sit.investment_income)))
    excess = agi.plus(-r.niit_threshold)
    niit_base = Expr.of(m.max_of(Expr(), Expr.of(m.min_of(nii, excess))))
    return regular.plus(niit_base, r.niit_rate).plus(cgi, sit.state_rate)
