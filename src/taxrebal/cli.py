"""The ``taxrebal`` command line: the same engine as the Excel add-in, on .xlsx files, without Excel.

    taxrebal template Household.xlsx        an empty workbook to fill in (with a Start sheet)
    taxrebal demo [DIR]                     the sample "Rivera household", run end to end
    taxrebal check Household.xlsx           validate only: list problems, write nothing
    taxrebal run Household.xlsx [-o OUT]    write the result sheets (in place with a backup, or to OUT)

Exit codes: 0 everything ran; 1 the input has errors (see the Issues sheet / the printed list);
2 the command line itself was wrong (usage); 3 the workbook cannot be saved (locked, read-only,
or the folder is missing); 130 interrupted with Ctrl-C (nothing written, no temporary file left).
They are :class:`taxrebal.exit_codes.ExitCode`, shared with the subcommands and the pipeline.

Dates: the as-of date is Settings ``As Of``. Only when that is blank does the command line use
today's date (and says so); ``--as-of`` overrides both for one run.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Optional, Sequence

from . import __version__
from .console import count_line as _count_line
from .console import err as _err
from .console import out as _out
from .console import parse_date as _parse_date
from .console import print_issues as _print_issues
from .console import progress_printer
from .errors import Issue, Severity, TaxrebalError, WorkbookError
from .exit_codes import ExitCode

__all__ = ["main", "build_parser", "EXIT_OK", "EXIT_INPUT", "EXIT_USAGE", "EXIT_SAVE"]

# The exit codes (taxrebal.exit_codes), by the names the command line has always used.
EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_SAVE = ExitCode.OK, ExitCode.INPUT, ExitCode.USAGE, ExitCode.SAVE

DESCRIPTION = """\
Tax-aware portfolio rebalancing on an Excel workbook.

Start here:
  taxrebal demo                  try it on a sample household (writes ./taxrebal-demo)
  taxrebal template My.xlsx      make an empty workbook, fill in the sheets
  taxrebal check My.xlsx         look for problems in what you filled in
  taxrebal run My.xlsx           write the result sheets into the workbook (keeps My.bak.xlsx)

Results are sheets added after your input sheets (Issues, Allocation, ..., Run Info); your input
sheets are never changed. Exit codes: 0 ok, 1 input errors, 2 usage, 3 the workbook cannot be saved,
130 interrupted (Ctrl-C: nothing written).
"""


def _as_of_line(as_of: Optional[date], from_run_date: bool) -> str:
    if as_of is None:
        return ""
    if from_run_date:
        return f"As of {as_of.isoformat()} (today: Settings has no As Of; add one to fix the date)."
    return f"As of {as_of.isoformat()}."


def _key(text: object) -> str:
    """A header or setting name compared the reader's way: letters and digits, lower case."""
    return "".join(ch for ch in str(text or "").lower() if ch.isalnum())


def _with_as_of(raw: dict, as_of: date) -> tuple[Optional[dict], object]:
    """``raw`` sheets with Settings As Of set to ``as_of`` (row added when missing), and the value
    it replaced; ``(None, None)`` when the Settings sheet has no Setting/Value header to edit."""
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
    row = [None] * max(k, v) + [None]
    row[k], row[v] = "As Of", as_of
    sheets[name] = rows + [row]
    return sheets, None


@contextlib.contextmanager
def _native_stdout_silenced():
    """Discard what native libraries print straight to file descriptor 1 while the engines run (the
    HiGHS solver behind scipy.optimize.milp prints debug lines such as
    "HighsMipSolverData::transformNewIntegerFeasibleSolution" in some releases). Python's own output
    is unaffected because nothing in a run prints; our report comes afterwards."""
    try:
        sys.stdout.flush()
        fd = sys.stdout.fileno()
        saved = os.dup(fd)
    except (AttributeError, OSError, ValueError):  # no real stdout (captured, or a GUI host)
        yield
        return
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), fd)
            try:
                yield
            finally:
                os.dup2(saved, fd)
    finally:
        os.close(saved)


