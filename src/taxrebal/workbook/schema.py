"""The household workbook contract: sheets, columns, accepted spellings, and what each problem costs.

This module is data only: the reader (:mod:`taxrebal.workbook.reader`) validates against it, a
template builder can write its headers and notes from it, and :func:`contract_markdown` renders the
README's "Filling in the workbook" section from the same specs and this docstring. Cell-level parsing rules (numbers,
money text, dates, Excel serials, booleans) are in :mod:`taxrebal.workbook.cells`.

Layout
------
Each sheet has its header in row 1 and one record per row below (an Excel Table over the range is
fine: it is read as the plain range). Headers match case-insensitively, ignoring spaces and
punctuation (``Cost Basis`` = ``cost_basis`` = ``COST-BASIS``), and each column also accepts the
aliases listed below (``Ticker`` for Symbol, ``Shares`` for Quantity...). Column order is free, extra
columns are kept in the file and ignored, fully blank rows are skipped. A title or blank rows above
the header are tolerated (the first of the first ten rows that holds every required header is the
header row); cell references in messages are always the worksheet's own.
Sheet names match case-insensitively, ignoring spaces (``Proposed Trades`` = ``proposedtrades``).

Percentages (Target, rates, Harvest Min Loss %)
-----------------------------------------------
``5%`` (percent-formatted cell or text ``"5%"``) is 5%. A bare number whose absolute value is
**greater than 1** is percent points (``5`` -> 5%, ``60`` -> 60%); **1 or less** is a fraction
(``0.05`` -> 5%, ``1`` -> 100%). **Band / Default Band** differ at exactly 1: a bare number **of 1 or
more** is points (``1`` -> a 1-point band), because a 100-point band is meaningless. Worked example:
Targets 60, 0.3 and 10% read as 60% + 30% + 10% = 100%; Band 1 reads as 0.01, Band 0.05 as 0.05.

Lot ids
-------
A blank Lot ID gets the generated id ``Lots!<row>`` (``Lots!7`` for worksheet row 7): stable for a
given workbook, pointing at the row, and never equal to a user id because ids starting with
``Lots!`` are reserved (a user id written that way is an error asking to rename it). User ids are
text, compared exactly after trimming spaces; ``1001`` typed as a number is the id ``"1001"``.

Names and references
--------------------
Account names, asset classes and identical groups match case-insensitively; every reference is
stored with the spelling of the row that defines it (Accounts sheet for accounts, Targets sheet for
asset classes, the first Securities row for a group). Symbols are trimmed and upper-cased.

What each problem costs (severity)
----------------------------------
An **Error** stops the run: no household is returned, nothing is written but the Issues sheet.
A **Warning** drops the record (or the one bad value, when the record is still meaningful without
it) and the run goes on; the message says which. The rule used to choose: *a problem that would
silently change the value or the tax of what the user holds is an error; a problem that only loses a
row the engines can do without is a warning, and the message says what is lost.*

Errors:

* a required sheet (Accounts, Securities, Lots, Targets) or a required column is missing; the message
  names the column, lists the headers found and the accepted spellings. Acquired and Cost Basis (or
  Unit Cost) are required on Lots only when some account is Taxable;
* any unreadable row on **Accounts** (blank name, unknown Type, text in Cash or Contribution): every
  lot hangs off its account, and guessing a tax treatment could cost real tax;
* duplicate account names, symbols, lot ids, target asset classes or settings;
* a lot whose Account or Symbol is blank or not listed (or whose security row was dropped): the user
  expects that holding counted, and dropping it would misstate the allocation;
* Targets: a blank asset class, an unreadable or negative target, or targets not summing to 100%
  within 0.01 points (the message gives the actual sum);
* Settings: a missing Settings sheet; an unknown setting name (the message names the nearest valid
  one: a misspelt ``Ordinary Incme`` would silently leave income at $0); a value that cannot be read
  (a wrong income or rate would silently mis-state every tax figure, so no default is substituted), a
  rate outside 0-100%, or an amount beyond $1 trillion; Filing Status or Ordinary Income blank when
  an account is Taxable (unless Tax Mode is Flat), a flat rate blank when Tax Mode is Flat; As Of or
  Tax Year outside the years whose tax parameters ship, or Tax Year not the year of As Of; Investment Income negative or
  above Ordinary Income (it is a part of it); Taxpayers 65 or Older / Taxpayers Blind not a whole
  number from 0 to 2, or 2 when not married (only a joint return, or a separate return claiming a
  spouse with no gross income under IRC §151(b), has two people; a Qualifying Surviving Spouse has one);
* a lot id written with the reserved ``Lots!`` prefix;
* Lots: a Quantity that is blank, unreadable or negative (a short position), and in a Taxable account
  an Acquired date or Cost Basis that is blank, unreadable or negative: the lot is held, so leaving it
  out would change the allocation and the tax. A text date that can only be day-first
  (``15/3/2024``; text dates are read month first) is unreadable, and the message says so;
* Transactions: an unreadable or blank Date, Action, Quantity or Price, or a Quantity or Price not
  above 0: a trade left out of the wash-sale check could hide a disallowed loss;
* an Excel error value (``#N/A``, ``#REF!``...) or a formula saved without its value in any cell
  that decides one of the above: it is reported as such, never read as blank;
* anything out of scope (see "Out of scope"): options, short sales, gifts, average basis;
* implausible magnitudes: an amount beyond $1 trillion, a quantity beyond a trillion shares, a price
  beyond $10 million.

Warnings (the run goes on):

* Securities: a row with a blank symbol or asset class or a missing, zero or negative price is
  dropped (its lots then become errors, so nothing held is lost silently); an unreadable DRIP is read
  as N; a Replacement that is not listed, or is substantially identical to the security itself (same
  symbol or Identical Group, IRC §1091), is removed from the list;
* Lots: a Quantity of 0 (nothing is held); an acquisition date after As Of (the lot is not held
  yet): the lot is dropped. In a tax-advantaged account date and basis do not matter: an unreadable
  one is ignored (kept as blank) with a warning. Cost Basis and Unit Cost x Quantity disagreeing by more
  than 1% (and $1) -> Cost Basis is used, with a warning;
* a held asset class with no row on Targets (treated as target 0, so the rebalancer sells it down);
  a target above 0 with no security to buy;
* Transactions: an account or symbol that is not listed drops the row (the message says it is left
  out of the wash-sale check: nothing held can match it);
  a Sell in a Taxable account whose lot is not on Lots and that has no Acquired and Cost Basis is
  **kept** with a warning (the trade still opens a wash-sale window; its gain cannot be judged);
  a date after As Of is kept with a warning, and so is a Sell whose Lot ID is a lot of another
  account or symbol;
* Settings: a blank name with a value; Tax Mode Flat with both flat rates typed as 0% (every sale
  would look tax-free);
* Targets: an unreadable or negative Band (the Default Band is used), an unknown Location (none used);
* Menus, Sales, Proposed Trades: unreadable values and unknown accounts or symbols drop the row;
* Sales: a quantity above what the account holds of that symbol is **kept** with a warning (the
  lot-selection engine reports the oversell with the lots that exist); Specific ID without Lot IDs, or
  Lot IDs that are not lots of that account and symbol, drop the row;
* Proposed Trades: a Sell of more than the account holds is kept with a warning.

Info: Qualifying Surviving Spouse is read as Married Filing Jointly (same brackets and standard
deduction, IRC §1(a), §63(c)(2)); As Of left blank with no run date given.

Settings carryforwards (ST/LT Loss Carryforward) are positive amounts of loss; a negative entry is
read as its absolute value without a warning (brokers and tax software show them either way).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Mapping, Optional

from ..engine.records import (
    ACCOUNT_TYPES,
    Action,
    FilingStatus,
    LotMethod,
    RebalanceTo,
    TaxMode,
    TaxTreatment,
)
from .cells import normalize_key

__all__ = [
    "CellKind",
    "ColumnSpec",
    "SheetSpec",
    "SettingSpec",
    "ACCOUNT_TYPE_ALIASES",
    "ACTION_ALIASES",
    "FILING_STATUS_ALIASES",
    "LOT_METHOD_ALIASES",
    "TAX_MODE_ALIASES",
    "REBALANCE_TO_ALIASES",
    "LOCATION_ALIASES",
    "ACCOUNTS",
    "SECURITIES",
    "LOTS",
    "TRANSACTIONS",
    "TARGETS",
    "SETTINGS",
    "MENUS",
    "SALES",
    "PROPOSED_TRADES",
    "SHEETS",
    "SETTING_SPECS",
    "GENERATED_LOT_PREFIX",
    "generated_lot_id",
    "sheet_spec",
    "contract_markdown",
]


class CellKind(str, Enum):
    """How a column's cells are parsed (see :mod:`taxrebal.workbook.cells`)."""

    TEXT = "text"
    SYMBOL = "symbol"
    SYMBOLS = "symbols"  # comma-separated list
    LIST = "list"  # comma-separated ids
    NUMBER = "number"
    MONEY = "money"
    PERCENT = "percent"
    BAND = "band"
    DATE = "date"
    ACQUIRED = "acquired"  # a date or "Inherited"
    BOOL = "bool"
    INT = "int"
    CHOICE = "choice"


