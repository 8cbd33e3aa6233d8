"""Each pipeline step declares the result sheets it writes; the rest follows from the declarations.

* RESULT_SHEET_ORDER (the one list of result sheet names, which places the sheets) holds exactly
  the declared sheets plus Issues and Run Info: no dead name, no undeclared sheet.
* A command writes exactly the sheets its steps declare (plus Issues and Run Info).
* The sheet a finished run opens on is Issues when anything failed, else the first sheet the
  command's first step declares: Trades after ``rebalance`` or ``all``, Allocation after ``allocation``.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from input_sheets import two_account_sheets

from taxrebal import pipeline
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results import INPUT_SHEETS, ISSUES_SHEET, RESULT_SHEET_ORDER, RUN_INFO_SHEET


def run(command, target_bonds=40):
    book = MemoryBook(INPUT_SHEETS)
    outcome = pipeline.run_book(book, two_account_sheets(target_bonds), command=command,
                                run_time=datetime(2026, 11, 20, 9), default_as_of=None, source_name="test",
                                raise_internal=True)
    return book, outcome


def test_the_sheet_order_lists_exactly_the_declared_sheets():
    declared = pipeline.result_sheets()
    assert sorted(declared) == sorted(set(RESULT_SHEET_ORDER) - {ISSUES_SHEET, RUN_INFO_SHEET})
    assert RESULT_SHEET_ORDER[0] == ISSUES_SHEET and RESULT_SHEET_ORDER[-1] == RUN_INFO_SHEET


@pytest.mark.parametrize("command", ["validate", "allocation", "wash_sales", "harvest", "lot_selection",
                                     "rebalance", "all"])
def test_a_command_writes_exactly_the_sheets_its_steps_declare(command):
    book, outcome = run(command)
    assert outcome.ok, outcome.errors
    declared = {sheet for step in pipeline.resolve_steps(command) for sheet in step.sheets}
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
