"""Cell functions (UDFs): the rules engine inside worksheet formulas.

=====================  ===========================================================================
``=FEDTAX(...)``       federal income tax + NIIT of a year's income (IRC §1, §1(h), §1411)
``=TAXCOST(...)``      federal + state tax of selling shares from a lots range (negative = saved)
``=LOTPICK(...)``      the lots a sale relieves, as a spilled table
``=LTDATE(a)``         first date a sale of shares acquired on ``a`` is long-term (IRC §1222(3))
``=HOLDINGTERM(a, s)`` "Short" or "Long"
``=WASHWINDOW(...)``   "Clear", or why buying/selling now would trip the wash-sale rule (IRC §1091)
``=DRIFT(...)``        allocation by asset class against the targets, as a spilled table
=====================  ===========================================================================

Conventions (written for users of the add-in; the README repeats them):

* **Errors are text, never tracebacks.** A bad argument returns a string starting with
  ``#TAXREBAL!`` that names the argument, the row and column of a range, and the fix, e.g.
  ``#TAXREBAL! quantity must be > 0 (got -5)`` or
  ``#TAXREBAL! lots row 7, column Quantity (E): "abc" is not a number; enter a number of shares``.
  Excel's ``ISERROR`` does not see it (it is text); test with ``=LEFT(A1,10)="#TAXREBAL!"``.
* **Ranges** are passed with their header row (``Lots!A1:G40``, or a whole Excel Table); extra blank
  rows at the bottom are fine, column order is free, headers are matched like the sheets'.
* **Dates** may be real dates, Excel serial numbers (a cell not formatted as a date) or text
  ``2025-03-14``. Date results (LTDATE) come back as dates: format the cell as a date if Excel shows
  a number.
* **No hidden clock for tax figures.** TAXCOST takes the sale date from ``as_of`` or the Settings
  range's *As Of* and returns an error asking for it when both are blank. Only the two convenience
  functions whose date is optional and obvious, HOLDINGTERM (``sold``) and LOTPICK (``as_of`` with no
  settings), use today's date when it is left blank; HOLDINGTERM is volatile so it rolls over at
  midnight. Pass ``TODAY()`` explicitly to make that visible in the formula.
* **Money** results are rounded to cents at this edge (:func:`taxrebal.engine.money.cents`);
  percentages are fractions (format the cells as %).
* **Speed**: a range is parsed once per distinct content (:mod:`taxrebal.excel.convert` keeps a
  small content-keyed LRU; TRUE and 1 are different content there, as for the cell rules), so hundreds
  of TAXCOST cells over one 10,000-lot range stay fast
  (``bench/bench_taxcost.py``). A TAXCOST or LOTPICK cell without Transactions checks only the cells
  its answer reads (:mod:`taxrebal.excel.symbol_check`: the header, the Symbol cells, its symbol's
  rows), and TAXCOST keeps each figure under its verified arguments, so a recalculated cell does no
  relief. Cell calls run with the cyclic garbage collector paused (:func:`taxrebal.excel.collector.collector_paused`).
  Given Transactions, TAXCOST and LOTPICK keep the wash-adjusted household with the parsed Lots table
  (:mod:`taxrebal.excel.wash_range`), so a sheet of them runs the wash-sale pass once
  (``bench/bench_taxcost_transactions.py``).
* Functions have no type annotations on purpose: xlwings turns annotations into value converters.

Worked examples (tests/test_udfs_*.py check each against hand-worked figures):

* ``=LTDATE(DATE(2024,2,29))`` -> 2025-03-01 (held more than one year; Rev. Rul. 66-7, Pub 550).
* ``=TAXCOST("VTI", 100, 250, Lots, Settings)`` with one long-term lot of 100 shares costing
  $10,000 and Settings in Flat mode at 15% long-term, no state tax: gain $15,000 x 15% = 2250.
* ``=FEDTAX("Single", 0, 0, 15000, 0, 2026)``: the whole gain falls in the 0% bracket -> 0.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Callable, Optional

from taxrebal.engine import params
from taxrebal.engine.holding import is_long_term, long_term_date, term_label
from taxrebal.engine.money import cents
from taxrebal.engine.records import FilingStatus, LotMethod, Settings
from taxrebal.errors import ArgumentError, TaxrebalError

from . import convert as cv
from .collector import collector_paused
from .drift_range import drift_rows
from .lot_range import LotTable, lots_from_range, release_ranges
from .sale_checks import check_held, check_untaxed_sale, no_lots, unlisted_account
from .symbol_check import lots_for_symbol
from .xw_decorators import xw

__all__ = ["FEDTAX", "TAXCOST", "LOTPICK", "LTDATE", "HOLDINGTERM", "WASHWINDOW", "DRIFT",
           "DEFAULT_TAX_YEAR", "today"]

#: FEDTAX's year when the argument is blank: the newest year whose dated parameters ship
#: (``engine/params/federal_YYYY.toml``; 2026 while 2025 and 2026 ship), so adding a year's file moves it.
DEFAULT_TAX_YEAR = params.years()[-1]
_YEARS_TEXT = " or ".join(str(y) for y in params.years())

_CATEGORY = "taxrebal"
_ANY_STATUS = FilingStatus.SINGLE


def today() -> date:
    """Today's date: only for the documented blank-date conveniences (HOLDINGTERM, LOTPICK).
    Tests monkeypatch it; the engine never reads the clock."""
    return date.today()


def _cell_function(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every failure into ``#TAXREBAL! ...`` text; an unexpected one says to report it."""

    @functools.wraps(fn)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            with collector_paused():  # the collections the caller's new ranges owe run after the call
                return fn(*args, **kwargs)
        except TaxrebalError as err:
            return cv.error_text(err)
        except Exception as err:  # never a traceback in a cell
            return cv.ERROR_PREFIX + (
                f"internal error in {fn.__name__} ({type(err).__name__}: {err}); please report it "
                "with the arguments that caused it"
            )
        finally:
            release_ranges()  # the parsed ranges keep their own copies, not this call's

    return guarded


