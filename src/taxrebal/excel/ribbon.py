"""The macros behind the "Tax Rebalance" ribbon tab of the taxrebal Excel add-in.

Every button calls the one VBA callback ``TaxrebalRibbon.TaxrebalAction`` (``addin/TaxrebalRibbon.bas``),
which runs ``RunPython "import taxrebal.excel.ribbon as r; r.run('<control id>')"``. :func:`run` looks
the id up in :data:`HANDLERS` (one entry per button of ``addin/ribbon.toml``; a test keeps the two
equal) and works on the active workbook, ``xlwings.Book.caller()``.

The six analysis buttons run the same :func:`taxrebal.pipeline.run_book` as ``taxrebal run`` does on
a file, with the same steps (:data:`PIPELINE_COMMANDS` maps button -> pipeline command):

    Validate -> "validate"   Allocation -> "allocation"   Rebalance -> "rebalance"
    Harvest -> "harvest"     Wash Sales -> "wash_sales"   Lot Selection -> "lot_selection"
    Run All -> "all"

The input sheets are read from the live workbook as 2D values (A1 to the last used cell, so an Issue
row's cell reference is the worksheet's) and validated by the same reader as files; result sheets
are written through :class:`~taxrebal.excel.xlwings_book.XlwingsBook`. So a ribbon click and
``taxrebal run`` give the same sheets, columns and values (``tests/test_ribbon_commands.py``
compares them); only Run Info's input name/checksum differ (a live workbook is not a file).

What the user sees: progress in Excel's status bar ("taxrebal: Allocation (2/4)"; a step that runs on
adds how long it has run while a large model is solved, :mod:`taxrebal.excel.status_bar`), screen updating
calculation and (Windows) print communication paused while sheets are written and restored
afterwards, then the main result sheet of the command activated. Problems in the
data go to the Issues sheet and a short message box says so; nothing ever shows a Python traceback:
an unexpected error becomes a message box asking to report it (set ``TAXREBAL_DEBUG=1`` to let it
raise). A Ctrl-C (in the console window of the Python running the macro) stops a large model's solve
(:mod:`taxrebal.engine.rebalance.interruptible`) and ends the run with a message box saying which sheets
are this run's (:data:`STOPPED_MESSAGE`); Excel's settings and its status bar are handed back as after
any run. The run time is the clock of the computer running Excel (``now``), passed into the pipeline
as ``run_time`` and, when Settings has no As Of, as ``default_as_of``: the engine never reads a clock.

Import asks for broker export files (Excel's Open dialog) and adds their lots, trades and prices
to Lots, Transactions and Securities with the rules of ``taxrebal import``
(:mod:`taxrebal.excel.live_import`). New Household opens a new workbook built from
:func:`taxrebal.workbook.template.build_template`; About shows versions and where the documentation is. Import Functions
is handled in VBA (it calls xlwings' ``ImportPythonUDFsToAddin``: the functions' wrappers go into the add-in, so every
workbook can use them); its Python handler only explains that, for completeness.
"""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

from .. import __version__
from ..errors import Severity, TaxrebalError
from .status_bar import StatusBar
from .xlwings_book import XlwingsBook, input_sheet_names, read_input_sheets

__all__ = ["run", "HANDLERS", "PIPELINE_COMMANDS", "TITLE", "docs_location"]

TITLE = "taxrebal"

#: ribbon control id -> pipeline command (``taxrebal.pipeline.COMMANDS``)
PIPELINE_COMMANDS: dict[str, str] = {
    "validate": "validate",
    "allocation": "allocation",
    "rebalance": "rebalance",
    "harvest": "harvest",
    "wash_sales": "wash_sales",
    "lot_selection": "lot_selection",
    "run_all": "all",
}

Handler = Callable[[Any, datetime], Any]

#: What a Ctrl-C says: each step writes its sheets as it finishes; Issues and Run Info come last.
STOPPED_MESSAGE = ("Stopped (Ctrl-C) before the run finished. Result sheets it wrote before the stop are this "
                   "run's (one it was writing at that moment may be incomplete); the other result sheets, Issues "
                   "and Run Info are from the previous run, if any. Your input sheets were not changed. Click "
                   "the button again to run it whole.")


