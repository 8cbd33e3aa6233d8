"""Why no plan reaches the bands, said concretely with what to relax."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from ..allocation import CASH_CLASS
from ..holding import long_term_date

if TYPE_CHECKING:
    from .model import RebalanceModel


def _diagnose(model: RebalanceModel) -> str:
    """Say which class cannot reach its band and what to change."""
    h = model.household
    T = model.total
    buyable = {b.asset_class for b in model.buys}
    sellable = {sl.asset_class for sl in model.sell_lots} | {p.asset_class for p in model.positions}
    problems = []
    for k in model.drift_classes:
        if k == CASH_CLASS and not model.cash_is_class:
            continue
        w = model.before.get(k, 0.0) / T
        t, band = model.target_of(k), model.band_of(k)
        if w < t - band and k not in buyable:
            if not any(sec.asset_class == k for sec in h.securities):
                problems.append(f"{k} is under its band and no security of that class is listed: add a "
                                f"{k} fund to the Securities sheet (and to an account's menu).")
            elif model.unbuyable_recent_loss and any(
                    h.security(sym).asset_class == k for _a, sym, _d in model.unbuyable_recent_loss):
                when = max(d for _a, sym, d in model.unbuyable_recent_loss
                           if h.security(sym).asset_class == k) + timedelta(days=model.window + 1)
                problems.append(f"{k} is under its band and its only funds were sold at a loss in the last "
                                f"{model.window} days (buying them back would be a wash sale): add a replacement fund "
                                f"of that class to Securities, or wait until {when.isoformat()}.")
            else:
                problems.append(f"no account can buy {k}: add a {k} fund to an account's menu "
                                f"(e.g. the 401(k)) or to the Securities sheet.")
        if w > t + band and k not in sellable:
            if any(sl.asset_class == k for sl in model.blocked_st):
                first = min(long_term_date(sl.lot.holding_start) for sl in model.blocked_st
                            if sl.asset_class == k and sl.lot.holding_start is not None)
                problems.append(f"{k} is over its band and every lot that could be sold holds a short-term "
                                f"gain: set Allow Short-Term Gains to Yes on Settings, or wait until "
                                f"{first.isoformat()} when the first lot turns long-term.")
            else:
                problems.append(f"{k} is over its band and nothing of it can be sold now.")
    if not problems and model.blocked_st and not model.settings.allow_short_term_gains:
        problems.append("the bands cannot be reached without realizing short-term gains: set Allow "
                        "Short-Term Gains to Yes on Settings, or widen the bands on Targets.")
    if not problems and model.settings.min_trade > 0:
        problems.append(f"the bands cannot be reached with orders of at least "
                        f"${model.settings.min_trade:,.2f}: lower Min Trade on Settings or widen the bands.")
    if not problems:
        problems.append("the accounts' cash and menus cannot reach every band: widen the bands on "
                        "Targets or let more accounts buy the underweight classes.")
    return "No rebalancing plan reaches every band: " + " ".join(problems)

