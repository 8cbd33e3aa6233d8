"""The household as immutable records: what the workbook layer produces and every engine consumes.

Conventions shared by all engines:

* Quantities are shares (``float``, fractional allowed). Money is US dollars as ``float``; engines
  keep full precision internally and results are rounded to cents by :func:`taxrebal.engine.money.cents`
  only at the edge (result tables, cell functions).
* Percentages are fractions: a 60% target is ``0.60``, a 5-point band is ``0.05``.
* Records never change. An engine that derives new facts (a wash-sale basis adjustment) returns new
  records made with :func:`dataclasses.replace`.
* ``source`` on a record is the ``(sheet, row)`` it was read from, so any engine can point the user to
  the right cell; it is ``None`` for records made in code.
* The records a household holds by the hundred thousand (:class:`Lot`, :class:`Transaction` and their
  :class:`SourceRef`) have ``__slots__`` (``slots=True``): no per-instance dict, 168 -> 120 bytes a
  lot and 88 -> 48 a source, about 9 MB less for 100,000 lots (``bench/bench_memory.py``). They
  behave as the other frozen records (``replace``, equality, hashing, pickling); they only take no
  attributes beyond their fields.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Mapping, Optional

__all__ = [
    "TaxTreatment",
    "ACCOUNT_TYPES",
    "Action",
    "FilingStatus",
    "LotMethod",
    "TaxMode",
    "RebalanceTo",
    "SourceRef",
    "Account",
    "SecurityType",
    "looks_like_mutual_fund",
    "Security",
    "Lot",
    "Transaction",
    "Target",
    "Settings",
    "SaleRequest",
    "ProposedTrade",
    "Household",
]


class TaxTreatment(str, Enum):
    """How an account is taxed. Only TAXABLE accounts realize capital gains and losses."""

    TAXABLE = "Taxable"
    TAX_DEFERRED = "Tax-deferred"
    TAX_FREE = "Tax-free"


#: Account Type (as written on the Accounts sheet) -> tax treatment.
#: Traditional IRA, 401(k), 403(b), SEP and SIMPLE IRAs defer tax (IRC §§401, 403(b), 408);
#: Roth IRA and Roth 401(k) qualified withdrawals are tax-free (IRC §408A, §402A); an HSA used for
#: medical expenses is tax-free (IRC §223). Trades inside any of them realize no gain or loss.
ACCOUNT_TYPES: Mapping[str, TaxTreatment] = {
    "Taxable": TaxTreatment.TAXABLE,
    "Traditional IRA": TaxTreatment.TAX_DEFERRED,
    "401(k)": TaxTreatment.TAX_DEFERRED,
    "403(b)": TaxTreatment.TAX_DEFERRED,
    "SEP IRA": TaxTreatment.TAX_DEFERRED,
    "SIMPLE IRA": TaxTreatment.TAX_DEFERRED,
    "Roth IRA": TaxTreatment.TAX_FREE,
    "Roth 401(k)": TaxTreatment.TAX_FREE,
    "HSA": TaxTreatment.TAX_FREE,
}

#: Employer plans whose Contribution arrives by payroll under the investment election (a 401(k)'s
#: elective deferrals, IRC §402(g); a 403(b)'s and a Roth 401(k)'s, IRC §402A, likewise): it is invested
#: in the elected funds, so the plan never keeps it as cash (README, Employer plans).
PAYROLL_PLAN_TYPES = frozenset({"401(k)", "403(b)", "Roth 401(k)"})


class Action(str, Enum):
    BUY = "Buy"
    SELL = "Sell"
    REINVEST = "Reinvest"


class FilingStatus(str, Enum):
    SINGLE = "Single"
    MARRIED_JOINT = "Married Filing Jointly"
    MARRIED_SEPARATE = "Married Filing Separately"
    HEAD_OF_HOUSEHOLD = "Head of Household"


class LotMethod(str, Enum):
    FIFO = "FIFO"
    LIFO = "LIFO"
    HIFO = "HIFO"
    SPECIFIC = "Specific ID"
    MIN_TAX = "MinTax"
    TAX_OPTIMAL = "TaxOptimal"


class TaxMode(str, Enum):
    BRACKETS = "Brackets"
    FLAT = "Flat"


class RebalanceTo(str, Enum):
    TARGET = "Target"
    BAND_EDGE = "Band Edge"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a record came from: sheet name and 1-based worksheet row."""

    sheet: str
    row: int


