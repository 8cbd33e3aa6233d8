"""The household rebalancer: back within the bands (or to target) for the least tax.

Rules, in the order of preference the optimizer works through (it decides how far each goes):

1. **Cash first.** Cash and new contributions are spent on underweight classes; no sale needed.
2. **Tax-advantaged trades** (IRA, 401(k), Roth, HSA) realize no gain or loss (IRC §§401, 408,
   408A, 223), so selling an overweight class there costs nothing.
3. **Harvest losses** in taxable accounts (IRC §165(c)(2), §1211(b)): a lot sold below its adjusted
   basis realizes a loss that offsets gains and up to $3,000 of other income; the class is kept by
   buying a *replacement* that is not substantially identical (a different ``Security.identity``).
4. **Taxable sales** sell the lots with the least tax per dollar (the lots are chosen one by one:
   specific identification, Treas. Reg. §1.1012-1(c); Settings.lot_method FIFO/LIFO/HIFO forces that
   order instead). Short-term gains (held one year or less, IRC §1222) are never realized unless
   Settings.allow_short_term_gains. Settings.tax_budget caps the extra tax.
5. **Wash sales** (IRC §1091; Pub 550 "Wash Sales"; Rev. Rul. 2008-5 for IRAs): a loss is
   disallowed when substantially identical stock is bought within 30 days before or after the sale
   in any account of the household. So the plan never buys an identity it sells at a loss, or that
   was sold at a loss in the last 30 days, and never sells at a loss shares of an identity bought in
   the last 30 days (it says so in the notes).
6. **Asset location** (tie-break only, never at the cost of tax): a class's Targets.location wins;
   otherwise tax-inefficient classes (bonds, REITs, cash) go to tax-deferred accounts, high-growth
   equity (small cap, emerging markets, growth) to tax-free accounts, broad equity and municipal
   bonds to taxable accounts.
7. **Menus, minimum trade, whole shares, turnover**: an account buys only what its menu lists; no
   order is smaller than Settings.min_trade (there is no exception for residual cash: leftover cash
   stays in the account and is reported); with Settings.whole_shares every order is a whole number
   of shares; a small turnover penalty removes pointless trades.

Each account is its own cash silo: money never moves between accounts and no account's cash goes
below zero (cash + contribution + what its own sells raise is what it can spend).

**The optimization** (``scipy.optimize.milp``, HiGHS). Variables: shares sold of every taxable lot
(``gain_i = q_i x (price - unit_cost_i)`` is exact and linear), shares sold of every tax-advantaged
position, shares bought per (account, security), cash left per account, the largest band violation
``v`` and the distance of each class from target. Binaries only for wash-sale exclusivity (an
identity is either sold at a loss or bought, never both), minimum trade sizes, forced lot order
and whole shares. Tax in the model is linear at the household's marginal ST/LT rates
(:func:`taxrebal.engine.tax.marginal_rates`); the plan's reported tax is the *true* tax of its
gains (:func:`taxrebal.engine.tax.marginal_tax`: brackets, netting, the $3,000 limit, NIIT). The
rates are re-estimated once at the plan's own gains and the plan with the lower true tax is kept.
Three stages, lexicographic:

A. minimize ``v`` (0 when every band can be reached within the tax budget);
B. minimize linear tax with ``v <= v*``;
C. with tax <= minimum + $0.01 (+0.0001%), minimize distance to target (Rebalance To = Target; at band
   edge only the cash is steered toward target), turnover and the location tie-breaks.

**Exact and restricted solves.** A model with at most 120 integer decisions is solved exactly (MIP
gap 1e-7; tests/test_rebalance_bruteforce.py checks the tax against enumeration). A larger one is
solved on what its LP relaxation trades: orders the relaxation leaves at 0 stay closed, orders it
sizes at or above Settings.min_trade keep that minimum, each wash-sale choice (harvest an identity,
or buy it) is fixed from the relaxation; if that fails the full MILP runs with a time limit and the
previous stage's plan is the fallback. That is a heuristic, not a proof: bench/bench_rebalance.py
reports how close it comes to the LP bound. Stage C (distance/turnover once the tax is fixed) uses
a 0.1% gap and a 50-node limit.

**Worked example** (tests/test_rebalance_plans.py): targets 60/40 (5-point bands), $100,000 drifted
to 70/30: Taxable holds $30,000 of stocks (basis $10,000), the IRA $40,000 of stocks and $30,000 of
bonds. Stocks are 10 points over their band centre and 5 past the edge. The plan sells $10,000 of
stocks in the IRA and buys $10,000 of bonds there: realized gain 0, tax $0, drift 0. Selling in
the taxable account instead would realize $6,667 of long-term gain: $1,000 of tax at 15%.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Iterable, Mapping, Optional, Sequence

import numpy as np
import warnings

from scipy.optimize import Bounds, LinearConstraint
from scipy.optimize import milp as _scipy_milp
from scipy.sparse import coo_array

from ..errors import InfeasiblePlanError, InputError, Issue, Severity
from .allocation import CASH_CLASS, allocation, class_values
from .holding import is_long_term, long_term_date
from .lots import order_lots
from .plan import LotSale, Plan, PlanStatus, Reason, Trade
from .records import (
    Account,
    Action,
    Household,
    Lot,
    LotMethod,
    RebalanceTo,
    Security,
    TaxTreatment,
)
from .tax import MarginalTax, TaxProfile, marginal_rates, marginal_tax
from .wash import WashResult, adjust_lots, purchase_id, recent_purchases, window_days

__all__ = [
    "plan_rebalance",
    "RebalanceModel",
    "SolveOptions",
    "Solution",
    "location_penalty",
    "max_drift",
    "WASH_WINDOW_DAYS",
    "relaxation_bound",
]

#: IRC §1091(a): the window is 30 days before and 30 days after the sale (the dated parameter
#: ``wash_sale.window_days`` via :func:`taxrebal.engine.wash.window_days`; 30 when not tabulated).
WASH_WINDOW_DAYS = 30
#: Turnover penalty per dollar traded (stage C): small against any tax rate, large against noise.
TURNOVER_WEIGHT = 1e-4
#: a lot piece, tax-free sell or buy worth less than this is dropped from a fractional-share plan
SLIVER_DOLLARS = 1.0
#: Location tie-break per dollar bought per step away from the preferred location.
LOCATION_WEIGHT = 0.2 * TURNOVER_WEIGHT
#: Replacement preference tie-break per dollar per rank in Security.replacements.
REPLACEMENT_WEIGHT = 0.01 * TURNOVER_WEIGHT
#: Stage C may spend this much more (linear) tax than the stage-B minimum: $0.01 + 0.0001%.
TAX_TOLERANCE_ABS = 0.01
TAX_TOLERANCE_REL = 1e-6
#: Band violation tolerance (fraction points) carried from stage A to later stages.
BAND_TOLERANCE = 1e-7
#: Above this many integer variables the MILP is solved on the orders its LP relaxation trades.
EXACT_INTEGER_LIMIT = 120
#: Stage C (distance and turnover at the least tax) is solved exactly only for the smallest models.
STAGE_C_EXACT_LIMIT = 30
#: Stage C's relative MIP gap: its objective is distance to target and turnover in dollars, where a
#: 0.1% gap is a few dollars of distance; proving more costs seconds with whole shares.
STAGE_C_GAP = 1e-3
#: ... and its absolute gap in dollars (plus 0.001% of the household).
STAGE_C_ABS_GAP = 5.0
#: ... and its branch-and-bound node limit (deterministic, unlike a time limit): the best plan found
#: by then is kept; its tax is already fixed by the constraint, only distance/turnover could improve.
STAGE_C_NODE_LIMIT = 50
#: Relative MIP gap of the restricted solve of a large model, and the full MILP's time limit after it.
LARGE_MODEL_GAP = 1e-5
FALLBACK_TIME_LIMIT = 5.0
#: The model aims this far (fraction points) inside each band edge.
BAND_MARGIN = 1e-9
#: Dollar step for finite-difference marginal rates.
RATE_STEP = 1_000.0


# --------------------------------------------------------------------------------------------------
# Asset location


_INEFFICIENT = ("bond", "fixed income", "treasur", "tips", "reit", "real estate", "high yield",
                "credit", "income", "money market", "cash", "commodit")
_MUNICIPAL = ("muni", "tax-exempt", "tax exempt")
_GROWTH = ("emerging", "small", "growth", "frontier", "venture")


def location_penalty(asset_class: str, treatment: TaxTreatment, preferred: Optional[TaxTreatment] = None) -> int:
    """Steps (0 = best) between buying ``asset_class`` in an account of ``treatment`` and its best home.

    Rule (Pub 550 for why interest is taxed yearly at ordinary rates while qualified dividends and
    long-term gains get 0/15/20%): a Targets.location wins when given (0 there, 1 elsewhere).
    Otherwise: municipal bonds (interest tax-exempt, IRC §103) belong in taxable accounts;
    tax-inefficient classes (bonds, REITs, cash, commodities: income taxed at ordinary rates) in
    tax-deferred, then tax-free, then taxable; high-growth equity in tax-free, then taxable, then
    tax-deferred; other equity (tax-efficient, qualified dividends) in taxable, then tax-free, then
    tax-deferred. Example: "US Bonds" in a 401(k) -> 0, in a Roth -> 1, in a brokerage account -> 2.
    """
    if preferred is not None:
        return 0 if treatment is preferred else 1
    name = asset_class.lower()
    T = TaxTreatment
    if any(w in name for w in _MUNICIPAL):
        order = (T.TAXABLE, T.TAX_FREE, T.TAX_DEFERRED)
    elif any(w in name for w in _INEFFICIENT):
        order = (T.TAX_DEFERRED, T.TAX_FREE, T.TAXABLE)
    elif any(w in name for w in _GROWTH):
        order = (T.TAX_FREE, T.TAXABLE, T.TAX_DEFERRED)
    else:
        order = (T.TAXABLE, T.TAX_FREE, T.TAX_DEFERRED)
    return order.index(treatment)


# --------------------------------------------------------------------------------------------------
# Problem data


@dataclass(frozen=True)
class _SellLot:
    """A taxable lot the model may sell from."""

    lot: Lot
    price: float
    gain_per_share: float
    long_term: bool
    identity: str
    asset_class: str


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
    weight: float  # tie-break cost per dollar (location + replacement rank)


@dataclass(frozen=True)
class SolveOptions:
    """What a stage solves with. ``drift_cap`` (fraction) replaces the bands by ``|drift| <= cap``
    (the frontier); ``relaxed`` drops integrality and the wash-sale exclusivity (the LP bound)."""

    rates: tuple[float, float]
    tax_budget: Optional[float] = None
    drift_cap: Optional[float] = None
    relaxed: bool = False
    to_target: bool = True
    time_limit: float = 20.0


@dataclass(frozen=True)
class Solution:
    x: np.ndarray
    violation: float
    linear_tax: float
    realized_st: float
    realized_lt: float


def milp(c, **kw):
    """scipy's HiGHS MILP, quiet about the pass-through ``mip_abs_gap`` option."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Unrecognized options")
        return _scipy_milp(c, **kw)


