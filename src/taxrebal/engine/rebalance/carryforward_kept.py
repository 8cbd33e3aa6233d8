"""Among plans of the same tax this year, the one that spends the least loss carryforward.

Rule (taxrebal's reading): when this year's return already carries a capital loss forward to next year
(IRC §1211(b) allows $3,000 of net capital loss against other income, §1212(b) carries the rest
forward), a gain the plan realizes costs nothing this year: it only shrinks the carryforward, which
would otherwise offset a future gain. Spending it is a real cost, the same kind the plan charges for a
loss lost for good to a wash sale, so among plans whose tax this year is the same, the plan realizes
the least net gain. It is a tie-break stage, run right after the least tax (stages.py): it never
raises this year's tax, and it decides before distance and turnover, so tax-free trades (an IRA, a
Roth) rebalance before a taxable sale spends the carryforward.

Worked example (fe10's retirees, 2026-12-04): a $54,000 long-term loss carryforward, MFJ in the 0%
band; US Stocks 18 points over target in Joint Taxable VTI (lot JT-2, $8,703.48 of gain on 102.39
shares) and in a Traditional IRA holding $99,000 of VTI. Selling the taxable VTI costs $0.00 this
year (the year's net loss stays past the $3,000 limit) but leaves $8,703.48 less carryforward;
selling the IRA's VTI costs $0.00 and leaves it whole. Both reach the bands: the plan sells in the IRA.

How the model carries it: a column ``c >= 0`` with ``c >= sum of the plan's realized gains``
(every taxable sale's short- and long-term gain per share, washed losses added back as the tax terms
count them), present only when this year's return has a carryforward out; the stage minimises ``c``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from ..tax import MarginalTax, TaxProfile, compute_tax

if TYPE_CHECKING:
    import numpy as np

    from .lp import _Lp
    from .model import RebalanceModel


def carryforward_out(model: "RebalanceModel") -> float:
    """The loss this year's return carries to next year without the plan (ST + LT, Schedule D's
    Capital Loss Carryover Worksheet), 0 when there is none."""
    settings = model.settings if model.settings.as_of is not None else replace(model.settings, as_of=model.as_of)
    before = compute_tax(TaxProfile.from_settings(settings))
    return max(0.0, before.st_carryforward_out) + max(0.0, before.lt_carryforward_out)


def add_carryforward_rows(model: "RebalanceModel", lp: "_Lp") -> int | None:
    """The column and row of the module docstring when the return carries a loss forward and the
    plan can realize a gain; the column, or None."""
    gains: dict[int, float] = {}
    for terms in (model.tax_st, model.tax_lt):
        for j, g in terms.items():
            gains[j] = gains.get(j, 0.0) + g
    if not any(g > 0 for g in gains.values()) or carryforward_out(model) <= 0.0:
        return None
    c = lp.var(0.0, math.inf)
    row = {j: -g for j, g in gains.items() if g}
    row[c] = 1.0
    lp.row(row, 0.0, math.inf)  # c - gains >= 0
    return c


def settle_spent(column: int | None, gains: "tuple[Mapping[int, float], ...]", x: "np.ndarray") -> None:
    """Set ``column`` (the model's carryforward column, or None) to the least value its row allows in
    ``x``: the plan's net gain (``gains``: the model's short- and long-term tax terms), or 0. The
    stages before this one leave it anywhere at or above that."""
    if column is None:
        return
    net = sum(float(x[j]) * g for terms in gains for j, g in terms.items())
    x[column] = max(0.0, net)


def spent_note(tax: MarginalTax, year: int) -> str:
    """The plan note when the plan's gains still use some of the carryforward (the bands need a taxable
    sale no tax-free trade can replace): how much of it, and what it was worth. ``tax``: the plan's
    exact tax (its ``before`` and ``after`` returns carry the carryforward out). Example: $73,200 of
    VTI sold in Joint Taxable with $43,000 going forward: "The plan's taxable sales use $43,000.00 of
    the $43,000.00 of capital loss this year's return would carry to 2027 ..."."""
    before = max(0.0, tax.before.st_carryforward_out) + max(0.0, tax.before.lt_carryforward_out)
    after = max(0.0, tax.after.st_carryforward_out) + max(0.0, tax.after.lt_carryforward_out)
    spent = before - after
    if spent < 0.005:
        return ""
    return (f"The plan's taxable sales use ${spent:,.2f} of the ${before:,.2f} of capital loss this year's return "
            f"would carry to {year + 1} (IRC §1212(b)): no tax this year, but that loss would otherwise offset a "
            "future gain. Among plans with the same tax this year, taxrebal takes the one that uses the least.")
