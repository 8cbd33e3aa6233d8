"""The **Wash Sales** sheet: every wash-sale match, the Do Not Buy list and the pre-trade check.

Tables, top to bottom (rules and worked examples in :mod:`taxrebal.engine.wash` and
:mod:`taxrebal.engine.pretrade`):

1. "Wash-sale matches": one row per loss sale matched to one block of replacement shares (a sale
   matched against two purchases gives two rows). Pub 550's example reads: Sale Date, Account, X, A,
   100, Loss 250.00, Disallowed 250.00, Permanent N, Replacement ... 100 shares, Basis Adjustment
   250.00, Adjusted Basis 1,050.00. Permanent "Y" rows (replacement in an IRA, Roth, 401(k), HSA) are
   highlighted: that loss is gone for good (Rev. Rul. 2008-5).
2. "Do Not Buy": each symbol or identical group whose purchase, in any account, on or before the
   date shown would wash a loss realized in the last 30 days, the loss at stake, the DRIP holdings
   that would reinvest, and why (last, so that it wraps across the sheet's columns to its right).
3. "Wash sales in the rebalancing plan" (only when the plan's loss sales meet replacement shares): the
   wash engine's matches of the plan's own sales (the pass behind Lot Sales' Wash Disallowed), same
   columns, each note saying what becomes of the replacement lot. fe7's chen10: step 7 sells T-02
   (50 VTI, -$500) and keeps T-11 (20 VTI bought 2026-11-25 for $5,800): $200 washes into T-11, whose
   basis becomes $5,800 + $200 = $6,000 and whose holding period counts from 2026-11-25 minus T-02's
   351 days = 2025-12-09 (IRC §1091(d), §1223(3)): the figures its next sale needs.
4. "Pre-trade check" (only when trades were checked): each proposed trade that would wash a loss or
   be washed, the amount at stake and the first clear date.

Money is rounded to cents here, at the edge.
"""

from __future__ import annotations

from datetime import date
from typing import Optional, Sequence

from ...engine.money import cents
from ...engine.plan import Plan
from ...engine.pretrade import TradeWarning
from ...engine.wash import WashResult, window_days
from ...engine.wash_dates import FIRST_DAY_TO_BUY, buy_day, first_trading_day
from ...engine.wash_queries import DATED_SALE, DoNotBuy
from ..interface import Column, Kind, ResultBook, Table
from . import WASH_SALES_SHEET

__all__ = ["WASH_SALES_SHEET", "matches_table", "plan_matches_table", "do_not_buy_table", "trade_check_table",
           "write_wash_sales"]


_MATCH_COLUMNS = (
    Column("Sale Date", Kind.DATE),
    Column("Account", Kind.TEXT, note="Taxable account where the loss was realized."),
    Column("Symbol", Kind.TEXT),
    Column("Lot ID", Kind.TEXT, note="The lot sold at a loss."),
    Column("Quantity", Kind.NUMBER, note="Shares sold in this sale."),
    Column("Loss", Kind.MONEY, note="The sale's whole loss: basis (with earlier wash adjustments) minus proceeds."),
    Column("Disallowed", Kind.MONEY, note="This match's part of the loss that cannot be deducted now (IRC §1091(a))."),
    Column("Permanent", Kind.TEXT,
           note="Y: the replacement was bought in a tax-advantaged account, so the loss is lost for good "
                "(Rev. Rul. 2008-5)."),
    Column("Replacement Account", Kind.TEXT),
    Column("Replacement Lot", Kind.TEXT),
    Column("Replacement Date", Kind.DATE),
    Column("Shares", Kind.NUMBER, note="Replacement shares matched to this sale (each share is used once)."),
    Column("Basis Adjustment", Kind.MONEY, note="Added to the replacement shares' basis (IRC §1091(d))."),
    Column("Adjusted Basis", Kind.MONEY, note="Basis of the matched replacement shares after the adjustment."),
    Column("Adjusted Acquired", Kind.DATE,
           note="The date the replacement's holding period counts from: it includes the sold shares' (IRC "
                "§1223(3)). Bought after the sale: Replacement Date minus the days they were held; held on the "
                "sale day: the earlier of the two purchase dates (a day held by both counts once)."),
    Column("Note", Kind.TEXT),
)