class _Lp:
    """A growing sparse model: variables with bounds/integrality and rows lo <= a.x <= hi."""

    def __init__(self) -> None:
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.integ: list[int] = []
        self.rows_i: list[int] = []
        self.rows_j: list[int] = []
        self.rows_v: list[float] = []
        self.lo: list[float] = []
        self.hi: list[float] = []

    def var(self, lb: float = 0.0, ub: float = math.inf, integer: bool = False) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        self.integ.append(1 if integer else 0)
        return len(self.lb) - 1

    def row(self, coefs: Mapping[int, float] | Iterable[tuple[int, float]], lo: float, hi: float) -> None:
        r = len(self.lo)
        items = coefs.items() if isinstance(coefs, Mapping) else coefs
        for j, v in items:
            if v != 0.0:
                self.rows_i.append(r)
                self.rows_j.append(j)
                self.rows_v.append(float(v))
        self.lo.append(lo)
        self.hi.append(hi)

    @property
    def n(self) -> int:
        return len(self.lb)


def _add(expr: dict[int, float], j: int, v: float) -> None:
    expr[j] = expr.get(j, 0.0) + v


class RebalanceModel:
    """The household as a MILP. Build once, solve the stages with :meth:`solve`.

    Public so the benchmark and the frontier can reuse it; most callers want :func:`plan_rebalance`.
    """

    def __init__(self, household: Household, as_of: date, *, rebalance_now: Optional[bool] = None,
                 allow_sells: bool = True):
        """``rebalance_now`` None: sell to rebalance only when a class is outside its band (else only
        harvests and cash); True: always (the frontier). ``allow_sells`` False: buys from cash only."""
        self.household = household
        self.as_of = as_of
        self.settings = household.settings
        self.window = window_days(as_of.year)
        self.secs = household.security_map()
        self.accounts = list(household.accounts)
        self.notes: list[str] = []
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
        self.recent_buys = self._recent_buys()
        self._collect_lots()
        self._collect_buys()
        self._build()

    # ---------------------------------------------------------------------------------- inputs

    def _check_inputs(self) -> None:
        issues = []
        accounts = self.household.account_map()
        for lot in self.household.lots:
            sheet, row = (lot.source.sheet, lot.source.row) if lot.source else ("Lots", 0)
            where = f"row {row}" if row else f"lot {lot.lot_id}"
            if lot.symbol not in self.secs:
                issues.append(Issue(Severity.ERROR, sheet, f"A{row}" if row else "",
                                    f"Lot {lot.lot_id} ({where}) holds {lot.symbol}, which is not on the "
                                    f"Securities sheet: add it there with its asset class and price."))
                continue
            if lot.account not in accounts:
                issues.append(Issue(Severity.ERROR, sheet, f"A{row}" if row else "",
                                    f"Lot {lot.lot_id} ({where}) is in account {lot.account!r}, which is not "
                                    f"on the Accounts sheet: add the account or fix the name."))
                continue
            if accounts[lot.account].is_taxable and lot.quantity > 0:
                if lot.basis is None:
                    issues.append(Issue(Severity.ERROR, sheet, f"A{row}" if row else "",
                                        f"Lot {lot.lot_id} ({where}) in taxable account {lot.account} has no "
                                        f"cost basis: enter the Cost Basis from the broker's statement."))
                if lot.holding_start is None and not lot.inherited:
                    issues.append(Issue(Severity.ERROR, sheet, f"A{row}" if row else "",
                                        f"Lot {lot.lot_id} ({where}) in taxable account {lot.account} has no "
                                        f"acquisition date: enter it, or 'Inherited'."))
        targets = self.household.targets
        if not targets:
            issues.append(Issue(Severity.ERROR, "Targets", "",
                                "The Targets sheet has no asset class: enter each class's target weight "
                                "(they add up to 100%) to rebalance."))
        elif abs(sum(t.target for t in targets) - 1.0) > 1e-3:
            total = sum(t.target for t in targets)
            issues.append(Issue(Severity.ERROR, "Targets", "B",
                                f"The targets add up to {total * 100:.2f}%: make them add up to 100%."))
        for s in self.household.securities:
            if not (s.price > 0) or not math.isfinite(s.price):
                issues.append(Issue(Severity.ERROR, "Securities", "",
                                    f"{s.symbol} has price {s.price}: enter its current price (more than 0)."))
        if issues:
            raise InputError("The rebalancer cannot use this household: " + issues[0].message, tuple(issues))

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

    # ------------------------------------------------------------------------ wash-sale history

    def _within_window(self, d: date) -> bool:
        return 0 <= (self.as_of - d).days <= self.window

    def _recent_loss_sales(self) -> dict[str, date]:
        """Identity -> latest date it was sold at a loss in a taxable account in the last 30 days.

        A sale whose basis is unknown counts as a loss (buying it back could wash a loss we cannot see).
        """
        accounts = self.household.account_map()
        lots = {(l.account, l.lot_id): l for l in self.household.lots}
        out: dict[str, date] = {}
        for t in self.household.transactions:
            if t.action is not Action.SELL or not self._within_window(t.date):
                continue
            acct = accounts.get(t.account)
            if acct is not None and not acct.is_taxable:
                continue
            basis = t.basis
            if basis is None and t.lot_id and (t.account, t.lot_id) in lots:
                lot = lots[(t.account, t.lot_id)]
                if lot.adjusted_basis is not None and lot.quantity > 0:
                    basis = lot.adjusted_basis / lot.quantity * t.quantity
            if basis is not None and t.quantity * t.price >= basis:
                continue
            ident = self._identity(t.symbol)
            if ident not in out or t.date > out[ident]:
                out[ident] = t.date
        return out

    def _recent_buys(self) -> dict[str, list[tuple[date, str, str]]]:
        """Identity -> purchases (date, account, purchase id) in the last 30 days, any account, that
        can still wash a loss sold today: still held and not already used as replacement shares for
        an earlier loss (each share replaces once, Treas. Reg. §1.1091-1(e)). The one reading shared
        with the harvest scan and the pre-trade check
        (:func:`taxrebal.engine.wash.recent_purchases`), so the three never disagree about a lot."""
        wash = _wash_of(self.household)
        first = self.as_of - timedelta(days=self.window)
        return {ident: [(p.acquired, p.account, p.purchase_id) for p in items]
                for ident, items in recent_purchases(wash.household, wash, first, self.as_of).items()}

    def _identity(self, symbol: str) -> str:
        s = self.secs.get(symbol)
        return s.identity if s else symbol

    # ------------------------------------------------------------------------- sell candidates

    def _collect_lots(self) -> None:
        accounts = self.household.account_map()
        allow_st = self.settings.allow_short_term_gains
        self.sell_lots: list[_SellLot] = []
        self.positions: list[_Position] = []
        self.blocked_st: list[_SellLot] = []  # short-term gain lots kept back by the rule
        self.blocked_wash: list[_SellLot] = []  # loss lots recent purchases would wash
        adv: dict[tuple[str, str], float] = {}
        held = {lot.symbol for lot in self.household.lots if lot.quantity > 0}
        #: identities with a DRIP holding: a reinvested dividend within 30 days would wash a loss
        self.drip_identities = {s.identity for s in self.household.securities if s.drip and s.symbol in held}
        for lot in self.household.lots:
            if lot.quantity <= 0:
                continue
            sec = self.secs[lot.symbol]
            acct = accounts[lot.account]
            if not acct.is_taxable:
                adv[(lot.account, lot.symbol)] = adv.get((lot.account, lot.symbol), 0.0) + lot.quantity
                continue
            unit = lot.unit_cost
            lt = is_long_term(lot.holding_start, self.as_of, lot.inherited)
            sl = _SellLot(lot, sec.price, sec.price - unit, lt, sec.identity, sec.asset_class)
            if sl.gain_per_share > 0 and not lt and not allow_st:
                self.blocked_st.append(sl)
                continue
            if sl.gain_per_share < 0 and (self._washed_by_recent_buy(lot, sec.identity)
                                          or sec.identity in self.drip_identities):
                self.blocked_wash.append(sl)
                continue
            if sl.gain_per_share < 0 and not self._may_sell_loss(sl):
                continue
            self.sell_lots.append(sl)
        for (a, s), q in adv.items():
            self.positions.append(_Position(a, s, q, self.secs[s].price, self.secs[s].asset_class))

    def _washed_by_recent_buy(self, lot: Lot, identity: str) -> bool:
        """True when a purchase of the identity in the last 30 days (other than this lot itself) would
        wash a loss on this lot (IRC §1091(a): 30 days *before* the sale count too)."""
        own = purchase_id(lot)
        return any(pid != own for _d, _acct, pid in self.recent_buys.get(identity, ()))

    def _may_sell_loss(self, sl: _SellLot) -> bool:
        """A loss lot may be sold when its class is over target (it is sold to rebalance anyway) or
        when the position's loss is worth harvesting (Settings.harvest_min_loss and _pct)."""
        cls = sl.asset_class
        weight = self.before.get(cls, 0.0) / self.total
        if weight > self.target_of(cls) + 1e-12 and self.triggered:
            return True
        loss = -sl.gain_per_share * sl.lot.quantity
        basis = sl.lot.adjusted_basis or 0.0
        s = self.settings
        return loss >= s.harvest_min_loss - 1e-9 and loss >= s.harvest_min_loss_pct * basis - 1e-9

    # -------------------------------------------------------------------------- buy candidates

    def _collect_buys(self) -> None:
        self.buys: list[_BuyOption] = []
        self.unbuyable_recent_loss: list[tuple[str, str, date]] = []
        wanted = {k for k in self.drift_classes if self.target_of(k) > 0}
        for acct in self.accounts:
            for sec in self.household.securities:
                if sec.asset_class not in wanted or not self.household.may_buy(acct.name, sec.symbol):
                    continue
                if sec.asset_class == CASH_CLASS:
                    continue
                sold = self.recent_loss_sales.get(sec.identity)
                if sold is not None:
                    self.unbuyable_recent_loss.append((acct.name, sec.symbol, sold))
                    continue
                t = self._targets.get(sec.asset_class)
                w = LOCATION_WEIGHT * location_penalty(sec.asset_class, acct.treatment,
                                                       t.location if t else None)
                w += REPLACEMENT_WEIGHT * self._replacement_rank(sec)
                self.buys.append(_BuyOption(acct.name, sec.symbol, sec.price, sec.asset_class,
                                            sec.identity, w))

    def _replacement_rank(self, sec: Security) -> int:
        """Rank of ``sec`` in the replacement lists of the same class (0 = first choice or unlisted)."""
        best = 0
        for other in self.household.securities:
            if other.asset_class == sec.asset_class and sec.symbol in other.replacements:
                best = max(best, other.replacements.index(sec.symbol))
        return best

    # ------------------------------------------------------------------------------ the model

    def _build(self) -> None:
        lp = _Lp()
        s = self.settings
        T = self.total
        acct_index = {a.name: i for i, a in enumerate(self.accounts)}
        self.class_expr: dict[str, dict[int, float]] = {k: {} for k in self.drift_classes}
        self.class_const: dict[str, float] = dict(self.class_before)
        cash_expr: list[dict[int, float]] = [{} for _ in self.accounts]
        self.tax_st: dict[int, float] = {}
        self.tax_lt: dict[int, float] = {}
        self.turnover: dict[int, float] = {}
        self.tiebreak: dict[int, float] = {}
        restrict_sells = not self.triggered

        # taxable lots, with forced order for FIFO/LIFO/HIFO
        self.lot_vars: list[int] = []
        by_position: dict[tuple[str, str], list[int]] = {}
        for i, sl in enumerate(self.sell_lots):
            harvest = sl.gain_per_share < 0
            ub = sl.lot.quantity if (harvest or not restrict_sells) else 0.0
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
        for p in self.positions:
            ub = 0.0 if (restrict_sells or not self.allow_sells) else p.quantity
            j = lp.var(0.0, ub, integer=False)
            self.pos_vars.append(j)
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

        # cash left per account: cash + contribution + sells - buys = left >= 0
        self.cash_vars = []
        for a, acct in enumerate(self.accounts):
            j = lp.var(0.0, math.inf)
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
        self.v_var = lp.var(0.0, 1.0 if (self.triggered or self.outside_band) else 0.0)
        self.dist_vars = {k: lp.var(0.0, math.inf) for k in self.drift_classes}
        for k, dj in self.dist_vars.items():
            gap = self.class_const[k] - self.target_of(k) * T
            e = dict(self.class_expr[k])
            e[dj] = -1.0
            lp.row(e, -math.inf, -gap)  # V - tT - d <= 0
            e = dict(self.class_expr[k])
            e[dj] = 1.0
            lp.row(e, -gap, math.inf)  # V - tT + d >= 0

        self._wash_rows(lp)
        self._order_rows(lp)
        self.lp = lp
        self.base_rows = len(lp.lo)
        self._stage_a: dict[tuple[bool, bool], np.ndarray] = {}

    def _forced_order_rows(self, lp: _Lp, by_position: Mapping[tuple[str, str], list[int]]) -> None:
        """FIFO/LIFO/HIFO: a lot may be sold only after every lot before it is sold in full.

        Treas. Reg. §1.1012-1(c)(1): without adequate identification the shares sold are the earliest
        acquired (FIFO); a broker's standing LIFO/HIFO instruction is an adequate identification in
        that fixed order. Blocked lots (short-term gains not allowed, losses recent buys would wash)
        stop the chain: the order cannot skip them.
        """
        method = self.settings.lot_method
        if method not in (LotMethod.FIFO, LotMethod.LIFO, LotMethod.HIFO):
            return
        blocked = {(sl.lot.account, sl.lot.symbol): [] for sl in self.blocked_st + self.blocked_wash}
        for sl in self.blocked_st + self.blocked_wash:
            blocked[(sl.lot.account, sl.lot.symbol)].append(sl)
        for key, idx in by_position.items():
            members = [(self.sell_lots[i], self.lot_vars[i]) for i in idx]
            members += [(sl, None) for sl in blocked.get(key, [])]
            # lots the harvest rule left out entirely also hold their place in the order
            included = {id(m[0].lot) for m in members}
            for lot in self.household.lots:
                if (lot.account, lot.symbol) == key and lot.quantity > 0 and id(lot) not in included:
                    members.append((_SellLot(lot, 0.0, 0.0, True, "", ""), None))
            rank = {id(l): i for i, l in enumerate(order_lots([m[0].lot for m in members],
                                                              self.secs[key[1]].price, self.as_of, method))}
            members.sort(key=lambda m: rank[id(m[0].lot)])
            for (sl, j), (_nsl, nj) in zip(members, members[1:]):
                if nj is None:
                    continue
                if j is None:  # a blocked lot before this one: the chain stops here
                    lp.ub[nj] = 0.0
                    continue
                f = lp.var(0.0, 1.0, integer=True)
                lp.row({j: 1.0, f: -sl.lot.quantity}, 0.0, math.inf)  # q_j >= qty_j * full_j
                lp.row({nj: 1.0, f: -_nsl.lot.quantity}, -math.inf, 0.0)  # q_next <= qty_next * full_j

    def _wash_rows(self, lp: _Lp) -> None:
        """An identity is either sold at a loss in the plan or bought, never both (IRC §1091(a))."""
        loss_by_identity: dict[str, list[int]] = {}
        for sl, j in zip(self.sell_lots, self.lot_vars):
            if sl.gain_per_share < 0:
                loss_by_identity.setdefault(sl.identity, []).append(j)
        buys_by_identity: dict[str, list[int]] = {}
        for b, j in zip(self.buys, self.buy_vars):
            if b.identity in loss_by_identity:
                buys_by_identity.setdefault(b.identity, []).append(j)
        self.wash_binaries: list[int] = []
        self.wash_groups: list[tuple[int, list[int], list[int]]] = []  # (y, loss sells, buys)
        acct_index = {a.name: i for i, a in enumerate(self.accounts)}
        for ident, buy_js in buys_by_identity.items():
            y = lp.var(0.0, 1.0, integer=True)  # 1 = the plan sells this identity at a loss
            self.wash_binaries.append(y)
            self.wash_groups.append((y, loss_by_identity[ident], buy_js))
            for j in loss_by_identity[ident]:
                lp.row({j: 1.0, y: -lp.ub[j]}, -math.inf, 0.0)
            for j in buy_js:
                b = self.buys[self.buy_vars.index(j)]
                m = self.acct_capacity[acct_index[b.account]] / b.price
                lp.row({j: 1.0, y: m}, -math.inf, m)

    def _order_rows(self, lp: _Lp) -> None:
        """Settings.min_trade (an order is 0 or at least min_trade dollars) and whole shares."""
        s = self.settings
        self.order_binaries: list[int] = []
        self.integer_vars: list[int] = []
        orders: list[tuple[list[int], float, float]] = []  # (vars, price, max shares)
        for key, idx in self.sell_groups.items():
            js = [self.lot_vars[i] for i in idx]
            cap = sum(lp.ub[j] for j in js)
            if cap > 0:
                orders.append((js, self.sell_lots[idx[0]].price, cap))
        for p, j in zip(self.positions, self.pos_vars):
            if lp.ub[j] > 0:
                orders.append(([j], p.price, lp.ub[j]))
        acct_index = {a.name: i for i, a in enumerate(self.accounts)}
        for b, j in zip(self.buys, self.buy_vars):
            orders.append(([j], b.price, self.acct_capacity[acct_index[b.account]] / b.price))
        #: (variables, price, min-trade binary or None, whole-share integer or None) per order
        self.orders: list[tuple[list[int], float, Optional[int], Optional[int]]] = []
        for js, price, cap in orders:
            z = m = None
            if s.whole_shares:
                if len(js) == 1:
                    lp.integ[js[0]] = 1
                    self.integer_vars.append(js[0])
                    m = js[0]
                    if math.isfinite(lp.ub[js[0]]):
                        lp.ub[js[0]] = math.floor(lp.ub[js[0]] + 1e-9)
                else:
                    m = lp.var(0.0, math.floor(cap + 1e-9), integer=True)
                    self.integer_vars.append(m)
                    e = {j: 1.0 for j in js}
                    e[m] = -1.0
                    lp.row(e, 0.0, 0.0)
            if s.min_trade > 0 and s.min_trade < cap * price:
                z = lp.var(0.0, 1.0, integer=True)
                self.order_binaries.append(z)
            self.orders.append((js, price, z, m))
            if z is not None:
                e = {j: price for j in js}
                e[z] = -s.min_trade
                lp.row(e, 0.0, math.inf)  # amount >= min_trade * z
                e = {j: 1.0 for j in js}
                e[z] = -cap
                lp.row(e, -math.inf, 0.0)  # shares <= cap * z
            elif s.min_trade > 0:
                for j in js:  # the whole order could never reach the minimum
                    lp.ub[j] = 0.0

    # ------------------------------------------------------------------------------ solving

    def _linear_tax(self, rates: tuple[float, float]) -> dict[int, float]:
        r_st, r_lt = rates
        out: dict[int, float] = {}
        for j, g in self.tax_st.items():
            out[j] = g * r_st
        for j, g in self.tax_lt.items():
            out[j] = g * r_lt
        return out

    def _band_rows(self, lp_rows: list, cap: Optional[float]) -> None:
        """|V_k - t_k T| <= (band_k + v) T, or <= cap T for the frontier (v then fixed to 0)."""
        T = self.total
        for k in self.drift_classes:
            if k == CASH_CLASS and not self.cash_is_class:
                continue
            # a hair inside the band so that the plan is "Within" after float round-off too
            band = max(0.0, (cap if cap is not None else self.band_of(k)) - BAND_MARGIN)
            gap = self.class_const[k] - self.target_of(k) * T
            e = dict(self.class_expr[k])
            if cap is None:
                e[self.v_var] = -T
            lp_rows.append((e, -math.inf, band * T - gap))
            e = dict(self.class_expr[k])
            if cap is None:
                e[self.v_var] = T
            lp_rows.append((e, -band * T - gap, math.inf))

    def solve(self, objective: Mapping[int, float], opts: SolveOptions,
              extra: Sequence[tuple[Mapping[int, float], float, float]] = (),
              v_cap: Optional[float] = None, incumbent: Optional[np.ndarray] = None,
              y_from_incumbent: bool = False, exact_limit: int = -1,
              gap: Optional[float] = None, abs_gap: Optional[float] = None,
              node_limit: Optional[int] = None) -> Optional[np.ndarray]:
        """Solve with ``objective`` (var -> coefficient) plus band rows, the tax budget and ``extra``.
        ``incumbent``: a solution known to be feasible (the previous stage's); a large model keeps its
        orders open so the restricted solve stays feasible."""
        lp = self.lp
        rows = []
        self._band_rows(rows, opts.drift_cap)
        if opts.tax_budget is not None:
            rows.append((self._linear_tax(opts.rates), -math.inf, opts.tax_budget))
        rows.extend(extra)
        ri, rj, rv = list(lp.rows_i), list(lp.rows_j), list(lp.rows_v)
        lo, hi = list(lp.lo), list(lp.hi)
        for e, l, h in rows:
            r = len(lo)
            for j, v in e.items():
                if v != 0.0:
                    ri.append(r)
                    rj.append(j)
                    rv.append(v)
            lo.append(l)
            hi.append(h)
        A = coo_array((rv, (ri, rj)), shape=(len(lo), lp.n)).tocsr()
        c = np.zeros(lp.n)
        for j, v in objective.items():
            c[j] += v
        lb = np.array(lp.lb)
        ub = np.array(lp.ub)
        if opts.drift_cap is not None:
            ub[self.v_var] = 0.0
        elif v_cap is not None:
            ub[self.v_var] = min(ub[self.v_var], v_cap)
        integ = np.array(lp.integ)
        if opts.relaxed:
            integ = np.zeros(lp.n)
            for y in self.wash_binaries:  # no wash-sale exclusivity in the bound
                lb[y], ub[y] = 0.0, 1.0
        cons = LinearConstraint(A, np.array(lo), np.array(hi))
        options = {"time_limit": opts.time_limit, "mip_rel_gap": 1e-7 if gap is None else gap, "presolve": True}
        if abs_gap is not None:
            options["mip_abs_gap"] = abs_gap  # a HiGHS option scipy passes through (with a warning)
        if node_limit is not None:
            options["node_limit"] = node_limit
        if integ.sum() > (EXACT_INTEGER_LIMIT if exact_limit < 0 else exact_limit):
            # Large model: solve the LP relaxation, then keep the integer decisions open only for
            # the orders the relaxation trades (orders it leaves at 0 stay at 0; orders it sizes at
            # least min_trade keep their minimum). Falls back to the full MILP if that fails.
            if y_from_incumbent and incumbent is not None:
                lb, ub = lb.copy(), ub.copy()
                for y in self.wash_binaries:
                    lb[y] = ub[y] = 1.0 if incumbent[y] > 0.5 else 0.0
            relax = milp(c, integrality=np.zeros(lp.n), bounds=Bounds(lb, ub), constraints=cons,
                         options=dict(options))  # scipy pops keys from the dict it is given
            if relax.x is not None:
                rlb, rub = self._restrict(relax.x, incumbent, lb, ub, y_from_incumbent)
                options["mip_rel_gap"] = max(LARGE_MODEL_GAP, options["mip_rel_gap"])
                free = (integ > 0) & (rub - rlb > 0.5)
                rinteg = integ if free.any() else np.zeros(lp.n)  # all fixed: a plain LP
                res = milp(c, integrality=rinteg, bounds=Bounds(rlb, rub), constraints=cons,
                           options=dict(options))
                if res.x is not None:
                    return np.asarray(res.x)
            options["time_limit"] = min(opts.time_limit, FALLBACK_TIME_LIMIT)
        res = milp(c, integrality=integ, bounds=Bounds(lb, ub), constraints=cons, options=dict(options))
        if res.x is None and incumbent is not None:
            return incumbent  # still feasible: the previous stage's plan
        if res.x is None:
            return None
        return np.asarray(res.x)

    def _restrict(self, x: np.ndarray, incumbent: Optional[np.ndarray], lb: np.ndarray,
                  ub: np.ndarray, y_from_incumbent: bool) -> tuple[np.ndarray, np.ndarray]:
        """Keep open only the orders the LP relaxation (or, in stage C, the incumbent) trades; an order
        both size at least min_trade keeps its minimum without branching; fix each wash-sale binary (sell the identity at a loss, or buy it) from
        the incumbent, or else from the LP (harvest when the LP sells more of it at a loss than it
        buys)."""
        lb, ub = lb.copy(), ub.copy()
        keep = incumbent if y_from_incumbent else None
        min_trade = self.settings.min_trade
        for js, price, z, m in self.orders:
            amount = sum(x[j] for j in js) * price
            held = None if keep is None else sum(keep[j] for j in js) * price
            active = amount > 1e-6 or (held is not None and held > 1e-6)
            if z is not None and amount >= min_trade - 1e-6 and (held is None or held >= min_trade - 1e-6):
                lb[z] = 1.0  # already big enough in both: no branching on this order
            if not active:
                for j in js:
                    ub[j] = 0.0
                if z is not None:
                    ub[z] = 0.0
                if m is not None:
                    ub[m] = 0.0
        for y, sells, buys in self.wash_groups:
            if y_from_incumbent and incumbent is not None:
                val = 1.0 if incumbent[y] > 0.5 else 0.0
            else:
                sold = sum(x[j] * self.turnover[j] for j in sells)
                bought = sum(x[j] * self.turnover[j] for j in buys)
                val = 1.0 if sold >= bought else 0.0
            lb[y] = ub[y] = val
        return lb, ub

    def realized(self, x: np.ndarray) -> tuple[float, float]:
        st = sum(x[j] * g for j, g in self.tax_st.items())
        lt = sum(x[j] * g for j, g in self.tax_lt.items())
        return float(st), float(lt)

    def run_stages(self, opts: SolveOptions) -> Optional[Solution]:
        """Stages A, B, C with the given rates, budget or drift cap; None when infeasible."""
        tax = self._linear_tax(opts.rates)
        if opts.drift_cap is None and (self.triggered or self.outside_band):
            key = (opts.tax_budget is None, opts.relaxed)
            if key[0] and key in self._stage_a:  # stage A does not depend on the rates without a budget
                xa = self._stage_a[key]
            else:
                xa = self.solve({self.v_var: 1.0}, opts)
                if xa is None:
                    return None
                if key[0]:
                    self._stage_a[key] = xa
            v_star = float(xa[self.v_var])
        else:
            v_star, xa = 0.0, None
        v_cap = 0.0 if v_star <= BAND_TOLERANCE else v_star + BAND_TOLERANCE
        xb = self.solve(tax, opts, v_cap=v_cap, incumbent=xa)
        if xb is None:
            return None
        t_star = float(sum(xb[j] * c for j, c in tax.items()))
        tol = TAX_TOLERANCE_ABS + TAX_TOLERANCE_REL * abs(t_star)
        obj: dict[int, float] = {}
        w_dist = 1.0 if opts.to_target else 0.75 * TURNOVER_WEIGHT
        for k, dj in self.dist_vars.items():
            _add(obj, dj, w_dist)
        if not self.cash_is_class:
            for j in self.cash_vars:  # uninvested cash is distance from a 0% cash target
                _add(obj, j, w_dist)
        for j, v in self.turnover.items():
            _add(obj, j, TURNOVER_WEIGHT * v)
        for j, v in self.tiebreak.items():
            _add(obj, j, v)
        for j, v in tax.items():
            _add(obj, j, v)
        xc = self.solve(obj, opts, extra=[(tax, -math.inf, t_star + tol)], v_cap=v_cap, incumbent=xb,
                        y_from_incumbent=True, exact_limit=STAGE_C_EXACT_LIMIT, gap=STAGE_C_GAP,
                        abs_gap=STAGE_C_ABS_GAP + 1e-5 * self.total, node_limit=STAGE_C_NODE_LIMIT)
        x = xc if xc is not None else xb
        x = self.without_slivers(x)
        st, lt = self.realized(x)
        return Solution(x, float(x[self.v_var]) if opts.drift_cap is None else 0.0,
                        float(sum(x[j] * c for j, c in tax.items())), st, lt)

    def without_slivers(self, x: np.ndarray) -> np.ndarray:
        """The solution without pieces worth less than :data:`SLIVER_DOLLARS` (a solver vertex can sell
        0.00045 shares of a second lot to land exactly on target): such a lot piece, tax-free sell or
        buy is dropped, the account's cash is re-balanced (a shortfall trims that account's largest
        buy), and nothing changes when Whole Shares is on or when dropping would move a class out of
        its band. Worked example: 10 shares of lot A plus 0.00045 of lot B at $300 ($0.13) -> 10 shares
        of lot A, and the account keeps $0.13 less cash."""
        if self.settings.whole_shares:
            return x
        y = np.array(x, dtype=float)
        acct_index = {a.name: i for i, a in enumerate(self.accounts)}
        changed = False

        def drop(j: int, account: str, cash_change: float) -> None:
            nonlocal changed
            y[j] = 0.0
            y[self.cash_vars[acct_index[account]]] += cash_change
            changed = True

        for sl, j in zip(self.sell_lots, self.lot_vars):
            if 0.0 < y[j] * sl.price < SLIVER_DOLLARS:
                drop(j, sl.lot.account, -y[j] * sl.price)
        for p, j in zip(self.positions, self.pos_vars):
            if 0.0 < y[j] * p.price < SLIVER_DOLLARS:
                drop(j, p.account, -y[j] * p.price)
        for b, j in zip(self.buys, self.buy_vars):
            if 0.0 < y[j] * b.price < SLIVER_DOLLARS:
                drop(j, b.account, y[j] * b.price)
        if not changed:
            return x
        for a, cj in zip(self.accounts, self.cash_vars):
            if y[cj] >= 0.0:
                continue
            mine = [(y[j] * b.price, j, b) for b, j in zip(self.buys, self.buy_vars) if b.account == a.name and y[j] > 0]
            if not mine:
                return x
            amount, j, b = max(mine, key=lambda t: t[0])
            if amount + y[cj] < 0.0:
                return x
            y[j] += y[cj] / b.price
            y[cj] = 0.0
        outside = {r.asset_class for r in allocation(self.household, self.after_values(x)) if r.outside_band}
        after = {r.asset_class for r in allocation(self.household, self.after_values(y)) if r.outside_band}
        return y if after <= outside else x

    # ------------------------------------------------------------------------ reading results

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


