"""The input workbook: an empty template to fill in, and the sample "Rivera household".

``build_template()`` and ``build_sample()`` return openpyxl Workbooks with every input sheet of the
workbook contract (header in row 1, one record per row): a **Start** sheet explaining how to use it,
then Accounts, Securities, Lots, Transactions, Targets, Settings, Menus, Sales and Proposed Trades.
Each input sheet has an input hint as a comment on every header cell, an Excel Table over its
range, number formats (dates yyyy-mm-dd, money with thousands separators, percentages), a frozen
header row and drop-down lists (data validation) for Type, Action, Filing Status, Lot Method, Tax
Mode, Rebalance To, DRIP, Wash Adjusted, Location and Method. Both builders are deterministic (fixed
document properties, no clock), so regenerating gives the same cell content::

    python -m taxrebal.workbook.template workbook_templates/

writes ``taxrebal-template.xlsx`` and ``sample-household.xlsx`` there.

The sample also has a **Dashboard** sheet (:func:`taxrebal.workbook.dashboard.add_dashboard`): the
cell functions applied to its own data, each with the value it gave saved beside it. The cell
functions live in the excel layer, so the caller hands them in (``build_sample(cell_functions=udfs)``:
``taxrebal demo`` and ``__main__.py`` here do); without them the sample has no Dashboard.

The sample household (as of 2026-11-20, tax year 2026, Married Filing Jointly, ordinary income
$240,000, state 5%) is described on its Start sheet (:data:`SAMPLE_STORY`): five accounts (a taxable
joint brokerage, Maria's traditional IRA and 401(k) with a three-fund menu, Daniel's Roth IRA and a
family HSA) holding about $1.1 million, drifted from 60/40 to about 72/28, with old low-basis and
recent high-basis VTI lots, VXUS at a loss, an S&P 500 identical group (VOO, IVV, SPY and the 401(k)'s
FXAIX), a DRIP holding and recent purchases that set wash-sale traps. Its numbers are consistent:
every lot created by a recent purchase has a Transactions row with its Lot ID, quantity x price =
cost basis, every price is positive and targets sum to 100%.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ...engine.holding import WAIT_HORIZON_DAYS
from ...engine.records import (
    ACCOUNT_TYPES,
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    LotMethod,
    ProposedTrade,
    RebalanceTo,
    SaleRequest,
    Security,
    SecurityType,
    Settings,
    Target,
    TaxMode,
    TaxTreatment,
    Transaction,
)
from ...engine.wash import newest_window_days
from .. import schema
from ..dashboard import CellFunctions, add_dashboard
from ..saving import save_atomic

__all__ = [
    "TEMPLATE_FILE",
    "SAMPLE_FILE",
    "InputColumn",
    "INPUT_COLUMNS",
    "SETTING_ROWS",
    "build_template",
    "build_sample",
    "sample_household",
    "write_templates",
]

TEMPLATE_FILE = "taxrebal-template.xlsx"
SAMPLE_FILE = "sample-household.xlsx"
FIXED_TIME = datetime(2026, 1, 1, 0, 0, 0)  # document properties: never the clock

DATE_FMT = "yyyy-mm-dd"
MONEY_FMT = "#,##0.00"
PRICE_FMT = "#,##0.00##"
QTY_FMT = "#,##0.######"
PCT_FMT = "0.00%"
TEXT_FMT = "@"

HEADER_FONT = Font(bold=True)
HINT_FILL = PatternFill("solid", fgColor="F2F2F2")
TEXT_INDENT = Alignment(horizontal="left", indent=1)
TABLE_STYLE = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
DATA_ROWS = 500  # rows covered by drop-down lists below the header


@dataclass(frozen=True)
class InputColumn:
    header: str
    number_format: str  # applied to the data rows
    width: float
    hint: str  # header comment: what to type
    choices: tuple[str, ...] = ()  # drop-down list


def _choices(enum_cls: type[Enum]) -> tuple[str, ...]:
    return tuple(m.value for m in enum_cls)


YES_NO = ("Y", "N")
ACCOUNT_TYPE_CHOICES = tuple(ACCOUNT_TYPES)
ACTION_CHOICES = _choices(Action)
LOCATION_CHOICES = _choices(TaxTreatment)
METHOD_CHOICES = _choices(LotMethod)
SECURITY_TYPE_CHOICES = _choices(SecurityType)
PEOPLE_CHOICES = ("0", "1", "2")  # Taxpayers 65 or Older / Blind: people on the return

#: sheet -> its columns, in template order (the workbook contract of the reader).
INPUT_COLUMNS: dict[str, tuple[InputColumn, ...]] = {
    "Accounts": (
        InputColumn("Account", TEXT_FMT, 26, "A unique name for the account, e.g. Joint Brokerage. Lots refer to it."),
        InputColumn("Type", TEXT_FMT, 16, "Taxable, Traditional IRA, 401(k), 403(b), SEP IRA, SIMPLE IRA, Roth IRA, "
                    "Roth 401(k) or HSA. Only Taxable accounts realize gains and losses.", ACCOUNT_TYPE_CHOICES),
        InputColumn("Owner", TEXT_FMT, 16, "Optional: whose account it is."),
        InputColumn("Cash", MONEY_FMT, 14, "Uninvested cash in the account now, in dollars (blank = 0)."),
        InputColumn("Contribution", MONEY_FMT, 14, "New money about to arrive in this account (blank = 0). It is "
                    "spent on underweight classes first."),
        InputColumn("Broker Account", TEXT_FMT, 16, "Optional: the broker's account number (or its last digits). "
                    "taxrebal import uses it to put a broker file's lots into this account."),
    ),
    "Securities": (
        InputColumn("Symbol", TEXT_FMT, 10, "Ticker, e.g. VTI. Each symbol once."),
        InputColumn("Asset Class", TEXT_FMT, 16,
                    "The class it counts toward; must match a Targets row, e.g. US Stocks."),
        InputColumn("Price", PRICE_FMT, 12, "Price per share today, in dollars (above 0)."),
        InputColumn("Name", TEXT_FMT, 40, "Optional: the fund's name."),
        InputColumn("Identical Group", TEXT_FMT, 16,
                    "Optional: securities you consider substantially identical for the "
                    "wash-sale rule share a group name (e.g. VOO, IVV, SPY: S&P 500)."),
        InputColumn("Replacement", TEXT_FMT, 16, "Optional: similar but not substantially identical funds to buy when "
                    "harvesting a loss, best first, separated by commas (e.g. IXUS, VEU)."),
        InputColumn("DRIP", TEXT_FMT, 7, "Y when dividends are reinvested automatically (each reinvestment is a "
                    "purchase for the wash-sale rule).", YES_NO),
        InputColumn("Type", TEXT_FMT, 12, "Stock, ETF or Mutual Fund. Whole Shares (Settings) applies to stocks "
                    "and ETFs only; a mutual fund is bought by dollar amount, in fractional shares. Blank: a "
                    "five-letter symbol ending in X (VTSAX, FXAIX) is a mutual fund.", SECURITY_TYPE_CHOICES),
    ),
    "Lots": (
        InputColumn("Lot ID", TEXT_FMT, 10, "Optional but recommended: your broker's lot id, unique. Transactions "
                    "refer to it."),
        InputColumn("Account", TEXT_FMT, 22, "An account name from the Accounts sheet."),
        InputColumn("Symbol", TEXT_FMT, 10, "A symbol from the Securities sheet."),
        InputColumn("Acquired", DATE_FMT, 12, "Date bought (YYYY-MM-DD), or Inherited. May be blank in IRAs, 401(k)s, "
                    "Roth accounts and HSAs."),
        InputColumn("Quantity", QTY_FMT, 12, "Shares in the lot (fractions allowed)."),
        InputColumn("Cost Basis", MONEY_FMT, 14, "Total cost of the lot in dollars (not per share). May be blank in "
                    "tax-advantaged accounts."),
        InputColumn("Wash Adjusted", TEXT_FMT, 10, "Y when your broker already added a wash-sale disallowed loss to "
                    "this lot's basis (taxrebal then does not adjust it again).", YES_NO),
        InputColumn("Source", TEXT_FMT, 24, "Filled by taxrebal import: the broker file this lot came from. "
                    "Re-importing replaces these rows; leave it blank on lots you type (they are never touched)."),
        InputColumn("Note", TEXT_FMT, 30, "Optional: your note (import writes the broker's unadjusted basis here)."),
    ),
    "Transactions": (
        InputColumn("Date", DATE_FMT, 12, "Trade date of purchases, sales and reinvestments in about the last "
                    f"{2 * newest_window_days()} days (they decide wash sales)."),
        InputColumn("Account", TEXT_FMT, 22, "An account name from the Accounts sheet."),
        InputColumn("Symbol", TEXT_FMT, 10, "A symbol from the Securities sheet."),
        InputColumn("Action", TEXT_FMT, 10, "Buy, Sell or Reinvest (a dividend reinvestment).", ACTION_CHOICES),
        InputColumn("Quantity", QTY_FMT, 12, "Shares traded (a positive number, also for sales)."),
        InputColumn("Price", PRICE_FMT, 12, "Price per share of the trade."),
        InputColumn("Lot ID", TEXT_FMT, 10, "For a Buy or Reinvest: the lot it created. For a Sell: the lot sold."),
        InputColumn("Acquired", DATE_FMT, 12, "For a Sell of a lot no longer on the Lots sheet: when it was bought."),
        InputColumn("Cost Basis", MONEY_FMT, 14, "For a Sell of a lot no longer on the Lots sheet: its total cost."),
        InputColumn("Source", TEXT_FMT, 24, "Filled by taxrebal import: the broker file this trade came from "
                    "(re-importing never adds the same trade twice). Blank on trades you type."),
        InputColumn("Note", TEXT_FMT, 30, "Optional: your note (import writes wash-sale details here)."),
    ),
    "Targets": (
        InputColumn("Asset Class", TEXT_FMT, 18, "An asset class, e.g. US Stocks. The targets must add up to 100%."),
        InputColumn("Target", PCT_FMT, 10, "Target share of the whole household, e.g. 40% (or 0.40, or 40)."),
        InputColumn("Band", PCT_FMT, 10, "Optional: allowed drift either side in points, e.g. 5% (blank: Default Band "
                    "on Settings)."),
        InputColumn("Location", TEXT_FMT, 14, "Optional: where new money for this class should go first: Taxable, "
                    "Tax-deferred or Tax-free.", LOCATION_CHOICES),
    ),
    "Settings": (
        InputColumn("Setting", TEXT_FMT, 24, "The setting's name (leave these as they are)."),
        InputColumn("Value", TEXT_FMT, 24, "Your value. Blank: the default shown beside it."),
        InputColumn("Default", TEXT_FMT, 22, "Used when Value is blank (for information; not read)."),
        InputColumn("What it means", TEXT_FMT, 90, "For information; not read."),
    ),
    "Menus": (
        InputColumn("Account", TEXT_FMT, 22, "An account that may buy only some funds, e.g. a 401(k)."),
        InputColumn("Symbol", TEXT_FMT, 10, "One fund it may buy, one per row. Accounts not listed may buy any "
                    "security on the Securities sheet."),
    ),
    "Sales": (
        InputColumn("Account", TEXT_FMT, 22, "Optional sheet: sales you are considering. The account to sell in."),
        InputColumn("Symbol", TEXT_FMT, 10, "The symbol to sell."),
        InputColumn("Quantity", QTY_FMT, 12, "Shares to sell."),
        InputColumn("Price", PRICE_FMT, 12, "Optional: expected price (blank: today's price from Securities)."),
        InputColumn("Method", TEXT_FMT, 12, "Optional: lot method for this sale (blank: Lot Method on Settings).",
                    METHOD_CHOICES),
        InputColumn("Lot IDs", TEXT_FMT, 16, "For Specific ID: the lots to sell, separated by commas."),
    ),
    "Proposed Trades": (
        InputColumn("Date", DATE_FMT, 12, "Optional sheet: trades you plan; taxrebal checks them against the "
                    "wash-sale rule. The planned trade date."),
        InputColumn("Account", TEXT_FMT, 22, "An account name from the Accounts sheet."),
        InputColumn("Symbol", TEXT_FMT, 10, "A symbol from the Securities sheet."),
        InputColumn("Action", TEXT_FMT, 10, "Buy or Sell.", ("Buy", "Sell")),
        InputColumn("Quantity", QTY_FMT, 12, "Shares."),
        InputColumn("Price", PRICE_FMT, 12, "Optional: expected price (blank: today's price)."),
    ),
}


def _from_contract(sheet: str, col: InputColumn) -> InputColumn:
    """The column with the contract's number format and drop-down (:class:`schema.ColumnSpec`), so
    the template offers exactly what the reader and the cell functions accept; the width and the
    hint are the template's own presentation."""
    try:
        spec = schema.sheet_spec(sheet)
    except KeyError:
        return col
    found = next((c for c in spec.columns if col.header in c.spellings), None)
    if found is None:
        return col
    return InputColumn(col.header, found.number_format, col.width, col.hint, found.dropdown)


