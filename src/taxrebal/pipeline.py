"""The one orchestration the command line and the Excel ribbon both call: read, check, run steps,
write result sheets.

``run_book(book, sheets_loader, command=..., run_time=..., default_as_of=..., source_name=...)``:

1. Load the household with ``sheets_loader`` (a callable ``loader(default_as_of=...) -> LoadResult``,
   or a mapping of sheet name -> 2D values handed to :func:`taxrebal.workbook.reader.load_sheets`).
2. If the input has any ERROR issue: write **Issues** and **Run Info** only, and stop. No other
   result sheet is written, and the result sheets of an earlier run (owned sheets only: Trades,
   Allocation...) are removed, whatever the command, with an Info row on Issues listing them: they
   no longer match the inputs and could be mistaken for current (a user's own sheet is never
   touched). Run Info says the run stopped. A run that goes ahead replaces only the sheets of the
   steps it runs; other steps' sheets stay, and a Warning on Issues names them as kept from an
   earlier run and not recomputed (they may not match the current inputs or As Of).
3. Otherwise run the steps the command needs, in :data:`STEPS` order, each with a :class:`Context`.
   A step that raises a :class:`~taxrebal.errors.TaxrebalError` becomes an Error row on Issues with
   its message (and the issues it carries); any other exception becomes an Error row
   "internal error in <step>: ... please report" (``raise_internal=True`` re-raises it instead, for
   tests). Either way the other steps still run, except those that *require* the failed step (e.g.
   harvest needs the wash-sale adjusted lots): they are skipped with an Error row saying why.
4. Write **Issues** (always; "No problems found" when empty) and **Run Info**.

Registering a step (one small edit, in run order):  ``Step("harvest", "Harvest", _harvest_step)``
in the :data:`STEPS` list at the marked place, where ``_harvest_step(ctx)`` imports its module
lazily, writes its sheets through ``ctx.book``, stores results in ``ctx.data`` and appends lines for
the command line's summary to ``ctx.data.setdefault("summary", [])``. :data:`REQUIRES` says which
steps must run first; :data:`COMMANDS` maps a ribbon button / CLI ``--only`` value to steps.
"""

from __future__ import annotations

import dataclasses
import hashlib
import traceback
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Mapping, Optional, Sequence, Union

from .engine.records import Household
from .errors import InputError, Issue, Severity, TaxrebalError, WorkbookError
from .exit_codes import ExitCode
from .workbook.interface import ResultBook

__all__ = [
    "Context",
    "Step",
    "STEPS",
    "REQUIRES",
    "COMMANDS",
    "RunOutcome",
    "file_loader",
    "load_file",
    "resolve_steps",
    "run_book",
    "step_names",
]


@dataclass
class Context:
    """Mutable state of one run (not a record). Steps read ``household`` and may replace it (the
    wash-sale step replaces the lots with wash-adjusted lots), write sheets through ``book``, append
    :class:`Issue` rows to ``issues`` and share results in ``data`` (``data["wash"]``, ``data["plan"]``,
    ``data["summary"]``: a list of one-line strings the command line prints;
    ``data["removed_results"]``: the earlier run's sheets removed because the input had errors)."""

    household: Household
    book: ResultBook
    issues: list[Issue]
    run_time: datetime
    source_name: str
    digest: str
    data: dict[str, Any] = field(default_factory=dict)
    command: str = "all"

    @property
    def as_of(self) -> date:
        return self.household.as_of

    def summary(self, line: str) -> None:
        """Add one line to the run summary printed by the command line."""
        self.data.setdefault("summary", []).append(line)


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    run: Callable[[Context], None]
    requires: tuple[str, ...] = ()  # steps that must run (and succeed) first, besides REQUIRES


# --- the registered steps ------------------------------------------------------------------------


def _allocation_step(ctx: Context) -> None:
    """Allocation sheet: current vs target by asset class and by account."""
    from .engine.allocation import allocation
    from .workbook.results.allocation import write_allocation

    write_allocation(ctx.book, ctx.household)
    rows = allocation(ctx.household)
    if rows:
        worst = max(rows, key=lambda a: abs(a.drift))
        outside = [a.asset_class for a in rows if a.outside_band]
        line = f"Largest drift: {worst.asset_class} {worst.drift * 100:+.1f} points"
        line += f"; outside band: {', '.join(outside)}" if outside else "; every class within its band"
        ctx.summary(line)