def matches_table(result: WashResult, as_of: date) -> Table:
    rows = []
    highlight = []
    for i, m in enumerate(result.matches):
        note = ""
        if m.broker_adjusted:
            note = ("The broker already adjusted this lot's basis (Wash Adjusted = Yes): not adjusted again; "
                    "its holding period still includes the sold shares' (IRC §1223(3)): Adjusted Acquired.")
        elif m.permanent:
            note = "Loss lost for good: no basis adjustment in a tax-advantaged account."
        rows.append((m.sale_date, m.account, m.symbol, m.lot_id, m.quantity, cents(m.loss),
                     cents(m.disallowed), "Y" if m.permanent else "N", m.replacement_account,
                     m.replacement_lot, m.replacement_date, m.shares, cents(m.basis_adjustment),
                     None if m.adjusted_basis is None else cents(m.adjusted_basis), m.adjusted_acquired, note))
        if m.permanent:
            highlight.append(i)
    notes = [result.summary() + "."]
    if not result.matches:
        notes = ["No loss sale on the Transactions sheet is washed by a purchase within "
                 f"{window_days(as_of.year)} days before or after it."]
    notes.append(f"Window: {window_days(as_of.year)} days before to {window_days(as_of.year)} days after each loss "
                 "sale, every account of the household "
                 "(IRC §1091(a); Pub 550 'Wash Sales'). Earliest-acquired replacement shares are matched first "
                 "(Treas. Reg. §1.1091-1(c), (d)).")
    return Table(_MATCH_COLUMNS, tuple(rows), title="Wash-sale matches", notes=tuple(notes),
                 highlight=tuple(highlight))


def plan_matches_table(plan: Plan) -> Optional[Table]:
    """The plan's own wash sales (:attr:`Plan.wash_matches`), or None when there are none. The note of
    each row says where the replacement shares end: kept (the adjusted basis and date to give the
    broker, whose records do not carry a wash between accounts or funds of an identical group), sold
    by a later step (Lot Sales shows that sale with the adjustment), or lost for good."""
    if not plan.wash_matches:
        return None
    step_of = {(ls.account, ls.lot_id): ls.step for ls in plan.lot_sales}
    sold_later: dict[tuple[str, Optional[str]], list[tuple[int, float]]] = {}
    for ls in plan.lot_sales:
        sold_later.setdefault((ls.account, ls.lot_id), []).append((ls.step, ls.quantity))
    rows = []
    highlight = []
    for i, m in enumerate(plan.wash_matches):
        step = step_of.get((m.account, m.lot_id or ""))
        where = f"Trades step {step}" if step is not None else "the rebalancing plan"
        lot = (f"lot {m.replacement_lot}" if m.replacement_lot
               else f"the {m.replacement_symbol} bought {m.replacement_date.isoformat()}")
        # sold by a later step, or by this one after the loss lot (Lot Sales' order): either sale realizes the
        # washed loss again, nothing is kept (audit20 F11: "lot B-19 is kept" for a lot step 7 sells)
        later = [(s, q) for s, q in sold_later.get((m.replacement_account, m.replacement_lot), ())
                 if step is None or s >= step]
        if m.permanent:
            note = (f"{where}: {m.shares:g} shares of {lot} in {m.replacement_account} wash "
                    f"${cents(m.disallowed):,.2f} of this loss, lost for good: no basis adjustment in a "
                    "tax-advantaged account (Rev. Rul. 2008-5).")
            highlight.append(i)
        elif later:
            steps = ", ".join(str(s) for s, _q in later)
            note = (f"{where}: {m.shares:g} shares of {lot} take in ${cents(m.basis_adjustment):,.2f} of this loss "
                    f"(IRC §1091(d)); the plan sells {lot} at Trades step {steps}, whose sale realizes it again (Lot "
                    "Sales shows its adjusted basis).")
        else:
            basis = m.adjusted_basis or 0.0
            # a purchase no Lots row shows is only assumed held (fe17 F7; Issues names its row)
            kept = ("is kept" if m.replacement_lot else
                    "is on no Lots row, so taxrebal assumes it is still held (Issues names its row); if so")
            note = (f"{where}: {lot} {kept}: its {m.shares:g} matched shares' basis becomes "
                    f"${cents(basis):,.2f} (${cents(basis) - cents(m.basis_adjustment):,.2f} paid + "
                    f"${cents(m.basis_adjustment):,.2f} washed, IRC §1091(d)) and their holding period counts "
                    f"from {m.adjusted_acquired.isoformat() if m.adjusted_acquired else 'the purchase'} (it "
                    "includes the sold shares' holding period, IRC §1223(3)).")
            if (m.replacement_account, m.replacement_symbol) != (m.account, m.symbol):
                note += (" Your broker does not see a wash across accounts or funds: keep these figures for this "
                         "lot's sale.")
        rows.append((m.sale_date, m.account, m.symbol, m.lot_id, m.quantity, cents(m.loss), cents(m.disallowed),
                     "Y" if m.permanent else "N", m.replacement_account, m.replacement_lot, m.replacement_date,
                     m.shares, cents(m.basis_adjustment),
                     None if m.adjusted_basis is None else cents(m.adjusted_basis), m.adjusted_acquired, note))
    notes = (f"The plan's loss sales as if placed on {plan.wash_matches[0].sale_date.isoformat()}, matched by the "
             "same wash-sale rules as above with the purchases of the last 30 days they leave held: each row's "
             "Disallowed is in Lot Sales' Wash Disallowed for that step.",)
    return Table(_MATCH_COLUMNS, tuple(rows), title="Wash sales in the rebalancing plan", notes=notes,
                 highlight=tuple(highlight))


