"""The Settings sheet: Setting/Value rows through the contract's rules.

The rules themselves (keys, aliases, bounds, settings that depend on each other) live in
:mod:`taxrebal.workbook.rules`, shared with the cell functions; this module places their problems on
the Settings sheet's cells. Worked example: a row ``Filing Status | Married`` gives the error
``Settings!B3: Filing Status: 'Married' is not a filing status ...`` naming the accepted spellings,
and a blank As Of takes the run date with an Info line.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

from ...engine.records import (
    Settings,
)
from .. import rules, schema
from ..cells import (
    CellError,
)
from .tables import ERROR, INFO, Context, as_is, build_table

# ---------------------------------------------------------------------------------- settings

def read_settings_sheet(sheet: Optional[str], raw: Any, ctx: Context, default_as_of: Optional[date],
                        as_of: Optional[date] = None) -> Settings:
    """The Settings sheet through the contract's rules (:func:`taxrebal.workbook.rules.read_settings`,
    shared with the cell functions); its problems become Issues at the name or value cell.

    ``as_of`` (the command line's ``--as-of``) is used instead of the sheet's As Of, whose cell is then
    not read (its value is kept in ``ctx.as_of_replaced``); ``default_as_of`` fills a blank As Of."""
    overrides = {"as_of": as_of} if as_of is not None else None
    reading = rules.SettingsReading()
    if sheet is None:
        ctx.issues.add(ERROR, "Settings", "The workbook has no Settings sheet, so the filing status, income and "
                       "date every tax figure depends on are unknown. Add a sheet named Settings with the headers "
                       "Setting and Value (taxrebal template shows every setting).", spec_name="Settings")
    else:
        t = build_table(sheet, schema.SETTINGS, raw, ctx.issues, overrides={"value": as_is})
        if t is not None:
            entries = []
            for i in t.live:
                if t.error("setting", i):
                    entries.append((t.row(i), CellError(t.error("setting", i)), t.get("value", i)))
                else:
                    entries.append((t.row(i), t.get("setting", i), t.get("value", i)))
            reading = rules.read_settings(entries, overrides=overrides)
            ctx.settings_cols = {"setting": t.col("setting"), "value": t.col("value")}
    ctx.settings_sheet = sheet or "Settings"
    ctx.settings_reading = reading
    _report_settings(ctx, 0)
    values = dict(reading.values)
    if as_of is not None:
        values["as_of"] = as_of
        ctx.as_of_replaced = reading.replaced.get("as_of")
        ctx.as_of_name = "--as-of"
    if values.get("as_of") is None:
        values.pop("as_of", None)
        if any(p.severity is ERROR and p.setting == rules.LABEL["as_of"] for p in reading.problems):
            pass  # typed but unreadable: its error says so; "As Of is blank" would contradict it
        elif default_as_of is not None:
            values["as_of"] = default_as_of
            ctx.as_of_defaulted = True
            ctx.issues.add(INFO, sheet or "Settings", f"As Of is blank: the run date {default_as_of.isoformat()} "
                           "is used. Type the date of your prices next to As Of so that every run gives the "
                           "same results.", spec_name="Settings")
        else:
            ctx.issues.add(INFO, sheet or "Settings", "As Of is blank and no run date was given: dates are not "
                           "checked against it. Type the date of your prices next to As Of.", spec_name="Settings")
    done = len(reading.problems)
    rules.check_year(reading, values.get("as_of"), "--as-of" if as_of is not None else "", any_year=ctx.any_year)
    _report_settings(ctx, done)
    try:
        return Settings(**values)
    except Exception as exc:  # pragma: no cover - every value is typed above
        ctx.issues.add(ERROR, sheet or "Settings", f"Settings could not be used ({exc}); check the values.",
                       spec_name="Settings")
        return Settings()


def _report_settings(ctx: Context, start: int) -> None:
    """Issues for the Settings problems from index ``start`` on."""
    cols, reading = ctx.settings_cols, ctx.settings_reading
    if reading is None:
        return
    for p in reading.problems[start:]:
        # a problem of a command-line option (--as-of) is at no cell: the sheet holds another value
        sheet = "" if not p.row and p.message.startswith("--") else ctx.settings_sheet
        ctx.issues.add(p.severity, sheet, p.message, p.row, cols.get(p.column, -1) if p.row else -1,
                       "Settings")


def check_tax_settings(ctx: Context) -> None:
    """Filing Status and Ordinary Income when tax is priced (a Taxable account), flat rates in Flat mode;
    then the settings that change the tax and were left blank, so take their defaults
    (``ctx.defaults_used``: Run Info and the console of ``check`` and ``run`` name them)."""
    if ctx.settings_reading is None or not ctx.settings_cols:
        return  # no Settings sheet (or no usable header): already an error
    done = len(ctx.settings_reading.problems)
    taxable = ctx.accounts is not None and any(a.is_taxable for a in ctx.accounts.values())
    rules.check_requirements(ctx.settings_reading, prices_tax=taxable)
    _report_settings(ctx, done)
    ctx.defaults_used = rules.defaults_used(ctx.settings_reading, prices_tax=taxable)
