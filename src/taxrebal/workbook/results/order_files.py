"""The plan's orders as files, one per account (``taxrebal orders``); the tickets are those of the
Orders sheet (:func:`~taxrebal.workbook.results.orders.build_tickets`).

CSV per account (``orders-<account>.csv``): one row per ticket then one ``Lot`` row per specific lot
(Account, Order, Step, Action, Symbol, Order Type, Quantity, Amount, By Payroll, Time In Force, Lot Open
Date, Lot Quantity, Lot Cost Per Share, Lot ID, Across Accounts, Note; the note spells out what the sheet
says once under the tickets). Amount is what to enter, as on the Orders sheet; an employer plan's buy
paid partly by payroll has that part in By Payroll (Amount + By Payroll = the Trades step). No retail
order screen of Schwab, Fidelity or Vanguard
imports a CSV of orders (as far as we know, in 2026); the file is a checklist to type from.
``--layout ibkr-basket`` writes Interactive Brokers' BasketTrader file instead (header ``Action,
Quantity,Symbol,SecType,Exchange,Currency,TimeInForce,OrderType,BasketTag``; TWS > BasketTrader >
Load). A basket row has no lot field (IBKR's Basket Fields list none): the lots are matched after
the trade in IBKR's Tax Optimizer (Specific Lot, the same day, until 8:30 PM ET), else the account's
default match method picks them (often FIFO: fe9's 100 VTI would have sold a 2015 lot, a $20,000 gain,
instead of the planned $2,000 loss). So each basket file with a taxable sell gets a ``-lots.txt`` file
beside it naming, per sell, the lots to match (:func:`basket_lots_text`, the same lines ``taxrebal
orders`` prints). A basket is sent at once, so an account's basket is cut into parts before a
ticket that waits for another account's or before a buy paid with the account's sale proceeds
(``-part1``, ``-part2``...; :func:`basket_parts`). A mutual fund is written as SecType FUND on
FUNDSERV; a mutual fund's Dollars order (a fund buy) is left out of the basket, since a basket row is
a share quantity, and ``taxrebal orders`` lists it to place by hand; an account whose tickets are all
left out gets no basket file (a header alone is no order).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Sequence

from taxrebal.engine.money import cents

from ...engine.records import Action
from .orders import EMPLOYER_PLANS, PAYROLL_NOTE, OrderTicket, advice_text, per_share_text

__all__ = ["LAYOUTS", "ticket_csv", "ibkr_basket_csv", "basket_left_out", "basket_parts", "basket_part_wait",
           "basket_lot_lines", "basket_lots_text", "BASKET_LOTS", "left_out_line", "write_order_files"]

#: ``taxrebal orders --layout``: a checklist CSV of tickets, or Interactive Brokers' BasketTrader file.
LAYOUTS = ("tickets", "ibkr-basket")

_TICKET_HEADER = ("Account", "Order", "Step", "Action", "Symbol", "Order Type", "Quantity", "Amount", "By Payroll",
                  "Time In Force",
                  "Lot Open Date", "Lot Quantity", "Lot Cost Per Share", "Lot ID", "Across Accounts", "Note")


def _plain(q: float) -> str:
    """A quantity for a CSV: no thousands separator, up to 6 decimals."""
    return f"{q:.6f}".rstrip("0").rstrip(".")


def _safe(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP CSV injection: prefix a quote)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def ticket_csv(tickets: Sequence[OrderTicket]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(_TICKET_HEADER)
    for t in tickets:
        w.writerow([_safe(t.account), t.order, t.step, t.action.value, _safe(t.symbol), t.order_type,
                    _plain(t.quantity_to_enter), f"{t.to_enter:.2f}", f"{t.payroll:.2f}" if t.payroll else "", "Day",
                    "", "", "", "", _safe(_across_csv(t)),
                    _safe(_note_csv(t))])
        for x in t.lots:
            w.writerow([_safe(t.account), t.order, t.step, "Lot", _safe(t.symbol), "", "", "", "", "",
                        x.open_text, _plain(x.quantity),
                        "" if x.cost_per_share is None else per_share_text(x.cost_per_share).replace(",", ""),
                        _safe(x.lot_id), "",
                        x.adjustment_text])
    return out.getvalue()


def _note_csv(t: OrderTicket) -> str:
    """The ticket's note with the explanations it points to (a CSV has no notes under the table)."""
    return " ".join([t.note + ("." if t.note else "")] + [advice_text(k, [t]) for k in t.advice]).strip()