def _aliases(pairs: Mapping[str, Any]) -> dict[str, Any]:
    return {normalize_key(k): v for k, v in pairs.items()}


#: Account Type spellings -> canonical key of ``records.ACCOUNT_TYPES``.
ACCOUNT_TYPE_ALIASES: Mapping[str, str] = _aliases(
    {
        **{k: k for k in ACCOUNT_TYPES},
        "Taxable Brokerage": "Taxable", "Brokerage": "Taxable", "Individual": "Taxable",
        "Individual Brokerage": "Taxable", "Joint": "Taxable", "Joint Brokerage": "Taxable",
        "JTWROS": "Taxable", "Trust": "Taxable", "Revocable Trust": "Taxable", "Custodial": "Taxable",
        "UTMA": "Taxable", "UGMA": "Taxable", "Non-retirement": "Taxable", "Nonqualified": "Taxable",
        "IRA": "Traditional IRA", "Trad IRA": "Traditional IRA", "Traditional": "Traditional IRA",
        "Rollover IRA": "Traditional IRA", "Rollover": "Traditional IRA", "IRA Rollover": "Traditional IRA",
        "Traditional Rollover IRA": "Traditional IRA", "Inherited IRA": "Traditional IRA",
        "401k": "401(k)", "Traditional 401(k)": "401(k)", "401(k) Traditional": "401(k)",
        "Solo 401(k)": "401(k)", "403b": "403(b)", "SEP": "SEP IRA", "SEP-IRA": "SEP IRA",
        "SIMPLE": "SIMPLE IRA", "SIMPLE-IRA": "SIMPLE IRA",
        "Roth": "Roth IRA", "Roth IRA": "Roth IRA", "Roth 401k": "Roth 401(k)",
        "401(k) Roth": "Roth 401(k)", "Designated Roth 401(k)": "Roth 401(k)",
        "Health Savings Account": "HSA", "Health Savings": "HSA",
    }
)

