"""What the command line prints, shared by every subcommand: a line to standard output, a
``taxrebal: ...`` line to standard error, the list of issues (at most :data:`MAX_LISTED` per
severity) and the date argument type.

Example: three errors and one warning print as::

      Error: Lots!E7: "ten" is not a number; enter a number of shares
      ...
      Warning: Settings: ...

and :func:`count_line` says ``3 error(s), 1 warning(s).``
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Sequence

from .errors import Issue, Severity

__all__ = ["MAX_LISTED", "out", "err", "print_issues", "count_line", "parse_date"]

MAX_LISTED = 15  # issues printed per severity before "... and N more"


def out(msg: str = "") -> None:
    print(msg, flush=True)


def err(msg: str) -> None:
    print(f"taxrebal: {msg}", file=sys.stderr, flush=True)


def print_issues(issues: Sequence[Issue]) -> None:
    for severity in (Severity.ERROR, Severity.WARNING):
        chosen = [i for i in issues if i.severity is severity]
        for i in chosen[:MAX_LISTED]:
            out(f"  {severity.value}: {i.location + ': ' if i.sheet else ''}{i.message}")
        if len(chosen) > MAX_LISTED:
            out(f"  ... and {len(chosen) - MAX_LISTED} more {severity.value.lower()}s (see the Issues sheet)")


def count_line(issues: Sequence[Issue]) -> str:
    errors = sum(1 for i in issues if i.severity is Severity.ERROR)
    warnings = sum(1 for i in issues if i.severity is Severity.WARNING)
    if not errors and not warnings:
        return "No problems found."
    return f"{errors} error(s), {warnings} warning(s)."


def parse_date(text: str) -> date:
    """``--as-of`` and friends: an ISO date, or a usage error saying how to write one."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20") from None
