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


# --- F2: a broker's disallowed wash-sale loss on a realized file ----------------------------------

SCHWAB_REALIZED = (
    '"Realized Gain/Loss for Individual ...567 from 01/01/2026 to 11/20/2026"\n'
    '"Symbol","Name","Closed Date","Opened Date","Quantity","Proceeds Per Share","Cost Per Share","Proceeds",'
    '"Cost Basis (CB)","Gain/Loss ($)","Term","Wash Sale?","Disallowed Loss",\n'
    '"QQQ","INVESCO QQQ","11/13/2026","02/03/2025","20","$500.00","$550.00","$10,000.00","$11,000.00",'
    '"-$1,000.00","Long Term","Yes","$400.00",\n'
    '"ARKK","ARK","06/01/2026","01/10/2026","100","$50.00","$40.00","$5,000.00","$4,000.00","$1,000.00",'
    '"Short Term","No","",\n')
FIDELITY_REALIZED = (
    'Symbol(CUSIP),Security Description,Quantity,Date Acquired,Date Sold,Proceeds,Cost Basis,'
    'Short Term Gain/Loss,Long Term Gain/Loss,Wash Sale Loss Disallowed\n'
    'VXUS(921909768),VANGUARD TOTAL INTL,50.5,03/04/2026,11/16/2026,"$3,131.00","$3,535.00","-$404.00",,"$200.00"\n')


def schwab_book():
    b = book()
    b["Accounts"] = [["Account", "Type", "Broker Account"], ["Indiv", "Taxable", "XXXX-4567"]]
    return b


def test_a_schwab_disallowed_loss_is_carried_to_the_sale_and_warned_of_on_its_transactions_row():
    f = parse_text("gains.csv", SCHWAB_REALIZED)
    qqq, arkk = f.trades
    assert (qqq.disallowed, arkk.disallowed) == (400.0, 0.0)
    plan = plan_import(schwab_book(), [f])
    assert plan.ok
    (warning,) = [i for i in plan.follow_up if "disallowed" in i.message]
    # the QQQ Sell is the first row written under the header: Transactions!A2
    assert (warning.severity.value, warning.location) == ("Warning", "Transactions!A2")
    # 20 x $500 - $11,000 = -$1,000 counted; the 1099-B's allowed loss is -$1,000 + $400 = -$600 (Form 8949
    # instructions: code W, +$400 in column (g)); held 2025-02-03 -> 2026-11-13, more than a year: LT
    for text in ("$400.00", "-$1,000.00", "-$600.00", "Realized LT YTD", "code W", "+$400.00 in column (g)",
                 "2026-10-14 through 2026-12-13"):  # 30 days either side of 2026-11-13 (IRC §1091(a))
        assert text in warning.message, text
    # re-importing the same file adds nothing, but says it again (the row is still short of the $400)
    again = apply_to_values(schwab_book(), plan)
    plan2 = plan_import(again, [f])
    assert plan2.trades_added == 0 and [i.location for i in plan2.follow_up if "disallowed" in i.message] == [
        "Transactions!A2"]


def test_a_fidelity_disallowed_loss_is_warned_of_too():
    f = parse_text("closed.csv", FIDELITY_REALIZED)
    (t,) = f.trades
    assert t.disallowed == 200.0
    plan = plan_import(book(), [f], account="Indiv")
    (warning,) = [i for i in plan.follow_up if "disallowed" in i.message]
    # $3,131 - $3,535 = -$404; allowed -$404 + $200 = -$204; 2026-03-04 -> 2026-11-16: short-term
    assert warning.message.startswith("Fidelity reports $200.00")
    assert "-$404.00" in warning.message and "-$204.00" in warning.message and "Realized ST YTD" in warning.message


# --- F6: a wash-adjusted lot bought two days ago --------------------------------------------------

SCHWAB_WASH_LOTS = (
    '"VXUS Lot Details for Individual ...567 as of 11/20/2026 13:42:07 ET"\n'
    '"Open Date","Transaction Open","Quantity","Price","Cost/Share","Transaction CPS","Market Value","Cost Basis",'
    '"Transaction CB","Holding Period","Disallowed Loss",\n'
    '"01/10/2022","01/10/2022","800","$62.00","$64.50","$64.50","$49,600.00","$51,600.00","$51,600.00",'
    '"Long Term","$0.00",\n'
    '"02/03/2025","11/18/2026","100","$62.00","$67.80","$62.20","$6,200.00","$6,780.00","$6,220.00",'
    '"Long Term","$560.00",\n')


def with_as_of(b, day):
    b["Settings"] = [["Setting", "Value"], ["As Of", day]]
    return b


