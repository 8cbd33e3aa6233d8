"""``taxrebal demo [DIR]``: the sample Rivera household and its results, written to DIR, with a summary.

Exit codes: those of ``taxrebal run``; 3 also when DIR or the sample cannot be written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import WorkbookError
from ..exit_codes import ExitCode
from .output import err, out
from .run import run_file

__all__ = ["add_parser", "cmd_demo"]


def cmd_demo(args: argparse.Namespace) -> int:
    # imported when this command runs: `taxrebal --help` and the other commands load none of it
    from ..excel import udfs
    from ..workbook.saving import save_atomic
    from ..workbook.template import build_sample

    folder = Path(args.dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        source = folder / "sample-household.xlsx"
        save_atomic(build_sample(cell_functions=udfs), source)  # with its Dashboard
    except (OSError, WorkbookError) as error:
        err(f"could not write the sample to '{folder}': {error}")
        return ExitCode.SAVE
    output = folder / "sample-household-results.xlsx"
    out(f"Wrote the sample Rivera household to {source} (inputs only).")
    code = run_file(source, output, "all", None)
    if code in (ExitCode.OK, ExitCode.INPUT):
        out(f"Open {output} to see the results; the Start sheet of {source.name} describes the household.")
    return code


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="run the sample household end to end",
                       description="Write the sample Rivera household and its results to DIR and print "
                                   "a short summary.")
    p.add_argument("dir", metavar="DIR", nargs="?", default="taxrebal-demo",
                   help="folder for the demo files (default: ./taxrebal-demo)")
    p.set_defaults(func=cmd_demo)
