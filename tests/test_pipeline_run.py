"""pipeline.run_book: what is written when the input is bad, when a step fails, and in what order."""

from __future__ import annotations

from datetime import date

import pytest
from input_sheets import two_account_sheets

from taxrebal import pipeline
from taxrebal.errors import InfeasiblePlanError, Severity, TaxrebalError
from taxrebal.pipeline import COMMANDS, Step, resolve_steps, run_book
from taxrebal.workbook.memory_book import MemoryBook

AS_OF = date(2026, 11, 20)


def sheets(target_bonds=40):
    """A two-account 70/30 household as the 2D values of its input sheets (tests/input_sheets.py), with this
    year's realized gains typed as 0 (it has no Transactions: blank, they would be $0 with a Warning)."""
    out = two_account_sheets(target_bonds, AS_OF)
    out["Settings"] = out["Settings"] + [["Realized ST YTD", 0], ["Realized LT YTD", 0]]
    return out


def run(book, loader, **kw):
    kw.setdefault("run_time", __import__("datetime").datetime(2026, 11, 20, 9, 0))
    kw.setdefault("default_as_of", None)
    kw.setdefault("source_name", "test")
    return run_book(book, loader, **kw)


@pytest.fixture
def extra_steps(monkeypatch):
    """Only the allocation step plus the steps a test registers (the real registry is restored after)."""
    steps = [s for s in pipeline.STEPS if s.name == "allocation"]
    monkeypatch.setattr(pipeline, "STEPS", steps)
    monkeypatch.setattr(pipeline, "REQUIRES", {})

    def add(step, requires=()):
        steps.append(step)
        if requires:
            monkeypatch.setitem(pipeline.REQUIRES, step.name, requires)
        monkeypatch.setitem(pipeline.COMMANDS, step.name, (step.name,))
    return add


def test_clean_run_writes_allocation_issues_and_run_info(memory_book, extra_steps):
    out = run(memory_book, sheets())
    assert out.ok and out.exit_code == 0 and out.steps_run == ("allocation",)
    results = [n for n in memory_book.sheet_names() if memory_book.is_owned(n)]
    assert results == ["Issues", "Allocation", "Run Info"]
    assert memory_book.tables("Issues")[0].rows[0][3] == "No problems found"
    assert out.summary and "Bonds -10.0 points" in out.summary[0]


def test_input_errors_write_only_issues_and_run_info_and_fail(memory_book, extra_steps):
    out = run(memory_book, sheets(target_bonds=30))  # targets sum to 90%
    assert not out.ok and out.exit_code == 1 and not out.loaded and out.steps_run == ()
    assert [n for n in memory_book.sheet_names() if memory_book.is_owned(n)] == ["Issues", "Run Info"]
    errors = [r for r in memory_book.tables("Issues")[0].rows if r[0] == "Error"]
    assert errors and errors[0][1] == "Targets"
    run_table = dict(memory_book.tables("Run Info")[0].rows)
    assert run_table["Status"].startswith("Stopped")
    assert len(memory_book.tables("Run Info")) == 1  # no settings table: nothing was read


def test_a_loader_that_raises_is_an_internal_error_row_not_a_traceback(memory_book):
    def broken(default_as_of=None):
        raise RuntimeError("disk on fire")

    out = run(memory_book, broken)
    assert not out.ok and "internal error" in out.errors[0].message and "please report" in out.errors[0].message
    assert out.exit_code == 70
    with pytest.raises(RuntimeError):
        run(MemoryBook(), broken, raise_internal=True)


def test_a_failing_step_becomes_an_issue_and_the_others_still_run(memory_book, extra_steps):
    def infeasible(ctx):
        raise InfeasiblePlanError("No plan fits the tax budget of $0; raise Tax Budget.")

    def writes(ctx):
        ctx.book.write_sheet("Trades", [])
        ctx.summary("traded")

    extra_steps(Step("rebalance", "Rebalance", infeasible))
    extra_steps(Step("dividends", "Dividends", writes))
    out = run(memory_book, sheets())
    assert out.steps_run == ("allocation", "dividends") and out.steps_failed == ("rebalance",)
    assert out.errors[0].message == "Rebalance: No plan fits the tax budget of $0; raise Tax Budget."
    assert out.exit_code == 1 and "traded" in out.summary
    assert memory_book.is_owned("Trades")


def test_unexpected_exception_in_a_step_is_reported_and_can_be_raised_for_tests(memory_book, extra_steps):
    extra_steps(Step("harvest", "Harvest", lambda ctx: 1 / 0))
    out = run(memory_book, sheets())
    assert "internal error in the Harvest step: ZeroDivisionError" in out.errors[0].message
    # a bug exits 70 (README: "internal error"), not 1 ("fix your workbook"), though the other steps
    # still wrote their sheets (fe13 F14); an input error alone stays 1 (the test above)
    assert out.exit_code == 70
    assert "allocation" in out.steps_run
    with pytest.raises(ZeroDivisionError):
        run(MemoryBook(), sheets(), raise_internal=True)


