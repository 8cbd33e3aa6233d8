"""What a ribbon run costs in Excel: xlwings calls counted on the live-workbook double, and Excel's
own work (recalculation, printer round trips) paused while sheets are written.

Each xlwings call is a round trip to Excel (COM on Windows, AppleScript on macOS), so their number
decides how long a button takes. Measured on the sample household, Run All with the rebalancing
MILP stood in for (as in tests/test_ribbon_commands.py): 2,498 calls before batching (one call per
column for formats, widths and alignment, every sheet name re-read for every lookup), about 1,700
after, with more layout (wrapped prose, row heights, page setup) than before.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import openpyxl
import pytest
from test_xlwings_book_double import FakeApp, FakeBook
from xlwings_calls import counting

from taxrebal import pipeline
from taxrebal.excel import ribbon
from taxrebal.workbook.template import build_sample

NOW = datetime(2026, 11, 23, 9, 30, 0)
BUDGET = 1850  # xlwings calls for Run All on the sample (was 2,498 before batching)


@pytest.fixture(scope="module")
def sample_rows(tmp_path_factory) -> dict[str, list[list]]:
    path = tmp_path_factory.mktemp("sample") / "sample.xlsx"
    build_sample().save(path)
    wb = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


@pytest.fixture(autouse=True)
def quick_rebalance(monkeypatch):
    steps = [replace(s, run=lambda ctx: None) if s.name == "rebalance" else s for s in pipeline.STEPS]
    monkeypatch.setattr(pipeline, "STEPS", steps)


def test_run_all_on_the_sample_stays_within_its_call_budget(sample_rows):
    book, calls = counting(FakeBook.from_rows(sample_rows, name="sample-household.xlsx"))
    outcome = ribbon.run("run_all", book, now=NOW)
    assert outcome is not None and outcome.loaded
    print(f"xlwings calls for Run All: {calls.total()}; most: {calls.most_common(5)}")
    assert calls.total() <= BUDGET
    # sheet names are read a few times per run (reading the inputs, writing, activating the result),
    # not once per lookup (285 reads before)
    assert calls["FakeSheet.name"] <= 4 * len(list(book.sheets))


def test_the_counter_counts_each_crossing():
    book, calls = counting(FakeBook())
    sheet = book.sheets.add("S")
    sheet.range((1, 1), (2, 2)).value = [[1, 2], [3, 4]]
    sheet.range((1, 1)).font.bold = True
    sheet.api.PageSetup.Zoom = 80
    assert calls.total() == 2 + 2 + 3 + 3  # sheets+add, range+value, range+font+bold, api+PageSetup+Zoom


class PrintingApp(FakeApp):
    """A double whose Excel object model has PrintCommunication (Windows Excel)."""

    @property
    def api(self):
        return self.__dict__.setdefault("_api", PrintApi())


class PrintApi:
    def __init__(self):
        object.__setattr__(self, "history", [])
        object.__setattr__(self, "PrintCommunication", True)

    def __setattr__(self, key, value):
        if key == "PrintCommunication":
            self.history.append(value)
        object.__setattr__(self, key, value)


def test_calculation_and_print_communication_are_paused_while_writing_and_restored(sample_rows):
    app = PrintingApp()
    book = FakeBook.from_rows(sample_rows, name="sample-household.xlsx", app=app)
    seen = []
    original = ribbon.XlwingsBook.write_sheet

    def spy(self, *args, **kwargs):
        seen.append((app.calculation, app.api.PrintCommunication, app.screen_updating))
        return original(self, *args, **kwargs)

    ribbon.XlwingsBook.write_sheet = spy
    try:
        ribbon.run("allocation", book, now=NOW)
    finally:
        ribbon.XlwingsBook.write_sheet = original
    assert seen and set(seen) == {("manual", False, False)}
    assert app.calculation_history == ["manual", "automatic"]
    assert app.api.history == [False, True] and app.api.PrintCommunication is True


def test_a_failing_run_still_restores_calculation(sample_rows, monkeypatch):
    book = FakeBook.from_rows(sample_rows, name="sample-household.xlsx")
    monkeypatch.setattr(ribbon.XlwingsBook, "write_sheet", lambda *a, **k: 1 / 0)
    ribbon.run("allocation", book, now=NOW)
    assert book.app.calculation == "automatic" and book.app.screen_updating is True
    assert "Internal error" in book.app.alerts[-1][0]
