"""Where the household stands against its targets, by asset class over all accounts together.

Rule: the household's value is every lot at its security's price plus every account's cash and
pending contribution (new money to invest now counts as cash already there). A class's weight is its
value over that total; drift is weight minus target, in fraction points. A class is *outside its band*
when ``|drift| > band`` by more than :data:`BAND_EDGE_TOLERANCE` (a drift on the band edge, up to the
rebalancer's own tolerance, is within: a plan that ends at -5.0000002 points against a 5-point band
is on its edge, not "Under"). Cash has a target of 0 unless the Targets sheet names a class called
``Cash``; without one, uninvested cash has no band (``banded`` False): it is shown, never "Over", and
never the class of "the largest drift".

A class's value as shown is the sum of its holdings' values, each holding (an account's shares of a
symbol) its shares times the price in cents (:func:`holding_values`, :func:`class_values_in_cents`):
the Allocation sheet's Value, its By account cells and the DRIFT cell function are one figure, and
an advisor adding up the holdings finds it to the cent. The rebalancer optimizes over the same lots
in full precision (:func:`class_values`); its figures reach a person in cents.

Worked example: $70,000 of stocks, $30,000 of bonds, no cash, targets 60/40 with 5-point bands:
stocks weigh 70%, drift +10 points, "Over"; bonds 30%, drift -10 points, "Under".
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional

from .money import cents, value_in_cents
from .records import Household, Lot, Security

__all__ = ["BAND_EDGE_TOLERANCE", "CASH_CLASS", "ClassAllocation", "position_values", "holding_values", "class_values",
           "class_values_in_cents", "class_values_after_orders", "allocation", "band_status"]

#: The name under which uninvested cash (and pending contributions) is shown.
CASH_CLASS = "Cash"

#: A drift within this many fraction points (0.00001 percentage points) beyond the band edge is on
#: the edge: the rebalancer's band tolerance (engine/rebalance/tuning.py BAND_TOLERANCE is the same
#: figure), so the plan's status and the Allocation sheet's agree.
BAND_EDGE_TOLERANCE = 1e-7

#: Cash below minus this (dollars) is short: a withdrawal (negative Contribution) larger than the cash.
CASH_SHORT_BY = 0.005


@dataclass(frozen=True)
class ClassAllocation:
    asset_class: str
    value: float
    weight: float  # fraction of household total
    target: float
    band: float
    drift: float  # weight - target
    status: str  # "Within", "Over", "Under"
    banded: bool = True  # False for Cash without a target: shown, but it has no band

    @property
    def outside_band(self) -> bool:
        return self.status != "Within"


def band_status(drift: float, band: float, tol: float = BAND_EDGE_TOLERANCE) -> str:
    """'Over' / 'Under' when ``|drift|`` exceeds ``band``, else 'Within'."""
    if drift > band + tol:
        return "Over"
    if drift < -band - tol:
        return "Under"
    return "Within"


def position_values(lots: Iterable[Lot], securities: Mapping[str, Security]) -> dict[tuple[str, str], float]:
    """Market value of each (account, symbol) position, in full precision (the engines' figure)."""
    out: dict[tuple[str, str], float] = {}
    for lot in lots:
        key = (lot.account, lot.symbol)
        out[key] = out.get(key, 0.0) + lot.quantity * securities[lot.symbol].price
    return out


def holding_values(lots: Iterable[Lot], securities: Mapping[str, Security]) -> dict[tuple[str, str], float]:
    """Market value of each (account, symbol) holding as a person reads it: its shares (every lot of
    it) times the price, in cents, rounded once on the written numbers
    (:func:`~taxrebal.engine.money.value_in_cents`), as a statement values a position. Example: lots of
    10.5 and 2.25 shares at $33.333 -> 12.75 x 33.333 = 424.99575 -> $425.00."""
    shares: dict[tuple[str, str], list[float]] = {}
    for lot in lots:
        shares.setdefault((lot.account, lot.symbol), []).append(lot.quantity)
    return {key: value_in_cents(q, securities[key[1]].price) for key, q in shares.items()}


def class_values(household: Household, include_cash: bool = True) -> dict[str, float]:
    """Value by asset class across the household (cash and contributions under :data:`CASH_CLASS`), in
    full precision: what the rebalancer optimizes over."""
    return _by_class(household, position_values(household.lots, household.security_map()), include_cash)


def class_values_in_cents(household: Household,
                          holdings: Optional[Mapping[tuple[str, str], float]] = None) -> dict[str, float]:
    """Value by asset class as shown: the sum of its holdings' values in cents (:func:`holding_values`),
    cash and contributions (in cents) under :data:`CASH_CLASS`. What the Allocation sheet, its By account
    table and the DRIFT cell function show, so a class's Value is what its holdings add up to (README
    "Result sheets": every total is the sum of the cents above it). ``holdings``: those holding values
    when the caller has them without the household's lots (the DRIFT cell function: (account, symbol) ->
    value in cents, in the order the lots first name each holding), else from ``household.lots``."""
    out = _by_class(household, _holdings_in_cents(household) if holdings is None else holdings, False)
    cash = cents(sum(a.cash + a.contribution for a in household.accounts))
    if cash or CASH_CLASS in out:
        out[CASH_CLASS] = round(out.get(CASH_CLASS, 0.0) + cash, 2) + 0.0
    return {k: round(v, 2) + 0.0 for k, v in out.items()}


#: id(household) -> (its lots, its securities, their holding_values): a household's holdings in cents,
#: computed once while it lives (a run asks for them about 15 times, each a Decimal product per holding
#: over every lot: 100,000 lots, about 0.15 s of CPU each); gone with the household
_HOLDINGS: dict[int, tuple[tuple[Lot, ...], tuple[Security, ...], dict[tuple[str, str], float]]] = {}


def _holdings_in_cents(household: Household) -> Mapping[tuple[str, str], float]:
    """``holding_values`` of ``household``'s lots and securities, computed once per household (read only)."""
    held = _HOLDINGS.get(id(household))
    if held is None or held[0] is not household.lots or held[1] is not household.securities:
        held = (household.lots, household.securities, holding_values(household.lots, household.security_map()))
        if id(household) not in _HOLDINGS:
            weakref.finalize(household, _HOLDINGS.pop, id(household), None)
        _HOLDINGS[id(household)] = held
    return held[2]


def class_values_after_orders(household: Household, orders: Iterable[tuple[str, int, float]]) -> dict[str, float]:
    """Value by asset class after ``orders`` ((asset class, +1 for a buy or -1 for a sell, amount)) as the
    sheets add it up: the class's value now in cents (:func:`class_values_in_cents`) plus each buy's
    amount in cents, less each sell's. The one rule of the Allocation sheet's After Value and of the
    rebalancer's re-check after rounding (rebalance/rounding.py). :data:`CASH_CLASS` is its value now
    plus its own orders (a money-market fund of the class); the callers add what the accounts keep.
    Example: US Stocks $332,737.00 now, sells of $12,400.00 and $33,000.00 -> $287,337.00."""
    out = class_values_in_cents(household)
    for cls, sign, amount in orders:
        if cls:
            out[cls] = round(out.get(cls, 0.0) + sign * cents(amount), 2) + 0.0
    return out


def _by_class(household: Household, values: Mapping[tuple[str, str], float], include_cash: bool) -> dict[str, float]:
    secs = household.security_map()
    out: dict[str, float] = {t.asset_class: 0.0 for t in household.targets}
    for (_, symbol), value in values.items():
        cls = secs[symbol].asset_class
        out[cls] = out.get(cls, 0.0) + value
    if include_cash:
        cash = sum(a.cash + a.contribution for a in household.accounts)
        if cash or CASH_CLASS in out:
            out[CASH_CLASS] = out.get(CASH_CLASS, 0.0) + cash
    return out


def allocation(
    household: Household, values: Optional[Mapping[str, float]] = None
) -> tuple[ClassAllocation, ...]:
    """Each asset class's value, weight, target, band, drift and band status.

    ``values`` (asset class -> value) overrides the household's current values as shown
    (:func:`class_values_in_cents`), e.g. to show the allocation after a proposed plan. Classes are
    listed in Targets order, then any held class without a target (target 0), then Cash.
    """
    vals = dict(class_values_in_cents(household) if values is None else values)
    total = sum(vals.values())
    default_band = household.settings.default_band
    targets = {t.asset_class: t for t in household.targets}
    order = [t.asset_class for t in household.targets]
    order += sorted(c for c in vals if c not in targets and c != CASH_CLASS)
    if CASH_CLASS in vals and CASH_CLASS not in targets:
        order.append(CASH_CLASS)
    rows = []
    for cls in order:
        value = vals.get(cls, 0.0)
        weight = value / total if total > 0 else 0.0
        t = targets.get(cls)
        target = t.target if t else 0.0
        band = t.band if (t and t.band is not None) else default_band
        drift = weight - target
        # Uninvested cash without a target is reported but never "out of band" by itself, unless it
        # is negative: a withdrawal larger than the cash, which only sales can pay ("Under").
        banded = not (cls == CASH_CLASS and t is None)
        if not banded:
            status = "Under" if value < -CASH_SHORT_BY else "Within"
        else:
            status = band_status(drift, band)
        rows.append(ClassAllocation(cls, value, weight, target, band, drift, status, banded))
    return tuple(rows)
