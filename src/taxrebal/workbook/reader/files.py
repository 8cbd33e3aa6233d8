"""Reading workbook files: bytes checked, sheets read, then validated by :func:`load_sheets`.

An .xlsx/.xlsm/.xlsb/.xls/.ods file is read with python-calamine (values only; openpyxl read-only as a
fallback) after :func:`taxrebal.workbook.package.inspect_workbook` has checked it (zip bombs, a huge
used range, hostile XML, an .xls under another name). A missing, empty, corrupt or password-protected
file is one error Issue naming the file and the fix, never an exception.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import warnings
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, Optional

from ...errors import Issue, WorkbookError
from .. import package, schema
from ..cells import (
    describe,
    normalize_key,
)
from .load import LoadResult, gc_paused, load_sheets
from .tables import ERROR


def _calamine_sheets(source: Path | bytes, wanted: Optional[set[str]]) -> dict[str, list[list[Any]]]:
    # imported here: only the reader this file's format needs
    import python_calamine

    try:
        if isinstance(source, bytes):
            book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source))
        else:
            book = python_calamine.CalamineWorkbook.from_path(str(source))
    except BaseException as err:
        _unless_panic(err)
    try:
        out: dict[str, list[list[Any]]] = {}
        for name in book.sheet_names:
            if wanted is not None and normalize_key(name) not in wanted:
                out[name] = []  # not read: only its name is needed (for messages)
                continue
            try:
                out[name] = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except BaseException as err:
                if wanted is None and isinstance(err, Exception):
                    continue  # a chart sheet or an unreadable sheet: nothing to read
                _unless_panic(err)
        return out
    finally:
        try:
            book.close()
        except Exception:
            pass


def _unless_panic(err: BaseException) -> NoReturn:
    """Raise ``err``, or an ordinary exception in place of a panic inside calamine (Rust), which pyo3 raises as
    ``PanicException``, a BaseException that no ``except Exception`` catches: a date-formatted cell holding
    -1e32 stopped the whole run with a traceback. As an ordinary error the caller reads the file with
    openpyxl instead, which shows such a cell as an error value, reported at its cell."""
    if type(err).__name__ == "PanicException":
        raise RuntimeError(f"calamine could not convert a cell ({err})") from None
    raise err


def _openpyxl_sheets(data: bytes, wanted: Optional[set[str]]) -> dict[str, list[list[Any]]]:
    # imported here: only the reader this file's format needs
    import openpyxl

    with warnings.catch_warnings():
        # its notes on what it reads as an error value (a date serial out of range) or leaves out (an
        # extension): the reader reports each cell that matters with its sheet and cell
        warnings.simplefilter("ignore", UserWarning)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        return _openpyxl_values(book, wanted)


def _openpyxl_values(book: Any, wanted: Optional[set[str]]) -> dict[str, list[list[Any]]]:
    try:
        out: dict[str, list[list[Any]]] = {}
        for ws in book.worksheets:
            if wanted is not None and normalize_key(ws.title) not in wanted:
                out[ws.title] = []
                continue
            out[ws.title] = [list(r) for r in ws.iter_rows(values_only=True)]
        return out
    finally:
        book.close()


def _read_bytes(path: Any) -> bytes:
    try:
        p = Path(path).expanduser()
    except TypeError:
        raise WorkbookError(f"{describe(path)} is not a file path; give the path of an .xlsx workbook.") from None
    if not p.exists():
        raise WorkbookError(f"File {p} does not exist; check the path and the file name.")
    if p.is_dir():
        raise WorkbookError(f"{p} is a folder; give the path of an .xlsx workbook inside it.")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise WorkbookError(f"File {p} cannot be read ({exc.strerror or exc}); close it in other programs and check "
                            "its permissions.") from None
    if not data:
        raise WorkbookError(f"File {p} is empty (0 bytes); save the workbook again from Excel.")
    return data


def _sheets_from_bytes(data: bytes, name: str, wanted: Optional[set[str]],
                       path: Optional[Path] = None) -> dict[str, list[list[Any]]]:
    """Sheets of a workbook whose bytes are ``data`` (read from ``path`` when given: faster). The file
    is checked first (:func:`taxrebal.workbook.package.inspect_workbook`: zip bombs, a huge used
    range, hostile XML, an .xls under another name); error values and formulas saved without a value,
    which the values-only readers show as blank, are put back so they are reported as such."""
    scans = package.inspect_workbook(data, name, wanted)
    try:
        with gc_paused():
            sheets = _calamine_sheets(path if path is not None else data, wanted)
    except Exception as first:
        calamine_error = first
    else:
        return {n: package.overlay(rows, scans.get(n)) for n, rows in sheets.items()}
    message = package.ole_message(data[:1 << 16], name)
    if message:
        raise WorkbookError(message)
    try:
        sheets = _openpyxl_sheets(data, wanted)
    except Exception:
        pass
    else:
        return {n: package.overlay(rows, scans.get(n)) for n, rows in sheets.items()}
    raise WorkbookError(f"{name} is not a workbook that can be read ({type(calamine_error).__name__}: "
                        f"{calamine_error}); open it in Excel and save it as .xlsx, then retry.")


def read_raw_sheets(path: Any) -> dict[str, list[list[Any]]]:
    """Every sheet of the file as 2D values from A1 (calamine, openpyxl read-only as fallback).
    Raises :class:`~taxrebal.errors.WorkbookError` with a user-facing message when it cannot."""
    data = _read_bytes(path)
    return _sheets_from_bytes(data, Path(path).name, None, Path(path).expanduser())


def load_workbook_file(path: Any, *, default_as_of: date | None = None, as_of: date | None = None,
                       any_year: bool = False) -> LoadResult:
    """Read and validate a workbook file. A missing, corrupt or password-protected file gives an
    error Issue (never an exception); ``digest`` is the sha256 of the file bytes. ``default_as_of``
    ``as_of`` and ``any_year`` are :func:`~taxrebal.workbook.reader.load_sheets`'s."""
    try:
        label = Path(path).name
    except TypeError:
        label = "Workbook"
    try:
        data = _read_bytes(path)
    except WorkbookError as exc:
        return LoadResult(None, (Issue(ERROR, label, "", str(exc)),), "")
    digest = hashlib.sha256(data).hexdigest()
    wanted = {normalize_key(s.name) for s in schema.SHEETS}
    try:
        sheets = _sheets_from_bytes(data, label, wanted, Path(path).expanduser())
    except WorkbookError as exc:
        return LoadResult(None, (Issue(ERROR, label, "", str(exc)),), digest)
    except Exception as exc:  # pragma: no cover - readers raise WorkbookError above
        return LoadResult(None, (Issue(ERROR, label, "", f"{label} cannot be read ({exc}); save it again as .xlsx."),),
                          digest)
    del data  # the file's bytes are no longer needed: only the sheets' values
    result = load_sheets(_HandedOver(sheets), default_as_of=default_as_of, as_of=as_of, any_year=any_year)
    return dataclasses.replace(result, digest=digest)


class _HandedOver(Mapping[str, Any]):
    """The sheets of a file, each given to the validator once and then forgotten here, so the cells of
    a sheet already turned into records (100,000 Lots rows: 700,000 Python values) are freed before
    the next sheet is read into records, not at the end of the load. Every name stays listed (the
    missing-sheet messages name them). The validator reads each sheet once
    (:func:`taxrebal.workbook.reader.load.validate`); a second read is a bug, and says so."""

    def __init__(self, sheets: dict[str, Any]) -> None:
        self._names = tuple(sheets)
        self._sheets = sheets

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __getitem__(self, name: str) -> Any:
        if name not in self._sheets:
            if name in self._names:
                raise RuntimeError(f"sheet '{name}' was read twice from one file (it is handed over once)")
            raise KeyError(name)
        return self._sheets.pop(name)