def _file_loader(path: Path, forced_as_of: Optional[date], notes: Sequence[Issue] = ()) -> Callable[..., object]:
    """A loader for :func:`pipeline.run_book`: the workbook reader; ``--as-of`` replaces Settings As Of
    *before* validation, so every check that uses the date (acquisitions after As Of...) uses it.
    ``notes`` are issues the command line found itself, reported with the reader's."""

    def load(default_as_of: Optional[date] = None):
        result = _load(default_as_of)
        if notes:
            result = dataclasses.replace(result, issues=tuple(result.issues) + tuple(notes))
        return result

    def _load(default_as_of: Optional[date]):
        from .workbook.reader import load_sheets, load_workbook_file, read_raw_sheets

        if forced_as_of is None:
            return load_workbook_file(path, default_as_of=default_as_of)
        try:
            raw = read_raw_sheets(path)
        except WorkbookError:
            return load_workbook_file(path, default_as_of=forced_as_of)  # reports why, as an Issue
        patched, old = _with_as_of(raw, forced_as_of)
        if patched is None:  # no editable Settings header: the reader will report it
            return load_workbook_file(path, default_as_of=forced_as_of)
        result = load_sheets(patched, default_as_of=forced_as_of)
        issues = tuple(result.issues)
        if old not in (None, "") and old != forced_as_of:
            shown = old.isoformat() if isinstance(old, (date, datetime)) else str(old)
            issues += (Issue(Severity.INFO, "Settings", "", f"As Of {shown[:10]} on the Settings sheet was "
                             f"replaced by --as-of {forced_as_of.isoformat()} for this run."),)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        return dataclasses.replace(result, issues=issues, digest=digest)

    return load


# --- subcommands -------------------------------------------------------------------------------