# --- talking to Excel (every call guarded: a missing feature never stops a run) ------------------
def _alert(book: Any, message: str, *, critical: bool = False) -> None:
    """A message box (``App.alert``, xlwings >= 0.27.13); printed to stderr where there is none."""
    try:
        book.app.alert(message, title=TITLE, buttons="ok", mode="critical" if critical else "info")
    except Exception:  # noqa: BLE001 - no Excel UI (tests, a server): the message still goes somewhere
        print(f"{TITLE}: {message}", file=sys.stderr)


def _status(book: Any, text: Any) -> None:
    """Set Excel's status bar; ``False`` hands it back to Excel."""
    StatusBar(book).show(text)


@contextmanager
def _excel_paused(book: Any) -> Iterator[None]:
    """While sheets are written: screen updating off, calculation manual (each write would
    otherwise recalculate the user's volatile cells, e.g. HOLDINGTERM or TODAY()), and, on Windows,
    print communication off (page setup would otherwise talk to the printer driver per setting).
    Each is restored in ``finally`` to what it was, also when the run fails; a platform without one
    (macOS has no PrintCommunication through xlwings' ``.api``) simply goes without it."""
    app: Any = getattr(book, "app", None)  # None without Excel: pause() then skips each setting
    restore: list[tuple[Any, str, Any]] = []

    def pause(target: Any, attr: str, value: Any) -> None:
        try:
            before = getattr(target, attr)
            setattr(target, attr, value)
        except Exception:  # noqa: BLE001
            return
        restore.append((target, attr, before))

    pause(app, "screen_updating", False)
    pause(app, "calculation", "manual")
    try:
        pause(app.api, "PrintCommunication", False)
    except Exception:  # noqa: BLE001 - no platform object (macOS AppleScript, the test double)
        pass
    try:
        yield
    finally:
        for target, attr, before in reversed(restore):
            try:
                setattr(target, attr, before)
            except Exception:  # noqa: BLE001
                pass


def _activate(book: Any, names: tuple[str, ...], existing: Optional[dict[str, Any]] = None) -> None:
    """Activate the first of ``names`` the book has (``existing``: its sheets by folded name, when
    already listed: each name read crosses into Excel)."""
    if existing is None:
        existing = {s.name.casefold(): s for s in book.sheets}
    for name in names:
        sheet = existing.get(name.casefold())
        if sheet is not None:
            try:
                sheet.activate()
            except Exception:  # noqa: BLE001
                pass
            return


def _source_name(book: Any) -> str:
    for attr in ("fullname", "name"):
        try:
            value = getattr(book, attr)
        except Exception:  # noqa: BLE001
            continue
        if value:
            return f"{value} (open in Excel)"
    return "(workbook open in Excel)"


# --- the handlers --------------------------------------------------------------------------------
def _pipeline_handler(command: str) -> Handler:
    def handle(book: Any, now: datetime) -> Any:
        # imported on the click: Excel loads this module with the add-in, what a button runs on first use
        from ..engine.rebalance.interruptible import waiting
        from ..pipeline import run_book

        progress = StatusBar(book)  # the step under way; a long one's running time while a solve runs
        if not input_sheet_names(book):
            _alert(book, "This workbook has none of taxrebal's input sheets (Accounts, Securities, Lots, Targets, "
                         "Settings), so nothing was written to it. Open your household workbook and click again, "
                         "or click New Household to start one from the template.", critical=True)
            return None
        _status(book, f"{TITLE}: reading the workbook")
        with _excel_paused(book), waiting(progress.beat):
            sheets = read_input_sheets(book)
            outcome = run_book(
                XlwingsBook(book),
                sheets,
                command=command,
                run_time=now,
                default_as_of=now.date(),
                source_name=_source_name(book),
                progress=progress,
            )
        _report(book, command, outcome)
        return outcome

    handle.__name__ = f"run_{command}"
    handle.__doc__ = f"Run the pipeline command {command!r} on the workbook."
    return handle


