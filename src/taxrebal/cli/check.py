"""``taxrebal check BOOK [--as-of DATE]``: validate only; print every problem with its sheet and cell.

BOOK is read by the same load as ``taxrebal run`` (:func:`taxrebal.pipeline.load_file`), and its
Transactions and Realized YTD settings are reconciled as ``run`` does (the wash-sale engine and the
tax ledger), so ``check`` reports the same warnings about them; nothing is written. Exit codes:
0 no error (warnings allowed); 1 BOOK is missing, cannot be read or has errors.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import LEFT_OUT, Issue, Severity, not_said_before
from ..exit_codes import ExitCode
from .output import count_line, no_such_file, out, parse_date, print_issues

if TYPE_CHECKING:
    from ..workbook.reader import LoadResult

__all__ = ["add_parser", "cmd_check"]


def cmd_check(args: argparse.Namespace) -> int:
    # imported when this command runs: `taxrebal --help` and the other commands load none of it
    from ..pipeline import load_file

    path = Path(args.book)
    if no_such_file(path):
        return ExitCode.INPUT
    result = load_file(path, as_of=args.as_of, default_as_of=date.today())
    issues = tuple(result.issues) + _ledger_issues(result)
    out(f"Checked {path}: {count_line(issues, notes=True)}")
    print_issues(issues, notes=True)
    hh = result.household
    if hh is not None and result.defaults_used:  # as `run` says it (and Run Info: 'Yes: left blank')
        # imported when this command runs: `taxrebal --help` and the other commands load none of it
        from ..workbook.rules import defaults_message

        out(f"  Note: {defaults_message(result.defaults_used)}")
    if hh is not None:
        out(f"{len(hh.accounts)} accounts, {len(hh.securities)} securities, {len(hh.lots)} lots, "
            f"{len(hh.transactions)} transactions, {len(hh.targets)} targets.")
    ok = not any(i.severity is Severity.ERROR for i in issues)
    return ExitCode.OK if ok else ExitCode.INPUT


def _ledger_issues(result: LoadResult) -> tuple[Issue, ...]:
    """What ``run`` says about Transactions and Settings Realized ST/LT YTD (the wash-sale engine's
    problems with Transactions rows, and the tax ledger's reconciliation of the year's figures), so
    ``check`` reports the same warnings before a run."""
    # imported when this command runs: `taxrebal --help` and the other commands load none of it
    from ..engine.ledger import build_ledger
    from ..engine.wash import adjust_lots

    hh = result.household
    if hh is None or hh.settings.as_of is None:
        return ()
    wash = adjust_lots(hh)
    ledger = build_ledger(wash.household.settings, wash, hh.settings.as_of, result.setting_cells)
    # a Sell row the reader already said is left out (workbook/reader/activity.py) is not said twice
    return not_said_before(wash.issues, result.issues, LEFT_OUT) + tuple(ledger.issues)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", help="validate a workbook and list its problems (writes nothing)",
                       description="Read and validate BOOK; print every problem with its sheet and cell. "
                                   "Exit code 1 when there is any error.")
    p.add_argument("book", metavar="BOOK", help="the household workbook (.xlsx)")
    p.add_argument("--as-of", type=parse_date, metavar="DATE",
                   help="as-of date, YYYY-MM-DD or M/D/YYYY: replaces Settings As Of for this run, and says so")
    p.set_defaults(func=cmd_check)
