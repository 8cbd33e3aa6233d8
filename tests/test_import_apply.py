"""The import's rules on a workbook held as values: which rows it writes, replaces and never touches."""

from __future__ import annotations

from datetime import date

from taxrebal.engine.records import Action
from taxrebal.workbook.importers import BrokerFile, ImportedLot, ImportedPrice, ImportedTrade, plan_import
from taxrebal.workbook.importers.apply import account_key, apply_to_values

ACCOUNTS = [["Account", "Type", "Broker Account"], ["Joint", "Taxable", "XXXX-4567"],
            ["IRA", "Traditional IRA", "U7654321"],
            ["Roth", "Roth IRA", ""]]
SECURITIES = [["Symbol", "Asset Class", "Price"], ["VTI", "US", 300.0], ["BND", "Bonds", "=GOOGLEFINANCE(\"BND\")"]]
LOTS = [["Account", "Symbol", "Acquired", "Quantity", "Cost Basis", "Source"],
        ["Joint", "VTI", date(2020, 1, 2), 10, 1000.0, None]]  # typed by the user
TRANSACTIONS = [["Date", "Account", "Symbol", "Action", "Quantity", "Price"],
                [date(2026, 11, 2), "Joint", "VTI", "Buy", 3, 328.0]]


def book(**over):
    sheets = {"Accounts": ACCOUNTS, "Securities": SECURITIES, "Lots": LOTS, "Transactions": TRANSACTIONS}
    sheets.update(over)
    return {k: [list(r) for r in v] for k, v in sheets.items()}


def lots_file(*lots, account="...4567", name="VTI.csv", symbol="VTI"):
    return BrokerFile(name, "schwab-lots", "Schwab lot details", account, lots=tuple(lots),
                      snapshots=(("", symbol),))


def lot(q, basis=None, symbol="VTI", acquired=date(2021, 5, 6)):
    return ImportedLot(symbol, acquired, q, basis if basis is not None else q * 100.0)


def test_a_masked_number_matches_the_account_whose_number_ends_in_its_digits():
    plan = plan_import(book(), [lots_file(lot(5))])
    assert plan.ok
    rows = apply_to_values(book(), plan)["Lots"]
    assert rows[2][:5] == ["Joint", "VTI", date(2021, 5, 6), 5.0, 500.0]
    assert rows[2][5] == "schwab-lots VTI.csv"
    assert account_key("...4567") == ("4567", True) and account_key("U7654321") == ("U7654321", False)


def test_no_matching_account_blocks_the_import_and_writes_nothing():
    plan = plan_import(book(), [lots_file(lot(5), account="...9999")])
    assert not plan.ok and plan.writes == []
    assert "...9999" in plan.errors[0] and "Broker Account" in plan.errors[0] and "--account" in plan.errors[0]


def test_a_file_without_account_needs_account_and_account_overrides():
    assert "--account" in plan_import(book(), [lots_file(lot(5), account="")]).errors[0]
    plan = plan_import(book(), [lots_file(lot(5), account="")], account="roth")
    assert plan.ok and apply_to_values(book(), plan)["Lots"][2][0] == "Roth"
    assert not plan_import(book(), [lots_file(lot(5))], account="Nobody").ok


def test_reimporting_replaces_only_imported_rows_of_that_account_and_symbol_in_place():
    once = apply_to_values(book(), plan_import(book(), [lots_file(lot(5), lot(6))]))
    other = BrokerFile("BND.csv", "schwab-lots", "x", "...4567", lots=(lot(7, symbol="BND"),), snapshots=(("", "BND"),))
    twice = apply_to_values(once, plan_import(once, [other]))
    again = plan_import(twice, [lots_file(lot(8))])
    after = apply_to_values(twice, again)
    assert after["Lots"][1] == once["Lots"][1]  # the typed row: untouched
    assert [r[3] if len(r) > 3 else None for r in after["Lots"][2:]] == [8.0, None, 7.0]  # row 3 reused, row 4 cleared
    assert again.lots_replaced == 2


def test_typed_lots_of_the_same_holding_are_kept_and_flagged_as_possibly_counted_twice():
    plan = plan_import(book(), [lots_file(lot(5))])
    assert [i.location for i in plan.follow_up] == ["Lots!B2"]
    assert "counted twice" in plan.follow_up[0].message


def test_transactions_are_appended_once_even_against_typed_rows():
    trades = (ImportedTrade(date(2026, 11, 2), "VTI", Action.BUY, 3, 328.0),  # typed already
              ImportedTrade(date(2026, 11, 5), "VTI", Action.SELL, 2, 310.0, date(2020, 1, 2), 200.0, "n"),
              ImportedTrade(date(2026, 11, 5), "VTI", Action.SELL, 2, 310.0, date(2020, 1, 2), 200.0, "n"))
    f = BrokerFile("t.csv", "schwab-realized", "x", "...4567", trades=trades)
    plan = plan_import(book(), [f])
    assert (plan.trades_added, plan.trades_duplicate) == (2, 1)
    after = apply_to_values(book(), plan)
    again = plan_import(after, [f])
    assert (again.trades_added, again.trades_duplicate) == (0, 3)
    assert after["Transactions"][0][6:] == ["Acquired", "Cost Basis", "Source", "Note"]


