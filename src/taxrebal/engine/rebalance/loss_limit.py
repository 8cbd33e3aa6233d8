"""A plan past the loss limit: its true tax and local tax rates without asking the wash engine.

:func:`~.stages._best_solution` (and huge_plan.py) solves stage B, asks the wash engine what the plan
reports (reported.py: one pass of :func:`taxrebal.engine.wash.adjust_lots` over the plan's sales) and
takes two things from it: the true tax's total (the tax budget's test, the choice between candidates)
and the local rates of the re-solve. The finished plan gets its own pass, which is what every sheet
shows. This module proves that a stage-B plan is past the loss limit with RATE_STEP to spare, from an
upper bound on its reported net gain; both figures are then the same at the model's own gains, to the
bit, so that pass is not made (:func:`~.stages._priced`): the same plans, the same rows, one pass less
per stage-B solve (the 10,000-lot household of bench_run.py: 16 -> 8 passes in the run, every level of
the Tax-Drift Frontier and the plan's two stage-B solves, about 0.05 s each).

**Rule** (both Tax Modes, tax.py ``_tax_lines``). Schedule D combines this year's net short- and
long-term results with the carryovers (line 16, ``combined``). At or below minus the loss limit
(IRC §1211(b): $3,000, $1,500 married filing separately; Schedule D line 21) the deduction is the
limit itself and the net capital gain (QDCG worksheet line 3) is 0, so AGI, the deduction, taxable
income, the preferential income, NIIT's base and the state's part are the same numbers, computed by
the same operations, whatever the gains: the total tax is the same float. The local rates
(:meth:`~.stages._TaxOracle.local_rates`, central differences of ``h`` = RATE_STEP dollars) are then
exactly 0 when ``combined + h`` is still at or below minus the limit. The bound tested below,
max(B, M), is at least the model's figure M, so the model's gains are past the limit too: their true
tax has the same total and their local rates are 0, which is all a stage-B candidate's reader takes.
(Tax Mode Flat likewise: there the federal tax is minus the limit times the flat short-term rate,
the deduction coming off ordinary income whatever its character, IRC §1211(b).)

**The bound** on the plan's reported net gain S (ST + LT: only the sum enters ``combined``). Either
the wash engine answers, or the model's own figure M = ``model.realized(x)`` is reported (no loss
sale meets a recent purchase; a sale the engine cannot trace). Where the engine answers, each sale
part of ``q`` shares reports ``proceeds - basis + disallowed`` (Form 8949 (d) - (e) + (g)) with
proceeds ``q x price`` (the plan's Sell row), basis ``u x q + adj`` where ``u`` is the engine's cost
per share of the purchase the row relieves and ``adj >= 0`` the washed losses its shares carry
(IRC §1091(d) only adds to basis; a broker-adjusted lot's adjustment is in its basis), and
``0 <= disallowed <= max(0, basis - proceeds)`` (IRC §1091(a) disallows at most the loss). So a part
reports at most ``q (price - u)``, and at most ``max(0, q (price - u))`` when a loss may be washed.
A loss may be washed only by a purchase of the same identity acquired within the window around the
plan's day (As Of +- ``wash_sale.window_days``): identities with no Buy/Reinvest row dated there, no
Sell row and no lot acquired there have no replacement shares (wash.py reading 1 lists every
acquisition). ``u`` is one of the costs the engine can read for that purchase (wash.py
``_collect_acquisitions``): a Buy/Reinvest or Sell row of the lot's Lot ID (its Cost Basis per share,
or a Buy's price), a lot of that Lot ID or of the purchase it is a piece of (basis per share; a merged
split lot averages its pieces), or a Buy/Reinvest row without a Lot ID on the lot's account, symbol
and Acquired date (the engine links it to the lot). The bound takes the least of them, so never
undercounts: S <= max(B, M) with ``B = sum(q (price - u_min))`` over sales of identities that cannot
wash plus ``sum(max(0, q (price - u_min)))`` over the others, plus the losses sold before As Of that
the plan's buys take back (past_wash.py, the same function either way). A lot with no such cost
gets no bound (no skip). Rounding: the figures are sums of products of at most a few thousand
terms, each computed to within 1e-15 of its size; the test adds $1 plus 1e-9 of every dollar
involved (the household's cost bases, the plan's proceeds, the return's own figures).

Worked example (tests/test_loss_limit_skip.py): a single filer who already realized $20,000 of
long-term loss this year sells a $1,000 long-term gain lot that cost $4,000 on the Lots sheet (no
Buy row; price $50, 100 shares): B = 100 x (50 - 40) = $1,000, and -20,000 + 1,000 + 1,000 (h) =
-18,000 <= -3,000: the local rates are 0 (the same float both sides of each difference) and stage
B's wash pass is skipped. With $4,500 of loss realized instead: -4,500 + 1,000 + 1,000 = -2,500 >
-3,000: the pass is made (from the plan's -3,500, $1,000 more gain of either term nets -2,500,
inside the limit: neither rate is 0).
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Mapping

import numpy as np

from .. import params
from ..records import Action, Household
from ..tax import TaxProfile
from ..wash import identity_map, purchase_id, window_days
from .reported import plan_sells
from .tuning import RATE_STEP

if TYPE_CHECKING:
    from .model import RebalanceModel

__all__ = ["beyond_loss_limit", "reported_bound"]

#: the rounding margin of the module docstring: dollars, and a fraction of every dollar involved
_MARGIN_ABS = 1.0
_MARGIN_REL = 1e-9


@dataclass(frozen=True)
class _Costs:
    """What the engine can read of a household's purchases (module docstring), built once per model."""

    by_id: Mapping[str, float]  # Lot ID -> the least cost per share a row or lot of that ID gives
    by_day: Mapping[tuple[str, str, date | None], float]  # (account, symbol, date) of Buy rows without a Lot ID
    ids_identities: Mapping[str, frozenset[str]]  # Lot ID -> identities of the rows and lots of that ID
    washable: frozenset[str]  # identities with an acquisition in the window around As Of
    scale: float  # dollars of every cost basis and purchase, for the rounding margin


