"""A run that stops on input errors removes the result sheets of an earlier run (owned sheets only)
and says so; a run that goes ahead replaces only the sheets of the steps it runs."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl

from taxrebal.cli import EXIT_INPUT, EXIT_OK, main
from taxrebal.errors import NotOwnedSheetError, Severity
from taxrebal.pipeline import run_book
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results import INPUT_SHEETS, OWNED_MARKER

AS_OF = date(2026, 11, 20)
REMOVED = ("Removed the results of an earlier run ({}) because they no longer match the inputs; "
           "fix the errors above and run again.")


def sheets(target_bonds=40):
    """A two-account household; ``target_bonds=30`` makes the targets add up to 90% (an error)."""
    return {
        "Accounts": [["Account", "Type"], ["Brokerage", "Taxable"], ["IRA", "Traditional IRA"]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["STK", "Stocks", 100], ["BND", "Bonds", 50]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["L1", "Brokerage", "STK", date(2020, 1, 2), 700, 40000], ["L2", "IRA", "BND", None, 600, None]],
        "Targets": [["Asset Class", "Target"], ["Stocks", 0.6], ["Bonds", target_bonds / 100]],
        "Settings": [["Setting", "Value"], ["As Of", AS_OF], ["Filing Status", "Single"], ["Ordinary Income", 0]],
    }


def run(book, loader, command="all"):
    return run_book(book, loader, command=command, run_time=datetime(2026, 11, 20, 9, 0), default_as_of=None,
                    source_name="test")


def book_after_an_earlier_run():
    """Inputs, a user's own "My Notes" sheet, and the owned sheets an earlier full run left."""
    book = MemoryBook(INPUT_SHEETS + ("My Notes",))
    for name in ("Issues", "Allocation", "Trades", "Harvest", "Run Info"):
        book.write_sheet(name, [])
    return book


def owned(book):
    return [n for n in book.sheet_names() if book.is_owned(n)]


def test_input_errors_remove_the_earlier_results_and_an_info_row_lists_them():
    book = book_after_an_earlier_run()
    out = run(book, sheets(target_bonds=30))
    assert not out.loaded and out.exit_code == 1
    assert owned(book) == ["Issues", "Run Info"]
    assert book.sheet_names() == list(INPUT_SHEETS) + ["My Notes", "Issues", "Run Info"]  # user's sheet kept
    rows = book.tables("Issues")[0].rows
    assert rows[0][0] == "Error" and rows[0][1] == "Targets"  # the errors come first ("above")
    info = [r for r in rows if r[0] == "Info" and r[3].startswith("Removed")]
    assert [r[3] for r in info] == [REMOVED.format("Allocation, Trades, Harvest")]
    assert out.results.removed_results == ("Allocation", "Trades", "Harvest")
    assert dict(book.tables("Run Info")[0].rows)["Status"].startswith("Stopped")


def test_any_command_that_stops_on_input_errors_removes_every_earlier_result():
    # --only allocation on a broken workbook: the Trades of an earlier run no longer match either.
    book = book_after_an_earlier_run()
    run(book, sheets(target_bonds=30), command="allocation")
    assert owned(book) == ["Issues", "Run Info"]


def test_nothing_to_remove_adds_no_row():
    book = MemoryBook(INPUT_SHEETS)
    out = run(book, sheets(target_bonds=30))
    assert not any(i.message.startswith("Removed") for i in out.issues)
    assert out.results.removed_results == ()


def test_a_command_that_runs_some_steps_removes_the_other_steps_earlier_sheets():
    # fe11 finding 25: an earlier run's Trades and Harvest were computed from that run's inputs and
    # As Of; left beside this run's Allocation they would look current
    book = book_after_an_earlier_run()
    out = run(book, sheets(), command="allocation")
    assert out.ok and out.steps_run == ("allocation",)
    assert owned(book) == ["Issues", "Allocation", "Run Info"]
    assert book.sheet("Allocation").writes == 2
    assert out.results.removed_results == ("Trades", "Harvest")


class _StuckBook(MemoryBook):
    """A book whose Harvest sheet cannot be removed (e.g. a live workbook that refuses)."""

    def remove_sheet(self, name: str) -> None:
        if name == "Harvest":
            raise NotOwnedSheetError("Harvest is protected; unprotect it")
        super().remove_sheet(name)


