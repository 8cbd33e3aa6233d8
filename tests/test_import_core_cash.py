"""Fidelity's core money-market position (SPAXX**) is the account's cash (fe17 F8).

Hand-worked file (fe17 fid_pos.csv): FXAIX 120.5 sh ($26,510.00) and ``SPAXX** HELD IN MONEY MARKET``
with Current Value $1,500.00 in account Z12345678 (= Fido's Broker Account). The Accounts contract's
Cash is the account's uninvested cash, so: Cash blank -> 1,500.00 written in Accounts!D2 with a Note;
Cash typed (0 here) -> never overwritten, a Warning on D2 giving $1,500.00 and the cell; Cash already
1,500 -> nothing. Before the fix the row was skipped with only a Note and Cash stayed blank / 0.
"""

from __future__ import annotations

from taxrebal.workbook.importers import parse_text, plan_import
from taxrebal.workbook.importers.apply import apply_to_values

FILE = (
    "Account Number,Account Name,Symbol,Description,Quantity,Last Price,Last Price Change,Current Value,"
    "Today's Gain/Loss Dollar,Today's Gain/Loss Percent,Total Gain/Loss Dollar,Total Gain/Loss Percent,"
    "Percent Of Account,Cost Basis Total,Average Cost Basis,Type\n"
    'Z12345678,INDIVIDUAL,FXAIX,FIDELITY 500 INDEX FUND,120.5,$220.00,+$1.00,"$26,510.00",+$120.50,+0.45%,'
    '"+$6,510.00",+32.55%,60.00%,"$20,000.00",$165.98,Cash\n'
    'Z12345678,INDIVIDUAL,SPAXX**,HELD IN MONEY MARKET,,,,"$1,500.00",,,,,5.00%,,,Cash\n'
    'Z12345678,INDIVIDUAL,Pending Activity,,,,,"$200.00",,,,,,,,\n'
)


def book(cash):
    return {"Accounts": [["Account", "Type", "Owner", "Cash", "Broker Account"],
                         ["Fido", "Taxable", "Ed", cash, "Z12345678"]],
            "Securities": [["Symbol", "Asset Class", "Price"], ["FXAIX", "US", 210.0]],
            "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis", "Source", "Note"]]}


def run(cash):
    sheets = book(cash)
    plan = plan_import(sheets, [parse_text("fid_pos.csv", FILE, positions_as_lots=True)])
    return plan, apply_to_values(sheets, plan)["Accounts"][1][3]


def test_blank_cash_takes_the_money_market_amount():
    plan, cash = run(None)
    assert cash == 1500.00
    assert any("$1,500.00 of core money-market cash written in Accounts!D2" in n for n in plan.notes)


def test_typed_cash_is_never_overwritten_and_the_warning_gives_amount_and_cell():
    plan, cash = run(0)
    assert cash == 0
    [w] = [i for i in plan.follow_up if "money-market" in i.message]
    assert (w.sheet, w.cell) == ("Accounts", "D2")
    assert "holds $0.00" in w.message and "type 1500.00 in D2" in w.message


def test_the_same_amount_already_typed_says_nothing():
    plan, cash = run(1500)
    assert cash == 1500 and not [i for i in plan.follow_up if "money-market" in i.message]


def test_a_money_market_fund_held_as_lots_is_not_added_to_cash_too():
    """A user who lists SPAXX on Securities (class Cash, held on Lots) counts it there already."""
    sheets = book(None)
    sheets["Securities"].append(["SPAXX", "Cash", 1.0])
    plan = plan_import(sheets, [parse_text("fid_pos.csv", FILE, positions_as_lots=True)])
    assert apply_to_values(sheets, plan)["Accounts"][1][3] is None
    assert any("not added to Accounts Cash" in n for n in plan.notes)