INPUT_COLUMNS = {sheet: tuple(_from_contract(sheet, c) for c in cols) if sheet != "Settings" else cols
                 for sheet, cols in INPUT_COLUMNS.items()}


@dataclass(frozen=True)
class SettingRow:
    key: str
    default: str
    meaning: str
    number_format: str = TEXT_FMT
    choices: tuple[str, ...] = ()


#: Every Settings key, its default (as text), meaning, value format and drop-down choices: taken from
#: the contract (:data:`taxrebal.workbook.schema.SETTING_SPECS`), so the sheet shows the rules the
#: reader and the cell functions apply.
SETTING_ROWS: tuple[SettingRow, ...] = tuple(
    SettingRow(spec.label, spec.default, spec.doc, spec.number_format, spec.dropdown)
    for spec in schema.SETTING_SPECS
)

START_HOWTO = (
    "taxrebal: tax-aware rebalancing",
    "",
    "This workbook holds your accounts, tax lots, prices and target allocation. taxrebal reads it and "
    "writes result sheets after your sheets (Issues, Allocation, Trades, Harvest, Wash Sales, Lot "
    "Selection, Run Info ...). It never changes your input sheets; result sheets are replaced on each run, "
    "and removed when a run stops on input errors (so an old result never looks current).",
    "",
    "How to use it",
    "1. Accounts: one row per account with its type (Taxable, Traditional IRA, 401(k), Roth IRA, HSA ...), "
    "cash and any contribution about to arrive.",
    "2. Securities: every fund you hold or may buy, with its asset class and today's price. Put funds you "
    "consider substantially identical (e.g. VOO, IVV, SPY) in one Identical Group, and list replacement "
    "funds for tax-loss harvesting.",
    "3. Lots: every open tax lot (from your broker's unrealized gain/loss page): account, symbol, date "
    "acquired, shares and total cost basis.",
    "4. Transactions: purchases, sales and dividend reinvestments in every account (IRAs too). Those of "
    f"the last {2 * newest_window_days()} days decide wash sales. If you leave Realized ST YTD / Realized LT "
    "YTD blank on Settings, taxrebal adds up this year's sells from here, so then list every sell since January 1.",
    "5. Targets: your target share per asset class (adding up to 100%) and the allowed drift (band).",
    "6. Settings: your tax situation (filing status, income, gains realized so far) and preferences. "
    "Blank values use the default shown beside them.",
    "7. Optional: Menus (the funds a 401(k) may buy), Sales (sales you are considering: taxrebal compares "
    "lot methods) and Proposed Trades (trades to check against the wash-sale rule).",
    "",
    "Then run: in Excel, the Tax Rebalance ribbon tab (Validate, Allocation, Rebalance, Harvest, Wash Sales, "
    "Lot Selection, Run All); or on the command line: taxrebal check Household.xlsx, then taxrebal run "
    "Household.xlsx (keeps a backup Household.bak.xlsx) or taxrebal run Household.xlsx -o Results.xlsx.",
    "",
    "Good to know",
    "• Hover over a column header to see what to type. Dates as YYYY-MM-DD; percentages as 5% (or 0.05, or 5).",
    "• Problems are listed on the Issues sheet with the sheet, cell and how to fix them.",
    "• Sheets made by taxrebal carry a sheet-level name taxrebal_owned; taxrebal never overwrites any other "
    "sheet. Do not name your own sheets after result sheets (Issues, Allocation, Trades ...).",
    "• Results are estimates of US federal (plus a flat state rate) tax under IRS Pub 550 and the Internal "
    "Revenue Code; check them with your tax adviser before trading.",
)