def _order_key(lot: Lot, method: LotMethod):
    start = lot.holding_start or date.min
    if method is LotMethod.FIFO:
        return (start, lot.lot_id)
    if method is LotMethod.LIFO:
        return (-start.toordinal(), lot.lot_id)
    unit = lot.unit_cost if lot.unit_cost is not None else 0.0
    return (-unit, start, lot.lot_id)  # HIFO: highest cost per share first


def max_drift(household: Household, values: Optional[Mapping[str, float]] = None) -> float:
    """Largest |weight - target| over the classes (Cash only when it has a target)."""
    rows = allocation(household, values)
    has_cash_target = any(t.asset_class == CASH_CLASS for t in household.targets)
    drifts = [abs(r.drift) for r in rows if r.asset_class != CASH_CLASS or has_cash_target]
    return max(drifts, default=0.0)


# --------------------------------------------------------------------------------------------------
# The tax oracle


class _TaxOracle:
    """True tax of realized gains and the marginal rates the linear model uses."""

    def __init__(self, household: Household, as_of: date):
        settings = household.settings
        if settings.as_of is None:
            settings = replace(settings, as_of=as_of)
        self.profile = TaxProfile.from_settings(settings)

    def true_tax(self, st: float, lt: float) -> MarginalTax:
        return marginal_tax(self.profile, st, lt)

    def base_rates(self) -> tuple[float, float]:
        return marginal_rates(self.profile, RATE_STEP)

    def local_rates(self, st: float, lt: float) -> tuple[float, float]:
        """Central-difference rates at the plan's own gains (where the next dollar is taxed)."""
        h = RATE_STEP
        r_st = (self.true_tax(st + h, lt).total - self.true_tax(st - h, lt).total) / (2 * h)
        r_lt = (self.true_tax(st, lt + h).total - self.true_tax(st, lt - h).total) / (2 * h)
        return r_st, r_lt


