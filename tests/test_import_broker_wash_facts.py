"""What a broker file says about wash sales and corporate actions, kept by the import (fe16 F1, F2, F6,
F11). Each expectation is worked by hand from the tiny file in the test; the rule is named beside it."""

from __future__ import annotations

from datetime import date

from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Transaction
from taxrebal.engine.wash import adjust_lots
from taxrebal.workbook.importers import parse_text, plan_import
from taxrebal.workbook.importers.apply import apply_to_values

# --- F1: IBKR's holdingPeriodDateTime --------------------------------------------------------------

# 10 VTI bought 2025-03-01 for $3,500, sold 2026-11-05 at $320 ($300 loss); 10 VTI bought back
# 2026-11-12 at $315 ($3,150). IBKR washes the loss: the open lot's costBasisMoney is 3,150 + 300 =
# 3,450 and its holdingPeriodDateTime is the sold shares' date (IRC §1091(d), §1223(3)).
IBKR_WASH = """<FlexQueryResponse><FlexStatements count="1"><FlexStatement accountId="U1234567">
<OpenPositions>
<OpenPosition accountId="U1234567" assetCategory="STK" symbol="VTI" position="10" markPrice="330" costBasisMoney="3450" openDateTime="20261112;100000" holdingPeriodDateTime="20250301;100000" levelOfDetail="LOT" />
<OpenPosition accountId="U1234567" assetCategory="STK" symbol="VTI" position="100" markPrice="330" costBasisMoney="20000" openDateTime="20180102;100000" holdingPeriodDateTime="20180102;100000" levelOfDetail="LOT" />
</OpenPositions>
<Trades>
<Trade accountId="U1234567" assetCategory="STK" symbol="VTI" tradeDate="20261105" buySell="SELL" quantity="-10" tradePrice="320" levelOfDetail="EXECUTION" />
<Lot accountId="U1234567" assetCategory="STK" symbol="VTI" tradeDate="20261105" buySell="SELL" quantity="10" tradePrice="320" cost="3500" openDateTime="20250301;100000" levelOfDetail="CLOSED_LOT" />
<Trade accountId="U1234567" assetCategory="STK" symbol="VTI" tradeDate="20261112" buySell="BUY" quantity="10" tradePrice="315" levelOfDetail="EXECUTION" />
</Trades>
</FlexStatement></FlexStatements></FlexQueryResponse>
"""  # noqa: E501

ACCOUNTS = [["Account", "Type", "Broker Account"], ["Indiv", "Taxable", "U1234567"]]
SECURITIES = [["Symbol", "Asset Class", "Price"], ["VTI", "US", 330.0], ["QQQ", "US", 500.0]]
LOTS = [["Account", "Symbol", "Acquired", "Quantity", "Cost Basis", "Source"]]
TRANSACTIONS = [["Date", "Account", "Symbol", "Action", "Quantity", "Price"]]


def book():
    return {"Accounts": [list(r) for r in ACCOUNTS], "Securities": [list(r) for r in SECURITIES],
            "Lots": [list(r) for r in LOTS], "Transactions": [list(r) for r in TRANSACTIONS]}


def test_ibkr_lot_with_its_own_holding_period_date_is_imported_wash_adjusted_at_that_date():
    f = parse_text("wash.xml", IBKR_WASH)
    washed, plain = f.lots
    assert (washed.acquired, washed.quantity, washed.cost_basis, washed.wash_adjusted) == (
        date(2025, 3, 1), 10, 3450.0, True)
    assert "bought 2026-11-12" in washed.note
    # openDateTime = holdingPeriodDateTime: an ordinary lot, as before
    assert (plain.acquired, plain.cost_basis, plain.wash_adjusted, plain.note) == (date(2018, 1, 2), 20000.0, False, "")
    rows = apply_to_values(book(), plan_import(book(), [f]))["Lots"]
    head = rows[0]
    row = dict(zip(head, rows[1]))
    assert (row["Acquired"], row["Cost Basis"], row["Wash Adjusted"]) == (date(2025, 3, 1), 3450.0, "Y")


def test_ibkr_washed_lot_carries_the_disallowed_loss_once():
    # After the import the household holds the lot (3,450, Wash Adjusted Y), the 11-05 sale and the
    # 11-12 buy. The engine still matches the sale with the buy ($300 disallowed, Form 8949 code W),
    # but must not add the $300 to the lot's basis again: 3,150 + 300 = 3,450, not 3,750 (§1091(d)).
    f = parse_text("wash.xml", IBKR_WASH)
    lots = tuple(Lot(f"L{i}", "Indiv", x.symbol, x.acquired, x.quantity, x.cost_basis, wash_adjusted=x.wash_adjusted)
                 for i, x in enumerate(f.lots))
    txs = tuple(Transaction(t.date, "Indiv", t.symbol, t.action, t.quantity, t.price, acquired=t.acquired,
                            basis=t.cost_basis) for t in f.trades)
    assert [(t.action, t.date) for t in txs] == [(Action.SELL, date(2026, 11, 5)), (Action.BUY, date(2026, 11, 12))]
    h = Household((Account("Indiv", "Taxable"),), (Security("VTI", "US", 330.0),), lots, txs,
                  settings=Settings(as_of=date(2026, 11, 20)))
    result = adjust_lots(h)
    assert round(result.total_disallowed, 2) == 300.00
    bases = sorted(round(lot.adjusted_basis or 0.0, 2) for lot in result.household.lots if lot.symbol == "VTI")
    assert bases == [3450.00, 20000.00]
