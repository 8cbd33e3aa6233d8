"""Tax Mode = Flat: the net capital loss deduction is either used this year or carried, never both (fe17 F1).

Rule: a net capital loss comes off other income up to $3,000 ($1,500 married filing separately; IRC §1211(b),
Schedule D line 21); only the part the deduction did not use carries to next year (IRC §1212(b); Capital Loss
Carryover Worksheet, lines 4-13). In Flat mode the Flat ST Rate is the user's own rate on ordinary income, and
taxrebal prices the deduction at it: so the deduction is used this year, whatever Ordinary Income says (it
may be left blank in Flat mode), and the carryover must be figured the same way.

Hand-worked cases (fe17's h9): MFJ 2026, Flat 35% ST / 18.8% LT, State Tax Rate 5%.

1. Realized LT YTD +4,200; harvest a $5,000 long-term loss. Before: net LT 4,200 taxed 4,200 x (18.8% + 5%)
   = 999.60. After: net -800, all of it deductible (under $3,000): -800 x (35% + 5%) = -320.00. The harvest
   saves 999.60 + 320.00 = 1,319.60 and carries nothing (the $800 was deducted).
2. Realized LT YTD -2,000; harvest -5,000. Before: $2,000 deducted, -800.00, nothing carried. After: -7,000 net,
   $3,000 deducted (-1,200.00), 7,000 - 3,000 = 4,000 long-term carried. Saves 400.00, creates 4,000 of carry.
"""

import pytest

from taxrebal.engine.records import FilingStatus, TaxMode
from taxrebal.engine.tax import TaxProfile, compute_tax, marginal_tax


def flat(realized_lt: float, ordinary_income: float = 0.0) -> TaxProfile:
    return TaxProfile(year=2026, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=ordinary_income,
                      realized_lt=realized_lt, state_tax_rate=0.05, tax_mode=TaxMode.FLAT,
                      flat_st_rate=0.35, flat_lt_rate=0.188)


@pytest.mark.parametrize("income", [0.0, 10_000.0, 200_000.0])
def test_a_deducted_loss_is_not_also_carried(income):
    mt = marginal_tax(flat(4_200.0, income), 0.0, -5_000.0)
    assert mt.total == pytest.approx(-1_319.60, abs=0.005)
    assert mt.after.capital_loss_deduction == pytest.approx(800.0)
    assert mt.after.st_carryforward_out == 0.0
    assert mt.after.lt_carryforward_out == 0.0


@pytest.mark.parametrize("income", [0.0, 10_000.0, 200_000.0])
def test_only_the_loss_past_the_limit_is_carried(income):
    mt = marginal_tax(flat(-2_000.0, income), 0.0, -5_000.0)
    assert mt.total == pytest.approx(-400.00, abs=0.005)
    assert (mt.before.st_carryforward_out, mt.before.lt_carryforward_out) == (0.0, 0.0)
    assert mt.after.st_carryforward_out == 0.0
    assert mt.after.lt_carryforward_out == pytest.approx(4_000.0)


def test_brackets_mode_still_carries_a_deduction_that_finds_no_income():
    # Brackets, MFJ, no other income: taxable income is already $0 (standard deduction 32,200), so the
    # $800 deduction reduces nothing and carries whole (worksheet line 3 = max(0, -32,200 - 800 + 800) = 0).
    p = TaxProfile(year=2026, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=0.0, realized_lt=-800.0)
    t = compute_tax(p)
    assert t.total == 0.0
    assert t.lt_carryforward_out == pytest.approx(800.0)
