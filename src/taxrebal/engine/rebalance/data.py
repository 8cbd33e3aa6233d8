"""The rebalancer's problem records: sell candidates, buy options, stage options and solutions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..records import (
    Lot,
)


@dataclass(frozen=True)
class _SellLot:
    """A taxable lot the model may sell from."""

    lot: Lot
    price: float
    gain_per_share: float
    long_term: bool
    identity: str
    asset_class: str
    #: a recent purchase sold *after* the loss sales it washes (wash_exposure.py, chains): its shares
    #: carry the washed loss and the loss lot's holding period (IRC §1091(d), §1223(3))
    chained: bool = False


@dataclass(frozen=True)
class _Position:
    """A tax-advantaged position (account, symbol): sold as a whole position, no tax."""

    account: str
    symbol: str
    quantity: float
    price: float
    asset_class: str


@dataclass(frozen=True)
class _BuyOption:
    account: str
    symbol: str
    price: float
    asset_class: str
    identity: str
    weight: float  # preference steps per dollar after location (replacement rank, harvest, fund order)
    location: float = 0.0  # location steps per dollar (location.py)


@dataclass(frozen=True)
class SolveOptions:
    """What a stage solves with. ``drift_cap`` (fraction) replaces the bands by ``|drift| <= cap``
    (the frontier); ``relaxed`` drops integrality and the wash-sale exclusivity (the LP bound)."""

    rates: tuple[float, float]
    tax_budget: float | None = None
    drift_cap: float | None = None
    relaxed: bool = False
    to_target: bool = True
    #: the location and fund-preference stages (the frontier needs only tax, distance and turnover)
    preferences: bool = True
    #: dollars traded at most (the frontier: a looser level never trades more than a tighter one)
    turnover_cap: float | None = None


@dataclass(frozen=True)
class Solution:
    x: np.ndarray
    violation: float
    linear_tax: float
    realized_st: float
    realized_lt: float
    opts: SolveOptions | None = None  # what stage B solved with (for the tie-break stages)
    v_cap: float = 0.0
    #: stage B's plan before the tie-break stages (:meth:`~.stages.StagesMixin.finish`): a re-solve of
    #: the model with lots held starts its stage B from it (resolve_start.py)
    stage_b: np.ndarray | None = None

