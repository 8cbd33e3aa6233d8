"""US federal (+ flat state) tax on a household's capital gains: what a sale really costs.

The rules, in the order the return applies them (every amount from :mod:`taxrebal.engine.params`):

1. **Netting** (IRC §1222; Schedule D lines 6-16). Short-term gains and losses net against each
   other, less the short-term loss carried in (line 6) -> *net ST* (line 7); long-term likewise less
   the long-term carryover (line 14) -> *net LT* (line 15); then the two are combined (line 16).
2. **Loss limit** (IRC §1211(b); Schedule D line 21). A net capital loss reduces other income by at
   most $3,000 ($1,500 married filing separately). The rest carries to next year keeping its
   character (IRC §1212(b); Schedule D *Capital Loss Carryover Worksheet*): the deduction uses
   short-term loss first, and only the part of the deduction that actually reduced taxable income
   counts as used (worksheet lines 1-4, "adjusted taxable income", §1212(b)(2)).
3. **Income**: AGI = ordinary income + qualified dividends + the capital gain (or the allowed loss)
   of Form 1040 line 7. Taxable income = AGI - max(standard deduction, itemized deductions), not
   below 0 (IRC §63), less the senior deduction (IRC §151(d)(5)(C), 2025-2028: $6,000 per person
   65+, shrinking by 6% of AGI over $75,000 / $150,000 joint, so a gain there costs a little more).
   Each person 65+ or blind adds the §63(f) amount to the standard deduction. From 2026 itemized deductions lose 2/37 of
   the lesser of themselves and AGI above the 37% bracket start (IRC §68 as amended by P.L. 119-21 §70111), so a gain in
   the top bracket also shrinks the deduction: ``itemized_deductions`` is the Schedule A total before §68
   (after the SALT cap; the SALT cap's phase-down above $500,000 MAGI is not re-figured).
4. **Regular tax** (IRC §1(h), §1(j); Form 1040 *Qualified Dividends and Capital Gain Tax
   Worksheet*). Net capital gain (the smaller of lines 15 and 16 when both are gains) plus qualified
   dividends is stacked on top of ordinary taxable income and taxed 0% / 15% / 20% by where it falls
   against the thresholds; the ordinary part is taxed with the rate schedule (10% ... 37%).
5. **NIIT** (IRC §1411; Form 8960): 3.8% of the lesser of net investment income (qualified dividends
   + ``investment_income`` + the Form 1040 line 7 capital gain, i.e. a net loss counts only down to
   -$3,000; never below 0) and MAGI (= AGI here) above $200,000 single / HOH, $250,000 MFJ, $125,000
   MFS (statutory, not indexed).
6. **State**: ``state_tax_rate`` times the capital gain included in federal income (Form 1040 line
   7): a net gain is taxed, a net loss saves state tax only on the same $3,000 ($1,500) the federal
   return deducts. ``state_tax`` is therefore the state tax *on capital gains* (negative = saved on
   other income), which is exactly what a sale changes; ordinary income is not taxed by this model.

**Worked example** (the article's numbers; 2026, single, $100,000 ordinary income, standard
deduction $16,100): selling for a $15,000 long-term gain puts the whole gain in the 15% bracket
(ordinary taxable income 83,900 > 49,450, and 83,900 + 15,000 < 545,500), so it costs
15% x 15,000 = **$2,250**. Harvesting a $12,000 loss in the same year leaves a net gain of $3,000,
which costs 15% x 3,000 = **$450**: the harvest saved $1,800. In numbers of the worksheet:
line 1 taxable income 98,900; line 3 = 15,000; line 5 = 83,900; line 9 = 0 (at 0%);
line 17 = 15,000 at 15% = 2,250 (line 18); line 22 = tax on 83,900 = 1,240 + 4,560 + 7,370 = 13,170;
line 23 = 15,420, against 13,170 without the sale: +2,250.

Marginal questions (what does *this* sale cost) are answered by :func:`marginal_tax`: the whole
return computed with and without the extra gains; :func:`marginal_rates` gives the rate of the next
$100 of short- and long-term gain, for the optimizer.

**Tax Mode = Flat** (``TaxMode.FLAT``): federal tax = ``flat_st_rate`` x net ST + ``flat_lt_rate`` x
net LT after the same netting and $3,000 limit. A deductible net loss (Schedule D line 21, at most
$3,000 / $1,500) saves at ``flat_st_rate`` whatever its character: it reduces *ordinary* income
(IRC §1211(b); Form 1040 line 7), which the user's short-term rate stands for (short-term gain is taxed
as ordinary income, IRC §1(h)); character matters only for what carries over (§1212(b)). The deduction
is therefore used this year, Ordinary Income typed or not, and only the loss past it carries
(:func:`deduction_used`): never both saved now and carried. Example: Flat
40.8% / 23.8%, state 5%, $300 of long-term loss realized, a $5,000 long-term loss harvested: the
deduction grows from $300 to $3,000, so 2,700 x (40.8% + 5%) = $1,236.60 saved. No brackets, no NIIT,
and qualified dividends are not taxed (the flat rates stand for the user's own all-in estimate of the
marginal rate). State tax is as in step 6.

**Exact formula, not the Tax Table**: for taxable income under $100,000 the return uses the IRS Tax
Table, which taxes the midpoint of a $50 band (narrower bands below $3,000) rounded to whole
dollars; every rate below $100,000 is at most 22%, so the table differs from our exact formula by at
most $25 x 22% + $0.50 = $6 (e.g. 2026 single, taxable income 60,010: formula 7,914.20, table
row 60,000-60,050 -> tax on 60,025 = 7,917.50 -> $7,918). The formula is smooth, which the optimizer
needs; Tax-Calculator uses it too and we match it within $1.

**Not modelled** (documented limitations): the alternative minimum tax (IRC §55; for large ISO
exercises or very large gains with big deductions, real tax may be higher), the 25% unrecaptured
§1250 gain and 28% collectibles / §1202 rates (all long-term gain is treated as 0/15/20% gain),
credits, the other 2025-2028 deductions of Schedule 1-A (tips, overtime, car loan interest), the
qualified business income deduction (§199A), the additional 0.9% Medicare tax on wages (Form 8959:
it is not a tax on gains), dependents' special standard deduction, and the Form 8960 deduction of
investment expenses. ``ordinary_income`` is treated like wages (not
net investment income) except for the ``investment_income`` part.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from numbers import Integral, Real
from typing import Callable, Mapping, Sequence

from ..errors import InputError
from . import params
from .records import FilingStatus, Settings, TaxMode

__all__ = [
    "TaxProfile",
    "TaxBreakdown",
    "MarginalTax",
    "compute_tax",
    "total_tax",
    "federal_tax",
    "marginal_tax",
    "marginal_rates",
    "schedule_tax",
    "net_capital_gains",
    "NettedGains",
    "carryover",
    "deduction_used",
    "FEDERAL_METHODS",
    "allowed_itemized",
    "deduction_for",
    "senior_deduction",
]


# --------------------------------------------------------------------------------------------------
# Inputs and outputs


@dataclass(frozen=True)
class TaxProfile:
    """The household's tax situation for ``year`` before any new sale.

    ``ordinary_income``: gross income taxed at ordinary rates (wages, interest, non-qualified
    dividends, IRA withdrawals ...), *excluding* capital gains and qualified dividends.
    ``qualified_dividends``: taxed at 0/15/20% and counted as net investment income.
    ``realized_st`` / ``realized_lt``: gains (negative = losses) already realized this year.
    Carryforwards are the positive amounts carried in from last year's Capital Loss Carryover
    Worksheet. ``itemized_deductions`` None -> standard deduction (the larger one is always used).
    ``investment_income``: the part of ``ordinary_income`` that is net investment income for the
    NIIT (interest, non-qualified dividends); default 0 treats all ordinary income as wages.
    ``seniors`` / ``blind``: how many of taxpayer and spouse are 65 or older / blind (0-1, or 0-2 on
    a joint return or a separate return that claims a spouse with no gross income): each adds the
    additional standard deduction (IRC §63(f)); each senior also gets the 2025-2028 senior deduction
    (IRC §151(d)(5)(C)), which shrinks as AGI rises.
    """

    year: int
    filing_status: FilingStatus
    ordinary_income: float = 0.0
    itemized_deductions: float | None = None
    qualified_dividends: float = 0.0
    realized_st: float = 0.0
    realized_lt: float = 0.0
    st_loss_carryforward: float = 0.0
    lt_loss_carryforward: float = 0.0
    state_tax_rate: float = 0.0
    tax_mode: TaxMode = TaxMode.BRACKETS
    flat_st_rate: float = 0.0
    flat_lt_rate: float = 0.0
    investment_income: float = 0.0
    seniors: int = 0
    blind: int = 0

    def __post_init__(self) -> None:
        _check_profile(self)
        # Accept the Settings sheet's texts ("Single", "Flat") and keep the enums from here on.
        object.__setattr__(self, "year", int(self.year))
        object.__setattr__(self, "filing_status", FilingStatus(self.filing_status))
        object.__setattr__(self, "tax_mode", TaxMode(self.tax_mode))

    @classmethod
    def from_settings(cls, settings: Settings) -> "TaxProfile":
        """The profile described by the Settings sheet (tax year defaults to the as-of year). A blank
        Realized ST/LT YTD counts as 0 here: a run reconciles them first with this year's sells
        (:func:`taxrebal.engine.ledger.build_ledger`)."""
        return cls(
            year=settings.year,
            filing_status=settings.filing_status,
            ordinary_income=settings.ordinary_income,
            itemized_deductions=settings.itemized_deductions,
            qualified_dividends=settings.qualified_dividends,
            realized_st=float(settings.realized_st_ytd or 0.0),
            realized_lt=float(settings.realized_lt_ytd or 0.0),
            st_loss_carryforward=settings.st_loss_carryforward,
            lt_loss_carryforward=settings.lt_loss_carryforward,
            state_tax_rate=settings.state_tax_rate,
            tax_mode=settings.tax_mode,
            flat_st_rate=settings.flat_st_rate,
            flat_lt_rate=settings.flat_lt_rate,
            investment_income=settings.investment_income,
            seniors=settings.taxpayers_65_or_older,
            blind=settings.taxpayers_blind,
        )


_AMOUNT_LABELS = (  # TaxProfile field -> the Settings entry a user would fix
    ("ordinary_income", "Ordinary Income"), ("qualified_dividends", "Qualified Dividends"),
    ("realized_st", "Realized ST YTD"), ("realized_lt", "Realized LT YTD"),
    ("st_loss_carryforward", "ST Loss Carryforward"), ("lt_loss_carryforward", "LT Loss Carryforward"),
    ("investment_income", "Investment Income"),
)
_NON_NEGATIVE = frozenset({"qualified_dividends", "st_loss_carryforward", "lt_loss_carryforward",
                           "investment_income"})
_RATE_LABELS = (("state_tax_rate", "State Tax Rate"), ("flat_st_rate", "Flat ST Rate"),
                ("flat_lt_rate", "Flat LT Rate"))


def _is_number(x: object) -> bool:
    return isinstance(x, Real) and not isinstance(x, bool) and math.isfinite(x)


def _check_profile(p: TaxProfile) -> None:
    """Reject a profile the rules cannot apply to, saying which Settings entry to fix and how."""
    problems = []
    for attr, label in _AMOUNT_LABELS:
        value = getattr(p, attr)
        if not _is_number(value):
            problems.append(f"{label} is {value!r}; enter a number of dollars")
        elif attr in _NON_NEGATIVE and value < 0:
            problems.append(f"{label} is {value:,.2f}; enter it as a positive amount (or 0)")
    if p.itemized_deductions is not None and not (_is_number(p.itemized_deductions)
                                                  and p.itemized_deductions >= 0):
        problems.append(f"Itemized Deductions is {p.itemized_deductions!r}; enter a positive amount "
                        "or leave it empty for the standard deduction")
    for attr, label in _RATE_LABELS:
        rate = getattr(p, attr)
        if not (_is_number(rate) and 0.0 <= rate < 1.0):
            problems.append(f"{label} is {rate!r}; enter a fraction from 0 to 1 (5% = 0.05)")
    if p.filing_status not in set(FilingStatus):
        problems.append(f"Filing Status is {p.filing_status!r}; enter one of "
                        + ", ".join(s.value for s in FilingStatus))
    if p.tax_mode not in set(TaxMode):
        problems.append(f"Tax Mode is {p.tax_mode!r}; enter one of " + ", ".join(m.value for m in TaxMode))
    if isinstance(p.year, bool) or not isinstance(p.year, Integral):
        problems.append(f"Tax Year is {p.year!r}; enter a year such as 2026")
    # Two people on a joint return; also on a separate return when the spouse has no gross income
    # and is nobody's dependent (IRC §63(f)(1)(B), (2)(B) via §151(b)); one otherwise.
    most = 2 if p.filing_status in (FilingStatus.MARRIED_JOINT, FilingStatus.MARRIED_SEPARATE) else 1
    for attr, label in (("seniors", "Taxpayers 65 or Older"), ("blind", "Taxpayers Blind")):
        count = getattr(p, attr)
        if isinstance(count, bool) or not isinstance(count, Integral) or not 0 <= int(count) <= most:
            problems.append(f"{label} is {count!r}; enter how many of you (and your spouse on a joint "
                            f"return) qualify: a whole number from 0 to {most}")
    if problems:
        raise InputError("Settings: " + "; ".join(problems) + ".")
    _tables(p.year, FilingStatus(p.filing_status))  # a year without parameters fails here, clearly


@dataclass(frozen=True)
class TaxBreakdown:
    """Every line of the computation, signed dollars, full precision (round at the edge).

    ``net_st`` / ``net_lt`` are Schedule D lines 7 and 15 (within-character netting including the
    carryovers); ``capital_gain_in_income`` is Form 1040 line 7 (line 16 if a gain, else minus the
    allowed loss). ``capital_loss_deduction`` is that allowed loss as a positive number.
    ``deduction`` is everything between AGI and taxable income: the standard (with the §63(f)
    additions) or allowed itemized deductions, plus ``senior_deduction``.
    ``preferential_income`` is the net capital gain + qualified dividends taxed at 0/15/20%
    (worksheet line 10). In Flat mode ``ordinary_tax`` is 0 and ``capital_gains_tax`` is the flat tax.
    """

    net_st: float
    net_lt: float
    capital_loss_deduction: float
    st_carryforward_out: float
    lt_carryforward_out: float
    agi: float
    deduction: float
    taxable_income: float
    ordinary_tax: float
    capital_gains_tax: float
    regular_tax: float
    niit: float
    federal_total: float
    state_tax: float
    total: float
    capital_gain_in_income: float = 0.0
    preferential_income: float = 0.0
    net_investment_income: float = 0.0
    senior_deduction: float = 0.0


@dataclass(frozen=True)
class MarginalTax:
    """Tax with the extra gains minus tax without (negative = tax saved)."""

    federal: float
    state: float
    total: float
    before: TaxBreakdown
    after: TaxBreakdown


# --------------------------------------------------------------------------------------------------
# Parameters of one return (read once per year and status)


@dataclass(frozen=True)
class _Tables:
    ordinary_brackets: tuple[tuple[float, float], ...]
    capital_gain_brackets: tuple[tuple[float, float], ...]
    standard_deduction: float
    capital_loss_limit: float
    niit_threshold: float
    niit_rate: float
    itemized_limitation_rate: float
    additional_standard_deduction: float
    senior_amount: float
    senior_phaseout_start: float
    senior_phaseout_rate: float
    ordinary_bands: tuple[tuple[float, float, float], ...] = ()  # (threshold, top, rate): _bands
    capital_gain_bands: tuple[tuple[float, float, float], ...] = ()


@lru_cache(maxsize=64)
def _tables(year: int, status: FilingStatus) -> _Tables:
    """Every parameter a return needs, from :mod:`taxrebal.engine.params` (cited there)."""
    return _Tables(
        ordinary_brackets=params.get("ordinary_brackets", year, status),  # IRC §1(j)(2)
        capital_gain_brackets=params.get("capital_gain_brackets", year, status),  # IRC §1(h)(1)
        standard_deduction=float(params.get("standard_deduction", year, status)),  # IRC §63(c)
        capital_loss_limit=float(params.get("capital_loss_limit", year, status)),  # IRC §1211(b)
        niit_threshold=float(params.get("niit.threshold", year, status)),  # IRC §1411(b)
        niit_rate=float(params.get("niit.rate", year)),  # IRC §1411(a)(1)
        itemized_limitation_rate=float(params.get("itemized_limitation_rate", year)),  # IRC §68
        additional_standard_deduction=float(params.get("additional_standard_deduction", year, status)),
        senior_amount=float(params.get("senior_deduction.amount", year, status)),  # IRC §151(d)(5)(C)
        senior_phaseout_start=float(params.get("senior_deduction.phaseout_start", year, status)),
        senior_phaseout_rate=float(params.get("senior_deduction.phaseout_rate", year)),
        ordinary_bands=_bands(params.get("ordinary_brackets", year, status)),
        capital_gain_bands=_bands(params.get("capital_gain_brackets", year, status)),
    )


# --------------------------------------------------------------------------------------------------
# Rules


def schedule_tax(income: float, schedule: Sequence[tuple[float, float]]) -> float:
    """Tax on ``income`` by a progressive schedule of ``(threshold, rate)`` (rate above threshold).

    IRC §1(j)(2) rate schedules; e.g. 2026 single, 60,000 -> 1,240 + 4,560 + 2,112 = 7,912.
    """
    return _banded_tax(income, _bands(schedule))


def _banded_tax(income: float, bands: Sequence[tuple[float, float, float]]) -> float:
    """:func:`schedule_tax` on the schedule's bands (:func:`_bands`)."""
    if income <= 0.0:
        return 0.0
    tax = 0.0
    for threshold, top, rate in bands:
        if income <= threshold:
            break
        tax += (min(income, top) - threshold) * rate
    return tax