def _across_csv(t: OrderTicket) -> str:
    """The Across Accounts text with each wait's reason: a CSV has no table above to say why."""
    return "; ".join([t.across_accounts] + [w.why for w in t.waits_for]) if t.across_accounts else ""


def basket_parts(tickets: Sequence[OrderTicket]) -> list[list[OrderTicket]]:
    """One account's tickets cut where a ticket must wait: a basket is sent at once, so the part from
    such a ticket on is loaded only after what it waits for has filled. A cut comes before a ticket that
    waits for another account's ticket, and before a buy paid with this account's sale proceeds
    (``settles_on``) when the part so far holds sells (Orders: place such a buy after the sells fill)."""
    parts: list[list[OrderTicket]] = [[]]
    awaited: set[tuple[str, int]] = set()
    for t in tickets:
        new = {(w.first_account, w.first_order) for w in t.waits_for} - awaited
        pays_with_sells = (t.action is Action.BUY and t.settles_on is not None
                           and any(p.action is Action.SELL for p in parts[-1]))
        if (new or pays_with_sells) and parts[-1]:
            parts.append([])
        awaited |= new
        parts[-1].append(t)
    return parts


def basket_part_wait(parts: Sequence[Sequence[OrderTicket]], i: int) -> str:
    """What part ``i`` (0-based) of an account's basket waits for, in words ("" for none)."""
    first = parts[i][0]
    waits = [f"load it only after {w.first_name} has filled ({w.why})" for w in first.waits_for]
    if not waits and i and first.action is Action.BUY and first.settles_on is not None:
        earlier = "part 1" if i == 1 else f"parts 1 to {i}"
        waits.append(f"load it only after the sells of {earlier} have filled (its buys use their proceeds, "
                     f"which settle {first.settles_on.isoformat()})")
    return "; ".join(waits)


def basket_left_out(tickets: Sequence[OrderTicket]) -> list[OrderTicket]:
    """The tickets an IBKR basket cannot carry: a mutual fund's Dollars order (a fund buy), since a
    basket row is a share quantity and a fund buys at the day's closing price; they are placed by hand
    as dollar orders. A stock or ETF Dollars ticket (fractional shares) goes in the basket as the
    plan's share quantity, the same shares the ticket names. A ticket of an employer plan (401(k), 403(b),
    Roth 401(k)) is placed on the plan's website, never in an IBKR account (fe11 finding 31)."""
    return [t for t in tickets if (t.order_type == "Dollars" and t.mutual_fund) or t.account_type in EMPLOYER_PLANS]


def left_out_line(t: OrderTicket) -> str:
    """What ``taxrebal orders`` says of a ticket left out of the basket: place it by hand, or, when it is
    an employer plan's new money by payroll (its note says so), set the contribution election."""
    if PAYROLL_NOTE in t.note:
        return (f"Not in the basket: {t.account} #{t.order}: ${cents(t.amount):,.2f} of {t.symbol}: {t.note}.")
    if t.account_type in EMPLOYER_PLANS:
        return (f"Not in the basket: {t.account} #{t.order} is a {t.account_type}: {t.action.value.lower()} "
                f"{_plain(t.quantity)} shares of {t.symbol} (${cents(t.amount):,.2f}) on the plan's website.")
    return (f"Not in the basket (a basket row is a share quantity): {t.account} #{t.order}: {t.action.value} "
            f"${cents(t.amount):,.2f} of {t.symbol}; place it by hand as a dollar order.")