# --------------------------------------------------------------------------------------------------
# The plan


_WASH_CACHE: list[tuple[tuple, WashResult]] = []


def _wash_of(household: Household) -> WashResult:
    """:func:`adjust_lots` of the (already adjusted) household: idempotent, so its ``consumed``
    shares are those of the pipeline's wash step. Cached for the last few lot tuples, since the
    frontier builds several models of one household."""
    for lots, wash in _WASH_CACHE:
        if lots is household.lots:
            return wash
    wash = adjust_lots(household)
    _WASH_CACHE.insert(0, (household.lots, wash))
    del _WASH_CACHE[4:]
    return wash


def plan_rebalance(household: Household, *, as_of: date) -> Plan:
    """The least-tax plan that brings every class within its band (or to target).

    ``household`` should already be wash-adjusted (:func:`taxrebal.engine.wash.adjust_lots`).
    Raises :class:`~taxrebal.errors.InfeasiblePlanError` (saying what to relax) when no plan can
    reach the bands even with unlimited tax; returns a plan with status ``BUDGET_BINDS`` when only
    Settings.tax_budget stands in the way.
    """
    model = RebalanceModel(household, as_of)
    oracle = _TaxOracle(household, as_of)
    s = household.settings
    to_target = s.rebalance_to is RebalanceTo.TARGET
    best = _best_solution(model, oracle, s.tax_budget, to_target)
    if best is None:
        raise InfeasiblePlanError(_diagnose(model))
    sol, tax = best
    status = PlanStatus.NOT_NEEDED if not model.triggered else PlanStatus.WITHIN_BANDS
    cost_to_remove = None
    notes: list[str] = []
    if model.triggered and sol.violation > 1e-6:
        if s.tax_budget is not None:
            free = _best_solution(model, oracle, None, to_target)
            if free is not None and free[0].violation <= 1e-6:
                status = PlanStatus.BUDGET_BINDS
                cost_to_remove = free[1].total
                notes.append(f"The tax budget of ${s.tax_budget:,.2f} binds: the largest band breach left is "
                             f"{sol.violation * 100:.2f} points; reaching every band would cost "
                             f"${free[1].total:,.2f} of tax in all.")
        if status is not PlanStatus.BUDGET_BINDS:
            raise InfeasiblePlanError(_diagnose(model))
    return _assemble(model, oracle, sol, tax, status, cost_to_remove, notes)


