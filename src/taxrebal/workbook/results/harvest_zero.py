"""Why a harvest saves $0.00 this year, and what its loss is worth instead (the Harvest sheet's notes).

A realized capital loss first offsets this year's capital gains (IRC §1222 netting), then up to
$3,000 of ordinary income ($1,500 married filing separately, IRC §1211(b)); what is left carries
forward to next year and later years, keeping its character (IRC §1212(b)). So a harvest can save
$0.00 this year for two reasons, which the row's note says with the dollars:

* the loss offsets gains (or income) that are taxed at 0% this year: it is **used up** with no tax
  saved, and nothing of it carries forward;
* this year's net capital loss is already past the $3,000 limit, or the return's taxable income is
  already $0 without it (deductions at least the income, Schedule D's Capital Loss Carryover Worksheet
  lines 1-4): the loss **carries forward**, and is worth tax when it offsets a later gain, or up to
  $3,000 a year of ordinary income when no gains come (IRC §1211(b)). Its value is given both ways
  (:class:`taxrebal.engine.carryforward_worth.CarryforwardRates`, the same words as the "Sales to
  wait for" notes and the gain-harvest block).

A plan's step may sell the harvested lot with lots at a gain: when the step's net is a gain and its tax
is $0.00, the note says so, and what absorbs the gain (the loss carried forward, or the 0% rate).

The figures are the tax engine's (:func:`taxrebal.engine.tax.compute_tax` with and without the loss,
on top of what is realized before it: this year's realized gains, and for a plan's step the plan's
earlier steps, as its Est. Tax is computed, :mod:`taxrebal.engine.attribution`).

Worked example (fe9's Chens: MFJ, $310,000 of wages, 5% state; the plan's steps 3 and 4 already take
the year's net capital loss to the $3,000 limit): Trades step 5 sells VTI lot T2 for a $1,600.00
reported short-term loss, Est. Tax $0.00. Its note: "Trades step 5 saves $0.00 this year:
$1,600.00 of loss carries forward to 2027 and later years (IRC §1212(b)), this year's net capital loss
being already past the $3,000.00 that may come off ordinary income (IRC §1211(b)); it is worth about
$380.80 of tax later if it offsets a long-term gain (23.8%), or $464.00 if it offsets ordinary income,
up to $3,000 a year, IRC §1211(b) (29.0%)" (15% + 3.8% NIIT + 5%; 24% + 5%: taxable income $277,800
is in the 24% band, and wages are no net investment income, so the deduction saves no NIIT).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...engine.carryforward_worth import CarryforwardRates
from ...engine.money import cents
from ...engine.tax import TaxProfile, compute_tax

__all__ = ["LossThisYear", "loss_this_year", "zero_saving_note"]


@dataclass(frozen=True)
class LossThisYear:
    """A realized loss on top of what is realized before it: ``saved`` this year (tax without minus
    with), ``carried`` (the carryforward it adds), ``deduction`` (the net capital loss taken off
    ordinary income with it, IRC §1211(b)), ``rates`` (what a dollar carried is worth later), ``year``,
    ``limit`` (the most that may come off ordinary income: $3,000, $1,500 married filing separately)."""

    net: float  # the realized gain, signed (negative: a loss)
    saved: float
    carried: float  # negative when a net gain uses up loss carried forward
    deduction: float
    rates: CarryforwardRates
    year: int
    limit: float = 3000.0

    @property
    def loss(self) -> float:
        return max(0.0, -self.net)

    @property
    def used(self) -> float:
        """The part used this year (offsetting gains or income); the rest is ``carried``."""
        return max(0.0, self.loss - max(0.0, self.carried))


def loss_this_year(profile: TaxProfile, st: float, lt: float, before_st: float = 0.0,
                   before_lt: float = 0.0, rates: CarryforwardRates | None = None) -> LossThisYear:
    """The realized ``st`` / ``lt`` (negative: losses) on top of ``before_st`` / ``before_lt`` realized
    already (besides the profile's own this-year gains). ``rates``: ``CarryforwardRates.of(profile)``,
    when computed already."""
    before = compute_tax(profile, before_st, before_lt)
    after = compute_tax(profile, before_st + st, before_lt + lt)
    carried = (after.st_carryforward_out + after.lt_carryforward_out
               - before.st_carryforward_out - before.lt_carryforward_out)
    rates = CarryforwardRates.of(profile) if rates is None else rates
    return LossThisYear(st + lt, before.total - after.total, carried, after.capital_loss_deduction, rates,
                        profile.year, rates.limit)


def zero_saving_note(w: LossThisYear, who: str) -> str:
    """The note for a harvest that saves $0.00 this year (``""`` otherwise); ``who`` starts it ("Sold
    alone today it", "Trades step 5")."""
    if cents(w.saved) != 0.0:
        return ""
    if cents(w.net) > 0.0:  # a step whose other lots' gains outweigh the harvested loss
        absorbed = cents(-w.carried)
        why = (f"the loss carried forward absorbs it (${cents(absorbed):,.2f} less carries to {w.year + 1}, IRC "
               f"§1212(b))"
               if absorbed > 0.0 else "it is taxed at 0% this year")
        return (f"{who} saves $0.00 this year: with the step's other lots it realizes a net gain of "
                f"${cents(w.net):,.2f} (the harvested loss offsets part of their gains, IRC §1222), and {why}")
    if cents(w.loss) <= 0.0:
        return ""
    parts = []
    if cents(w.used) > 0.0:
        parts.append(f"${cents(w.used):,.2f} of its loss offsets gains or income taxed at 0% this year, so it is "
                     "used up with no tax saved (IRC §1222; only a loss left after netting carries forward, "
                     "IRC §1212(b))")
    if cents(w.carried) > 0.0:
        if cents(w.deduction) >= cents(w.limit):
            why = (f", this year's net capital loss being already past the ${cents(w.limit):,.2f} that may come off "
                   "ordinary income (IRC §1211(b))")
        else:  # under the limit, and still carried: taxable income reached $0 first
            why = (", your taxable income being $0 already without it (your deductions are at least your income, "
                   "so none of it comes off ordinary income: Schedule D's Capital Loss Carryover Worksheet, lines "
                   "1-4)")
        worth = "it is " + w.rates.words(w.carried)
        parts.append(f"${cents(w.carried):,.2f} of loss carries forward to {w.year + 1} and later years "
                     f"(IRC §1212(b)){why}; {worth}")
    if not parts:
        return ""
    return f"{who} saves $0.00 this year: " + "; and ".join(parts)
