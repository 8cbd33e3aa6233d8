"""Charles Schwab exports: **lot details** (open lots of one symbol) and **realized gain/loss**.

Lot details (Positions > a symbol > Lot Details > Export), one file per symbol, a title line first::

    "VTI Lot Details for Individual ...123 as of 09/24/2020 13:42:07 ET"
    "Open Date","Quantity","Price","Cost/Share","Market Value","Cost Basis","Gain/Loss $","Gain/Loss %","Holding Period",
    "03/15/2012","400","$330.00","$71.20","$132,000.00","$28,480.00","$103,520.00","363.48%","Long Term",
    "Total","400","","","$132,000.00","$28,480.00","$103,520.00","363.48%","",

The variant for a symbol with wash-sale adjustments adds ``Transaction Open``, ``Transaction CPS``,
``Transaction CB``, ``Transaction G/L $``, ``Transaction G/L %`` and ``Disallowed Loss``. There
``Open Date``/``Cost Basis`` are the *adjusted* date and basis (IRC §1091(d): the disallowed loss is
added to the replacement shares' basis; §1223(3): their holding period includes the sold shares'),
and the ``Transaction ...`` columns are the purchase as it happened. We import the adjusted ones into
Acquired and Cost Basis with Wash Adjusted = Y (so taxrebal does not add the loss a second time) and
keep the original in the Note: ``Schwab wash-sale adjusted; bought 10/01/2026 at $95.00/share (basis
$9,500.00); disallowed loss $500.00``.

A lot-details file is the complete list of that symbol's open lots in that account: re-importing it
replaces the rows an earlier import of the same account and symbol wrote.

Realized gain/loss details (Realized Gain/Loss > Details > Export), a title line then::

    "Symbol","Name","Closed Date","Opened Date","Quantity","Proceeds Per Share","Cost Per Share","Proceeds",
    "Cost Basis (CB)","Gain/Loss ($)","Gain/Loss (%)","Long Term Gain/Loss","Short Term Gain/Loss","Term",
    "Unadjusted Cost Basis","Wash Sale?","Disallowed Loss",...

Each row is a closed lot: it becomes a Sell on Transactions (date Closed Date, price Proceeds Per
Share, with Acquired = Opened Date and Cost Basis = Cost Basis (CB)), so a recent loss sale opens its
wash-sale window; a ``Wash Sale?`` of Yes goes into the Note with the disallowed loss, and the import
warns that the workbook cannot count that disallowed amount (what to add instead: see apply.py).
"""  # noqa: E501 (the export header lines are quoted whole)

from __future__ import annotations

import re
from datetime import date
from typing import Optional, Sequence

from taxrebal.engine.money import cents

from ...engine.records import Action
from ...errors import BrokerFileError
from .records import BrokerFile, ImportedLot, ImportedPrice, ImportedTrade
from .text import Line, Section, account_in_title, clean_symbol, find_header

__all__ = ["LOTS_HEADERS", "REALIZED_HEADERS", "parse_lot_details", "parse_realized"]

LOTS_HEADERS = ("Open Date", "Quantity", "Cost/Share", "Cost Basis", "Holding Period")
REALIZED_HEADERS = ("Symbol", "Closed Date", "Opened Date", "Quantity", "Proceeds Per Share", "Cost Basis (CB)")

_TITLE_SYMBOL = re.compile(r"^\s*([A-Za-z0-9./\- ]{1,20}?)\s+Lot Details\b", re.IGNORECASE)
#: A title with the symbol after "for" ("Lot Details for VTI as of 12/02/2026"), as some exports and
#: hand-edited files have it; an account number there ("for ...4411") is not a symbol.
_TITLE_SYMBOL_AFTER = re.compile(r"\bLot Details for\s+([A-Za-z][A-Za-z0-9./\-]{0,9})\s+as of\b", re.IGNORECASE)


def _money_text(value: float) -> str:
    return f"${cents(value):,.2f}"


def parse_lot_details(name: str, lines: Sequence[Line]) -> BrokerFile:
    """One or more "<SYMBOL> Lot Details for <account>" sections (a file per symbol, or several
    pasted together). The symbol comes from the title line; without one the file cannot be used."""
    lots: list[ImportedLot] = []
    prices: dict[str, ImportedPrice] = {}
    symbols: list[str] = []
    account = ""
    i = 0
    found = False
    while True:
        h = find_header(lines, LOTS_HEADERS, i)
        if h is None:
            break
        found = True
        symbol, title_line = _title_symbol(lines, i, h)
        if not symbol:
            raise BrokerFileError(name, lines[h].number, "", _no_symbol_message(lines[i:h]))
        account = account or account_in_title(lines[title_line:h], h - title_line)
        section = Section.at(name, lines, h)
        # the wash-sale variant: its Transaction columns, or a Disallowed Loss column alone (fe14 F10: a
        # disallowed loss dropped without a word would be added to the basis a second time, IRC §1091(d))
        variant = section.has("Transaction Open") or section.has("Disallowed Loss")
        for line in section.rows:
            lots.append(_lot(section, line, symbol, variant))
            price = section.money(line, "Price")
            if price is not None and price > 0:
                prices[symbol] = ImportedPrice(symbol, price)
        if symbol not in symbols:
            symbols.append(symbol)
        i = h + 1 + len(section.rows)
    if not found:
        raise BrokerFileError(name, 0, "", "no Schwab lot-details header (" + ", ".join(LOTS_HEADERS) + ").")
    return BrokerFile(name, "schwab-lots", "Schwab lot details", account, lots=tuple(lots),
                      prices=tuple(prices.values()), snapshots=tuple(("", s) for s in symbols))