def _best_solution(model: RebalanceModel, oracle: _TaxOracle, budget: Optional[float],
                   to_target: bool, drift_cap: Optional[float] = None) -> Optional[tuple[Solution, MarginalTax]]:
    """Solve at the base marginal rates, re-solve once at the plan's local rates, keep the lower true
    tax (ties: the first). With a budget, tighten the linear budget until the true tax fits."""
    rates = oracle.base_rates()
    candidates: list[tuple[Solution, MarginalTax]] = []
    tried: list[tuple[float, float]] = []
    for _ in range(2):
        if any(abs(rates[0] - a) < 5e-3 and abs(rates[1] - b) < 5e-3 for a, b in tried):
            break
        tried.append(rates)
        sol = _solve_within_budget(model, oracle, rates, budget, to_target, drift_cap)
        if sol is None:
            break
        candidates.append(sol)
        rates = oracle.local_rates(sol[0].realized_st, sol[0].realized_lt)
    if not candidates:
        return None
    # prefer the smaller band breach, then the lower true tax
    return min(candidates, key=lambda c: (round(c[0].violation, 7), round(c[1].total, 2)))


def _solve_within_budget(model: RebalanceModel, oracle: _TaxOracle, rates: tuple[float, float],
                         budget: Optional[float], to_target: bool,
                         drift_cap: Optional[float] = None) -> Optional[tuple[Solution, MarginalTax]]:
    linear_budget = budget
    sol = None
    for _ in range(4):
        sol = model.run_stages(SolveOptions(rates=rates, tax_budget=linear_budget, to_target=to_target,
                                            drift_cap=drift_cap))
        if sol is None:
            return None
        tax = oracle.true_tax(sol.realized_st, sol.realized_lt)
        if budget is None or tax.total <= budget + 0.005:
            return sol, tax
        linear_budget = (linear_budget if linear_budget is not None else budget) - (tax.total - budget) - 0.01
    return None if sol is None else (sol, oracle.true_tax(sol.realized_st, sol.realized_lt))


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
                                f"30 days (buying them back would be a wash sale): add a replacement fund "
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


