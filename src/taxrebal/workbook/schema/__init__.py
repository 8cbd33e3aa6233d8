"""The household workbook contract: sheets, columns, accepted spellings, and what each problem costs.

This package is data only: the reader (:mod:`taxrebal.workbook.reader`) validates against it, a
template builder can write its headers and notes from it, and :func:`contract_markdown` renders the
README's "Filling in the workbook" section from the same specs and this docstring. Cell-level parsing
rules (numbers, money text, dates, Excel serials, booleans) are in :mod:`taxrebal.workbook.cells`.
Where things are: the shape of a column and a sheet, number formats and limits in :mod:`.columns`;
accepted spellings of choice cells and what is out of scope in :mod:`.choices`; the sheets in
:mod:`.sheets`; the Settings keys in :mod:`.settings`. Import them from here (``schema.LOTS``).

Layout
------
Each sheet has its header in row 1 and one record per row below (an Excel Table over the range is
fine: it is read as the plain range). Headers match case-insensitively, ignoring spaces and
punctuation (``Cost Basis`` = ``cost_basis`` = ``COST-BASIS``), and each column also accepts the
aliases listed below (``Ticker`` for Symbol, ``Shares`` for Quantity...). Column order is free, extra
columns are kept in the file and ignored, fully blank rows are skipped, and so, with a warning, is
a total row under the records (the Table's Total Row, or a typed ``Total | 100%`` on Targets: a cell
reading Total and the columns that name a record, Account, Symbol, Asset Class, Date..., blank;
`tests/test_reader_total_row.py`). A title or blank rows above
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
For half a point type ``0.5%`` (or ``0.005``): a bare ``0.5`` is a fraction, a 50-point band. A Band
wider than its own Target, or above 20 points, never triggers, so it switches rebalancing off for the
class; it is kept as read, with a Warning on Issues naming the cell (Targets REIT 2 with Band 0.5: "read
as 50 points"). The template's Target and Band cells, and Settings' rates (State Tax Rate, Flat ST / LT
Rate, Harvest Min Loss %) and Default Band, show what is read: ``60`` and ``0.6`` both show 60.0%, a
State Tax Rate of ``5`` shows 5.0% (not 500.00%), a Band of ``5`` shows 5.0%, a Band of ``0.5`` shows 50.0%.
The same check applies to every percentage setting (State Tax Rate, Flat ST Rate, Flat LT Rate,
Harvest Min Loss %, Default Band): a bare number of 1 or less read as a fraction above what is
plausible for the setting (15% for a state rate, 40.8% / 23.8% for the flat rates, which are federal
with NIIT, State Tax Rate added; 20% for Harvest Min Loss %, 20 points for Default Band) is kept as
read, with a Warning at its cell naming both readings:
Harvest Min Loss % ``0.5`` is "read as 50% ... it may be meant as 0.5%" (read as 50%, it harvests
almost nothing). Type ``0.5%`` with the % sign for the other reading.

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
* a withdrawal (negative Contribution) larger than the account's cash plus its holdings at the
  Securities prices: the message names the Contribution cell and the most that can be withdrawn;
* duplicate account names, symbols, lot ids, target asset classes or settings;
* a lot whose Account or Symbol is blank or not listed (or whose security row was dropped): the user
  expects that holding counted, and dropping it would misstate the allocation;
* Targets: a blank asset class, an unreadable or negative target, or targets not summing to 100%
  within 0.01 points (the message gives the actual sum); a target above 0 whose asset class no
  security on Securities is in (nothing could be bought for it, so the plan could not reach the
  targets; the message names the nearest class on Securities: ``Intl Stock`` -> did you mean
  'Intl Stocks'?); a held asset class with no row on Targets whose name is close to a Targets class
  (``US Stock`` beside ``US Stocks``: a typo, which read as written would sell the holding down);
* Settings: a missing Settings sheet; an unknown setting name (the message names the nearest valid
  one: a misspelt ``Ordinary Incme`` would silently leave income at $0); a value that cannot be read
  (a wrong income or rate would silently mis-state every tax figure, so no default is substituted), a
  rate below 0% or of 100% or more, or an amount beyond $1 trillion; Filing Status or Ordinary Income blank (the
  Value cell, or no row) when an account is Taxable (unless Tax Mode is Flat): never read as Single or
  $0; a flat rate blank when Tax Mode is Flat; As Of or
  Tax Year outside the years whose tax parameters ship, or Tax Year not the year of As Of (not for
  ``taxrebal form8949``, which prices no tax); Investment Income negative or
  above Ordinary Income (it is a part of it); Taxpayers 65 or Older / Taxpayers Blind not a whole
  number from 0 to 2, or 2 when not married (only a joint return, or a separate return claiming a
  spouse with no gross income under IRC §151(b), has two people; a Qualifying Surviving Spouse has one);
* a lot id written with the reserved ``Lots!`` prefix;
* Lots: a Quantity that is blank, unreadable or negative (a short position), and in a Taxable account
  an Acquired date or Cost Basis that is blank, unreadable or negative: the lot is held, so leaving it
  out would change the allocation and the tax. An Acquired date after As Of, in any account (a lot on
  Lots is held, so it was bought by then: the date or As Of is mistyped; leaving the lot out would
  change the allocation). A text date that can only be day-first
  (``15/3/2024``; text dates are read month first) is unreadable, and the message says so; so is a
  whole number from 1900 to 2100 in any date cell (``2026``: a year, which as an Excel date number is
  1905-07-18 and would make a lot bought this year long-term). Wash Adjusted unreadable for a lot in
  a Taxable account (it decides whether a washed loss is added to the basis again, IRC §1091(d));
* Transactions: an unreadable or blank Date, Action, Symbol, Quantity or Price, or a Quantity or Price
  not above 0: a trade left out of the wash-sale check could hide a disallowed loss; a trade whose
  Account is blank or not listed (a Sell's Type decides whether its gain is taxed; a Buy or Reinvest
  washes a loss whatever the account, for good in an IRA or Roth, Rev. Rul. 2008-5: list a closed
  account too; the message names the nearest account); with Settings Realized ST or LT YTD blank
  (the year's gains are then computed from Transactions), a Sell of this tax year in a Taxable
  account whose lot is on neither Lots nor a Buy row (one with its Lot ID or, for a Sell with an
  Acquired date, of its account and symbol on that date: a Buy of the same fund on another day is
  not its lot) and that has no Acquired and Cost Basis (its gain would be left out of every tax
  figure); a Sell naming no lot after a Buy of its account and symbol with no Lot ID and no Lots row
  of its day is not one: it is taken as that purchase's sale, with a warning (see Warnings). With
  both typed, such a Sell is a warning: its gain is in them, but it is left out of wash sales and
  Form 8949;
* Menus: a row whose Account is blank, unreadable or not on Accounts (the message names the nearest
  account), or whose Symbol cell is unreadable; an account none of whose Menus symbols is on
  Securities. A Menus row limits what its account may buy, and an account without a usable row may
  buy any security, so a misspelt ``Brokerge`` would silently drop the limit the user wrote;
* an Excel error value (``#N/A``, ``#REF!``...) or a formula saved without its value in any cell
  that decides one of the above: it is reported as such, never read as blank;
* anything out of scope (see "Out of scope"): options, short sales, gifts, average basis;
* implausible magnitudes: an amount beyond $1 trillion, a quantity beyond a trillion shares, a price
  beyond $10 million or a positive price below $0.0001 (the smallest increment a quote may use, SEC
  Rule 612: ``1e-12`` typed for 12 was an internal error of the solver), a lot worth more than $1 trillion
  at its price (the error is on its Quantity).

Warnings (the run goes on):

* Securities: a row with a blank symbol or asset class or a missing, zero or negative price is
  dropped; when lots hold that security the warning is instead one error on that cell naming the lots
  (nothing held is lost silently), and their rows elsewhere get no message about the security (a bad
  cell of their own, such as an impossible Acquired date, is still reported in the same pass); an
  unreadable DRIP is read as N; an unreadable Name (an Excel error, a formula saved without its value)
  is left blank, the security kept (a name decides no figure); a Replacement that is not listed, or is
  substantially identical to the security itself (same symbol or Identical Group, IRC §1091), is
  removed from the list;
* Lots: a Quantity of 0 (nothing is held): the lot is dropped. In a tax-advantaged account date and
  basis do not matter: an unreadable one is ignored (kept as blank) with a warning. Cost Basis and
  Unit Cost x Quantity disagreeing by more than 1% (and $1) -> Cost Basis is used, with a warning;
  a taxable lot's Cost Basis that looks like the cost of one share (within a factor 2 of the price
  today, while the cost per share is under a twentieth of it: 150 for 200 VTI at $300) is kept, with a
  warning giving the total it would be (`tests/test_reader_basis_per_share.py`);
* a held asset class with no row on Targets, its name close to none there (treated as target 0, so
  the rebalancer sells it down: a fund being retired);
* Transactions: when Realized ST/LT YTD are typed, or for a sale of another year, a Sell in a Taxable
  account whose lot is not on Lots and that has no Acquired and Cost Basis is **kept** with a warning (the trade
  still opens a wash-sale window; its gain cannot be judged);
  a date after As Of is kept with a warning, and so is a Sell whose Lot ID is a lot of another
  account or symbol; a Buy or Reinvest whose Lot ID is not on Lots and that no Sell row names is
  kept with a warning on its Lot ID cell (whether the shares are still held is not known: the
  Harvest sheet takes them as sold, the plan's wash-sale matching still counts them; add the lot, add
  the Sell, or correct the ID); not said when Lots lists no lot at all (that warning covers it);
  a Sell that names no lot (no Lot ID, Acquired or Cost Basis) after a Buy or Reinvest of its account
  and symbol that has no Lot ID and no Lots row is taken as the sale of that purchase (the earliest
  one covering the whole sale: the Lots sheet lists what is still held), with a warning naming both
  rows, so those shares no longer wash later loss sales; a taxable Buy or Reinvest with no Lot ID, no
  Lots row of its account, symbol and date and no sale is assumed still held, with one warning naming
  the rows when it matters (it washed a loss, or it is in As Of's window), and Wash Sales says
  "assumes it is still held" rather than "is kept" (`tests/test_wash_unlisted_purchase.py`); a
  Lots row whose Lot ID a dated Sell row (on or before As Of) sells in full yet that still shows shares
  is a warning on the last Sell's Lot ID cell naming the Lots row's Quantity cell: taxrebal reads that
  Quantity as what is left after the sale, so Harvest and the plan may sell it; delete the Lots row if
  the whole lot was sold (`tests/test_reader_lot_sold_in_full.py`);
* Accounts: a negative Cash in a Taxable account, read as a margin debit the plan pays from its
  sales (in an IRA, 401(k), Roth or HSA, which cannot borrow, it is an error);
* Transactions: a row that repeats an earlier one exactly (a pasted Buy counted twice doubles the
  recent shares that wash a loss sale); both are kept; so is a typed Lots row without a Lot ID that
  repeats an earlier one (account, symbol, Acquired, Quantity, Cost Basis: a pasted lot doubles the
  holding; give two equal purchases each a Lot ID, `tests/test_reader_lot_pasted_twice.py`);
* Settings: a blank name with a value; an As Of on a Saturday, a Sunday or an NYSE holiday (every date
  the plan gives counts from it as the trade date, but no trade fills then: Thanksgiving 2026-11-26
  too); Tax Mode Flat with both flat rates typed as 0% (every sale
  would look tax-free); a percentage setting typed as a bare fraction above what is plausible for it
  (Harvest Min Loss % ``0.5``, read as 50%: see Percentages), kept as read, and one read as more than
  is plausible whatever way it was typed (State Tax Rate ``45``: 45%, above the 15% any state and city
  levy on gains), kept as typed;
* an empty sheet the run can go without but a household rarely does: Lots with nothing under its header
  (the plan then sees only the accounts' cash; the warning is at the first row under the header, and
  Sales rows get no "holds 0" warning of their own); with a Taxable account, no transaction at all and
  Realized ST or LT YTD blank (this year's realized gains are then taken as $0.00: the warning, at the
  blank cell, says to type them, or 0 for none);
* Targets: an unreadable or negative Band (the Default Band is used), an unknown Location (none used);
* Menus: a symbol not on Securities beside symbols that are is left off that account's menu (which
  stays a limit); a row with a blank Symbol is ignored;
* Sales, Proposed Trades: unreadable values and unknown accounts or symbols drop the row;
* Sales: a quantity above what the account holds of that symbol is **kept** with a warning, and Lot
  Selection lists it under "Sales not compared" with the shares held; Specific ID without Lot IDs, or
  Lot IDs that are not lots of that account and symbol (or whose Lots row could not be read: the
  message says so), drop the row;
* Proposed Trades: a Sell of more than the account holds is kept with a warning, and so, after a
  rebalance, is one of more than it holds once the plan's trades are made (placed first: the warning
  names the Trades steps that sell the shares). Neither the first warning nor the
  Sales warning is given when a Lots row of that holding could not be read (its error says so; what the
  account holds is then not known).

Info: a trade of a symbol not on Securities (a fund sold out, or whose row there was left out) is
**kept**: a sale needs no current price, so its gain counts in the year's realized gains and on Form
8949 (IRC §1001, §1222), and it is matched for wash sales with trades of that symbol only (its
Identical Group is not known); Qualifying Surviving Spouse is read as Married Filing Jointly (same brackets and standard
deduction, IRC §1(a), §63(c)(2)); As Of left blank with no run date given; a withdrawal (negative
Contribution) from a Traditional, SEP or SIMPLE IRA, 401(k) or 403(b), on its cell: it is taxable
income this year (IRC §408(d)(1), §402(a), §403(b)(1)) that taxrebal does not add, so Ordinary Income
on Settings must include it.

Settings carryforwards (ST/LT Loss Carryforward) are positive amounts of loss; a negative entry is
read as its absolute value without a warning (brokers and tax software show them either way).
"""

