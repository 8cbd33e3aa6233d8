"""FEDTAX against figures worked by hand from the IRS tables (not from the engine).

2026 parameters, Rev. Proc. 2025-32 (as amended by P.L. 119-21):
  single brackets 10% to 12,400; 12% to 50,400; 22% to 105,700; standard deduction 16,100;
  0% LT rate up to 49,450 of taxable income.
  MFJ brackets 10% to 24,800; 12% to 100,800; 22% to 211,400; 24% to 403,550; standard deduction 32,200;
  15% LT rate up to 613,700.  NIIT 3.8% over MAGI 250,000 MFJ (IRC §1411, not indexed).
"""

import pytest

from taxrebal.excel.udfs import FEDTAX


def is_error(value):
    return isinstance(value, str) and value.startswith("#TAXREBAL! ")


def test_all_in_the_zero_bracket():
    # Single, only a $15,000 LT gain: taxable 15,000 - 16,100 < 0 -> no tax.
    assert FEDTAX("Single", 0, 0, 15000, 0, 2026) == 0


def test_wages_only_single_2026():
    # taxable 100,000 - 16,100 = 83,900: 1,240 + 12% x 38,000 (4,560) + 22% x 33,500 (7,370) = 13,170
    assert FEDTAX("Single", 100000, 0, 0) == pytest.approx(13170, abs=0.01)


def test_lt_gain_on_top_of_wages_at_15_percent():
    # ordinary part as above 13,170; the 15,000 LT gain sits above 49,450 -> 15% = 2,250 -> 15,420
    assert FEDTAX("Single", 100000, 0, 15000, None, 2026) == pytest.approx(15420, abs=0.01)


def test_loss_limited_to_3000():
    # a 10,000 ST loss deducts 3,000 (IRC §1211(b)): taxable 80,900 -> 5,800 + 22% x 30,500 = 12,510
    assert FEDTAX("Single", 100000, -10000, 0) == pytest.approx(12510, abs=0.01)


def test_mfj_with_niit():
    # MFJ 300,000 wages + 100,000 LT: taxable 367,800, ordinary part 267,800:
    # 2,480 + 12% x 76,000 (9,120) + 22% x 110,600 (24,332) + 24% x 56,400 (13,536) = 49,468;
    # LT 100,000 x 15% = 15,000; NIIT 3.8% x min(100,000, 400,000 - 250,000) = 3,800 -> 68,268
    assert FEDTAX("MFJ", 300000, 0, 100000, 0, 2026) == pytest.approx(68268, abs=0.01)


def test_lt_carryforward_reduces_the_gain():
    # Single 2026, $100,000 wages, $10,000 LT gain, $4,000 LT loss carried in (IRC §1212(b)):
    # net LT 6,000 at 15% = 900 on top of the 13,170 of the wages -> 14,070 (typed negative: same)
    assert FEDTAX("Single", 100000, 0, 10000, 0, 2026, None, 0, 4000) == pytest.approx(14070, abs=0.01)
    assert FEDTAX("Single", 100000, 0, 10000, 0, 2026, None, None, -4000) == pytest.approx(14070, abs=0.01)


def test_year_default_is_2026_and_text_money_accepted():
    assert FEDTAX("single", "$100,000", None, None) == FEDTAX("Single", 100000, 0, 0, 0, 2026)


@pytest.mark.parametrize("args, fragment", [
    (("Married Filing Jointly", 1, 1, 1, 0, 2019), "year 2019: tax parameters ship for 2025, 2026 only"),
    (("Widow", 1, 1, 1), "'Widow' is not a known filing status"),
    (("Single", "lots", 0, 0), "ordinary_income: 'lots' is not a number"),
    (("Single", 1, 0, 0, -5), "qualified_dividends must be >= 0"),
    (("Single", 1, 0, 0, 0, 2026.5), "year must be a whole number"),
])
def test_bad_arguments_return_readable_text(args, fragment):
    out = FEDTAX(*args)
    assert is_error(out) and fragment in out, out


def test_a_bare_married_is_refused_not_guessed():
    # Joint and separate returns are taxed very differently (IRC §1(a), §1(d)): at $100,000 of wages
    # a joint return owes $7,640 and a separate one $13,170 (2026), so "married" must say which.
    out = FEDTAX("married", 100000, 0, 0)
    assert isinstance(out, str) and "Married Filing Jointly" in out and "Married Filing Separately" in out


def test_a_blank_year_is_the_newest_year_whose_parameters_ship():
    """Not a literal: adding engine/params/federal_YYYY.toml moves FEDTAX's default year with it."""
    from taxrebal.engine import params
    from taxrebal.excel import udfs

    newest = max(params.years())
    assert udfs.DEFAULT_TAX_YEAR == newest
    assert FEDTAX("Single", 80_000, 0, 10_000) == FEDTAX("Single", 80_000, 0, 10_000, 0, newest)
    assert FEDTAX("Single", 80_000, 0, 10_000) != FEDTAX("Single", 80_000, 0, 10_000, 0, min(params.years()))


def test_investment_income_in_ordinary_income_is_in_the_niit_base():
    # MFJ 2026: $310,000 ordinary income of which $5,000 is interest, $6,000 qualified dividends,
    # ST -$300 and LT +$5,500 (net LT gain $5,200). AGI 321,200; taxable 321,200 - 32,200 = 289,000;
    # ordinary part 277,800: 2,480 + 12% x 76,000 + 22% x 110,600 + 24% x 66,400 = 51,868;
    # 11,200 of dividends and gain at 15% = 1,680. NIIT (IRC §1411, Form 8960): 3.8% of the lesser of
    # NII (6,000 + 5,200 + the 5,000 of interest = 16,200) and MAGI over 250,000 (71,200) = 615.60.
    # Total 54,163.60; without the interest in the base 3.8% x 11,200 = 425.60 -> 53,973.60.
    assert FEDTAX("MFJ", 310000, -300, 5500, 6000, 2026, None, None, None, 5000) == pytest.approx(54163.60, abs=0.01)
    assert FEDTAX("MFJ", 310000, -300, 5500, 6000, 2026) == pytest.approx(53973.60, abs=0.01)


def test_investment_income_is_a_part_of_ordinary_income():
    assert is_error(FEDTAX("MFJ", 10000, 0, 0, 0, 2026, None, None, None, 20000))
    assert is_error(FEDTAX("MFJ", 10000, 0, 0, 0, 2026, None, None, None, -5))


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_a_blank_ordinary_income_is_an_error_never_zero_income(blank):
    """fe12 F10: an empty cell referred to as ordinary_income had priced the return as $0 of income
    (FEDTAX("Single", <blank>, 0, 0) = 0.00, a plausible figure); it is required, as on Settings.
    A typed 0 is still $0 of income."""
    out = FEDTAX("Single", blank, 0, 0)
    assert is_error(out) and "ordinary_income is missing" in out
    assert FEDTAX("Single", 0, 0, 0) == 0.0
