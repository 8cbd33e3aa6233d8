"""``taxrebal check BOOK [--as-of DATE]``: validate only; print every problem with its sheet and cell.

BOOK is read by the same load as ``taxrebal run`` (:func:`taxrebal.pipeline.load_file`); nothing is
written. Exit codes: 0 no error (warnings allowed); 1 BOOK is missing, cannot be read or has errors.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from ..errors import Severity
from ..exit_codes import ExitCode
from .output import count_line, no_such_file, out, parse_date, print_issues

__all__ = ["add_parser", "cmd_check"]


def cmd_check(args: argparse.Namespace) -> int:
    from ..pipeline import load_file

    path = Path(args.book)
    if no_such_file(path):
        return ExitCode.INPUT
    result = load_file(path, as_of=args.as_of, default_as_of=date.today())
    issues = tuple(result.issues)
    out(f"Checked {path}: {count_line(issues)}")
    print_issues(issues)
    hh = result.household
    if hh is not None:
        out(f"{len(hh.accounts)} accounts, {len(hh.securities)} securities, {len(hh.lots)} lots, "
            f"{len(hh.transactions)} transactions, {len(hh.targets)} targets.")
    ok = not any(i.severity is Severity.ERROR for i in issues)
    return ExitCode.OK if ok else ExitCode.INPUT


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="validate a workbook and list its problems (writes nothing)",
                       description="Read and validate BOOK; print every problem with its sheet and cell. "
                                   "Exit code 1 when there is any error.")
    p.add_argument("book", metavar="BOOK", help="the household workbook (.xlsx)")
    p.add_argument("--as-of", type=parse_date, metavar="DATE", help="as-of date YYYY-MM-DD (overrides Settings)")
    p.set_defaults(func=cmd_check)
