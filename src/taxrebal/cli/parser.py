"""The ``taxrebal`` argument parser: one subcommand per module of this package, in help order."""

from __future__ import annotations

import argparse

from .. import __version__
from . import addin, check, demo, form8949, import_, orders, run, share, template

__all__ = ["DESCRIPTION", "COMMAND_MODULES", "build_parser"]

DESCRIPTION = """\
Tax-aware portfolio rebalancing on an Excel workbook.

Start here:
  taxrebal demo                  try it on a sample household (writes ./taxrebal-demo)
  taxrebal template My.xlsx      make an empty workbook, fill in the sheets
  taxrebal check My.xlsx         look for problems in what you filled in
  taxrebal run My.xlsx           write the result sheets into the workbook (keeps My.bak.xlsx)

Results are sheets added after your input sheets (Issues, Allocation, ..., Run Info); your input
sheets are never changed. Exit codes: 0 ok, 1 input errors (or a workbook that cannot be read),
2 usage, 3 the result cannot be saved, 70 internal error (a bug: please report it),
130 interrupted (Ctrl-C: nothing written).
"""

#: Each module has ``add_parser(subparsers)``, which sets ``func=handler`` with ``handler(args) -> int``.
COMMAND_MODULES = (template, demo, check, run, share, form8949, addin, import_, orders)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="taxrebal", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"taxrebal {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.add_parser(sub)
    return parser
