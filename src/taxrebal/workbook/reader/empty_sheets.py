"""Sheets that are optional to the reader but not in practice: an empty one is said, never passed over.

fe9 finding 10: with the Lots rows deleted (header kept) ``check`` and ``run`` went on without a word
and planned a $17,800 household of cash alone; with Transactions emptied and Settings Realized ST/LT
YTD blank, this year's realized gains were taken as $0.00 (the plan's tax saved dropped from
$1,460.00 to $984.00) with no note. Both now give a Warning (Issues sheet and console):

* **Lots lists no lot** (a header and nothing below): the plan sees only the accounts' cash and new
  money. The warning is at the first row under the header and says how to fill the sheet.
* **No transaction and a blank Realized ST YTD or LT YTD** in a household with a Taxable account: a
  blank means "computed from this year's sells on Transactions" (README, Settings), which with no
  transaction is $0.00. Every tax figure is marginal to the gains already realized this year (IRC §1(h),
  §1211(b): a loss saves up to 24% + NIIT against a gain already realized, and at most $3,000 against
  ordinary income otherwise), so the warning says the figure is taken as $0.00 and where to type it;
  typing 0 says "none" and silences it.

Worked example: Accounts ``Joint Taxable`` (Taxable), Settings with no Realized rows, no Transactions
sheet -> "Settings: Realized ST YTD and Realized LT YTD are blank and Transactions lists no trade, so
the gains you realized this year are taken as $0.00 ...".
"""

from __future__ import annotations

from typing import Optional

from taxrebal.engine.money import cents

from ...engine.records import Account, Settings
from ...errors import Severity
from .tables import Context

__all__ = ["check_empty_sheets"]

WARNING = Severity.WARNING

_REALIZED = (("realized_st_ytd", "Realized ST YTD"), ("realized_lt_ytd", "Realized LT YTD"))


def check_empty_sheets(ctx: Context, names: dict[str, str], accounts: Optional[list[Account]],
                       settings: Settings) -> None:
    """Warnings for an empty Lots sheet and for this year's gains taken as $0 (see the module docstring).
    ``names`` maps a sheet's spec name to the workbook's sheet name."""
    first_row, filled = ctx.filled_rows.get("Lots", (0, -1))
    if filled == 0 and accounts:
        money = sum(a.cash + max(a.contribution, 0.0) for a in accounts)
        ctx.issues.add(WARNING, names["Lots"], f"The Lots sheet lists no lot (nothing under its header), so the "
                       f"plan sees only the accounts' cash and new money (${cents(money):,.2f}) and none of your "
                       "holdings. List each holding's tax lots below the header (one row per purchase: Account, "
                       "Symbol, Acquired, Quantity, Cost Basis), or run 'taxrebal import' with your broker's lot "
                       "files; if the accounts hold only cash, ignore this warning.", first_row, 0, "Lots")
    taxable = bool(accounts) and any(a.is_taxable for a in accounts or ())
    if not taxable or ctx.filled_rows.get("Transactions", (0, 0))[1] > 0:
        return
    blank = [label for f, label in _REALIZED if getattr(settings, f) is None]
    if not blank:
        return
    reading, cols = ctx.settings_reading, ctx.settings_cols
    fields = [f for f, label in _REALIZED if label in blank]
    row = min((reading.rows[f] for f in fields if reading is not None and f in reading.rows), default=0)
    where = ("next to " if row else "as new rows (Setting, Value) on Settings: ") + " and ".join(blank)
    are = "is" if len(blank) == 1 else "are"
    ctx.issues.add(WARNING, ctx.settings_sheet, f"{' and '.join(blank)} {are} blank and Transactions lists no "
                   "trade, so the gains you realized this year are taken as $0.00: every tax figure (what a "
                   "harvest saves, what a sale costs) starts from them. Type this year's net realized gains "
                   f"(negative for a loss; your broker's realized gain/loss page) {where}, or type 0 if you "
                   "sold nothing at a gain or loss in a taxable account this year; or list this year's sells "
                   "on Transactions.", row, cols.get("value", -1) if row else -1, "Settings")