# --------------------------------------------------------------------------------------------------
# Turning the solution into trades


def _assemble(model: RebalanceModel, oracle: _TaxOracle, sol: Solution, tax: MarginalTax,
              status: PlanStatus, cost_to_remove: Optional[float], notes: list[str]) -> Plan:
    h = model.household
    x = sol.x
    as_of = model.as_of
    r_st, r_lt = oracle.local_rates(sol.realized_st, sol.realized_lt)
    qty_eps = 1e-6

    # taxable sells per position, with their lots
    sells: dict[tuple[str, str], list[tuple[_SellLot, float]]] = {}
    for sl, j in zip(model.sell_lots, model.lot_vars):
        q = float(x[j])
        if q > qty_eps:
            q = min(q, sl.lot.quantity)
            sells.setdefault((sl.lot.account, sl.lot.symbol), []).append((sl, q))
    adv_sells = {(p.account, p.symbol): (p, float(x[j])) for p, j in zip(model.positions, model.pos_vars)
                 if x[j] > qty_eps}
    buys = {(b.account, b.symbol): (b, float(x[j])) for b, j in zip(model.buys, model.buy_vars)
            if x[j] > qty_eps}

    harvested_identities: dict[str, str] = {}
    for (acct, sym), pieces in sells.items():
        if any(sl.gain_per_share < 0 for sl, _ in pieces):
            harvested_identities[model.secs[sym].identity] = sym
    trades: list[Trade] = []
    lot_sales: list[LotSale] = []
    step = 0
    for acct in model.accounts:
        harvested_classes = set()
        proceeds_taxable = 0.0
        for (a, sym), pieces in sorted(sells.items()):
            if a != acct.name:
                continue
            step += 1
            price = model.secs[sym].price
            qty = sum(q for _, q in pieces)
            st = sum(q * sl.gain_per_share for sl, q in pieces if not sl.long_term)
            lt = sum(q * sl.gain_per_share for sl, q in pieces if sl.long_term)
            net = st + lt
            reason = Reason.HARVEST if net < 0 else Reason.TAXABLE_SALE
            if net < 0:
                harvested_classes.add(model.secs[sym].asset_class)
            proceeds_taxable += qty * price
            note = _sell_note(model, sym, pieces, st, lt, as_of)
            note += _wait_note(oracle, sol, pieces)
            trades.append(Trade(step, a, sym, Action.SELL, qty, price, qty * price, st, lt,
                                st * r_st + lt * r_lt, reason, note, model.secs[sym].asset_class))
            for sl, q in sorted(pieces, key=lambda p: _order_key(p[0].lot, LotMethod.FIFO)):
                lot_sales.append(_lot_sale(step, sl, q, as_of, model.window))
        for (a, sym), (p, q) in sorted(adv_sells.items()):
            if a != acct.name:
                continue
            step += 1
            trades.append(Trade(step, a, sym, Action.SELL, q, p.price, q * p.price, 0.0, 0.0, 0.0,
                                Reason.TAX_ADVANTAGED,
                                f"Sells {p.asset_class} inside a {acct.type}: no tax"
                                + (" (the whole position)" if q >= p.quantity - qty_eps else "") + ".",
                                p.asset_class))
        new_money = acct.contribution
        old_cash = acct.cash
        for (a, sym), (b, q) in sorted(buys.items(), key=lambda kv: (-kv[1][1] * kv[1][0].price, kv[0])):
            if a != acct.name:
                continue
            step += 1
            amount = q * b.price
            reason, note = _buy_reason(model, acct, b, harvested_classes, harvested_identities,
                                       new_money, old_cash)
            used = min(amount, max(0.0, new_money))
            new_money -= used
            used_cash = min(amount - used, max(0.0, old_cash))
            old_cash -= used_cash
            trades.append(Trade(step, a, sym, Action.BUY, q, b.price, amount, 0.0, 0.0, 0.0, reason,
                                note, b.asset_class))

    after = model.after_values(x)
    cash_left = tuple((a.name, max(0.0, float(x[j]))) for a, j in zip(model.accounts, model.cash_vars))
    notes = list(notes) + _plan_notes(model, sol, trades, r_st, r_lt, harvested_identities)
    return Plan(
        trades=tuple(trades),
        lot_sales=tuple(lot_sales),
        realized_st=sol.realized_st,
        realized_lt=sol.realized_lt,
        tax=tax,
        before=dict(model.before),
        after=after,
        max_drift_before=max_drift(h),
        max_drift_after=max_drift(h, after),
        cash_left=cash_left,
        notes=tuple(notes),
        status=status,
        cost_to_remove_drift=cost_to_remove,
    )


