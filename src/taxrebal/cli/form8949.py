"""``taxrebal form8949 BOOK [-o CSV] [--year YEAR] [--as-of DATE]``: the year's sales as Form 8949
lines (CSV), wash sales coded W (see :mod:`taxrebal.workbook.results.form8949` for the lines).

BOOK is read by the same load as ``taxrebal run`` and ``check`` (:func:`taxrebal.pipeline.load_file`:
``--as-of`` replaces Settings As Of before validation), so the three commands see one household.

Exit codes: 0 written; 1 BOOK is missing, cannot be read or has errors; 2 the CSV would overwrite
BOOK or has the wrong extension; 3 the CSV cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from taxrebal.engine.money import cents

from ..errors import Severity, WorkbookError
from ..exit_codes import ExitCode
from .output import err, no_such_file, out, parse_date, print_issues

__all__ = ["add_parser", "cmd_form8949"]


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "form8949", help="write the year's sales as Form 8949 lines (CSV)",
        description="Read BOOK, apply the wash-sale rule across the household and write the sales of the "
                    "tax year on the Transactions sheet as Form 8949 lines: Part, (a) description ... "
                    "(h) gain or loss, code W and the disallowed loss in (g) for wash sales. "
                    "BOOK itself is not changed.")
    p.add_argument("book", metavar="BOOK", help="the household workbook (.xlsx)")
    p.add_argument("-o", "--output", metavar="CSV",
                   help="where to write the CSV ('-' for the screen; default: BOOK-form8949-YEAR.csv next to BOOK)")
    p.add_argument("--year", type=int, metavar="YEAR",
                   help="tax year (default: Settings Tax Year, else the As Of year)")
    p.add_argument("--as-of", type=parse_date, metavar="DATE",
                   help="as-of date, YYYY-MM-DD or M/D/YYYY: replaces Settings As Of for this run, and says so")
    p.set_defaults(func=cmd_form8949)


def cmd_form8949(args: argparse.Namespace) -> int:
    # imported when this command runs: `taxrebal --help` and the other commands load none of it
    from ..engine.wash import adjust_lots
    from ..pipeline import load_file
    from ..workbook.results.form8949 import export_form8949_csv, form8949_lines
    from ..workbook.saving import check_output_path

    book = Path(args.book)
    if no_such_file(book):
        return ExitCode.INPUT
    if args.output and args.output != "-":
        try:  # never write the CSV over the workbook (form8949 book.xlsx -o book.xlsx)
            check_output_path(args.output, [book], suffixes=(".csv", ".txt"), what="the Form 8949 CSV")
        except WorkbookError as error:
            err(str(error))
            return ExitCode.USAGE
    # no tax is priced, so As Of may be in a year without tax parameters: the return is prepared in
    # January-April of the next year, when a late-December loss sale's replacement is known (fe16 F7)
    loaded = load_file(book, as_of=args.as_of, default_as_of=date.today(), any_year=True)
    household = loaded.household
    errors = [i for i in loaded.issues if i.severity is Severity.ERROR]
    if household is None or errors:
        out(f"{book} has errors; fix them and run again:")
        print_issues(loaded.issues)
        if args.as_of is None and any("after As Of" in i.message for i in errors):
            out("  Preparing last year's return with this year's trades on the sheets? Give --as-of today's date "
                "and --year the tax year: Form 8949 needs no tax parameters.")
        return ExitCode.INPUT
    year = args.year or household.settings.year
    result = adjust_lots(household)
    lines = form8949_lines(result, year)
    to_screen = args.output == "-"
    target = None if to_screen else Path(args.output or book.with_name(f"{book.stem}-form8949-{year}.csv"))
    try:
        export_form8949_csv(household, year, sys.stdout if target is None else target, result=result)
    except OSError as error:
        err(f"could not write '{target}': {error.strerror or error}. Choose another file with -o, or close it "
            f"if it is open in a spreadsheet.")
        return ExitCode.SAVE
    if target is not None:
        part1 = sum(1 for line in lines if line.part == "I")
        washed = sum(line.adjustment or 0.0 for line in lines)
        out(f"Wrote {len(lines)} Form 8949 line(s) for {year} to {target} "
            f"(Part I short-term: {part1}, Part II long-term: {len(lines) - part1}; "
            f"wash-sale adjustments (code W): ${cents(washed):,.2f}).")
        warnings = [i for i in result.issues if i.severity is Severity.WARNING]
        if warnings:
            print_issues(warnings)
    return ExitCode.OK