def _dnb_columns(window: int) -> tuple[Column, ...]:
    """Do Not Buy's columns; ``window`` is the wash-sale window in days (``wash_sale.window_days``)."""
    return (
        Column("Symbol or Group", Kind.TEXT, note="A symbol, or an identical group on the Securities sheet."),
        Column("Symbols", Kind.TEXT, note="Every listed security in that group."),
        Column("First Day You May Buy", Kind.DATE, note="The first day a purchase, in any account, no longer "
               f"washes the loss: the loss sale's date + {window + 1} days (the {window}-day window of IRC "
               "§1091(a) ends the day before)."),
        Column("Loss at Stake", Kind.MONEY, note="Loss realized in the window and not already washed."),
        Column("DRIP", Kind.TEXT, note="Holdings with dividend reinvestment on: a reinvestment before the first "
               "day you may buy would wash part of the loss."),
        # last: a long reason is merged across the columns to its right and wraps there (layout.py), not in
        # a column of its own that the wide table above shares
        Column("Why", Kind.TEXT),
    )


def plan_sales_note(window: int, plan_included: bool = False, dated: bool = False, moved: bool = False) -> str:
    """Do Not Buy lists the losses already realized (Transactions) and, after a rebalance
    (``plan_included``), the plan's own loss sales as if placed on As Of, as Trades states on each sell."""
    if plan_included:
        return ("From the sales already on Transactions and the rebalancing plan's own loss sales (Trades), "
                "as if placed on the As Of date: each plan sale's first day you may buy is that date + "
                f"{window + 1} days, as its Trades note says; placed later, count {window + 1} days from the "
                "day it fills." + (" A sale the plan dates (Trades, Sales to wait for) counts from its date."
                                   if dated else "")
                + (" A sale that waits for a mutual fund to fill at the close counts from the next trading day "
                   "(its Why says which)." if moved else ""))
    return ("From the sales already on Transactions. Once you place the rebalancing plan, its own loss "
            "sales (Trades) block their symbols too: each sell's note gives the first day you may buy "
            f"(the trade date + {window + 1} days).")


def _closed_on(day: date) -> str:
    """The Why cell's ending when the NYSE is closed on the first day you may buy (fe12 F-i): the legal
    date stays in its column, the day an order can be placed is said beside it."""
    return "" if first_trading_day(day) == day else f"; {FIRST_DAY_TO_BUY} {buy_day(day)}"


