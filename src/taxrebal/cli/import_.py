"""``taxrebal import BOOK FILE... [--account NAME] [--broker auto|...] [--positions-as-lots] [-o OUT]``.

Every file is parsed first; a file that cannot be read stops the import with its file, line and
column, and nothing is written. Then the rows are planned (:func:`~.apply.plan_import`); a problem
that blocks it (an account that matches nothing) stops it too. Otherwise the workbook is saved (in
place after copying it to ``BOOK.bak.xlsx``, or to OUT) and a summary is printed. Importing the same
files again changes nothing and says so ("Nothing changed"); the file is then not rewritten.

What is left to do is judged as ``taxrebal check`` will judge the written workbook: an Error (a new
symbol holding imported lots has no Asset Class, so its lots cannot be counted) exits 1; a Warning
(lots of one symbol both typed by hand and imported, which may be the same shares) is printed and
exits 0, and ``check`` and ``run`` repeat it until the typed rows are deleted.

Exit codes: 0 imported (or nothing to change); 1 a file or the workbook's accounts stopped the import
(nothing written), the workbook cannot be read, or the import was written but left an error to fix
(the cell is named); 2 usage; 3 the workbook cannot be saved safely (a
:class:`~taxrebal.errors.SaveError`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import BrokerFileError, Issue, SaveError, Severity, WorkbookError
from ..exit_codes import ExitCode
from ..workbook.importers.detect import BROKERS
from .output import err as _err
from .output import no_such_file
from .output import out as _out

__all__ = ["add_parser", "cmd_import"]


def sentence(text: str) -> str:
    """``text`` ending with a full stop (a broker file error may end with a closing parenthesis)."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def cmd_import(args: argparse.Namespace) -> int:
    # imported when this command runs: `taxrebal --help` and the other commands load none of it
    from ..workbook.cells import normalize_key
    from ..workbook.importers.detect import parse_file
    from ..workbook.importers.xlsx import ImportRefused, import_into_file
    from ..workbook.saving import refuse_folder
    from ..workbook.schema import SHEETS

    book = Path(args.book)
    if no_such_file(book):
        return ExitCode.INPUT
    output = Path(args.output) if args.output else book
    try:
        refuse_folder(output, f"{book.stem}-imported{book.suffix}")
    except WorkbookError as error:
        _err(str(error))
        return ExitCode.USAGE
    if output.suffix.lower() != book.suffix.lower():
        _err(f"the output '{output.name}' must end in {book.suffix} like the workbook; choose another name")
        return ExitCode.USAGE
    parsed = []
    for name in args.files:
        try:
            parsed.append(parse_file(name, args.broker, positions_as_lots=args.positions_as_lots))
        except BrokerFileError as err:
            _err(f"{sentence(str(err))} Nothing was imported.")
            return ExitCode.INPUT
    try:
        outcome = import_into_file(book, parsed, output=output, account=args.account)
    except ImportRefused as err:
        for e in err.plan.errors:
            _err(e)
        _err("nothing was imported.")
        return ExitCode.INPUT
    except SaveError as err:  # cannot be written safely (open in Excel, would lose a chart...)
        _err(str(err))
        return ExitCode.SAVE
    except WorkbookError as err:  # cannot be read
        _err(str(err))
        return ExitCode.INPUT
    plan = outcome.plan
    for f in parsed:
        _out(f"Read {f.name} ({f.label}): {len(f.lots)} lot(s), {len(f.trades)} trade(s), {len(f.prices)} price(s).")
    if plan.unchanged:
        _out(f"Nothing changed: {outcome.output} already holds every lot, transaction and price of these files "
             f"(they were imported before){'; the file was not rewritten' if not outcome.saved else ''}.")
    else:
        _out(f"Imported into {outcome.output}: {plan.summary()}")
    if outcome.backup is not None:
        _out(f"The original was saved first as {outcome.backup}.")
    for note in plan.notes:
        _out(f"  Note: {note}")
    read = {normalize_key(s.name) for s in SHEETS}
    formula = [s for s in outcome.formula_sheets if normalize_key(s) in read]
    if formula:
        _out(f"  Warning: {', '.join(formula)} hold formulas; they are kept, but saved without their computed "
             "values: open and save the workbook in Excel before running taxrebal on it.")
    follow_up = list(plan.follow_up)
    if not plan.unchanged and plan.broker_washes:
        follow_up = _recheck_broker_washes(outcome.output, plan, follow_up)
    if not plan.unchanged and any(f.trades for f in parsed):
        follow_up += _unknown_gains(outcome.output)
    for issue in follow_up:
        _out(f"  {issue.severity.value}: {issue.location}: {issue.message}")
    if any(i.severity is Severity.ERROR for i in follow_up):
        _out("Fill in the cells above, then run: taxrebal run " + str(outcome.output))
        return ExitCode.INPUT
    return ExitCode.OK


def _recheck_broker_washes(output: Path, plan: Any, follow_up: list[Issue]) -> list[Issue]:
    """fe17 F6: a broker-disallowed Sell's warning said the whole loss is counted, though the same import
    may have written the purchase that washed it: the saved workbook's own wash-sale check is run and
    each such warning says what it now finds (importers/followups.py, as the ribbon's Import does)."""
    # imported when this command runs: `taxrebal --help` and the other commands load none of it
    from datetime import date

    from ..pipeline import load_file
    from ..workbook.importers.followups import rechecked_broker_washes

    return rechecked_broker_washes(load_file(output, default_as_of=date.today()), plan.broker_washes, follow_up)


def _unknown_gains(output: Path) -> list[Issue]:
    """fe16 F3: a Sell imported from a history without lots (Vanguard's never has the basis) whose gain
    cannot be computed while Settings Realized YTD is blank: ``check`` calls it an error (the year's
    gains would leave it out), so the import says it and exits 1, as it promises."""
    # imported when this command runs: `taxrebal --help` and the other commands load none of it
    from datetime import date

    from ..pipeline import load_file
    from ..workbook.reader.activity import UNKNOWN_GAIN

    loaded = load_file(output, default_as_of=date.today())
    return [i for i in loaded.issues if i.severity is Severity.ERROR and UNKNOWN_GAIN in i.message]


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "import", help="add lots, transactions and prices from broker files to a workbook",
        description="Read broker exports (Schwab lot details and realized gain/loss, Fidelity realized "
                    "gain/loss and positions, Interactive Brokers Flex XML, Vanguard transactions, or a generic "
                    "CSV) and add their lots, transactions and prices to BOOK's Lots, Transactions and "
                    "Securities sheets. Re-importing replaces the lots an earlier import wrote for the same "
                    "account and symbol; rows you typed are never changed. Without -o the workbook is "
                    "updated in place after copying it to BOOK.bak.xlsx.")
    p.add_argument("book", metavar="BOOK", help="the household workbook (.xlsx or .xlsm)")
    p.add_argument("files", metavar="FILE", nargs="+", help="broker export files (.csv, Flex .xml)")
    p.add_argument("--account", metavar="NAME", help="put every row into this account (a name on Accounts) "
                   "instead of matching the file's account number to the Broker Account column")
    p.add_argument("--broker", default="auto", choices=BROKERS, metavar="FORMAT",
                   help=f"the file format: {', '.join(BROKERS)} (default: auto, told from the header rows)")
    p.add_argument("--positions-as-lots", action="store_true",
                   help="for a positions file without tax lots (Fidelity positions): import each position as "
                        "ONE lot without an acquisition date; you then fill in Acquired")
    p.add_argument("-o", "--output", metavar="OUT", help="write the updated workbook to OUT instead of BOOK")
    p.set_defaults(func=cmd_import)