def _method(value: Any, default: LotMethod) -> tuple[LotMethod, tuple[str, ...]]:
    """A lot method argument; ``"Specific ID: L3, L7"`` names the lots for Specific ID."""
    value = cv.scalar(value)
    if cv.is_blank(value):
        return default, ()
    text = str(value)
    ids: tuple[str, ...] = ()
    if ":" in text:
        text, _, rest = text.partition(":")
        ids = tuple(s.strip() for s in rest.replace(";", ",").split(",") if s.strip())
    method = cv.to_lot_method(text, "method")
    if ids and method is not LotMethod.SPECIFIC:
        raise ArgumentError(f'method: lot IDs can only follow "Specific ID" (got "{value}")')
    if method is LotMethod.SPECIFIC and not ids:
        raise ArgumentError('method: name the lots to sell, like "Specific ID: L3, L7"')
    return method, ids


def _optional_account(value: Any) -> Optional[str]:
    value = cv.scalar(value)
    return None if cv.is_blank(value) else cv.to_text(value, "account")


def _taxable_lots(table: LotTable, symbol: str, account: Optional[str], accounts: Any):
    """The lots a sale can come from. With an accounts range, only taxable accounts' lots count
    when no account is named (sales inside IRAs/Roths/HSAs realize no gain, IRC §§408(e), 408A,
    223(e)); a named tax-advantaged account returns ``None`` (no tax)."""
    if cv.is_blank(cv.scalar(accounts)):
        lots = table.of(symbol, account)
        if account is None:
            # No accounts range: a lot without a cost basis can only sit in a tax-advantaged account
            # (the Lots sheet allows a blank basis nowhere else), so it is not part of a taxable sale.
            return tuple(lot for lot in lots if lot.basis is not None)
        return lots
    records = cv.accounts_from_range(accounts)
    # Kept with the parsed Lots table under the accounts' records (compared by value): a sheet of
    # TAXCOST cells filters each symbol's lots once, not once per cell. An error is never kept.
    kept: dict = table.memo(("taxable", records), dict)
    key = (symbol, account)
    if key not in kept:
        kept[key] = _filter_taxable(table, table.of(symbol, account), account, records)
    found: Optional[tuple] = kept[key]
    return found


def _filter_taxable(table: LotTable, lots: tuple, account: Optional[str], account_records: tuple
                    ) -> Optional[tuple]:
    """``lots`` restricted by the accounts range: every lot's account must be listed; a named
    tax-advantaged account gives ``None`` (no tax); no account named -> taxable accounts' lots."""
    known = {a.name.casefold(): a for a in account_records}
    # each distinct account name of the lots looked up once (a symbol has hundreds of lots, a few accounts)
    taxable = {name: known[name.casefold()].is_taxable for name in {lot.account for lot in lots}
               if name.casefold() in known}
    if len(taxable) < len({lot.account for lot in lots}):
        raise unlisted_account(table, next(lot for lot in lots if lot.account not in taxable))  # the first one
    if account is not None:
        acct = known.get(account.casefold())
        if acct is None:
            raise ArgumentError(f"account {account} is not in the accounts range; check its spelling")
        return lots if acct.is_taxable else None
    return tuple(lot for lot in lots if taxable[lot.account])


def _check_tax_year(year: int) -> None:
    """Refuse a year without shipped IRS parameters, naming the years that have them."""
    from taxrebal.engine import params
    from taxrebal.errors import UnknownParameterError

    try:
        params.get("standard_deduction", year, _ANY_STATUS)
    except UnknownParameterError:
        raise ArgumentError(
            f"year {year}: tax parameters ship for {', '.join(str(y) for y in params.years())} only; "
            "enter one of those years"
        ) from None


# --------------------------------------------------------------------------------------------------
# FEDTAX
# --------------------------------------------------------------------------------------------------

@xw.func(category=_CATEGORY)
@xw.arg("filing_status",
        doc="Single, Married Filing Jointly (MFJ), Married Filing Separately (MFS) or Head of Household (HOH)")