def _bands(schedule: Sequence[tuple[float, float]]) -> tuple[tuple[float, float, float], ...]:
    """``(threshold, top, rate)`` of each bracket (the last one's top is infinity), computed once per
    schedule: the tax searches evaluate the same two schedules thousands of times."""
    try:
        return _bands_of(schedule)
    except TypeError:  # a list (unhashable): the same bands, not cached
        return _bands_of.__wrapped__(schedule)


@lru_cache(maxsize=64)
def _bands_of(schedule: Sequence[tuple[float, float]]) -> tuple[tuple[float, float, float], ...]:
    tops = [t for t, _ in schedule[1:]] + [float("inf")]
    return tuple((threshold, top, rate) for (threshold, rate), top in zip(schedule, tops))


@dataclass(frozen=True)
class NettedGains:
    """Schedule D after netting (IRC §1222; lines 7, 15, 16, 21)."""

    net_st: float  # line 7
    net_lt: float  # line 15
    combined: float  # line 16
    capital_gain_in_income: float  # Form 1040 line 7: line 16, or -(allowed loss)
    loss_deduction: float  # allowed loss, positive (line 21)
    net_capital_gain: float  # IRC §1(h)/§1222(11): smaller of lines 15 and 16 when both > 0


def net_capital_gains(st: float, lt: float, st_carryforward: float, lt_carryforward: float,
                      loss_limit: float) -> NettedGains:
    """Schedule D netting of this year's ST/LT results with last year's carryovers.

    IRC §1222 (definitions of net short-/long-term gain and loss), §1211(b) (loss limit: Schedule D
    line 21), §1222(11) (net capital gain = net LT gain over net ST loss).
    """
    net_st = st - st_carryforward  # Schedule D line 6 is the ST carryover, line 7 the net
    net_lt = lt - lt_carryforward  # line 14 the LT carryover, line 15 the net
    combined = net_st + net_lt  # line 16
    if combined >= 0.0:
        in_income, deduction = combined, 0.0
    else:
        deduction = min(-combined, loss_limit)  # line 21, IRC §1211(b)
        in_income = -deduction
    net_capital_gain = max(0.0, min(net_lt, combined))  # QDCG worksheet line 3
    return NettedGains(net_st, net_lt, combined, in_income, deduction, net_capital_gain)


