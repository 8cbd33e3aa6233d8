"""One date convention for the wash-sale window: the **first day you may buy** (or sell).

IRC §1091(a) disallows a loss when substantially identical shares are acquired "within a period
beginning 30 days before the date of such sale ... and ending 30 days after such date" (Pub 550,
"Wash Sales"). A window that ends on sale + 30 is easy to misread: "until 12-13" can mean the last
blocked day or the first clear one, and a reader who guesses wrong buys one day early and washes the
loss. So every sheet, note and cell function of taxrebal names the same date, the **first day the
trade is clear** = the last day of the window + 1, and says so in words:

* after a loss sale on 2026-11-13 the window runs through 2026-12-13, so the *first day you may buy*
  the fund (or a substantially identical one) back, in any account, is **2026-12-14**;
* after a purchase on 2026-11-02 a loss sale of those shares is washed through 2026-12-02, so the
  *first day you may sell* at a loss without that purchase washing it is **2026-12-03**.

The window length is the dated parameter ``wash_sale.window_days`` (:func:`taxrebal.engine.wash.window_days`).

A sale can only be placed on a **trading day**: a weekday the NYSE is open (its full-day holidays, NYSE
Rule 7.2: a holiday on a Saturday is observed the Friday before, on a Sunday the Monday after, and New
Year's Day on a Saturday is not observed). A sale that waits for a mutual fund to fill at the close
(SEC Rule 22c-1) is placed the next trading day, and its window counts from that day: As Of Friday
2026-12-04 -> placed Monday 2026-12-07 -> first day you may buy 2027-01-07 (:func:`next_trading_day`).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Optional

from .wash import window_days

__all__ = ["FIRST_DAY_TO_BUY", "FIRST_DAY_TO_SELL", "dated_sale_window", "first_clear_day", "first_trading_day",
           "is_trading_day", "last_trading_day", "may_buy_from", "may_sell_from", "next_trading_day", "buy_day",
           "trading_day_words", "window_words"]

#: The words every header and note uses for the date a purchase no longer washes a loss.
FIRST_DAY_TO_BUY = "first day you may buy"
#: ... and for the date a loss sale is no longer washed by a purchase.
FIRST_DAY_TO_SELL = "first day you may sell"


def first_clear_day(event: date) -> date:
    """The first day outside the window of a loss sale or a purchase on ``event`` (event + 31)."""
    return event + timedelta(days=window_days(event.year) + 1)


def dated_sale_window(sale: date, as_of: Optional[date]) -> Optional[tuple[date, date]]:
    """The first and last day a purchase washes a loss sale made on ``sale``, a day after ``as_of`` (a
    sale the plan dates for later), when that window has not opened by ``as_of``; None when it has (a
    purchase "from now" washes it) or ``as_of`` is unknown. IRC §1091(a) counts "a period beginning 30
    days before the date of such sale ... and ending 30 days after such date": a sale dated 2026-12-28
    seen on 2026-11-25 is washed by a purchase from 2026-11-28 through 2027-01-27, not by one on
    2026-11-25..27 (audit20 F0: the plan's own buys that day were said to wash it)."""
    win = window_days(sale.year)
    first = sale - timedelta(days=win)
    if as_of is None or first <= as_of:
        return None
    return first, sale + timedelta(days=win)


def window_words(first: date, last: date) -> str:
    """:func:`dated_sale_window` in a note's words: "from 2026-11-28 through 2027-01-27 (30 days before to
    30 days after the sale)"."""
    win = (last - first).days // 2
    return (f"from {first.isoformat()} through {last.isoformat()} ({win} days before to {win} days after the "
            "sale)")


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` (Monday 0) of the month; ``n`` = -1: the last one."""
    if n > 0:
        d = date(year, month, 1)
        d += timedelta(days=(weekday - d.weekday()) % 7 + 7 * (n - 1))
        return d
    d = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return d - timedelta(days=(d.weekday() - weekday) % 7)


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    return date(year, month, (h + ell - 7 * m + 114) % 31 + 1)


def _observed(d: date) -> date:
    """A fixed-date holiday on a Saturday is observed the Friday before, on a Sunday the Monday after."""
    return d - timedelta(days=1) if d.weekday() == 5 else d + timedelta(days=1) if d.weekday() == 6 else d


@lru_cache(maxsize=64)
def _nyse_holidays(year: int) -> frozenset[date]:
    """The NYSE's full-day holidays of ``year`` (NYSE Rule 7.2): New Year's Day (not observed when on a
    Saturday), Martin Luther King Jr. Day, Washington's Birthday, Good Friday, Memorial Day, Juneteenth
    (from 2022), Independence Day, Labor Day, Thanksgiving, Christmas. Unscheduled closings (a national
    day of mourning) are not known."""
    out = {_easter(year) - timedelta(days=2), _nth_weekday(year, 1, 0, 3), _nth_weekday(year, 2, 0, 3),
           _nth_weekday(year, 5, 0, -1), _observed(date(year, 7, 4)), _nth_weekday(year, 9, 0, 1),
           _nth_weekday(year, 11, 3, 4), _observed(date(year, 12, 25))}
    if date(year, 1, 1).weekday() != 5:
        out.add(_observed(date(year, 1, 1)))
    if year >= 2022:
        out.add(_observed(date(year, 6, 19)))
    return frozenset(out)


def is_trading_day(day: date) -> bool:
    """A weekday the NYSE is open. E.g. Thanksgiving 2026-11-26: False; Friday 2027-12-24 (Christmas on a
    Saturday, observed): False; Friday 2027-12-31 (New Year's Day 2028 on a Saturday): True."""
    return day.weekday() < 5 and day not in _nyse_holidays(day.year)


def first_trading_day(day: date) -> date:
    """``day``, or the first trading day after it (:func:`is_trading_day`): the day a dated sale can be
    placed (fe11 finding 21: "Wait until 2026-12-26" was a Saturday). E.g. 2026-12-26 (Saturday) ->
    2026-12-28; 2026-11-26 (Thanksgiving) -> 2026-11-27."""
    while not is_trading_day(day):
        day += timedelta(days=1)
    return day


def last_trading_day(day: date) -> date:
    """``day``, or the trading day before it: the last day of a tax year a sale can be placed. E.g.
    2028-12-31 (a Sunday) -> Friday 2028-12-29; 2027-12-31 (New Year's Day 2028 on a Saturday, not
    observed) -> 2027-12-31."""
    while not is_trading_day(day):
        day -= timedelta(days=1)
    return day


def next_trading_day(day: date) -> date:
    """The first trading day after ``day``: when a sale that waits for a mutual fund sold on ``day`` to
    fill at the close (SEC Rule 22c-1) can be placed. E.g. Friday 2026-12-04 -> Monday 2026-12-07;
    Thursday 2026-12-24 -> Monday 2026-12-28 (Christmas on the Friday)."""
    return first_trading_day(day + timedelta(days=1))


def trading_day_words(day: date) -> str:
    """A date the user is told to act on, as every sheet prints it: the date and, when the NYSE is
    closed that day, the first trading day after it (fe13 F4: "selling it on or after 2026-12-13
    (long-term)" was a Sunday). E.g. 2026-12-13 -> ``"2026-12-13 (first trading day 2026-12-14)"``;
    2026-12-14 -> ``"2026-12-14"``."""
    opens = first_trading_day(day)
    return day.isoformat() if opens == day else f"{day.isoformat()} (first trading day {opens.isoformat()})"


def buy_day(day: date) -> str:
    """A first day you may buy as every sheet prints it: the legal day (sale + 31, IRC §1091(a)) and, when
    the NYSE is closed that day, the first trading day after it (fe12 F-i: a client reads the date as the
    day to place the order). E.g. 2027-01-02 (a Saturday) -> ``"2027-01-02 (first trading day
    2027-01-04)"``; 2027-01-05 -> ``"2027-01-05"``."""
    return trading_day_words(day)


def may_buy_from(day: date) -> str:
    """``"first day you may buy: 2026-12-14"``."""
    return f"{FIRST_DAY_TO_BUY}: {buy_day(day)}"


def may_sell_from(day: date) -> str:
    """``"first day you may sell: 2026-12-03"``."""
    return f"{FIRST_DAY_TO_SELL}: {day.isoformat()}"
