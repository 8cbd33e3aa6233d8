"""The one orchestration the command line and the Excel ribbon both call: read, check, run steps,
write result sheets.

``run_book(book, sheets_loader, command=..., run_time=..., default_as_of=..., source_name=...)``:

1. Load the household with ``sheets_loader`` (a callable ``loader(default_as_of=...) -> LoadResult``,
   or a mapping of sheet name -> 2D values handed to :func:`taxrebal.workbook.reader.load_sheets`).
2. If the input has any ERROR issue: write **Issues** and **Run Info** only, and stop. No other
   result sheet is written, and the result sheets of an earlier run (owned sheets only: Trades,
   Allocation...) are removed, whatever the command, with an Info row on Issues listing them: they
   no longer match the inputs and could be mistaken for current (a user's own sheet is never
   touched). Run Info says the run stopped. A run that goes ahead replaces the sheets of the steps
   it runs and removes the other result sheets of an earlier run (``--only``: they were computed
   from that run's inputs and As Of and would look current), with an Info row naming them.
3. Otherwise run the steps the command needs, in :data:`STEPS` order, each with a :class:`Context`.
   A step that raises a :class:`~taxrebal.errors.TaxrebalError` becomes an Error row on Issues with
   its message (and the issues it carries); any other exception becomes an Error row
   "internal error in <step>: ... please report" (``raise_internal=True`` re-raises it instead, for
   tests). Either way the other steps still run, except those that *require* the failed step (e.g.
   harvest needs the wash-sale adjusted lots): they are skipped with an Error row saying why.
4. Write **Issues** (always; "No problems found" when empty) and **Run Info**.

Registering a step (one small edit, in run order): ``Step("harvest", "Harvest", harvest_step,
sheets=(Sheet(HARVEST_SHEET, after=DIVIDENDS_SHEET),))`` in :data:`STEPS`, where
``harvest_step(ctx)`` (in ``steps.py`` or a module of its own) writes the sheets it declares through
``ctx.book``, stores what later steps need in a typed field of ``ctx.results``
(:class:`~taxrebal.pipeline.state.RunResults`) and adds lines for the command line's summary with
``ctx.summary(...)``. :data:`REQUIRES` says which steps must run first; :data:`COMMANDS` maps a
ribbon button / CLI ``--only`` value to steps.

What derives from the declared sheets (each with the sheet it goes right after,
:class:`~taxrebal.pipeline.sheets.Sheet`): their order in the workbook (:func:`result_order`, handed
to the book with every write), the result sheets an input error removes (:func:`result_sheets`),
the sheets a partial run removes, and the sheet a finished run opens on
(:func:`sheet_to_show`: Issues when anything failed, else the first sheet the command's first step
declares and wrote: Trades for ``rebalance`` and ``all``, Allocation for ``allocation``).

The household comes from the one load of :mod:`taxrebal.pipeline.load` (run, check, form8949, orders
and the ribbon); the typed run state is in :mod:`taxrebal.pipeline.state`.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable, Optional, Sequence

from ..engine.records import Household
from ..errors import InputError, Issue, NotOwnedSheetError, Severity, TaxrebalError
from ..workbook.interface import Chart, ResultBook, Table
from ..workbook.results import (
    ALLOCATION_SHEET,
    CONTRIBUTIONS_SHEET,
    DIVIDENDS_SHEET,
    FORM8949_SHEET,
    FRONTIER_SHEET,
    HARVEST_SHEET,
    ISSUES_SHEET,
    LOT_SALES_SHEET,
    LOT_SELECTION_SHEET,
    ORDERS_SHEET,
    RUN_INFO_SHEET,
    TRADES_SHEET,
    WASH_SALES_SHEET,
    not_owned_message,
)
from ..workbook.results.issues import write_issues
from ..workbook.results.run_info import RunFacts, write_run_info
from .load import Loader, file_loader, load, load_file
from .lot_selection import lot_selection_step
from .rebalance import rebalance_step
from .sheets import Sheet, sheet_order
from .state import Context, RunOutcome, RunResults
from .steps import allocation_step, harvest_step, orders_step, wash_sales_step

__all__ = [
    "Context",
    "Step",
    "STEPS",
    "REQUIRES",
    "COMMANDS",
    "RunOutcome",
    "RunResults",
    "Sheet",
    "file_loader",
    "load_file",
    "resolve_steps",
    "result_order",
    "result_sheets",
    "run_book",
    "sheet_to_show",
    "step_names",
]


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    run: Callable[[Context], None]
    requires: tuple[str, ...] = ()  # steps that must run (and succeed) first, besides REQUIRES
    sheets: tuple[Sheet, ...] = ()  # the result sheets it writes (the one to open on first), each placed

    @property
    def sheet_names(self) -> tuple[str, ...]:
        return tuple(sheet.name for sheet in self.sheets)


# --- the registered steps ------------------------------------------------------------------------

#: Steps in run order, each with the sheets it writes and where each goes (right after another result
#: sheet: :mod:`taxrebal.pipeline.sheets`); the workbook shows them Issues, Allocation, Trades, Lot
#: Sales, Orders, Tax-Drift Frontier, Contributions Only, Dividends, Harvest, Wash Sales, Lot
#: Selection, Form 8949, Run Info.
STEPS: list[Step] = [
    # "wash_sales" goes FIRST (it replaces ctx.household with wash-adjusted lots).
    Step("wash_sales", "Wash Sales", wash_sales_step,
         sheets=(Sheet(WASH_SALES_SHEET, after=HARVEST_SHEET), Sheet(FORM8949_SHEET, after=LOT_SELECTION_SHEET))),
    Step("allocation", "Allocation", allocation_step, sheets=(Sheet(ALLOCATION_SHEET, after=ISSUES_SHEET),)),
    Step("rebalance", "Rebalance", rebalance_step,
         sheets=(Sheet(TRADES_SHEET, after=ALLOCATION_SHEET), Sheet(LOT_SALES_SHEET, after=TRADES_SHEET),
                 Sheet(ALLOCATION_SHEET, after=ISSUES_SHEET), Sheet(FRONTIER_SHEET, after=ORDERS_SHEET),
                 Sheet(CONTRIBUTIONS_SHEET, after=FRONTIER_SHEET), Sheet(DIVIDENDS_SHEET, after=CONTRIBUTIONS_SHEET))),
    # the tickets beside the lots they sell
    Step("orders", "Orders", orders_step, sheets=(Sheet(ORDERS_SHEET, after=LOT_SALES_SHEET),)),
    # harvest shows beside each candidate the plan's step and figure, so it runs after rebalance.
    Step("harvest", "Harvest", harvest_step, sheets=(Sheet(HARVEST_SHEET, after=DIVIDENDS_SHEET),)),
    # lot_selection also compares the rebalancing plan's taxable sells, so it runs after rebalance.
    Step("lot_selection", "Lot Selection", lot_selection_step,
         sheets=(Sheet(LOT_SELECTION_SHEET, after=WASH_SALES_SHEET),)),
]

#: step -> steps that must have run successfully before it (whether or not the command names them).
REQUIRES: dict[str, tuple[str, ...]] = {
    "harvest": ("wash_sales",),
    "lot_selection": ("wash_sales",),
    "rebalance": ("wash_sales",),
    "orders": ("rebalance",),
}

#: Ribbon button / ``taxrebal run --only`` value -> steps. ``"*"`` stands for every registered step
#: ("all" runs them all and opens on the rebalance step's sheet); "validate" runs none (Issues and
#: Run Info only).
COMMANDS: dict[str, tuple[str, ...]] = {
    "validate": (),
    "allocation": ("allocation",),
    "wash_sales": ("wash_sales",),
    "harvest": ("harvest",),
    "lot_selection": ("lot_selection",),
    "rebalance": ("rebalance", "orders"),
    "orders": ("orders",),
    "all": ("rebalance", "*"),
}


def result_sheets() -> tuple[str, ...]:
    """Every result sheet a step declares, in :data:`STEPS` order (Issues and Run Info, which every
    run writes, are not among them)."""
    return tuple(dict.fromkeys(name for step in STEPS for name in step.sheet_names))


def result_order() -> tuple[str, ...]:
    """Every result sheet in workbook order, Issues first and Run Info last: the chain the steps'
    declarations make (:func:`~taxrebal.pipeline.sheets.sheet_order`)."""
    return sheet_order(sheet for step in STEPS for sheet in step.sheets)


def sheet_to_show(command: str, outcome: RunOutcome, is_written: Callable[[str], bool]) -> str:
    """The sheet a finished run opens on: Issues when the input or a step had an error (or the command
    runs no step); otherwise the first sheet declared by the first step the command names that
    ``is_written`` (by this run or present in the book)."""
    if not outcome.ok:
        return ISSUES_SHEET
    registered = {s.name: s for s in STEPS}
    for name in COMMANDS.get(command, ()):
        for sheet in registered[name].sheet_names if name in registered else ():
            if is_written(sheet):
                return sheet
    return ISSUES_SHEET


def step_names() -> list[str]:
    return [s.name for s in STEPS]


def resolve_steps(command: str) -> list[Step]:
    """The steps ``command`` needs, dependencies first, in :data:`STEPS` order.

    Raises :class:`TaxrebalError` for an unknown command or a step this version does not have.
    """
    if command not in COMMANDS:
        raise TaxrebalError(f"Unknown command '{command}'. Use one of: {', '.join(COMMANDS)}.")
    registered = {s.name: s for s in STEPS}
    named = COMMANDS[command]
    wanted = list(registered) if "*" in named else list(named)
    needed: list[str] = []

    def need(name: str, chain: tuple[str, ...]) -> None:
        if name in needed:
            return
        if name in chain:
            raise TaxrebalError(f"Steps depend on each other in a circle: {' -> '.join(chain + (name,))}")
        if name not in registered:
            raise TaxrebalError(
                f"The '{name}' step is not available in this version of taxrebal "
                f"(available: {', '.join(registered) or 'none'})."
            )
        for dep in _requirements(registered[name]):
            need(dep, chain + (name,))
        needed.append(name)

    for name in wanted:
        need(name, ())
    return [s for s in STEPS if s.name in needed]


def _requirements(step: Step) -> tuple[str, ...]:
    return tuple(dict.fromkeys(REQUIRES.get(step.name, ()) + step.requires))


Progress = Callable[[int, int, str], None]  # (done, total, what is happening now)


def _internal_issue(where: str, err: BaseException) -> Issue:
    frame = traceback.extract_tb(err.__traceback__)[-1] if err.__traceback__ else None
    at = f" at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" if frame else ""
    return Issue(Severity.ERROR, "", "",
                 f"internal error in {where}: {type(err).__name__}: {err}{at}. This is a bug in taxrebal, "
                 f"not in your workbook; please report it with this message.", internal=True)


def _check_report_sheets(book: ResultBook) -> None:
    """Issues and Run Info are where every problem is reported, so a user's own sheet with one of
    those names stops the run before any work (NotOwnedSheetError saying to rename it)."""
    existing = {n.casefold(): n for n in book.sheet_names()}
    for name in (ISSUES_SHEET, RUN_INFO_SHEET):
        found = existing.get(name.casefold())
        if found is not None and not book.is_owned(found):
            raise NotOwnedSheetError(not_owned_message(found))


def _remove_sheets(book: ResultBook, names: Sequence[str],
                   cannot: Callable[[str, TaxrebalError], str]) -> tuple[list[str], list[Issue]]:
    """Remove ``names`` from ``book``: (removed names, a Warning per sheet that could not be removed,
    worded by ``cannot``)."""
    removed: list[str] = []
    issues: list[Issue] = []
    for name in names:
        try:
            book.remove_sheet(name)
            removed.append(name)
        except TaxrebalError as err:
            issues.append(Issue(Severity.WARNING, name, "", cannot(name, err)))
    return removed, issues


def _remove_stale_results(book: ResultBook) -> tuple[list[str], list[Issue]]:
    """Remove every sheet of an earlier run that a step declares (:func:`result_sheets`; owned
    sheets only: a sheet the user made is never removed), and say so in one Info issue (plus a
    Warning for a sheet that could not be removed). Returns (removed names, issues)."""
    results = {n.casefold() for n in result_sheets()}
    removed, issues = _remove_sheets(
        book, [n for n in book.sheet_names() if n.casefold() in results and book.is_owned(n)],
        lambda name, err: (f"The sheet {name} from an earlier run could not be removed ({err}); it does not match "
                           "the inputs: delete it by hand or ignore it until the errors above are fixed."))
    if removed:
        issues.insert(0, Issue(Severity.INFO, "", "",
                               f"Removed the results of an earlier run ({', '.join(removed)}) because they no "
                               "longer match the inputs; fix the errors above and run again."))
    return removed, issues


class _Recording:
    """The result book as the steps see it: every call goes to ``book``, a sheet written is placed by
    ``order`` (:func:`result_order`), and its name is added to ``written`` (to tell which owned sheets
    a partial run left as they were)."""

    def __init__(self, book: ResultBook, written: set[str], order: Sequence[str]) -> None:
        self._book = book
        self._written = written
        self._order = order

    def write_sheet(self, name: str, tables: Sequence[Table], charts: Sequence[Chart] = (),
                    freeze_header: bool = True, order: Sequence[str] = ()) -> None:
        self._written.add(name.casefold())
        self._book.write_sheet(name, tables, charts, freeze_header, order=order or self._order)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._book, attr)


def _remove_kept_results(book: ResultBook, earlier: Sequence[str], written: set[str],
                         command: str) -> tuple[list[str], list[Issue]]:
    """Remove the owned result sheets of an earlier run that this run did not rewrite (``--only`` /
    one ribbon button, or a step that failed): they were computed from that run's inputs and As Of
    and would look current beside this run's sheets (fe11 finding 25: after a price change,
    ``--only rebalance`` left Harvest and Lot Selection at the old price beside the new Trades).
    One Info row names them; a sheet that cannot be removed is a Warning saying it is stale.
    Returns (removed names, issues)."""
    results = {n.casefold() for n in result_sheets()}
    present = {n.casefold() for n in book.sheet_names()}
    kept = [n for n in earlier if n.casefold() in results and n.casefold() not in written and n.casefold() in present]
    removed, issues = _remove_sheets(
        book, kept,
        lambda name, err: (f"Kept from an earlier run, not recomputed by this one ({command}): {name} could not be "
                           f"removed ({err}). It shows that run's inputs and As Of: delete it by hand or run "
                           "everything (taxrebal run without --only, or Run All on the ribbon)."))
    if removed:
        issues.insert(0, Issue(Severity.INFO, "", "",
                               f"Removed the results of an earlier run that this one ({command}) did not recompute: "
                               f"{', '.join(removed)}. They showed that run's inputs and As Of; run everything "
                               "(taxrebal run without --only, or Run All on the ribbon) to get them again."))
    return removed, issues


def _step_progress(report: Callable[[int, str], None], done: int, label: str) -> Callable[[str], None]:
    """The step's ``ctx.progress``: what it is doing, under its own number (``Rebalance: the plan``)."""
    def progress(message: str) -> None:
        report(done, f"{label}: {message}")
    return progress