def test_prices_update_securities_but_never_a_formula_and_new_symbols_ask_for_their_class():
    f = BrokerFile("p.csv", "generic", "x", "...4567", lots=(lot(1, symbol="VXF"),),
                   prices=(ImportedPrice("VTI", 330.0), ImportedPrice("BND", 72.5),
                           ImportedPrice("VXF", 190.0, "=cmd|x")),
                   snapshots=(("", "VXF"),))
    plan = plan_import(book(), [f])
    after = apply_to_values(book(), plan)["Securities"]
    assert after[1][2] == 330.0 and after[2][2] == '=GOOGLEFINANCE("BND")'
    assert after[3][:3] == ["VXF", None, 190.0] and after[3][3] == "=cmd|x"
    assert [i.location for i in plan.follow_up] == ["Securities!B4"]
    assert any("formula" in n for n in plan.notes)
    text_writes = [w for w in plan.writes if w.value == "=cmd|x"]
    assert text_writes and all(w.kind == "text" for w in text_writes)


def test_two_files_covering_the_same_holding_are_refused():
    plan = plan_import(book(), [lots_file(lot(1), name="a.csv"), lots_file(lot(2), name="b.csv")])
    assert not plan.ok and "a.csv and b.csv" in plan.errors[0]


def test_a_whole_account_snapshot_removes_imported_symbols_no_longer_held():
    ib = BrokerFile("f.xml", "ibkr-flex", "x", "U7654321", lots=(lot(1, symbol="VTI"), lot(2, symbol="BND")),
                    snapshots=(("U7654321", "*"),))
    once = apply_to_values(book(), plan_import(book(), [ib]))
    sold = BrokerFile("f.xml", "ibkr-flex", "x", "U7654321", lots=(lot(2, symbol="BND"),),
                      snapshots=(("U7654321", "*"),))
    after = apply_to_values(once, plan_import(once, [sold]))
    held = [(r[0], r[1], r[3]) for r in after["Lots"][1:] if len(r) > 3 and r[0]]
    assert held == [("Joint", "VTI", 10), ("IRA", "BND", 2.0)]


def test_a_missing_transactions_sheet_is_created_with_its_headers():
    sheets = book()
    del sheets["Transactions"]
    f = BrokerFile("t.csv", "x", "x", "U7654321", trades=(ImportedTrade(date(2026, 11, 5), "VTI", Action.BUY, 1, 1.0),))
    plan = plan_import(sheets, [f])
    after = apply_to_values(sheets, plan)
    assert plan.new_sheets == ["Transactions"] and after["Transactions"][0][:3] == ["Date", "Account", "Symbol"]
    assert after["Transactions"][1][:4] == [date(2026, 11, 5), "IRA", "VTI", "Buy"]


def test_a_new_symbol_without_its_class_is_judged_as_check_will_judge_it_and_again_on_reimport():
    # Lots of a security with no Asset Class cannot be counted (check: an error on each lot); a trade
    # of it is only left out of the wash-sale check (check: a warning). The import says the same, and
    # says it again when the same file is imported before the class is typed.
    new_lots = BrokerFile("VXUS.csv", "schwab-lots", "x", "...4567", lots=(lot(5, symbol="VXUS"),),
                          snapshots=(("", "VXUS"),))
    first = plan_import(book(), [new_lots])
    assert [(i.severity.value, i.location) for i in first.follow_up] == [("Error", "Securities!B4")]
    again = plan_import(apply_to_values(book(), first), [new_lots])
    assert [(i.severity.value, i.location) for i in again.follow_up] == [("Error", "Securities!B4")]
    assert "no Asset Class yet" in again.follow_up[0].message
    trade = BrokerFile("t.csv", "schwab-realized", "x", "...4567",
                       trades=(ImportedTrade(date(2026, 11, 2), "BNDX", Action.BUY, 3, 50.0),))
    assert [i.severity.value for i in plan_import(book(), [trade]).follow_up] == ["Warning"]


def test_importing_the_same_file_twice_writes_nothing_the_second_time():
    f = lots_file(lot(5), lot(6))
    once = apply_to_values(book(), plan_import(book(), [f]))
    again = plan_import(once, [f])
    assert again.ok and again.unchanged and again.writes == []


def test_the_import_finds_headers_by_the_readers_rule_so_check_reads_what_it_wrote():
    from taxrebal.workbook.reader import load_sheets

    # a title row above the header, headers in other spellings and order (Ticker, Shares, Acct)
    lots = [["My lots, as of November"], [],
            ["Ticker", "Shares", "Acct", "Acquired", "Cost Basis", "Source"],
            ["VTI", 10, "Joint", date(2020, 1, 2), 1000.0, None]]
    sheets = book(Lots=lots, Settings=[["Setting", "Value"], ["As Of", date(2026, 11, 20)],
                                       ["Filing Status", "Single"], ["Ordinary Income", 0]],
                  Targets=[["Asset Class", "Target"], ["US", 100]])
    sheets["Securities"] = [["Symbol", "Asset Class", "Price"], ["VTI", "US", 300.0]]
    after = apply_to_values(sheets, plan_import(sheets, [lots_file(lot(5))]))
    assert after["Lots"][4][:5] == ["VTI", 5.0, "Joint", date(2021, 5, 6), 500.0]
    read = load_sheets(after)
    assert [(x.symbol, x.quantity, x.account) for x in read.household.lots] == [("VTI", 10.0, "Joint"),
                                                                              ("VTI", 5.0, "Joint")]
