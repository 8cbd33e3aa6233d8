"""Vanguard's transactions download (``OfxDownload.csv``): holdings, then transactions.

The file holds two tables, one under the other, each with a trailing comma on every line::

    Account Number,Investment Name,Symbol,Shares,Share Price,Total Value,
    12345678,VANGUARD TOTAL BOND MARKET ETF,BND,2200,72.50,159500.00,

    Account Number,Trade Date,Settlement Date,Transaction Type,Transaction Description,Investment Name,Symbol,Shares,Share Price,Principal Amount,Commission Fees,Net Amount,Accrued Interest,Account Type,
    12345678,2026-11-10,2026-11-12,Buy,Buy,VANGUARD TOTAL INTL STOCK ETF,VXUS,150.00000,61.80,-9270.00,0.0,-9270.00,0.0,CASH,

Holdings give prices (``Share Price``) for Securities. Transactions of type Buy, Sell and
Reinvestment (dividend or capital-gain reinvestment, a purchase for the wash-sale rule, Pub 550)
become Transactions rows (Shares are negative on sells; we store the positive count). Every other
type (Dividend, Sweep in/out, Funds Received, Transfer, Conversion...) moves cash or is not a trade
of a security: it is skipped and counted in a note. A stock split and a transfer in are skipped too,
but each with a warning naming the file and line and what to restate or add by hand (the split's
ratio, from "Stock split 2 for 1", gives the restated quantities of the file's earlier trades).
The file has no tax lots.
"""  # noqa: E501 (the export header lines are quoted whole)

from __future__ import annotations

import re
from datetime import date
from typing import Optional, Sequence

from taxrebal.engine.money import cents

from ...engine.records import Action
from ...errors import BrokerFileError
from .records import BrokerFile, ImportedPrice, ImportedTrade
from .text import Line, Section, clean_symbol, find_header

__all__ = ["TRANSACTION_HEADERS", "HOLDING_HEADERS", "parse_transactions"]

TRANSACTION_HEADERS = ("Account Number", "Trade Date", "Settlement Date", "Transaction Type")
HOLDING_HEADERS = ("Account Number", "Investment Name", "Symbol", "Shares", "Share Price")

_ACTIONS = {"buy": Action.BUY, "sell": Action.SELL, "reinvestment": Action.REINVEST,
            "reinvestment (lt gain)": Action.REINVEST, "reinvestment (st gain)": Action.REINVEST,
            "reinvestment (capital gain)": Action.REINVEST}


def parse_transactions(name: str, lines: Sequence[Line]) -> BrokerFile:
    prices: dict[str, ImportedPrice] = {}
    h = find_header(lines, HOLDING_HEADERS)
    t = find_header(lines, TRANSACTION_HEADERS)
    if t is None:
        raise BrokerFileError(name, 0, "", "no Vanguard transactions header (" + ", ".join(TRANSACTION_HEADERS) + ").")
    if h is not None and h < t:
        holdings = Section.at(name, lines, h)
        for line in holdings.rows:
            symbol = clean_symbol(holdings.get(line, "Symbol"))
            price = holdings.money(line, "Share Price")
            if symbol and price is not None and price > 0:
                prices[symbol] = ImportedPrice(symbol, price, holdings.get(line, "Investment Name"))
    section = Section.at(name, lines, t)
    trades: list[ImportedTrade] = []
    skipped: dict[str, int] = {}
    events: list[tuple[int, str, str, str, date, float]] = []  # splits and transfers: warned of below
    for line in section.rows:
        kind = section.get(line, "Transaction Type").strip()
        action = _ACTIONS.get(kind.lower())
        if action is None and kind.lower().startswith("reinvest"):
            action = Action.REINVEST
        symbol = clean_symbol(section.get(line, "Symbol"))
        if action is None and symbol and ("split" in kind.lower() or kind.lower().startswith("transfer")):
            events.append((line.number, kind, section.get(line, "Transaction Description").strip(), symbol,
                           section.required_date(line, "Trade Date"), section.quantity(line, "Shares")))
        if action is None or not symbol:
            label = kind or "(blank type)"
            if action is not None:
                label += " without a symbol"
            skipped[label] = skipped.get(label, 0) + 1
            continue
        quantity = abs(section.quantity(line, "Shares"))
        if quantity == 0:
            raise section.error(line, "Shares", "is 0 on a trade.")
        price = section.money(line, "Share Price")
        if price is None or price <= 0:
            amount = section.money(line, "Principal Amount", required=True) or 0.0
            price = abs(amount) / quantity
        trades.append(ImportedTrade(section.required_date(line, "Trade Date"), symbol, action, quantity, price,
                                    account_number=section.get(line, "Account Number"), line=line.number))
    notes: tuple[str, ...] = ()
    if skipped:
        notes = (f"{name}: skipped rows that are not trades of a security: "
                 + ", ".join(f"{k} x{v}" for k, v in sorted(skipped.items())) + ".",)
    warnings = tuple(w for w in (_event_warning(e, trades) for e in events) if w is not None)
    return BrokerFile(name, "vanguard", "Vanguard transactions", "", trades=tuple(trades),
                      prices=tuple(prices.values()), notes=notes, warnings=warnings)


_RATIO = re.compile(r"(\d+(?:\.\d+)?)\s*(?:for|-for-|:)\s*(\d+(?:\.\d+)?)", re.IGNORECASE)


def _event_warning(event: tuple[int, str, str, str, date, float],
                   trades: Sequence[ImportedTrade]) -> Optional[tuple[int, str]]:
    """What to do about a skipped stock split or incoming transfer (fe16 F11): neither fits a row of
    Transactions or Lots, and each changes what the wash-sale check counts."""
    number, kind, description, symbol, day, shares = event
    if "split" in kind.lower():
        m = _RATIO.search(description) or _RATIO.search(kind)
        ratio = float(m.group(1)) / float(m.group(2)) if m and float(m.group(2)) > 0 else None
        earlier = [t for t in trades if t.symbol == symbol and t.date < day]
        if ratio is None:
            how = "multiply each quantity by the split ratio and divide its price by it (amounts unchanged)"
        else:
            how = f"quantity x {ratio:g}, price / {ratio:g}: amounts unchanged"
            if earlier:
                how += "; from this file: " + ", ".join(
                    f"{t.date.isoformat()} {t.action.value} {t.quantity:g} sh at ${cents(t.price):,.2f} -> "
                    f"{t.quantity * ratio:g} sh at ${cents(t.price / ratio):,.2f}" for t in earlier)
        return number, (f"the stock split of {symbol} on {day.isoformat()} (\"{description or kind}\") was not "
                        f"imported (Transactions has no row for a split). Trades of {symbol} before it keep their "
                        f"pre-split share counts, and the wash-sale check matches shares one for one (Treas. Reg. "
                        f"§1.1091-1), so a purchase before the split would replace too few shares of a loss sale "
                        f"after it. Restate every {symbol} row of Transactions dated before {day.isoformat()} "
                        f"({how}), and check that Lots holds {symbol} in post-split shares (a split leaves the "
                        f"total cost basis unchanged, Pub 550).")
    if shares > 0 and "out" not in kind.lower():
        return number, (f"{shares:g} sh of {symbol} transferred in on {day.isoformat()} (\"{kind}\") were "
                        f"not imported: a transfer is not a purchase, and the shares keep the purchase dates and "
                        f"cost basis they had in the account they came from, which this file does not give. Add "
                        f"them to Lots as those lots (Acquired and Cost Basis from the other broker's lot details), "
                        f"or import that broker's lot file; the transfer itself needs no Transactions row.")
    return None