ACTION_ALIASES: Mapping[str, Action] = _aliases(
    {
        "Buy": Action.BUY, "Bought": Action.BUY, "Purchase": Action.BUY, "Purchased": Action.BUY,
        "B": Action.BUY,
        "Sell": Action.SELL, "Sold": Action.SELL, "Sale": Action.SELL, "S": Action.SELL,
        "Reinvest": Action.REINVEST, "Reinvested": Action.REINVEST, "Reinvestment": Action.REINVEST,
        "DRIP": Action.REINVEST, "Dividend Reinvestment": Action.REINVEST,
        "Reinvest Dividend": Action.REINVEST, "Reinvested Dividend": Action.REINVEST,
        "Dividend Reinvest": Action.REINVEST, "Reinvest Dividends": Action.REINVEST,
        "Div Reinvest": Action.REINVEST, "Reinvest Capital Gain": Action.REINVEST,
    }
)

#: What taxrebal does not model, refused with the cell named (README "Out of scope"). Each entry:
#: the spellings that reveal it -> why it is refused and what to do.
_OPTIONS = ("options are out of scope: an option is a contract on 100 shares with its own holding-period and "
            "wash-sale rules (IRC §1091(a), §1234), which taxrebal does not model; leave option trades off the "
            "workbook and check their wash-sale effect with your broker")
_SHORTS = ("short sales are out of scope (IRC §1233, §1259 constructive sales are not modelled); leave short "
           "positions off the workbook")
_GIFTS = ("shares received as a gift are out of scope: their basis depends on the donor's basis and the value at "
          "the gift (the two-basis rule of IRC §1015) and their holding period on the donor's (§1223(2)); enter "
          "the lot with the basis and date from your tax adviser or leave it off")
OUT_OF_SCOPE_ACTIONS: Mapping[str, str] = _aliases(
    {**{k: _OPTIONS for k in ("Buy to Open", "Sell to Open", "Buy to Close", "Sell to Close", "BTO", "STO", "BTC",
                              "STC", "Exercise", "Exercised", "Assigned", "Assignment", "Expired", "Expiration",
                              "Call", "Put")},
     **{k: _SHORTS for k in ("Sell Short", "Short", "Short Sale", "Buy to Cover", "Cover", "Short Cover")},
     **{k: _GIFTS for k in ("Gift", "Gift In", "Gifted", "Gift Received", "Received Gift", "Received as Gift")}}
)
OUT_OF_SCOPE_ACQUIRED: Mapping[str, str] = _aliases(
    {k: _GIFTS for k in ("Gift", "Gifted", "By Gift", "Received as Gift", "Gift Received", "Donated", "Donor")}
)
OUT_OF_SCOPE_METHODS: Mapping[str, str] = _aliases(
    {k: ("average basis (mutual-fund average cost, Treas. Reg. §1.1012-1(e)) is out of scope: taxrebal relieves "
         "lots one by one; choose FIFO, LIFO, HIFO, Specific ID, MinTax or TaxOptimal, and leave funds your broker "
         "holds at average cost off the workbook")
     for k in ("Average Cost", "Average", "Avg Cost", "Average Basis", "ACB", "Avg", "Average Cost Basis",
               "Single Category", "Double Category")}
)
#: README lines of the out-of-scope list (rendered by :func:`contract_markdown`).
OUT_OF_SCOPE_LINES: tuple[str, ...] = (
    "**Options** (Buy to Open, Sell to Close, calls and puts, OCC option symbols): an Action or Symbol cell that "
    "names one is an error naming the cell. §1091(a) covers options, but their contract size and rules are not "
    "modelled.",
    "**Short positions** (a negative Quantity on Lots, Sell Short / Buy to Cover): an error naming the cell.",
    "**Gifts** (Acquired written as Gift, or a Gift action): an error naming the cell; the donor's basis and "
    "the two-basis rule of IRC §1015 are not modelled. Enter the lot with the basis and date your adviser gives.",
    "**Mutual-fund average basis** (Lot Method Average Cost): an error naming the cell; lots are relieved one by one.",
)

