"""The year's federal + flat state tax on capital gains, written from the return (independent of taxrebal).

This is the scored quantity of the plan-quality benchmark. It mirrors what the product minimises and
reports as a plan's "tax" (README: *each tax figure comes from a federal model ... plus a flat state
rate*; the plan's ``tax`` is the extra tax of its realized gains this year): **the increase in this
year's federal income tax + NIIT + flat state tax caused by the plan's allowed (ST, LT) result**.
Loss carried to next year (IRC §1212(b)) and a wash-sale loss deferred into a replacement's basis
(IRC §1091(d)) are worth $0 here, exactly as in the product's figure.

The return, step by step (tax year 2025 or 2026; parameters below with their source):

1. Schedule D: line 7 = YTD ST + plan ST - ST carryover; line 15 likewise for LT; line 16 = 7 + 15.
2. Form 1040 line 7 (``cg_in_income``): line 16 if a gain, else the loss limited to $3,000
   ($1,500 married filing separately), IRC §1211(b).
3. Net capital gain (IRC §1(h), §1222(11)) = max(0, min(line 15, line 16)).
4. AGI = ordinary income + qualified dividends + line 7; taxable income = max(0, AGI - deduction)
   (standard deduction + §63(f) additions, or itemized when larger; §68 and the senior deduction are
   not supported: the functions raise rather than guess).
5. Regular tax, Qualified Dividends and Capital Gain Tax Worksheet: preferential income
   P = min(taxable, qualified dividends + net capital gain) is stacked on top of O = taxable - P;
   tax = ordinary schedule on O + the 0/15/20% schedule between O and taxable, but never more than
   the ordinary schedule on all of taxable income (worksheet line 25).
6. NIIT (IRC §1411, Form 8960): 3.8% x max(0, min(NII, AGI - threshold)), NII = max(0, qualified
   dividends + investment income + Form 1040 line 7).
7. State: rate x Form 1040 line 7.

Worked example (2026 single, $100,000 wages, standard deduction $16,100): a $15,000 LT gain.
O = 83,900, taxable 98,900; the gain sits between 83,900 and 98,900, all in the 15% band
(49,450-545,500): $2,250; AGI 115,000 is under the NIIT threshold. Harvesting a $12,000 ST loss as
well leaves line 16 = $3,000 of net capital gain: $450.
"""

from __future__ import annotations

from dataclasses import dataclass

from taxrebal.engine.records import FilingStatus, Settings, TaxMode

__all__ = ["Situation", "TaxResult", "YearRules", "plan_tax", "return_tax", "rules_for", "schedule"]

S, J, M, H = (FilingStatus.SINGLE, FilingStatus.MARRIED_JOINT, FilingStatus.MARRIED_SEPARATE,
              FilingStatus.HEAD_OF_HOUSEHOLD)


@dataclass(frozen=True)
class YearRules:
    """One year's parameters for one filing status."""

    ordinary: tuple[tuple[float, float], ...]  # (threshold, rate above it)
    capital_gain: tuple[float, float]  # where 15% and 20% start
    standard_deduction: float
    additional_deduction: float  # §63(f), per box (65+ or blind)
    loss_limit: float  # §1211(b)
    niit_threshold: float  # §1411(b)
    niit_rate: float = 0.038  # §1411(a)(1)


def _brackets(*tops: float) -> tuple[tuple[float, float], ...]:
    rates = (0.10, 0.12, 0.22, 0.24, 0.32, 0.35, 0.37)
    return tuple(zip((0.0, *tops), rates))


# 2025: Rev. Proc. 2024-40 §3.01 (brackets), §3.03 (capital gain thresholds), as amended by
# P.L. 119-21 §70102 (standard deduction 15,750 / 31,500 / 23,625); §63(f) 2,000 / 1,600.
# 2026: Rev. Proc. 2025-32 §4.01, §4.03 and standard deduction 16,100 / 32,200 / 24,150; §63(f) 2,050 / 1,650.
# NIIT thresholds: IRC §1411(b), statutory (not indexed). Loss limit: IRC §1211(b)(1).
_RULES: dict[tuple[int, FilingStatus], YearRules] = {
    (2025, S): YearRules(_brackets(11925, 48475, 103350, 197300, 250525, 626350), (48350, 533400), 15750, 2000, 3000,
                         200000),
    (2025, J): YearRules(_brackets(23850, 96950, 206700, 394600, 501050, 751600), (96700, 600050), 31500, 1600, 3000,
                         250000),
    (2025, M): YearRules(_brackets(11925, 48475, 103350, 197300, 250525, 375800), (48350, 300000), 15750, 1600, 1500,
                         125000),
    (2025, H): YearRules(_brackets(17000, 64850, 103350, 197300, 250500, 626350), (64750, 566700), 23625, 2000, 3000,
                         200000),
    (2026, S): YearRules(_brackets(12400, 50400, 105700, 201775, 256225, 640600), (49450, 545500), 16100, 2050, 3000,
                         200000),
    (2026, J): YearRules(_brackets(24800, 100800, 211400, 403550, 512450, 768700), (98900, 613700), 32200, 1650, 3000,
                         250000),
    (2026, M): YearRules(_brackets(12400, 50400, 105700, 201775, 256225, 384350), (49450, 306850), 16100, 1650, 1500,
                         125000),
    (2026, H): YearRules(_brackets(17700, 67450, 105700, 201750, 256200, 640600), (66200, 579600), 24150, 2050, 3000,
                         200000),
}


