"""The ribbon macros (taxrebal.excel.ribbon): every button has a handler, the analysis buttons give
the same sheets, columns and values as ``taxrebal run`` on the same workbook (the command line
through OpenpyxlBook is the reference), and the user sees messages, never tracebacks."""

from __future__ import annotations

import math
import os
import re
import tomllib
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlwings
from openpyxl.utils import get_column_letter
from test_xlwings_book_double import FakeBook, Formula

from taxrebal import __version__, pipeline
from taxrebal.cli import main as cli_main
from taxrebal.excel import ribbon
from taxrebal.excel.xlwings_book import XlwingsBook
from taxrebal.pipeline import COMMANDS
from taxrebal.workbook.results import INPUT_SHEETS
from taxrebal.workbook.template import build_sample, build_template

ROOT = Path(__file__).resolve().parents[1]
FULL = os.environ.get("TAXREBAL_FULL") == "1"
NOW = datetime(2026, 11, 23, 9, 30, 0)  # not the sample's As Of (2026-11-20)
#: Run Info rows that name the input (a file path and its checksum vs a live workbook) or the clock
SOURCE_ROWS = {"Run time", "Input", "Input SHA-256"}


def ribbon_button_ids() -> list[str]:
    data = tomllib.loads((ROOT / "addin" / "ribbon.toml").read_text(encoding="utf-8"))
    return [b["id"] for g in data["group"] for b in g["button"]]


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "sample-household.xlsx"
    build_sample().save(path)
    return path


@pytest.fixture(scope="module")
def sample_rows(sample_file) -> dict[str, list[list]]:
    wb = openpyxl.load_workbook(sample_file)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


@pytest.fixture
def sample_book(sample_rows):
    """A fresh live-workbook double holding the sample household's input sheets."""
    return lambda: FakeBook.from_rows(sample_rows, name="sample-household.xlsx")


def _rebalance_stand_in(ctx) -> None:
    ctx.summary("rebalance: stood in for by a no-op in this test")


@pytest.fixture(autouse=True)
def quick_rebalance(request, monkeypatch):
    """The rebalancing MILP takes ~10-30 s on the sample; these tests are about the Excel layer, so
    they run every real step except that one, which does nothing here (in both the command line and
    the ribbon run). ``test_full_*`` run the real pipeline when TAXREBAL_FULL=1."""
    if request.node.name.startswith("test_full_"):
        return
    steps = [replace(s, run=_rebalance_stand_in) if s.name == "rebalance" else s for s in pipeline.STEPS]
    monkeypatch.setattr(pipeline, "STEPS", steps)


# --- buttons <-> handlers ------------------------------------------------------------------------
def test_every_ribbon_button_has_exactly_one_python_handler():
    ids = ribbon_button_ids()
    assert len(ids) == len(set(ids)) == 11
    assert set(ribbon.HANDLERS) == set(ids)


def test_every_analysis_button_maps_to_a_pipeline_command():
    assert set(ribbon.PIPELINE_COMMANDS.values()) <= set(COMMANDS)
    assert set(ribbon.PIPELINE_COMMANDS) == {"validate", "allocation", "rebalance", "harvest", "wash_sales",
                                             "lot_selection", "run_all"}
    assert ribbon.PIPELINE_COMMANDS["run_all"] == "all"


def test_book_defaults_to_the_calling_workbook_only_when_none_is_given(monkeypatch):
    caller = FakeBook()
    monkeypatch.setattr(xlwings.Book, "caller", classmethod(lambda cls: caller))
    ribbon.run("about")
    assert caller.app.alerts
    other = FakeBook()
    ribbon.run("about", other)
    assert len(other.app.alerts) == 1 and len(caller.app.alerts) == 1


def test_when_excel_cannot_hand_over_the_workbook_the_user_gets_one_line_not_a_traceback(monkeypatch):
    def refuse(cls):
        raise RuntimeError("Protected View")

    monkeypatch.setattr(xlwings.Book, "caller", classmethod(refuse))
    monkeypatch.delenv("TAXREBAL_DEBUG", raising=False)
    with pytest.raises(SystemExit) as stop:
        ribbon.run("allocation")
    assert str(stop.value).startswith("taxrebal: Excel did not hand over the workbook (RuntimeError: Protected View)")


# --- same results as the command line ------------------------------------------------------------
def cli_result_sheets(src: Path, tmp_path: Path, command: str) -> dict:
    out = tmp_path / "out.xlsx"
    code = cli_main(["run", str(src), "-o", str(out), "--only", command])
    assert code in (0, 1)
    wb = openpyxl.load_workbook(out)
    return {ws.title: ws for ws in wb.worksheets}


