"""What the rebalancer's parts read from the model: the attributes :class:`~.model.RebalanceModel`
sets (in ``__init__`` and while building) and the methods it has, declared once for the type checker.

The model is one class made of mixins (inputs, candidates, wash exposure, order rows, rounding...), each
in its own module and each reading what the others set up: ``self.sell_lots`` (candidates.py),
``self.lot_vars`` (model.py), ``self.settings``... A mixin that derives from :class:`ModelAttributes`
gets those names with their types, so mypy checks it strictly. Nothing here exists at run time beyond
the annotations: the values are the model's own. Example: ``RoundingMixin.without_slivers`` reads
``self.sell_lots`` (``list[_SellLot]``) beside ``self.lot_vars`` (``list[int]``), the model's column of
each lot.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from ..records import Account, Household, Security, Settings, Target
from ..wash_queries import OpenLoss, RecentPurchase
from .data import SolveOptions, _BuyOption, _Position, _SellLot
from .lp import Stopped, _Lp

if TYPE_CHECKING:
    from ..carryforward_worth import CarryforwardRates
    from .lot_prefix import LotPrefixes


class ModelAttributes:
    """Annotations only (see the module docstring)."""

    household: Household
    as_of: date
    settings: Settings
    window: int  # the wash-sale window of ``as_of``'s year (``wash_sale.window_days``)
    secs: dict[str, Security]
    whole_share_symbols: frozenset[str]  # Settings Whole Shares applies to these (no mutual fund)
    accounts: list[Account]
    allow_sells: bool  # False: buys from cash only (Contributions Only)
    solve_stops: list[Stopped]  # the solves its CPU budget stopped (solver.py, tuning.HUGE_SOLVE_CPU_S)
    cpu_clock: Callable[[], float] | None  # the caller's CPU clock for that budget (None: no budget)
    before: dict[str, float]  # class -> value before the plan
    total: float  # the household's value
    _targets: dict[str, Target]  # class -> its Targets row
    drift_classes: list[str]
    triggered: bool  # sell to rebalance (a class outside its band, or asked for)
    outside_band: bool  # some class is outside its band now
    cash_is_class: bool  # Cash has a Targets row
    # wash_exposure.py
    recent_loss_sales: dict[str, date]  # identity -> latest sale in the window with an unknown basis
    # past_wash.py
    past_wash_columns: frozenset[int]  # the columns of loss shares sold before As Of that buys wash
    open_loss_sales: dict[str, tuple[OpenLoss, ...]]  # identity -> loss sales of the window still open

    pool: dict[str, list[RecentPurchase]]  # identity -> recent purchases that can still wash a loss
    # candidates.py
    sell_lots: list[_SellLot]
    positions: list[_Position]
    buys: list[_BuyOption]
    blocked_st: list[_SellLot]
    blocked_wash: list[_SellLot]
    st_gain_lots: list[_SellLot]  # short-term gain lots under Allow Short-Term Gains = N (short_term.py)
    # model.py: the model's columns
    lot_prefixes: LotPrefixes | None  # gain lots closed beyond each group's prefix (lot_prefix.py)
    lot_vars: list[int]
    pos_vars: list[int]
    buy_vars: list[int]
    position_var: dict[tuple[str, str], int]  # (account, symbol) -> the column of a tax-advantaged sale
    cash_vars: list[int]
    sell_groups: dict[tuple[str, str], list[int]]
    acct_capacity: list[float]
    tax_st: dict[int, float]  # column -> short-term gain per unit (model.py, wash_exposure.py)
    tax_lt: dict[int, float]
    turnover: dict[int, float]  # column -> dollars traded per unit (model.py)
    v_var: int  # the band-violation column (model.py)
    dist_vars: dict[str, int]  # class -> its distance-to-target column (model.py)
    class_expr: dict[str, dict[int, float]]  # class -> column -> dollars of the class per unit (model.py)
    class_const: dict[str, float]  # class -> its dollars before the plan, as the class rows count them (model.py)
    breach_vars: dict[str, int]  # class -> its band-breach column, only with a tax budget (model.py)
    # the net-gain stage objective when the return carries a loss forward (carryforward_kept.py)
    carryforward_gains: dict[int, float] | None
    # a harvest-only plan's least-loss stage objective when no loss can carry forward (harvest_worth.py)
    unpriced_loss: dict[int, float] | None
    location_pref: dict[int, float]  # column -> asset-location steps (location.py)
    tiebreak: dict[int, float]  # column -> fund-preference steps (model.py)
    _stage_a: dict[tuple[bool, bool], np.ndarray]  # stage A's plan per (no tax budget, relaxed) (stages.py)
    resolve_hint: np.ndarray | None  # the plan a re-solve with lots held starts from (resolve_start.py)
    lp: _Lp  # the built model (model.py, after ``_build``)
    # orders.py: (columns, price, Min Trade binary or None, whole-share column or None) per order
    orders: list[tuple[list[int], float, int | None, int | None]]
    order_binaries: list[int]  # each order's Min Trade binary (orders.py)
    payroll_binaries: set[int]  # ... of an employer plan's buys: off, the buy is payroll money (orders.py)
    integer_vars: list[int]  # the whole-share columns (orders.py, dust.py)
    # wash_exposure.py
    chain_recoveries: list[tuple[int, int]]  # (u, w): a chained share recovering a washed share's loss
    may_breach: bool  # stage A may leave a band breach (triggered, outside a band now, or payroll_cash.py)
    #: identities held at a loss in a taxable account (candidates.py): buying one blocks that harvest
    #: for 30 days, so the buys' preference weighs it and a dated sale's listed Replacement avoids it
    loss_identities: frozenset[str]
    payroll_cash_caps: dict[int, float]  # account index -> most cash after the plan (payroll_cash.py)
    lost_for_good: dict[int, float]  # column -> loss per share lost for good (Rev. Rul. 2008-5)
    exposure_binaries: list[tuple[list[int], list[int]]]  # (an identity's loss/chained sells, its binaries)
    wash_binaries: list[int]  # sell an identity at a loss, or buy it: one binary per identity
    wash_groups: list[tuple[int, list[int], list[int]]]  # (binary, loss sells, buys)
    matching_binaries: list[list[tuple[int, list[int]]]]  # per identity: (b, its prefix's sell columns)
    matching_left: list[tuple[float, dict[int, float]]]  # per identity beside it: (R, recent columns sold first)
    chain_binaries: list[tuple[int, int, int]]  # (c, recent lot sold first, the same lot chained after)

    if TYPE_CHECKING:
        def _identity(self, symbol: str) -> str:
            """The symbol's wash-sale identity (Identical Group), the symbol when not on Securities
            (candidates.py)."""
            ...

        def past_wash_gains(self, x: np.ndarray) -> tuple[float, float]:
            ...

        def target_of(self, cls: str) -> float:
            """The class's target weight, 0 without a Targets row (model.py)."""
            ...

        def band_of(self, cls: str) -> float:
            """The class's band, Settings' default band without one on Targets (model.py)."""
            ...

        def after_values(self, x: np.ndarray) -> dict[str, float]:
            """Class values after the plan ``x`` (model.py)."""
            ...

        def solve(self, objective: Mapping[int, float], opts: SolveOptions, *,
                  extra: Sequence[tuple[Mapping[int, float], float, float]] = (),
                  v_cap: float | None = None, incumbent: np.ndarray | None = None,
                  y_from_incumbent: bool = False, exact_limit: int = -1,
                  gap: float | None = None, abs_gap: float | None = None,
                  node_limit: int | None = None,
                  continuous: Sequence[int] = (),
                  box: tuple[np.ndarray, np.ndarray] | None = None,
                  shrink: Mapping[str, float] | None = None,
                  keep_incumbent: bool = True) -> np.ndarray | None:
            """One HiGHS solve of the model with a stage's objective and rows (solver.py)."""
            ...

        def has_no_plan(self, opts: SolveOptions, extra: Sequence[tuple[Mapping[int, float], float, float]],
                        v_cap: float | None, box: tuple[np.ndarray, np.ndarray] | None,
                        shrink: Mapping[str, float] | None) -> bool:
            """True when the stage's rows provably admit no plan: an infeasible LP relaxation (solver.py)."""
            ...

        def without_closed_orders(self, x: np.ndarray) -> np.ndarray:
            """``x`` with every order whose Min Trade binary is 0 at exactly 0 shares (rounding.py)."""
            ...

        def without_slivers(self, x: np.ndarray) -> np.ndarray:
            """``x`` without pieces worth less than a sliver (rounding.py)."""
            ...

        def rounded(self, x: np.ndarray) -> np.ndarray:
            """``x`` with broker-ready quantities (rounding.py)."""
            ...

        @property
        def lost_rate(self) -> float:
            """A dollar of loss lost for good, in dollars of tax (model.py)."""
            ...

        @property
        def carryforward_rates(self) -> CarryforwardRates:
            """What a dollar carried forward is worth later, in words (model.py)."""
            ...

        def _linear_tax(self, rates: tuple[float, float]) -> dict[int, float]:
            """The stage objective's tax terms, column -> coefficient (model.py)."""
            ...

        def _band_rows(self, lp_rows: list[tuple[Mapping[int, float], float, float]], cap: float | None,
                       shrink: Mapping[str, float] | None = None) -> None:
            """Append the band rows (or the frontier's ``cap``) to ``lp_rows`` (model.py)."""
            ...
