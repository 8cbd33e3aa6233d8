"""``taxrebal demo [DIR] [--force]``: the sample Rivera household and its results, written to DIR, with a
summary.

A sample already in DIR is replaced only when it still holds the sample's own inputs (an earlier demo,
unedited) or ``--force`` is given: a user who tried the tool by editing it keeps the edits. Worked
example: ``taxrebal demo`` twice writes the same files twice; after changing a Lots cell of
``taxrebal-demo/sample-household.xlsx`` the second run exits 2 saying to add ``--force`` or choose
another DIR.

Exit codes: those of ``taxrebal run``; 2 DIR holds an edited sample (without ``--force``); 3 DIR or the
sample cannot be written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import WorkbookError
from ..exit_codes import ExitCode
from .output import err, out
from .run import run_file

__all__ = ["add_parser", "cmd_demo"]

#: The household fields a sample's inputs are compared on (every input sheet).
_INPUTS = ("settings", "accounts", "securities", "lots", "transactions", "targets", "sales", "proposed_trades")


def _is_the_sample(path: Path) -> bool:
    """True when ``path`` reads to exactly the sample household's records (an unedited earlier demo)."""
    # imported when this command runs: `taxrebal --help` and the other commands load none of it
    from ..workbook.reader import load_workbook_file
    from ..workbook.template import sample_household

    try:
        found = load_workbook_file(path).household
    except Exception:  # noqa: BLE001 - a file that cannot be read is not the sample: it is kept
        return False
    if found is None:
        return False
    sample = sample_household()
    return all(getattr(found, f) == getattr(sample, f) for f in _INPUTS) and dict(found.menus) == dict(sample.menus)


def cmd_demo(args: argparse.Namespace) -> int:
    # imported when this command runs: `taxrebal --help` and the other commands load none of it
    from ..excel import udfs
    from ..workbook.saving import save_atomic
    from ..workbook.template import build_sample

    folder = Path(args.dir)
    source = folder / "sample-household.xlsx"
    if source.exists() and not args.force and not _is_the_sample(source):
        err(f"'{source}' already exists and is not the sample as shipped (your edits?); it is kept. Choose another "
            "folder (taxrebal demo DIR) or add --force to replace it with the sample.")
        return ExitCode.USAGE
    try:
        folder.mkdir(parents=True, exist_ok=True)
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
                                   "a short summary. A sample already in DIR that you edited is kept unless "
                                   "--force is given.")
    p.add_argument("dir", metavar="DIR", nargs="?", default="taxrebal-demo",
                   help="folder for the demo files (default: ./taxrebal-demo)")
    p.add_argument("--force", action="store_true", help="replace an edited sample-household.xlsx in DIR")
    p.set_defaults(func=cmd_demo)