def grid(ws) -> dict[tuple[int, int], object]:
    return {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None}


def same_value(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)
    if isinstance(a, datetime) and isinstance(b, date):
        return a == (b if isinstance(b, datetime) else datetime(b.year, b.month, b.day))
    return a == b


def run_info_rows_without_source(cells: dict) -> dict:
    drop = {r for (r, c), v in cells.items() if c == 1 and v in SOURCE_ROWS}
    return {(r, c): v for (r, c), v in cells.items() if r not in drop}


def assert_ribbon_matches_command_line(sample_file, sample_book, tmp_path, button) -> None:
    command = ribbon.PIPELINE_COMMANDS[button]
    reference = cli_result_sheets(sample_file, tmp_path, command)
    book = sample_book()
    outcome = ribbon.run(button, book, now=NOW)
    assert outcome is not None

    assert book.sheet_names() == list(reference)  # same sheets, same order
    results = [n for n in reference if n not in INPUT_SHEETS]
    assert "Issues" in results and "Run Info" in results
    for name in results:
        want, sheet = grid(reference[name]), book.sheets[name]
        got = {rc: v for rc, v in sheet.values().items()}
        if name == "Run Info":
            want, got = run_info_rows_without_source(want), run_info_rows_without_source(got)
        assert set(got) == set(want), f"{name}: cells written differ"
        for rc, v in want.items():
            assert not isinstance(got[rc], Formula), f"{name}!{rc}: became a formula"
            assert same_value(got[rc], v), f"{name}!{rc}: ribbon {got[rc]!r} vs command line {v!r}"
            ref_cell = reference[name].cell(*rc)
            if isinstance(v, (int, float, datetime)) and not isinstance(v, bool):
                assert sheet.cell(*rc).number_format == ref_cell.number_format, f"{name}!{rc} format"
            assert sheet.cell(*rc).bold == bool(ref_cell.font.b), f"{name}!{rc} bold"
        assert XlwingsBook(book).is_owned(name)
        widths = {j: reference[name].column_dimensions[get_column_letter(j)].width for j in sheet.column_widths}
        assert sheet.column_widths == widths, f"{name}: column widths"
        assert len(sheet.charts) == len(reference[name]._charts), f"{name}: charts"


@pytest.mark.parametrize("button", ["run_all", "allocation", "wash_sales", "harvest", "lot_selection", "validate"])
def test_ribbon_writes_the_same_sheets_columns_values_and_formats_as_the_command_line(sample_file, sample_book,
                                                                                   tmp_path, button):
    assert_ribbon_matches_command_line(sample_file, sample_book, tmp_path, button)


@pytest.mark.skipif(not FULL, reason="the real rebalancing MILP takes a while: set TAXREBAL_FULL=1")
def test_full_pipeline_through_the_ribbon_equals_the_command_line(sample_file, sample_book, tmp_path):
    assert_ribbon_matches_command_line(sample_file, sample_book, tmp_path, "run_all")


def test_input_sheets_are_left_exactly_as_they_were(sample_book):
    book = sample_book()
    before = {s.name: s.values() for s in book.sheets}
    ribbon.run("run_all", book, now=NOW)
    for name, cells in before.items():
        assert book.sheets[name].values() == cells, name


def test_running_twice_replaces_the_result_sheets_instead_of_adding_more(sample_book):
    book = sample_book()
    ribbon.run("run_all", book, now=NOW)
    names = book.sheet_names()
    ribbon.run("run_all", book, now=NOW)
    assert book.sheet_names() == names


def test_result_sheets_written_by_the_command_line_are_recognised_and_replaced_by_the_ribbon(sample_file, tmp_path):
    out = tmp_path / "after-cli.xlsx"
    assert cli_main(["run", str(sample_file), "-o", str(out), "--only", "harvest"]) == 0
    book = FakeBook.from_openpyxl(openpyxl.load_workbook(out))
    names = book.sheet_names()
    assert XlwingsBook(book).is_owned("Harvest") and not XlwingsBook(book).is_owned("Lots")
    harvest = book.sheets["Harvest"]
    ribbon.run("harvest", book, now=NOW)
    assert book.sheet_names() == names  # replaced where they stood, nothing added
    assert book.sheets["Harvest"] is harvest and len(harvest.names) == 1