def _costs(household: Household, as_of: date) -> _Costs:
    ident = identity_map(household.securities)
    win = window_days(as_of.year)
    first, last = as_of - timedelta(days=win), as_of + timedelta(days=win)
    by_id: dict[str, float] = {}
    by_day: dict[tuple[str, str, date | None], float] = {}
    # Lot ID -> its identities: one frozenset per distinct set, shared (a Lot ID nearly always has one
    # identity: 100,000 lots held 25 MiB of one-element sets until the model was gone, bench_memory.py)
    ids_identities: dict[str, frozenset[str]] = {}
    shared: dict[frozenset[str], frozenset[str]] = {}

    def link(key: str, identity: str) -> None:
        have = ids_identities.get(key)
        if have is None or identity not in have:
            both = frozenset((identity,)) if have is None else have | {identity}
            ids_identities[key] = shared.setdefault(both, both)
    washable: set[str] = set()
    scale = 0.0

    def put(table: dict, key: object, unit: float) -> None:  # type: ignore[type-arg]
        # a cost that is not a number leaves the lot without a bound (-inf: no skip)
        table[key] = min(table.get(key, math.inf), unit if math.isfinite(unit) else -math.inf)

    # the engine merges a split lot's pieces back (wash.py _without_engine_adjustments): the merged lot has
    # the purchase's Lot ID, one of the pieces' Acquired dates, and their bases' sum over their shares'
    # sum, at least the least piece's cost per share: each piece's is kept under the purchase's Lot ID
    for lot in household.lots:
        identity = ident.get(lot.symbol, lot.symbol)
        if lot.acquired is not None and first <= lot.acquired <= last:
            washable.add(identity)
        for key in {lot.lot_id, purchase_id(lot)}:
            link(key, identity)
            if lot.basis is not None and lot.quantity > 0.0:  # every cost the engine may divide out
                put(by_id, key, lot.basis / lot.quantity)
        scale += abs(lot.basis or 0.0)
    for tx in household.transactions:
        identity = ident.get(tx.symbol, tx.symbol)
        bought = tx.action in (Action.BUY, Action.REINVEST)
        if (bought and first <= tx.date <= last) or (
                tx.action is Action.SELL and tx.acquired is not None and first <= tx.acquired <= last):
            washable.add(identity)
        units = [tx.basis / tx.quantity] if tx.basis is not None and tx.quantity > 0.0 else []
        if bought:
            units.append(tx.price)
        if tx.lot_id:
            link(tx.lot_id, identity)
        for unit in units:
            if tx.lot_id:
                put(by_id, tx.lot_id, unit)
            elif bought:
                put(by_day, (tx.account, tx.symbol, tx.date), unit)
        scale += abs(tx.basis or 0.0) + abs(tx.price * tx.quantity)
    return _Costs(by_id, by_day, ids_identities, frozenset(washable), scale)