@xw.arg("ordinary_income", doc="Gross income other than capital gains and qualified dividends (wages, interest...)")
@xw.arg("st_gain", doc="Net short-term capital gain (negative = loss)")
@xw.arg("lt_gain", doc="Net long-term capital gain (negative = loss)")
@xw.arg("qualified_dividends", doc="Qualified dividends (optional, 0)")
@xw.arg("year", doc=f"Tax year, {_YEARS_TEXT} (optional, {DEFAULT_TAX_YEAR})")
@xw.arg("itemized", doc="Itemized deductions (optional; blank = standard deduction)")
@xw.arg("st_carryforward", doc="Short-term capital loss carried in from last year, as a positive amount (optional)")
@xw.arg("lt_carryforward", doc="Long-term capital loss carried in from last year, as a positive amount (optional)")
@xw.arg("investment_income",
        doc="The part of ordinary_income that is net investment income for the 3.8% NIIT: interest, "
            "non-qualified dividends, rents (optional; blank = 0, all of it wages)")
@xw.arg("taxpayers_65_or_older",
        doc="How many of you (and your spouse on a joint return) are 65 or older: 0, 1 or 2 (optional; blank = 0)")
@xw.arg("taxpayers_blind",
        doc="How many of you (and your spouse on a joint return) are blind: 0, 1 or 2 (optional; blank = 0)")
@_cell_function
def FEDTAX(filing_status, ordinary_income, st_gain, lt_gain, qualified_dividends=None, year=None, itemized=None,
           st_carryforward=None, lt_carryforward=None, investment_income=None, taxpayers_65_or_older=None,
           taxpayers_blind=None):
    """Federal income tax plus the 3.8% net investment income tax for one year, in dollars.

    filing_status: Single, MFJ, MFS or HOH.
    ordinary_income: income other than capital gains and qualified dividends; required (type 0 for
    none: a blank is an error, never $0, as on the Settings sheet).
    st_gain, lt_gain: net short- and long-term gains (negative = losses; netting and the $3,000
    loss limit apply).
    qualified_dividends: optional, default 0.
    year: a year whose IRS parameters ship (2025 or 2026); blank = the newest of them (2026).
    itemized: itemized deductions; blank = the standard deduction.
    st_carryforward, lt_carryforward: capital losses carried in (IRC §1212(b)); a negative entry is
    read as the loss amount, as on the Settings sheet.
    investment_income: the part of ordinary_income that is net investment income for the NIIT
    (IRC §1411, Form 8960: interest, non-qualified dividends, rents), 0 to ordinary_income, as
    Settings' Investment Income; blank = 0. Qualified dividends and capital gains count already.
    Example: FEDTAX("MFJ", 310000, -300, 5500, 6000, 2026, , , , 5000) = 54,163.60, $190 (3.8% of
    $5,000) more than without the last argument.
    taxpayers_65_or_older, taxpayers_blind: how many of taxpayer and spouse are 65 or older / blind, as
    Settings' Taxpayers 65 or Older / Taxpayers Blind (0 or 1; up to 2 married); blank = 0. Each adds
    the additional standard deduction (IRC §63(f): $1,650 married, $2,050 unmarried in 2026, Rev. Proc.
    2025-32); each person 65 or older also gets the 2025-2028 senior deduction (IRC §151(d)(5)(C):
    $6,000, less 6% of MAGI over $75,000 / $150,000 joint; none married filing separately). Example
    (2026): FEDTAX("Single", 60000, 0, 0, , 2026, , , , , 1) = 4,054.00: 60,000 - 16,100 - 2,050 -
    6,000 = 35,850 taxable -> 1,240 + 12% x 23,450 (FEDTAX("Single", 60000, 0, 0) = 5,020.00).
    """
    from taxrebal.engine.tax import federal_tax

    status = cv.to_filing_status(filing_status, "filing_status")
    tax_year = cv.to_int(year, "year", default=DEFAULT_TAX_YEAR)
    _check_tax_year(tax_year)
    # required, as Settings' Ordinary Income: a blank (an empty cell referred to) is never read as $0
    ordinary = cv.to_number(ordinary_income, "ordinary_income",
                            unit="a dollar amount (type 0 for none: a blank is never read as $0 of income)")
    nii = cv.to_number(investment_income, "investment_income", default=0.0, non_negative=True,
                       unit="a dollar amount")
    if nii > max(ordinary, 0.0) + 0.005:
        raise ArgumentError(f"investment_income {nii:,.2f} is more than ordinary_income {ordinary:,.2f}: "
                            "it is the part of ordinary income that is investment income")
    # how many people the return has room for (IRC §63(f)(1), (2): taxpayer, and a spouse when married)
    most = 2 if status in (FilingStatus.MARRIED_JOINT, FilingStatus.MARRIED_SEPARATE) else 1
    counts = []
    for value, name in ((taxpayers_65_or_older, "taxpayers_65_or_older"), (taxpayers_blind, "taxpayers_blind")):
        n = cv.to_int(value, name, default=0)
        if not 0 <= n <= most:
            raise ArgumentError(f"{name} must be a whole number from 0 to {most} for {status.value} "
                                f"(got {n}): how many of you{' and your spouse' if most == 2 else ''} qualify")
        counts.append(n)
    tax = federal_tax(
        tax_year,
        status,
        ordinary,
        st_gain=cv.to_number(st_gain, "st_gain", default=0.0, unit="a dollar amount"),
        lt_gain=cv.to_number(lt_gain, "lt_gain", default=0.0, unit="a dollar amount"),
        qualified_dividends=cv.to_number(qualified_dividends, "qualified_dividends", default=0.0,
                                         non_negative=True, unit="a dollar amount"),
        itemized=None if cv.is_blank(cv.scalar(itemized))
        else cv.to_number(itemized, "itemized", non_negative=True, unit="a dollar amount"),
        st_carryforward=abs(cv.to_number(st_carryforward, "st_carryforward", default=0.0, unit="a dollar amount")),
        lt_carryforward=abs(cv.to_number(lt_carryforward, "lt_carryforward", default=0.0, unit="a dollar amount")),
        investment_income=nii,
        seniors=counts[0],
        blind=counts[1],
    )
    return cents(tax)