# --- what the user sees --------------------------------------------------------------------------
def test_progress_goes_to_the_status_bar_which_is_handed_back_at_the_end(sample_book):
    book = sample_book()
    ribbon.run("allocation", book, now=NOW)
    history = book.app.status_history
    assert history[0] == "taxrebal: reading the workbook"
    assert any(str(h).startswith("taxrebal: Allocation (") for h in history)
    assert history[-1] is False
    assert book.app.screen_updating_history == [False, True]


def test_input_errors_give_issues_and_run_info_only_and_a_short_message_box(sample_book):
    book = sample_book()
    lots, targets = book.sheets["Lots"], book.sheets["Targets"]
    assert lots.cell(1, 5).value == "Quantity" and targets.cell(1, 2).value == "Target"
    lots.range((2, 5)).value = "ten"  # a quantity that is not a number...
    targets.range((2, 2)).value = 0.9  # ...and targets that no longer sum to 100%
    outcome = ribbon.run("run_all", book, now=NOW)
    assert not outcome.loaded
    assert [n for n in book.sheet_names() if n not in INPUT_SHEETS] == ["Issues", "Run Info"]
    assert book.active.name == "Issues"
    [(message, title, mode)] = book.app.alerts
    assert mode == "critical" and "Issues sheet" in message and "Traceback" not in message
    issues = book.sheets["Issues"]
    rows = [[issues.cell(r, c).value for c in range(1, 5)] for r in range(3, 3 + 5)]
    assert any(r[1] == "Targets" for r in rows)


def test_validate_on_a_clean_workbook_says_so(sample_book):
    book = sample_book()
    ribbon.run("validate", book, now=NOW)
    assert "No errors found" in book.app.alerts[-1][0]
    assert book.active.name == "Issues"


def test_an_unexpected_error_becomes_a_message_box_not_a_traceback(monkeypatch, sample_book):
    def broken(book, now):
        raise KeyError("boom")

    monkeypatch.setitem(ribbon.HANDLERS, "harvest", broken)
    monkeypatch.delenv("TAXREBAL_DEBUG", raising=False)
    book = sample_book()
    assert ribbon.run("harvest", book, now=NOW) is None
    [(message, _, mode)] = book.app.alerts
    assert mode == "critical" and message.startswith("Internal error in taxrebal (KeyError")
    assert book.app.status_history[-1] is False


def test_an_unknown_button_is_explained():
    book = FakeBook()
    assert ribbon.run("no_such_button", book, now=NOW) is None
    assert "does not know" in book.app.alerts[0][0]


def test_about_shows_the_versions():
    book = FakeBook()
    text = ribbon.run("about", book, now=NOW)
    assert f"taxrebal {__version__}" in text and f"xlwings {xlwings.__version__}" in text
    assert book.app.alerts[0][0] == text


def test_new_household_opens_a_workbook_made_from_the_template():
    book = FakeBook()
    ribbon.run("new_household", book, now=NOW)
    [path] = book.app.books.opened
    assert path.endswith("Household 2026-11-23.xlsx")
    wanted = [ws.title for ws in build_template().worksheets]
    with zipfile.ZipFile(path) as z:
        assert re.findall(r'<sheet [^>]*name="([^"]+)"', z.read("xl/workbook.xml").decode()) == wanted
    assert "Save As" in book.app.alerts[0][0]


def test_import_functions_reached_from_python_explains_where_it_runs():
    book = FakeBook()
    ribbon.run("import_functions", book, now=NOW)
    assert "taxrebal.excel.udfs" in book.app.alerts[0][0]


@pytest.mark.parametrize("button", sorted(ribbon.PIPELINE_COMMANDS))
def test_every_analysis_button_runs_or_explains_itself_and_hands_the_status_bar_back(sample_book, button):
    """A step another part of taxrebal has not registered yet is reported in words, not a traceback."""
    book = sample_book()
    outcome = ribbon.run(button, book, now=NOW)
    messages = [m for m, _, _ in book.app.alerts]
    assert outcome is not None or (messages and "is not available" in messages[0])
    assert not any("Traceback" in m or "Internal error" in m for m in messages)
    if outcome is not None:
        assert "Issues" in book.sheet_names() and "Run Info" in book.sheet_names()
        assert not [i for i in outcome.issues if "internal error" in i.message]
    assert book.app.status_history[-1] is False


def test_a_workbook_without_input_sheets_is_left_untouched_and_the_user_told_why():
    book = FakeBook.from_rows({"Budget": [["Rent", 1200]]})
    assert ribbon.run("run_all", book, now=NOW) is None
    assert book.sheet_names() == ["Budget"]
    assert "New Household" in book.app.alerts[0][0]