SAMPLE_STORY = (
    "",
    "The sample: the Rivera household (fictional)",
    "Maria and Daniel Rivera file jointly; As Of is 2026-11-20 (tax year 2026). Ordinary income about "
    "$240,000 plus $9,800 of qualified dividends and this year's gains puts them a little over the $250,000 "
    "net investment income tax threshold, with a 5% state tax.",
    "Accounts: Joint Brokerage (taxable, $3,200 cash and a $5,000 deposit on its way), Maria Traditional IRA, "
    "Daniel Roth IRA, Maria 401(k) (a three-fund menu on the Menus sheet, $1,500 payroll contribution pending) "
    "and Family HSA ($500 contribution pending). About $1.16 million in all, $654,000 of it in the brokerage.",
    "Targets: US Stocks 40%, Intl Stocks 20%, Bonds 35%, TIPS 5% (a 60/40 portfolio). Markets have pushed it "
    "to about 73/27: US Stocks are 13 points over target, Bonds 13 under.",
    "Where the drift sits: the tax-advantaged accounts already hold mostly bonds and international funds (the "
    "Roth is nearly all VXUS, the 401(k) mostly FTIHX and FXNAX), so only about $31,000 of US stock can be "
    "sold there without tax. The rest of the US overweight is in the brokerage, mostly old low-basis VTI "
    "(B-01, B-02) and VOO (B-06) with about $370,000 of long-term gains. Selling the US stock of the IRAs, "
    "the 401(k) and the HSA and the VTI lots at a loss brings US Stocks from 13 to under 6 points over; "
    "getting within the 5-point band needs a small taxable sale (the least-tax shares are VTI B-05's: a "
    "short-term gain that this year's short-term losses absorb, which Allow Short-Term Gains = N allows), "
    "and every point closer to target costs long-term gains (VOO B-06 first, the highest basis per dollar): "
    "the Tax-Drift Frontier shows how much.",
    "Joint Brokerage holds old low-basis VTI (2012 and 2015) next to recent high-basis VTI: lot B-03 "
    "(2025-12-10) turns long-term on 2026-12-11 and lot B-04 (2026-01-05) on 2027-01-06, both within "
    f"{WAIT_HORIZON_DAYS} days; "
    "B-05 (2026-06-15) is a short-term gain. VXUS sits at a loss in three lots (one short-term); IXUS and VEU "
    "are its replacements. BND in the brokerage is at a long-term loss (replacement IUSB).",
    "Identical groups: VOO, IVV, SPY and the 401(k)'s FXAIX all track the S&P 500 and share the group "
    "'S&P 500'. VOO reinvests its dividends (DRIP = Y).",
    "Wash-sale traps in Transactions: VOO reinvested a dividend on 2026-09-30; IVV (same group) was sold at a "
    "loss on 2026-10-28, and the 401(k) bought FXAIX (same group) on 2026-11-14 - both within 30 days of that "
    "loss. VXUS was sold at a loss in the brokerage on 2026-11-13, three days after the IRA bought VXUS on "
    "2026-11-10 (a loss washed into an IRA is lost for good, Rev. Rul. 2008-5); that IRA purchase also washes "
    "any VXUS loss sale before 2026-12-11. The HSA bought VTI on 2026-11-02, which washes a VTI loss sale "
    "before 2026-12-03.",
    "Realized YTD on Settings is the broker's figure for this year's sells, before the wash-sale adjustments "
    "taxrebal finds (no wash sale within one account this year, so the two are the same): short-term $350 "
    "(a $2,150 VTI gain in March less an $1,800 IVV loss) and long-term $10,720 ($12,400 of VTI gains in "
    "April less a $1,680 VXUS loss). "
    "The broker does not match purchases in other accounts or of other funds of a group; taxrebal does, finds "
    "$342.81 of the IVV loss and $840 of the VXUS loss disallowed, and starts every tax figure from $692.81 "
    "and $11,560 (Issues says so). Left blank, both would be computed from Transactions the same way.",
    "Sales: two sales to compare lot methods for. Proposed Trades: a harvest of VXUS and a VXUS purchase in "
    "the Roth IRA three days later, which the wash-sale check flags.",
)


