"""The benchmark's trading days (bench/planref/plans.py): a dated sale's trade date is a day the NYSE is open.

A sale belongs to the tax year of its trade date (Pub 550, "Reporting Capital Gains and Losses"), and
there is no trade date on a day the exchange is closed: weekends and the full-day holidays of NYSE
Rule 7.2 (a holiday on a Saturday is observed the Friday before, on a Sunday the Monday after; New
Year's Day on a Saturday is not observed). Expected days are the NYSE's published calendars, not
computed.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from planref.plans import is_trading_day, next_trading_day

NYSE_2026 = [date(2026, 1, 1), date(2026, 1, 19), date(2026, 2, 16), date(2026, 4, 3), date(2026, 5, 25),
             date(2026, 6, 19), date(2026, 7, 3), date(2026, 9, 7), date(2026, 11, 26), date(2026, 12, 25)]
NYSE_2027 = [date(2027, 1, 1), date(2027, 1, 18), date(2027, 2, 15), date(2027, 3, 26), date(2027, 5, 31),
             date(2027, 6, 18), date(2027, 7, 5), date(2027, 9, 6), date(2027, 11, 25), date(2027, 12, 24)]


def test_the_published_holidays_are_closed_and_every_other_weekday_is_open():
    for year, holidays in ((2026, NYSE_2026), (2027, NYSE_2027)):
        d = date(year, 1, 1)
        while d.year == year:
            assert is_trading_day(d) == (d.weekday() < 5 and d not in holidays), d
            d += timedelta(days=1)


def test_new_years_day_on_a_saturday_closes_no_friday():
    assert is_trading_day(date(2027, 12, 31))  # 2028-01-01 is a Saturday


def test_the_next_trading_day():
    assert next_trading_day(date(2026, 12, 26)) == date(2026, 12, 28)  # Saturday -> Monday
    assert next_trading_day(date(2026, 11, 26)) == date(2026, 11, 27)  # Thanksgiving -> Friday
    assert next_trading_day(date(2026, 12, 25)) == date(2026, 12, 28)  # Christmas (Friday) -> Monday
    assert next_trading_day(date(2026, 12, 21)) == date(2026, 12, 21)  # a Monday is its own
