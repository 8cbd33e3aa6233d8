"""Each broker format, read from a fixture written from the header rows the brokers use, with their
quirks: title lines, quoted `$1,234.56`, trailing commas, Total rows and disclaimers below the data,
dates with times. Expected values are read off the fixture text by hand, not from our own code."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from taxrebal.engine.records import Action
from taxrebal.errors import BrokerFileError
from taxrebal.workbook.importers import parse_file, parse_text
from taxrebal.workbook.importers.text import account_in_title, csv_lines, parse_date, parse_money

FIX = Path(__file__).parent / "fixtures" / "brokers"


def test_schwab_lot_details_reads_title_symbol_account_lots_and_price_and_stops_at_total():
    f = parse_file(FIX / "schwab_VTI_lot_details.csv")
    assert (f.broker, f.account_number) == ("schwab-lots", "...567")
    assert [(x.acquired, x.quantity, x.cost_basis) for x in f.lots] == [
        (date(2012, 3, 15), 400, 28480.00), (date(2015, 8, 24), 200, 19600.00), (date(2025, 12, 10), 100, 33500.00),
        (date(2026, 1, 5), 60, 20310.00), (date(2026, 6, 15), 40, 12480.00)]
    assert {x.symbol for x in f.lots} == {"VTI"} and not any(x.wash_adjusted for x in f.lots)
    assert [(p.symbol, p.price) for p in f.prices] == [("VTI", 330.00)]
    assert f.snapshots == (("", "VTI"),)


def test_schwab_wash_variant_imports_the_adjusted_basis_and_date_and_keeps_the_original_in_the_note():
    f = parse_file(FIX / "schwab_VXUS_lot_details_wash.csv")
    adjusted = [x for x in f.lots if x.wash_adjusted]
    assert len(adjusted) == 1
    lot = adjusted[0]
    # "02/03/2025","11/18/2026","100",...,"$6,780.00","$6,220.00",...,"$560.00"
    assert (lot.acquired, lot.quantity, lot.cost_basis) == (date(2025, 2, 3), 100, 6780.00)
    assert "2026-11-18" in lot.note and "$6,220.00" in lot.note and "$560.00" in lot.note
    assert [x.quantity for x in f.lots if not x.wash_adjusted] == [800, 1200, 500]  # "1,200" with a comma


def test_schwab_realized_rows_become_sells_with_the_closed_lot_and_wash_note():
    f = parse_file(FIX / "schwab_realized_gain_loss.csv")
    assert f.broker == "schwab-realized" and f.account_number == "...567"
    ivv = next(t for t in f.trades if t.symbol == "IVV")
    assert (ivv.date, ivv.action, ivv.quantity, ivv.price, ivv.acquired, ivv.cost_basis) == (
        date(2026, 10, 28), Action.SELL, 40, 655.00, date(2026, 2, 2), 28000.00)
    assert "wash sale" in ivv.note and "$1,800.00" in ivv.note
    assert len(f.trades) == 3  # the Total row is not a trade


def test_fidelity_realized_strips_the_cusip_and_derives_the_price_from_proceeds():
    f = parse_file(FIX / "fidelity_realized_gain_loss.csv")
    assert f.broker == "fidelity-realized"
    assert [(t.symbol, t.quantity, t.price, t.acquired, t.cost_basis) for t in f.trades] == [
        ("VTI", 20, 6400.00 / 20, date(2018, 1, 2), 2760.00), ("VXUS", 50.5, 3131.00 / 50.5, date(2026, 3, 4), 3535.00)]


def test_fidelity_positions_give_prices_only_unless_the_user_confirms_one_lot_per_position():
    f = parse_file(FIX / "fidelity_positions.csv")
    assert f.lots == () and {p.symbol: p.price for p in f.prices} == {"VTI": 330.00, "VXUS": 62.00}
    assert any("--positions-as-lots" in n for n in f.notes)
    g = parse_file(FIX / "fidelity_positions.csv", positions_as_lots=True)
    assert [(x.symbol, x.quantity, x.cost_basis, x.acquired, x.account_number) for x in g.lots] == [
        ("VTI", 200, 27600.00, None, "Z12345678"), ("VXUS", 600, 38400.00, None, "Z12345678")]
    assert all("no tax lots" in x.note for x in g.lots)
    assert any("skipped" in n and "Pending" in n for n in g.notes)
    # the core money-market row is the account's cash, for Accounts Cash (fe17 F8: it was skipped)
    assert [(number, amount) for number, amount, _line, _what in g.cash] == [("Z12345678", 120.00)]


def test_ibkr_flex_reads_lot_level_positions_executions_and_closed_lots_and_skips_options():
    f = parse_file(FIX / "ibkr_flex.xml")
    assert f.broker == "ibkr-flex" and f.account_number == "U9081726"
    assert [(x.symbol, x.quantity, x.cost_basis, x.acquired) for x in f.lots] == [
        ("BND", 2200, 163020, date(2016, 5, 2)), ("SCHP", 1500, 41025, date(2020, 2, 18)),
        ("VOO", 100, 27010, date(2019, 7, 15)), ("VXUS", 150, 9270, date(2026, 11, 10))]
    # the IUSB sell of 300 appears once per closed lot (200 + 100), never also as the execution
    iusb = [t for t in f.trades if t.symbol == "IUSB"]
    assert [(t.quantity, t.acquired, t.cost_basis, t.price) for t in iusb] == [
        (200, date(2023, 3, 1), 9400, 45.9), (100, date(2024, 6, 12), 4700, 45.9)]
    assert any("OPT" in n for n in f.notes)
    assert f.snapshots == (("U9081726", "*"),)


def test_vanguard_reads_both_tables_and_skips_cash_movements():
    f = parse_file(FIX / "vanguard_transactions.csv")
    assert [(t.date, t.symbol, t.action, t.quantity, t.price, t.account_number) for t in f.trades] == [
        (date(2026, 11, 2), "VTI", Action.BUY, 3, 328.00, "88776655"),
        (date(2026, 10, 31), "BND", Action.REINVEST, 0.512, 72.10, "88776655")]
    assert {p.symbol: p.price for p in f.prices}["BND"] == 72.50
    assert any("Dividend x1" in n and "Sweep in x1" in n for n in f.notes)


def test_generic_csv_lots_and_transactions_by_the_workbook_column_names():
    lots = parse_file(FIX / "generic_lots.csv")
    assert [(x.symbol, x.quantity, x.cost_basis, x.account_number) for x in lots.lots] == [
        ("VOO", 150, 39750.00, "...567"), ("VOO", 1.118, 670.80, "...567"), ("VTEB", 40, 2000.00, "...567")]
    trades = parse_file(FIX / "generic_transactions.csv")
    assert [(t.action, t.quantity, t.account_number) for t in trades.trades] == [
        (Action.BUY, 5, "Daniel Roth IRA"), (Action.BUY, 5, "Daniel Roth IRA")]


def test_a_bad_cell_names_the_file_line_and_column():
    with pytest.raises(BrokerFileError) as info:
        parse_file(FIX / "bad_schwab_quantity.csv")
    assert (info.value.file, info.value.line, info.value.column) == ("bad_schwab_quantity.csv", 4, "Quantity")
    assert "'12,3x'" in str(info.value)


def test_an_unknown_file_and_a_binary_file_are_refused_with_what_is_supported():
    with pytest.raises(BrokerFileError, match="not a broker export.*Schwab"):
        parse_text("notes.csv", "Hello,World\n1,2\n")
    from taxrebal.workbook.importers.text import decode

    with pytest.raises(BrokerFileError, match="not a text"):
        decode(b"PK\x03\x04\x00\x00", "book.xlsx")


def test_damaged_and_hostile_xml_is_refused():
    with pytest.raises(BrokerFileError, match="damaged"):
        parse_text("flex.xml", "<FlexQueryResponse><FlexStatements><FlexStatement accountId='U1'>\n<Trades>\n<Trade")
    bomb = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            '<FlexQueryResponse><FlexStatement accountId="&b;"/></FlexQueryResponse>')
    with pytest.raises(BrokerFileError, match="entities"):
        parse_text("bomb.xml", bomb)


def test_a_forced_format_that_does_not_fit_says_which_header_is_missing():
    with pytest.raises(BrokerFileError, match="no Vanguard transactions header"):
        parse_file(FIX / "schwab_VTI_lot_details.csv", broker="vanguard")


@pytest.mark.parametrize("text, value", [
    ("$1,234.56", 1234.56), ("-$1,234.56", -1234.56), ("($5.00)", -5.0), ("$-5.00", -5.0), ("+$1.20", 1.2),
    ("--", None), ("", None), ("1,200", 1200.0), ("0.512", 0.512)])
def test_money_as_brokers_write_it(text, value):
    assert parse_money(text) == value


@pytest.mark.parametrize("text", ["12,3", "$", "1.2.3", "abc", "$1,23.00"])
def test_money_that_is_not(text):
    with pytest.raises(ValueError):
        parse_money(text)


@pytest.mark.parametrize("text, value", [
    ("09/24/2020 13:42:07", date(2020, 9, 24)), ("2025/05/04", date(2025, 5, 4)), ("2025-05-04", date(2025, 5, 4)),
    ("20250504;101500", date(2025, 5, 4)), ("20250504", date(2025, 5, 4)), ("Nov-20-2026", date(2026, 11, 20)),
    ("2026-11-13, 10:15:00", date(2026, 11, 13))])
def test_dates_as_brokers_write_them(text, value):
    assert parse_date(text) == value


def test_account_numbers_in_title_lines():
    for title, number in [('"VTI Lot Details for Individual ...567 as of 09/24/2020 13:42:07 ET"', "...567"),
                          ('"Positions for account Individual ...123 as of 12:33 PM ET, 2025/05/04"', "...123"),
                          ('"Realized Gain/Loss for XXXX-1234 from 01/01/2026"', "XXXX-1234"),
                          ("Account: Z12345678", "Z12345678")]:
        lines = csv_lines(title + "\n", "t.csv")
        assert account_in_title(lines, 1) == number, title


def test_ibkr_order_level_trades_are_used_when_the_query_has_no_executions():
    xml = ('<FlexQueryResponse><FlexStatements><FlexStatement accountId="U5"><Trades>\n'
           '<Trade accountId="U5" assetCategory="STK" symbol="VTI" tradeDate="2026-11-13" buySell="BUY" quantity="7" '
           'tradePrice="329.5" levelOfDetail="ORDER" />\n'
           '<Trade accountId="U5" assetCategory="STK" symbol="VTI" tradeDate="2026-11-13" buySell="BUY" quantity="7" '
           'tradePrice="329.5" levelOfDetail="SYMBOL_SUMMARY" />\n'
           '</Trades></FlexStatement></FlexStatements></FlexQueryResponse>')
    f = parse_text("orders.xml", xml)
    assert [(t.date, t.quantity, t.price) for t in f.trades] == [(date(2026, 11, 13), 7, 329.5)]


def test_a_damaged_flex_row_names_its_line_and_attribute():
    xml = ('<FlexQueryResponse><FlexStatements><FlexStatement accountId="U5"><OpenPositions>\n'
           '<OpenPosition assetCategory="STK" symbol="VTI" position="1O" levelOfDetail="LOT" costBasisMoney="5" '
           'openDateTime="20200101" />\n'
           '</OpenPositions></FlexStatement></FlexStatements></FlexQueryResponse>')
    with pytest.raises(BrokerFileError) as info:
        parse_text("f.xml", xml)
    assert (info.value.line, info.value.column) == (2, "position") and "'1O'" in str(info.value)


def test_various_acquisition_dates_on_a_closed_lot_are_unknown_not_an_error():
    text = ('Symbol(CUSIP),Security Description,Quantity,Date Acquired,Date Sold,Proceeds,Cost Basis,'
            'Short Term Gain/Loss,Long Term '
            'Gain/Loss\nVTI(922908769),VTI,3,VARIOUS,11/02/2026,$990.00,$900.00,,$90.00\n')
    (t,) = parse_text("r.csv", text).trades
    assert t.acquired is None and t.cost_basis == 900.0


_SCHWAB_LOTS_BODY = ("Open Date,Quantity,Price,Cost/Share,Market Value,Cost Basis,Gain/Loss $,Gain/Loss %,"
                     "Holding Period\n"
                     "03/10/2015,200,$330.00,$105.00,\"$66,000.00\",\"$21,000.00\",\"$45,000.00\",214.29%,Long Term\n")


def test_schwab_title_with_the_symbol_after_for_names_the_symbol():
    f = parse_text("vti.csv", '"Lot Details for VTI as of 12/02/2026"\n' + _SCHWAB_LOTS_BODY)
    assert [(x.symbol, x.acquired, x.quantity, x.cost_basis) for x in f.lots] == [
        ("VTI", date(2015, 3, 10), 200, 21000.00)]


def test_schwab_title_without_a_symbol_is_quoted_in_the_error_with_the_fix():
    # "...4411" is an account number, not a symbol: the error must not claim there is no title line.
    with pytest.raises(BrokerFileError) as caught:
        parse_text("w.csv", '"Lot Details for ...4411 as of 12/02/2026"\n' + _SCHWAB_LOTS_BODY)
    message = str(caught.value)
    assert 'the title line "Lot Details for ...4411 as of 12/02/2026" does not name the symbol' in message
    assert "type the symbol at the start of the file's first line" in message


def test_a_negative_quantity_bought_is_an_error_naming_the_file_line_and_column():
    # fe5 finding 15: "Bought,-5" was imported as a Buy of 5 without a word; a reversal read as a purchase
    # could make a wash sale that never happened (IRC §1091). A Sell's minus sign (shares out) is kept.
    text = "Date,Account,Symbol,Action,Quantity,Price\n2026-11-27,Roth,VXUS,Bought,-5,64.8\n"
    with pytest.raises(BrokerFileError) as info:
        parse_text("negq2.csv", text)
    assert (info.value.file, info.value.line, info.value.column) == ("negq2.csv", 2, "Quantity")
    assert "-5 on a Buy row" in str(info.value)
    sold = parse_text("sold.csv", "Date,Account,Symbol,Action,Quantity,Price\n2026-11-27,Roth,VXUS,Sold,-6,64.8\n")
    assert [(t.action, t.quantity) for t in sold.trades] == [(Action.SELL, 6)]


def test_schwab_lots_with_a_disallowed_loss_column_alone_are_wash_adjusted():
    # fe14 F10: a lot-details export with "Disallowed Loss" but no Transaction columns; its $120.00 dropped
    # without a word would be added to the basis a second time when the loss sale is on Transactions
    # (IRC §1091(d) applied twice)
    text = ('"VXUS Lot Details for Brokerage XXXX-1234 as of 12/01/2026 04:00 PM ET"\n'
            '"Open Date","Quantity","Price","Cost/Share","Market Value","Cost Basis","Gain/Loss $","Gain/Loss %",'
            '"Holding Period","Disallowed Loss"\n'
            '"11/20/2026","10","$60.00","$73.00","$600.00","$730.00","-$130.00","-17.81%","Long Term","$120.00"\n')
    f = parse_text("schwab_VXUS.csv", text)
    (lot,) = f.lots
    assert lot.wash_adjusted and lot.cost_basis == 730.00
    assert "disallowed loss added $120.00" in lot.note