FILING_STATUS_ALIASES: Mapping[str, FilingStatus] = _aliases(
    {
        "Single": FilingStatus.SINGLE, "S": FilingStatus.SINGLE,
        "Married Filing Jointly": FilingStatus.MARRIED_JOINT, "MFJ": FilingStatus.MARRIED_JOINT,
        "Married Jointly": FilingStatus.MARRIED_JOINT, "Joint": FilingStatus.MARRIED_JOINT,
        "Married Filing Joint": FilingStatus.MARRIED_JOINT,
        # A bare "Married" is not an alias: joint and separate returns are taxed very differently
        # (IRC §1(a), §1(d)), so the reader asks which one instead of guessing.
        # Qualifying surviving spouse uses the joint brackets and standard deduction (IRC §1(a), §63(c)(2)).
        "Qualifying Surviving Spouse": FilingStatus.MARRIED_JOINT, "QSS": FilingStatus.MARRIED_JOINT,
        "Qualifying Widow": FilingStatus.MARRIED_JOINT, "Qualifying Widower": FilingStatus.MARRIED_JOINT,
        "Qualifying Widow(er)": FilingStatus.MARRIED_JOINT, "QW": FilingStatus.MARRIED_JOINT,
        "Married Filing Separately": FilingStatus.MARRIED_SEPARATE, "MFS": FilingStatus.MARRIED_SEPARATE,
        "Married Separately": FilingStatus.MARRIED_SEPARATE, "Separate": FilingStatus.MARRIED_SEPARATE,
        "Married Filing Separate": FilingStatus.MARRIED_SEPARATE,
        "Head of Household": FilingStatus.HEAD_OF_HOUSEHOLD, "HOH": FilingStatus.HEAD_OF_HOUSEHOLD,
        "Head": FilingStatus.HEAD_OF_HOUSEHOLD,
    }
)
#: normalized spellings that mean Qualifying Surviving Spouse (reported as Info).
SURVIVING_SPOUSE_KEYS = frozenset(
    normalize_key(s) for s in ("Qualifying Surviving Spouse", "QSS", "Qualifying Widow",
                               "Qualifying Widower", "Qualifying Widow(er)", "QW")
)

LOT_METHOD_ALIASES: Mapping[str, LotMethod] = _aliases(
    {
        "FIFO": LotMethod.FIFO, "First In First Out": LotMethod.FIFO,
        "LIFO": LotMethod.LIFO, "Last In First Out": LotMethod.LIFO,
        "HIFO": LotMethod.HIFO, "Highest In First Out": LotMethod.HIFO, "Highest Cost": LotMethod.HIFO,
        "High Cost": LotMethod.HIFO,
        "Specific ID": LotMethod.SPECIFIC, "Specific": LotMethod.SPECIFIC, "SpecID": LotMethod.SPECIFIC,
        "Specific Identification": LotMethod.SPECIFIC, "Specific Lot": LotMethod.SPECIFIC,
        "Specific Lots": LotMethod.SPECIFIC, "SpecificLot": LotMethod.SPECIFIC,
        "MinTax": LotMethod.MIN_TAX, "Min Tax": LotMethod.MIN_TAX, "Minimum Tax": LotMethod.MIN_TAX,
        "Tax Min": LotMethod.MIN_TAX, "Lowest Tax": LotMethod.MIN_TAX,
        "TaxOptimal": LotMethod.TAX_OPTIMAL, "Tax Optimal": LotMethod.TAX_OPTIMAL,
        "Optimal": LotMethod.TAX_OPTIMAL, "Tax Optimized": LotMethod.TAX_OPTIMAL,
    }
)

TAX_MODE_ALIASES: Mapping[str, TaxMode] = _aliases(
    {"Brackets": TaxMode.BRACKETS, "Bracket": TaxMode.BRACKETS, "Progressive": TaxMode.BRACKETS,
     "Flat": TaxMode.FLAT, "Flat Rate": TaxMode.FLAT, "Flat Rates": TaxMode.FLAT}
)

REBALANCE_TO_ALIASES: Mapping[str, RebalanceTo] = _aliases(
    {"Target": RebalanceTo.TARGET, "Targets": RebalanceTo.TARGET, "Center": RebalanceTo.TARGET,
     "Band Edge": RebalanceTo.BAND_EDGE, "Edge": RebalanceTo.BAND_EDGE, "Band": RebalanceTo.BAND_EDGE,
     "Edge of Band": RebalanceTo.BAND_EDGE}
)

