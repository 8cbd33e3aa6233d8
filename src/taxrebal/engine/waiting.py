"""Waiting for long-term: the exact difference of two tax computations, in the right tax year.

Rule (IRC §1222(3), §1(h)): a gain on shares held more than one year is long-term and taxed at
0/15/20% instead of ordinary rates. Whether waiting for that date pays is not a rate difference
(a rate read off a bracket edge or the $3,000 loss-limit kink can be anything): it is

    saving = tax(sell now, gain short-term) - tax(sell on the long-term date, gain long-term)

each side the household's whole return(s) computed by :func:`taxrebal.engine.tax.compute_tax`,
price assumed unchanged. When the long-term date falls in the **same tax year**, both sides are
this year's return (the rest of the sale and this year's realized gains unchanged). When it falls
in the **next year**, the sale moves to next year's return, so both sides are two-year totals:

    now   = T(this year, with the sale) + T(next year, carrying this year's loss carryforward)
    later = T(this year, without it)    + T(next year, with the gain long-term, same carryforward)

``tax_now`` and ``tax_later`` are each measured from the same point: this year without any of the
sale, and next year carrying what the *rest* of the sale (all of it but the waited piece) leaves. So
each is the rest's own tax this year (the figure its Est. Tax shows) plus what the piece adds, now or
later; the rest's use of a carryforward next year is in neither (it happens either way). Example
(single, $100,000 of wages, $4,000 short-term loss carried in, 2026): a plan realizes $1,340 of short-
term gain, $74.80 (the $3,000 deduction falls to $2,660: 340 x 22%) and it leaves nothing to carry
into 2027; another $4,660 of short-term gain sold now: net ST +$2,000 instead of a $3,000 deduction,
$1,100.00 in all (74.80 + 4,660 x 22%); sold in 2027 once long-term: 74.80 + 4,660 x 15% = $773.80.
(Counting from a year with no sale at all would add the $1,000 carried into 2027 without the plan,
1,000 x 22% = $220, to both.)

next year priced with **that year's parameters** (brackets, standard deduction, loss limit) and this
year's income, deductions and filing status (the best guess for next year; realized gains next year
start at 0); carryforwards flow as on the Capital Loss Carryover Worksheet (IRC §1212(b)). A year
whose parameters are not published yet is priced with the latest year that is, and the advice says so
(and that it assumes no other gains realized next year).

Advice is given only when waiting saves at least :data:`MIN_WAIT_SAVING` ($5.00): a week of market
risk for a few cents is no advice (fe8: "$0.07 less" on a VNQ lot). Below it, a note still says when the
shares turn long-term, without a saving.

Worked examples (no state tax):

* 2026, single, wages $80,000 (taxable 63,900: 22% bracket, long-term 15%): a $2,000 short-term gain
  costs 2,000 x 22% = $440 now and 2,000 x 15% = $300 once long-term later in 2026: waiting saves
  **$140.00** (a central difference straddling a kink had said 18.5% vs 15% = $70).
* sold 2025-12-10, turning long-term on 2026-01-21, same wages: now 2,000 x 22% = $440 on the 2025
  return (standard deduction $15,750: taxable 64,250); later 2,000 x 15% = $300 on the **2026**
  return (taxable 63,900, above the $49,450 top of the 0% band): **$140.00**, and the sale moves to
  the 2026 return.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from . import params
from .money import saving_in_cents
from .tax import TaxProfile, compute_tax

__all__ = ["WaitForLongTerm", "wait_for_long_term", "next_year_profile", "year_change_words", "MIN_WAIT_SAVING",
           "worth_waiting"]

#: The least saving (dollars, federal + state) that waiting-for-long-term advice is given for (README).
MIN_WAIT_SAVING = 5.00


def worth_waiting(saving: float) -> bool:
    """Whether a wait that saves ``saving`` dollars is worth advising: $5.00 or more (half a cent of
    rounding allowed): $4.99 no, $5.00 yes."""
    return saving >= MIN_WAIT_SAVING - 0.005


@dataclass(frozen=True)
class WaitForLongTerm:
    """Tax of selling now vs on ``long_term_date`` (marginal, federal + state; negative = saved)."""

    long_term_date: date
    tax_now: float
    tax_later: float
    tax_year: int  # the return a sale now goes on
    later_year: int  # the return the later sale goes on
    params_year: int  # whose parameters priced the later year (== later_year unless not published yet)

    @property
    def saving(self) -> float:
        """The two taxes in cents, then their difference: the one rule of every saving taxrebal prints
        between two tax computations (short_term_wait.WaitInstead, short_term_cost.ShortTermCost,
        attribution's step taxes), so a note's figures add up to the cent and the step note and the
        "Waiting instead" note give one figure for the same wait (fe12 F-d: $48.35 beside $48.34)."""
        return saving_in_cents(self.tax_now, self.tax_later)

    @property
    def moves_to_next_year(self) -> bool:
        return self.later_year > self.tax_year

    def words(self) -> str:
        """What the figure assumes, in a sentence fragment: '' for the same year."""
        return year_change_words(self.tax_year, self.later_year)


def year_change_words(sale_year: int, later_year: int) -> str:
    """'' when a later sale stays on the same return; otherwise 'the sale moves to your 2027 return,
    priced with ...' naming whose brackets price it."""
    if later_year <= sale_year:
        return ""
    known = params.years()
    earlier = [y for y in known if y <= later_year]
    used = later_year if later_year in known else (max(earlier) if earlier else min(known))
    text = f"the sale moves to your {later_year} return"
    if used != later_year:
        return text + (f", priced with {used} brackets ({later_year}'s are not published yet) and this "
                       f"year's income, assuming no other gains realized in {later_year}")
    return text + f", priced with {later_year} brackets and this year's income, assuming no other gains realized " \
                  f"in {later_year}"


def next_year_profile(profile: TaxProfile, year: int, st_carryforward: float, lt_carryforward: float
                      ) -> tuple[TaxProfile, int]:
    """``profile`` moved to ``year`` (nothing realized yet; the given carryforwards), and the year whose
    parameters price it (the latest published when ``year`` is not)."""
    known = params.years()
    earlier = [y for y in known if y <= year]
    use = year if year in known else (max(earlier) if earlier else min(known))
    return replace(profile, year=use, realized_st=0.0, realized_lt=0.0, st_loss_carryforward=st_carryforward,
                   lt_loss_carryforward=lt_carryforward), use


def wait_for_long_term(profile: TaxProfile, sale_st: float, sale_lt: float, gain: float,
                       long_term_date: date) -> WaitForLongTerm:
    """Selling now (``sale_st`` / ``sale_lt``, of which ``gain`` is a short-term piece) vs the same sale
    with that piece sold on ``long_term_date`` as long-term (the module docstring's rule)."""
    year = profile.year
    base = compute_tax(profile)
    if long_term_date.year <= year:
        now = compute_tax(profile, sale_st, sale_lt).total - base.total
        later = compute_tax(profile, sale_st - gain, sale_lt + gain).total - base.total
        return WaitForLongTerm(long_term_date, now, later, year, year, year)
    with_sale = compute_tax(profile, sale_st, sale_lt)
    without = compute_tax(profile, sale_st - gain, sale_lt)
    next_now, used = next_year_profile(profile, long_term_date.year, with_sale.st_carryforward_out,
                                       with_sale.lt_carryforward_out)
    next_later, _ = next_year_profile(profile, long_term_date.year, without.st_carryforward_out,
                                      without.lt_carryforward_out)
    now = with_sale.total + compute_tax(next_now).total
    later = without.total + compute_tax(next_later, 0.0, gain).total
    # both relative to no sale this year and, next year, what the rest of the sale carries there (module
    # docstring): the rest's use of the carryforward is not the piece's cost (fe15 F6: it was, +$220)
    zero = base.total + compute_tax(next_later).total
    return WaitForLongTerm(long_term_date, now - zero, later - zero, year, long_term_date.year, used)
