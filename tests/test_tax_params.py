"""Dated tax parameters (engine/params): each number is the one its cited source publishes."""

import pytest

from taxrebal.engine import params
from taxrebal.engine.records import FilingStatus
from taxrebal.errors import UnknownParameterError

S, MFJ, MFS, HOH = (FilingStatus.SINGLE, FilingStatus.MARRIED_JOINT, FilingStatus.MARRIED_SEPARATE,
                    FilingStatus.HEAD_OF_HOUSEHOLD)


@pytest.mark.parametrize("year, status, amount", [
    # P.L. 119-21 §70102 (OBBBA) amounts for 2025, printed on the 2025 Form 1040.
    (2025, S, 15750), (2025, MFJ, 31500), (2025, MFS, 15750), (2025, HOH, 23625),
    # Rev. Proc. 2025-32.
    (2026, S, 16100), (2026, MFJ, 32200), (2026, MFS, 16100), (2026, HOH, 24150),
])
def test_standard_deduction(year, status, amount):
    assert params.get("standard_deduction", year, status) == amount


@pytest.mark.parametrize("year, status, zero_top, fifteen_top", [
    # Rev. Proc. 2024-40 (2025), as given in the task and on the 2025 QDCG worksheet lines 6 and 13.
    (2025, S, 48350, 533400), (2025, MFJ, 96700, 600050), (2025, MFS, 48350, 300000),
    (2025, HOH, 64750, 566700),
    # Rev. Proc. 2025-32 (2026).
    (2026, S, 49450, 545500), (2026, MFJ, 98900, 613700), (2026, MFS, 49450, 306850),
    (2026, HOH, 66200, 579600),
])
def test_capital_gain_thresholds(year, status, zero_top, fifteen_top):
    assert params.get("capital_gain_brackets", year, status) == ((0, 0.0), (zero_top, 0.15),
                                                                 (fifteen_top, 0.20))


def test_2026_single_brackets_rev_proc_2025_32():
    assert params.get("ordinary_brackets", 2026, S) == (
        (0, 0.10), (12400, 0.12), (50400, 0.22), (105700, 0.24), (201775, 0.32), (256225, 0.35),
        (640600, 0.37))


def test_2025_mfs_top_bracket_starts_at_half_of_mfj():
    # Rev. Proc. 2024-40 Table 3: MFS 37% over $375,800 = half of the MFJ $751,600.
    assert params.get("ordinary_brackets", 2025, MFS)[-1] == (375800, 0.37)
    assert params.get("ordinary_brackets", 2025, MFJ)[-1] == (751600, 0.37)


def test_rates_are_the_seven_statutory_rates_every_year_and_status():
    for year in (2025, 2026):
        for status in FilingStatus:
            rates = [r for _, r in params.get("ordinary_brackets", year, status)]
            assert rates == pytest.approx([0.10, 0.12, 0.22, 0.24, 0.32, 0.35, 0.37])
            thresholds = [t for t, _ in params.get("ordinary_brackets", year, status)]
            assert thresholds == sorted(thresholds)


def test_the_wash_sale_window_is_the_parameter_for_any_date_a_sheet_may_hold():
    # IRC §1091(a): 30 days either side. A year before the parameter's `since` (a date typed by
    # mistake, 1900) is no crash: it gets the window of the oldest tax year that ships.
    from taxrebal.engine.wash import newest_window_days, window_days

    assert [window_days(y) for y in (1900, 1954, 2026, 2040)] == [30, 30, 30, 30]
    assert newest_window_days() == 30


def test_statutory_amounts_apply_every_year():
    for year in (2013, 2025, 2026, 2040):
        assert params.get("wash_sale.window_days", year) == 30  # IRC §1091(a)
        assert params.get("capital_loss_limit", year, S) == 3000  # IRC §1211(b)(1)
        assert params.get("capital_loss_limit", year, MFS) == 1500
        assert params.get("niit.rate", year) == pytest.approx(0.038)  # IRC §1411(a)
        assert params.get("niit.threshold", year, MFJ) == 250000  # IRC §1411(b)
        assert params.get("niit.threshold", year, MFS) == 125000
        assert params.get("niit.threshold", year, HOH) == 200000


def test_every_parameter_cites_a_source():
    for year in params.years():
        for name in params.names():
            ref = params.reference(name, year)
            assert ("IRC" in ref or "Rev. Proc." in ref), (name, ref)
    assert "Rev. Proc. 2025-32" in params.reference("ordinary_brackets", 2026)
    assert "Rev. Proc. 2024-40" in params.reference("ordinary_brackets", 2025)
    assert "§1091" in params.reference("wash_sale.window_days", 2026)


def test_unknown_year_names_the_years_available():
    with pytest.raises(UnknownParameterError, match=r"2025, 2026"):
        params.get("ordinary_brackets", 2031, S)


def test_unknown_name_lists_known_names():
    with pytest.raises(UnknownParameterError, match="standard_deduction"):
        params.get("standard_deductoin", 2026, S)


def test_status_dependent_parameter_needs_a_status():
    with pytest.raises(UnknownParameterError, match="filing status"):
        params.get("standard_deduction", 2026)


def test_niit_before_it_existed_is_an_error():
    with pytest.raises(UnknownParameterError, match="2013"):
        params.get("niit.rate", 2012)


def test_values_are_immutable():
    schedule = params.get("ordinary_brackets", 2026, S)
    assert isinstance(schedule, tuple) and isinstance(schedule[0], tuple)


def test_module_docstring_examples_hold():
    import doctest

    result = doctest.testmod(params, verbose=False)
    assert result.attempted >= 5 and result.failed == 0


def test_every_year_defines_the_same_parameters_for_every_status():
    per_year = {}
    for year in params.years():
        per_year[year] = set()
        for name in params.names():
            for status in FilingStatus:
                params.get(name, year, status)  # raises if a year or a status is missing
            per_year[year].add(name)
    assert len({frozenset(v) for v in per_year.values()}) == 1