def _wash_sales_step(ctx: Context) -> None:
    """Wash Sales and Form 8949 sheets; replaces ``ctx.household`` with wash-adjusted lots and stores
    the :class:`~taxrebal.engine.wash.WashResult` in ``ctx.data["wash"]`` (runs first)."""
    from .engine.pretrade import check_trades
    from .engine.wash import adjust_lots
    from .engine.wash_queries import do_not_buy
    from .workbook.results.form8949 import write_form8949
    from .workbook.results.wash_sales import write_wash_sales

    result = adjust_lots(ctx.household)
    ctx.issues.extend(result.issues)
    trades = ctx.household.proposed_trades
    warnings = check_trades(ctx.household, trades, ctx.as_of, wash=result) if trades else ()
    write_wash_sales(ctx.book, result, do_not_buy(result, ctx.household, ctx.as_of), ctx.as_of,
                     warnings, checked=len(trades))
    write_form8949(ctx.book, result, ctx.household.settings.year)
    ctx.data["wash"] = result
    ctx.data["trade_warnings"] = warnings
    # One tax ledger per run: every later tax figure starts from its realized ST/LT (Settings
    # reconciled with this year's sells and the wash adjustments just found; engine/ledger.py).
    from .engine.ledger import build_ledger

    ledger = build_ledger(result.household.settings, result, ctx.as_of, ctx.data.get("setting_cells"))
    ctx.issues.extend(ledger.issues)
    ctx.data["ledger"] = ledger
    ctx.household = replace(result.household, settings=ledger.apply(result.household.settings))
    ctx.summary(result.summary())
    if warnings:
        ctx.summary(f"Proposed trades: {len(warnings)} wash-sale conflict(s) (see Wash Sales)")


def _harvest_step(ctx: Context) -> None:
    """Harvest sheet: loss candidates on the wash-adjusted lots, per-holding totals, 0% gains."""
    from .engine.harvest import harvest_candidates
    from .engine.tax import TaxProfile
    from .workbook.results.harvest import write_harvest

    scan = harvest_candidates(ctx.household, ctx.as_of, TaxProfile.from_settings(ctx.household.settings),
                              wash=ctx.data.get("wash"))
    write_harvest(ctx.book, scan)
    ctx.data["harvest"] = scan
    ctx.summary(scan.summary())


def _rebalance_step(ctx: Context) -> None:
    """Trades, Lot Sales, Tax-Drift Frontier, Contributions Only, Dividends and Allocation after the
    plan; ``ctx.data["plan"]`` (see :func:`taxrebal.workbook.results.trades.rebalance_step`)."""
    from .workbook.results.trades import rebalance_step

    rebalance_step(ctx)


def _orders_step(ctx: Context) -> None:
    """Orders sheet: the plan's trades as tickets per account, sells with their specific lots
    (``ctx.data["orders"]``); see :mod:`taxrebal.workbook.results.orders`."""
    from .workbook.results.orders import build_tickets, write_orders

    plan = ctx.data.get("plan")
    if plan is None:
        return
    tickets = build_tickets(plan, ctx.household, ctx.as_of)
    write_orders(ctx.book, tickets)
    ctx.data["orders"] = tickets
    accounts = len({t.account for t in tickets})
    ctx.summary(f"Orders: {len(tickets)} ticket(s) in {accounts} account(s) (see Orders)")


def _lot_selection_step(ctx: Context) -> None:
    """Lot Selection sheet: every lot method side by side for each Sales-sheet row and each taxable
    sell of the rebalancing plan (``ctx.data["plan"]``, when rebalance ran first)."""
    from .workbook.results.lot_selection import lot_selection_step

    lot_selection_step(ctx)


