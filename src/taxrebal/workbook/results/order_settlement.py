"""When the proceeds a buy needs have settled: a sell's proceeds settle T+1 from the day it is placed.

A trade settles one business day after its trade date (SEC Rule 15c6-1, T+1 since May 28, 2024;
weekends and NYSE holidays skipped, :mod:`taxrebal.engine.wash_dates`). A buy paid from its account's
sells uses their proceeds in the order sold and waits for the last of them it uses. A loss sale that
waits a day for a mutual fund sold in another account to fill at the close (fe11 F35) is placed the
next trading day, so its proceeds settle a day later too (fe13 F10).

Worked example (fe13's h17, As Of Thursday 2026-12-24): BND sold that day for $14,120 settles Monday
2026-12-28; IVV sold Monday 2026-12-28 for $24,400 settles Tuesday 2026-12-29. A $22,470 buy after
both uses all $14,120 and $8,350 of the IVV proceeds: it waits for 2026-12-29.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["Proceeds", "settle_day"]


@dataclass
class Proceeds:
    """A sell's proceeds not yet used by a buy of its account, and the day they settle."""

    left: float
    settles: date


def settle_day(sells: list[Proceeds], need: float) -> date:
    """The day the proceeds a buy needs (``need`` dollars) have settled: the sells' proceeds are used in
    the order sold, and the buy waits for the last of them it uses (each one's ``left`` reduced).
    E.g. $14,120 settling 2026-12-28 and $24,400 settling 2026-12-29 pay a $22,470 buy: 2026-12-29."""
    day = sells[0].settles
    for part in sells:
        if part.left <= 0.0:
            continue
        take = min(part.left, need)
        part.left -= take
        need -= take
        day = max(day, part.settles)
        if need <= 0.005:
            break
    return day
