"""Among plans of the same tax this year, the one that keeps (or creates) the most loss carryforward.

Rule (taxrebal's reading): when this year's return already carries a capital loss forward to next year
(IRC §1211(b) allows $3,000 of net capital loss against other income, $1,500 married filing
separately; §1212(b) carries the rest forward), a gain the plan realizes costs nothing this year: it
only shrinks the carryforward, which would otherwise offset a future gain; and a loss the plan
harvests saves nothing this year: it only adds to the carryforward. Both are real, the same kind of
value the plan charges for a loss lost for good to a wash sale, so among plans whose tax this year is
the same, the plan realizes the least net gain (the most net loss). It is a tie-break stage, run right
after the least tax (stages.py): it never raises this year's tax, and it decides before distance and
turnover, so tax-free trades (an IRA, a Roth) rebalance before a taxable sale spends the
carryforward, and a loss lot is harvested into a replacement of its class rather than left unsold.

What counts as a harvest worth making: a loss lot whose whole loss is under Harvest Min Loss counts
for nothing in this stage (it is sold only if the bands or the tax need it: a $40 loss is not worth a
sale and a replacement buy for carryforward alone); a harvest-only plan's candidates also pass Harvest
Min Loss % (candidates.py) and reinvest in the class (harvest_only.py), so the carryforward it creates
never moves the allocation.

Worked examples. fe10's retirees (tests/test_carryforward_kept.py): a $54,000 long-term loss
carryforward, MFJ in the 0% band; US Stocks 18 points over target in Joint Taxable VTI (lot JT-2,
$8,703.48 of gain on 102.39 shares) and in a Traditional IRA holding $99,000 of VTI. Selling the taxable
VTI costs $0.00 this year but leaves $8,703.48 less carryforward; selling the IRA's VTI costs $0.00 and
leaves it whole: the plan sells in the IRA. fe12's MFS household (tests/test_carryforward_created.py),
$8,000 of short-term loss already realized: US Stocks must shed at least $98,252 from IVV A5 (-$90 a
share) and VTI lots A3 (+$10 a share) and A4 (-$30 a share). All of A5 and A4 and 24.1733 shares of A3,
with AGG A7 harvested into BND, net -$15,358.27; 75.49 IVV and all of A3 and A4 net -$8,794.26; both
cost $0.00 this year: the plan takes the first.

How the model carries it: the stage's objective is the plan's net gain, every taxable sale's short- and
long-term gain per share (washed losses added back as the tax terms count them), present only when this
year's return has a carryforward out.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from taxrebal.engine.money import cents

from .. import params
from ..carryforward_worth import CarryforwardRates
from ..tax import MarginalTax, TaxProfile, compute_tax

if TYPE_CHECKING:
    from .model import RebalanceModel


def carryforward_out(model: "RebalanceModel") -> float:
    """The loss this year's return carries to next year without the plan (ST + LT, Schedule D's
    Capital Loss Carryover Worksheet), 0 when there is none."""
    settings = model.settings if model.settings.as_of is not None else replace(model.settings, as_of=model.as_of)
    before = compute_tax(TaxProfile.from_settings(settings))
    return max(0.0, before.st_carryforward_out) + max(0.0, before.lt_carryforward_out)


def carryforward_objective(model: "RebalanceModel") -> dict[int, float] | None:
    """The stage objective of the module docstring (column -> net gain per unit) when this year's return
    carries a loss forward and the plan can sell a taxable lot; else None. A loss lot whose whole loss
    is under Harvest Min Loss counts 0."""
    gains: dict[int, float] = {}
    for terms in (model.tax_st, model.tax_lt):
        for j, g in terms.items():
            gains[j] = gains.get(j, 0.0) + g
    min_loss = model.settings.harvest_min_loss
    for sl, j in zip(model.sell_lots, model.lot_vars):
        if sl.gain_per_share < 0 and -sl.gain_per_share * sl.lot.quantity < min_loss - 1e-9 and j in gains:
            gains[j] = 0.0
    gains = {j: g for j, g in gains.items() if g}
    if not gains or carryforward_out(model) <= 0.0:
        return None
    return gains


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
    return (f"The plan's taxable sales use ${cents(spent):,.2f} of the ${cents(before):,.2f} of capital loss this "
            f"year's return "
            f"would carry to {year + 1} (IRC §1212(b)): no tax this year, but that loss would otherwise offset a "
            "future gain. Among plans with the same tax this year, taxrebal takes the one that uses the least.")


def created_note(tax: MarginalTax, profile: TaxProfile) -> str:
    """The plan note when the plan's losses add to the carryforward: how much, why it saves no tax this
    year, and what it is worth later, against a long-term gain or against ordinary income
    (engine/carryforward_worth.py). ``tax``: the plan's exact tax; ``profile``: this
    year's return without the plan. Example (fe12's harvest-only household, Single, $20,000 of
    short-term loss already realized, rate on long-term gains 20%): VXUS sold at a $9,000 loss into
    IXUS: "The plan's losses add $9,000.00 to the capital loss this year's return carries to 2027
    (IRC §1212(b)): that part saves no tax this year (only $3,000 of net capital loss a year comes off
    other income, IRC §1211(b)), but it is kept for later years: worth about $1,800.00 of tax later if
    it offsets a long-term gain (20.0%), or $2,610.00 if it offsets ordinary income, up to $3,000 a year
    (3 years for this amount), IRC §1211(b) (29.0%: taxable income $135,900, 24% band, + 5%). ..."."""
    before = max(0.0, tax.before.st_carryforward_out) + max(0.0, tax.before.lt_carryforward_out)
    after = max(0.0, tax.after.st_carryforward_out) + max(0.0, tax.after.lt_carryforward_out)
    created = after - before
    if created < 0.005:
        return ""
    limit = float(params.get("capital_loss_limit", profile.year, profile.filing_status))
    worth = CarryforwardRates.of(profile).words(created)
    # the tie-break stage ran only when the return already carried a loss forward (carryforward_objective)
    chosen = (" Among plans with the same tax this year, taxrebal takes the one that carries the most forward."
              if before >= 0.005 else "")
    return (f"The plan's losses add ${cents(created):,.2f} to the capital loss this year's return carries to "
            f"{profile.year + 1} (IRC §1212(b)): that part saves no tax this year (only ${limit:,.0f} of net "
            f"capital loss a year comes off other income, IRC §1211(b)), but it is kept for later years: {worth}."
            + chosen)
