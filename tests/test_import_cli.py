"""``taxrebal import`` on real .xlsx files: what changes in the workbook, what never does, and the
round trip import -> run on the sample household."""

from __future__ import annotations

import hashlib
import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from taxrebal.cli import main
from taxrebal.workbook.template import build_sample

FIX = Path(__file__).parent / "fixtures" / "brokers"


def cells(path, sheet):
    ws = openpyxl.load_workbook(path)[sheet]
    return {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None}


@pytest.fixture()
def sample(tmp_path):
    """The sample household with the typed Joint Brokerage VTI/VXUS lots removed (the broker files
    bring them) and Broker Account numbers filled in."""
    wb = build_sample()
    lots = wb["Lots"]
    for row in lots.iter_rows(min_row=2):
        if row[1].value == "Joint Brokerage" and row[2].value in ("VTI", "VXUS"):
            for c in row:
                c.value = None
    accounts = wb["Accounts"]
    numbers = {"Joint Brokerage": "5123-4567", "Maria Traditional IRA": "U9081726", "Family HSA": "88776655"}
    head = [c.value for c in accounts[1]]
    col = head.index("Broker Account") + 1
    for row in accounts.iter_rows(min_row=2):
        if row[0].value in numbers:
            accounts.cell(row=row[0].row, column=col, value=numbers[row[0].value])
    path = tmp_path / "household.xlsx"
    wb.save(path)
    return path


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_import_writes_lots_transactions_and_prices_and_leaves_every_other_cell_alone(sample, tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    before = {s: cells(sample, s) for s in ("Accounts", "Securities", "Lots", "Transactions", "Targets", "Settings")}
    code = main(["import", str(sample), str(FIX / "schwab_VTI_lot_details.csv"),
                 str(FIX / "schwab_VXUS_lot_details_wash.csv"), str(FIX / "schwab_realized_gain_loss.csv"),
                 str(FIX / "vanguard_transactions.csv"), "-o", str(out)])
    text = capsys.readouterr().out
    assert code == 0, text
    after = {s: cells(out, s) for s in before}
    for s in ("Accounts", "Targets", "Settings"):
        assert after[s] == before[s], s
    # every cell the user had on Lots, Transactions and Securities is still there, same value ...
    for s in ("Lots", "Transactions"):
        assert all(after[s].get(k) == v for k, v in before[s].items()), s
    # ... except the prices the files brought
    changed = {k for k, v in before["Securities"].items() if after["Securities"].get(k) != v}
    assert changed == set()  # the sample's VTI 330, VXUS 62, BND 72.50 already equal the files' prices
    lots = openpyxl.load_workbook(out)["Lots"]
    head = [c.value for c in lots[1]]
    rows = [dict(zip(head, (c.value for c in r))) for r in lots.iter_rows(min_row=2)]
    imported = [r for r in rows if r["Source"]]
    assert len(imported) == 9 and {r["Source"] for r in imported} == {
        "schwab-lots schwab_VTI_lot_details.csv", "schwab-lots schwab_VXUS_lot_details_wash.csv"}
    wash = [r for r in imported if r["Wash Adjusted"] == "Y"]
    assert len(wash) == 1 and wash[0]["Cost Basis"] == 6780.00 and wash[0]["Acquired"] == datetime(2025, 2, 3)
    assert "Imported into" in text and "Dividend x1" in text
    # the realized file's IVV and VXUS sells and Vanguard's VTI buy were typed already; VOO and BND are new
    tx = openpyxl.load_workbook(out)["Transactions"]
    sources = [r[9].value for r in tx.iter_rows(min_row=2) if len(r) > 9]
    assert sorted(s for s in sources if s) == ["schwab-realized schwab_realized_gain_loss.csv",
                                               "vanguard vanguard_transactions.csv"]
    # the table grew over the new rows
    assert lots.tables["tblLots"].ref.endswith(str(lots.max_row))

    code = main(["run", str(out), "--only", "validate"])
    report = capsys.readouterr().out
    assert code == 0, report


def test_reimporting_the_same_files_changes_no_cell(sample, tmp_path, capsys):
    files = [str(FIX / "schwab_VTI_lot_details.csv"), str(FIX / "ibkr_flex.xml"), str(FIX / "generic_lots.csv")]
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    main(["import", str(sample), *files, "-o", str(once)])
    main(["import", str(once), *files, "-o", str(twice)])
    capsys.readouterr()
    for s in ("Accounts", "Securities", "Lots", "Transactions"):
        assert cells(twice, s) == cells(once, s), s


def test_text_from_a_file_is_stored_as_text_never_a_formula(sample, tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    code = main(["import", str(sample), str(FIX / "generic_lots.csv"), "-o", str(out)])
    text = capsys.readouterr().out
    assert code == 1 and "Securities!B18" in text and "VTEB" in text  # the new symbol's Asset Class to fill
    ws = openpyxl.load_workbook(out)["Securities"]
    name = next(r[3] for r in ws.iter_rows(min_row=2) if r[0].value == "VTEB")
    assert name.value == '=HYPERLINK("http://evil.example")' and name.data_type == "s"


def test_a_bad_file_writes_nothing_and_names_file_line_and_column(sample, tmp_path, capsys):
    before = digest(sample)
    code = main(["import", str(sample), str(FIX / "schwab_VTI_lot_details.csv"), str(FIX / "bad_schwab_quantity.csv")])
    err = capsys.readouterr().err
    assert code == 1
    assert 'bad_schwab_quantity.csv, line 4, column "Quantity"' in err and "Nothing was imported" in err
    assert digest(sample) == before and not sample.with_name("household.bak.xlsx").exists()


def test_an_unknown_account_writes_nothing(sample, tmp_path, capsys):
    before = digest(sample)
    code = main(["import", str(sample), str(FIX / "fidelity_realized_gain_loss.csv")])
    assert code == 1 and "--account" in capsys.readouterr().err
    assert digest(sample) == before


def test_in_place_import_keeps_a_backup(sample, capsys):
    original = sample.read_bytes()
    code = main(["import", str(sample), str(FIX / "fidelity_positions.csv"), "--account", "Daniel Roth IRA",
                 "--positions-as-lots"])
    out = capsys.readouterr().out
    # the sample typed for the same holdings: a warning (they may be other shares), as `check` says
    assert code == 0 and "Warning: Lots!C17: VTI in Daniel Roth IRA" in out and "counted twice" in out
    assert sample.with_name("household.bak.xlsx").read_bytes() == original
    lots = cells(sample, "Lots")
    assert "Fidelity positions file: one lot per position" in " ".join(str(v) for v in lots.values())


def test_round_trip_import_then_run_on_the_sample_household(sample, tmp_path, capsys):
    shutil.copy(sample, tmp_path / "book.xlsx")
    book = tmp_path / "book.xlsx"
    code = main(["import", str(book), str(FIX / "schwab_VTI_lot_details.csv"),
                 str(FIX / "schwab_VXUS_lot_details_wash.csv")])
    assert code == 0, capsys.readouterr()
    code = main(["run", str(book), "--only", "allocation"])
    out = capsys.readouterr().out
    assert code == 0, out
    # the broker's lots replaced the typed ones one for one: VTI 800 shares + VXUS 2,600 (one more
    # lot of 100 than the sample typed), so US Stocks holds the same VTI value as before
    wb = openpyxl.load_workbook(book)
    assert "Allocation" in wb.sheetnames


def test_round_trip_import_run_orders_gives_tickets_for_the_imported_lots(sample, tmp_path, capsys):
    book = tmp_path / "book.xlsx"
    shutil.copy(sample, book)
    assert main(["import", str(book), str(FIX / "schwab_VTI_lot_details.csv"),
                 str(FIX / "schwab_VXUS_lot_details_wash.csv"), str(FIX / "vanguard_transactions.csv")]) == 0
    assert main(["run", str(book)]) in (0, 1)
    capsys.readouterr()
    wb = openpyxl.load_workbook(book)
    lots = wb["Lots"]
    head = [c.value for c in lots[1]]
    imported_rows = {f"Lots!{r[0].row}": dict(zip(head, (c.value for c in r)))
                     for r in lots.iter_rows(min_row=2) if r[head.index("Source")].value}
    orders = [r for r in wb["Orders"].iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(orders) if r[0] == "Specific lots to choose on the sell tickets") + 2
    head = orders[start - 1]
    lot_rows = []
    for r in orders[start:]:  # the table ends at the first blank row (the cash table follows)
        if not r[0]:
            break
        lot_rows.append(dict(zip(head, r)))
    joint = [r for r in lot_rows if r["Account"] == "Joint Brokerage" and r["Symbol"] in ("VTI", "VXUS")]
    assert joint, "the plan sells VTI or VXUS in the taxable account"
    for symbol, open_date, cost, lot_id in ((r["Symbol"], r["Lot Open Date"], r["Cost Per Share"], r["Lot ID"])
                                            for r in joint):
        row = imported_rows[lot_id]  # the ticket names the imported lot's generated id
        assert (row["Symbol"], row["Acquired"]) == (symbol, open_date)
        assert cost == pytest.approx(row["Cost Basis"] / row["Quantity"], abs=1e-4)
    assert main(["orders", str(book), "-o", str(tmp_path)]) == 0
    assert (tmp_path / "orders-joint-brokerage.csv").read_text().count(",Lot,") == len(
        [r for r in lot_rows if r["Account"] == "Joint Brokerage"])


def test_import_and_check_agree_and_a_second_import_of_the_same_file_changes_nothing(sample, capsys):
    from taxrebal.workbook.reader import load_workbook_file

    args = ["import", str(sample), str(FIX / "fidelity_positions.csv"), "--account", "Daniel Roth IRA",
            "--positions-as-lots"]
    assert main(args) == 0
    said = [line.strip() for line in capsys.readouterr().out.splitlines() if line.strip().startswith("Warning: Lots")]
    checked = load_workbook_file(sample)
    # what the import warned of is what check (and run's Issues sheet) says: same cells, same words
    assert said and said == [f"Warning: {i.location}: {i.message}" for i in checked.warnings if i.sheet == "Lots"]
    assert checked.ok

    before = digest(sample)
    backup = sample.with_name("household.bak.xlsx").read_bytes()
    assert main(args) == 0  # again: idempotent, and it says so
    out = capsys.readouterr().out
    assert "Nothing changed" in out and "imported before" in out
    assert digest(sample) == before and sample.with_name("household.bak.xlsx").read_bytes() == backup


def test_a_file_error_is_a_sentence_before_nothing_was_imported(sample, tmp_path, capsys):
    bad = tmp_path / "baddate.csv"
    bad.write_text("Date,Account,Symbol,Action,Quantity,Price\n2026-13-45,Roth,VXUS,Bought,3,64.8\n")
    assert main(["import", str(sample), str(bad), "-o", str(tmp_path / "out.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "Nothing was imported" in err
    before = err.split(" Nothing was imported")[0]
    assert before.endswith("."), err
