"""Contributions Only: the caveat on a buy whose first month's money washes a loss sold in the last 30 days.

Rule (IRC §1091(a); Rev. Rul. 2008-5): a loss sold in a taxable account is disallowed when substantially
identical shares are bought within 30 days after the sale in any account; bought in an IRA, 401(k) or HSA
the loss is lost for good (no basis to add it to), bought in a taxable account it moves into the new
shares' basis (§1091(d)). Contributions Only's first month is money invested now (contributions.py), so
its buys meet the open loss sales as a plan's buys do. The buy-only model prices that loss (the plan's
past-wash rows, rebalance/past_wash.py): when the account may buy another fund of the class that washes
nothing, it sends the money there; when it may not (an employer plan's menu with one fund of the class),
the buy stays and its row says what it costs, with the same matching the plan's Trades note and the
Issues warning use (:meth:`PastWashMixin.past_wash_parts`), and how to avoid it.

Worked example (fe17 F11, h10): VTI (group TSM) sold 2026-11-20 in Taxable, 50 shares at a $20.00 loss
each; K401 ($9,000 a month, menu FSKAX (TSM) and FXNAX) buys $3,100.00 of FSKAX at $150 now: 20.6667
shares wash 20.6667 loss shares, $413.33 lost for good, worth about $62.00 at a 15% long-term rate
(:func:`taxrebal.engine.tax.gains_rate`); the first day you may buy is 2026-11-20 + 31 = 2026-12-21.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING

import numpy as np

from .money import cents
from .rebalance.past_wash import past_wash_by_buy
from .records import Household
from .tax import TaxProfile, gains_rate
from .wash_dates import FIRST_DAY_TO_BUY, buy_day

if TYPE_CHECKING:
    from .rebalance import RebalanceModel

__all__ = ["first_month_wash_notes"]


def first_month_wash_notes(model: "RebalanceModel", x: np.ndarray, now_of: Mapping[tuple[str, str], float],
                           household: Household) -> Mapping[tuple[str, str], str]:
    """(account, symbol) -> the caveat of a buy whose money invested now (``now_of``: From Cash Now + the
    first Per Month, by (account, symbol)) washes an open loss sale; ``x``: the buy-only solution (its
    shape)."""
    if not getattr(model, "past_washes", None):
        return {}
    x_now = np.zeros_like(x)
    for b, j in zip(model.buys, model.buy_vars):
        x_now[j] = now_of.get((b.account, b.symbol), 0.0) / b.price if b.price > 0 else 0.0
    accounts = household.account_map()
    rate = gains_rate(TaxProfile.from_settings(household.settings))
    buy_of = {(b.account, b.symbol): b for b in model.buys}
    out: dict[tuple[str, str], str] = {}
    # the plan's own grouping of the washed loss shares by purchase (past_wash.py), for the money invested now
    for key, (_st, _lt, _note, shares, parts) in past_wash_by_buy(model, x_now).items():
        b = buy_of[key]
        loss = cents(sum(part.disallowed for part in parts))
        first = buy_day(max(part.sale.date for part in parts) + timedelta(days=model.window + 1))
        sales = ", ".join(dict.fromkeys(f"{part.sale.symbol} sold at a loss on {part.sale.date.isoformat()} "
                                        f"({part.sale.account})" for part in parts))
        advantaged = not accounts[b.account].is_taxable
        fate = (f"lost for good (IRC §1091(a); Rev. Rul. 2008-5), worth about ${cents(loss * rate):,.2f} of tax "
                f"at your long-term rate ({rate * 100:.1f}%)" if advantaged else
                "added to these shares' basis (IRC §1091(d)): deferred, not lost")
        # said only when true: the model sends the money to such a fund when there is one
        others = [s.symbol for s in household.securities
                  if s.asset_class == b.asset_class and s.identity != b.identity
                  and s.identity not in model.open_loss_sales and household.may_buy(b.account, s.symbol)]
        only = "" if others else f"; {b.account} may buy no other fund of {b.asset_class} that avoids it"
        keep = (f"To keep the loss, point {b.account}'s contributions at another fund before {first}."
                if advantaged else
                f"To count it on this year's return, keep this money out of {b.symbol} (and its Identical "
                f"Group) before {first}.")
        out[(b.account, b.symbol)] = (
            f"The ${cents(now_of[(b.account, b.symbol)]):,.2f} invested now, before the {FIRST_DAY_TO_BUY}, "
            f"{first}, buys {shares:g} shares that wash ${cents(loss):,.2f} of the loss of {sales}, "
            f"{fate}{only}. {keep}")
    return out