def deduction_used(netted: NettedGains, taxable_income_raw: float, tax_mode: TaxMode) -> float:
    """The part of the net capital loss deduction that this year's return uses: Capital Loss Carryover
    Worksheet line 4 (IRC §1212(b)(2)). The one figure both the tax (what the deduction saves) and the
    carryover (:func:`carryover`) are figured from, so a loss is never both deducted and carried.

    Brackets: the smaller of the deduction (line 2) and taxable income before it (line 3 =
    ``taxable_income_raw`` + line 2, not below 0; ``taxable_income_raw`` is AGI minus deductions before
    the zero floor). Flat: the whole deduction: the Flat ST Rate the deduction is priced at is the
    user's own rate on ordinary income, so it stands for income the deduction comes off, whether or not
    Ordinary Income is typed (it may be blank in Flat mode). Example: Flat, MFJ, no Ordinary Income, net
    capital loss 800: used 800 (saved at the Flat ST Rate), carried 0.
    """
    if netted.combined >= 0.0:
        return 0.0
    line2 = netted.loss_deduction
    if TaxMode(tax_mode) is TaxMode.FLAT:
        return line2
    return min(line2, max(0.0, taxable_income_raw + line2))


def carryover(netted: NettedGains, used: float) -> tuple[float, float]:
    """(ST, LT) loss carried to next year: Schedule D Capital Loss Carryover Worksheet, IRC §1212(b).

    ``used`` is the deduction this year's return used (worksheet line 4, :func:`deduction_used`).
    Example: net ST -5,000, net LT -4,000, taxable income large (used 3,000): the $3,000 deduction
    uses ST first -> carry ST 2,000 and LT 4,000.
    """
    if netted.combined >= 0.0:
        return 0.0, 0.0
    line4 = used
    st_out = lt_out = 0.0
    line5 = max(0.0, -netted.net_st)
    if line5 > 0.0:
        line6 = max(0.0, netted.net_lt)
        st_out = max(0.0, line5 - (line4 + line6))  # line 8
    line9 = max(0.0, -netted.net_lt)
    if line9 > 0.0:
        line10 = max(0.0, netted.net_st)
        line11 = max(0.0, line4 - line5)
        lt_out = max(0.0, line9 - (line10 + line11))  # line 13
    return st_out, lt_out


