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
"""

from __future__ import annotations

from datetime import date, timedelta

from .wash import window_days

__all__ = ["FIRST_DAY_TO_BUY", "FIRST_DAY_TO_SELL", "first_clear_day", "first_trading_day", "may_buy_from",
           "may_sell_from"]

#: The words every header and note uses for the date a purchase no longer washes a loss.
FIRST_DAY_TO_BUY = "first day you may buy"
#: ... and for the date a loss sale is no longer washed by a purchase.
FIRST_DAY_TO_SELL = "first day you may sell"


def first_clear_day(event: date) -> date:
    """The first day outside the window of a loss sale or a purchase on ``event`` (event + 31)."""
    return event + timedelta(days=window_days(event.year) + 1)


def first_trading_day(day: date) -> date:
    """``day``, or the next weekday that is not December 25 or January 1 (exchanges are closed then; other
    holidays are not known here): the day a dated sale can be placed (fe11 finding 21: "Wait until
    2026-12-26" was a Saturday). E.g. 2026-12-26 (Saturday) -> 2026-12-28."""
    while day.weekday() >= 5 or (day.month, day.day) in ((12, 25), (1, 1)):
        day += timedelta(days=1)
    return day


def may_buy_from(day: date) -> str:
    """``"first day you may buy: 2026-12-14"``."""
    return f"{FIRST_DAY_TO_BUY}: {day.isoformat()}"


def may_sell_from(day: date) -> str:
    """``"first day you may sell: 2026-12-03"``."""
    return f"{FIRST_DAY_TO_SELL}: {day.isoformat()}"