# --------------------------------------------------------------------------------------------------
# TAXCOST and LOTPICK
# --------------------------------------------------------------------------------------------------

@xw.func(category=_CATEGORY)
@xw.arg("symbol", doc="Ticker to sell, e.g. VTI")
@xw.arg("quantity", doc="Shares to sell (> 0)")
@xw.arg("price", doc="Sale price per share")
@xw.arg("lots", ndim=2, doc="The Lots table including its header row")
@xw.arg("settings", ndim=2, doc="The Settings table (Setting, Value); optional")
@xw.arg("method", doc="FIFO, LIFO, HIFO, MinTax, TaxOptimal or \"Specific ID: L3, L7\"; blank = Settings Lot Method")
@xw.arg("account", doc="Sell only from this account; blank = every account in the lots range (recent lots of "
                       "every account can wash the loss either way)")
@xw.arg("as_of", doc="Sale date; blank = Settings As Of")
@xw.arg("accounts", ndim=2, doc="The Accounts table (optional): lots in IRAs/Roths/HSAs are then left out of "
                                "the sale (their recent lots still wash a loss); needed with transactions")
@xw.arg("transactions", ndim=2, doc="The Transactions table (optional): earlier wash sales are then counted, "
                                    "as on the Lot Selection sheet")
@xw.arg("securities", ndim=2, doc="The Securities table (with transactions): its Identical Groups")
@_cell_function
def TAXCOST(symbol, quantity, price, lots, settings=None, method=None, account=None, as_of=None, accounts=None,
            transactions=None, securities=None):
    """Federal plus state tax of selling shares, in dollars (negative = tax saved by a loss).

    The marginal tax for this household: tax with the sale minus tax without it, after netting
    with the year's realized gains, carryforwards and the $3,000 loss limit (Settings range).
    symbol: ticker to sell. quantity: shares (> 0). price: per share.
    lots: the Lots table with its header row.
    settings: the Settings table (required; filing status, income, tax mode...); a blank setting = its
    default, except Realized ST YTD and Realized LT YTD: without the transactions range they must be
    typed (0 for none), since blank means "computed from Transactions" and $0 would change the tax.
    method: lot method; blank = Settings Lot Method (default TaxOptimal: the lots that cost this
    household the least tax). "Specific ID: L3, L7".
    account: sell from this account only; blank = all lots of the symbol in the range that have a
    cost basis (a lot with a blank basis can only be in an IRA/Roth/HSA).
    as_of: the sale date; blank = Settings As Of (an error asks for it when both are blank).
    accounts: the Accounts table (optional) so tax-advantaged accounts' lots are left out of the sale;
    a sale in a named IRA/Roth/HSA is 0.00 if its lots hold the shares, else the same error as without.
    Wash sale (IRC §1091(a); Treas. Reg. §1.1091-1(c)): the loss the sold lots would lose to lots of
    the symbol bought in the 30 days before the sale and kept is not counted, whichever account of the
    lots range holds them: an IRA, Roth or HSA (lost for good, Rev. Rul. 2008-5) or another taxable
    account, also when ``account`` names one account. Account types do not change the figure (the loss
    is disallowed this year either way), so it is the same with or without ``accounts``.
    transactions: the Transactions table (optional; then ``accounts`` and ``securities``, whose Identical
    Groups decide what is substantially identical, are needed too). The sale is then priced as the run's
    Lot Selection sheet prices it, one computation: the wash-sale pass over Transactions adjusts the lots
    first (a loss an earlier sale had disallowed is in its replacement's basis, IRC §1091(d), and its
    holding period is tacked on, §1223(3)); a recent lot whose shares already replaced an earlier loss
    sale washes nothing more (Treas. Reg. §1.1091-1(e)); Realized ST/LT YTD are the run's ledger (blank:
    this year's sells on Transactions). Without it only the Lots range is seen: a recent lot is counted as
    a replacement even when it already replaced an earlier sale, and a basis adjustment is missing unless
    the Cost Basis has it (Wash Adjusted = Y).
    Example (the sample workbook): TAXCOST("VTI", 50, 330, Lots, Settings, , "Joint Brokerage") = -119.58:
    lot B-04 loses $425 and the Family HSA's 3 VTI bought 2026-11-02 wash 3 x $8.50 of it.
    TAXCOST("VXUS", 300, 62, Lots, Settings, "LIFO", "Joint Brokerage", , Accounts, Transactions,
    Securities) = -477.61, Lot Selection's figure (-282.25 without Transactions: lot I-04 already
    replaced the VXUS sold on 2026-11-13).
    """
    if not cv.is_blank(cv.scalar(transactions)):
        return _washed_taxcost(symbol, quantity, price, lots, settings, method, account, as_of, accounts,
                               transactions, securities)
    _no_securities_alone(securities)
    a = _sale_args(symbol, quantity, price, lots, settings, method, as_of, for_tax=True)
    acct = _optional_account(account)
    records = None if cv.is_blank(cv.scalar(accounts)) else cv.accounts_from_range(accounts)
    # Each figure kept with the parsed Lots table (found by content, the symbol's cells checked) under the
    # other arguments' parsed values (compared by value): an unchanged cell recalculated gives its figure
    # without a relief. An error is never kept.
    figures: dict = a.table.memo(("taxcost", a.settings, records), dict)
    key = (a.symbol, a.quantity, a.price, a.sold, a.method, a.lot_ids, acct)
    figure: Optional[float] = figures.get(key)
    if figure is None:
        _, marginal = _sale(a, acct, accounts)
        figure = 0.0 if marginal is None else cents(marginal.total)
        if len(figures) >= _FIGURES_KEPT:
            figures.clear()
        figures[key] = figure
    return figure


