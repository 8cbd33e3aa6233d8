"""Harvest's Replacement cell beside the rebalancing plan: one set of numbers (fe8 finding 5).

The harvest-only Replacement is the lot's first usable Securities replacement (engine/harvest.py). Beside
the plan two things can make that advice untrue for its row:

* the plan sells the lot and stays invested with its own purchase: the row shows that purchase, the
  Trades step that makes it: a security of the same asset class, not substantially identical to the lot
  (same account first, then any account);
* the listed replacement is substantially identical to a lot the plan sells at a loss (IRC §1091(a): a
  purchase within 30 days after a loss sale washes that loss, in any account): buying it would wash the
  plan's own loss, so the row says so and gives the first day to buy (the Do Not Buy list's date).

Worked example (fe8 kim.xlsx, As Of 2026-12-04): Harvest lists IVV T-11 with Replacement VTI from
Securities. The plan sells T-11 (step 5) and buys SCHB in Joint Taxable (step 10), and sells VTI T-02 at a
loss (step 6). The row shows "SCHB (the plan's buy, Trades step 10)"; a row the plan does not sell whose
listed replacement is VTI shows "VTI: buying it would wash the plan's loss sale of VTI (Trades step 6) on
2026-12-04; first day you may buy 2027-01-04" (2026-12-04 + 31 days).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Mapping, Optional

from ...engine.harvest import HarvestCandidate
from ...engine.plan import Plan
from ...engine.records import Action

__all__ = ["replacement_cell"]


def _plan_buy(c: HarvestCandidate, plan: Plan, identities: Mapping[str, str],
              classes: Mapping[str, str]) -> str:
    """The plan's purchase that keeps the sold lot's money invested, or ""."""
    own = identities.get(c.symbol, c.symbol)
    cls = classes.get(c.symbol)
    buys = [t for t in plan.trades if t.action is Action.BUY and cls is not None
            and classes.get(t.symbol) == cls and identities.get(t.symbol, t.symbol) != own]
    if not buys:
        return ""
    buys.sort(key=lambda t: (t.account != c.account, t.step))
    t = buys[0]
    where = "" if t.account == c.account else f" in {t.account}"
    return f"{t.symbol} (the plan's buy{where}, Trades step {t.step})"


def _washes_plan_loss(symbol: str, plan: Plan, identities: Mapping[str, str], as_of: date,
                      window_days: int) -> str:
    """Why buying ``symbol`` would wash a loss sale of the plan (placed on ``as_of``), or ""."""
    ident = identities.get(symbol, symbol)
    sold = sorted({(s.step, s.symbol) for s in plan.lot_sales
                   if s.reported_gain < -0.005 and identities.get(s.symbol, s.symbol) == ident})
    if not sold:
        return ""
    steps = ", ".join(str(step) for step, _sym in sold)
    names = ", ".join(sorted({sym for _step, sym in sold}))
    first_day = as_of + timedelta(days=window_days + 1)
    return (f"{symbol}: buying it would wash the plan's loss sale of {names} (Trades step"
            f"{'s' if len(sold) > 1 else ''} {steps}) on {as_of.isoformat()}; first day you may buy "
            f"{first_day.isoformat()}")


def replacement_cell(c: HarvestCandidate, plan: Optional[Plan], sold_by_plan: bool,
                     identities: Mapping[str, str], classes: Mapping[str, str], as_of: Optional[date],
                     window_days: int) -> str:
    """The Replacement cell of candidate ``c`` (see the module docstring)."""
    if plan is None:
        return c.replacement
    if sold_by_plan:
        own = _plan_buy(c, plan, identities, classes)
        if own:
            return own
    if c.replacement and as_of is not None:
        washes = _washes_plan_loss(c.replacement, plan, identities, as_of, window_days)
        if washes:
            return washes
    return c.replacement