@dataclass(frozen=True)
class Account:
    name: str
    type: str  # one of ACCOUNT_TYPES' keys
    owner: str = ""
    cash: float = 0.0
    contribution: float = 0.0  # new money to invest now; Contributions Only assumes it recurs monthly
    source: Optional[SourceRef] = field(default=None, compare=False)

    @property
    def treatment(self) -> TaxTreatment:
        return ACCOUNT_TYPES[self.type]

    @property
    def is_taxable(self) -> bool:
        return self.treatment is TaxTreatment.TAXABLE


class SecurityType(str, Enum):
    """How a security trades (Securities.Type). Stocks and ETFs trade on an exchange, in shares, at the
    market price: Settings Whole Shares applies to them. An open-end mutual fund is bought from and
    redeemed by the fund itself at the day's net asset value (SEC Rule 22c-1), by dollar amount, in
    fractional shares (three decimals at most brokers): Whole Shares never applies to it. Example:
    with Whole Shares = Y, a buy of VTI is 12 shares; a buy of VTSAX is $1,234.56 (9.123 shares)."""

    STOCK = "Stock"
    ETF = "ETF"
    MUTUAL_FUND = "Mutual Fund"


def looks_like_mutual_fund(symbol: str) -> bool:
    """Our reading of the NASDAQ fund-symbol convention when Securities.Type is blank: five letters
    ending in X is a mutual fund (FXAIX, VTSAX, SPAXX); anything else trades on an exchange (VTI, BRK.B)."""
    return len(symbol) == 5 and symbol.isascii() and symbol.isalpha() and symbol.isupper() and symbol.endswith("X")


@dataclass(frozen=True)
class Security:
    symbol: str
    asset_class: str
    price: float
    name: str = ""
    identical_group: str = ""  # securities sharing a non-empty group are substantially identical
    replacements: tuple[str, ...] = ()  # preferred harvest substitutes, in order of preference
    drip: bool = False  # dividends reinvest automatically
    source: Optional[SourceRef] = field(default=None, compare=False)
    security_type: Optional[SecurityType] = None  # Securities.Type; None (blank): read from the symbol

    @property
    def identity(self) -> str:
        """Key of the substantially-identical class: the group when given, else the symbol."""
        return self.identical_group or self.symbol

    @property
    def is_mutual_fund(self) -> bool:
        """Securities.Type says so; when blank, the symbol (:func:`looks_like_mutual_fund`)."""
        if self.security_type is not None:
            return self.security_type is SecurityType.MUTUAL_FUND
        return looks_like_mutual_fund(self.symbol)


@dataclass(frozen=True, slots=True)
class Lot:
    """One open tax lot.

    ``basis`` is what was paid (total for the lot, Lots.Cost Basis). ``wash_adjustment`` is a
    disallowed loss added to it by the wash-sale engine (IRC §1091(d)); ``holding_start`` replaces
    ``acquired`` for the holding period when a wash sale tacks on the sold shares' holding period.
    ``basis`` and ``acquired`` are ``None`` only in tax-advantaged accounts, where they do not matter.
    ``wash_adjusted`` marks a lot whose basis the broker already adjusted (never adjusted twice).
    """

    lot_id: str
    account: str
    symbol: str
    acquired: Optional[date]
    quantity: float
    basis: Optional[float]
    inherited: bool = False  # Acquired = "Inherited": always long-term (IRC §1223(9))
    wash_adjusted: bool = False
    wash_adjustment: float = 0.0
    adjusted_acquired: Optional[date] = None
    source: Optional[SourceRef] = field(default=None, compare=False)

    @property
    def adjusted_basis(self) -> Optional[float]:
        if self.basis is None:
            return None
        return self.basis + self.wash_adjustment

    @property
    def unit_cost(self) -> Optional[float]:
        """Adjusted basis per share."""
        b = self.adjusted_basis
        return None if b is None else b / self.quantity

    @property
    def holding_start(self) -> Optional[date]:
        """The acquisition date that counts for the holding period (adjusted when washed)."""
        return self.adjusted_acquired or self.acquired