#: Targets.Location: where new purchases of a class should preferably go. Account-type words name
#: their treatment ("IRA", "401(k)" -> Tax-deferred; "Roth", "HSA" -> Tax-free; "Brokerage" -> Taxable).
LOCATION_ALIASES: Mapping[str, TaxTreatment] = _aliases(
    {
        "Taxable": TaxTreatment.TAXABLE, "Brokerage": TaxTreatment.TAXABLE,
        "Tax-deferred": TaxTreatment.TAX_DEFERRED, "Deferred": TaxTreatment.TAX_DEFERRED,
        "Tax deferred": TaxTreatment.TAX_DEFERRED, "Pre-tax": TaxTreatment.TAX_DEFERRED,
        "Traditional": TaxTreatment.TAX_DEFERRED, "IRA": TaxTreatment.TAX_DEFERRED,
        "Traditional IRA": TaxTreatment.TAX_DEFERRED, "401(k)": TaxTreatment.TAX_DEFERRED,
        "Tax-free": TaxTreatment.TAX_FREE, "Tax free": TaxTreatment.TAX_FREE,
        "Tax-exempt": TaxTreatment.TAX_FREE, "Exempt": TaxTreatment.TAX_FREE, "Roth": TaxTreatment.TAX_FREE,
        "Roth IRA": TaxTreatment.TAX_FREE, "HSA": TaxTreatment.TAX_FREE,
    }
)


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a sheet. ``key`` is what the reader calls it; ``header`` is written by the
    template; ``aliases`` are further accepted headers; ``choices`` is the alias map of a CHOICE
    column and ``accepted`` lists its canonical values for messages."""

    key: str
    header: str
    kind: CellKind
    required: bool = False
    aliases: tuple[str, ...] = ()
    doc: str = ""
    choices: Optional[Mapping[str, Any]] = None
    accepted: str = ""

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.header,) + self.aliases

    @property
    def number_format(self) -> str:
        """The format the template gives the column's cells, from its kind (dates yyyy-mm-dd, money
        with thousands separators, prices with up to four decimals, percentages)."""
        if self.kind in (CellKind.DATE, CellKind.ACQUIRED):
            return DATE_FORMAT
        if self.kind is CellKind.MONEY:
            return PRICE_FORMAT if "price" in self.key or self.key == "unit_cost" else MONEY_FORMAT
        if self.kind is CellKind.NUMBER:
            return QUANTITY_FORMAT
        if self.kind in (CellKind.PERCENT, CellKind.BAND):
            return PERCENT_FORMAT
        return TEXT_FORMAT

    @property
    def dropdown(self) -> tuple[str, ...]:
        """The template's drop-down list: the canonical choices of a CHOICE column, Y/N for yes/no."""
        if self.kind is CellKind.BOOL:
            return ("Y", "N")
        if self.kind is CellKind.CHOICE and self.choices:
            seen: dict[str, None] = {}
            for v in self.choices.values():
                seen.setdefault(getattr(v, "value", v), None)
            return tuple(seen)
        return ()

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(normalize_key(s) for s in self.spellings)


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[ColumnSpec, ...]
    required: bool
    doc: str

    def column(self, key: str) -> ColumnSpec:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


_ACCOUNT_TYPES_TEXT = ", ".join(ACCOUNT_TYPES)
_ACTIONS_TEXT = "Buy, Sell, Reinvest"
_METHODS_TEXT = ", ".join(m.value for m in LotMethod)

ACCOUNTS = SheetSpec(
    "Accounts",
    (
        ColumnSpec("account", "Account", CellKind.TEXT, True, ("Account Name", "Name", "Acct"),
                   "A unique name for the account, used on every other sheet."),
        ColumnSpec("type", "Type", CellKind.CHOICE, True, ("Account Type", "Kind"),
                   f"One of: {_ACCOUNT_TYPES_TEXT} (IRA, 401k, Roth, Brokerage... also accepted).",
                   ACCOUNT_TYPE_ALIASES, _ACCOUNT_TYPES_TEXT),
        ColumnSpec("owner", "Owner", CellKind.TEXT, False, ("Account Owner",), "Optional: whose account."),
        ColumnSpec("cash", "Cash", CellKind.MONEY, False, ("Cash Balance", "Available Cash"),
                   "Uninvested cash in the account (default 0)."),
        ColumnSpec("contribution", "Contribution", CellKind.MONEY, False,
                   ("Contributions", "New Money", "Deposit"),
                   "New money to invest now (default 0; negative = withdrawal). The rebalancer invests it "
                   "today; Contributions Only assumes the same amount arrives again every month."),
        ColumnSpec("broker_account", "Broker Account", CellKind.TEXT, False,
                   ("Account Number", "Broker Account Number", "Account No", "Account #"),
                   "Optional: the broker's account number (or its last digits, e.g. ...1234); "
                   "`taxrebal import` matches broker files to this account by it."),
    ),
    True,
    "One row per account of the household.",
)

SECURITIES = SheetSpec(
    "Securities",
    (
        ColumnSpec("symbol", "Symbol", CellKind.SYMBOL, True, ("Ticker", "Ticker Symbol"), "Ticker, unique."),
        ColumnSpec("asset_class", "Asset Class", CellKind.TEXT, True, ("Class", "AssetClass", "Category"),
                   "Asset class, as named on the Targets sheet."),
        ColumnSpec("price", "Price", CellKind.MONEY, True, ("Last Price", "Current Price", "Market Price"),
                   "Current price per share (> 0)."),
        ColumnSpec("name", "Name", CellKind.TEXT, False, ("Description", "Security Name", "Fund Name"),
                   "Optional description."),
        ColumnSpec("identical_group", "Identical Group", CellKind.TEXT, False,
                   ("Group", "Substantially Identical Group", "Identical"),
                   "Securities sharing a group are substantially identical for the wash-sale rule."),
        ColumnSpec("replacement", "Replacement", CellKind.SYMBOLS, False,
                   ("Replacements", "Replacement Symbols", "Substitute", "Substitutes"),
                   "Preferred tax-loss-harvest substitutes, comma-separated, best first."),
        ColumnSpec("drip", "DRIP", CellKind.BOOL, False, ("Reinvest Dividends", "Dividend Reinvestment"),
                   "Y when dividends reinvest automatically."),
    ),
    True,
    "One row per security held or considered.",
)