# --- sample data -------------------------------------------------------------------------------

D = date
SAMPLE_AS_OF = D(2026, 11, 20)

SAMPLE_ACCOUNTS = (
    ("Joint Brokerage", "Taxable", "Maria & Daniel", 3200.00, 5000.00),
    ("Maria Traditional IRA", "Traditional IRA", "Maria", 850.00, 0.00),
    ("Daniel Roth IRA", "Roth IRA", "Daniel", 120.00, 0.00),
    ("Maria 401(k)", "401(k)", "Maria", 0.00, 1500.00),
    ("Family HSA", "HSA", "Maria", 400.00, 500.00),
)

SAMPLE_SECURITIES = (
    ("VTI", "US Stocks", 330.00, "Vanguard Total Stock Market ETF", "", "SCHB, ITOT", "N", "ETF"),
    ("SCHB", "US Stocks", 25.50, "Schwab U.S. Broad Market ETF", "", "ITOT", "N", "ETF"),
    ("ITOT", "US Stocks", 140.00, "iShares Core S&P Total U.S. Stock Market ETF", "", "SCHB", "N", "ETF"),
    ("VOO", "US Stocks", 620.00, "Vanguard S&P 500 ETF", "S&P 500", "VTI, SCHB", "Y", "ETF"),
    ("IVV", "US Stocks", 675.00, "iShares Core S&P 500 ETF", "S&P 500", "VTI, SCHB", "N", "ETF"),
    ("SPY", "US Stocks", 672.00, "SPDR S&P 500 ETF Trust", "S&P 500", "VTI, SCHB", "N", "ETF"),
    ("FXAIX", "US Stocks", 230.00, "Fidelity 500 Index Fund", "S&P 500", "", "N", "Mutual Fund"),
    ("VXUS", "Intl Stocks", 62.00, "Vanguard Total International Stock ETF", "", "IXUS, VEU", "N", "ETF"),
    ("IXUS", "Intl Stocks", 74.00, "iShares Core MSCI Total International Stock ETF", "", "VEU", "N", "ETF"),
    ("VEU", "Intl Stocks", 66.00, "Vanguard FTSE All-World ex-US ETF", "", "IXUS", "N", "ETF"),
    ("FTIHX", "Intl Stocks", 16.50, "Fidelity Total International Index Fund", "", "", "N", "Mutual Fund"),
    ("BND", "Bonds", 72.50, "Vanguard Total Bond Market ETF", "", "IUSB", "N", "ETF"),
    ("IUSB", "Bonds", 46.00, "iShares Core Total USD Bond Market ETF", "", "BND", "N", "ETF"),
    ("FXNAX", "Bonds", 10.40, "Fidelity U.S. Bond Index Fund", "", "", "N", "Mutual Fund"),
    ("SCHP", "TIPS", 26.80, "Schwab U.S. TIPS ETF", "", "VTIP", "N", "ETF"),
    ("VTIP", "TIPS", 49.80, "Vanguard Short-Term Inflation-Protected Securities ETF", "", "SCHP", "N", "ETF"),
)