@dataclass(frozen=True, slots=True)
class Transaction:
    """A row of recent history. For a Sell, ``lot_id`` is the lot relieved; ``acquired`` and
    ``basis`` describe it when that lot is no longer on the Lots sheet."""

    date: date
    account: str
    symbol: str
    action: Action
    quantity: float
    price: float
    lot_id: str = ""
    acquired: Optional[datetime.date] = None  # datetime.date: inside this class `date` is the field above
    basis: Optional[float] = None
    inherited: bool = False
    source: Optional[SourceRef] = field(default=None, compare=False)

    @property
    def amount(self) -> float:
        return self.quantity * self.price


@dataclass(frozen=True)
class Target:
    asset_class: str
    target: float  # fraction of the household
    band: Optional[float] = None  # absolute fraction (0.05 = 5 points); None -> Settings.default_band
    location: Optional[TaxTreatment] = None  # preferred treatment for new purchases
    source: Optional[SourceRef] = field(default=None, compare=False)


@dataclass(frozen=True)
class Settings:
    """The Settings sheet. Every key is optional; these defaults are documented in the README.

    ``as_of`` is ``None`` only until the command line fills it with the run date; engines always
    receive a date. ``tax_budget`` of ``None`` means no cap on extra tax.
    """

    as_of: Optional[date] = None
    tax_year: Optional[int] = None  # default: as_of.year
    filing_status: FilingStatus = FilingStatus.SINGLE
    ordinary_income: float = 0.0  # gross income before deductions, excl. capital gains and qualified dividends
    itemized_deductions: Optional[float] = None  # None -> standard deduction
    qualified_dividends: float = 0.0
    # Net realized short-/long-term gain (negative = loss) this year so far; None (blank) -> computed
    # from this year's sells on Transactions by the run's tax ledger (taxrebal.engine.ledger).
    realized_st_ytd: Optional[float] = None
    realized_lt_ytd: Optional[float] = None
    st_loss_carryforward: float = 0.0  # positive amount of loss carried in
    lt_loss_carryforward: float = 0.0
    state_tax_rate: float = 0.0
    tax_mode: TaxMode = TaxMode.BRACKETS
    flat_st_rate: float = 0.0
    flat_lt_rate: float = 0.0
    lot_method: LotMethod = LotMethod.TAX_OPTIMAL  # the least tax (tax_optimal.py); MinTax is a fixed order
    harvest_min_loss: float = 100.0
    harvest_min_loss_pct: float = 0.05
    tax_budget: Optional[float] = None
    min_trade: float = 50.0
    whole_shares: bool = False
    allow_short_term_gains: bool = False
    # Y: shares of a loss sale's identity bought in an IRA/401(k)/Roth/HSA in the 30 days before it
    # wash the loss even when the plan sells them first (IRC §1091(a) "has acquired", read literally);
    # N: taxrebal's reading that shares no longer held cannot wash (the wash engine's reading 4)
    sold_recent_shares_wash: bool = False
    rebalance_to: RebalanceTo = RebalanceTo.TARGET
    default_band: float = 0.05
    # The part of ordinary_income that is net investment income for the 3.8% NIIT (interest,
    # non-qualified dividends...; IRC §1411(c), Form 8960 lines 1-7): 0 <= it <= ordinary_income.
    investment_income: float = 0.0
    # How many of taxpayer and spouse are 65 or older / blind (0-2): IRC §63(f) additional standard
    # deduction, and the 2025-2028 senior deduction of IRC §151(d)(5)(C) for each one 65+.
    taxpayers_65_or_older: int = 0
    taxpayers_blind: int = 0
    # True once the run's tax ledger has put its reconciled figures into realized_st/lt_ytd
    # (taxrebal.engine.ledger.TaxLedger.apply): a second reconciliation then changes nothing.
    realized_ytd_reconciled: bool = False

    @property
    def year(self) -> int:
        if self.tax_year is not None:
            return self.tax_year
        if self.as_of is None:
            raise ValueError("Settings.as_of is not set")
        return self.as_of.year


