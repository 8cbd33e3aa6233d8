"""Fidelity exports: **realized gain/loss** and **positions** (``Portfolio_Positions_Nov-20-2026.csv``).

Realized gain/loss (Closed Positions > Download)::

    Symbol(CUSIP),Security Description,Quantity,Date Acquired,Date Sold,Proceeds,Cost Basis,Short Term Gain/Loss,Long Term Gain/Loss
    VXUS(922909123),VANGUARD TOTAL INTL STOCK ETF,300,02/03/2025,11/13/2026,"$18,720.00","$20,400.00","","-$1,680.00"

Each row is a closed lot and becomes a Sell on Transactions (price = Proceeds / Quantity, Acquired =
Date Acquired, Cost Basis as given). The account is not in the file: give ``--account``, or the
file's title line must name it (``Account: Z12345678``).

Positions::

    Account Number,Account Name,Symbol,Description,Quantity,Last Price,Last Price Change,Current Value,...,Cost Basis Total,Average Cost Basis,Type

A positions file has **no tax lots**: one row per holding with its total cost. Its prices always
update Securities. Its rows become lots only when you ask for it (``--positions-as-lots``), and then
as one lot per position with Acquired left blank (a Taxable account needs the real purchase dates:
the reader will say which cells to fill) and a Note saying so. The core money-market row (``SPAXX**``:
its Current Value is the account's cash) goes to the account's Cash on Accounts when that cell is
blank, else a warning gives the amount and the cell (importers/core_cash.py, fe17 F8); ``Pending
Activity`` and the disclaimer lines under the table are skipped.
"""  # noqa: E501 (the export header lines are quoted whole)

from __future__ import annotations

from typing import Sequence

from taxrebal.engine.money import cents

from ...engine.records import Action
from ...errors import BrokerFileError
from .records import BrokerFile, ImportedLot, ImportedPrice, ImportedTrade
from .text import Line, Section, account_in_title, clean_symbol, find_header, is_symbol

__all__ = ["REALIZED_HEADERS", "POSITIONS_HEADERS", "parse_realized", "parse_positions", "POSITIONS_NOTE"]

REALIZED_HEADERS = ("Symbol(CUSIP)", "Date Acquired", "Date Sold", "Proceeds", "Cost Basis")
POSITIONS_HEADERS = ("Account Number", "Symbol", "Quantity", "Last Price", "Cost Basis Total")

POSITIONS_NOTE = ("Fidelity positions file: one lot per position (the file has no tax lots); fill in "
                  "Acquired, or import Fidelity's lot-level data instead")


def parse_realized(name: str, lines: Sequence[Line]) -> BrokerFile:
    h = find_header(lines, REALIZED_HEADERS)
    if h is None:
        raise BrokerFileError(name, 0, "",
                              "no Fidelity realized gain/loss header (" + ", ".join(REALIZED_HEADERS) + ").")
    section = Section.at(name, lines, h)
    trades: list[ImportedTrade] = []
    for line in section.rows:
        symbol = clean_symbol(section.get(line, "Symbol(CUSIP)"))
        if not symbol:
            raise section.error(line, "Symbol(CUSIP)", "is blank.")
        quantity = abs(section.quantity(line, "Quantity"))
        if quantity == 0:
            raise section.error(line, "Quantity", "is 0; a sale sells some shares.")
        proceeds = section.money(line, "Proceeds", required=True) or 0.0
        note = ""
        disallowed = None
        if section.has("Wash Sale Loss Disallowed"):
            disallowed = section.money(line, "Wash Sale Loss Disallowed")
            if disallowed:
                note = f"Fidelity: wash sale, disallowed loss ${cents(abs(disallowed)):,.2f}"
        trades.append(ImportedTrade(section.required_date(line, "Date Sold"), symbol, Action.SELL, quantity,
                                    proceeds / quantity, acquired=section.date(line, "Date Acquired", required=False),
                                    cost_basis=section.money(line, "Cost Basis"), note=note, line=line.number,
                                    disallowed=abs(disallowed or 0.0)))
    return BrokerFile(name, "fidelity-realized", "Fidelity realized gain/loss", account_in_title(lines, h),
                      trades=tuple(trades))


def parse_positions(name: str, lines: Sequence[Line], *, as_lots: bool = False) -> BrokerFile:
    h = find_header(lines, POSITIONS_HEADERS)
    if h is None:
        raise BrokerFileError(name, 0, "", "no Fidelity positions header (" + ", ".join(POSITIONS_HEADERS) + ").")
    section = Section.at(name, lines, h)
    lots: list[ImportedLot] = []
    prices: dict[str, ImportedPrice] = {}
    snapshots: list[tuple[str, str]] = []
    skipped: list[str] = []
    cash: list[tuple[str, float, int, str]] = []
    for line in section.rows:
        raw = section.get(line, "Symbol")
        symbol = clean_symbol(raw)
        account = section.get(line, "Account Number")
        if raw.endswith("**") and symbol:  # the core position (SPAXX**): the account's cash (fe17 F8)
            value = section.money(line, "Current Value") if section.has("Current Value") else None
            if value is not None:
                cash.append((account, value, line.number, f"{raw} ({section.get(line, 'Description')})"
                             if section.has("Description") and section.get(line, "Description") else raw))
                continue
        if not symbol or "pending" in raw.lower() or raw.endswith("**") or not is_symbol(symbol):
            skipped.append(raw or f"line {line.number}")
            continue
        price = section.money(line, "Last Price")
        if price is not None and price > 0:
            prices[symbol] = ImportedPrice(symbol, price, section.get(line, "Description"))
        if as_lots:
            quantity = section.quantity(line, "Quantity")
            if quantity <= 0:
                raise section.error(line, "Quantity", f"{quantity:g}; a position holds more than 0 shares.")
            basis = section.money(line, "Cost Basis Total")
            lots.append(ImportedLot(symbol, None, quantity, basis, False, POSITIONS_NOTE, account, line.number))
            snapshots.append((account, symbol))
    notes = []
    if skipped:
        notes.append(f"{name}: skipped {len(skipped)} row(s) that are not securities with a symbol "
                     f"({', '.join(skipped[:5])}{'...' if len(skipped) > 5 else ''}).")
    if not as_lots:
        notes.append(f"{name}: a Fidelity positions file has no tax lots, so only its prices were imported. "
                     "Add --positions-as-lots to import each position as one lot (you then fill in Acquired).")
    else:
        notes.append(f"{name}: each position was imported as ONE lot without an acquisition date (the file has "
                     "no tax lots); in a Taxable account fill in Acquired, or split the row into the real lots.")
    return BrokerFile(name, "fidelity-positions", "Fidelity positions", "", lots=tuple(lots),
                      prices=tuple(prices.values()), snapshots=tuple(snapshots), notes=tuple(notes),
                      cash=tuple(cash))