def cmd_template(args: argparse.Namespace) -> int:
    from .workbook.saving import save_atomic
    from .workbook.template import build_template

    path = Path(args.path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx") if not path.suffix else path
        if path.suffix.lower() != ".xlsx":
            _err(f"the template is an .xlsx workbook; give a name ending in .xlsx (not '{args.path}')")
            return EXIT_USAGE
    if path.exists() and not args.force:
        _err(f"'{path}' already exists; choose another name or add --force to replace it")
        return EXIT_USAGE
    try:
        save_atomic(build_template(), path)
    except WorkbookError as err:
        _err(str(err))
        return EXIT_SAVE
    _out(f"Wrote the empty template to {path}.")
    _out("Fill in Accounts, Securities, Lots, Targets and Settings (the Start sheet explains each), then run:")
    _out(f"  taxrebal check {path}\n  taxrebal run {path}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    path = Path(args.book)
    if not path.is_file():
        _err(f"no such file: '{path}'")
        return EXIT_INPUT
    loader = _file_loader(path, args.as_of)
    result = loader(default_as_of=date.today())
    issues = tuple(result.issues)
    _out(f"Checked {path}: {_count_line(issues)}")
    _print_issues(issues)
    hh = result.household
    if hh is not None:
        _out(f"{len(hh.accounts)} accounts, {len(hh.securities)} securities, {len(hh.lots)} lots, "
             f"{len(hh.transactions)} transactions, {len(hh.targets)} targets.")
    ok = not any(i.severity is Severity.ERROR for i in issues)
    return EXIT_OK if ok else EXIT_INPUT


def _run_file(source: Path, output: Path, command: str, forced_as_of: Optional[date], quiet: bool = False) -> int:
    """Run ``command`` on ``source`` and save the results to ``output`` (in place: with a backup)."""
    from .pipeline import resolve_steps, run_book
    from .workbook.results import not_owned_message
    from .workbook.results.issues import ISSUES_SHEET
    from .workbook.results.run_info import RUN_INFO_SHEET
    from .workbook.saving import check_not_open, make_backup, open_result_book, save_atomic

    if not source.is_file():
        _err(f"no such file: '{source}'")
        return EXIT_INPUT
    if output.suffix.lower() != source.suffix.lower():
        _err(f"the output '{output.name}' must end in {source.suffix} like the input (a workbook's type "
             f"cannot change on the way); choose an output name ending in {source.suffix}")
        return EXIT_USAGE
    try:
        resolve_steps(command)
    except TaxrebalError as err:
        _err(str(err))
        return EXIT_USAGE
    in_place = output.resolve() == source.resolve()
    if not output.resolve().parent.is_dir():
        _err(f"the folder '{output.parent}' does not exist; create it or choose another output path")
        return EXIT_SAVE
    try:
        check_not_open(output)  # Excel has it open (~$BOOK.xlsx): it would overwrite ours, or lose the user's edits
    except WorkbookError as err:
        _err(str(err))
        return EXIT_SAVE
    try:
        book = open_result_book(source)  # the sheet list only: input sheets are copied byte for byte
    except WorkbookError as err:
        _err(str(err))
        return EXIT_INPUT
    run_time = datetime.now().astimezone()
    for name in (ISSUES_SHEET, RUN_INFO_SHEET):  # where problems are reported must be writable first
        if name.casefold() in (n.casefold() for n in book.sheet_names()) and not book.is_owned(name):
            _err(not_owned_message(name))
            return EXIT_SAVE
    with _native_stdout_silenced():
        outcome = run_book(
            book,
            _file_loader(source, forced_as_of),
            command=command,
            run_time=run_time,
            default_as_of=run_time.date(),
            source_name=str(source),
            progress=None if quiet else progress_printer(sys.stderr),
        )
    # Open the result on the sheet to read first: the problems, or the allocation when all went well.
    book.activate("Issues" if not outcome.ok or not book.is_owned("Allocation") else "Allocation")
    backup = None
    try:
        if in_place:
            backup = make_backup(source)
        save_atomic(book, output, original=source)
    except WorkbookError as err:
        _err(str(err))
        return EXIT_SAVE
    if not quiet:
        _report(source, output, outcome, backup, [n for n in book.sheet_names() if book.is_owned(n)])
    return outcome.exit_code


def _report(source: Path, output: Path, outcome, backup: Optional[Path], results: Sequence[str]) -> None:
    line = _as_of_line(outcome.as_of, outcome.as_of_from_run_date)
    _out(f"Read {source}. {line}".rstrip())
    _out(f"Issues: {_count_line(outcome.issues)}")
    _print_issues(outcome.issues)
    if not outcome.loaded:
        _out("Nothing was computed: fix the errors above (also on the Issues sheet) and run again.")
        removed = outcome.data.get("removed_results", ())
        if removed:
            _out(f"Removed the results of an earlier run ({', '.join(removed)}): they no longer match the inputs.")
    for s in outcome.summary:
        _out(f"  {s}")
    _out(f"Wrote {output} (result sheets: {', '.join(results)}).")
    if backup is not None:
        _out(f"The original was saved first as {backup}.")


def cmd_run(args: argparse.Namespace) -> int:
    source = Path(args.book)
    output = Path(args.output) if args.output else source
    return _run_file(source, output, args.only, args.as_of)


def cmd_demo(args: argparse.Namespace) -> int:
    from .workbook.saving import save_atomic
    from .workbook.template import build_sample

    folder = Path(args.dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        source = folder / "sample-household.xlsx"
        save_atomic(build_sample(), source)
    except (OSError, WorkbookError) as err:
        _err(f"could not write the sample to '{folder}': {err}")
        return EXIT_SAVE
    output = folder / "sample-household-results.xlsx"
    _out(f"Wrote the sample Rivera household to {source} (inputs only).")
    code = _run_file(source, output, "all", None)
    if code in (EXIT_OK, EXIT_INPUT):
        _out(f"Open {output} to see the results; the Start sheet of {source.name} describes the household.")
    return code


def build_parser() -> argparse.ArgumentParser:
    from .pipeline import COMMANDS

    parser = argparse.ArgumentParser(
        prog="taxrebal", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"taxrebal {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("template", help="write an empty input workbook to fill in",
                       description="Write an empty taxrebal workbook (input sheets with headers, hints "
                                   "and drop-down lists, and a Start sheet explaining them).")
    p.add_argument("path", metavar="PATH", help="where to write it, e.g. Household.xlsx")
    p.add_argument("--force", action="store_true", help="replace PATH if it already exists")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("demo", help="run the sample household end to end",
                       description="Write the sample Rivera household and its results to DIR and print "
                                   "a short summary.")
    p.add_argument("dir", metavar="DIR", nargs="?", default="taxrebal-demo",
                   help="folder for the demo files (default: ./taxrebal-demo)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("check", help="validate a workbook and list its problems (writes nothing)",
                       description="Read and validate BOOK; print every problem with its sheet and cell. "
                                   "Exit code 1 when there is any error.")
    p.add_argument("book", metavar="BOOK", help="the household workbook (.xlsx)")
    p.add_argument("--as-of", type=_parse_date, metavar="DATE", help="as-of date YYYY-MM-DD (overrides Settings)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("run", help="write the result sheets into a workbook",
                       description="Run taxrebal on BOOK and write the result sheets. Without -o the "
                                   "workbook is updated in place after copying it to BOOK.bak.xlsx. "
                                   "Input sheets are never changed.")
    p.add_argument("book", metavar="BOOK", help="the household workbook (.xlsx or .xlsm)")
    p.add_argument("-o", "--output", metavar="OUT", help="write the results to OUT instead of BOOK")
    p.add_argument("--as-of", type=_parse_date, metavar="DATE", help="as-of date YYYY-MM-DD (overrides Settings)")
    p.add_argument("--only", metavar="STEP", default="all", choices=sorted(COMMANDS),
                   help=f"run one part only: {', '.join(sorted(COMMANDS))} (default: all)")
    p.set_defaults(func=cmd_run)

    # Other subcommands register here (one small edit each): a function adding its parser to `sub`.
    for register in EXTRA_SUBCOMMANDS:
        register(sub)
    return parser


#: Functions ``register(subparsers)`` adding more subcommands (form8949, share, ...); each sets
#: ``func=handler`` with ``handler(args) -> int`` (an exit code).
EXTRA_SUBCOMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []

from .workbook.share import add_share_subcommand  # noqa: E402  (taxrebal share BOOK -o COPY)

EXTRA_SUBCOMMANDS.append(add_share_subcommand)

from .workbook.results.form8949 import add_form8949_subcommand  # noqa: E402  (taxrebal form8949 BOOK -o CSV)

EXTRA_SUBCOMMANDS.append(add_form8949_subcommand)

from .excel.addin_cli import add_addin_subcommand  # noqa: E402  (taxrebal addin path | copy DIR)

EXTRA_SUBCOMMANDS.append(add_addin_subcommand)

from .workbook.importers.command import add_import_subcommand  # noqa: E402  (taxrebal import BOOK FILE...)

EXTRA_SUBCOMMANDS.append(add_import_subcommand)

from .workbook.results.orders_command import add_orders_subcommand  # noqa: E402  (taxrebal orders BOOK [-o DIR])

EXTRA_SUBCOMMANDS.append(add_orders_subcommand)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except WorkbookError as err:
        _err(str(err))
        return EXIT_SAVE
    except TaxrebalError as err:
        _err(str(err))
        return EXIT_INPUT
    except ImportError as err:
        _err(f"this installation of taxrebal is incomplete ({err}); reinstall it with pip install taxrebal")
        return EXIT_INPUT
    except KeyboardInterrupt:
        _err("interrupted; nothing was saved unless a 'Wrote' line was printed")
        return ExitCode.INTERRUPTED
    except Exception as err:  # noqa: BLE001 - a user never sees a traceback (TAXREBAL_DEBUG=1 shows it)
        if os.environ.get("TAXREBAL_DEBUG"):
            raise
        _err(f"internal error: {type(err).__name__}: {err}. This is a bug in taxrebal, not in your "
             f"workbook; please report it (run with TAXREBAL_DEBUG=1 to see the details).")
        return EXIT_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
