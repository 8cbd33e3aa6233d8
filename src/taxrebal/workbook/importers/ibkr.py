"""Interactive Brokers **Flex Query** XML (Reports > Flex Queries; sections Open Positions and Trades).

What we read (attribute names as IBKR writes them; dates ``20261113``, ``2026-11-13`` or
``20261113;101500``)::

    <FlexQueryResponse queryName="taxrebal" type="AF"><FlexStatements count="1">
     <FlexStatement accountId="U1234567" fromDate="20261101" toDate="20261120">
      <OpenPositions>
       <OpenPosition accountId="U1234567" assetCategory="STK" symbol="VTI" position="400" markPrice="330"
                     costBasisMoney="28480" openDateTime="20120315;093000" levelOfDetail="LOT" />
      </OpenPositions>
      <Trades>
       <Trade accountId="U1234567" assetCategory="STK" symbol="VXUS" tradeDate="20261113" buySell="SELL"
              quantity="-300" tradePrice="62.40" levelOfDetail="EXECUTION" />
       <Lot accountId="U1234567" assetCategory="STK" symbol="VXUS" tradeDate="20261113" buySell="SELL"
            quantity="300" tradePrice="62.40" cost="20400" openDateTime="20250203;100000"
            levelOfDetail="CLOSED_LOT" />
      </Trades>
     </FlexStatement></FlexStatements></FlexQueryResponse>

* A lot whose ``holdingPeriodDateTime`` differs from its ``openDateTime`` is one IBKR adjusted for a
  wash sale: its ``costBasisMoney`` already includes the disallowed loss (IRC §1091(d)) and its
  holding period runs from ``holdingPeriodDateTime`` (§1223(3)). It is imported with that date as
  Acquired and Wash Adjusted = Y (as Schwab's wash variant), the real purchase date in the Note, so
  the loss is added once. Example: ``openDateTime="20261112" holdingPeriodDateTime="20250301"
  costBasisMoney="3450"`` (bought at $3,150 + $300 disallowed) -> Acquired 2025-03-01, Cost Basis
  3,450, Wash Adjusted Y, Note "IBKR wash-sale adjusted: bought 2026-11-12, ...".
* ``OpenPosition`` rows with ``levelOfDetail="LOT"`` are the open tax lots (``SUMMARY`` rows are the
  per-symbol totals and are only used for prices). The section lists every open position of the
  account, so it is a snapshot of the whole account: a symbol an earlier import wrote that is no
  longer listed was sold, and its imported rows are removed.
* ``Trade`` rows (executions) become Transactions; a sell's ``Lot`` rows (``CLOSED_LOT``: the lots it
  relieved) replace its execution row, one Sell per lot with Acquired and Cost Basis, so nothing is
  counted twice.
* Only stocks and funds (``assetCategory`` STK, FUND, ETF or blank) are imported; options, futures
  and cash rows are skipped and counted in a note; cancelled trades (``buySell="SELL (Ca.)"``) too.

The XML is parsed with ``defusedxml`` (no entity expansion, no external entities).
"""

from __future__ import annotations

import re
from datetime import date as Day  # `date` is _Row's method
from typing import Any, Optional

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from ...engine.records import Action
from ...errors import BrokerFileError
from .records import WHOLE_ACCOUNT, BrokerFile, ImportedLot, ImportedPrice, ImportedTrade
from .text import clean_symbol, parse_date, parse_money

__all__ = ["looks_like_flex", "parse_flex"]

_STOCKS = {"", "STK", "FUND", "ETF", "MF"}


def looks_like_flex(text: str) -> bool:
    head = text.lstrip()[:2000]
    return head.startswith("<") and ("FlexQueryResponse" in head or "FlexStatement" in head)


