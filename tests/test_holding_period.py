"""Holding period (IRC §1222; Pub 550 "Holding Period"): more than one year is long-term."""

from datetime import date

import pytest

from taxrebal.engine.holding import days_until_long_term, is_long_term, long_term_date


def test_pub550_example_sold_on_anniversary_is_short():
    # Pub 550: bought Feb 5, 2024, sold Feb 5, 2025 -> not more than 1 year.
    assert not is_long_term(date(2024, 2, 5), date(2025, 2, 5))


def test_pub550_example_day_after_anniversary_is_long():
    assert is_long_term(date(2024, 2, 5), date(2025, 2, 6))


def test_leap_day_acquisition_turns_long_on_march_first():
    assert long_term_date(date(2024, 2, 29)) == date(2025, 3, 1)
    assert not is_long_term(date(2024, 2, 29), date(2025, 2, 28))
    assert is_long_term(date(2024, 2, 29), date(2025, 3, 1))


def test_anniversary_that_falls_on_leap_day():
    # Acquired Feb 28, 2023: anniversary Feb 28, 2024, so Feb 29, 2024 is the first long day.
    assert long_term_date(date(2023, 2, 28)) == date(2024, 2, 29)


def test_inherited_is_always_long_term():
    assert is_long_term(None, date(2025, 1, 2), inherited=True)
    assert is_long_term(date(2025, 1, 1), date(2025, 1, 2), inherited=True)


def test_missing_date_is_an_error_not_a_guess():
    with pytest.raises(ValueError):
        is_long_term(None, date(2025, 1, 2))


@pytest.mark.parametrize("as_of, expected", [
    (date(2025, 6, 1), 19), (date(2025, 6, 19), 1), (date(2025, 6, 20), 0), (date(2026, 1, 1), 0)])
def test_days_until_long_term(as_of, expected):
    assert days_until_long_term(date(2024, 6, 19), as_of) == expected