def _sell_note(model: RebalanceModel, sym: str, pieces, st: float, lt: float, as_of: date) -> str:
    n = len(pieces)
    parts = [f"Sells {n} lot{'s' if n != 1 else ''} by specific identification"
             if model.settings.lot_method not in (LotMethod.FIFO, LotMethod.LIFO, LotMethod.HIFO)
             else f"Sells {n} lot{'s' if n != 1 else ''} in {model.settings.lot_method.value} order"]
    if abs(lt) > 0.005:
        parts.append(f"long-term {'gain' if lt > 0 else 'loss'} ${abs(lt):,.2f}")
    if abs(st) > 0.005:
        parts.append(f"short-term {'gain' if st > 0 else 'loss'} ${abs(st):,.2f}")
    text = "; ".join(parts) + "."
    if st + lt < 0:
        until = as_of + timedelta(days=model.window + 1)
        text += (f" Do not buy {sym} or a substantially identical fund in any account (IRAs included) "
                 f"until {until.isoformat()}, and turn off its dividend reinvestment (wash sale, IRC §1091).")
    return text


def _wait_note(oracle: _TaxOracle, sol: Solution, pieces) -> str:
    """For short-term gain pieces: when the lot turns long-term (IRC §1222) and what waiting would
    save, priced as the plan's true tax with that gain moved from short- to long-term."""
    out = []
    base = oracle.true_tax(sol.realized_st, sol.realized_lt).total
    for sl, q in pieces:
        if sl.long_term or sl.gain_per_share <= 0 or sl.lot.holding_start is None:
            continue
        g = q * sl.gain_per_share
        saving = base - oracle.true_tax(sol.realized_st - g, sol.realized_lt + g).total
        if saving > 0.005:
            out.append(f" Lot {sl.lot.lot_id} is short-term: selling it on or after "
                       f"{long_term_date(sl.lot.holding_start).isoformat()} (long-term) would save "
                       f"${saving:,.2f} of tax.")
    return "".join(out)