# (Lot ID, Account, Symbol, Acquired, Quantity, unit cost or None, Wash Adjusted); basis = qty x unit cost.
_SAMPLE_LOTS = (
    ("B-01", "Joint Brokerage", "VTI", D(2012, 3, 15), 800, 71.20, "N"),
    ("B-02", "Joint Brokerage", "VTI", D(2015, 8, 24), 480, 98.00, "N"),
    ("B-03", "Joint Brokerage", "VTI", D(2025, 12, 10), 100, 335.00, "N"),
    ("B-04", "Joint Brokerage", "VTI", D(2026, 1, 5), 60, 338.50, "N"),
    ("B-05", "Joint Brokerage", "VTI", D(2026, 6, 15), 40, 312.00, "N"),
    ("B-06", "Joint Brokerage", "VOO", D(2019, 4, 1), 150, 265.00, "N"),
    ("B-07", "Joint Brokerage", "VOO", D(2026, 9, 30), 1.118, 600.00, "N"),
    ("B-08", "Joint Brokerage", "VXUS", D(2022, 1, 10), 200, 64.50, "N"),
    ("B-09", "Joint Brokerage", "VXUS", D(2024, 6, 20), 250, 66.80, "N"),
    ("B-10", "Joint Brokerage", "VXUS", D(2026, 3, 12), 110, 70.10, "N"),
    ("B-11", "Joint Brokerage", "BND", D(2021, 9, 1), 400, 86.00, "N"),
    ("I-01", "Maria Traditional IRA", "BND", D(2016, 5, 2), 2200, None, "N"),
    ("I-02", "Maria Traditional IRA", "SCHP", D(2020, 2, 18), 1500, None, "N"),
    ("I-03", "Maria Traditional IRA", "VOO", None, 15, None, "N"),
    ("I-04", "Maria Traditional IRA", "VXUS", D(2026, 11, 10), 150, 61.80, "N"),
    ("R-01", "Daniel Roth IRA", "VTI", D(2018, 1, 2), 20, None, "N"),
    ("R-02", "Daniel Roth IRA", "VXUS", D(2019, 1, 3), 1500, None, "N"),
    ("K-01", "Maria 401(k)", "FXAIX", None, 10, None, "N"),
    ("K-02", "Maria 401(k)", "FTIHX", None, 6000, None, "N"),
    ("K-03", "Maria 401(k)", "FXNAX", None, 6000, None, "N"),
    ("K-05", "Maria 401(k)", "FXAIX", D(2026, 11, 14), 6.5, 230.00, "N"),
    ("H-01", "Family HSA", "VTI", D(2021, 3, 1), 30, None, "N"),
    ("H-02", "Family HSA", "BND", D(2021, 3, 1), 60, None, "N"),
    ("H-03", "Family HSA", "VTI", D(2026, 11, 2), 3, 328.00, "N"),
)


