"""Each pipeline step declares the result sheets it writes; the rest follows from the declarations.

* Each declared sheet goes right after another one; the chain from Issues is the order of the result
  sheets in the workbook (the layout the README shows), ending with Run Info, and a run writes them
  in that order. A declaration that breaks the chain is refused, naming the sheets.
* RESULT_SHEETS (the names the workbook layer recognises as results) holds exactly the declared
  sheets plus Issues and Run Info: no dead name, no undeclared sheet.
* A command writes exactly the sheets its steps declare (plus Issues and Run Info).
* The sheet a finished run opens on is Issues when anything failed, else the first sheet the
  command's first step declares: Trades after ``rebalance`` or ``all``, Allocation after ``allocation``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from input_sheets import two_account_sheets

from taxrebal import pipeline
from taxrebal.pipeline.sheets import Sheet, sheet_order
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results import INPUT_SHEETS, ISSUES_SHEET, RESULT_SHEETS, RUN_INFO_SHEET

#: The result sheets as the workbook shows them after the inputs (README, "Result sheets").
LAYOUT = ("Issues", "Allocation", "Trades", "Lot Sales", "Orders", "Tax-Drift Frontier", "Contributions Only",
          "Dividends", "Harvest", "Wash Sales", "Lot Selection", "Form 8949", "Run Info")


def run(command, target_bonds=40):
    book = MemoryBook(INPUT_SHEETS)
    outcome = pipeline.run_book(book, two_account_sheets(target_bonds), command=command,
                                run_time=datetime(2026, 11, 20, 9), default_as_of=None, source_name="test",
                                raise_internal=True)
    return book, outcome


def test_the_declared_places_chain_into_the_workbooks_layout():
    assert pipeline.result_order() == LAYOUT


def test_the_readme_lists_the_result_sheets_in_that_order():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Result sheets\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| ")]
    assert tuple(rows[1:]) == LAYOUT  # rows[0] is the header


def test_the_result_names_are_exactly_the_declared_sheets_and_the_reports():
    assert RESULT_SHEETS == set(pipeline.result_sheets()) | {ISSUES_SHEET, RUN_INFO_SHEET}


def test_a_run_places_its_sheets_in_the_declared_order_whatever_order_the_steps_write_them():
    book, outcome = run("all")
    assert outcome.ok, outcome.errors
    assert book.sheet_names() == [*INPUT_SHEETS, *LAYOUT]
    book, outcome = run("harvest")  # only Wash Sales, Form 8949 and Harvest: Harvest before Wash Sales
    assert [n for n in book.sheet_names() if book.is_owned(n)] == ["Issues", "Harvest", "Wash Sales", "Form 8949",
                                                                   "Run Info"]


def test_a_sheet_between_two_of_another_steps_sheets_is_one_declaration():
    order = sheet_order([Sheet("Trades", after="Issues"), Sheet("Frontier", after="Orders"),
                         Sheet("Orders", after="Trades")])
    assert order == ("Issues", "Trades", "Orders", "Frontier", "Run Info")


@pytest.mark.parametrize("declared, says", [
    ([Sheet("Trades", after="Issues"), Sheet("Orders", after="Issues")], "Trades and Orders are both declared right "
                                                                         "after Issues"),
    ([Sheet("Allocation", after="Issues"), Sheet("Allocation", after="Trades")], "Allocation is declared after Issues "
                                                                                 "and after Trades"),
    ([Sheet("Trades", after="Issues"), Sheet("Orders", after="Lot Sales")], r"Orders \(after Lot Sales\)"),
    ([Sheet("A", after="B"), Sheet("B", after="A")], r"A \(after B\), B \(after A\)"),
])
def test_a_declaration_that_breaks_the_chain_is_refused_naming_the_sheets(declared, says):
    with pytest.raises(ValueError, match=says):
        sheet_order(declared)


@pytest.mark.parametrize("command", ["validate", "allocation", "wash_sales", "harvest", "lot_selection",
                                     "rebalance", "all"])
def test_a_command_writes_exactly_the_sheets_its_steps_declare(command):
    book, outcome = run(command)
    assert outcome.ok, outcome.errors
    declared = {sheet for step in pipeline.resolve_steps(command) for sheet in step.sheet_names}
    written = {n for n in book.sheet_names() if book.is_owned(n)}
    assert written == declared | {ISSUES_SHEET, RUN_INFO_SHEET}


@pytest.mark.parametrize("command, shown", [("allocation", "Allocation"), ("rebalance", "Trades"), ("all", "Trades"),
                                            ("harvest", "Harvest"), ("validate", "Issues")])
def test_a_clean_run_opens_on_its_commands_first_sheet(command, shown):
    book, outcome = run(command)
    assert pipeline.sheet_to_show(command, outcome, book.is_owned) == shown


def test_a_run_with_errors_opens_on_issues():
    book, outcome = run("all", target_bonds=10)  # targets add up to 70%: an input error
    assert not outcome.ok
    assert pipeline.sheet_to_show("all", outcome, book.is_owned) == "Issues"
