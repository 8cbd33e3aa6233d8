"""Orders' last table: the loss sales the plan dates, as tickets to place on their day (fe11 finding 29).

A sale the plan dates instead of making now (Trades, "Sales to wait for": engine/rebalance/window_wait.py
and later_harvest.py) is part of what the client is told to do, often its largest tax item, so the
sheet an advisor places orders from lists it too: the day, the account, the lot to choose (its open
date, shares and price paid, as the broker's Choose-lots screen shows them: Treas. Reg. §1.1012-1(c)),
the fund to buy that day to stay invested, and what would wash the loss (a purchase of the fund or a
substantially identical one in any account from now until 30 days after the sale, IRC §1091(a); DRIP
on). Not a ticket of today's plan: its price is today's, an estimate.

Worked example (fe11 a_okafor, Sold Recent Shares Wash = Y): "2026-12-21 | Joint Taxable | Sell |
VXUS | 400 | Specific lots: 06/03/2024 400 sh @ $75.00/sh (A2) | That day buy SPDW ... Buying VXUS ...
in any account from now through 2027-01-20 (30 days after the sale) would wash the loss ...".
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Optional

from ...engine.money import cents
from ...engine.plan import Plan
from ...engine.records import Household
from ...engine.wash import window_days
from ...engine.wash_dates import dated_sale_window, window_words
from ..interface import Column, Kind, Table

__all__ = ["dated_sales_table"]

_COLUMNS = (
    Column("Place On", Kind.DATE, note="The first day the sale is clear of the purchases that would wash it now "
                                       "(Trades, Sales to wait for); later is fine until December 31."),
    Column("Account", Kind.TEXT),
    Column("Action", Kind.TEXT),
    Column("Symbol", Kind.TEXT),
    Column("Quantity", Kind.NUMBER),
    Column("Amount", Kind.MONEY, note="At today's price: an estimate."),
    Column("Lots", Kind.TEXT, note="Choose these lots on the ticket (Specific lots), as for today's sells."),
    Column("Note", Kind.TEXT),
)


def dated_sales_table(plan: Plan, household: Household, as_of: Optional[date] = None) -> Optional[Table]:
    """The dated sales as tickets for their day, or None when the plan dates none. ``as_of`` (default: the
    household's): a sale whose 30 days before open after it is washed only from then (audit20 F0)."""
    as_of = as_of if as_of is not None else household.settings.as_of
    if not plan.waits:
        return None
    lots = {(lot.account, lot.lot_id): lot for lot in household.lots}
    rows = []
    for w in sorted(plan.waits, key=lambda w: (w.sell_on, w.account, w.symbol, w.lot_id)):
        lot = lots.get((w.account, w.lot_id))
        lot_text = f"lot {w.lot_id}"
        if lot is not None and lot.acquired is not None and lot.basis is not None and lot.quantity > 0:
            lot_text = (f"Specific lots: {lot.acquired.strftime('%m/%d/%Y')} {w.quantity:g} sh @ "
                        f"${cents(lot.basis / lot.quantity):,.2f}/sh ({w.lot_id})")
        until = w.sell_on + timedelta(days=window_days(w.sell_on.year))
        buy = (f"That day buy {w.replacement} (not substantially identical) to stay in {w.asset_class}. "
               if w.replacement else f"That day no fund of {w.asset_class} the account may buy is clean: each is "
                                     f"the same fund or Identical Group as a loss sale within 30 days of it "
                                     f"(IRC §1091(a)); hold the proceeds as cash until one is. ")
        span = dated_sale_window(w.sell_on, as_of)
        when = window_words(*span) if span else f"from now through {until.isoformat()} (30 days after the sale)"
        note = (f"{buy}Buying {w.identity or w.symbol} or a substantially identical security in any account {when} "
                "would wash the loss (IRC §1091(a))"
                + ("; turn its dividend reinvestment off now" if w.drip else "")
                + f". Trades, Sales to wait for: ${cents(-w.est_tax):,.2f} less tax this year.")
        rows.append((w.sell_on, w.account, "Sell", w.symbol, w.quantity, cents(w.amount), lot_text, note))
    return Table(_COLUMNS, tuple(rows), title="Later: sales to place on their day (not today's tickets)",
                 notes=("Loss sales the plan dates instead of making now (Trades, Sales to wait for); they are not in "
                        "the tickets or the cash table above. Place each on or after its day, by December 31.",))