#: each model's :class:`_Costs`, built on its first plan past the limit and gone with the model
_COSTS: "weakref.WeakKeyDictionary[RebalanceModel, _Costs]" = weakref.WeakKeyDictionary()


def _model_costs(model: "RebalanceModel") -> _Costs:
    costs = _COSTS.get(model)
    if costs is None:
        costs = _COSTS[model] = _costs(model.household, model.as_of)
    return costs


def reported_bound(model: "RebalanceModel", x: np.ndarray) -> tuple[float, float]:
    """(an upper bound on the net gain, ST + LT, the plan ``x`` reports (reported.py), the dollars it
    involves for the rounding margin); (inf, 0) when a lot sold has no cost the engine could read."""
    costs = _model_costs(model)
    sells, _adv = plan_sells(model, x)
    bound = 0.0
    dollars = costs.scale
    for pieces in sells.values():
        for sl, q in pieces:
            lot = sl.lot
            unit = min(costs.by_id.get(lot.lot_id, math.inf), costs.by_id.get(purchase_id(lot), math.inf),
                       costs.by_day.get((lot.account, lot.symbol, lot.acquired), math.inf))
            if not math.isfinite(unit):
                return math.inf, 0.0
            gain = q * (sl.price - unit)
            identities = ({sl.identity} | costs.ids_identities.get(lot.lot_id, frozenset())
                          | costs.ids_identities.get(purchase_id(lot), frozenset()))
            bound += max(0.0, gain) if identities & costs.washable else gain
            dollars += abs(q * sl.price) + abs(q * unit)
    past_st, past_lt = model.past_wash_gains(x)
    st, lt = model.realized(x)
    return max(bound + past_st + past_lt, st + lt), dollars + abs(past_st) + abs(past_lt) + abs(st) + abs(lt)


def beyond_loss_limit(model: "RebalanceModel", profile: TaxProfile, x: np.ndarray) -> bool:
    """True when the plan ``x``'s local rates (:meth:`~.stages._TaxOracle.local_rates` of the gains it
    reports) are provably 0 (module docstring); False says nothing."""
    limit = float(params.get("capital_loss_limit", profile.year, profile.filing_status))
    carried = profile.realized_st + profile.realized_lt - profile.st_loss_carryforward - profile.lt_loss_carryforward
    own = abs(profile.realized_st) + abs(profile.realized_lt) + profile.st_loss_carryforward \
        + profile.lt_loss_carryforward
    st, lt = model.realized(x)  # never above the bound: a plan past it is not asked for the rest
    if carried + st + lt + RATE_STEP > -limit:
        return False
    bound, dollars = reported_bound(model, x)
    margin = _MARGIN_ABS + _MARGIN_REL * (dollars + own + limit + RATE_STEP)
    return carried + bound + RATE_STEP + margin <= -limit