def allowed_itemized(year: int, status: FilingStatus, agi: float, itemized: float,
                     other_deductions: float = 0.0) -> float:
    """Itemized deductions after the IRC §68 limitation (2026 on, P.L. 119-21 §70111).

    They lose 2/37 of the lesser of (A) the itemized deductions and (B) taxable income before §68
    plus the itemized deductions (AGI less ``other_deductions``, the senior deduction) above the
    start of the 37% bracket. Example (2026,
    single, 37% from 640,600): AGI 700,000, itemized 50,000 -> lesser of 50,000 and 59,400 is
    50,000; 2/37 of it is 2,702.70; allowed 47,297.30. In 2025 the rate is 0 (§68(f)).
    """
    tables = _tables(year, FilingStatus(status))
    rate = tables.itemized_limitation_rate
    if rate <= 0.0:
        return itemized
    top_start = tables.ordinary_brackets[-1][0]
    return itemized - rate * min(itemized, max(0.0, agi - other_deductions - top_start))


def senior_deduction(year: int, status: FilingStatus, agi: float, seniors: int) -> float:
    """IRC §151(d)(5)(C) (P.L. 119-21 §70103; Schedule 1-A Part V): $6,000 per person 65 or older,
    each reduced by 6% of MAGI (= AGI here) over $75,000 ($150,000 joint); none when married filing
    separately. Example (2026 MFJ, both 65+, AGI 170,000): each 6,000 - 6% x 20,000 = 4,800 -> 9,600.
    """
    if seniors <= 0:
        return 0.0
    t = _tables(year, FilingStatus(status))
    each = max(0.0, t.senior_amount - t.senior_phaseout_rate * max(0.0, agi - t.senior_phaseout_start))
    return seniors * each


