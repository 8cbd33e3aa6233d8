"""The sheets of the household workbook and their columns, in the template's order (:data:`SHEETS`),
and the id given to a lot whose Lot ID cell is blank.

Example: ``sheet_spec("proposed trades")`` is :data:`PROPOSED_TRADES` (names match case-insensitively,
ignoring spaces); a blank Lot ID on Lots row 7 reads as ``Lots!7``.
"""

from __future__ import annotations

from ...engine.records import ACCOUNT_TYPES, LotMethod
from ...engine.wash import newest_window_days
from ..cells import normalize_key
from .choices import (
    ACCOUNT_TYPE_ALIASES,
    ACTION_ALIASES,
    LOCATION_ALIASES,
    LOT_METHOD_ALIASES,
    SECURITY_TYPE_ALIASES,
)
from .columns import CellKind, ColumnSpec, SheetSpec

__all__ = [
    "ACCOUNTS", "SECURITIES", "LOTS", "TRANSACTIONS", "TARGETS", "SETTINGS", "MENUS", "SALES",
    "PROPOSED_TRADES", "SHEETS", "sheet_spec", "GENERATED_LOT_PREFIX", "generated_lot_id",
]


_ACCOUNT_TYPES_TEXT = ", ".join(ACCOUNT_TYPES)
_ACTIONS_TEXT = "Buy, Sell, Reinvest"
_METHODS_TEXT = ", ".join(m.value for m in LotMethod)

ACCOUNTS = SheetSpec(
    "Accounts",
    (
        ColumnSpec("account", "Account", CellKind.TEXT, True, ("Account Name", "Name", "Acct"),
                   "A unique name for the account, used on every other sheet."),
        ColumnSpec("type", "Type", CellKind.CHOICE, True, ("Account Type", "Kind"),
                   f"One of: {_ACCOUNT_TYPES_TEXT} (IRA, 401k, Roth, Brokerage... also accepted; a Roth 403(b) or "
                   "Roth 457(b) is read as a Roth 401(k), a 457(b) or the TSP as a 401(k): taxed alike).",
                   ACCOUNT_TYPE_ALIASES, _ACCOUNT_TYPES_TEXT),
        ColumnSpec("owner", "Owner", CellKind.TEXT, False, ("Account Owner",),
                   "Optional: whose account. With Married Filing Separately, taxable accounts of two owners are "
                   "a warning: every sale is priced on the one return Settings describes, so run each "
                   "spouse's taxable accounts in a workbook of their own."),
        ColumnSpec("cash", "Cash", CellKind.MONEY, False, ("Cash Balance", "Available Cash"),
                   "Uninvested cash in the account (default 0)."),
        ColumnSpec("contribution", "Contribution", CellKind.MONEY, False,
                   ("Contributions", "New Money", "Deposit"),
                   "New money to invest now (default 0; negative = withdrawal, taken now). The rebalancer "
                   "invests it today (a withdrawal comes out of the cash first, then the sales, as Orders "
                   "shows); Contributions Only assumes new money arrives again every month and takes a "
                   "withdrawal once. A 401(k)'s, 403(b)'s or Roth 401(k)'s arrives by payroll under your "
                   "investment election: it is invested whatever Min Trade says."),
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
        ColumnSpec("security_type", "Type", CellKind.CHOICE, False, ("Security Type", "Asset Type"),
                   "How it trades: Stock, ETF or Mutual Fund. Whole Shares (Settings) applies to stocks and "
                   "ETFs only: a mutual fund is bought by dollar amount, in fractional shares. Blank: a "
                   "five-letter symbol ending in X (VTSAX, FXAIX, SPAXX) is a mutual fund, any other symbol "
                   "trades on an exchange.",
                   SECURITY_TYPE_ALIASES, "Stock, ETF, Mutual Fund"),
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
    f"Recent trades for the wash-sale rule (the last {2 * newest_window_days()} days), and every sell of this "
    "year when Settings Realized ST YTD / Realized LT YTD are left blank (they are then added up from here).",
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
                   "Preferred account treatment for new purchases: Taxable, Tax-deferred or Tax-free. It "
                   "decides between plans of the same tax, distance and trading (it never adds a trade); a buy "
                   "elsewhere says why on Trades.",
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
    "Two columns, Setting and Value. The sheet is required (a workbook without it is an error: the "
    "date, filing status and income every tax figure depends on come from it); each setting is optional "
    "unless its row says when it is required, and a blank one takes the default the template's Default "
    "column shows. With a Taxable account, the settings that change the tax and that were left blank "
    "(Qualified Dividends, Investment Income, Taxpayers 65 or Older, Taxpayers Blind, ST and LT Loss "
    "Carryforward, State Tax Rate; in Flat mode only the last three) are named with their "
    "defaults on the console of `check` and `run`, and Run Info marks them 'Yes: left blank': a default "
    "that prices the tax is never used silently. Type 0 to make a zero your own.",
)

MENUS = SheetSpec(
    "Menus",
    (
        ColumnSpec("account", "Account", CellKind.TEXT, True, ("Account Name", "Acct"), "Account name."),
        ColumnSpec("symbol", "Symbol", CellKind.SYMBOLS, True, ("Ticker", "Symbols", "Fund"),
                   "A symbol the account may buy (or several, comma-separated)."),
    ),
    False,
    "What each account may buy (an account not listed may buy any security). Its Account must be on "
    "Accounts: a misspelt account stops the run, since it would silently drop the limit.",
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


#: Prefix of generated lot ids; user ids may not start with it.
GENERATED_LOT_PREFIX = "Lots!"


def generated_lot_id(row: int) -> str:
    """The id of a lot whose Lot ID cell is blank: ``Lots!7`` for worksheet row 7."""
    return f"{GENERATED_LOT_PREFIX}{row}"
