"""The **Run Info** sheet: what produced the results, so a result workbook explains itself later.

First table ("Run"): taxrebal version, command, run time (passed in by the caller: writers never read
a clock), the as-of date and where it came from, the input file and the SHA-256 of its bytes, the
steps that ran, and the number of errors/warnings. Second table ("Settings in force"): every field of
:class:`~taxrebal.engine.records.Settings` under its Settings-sheet name, the value used, the default,
and whether the value used equals the default ("Yes" also when the user typed the default value).

Example row: ``Filing Status | Married Filing Jointly | required (Single if no account is Taxable) | No``
(Filing Status and Ordinary Income must be typed when an account is Taxable; the run stops otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import Enum
from typing import Any, Optional

from ... import __version__
from ...engine.records import Settings
from ..interface import Column, Kind, ResultBook, Table
from ..schema.settings import PRICES_TAX, SETTING_SPECS
from . import RUN_INFO_SHEET

__all__ = ["RUN_INFO_SHEET", "SETTING_LABELS", "RunFacts", "settings_rows", "write_run_info"]


#: Settings field -> the key on the Settings sheet (the workbook contract).
SETTING_LABELS: dict[str, str] = {
    "as_of": "As Of",
    "tax_year": "Tax Year",
    "filing_status": "Filing Status",
    "ordinary_income": "Ordinary Income",
    "itemized_deductions": "Itemized Deductions",
    "qualified_dividends": "Qualified Dividends",
    "investment_income": "Investment Income",
    "taxpayers_65_or_older": "Taxpayers 65 or Older",
    "taxpayers_blind": "Taxpayers Blind",
    "realized_st_ytd": "Realized ST YTD",
    "realized_lt_ytd": "Realized LT YTD",
    "st_loss_carryforward": "ST Loss Carryforward",
    "lt_loss_carryforward": "LT Loss Carryforward",
    "state_tax_rate": "State Tax Rate",
    "tax_mode": "Tax Mode",
    "flat_st_rate": "Flat ST Rate",
    "flat_lt_rate": "Flat LT Rate",
    "lot_method": "Lot Method",
    "harvest_min_loss": "Harvest Min Loss",
    "harvest_min_loss_pct": "Harvest Min Loss %",
    "tax_budget": "Tax Budget",
    "min_trade": "Min Trade",
    "whole_shares": "Whole Shares",
    "allow_short_term_gains": "Allow Short-Term Gains",
    "sold_recent_shares_wash": "Sold Recent Shares Wash",
    "rebalance_to": "Rebalance To",
    "default_band": "Default Band",
}
#: Settings a household with a Taxable account must type (README "Settings"; schema PRICES_TAX): their
#: Settings() value (Single, 0.00) is used only when no account is Taxable, so no gain is priced with it.
_REQUIRED_WITH_TAXABLE = {spec.field for spec in SETTING_SPECS if spec.required == PRICES_TAX}
_INTERNAL = {"realized_ytd_reconciled"}  # a mark the run sets, not a setting the user types
_PERCENT = {"state_tax_rate", "flat_st_rate", "flat_lt_rate", "harvest_min_loss_pct", "default_band"}
_MONEY = {"ordinary_income", "itemized_deductions", "qualified_dividends", "investment_income", "realized_st_ytd",
          "realized_lt_ytd", "st_loss_carryforward", "lt_loss_carryforward", "harvest_min_loss",
          "tax_budget", "min_trade"}
_NONE_MEANS = {
    "as_of": "(the run date)",
    "tax_year": "(the as-of year)",
    "itemized_deductions": "(standard deduction)",
    "tax_budget": "(no cap)",
    "realized_st_ytd": "(computed from Transactions)",
    "realized_lt_ytd": "(computed from Transactions)",
}


@dataclass(frozen=True)
class RunFacts:
    """What the caller knows about the run (nothing here is read from the clock or the disk)."""

    run_time: datetime
    command: str = "all"
    source_name: str = ""
    digest: str = ""
    as_of: Optional[date] = None
    as_of_from_run_date: bool = False
    steps: tuple[str, ...] = ()
    errors: int = 0
    warnings: int = 0
    status: str = ""
    as_of_forced: bool = False  # --as-of was used instead of Settings As Of
    as_of_replaced: Any = None  # Settings As Of's own value, when --as-of replaced it
    defaults_used: tuple[str, ...] = ()  # Settings fields that change the tax, left blank: default used
    typed_settings: Optional[tuple[str, ...]] = None  # Settings fields given a value (None: not known)


def as_of_source(facts: "RunFacts") -> str:
    """Where the as-of date came from, in words ("" for Settings As Of as typed)."""
    if facts.as_of_forced:
        old = facts.as_of_replaced
        shown = old.isoformat()[:10] if isinstance(old, (date, datetime)) else (str(old) if old not in (None, "")
                                                                               else "")
        return ("--as-of on the command line, for this run; Settings As Of "
                + (f"{shown} was not used" if shown else "is blank"))
    if facts.as_of_from_run_date:
        return "Settings has no As Of: the run date was used"
    return ""


def format_setting(name: str, value: Any) -> str:
    """A setting's value as the Settings sheet would show it: 5% not 0.05, money with commas."""
    if value is None:
        return _NONE_MEANS.get(name, "")
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if name in _PERCENT:
        return f"{value * 100:.4g}%"
    if name in _MONEY:
        return f"{value:,.2f}"
    return str(value)