def test_dependencies_run_first_and_a_failed_dependency_skips_its_dependents(memory_book, extra_steps):
    order = []
    extra_steps(Step("wash_sales", "Wash sales", lambda ctx: (_ for _ in ()).throw(TaxrebalError("bad lots"))))
    extra_steps(Step("harvest", "Harvest", lambda ctx: order.append("harvest")), requires=("wash_sales",))
    assert [s.name for s in resolve_steps("harvest")] == ["wash_sales", "harvest"]
    out = run(memory_book, sheets(), command="harvest")
    assert order == [] and out.steps_failed == ("wash_sales", "harvest")
    assert "skipped because the step it needs (wash_sales) failed" in out.errors[1].message


def test_steps_may_replace_the_household_for_later_steps(memory_book, extra_steps):
    seen = []

    def adjust(ctx):
        ctx.household = type(ctx.household)(ctx.household.accounts, ctx.household.securities, ctx.household.lots[:1],
                                             targets=ctx.household.targets, settings=ctx.household.settings)
        ctx.results.wash = "adjusted"

    extra_steps(Step("wash_sales", "Wash sales", adjust))
    extra_steps(Step("harvest", "Harvest", lambda ctx: seen.append((len(ctx.household.lots), ctx.results.wash))),
                requires=("wash_sales",))
    out = run(memory_book, sheets(), command="harvest")
    assert seen == [(1, "adjusted")] and out.steps_run == ("wash_sales", "harvest")


def test_validate_runs_no_step_and_unknown_commands_are_refused(memory_book):
    out = run(memory_book, sheets(), command="validate")
    assert out.steps_run == () and not memory_book.is_owned("Allocation") and memory_book.is_owned("Issues")
    with pytest.raises(TaxrebalError, match="Unknown command"):
        resolve_steps("rebalanse")
    assert set(COMMANDS) >= {"allocation", "rebalance", "harvest", "wash_sales", "lot_selection", "all", "validate"}


def test_progress_reports_every_stage(memory_book, extra_steps):
    calls = []
    run(memory_book, sheets(), progress=lambda done, total, msg: calls.append((done, total, msg)))
    assert calls[0][0] == 0 and calls[-1] == (calls[-1][1], calls[-1][1], "Done")
    assert any(msg == "Allocation" for _, _, msg in calls)


def test_default_as_of_fills_a_blank_as_of_and_is_reported(memory_book):
    data = sheets()
    data["Settings"] = [["Setting", "Value"], ["Filing Status", "Single"], ["Ordinary Income", 0]]
    out = run(memory_book, data, default_as_of=date(2026, 11, 25))
    assert out.as_of == date(2026, 11, 25) and out.as_of_from_run_date
    assert "the run date was used" in dict(memory_book.tables("Run Info")[0].rows)["As of"]
    assert out.issues == () or all(i.severity is not Severity.ERROR for i in out.issues)


def test_a_users_own_issues_sheet_stops_the_run_before_any_work():
    from taxrebal.errors import NotOwnedSheetError

    book = MemoryBook(["Accounts", "issues"])  # Excel sheet names ignore case
    loaded = []

    def loader(default_as_of=None):
        loaded.append(1)
        return sheets()

    with pytest.raises(NotOwnedSheetError, match="'issues' that taxrebal did not create"):
        run(book, loader)
    assert loaded == [] and book.sheet_names() == ["Accounts", "issues"]


def test_a_typed_as_of_that_equals_the_run_date_is_the_users_own(memory_book, extra_steps):
    out = run(memory_book, sheets(), default_as_of=AS_OF)
    assert out.as_of == AS_OF and not out.as_of_from_run_date
    assert not any("run date" in i.message for i in out.issues)


def test_a_blank_as_of_takes_the_run_date_and_says_so(memory_book, extra_steps):
    book = sheets()
    book["Settings"] = [["Setting", "Value"], ["As Of", None], ["Filing Status", "Single"], ["Ordinary Income", 0]]
    out = run(memory_book, book, default_as_of=AS_OF)
    assert out.as_of == AS_OF and out.as_of_from_run_date
    note = [i for i in out.issues if "run date 2026-11-20 is used" in i.message]
    assert len(note) == 1 and note[0].severity is Severity.INFO and note[0].sheet == "Settings"


def test_the_rebalance_step_reports_what_it_is_doing(memory_book):
    # a long Rebalance shows its parts on the progress line: Contributions Only, the plan, then each
    # frontier level (solved after the plan, on its model), all under the step's own number
    calls = []
    run(memory_book, sheets(), progress=lambda done, total, msg: calls.append((done, msg)))
    step = next(done for done, msg in calls if msg == "Rebalance")
    inside = [msg for done, msg in calls if done == step and msg != "Rebalance"]
    levels = [m for m in inside if m.startswith("Rebalance: Tax-Drift Frontier, level ")]
    assert levels and levels[0] == f"Rebalance: Tax-Drift Frontier, level 1 of {len(levels)}"
    assert inside[:2] == ["Rebalance: Contributions Only", "Rebalance: the plan"]
    assert inside[2:2 + len(levels)] == levels
