"""The validator: sheets (2D values) in, a :class:`LoadResult` out.

:func:`load_sheets` matches the sheets, reads them in contract order (Settings, Accounts, Securities,
Targets, Lots, then the activity sheets, each using what the earlier ones established) and returns the
:class:`~taxrebal.engine.records.Household` (``None`` when any error was found) and every Issue in
sheet and row order. A last safety net turns any unexpected exception into an error Issue asking for
a bug report, so a user never sees a traceback.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional

from ...engine.records import (
    Household,
)
from ...errors import Issue, IssueCounts
from ..cells import cell_ref
from .activity import read_menus, read_proposed, read_sales, read_transactions
from .checks import check_classes, check_separate_returns, check_withdrawals, match_sheets
from .empty_sheets import check_empty_sheets
from .holdings import read_accounts, read_lots, read_securities, read_targets
from .settings import check_tax_settings, read_settings_sheet
from .tables import ERROR, Context, Issues


@dataclass(frozen=True)
class LoadResult(IssueCounts):
    """The household read from a workbook, and every problem found on the way."""

    household: Optional[Household]  # None when any Severity.ERROR issue was found
    issues: tuple[Issue, ...]  # every problem, in sheet/row order
    digest: str  # sha256 hex of the file bytes ("" when loaded from sheets)
    as_of_defaulted: bool = False  # Settings had no As Of and ``default_as_of`` (the run date) was used
    as_of_replaced: Any = None  # the Settings As Of cell's value, when an ``as_of`` override was used instead
    as_of_forced: bool = False  # an ``as_of`` override (the command line's --as-of) was used for this run
    setting_cells: Mapping[str, str] = field(default_factory=dict)  # Settings field -> its value cell ("B11")
    #: sheet spec name -> column key -> its letter ("Proposed Trades" -> "quantity" -> "E"), where read
    column_letters: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    defaults_used: tuple[str, ...] = ()  # Settings fields that change the tax, left blank: their default is used
    typed_settings: Optional[tuple[str, ...]] = None  # Settings fields given a value (None: not known)


def validate(sheets: Mapping[str, Any], default_as_of: Optional[date], issues: Issues,
             ctx: Optional[Context] = None, as_of: Optional[date] = None) -> Optional[Household]:
    names = match_sheets(sheets, issues)
    ctx = ctx if ctx is not None else Context(issues)

    def raw(spec_name: str) -> Any:
        return sheets[names[spec_name]]

    settings = read_settings_sheet(names.get("Settings"), raw("Settings") if "Settings" in names else None, ctx,
                              default_as_of, as_of)
    ctx.as_of = settings.as_of
    accounts = read_accounts(names["Accounts"], raw("Accounts"), ctx) if "Accounts" in names else None
    check_tax_settings(ctx)
    securities = read_securities(names["Securities"], raw("Securities"), ctx) if "Securities" in names else None
    targets = read_targets(names["Targets"], raw("Targets"), ctx) if "Targets" in names else None
    lots = read_lots(names["Lots"], raw("Lots"), ctx) if "Lots" in names else None
    # else "Selling 100 VTI but Joint holds 0" would add to the Lots error (or to "Lots lists no lot")
    ctx.lots_read = lots is not None and ctx.filled_rows.get("Lots", (0, 1))[1] > 0
    transactions = read_transactions(names["Transactions"], raw("Transactions"),
                                      ctx) if "Transactions" in names else []
    menus = read_menus(names["Menus"], raw("Menus"), ctx) if "Menus" in names else {}
    sales = read_sales(names["Sales"], raw("Sales"), ctx) if "Sales" in names else []
    proposed = read_proposed(names["Proposed Trades"], raw("Proposed Trades"),
                              ctx) if "Proposed Trades" in names else []
    if securities is not None and targets is not None and lots is not None:
        securities = check_classes(securities, targets, lots, ctx, names)
    if accounts is not None and securities is not None and lots is not None:
        check_withdrawals(accounts, securities, lots, ctx)
    if accounts is not None:
        check_separate_returns(accounts, settings, ctx)
    if accounts is not None and lots is not None:
        check_empty_sheets(ctx, names, accounts, settings)
    if issues.has_error or accounts is None or securities is None or targets is None or lots is None:
        return None
    return Household(accounts=tuple(accounts), securities=tuple(securities), lots=tuple(lots),
                     transactions=tuple(transactions), targets=tuple(targets), settings=settings, menus=menus,
                     sales=tuple(sales), proposed_trades=tuple(proposed))


def load_sheets(sheets: Mapping[str, Sequence[Sequence[Any]]], *, default_as_of: date | None = None,
                as_of: date | None = None, any_year: bool = False) -> LoadResult:
    """Validate sheets given as 2D values (row 0 = worksheet row 1, column 0 = column A).

    Sheet names match case-insensitively. ``default_as_of`` fills Settings.as_of when the sheet leaves
    it blank (the command line passes the run date; the engine never reads a clock). ``as_of`` (the
    command line's ``--as-of``) is used instead of Settings As Of, before any check that uses the date;
    the sheets are not changed, and ``LoadResult.as_of_replaced`` holds the As Of cell's own value.
    ``any_year``: As Of (and Tax Year) need no shipped tax parameters, for a command that prices no tax
    (``taxrebal form8949`` run at filing time, in the next year: fe16 F7).
    """
    issues = Issues()
    try:
        if not isinstance(sheets, Mapping):
            issues.add(ERROR, "Workbook", "No sheets were given; pass a mapping of sheet name to 2D values.")
            return LoadResult(None, issues.sorted(), "")
        ctx = Context(issues, any_year=any_year)
        with gc_paused():
            household = validate(sheets, default_as_of, issues, ctx, as_of)
    except Exception as exc:  # the safety net: a user never sees a traceback
        issues.add(ERROR, "Workbook", f"Internal error while reading the workbook ({type(exc).__name__}: {exc}). "
                   "Please report it with the workbook; meanwhile check the rows named in other issues.")
        household = None
    if issues.has_error:
        household = None
    return LoadResult(household, issues.sorted(), "", as_of_defaulted=ctx.as_of_defaulted,
                      as_of_replaced=ctx.as_of_replaced, as_of_forced=as_of is not None,
                      setting_cells=_setting_cells(ctx), defaults_used=ctx.defaults_used,
                      typed_settings=tuple(ctx.settings_reading.values) if ctx.settings_reading is not None else None,
                      column_letters=ctx.column_letters)


def _setting_cells(ctx: Context) -> dict[str, str]:
    """Where each typed setting's value was read (so later steps can name the cell on Issues)."""
    col = ctx.settings_cols.get("value", -1)
    if ctx.settings_reading is None or col < 0:
        return {}
    return {name: cell_ref(col, row) for name, row in ctx.settings_reading.rows.items()}


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large acyclic structures (a million cell
    values, 100,000 records): it would otherwise rescan them repeatedly (about 30% of the time).
    Reference counting still frees everything; the collector's previous state is restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