def ibkr_basket_csv(tickets: Sequence[OrderTicket], tag: str) -> str:
    """Interactive Brokers BasketTrader (market, day orders, shares as planned). A mutual fund (its
    Securities Type, else our reading of its symbol, :func:`is_mutual_fund`) is SecType FUND on
    FUNDSERV, IBKR's fund venue, not a stock on SMART; a mutual fund's Dollars order
    (:func:`basket_left_out`) is not written, since a basket row is a share quantity and a fund's
    dollar amount turned into shares would be another order."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(("Action", "Quantity", "Symbol", "SecType", "Exchange", "Currency", "TimeInForce", "OrderType",
                "BasketTag"))
    left_out = {id(t) for t in basket_left_out(tickets)}
    for t in tickets:
        if id(t) in left_out:
            continue
        sec_type, venue = ("FUND", "FUNDSERV") if t.mutual_fund else ("STK", "SMART")
        w.writerow(("BUY" if t.action is not Action.SELL else "SELL", _plain(t.quantity), t.symbol, sec_type, venue,
                    "USD", "DAY", "MKT", re.sub(r"[^A-Za-z0-9]", "", tag)[:30] or "taxrebal"))
    return out.getvalue()


#: What a basket cannot say and what to do instead (IBKR Tax Optimizer, "Manually Match Specific Lots").
BASKET_LOTS = ("An IBKR basket carries no lot choice: once these sells have filled, open IBKR's Tax Optimizer (Portal: "
               "Trade > Orders and Trades > the trade > View Tax Lots), set the Method to Specific Lot and match each "
               "sell to the lots below, the same day (before 8:30 PM ET). Otherwise the account's default match method "
               "(often FIFO) picks the lots and the tax differs from the plan's (Treas. Reg. §1.1012-1(c)).")


def basket_lot_lines(tickets: Sequence[OrderTicket]) -> list[str]:
    """One line per taxable sell with its lots: ``SELL 100 VTI (Joint #3, step 5): 11/20/2025 100 sh @
    $320.00/sh (T2)``. Sells in an IRA, 401(k), Roth or HSA need no lot choice (no gain is taxed)."""
    return [f"SELL {_plain(t.quantity)} {t.symbol} ({t.account} #{t.order}, step {t.step}): "
            + t.lot_text.removeprefix("Specific lots: ")
            for t in tickets if t.action is Action.SELL and t.taxable and t.lots]


def basket_lots_text(tickets: Sequence[OrderTicket], basket: str) -> str:
    """The ``-lots.txt`` file beside a basket file: :data:`BASKET_LOTS`, then :func:`basket_lot_lines`;
    ``""`` when the basket holds no taxable sell."""
    lines = basket_lot_lines(tickets)
    if not lines:
        return ""
    return "\r\n".join([f"Lots for {basket}", BASKET_LOTS, "", *lines]) + "\r\n"


def _file_name(account: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", account).strip("-").lower() or "account"


def write_order_files(tickets: Sequence[OrderTicket], folder: Path | str,
                      layout: str = "tickets") -> list[tuple[Path, str]]:
    """One CSV per account with orders (an IBKR basket in parts, :func:`basket_parts`, named
    ``-part1``, ``-part2``... when a ticket waits for another account's, each with its ``-lots.txt``
    when it sells taxable lots; no basket for an account whose tickets are all left out): (path, what
    it waits for, or what a lots file is for)."""
    folder = Path(folder)
    by_account: dict[str, list[OrderTicket]] = {}
    for t in tickets:
        by_account.setdefault(t.account, []).append(t)
    paths = []
    used: set[str] = set()
    for account, items in by_account.items():
        name = _file_name(account)
        while name in used:
            name += "-2"
        used.add(name)
        files: list[tuple[Path, str, str]] = []
        if layout == "ibkr-basket":
            left_out = {id(t) for t in basket_left_out(items)}
            parts = basket_parts([t for t in items if id(t) not in left_out]) if len(left_out) < len(items) else []
            for i, part in enumerate(parts, 1):
                suffix = f"-part{i}" if len(parts) > 1 else ""
                wait = basket_part_wait(parts, i - 1)
                basket = f"orders-{name}-ibkr-basket{suffix}.csv"
                files.append((folder / basket, ibkr_basket_csv(part, account), wait))
                lots = basket_lots_text(part, basket)
                if lots:
                    files.append((folder / f"orders-{name}-ibkr-basket{suffix}-lots.txt", lots,
                                  f"the lots to match in IBKR's Tax Optimizer for the sells of {basket}"))
        else:
            files.append((folder / f"orders-{name}.csv", ticket_csv(items), ""))
        for path, text, wait in files:
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(text, encoding="utf-8", newline="")
            tmp.replace(path)
            paths.append((path, wait))
    return paths