def rules_for(year: int, status: FilingStatus) -> YearRules:
    try:
        return _RULES[(year, FilingStatus(status))]
    except KeyError:
        raise NotImplementedError(f"planref has no parameters for {year} {status}") from None


def schedule(amount: float, brackets: tuple[tuple[float, float], ...]) -> float:
    """Progressive schedule: sum over brackets of rate x the part of ``amount`` above its threshold."""
    total = 0.0
    for k, (lo, rate) in enumerate(brackets):
        hi = brackets[k + 1][0] if k + 1 < len(brackets) else float("inf")
        if amount > lo:
            total += (min(amount, hi) - lo) * rate
    return total


def cg_schedule(amount: float, rules: YearRules) -> float:
    """G(y): the 0/15/20% schedule on [0, y]; the stacked tax on [O, T] is G(T) - G(O)."""
    t15, t20 = rules.capital_gain
    return schedule(amount, ((0.0, 0.0), (t15, 0.15), (t20, 0.20)))


@dataclass(frozen=True)
class Situation:
    """The household's year before the plan (from Settings), in the terms of the return."""

    year: int
    status: FilingStatus
    ordinary_income: float
    qualified_dividends: float
    investment_income: float
    ytd_st: float
    ytd_lt: float
    st_carryover: float
    lt_carryover: float
    deduction: float
    state_rate: float

    @classmethod
    def from_settings(cls, s: Settings) -> Situation:
        if s.tax_mode is not TaxMode.BRACKETS:
            raise NotImplementedError("planref prices Tax Mode = Brackets only")
        if s.taxpayers_65_or_older:
            raise NotImplementedError("planref does not model the 2025-2028 senior deduction")
        rules = rules_for(s.year, s.filing_status)
        standard = rules.standard_deduction + rules.additional_deduction * s.taxpayers_blind
        if s.itemized_deductions is not None and s.year >= 2026:
            raise NotImplementedError("planref does not model the 2026 §68 itemized limitation")
        deduction = max(standard, s.itemized_deductions or 0.0)
        return cls(s.year, s.filing_status, s.ordinary_income, s.qualified_dividends, s.investment_income,
                   s.realized_st_ytd, s.realized_lt_ytd, abs(s.st_loss_carryforward), abs(s.lt_loss_carryforward),
                   deduction, s.state_tax_rate)


@dataclass(frozen=True)
class TaxResult:
    federal: float  # regular tax + NIIT
    state: float
    line7: float
    line15: float
    line16: float
    cg_in_income: float
    taxable_income: float

    @property
    def total(self) -> float:
        return self.federal + self.state


def return_tax(sit: Situation, st: float = 0.0, lt: float = 0.0) -> TaxResult:
    """The whole return's federal (regular + NIIT) and state tax with the plan's (ST, LT) added."""
    r = rules_for(sit.year, sit.status)
    line7 = sit.ytd_st + st - sit.st_carryover
    line15 = sit.ytd_lt + lt - sit.lt_carryover
    line16 = line7 + line15
    cgi = line16 if line16 >= 0 else max(line16, -r.loss_limit)
    ncg = max(0.0, min(line15, line16))
    agi = sit.ordinary_income + sit.qualified_dividends + cgi
    taxable = max(0.0, agi - sit.deduction)
    pref = min(taxable, sit.qualified_dividends + ncg)
    ordinary_part = taxable - pref
    stacked = schedule(ordinary_part, r.ordinary) + cg_schedule(taxable, r) - cg_schedule(ordinary_part, r)
    regular = min(stacked, schedule(taxable, r.ordinary))
    nii = max(0.0, sit.qualified_dividends + sit.investment_income + cgi)
    niit = r.niit_rate * max(0.0, min(nii, agi - r.niit_threshold))
    return TaxResult(regular + niit, sit.state_rate * cgi, line7, line15, line16, cgi, taxable)


def plan_tax(sit: Situation, st: float, lt: float) -> float:
    """What the plan's (ST, LT) adds to this year's federal + state tax (negative = saved)."""
    return return_tax(sit, st, lt).total - return_tax(sit).total