def _basis(quantity: float, unit: Optional[float]) -> Optional[float]:
    return None if unit is None else round(quantity * unit, 2)


SAMPLE_LOTS = tuple(
    (lot_id, acct, sym, acq, qty, _basis(qty, unit), wash) for lot_id, acct, sym, acq, qty, unit, wash in _SAMPLE_LOTS
)

# (Date, Account, Symbol, Action, Quantity, Price, Lot ID, Acquired, Cost Basis)
SAMPLE_TRANSACTIONS = (
    (D(2026, 3, 16), "Joint Brokerage", "VTI", "Sell", 25, 300.00, "B-14", D(2025, 6, 2), 5350.00),
    (D(2026, 4, 20), "Joint Brokerage", "VTI", "Sell", 60, 300.00, "B-15", D(2014, 4, 1), 5600.00),
    (D(2026, 9, 30), "Joint Brokerage", "VOO", "Reinvest", 1.118, 600.00, "B-07", None, None),
    (D(2026, 10, 28), "Joint Brokerage", "IVV", "Sell", 40, 655.00, "B-12", D(2026, 2, 2), 28000.00),
    (D(2026, 11, 2), "Family HSA", "VTI", "Buy", 3, 328.00, "H-03", None, None),
    (D(2026, 11, 10), "Maria Traditional IRA", "VXUS", "Buy", 150, 61.80, "I-04", None, None),
    (D(2026, 11, 13), "Joint Brokerage", "VXUS", "Sell", 300, 62.40, "B-13", D(2025, 2, 3), 20400.00),
    (D(2026, 11, 14), "Maria 401(k)", "FXAIX", "Buy", 6.5, 230.00, "K-05", None, None),
)

SAMPLE_TARGETS = (
    ("US Stocks", 0.40, 0.05, "Taxable"),
    ("Intl Stocks", 0.20, 0.04, "Taxable"),
    ("Bonds", 0.35, 0.05, "Tax-deferred"),
    ("TIPS", 0.05, 0.02, "Tax-deferred"),
)

SAMPLE_SETTINGS: dict[str, Any] = {
    "As Of": SAMPLE_AS_OF,
    "Tax Year": 2026,
    "Filing Status": "Married Filing Jointly",
    "Ordinary Income": 240000.00,
    "Qualified Dividends": 9800.00,
    "Investment Income": 0.00,
    "Taxpayers 65 or Older": 0,
    "Taxpayers Blind": 0,
    "Realized ST YTD": 350.00,  # the broker's figures, before the wash-sale adjustments taxrebal adds
    "Realized LT YTD": 10720.00,
    "ST Loss Carryforward": 0.00,
    "LT Loss Carryforward": 0.00,
    "State Tax Rate": 0.05,
    "Tax Mode": "Brackets",
    "Lot Method": "TaxOptimal",
    "Harvest Min Loss": 250.00,
    "Harvest Min Loss %": 0.02,
    "Min Trade": 100.00,
    "Whole Shares": "Y",
    "Allow Short-Term Gains": "N",
    "Rebalance To": "Target",
    "Default Band": 0.05,
}

SAMPLE_MENUS = (("Maria 401(k)", "FXAIX"), ("Maria 401(k)", "FTIHX"), ("Maria 401(k)", "FXNAX"))

SAMPLE_SALES = (
    ("Joint Brokerage", "VTI", 150, None, "", ""),
    ("Joint Brokerage", "VOO", 50, 620.00, "Specific ID", "B-06"),
)

SAMPLE_PROPOSED = (
    (D(2026, 11, 23), "Joint Brokerage", "VXUS", "Sell", 500, None),
    (D(2026, 11, 27), "Daniel Roth IRA", "VXUS", "Buy", 100, None),  # a trading day (not Thanksgiving)
)