def do_not_buy_table(entries: Sequence[DoNotBuy], as_of: date, plan_included: bool = False) -> Table:
    rows = tuple((d.identity, ", ".join(d.symbols), d.first_day_to_buy, cents(d.loss_at_stake),
                  ", ".join(d.drip_symbols), d.reason + _closed_on(d.first_day_to_buy)) for d in entries)
    highlight = tuple(i for i, d in enumerate(entries) if d.drip_symbols)
    window = window_days(as_of.year)
    notes: tuple[str, ...] = (f"As of {as_of.isoformat()}. Applies to every account, IRAs included.",) if rows else (
        f"As of {as_of.isoformat()}: no loss in the last {window} days limits what you can buy.",)
    # Before a rebalance the plan's loss sales are not known; after it they are listed (plan_included)
    notes += (plan_sales_note(window, plan_included, any(DATED_SALE in d.reason for d in entries),
                              any("the next trading day" in d.reason for d in entries)),)
    return Table(_dnb_columns(window), rows, title="Do Not Buy", notes=notes, highlight=highlight)


def _check_columns(window: int) -> tuple[Column, ...]:
    """The pre-trade check's columns; ``window`` as in :func:`_dnb_columns`."""
    return (
        Column("Date", Kind.DATE),
        Column("Account", Kind.TEXT),
        Column("Symbol", Kind.TEXT),
        Column("Action", Kind.TEXT),
        Column("Quantity", Kind.NUMBER),
        Column("Problem", Kind.TEXT),
        Column("Conflicts With", Kind.TEXT),
        Column("Amount at Stake", Kind.MONEY,
               note="Loss that would be disallowed (for a DRIP conflict: up to this amount)."),
        Column("Permanent", Kind.TEXT, note="Y: lost for good (replacement in a tax-advantaged account)."),
        Column("First Clear Day", Kind.DATE, note="A buy: the first day you may buy without washing any loss "
               f"known (Transactions and the plan), a loss sale's date + {window + 1} days or later while another "
               f"loss's window is open. A sell: the first day without this conflict, the purchase's date + "
               f"{window + 1} days."),
        Column("What To Do", Kind.TEXT),
    )


def trade_check_table(warnings: Sequence[TradeWarning], checked: int, as_of: date,
                      after_plan: Optional[str] = None) -> Table:
    """The Proposed Trades check. ``after_plan``: what the check also counted (the rebalancing plan's
    trades, placed first), said in a note."""
    rows = tuple((w.trade.date, w.trade.account, w.trade.symbol, w.trade.action.value, w.trade.quantity,
                  w.kind.value, w.related, cents(w.amount_at_stake), "Y" if w.permanent else "N",
                  w.clear_from, w.message) for w in warnings)
    notes: tuple[str, ...] = (f"{checked} proposed trade(s) checked, {len(warnings)} conflict(s).",) if rows else (
        f"{checked} proposed trade(s) checked: none would wash a loss or be washed.",)
    if after_plan:
        notes += (after_plan,)
    return Table(_check_columns(window_days(as_of.year)), rows, title="Pre-trade check", notes=notes,
                 highlight=tuple(i for i, w in enumerate(warnings) if w.permanent))


def write_wash_sales(book: ResultBook, result: WashResult, do_not_buy: Sequence[DoNotBuy], as_of: date,
                     warnings: Sequence[TradeWarning] = (), checked: int = 0,
                     after_plan: Optional[str] = None, plan_included: bool = False,
                     plan: Optional[Plan] = None) -> None:
    """Write (or replace) the Wash Sales sheet. ``checked`` is how many proposed trades were checked
    (0: no pre-trade table); ``after_plan`` as in :func:`trade_check_table`; ``plan_included``: the Do
    Not Buy list holds the rebalancing plan's loss sales (:func:`~taxrebal.engine.wash_queries.with_plan_losses`);
    ``plan``: the rebalancing plan, whose own wash sales get a table (:func:`plan_matches_table`)."""
    tables = [matches_table(result, as_of)]
    planned = None if plan is None else plan_matches_table(plan)
    if planned is not None:
        tables.append(planned)
    tables.append(do_not_buy_table(do_not_buy, as_of, plan_included))
    if checked or warnings:
        tables.append(trade_check_table(warnings, checked, as_of, after_plan))
    book.write_sheet(WASH_SALES_SHEET, tables)