def run_book(
    book: ResultBook,
    sheets_loader: Loader,
    *,
    command: str = "all",
    run_time: datetime,
    default_as_of: Optional[date],
    source_name: str,
    progress: Optional[Progress] = None,
    raise_internal: bool = False,
) -> RunOutcome:
    """Run ``command`` on the workbook behind ``book``; see the module docstring for the stages.

    ``default_as_of`` fills Settings.as_of when the Settings sheet has none (the caller passes the
    run date; nothing here reads a clock). ``progress(done, total, message)`` is called before each
    stage. Unknown commands raise :class:`TaxrebalError`, and a user's own sheet called Issues or
    Run Info raises :class:`~taxrebal.errors.NotOwnedSheetError`, before anything is read or written.
    """
    steps = resolve_steps(command)
    order = result_order()
    _check_report_sheets(book)
    total = len(steps) + 2

    def report(done: int, message: str) -> None:
        if progress is not None:
            progress(done, total, message)

    report(0, "Reading the workbook")
    issues: list[Issue] = []
    household: Optional[Household] = None
    digest = ""
    as_of_defaulted = False
    as_of_forced, as_of_replaced = False, None
    setting_cells: dict[str, str] = {}
    column_letters: dict[str, dict[str, str]] = {}
    defaults_used: tuple[str, ...] = ()
    typed_settings: Optional[tuple[str, ...]] = None
    try:
        loaded = load(sheets_loader, default_as_of)
        issues.extend(loaded.issues)
        digest = getattr(loaded, "digest", "") or ""
        household = loaded.household if loaded.ok else None
        as_of_defaulted = bool(getattr(loaded, "as_of_defaulted", False))
        as_of_forced = bool(getattr(loaded, "as_of_forced", False))
        as_of_replaced = getattr(loaded, "as_of_replaced", None)
        setting_cells = dict(getattr(loaded, "setting_cells", None) or {})  # Settings field -> value cell
        column_letters = {k: dict(v) for k, v in (getattr(loaded, "column_letters", None) or {}).items()}
        defaults_used = tuple(getattr(loaded, "defaults_used", None) or ())
        typed_settings = getattr(loaded, "typed_settings", None)
    except TaxrebalError as err:
        issues.extend(getattr(err, "issues", ()) or (Issue(Severity.ERROR, "", "", str(err)),))
    except Exception as err:  # noqa: BLE001 - the user sees an Issues row, never a traceback
        if raise_internal:
            raise
        issues.append(_internal_issue("reading the workbook", err))
    if household is not None and any(i.severity is Severity.ERROR for i in issues):
        household = None

    as_of = household.settings.as_of if household is not None else None
    # True only when Settings had no As Of and the reader filled in the run date; a typed As Of that
    # happens to equal today is the user's own date.
    from_run_date = as_of is not None and as_of_defaulted
    ran: list[str] = []
    failed: list[str] = []
    results = RunResults()
    earlier = [n for n in book.sheet_names() if book.is_owned(n)]
    written: set[str] = set()
    placed = _Recording(book, written, order)
    if household is not None:
        ctx = Context(household, placed, issues, run_time, source_name, digest, results, command,
                      setting_cells, column_letters=column_letters)
        for n, step in enumerate(steps, start=1):
            report(n, step.label)
            ctx.progress = _step_progress(report, n, step.label)
            blocked = [d for d in _requirements(step) if d in failed]
            if blocked:
                failed.append(step.name)
                issues.append(Issue(Severity.ERROR, "", "",
                                    f"{step.label} was skipped because the step it needs ({', '.join(blocked)}) "
                                    f"failed; fix the error reported for it and run again."))
                continue
            try:
                step.run(ctx)
                ran.append(step.name)
            except InputError as err:
                failed.append(step.name)
                issues.extend(err.issues or (Issue(Severity.ERROR, "", "", f"{step.label}: {err}"),))
            except TaxrebalError as err:
                failed.append(step.name)
                issues.append(Issue(Severity.ERROR, "", "", f"{step.label}: {err}"))
            except Exception as err:  # noqa: BLE001
                if raise_internal:
                    raise
                failed.append(step.name)
                issues.append(_internal_issue(f"the {step.label} step", err))
        household = ctx.household

    report(total - 1, "Writing Issues and Run Info")
    if household is not None:
        removed, removal_issues = _remove_kept_results(book, earlier, written, command)
        issues.extend(removal_issues)
        results.removed_results = tuple(removed)
    if household is None:
        removed, removal_issues = _remove_stale_results(book)
        issues.extend(removal_issues)
        results.removed_results = tuple(removed)
    errors = sum(1 for i in issues if i.severity is Severity.ERROR)
    warnings = sum(1 for i in issues if i.severity is Severity.WARNING)
    if household is None:
        status = "Stopped: the input has errors (see Issues). No results were computed."
    elif errors:
        status = "Finished with errors (see Issues)."
    else:
        status = "Finished."
    facts = RunFacts(run_time=run_time, command=command, source_name=source_name, digest=digest, as_of=as_of,
                     as_of_from_run_date=from_run_date, steps=tuple(ran), errors=errors, warnings=warnings,
                     status=status, as_of_forced=as_of_forced, as_of_replaced=as_of_replaced,
                     defaults_used=defaults_used if household is not None else (), typed_settings=typed_settings)
    write_issues(placed, issues)
    write_run_info(placed, facts, household.settings if household is not None else None)
    report(total, "Done")
    return RunOutcome(
        issues=tuple(issues),
        loaded=household is not None,
        steps_run=tuple(ran),
        steps_failed=tuple(failed),
        summary=tuple(results.summary),
        household=household,
        results=results,
        as_of=as_of,
        as_of_from_run_date=from_run_date,
        as_of_forced=as_of_forced,
        as_of_replaced=as_of_replaced,
        defaults_used=defaults_used if household is not None else (),
    )