def _report(book: Any, command: str, outcome: Any) -> None:
    """Show the user where the results are: the sheet the command's steps declare first (Issues when
    anything failed, :func:`taxrebal.pipeline.sheet_to_show`), and a message box when it matters."""
    # imported on the click: Excel loads this module with the add-in, what a button runs on first use
    from ..pipeline import sheet_to_show

    errors = [i for i in outcome.issues if i.severity is Severity.ERROR]
    warnings = [i for i in outcome.issues if i.severity is Severity.WARNING]
    existing = {s.name.casefold(): s for s in book.sheets}
    _activate(book, (sheet_to_show(command, outcome, lambda name: name.casefold() in existing),), existing)
    if not outcome.loaded:
        _alert(book, f"The workbook has {len(errors)} error(s), so nothing was computed. The Issues sheet lists "
                     "each one with its sheet, cell and how to fix it; fix them and click the button again.",
               critical=True)
    elif errors:
        _alert(book, f"Finished with {len(errors)} error(s): some results are missing. See the Issues sheet.",
               critical=True)
    elif command == "validate":
        extra = f" {len(warnings)} warning(s): see the Issues sheet." if warnings else ""
        _alert(book, f"No errors found in the workbook.{extra}")


def _new_household(book: Any, now: datetime) -> Any:
    """Open a new workbook made from the taxrebal template (a copy; the user saves it where they like)."""
    # imported on the click: Excel loads this module with the add-in, what a button runs on first use
    from ..workbook.saving import save_atomic
    from ..workbook.template import build_template

    folder = Path(tempfile.mkdtemp(prefix="taxrebal-"))
    path = folder / f"Household {now:%Y-%m-%d}.xlsx"
    save_atomic(build_template(), path)
    app = book.app
    new = app.books.open(str(path))
    _alert(book, f"A new household workbook is open. Fill in the input sheets (the Start sheet explains "
                 f"them), then save it under a name and folder of your choice (File > Save As); the copy "
                 f"in {folder} is temporary.")
    return new


def _import_functions(book: Any, now: datetime) -> None:
    """Normally never reached: the add-in's VBA handles this button by calling xlwings'
    ``ImportPythonUDFsToAddin`` (Windows) or explaining that cell functions need Windows (macOS)."""
    _alert(book, "Import Functions runs inside Excel: click it on the Tax Rebalance tab in Excel on Windows "
                 "(it registers TAXCOST, FEDTAX, LOTPICK, LTDATE, HOLDINGTERM, WASHWINDOW and DRIFT from "
                 "taxrebal.excel.udfs). Cell functions are not available on macOS.")


def _import_broker_files(book: Any, now: datetime, paths: Optional[list[str]] = None) -> Any:
    """Import: pick broker files (Excel's Open dialog) and add their lots, trades and prices to the
    input sheets with the same rules as ``taxrebal import`` (see :mod:`taxrebal.excel.live_import`)."""
    # imported on the click: Excel loads this module with the add-in, what a button runs on first use
    from .live_import import import_files_into_book, pick_files

    if not input_sheet_names(book):
        _alert(book, "This workbook has none of taxrebal's input sheets, so there is nowhere to import into. "
                     "Open your household workbook (or click New Household) and click Import again.", critical=True)
        return None
    if paths is None:
        paths = pick_files(book)
    if paths is None:
        _alert(book, "Excel's file dialog is not available here (it needs Excel on Windows). Import from a "
                     "terminal instead: taxrebal import <your workbook.xlsx> <broker files...> (save and close "
                     "the workbook first).")
        return None
    if not paths:
        return None
    with _excel_paused(book):
        _status(book, f"{TITLE}: importing {len(paths)} file(s)")
        plan = import_files_into_book(book, paths, read_input_sheets, _alert, today=now.date())
    if plan is not None:
        _activate(book, ("Lots",))
    return plan


