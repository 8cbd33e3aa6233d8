"""The import writes one Lot ID on a wash-adjusted lot and its own Buy row when it can tell them (fe17 F14b).

Hand-worked Flex file (fe17 h8): 10 SPY sold 2026-11-05 at $590 (bought 2025-06-10 for $6,500: a
$600 loss); 10 SPY bought back 2026-11-20 at $600. IBKR's open lot: 10 SPY, costBasisMoney 6,600
(= 6,000 + 600 washed, IRC §1091(d)), openDateTime 2026-11-20, holdingPeriodDateTime 2025-06-25 (the
sold shares' 148 days tacked on, §1223(3)). The lot and the Buy row of that day and quantity are in
the same file, so the import writes ``SPY-20261120`` in the lot's Lot ID cell and on the Buy row,
and gives no "type one Lot ID" warning (wash.py reading 6: the Buy row is the lot's own purchase).
A lot whose Lot ID the user typed is never given another one.
"""

from __future__ import annotations

from taxrebal.workbook.importers import parse_text, plan_import
from taxrebal.workbook.importers.apply import apply_to_values

FLEX = """<FlexQueryResponse><FlexStatements count="1"><FlexStatement accountId="U1234567">
<OpenPositions>
<OpenPosition accountId="U1234567" assetCategory="STK" symbol="SPY" position="10" markPrice="600" costBasisMoney="6600" openDateTime="20261120;101500" holdingPeriodDateTime="20250625;093000" levelOfDetail="LOT" />
</OpenPositions>
<Trades>
<Trade accountId="U1234567" assetCategory="STK" symbol="SPY" tradeDate="20261105" quantity="-10" tradePrice="590" buySell="SELL" levelOfDetail="EXECUTION" />
<Lot accountId="U1234567" assetCategory="STK" symbol="SPY" tradeDate="20261105" quantity="10" tradePrice="590" cost="6500" openDateTime="20250610;093000" buySell="SELL" levelOfDetail="CLOSED_LOT" />
<Trade accountId="U1234567" assetCategory="STK" symbol="SPY" tradeDate="20261120" quantity="10" tradePrice="600" buySell="BUY" levelOfDetail="EXECUTION" />
</Trades>
</FlexStatement></FlexStatements></FlexQueryResponse>
"""  # noqa: E501

LOT_HEAD = ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis", "Wash Adjusted", "Source", "Note"]
TX_HEAD = ["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID", "Acquired", "Cost Basis", "Source",
           "Note"]


def book():
    return {"Accounts": [["Account", "Type", "Broker Account"], ["IBKR", "Taxable", "U1234567"]],
            "Securities": [["Symbol", "Asset Class", "Price"], ["SPY", "US", 600.0]],
            "Lots": [LOT_HEAD], "Transactions": [TX_HEAD]}


def test_the_lot_and_its_buy_row_get_one_lot_id():
    sheets = book()
    plan = plan_import(sheets, [parse_text("ibkr.xml", FLEX)])
    out = apply_to_values(sheets, plan)
    lots = [dict(zip(out["Lots"][0], r)) for r in out["Lots"][1:]]
    buys = [dict(zip(out["Transactions"][0], r)) for r in out["Transactions"][1:] if r[3] == "Buy"]
    assert [(x["Lot ID"], x["Wash Adjusted"], x["Cost Basis"]) for x in lots] == [("SPY-20261120", "Y", 6600.0)]
    assert [x["Lot ID"] for x in buys] == ["SPY-20261120"]
    assert not [i for i in plan.follow_up if "Type one Lot ID" in i.message]
    assert any("Lot ID SPY-20261120 links them" in n for n in plan.notes)