def deduction_for(year: int, status: FilingStatus, agi: float, itemized: float | None,
                  boxes: int = 0, other_deductions: float = 0.0) -> float:
    """The larger of the standard deduction (IRC §63(c), plus §63(f) for each of ``boxes``: a
    taxpayer or spouse 65+ or blind) and the allowed itemized deductions (IRC §63(d), §68)."""
    tables = _tables(year, FilingStatus(status))
    standard = tables.standard_deduction + boxes * tables.additional_standard_deduction
    if itemized is None:
        return standard
    return max(standard, allowed_itemized(year, status, agi, float(itemized), other_deductions))


def _qdcg_tax(taxable_income: float, preferential: float, ordinary_bands: Sequence[tuple[float, float, float]],
              cg_bands: Sequence[tuple[float, float, float]]) -> tuple[float, float]:
    """(ordinary part, capital gain part) of the regular tax: QDCG Tax Worksheet lines 1-25.

    IRC §1(h)(1): the preferential income (worksheet line 4) is stacked on top of ordinary taxable
    income (line 5) and taxed at the rate of the capital gain bracket each dollar falls in.
    """
    line1 = taxable_income
    line10 = min(line1, preferential)  # worksheet line 10 (= line 4 capped at line 1)
    line5 = max(0.0, line1 - line10)
    ordinary = _banded_tax(line5, ordinary_bands)  # line 22
    cg = 0.0
    for threshold, top, rate in cg_bands:
        lo = max(line5, threshold)
        hi = min(line1, top)
        if hi > lo:
            cg += (hi - lo) * rate  # lines 9 (0%), 17-18 (15%), 20-21 (20%)
    full_ordinary = _banded_tax(line1, ordinary_bands)  # line 24
    if ordinary + cg > full_ordinary:  # line 25: the smaller of line 23 and line 24
        cg = full_ordinary - ordinary
    return ordinary, cg


