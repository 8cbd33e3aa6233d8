"""``taxrebal run BOOK [-o OUT] [--as-of DATE] [--only STEP]``: validate, run the steps, write the
result sheets (in place after copying BOOK to ``BOOK.bak.xlsx``, or to OUT).

The work is :func:`taxrebal.pipeline.run_book` on the file's package book; this module checks the
paths, saves, and prints the report. Dates: the as-of date is Settings ``As Of``; only when that is
blank is today's date used (and the report says so); ``--as-of`` overrides both for one run.

Exit codes: 0 everything ran; 1 BOOK is missing, cannot be read or has errors (Issues and Run Info
are written); 2 usage (an unknown step, OUT with another extension); 3 the result cannot be saved
(the folder is missing, OUT is open in Excel, a sheet of the user's is called Issues or Run Info).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any, Optional, Sequence

from .. import pipeline
from ..errors import SaveError, TaxrebalError, WorkbookError
from ..exit_codes import ExitCode
from ..pipeline import COMMANDS
from ..workbook.saving import check_not_open, make_backup, open_result_book, refuse_folder, save_atomic
from .output import (
    as_of_line,
    count_line,
    err,
    heartbeat,
    native_stdout_silenced,
    no_such_file,
    out,
    parse_date,
    print_issues,
    progress_printer,
)

__all__ = ["add_parser", "cmd_run", "run_file"]


def run_file(source: Path, output: Path, command: str, forced_as_of: Optional[date], quiet: bool = False) -> int:
    """Run ``command`` on ``source`` and save the results to ``output`` (in place: with a backup)."""
    if no_such_file(source):
        return ExitCode.INPUT
    try:
        refuse_folder(output, f"{source.stem}-results{source.suffix}")
    except WorkbookError as error:
        err(str(error))
        return ExitCode.USAGE
    if output.suffix.lower() != source.suffix.lower():
        err(f"the output '{output.name}' must end in {source.suffix} like the input (a workbook's type "
            f"cannot change on the way); choose an output name ending in {source.suffix}")
        return ExitCode.USAGE
    try:
        pipeline.resolve_steps(command)
    except TaxrebalError as error:
        err(str(error))
        return ExitCode.USAGE
    in_place = output.resolve() == source.resolve()
    if not output.resolve().parent.is_dir():
        err(f"the folder '{output.parent}' does not exist; create it or choose another output path")
        return ExitCode.SAVE
    try:
        check_not_open(output)  # Excel has it open (~$BOOK.xlsx): it would overwrite ours, or lose the user's edits
    except WorkbookError as error:
        err(str(error))
        return ExitCode.SAVE
    try:
        book = open_result_book(source)  # the sheet list only: input sheets are copied byte for byte
    except WorkbookError as error:
        err(str(error))
        return ExitCode.INPUT
    run_time = datetime.now().astimezone()
    printer = None if quiet else progress_printer(sys.stderr)
    try:
        # heartbeat: a long step (a large household's solves) still shows that it runs, and for how long
        with native_stdout_silenced(), heartbeat(printer):
            outcome = pipeline.run_book(
                book,
                pipeline.file_loader(source, forced_as_of),
                command=command,
                run_time=run_time,
                default_as_of=run_time.date(),
                source_name=str(source),
                progress=printer,
            )
    except SaveError as error:  # a sheet of the user's is called Issues or Run Info: nothing was done
        err(str(error))
        return ExitCode.SAVE
    # Open the result on the sheet to read first: the problems, or the command's main sheet.
    book.activate(pipeline.sheet_to_show(command, outcome, book.is_owned))
    backup = None
    try:
        if in_place:
            backup = make_backup(source)
        save_atomic(book, output, original=source)
    except WorkbookError as error:
        err(str(error))
        return ExitCode.SAVE
    if not quiet:
        _report(source, output, outcome, backup, [n for n in book.sheet_names() if book.is_owned(n)])
    return outcome.exit_code


def _report(source: Path, output: Path, outcome: Any, backup: Optional[Path], results: Sequence[str]) -> None:
    line = as_of_line(outcome.as_of, outcome.as_of_from_run_date, outcome.as_of_forced, outcome.as_of_replaced)
    out(f"Read {source}. {line}".rstrip())
    out(f"Issues: {count_line(outcome.issues)}")
    print_issues(outcome.issues)
    if outcome.defaults_used:  # Run Info says it too ('Yes: left blank')
        # imported only when there is something to say: `taxrebal --help` loads none of the workbook rules
        from ..workbook.rules import defaults_message

        out(f"  Note: {defaults_message(outcome.defaults_used)}")
    if not outcome.loaded:
        out("Nothing was computed: fix the errors above (also on the Issues sheet) and run again.")
        removed = outcome.results.removed_results
        if removed:
            out(f"Removed the results of an earlier run ({', '.join(removed)}): they no longer match the inputs.")
    elif outcome.results.removed_results:
        out(f"Removed the results of an earlier run that this one did not recompute "
            f"({', '.join(outcome.results.removed_results)}): they showed that run's inputs and As Of.")
    for s in outcome.summary:
        out(f"  {s}")
    out(f"Wrote {output} (result sheets: {', '.join(results)}).")
    if backup is not None:
        out(f"The original was saved first as {backup}.")


def cmd_run(args: argparse.Namespace) -> int:
    source = Path(args.book)
    output = Path(args.output) if args.output else source
    return run_file(source, output, args.only, args.as_of)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("run", help="write the result sheets into a workbook",
                       description="Run taxrebal on BOOK and write the result sheets. Without -o the "
                                   "workbook is updated in place after copying it to BOOK.bak.xlsx. "
                                   "Input sheets are never changed.")
    p.add_argument("book", metavar="BOOK", help="the household workbook (.xlsx or .xlsm)")
    p.add_argument("-o", "--output", metavar="OUT", help="write the results to OUT instead of BOOK")
    p.add_argument("--as-of", type=parse_date, metavar="DATE",
                   help="as-of date, YYYY-MM-DD or M/D/YYYY: replaces Settings As Of for this run, and says so")
    p.add_argument("--only", metavar="STEP", default="all", choices=sorted(COMMANDS),
                   help=f"run one part only: {', '.join(sorted(COMMANDS))} (default: all)")
    p.set_defaults(func=cmd_run)