from __future__ import annotations

from .choices import (
    ACCOUNT_TYPE_ALIASES,
    ACTION_ALIASES,
    FILING_STATUS_ALIASES,
    LOCATION_ALIASES,
    LOT_METHOD_ALIASES,
    OUT_OF_SCOPE_ACCOUNT_TYPES,
    OUT_OF_SCOPE_ACQUIRED,
    OUT_OF_SCOPE_ACTIONS,
    OUT_OF_SCOPE_LINES,
    OUT_OF_SCOPE_METHODS,
    REBALANCE_TO_ALIASES,
    SURVIVING_SPOUSE_KEYS,
    TAX_MODE_ALIASES,
)
from .columns import (
    DATE_FORMAT,
    MAX_AMOUNT,
    MAX_PRICE,
    MAX_QUANTITY,
    MIN_PRICE,
    MONEY_FORMAT,
    PERCENT_FORMAT,
    PRICE_FORMAT,
    QUANTITY_FORMAT,
    TEXT_FORMAT,
    WHOLE_FORMAT,
    CellKind,
    ColumnSpec,
    SheetSpec,
)
from .settings import ALWAYS_OPTIONAL, FLAT_MODE, PRICES_TAX, SETTING_SPECS, SettingSpec
from .sheets import (
    ACCOUNTS,
    GENERATED_LOT_PREFIX,
    LOTS,
    MENUS,
    PROPOSED_TRADES,
    SALES,
    SECURITIES,
    SETTINGS,
    SHEETS,
    TARGETS,
    TRANSACTIONS,
    generated_lot_id,
    sheet_spec,
)

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
    "OUT_OF_SCOPE_ACCOUNT_TYPES",
    "OUT_OF_SCOPE_ACTIONS",
    "OUT_OF_SCOPE_ACQUIRED",
    "OUT_OF_SCOPE_METHODS",
    "OUT_OF_SCOPE_LINES",
    "SURVIVING_SPOUSE_KEYS",
    "ALWAYS_OPTIONAL",
    "PRICES_TAX",
    "FLAT_MODE",
    "MAX_AMOUNT",
    "MAX_QUANTITY",
    "MAX_PRICE",
    "MIN_PRICE",
    "DATE_FORMAT",
    "MONEY_FORMAT",
    "PRICE_FORMAT",
    "QUANTITY_FORMAT",
    "PERCENT_FORMAT",
    "TEXT_FORMAT",
    "WHOLE_FORMAT",
]


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
           "Dates: a date cell, `2025-03-14`, `3/14/2025` or an Excel serial number (1900 date system); a "
           "text date with a two-digit year (`3/14/25`) or a year before 1900 (`6/1/0025`) is refused. "
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
    out += ["### Settings (required)", "", SETTINGS.doc, "", "| Setting | Also accepted | Meaning |", "|---|---|---|"]
    for st in SETTING_SPECS:
        out.append(f"| {st.label} | {', '.join(st.aliases)} | {st.doc} |")
    out += ["", "### What each problem costs", "", _docstring_section("What each problem costs (severity)"), ""]
    out += ["### Out of scope", "", "taxrebal refuses these rather than guess (an error naming the cell):", ""]
    out += [f"* {line}" for line in OUT_OF_SCOPE_LINES] + [""]
    return "\n".join(out)