def _niit(year: int, status: FilingStatus, agi: float, nii: float) -> float:
    """IRC §1411(a)(1); Form 8960 lines 12-17: rate x min(NII, MAGI - threshold)."""
    tables = _tables(year, status)
    excess = max(0.0, agi - tables.niit_threshold)
    return tables.niit_rate * max(0.0, min(nii, excess))


def _flat_federal(p: TaxProfile, netted: NettedGains, taxable: float, preferential: float,
                  agi: float, nii: float) -> tuple[float, float, float]:
    """Tax Mode = Flat: a net gain of each character after netting at its own flat rate; a net loss's
    deduction (line 21) at the short-term rate, since it comes off ordinary income (IRC §1211(b)).

    Returns (ordinary tax, capital gains tax, NIIT) = (0, flat tax, 0).
    """
    st, lt = netted.net_st, netted.net_lt
    if netted.combined < 0.0:  # the whole deduction is used in Flat mode (deduction_used), so not carried
        return 0.0, -netted.loss_deduction * p.flat_st_rate, 0.0
    if st >= 0.0 and lt >= 0.0:
        tax = st * p.flat_st_rate + lt * p.flat_lt_rate
    elif st < 0.0:  # ST loss absorbed by LT gain: the rest is long-term
        tax = netted.combined * p.flat_lt_rate
    else:  # LT loss absorbed by ST gain: the rest is short-term
        tax = netted.combined * p.flat_st_rate
    return 0.0, tax, 0.0


