"""Why no plan reaches the bands, said concretely with what to relax.

A cause the input shows directly (a class no account can buy, short-term gain lots only, a fund sold
at a loss in the last 30 days) is named from the input. Otherwise the band breach is solved again
(stage A only, no tax, no dust) as the household stands: when that reaches every band, the search
missed a plan and no setting is blamed. Else each rule that could bind is relaxed in turn: Allow
Short-Term Gains, Min Trade, Whole Shares, then the account menus; one whose relaxation alone reaches
every band is named as the cause, several are named together, none as the only way
(tests/test_diagnosis_every_way_out.py: Allow Short-Term Gains, Whole Shares and the menus each
reach them). When none does, the accounts' cash binds: money never moves between accounts.

Example (tests/test_rebalance_diagnosis.py): bonds 10 points under, the IRA holding the stocks may
buy only VTI and the 401(k) that may buy BND holds nothing: Min Trade ($50) is not the cause (the
plan is as far off without it), the menus are (without them it reaches every band).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from taxrebal.engine.money import cents

from ..allocation import CASH_CLASS
from ..holding import long_term_date
from ..wash_dates import trading_day_words

if TYPE_CHECKING:
    from .model import RebalanceModel


def _diagnose(model: RebalanceModel) -> str:
    """Say which class cannot reach its band and what to change."""
    h = model.household
    T = model.total
    buyable = {b.asset_class for b in model.buys}
    st_gain = {id(sl) for sl in model.st_gain_lots}  # capped: sold only where short-term losses absorb them
    sellable = ({sl.asset_class for sl in model.sell_lots if id(sl) not in st_gain}
                | {p.asset_class for p in model.positions})
    problems = []
    for k in model.drift_classes:
        if k == CASH_CLASS and not model.cash_is_class:
            continue
        w = model.before.get(k, 0.0) / T
        t, band = model.target_of(k), model.band_of(k)
        if k == CASH_CLASS:
            # cash is raised by selling other classes (and lowered by buying them), never by buying a
            # "Cash security": only a household with nothing to sell (or buy) is blocked by the input
            problems.extend(_cash_problem(w, t, band, sellable, buyable, bool(model.st_gain_lots)))
            continue
        if w < t - band and k not in buyable:
            if not any(sec.asset_class == k for sec in h.securities):
                problems.append(f"{k} is under its band and no security of that class is listed: add a "
                                f"{k} fund to the Securities sheet (and to an account's menu).")
            elif model.unbuyable_recent_loss and any(
                    h.security(sym).asset_class == k for _a, sym, _d in model.unbuyable_recent_loss):
                when = max(d for _a, sym, d in model.unbuyable_recent_loss
                           if h.security(sym).asset_class == k) + timedelta(days=model.window + 1)
                problems.append(f"{k} is under its band and its only funds were sold in the last "
                                f"{model.window} days without a cost basis (buying them back could wash a loss "
                                f"taxrebal cannot price): enter the sale's Cost Basis on Transactions, add a "
                                f"replacement fund of that class to Securities, or wait until {when.isoformat()}.")
            else:
                problems.append(f"no account can buy {k}: add a {k} fund to an account's menu "
                                f"(e.g. the 401(k)) or to the Securities sheet.")
        if w > t + band and k not in sellable:
            if any(sl.asset_class == k for sl in model.st_gain_lots):
                first = min(long_term_date(sl.lot.holding_start) for sl in model.st_gain_lots
                            if sl.asset_class == k and sl.lot.holding_start is not None)
                problems.append(f"{k} is over its band and every lot that could be sold holds a short-term "
                                f"gain: set Allow Short-Term Gains to Yes on Settings, or wait until "
                                f"{trading_day_words(first)} when the first lot turns long-term.")
            else:
                problems.append(f"{k} is over its band and nothing of it can be sold now.")
    if not problems:
        problems.extend(_settings_that_bind(model))
    if not problems:
        under = [k for k in _off(model, -1) if k != CASH_CLASS]
        problems.append("the accounts' cash and menus cannot reach every band (money never moves between "
                        f"accounts): add cash or contributions to the accounts that can buy "
                        f"{', '.join(under) or 'the underweight classes'}, or widen the bands on Targets.")
        if CASH_CLASS in _off(model, -1):
            problems.append(f"{CASH_CLASS} is under its band: it is raised by selling other classes and "
                            "keeping the proceeds, not by buying.")
    return "No rebalancing plan reaches every band: " + " ".join(problems)


def _settings_that_bind(model: RebalanceModel) -> list[str]:
    """The settings whose change alone reaches every band, each checked by solving stage A again with it
    changed. One is named as the cause; several are named together, none as the only way (seed 1 of
    ``bench_plan_quality.py --past-sales`` once said "cannot be reached without realizing short-term
    gains" where Whole Shares = No reached the bands too). None when the household as it stands reaches
    them: then the search missed a plan, which no setting explains."""
    h, s = model.household, model.settings
    if _reaches(model):
        return ["a plan within every band exists (stage A alone reaches it) but this search stopped short "
                "of it: please report this household; widening the bands on Targets works around it."]
    ways: list[tuple[str, str]] = []  # (the one-cause sentence, the change as one of several)
    if model.st_gain_lots and not s.allow_short_term_gains and _reaches(
            model, settings={"allow_short_term_gains": True}):
        ways.append(("the bands cannot be reached without realizing short-term gains: set Allow "
                     "Short-Term Gains to Yes on Settings, or widen the bands on Targets.",
                     "set Allow Short-Term Gains to Yes on Settings"))
    if s.min_trade > 0 and _reaches(model, settings={"min_trade": 0.0}):
        ways.append((f"the bands cannot be reached with orders of at least ${cents(s.min_trade):,.2f}: lower Min "
                     "Trade on Settings or widen the bands.",
                     f"lower Min Trade (${cents(s.min_trade):,.2f}) on Settings"))
    if s.whole_shares and _reaches(model, settings={"whole_shares": False}):
        ways.append(("the bands cannot be reached in whole shares: set Whole Shares to No on Settings or "
                     "widen the bands on Targets.", "set Whole Shares to No on Settings"))
    if h.menus and _reaches(model, menus={}):
        limited = ", ".join(sorted(h.menus))
        names = sorted(h.menus)
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        ways.append((f"the account menus keep the underweight classes ({', '.join(_off(model, -1))}) out of "
                     f"the accounts that hold the money (the Menus sheet lists what {who} may buy): let more accounts "
                     "buy those classes, or widen the bands on Targets.",
                     f"let the accounts buy more funds (the menus of {limited})"))
    if len(ways) <= 1:
        return [w[0] for w in ways]
    return ["the bands cannot be reached with these settings, and any one of these changes alone reaches "
            "them: " + "; ".join(w[1] for w in ways) + "; or widen the bands on Targets."]


def _cash_problem(w: float, t: float, band: float, sellable: set[str], buyable: set[str],
                  short_term_only: bool) -> list[str]:
    """Cash (with a target) outside its band because of the input itself: under it with nothing that can
    be sold now (cash comes from sales of other classes), over it with nothing any account may buy."""
    if w < t - band and not sellable - {CASH_CLASS}:
        why = ("every lot that could be sold holds a short-term gain: set Allow Short-Term Gains to Yes on "
               "Settings, or lower the Cash target on Targets" if short_term_only
               else "the household holds nothing to sell: lower the Cash target on Targets")
        return [f"{CASH_CLASS} is under its band and nothing can be sold now to raise it (cash comes from "
                f"selling other classes); {why}."]
    if w > t + band and not buyable - {CASH_CLASS}:
        return [f"{CASH_CLASS} is over its band and no account can buy anything with it: add funds to the "
                "Securities sheet and to the menus of the accounts that hold the cash."]
    return []


def _off(model: RebalanceModel, sign: int) -> list[str]:
    """The classes outside their band on the ``sign`` side (-1 under, +1 over) today."""
    out = []
    for k in model.drift_classes:
        if k == CASH_CLASS and not model.cash_is_class:
            continue
        drift = model.before.get(k, 0.0) / model.total - model.target_of(k)
        if sign * drift > model.band_of(k):
            out.append(k)
    return out


def _reaches(model: RebalanceModel, settings: dict[str, Any] | None = None, **household: Any) -> bool:
    """Whether every band is reachable with ``settings`` and ``household`` fields changed (stage A of a
    model of the changed household: the least band breach, tax ignored, no dust left)."""
    from .data import SolveOptions
    from .model import RebalanceModel

    h = model.household
    if settings:
        h = replace(h, settings=replace(h.settings, **settings))
    if household:
        h = replace(h, **household)
    same_lots = h.lots is model.household.lots and h.transactions is model.household.transactions
    relaxed = RebalanceModel(h, model.as_of, rebalance_now=bool(model.triggered) or None,
                             wash=model.wash if same_lots else None)
    # the plan's own no-dust rows (dust.py): with Whole Shares a fractional holding sells whole only
    # through them, and a sliver left is solved again, as planner._solve does
    relaxed.add_fractional_rows()
    for _ in range(4):
        x = relaxed.solve(relaxed.breach_objective(), SolveOptions(rates=(0.0, 0.0)))
        if x is None or float(x[relaxed.v_var]) > 1e-6:
            return False
        if not relaxed.add_dust_rows(x):
            return True
    return False

