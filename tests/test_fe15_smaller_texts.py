"""fe15 finding F13, the smaller problems, each as its rule:

a. every Issues row names its cell (README: "sheet, cell (Lots!E7)"): the warning that a proposed sell
   sells more than its account holds after the plan names the row's Quantity cell, wherever that column
   is, not "Row 2:" in the text and an empty Cell;
b. a Proposed Trades date on which the NYSE is closed (a weekend, or an NYSE holiday: NYSE Rule 7.2,
   engine/wash_dates.py) gets a warning, as As Of does: no trade fills that day;
e. a note about buying within a wash-sale window says what the purchase does (it would wash the loss:
   IRC §1091(a) disallows the loss, and forbids no trade), never "Do not buy" / "Buy no";
f. the diagnosis naming the accounts whose menus bind is grammatical for one account.
"""

from __future__ import annotations

from datetime import date

import openpyxl
from reader_workbook import book

from taxrebal.cli import main
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings, Target
from taxrebal.errors import Severity
from taxrebal.workbook.reader import load_sheets

# --------------------------------------------------------------------------------------------- a.


def issues_of(path) -> list[tuple[str, str, str, str]]:
    ws = openpyxl.load_workbook(path, read_only=True)["Issues"]
    rows = [r for r in ws.iter_rows(values_only=True)]
    head = rows.index(("Severity", "Sheet", "Cell", "Message"))
    return [(r[0], r[1], r[2] or "", r[3]) for r in rows[head + 1:] if r[0] in ("Error", "Warning", "Info")]


def test_the_oversold_proposed_sell_names_its_quantity_cell(sample_workbook, tmp_path):
    # the sample: Proposed Trades row 2 sells 500 VXUS from Joint Brokerage, which the plan sells in full
    # (Trades step 7); Quantity is column E
    out = tmp_path / "out.xlsx"
    main(["run", str(sample_workbook), "-o", str(out)])
    rows = [r for r in issues_of(out) if r[1] == "Proposed Trades"]
    (oversold,) = [r for r in rows if "after the rebalancing plan" in r[3]]
    assert oversold[:3] == ("Warning", "Proposed Trades", "E2")
    assert oversold[3].startswith("Sells 500 VXUS from Joint Brokerage on 2026-11-23")
    assert all(r[2] for r in rows), rows  # no Proposed Trades row without its cell


def test_the_cell_follows_the_quantity_column_where_it_is(sample_workbook, tmp_path):
    # the same sheet with its columns in another order: Quantity first (column A), Date second
    wb = openpyxl.load_workbook(sample_workbook)
    ws = wb["Proposed Trades"]
    rows = [list(r) for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]
    order = [4, 0, 1, 2, 3, 5]  # Quantity, Date, Account, Symbol, Action, Price
    ws.delete_rows(1, ws.max_row)
    for r in rows:
        ws.append([r[i] for i in order])
    wb.save(sample_workbook)
    out = tmp_path / "out.xlsx"
    main(["run", str(sample_workbook), "-o", str(out)])
    (oversold,) = [r for r in issues_of(out) if "after the rebalancing plan" in r[3]]
    assert oversold[2] == "A2"


# --------------------------------------------------------------------------------------------- b.


def proposed(*days):
    return [["Date", "Account", "Symbol", "Action", "Quantity", "Price"]] + [
        [d, "Joint", "VTI", "Buy", 1, ""] for d in days]