_FIGURES_KEPT = 4096  # TAXCOST figures kept per Lots table and other arguments (a sheet's cells)


@dataclass(frozen=True)
class _SaleArgs:
    """A TAXCOST / LOTPICK sale's arguments, parsed in the order their errors are reported."""

    symbol: str
    quantity: float
    price: float
    table: LotTable
    settings: Settings
    sold: date
    method: LotMethod
    lot_ids: tuple[str, ...]
    no_settings: bool  # no settings range (LOTPICK only: TAXCOST requires it)


def _sale_args(symbol: Any, quantity: Any, price: Any, lots: Any, settings: Any, method: Any, as_of: Any, *,
               for_tax: bool, whole_range: bool = False) -> _SaleArgs:
    """``for_tax`` (TAXCOST): the settings range prices the tax and the sale date is the as_of argument or
    Settings As Of. Otherwise (LOTPICK) settings are optional (a blank method is then MinTax: without the
    household's tax a cell cannot compute TaxOptimal) and the date falls back to today. ``whole_range``:
    the caller reads every lot (the wash-sale pass over Transactions); otherwise only the symbol's lots
    and the symbols held are asked of the table, which is then checked for those cells only
    (:func:`taxrebal.excel.symbol_check.lots_for_symbol`)."""
    sym = cv.to_symbol(symbol, "symbol")
    qty = cv.to_number(quantity, "quantity", positive=True, unit="a number of shares")
    px = cv.to_number(price, "price", positive=True, unit="a price per share")
    table = lots_from_range(lots, "lots") if whole_range else lots_for_symbol(lots, sym, "lots")
    no_settings = cv.is_blank(cv.scalar(settings))
    if for_tax and no_settings:  # fe16 F5: not "Realized ST YTD ... blank in the settings range"
        raise ArgumentError("settings is missing: pass the Settings table (its Filing Status, Ordinary Income and "
                            "Realized ST/LT YTD price the tax)")
    if for_tax:
        s = cv.settings_from_range(settings, "settings", prices_tax=True)
    else:
        s = Settings(lot_method=LotMethod.MIN_TAX) if no_settings else cv.settings_from_range(settings, "settings")
    sold = cv.to_optional_date(as_of, "as_of") or s.as_of or (None if for_tax else today())
    if sold is None:
        raise ArgumentError(
            "as_of is missing: enter the sale date as the as_of argument or As Of in the Settings range"
        )
    lot_method, ids = _method(method, s.lot_method)
    return _SaleArgs(sym, qty, px, table, s, sold, lot_method, ids, no_settings)


def _no_securities_alone(securities: Any) -> None:
    if not cv.is_blank(cv.scalar(securities)):
        raise ArgumentError("securities is used with a transactions range only (its Identical Groups for the "
                            "wash-sale pass); add the transactions range or leave securities blank")


def _washed_taxcost(symbol, quantity, price, lots, settings, method, account, as_of, accounts, transactions,
                    securities):
    """TAXCOST given Transactions: the Lot Selection sheet's figure for this sale (:mod:`.wash_range`)."""
    from .wash_range import compare_sale, washed_household

    a = _sale_args(symbol, quantity, price, lots, settings, method, as_of, for_tax=True, whole_range=True)
    check_held(a.table, a.symbol, _optional_account(account), accounts)
    washed = washed_household(a.table, transactions, accounts, securities)
    comparison, _ = compare_sale(washed, a.settings, a.symbol, a.quantity, a.price, a.sold, a.method, a.lot_ids,
                                 _optional_account(account), True)
    chosen = _chosen(comparison)
    if not comparison.taxable:
        return 0.0
    return cents(chosen.tax)


