"""One Lot ID written on a wash-adjusted lot and on its own Buy row, when the import can tell them (fe17 F14b).

Rule (README "Importing broker files", wash.py reading 6): a broker-adjusted lot's Acquired is the
tacked holding start, so its real purchase is known to the wash-sale check only from a Buy row, and that
Buy row is the lot's own purchase (no share replaces itself, IRC §1091(a)) only when both carry the same
Lot ID. The import used to ask the user to type one in both. It writes one itself when that is safe: the
lot and exactly one Buy row of the same account, symbol, purchase day and quantity are in the same
import (IBKR's Flex file carries both), the lot's Lot ID cell is blank or cleared by this import (a
re-import rewrites the rows an earlier one wrote; a typed lot is never touched), and the ID is on no
other Lots or Transactions row. The Buy row's own Lot ID is reused when it has one (a re-import);
otherwise ``<symbol>-<yyyymmdd>`` (``SPY-20261120``), with ``-2``... if taken. Anything else keeps the
warning that says what to type.

Worked example (fe17 h8): IBKR lot SPY, 10 sh, Acquired 2025-06-25 (adjusted), bought 2026-11-20; Buy
10 SPY on 2026-11-20 from the same file -> Lot ID ``SPY-20261120`` in Lots!A3 and Transactions!G3, and
the run then prices the lot's sale as with the IDs typed by hand (-$600.00 LT, $222.60 of tax saved).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from ...engine.records import Action
from ..cells import cell_ref, is_blank
from .records import ImportedLot, ImportedTrade

__all__ = ["link_lot_ids"]


def _ids(sheet: Any, skip: int) -> set[str]:
    col = sheet.cols.get("lot_id")
    return {str(sheet.value(r, "lot_id")).strip().casefold() for r in sheet.data_rows()
            if col is not None and r != skip and not is_blank(sheet.value(r, "lot_id"))}


def link_lot_ids(lot_sheet: Any, trade_sheet: Any, lots: Sequence[tuple[ImportedLot, str, str, int]],
                 trades: Sequence[tuple[ImportedTrade, str, str, int]], plan: Any,
                 cell_write: Callable[[str, int, int, Any, str], Any]) -> set[int]:
    """Write the shared Lot IDs (module docstring); returns the Lots rows linked (they need no warning)."""
    linked: set[int] = set()
    if trade_sheet is None or "lot_id" not in lot_sheet.cols or "lot_id" not in trade_sheet.cols:
        return linked
    taken: set[str] = set()
    col = lot_sheet.cols["lot_id"]
    cleared = {w.row for w in plan.writes if w.sheet == lot_sheet.name and w.col == col and w.kind == "clear"}
    for lot, account, _source, row in lots:
        # blank, or cleared by this import (a re-import rewrites the rows it wrote before)
        blank = is_blank(lot_sheet.value(row, "lot_id")) or row in cleared
        if not lot.wash_adjusted or lot.bought is None or not blank:
            continue
        buys = [r for t, a, _s, r in trades if t.action is Action.BUY and a.casefold() == account.casefold()
                and t.symbol == lot.symbol and t.date == lot.bought and abs(t.quantity - lot.quantity) <= 1e-6]
        if len(buys) != 1:
            continue
        buy = buys[0]
        others = _ids(lot_sheet, row) | _ids(trade_sheet, buy) | taken
        own = trade_sheet.value(buy, "lot_id")
        lot_id = str(own).strip() if not is_blank(own) else f"{lot.symbol}-{lot.bought:%Y%m%d}"
        if lot_id.casefold() in others:
            if not is_blank(own):
                continue  # the Buy row's ID is another lot's: the user decides (the warning stays)
            base, n = lot_id, 2
            while f"{base}-{n}".casefold() in others:
                n += 1
            lot_id = f"{base}-{n}"
        taken.add(lot_id.casefold())
        plan.writes = [w for w in plan.writes if not (w.sheet == lot_sheet.name and w.row == row and w.col == col)]
        plan.writes.append(cell_write(lot_sheet.name, row, col, lot_id, "text"))
        if is_blank(own):
            plan.writes.append(cell_write(trade_sheet.name, buy, trade_sheet.cols["lot_id"], lot_id, "text"))
        linked.add(row)
        plan.notes.append(
            f"{lot_sheet.name}!{cell_ref(lot_sheet.cols['lot_id'] - 1, row)} and "
            f"{trade_sheet.name}!{cell_ref(trade_sheet.cols['lot_id'] - 1, buy)}: Lot ID {lot_id} links them: the "
            f"{lot.quantity:g} {lot.symbol} bought {lot.bought.isoformat()} ({account}) are that wash-adjusted lot's "
            f"own purchase, so they never wash its own sale (IRC §1091(a)), and other loss sales are checked "
            f"against them.")
    return linked
