"""A Sell row that names no lot, and a Buy row that no Lots row stands for (fe17 F7).

Rule: which shares a sale disposed of is the taxpayer's identification (Treas. Reg. §1.1012-1(c));
the Lots sheet is the broker's list of the shares still held at As Of. A Buy/Reinvest row with no
Lot ID that no open lot stands for (no lot of its account, symbol and date: wash.py reading 1) is
therefore a purchase no longer held, and a Sell row of the same account and symbol after it that
names no lot (no Lot ID, Acquired or Cost Basis) and that nothing else explains is taken to be the sale
of those shares: bought and sold again, as a broker's lot list that still shows every older lot
whole says. Without that link the purchase would count as still held at every later loss sale and
wash it (reading 4 of wash.py: shares sold before a loss sale are no longer available to replace it),
and the sale's gain or loss would be unknown.

taxrebal's reading, stated on the Issues sheet every time it is used (a Warning naming both rows):
the earliest such purchase whose shares not yet taken by another unnamed sale cover the whole sale
(first in, first out among the unlisted purchases, as Reg. §1.1012-1(c)(1) does when shares are not
identified). A sale no single purchase covers is left unexplained, as before.

Worked example (fe17 h4): Buy 10 VXUS on 2026-11-20 at $64 (no Lot ID), Sell 10 VXUS on 2026-11-28
at $63 (no Lot ID), the Lots sheet holding only a 2024 VXUS lot: the sale sold the 11-20 shares, a
$10.00 short-term loss (basis $640.00, proceeds $630.00), and those shares no longer wash a loss
sale on 2026-12-04.
"""

from __future__ import annotations

from datetime import date
from typing import Optional, Sequence

from taxrebal.engine.money import cents

from ..errors import Issue, Severity
from .money import QTY_EPS
from .records import Action, Transaction
from .wash_book import Acquisition

__all__ = ["PLAN_SALE_SHEET", "link_unnamed_sells"]

#: The source sheet of a rebalancing plan's own sale lines (engine/rebalance/wash_exposure.py): those
#: are the plan's instructions, never a past sale to explain.
PLAN_SALE_SHEET = "(rebalancing plan)"


def _cell(tx: Transaction) -> str:
    return f"{tx.source.sheet}!A{tx.source.row}" if tx.source is not None else "Transactions"


def _unnamed(tx: Transaction) -> bool:
    return (tx.action is Action.SELL and not tx.lot_id and tx.acquired is None and tx.basis is None
            and not tx.inherited and not (tx.source is not None and tx.source.sheet == PLAN_SALE_SHEET))


def link_unnamed_sells(transactions: Sequence[Transaction], acquisitions: dict[str, Acquisition],
                       issues: list[Issue]) -> None:
    """Key each unnamed Sell row (``@S<row index>``) to the unlisted purchase it sold (module
    docstring), in ``acquisitions`` itself, with a Warning naming both rows."""
    unlisted: dict[tuple[str, str], list[tuple[int, Acquisition]]] = {}
    for key, acq in acquisitions.items():
        if key.startswith("@T") and acq.lot is None and acq.acquired is not None and not acq.from_sale:
            unlisted.setdefault((acq.account, acq.symbol), []).append((int(key[2:]), acq))
    if not unlisted:
        return
    taken: dict[str, float] = {}
    for i, tx in sorted(enumerate(transactions), key=lambda it: (it[1].date, it[0])):
        if not _unnamed(tx) or f"@S{i}" in acquisitions:
            continue
        bought: Optional[tuple[int, Acquisition]] = next(
            ((j, acq) for j, acq in sorted(unlisted.get((tx.account, tx.symbol), ()),
                                           key=lambda ja: (ja[1].acquired, ja[0]))
             if acq.acquired is not None and acq.acquired <= tx.date
             and acq.quantity - taken.get(acq.key, 0.0) >= tx.quantity - QTY_EPS), None)
        if bought is None:
            continue
        j, acq = bought
        taken[acq.key] = taken.get(acq.key, 0.0) + tx.quantity
        acquisitions[f"@S{i}"] = acq
        buy = transactions[j]
        cost = (f" (cost ${cents(acq.unit_cost * tx.quantity):,.2f})" if acq.unit_cost is not None else "")
        issues.append(_warning_at(
            tx,
            f"Sell of {tx.quantity:g} {tx.symbol} on {tx.date.isoformat()} ({tx.account}) names no lot, and "
            f"the {buy.quantity:g} {tx.symbol} bought on {buy.date.isoformat()} ({_cell(buy)}, no Lot ID) are "
            f"on no Lots row: taxrebal takes this sale to have sold those shares{cost}, so its gain or loss, "
            f"wash sales and Form 8949 use that purchase, and those shares no longer wash later loss "
            f"sales (IRC §1091; Treas. Reg. §1.1012-1(c)). If it sold other shares, type their Lot ID "
            f"in this row's Lot ID cell (and on their Buy or Lots row), or this row's Acquired and "
            f"Cost Basis."))


def warn_unlisted_held(transactions: Sequence[Transaction], acquisitions: dict[str, Acquisition],
                       rows_of: dict[str, list[int]], issues: list[Issue], as_of: Optional[date],
                       window: int) -> None:
    """One Warning naming every taxable Buy/Reinvest row with no Lot ID that no Lots row stands for and
    no sale took, bought on or before ``as_of`` (the Lots sheet cannot show a later one), when that
    matters: it washed a loss on Transactions, or it was bought in the ``window`` days before As Of and
    so can wash a loss sale made today. Their
    shares are *assumed* still held (they take the basis adjustment) though the Lots sheet, which lists
    every taxable lot held, does not show them."""
    found: list[tuple[Transaction, float]] = []
    for key, rows in rows_of.items():
        acq = acquisitions.get(key)
        if acq is None or acq.lot is not None or not acq.taxable or not key.startswith("@T"):
            continue
        held = acq.unmatched + sum(s.qty for s in acq.segments)
        if as_of is None or acq.acquired is None or acq.acquired > as_of:
            continue
        recent = (as_of - acq.acquired).days <= window
        if held > QTY_EPS and (recent or acq.segments):
            found.append((transactions[rows[0]], held))
    if not found:
        return
    first = found[0][0]
    named = "; ".join(f"{_cell(tx)}: {tx.action.value} of {tx.quantity:g} {tx.symbol} on {tx.date.isoformat()} "
                      f"({tx.account}{'' if abs(held - tx.quantity) <= QTY_EPS else f', {held:g} shares left'})"
                      for tx, held in found)
    issues.append(_warning_at(
        first,
        f"{len(found)} purchase row(s) in taxable accounts have no Lot ID, no Lots row of their account, "
        f"symbol and date, and no sale that names them ({named}): taxrebal assumes their shares are still "
        f"held, so they can wash loss sales (IRC §1091) and Wash Sales may adjust their basis. If they "
        f"are held, add each lot to the Lots sheet (or type one Lot ID on the row and on its lot); if they "
        f"were sold, add the Sell row with that Lot ID."))


def _warning_at(tx: Transaction, message: str) -> Issue:
    """A Warning at ``tx``'s row (its Lot ID cell, column A), or on Transactions without a cell."""
    return Issue(Severity.WARNING, tx.source.sheet if tx.source is not None else "Transactions",
                 f"A{tx.source.row}" if tx.source is not None else "", message)