#: Steps in run order. Other engineers insert theirs at the marked places with one small edit.
STEPS: list[Step] = [
    # "wash_sales" goes FIRST (it replaces ctx.household with wash-adjusted lots): insert here.
    Step("wash_sales", "Wash Sales", _wash_sales_step),
    Step("allocation", "Allocation", _allocation_step),
    # "harvest", "rebalance", "lot_selection" go here, in that order (lot_selection also compares
    # the rebalancing plan's taxable sells, so it runs after rebalance).
    Step("harvest", "Harvest", _harvest_step),
    Step("rebalance", "Rebalance", _rebalance_step),
    Step("orders", "Orders", _orders_step),
    Step("lot_selection", "Lot Selection", _lot_selection_step),
]

#: step -> steps that must have run successfully before it (whether or not the command names them).
REQUIRES: dict[str, tuple[str, ...]] = {
    "harvest": ("wash_sales",),
    "lot_selection": ("wash_sales",),
    "rebalance": ("wash_sales",),
    "orders": ("rebalance",),
}

#: Ribbon button / ``taxrebal run --only`` value -> steps. "all" runs every registered step;
#: "validate" runs none (Issues and Run Info only).
COMMANDS: dict[str, tuple[str, ...]] = {
    "validate": (),
    "allocation": ("allocation",),
    "wash_sales": ("wash_sales",),
    "harvest": ("harvest",),
    "lot_selection": ("lot_selection",),
    "rebalance": ("rebalance", "orders"),
    "orders": ("orders",),
    "all": ("*",),
}


def step_names() -> list[str]:
    return [s.name for s in STEPS]


def resolve_steps(command: str) -> list[Step]:
    """The steps ``command`` needs, dependencies first, in :data:`STEPS` order.

    Raises :class:`TaxrebalError` for an unknown command or a step this version does not have.
    """
    if command not in COMMANDS:
        raise TaxrebalError(f"Unknown command '{command}'. Use one of: {', '.join(COMMANDS)}.")
    registered = {s.name: s for s in STEPS}
    wanted = list(registered) if COMMANDS[command] == ("*",) else list(COMMANDS[command])
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


@dataclass(frozen=True)
class RunOutcome:
    """What a run did. ``ok`` is False when any ERROR issue was reported (input or step)."""

    issues: tuple[Issue, ...]
    loaded: bool  # the household could be read and validated
    steps_run: tuple[str, ...]  # steps that completed without an error
    steps_failed: tuple[str, ...]
    summary: tuple[str, ...]
    household: Optional[Household] = None
    data: Mapping[str, Any] = field(default_factory=dict)
    as_of: Optional[date] = None
    as_of_from_run_date: bool = False

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def exit_code(self) -> ExitCode:
        """``OK`` (0) when everything ran clean, ``INPUT`` (1) when the input (or a step) reported an error."""
        return ExitCode.OK if self.ok else ExitCode.INPUT


Loader = Union[Callable[..., Any], Mapping[str, Sequence[Sequence[Any]]]]
Progress = Callable[[int, int, str], None]  # (done, total, what is happening now)


def _load(sheets_loader: Loader, default_as_of: Optional[date]):
    if isinstance(sheets_loader, Mapping):
        from .workbook.reader import load_sheets

        return load_sheets(sheets_loader, default_as_of=default_as_of)
    return sheets_loader(default_as_of=default_as_of)


def _key(text: object) -> str:
    """A header or setting name compared the reader's way: letters and digits, lower case."""
    return "".join(ch for ch in str(text or "").lower() if ch.isalnum())


def _with_as_of(raw: Mapping[str, Any], as_of: date) -> tuple[Optional[dict], object]:
    """``raw`` sheets with Settings As Of set to ``as_of`` (row added when missing), and the value
    it replaced; ``(None, None)`` when the Settings sheet has no Setting/Value header to edit. The
    file is not changed: this is the run's view of it."""
    sheets = dict(raw)
    name = next((n for n in sheets if _key(n) == "settings"), None)
    if name is None:
        sheets["Settings"] = [["Setting", "Value"], ["As Of", as_of]]
        return sheets, None
    rows = [list(r) for r in sheets[name]]
    head = next((i for i, r in enumerate(rows) if any(v not in (None, "") for v in r)), None)
    if head is None:
        sheets[name] = [["Setting", "Value"], ["As Of", as_of]]
        return sheets, None
    keys = [_key(v) for v in rows[head]]
    if "setting" not in keys or "value" not in keys:
        return None, None
    k, v = keys.index("setting"), keys.index("value")
    for r in rows[head + 1:]:
        if len(r) > k and _key(r[k]) == "asof":
            r.extend([None] * (v + 1 - len(r)))
            old, r[v] = r[v], as_of
            sheets[name] = rows
            return sheets, old
    row: list[Any] = [None] * (max(k, v) + 1)
    row[k], row[v] = "As Of", as_of
    sheets[name] = rows + [row]
    return sheets, None


