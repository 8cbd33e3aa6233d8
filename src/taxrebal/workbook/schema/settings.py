"""The keys of the Settings sheet: each :class:`SettingSpec` names the ``records.Settings`` field it
fills, its accepted spellings, bounds, default, number format, drop-down and when it must be typed. The
reader and the cell functions apply these rules (:mod:`taxrebal.workbook.rules`); the template writes
the labels, defaults and formats.

Example: ``Harvest Min Loss %`` (also ``Minimum Harvest Loss %``) is a rate from 0 up to but not
including 100%, default 5%; a Settings row ``harvest min loss pct | 3`` reads as 3%.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from ...engine.records import FilingStatus, LotMethod, RebalanceTo, TaxMode
from ...engine.wash import newest_window_days
from ..cells import normalize_key
from .choices import FILING_STATUS_ALIASES, LOT_METHOD_ALIASES, REBALANCE_TO_ALIASES, TAX_MODE_ALIASES
from .columns import (
    BAND_FORMAT,
    DATE_FORMAT,
    MAX_AMOUNT,
    MONEY_FORMAT,
    TARGET_FORMAT,
    TEXT_FORMAT,
    WHOLE_FORMAT,
    CellKind,
)

__all__ = ["SettingSpec", "SETTING_SPECS", "ALWAYS_OPTIONAL", "PRICES_TAX", "FLAT_MODE"]

_METHODS_TEXT = ", ".join(m.value for m in LotMethod)


#: When a setting must be typed: ``ALWAYS_OPTIONAL`` never; ``PRICES_TAX`` whenever the household
#: has a Taxable account (every gain, loss and tax saving is priced with it) unless Tax Mode is Flat
#: with both flat rates typed; ``FLAT_MODE`` when Tax Mode is Flat.
ALWAYS_OPTIONAL, PRICES_TAX, FLAT_MODE = "", "prices tax", "flat mode"


@dataclass(frozen=True)
class SettingSpec:
    """One key of the Settings sheet -> the ``records.Settings`` field it fills, with every rule the
    reader and the cell functions apply to it (:mod:`taxrebal.workbook.rules`) and what the template
    writes for it: ``minimum``/``maximum`` bound the parsed value (``maximum_exclusive`` for rates
    below 100%); ``default`` is the text shown as its default; ``number_format`` the Value cell's
    format; ``dropdown`` the template's drop-down list; ``required`` when it must be typed."""

    field: str
    label: str
    kind: CellKind
    aliases: tuple[str, ...] = ()
    doc: str = ""
    choices: Optional[Mapping[str, Any]] = None
    accepted: str = ""
    blank_is_none: bool = False  # a blank value means None (not the default)
    minimum: Optional[float] = None
    maximum: Optional[float] = None
    maximum_exclusive: bool = False
    default: str = ""
    number_format: str = TEXT_FORMAT
    dropdown: tuple[str, ...] = ()
    required: str = ALWAYS_OPTIONAL
    absolute: bool = False  # a negative entry is read as its absolute value (carryforwards)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(normalize_key(s) for s in (self.label,) + self.aliases)


_MONEY: dict[str, Any] = dict(minimum=-MAX_AMOUNT, maximum=MAX_AMOUNT, number_format=MONEY_FORMAT)
_AMOUNT: dict[str, Any] = dict(minimum=0.0, maximum=MAX_AMOUNT, number_format=MONEY_FORMAT)  # 0 or more
#: a rate's Value cell shows what taxrebal reads (README "Percentages"), as Targets' cells do: 5 and 0.05 both
#: show "5.0%" (with 0.00% the 5 a user types showed "500.00%" while it read as 5%)
_RATE: dict[str, Any] = dict(minimum=0.0, maximum=1.0, maximum_exclusive=True, number_format=TARGET_FORMAT)
_PEOPLE: dict[str, Any] = dict(minimum=0, maximum=2, number_format=WHOLE_FORMAT, dropdown=("0", "1", "2"), default="0")
_YES_NO = ("Y", "N")

