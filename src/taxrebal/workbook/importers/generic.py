"""The generic CSV, for every other broker: your file's columns named the way the workbook names them.

Rename the header cells of any export (or write the file yourself) so that its columns use the
headers or aliases of the workbook's Lots or Transactions sheet (see "Filling in the workbook"), plus:

| Column | Also accepted | Meaning |
|---|---|---|
| Symbol | Ticker | required |
| Quantity | Shares, Qty, Units | required; a negative quantity on a sell is read as its size |
| Account | Account Name, Acct | the workbook's account name **or** the broker's account number |
| Account Number | Broker Account, Account # | the broker's account number (matched to Accounts "Broker Account") |
| Acquired | Open Date, Date Acquired, Purchase Date, ... | lots: the acquisition date |
| Cost Basis | Basis, Total Cost, ... | lots: total basis (or Unit Cost / Cost Per Share) |
| Wash Adjusted | | lots: Y when the broker already added a disallowed loss to the basis |
| Price | Last Price, Current Price, Market Price | optional: today's price, updates Securities |
| Description | Name, Security Name | optional: the security's name for a new Securities row |
| Date | Trade Date | transactions: the trade date |
| Action | Type, Side, Activity | transactions: Buy, Sell or Reinvest (Bought, Sold, Reinvestment... accepted) |
| Trade Price | Unit Price | transactions: price per share (Price is read as the trade price on a transactions file) |

A file **with** an Action column is a transactions file (rows are appended to Transactions without
duplicates); a file **without** one is a lot-level positions file: it is the complete list of the
open lots of each (account, symbol) it names, and re-importing it replaces the rows an earlier import
of that account and symbol wrote. Title lines above the header and a Total row below are ignored.

Example (lots)::

    Account Number,Symbol,Open Date,Quantity,Cost Basis,Price
    ...123,VTI,2012-03-15,400,"$28,480.00",$330.00
"""

from __future__ import annotations

from typing import Sequence

from ...engine.records import Action
from ...errors import BrokerFileError
from ..cells import normalize_key
from ..schema import ACTION_ALIASES, LOTS, TRANSACTIONS, SheetSpec
from .records import BrokerFile, ImportedLot, ImportedPrice, ImportedTrade
from .text import Line, Section, clean_symbol

__all__ = ["COLUMNS", "looks_generic", "parse_generic"]


def _spellings(spec: SheetSpec, key: str) -> tuple[str, ...]:
    spellings: tuple[str, ...] = spec.column(key).spellings
    return spellings


#: our key -> accepted header spellings (first = the documented name)
COLUMNS: dict[str, tuple[str, ...]] = {
    "symbol": _spellings(LOTS, "symbol"),
    "quantity": _spellings(LOTS, "quantity"),
    "account": ("Account", "Account Name", "Acct"),
    "account_number": ("Account Number", "Broker Account", "Broker Account Number", "Account #", "Account No"),
    "acquired": tuple(s for s in _spellings(LOTS, "acquired") if s not in ("Trade Date", "Date")),
    "cost_basis": _spellings(LOTS, "cost_basis"),
    "unit_cost": _spellings(LOTS, "unit_cost"),
    "wash_adjusted": _spellings(LOTS, "wash_adjusted"),
    "price": ("Price", "Last Price", "Current Price", "Market Price"),
    "name": ("Description", "Name", "Security Name", "Security Description"),
    "date": _spellings(TRANSACTIONS, "date"),
    "action": _spellings(TRANSACTIONS, "action"),
    "trade_price": ("Trade Price", "Unit Price"),
}


def _find(section: Section, key: str) -> str:
    """The header text of ``key``'s column in this file, "" when absent."""
    for spelling in COLUMNS[key]:
        if section.has(spelling):
            return section.column_name(spelling)
    return ""


def _header_index(lines: Sequence[Line]) -> int | None:
    for i, line in enumerate(lines[:30]):
        keys = {normalize_key(c) for c in line.cells}
        has = {k for k, names in COLUMNS.items() if any(normalize_key(n) in keys for n in names)}
        if {"symbol", "quantity"} <= has:
            return i
    return None


def looks_generic(lines: Sequence[Line]) -> bool:
    return _header_index(lines) is not None