def test_a_proposed_trade_on_a_day_the_nyse_is_closed_is_named():
    # As Of 2025-06-30 (tests/reader_workbook.py). Friday 2025-07-04: Independence Day, closed -> fills
    # Monday 2025-07-07. Saturday 2025-07-12 -> Monday 2025-07-14. Thanksgiving, Thursday 2025-11-27 ->
    # Friday 2025-11-28. Tuesday 2025-07-08 and Friday 2025-11-28 are trading days: no warning.
    r = load_sheets(book(Proposed_Trades=proposed("2025-07-04", "2025-07-08", "2025-07-12", "2025-11-27",
                                                  "2025-11-28")))
    closed = {i.cell: i.message for i in r.issues if i.sheet == "Proposed Trades" and "no trade fills" in i.message}
    assert set(closed) == {"A2", "A4", "A5"}
    assert all(i.severity is Severity.WARNING for i in r.issues if i.sheet == "Proposed Trades")
    assert closed["A2"].startswith("Date 2025-07-04 is a Friday, an NYSE holiday: no trade fills then.")
    assert "it fills on 2025-07-07 at the earliest" in closed["A2"]
    assert closed["A4"].startswith("Date 2025-07-12 is a Saturday: no trade fills then.")
    assert "it fills on 2025-07-14 at the earliest" in closed["A4"]
    assert "it fills on 2025-11-28 at the earliest" in closed["A5"]
    assert len(r.household.proposed_trades) == 5  # kept, checked as typed


# --------------------------------------------------------------------------------------------- e.


def harvest_household() -> Household:
    # Joint holds VTI lot T1: 100 shares bought 2020-01-02 for $30,000, worth 100 x $250 = $25,000: a
    # $5,000 long-term loss; ITOT is its replacement. Sold on As Of 2026-12-04, a purchase of VTI in any
    # account through 2027-01-03 (30 days after) washes it (IRC §1091(a)): 2027-01-04 is the first day
    # it does not, a Monday.
    return Household(
        accounts=(Account("Joint", "Taxable", cash=0.0), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "US Stocks", 250.0, replacements=("ITOT",)), Security("ITOT", "US Stocks", 120.0),
                    Security("BND", "Bonds", 70.0)),
        lots=(Lot("T1", "Joint", "VTI", date(2020, 1, 2), 100, 30_000.0),
              Lot("I1", "IRA", "BND", date(2019, 1, 2), 360, None)),
        targets=(Target("US Stocks", 0.5), Target("Bonds", 0.5)),
        settings=Settings(as_of=date(2026, 12, 4), filing_status=FilingStatus.SINGLE, ordinary_income=150_000.0))


def test_a_harvest_note_says_what_a_purchase_would_do_not_what_the_law_forbids():
    plan = plan_rebalance(harvest_household(), as_of=date(2026, 12, 4))
    (sell,) = [t for t in plan.trades if t.symbol == "VTI"]
    assert sell.realized_lt == -5_000.0
    assert ("Buying VTI or a substantially identical security in any account (IRAs included) before 2027-01-04, "
            "the first day you may buy, would wash this loss (wash sale, IRC §1091).") in sell.note
    for note in [t.note for t in plan.trades] + list(plan.notes):
        assert "Do not buy" not in note and "do not buy" not in note and "Buy no" not in note


# --------------------------------------------------------------------------------------------- f.


def test_one_menu_account_is_named_in_a_sentence_that_parses():
    # Work 401k (menu: FXAIX only) holds $20,000 of FXAIX; Brokerage has $1,000 of cash and may buy BND.
    # Against 50/50 targets (5-point bands) Bonds needs at least 45% of $21,000 = $9,450, and only the
    # 401(k) could buy that much: its menu alone keeps the band out of reach
    h = Household(
        accounts=(Account("Work 401k", "401(k)"), Account("Brokerage", "Taxable", cash=1_000.0)),
        securities=(Security("FXAIX", "US Stocks", 200.0), Security("FXNAX", "Bonds", 10.0),
                    Security("BND", "Bonds", 70.0)),
        lots=(Lot("K1", "Work 401k", "FXAIX", date(2019, 1, 2), 100, None),),
        targets=(Target("US Stocks", 0.5), Target("Bonds", 0.5)),
        settings=Settings(as_of=date(2026, 12, 4), filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0),
        menus={"Work 401k": frozenset({"FXAIX"})})
    said = " ".join(plan_rebalance(h, as_of=date(2026, 12, 4)).notes)
    assert "(the Menus sheet lists what Work 401k may buy)" in said, said
    assert "list what they may buy" not in said
