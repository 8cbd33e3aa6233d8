"""Days the market is open (fe12 F-h): T+1 settlement and the As Of check skip NYSE holidays, not only weekends.

A trade settles one business day after its trade date (SEC Rule 15c6-1, T+1 since May 28, 2024), and
there is no trade date on a day the exchange is closed: weekends and the full-day holidays of NYSE
Rule 7.2. Expected days are the NYSE's published 2026 and 2027 calendars (nyse.com, "Holidays and
Trading Hours"), typed here, not computed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from test_orders import household, plan
from test_reader_fe11_cells import sheets

from taxrebal.engine.plan import LotSale, Reason, Trade
from taxrebal.engine.records import Action
from taxrebal.engine.wash_dates import (
    first_trading_day,
    is_trading_day,
    last_trading_day,
    next_trading_day,
    trading_day_words,
)
from taxrebal.workbook.reader import load_sheets
from taxrebal.workbook.results.orders import build_tickets

NYSE_2026 = [date(2026, 1, 1), date(2026, 1, 19), date(2026, 2, 16), date(2026, 4, 3), date(2026, 5, 25),
             date(2026, 6, 19), date(2026, 7, 3), date(2026, 9, 7), date(2026, 11, 26), date(2026, 12, 25)]
NYSE_2027 = [date(2027, 1, 1), date(2027, 1, 18), date(2027, 2, 15), date(2027, 3, 26), date(2027, 5, 31),
             date(2027, 6, 18), date(2027, 7, 5), date(2027, 9, 6), date(2027, 11, 25), date(2027, 12, 24)]
THANKSGIVING = date(2026, 11, 26)  # a Thursday


def test_the_published_holidays_are_closed_and_every_other_weekday_is_open():
    for year, holidays in ((2026, NYSE_2026), (2027, NYSE_2027)):
        d = date(year, 1, 1)
        while d.year == year:
            assert is_trading_day(d) == (d.weekday() < 5 and d not in holidays), d
            d += timedelta(days=1)


def test_new_years_day_on_a_saturday_closes_no_friday():
    assert is_trading_day(date(2027, 12, 31))  # 2028-01-01 is a Saturday, not observed
    assert last_trading_day(date(2027, 12, 31)) == date(2027, 12, 31)


def test_the_first_trading_day_on_or_after_a_day():
    assert first_trading_day(date(2026, 12, 25)) == date(2026, 12, 28)  # Christmas (Friday) -> Monday
    assert first_trading_day(date(2027, 1, 1)) == date(2027, 1, 4)  # New Year's Day (Friday) -> Monday
    assert first_trading_day(date(2026, 12, 21)) == date(2026, 12, 21)  # a Monday is its own


def test_t_plus_one_skips_thanksgiving():
    assert next_trading_day(date(2026, 11, 25)) == date(2026, 11, 27)  # Wednesday -> Friday
    assert next_trading_day(date(2026, 12, 24)) == date(2026, 12, 28)  # Christmas Eve -> Monday


def test_a_buy_paid_by_sells_placed_the_day_before_thanksgiving_settles_the_friday_after():
    wednesday = date(2026, 11, 25)
    p = plan(Trade(1, "Joint", "VTI", Action.SELL, 50, 330.0, 16500.0, reason=Reason.TAXABLE_SALE),
             Trade(2, "Joint", "BND", Action.BUY, 60, 72.5, 4350.0),
             lot_sales=(LotSale(1, "Joint", "VTI", "L1", date(2026, 1, 5), 50, 16500.0, 16925.0, -425.0, False,
                                "Clear"),))
    hh = household()
    hh = replace(hh, settings=replace(hh.settings, as_of=wednesday))
    _sell, buy = build_tickets(p, hh, wednesday)
    # 60 x 72.50 = 4,350 > 3,200 cash: the sale's proceeds settle T+1, Thanksgiving skipped
    assert buy.settles_on == date(2026, 11, 27)
    assert "they settle 2026-11-27, T+1" in buy.note


def test_an_as_of_on_thanksgiving_warns_at_its_cell_like_a_saturday_does():
    book = sheets()
    book["Settings"][1] = ["As Of", THANKSGIVING]
    (warning,) = [i for i in load_sheets(book).issues if "no trade fills then" in i.message]
    assert (warning.sheet, warning.cell) == ("Settings", "B2")
    assert warning.message.startswith("As Of 2026-11-26 is a Thursday, an NYSE holiday")
    assert "placed on 2026-11-27" in warning.message and "1 day(s) later" in warning.message


def test_the_day_after_thanksgiving_is_an_as_of_without_warning():
    book = sheets()
    book["Settings"][1] = ["As Of", date(2026, 11, 27)]
    assert not [i for i in load_sheets(book).issues if "no trade fills then" in i.message]


def test_a_date_to_act_on_that_falls_on_a_closed_day_names_the_first_trading_day():
    # fe13 F4: a lot bought 2025-12-12 is long-term from Sunday 2026-12-13; the first day a sale can be
    # placed is Monday 2026-12-14. A trading day is printed alone.
    assert trading_day_words(date(2026, 12, 13)) == "2026-12-13 (first trading day 2026-12-14)"
    assert trading_day_words(date(2026, 12, 14)) == "2026-12-14"
