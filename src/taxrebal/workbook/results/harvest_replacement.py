"""Harvest's Replacement cell beside the rebalancing plan: one set of numbers (fe8 finding 5).

The harvest-only Replacement is the lot's first usable Securities replacement (engine/harvest.py). Beside
the plan two things can make that advice untrue for its row:

* the plan sells the lot and stays invested with its own purchase: the row shows that purchase, the
  Trades step that makes it: a security of the same asset class, not substantially identical to the lot
  (same account first, then any account);
* the listed replacement is substantially identical to a lot the plan sells at a loss (IRC §1091(a): a
  purchase within 30 days after a loss sale washes that loss, in any account): buying it would wash the
  plan's own loss, so the row says so and gives the first day to buy (the Do Not Buy list's date);
* the harvest-only note found no usable replacement because buying the listed one today washes a recent
  loss, but the plan buys it anyway, pricing that wash: the note says so, with the loss the plan's buy
  defers (IRC §1091(d)) or loses for good (Rev. Rul. 2008-5), as its Trades note does (fe11 F8: "No
  usable replacement: IEMG ..." beside "IEMG (the plan's buy, Trades step 7)").

Worked example (fe8 kim.xlsx, As Of 2026-12-04): Harvest lists IVV T-11 with Replacement VTI from
Securities. The plan sells T-11 (step 5) and buys SCHB in Joint Taxable (step 10), and sells VTI T-02 at a
loss (step 6). The row shows "SCHB (the plan's buy, Trades step 10)"; a row the plan does not sell whose
listed replacement is VTI shows "VTI: buying it would wash the plan's loss sale of VTI (Trades step 6) on
2026-12-04; first day you may buy 2027-01-04" (2026-12-04 + 31 days).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Collection, Mapping, Optional

from taxrebal.engine.money import cents

from ...engine.harvest import HarvestCandidate
from ...engine.plan import Plan
from ...engine.records import Action
from ...engine.wash_dates import buy_day

__all__ = ["PlanLookups", "replacement_cell", "plan_buys_blocked"]


class PlanLookups:
    """What a Harvest row asks of the plan, indexed once for all rows (a row used to scan every Lot
    Sales row and trade: quadratic at 10,000 lots). Each look-up gives what the scan gave, in its order:
    a lot's Lot Sales rows, its dated sales, a step's first trade and its lots, the buys of an asset
    class, the loss sales of an identity."""

    def __init__(self, plan: Plan, identities: Mapping[str, str], classes: Mapping[str, str]):
        self.sales: dict[tuple[str, str], list[Any]] = {}
        self.step_lots: dict[int, set[str]] = {}
        self.loss_sales: dict[str, set[tuple[int, str]]] = {}
        for s in plan.lot_sales:
            self.sales.setdefault((s.account, s.lot_id), []).append(s)
            self.step_lots.setdefault(s.step, set()).add(s.lot_id)
            if s.reported_gain < -0.005:
                self.loss_sales.setdefault(identities.get(s.symbol, s.symbol), set()).add((s.step, s.symbol))
        #: a lot's dated sales: one, or two when window_wait.py dates the shares the plan sold today and
        #: later_harvest.py the rest of the lot (plan-quality seed 119: 1 and 352 of L038's 353 shares)
        self.waits: dict[tuple[str, str], list[Any]] = {}
        for w in plan.waits:
            self.waits.setdefault((w.account, w.lot_id), []).append(w)
        self.trade_of: dict[int, Any] = {}
        self.buys: dict[str, list[Any]] = {}
        for t in plan.trades:
            self.trade_of.setdefault(t.step, t)
            cls = classes.get(t.symbol)
            if t.action is Action.BUY and cls is not None:
                self.buys.setdefault(cls, []).append(t)


def _plan_buy(c: HarvestCandidate, lookups: PlanLookups, identities: Mapping[str, str],
              classes: Mapping[str, str]) -> str:
    """The plan's purchase that keeps the sold lot's money invested, or ""."""
    own = identities.get(c.symbol, c.symbol)
    cls = classes.get(c.symbol)
    buys = [t for t in (lookups.buys.get(cls, ()) if cls is not None else ())
            if identities.get(t.symbol, t.symbol) != own]
    if not buys:
        return ""
    buys.sort(key=lambda t: (t.account != c.account, t.step))
    t = buys[0]
    where = "" if t.account == c.account else f" in {t.account}"
    return f"{t.symbol} (the plan's buy{where}, Trades step {t.step})"


def _washes_plan_loss(symbol: str, lookups: PlanLookups, identities: Mapping[str, str], as_of: date,
                      window_days: int) -> str:
    """Why buying ``symbol`` would wash a loss sale of the plan (placed on ``as_of``), or ""."""
    sold = sorted(lookups.loss_sales.get(identities.get(symbol, symbol), ()))
    if not sold:
        return ""
    steps = ", ".join(str(step) for step, _sym in sold)
    names = ", ".join(sorted({sym for _step, sym in sold}))
    first_day = as_of + timedelta(days=window_days + 1)
    return (f"{symbol}: buying it would wash the plan's loss sale of {names} (Trades step"
            f"{'s' if len(sold) > 1 else ''} {steps}) on {as_of.isoformat()}; first day you may buy "
            f"{buy_day(first_day)}")


def replacement_cell(c: HarvestCandidate, plan: Optional[Plan], sold_by_plan: bool,
                     identities: Mapping[str, str], classes: Mapping[str, str], as_of: Optional[date],
                     window_days: int, lookups: Optional[PlanLookups] = None) -> str:
    """The Replacement cell of candidate ``c`` (see the module docstring); ``lookups``: the plan's,
    when the caller has them (built here otherwise)."""
    if plan is None:
        return c.replacement
    if lookups is None:
        lookups = PlanLookups(plan, identities, classes)
    if sold_by_plan:
        own = _plan_buy(c, lookups, identities, classes)
        if own:
            return own
    if c.replacement and as_of is not None:
        washes = _washes_plan_loss(c.replacement, lookups, identities, as_of, window_days)
        if washes:
            return washes
    return c.replacement


def plan_buys_blocked(c: HarvestCandidate, lookups: PlanLookups, identities: Mapping[str, str],
                      advantaged: Collection[str]) -> str:
    """The note's words when the plan buys one of the replacements ``c``'s harvest-only view skipped
    as washing a recent loss (``c.blocked_replacements``): the plan's buy whose Realized carries the
    loss it washes (rebalance/past_wash.py), deferred into its basis in a taxable account (IRC
    §1091(d)) or lost for good in ``advantaged`` accounts (Rev. Rul. 2008-5); "" when it buys none.
    Example (fe11 e_tanaka): "the plan buys IEMG anyway (Trades step 7), deferring $700.00 of that loss
    into the new shares' basis (IRC §1091(d))"."""
    said = []
    for sym in c.blocked_replacements:
        ident = identities.get(sym, sym)
        for buys in lookups.buys.values():
            for t in buys:
                washed = t.realized_st + t.realized_lt
                if identities.get(t.symbol, t.symbol) != ident or washed < 0.005:
                    continue
                where = "" if t.account == c.account else f" in {t.account}"
                fate = (f"losing ${cents(washed):,.2f} of that loss for good (bought in a tax-advantaged account, Rev. "
                        "Rul. 2008-5)" if t.account in advantaged else
                        f"deferring ${cents(washed):,.2f} of that loss into the new shares' basis (IRC §1091(d))")
                said.append(f"the plan buys {t.symbol}{where} anyway (Trades step {t.step}), {fate}")
    return "; ".join(said)