def _bracket_federal(p: TaxProfile, netted: NettedGains, taxable: float, preferential: float,
                     agi: float, nii: float) -> tuple[float, float, float]:
    """Tax Mode = Brackets: QDCG worksheet regular tax and NIIT. Returns (ordinary, cg, NIIT)."""
    status = p.filing_status
    tables = _tables(p.year, status)
    ordinary_tax, cg_tax = _qdcg_tax(taxable, preferential, tables.ordinary_bands, tables.capital_gain_bands)
    return ordinary_tax, cg_tax, _niit(p.year, status, agi, nii)


_FederalMethod = Callable[[TaxProfile, NettedGains, float, float, float, float], tuple[float, float, float]]

#: Tax Mode -> how the federal tax is figured (same-shaped functions).
FEDERAL_METHODS: Mapping[TaxMode, _FederalMethod] = {
    TaxMode.BRACKETS: _bracket_federal,
    TaxMode.FLAT: _flat_federal,
}


def _tax_lines(p: TaxProfile, extra_st: float, extra_lt: float) -> tuple[float, ...]:
    """The computation itself, as the values of :class:`TaxBreakdown`'s fields in their order
    (:func:`compute_tax` builds the record; :func:`total_tax` takes only the total, for searches
    that evaluate the tax thousands of times)."""
    if not (math.isfinite(extra_st) and math.isfinite(extra_lt)):
        raise InputError(f"The extra gains must be numbers of dollars, not {extra_st!r} and {extra_lt!r}.")
    status = p.filing_status
    netted = net_capital_gains(p.realized_st + extra_st, p.realized_lt + extra_lt,
                               p.st_loss_carryforward, p.lt_loss_carryforward,
                               _tables(p.year, status).capital_loss_limit)
    agi = p.ordinary_income + p.qualified_dividends + netted.capital_gain_in_income
    seniors = senior_deduction(p.year, status, agi, p.seniors)
    deduction = seniors + deduction_for(p.year, status, agi, p.itemized_deductions,
                                        boxes=p.seniors + p.blind, other_deductions=seniors)
    raw_taxable = agi - deduction
    taxable = max(0.0, raw_taxable)
    st_out, lt_out = carryover(netted, deduction_used(netted, raw_taxable, p.tax_mode))
    preferential = p.qualified_dividends + netted.net_capital_gain  # QDCG worksheet line 4
    nii = max(0.0, p.qualified_dividends + p.investment_income + netted.capital_gain_in_income)

    method = FEDERAL_METHODS[p.tax_mode]
    ordinary_tax, cg_tax, niit = method(p, netted, taxable, preferential, agi, nii)
    regular = ordinary_tax + cg_tax
    federal_total = regular + niit
    state = p.state_tax_rate * netted.capital_gain_in_income
    return (netted.net_st, netted.net_lt, netted.loss_deduction, st_out, lt_out, agi, deduction, taxable,
            ordinary_tax, cg_tax, regular, niit, federal_total, state, federal_total + state,
            netted.capital_gain_in_income, min(taxable, preferential), nii, seniors)


_TOTAL = 14  # the position of ``total`` among TaxBreakdown's fields (checked below)


def compute_tax(profile: TaxProfile, extra_st: float = 0.0, extra_lt: float = 0.0) -> TaxBreakdown:
    """The whole computation for ``profile`` with extra realized gains (negative = losses)."""
    return TaxBreakdown(*_tax_lines(profile, extra_st, extra_lt))


def total_tax(profile: TaxProfile, extra_st: float = 0.0, extra_lt: float = 0.0) -> float:
    """``compute_tax(profile, extra_st, extra_lt).total`` (the same computation), without building
    the record."""
    return _tax_lines(profile, extra_st, extra_lt)[_TOTAL]


assert tuple(TaxBreakdown.__dataclass_fields__)[_TOTAL] == "total"