@dataclass(frozen=True)
class SaleRequest:
    """A row of the optional Sales sheet: a sale the user is considering. ``price`` None -> the
    security's price; ``method`` None -> Settings.lot_method; ``lot_ids`` for Specific ID."""

    account: str
    symbol: str
    quantity: float
    price: Optional[float] = None
    method: Optional[LotMethod] = None
    lot_ids: tuple[str, ...] = ()
    # Specific ID with a quantity per named lot (aligned with lot_ids), e.g. the rebalancer's own
    # lot-level sales; empty -> the named lots are used up in the order given.
    lot_quantities: tuple[float, ...] = ()
    source: Optional[SourceRef] = field(default=None, compare=False)


@dataclass(frozen=True)
class ProposedTrade:
    """A row of the optional Proposed Trades sheet (or a trade the rebalancer proposes), checked
    against the wash-sale rule before it is placed. ``price`` None -> the security's price.
    ``lots``: for a sell, the (Lot ID, shares) it relieves when known (the rebalancer's own lot
    choice); empty -> the check assumes the highest-cost lots first. ``open_losses``: for a sell the
    rebalancer has already priced, (acquired, shares, loss per share) of the loss shares a later
    purchase could still wash, after the plan's own wash-sale matching (a share whose loss the plan
    already washed cannot be washed again, Treas. Reg. §1.1091-1(e)); None -> computed from ``lots``."""

    date: date
    account: str
    symbol: str
    action: Action
    quantity: float
    price: Optional[float] = None
    source: Optional[SourceRef] = field(default=None, compare=False)
    lots: tuple[tuple[str, float], ...] = ()
    open_losses: Optional[tuple[tuple[Optional[datetime.date], float, float], ...]] = None


@dataclass(frozen=True)
class Household:
    """Everything read from one workbook. ``menus`` maps an account to the symbols it may buy
    (an account absent from the mapping may buy any listed security)."""

    accounts: tuple[Account, ...]
    securities: tuple[Security, ...]
    lots: tuple[Lot, ...]
    transactions: tuple[Transaction, ...] = ()
    targets: tuple[Target, ...] = ()
    settings: Settings = Settings()
    menus: Mapping[str, frozenset[str]] = field(default_factory=dict)
    sales: tuple[SaleRequest, ...] = ()
    proposed_trades: tuple[ProposedTrade, ...] = ()

    @property
    def as_of(self) -> date:
        if self.settings.as_of is None:
            raise ValueError("Settings.as_of is not set")
        return self.settings.as_of

    def account(self, name: str) -> Account:
        for a in self.accounts:
            if a.name == name:
                return a
        raise KeyError(name)

    def security(self, symbol: str) -> Security:
        for s in self.securities:
            if s.symbol == symbol:
                return s
        raise KeyError(symbol)

    def account_map(self) -> dict[str, Account]:
        return {a.name: a for a in self.accounts}

    def security_map(self) -> dict[str, Security]:
        return {s.symbol: s for s in self.securities}

    def whole_shares_only(self, symbol: str) -> bool:
        """Settings Whole Shares applies to this security: Y, and it trades on an exchange (a mutual fund
        always trades in fractional shares, :class:`SecurityType`)."""
        if not self.settings.whole_shares:
            return False
        sec = self.security_map().get(symbol)
        return not (sec.is_mutual_fund if sec is not None else looks_like_mutual_fund(symbol))

    def may_buy(self, account: str, symbol: str) -> bool:
        menu = self.menus.get(account)
        return menu is None or symbol in menu