SETTING_SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("as_of", "As Of", CellKind.DATE, ("As Of Date", "Date", "Valuation Date", "Run Date"),
                "Date of the prices and the plan (blank -> the run date). Its year must be a supported tax year.",
                default="today", number_format=DATE_FORMAT),
    SettingSpec("tax_year", "Tax Year", CellKind.INT, ("Year",),
                "Blank -> the year of As Of; when typed it must equal the year of As Of.",
                minimum=1900, maximum=2999, default="year of As Of", number_format=WHOLE_FORMAT),
    SettingSpec("filing_status", "Filing Status", CellKind.CHOICE, ("Status", "Filing"),
                "Single, Married Filing Jointly (MFJ), Married Filing Separately (MFS), Head of Household (HOH). "
                "Required when an account is Taxable.",
                FILING_STATUS_ALIASES,
                "Single, Married Filing Jointly, Married Filing Separately, Head of Household",
                default="required", dropdown=tuple(x.value for x in FilingStatus), required=PRICES_TAX),
    SettingSpec("ordinary_income", "Ordinary Income", CellKind.MONEY, ("Income", "Wages"),
                "Gross income before deductions EXCLUDING capital gains and qualified dividends (they have "
                "their own settings): wages, interest, non-qualified dividends, IRA withdrawals, the taxable "
                "part of Social Security benefits as figured without this year's capital gains (IRC §86 is not "
                "recomputed)... Required when an account is Taxable (type 0 for none).", default="required",
                required=PRICES_TAX,
                **_MONEY),
    SettingSpec("itemized_deductions", "Itemized Deductions", CellKind.MONEY, ("Itemized",),
                "Blank -> standard deduction.", blank_is_none=True, default="standard deduction", **_AMOUNT),
    SettingSpec("qualified_dividends", "Qualified Dividends", CellKind.MONEY, (), "Expected this year.",
                default="0", **_AMOUNT),
    SettingSpec("investment_income", "Investment Income", CellKind.MONEY,
                ("Net Investment Income", "NII", "Interest and Dividends", "Interest and Ordinary Dividends",
                 "Investment Income in Ordinary Income"),
                "The part of Ordinary Income that is net investment income for the 3.8% NIIT (interest, "
                "non-qualified dividends, rents...; IRC §1411, Form 8960): 0 to Ordinary Income "
                "(blank -> 0: all ordinary income is treated as wages). Qualified dividends and capital "
                "gains are counted already.", default="0", **_AMOUNT),
    SettingSpec("taxpayers_65_or_older", "Taxpayers 65 or Older", CellKind.INT,
                ("Taxpayers 65+", "65 or Older", "Age 65 or Older", "Over 65", "Seniors", "Number 65 or Older"),
                "How many of you and your spouse are 65 or older at year end: 0, 1 or 2 (2 only when married: "
                "filing jointly, or separately claiming a spouse with no gross income). Each adds the additional "
                "standard deduction (IRC §63(f)) and the 2025-2028 senior deduction (IRC §151(d)(5)(C)).",
                **_PEOPLE),
    SettingSpec("taxpayers_blind", "Taxpayers Blind", CellKind.INT, ("Blind", "Number Blind", "Blind Taxpayers"),
                "How many of you and your spouse are blind: 0, 1 or 2 (as for 65 or Older). Each adds the "
                "additional standard deduction (IRC §63(f)).", **_PEOPLE),
    SettingSpec("realized_st_ytd", "Realized ST YTD", CellKind.MONEY,
                ("Realized Short-Term YTD", "Realized ST", "ST Realized YTD", "Realized Short Term"),
                "Net short-term gain (negative = loss) realized this year so far, before the wash-sale "
                "adjustments taxrebal finds, or as your broker reports it (its wash sales within one account "
                "and one fund applied); blank -> computed from this year's sells on Transactions.",
                blank_is_none=True, default="computed from Transactions", **_MONEY),
    SettingSpec("realized_lt_ytd", "Realized LT YTD", CellKind.MONEY,
                ("Realized Long-Term YTD", "Realized LT", "LT Realized YTD", "Realized Long Term"),
                "Net long-term gain (negative = loss) realized this year so far, before the wash-sale "
                "adjustments taxrebal finds, or as your broker reports it (its wash sales within one account "
                "and one fund applied); blank -> computed from this year's sells on Transactions.",
                blank_is_none=True, default="computed from Transactions", **_MONEY),
    SettingSpec("st_loss_carryforward", "ST Loss Carryforward", CellKind.MONEY,
                ("Short-Term Loss Carryforward", "ST Carryforward", "ST Loss Carryover",
                 "Short-Term Loss Carryover"),
                "Short-term capital loss carried in from last year (IRC §1212(b)).", default="0", absolute=True,
                **_MONEY),
    SettingSpec("lt_loss_carryforward", "LT Loss Carryforward", CellKind.MONEY,
                ("Long-Term Loss Carryforward", "LT Carryforward", "LT Loss Carryover",
                 "Long-Term Loss Carryover"),
                "Long-term capital loss carried in from last year (IRC §1212(b)).", default="0", absolute=True,
                **_MONEY),
    SettingSpec("state_tax_rate", "State Tax Rate", CellKind.PERCENT, ("State Rate", "State Tax"),
                "Flat state rate on capital gains.", default="0%", **_RATE),
    SettingSpec("tax_mode", "Tax Mode", CellKind.CHOICE, ("Mode",),
                "Brackets or Flat (Flat needs both flat rates typed).", TAX_MODE_ALIASES,
                "Brackets, Flat", default="Brackets", dropdown=tuple(x.value for x in TaxMode)),
    SettingSpec("flat_st_rate", "Flat ST Rate", CellKind.PERCENT, ("Flat Short-Term Rate", "ST Rate"),
                "Used when Tax Mode is Flat (then required): your federal rate on net short-term gains (NIIT "
                "included), which is your rate on ordinary income: a net capital loss's deduction of up to $3,000 "
                "is priced at it whatever its character (IRC §1211(b)); State Tax Rate is added to it.",
                default="0%", required=FLAT_MODE, **_RATE),
    SettingSpec("flat_lt_rate", "Flat LT Rate", CellKind.PERCENT, ("Flat Long-Term Rate", "LT Rate"),
                "Used when Tax Mode is Flat (then required): your federal rate on net long-term gains (NIIT "
                "included); State Tax Rate is added to it.", default="0%", required=FLAT_MODE, **_RATE),
    SettingSpec("lot_method", "Lot Method", CellKind.CHOICE, ("Method", "Cost Basis Method"),
                f"One of: {_METHODS_TEXT}. TaxOptimal computes the lots that cost this household the least "
                "tax; MinTax is the brokers' fixed 'tax-sensitive' order (losses, then long-term gains, "
                "short-term gains last), which can cost more.", LOT_METHOD_ALIASES, _METHODS_TEXT,
                default="TaxOptimal",
                dropdown=tuple(m.value for m in LotMethod)),
    SettingSpec("harvest_min_loss", "Harvest Min Loss", CellKind.MONEY,
                ("Minimum Harvest Loss", "Harvest Minimum Loss", "Min Harvest Loss"),
                "Smallest loss worth harvesting, in dollars: a lot's whole loss of at least this much (a loss of "
                "exactly this amount qualifies).", default="100", **_AMOUNT),
    SettingSpec("harvest_min_loss_pct", "Harvest Min Loss %", CellKind.PERCENT,
                ("Harvest Min Loss Pct", "Harvest Min Loss Percent", "Minimum Harvest Loss %"),
                "Smallest loss worth harvesting, as a percentage of the lot's adjusted basis (what it cost, plus "
                "any wash-sale adjustment: the loss % a broker shows beside a lot; at least this much qualifies), "
                "when every class is within its band (the plan only harvests); in a rebalance Harvest Min Loss "
                "alone decides.", default="5%",
                **_RATE),
    SettingSpec("tax_budget", "Tax Budget", CellKind.MONEY, ("Max Tax", "Tax Limit"),
                "Most extra tax the plan may cost (blank -> no cap).", blank_is_none=True, default="no cap",
                **_AMOUNT),
    SettingSpec("min_trade", "Min Trade", CellKind.MONEY, ("Minimum Trade",),
                "Smallest trade, in dollars (an order to place). A 401(k)'s, 403(b)'s or Roth 401(k)'s "
                "Contribution is no order: payroll invests it under the election, so a buy it pays in full "
                "may be smaller.",
                default="50", **_AMOUNT),
    SettingSpec("whole_shares", "Whole Shares", CellKind.BOOL, ("Whole Shares Only", "Integer Shares"),
                "Y to trade stocks and ETFs in whole shares only (a mutual fund, Securities Type, always "
                "trades in fractional shares).", default="N", dropdown=_YES_NO),
    SettingSpec("allow_short_term_gains", "Allow Short-Term Gains", CellKind.BOOL,
                ("Allow ST Gains", "Allow Short Term Gains"),
                "N: the plan never raises this year's net short-term gain: it sells a short-term gain only "
                "where short-term losses (this year's, the plan's, the ST carryforward) absorb it, so none is "
                "taxed at ordinary rates (IRC §1222; taxrebal's reading). Y: the tax alone decides. N can cost more "
                "(a small short-term gain may cost less per dollar sold than a large long-term gain): the run "
                "then says what Y would save (console, Trades, Tax-Drift Frontier).",
                default="N", dropdown=_YES_NO),
    SettingSpec("sold_recent_shares_wash", "Sold Recent Shares Wash", CellKind.BOOL,
                ("Sold Recent Shares Still Wash",),
                f"Y: plan as if shares bought in an IRA, 401(k), Roth or HSA in the {newest_window_days()} days "
                "before a loss sale of the same fund wash that loss even when the plan sells them first (IRC "
                "§1091(a) 'has acquired', read literally: the conservative reading). N: shares no longer held "
                "cannot wash (taxrebal's reading; the regulations are silent), so the plan may sell them first.",
                default="N", dropdown=_YES_NO),
    SettingSpec("rebalance_to", "Rebalance To", CellKind.CHOICE, (),
                "Target: trades that add no tax (cash, contributions, trades inside tax-advantaged accounts, "
                "the proceeds of harvested losses) go as far toward target as they can. Band Edge: sells and "
                "buys inside tax-advantaged accounts stop where every class is within its band (the fewest "
                "dollars traded), but cash, contributions and the proceeds of taxable sales, harvests "
                "included, are still invested toward target, so a plan that harvests can end at target as "
                "with Target. In both, taxable sales stop where every class is within its band.",
                REBALANCE_TO_ALIASES, "Target, Band Edge", default="Target",
                dropdown=tuple(x.value for x in RebalanceTo)),
    SettingSpec("default_band", "Default Band", CellKind.BAND, ("Band",),
                "Band for targets with a blank Band (5 = 5 points).", default="5%",
                **{**_RATE, "number_format": BAND_FORMAT}),  # 1 is a one-point band, shown "1.0%" as on Targets
)