def _chosen(comparison):
    """The chosen method's outcome of a comparison; its error (a Specific ID lot not held...) as the cell's."""
    chosen = comparison.chosen_outcome
    if chosen is None or chosen.relief is None:
        raise ArgumentError(chosen.error if chosen is not None and chosen.error
                            else f"method {comparison.chosen.value} could not be applied to this sale")
    return chosen


@functools.lru_cache(maxsize=64)
def _profile(settings: Settings, sold: date):
    """The household's tax profile for a sale on ``sold`` (Settings is frozen, so hashable: many
    TAXCOST cells share one profile)."""
    from taxrebal.engine.ledger import ledger_settings
    from taxrebal.engine.tax import TaxProfile

    # The run's tax ledger with no Transactions (a cell sees only the Settings range): a filled
    # Realized ST/LT YTD is used as given; a blank one is refused (convert.realized_ytd_typed).
    cv.realized_ytd_typed(settings)
    return TaxProfile.from_settings(ledger_settings(replace(settings, as_of=sold), None, sold))


def _sale(a: _SaleArgs, acct: Optional[str], accounts: Any):
    """TAXCOST's sale ``a`` from ``acct`` (None: any account): pick the lots, tax the relief. ``(None, None)``
    for a sale in a tax-advantaged account (no tax)."""
    from taxrebal.engine.lot_selection import sale_tax

    sym, qty, px, table, s, sold, lot_method, ids = (a.symbol, a.quantity, a.price, a.table, a.settings, a.sold,
                                                     a.method, a.lot_ids)
    candidates = _taxable_lots(table, sym, acct, accounts)
    if candidates is None:  # a tax-advantaged account: no tax, for a sale it can make (fe16 F5)
        check_untaxed_sale(table, sym, qty, acct or "", ids)
        return None, None
    if not candidates:
        if table.of(sym, acct):
            raise ArgumentError(
                f"every lot of {sym} in the lots range is in a tax-advantaged account (no cost basis, or an "
                "IRA/Roth/HSA in the accounts range): selling there costs no tax; name that account to get 0, "
                "or add the taxable lots"
            )
        raise no_lots(sym, acct, table)
    profile = _profile(s, sold)
    # engine.lot_selection.sale_tax (relief + marginal tax) on the symbol's candidate lots, already filtered through
    # the cached symbol index (and to taxable accounts when the accounts range is given); the recent lots
    # that can wash the sale's loss are the symbol's lots in every account of the range (IRC §1091(a),
    # Rev. Rul. 2008-5), whatever the account or accounts arguments.
    # ``candidates`` are already the account's lots, found without regard to case (LotTable.of: "brokerage"
    # is the Brokerage account, as the run reads it), so no account is passed to filter them again by exact
    # spelling, which would sell other lots than LOTPICK shows
    return sale_tax(candidates, sym, qty, px, sold, lot_method, profile, None, lot_ids=ids,
                    household_lots=table.of(sym))


@xw.func(category=_CATEGORY)
@xw.arg("symbol", doc="Ticker to sell")
@xw.arg("quantity", doc="Shares to sell (> 0)")
@xw.arg("price", doc="Sale price per share")
@xw.arg("lots", ndim=2, doc="The Lots table including its header row")
@xw.arg("method", doc="FIFO, LIFO, HIFO, MinTax, TaxOptimal or \"Specific ID: L3, L7\"; "
                      "blank = Settings Lot Method (TaxOptimal), MinTax without a settings range")
@xw.arg("as_of", doc="Sale date; blank = Settings As Of, else today")
@xw.arg("account", doc="Sell only from this account; blank = lots with a cost basis in any account")
@xw.arg("settings", ndim=2, doc="The Settings table (optional; needed for TaxOptimal)")
@xw.arg("accounts", ndim=2, doc="The Accounts table (optional): with no account named, lots in IRAs/Roths/HSAs "
                                "are left out; needed with transactions")
@xw.arg("transactions", ndim=2, doc="The Transactions table (optional): earlier wash sales are then counted, "
                                    "as on the Lot Selection sheet")
