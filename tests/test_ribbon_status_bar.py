"""Excel's status bar during a ribbon run (taxrebal.excel.status_bar) and a Ctrl-C in the middle of a
solve (taxrebal.excel.ribbon): checked against the xlwings ``App`` test double, which records every
``status_bar`` assignment (xlwings' decorators and Excel itself are not available on Linux)."""

from __future__ import annotations

import os
import signal
from datetime import datetime
from itertools import count

import openpyxl
import pytest
from test_xlwings_book_double import FakeBook

from taxrebal.engine.rebalance import interruptible
from taxrebal.excel import ribbon, status_bar
from taxrebal.excel.status_bar import StatusBar
from taxrebal.workbook.template import build_sample

NOW = datetime(2026, 11, 23, 9, 30, 0)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_step_then_its_running_time_once_it_runs_on_then_the_bar_handed_back():
    clock, book = Clock(), FakeBook()
    bar = StatusBar(book, clock)
    bar(5, 8, "Rebalance: the plan")
    clock.now += 4.9
    bar.beat()  # under 5 s: nothing more to say
    clock.now += 146.1  # 151 s into the step
    bar.beat()
    clock.now += 0.5
    bar.beat()  # half a second after the last write: not written again
    clock.now += 3600
    bar.beat()
    bar(6, 8, "Orders")
    bar.beat()  # a new step starts its own count
    bar.close()
    assert book.app.status_history == [
        "taxrebal: Rebalance: the plan (5/8)",
        "taxrebal: Rebalance: the plan (5/8), running for 2:31",
        "taxrebal: Rebalance: the plan (5/8), running for 1:02:31",
        "taxrebal: Orders (6/8)",
        False,
    ]


def test_no_status_bar_never_stops_a_run():
    class NoApp:
        @property
        def app(self):
            raise RuntimeError("no Excel here")

    bar = StatusBar(NoApp())
    bar(1, 2, "Harvest")
    bar.beat()
    bar.close()  # nothing raised


@pytest.fixture(scope="module")
def sample_rows(tmp_path_factory) -> dict[str, list[list]]:
    path = tmp_path_factory.mktemp("sample") / "sample-household.xlsx"
    build_sample().save(path)
    wb = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


@pytest.fixture
def every_solve_waits(monkeypatch):
    """Every HiGHS solve of the run on the solver thread, as a large model's is, so the ribbon's beats
    and a Ctrl-C meet the same code as on a 30,000-lot household; and a status-bar clock that moves 2 s
    each time it is read."""
    monkeypatch.setattr(interruptible, "INTERRUPTIBLE_COLUMNS", 0)
    ticks = count()
    monkeypatch.setattr(status_bar, "CLOCK", lambda: 2.0 * next(ticks))


def test_a_long_step_shows_its_running_time_and_the_bar_is_handed_back(sample_rows, every_solve_waits):
    book = FakeBook.from_rows(sample_rows, name="sample-household.xlsx")
    outcome = ribbon.run("rebalance", book, now=NOW)
    assert outcome is not None and outcome.loaded and "rebalance" in outcome.steps_run
    history = book.app.status_history
    assert history[0] == "taxrebal: reading the workbook"
    running = [h for h in history if "running for" in str(h)]
    assert running and all(h.startswith("taxrebal: Rebalance") for h in running)
    assert history[-1] is False
    assert book.app.screen_updating_history == [False, True]
    assert interruptible._ON_WAIT == []  # the beat is unregistered after the run


def test_ctrl_c_during_a_solve_ends_the_run_with_a_message_and_hands_excel_back(sample_rows, every_solve_waits,
                                                                                 ctrl_c_raises):
    book = FakeBook.from_rows(sample_rows, name="sample-household.xlsx")
    inputs = {name: [list(r) for r in rows] for name, rows in sample_rows.items()}
    calls = []

    def ctrl_c_once_solving() -> None:
        calls.append(1)
        if len(calls) == 2:  # after a wait found the first solve unfinished, or as the next one starts
            os.kill(os.getpid(), signal.SIGINT)

    with interruptible.waiting(ctrl_c_once_solving):
        assert ribbon.run("rebalance", book, now=NOW) is None
    [(message, title, mode)] = book.app.alerts
    assert message == ribbon.STOPPED_MESSAGE and mode == "critical" and "Traceback" not in message
    assert book.app.status_history[-1] is False
    assert book.app.screen_updating_history == [False, True]
    assert book.app.calculation == "automatic"
    assert "Run Info" not in book.sheet_names()  # the run stopped before its last sheets
    for name, rows in inputs.items():  # the input sheets are as they were
        sheet = book.sheets[name]
        assert [[sheet.cell(r + 1, c + 1).value for c in range(len(row))] for r, row in enumerate(rows)] == rows
