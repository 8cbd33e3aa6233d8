"""``taxrebal template PATH [--force]``: an empty household workbook to fill in (with a Start sheet).

Exit codes: 0 written; 2 PATH is not ``.xlsx`` or exists (without ``--force``); 3 it cannot be saved.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import WorkbookError
from ..exit_codes import ExitCode
from .output import err, out

__all__ = ["add_parser", "cmd_template"]


def cmd_template(args: argparse.Namespace) -> int:
    # imported when this command runs: `taxrebal --help` and the other commands load none of it
    from ..workbook.saving import save_atomic
    from ..workbook.template import build_template

    path = Path(args.path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx") if not path.suffix else path
        if path.suffix.lower() != ".xlsx":
            err(f"the template is an .xlsx workbook; give a name ending in .xlsx (not '{args.path}')")
            return ExitCode.USAGE
    if path.exists() and not args.force:
        err(f"'{path}' already exists; choose another name or add --force to replace it")
        return ExitCode.USAGE
    try:
        save_atomic(build_template(), path)
    except WorkbookError as error:
        err(str(error))
        return ExitCode.SAVE
    out(f"Wrote the empty template to {path}.")
    out("Fill in Accounts, Securities, Lots, Targets and Settings (the Start sheet explains each), then run:")
    out(f"  taxrebal check {path}\n  taxrebal run {path}")
    return ExitCode.OK


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("template", help="write an empty input workbook to fill in",
                       description="Write an empty taxrebal workbook (input sheets with headers, hints "
                                   "and drop-down lists, and a Start sheet explaining them).")
    p.add_argument("path", metavar="PATH", help="where to write it, e.g. Household.xlsx")
    p.add_argument("--force", action="store_true", help="replace PATH if it already exists")
    p.set_defaults(func=cmd_template)