def _buy_reason(model: RebalanceModel, acct: Account, b: _BuyOption, harvested_classes: set,
                harvested_identities: Mapping[str, str], new_money: float, old_cash: float) -> tuple[Reason, str]:
    if acct.is_taxable and b.asset_class in harvested_classes:
        sold = [sym for ident, sym in harvested_identities.items()
                if model.secs[sym].asset_class == b.asset_class]
        return Reason.REPLACEMENT, (f"Keeps {b.asset_class} invested after harvesting "
                                    f"{', '.join(sorted(sold))}; {b.symbol} is not substantially identical.")
    if new_money > 0.005:
        return Reason.CONTRIBUTION, f"Puts new money into underweight {b.asset_class}."
    if old_cash > 0.005:
        return Reason.CASH, f"Invests cash already in the account in {b.asset_class}."
    if not acct.is_taxable:
        return Reason.TAX_ADVANTAGED, f"Buys {b.asset_class} inside a {acct.type} with the sale proceeds: no tax."
    return Reason.TAXABLE_SALE, f"Buys {b.asset_class} with the proceeds of this account's sales."


def _lot_sale(step: int, sl: _SellLot, q: float, as_of: date, window: int) -> LotSale:
    lot = sl.lot
    basis = (lot.adjusted_basis or 0.0) * q / lot.quantity
    proceeds = q * sl.price
    gain = proceeds - basis
    if lot.wash_adjustment > 0:
        status = f"Basis includes ${lot.wash_adjustment * q / lot.quantity:,.2f} of a washed loss (IRC §1091(d))"
    elif gain < 0:
        until = as_of + timedelta(days=window + 1)
        status = (f"Loss allowed if no {sl.identity} is bought in any account from "
                  f"{(as_of - timedelta(days=window)).isoformat()} to {(until - timedelta(days=1)).isoformat()}")
    else:
        status = "Clear (gain: wash-sale rule does not apply)"
    return LotSale(step, lot.account, lot.symbol, lot.lot_id, lot.holding_start, q, proceeds, basis, gain,
                   sl.long_term, status)


def _plan_notes(model: RebalanceModel, sol: Solution, trades: Sequence[Trade], r_st: float, r_lt: float,
                harvested: Mapping[str, str]) -> list[str]:
    notes: list[str] = []
    if not model.triggered:
        notes.append("Every class is within its band: the plan only invests cash and harvests losses "
                     "worth harvesting; nothing is sold to rebalance.")
    if model.triggered and model.settings.rebalance_to is RebalanceTo.TARGET:
        notes.append("Rebalance To = Target: trades that add no tax (cash, contributions, tax-advantaged "
                     "accounts, harvested losses) go as far toward target as they can; taxable sales stop "
                     "where every class is within its band. The Tax-Drift Frontier sheet shows what "
                     "reaching target would cost.")
    sold_classes = {t.asset_class for t in trades if t.action is Action.SELL}
    waits: dict[tuple[str, str], tuple[date, float]] = {}
    for sl in model.blocked_st:
        if sl.asset_class not in sold_classes and model.triggered is False:
            continue
        w = sl.asset_class
        weight = model.before.get(w, 0.0) / model.total
        if weight <= model.target_of(w):
            continue
        d = long_term_date(sl.lot.holding_start) if sl.lot.holding_start else model.as_of
        saving = sl.gain_per_share * sl.lot.quantity * max(0.0, r_st - r_lt)
        key = (sl.lot.account, sl.lot.symbol)
        prev = waits.get(key)
        waits[key] = (min(d, prev[0]) if prev else d, saving + (prev[1] if prev else 0.0))
    for (acct, sym), (d, saving) in sorted(waits.items()):
        if saving < 0.005:  # nothing to gain by waiting (e.g. this year's harvested losses absorb it)
            notes.append(f"{acct} {sym}: lots with short-term gains were not sold (Allow Short-Term Gains is "
                         f"off); they turn long-term from {d.isoformat()}.")
            continue
        notes.append(f"{acct} {sym}: lots with short-term gains were not sold; they turn long-term from "
                     f"{d.isoformat()}, when selling them would cost about ${saving:,.2f} less tax "
                     f"({r_st * 100:.1f}% vs {r_lt * 100:.1f}%).")
    for sl in model.blocked_wash:
        buys = model.recent_buys.get(sl.identity, [])
        if not buys:  # blocked by dividend reinvestment
            notes.append(f"{sl.lot.account} {sl.lot.symbol} lot {sl.lot.lot_id}: its loss was not harvested "
                         f"because {sl.identity} reinvests dividends (DRIP) and a reinvestment within 30 days "
                         f"would wash it; turn DRIP off in every account, then harvest.")
            continue
        last = max(d for d, _, _ in buys)
        notes.append(f"{sl.lot.account} {sl.lot.symbol} lot {sl.lot.lot_id}: its loss was not harvested because "
                     f"{sl.identity} was bought on {last.isoformat()} (a sale now would be a wash sale); "
                     f"harvest from {(last + timedelta(days=model.window + 1)).isoformat()}.")
    for ident, d in sorted(model.recent_loss_sales.items()):
        notes.append(f"{ident} was sold at a loss on {d.isoformat()}: it is not bought before "
                     f"{(d + timedelta(days=model.window + 1)).isoformat()} (wash sale).")
    drip = [s.symbol for s in model.household.securities if s.drip and s.identity in harvested]
    if drip:
        notes.append("Turn off dividend reinvestment for " + ", ".join(sorted(drip)) +
                     " for 30 days: a reinvested dividend would wash part of the harvested loss.")
    return notes


def relaxation_bound(household: Household, *, as_of: date) -> tuple[float, float]:
    """(true tax, band violation) of the LP relaxation: continuous shares, no minimum trade, the
    wash-sale exclusivity relaxed. Its tax is the benchmark's lower bound for
    :func:`plan_rebalance` (exact for the linear model; the true tax is evaluated at its gains)."""
    s = household.settings
    relaxed = replace(household, settings=replace(s, min_trade=0.0, whole_shares=False))
    model = RebalanceModel(relaxed, as_of)
    oracle = _TaxOracle(relaxed, as_of)
    to_target = s.rebalance_to is RebalanceTo.TARGET
    best: Optional[tuple[float, float]] = None
    rates = oracle.base_rates()
    for _ in range(2):
        sol = model.run_stages(SolveOptions(rates=rates, relaxed=True, to_target=to_target,
                                            tax_budget=s.tax_budget))
        if sol is None:
            break
        tax = oracle.true_tax(sol.realized_st, sol.realized_lt).total
        cand = (tax, sol.violation)
        if best is None or (round(cand[1], 7), cand[0]) < (round(best[1], 7), best[0]):
            best = cand
        rates = oracle.local_rates(sol.realized_st, sol.realized_lt)
    if best is None:
        raise InfeasiblePlanError(_diagnose(model))
    return best
