"""The one load of a run: ``taxrebal run``, ``check``, ``form8949``, ``orders`` and the ribbon all read
the household here, so they see the same household on the same As Of.

``load_file(path, as_of=..., default_as_of=...)`` reads and validates a workbook file; ``as_of``
(the command line's ``--as-of``) is the reader's explicit override of Settings As Of, applied *before*
validation, so every check that uses the date uses it; the Settings rows are never edited. Example: a
book whose Settings say As Of 2026-11-20, loaded with ``as_of=date(2026, 12, 31)``, is validated and
run as of 2026-12-31, and an Info issue says "As Of 2026-11-20 on the Settings sheet was replaced by
--as-of 2026-12-31 for this run." The file itself is never changed.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Mapping, Optional, Sequence, Union

from ..errors import Issue, Severity
from ..workbook.reader import load_sheets, load_workbook_file

__all__ = ["Loader", "load_file", "file_loader", "load"]

#: What :func:`taxrebal.pipeline.run_book` reads: a callable ``loader(default_as_of=...) -> LoadResult``
#: or a mapping of sheet name -> 2D values.
Loader = Union[Callable[..., Any], Mapping[str, Sequence[Sequence[Any]]]]


def load_file(path: Path, *, as_of: Optional[date] = None, default_as_of: Optional[date] = None,
              any_year: bool = False) -> Any:
    """Read and validate the workbook file ``path``: the one load of ``taxrebal run``, ``check`` and
    ``form8949`` (a :class:`~taxrebal.workbook.reader.LoadResult`; a file that cannot be read is an
    error Issue). ``as_of`` (``--as-of``) is handed to the reader, which uses it instead of Settings
    As Of *before* validation, so every check that uses the date (acquisitions after As Of...) uses it;
    an Info issue says what it replaced. ``default_as_of`` fills a blank As Of. ``any_year``: As Of
    may be in a year without tax parameters (``form8949``, which prices no tax)."""
    result = load_workbook_file(path, default_as_of=default_as_of, as_of=as_of, any_year=any_year)
    old = result.as_of_replaced
    if as_of is None or old in (None, "") or old == as_of:
        return result
    shown = old.isoformat() if isinstance(old, (date, datetime)) else str(old)
    info = Issue(Severity.INFO, "Settings", "", f"As Of {shown[:10]} on the Settings sheet was replaced by "
                 f"--as-of {as_of.isoformat()} for this run.")
    return dataclasses.replace(result, issues=tuple(result.issues) + (info,))


def file_loader(path: Path, as_of: Optional[date] = None) -> Callable[..., Any]:
    """:func:`load_file` as the ``sheets_loader`` of :func:`run_book`."""

    def load(default_as_of: Optional[date] = None) -> Any:
        return load_file(path, as_of=as_of, default_as_of=default_as_of)

    return load


def load(sheets_loader: Loader, default_as_of: Optional[date]) -> Any:
    """Run ``sheets_loader`` (see :data:`Loader`)."""
    if isinstance(sheets_loader, Mapping):
        return load_sheets(sheets_loader, default_as_of=default_as_of)
    return sheets_loader(default_as_of=default_as_of)