def load_file(path: Path, *, as_of: Optional[date] = None, default_as_of: Optional[date] = None) -> Any:
    """Read and validate the workbook file ``path``: the one load of ``taxrebal run``, ``check`` and
    ``form8949`` (a :class:`~taxrebal.workbook.reader.LoadResult`; a file that cannot be read is an
    error Issue). ``as_of`` (``--as-of``) replaces Settings As Of *before* validation, so every check
    that uses the date (acquisitions after As Of...) uses it, and an Info issue says what it replaced;
    ``default_as_of`` fills a blank As Of."""
    from .workbook.reader import load_sheets, load_workbook_file, read_raw_sheets

    if as_of is None:
        return load_workbook_file(path, default_as_of=default_as_of)
    try:
        raw = read_raw_sheets(path)
    except WorkbookError:
        return load_workbook_file(path, default_as_of=as_of)  # reports why, as an Issue
    patched, old = _with_as_of(raw, as_of)
    if patched is None:  # no editable Settings header: the reader will report it
        return load_workbook_file(path, default_as_of=as_of)
    result = load_sheets(patched, default_as_of=as_of)
    issues = tuple(result.issues)
    if old not in (None, "") and old != as_of:
        shown = old.isoformat() if isinstance(old, (date, datetime)) else str(old)
        issues += (Issue(Severity.INFO, "Settings", "", f"As Of {shown[:10]} on the Settings sheet was "
                         f"replaced by --as-of {as_of.isoformat()} for this run."),)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return dataclasses.replace(result, issues=issues, digest=digest)


def file_loader(path: Path, as_of: Optional[date] = None) -> Callable[..., Any]:
    """:func:`load_file` as the ``sheets_loader`` of :func:`run_book`."""

    def load(default_as_of: Optional[date] = None) -> Any:
        return load_file(path, as_of=as_of, default_as_of=default_as_of)

    return load


def _internal_issue(where: str, err: BaseException) -> Issue:
    frame = traceback.extract_tb(err.__traceback__)[-1] if err.__traceback__ else None
    at = f" at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" if frame else ""
    return Issue(Severity.ERROR, "", "",
                 f"internal error in {where}: {type(err).__name__}: {err}{at}. This is a bug in taxrebal, "
                 f"not in your workbook; please report it with this message.")


def _check_report_sheets(book: ResultBook) -> None:
    """Issues and Run Info are where every problem is reported, so a user's own sheet with one of
    those names stops the run before any work (NotOwnedSheetError saying to rename it)."""
    from .errors import NotOwnedSheetError
    from .workbook.results import not_owned_message
    from .workbook.results.issues import ISSUES_SHEET
    from .workbook.results.run_info import RUN_INFO_SHEET

    existing = {n.casefold(): n for n in book.sheet_names()}
    for name in (ISSUES_SHEET, RUN_INFO_SHEET):
        found = existing.get(name.casefold())
        if found is not None and not book.is_owned(found):
            raise NotOwnedSheetError(not_owned_message(found))