LOTS = SheetSpec(
    "Lots",
    (
        ColumnSpec("lot_id", "Lot ID", CellKind.TEXT, False, ("Lot", "ID", "Lot Number", "Lot #", "LotID"),
                   "Optional unique id (blank -> Lots!<row>)."),
        ColumnSpec("account", "Account", CellKind.TEXT, True, ("Account Name", "Acct"),
                   "Account name from the Accounts sheet."),
        ColumnSpec("symbol", "Symbol", CellKind.SYMBOL, True, ("Ticker",), "Symbol from the Securities sheet."),
        ColumnSpec("acquired", "Acquired", CellKind.ACQUIRED, False,
                   ("Date Acquired", "Acquired Date", "Acquisition Date", "Purchase Date", "Open Date",
                    "Trade Date", "Date"),
                   "Acquisition date, or Inherited. Required in Taxable accounts."),
        ColumnSpec("quantity", "Quantity", CellKind.NUMBER, True, ("Shares", "Qty", "Units"),
                   "Shares held (> 0, fractions allowed)."),
        ColumnSpec("cost_basis", "Cost Basis", CellKind.MONEY, False,
                   ("Basis", "Total Cost", "Cost", "Total Basis", "Cost Basis Total"),
                   "Total cost basis of the lot. Required in Taxable accounts (or Unit Cost)."),
        ColumnSpec("unit_cost", "Unit Cost", CellKind.MONEY, False,
                   ("Cost Per Share", "Unit Basis", "Basis Per Share", "Price Paid"),
                   "Cost per share, accepted instead of Cost Basis (basis = Unit Cost x Quantity)."),
        ColumnSpec("wash_adjusted", "Wash Adjusted", CellKind.BOOL, False,
                   ("Wash Sale Adjusted", "Wash Adj", "Basis Adjusted"),
                   "Y when the broker already added a disallowed wash-sale loss to this basis (Acquired: the "
                   "broker's adjusted date, or the date you bought when the loss sale is on Transactions, "
                   "whose holding period taxrebal then tacks on, IRC §1223(3))."),
        ColumnSpec("source", "Source", CellKind.TEXT, False, ("Imported From", "Import Source"),
                   "Written by `taxrebal import`: the broker file a row came from. Rows with a Source "
                   "belong to the import (re-importing replaces them); leave it blank on rows you type."),
        ColumnSpec("note", "Note", CellKind.TEXT, False, ("Notes", "Comment", "Memo"),
                   "Optional: free text (import puts the broker's unadjusted basis and date here)."),
    ),
    True,
    "One row per open tax lot.",
)

TRANSACTIONS = SheetSpec(
    "Transactions",
    (
        ColumnSpec("date", "Date", CellKind.DATE, True, ("Trade Date", "Transaction Date"), "Trade date."),
        ColumnSpec("account", "Account", CellKind.TEXT, True, ("Account Name", "Acct"), "Account name."),
        ColumnSpec("symbol", "Symbol", CellKind.SYMBOL, True, ("Ticker",), "Symbol."),
        ColumnSpec("action", "Action", CellKind.CHOICE, True, ("Type", "Transaction", "Side", "Activity"),
                   "Buy, Sell or Reinvest.", ACTION_ALIASES, _ACTIONS_TEXT),
        ColumnSpec("quantity", "Quantity", CellKind.NUMBER, True, ("Shares", "Qty", "Units"), "Shares (> 0)."),
        ColumnSpec("price", "Price", CellKind.MONEY, True, ("Trade Price", "Unit Price"), "Price per share."),
        ColumnSpec("lot_id", "Lot ID", CellKind.TEXT, False, ("Lot", "Lot Number", "Lot #", "LotID"),
                   "For a Sell: the lot relieved."),
        ColumnSpec("acquired", "Acquired", CellKind.ACQUIRED, False, ("Date Acquired", "Acquisition Date"),
                   "For a Sell of a lot no longer on Lots: its acquisition date."),
        ColumnSpec("cost_basis", "Cost Basis", CellKind.MONEY, False, ("Basis", "Total Cost"),
                   "For a Sell of a lot no longer on Lots: the basis of the shares sold."),
        ColumnSpec("source", "Source", CellKind.TEXT, False, ("Imported From", "Import Source"),
                   "Written by `taxrebal import`: the broker file a row came from. Rows with a Source "
                   "belong to the import (re-importing never adds the same trade twice); leave it blank "
                   "on rows you type."),
        ColumnSpec("note", "Note", CellKind.TEXT, False, ("Notes", "Comment", "Memo"),
                   "Optional: free text (import puts the broker's wash-sale details here)."),
    ),
    False,
    "Recent trades for the wash-sale rule (the last 60 days), and every sell of this year when Settings "
    "Realized ST YTD / Realized LT YTD are left blank (they are then added up from here).",
)

TARGETS = SheetSpec(
    "Targets",
    (
        ColumnSpec("asset_class", "Asset Class", CellKind.TEXT, True, ("Class", "AssetClass", "Category"),
                   "Asset class name."),
        ColumnSpec("target", "Target", CellKind.PERCENT, True,
                   ("Target %", "Target Weight", "Weight", "Allocation", "Target Allocation"),
                   "Target weight; all targets sum to 100%."),
        ColumnSpec("band", "Band", CellKind.BAND, False, ("Tolerance", "Rebalance Band", "Drift Band"),
                   "Allowed drift in points (blank -> Default Band)."),
        ColumnSpec("location", "Location", CellKind.CHOICE, False, ("Preferred Location", "Asset Location"),
                   "Preferred account treatment for new purchases: Taxable, Tax-deferred or Tax-free.",
                   LOCATION_ALIASES, "Taxable, Tax-deferred, Tax-free"),
    ),
    True,
    "Target allocation by asset class.",
)