def settings_rows(settings: Settings) -> tuple[tuple[str, str, str, str], ...]:
    """(Setting, Value used, Default, Default? Yes/No) for every Settings field, in contract order
    (the order of :data:`SETTING_LABELS`, then any field it does not name)."""
    default = Settings()
    rows = []
    names = [f.name for f in fields(Settings) if f.name not in _INTERNAL]
    for name in sorted(names, key=lambda n: list(SETTING_LABELS).index(n) if n in SETTING_LABELS else len(names)):
        label = SETTING_LABELS.get(name, name.replace("_", " ").title())
        used, dflt = getattr(settings, name), getattr(default, name)
        same = used == dflt if not isinstance(used, float) else (isinstance(dflt, float) and abs(used - dflt) < 1e-12)
        shown = format_setting(name, dflt)
        if name in _REQUIRED_WITH_TAXABLE:  # as the template's Default column says; the fallback only prices nothing
            shown = f"required ({shown} if no account is Taxable)"
        rows.append((label, format_setting(name, used), shown, "Yes" if same else "No"))
    return tuple(rows)


def run_table(facts: RunFacts) -> Table:
    cols = (Column("Item", Kind.TEXT), Column("Value", Kind.TEXT, width=70))
    as_of = facts.as_of.isoformat() if facts.as_of else "(not known: the input could not be read)"
    if facts.as_of and as_of_source(facts):
        as_of += f" ({as_of_source(facts)})"
    rows = (
        ("taxrebal version", __version__),
        ("Command", facts.command),
        ("Run time", facts.run_time.isoformat(sep=" ", timespec="seconds")),
        ("As of", as_of),
        ("Input", facts.source_name),
        ("Input SHA-256", facts.digest or "(not a file)"),
        ("Steps run", ", ".join(facts.steps) if facts.steps else "(none)"),
        ("Errors", str(facts.errors)),
        ("Warnings", str(facts.warnings)),
        ("Status", facts.status),
    )
    return Table(cols, rows, title="Run")


def write_run_info(book: ResultBook, facts: RunFacts, settings: Optional[Settings]) -> None:
    """Write (or replace) the Run Info sheet. ``settings`` is None when the input could not be read."""
    tables: list[Table] = [run_table(facts)]
    if settings is not None:
        cols = (
            Column("Setting", Kind.TEXT),
            Column("Value used", Kind.TEXT),
            Column("Default", Kind.TEXT),
            Column("Default?", Kind.TEXT, note="Yes when the value used equals the default "
                   "(left blank on the Settings sheet, or typed as the default); 'Yes: left blank' for a "
                   "setting that changes the tax and was not typed, so its default prices the tax; No for a "
                   "required setting typed (Filing Status, Ordinary Income): it has no default when an account "
                   "is Taxable."),
        )
        blank = {SETTING_LABELS[f] for f in facts.defaults_used if f in SETTING_LABELS}
        # a required setting typed (Filing Status "Single") is no default: the fallback is for a blank cell
        # with no Taxable account only (fe16 F14: "Single" typed showed "Default? Yes")
        typed_required = {SETTING_LABELS[f] for f in facts.typed_settings or () if f in _REQUIRED_WITH_TAXABLE}
        rows = tuple((r[0], r[1], r[2], "Yes: left blank") if r[0] in blank
                     else (r[0], r[1], r[2], "No") if r[0] in typed_required else r
                     for r in settings_rows(settings))
        if facts.as_of_forced:  # the As Of used is the command line's, not a default
            rows = tuple((r[0], f"{r[1]} ({as_of_source(facts)})", r[2], "No") if r[0] == SETTING_LABELS["as_of"]
                         else r for r in rows)
        tables.append(Table(cols, rows, title="Settings in force"))
    book.write_sheet(RUN_INFO_SHEET, tables)
