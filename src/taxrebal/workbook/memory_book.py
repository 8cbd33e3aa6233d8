"""An in-memory :class:`~taxrebal.workbook.interface.ResultBook` for tests and for callers that only
want the result tables (no file, no Excel).

It keeps the same rules as the real books: only owned sheets are replaced (a name given in
``foreign_sheets`` behaves like a user's own sheet and is refused), a replaced sheet keeps its
position, and new result sheets are placed after the input sheets in the ``order`` the writer
passes (the pipeline's, from its steps' declarations). What was written is kept as the
:class:`Table` and :class:`Chart` objects themselves, so a test can look at exact values::

    book = MemoryBook(["Accounts", "Lots"])
    write_issues(book, [])
    book.tables("Issues")[0].rows  # (("Info", "", "", "No problems found"),)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ..errors import NotOwnedSheetError
from .interface import Chart, Table, check_charts
from .results import insert_position, not_owned_message

__all__ = ["MemoryBook", "WrittenSheet"]


@dataclass
class WrittenSheet:
    name: str
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    freeze_header: bool = True
    owned: bool = True
    writes: int = 0  # how many times this sheet was (re)written


@dataclass
class MemoryBook:
    """``foreign_sheets``: names of sheets the user made (input sheets or anything else)."""

    foreign_sheets: Iterable[str] = ()
    _sheets: list[WrittenSheet] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self._sheets = [WrittenSheet(n, owned=False) for n in self.foreign_sheets]

    # --- ResultBook -------------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        return [s.name for s in self._sheets]

    def is_owned(self, name: str) -> bool:
        s = self._find(name)
        return s is not None and s.owned

    def write_sheet(
        self,
        name: str,
        tables: Sequence[Table],
        charts: Sequence[Chart] = (),
        freeze_header: bool = True,
        order: Sequence[str] = (),
    ) -> None:
        check_charts(tables, charts)
        existing = self._find(name)
        if existing is not None and not existing.owned:
            raise NotOwnedSheetError(not_owned_message(existing.name))
        if existing is None:
            existing = WrittenSheet(name)
            owned = [s.owned for s in self._sheets]
            self._sheets.insert(insert_position(self.sheet_names(), owned, name, order), existing)
        existing.tables = tuple(tables)
        existing.charts = tuple(charts)
        existing.freeze_header = freeze_header
        existing.writes += 1

    def remove_sheet(self, name: str) -> None:
        s = self._find(name)
        if s is None:
            return
        if not s.owned:
            raise NotOwnedSheetError(not_owned_message(s.name))
        self._sheets.remove(s)

    # --- for tests ----------------------------------------------------------------------------
    def sheet(self, name: str) -> WrittenSheet:
        s = self._find(name)
        if s is None:
            raise KeyError(name)
        return s

    def tables(self, name: str) -> tuple[Table, ...]:
        return self.sheet(name).tables

    def table(self, name: str, title: str) -> Table:
        """The table titled ``title`` on sheet ``name``."""
        for t in self.tables(name):
            if t.title == title:
                return t
        raise KeyError(f"{name}: no table titled {title!r}")

    def _find(self, name: str) -> WrittenSheet | None:
        # Excel sheet names are case-insensitive: "issues" and "Issues" are the same sheet.
        for s in self._sheets:
            if s.name.casefold() == name.casefold():
                return s
        return None