def federal_tax(year: int, filing_status: FilingStatus, ordinary_income: float, st_gain: float = 0.0,
                lt_gain: float = 0.0, qualified_dividends: float = 0.0, itemized: float | None = None,
                st_carryforward: float = 0.0, lt_carryforward: float = 0.0, *, seniors: int = 0,
                blind: int = 0, investment_income: float = 0.0) -> float:
    """Federal income tax + NIIT for one return (Brackets mode): ``compute_tax(...).federal_total``.

    ``seniors`` / ``blind`` (keyword only): people 65+ / blind on the return; ``investment_income``
    (keyword only): the part of ``ordinary_income`` in the NIIT base (see :class:`TaxProfile`).
    """
    profile = TaxProfile(year=year, filing_status=filing_status, ordinary_income=ordinary_income,
                         itemized_deductions=itemized, qualified_dividends=qualified_dividends,
                         realized_st=st_gain, realized_lt=lt_gain, st_loss_carryforward=st_carryforward,
                         lt_loss_carryforward=lt_carryforward, seniors=seniors, blind=blind,
                         investment_income=investment_income)
    return compute_tax(profile).federal_total


def marginal_tax(profile: TaxProfile, st_gain: float, lt_gain: float) -> MarginalTax:
    """Tax with these extra realized gains (negative = losses) minus tax without; negative = saved."""
    before = compute_tax(profile)
    after = compute_tax(profile, st_gain, lt_gain)
    federal = after.federal_total - before.federal_total
    state = after.state_tax - before.state_tax
    return MarginalTax(federal=federal, state=state, total=federal + state, before=before, after=after)


def gains_rate(profile: TaxProfile, step: float = 100.0) -> float:
    """The household's long-term rate on gains: the tax on the next ``step`` dollars of long-term gain
    per dollar, on this year's return with no capital gain, loss or carryforward (this year's income,
    deductions, NIIT and state rate as they are). taxrebal's reading of what a loss lost for good to a
    wash sale (Rev. Rul. 2008-5) is worth: a loss kept is harvested or carried forward (IRC §1212(b))
    and offsets a later long-term gain at about this rate, whatever this year's $3,000 limit
    (§1211(b)) makes of it now. Never below 0.

    Example: MFJ, $310,000 of wages, 5% state tax, $20,000 of long-term loss already realized this
    year (a local long-term rate of 0: past the limit). Taxable income $277,800 is in the 15% band
    (§1(h)), MAGI is over NIIT's $250,000 (3.8%, §1411): 15% + 3.8% + 5% = 23.8%."""
    clean = replace(profile, realized_st=0.0, realized_lt=0.0, st_loss_carryforward=0.0, lt_loss_carryforward=0.0)
    return max(0.0, marginal_tax(clean, 0.0, step).total / step)


def loss_deduction_rate(profile: TaxProfile, step: float = 100.0) -> float:
    """The household's rate on a capital loss deducted from ordinary income: the tax a ``step``-dollar
    net capital loss saves per dollar, on this year's return with no capital gain, loss or
    carryforward (this year's income, deductions and state rate as they are). Under the $3,000 limit
    ($1,500 married filing separately, IRC §1211(b)) the whole loss comes off ordinary income, so this
    is the federal marginal ordinary rate + the state rate (less where the deduction takes taxable
    income under $0). What a loss carried forward saves in a later year with no capital gains
    (IRC §1212(b)): :mod:`taxrebal.engine.carryforward_worth`. Never below 0.

    Example: MFJ, Ordinary Income $180,000, 5% state (2026): taxable income 180,000 - 32,200 =
    147,800 is in the 22% band (§1(j)): 22% + 5% = 27%."""
    clean = replace(profile, realized_st=0.0, realized_lt=0.0, st_loss_carryforward=0.0, lt_loss_carryforward=0.0)
    return max(0.0, -marginal_tax(clean, -step, 0.0).total / step)


def capital_loss_limit(profile: TaxProfile) -> float:
    """The most net capital loss a year that comes off other income: $3,000, $1,500 married filing
    separately (IRC §1211(b))."""
    return _tables(profile.year, FilingStatus(profile.filing_status)).capital_loss_limit


def marginal_rates(profile: TaxProfile, step: float = 100.0) -> tuple[float, float]:
    """Effective marginal federal+state rate on the next ``step`` dollars of (ST gain, LT gain)."""
    if not (math.isfinite(step) and step > 0.0):
        raise InputError(f"The step of a marginal rate must be a positive number of dollars, not {step!r}.")
    st = marginal_tax(profile, step, 0.0).total / step
    lt = marginal_tax(profile, 0.0, step).total / step
    return st, lt