# --- builders ----------------------------------------------------------------------------------


def _fixed_properties(wb: Workbook, title: str) -> None:
    props = wb.properties
    props.creator = "taxrebal"
    props.lastModifiedBy = "taxrebal"
    props.title = title
    props.created = FIXED_TIME
    props.modified = FIXED_TIME


def _write_row(ws: Worksheet, row: int, values: Sequence[Any], columns: Sequence[InputColumn]) -> None:
    for j, (value, col) in enumerate(zip(values, columns), start=1):
        cell = ws.cell(row=row, column=j, value=None if value == "" else value)
        if isinstance(value, str):
            cell.data_type = "s"  # text stays text (an input like "=x" must never become a formula)
        cell.number_format = col.number_format
        if j > 1 and col.number_format == TEXT_FMT:
            cell.alignment = TEXT_INDENT


def _input_sheet(wb: Workbook, name: str, rows: Sequence[Sequence[Any]]) -> Worksheet:
    """An input sheet: header with hints, data rows, formats, drop-downs, an Excel Table, frozen header."""
    columns = INPUT_COLUMNS[name]
    ws = wb.create_sheet(name)
    for j, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j, value=col.header)
        cell.font = HEADER_FONT
        comment = Comment(col.hint, "taxrebal")
        comment.width, comment.height = 320, 120
        cell.comment = comment
        ws.column_dimensions[get_column_letter(j)].width = col.width
    for i, values in enumerate(rows, start=2):
        _write_row(ws, i, values, columns)
    last = max(2, len(rows) + 1)  # an empty template table still needs one body row
    for j, col in enumerate(columns, start=1):
        # A column style formats what the user types below the data too, without styling 500 cells.
        ws.column_dimensions[get_column_letter(j)].number_format = col.number_format
        if j > 1 and col.number_format == TEXT_FMT:  # text after a number column does not touch it
            ws.column_dimensions[get_column_letter(j)].alignment = TEXT_INDENT
            ws.cell(row=1, column=j).alignment = TEXT_INDENT
        if col.choices:
            _dropdown(ws, f"{get_column_letter(j)}2:{get_column_letter(j)}{DATA_ROWS + 1}", col.choices, col.header)
    table = Table(displayName="tbl" + name.replace(" ", ""), ref=f"A1:{get_column_letter(len(columns))}{last}")
    table.tableStyleInfo = TABLE_STYLE
    ws.add_table(table)
    ws.freeze_panes = "A2"
    _landscape(ws)
    return ws


def _dropdown(ws: Worksheet, ref: str, choices: Sequence[str], what: str) -> None:
    dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                        showErrorMessage=True, errorStyle="warning", errorTitle=what,
                        error=f"Usually one of: {', '.join(choices)}.")
    ws.add_data_validation(dv)
    dv.add(ref)


def _settings_sheet(wb: Workbook, values: dict[str, Any]) -> Worksheet:
    rows = [(s.key, values.get(s.key, ""), s.default, s.meaning) for s in SETTING_ROWS]
    ws = _input_sheet(wb, "Settings", rows)
    for i, s in enumerate(SETTING_ROWS, start=2):
        ws.cell(row=i, column=2).number_format = s.number_format
        if s.choices:
            _dropdown(ws, f"B{i}", s.choices, s.key)
        for j in (1, 3, 4):
            ws.cell(row=i, column=j).fill = HINT_FILL if j != 1 else PatternFill()
    ws.column_dimensions["B"].number_format = "General"  # each Value cell has its own format
    return ws


START_WIDTH = 95  # characters
CHARS_PER_LINE = 105  # about how many 11-pt characters fit on one line of that column