class _Row:
    def __init__(self, name: str, element: Any, line: int) -> None:  # an XML element (defusedxml, untyped)
        self.name, self.el, self.line = name, element, line

    def text(self, attr: str) -> str:
        return (self.el.get(attr) or "").strip()

    def error(self, attr: str, problem: str) -> BrokerFileError:
        return BrokerFileError(self.name, self.line, attr, problem)

    def money(self, attr: str, required: bool = False) -> Optional[float]:
        raw = self.text(attr)
        try:
            value = parse_money(raw)
        except ValueError:
            raise self.error(attr, f"'{raw}' is not a number") from None
        if value is None and required:
            raise self.error(attr, f"is missing on this {self.el.tag}; add it to the Flex Query's fields.")
        return value

    def date(self, attr: str, required: bool = True) -> Optional[Day]:
        raw = self.text(attr)
        try:
            value = parse_date(raw)
        except ValueError:
            raise self.error(attr, f"'{raw}' is not a date") from None
        if value is None and required:
            raise self.error(attr, f"is missing on this {self.el.tag}; add it to the Flex Query's fields.")
        return value


def _parse_xml(name: str, text: str) -> Any:  # the root XML element
    try:
        return SafeET.fromstring(text.encode("utf-8"), forbid_dtd=False)
    except DefusedXmlException as err:
        raise BrokerFileError(name, 0, "", f"the XML uses entities or external references, which are refused "
                              f"for safety ({type(err).__name__}); download the Flex Query again.") from err
    except SafeET.ParseError as err:
        line = err.position[0] if getattr(err, "position", None) else 0
        raise BrokerFileError(name, line, "", f"the XML is damaged ({err}); download the Flex Query again.") from err


def parse_flex(name: str, text: str) -> BrokerFile:
    root = _parse_xml(name, text)
    lines = _element_lines(root, text)
    statements = [root] if root.tag == "FlexStatement" else list(root.iter("FlexStatement"))
    if not statements:
        raise BrokerFileError(name, 0, "", "no FlexStatement in this XML; is it an Interactive Brokers Flex Query?")
    lots: list[ImportedLot] = []
    trades: list[ImportedTrade] = []
    prices: dict[str, ImportedPrice] = {}
    snapshots: list[tuple[str, str]] = []
    skipped: dict[str, int] = {}
    for statement in statements:
        default_account = statement.get("accountId", "")
        positions = statement.find("OpenPositions")
        if positions is not None:
            snapshots.append((default_account, WHOLE_ACCOUNT))
            for el in positions:
                row = _Row(name, el, lines.get(id(el), 0))
                _open_position(row, default_account, lots, prices, skipped)
        trades_el = statement.find("Trades")
        if trades_el is not None:
            _trades(name, list(trades_el), default_account, trades, skipped, lines)
    notes: tuple[str, ...] = ()
    if skipped:
        notes = (f"{name}: skipped " + ", ".join(f"{v} {k}" for k, v in sorted(skipped.items())) + ".",)
    account = statements[0].get("accountId", "") if len(statements) == 1 else ""
    return BrokerFile(name, "ibkr-flex", "Interactive Brokers Flex Query", account, lots=tuple(lots),
                      trades=tuple(trades), prices=tuple(prices.values()), snapshots=tuple(snapshots), notes=notes)


def _element_lines(root: Any, text: str) -> dict[int, int]:
    """``id(element) -> line`` for every element: the standard parser keeps no line numbers, so each
    start tag is found in the text in document order (the order ``iter()`` visits them)."""
    out: dict[int, int] = {}
    pos = 0
    newlines = 0
    for el in root.iter():
        m = re.compile(r"<" + re.escape(el.tag) + r"[\s/>]").search(text, pos)
        if m is None:
            break
        newlines += text.count("\n", pos, m.start())
        pos = m.start() + 1
        out[id(el)] = newlines + 1
    return out


def _stock(row: _Row, skipped: dict[str, int], what: str) -> bool:
    category = row.text("assetCategory").upper()
    if category not in _STOCKS:
        skipped[f"{category} {what}(s)"] = skipped.get(f"{category} {what}(s)", 0) + 1
        return False
    return True


