"""``taxrebal share BOOK -o COPY [--redact]``: a values-only copy for an advisor (see
:mod:`taxrebal.workbook.share` for what the copy holds).

Exit codes: 0 written; 1 BOOK is missing or cannot be read; 2 the copy would be BOOK itself or is
not ``.xlsx``; 3 the copy cannot be written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import SaveError, WorkbookError
from ..exit_codes import ExitCode
from .output import err, out

__all__ = ["add_parser", "cmd_share"]


def cmd_share(args: argparse.Namespace) -> int:
    # imported when this command runs: `taxrebal --help` and the other commands load none of it
    from ..workbook.saving import refuse_folder
    from ..workbook.share import NOTES_SHEET, REVIEW_FREE_TEXT, same_file, share_workbook

    src, dest = Path(args.book), Path(args.output)
    if not src.is_file():
        err(f"{src} does not exist; check the path of the workbook to share.")
        return ExitCode.INPUT
    if same_file(src, dest):
        err(f"the copy must be a different file from {src.name}; the original is never overwritten. "
            "Choose another name with -o.")
        return ExitCode.USAGE
    try:
        refuse_folder(dest, f"{src.stem}-shared.xlsx")
    except WorkbookError as error:
        err(str(error))
        return ExitCode.USAGE
    if dest.suffix.lower() != ".xlsx":
        err(f"the shared copy is always a macro-free .xlsx workbook; name it '{dest.stem}.xlsx'.")
        return ExitCode.USAGE
    try:
        report = share_workbook(src, dest, redact=args.redact)
    except SaveError as error:
        err(str(error))
        return ExitCode.SAVE
    except WorkbookError as error:  # BOOK cannot be read, or has nothing to redact
        err(str(error))
        return ExitCode.INPUT
    out(f"Wrote {report.destination} (values only, no macros).")
    if args.redact:
        out(f"Redacted {report.accounts_redacted} account names and {report.owners_redacted} owner names.")
        out(REVIEW_FREE_TEXT)
    if report.uncalculated:
        out(f"{len(report.uncalculated)} formula cells had no saved value and are empty in the copy; "
            f"they are listed on the '{NOTES_SHEET}' sheet. Open and save {src.name} in Excel, then share again.")
    return ExitCode.OK


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "share", help="make a values-only copy for an advisor (optionally redacted)",
        description="Write a copy of BOOK for an advisor: every sheet as values (formulas replaced by the "
                    "values Excel saved; any without one listed on a 'Share Notes' sheet), no macros. "
                    "--redact replaces account and owner names with 'Account 1', 'Owner A'... everywhere.")
    p.add_argument("book", metavar="BOOK", help="the workbook to share (.xlsx or .xlsm)")
    p.add_argument("-o", "--output", metavar="COPY", required=True, help="the copy to write (.xlsx); never BOOK itself")
    p.add_argument("--redact", action="store_true", help="replace account and owner names with neutral labels")
    p.set_defaults(func=cmd_share)