def _remove_stale_results(book: ResultBook) -> tuple[list[str], list[Issue]]:
    """Remove every sheet an earlier run wrote (owned), except Issues and Run Info and any sheet
    named like an input sheet, and say so in one Info issue (plus a Warning for a sheet that could
    not be removed). A sheet that is not owned is never removed. Returns (removed names, issues)."""
    from .workbook.results import INPUT_SHEETS
    from .workbook.results.issues import ISSUES_SHEET
    from .workbook.results.run_info import RUN_INFO_SHEET

    keep = {n.casefold() for n in (ISSUES_SHEET, RUN_INFO_SHEET, *INPUT_SHEETS)}
    removed: list[str] = []
    issues: list[Issue] = []
    for name in book.sheet_names():
        if name.casefold() in keep or not book.is_owned(name):
            continue
        try:
            book.remove_sheet(name)
            removed.append(name)
        except TaxrebalError as err:
            issues.append(Issue(Severity.WARNING, name, "",
                                f"The sheet {name} from an earlier run could not be removed ({err}); it does not "
                                "match the inputs: delete it by hand or ignore it until the errors above are fixed."))
    if removed:
        issues.insert(0, Issue(Severity.INFO, "", "",
                               f"Removed the results of an earlier run ({', '.join(removed)}) because they no "
                               "longer match the inputs; fix the errors above and run again."))
    return removed, issues


class _Recording:
    """The result book as the steps see it: every call goes to ``book``; the names of the sheets
    written are added to ``written`` (to tell which owned sheets a partial run left as they were)."""

    def __init__(self, book: ResultBook, written: set[str]) -> None:
        self._book = book
        self._written = written

    def write_sheet(self, name: str, *args: Any, **kwargs: Any) -> None:
        self._written.add(name.casefold())
        self._book.write_sheet(name, *args, **kwargs)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._book, attr)


def _kept_results_issue(book: ResultBook, earlier: Sequence[str], written: set[str], command: str) -> list[Issue]:
    """A Warning naming the owned result sheets of an earlier run that this run neither rewrote nor
    removed (``--only`` / one ribbon button): they look current but were computed from the inputs
    and As Of of that earlier run."""
    from .workbook.results import INPUT_SHEETS
    from .workbook.results.issues import ISSUES_SHEET
    from .workbook.results.run_info import RUN_INFO_SHEET

    skip = {n.casefold() for n in (ISSUES_SHEET, RUN_INFO_SHEET, *INPUT_SHEETS)} | written
    present = {n.casefold() for n in book.sheet_names()}
    kept = [n for n in earlier if n.casefold() not in skip and n.casefold() in present]
    if not kept:
        return []
    return [Issue(Severity.WARNING, "", "",
                  f"Kept from an earlier run, not recomputed by this one ({command}): {', '.join(kept)}. "
                  "They show that run's inputs and As Of, which may differ from today's; run everything "
                  "(taxrebal run without --only, or Run All on the ribbon) to bring them up to date.")]


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
    from .workbook.results.issues import write_issues
    from .workbook.results.run_info import RunFacts, write_run_info

    steps = resolve_steps(command)
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
    setting_cells: dict[str, str] = {}
    try:
        loaded = _load(sheets_loader, default_as_of)
        issues.extend(loaded.issues)
        digest = getattr(loaded, "digest", "") or ""
        household = loaded.household if loaded.ok else None
        as_of_defaulted = bool(getattr(loaded, "as_of_defaulted", False))
        setting_cells = dict(getattr(loaded, "setting_cells", None) or {})  # Settings field -> value cell
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
    data: dict[str, Any] = {"setting_cells": setting_cells}
    earlier = [n for n in book.sheet_names() if book.is_owned(n)]
    written: set[str] = set()
    if household is not None:
        ctx = Context(household, _Recording(book, written), issues, run_time, source_name, digest, data, command)
        for n, step in enumerate(steps, start=1):
            report(n, step.label)
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
        issues.extend(_kept_results_issue(book, earlier, written, command))
    if household is None:
        removed, removal_issues = _remove_stale_results(book)
        issues.extend(removal_issues)
        if removed:
            data["removed_results"] = tuple(removed)
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
                     status=status)
    write_issues(book, issues)
    write_run_info(book, facts, household.settings if household is not None else None)
    report(total, "Done")
    return RunOutcome(
        issues=tuple(issues),
        loaded=household is not None,
        steps_run=tuple(ran),
        steps_failed=tuple(failed),
        summary=tuple(data.get("summary", ())),
        household=household,
        data=data,
        as_of=as_of,
        as_of_from_run_date=from_run_date,
    )
