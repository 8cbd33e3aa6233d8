"""A dated loss sale's day and replacement: the first trading day, from the day its window clears, on
which a fund of its class can be bought without washing a loss (issue 9; plan-quality seed 119).

Rule (IRC §1091(a); Treas. Reg. §1.1091-1(a); taxrebal's reading of what "stay in the class" asks). A loss
sale dated later this year (window_wait.py, later_harvest.py) buys, that day, a fund of its class in its
account to stay invested. That purchase washes any loss sale of the fund's identity (symbol or Identical
Group) within 30 days before or after it: one the plan makes today, one made before As Of whose loss
shares are still open, or another dated sale. So the fund must be *clean* that day: no such loss sale
within 30 days of it. When no fund is clean on the first day the sale's own window clears, the sale is
dated to the first later trading day, still this tax year, on which one is; a loss sale of an identity
stops blocking it 31 days after that sale. The loss counts this year either way (the same tax year, at
today's price); the later day keeps the class invested instead of leaving the proceeds in cash. Only when
no day through the year's last trading day has a clean fund does the sale keep its first day and name
none (its note then says to hold the proceeds as cash until one is).

Worked example (plan-quality seed 119, As Of 2026-11-25): the plan sells every Emerging Markets fund but
EM-IDX0 at a loss today (EM-IDX1's lots, EM2's), and dates EM-IDX0's L040 and L038 to 2026-12-16, the
day the last EM-IDX0 purchase (2026-11-15) stops washing them. On 12-16 every other EM fund was sold at a
loss 21 days before: none is clean, so the sale named no fund. From 2026-12-26 (11-25 + 31, a Saturday)
they are: the sale is dated Monday 2026-12-28 and buys EM1B (EM-IDX1), clean by then. The rest of L038
(352 of its 353 shares, $12,897 of loss the plan neither sells today nor dated) is dated the same day
by later_harvest.py (the independent benchmark: 0.889 before).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np

from ..wash_dates import first_trading_day, last_trading_day

if TYPE_CHECKING:
    from .model import RebalanceModel

__all__ = ["clean_on", "first_clean_day", "loss_days", "with_dated"]


def loss_days(model: RebalanceModel, x: np.ndarray, dated: Iterable[tuple[str, date]] = ()) -> dict[str, list[date]]:
    """identity -> the days of its loss sales: the plan ``x``'s today, those before As Of still open
    (model.open_loss_sales), and ``dated`` ((identity, day) of the dated sales)."""
    losses: dict[str, list[date]] = {}
    for sl, j in zip(model.sell_lots, model.lot_vars):
        if float(x[j]) > 1e-6 and sl.gain_per_share < 0:
            losses.setdefault(sl.identity, []).append(model.as_of)
    for ident, opens in model.open_loss_sales.items():
        losses.setdefault(ident, []).extend(o.sale.date for o in opens)
    return with_dated(losses, dated)


def with_dated(losses: Mapping[str, Sequence[date]], dated: Iterable[tuple[str, date]]) -> dict[str, list[date]]:
    """``losses`` (identity -> loss-sale days) with the ``dated`` sales' days added, as a new mapping (so
    one scan of the plan's lots serves every day tried)."""
    out = {k: list(v) for k, v in losses.items()}
    for ident, day in dated:
        out.setdefault(ident, []).append(day)
    return out


def clean_on(model: RebalanceModel, losses: Mapping[str, Sequence[date]], day: date) -> Callable[[str], bool]:
    """Whether a purchase of an identity on ``day`` washes none of ``losses`` (none within 30 days)."""
    return lambda other: all(abs((day - d).days) > model.window for d in losses.get(other, ()))


def first_clean_day(model: RebalanceModel, start: date, losses: Mapping[str, Sequence[date]],
                    funds: Callable[[date], Sequence[str]]) -> tuple[date, tuple[str, ...]]:
    """(day, the funds ``funds(day)`` names that day): the first trading day from ``start`` through As Of's
    year's last on which every fund is named (a sale's fund, "" when none is clean: ``funds`` applies
    :func:`clean_on`); ``(start, funds(start))`` when there is no such day. The days tried are ``start``
    and each day a loss sale of ``losses`` stops blocking a purchase (its day + 31, the next trading day)."""
    last = last_trading_day(date(model.as_of.year, 12, 31))
    unblock = {first_trading_day(d + timedelta(days=model.window + 1)) for days in losses.values() for d in days}
    first = funds(start)
    if all(first):
        return start, tuple(first)
    for day in sorted(d for d in unblock if start < d <= last):
        named = funds(day)
        if all(named):
            return day, tuple(named)
    return start, tuple(first)