def test_a_sheet_that_cannot_be_removed_is_a_warning_naming_it():
    book = _StuckBook(INPUT_SHEETS)
    for name in ("Allocation", "Harvest"):
        book.write_sheet(name, [])
    out = run(book, sheets(target_bonds=30))
    assert owned(book) == ["Issues", "Harvest", "Run Info"]
    warning = next(i for i in out.issues if i.severity is Severity.WARNING and i.sheet == "Harvest")
    assert "could not be removed" in warning.message and "delete it by hand" in warning.message
    assert any(i.message == REMOVED.format("Allocation") for i in out.issues)


# ------------------------------------------------------------------------------ command line, end to end

def owned_sheets(path):
    wb = openpyxl.load_workbook(path)
    return [ws.title for ws in wb.worksheets if OWNED_MARKER in ws.defined_names]


def test_cli_second_run_with_a_broken_input_removes_the_first_runs_results(sample_workbook, capsys):
    assert main(["run", str(sample_workbook)]) == EXIT_OK
    first = owned_sheets(sample_workbook)
    assert {"Allocation", "Trades", "Harvest", "Wash Sales"} <= set(first)
    wb = openpyxl.load_workbook(sample_workbook)
    wb["Targets"]["B2"] = 0.30  # US Stocks 30% instead of 40%: targets add up to 90%
    wb.create_sheet("My Notes")["A1"] = "call the adviser about Trades"
    wb.save(sample_workbook)
    capsys.readouterr()

    assert main(["run", str(sample_workbook)]) == EXIT_INPUT
    printed = capsys.readouterr().out
    assert owned_sheets(sample_workbook) == ["Issues", "Run Info"]
    wb = openpyxl.load_workbook(sample_workbook)
    assert wb["My Notes"]["A1"].value == "call the adviser about Trades"
    assert [n for n in wb.sheetnames if n in INPUT_SHEETS] == list(INPUT_SHEETS)
    stale = [n for n in first if n not in ("Issues", "Run Info")]
    message = REMOVED.format(", ".join(stale))
    issues = [r for r in wb["Issues"].iter_rows(values_only=True)]
    assert any(r[0] == "Info" and message in r for r in issues), issues
    assert "Removed the results of an earlier run (Allocation, Trades" in printed


def kept_warnings(out):
    return [i.message for i in out.issues if i.severity is Severity.WARNING and i.message.startswith("Kept")]


def test_a_partial_run_names_the_earlier_results_it_removed():
    book = book_after_an_earlier_run()
    out = run(book, sheets(), command="allocation")
    assert out.ok and kept_warnings(out) == []
    (info,) = [i.message for i in out.issues if i.message.startswith("Removed")]
    # Allocation was rewritten by this run, so only Trades and Harvest are stale; the user's own sheet
    # and the input sheets are never named.
    assert info.startswith("Removed the results of an earlier run that this one (allocation) did not "
                           "recompute: Trades, Harvest. ")
    assert "My Notes" in book.sheet_names() and "My Notes" not in info and "Allocation" not in info


def test_a_partial_run_that_cannot_remove_a_stale_sheet_warns_it_is_stale():
    book = _StuckBook(INPUT_SHEETS)
    for name in ("Issues", "Allocation", "Harvest", "Run Info"):
        book.write_sheet(name, [])
    out = run(book, sheets(), command="allocation")
    (warning,) = kept_warnings(out)
    assert "not recomputed by this one (allocation): Harvest could not be removed" in warning


def test_a_full_run_leaves_nothing_stale_to_warn_about():
    book = book_after_an_earlier_run()
    out = run(book, sheets(), command="all")
    assert kept_warnings(out) == [] and not any(i.message.startswith("Removed") for i in out.issues)


def test_cli_only_rebalance_after_a_full_run_removes_and_does_not_list_the_other_sheets(sample_workbook, capsys):
    # fe11 finding 25: a full run, then `--only rebalance` in place: Harvest and Lot Selection (not
    # recomputed) are gone, and the console's list of result sheets does not name them
    assert main(["run", str(sample_workbook)]) == EXIT_OK
    assert {"Harvest", "Lot Selection", "Trades"} <= set(owned_sheets(sample_workbook))
    capsys.readouterr()
    assert main(["run", str(sample_workbook), "--only", "rebalance"]) == EXIT_OK
    printed = capsys.readouterr().out
    after = owned_sheets(sample_workbook)
    assert "Trades" in after and "Harvest" not in after and "Lot Selection" not in after
    wrote = next(line for line in printed.splitlines() if line.startswith("Wrote "))
    assert "Harvest" not in wrote and "Lot Selection" not in wrote and "Trades" in wrote
    assert "Removed the results of an earlier run that this one did not recompute (" in printed
