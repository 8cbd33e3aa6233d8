"""The household as a MILP: variables (shares sold per taxable lot and tax-advantaged position,
shares bought per (account, security), cash left per account, band violation, distance to target)
and constraints (cash silos, class values, bands). Built once; stages solve it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date

import numpy as np

from ...errors import InfeasiblePlanError
from ..allocation import CASH_CLASS, allocation, class_values
from ..carryforward_worth import CarryforwardRates
from ..records import (
    Household,
)
from ..tax import TaxProfile, gains_rate
from ..wash import WashResult, window_days
from .candidates import CandidatesMixin
from .carryforward_kept import carryforward_objective
from .dust import DustMixin
from .harvest_minimum import add_harvest_minimum_rows, add_rebalance_minimum_rows
from .harvest_only import add_reinvest_rows
from .harvest_worth import unpriced_loss_objective
from .inputs import InputsMixin
from .lot_prefix import close_lot_columns
from .lp import _add, _Lp
from .orders import OrderRowsMixin
from .past_wash import PastWashMixin
from .payroll_cash import payroll_cash_cap
from .rounding import OrderRoundingMixin, RoundingMixin
from .short_term import ShortTermMixin
from .solver import SolverMixin
from .stages import StagesMixin
from .tuning import BAND_MARGIN
from .wash_exposure import WashExposureMixin


class RebalanceModel(InputsMixin, WashExposureMixin, PastWashMixin, CandidatesMixin, OrderRowsMixin, SolverMixin,
                     StagesMixin, RoundingMixin, OrderRoundingMixin, ShortTermMixin, DustMixin):
    """The household as a MILP. Build once, solve the stages with :meth:`solve`.

    Public so the benchmark and the frontier can reuse it; most callers want :func:`plan_rebalance`.
    """

    def __init__(self, household: Household, as_of: date, *, rebalance_now: bool | None = None,
                 allow_sells: bool = True, wash: WashResult | None = None,
                 cpu_clock: Callable[[], float] | None = None):
        """``rebalance_now`` None: sell to rebalance only when a class is outside its band (else only
        harvests and cash); True: always (the frontier). ``allow_sells`` False: buys from cash only.
        ``wash``: :func:`~taxrebal.engine.wash.adjust_lots` of ``household`` when the caller has it
        (another model of the same lots and transactions); computed when needed otherwise.
        ``cpu_clock``: the caller's CPU clock (``time.process_time``; the engine reads none), which gives
        a huge household's solves their CPU budget (solver.py); None: node limits alone."""
        self._wash = wash
        self.household = household
        self.as_of = as_of
        self.settings = household.settings
        self.window = window_days(as_of.year)
        self.secs = household.security_map()
        # Whole Shares applies to what trades on an exchange, never to a mutual fund (records.SecurityType)
        self.whole_share_symbols = frozenset(sym for sym, sec in self.secs.items()
                                             if self.settings.whole_shares and not sec.is_mutual_fund)
        self.accounts = list(household.accounts)
        self.notes: list[str] = []
        self.solve_stops = []  # solver.py: the MILP solves a huge model's CPU budget stopped
        self.cpu_clock = cpu_clock
        self._check_inputs()
        self.before = class_values(household)
        self.total = sum(self.before.values())
        if self.total <= 0:
            raise InfeasiblePlanError("The household has no value to rebalance: enter lots with prices, "
                                      "or cash on the Accounts sheet.")
        self._targets = {t.asset_class: t for t in household.targets}
        self.cash_is_class = CASH_CLASS in self._targets
        self.drift_classes = self._drift_classes()
        self.class_before = {k: self.before.get(k, 0.0) for k in self.drift_classes}
        self.outside_band = any(r.outside_band for r in allocation(household)
                                if r.asset_class != CASH_CLASS or self.cash_is_class)
        self.triggered = self.outside_band if rebalance_now is None else rebalance_now
        self.allow_sells = allow_sells
        self.recent_loss_sales = self._recent_loss_sales()
        self.open_loss_sales = self._open_loss_sales()
        # a buy-only model (Contributions Only) has no sell candidate: no lot variable, no wash scan
        self.pool = self._recent_pool() if allow_sells else {}
        self.recent_buys = {ident: [(p.acquired, p.account, p.purchase_id) for p in items]
                            for ident, items in self.pool.items()}
        self._collect_lots()
        self._collect_buys()
        self._build()

    # ---------------------------------------------------------------------------------- inputs
    def _drift_classes(self) -> list[str]:
        order = [t.asset_class for t in self.household.targets]
        held = sorted(k for k, v in self.before.items() if k not in order and k != CASH_CLASS and v > 0)
        return order + held

    def target_of(self, cls: str) -> float:
        t = self._targets.get(cls)
        return t.target if t else 0.0

    def band_of(self, cls: str) -> float:
        t = self._targets.get(cls)
        return t.band if (t and t.band is not None) else self.settings.default_band

    def _build(self) -> None:
        lp = _Lp()
        T = self.total
        acct_index = {a.name: i for i, a in enumerate(self.accounts)}
        self.class_expr: dict[str, dict[int, float]] = {k: {} for k in self.drift_classes}
        self.class_const: dict[str, float] = dict(self.class_before)
        cash_expr: list[dict[int, float]] = [{} for _ in self.accounts]
        self.tax_st: dict[int, float] = {}
        self.tax_lt: dict[int, float] = {}
        self.turnover: dict[int, float] = {}
        self.tiebreak: dict[int, float] = {}
        self.location_pref: dict[int, float] = {}
        restrict_sells = not self.triggered

        # taxable lots, with forced order for FIFO/LIFO/HIFO
        self.lot_vars: list[int] = []
        by_position: dict[tuple[str, str], list[int]] = {}
        for i, sl in enumerate(self.sell_lots):
            harvest = sl.gain_per_share < 0
            # a recent lot at no gain, of an identity with loss lots, sold before them realizes nothing
            # and washes none of their loss (fe19 F8; candidates.py _chain_candidates)
            clears = (restrict_sells and sl.gain_per_share == 0 and not sl.chained
                      and self._in_pool(sl.lot, sl.identity))
            ub = sl.lot.quantity if (harvest or sl.chained or clears or not restrict_sells) else 0.0
            if not self.allow_sells:
                ub = 0.0
            j = lp.var(0.0, ub)
            self.lot_vars.append(j)
            by_position.setdefault((sl.lot.account, sl.lot.symbol), []).append(i)
            a = acct_index[sl.lot.account]
            _add(cash_expr[a], j, sl.price)
            if sl.asset_class in self.class_expr:
                _add(self.class_expr[sl.asset_class], j, -sl.price)
            (self.tax_lt if sl.long_term else self.tax_st)[j] = sl.gain_per_share
            self.turnover[j] = sl.price
        self.sell_groups = by_position
        self._forced_order_rows(lp, by_position)

        # tax-advantaged positions
        self.pos_vars: list[int] = []
        self.position_var: dict[tuple[str, str], int] = {}
        loss_identities = {sl.identity for sl in self.sell_lots if sl.gain_per_share < 0}
        recent_adv: dict[tuple[str, str], float] = {}
        for ident in loss_identities:
            for r in self.pool.get(ident, ()):
                recent_adv[(r.account, r.symbol)] = recent_adv.get((r.account, r.symbol), 0.0) + r.shares
        for p in self.positions:
            ub = 0.0 if (restrict_sells or not self.allow_sells) else p.quantity
            if restrict_sells and self.allow_sells:  # selling recent shares that would wash a harvest
                ub = min(p.quantity, recent_adv.get((p.account, p.symbol), 0.0))
            j = lp.var(0.0, ub, integer=False)
            self.pos_vars.append(j)
            self.position_var[(p.account, p.symbol)] = j
            _add(cash_expr[acct_index[p.account]], j, p.price)
            if p.asset_class in self.class_expr:
                _add(self.class_expr[p.asset_class], j, -p.price)
            self.turnover[j] = p.price

        # buys
        self.buy_vars: list[int] = []
        acct_capacity = [a.cash + a.contribution for a in self.accounts]
        for lot in self.household.lots:
            if lot.account in acct_index and lot.quantity > 0:
                acct_capacity[acct_index[lot.account]] += lot.quantity * self.secs[lot.symbol].price
        self.acct_capacity = acct_capacity
        for b in self.buys:
            # finite bounds keep HiGHS's integer search sane: no account buys more than it holds in all
            j = lp.var(0.0, acct_capacity[acct_index[b.account]] / b.price)
            self.buy_vars.append(j)
            _add(cash_expr[acct_index[b.account]], j, -b.price)
            _add(self.class_expr[b.asset_class], j, b.price)
            self.turnover[j] = b.price
            self.tiebreak[j] = b.weight * b.price
            self.location_pref[j] = b.location * b.price

        # cash left per account: cash + contribution + sells - buys = left >= 0; an employer plan's
        # new money (its contribution and its sales) ends invested (payroll_cash_cap)
        self.cash_vars = []
        self.payroll_cash_caps: dict[int, float] = {}
        for a, acct in enumerate(self.accounts):
            cap = payroll_cash_cap(acct, [b for b in self.buys if b.account == acct.name],
                                   self.whole_share_symbols)
            # finite: HiGHS's MIP errs on some unbounded columns
            j = lp.var(0.0, acct_capacity[a] + 1.0 if cap is None else min(cap, acct_capacity[a] + 1.0))
            if cap is not None:
                self.payroll_cash_caps[a] = cap
            self.cash_vars.append(j)
            expr = dict(cash_expr[a])
            _add(expr, j, -1.0)
            rhs = -(acct.cash + acct.contribution)
            lp.row(expr, rhs, rhs)
        if self.cash_is_class:
            # Cash = cash-class securities (money-market funds, as traded) + the cash left in accounts
            expr = self.class_expr.setdefault(CASH_CLASS, {})
            for j in self.cash_vars:
                _add(expr, j, 1.0)
            self.class_const[CASH_CLASS] = self.class_before.get(CASH_CLASS, 0.0) - sum(
                a.cash + a.contribution for a in self.accounts)

        # band violation and distance slacks
        # (an employer plan's new money that must be invested may push a class past its band even when
        # no class is outside it now: the least such breach, a best-effort plan that says why)
        self.may_breach = self.triggered or self.outside_band or bool(self.payroll_cash_caps)
        self.v_var = lp.var(0.0, 1.0 if self.may_breach else 0.0)
        self.dist_vars = {k: lp.var(0.0, 2.0 * T + 1.0) for k in self.drift_classes}
        for k, dj in self.dist_vars.items():
            gap = self.class_const[k] - self.target_of(k) * T
            e = dict(self.class_expr[k])
            e[dj] = -1.0
            lp.row(e, -math.inf, -gap)  # V - tT - d <= 0
            e = dict(self.class_expr[k])
            e[dj] = 1.0
            lp.row(e, -gap, math.inf)  # V - tT + d >= 0
        # each class's breach of its own band, b_k >= |V_k - t_k T| / T - band_k (through d_k): in no row
        # but the breach stage's objective (stages.py), which spreads what a binding tax budget leaves of
        # the least largest breach over the classes outside their band first. Only with a tax budget:
        # columns in no objective still move HiGHS's path among equally good plans, so a model without
        # one stays as it was (the sample's golden plan)
        self.breach_vars: dict[str, int] = {}
        for k, dj in (self.dist_vars.items() if self.triggered and self.settings.tax_budget is not None else ()):
            if k == CASH_CLASS and not self.cash_is_class:
                continue
            bj = lp.var(0.0, 3.0)
            self.breach_vars[k] = bj
            lp.row({bj: T, dj: -1.0}, -self.band_of(k) * T, math.inf)  # T b - d >= -band T

        self._wash_rows(lp)
        self._exposure_rows(lp)
        self._past_wash_rows(lp)
        self._short_term_rows(lp)
        self._order_rows(lp)
        add_harvest_minimum_rows(self, lp)  # a harvest-only plan: at least Harvest Min Loss per lot, or none
        add_rebalance_minimum_rows(self, lp)  # a loss under Harvest Min Loss sells only down to target
        add_reinvest_rows(self, lp)  # a harvest-only plan reinvests what it harvests in the class
        # gain lots beyond each (account, security, term)'s cheapest prefix stay closed until a solve
        # sells the prefix out (lot_prefix.py); after every row, which read the full bounds
        self.lot_prefixes = close_lot_columns(self, lp, [self._lot_remnant(sl.lot.quantity)
                                                         for sl in self.sell_lots])
        self.lp = lp
        self.carryforward_gains = carryforward_objective(self)  # keep the most carryforward (a tie-break)
        self.unpriced_loss = unpriced_loss_objective(self)  # a harvest-only plan uses no loss for nothing
        self.band_margin = BAND_MARGIN
        self.base_rows = len(lp.lo)
        self._stage_a: dict[tuple[bool, bool], np.ndarray] = {}
        self.resolve_hint: np.ndarray | None = None  # set while lots are held (window_wait._held)


    def _linear_tax(self, rates: tuple[float, float]) -> dict[int, float]:
        """The stage objective: this year's tax at the marginal rates, plus each loss lost for good
        (a wash into a tax-advantaged replacement, wash_exposure.py) at its full value, the loss
        times the household's long-term rate on gains, :attr:`lost_rate` (taxrebal's reading, see
        :meth:`_permanent_rows`), whatever this year's rates are."""
        r_st, r_lt = rates
        out: dict[int, float] = {}
        for j, g in self.tax_st.items():
            out[j] = g * r_st
        for j, g in self.tax_lt.items():
            out[j] = g * r_lt
        for j, loss in self.lost_for_good.items():
            out[j] = out.get(j, 0.0) + loss * self.lost_rate
        return out

    @property
    def lost_rate(self) -> float:
        """What a dollar of loss lost for good costs: :func:`~taxrebal.engine.tax.gains_rate`, the
        long-term rate on gains this year's return would have with no capital gain or loss (computed
        once; the same figure in every stage and in window_wait.py)."""
        cached = self.__dict__.get("_lost_rate")
        if cached is None:
            settings = self.settings if self.settings.as_of is not None else replace(self.settings, as_of=self.as_of)
            cached = self.__dict__["_lost_rate"] = gains_rate(TaxProfile.from_settings(settings))
        return float(cached)

    @property
    def carryforward_rates(self) -> CarryforwardRates:
        """What a dollar of loss carried forward is worth later, in the plan notes' words: against a
        long-term gain (:attr:`lost_rate`'s figure) or ordinary income (engine/carryforward_worth.py).
        Shown only, never priced in the plan."""
        cached = self.__dict__.get("_carryforward_rates")
        if cached is None:
            settings = self.settings if self.settings.as_of is not None else replace(self.settings, as_of=self.as_of)
            cached = self.__dict__["_carryforward_rates"] = CarryforwardRates.of(TaxProfile.from_settings(settings))
        return cached

    def _band_rows(self, lp_rows: list[tuple[Mapping[int, float], float, float]], cap: float | None,
                   shrink: Mapping[str, float] | None = None) -> None:
        """|V_k - t_k T| <= (band_k + v) T, or <= cap T for the frontier (v then fixed to 0); ``shrink``
        narrows class k's lower edge (Cash's upper edge) by ``shrink[k]`` (stages.py: room for rounding
        buys down and sells up to whole shares)."""
        T = self.total
        for k in self.drift_classes:
            if k == CASH_CLASS and not self.cash_is_class:
                continue
            # a hair inside the band so that the plan is "Within" after float round-off too
            band = max(0.0, (cap if cap is not None else self.band_of(k)) - self.band_margin)
            # the rounding of stages.py moves buys down and sells up (never short of cash): it can
            # only lower a class (its lower edge needs the room) and raise the cash left (Cash's upper)
            narrow = shrink.get(k, 0.0) if shrink else 0.0
            upper = max(0.0, band - narrow) if k == CASH_CLASS else band
            lower = band if k == CASH_CLASS else max(0.0, band - narrow)
            gap = self.class_const[k] - self.target_of(k) * T
            e = dict(self.class_expr[k])
            if cap is None:
                e[self.v_var] = -T
            lp_rows.append((e, -math.inf, upper * T - gap))
            e = dict(self.class_expr[k])
            if cap is None:
                e[self.v_var] = T
            lp_rows.append((e, -lower * T - gap, math.inf))


    def after_values(self, x: np.ndarray) -> dict[str, float]:
        """Class values after the plan (Cash = the cash left in every account)."""
        after = dict(self.before)
        for k in self.drift_classes:
            after[k] = self.class_const[k] + sum(x[j] * v for j, v in self.class_expr[k].items())
        if not self.cash_is_class:
            cash = sum(max(0.0, float(x[j])) for j in self.cash_vars)
            if cash > 1e-9 or CASH_CLASS in after:
                after[CASH_CLASS] = cash + (self.before.get(CASH_CLASS, 0.0) - sum(
                    a.cash + a.contribution for a in self.accounts))
        return {k: (0.0 if abs(v) < 1e-6 else v) for k, v in after.items()}


def max_drift(household: Household, values: Mapping[str, float] | None = None) -> float:
    """Largest |weight - target| over the classes (Cash only when it has a target)."""
    drifts = [abs(r.drift) for r in allocation(household, values) if r.banded]
    return max(drifts, default=0.0)

