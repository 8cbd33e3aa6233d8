"""Holding period: when a gain or loss is long-term.

Rule (IRC §1222(3); IRS Pub 550, "Holding Period"; Pub 544, ch. 4): a capital gain or loss is
long-term when the property was held *more than one year*. Counting starts the day after the
acquisition and includes the day of the sale, so a sale on the one-year anniversary is still
short-term and a sale the day after is long-term (Pub 550's own example: bought February 5, 2024,
sold February 5, 2025: short; sold February 6, 2025: long).

Worked examples:

* acquired 2024-06-19 -> first long-term date 2025-06-20;
* acquired 2024-02-29 (leap day) -> the anniversary is 2025-02-28, the first long-term date is
  2025-03-01 (Rev. Rul. 66-7: the period is measured in calendar months from the day after
  acquisition, 2024-03-01, so one year ends 2025-02-28);
* inherited property is long-term whatever the dates (IRC §1223(9); Pub 550 "Inherited property").

A wash sale tacks the sold shares' holding period onto the replacement shares (IRC §1223(3)); the
engine expresses that as an adjusted acquisition date (``Lot.holding_start``), so these functions
only ever see one date.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Optional

__all__ = ["WAIT_HORIZON_DAYS", "anniversary", "long_term_date", "is_long_term", "days_until_long_term",
           "term_label"]

#: How close to its long-term date a short-term lot must be for the advice to price waiting for it
#: (Lot Selection's "sell on ... instead" notes, the lot engine's wait savings): 60 days. Our reading,
#: not the Code's: about two months is a delay an investor can weigh against the market moving; a lot
#: further away is sold or kept on other grounds.
WAIT_HORIZON_DAYS = 60


def anniversary(acquired: date) -> date:
    """The same calendar day one year later; February 29 maps to February 28."""
    try:
        return acquired.replace(year=acquired.year + 1)
    except ValueError:  # Feb 29 in a year that has none
        return date(acquired.year + 1, 2, 28)


def long_term_date(acquired: date) -> date:
    """The first sale date on which shares acquired on ``acquired`` are long-term."""
    return anniversary(acquired) + timedelta(days=1)


def is_long_term(acquired: Optional[date], sold: date, inherited: bool = False) -> bool:
    """True when a sale on ``sold`` of shares acquired on ``acquired`` is long-term.

    ``acquired`` may be ``None`` only for inherited shares (always long-term).
    """
    if inherited:
        return True
    if acquired is None:
        raise ValueError("an acquisition date is needed to tell the holding period")
    return sold >= long_term_date(acquired)


def days_until_long_term(acquired: Optional[date], as_of: date, inherited: bool = False) -> int:
    """Days from ``as_of`` until a sale would be long-term; 0 when it already is."""
    if inherited or acquired is None:
        return 0
    return max(0, (long_term_date(acquired) - as_of).days)


def term_label(long_term: bool) -> str:
    """'Long' or 'Short', as shown in result tables and HOLDINGTERM()."""
    return "Long" if long_term else "Short"