def _landscape(ws: Worksheet) -> None:
    """Print across the page: landscape, one page wide."""
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _start_sheet(wb: Workbook, lines: Sequence[str]) -> Worksheet:
    ws = wb.active
    ws.title = "Start"
    ws.column_dimensions["A"].width = START_WIDTH
    headings = {"How to use it", "Good to know", "The sample: the Rivera household (fictional)"}
    for i, line in enumerate(lines, start=1):
        cell = ws.cell(row=i, column=1, value=line or None)
        if line:
            cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if i == 1:
            cell.font = Font(bold=True, size=16)
            ws.row_dimensions[i].height = 24
        elif line in headings:
            cell.font = Font(bold=True, size=12)
            ws.row_dimensions[i].height = 18
        elif len(line) > CHARS_PER_LINE:
            # Wrapped rows need an explicit height: not every spreadsheet app fits it on opening.
            ws.row_dimensions[i].height = 15 * -(-len(line) // CHARS_PER_LINE)
    ws.sheet_view.showGridLines = False
    _landscape(ws)
    return ws


def _build(title: str, lines: Sequence[str], data: Mapping[str, Sequence[Sequence[Any]]],
           settings: dict[str, Any]) -> Workbook:
    wb = Workbook()
    _fixed_properties(wb, title)
    _start_sheet(wb, lines)
    for name in INPUT_COLUMNS:
        if name == "Settings":
            _settings_sheet(wb, settings)
        else:
            _input_sheet(wb, name, data.get(name, ()))
    wb.active = 0
    return wb


def build_template() -> Workbook:
    """The empty input workbook (headers, hints, formats, drop-downs, Start sheet)."""
    return _build("taxrebal household workbook", START_HOWTO, {}, {})


def build_sample(*, cell_functions: Optional[CellFunctions] = None) -> Workbook:
    """The sample Rivera household (see :data:`SAMPLE_STORY`). With ``cell_functions`` (the module
    :mod:`taxrebal.excel.udfs`, passed in by a caller above the workbook layer) it gets its
    **Dashboard** sheet, the cell functions at work; ``taxrebal demo`` and the committed sample do."""
    data = {
        "Accounts": SAMPLE_ACCOUNTS,
        "Securities": SAMPLE_SECURITIES,
        "Lots": SAMPLE_LOTS,
        "Transactions": SAMPLE_TRANSACTIONS,
        "Targets": SAMPLE_TARGETS,
        "Menus": SAMPLE_MENUS,
        "Sales": SAMPLE_SALES,
        "Proposed Trades": SAMPLE_PROPOSED,
    }
    wb = _build("taxrebal sample: the Rivera household", START_HOWTO + SAMPLE_STORY, data, SAMPLE_SETTINGS)
    if cell_functions is not None:
        add_dashboard(wb, sample_household(), functions=cell_functions)  # the cell functions at work
    wb.active = 0
    return wb


def sample_household() -> Household:
    """The sample as records, built straight from the tables above (no reader involved), so tests
    can use it without a file and compare it with what the reader makes of the sample workbook."""
    accounts = tuple(Account(n, t, o, cash, contrib) for n, t, o, cash, contrib in SAMPLE_ACCOUNTS)
    securities = tuple(
        Security(sym, cls, price, name, group, tuple(r.strip() for r in repl.split(",") if r.strip()), drip == "Y",
                 security_type=SecurityType(kind))
        for sym, cls, price, name, group, repl, drip, kind in SAMPLE_SECURITIES
    )
    lots = tuple(Lot(lot_id, acct, sym, acq, float(qty), basis, wash_adjusted=wash == "Y")
                 for lot_id, acct, sym, acq, qty, basis, wash in SAMPLE_LOTS)
    transactions = tuple(
        Transaction(d, acct, sym, Action(action), float(qty), price, lot_id, acq, basis)
        for d, acct, sym, action, qty, price, lot_id, acq, basis in SAMPLE_TRANSACTIONS
    )
    targets = tuple(Target(cls, t, band, TaxTreatment(loc)) for cls, t, band, loc in SAMPLE_TARGETS)
    s = SAMPLE_SETTINGS
    settings = Settings(
        as_of=s["As Of"], tax_year=s["Tax Year"], filing_status=FilingStatus(s["Filing Status"]),
        ordinary_income=s["Ordinary Income"], qualified_dividends=s["Qualified Dividends"],
        investment_income=s["Investment Income"], taxpayers_65_or_older=s["Taxpayers 65 or Older"],
        taxpayers_blind=s["Taxpayers Blind"],
        realized_st_ytd=s["Realized ST YTD"], realized_lt_ytd=s["Realized LT YTD"],
        st_loss_carryforward=s["ST Loss Carryforward"], lt_loss_carryforward=s["LT Loss Carryforward"],
        state_tax_rate=s["State Tax Rate"], tax_mode=TaxMode(s["Tax Mode"]), lot_method=LotMethod(s["Lot Method"]),
        harvest_min_loss=s["Harvest Min Loss"], harvest_min_loss_pct=s["Harvest Min Loss %"],
        min_trade=s["Min Trade"], whole_shares=s["Whole Shares"] == "Y",
        allow_short_term_gains=s["Allow Short-Term Gains"] == "Y", rebalance_to=RebalanceTo(s["Rebalance To"]),
        default_band=s["Default Band"],
    )
    menus: dict[str, frozenset[str]] = {}
    for acct, sym in SAMPLE_MENUS:
        menus[acct] = menus.get(acct, frozenset()) | {sym}
    sales = tuple(
        SaleRequest(acct, sym, float(qty), price, LotMethod(method) if method else None,
                    tuple(x.strip() for x in ids.split(",") if x.strip()))
        for acct, sym, qty, price, method, ids in SAMPLE_SALES
    )
    proposed = tuple(ProposedTrade(d, acct, sym, Action(action), float(qty), price)
                     for d, acct, sym, action, qty, price in SAMPLE_PROPOSED)
    return Household(accounts, securities, lots, transactions, targets, settings, menus, sales, proposed)


def write_templates(folder: Path | str, *, cell_functions: Optional[CellFunctions] = None) -> list[Path]:
    """Write both workbooks into ``folder`` (atomically) and return their paths (the sample with its
    Dashboard when ``cell_functions`` are given, as ``python -m taxrebal.workbook.template`` does)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    return [save_atomic(build_template(), out / TEMPLATE_FILE),
            save_atomic(build_sample(cell_functions=cell_functions), out / SAMPLE_FILE)]