SETTINGS = SheetSpec(
    "Settings",
    (
        ColumnSpec("setting", "Setting", CellKind.TEXT, True, ("Key", "Name", "Parameter", "Item"),
                   "Setting name."),
        ColumnSpec("value", "Value", CellKind.TEXT, True, ("Setting Value",), "Its value."),
    ),
    False,
    "Two columns, Setting and Value. Every setting is optional.",
)

MENUS = SheetSpec(
    "Menus",
    (
        ColumnSpec("account", "Account", CellKind.TEXT, True, ("Account Name", "Acct"), "Account name."),
        ColumnSpec("symbol", "Symbol", CellKind.SYMBOLS, True, ("Ticker", "Symbols", "Fund"),
                   "A symbol the account may buy (or several, comma-separated)."),
    ),
    False,
    "What each account may buy (an account not listed may buy any security).",
)

SALES = SheetSpec(
    "Sales",
    (
        ColumnSpec("account", "Account", CellKind.TEXT, True, ("Account Name", "Acct"), "Account name."),
        ColumnSpec("symbol", "Symbol", CellKind.SYMBOL, True, ("Ticker",), "Symbol."),
        ColumnSpec("quantity", "Quantity", CellKind.NUMBER, True, ("Shares", "Qty", "Units"), "Shares to sell."),
        ColumnSpec("price", "Price", CellKind.MONEY, False, ("Sale Price",), "Blank -> the security's price."),
        ColumnSpec("method", "Method", CellKind.CHOICE, False, ("Lot Method",),
                   f"Blank -> the Lot Method setting. One of: {_METHODS_TEXT}.", LOT_METHOD_ALIASES,
                   _METHODS_TEXT),
        ColumnSpec("lot_ids", "Lot IDs", CellKind.LIST, False, ("Lots", "Lot ID", "Lot"),
                   "For Specific ID: comma-separated lot ids."),
    ),
    False,
    "Sales the user is considering.",
)

PROPOSED_TRADES = SheetSpec(
    "Proposed Trades",
    (
        ColumnSpec("date", "Date", CellKind.DATE, True, ("Trade Date",), "Planned trade date."),
        ColumnSpec("account", "Account", CellKind.TEXT, True, ("Account Name", "Acct"), "Account name."),
        ColumnSpec("symbol", "Symbol", CellKind.SYMBOL, True, ("Ticker",), "Symbol."),
        ColumnSpec("action", "Action", CellKind.CHOICE, True, ("Type", "Side"), "Buy, Sell or Reinvest.",
                   ACTION_ALIASES, _ACTIONS_TEXT),
        ColumnSpec("quantity", "Quantity", CellKind.NUMBER, True, ("Shares", "Qty", "Units"), "Shares."),
        ColumnSpec("price", "Price", CellKind.MONEY, False, ("Trade Price",), "Blank -> the security's price."),
    ),
    False,
    "Trades to check against the wash-sale rule before placing them.",
)

#: Every sheet, in the order issues are reported.
SHEETS: tuple[SheetSpec, ...] = (
    SETTINGS, ACCOUNTS, SECURITIES, TARGETS, LOTS, TRANSACTIONS, MENUS, SALES, PROPOSED_TRADES
)


def sheet_spec(name: str) -> SheetSpec:
    key = normalize_key(name)
    for s in SHEETS:
        if normalize_key(s.name) == key:
            return s
    raise KeyError(name)


#: Plausibility limits (a value beyond them is a typo or a hostile file, never a household's):
#: amounts of money up to $1 trillion, share counts up to a trillion, prices up to $10 million a
#: share. ``1e308`` in Ordinary Income or a lot's basis is refused, not carried into the tax.
MAX_AMOUNT = 1e12
MAX_QUANTITY = 1e12
MAX_PRICE = 1e7

