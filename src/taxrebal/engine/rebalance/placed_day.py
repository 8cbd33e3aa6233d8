"""The day a loss sale of the plan can be placed, when it is not As Of: one date for every sheet.

The plan places a sale of recently bought shares of a fund *before* its loss sale of the same fund (or
one substantially identical) in another account, so that those shares are no longer held when the
loss is realized (taxrebal's reading of IRC §1091; Orders: FIRST / WAIT). When that first sale is of
a mutual fund, it fills only at the day's closing net asset value (SEC Rule 22c-1): the loss sale
waiting for it cannot be placed that day, only the next trading day (NYSE calendar,
:func:`~taxrebal.engine.wash_dates.next_trading_day`). Its 30-day window then counts from that day
(IRC §1091(a): "within a period beginning 30 days before the date of such sale ... and ending 30
days after such date"), and so does every date derived from it: the Trades note, Lot Sales' status,
Wash Sales' Do Not Buy, the recurring-contribution warning on Issues, Dividends and Orders all read
:attr:`taxrebal.engine.plan.Trade.placed_on`, set here once (fe11 finding 35).

Worked example (fe11 c_haddad): As Of Friday 2026-12-04; step 1 sells Sam 401k's FXAIX (4 shares
bought 2026-11-28), step 2 harvests IVV in Sam Taxable (SP500, as FXAIX). FXAIX fills at Friday's
close, so the IVV sale is placed Monday 2026-12-07: the first day you may buy SP500 back is
2026-12-07 + 31 = 2027-01-07 (not 2026-12-04 + 31 = 2027-01-04), and its loss is allowed if no SP500
is bought from 2026-11-07 through 2027-01-06. A payroll contribution into FXAIX on 2027-01-05 would
wash it for good (Rev. Rul. 2008-5).

The plan cannot know that the client places the sale on that day: every sheet says "placed later,
count 31 days from the day it fills".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Optional

from ..records import Security
from ..wash_dates import next_trading_day

__all__ = ["FirstSale", "Placed", "placed_after_close"]


@dataclass(frozen=True)
class FirstSale:
    """A sale of recently bought shares that the plan places before its loss sales of ``identity``."""

    step: int
    account: str
    symbol: str
    identity: str


@dataclass(frozen=True)
class Placed:
    """A loss sale placed on ``day`` (not As Of) because it waits for ``after`` to fill at the close."""

    day: date
    after: FirstSale
    window: int  # the wash-sale window (days) of the sale's year

    def words(self) -> str:
        """Why the day is not As Of, and what to do if the client places it later, e.g. "31 days from
        2026-12-07, the day this sale can be placed: it waits for step 1 (Sam 401k's FXAIX, a mutual
        fund) to fill at the close (SEC Rule 22c-1); placed later, count 31 days from the day it
        fills"."""
        return (f"{self.window + 1} days from {self.day.isoformat()}, the day this sale can be placed: it waits "
                f"for step {self.after.step} ({self.after.account}'s {self.after.symbol}, a mutual fund) to fill at "
                f"the close (SEC Rule 22c-1); placed later, count {self.window + 1} days from the day it fills")


def placed_after_close(as_of: date, account: str, identity: str, first_sales: Sequence[FirstSale],
                       secs: Mapping[str, Security], window: int) -> Optional[Placed]:
    """The day a loss sale of ``identity`` in ``account`` can be placed: the next trading day after
    ``as_of`` when a sale placed before it (``first_sales``, earlier steps) of the same identity in
    another account is a mutual fund (Securities Type, else its symbol); else None (placed on As Of).
    Within one account the tickets are placed in step order in one broker window, and Orders asks no
    wait there."""
    for first in first_sales:
        sec = secs.get(first.symbol)
        if first.identity == identity and first.account != account and sec is not None and sec.is_mutual_fund:
            return Placed(next_trading_day(as_of), first, window)
    return None