@xw.arg("securities", ndim=2, doc="The Securities table (with transactions): its Identical Groups")
@_cell_function
def LOTPICK(symbol, quantity, price, lots, method=None, as_of=None, account=None, settings=None, accounts=None,
            transactions=None, securities=None):
    """The lots a sale relieves: a table Lot ID, Quantity, Proceeds, Basis, Gain, Term.

    symbol, quantity, price: the sale. lots: the Lots table with its header row.
    method: lot method; blank = Settings Lot Method (default TaxOptimal, the least tax); without a
    settings range MinTax, the brokers' fixed tax-sensitive order, which can cost more. "Specific ID: L3, L7".
    as_of: the sale date (decides Short/Long); blank = Settings As Of, else TODAY (volatile
    convenience: pass a date to pin it).
    account: sell from this account only; blank = lots with a cost basis in any account.
    settings: needed for TaxOptimal (the household's tax); TaxOptimal then weighs the loss that lots of
    the symbol bought in the last 30 days in any account of the range would wash, as TAXCOST does.
    accounts: optional; with no account named only taxable accounts' lots are sold, as TAXCOST.
    transactions, securities (with accounts): the lots as the run's Lot Selection sheet shows them, one
    computation: after the wash-sale pass over Transactions, Basis includes a loss an earlier sale had
    disallowed (IRC §1091(d)) and Term counts the tacked holding period (IRC §1223(3)); a split lot's
    washed shares are "<Lot ID>-W1". Example (the sample): LOTPICK("VXUS", 300, 62, Lots, "LIFO", ,
    "Joint Brokerage", Settings, Accounts, Transactions, Securities) -> B-10 110 sh (basis 7,711.00,
    -891.00, Short) and B-09 190 sh (basis 12,692.00, -912.00, Long), the Lot Selection sheet's lots.
    """
    if not cv.is_blank(cv.scalar(transactions)):
        return _washed_lotpick(symbol, quantity, price, lots, method, as_of, account, settings, accounts,
                               transactions, securities)
    _no_securities_alone(securities)
    from taxrebal.engine.lots import relieve

    a = _sale_args(symbol, quantity, price, lots, settings, method, as_of, for_tax=False)
    sym, qty, px, table, s, sold, lot_method, ids = (a.symbol, a.quantity, a.price, a.table, a.settings, a.sold,
                                                     a.method, a.lot_ids)
    acct = _optional_account(account)
    # the same candidates as TAXCOST: with the accounts range and no account named, taxable accounts' lots
    candidates = _taxable_lots(table, sym, acct, accounts if acct is None else None)
    if not candidates:
        if table.of(sym, acct):
            raise ArgumentError(f"every lot of {sym} in the lots range has no cost basis (a tax-advantaged "
                                "account): name that account to see its lots")
        raise no_lots(sym, acct, table)
    profile = None
    if lot_method is LotMethod.TAX_OPTIMAL:
        if a.no_settings:
            raise ArgumentError("method TaxOptimal needs the settings range (the household's tax situation)")
        profile = _profile(s, sold)
    recent = None
    if profile is not None:  # TaxOptimal weighs the loss that every account's recent lots would wash
        from taxrebal.engine.kept_wash import recent_lot_shares
        from taxrebal.engine.wash import window_days

        recent = recent_lot_shares(table.of(sym), sold, window_days(sold.year))
    relief = relieve(candidates, qty, px, sold, lot_method, lot_ids=ids, profile=profile, recent=recent)
    return _lot_rows(relief)


_LOTPICK_HEADER = ["Lot ID", "Quantity", "Proceeds", "Basis", "Gain", "Term"]


def _lot_rows(relief: Any) -> list[list[Any]]:
    """The Lot Selection lots table's cents, one computation: proceeds and basis split so the rows add up to
    the sale's, gain = proceeds - basis as shown (1 share, basis 5.006, at 10.004: 10.00, 5.01, 4.99); each
    quantity to the decimals the sheet's cell keeps (interface.shown_quantity: a piece's 60.98765432000002 shares,
    binary float noise, is 60.987654, as Lot Selection shows it)."""
    from taxrebal.workbook.interface import shown_quantity
    from taxrebal.workbook.results.lot_selection import _pieces_cents

    out: list[list[Any]] = [list(_LOTPICK_HEADER)]
    for p, (proceeds, basis, gain) in zip(relief.pieces, _pieces_cents(relief)):
        out.append([p.lot_id, shown_quantity(p.quantity), proceeds, basis, gain, term_label(p.long_term)])
    return out


def _washed_lotpick(symbol, quantity, price, lots, method, as_of, account, settings, accounts, transactions,
                    securities):
    """LOTPICK given Transactions: the lots the Lot Selection sheet's chosen method sells (:mod:`.wash_range`)."""
    from .wash_range import compare_sale, washed_household

    a = _sale_args(symbol, quantity, price, lots, settings, method, as_of, for_tax=False, whole_range=True)
    if a.method is LotMethod.TAX_OPTIMAL and a.no_settings:
        raise ArgumentError("method TaxOptimal needs the settings range (the household's tax situation)")
    check_held(a.table, a.symbol, _optional_account(account), accounts)
    washed = washed_household(a.table, transactions, accounts, securities)
    comparison, _ = compare_sale(washed, a.settings, a.symbol, a.quantity, a.price, a.sold, a.method, a.lot_ids,
                                 _optional_account(account), a.method is LotMethod.TAX_OPTIMAL)
    return _lot_rows(_chosen(comparison).relief)


# --------------------------------------------------------------------------------------------------
# Holding period
# --------------------------------------------------------------------------------------------------

def _is_inherited(value: Any) -> bool:
    value = cv.scalar(value)
    return isinstance(value, str) and value.strip().casefold() == "inherited"


@xw.func(category=_CATEGORY)
@xw.arg("acquired", doc="Date the shares were acquired")
@_cell_function
def LTDATE(acquired):
    """The first date on which a sale of shares acquired on this date is long-term.

    acquired: the acquisition date (a date, an Excel serial or text like 2024-02-29).
    Held more than one year (IRC §1222(3)): acquired 2024-06-19 -> 2025-06-20; 2024-02-29 -> 2025-03-01.
    """
    if _is_inherited(acquired):
        raise ArgumentError("inherited shares are long-term whatever the dates (IRC §1223(9)); "
                            "LTDATE needs an acquisition date")
    return long_term_date(cv.to_date(acquired, "acquired"))