#: Number formats the template gives each kind of cell (one place; the template reads them here).
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
PRICE_FORMAT = "#,##0.00##"
QUANTITY_FORMAT = "#,##0.######"
PERCENT_FORMAT = "0.00%"
TEXT_FORMAT = "@"
WHOLE_FORMAT = "0"

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
_RATE: dict[str, Any] = dict(minimum=0.0, maximum=1.0, maximum_exclusive=True, number_format=PERCENT_FORMAT)
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
                "their own settings): wages, interest, non-qualified dividends, IRA withdrawals... Required "
                "when an account is Taxable (type 0 for none).", default="required", required=PRICES_TAX,
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
                "adjustments taxrebal finds (blank -> computed from this year's sells on Transactions).",
                blank_is_none=True, default="computed from Transactions", **_MONEY),
    SettingSpec("realized_lt_ytd", "Realized LT YTD", CellKind.MONEY,
                ("Realized Long-Term YTD", "Realized LT", "LT Realized YTD", "Realized Long Term"),
                "Net long-term gain (negative = loss) realized this year so far, before the wash-sale "
                "adjustments taxrebal finds (blank -> computed from this year's sells on Transactions).",
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
                "Used when Tax Mode is Flat (then required).", default="0%", required=FLAT_MODE, **_RATE),
    SettingSpec("flat_lt_rate", "Flat LT Rate", CellKind.PERCENT, ("Flat Long-Term Rate", "LT Rate"),
                "Used when Tax Mode is Flat (then required).", default="0%", required=FLAT_MODE, **_RATE),
    SettingSpec("lot_method", "Lot Method", CellKind.CHOICE, ("Method", "Cost Basis Method"),
                f"One of: {_METHODS_TEXT}.", LOT_METHOD_ALIASES, _METHODS_TEXT, default="MinTax",
                dropdown=tuple(m.value for m in LotMethod)),
    SettingSpec("harvest_min_loss", "Harvest Min Loss", CellKind.MONEY,
                ("Minimum Harvest Loss", "Harvest Minimum Loss", "Min Harvest Loss"),
                "Smallest loss worth harvesting, in dollars.", default="100", **_AMOUNT),
    SettingSpec("harvest_min_loss_pct", "Harvest Min Loss %", CellKind.PERCENT,
                ("Harvest Min Loss Pct", "Harvest Min Loss Percent", "Minimum Harvest Loss %"),
                "Smallest loss worth harvesting, as a share of the position's value.", default="5%", **_RATE),
    SettingSpec("tax_budget", "Tax Budget", CellKind.MONEY, ("Max Tax", "Tax Limit"),
                "Most extra tax the plan may cost (blank -> no cap).", blank_is_none=True, default="no cap",
                **_AMOUNT),
    SettingSpec("min_trade", "Min Trade", CellKind.MONEY, ("Minimum Trade",), "Smallest trade, in dollars.",
                default="50", **_AMOUNT),
    SettingSpec("whole_shares", "Whole Shares", CellKind.BOOL, ("Whole Shares Only", "Integer Shares"),
                "Y to trade whole shares only.", default="N", dropdown=_YES_NO),
    SettingSpec("allow_short_term_gains", "Allow Short-Term Gains", CellKind.BOOL,
                ("Allow ST Gains", "Allow Short Term Gains"), "Y to allow realizing short-term gains.",
                default="N", dropdown=_YES_NO),
    SettingSpec("rebalance_to", "Rebalance To", CellKind.CHOICE, (), "Target or Band Edge.",
                REBALANCE_TO_ALIASES, "Target, Band Edge", default="Target",
                dropdown=tuple(x.value for x in RebalanceTo)),
    SettingSpec("default_band", "Default Band", CellKind.BAND, ("Band",),
                "Band for targets with a blank Band (5 = 5 points).", default="5%", **_RATE),
)

#: Prefix of generated lot ids; user ids may not start with it.
GENERATED_LOT_PREFIX = "Lots!"


def generated_lot_id(row: int) -> str:
    """The id of a lot whose Lot ID cell is blank: ``Lots!7`` for worksheet row 7."""
    return f"{GENERATED_LOT_PREFIX}{row}"


def _docstring_section(title: str) -> str:
    """The body of one underlined section of this module's docstring."""
    lines = (__doc__ or "").splitlines()
    for n, line in enumerate(lines):
        if line.strip() == title and n + 1 < len(lines) and set(lines[n + 1].strip()) == {"-"}:
            body: list[str] = []
            for nxt in lines[n + 2:]:
                if body and nxt and set(nxt.strip()) == {"-"}:
                    body.pop()  # that was the next section's title
                    break
                body.append(nxt)
            return "\n".join(body).strip()
    return ""


def contract_markdown() -> str:
    """The workbook contract as Markdown (for the README): layout, value rules, each sheet's
    columns with accepted spellings, the settings, and what each problem costs."""
    out = ["## Filling in the workbook", "", _docstring_section("Layout"), "",
           "### Percentages", "", _docstring_section("Percentages (Target, rates, Harvest Min Loss %)"), "",
           "### Dates, money and yes/no", "",
           "Dates: a date cell, `2025-03-14`, `3/14/2025` or an Excel serial number (1900 date system). "
           "Money: a number or text such as `$1,234.50` or `(1,234.50)` (negative). "
           "Yes/no: Y/N, Yes/No, True/False, 1/0, or X for yes and blank for no.", "",
           "### Lot ids", "", _docstring_section("Lot ids"), ""]
    for spec in SHEETS:
        if spec is SETTINGS:
            continue
        need = "required" if spec.required else "optional"
        out += [f"### {spec.name} ({need})", "", spec.doc, "", "| Column | Required | Also accepted | Meaning |",
                "|---|---|---|---|"]
        for c in spec.columns:
            out.append(f"| {c.header} | {'yes' if c.required else ''} | {', '.join(c.aliases)} | {c.doc} |")
        out.append("")
    out += ["### Settings (optional)", "", SETTINGS.doc, "", "| Setting | Also accepted | Meaning |", "|---|---|---|"]
    for st in SETTING_SPECS:
        out.append(f"| {st.label} | {', '.join(st.aliases)} | {st.doc} |")
    out += ["", "### What each problem costs", "", _docstring_section("What each problem costs (severity)"), ""]
    out += ["### Out of scope", "", "taxrebal refuses these rather than guess (an error naming the cell):", ""]
    out += [f"* {line}" for line in OUT_OF_SCOPE_LINES] + [""]
    return "\n".join(out)