def test_a_wash_adjusted_lot_bought_recently_is_named_with_the_purchase_to_add():
    f = parse_text("VXUS.csv", SCHWAB_WASH_LOTS)
    plain, washed = f.lots
    # Schwab: Open Date 02/03/2025 is the adjusted date; Transaction Open 11/18/2026, $6,220 / 100 = $62.20
    assert (washed.bought, washed.bought_price, plain.bought) == (date(2026, 11, 18), 62.20, None)
    plan = plan_import(with_as_of(schwab_book(), date(2026, 11, 20)), [f])
    (warning,) = [i for i in plan.follow_up if "wash-adjusted" in i.message]
    # the plain lot goes to Lots row 2, the washed one to row 3; Acquired is column C
    assert (warning.severity.value, warning.location) == ("Warning", "Lots!C3")
    # bought 2026-11-18: a loss sale through 2026-11-18 + 30 = 2026-12-18 is washed by it (IRC §1091(a))
    for text in ("VXUS lot of 100 sh in Indiv", "bought on 2026-11-18 at $62.20/share", "through 2026-12-18",
                 "Wait until 2026-12-19", "Date 2026-11-18, Account Indiv, Symbol VXUS, Action Buy, Quantity 100, "
                 "Price 62.20"):
        assert text in warning.message, text


def test_no_purchase_warning_once_its_window_is_over():
    # As Of 2026-12-19 is after 2026-12-18, the last day the 11-18 purchase can wash a loss
    plan = plan_import(with_as_of(schwab_book(), date(2026, 12, 19)), [parse_text("VXUS.csv", SCHWAB_WASH_LOTS)])
    assert not [i for i in plan.follow_up if "wash-adjusted" in i.message]


def test_an_ibkr_washed_lot_whose_buy_is_in_the_file_is_told_apart_from_its_buy_row():
    plan = plan_import(with_as_of(book(), date(2026, 11, 20)), [parse_text("wash.xml", IBKR_WASH)])
    (warning,) = [i for i in plan.follow_up if "wash-adjusted" in i.message]
    assert "Interactive Brokers' adjusted date" in warning.message and "Its Buy row on Transactions" in warning.message
    assert "before 2026-12-13" in warning.message  # 2026-11-12 + 30 = 2026-12-12 is the last washing day


# --- F11: a Vanguard stock split and a transfer in ------------------------------------------------

VANGUARD = (
    "Account Number,Investment Name,Symbol,Shares,Share Price,Total Value,\n"
    "88776655,VANGUARD TOTAL STOCK MARKET ETF,VTI,76,165.00,12540.00,\n"
    "\n"
    "Account Number,Trade Date,Settlement Date,Transaction Type,Transaction Description,Investment Name,Symbol,"
    "Shares,Share Price,Principal Amount,Commission Fees,Net Amount,Accrued Interest,Account Type,\n"
    "88776655,2026-11-10,2026-11-10,Stock split,Stock split 2 for 1,VANGUARD TOTAL STOCK,VTI,33.0,0.0,0.0,0.0,0.0,0.0,"
    "CASH,\n"
    "88776655,2026-11-02,2026-11-03,Buy,Buy,VANGUARD TOTAL STOCK,VTI,3.0,328.00,-984.00,0.0,-984.00,0.0,CASH,\n"
    "88776655,2026-10-05,2026-10-05,Transfer (incoming),Transfer of assets,VANGUARD TOTAL STOCK,VTI,10.0,0.0,0.0,"
    "0.0,0.0,0.0,CASH,\n")


def test_a_vanguard_split_and_transfer_in_are_warned_of_with_file_line_and_what_to_do():
    f = parse_text("history.csv", VANGUARD)
    assert [(t.date, t.quantity, t.price) for t in f.trades] == [(date(2026, 11, 2), 3, 328.0)]  # kept as traded
    b = book()
    b["Accounts"] = [["Account", "Type", "Broker Account"], ["Indiv", "Taxable", "88776655"]]
    plan = plan_import(b, [f])
    split, transfer = [i for i in plan.follow_up if "history.csv" in i.location]
    assert (split.severity.value, split.location) == ("Warning", "history.csv, line 5")
    # "2 for 1": the 11-02 Buy of 3 sh at $328 is 6 sh at $164 after it (Treas. Reg. §1.1091-1 counts shares)
    assert "2026-11-02 Buy 3 sh at $328.00 -> 6 sh at $164.00" in split.message
    assert "quantity x 2, price / 2" in split.message and "before 2026-11-10" in split.message
    assert transfer.location == "history.csv, line 7"
    assert "10 sh of VTI transferred in on 2026-10-05" in transfer.message and "Add them to Lots" in transfer.message