def _title_symbol(lines: Sequence[Line], start: int, header: int) -> tuple[str, int]:
    for k in range(header - 1, start - 1, -1):
        for cell in lines[k].cells:
            m = _TITLE_SYMBOL.match(cell) or _TITLE_SYMBOL_AFTER.search(cell)
            if m:
                return clean_symbol(m.group(1)), k
    return "", start


def _no_symbol_message(above: Sequence[Line]) -> str:
    """Why the symbol is unknown, quoting the title line when there is one, and how to give it."""
    title = next((cell for line in above for cell in line.cells if "lot details" in cell.casefold()), "")
    fix = ("type the symbol at the start of the file's first line (\"VTI Lot Details for ...1234 as of "
           "12/02/2026\", as Schwab writes it) and import again")
    if title:
        return (f"the title line \"{title.strip()}\" does not name the symbol where it is looked for, so the "
                f"symbol is unknown; {fix}.")
    return (f"no title line above the header names the symbol (Schwab's first line, \"<SYMBOL> Lot Details for "
            f"...\"); {fix}.")


def _lot(section: Section, line: Line, symbol: str, variant: bool) -> ImportedLot:
    quantity = section.quantity(line, "Quantity")
    if quantity <= 0:
        raise section.error(line, "Quantity", f"{quantity:g} shares; an open lot holds more than 0 shares.")
    acquired = section.date(line, "Open Date")
    basis = section.money(line, "Cost Basis")
    if basis is None:
        per_share = section.money(line, "Cost/Share", required=True)
        basis = per_share * quantity if per_share is not None else None
    note = ""
    wash = False
    bought: Optional[date] = None
    bought_price: Optional[float] = None
    if variant:
        original_date = section.date(line, "Transaction Open", required=False)
        original_basis = section.money(line, "Transaction CB")
        disallowed = section.money(line, "Disallowed Loss") if section.has("Disallowed Loss") else None
        changed = (original_date is not None and original_date != acquired) or (
            original_basis is not None and basis is not None and abs(original_basis - basis) >= 0.005)
        if changed or (disallowed or 0) != 0:
            wash = True
            parts = ["Schwab wash-sale adjusted"]
            if original_date is not None:
                parts.append(f"bought {original_date.isoformat()}")
            if original_basis is not None:
                parts.append(f"original basis {_money_text(original_basis)} "
                             f"({_money_text(original_basis / quantity)}/share)")
            if disallowed:
                parts.append(f"disallowed loss added {_money_text(abs(disallowed))}")
            note = "; ".join(parts)
            if original_date is not None and original_date != acquired:
                bought = original_date
                bought_price = original_basis / quantity if original_basis is not None else None
    return ImportedLot(symbol, acquired, quantity, basis, wash, note, line=line.number, bought=bought,
                       bought_price=bought_price)


def parse_realized(name: str, lines: Sequence[Line]) -> BrokerFile:
    h = find_header(lines, REALIZED_HEADERS)
    if h is None:
        raise BrokerFileError(name, 0, "", "no Schwab realized gain/loss header (" + ", ".join(REALIZED_HEADERS) + ").")
    account = account_in_title(lines, h)
    section = Section.at(name, lines, h)
    trades: list[ImportedTrade] = []
    for line in section.rows:
        symbol = clean_symbol(section.get(line, "Symbol"))
        if not symbol:
            raise section.error(line, "Symbol", "is blank.")
        quantity = abs(section.quantity(line, "Quantity"))
        price = section.money(line, "Proceeds Per Share")
        if price is None:
            proceeds = section.money(line, "Proceeds", required=True)
            price = (proceeds or 0.0) / quantity if quantity else 0.0
        note = ""
        disallowed = None
        if section.has("Wash Sale?") and section.get(line, "Wash Sale?").strip().lower() in ("yes", "y", "true"):
            disallowed = section.money(line, "Disallowed Loss") if section.has("Disallowed Loss") else None
            note = "Schwab: wash sale" + (f", disallowed loss {_money_text(abs(disallowed))}" if disallowed else "")
        trades.append(ImportedTrade(section.required_date(line, "Closed Date"), symbol, Action.SELL, quantity, price,
                                    acquired=section.date(line, "Opened Date", required=False),
                                    cost_basis=section.money(line, "Cost Basis (CB)"), note=note, line=line.number,
                                    disallowed=abs(disallowed or 0.0)))
    return BrokerFile(name, "schwab-realized", "Schwab realized gain/loss", account, trades=tuple(trades))
