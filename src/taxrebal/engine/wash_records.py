"""The wash-sale engine's results: each match of a loss sale with replacement shares, each realized
sale (one Form 8949 line), and the whole result with the adjusted household.

Rule (IRC §1091(a), (d); Treas. Reg. §1.1091-1, -2; IRS Pub 550 "Wash Sales"): a loss sale matched
with replacement shares bought within 30 days before or after it has that loss disallowed; the
disallowed loss is added to the replacement shares' basis, unless they were bought in an IRA, Roth,
401(k) or HSA, where it is lost for good (Rev. Rul. 2008-5). :func:`taxrebal.engine.wash.adjust_lots`
finds the matches; these records carry what it found.

Worked example (Pub 550): 100 shares bought for $1,000 and sold for $750, 100 shares bought again
within 30 days for $800: one :class:`WashMatch` with ``loss`` 250, ``disallowed`` 250,
``basis_adjustment`` 250 and ``adjusted_basis`` 1,050; the :class:`RealizedSale` has ``gain`` -250,
``disallowed`` 250 and ``reported_gain`` 0 (Form 8949: code W, column (g) 250).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping, Optional

from ..errors import Issue
from .holding import is_long_term
from .money import EPS, cents
from .records import Household, SourceRef

__all__ = ["WashMatch", "RealizedSale", "WashResult"]

_Date = date  # RealizedSale has a field named ``date``: its other date fields name the type this way


@dataclass(frozen=True)
class WashMatch:
    """One loss sale (part) matched against one block of replacement shares.

    ``quantity`` and ``loss`` are the sale's (or, when the shares sold carry different holding
    periods, that part's: see :class:`RealizedSale`); ``disallowed`` is this match's part of the loss.
    ``basis_adjustment`` is what was added to the replacement shares' basis (0 when ``permanent`` or
    when the replacement lot was already adjusted by the broker); ``adjusted_basis`` is the matched
    replacement shares' basis after it (``None`` in tax-advantaged accounts, where basis plays no role).
    """

    sale_date: date
    account: str
    symbol: str
    lot_id: Optional[str]  # None: a purchase without a Lot ID whose lot is no longer held
    quantity: float  # shares sold (in this part of the sale)
    loss: float  # positive loss on them
    disallowed: float
    permanent: bool
    replacement_account: str
    replacement_symbol: str
    replacement_lot: Optional[str]  # None: a Buy/Reinvest row without a Lot ID
    replacement_date: date
    shares: float
    basis_adjustment: float
    adjusted_basis: Optional[float]
    adjusted_acquired: Optional[date]
    broker_adjusted: bool = False
    source: Optional[SourceRef] = field(default=None, compare=False)


@dataclass(frozen=True)
class RealizedSale:
    """A sale in a taxable account (one Form 8949 line). A sale row whose shares have different
    holding periods or bases (a partly washed lot) gives several parts.

    ``basis`` includes wash adjustments carried by the shares sold (Form 8949 column (e));
    ``disallowed`` is this sale's loss disallowed by later/earlier purchases (column (g), code W).
    ``holding_start`` is the (possibly tacked) date that decides short or long term.
    """

    date: date
    account: str
    symbol: str
    lot_id: Optional[str]  # None: a purchase without a Lot ID whose lot is no longer held
    quantity: float
    proceeds: float
    basis: float
    acquired: Optional[_Date]
    holding_start: Optional[_Date]
    inherited: bool = False
    disallowed: float = 0.0
    permanent_disallowed: float = 0.0
    source: Optional[SourceRef] = field(default=None, compare=False)
    #: loss shares matched to replacement shares (None: not told; then ``disallowed / loss`` of them)
    matched_shares: Optional[float] = None

    @property
    def gain(self) -> float:
        """Proceeds minus basis, before the wash-sale adjustment (negative = loss), in cents: Form 8949 (d)
        minus (e), each in cents (``proceeds`` and ``basis`` keep full precision for splitting a sale over
        its lots). 16.5 sh at $30.47 (502.755 -> 502.76) with a basis of 2,098.82: -1,596.06."""
        return round(cents(self.proceeds) - cents(self.basis), 2) + 0.0

    @property
    def loss(self) -> float:
        """The loss in cents (0 for a gain): what ``disallowed`` is a part of, all of it when washed in full."""
        return max(0.0, -self.gain)

    @property
    def open_shares(self) -> float:
        """Loss shares not matched to replacement shares (Treas. Reg. §1.1091-1(e)): the shares the wash
        engine did not match (the disallowed loss is in cents, so ``quantity x (loss - disallowed) / loss``
        would turn 9.921 open shares of a $192.55 loss into 9.92056); that ratio when not told."""
        if self.matched_shares is not None:
            return max(0.0, self.quantity - self.matched_shares)
        loss = self.loss
        return self.quantity * (loss - self.disallowed) / loss if loss > 0 else 0.0

    @property
    def reported_gain(self) -> float:
        """Gain or loss that counts for tax: d - e + g on Form 8949."""
        return round(self.gain + self.disallowed, 2) + 0.0

    @property
    def long_term(self) -> bool:
        return is_long_term(self.holding_start, self.date, self.inherited)

    @property
    def washed(self) -> bool:
        return self.disallowed > EPS


@dataclass(frozen=True)
class WashResult:
    """What :func:`adjust_lots` found. ``household`` has its lots replaced by adjusted ones."""

    household: Household
    matches: tuple[WashMatch, ...]
    sales: tuple[RealizedSale, ...]
    issues: tuple[Issue, ...] = ()
    #: open lot ID (in ``household``) -> its shares already used as replacement shares (they cannot
    #: wash another loss: each share replaces once, Treas. Reg. §1.1091-1(e))
    consumed: Mapping[str, float] = field(default_factory=dict)
    #: the same for purchases no open lot stands for (a Buy/Reinvest row without a Lot ID, keyed
    #: ``@T<index of the row in household.transactions>``), counting also the shares a Sell row of
    #: the lot the row was linked to sold (they are no longer held, wash.py reading 4)
    consumed_purchases: Mapping[str, float] = field(default_factory=dict)

    @property
    def total_disallowed(self) -> float:
        return sum(m.disallowed for m in self.matches)

    @property
    def permanent_disallowed(self) -> float:
        return sum(m.disallowed for m in self.matches if m.permanent)

    def sales_in_year(self, year: int) -> tuple[RealizedSale, ...]:
        return tuple(s for s in self.sales if s.date.year == year)

    def summary(self) -> str:
        """One line for the run summary, e.g. "3 wash-sale matches, $1,240.00 disallowed"."""
        n = len(self.matches)
        if n == 0:
            return "No wash sales"
        text = f"{n} wash-sale match{'es' if n != 1 else ''}, ${cents(self.total_disallowed):,.2f} disallowed"
        if self.permanent_disallowed > EPS:
            text += f" (${cents(self.permanent_disallowed):,.2f} lost for good to tax-advantaged purchases)"
        return text
