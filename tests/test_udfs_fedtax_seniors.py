"""FEDTAX's taxpayers_65_or_older / taxpayers_blind arguments (the fe6 finding 17).

Hand-worked from the 2026 figures of Rev. Proc. 2025-32 §4 (standard deduction $16,100 single and
separate, $32,200 joint; additional standard deduction, IRC §63(f): $2,050 unmarried, $1,650 married,
per box) and the 2025-2028 senior deduction (IRC §151(d)(5)(C), P.L. 119-21 §70103: $6,000 per person
65 or older, less 6% of MAGI over $75,000 / $150,000 joint; none married filing separately); then
checked against PSL Tax-Calculator (``taxcalc``), an independent model with its own parameter file.

    Single, wages 60,000, 2026:
      nobody 65+      60,000 - 16,100                 = 43,900 -> 1,240 + 12% x 31,500 = 5,020
      65+             60,000 - 16,100 - 2,050 - 6,000 = 35,850 -> 1,240 + 12% x 23,450 = 4,054
      65+ and blind   60,000 - 16,100 - 4,100 - 6,000 = 33,800 -> 1,240 + 12% x 21,400 = 3,808
    MFJ, wages 170,000, both 65+, one blind: 32,200 + 3 x 1,650 = 37,150; senior deduction each
      6,000 - 6% x 20,000 = 4,800 -> 9,600; taxable 123,250 -> 2,480 + 9,120 + 22% x 22,450 = 16,539
    MFS, wages 60,000, 65+: 16,100 + 1,650, no senior deduction: 42,250 -> 1,240 + 12% x 29,850 = 4,822
"""

from __future__ import annotations

import os

import pytest

from taxrebal.excel.udfs import FEDTAX


def fedtax(status, wages, seniors=None, blind=None, year=2026):
    return FEDTAX(status, wages, 0, 0, None, year, None, None, None, None, seniors, blind)


@pytest.mark.parametrize("status, wages, seniors, blind, expected", [
    ("Single", 60000, 0, 0, 5020.00),
    ("Single", 60000, 1, 0, 4054.00),
    ("Single", 60000, 1, 1, 3808.00),
    ("MFJ", 170000, 2, 1, 16539.00),
    ("MFS", 60000, 1, 0, 4822.00),
])
def test_worked_by_hand_from_rev_proc_2025_32(status, wages, seniors, blind, expected):
    assert fedtax(status, wages, seniors, blind) == pytest.approx(expected, abs=0.005)


def test_existing_calls_are_unchanged():
    # blank = 0: a ten-argument call gives what it gave before the two arguments existed
    assert FEDTAX("MFJ", 310000, -300, 5500, 6000, 2026, None, None, None, 5000) == pytest.approx(54163.60, abs=0.01)
    assert fedtax("Single", 60000) == fedtax("Single", 60000, 0, 0) == FEDTAX("Single", 60000, 0, 0)


@pytest.mark.parametrize("status, seniors, blind, words", [
    ("Single", 2, 0, "taxpayers_65_or_older must be a whole number from 0 to 1 for Single (got 2)"),
    ("HOH", 0, 2, "taxpayers_blind must be a whole number from 0 to 1 for Head of Household (got 2)"),
    ("MFJ", 3, 0, "taxpayers_65_or_older must be a whole number from 0 to 2"),
    ("MFJ", -1, 0, "from 0 to 2"),
    ("MFJ", 1.5, 0, "taxpayers_65_or_older must be a whole number"),
    ("MFJ", "two", 0, "taxpayers_65_or_older"),
])
def test_a_count_the_return_cannot_have_is_a_readable_error(status, seniors, blind, words):
    out = FEDTAX(status, 60000, 0, 0, None, 2026, None, None, None, None, seniors, blind)
    assert isinstance(out, str) and out.startswith("#TAXREBAL! ") and words in out, out


# --------------------------------------------------------------------------------------------------
# Tax-Calculator (independent model; JIT off as in test_tax_oracle.py, so this takes seconds)
# --------------------------------------------------------------------------------------------------

CASES = [  # status, MARS, wages, qualified dividends, LT gain, head 65+, spouse 65+, head blind, spouse blind
    ("Single", 1, 60000, 0, 0, True, False, False, False),
    ("Single", 1, 95000, 3000, 12000, True, False, True, False),   # senior deduction phasing out
    ("Head of Household", 4, 48000, 0, 5000, False, False, True, False),
    ("Married Filing Jointly", 2, 170000, 2000, 20000, True, True, True, False),
    ("Married Filing Jointly", 2, 120000, 0, 0, True, False, False, True),
    ("Married Filing Jointly", 2, 260000, 9000, 30000, True, True, False, False),  # NIIT, phased out
    ("Married Filing Separately", 3, 60000, 0, 0, True, False, False, False),
]


@pytest.fixture(scope="module")
def taxcalc_policy():
    """Tax-Calculator and one current-law Policy (building one takes seconds; Calculator copies it)."""
    os.environ.setdefault("NUMBA_DISABLE_JIT", "1")
    try:
        import numba

        numba.config.reload_config()
    except ImportError:  # pragma: no cover - taxcalc needs numba
        pass
    tc = pytest.importorskip("taxcalc")
    return tc, tc.Policy()


@pytest.mark.oracle
@pytest.mark.slow
@pytest.mark.parametrize("year", (2025, 2026))
def test_within_a_dollar_of_taxcalc(taxcalc_policy, year):
    tc, policy = taxcalc_policy
    pd = pytest.importorskip("pandas")
    rows = []
    for i, (_, mars, wages, qdiv, lt, h65, s65, hb, sb) in enumerate(CASES, start=1):
        rows.append({"RECID": i, "MARS": mars, "XTOT": 2 if mars == 2 else 1,
                     "age_head": 70 if h65 else 45, "age_spouse": (70 if s65 else 45) if mars == 2 else 0,
                     "blind_head": int(hb), "blind_spouse": int(sb),
                     "e00200": wages, "e00200p": wages * (0.6 if mars == 2 else 1.0),
                     "e00200s": wages * (0.4 if mars == 2 else 0.0),
                     "e00600": qdiv, "e00650": qdiv, "p23250": lt})
    records = tc.Records(data=pd.DataFrame(rows), start_year=year, gfactors=None, weights=None,
                         adjust_ratios=None)
    calc = tc.Calculator(policy=policy, records=records, verbose=False)
    calc.calc_all()
    res = calc.dataframe(["iitax", "senior_deduction", "c09600", "eitc"])
    # the rules under test are exercised: the senior deduction whole, phasing out, and phased out (row 5)
    deduction = list(res.senior_deduction)
    assert deduction.count(6000) >= 2 and sum(0 < d and d % 6000 for d in deduction) >= 2 and deduction[5] == 0
    for (status, _, wages, qdiv, lt, h65, s65, hb, sb), (_, row) in zip(CASES, res.iterrows()):
        assert row.c09600 == 0 and row.eitc == 0  # no AMT, no credits: iitax is income tax + NIIT
        ours = FEDTAX(status, wages, 0, lt, qdiv, year, None, None, None, None, int(h65) + int(s65),
                      int(hb) + int(sb))
        assert ours == pytest.approx(row.iitax, abs=1.0), (status, wages, year)