def docs_location() -> str:
    """Where the README is: the project URL from the installed package's metadata when it declares
    one, else the README that ``pip show`` points at."""
    try:
        # imported on the click: Excel loads this module with the add-in, what a button runs on first use
        from importlib.metadata import metadata

        meta = metadata("taxrebal")
        for entry in meta.get_all("Project-URL") or ():
            return str(entry).split(",", 1)[-1].strip()
        if "Home-page" in meta and meta["Home-page"]:
            return str(meta["Home-page"])
    except Exception:  # noqa: BLE001
        pass
    return "README.md in the taxrebal project (pip show taxrebal shows where it is installed)"


def _about(book: Any, now: datetime) -> str:
    try:
        # imported on the click: Excel loads this module with the add-in, what a button runs on first use
        import xlwings

        xlwings_version = xlwings.__version__
    except Exception:  # noqa: BLE001
        xlwings_version = "not found"
    text = (f"taxrebal {__version__}: tax-aware portfolio rebalancing for Excel.\n\n"
            f"xlwings {xlwings_version}, Python {sys.version.split()[0]}\n"
            f"Python used: {sys.executable}\n\n"
            f"Documentation and help: {docs_location()}\n"
            "taxrebal proposes trades and shows tax estimates; it places no orders and is not tax advice.")
    _alert(book, text)
    return text


#: ribbon control id -> handler(book, now). One entry per button of addin/ribbon.toml.
HANDLERS: dict[str, Handler] = {
    **{control: _pipeline_handler(command) for control, command in PIPELINE_COMMANDS.items()},
    "new_household": _new_household,
    "import_functions": _import_functions,
    "import_broker_files": _import_broker_files,
    "about": _about,
}


def _calling_book() -> Any:
    """``xlwings.Book.caller()``; when Excel cannot hand the workbook over (a Protected View window,
    Excel busy editing a cell) the run stops with a one-line message, which xlwings shows in its error
    box, instead of a traceback."""
    # imported on the click: Excel loads this module with the add-in, what a button runs on first use
    import xlwings as xw

    try:
        return xw.Book.caller()
    except Exception as err:  # noqa: BLE001
        if os.environ.get("TAXREBAL_DEBUG"):
            raise
        raise SystemExit(f"{TITLE}: Excel did not hand over the workbook ({type(err).__name__}: {err}). Click into "
                         "your household workbook (enable editing if it opened in Protected View) and click the "
                         "button again.") from None


def run(command: str, book: Any = None, *, now: Optional[datetime] = None) -> Any:
    """Run the ribbon button ``command`` (its control id) on ``book``.

    ``book`` defaults to the workbook Excel called from (``xlwings.Book.caller()``); tests pass a
    double. ``now`` defaults to the local time of this computer. Returns what the handler returns
    (a :class:`~taxrebal.pipeline.RunOutcome` for the analysis buttons), or None when it failed;
    failures are shown in a message box, never as a traceback.
    """
    if book is None:
        book = _calling_book()
    handler = HANDLERS.get(command)
    if handler is None:
        _alert(book, f"This add-in has a button '{command}' that taxrebal {__version__} does not know. Install "
                     "the add-in that comes with this taxrebal version (xlwings addin install -f taxrebal.xlam).",
               critical=True)
        return None
    try:
        return handler(book, now or datetime.now().astimezone())
    except TaxrebalError as err:
        _alert(book, str(err), critical=True)
    except KeyboardInterrupt:  # Ctrl-C in the console window of the Python running the macro
        _alert(book, STOPPED_MESSAGE, critical=True)
    except Exception as err:  # noqa: BLE001 - a user never sees a traceback
        if os.environ.get("TAXREBAL_DEBUG"):
            raise
        _alert(book, f"Internal error in taxrebal ({type(err).__name__}: {err}). This is a bug in taxrebal, not in "
                     "your workbook; please report it with this message. Your input sheets were not changed.",
               critical=True)
    finally:
        _status(book, False)
    return None
