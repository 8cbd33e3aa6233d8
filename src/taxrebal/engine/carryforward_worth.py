"""What a loss carried forward is worth later, in the words every sheet and the console share.

A net capital loss this year's return does not use carries forward (IRC §1212(b)). In a later year
it first offsets that year's capital gains (Schedule D netting, IRC §1222), and what is left comes off
up to $3,000 of ordinary income a year ($1,500 married filing separately, IRC §1211(b)), year after
year until it is used up. So what it saves depends on what comes next, which taxrebal does not know:

* against a later long-term gain: the household's rate on long-term gains
  (:func:`taxrebal.engine.tax.gains_rate`, also the reading that prices a loss lost for good and the
  $5.00 minimum of a wait: that decision is unchanged);
* with no gains: the rate on ordinary income, federal marginal ordinary rate + state
  (:func:`taxrebal.engine.tax.loss_deduction_rate`), at most the $3,000 limit a year.

Every figure that puts a price on a carryforward says both, which is which, and the rule
(:meth:`CarryforwardRates.words`): a reader who expects no gains next year must not be told only the
lower figure (fe15 F3). Both are priced with this year's return (income, deductions, state rate), as
the long-term figure always was, and not discounted.

Worked example (fe15's h1: MFJ, Ordinary Income $180,000, 5% state, 2026; $1,020 carried to 2027):
taxable income 180,000 - 32,200 = 147,800 is in the 22% ordinary band and the 15% capital-gain band
(IRC §1(j), §1(h)), MAGI under NIIT's $250,000: "worth about $204.00 of tax later if it offsets a
long-term gain (20.0%), or $275.40 if it offsets ordinary income, up to $3,000 a year, IRC §1211(b)
(27.0%)" (1,020 x 20% and 1,020 x 27%). A 0% gain harvest that uses that carryforward up buys a
higher basis, worth 20% only when the shares are sold: with no gains next year it costs about
$275.40 - $204.00 = $71.40 (:meth:`CarryforwardRates.basis_words`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .money import cents, times
from .tax import TaxProfile, capital_loss_limit, gains_rate, loss_deduction_rate

__all__ = ["CarryforwardRates"]


@dataclass(frozen=True)
class CarryforwardRates:
    """What a dollar of loss carried forward saves later: ``long_term`` against a long-term gain,
    ``ordinary`` against ordinary income, at most ``limit`` dollars a year (IRC §1211(b))."""

    long_term: float
    ordinary: float
    limit: float = 3000.0

    @classmethod
    def of(cls, profile: TaxProfile) -> "CarryforwardRates":
        """The household's own rates, from this year's return (module docstring)."""
        return cls(gains_rate(profile), loss_deduction_rate(profile), capital_loss_limit(profile))

    def worth(self, amount: float) -> tuple[float, float]:
        """(against a long-term gain, against ordinary income) for ``amount`` dollars carried, in cents: the
        amount in cents (as the sentence shows it) times the rate, so the figures multiply out (audit18 F5):
        140,080.185 carried shows $140,080.19, worth 140,080.19 x 29% = 40,623.2551 -> $40,623.26; 19,502.50 x 29%
        = 5,655.725 -> $5,655.73 (half a cent rounds up, as written)."""
        shown = cents(amount)
        # the product as written (money.times): 19,502.50 x 29% is 5,655.725 -> $5,655.73, where the float
        # product 5,655.724999999999 gave $5,655.72 (audit22, bench/generate.py seed 61)
        return cents(times(shown, self.long_term)), cents(times(shown, self.ordinary))

    def _ordinary_rule(self, amount: float) -> str:
        years = math.ceil(cents(amount) / self.limit - 1e-9) if self.limit > 0 else 1
        spread = f" ({years} years for this amount)" if years > 1 else ""
        return f"up to ${self.limit:,.0f} a year{spread}, IRC §1211(b)"

    def words(self, amount: float) -> str:
        """"worth about $204.00 of tax later if it offsets a long-term gain (20.0%), or $275.40 if it
        offsets ordinary income, up to $3,000 a year, IRC §1211(b) (27.0%)" for ``amount`` carried."""
        lt, ordinary = self.worth(amount)
        rule = self._ordinary_rule(amount)
        if lt <= 0.0 and ordinary <= 0.0:
            return ("worth nothing at this year's rates (0% on long-term gains and on the ordinary income it would "
                    f"offset, {rule}), more in a later year taxed higher")
        first = (f"worth about ${cents(lt):,.2f} of tax later if it offsets a long-term gain ({self.long_term:.1%})"
                 if lt > 0.0 else "worth nothing later if it offsets a long-term gain at this year's rate on them "
                 "(0%, more if that rate rises)")
        second = (f"${cents(ordinary):,.2f} if it offsets ordinary income" if ordinary > 0.0 else
                  "nothing if it offsets ordinary income at this year's rate")
        return f"{first}, or {second}, {rule} ({self.ordinary:.1%})"

    def basis_words(self, amount: float) -> str:
        """For a gain realized at no tax this year that uses up ``amount`` of carryforward to raise a
        basis: what the higher basis is worth, and what the trade costs when no gains come next year.
        Example (h1): "Raising the basis saves tax at your rate on long-term gains (20.0%) only when these
        shares are sold; if no gains come next year, the $1,020.00 of carryforward would instead save
        $275.40 against ordinary income, so this trade costs about $71.40 (IRC §1211(b), §1212(b))"."""
        lt, ordinary = self.worth(amount)
        first = (f"Raising the basis saves tax at your rate on long-term gains ({self.long_term:.1%}) only when "
                 "these shares are sold")
        if ordinary - lt < 0.005:
            return first
        return (f"{first}; if no gains come next year, the ${cents(amount):,.2f} of carryforward would instead save "
                f"${cents(ordinary):,.2f} against ordinary income, so this trade costs about "
                f"${cents(ordinary - lt):,.2f} "
                "(IRC §1211(b), §1212(b))")