def parse_generic(name: str, lines: Sequence[Line]) -> BrokerFile:
    h = _header_index(lines)
    if h is None:
        raise BrokerFileError(name, 0, "", "no header row with a Symbol and a Quantity column in the first 30 "
                              "lines. For the generic format, name the columns as the README's "
                              "\"Generic CSV\" table says (Symbol, Quantity, Acquired, Cost Basis...).")
    section = Section.at(name, lines, h)
    col = {k: _find(section, k) for k in COLUMNS}
    if col["action"]:
        return _transactions(name, section, col)
    return _lots(name, section, col)


def _account(section: Section, line: Line, col: dict[str, str]) -> str:
    return section.get(line, col["account_number"]) if col["account_number"] else (
        section.get(line, col["account"]) if col["account"] else "")


def _lots(name: str, section: Section, col: dict[str, str]) -> BrokerFile:
    if not (col["cost_basis"] or col["unit_cost"]):
        raise BrokerFileError(name, section.header.number, "", "a lots file needs a Cost Basis (or Unit Cost) "
                              "column; a transactions file needs an Action column (Buy/Sell/Reinvest).")
    lots, prices, snapshots = [], {}, []
    for line in section.rows:
        symbol = clean_symbol(section.get(line, col["symbol"]))
        if not symbol:
            raise section.error(line, col["symbol"], "is blank.")
        quantity = section.quantity(line, col["quantity"])
        if quantity <= 0:
            raise section.error(line, col["quantity"], f"{quantity:g}; an open lot holds more than 0 shares.")
        acquired = section.date(line, col["acquired"], required=False) if col["acquired"] else None
        basis = section.money(line, col["cost_basis"]) if col["cost_basis"] else None
        if basis is None and col["unit_cost"]:
            unit = section.money(line, col["unit_cost"])
            basis = None if unit is None else unit * quantity
        wash = False
        if col["wash_adjusted"]:
            wash = section.get(line, col["wash_adjusted"]).strip().lower() in ("y", "yes", "true", "1", "x")
        account = _account(section, line, col)
        lots.append(ImportedLot(symbol, acquired, quantity, basis, wash, "", account, line.number))
        if (account, symbol) not in snapshots:
            snapshots.append((account, symbol))
        price = section.money(line, col["price"]) if col["price"] else None
        if price is not None and price > 0:
            prices[symbol] = ImportedPrice(symbol, price, section.get(line, col["name"]) if col["name"] else "")
    return BrokerFile(name, "generic", "generic CSV (lots)", "", lots=tuple(lots), prices=tuple(prices.values()),
                      snapshots=tuple(snapshots))


def _transactions(name: str, section: Section, col: dict[str, str]) -> BrokerFile:
    if not col["date"]:
        raise BrokerFileError(name, section.header.number, "", "a transactions file (it has an Action column) "
                              "needs a Date (or Trade Date) column.")
    price_col = col["trade_price"] or col["price"]
    if not price_col:
        raise BrokerFileError(name, section.header.number, "", "a transactions file needs a Price (or Trade "
                              "Price) column.")
    trades = []
    for line in section.rows:
        symbol = clean_symbol(section.get(line, col["symbol"]))
        if not symbol:
            raise section.error(line, col["symbol"], "is blank.")
        raw = section.get(line, col["action"])
        action = ACTION_ALIASES.get(normalize_key(raw))
        if not isinstance(action, Action):
            raise section.error(line, col["action"], f"'{raw}' is not Buy, Sell or Reinvest.")
        signed = section.quantity(line, col["quantity"])
        if signed < 0 and action is not Action.SELL:
            # a sell's minus sign is the common "shares out" convention; a negative purchase is a reversal
            # or a sale, and read as a purchase it could make a wash sale that never happened (IRC §1091)
            raise section.error(line, col["quantity"], (
                f"is {section.get(line, col['quantity'])} on a {action.value} row: a purchase of a negative "
                f"number of shares is a cancelled trade or a sale, not a purchase. Delete the row if the trade "
                f"was cancelled, or write it as a Sell with a positive quantity, and import again."))
        quantity = abs(signed)
        if quantity == 0:
            raise section.error(line, col["quantity"], "is 0 on a trade.")
        price = section.money(line, price_col, required=True)
        acquired = section.date(line, col["acquired"], required=False) if col["acquired"] else None
        basis = section.money(line, col["cost_basis"]) if col["cost_basis"] else None
        trades.append(ImportedTrade(section.required_date(line, col["date"]), symbol, action, quantity, price or 0.0,
                                    acquired, basis, "", _account(section, line, col), line.number))
    return BrokerFile(name, "generic", "generic CSV (transactions)", "", trades=tuple(trades))