@xw.func(category=_CATEGORY, volatile=True)
@xw.arg("acquired", doc="Date the shares were acquired (or \"Inherited\")")
@xw.arg("sold", doc="Date of sale; blank = today")
@_cell_function
def HOLDINGTERM(acquired, sold=None):
    """"Short" or "Long": the holding period of a sale.

    acquired: the acquisition date, or "Inherited" (always long-term, IRC §1223(9)).
    sold: the sale date; blank = today (volatile convenience: enter a date to pin the answer).
    Long-term means held more than one year (IRC §1222): bought 2024-02-05, sold 2025-02-05 ->
    Short; sold 2025-02-06 -> Long.
    """
    sale = cv.to_optional_date(sold, "sold") or today()
    if _is_inherited(acquired):
        return term_label(True)
    bought = cv.to_date(acquired, "acquired")
    if sale < bought:
        raise ArgumentError(f"sold ({sale.isoformat()}) is before acquired ({bought.isoformat()}); check the dates")
    return term_label(is_long_term(bought, sale))


# --------------------------------------------------------------------------------------------------
# WASHWINDOW
# --------------------------------------------------------------------------------------------------

@xw.func(category=_CATEGORY)
@xw.arg("symbol", doc="Ticker you want to buy or sell at a loss")
@xw.arg("trade_date", doc="Date of the planned trade")
@xw.arg("transactions", ndim=2, doc="The Transactions table including its header row")
@xw.arg("securities", ndim=2, doc="The Securities table (optional: identical groups count as the same security)")
@xw.arg("accounts", ndim=2, doc="The Accounts table (optional: sales in IRAs realize no loss)")
@xw.arg("lots", ndim=2, doc="The Lots table (optional: the basis of sells that name a Lot ID)")
@_cell_function
def WASHWINDOW(symbol, trade_date, transactions, securities=None, accounts=None, lots=None):
    """"Clear", or why a trade on this date would trip the wash-sale rule and the first day it is clear.

    symbol: the ticker. trade_date: the planned trade date (not "date": a VBA reserved word, which
    would break the VBA wrapper of every function).
    transactions: the Transactions table (buys, sells, reinvestments of every account).
    securities: optional; substantially identical securities (same Identical Group) count together.
    accounts: optional; sales inside IRAs/Roths/HSAs realize no loss (unlisted accounts count
    as taxable).
    lots: optional; gives the basis of a Sell row that names a Lot ID but no Cost Basis (a sell whose
    basis is unknown is reported as a possible loss: "Check; first day you may buy ..."); with the
    securities' prices, a loss sale sells a lot now at a loss, and that lot's own purchase does not
    wash it (no share replaces itself): "Clear" when no other purchase is in its window.
    Dates are the FIRST day the trade is clear, in words: "Blocked; first day you may buy
    2026-12-16: ..." after a loss sale on 2026-11-15 (the window ends on 2026-12-15): a buy that day
    would wash it; "Loss sale washed; first day you may sell ...": a loss sale that day would be washed
    by a recent purchase (a buy is not blocked by it).
    IRC §1091: a loss is disallowed when substantially identical shares are bought within 30 days
    before or after the sale, in any account of the household.
    """
    from taxrebal.engine.wash_queries import wash_window_status

    from .wash_range import in_accounts_spelling

    sym = cv.to_symbol(symbol, "symbol")
    on = cv.to_date(trade_date, "trade_date")
    txns = cv.transactions_from_range(transactions, "transactions")
    secs = () if cv.is_blank(cv.scalar(securities)) else cv.securities_from_range(securities, "securities")
    accts = () if cv.is_blank(cv.scalar(accounts)) else cv.accounts_from_range(accounts, "accounts")
    lot_records = () if cv.is_blank(cv.scalar(lots)) else lots_from_range(lots, "lots").lots
    txns, lot_records = in_accounts_spelling(txns, lot_records, accts)  # "my ira" is the accounts' My IRA
    return wash_window_status(sym, on, txns, secs, accts, lot_records)


# --------------------------------------------------------------------------------------------------
# DRIFT
# --------------------------------------------------------------------------------------------------

@xw.func(category=_CATEGORY)
@xw.arg("lots", ndim=2, doc="The Lots table including its header row")
@xw.arg("securities", ndim=2, doc="The Securities table (Symbol, Asset Class, Price)")
@xw.arg("targets", ndim=2, doc="The Targets table (Asset Class, Target)")
@xw.arg("accounts", ndim=2, doc="The Accounts table (optional: adds cash and contributions)")
@_cell_function
def DRIFT(lots, securities, targets, accounts=None):
    """Allocation by asset class: a table Asset Class, Value, Current %, Target %, Drift.

    lots, securities, targets: the tables with their header rows (values = shares x price).
    accounts: optional; its Cash and Contribution columns are counted as the Cash class.
    Drift = current weight - target, in fraction points (format as %): $70,000 stocks and $30,000
    bonds against 60/40 -> stocks +10%, bonds -10%.
    """
    return [list(r) for r in drift_rows(lots, securities, targets, accounts)]  # a copy: Excel may keep it
