"""The one load of a run: ``taxrebal run``, ``check``, ``form8949``, ``orders`` and the ribbon all read
the household here, so they see the same household on the same As Of.

``load_file(path, as_of=..., default_as_of=...)`` reads and validates a workbook file; ``as_of``
(the command line's ``--as-of``) replaces Settings As Of *before* validation, so every check that
uses the date uses it. Example: a book whose Settings say As Of 2026-11-20, loaded with
``as_of=date(2026, 12, 31)``, is validated and run as of 2026-12-31, and an Info issue says "As Of
2026-11-20 on the Settings sheet was replaced by --as-of 2026-12-31 for this run." The file itself is
never changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Mapping, Optional, Sequence, Union

from ..errors import Issue, Severity, WorkbookError

__all__ = ["Loader", "load_file", "file_loader", "load"]

#: What :func:`taxrebal.pipeline.run_book` reads: a callable ``loader(default_as_of=...) -> LoadResult``
#: or a mapping of sheet name -> 2D values.
Loader = Union[Callable[..., Any], Mapping[str, Sequence[Sequence[Any]]]]


def _key(text: object) -> str:
    """A header or setting name compared by the reader's one rule (:func:`~taxrebal.workbook.cells.normalize_key`)."""
    from ..workbook.cells import normalize_key

    return normalize_key("" if text is None else text)


def _with_as_of(raw: Mapping[str, Any], as_of: date) -> tuple[Optional[dict], object]:
    """``raw`` sheets with Settings As Of set to ``as_of`` (row added when missing), and the value
    it replaced; ``(None, None)`` when the Settings sheet has no Setting/Value header to edit. The
    file is not changed: this is the run's view of it."""
    sheets = dict(raw)
    name = next((n for n in sheets if _key(n) == "settings"), None)
    if name is None:
        sheets["Settings"] = [["Setting", "Value"], ["As Of", as_of]]
        return sheets, None
    rows = [list(r) for r in sheets[name]]
    head = next((i for i, r in enumerate(rows) if any(v not in (None, "") for v in r)), None)
    if head is None:
        sheets[name] = [["Setting", "Value"], ["As Of", as_of]]
        return sheets, None
    keys = [_key(v) for v in rows[head]]
    if "setting" not in keys or "value" not in keys:
        return None, None
    k, v = keys.index("setting"), keys.index("value")
    for r in rows[head + 1:]:
        if len(r) > k and _key(r[k]) == "asof":
            r.extend([None] * (v + 1 - len(r)))
            old, r[v] = r[v], as_of
            sheets[name] = rows
            return sheets, old
    row: list[Any] = [None] * (max(k, v) + 1)
    row[k], row[v] = "As Of", as_of
    sheets[name] = rows + [row]
    return sheets, None


def load_file(path: Path, *, as_of: Optional[date] = None, default_as_of: Optional[date] = None) -> Any:
    """Read and validate the workbook file ``path``: the one load of ``taxrebal run``, ``check`` and
    ``form8949`` (a :class:`~taxrebal.workbook.reader.LoadResult`; a file that cannot be read is an
    error Issue). ``as_of`` (``--as-of``) replaces Settings As Of *before* validation, so every check
    that uses the date (acquisitions after As Of...) uses it, and an Info issue says what it replaced;
    ``default_as_of`` fills a blank As Of."""
    from ..workbook.reader import load_sheets, load_workbook_file, read_raw_sheets

    if as_of is None:
        return load_workbook_file(path, default_as_of=default_as_of)
    try:
        raw = read_raw_sheets(path)
    except WorkbookError:
        return load_workbook_file(path, default_as_of=as_of)  # reports why, as an Issue
    patched, old = _with_as_of(raw, as_of)
    if patched is None:  # no editable Settings header: the reader will report it
        return load_workbook_file(path, default_as_of=as_of)
    result = load_sheets(patched, default_as_of=as_of)
    issues = tuple(result.issues)
    if old not in (None, "") and old != as_of:
        shown = old.isoformat() if isinstance(old, (date, datetime)) else str(old)
        issues += (Issue(Severity.INFO, "Settings", "", f"As Of {shown[:10]} on the Settings sheet was "
                         f"replaced by --as-of {as_of.isoformat()} for this run."),)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return dataclasses.replace(result, issues=issues, digest=digest)


def file_loader(path: Path, as_of: Optional[date] = None) -> Callable[..., Any]:
    """:func:`load_file` as the ``sheets_loader`` of :func:`run_book`."""

    def load(default_as_of: Optional[date] = None) -> Any:
        return load_file(path, as_of=as_of, default_as_of=default_as_of)

    return load


def load(sheets_loader: Loader, default_as_of: Optional[date]) -> Any:
    """Run ``sheets_loader`` (see :data:`Loader`)."""
    if isinstance(sheets_loader, Mapping):
        from ..workbook.reader import load_sheets

        return load_sheets(sheets_loader, default_as_of=default_as_of)
    return sheets_loader(default_as_of=default_as_of)