def _open_position(row: _Row, account: str, lots: list[ImportedLot], prices: dict[str, ImportedPrice],
                   skipped: dict[str, int]) -> None:
    if row.el.tag != "OpenPosition" or not _stock(row, skipped, "position"):
        return
    symbol = clean_symbol(row.text("symbol"))
    if not symbol:
        raise row.error("symbol", "is blank.")
    mark = row.money("markPrice")
    if mark is not None and mark > 0:
        prices[symbol] = ImportedPrice(symbol, mark, row.text("description"))
    if row.text("levelOfDetail").upper() != "LOT":
        return
    quantity = row.money("position", required=True) or 0.0
    if quantity <= 0:
        raise row.error("position", f"{quantity:g}: a short or empty lot cannot be imported as a tax lot.")
    basis = row.money("costBasisMoney")
    if basis is None:
        per_share = row.money("costBasisPrice", required=True) or 0.0
        basis = per_share * quantity
    opened = row.date("openDateTime", required=False)
    held_from = row.date("holdingPeriodDateTime", required=opened is None)
    acquired, wash, note = opened or held_from, False, ""
    if opened is not None and held_from is not None and held_from != opened:
        # IBKR's wash-sale adjustment: costBasisMoney already includes the disallowed loss (IRC §1091(d))
        # and holdingPeriodDateTime is the sold shares' date the holding period runs from (§1223(3)).
        # Written like Schwab's wash variant (the adjusted date, Wash Adjusted = Y), so taxrebal does not
        # add the loss a second time; the purchase as it happened goes into the Note.
        acquired, wash = held_from, True
        note = (f"IBKR wash-sale adjusted: bought {opened.isoformat()}, holding period from "
                f"{held_from.isoformat()} (holdingPeriodDateTime); cost basis includes the disallowed loss")
    lots.append(ImportedLot(symbol, acquired, quantity, abs(basis), wash, note,
                            row.text("accountId") or account, row.line, bought=opened if wash else None))


def _trades(name: str, elements: list[Any], account: str, trades: list[ImportedTrade], skipped: dict[str, int],
            lines: dict[int, int]) -> None:
    """Executions become trades, except sells whose closed lots follow them: those lots replace them."""
    pending_sell: Optional[ImportedTrade] = None
    pending_lots = 0
    levels = {(el.get("levelOfDetail") or "").upper() for el in elements if el.tag == "Trade"}
    # executions are the trades; a query set to order level only has ORDER rows (never both counted)
    wanted = {"", "EXECUTION"} if levels & {"", "EXECUTION"} else {"ORDER"}
    for el in elements:
        row = _Row(name, el, lines.get(id(el), 0))
        if el.tag == "Trade":
            if pending_sell is not None and pending_lots == 0:
                trades.append(pending_sell)
            pending_sell, pending_lots = None, 0
            if row.text("levelOfDetail").upper() not in wanted or not _stock(row, skipped, "trade"):
                continue
            side = row.text("buySell").upper()
            if side not in ("BUY", "SELL"):
                skipped[f"{side or 'blank'} trade(s)"] = skipped.get(f"{side or 'blank'} trade(s)", 0) + 1
                continue
            trade = _trade(row, account, Action.BUY if side == "BUY" else Action.SELL)
            if trade.action is Action.SELL:
                pending_sell = trade
            else:
                trades.append(trade)
        elif el.tag == "Lot" and row.text("levelOfDetail").upper() == "CLOSED_LOT":
            if not _stock(row, skipped, "closed lot"):
                continue
            lot = _trade(row, account, Action.SELL, price_from=pending_sell)
            trades.append(lot)
            pending_lots += 1
    if pending_sell is not None and pending_lots == 0:
        trades.append(pending_sell)


def _trade(row: _Row, account: str, action: Action, price_from: Optional[ImportedTrade] = None) -> ImportedTrade:
    symbol = clean_symbol(row.text("symbol"))
    if not symbol:
        raise row.error("symbol", "is blank.")
    quantity = abs(row.money("quantity", required=True) or 0.0)
    if quantity == 0:
        raise row.error("quantity", "is 0 on a trade.")
    price = row.money("tradePrice")
    if price is None and price_from is not None:
        price = price_from.price
    if price is None:
        raise row.error("tradePrice", f"is missing on this {row.el.tag}; add it to the Flex Query's fields.")
    when = row.date("tradeDate", required=False) or row.date("dateTime")
    assert when is not None  # a required date: row.date raised when it is missing
    acquired = cost = None
    if row.el.tag == "Lot":
        acquired = row.date("openDateTime", required=False)
        cost_value = row.money("cost")
        cost = abs(cost_value) if cost_value is not None else None
    return ImportedTrade(when, symbol, action, quantity, price, acquired, cost, "",
                         row.text("accountId") or account, row.line)
