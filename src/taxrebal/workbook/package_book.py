"""The command line's :class:`~taxrebal.workbook.interface.ResultBook`: result sheets added to a
workbook file by copying its zip parts, without loading the input sheets.

An .xlsx/.xlsm file is a zip of parts. ``PackageBook.open(path)`` reads only the workbook's sheet
list, relationships, content types and styles; ``write_sheet`` renders a result sheet to
SpreadsheetML (:mod:`taxrebal.workbook.sheet_xml`); ``save(dest)`` writes a new zip in which every
part of the input is copied byte for byte (compressed bytes and CRC unchanged,
:mod:`taxrebal.workbook.zip_parts`) except the few that list sheets and styles, and adds the result
sheets' parts. So the user's sheets, charts, pictures, pivot tables, macros and the values Excel last
computed for their formulas all survive, and a 100,000-lot workbook is not parsed twice.

Parts that change (and how):

* ``xl/workbook.xml``: ``<sheet>`` entries added or removed (the user's entries kept as they were
  written), the sheet-scoped defined names renumbered when sheet positions move (``localSheetId``
  is a position), the owned-sheet marker ``taxrebal_owned`` (``="taxrebal:<sheet name>"``, scoped to each result
  sheet) added, and the active tab moved with its sheet;
* ``xl/_rels/workbook.xml.rels`` and ``[Content_Types].xml``: entries for added and removed parts;
* ``xl/styles.xml``: the result sheets' formats appended (existing formats keep their indexes);
* a replaced or removed result sheet's own parts (its drawing, charts, comments) are dropped when no
  other part refers to them.

Which sheet the file opens on: a result sheet (Issues or Allocation, chosen by the caller through
``activate``) only when no input sheet is a selected tab; otherwise the sheet the user left selected
(selecting ours would need an edit of their sheet's XML, and Excel would open with both grouped).

Example::

    book = PackageBook.open("Household.xlsx")
    write_issues(book, [])            # any result writer
    save_atomic(book, "Out.xlsx", original="Household.xlsx")
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Optional, Sequence

from ..errors import NotOwnedSheetError, WorkbookError
from .interface import Chart, Table, check_charts
from .package import parse_part
from .package_names import attrs, relationships, resolve
from .package_parts import PackageWriter
from .results import OWNED_MARKER, insert_position, is_owned_marker, not_owned_message
from .sheet_xml import NS_REL, RenderedSheet, StyleSheet, render_sheet

__all__ = ["PackageBook"]

REL_STYLES = f"{NS_REL}/styles"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"

@dataclass
class _Sheet:
    name: str
    element: str  # the <sheet .../> element as written in workbook.xml ("" for a new sheet)
    rid: str
    part: str
    owned: bool
    sheet_id: int
    rendered: Optional[RenderedSheet] = None
    extra_parts: dict[str, bytes] = field(default_factory=dict)


class PackageBook:
    """Result sheets for the workbook file at ``path`` (see the module docstring)."""

    def __init__(self, path: Path, zf: zipfile.ZipFile):
        self.path = path
        self._stat = path.stat()
        self.names = zf.namelist()
        # the parts edited as text must be XML: a damaged one is named before anything is computed (a
        # truncated styles.xml was an internal error at the run's start, a damaged [Content_Types].xml a
        # failed save after every step had run)
        try:
            self.workbook_xml, self.rels_xml, self.types_xml = (
                self._xml_part(zf, part).decode("utf-8") for part in (WORKBOOK, WORKBOOK_RELS, CONTENT_TYPES))
        except (KeyError, UnicodeDecodeError) as err:
            raise WorkbookError(f"'{path.name}' is not a readable Excel workbook: {err}") from err
        m = re.search(r"<(\w+:)?workbook\b", self.workbook_xml)
        if m is None or "purl.oclc.org/ooxml" in self.workbook_xml[:2000]:
            raise WorkbookError(f"'{path.name}' is not a workbook taxrebal can write to (no SpreadsheetML "
                                f"workbook part, or 'Strict Open XML'); save it from Excel as 'Excel Workbook "
                                f"(*.xlsx)' and run again.")
        self.prefix = m.group(1) or ""
        self.r_prefix = self._rel_prefix()
        self.rels = relationships(self.rels_xml)
        styles_part = next((resolve(WORKBOOK, t) for _, typ, t in self.rels if typ == REL_STYLES), None)
        self.styles_part = styles_part or "xl/styles.xml"
        self.styles = StyleSheet(self._xml_part(zf, styles_part) if styles_part in self.names else None)
        self.date1904 = bool(re.search(r'<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(1|true)"', self.workbook_xml))
        self.all_rels = {n: zf.read(n).decode("utf-8", "replace") for n in self.names if n.endswith(".rels")}
        self.sheets = self._read_sheets()
        self.original = list(self.sheets)
        self.removed: list[_Sheet] = []
        self.active_name = self._active_sheet_name()
        self.selected_parts = self._selected_tabs(zf)
        self._activate: Optional[str] = None

    def _xml_part(self, zf: zipfile.ZipFile, part: str) -> bytes:
        """A part edited as text, read once and checked to be XML (package.parse_part names a damaged one)."""
        data = zf.read(part)
        parse_part(data, part, f"'{self.path.name}'")
        return data

    @classmethod
    def open(cls, path: os.PathLike[str] | str) -> "PackageBook":
        p = Path(path)
        try:
            with zipfile.ZipFile(p) as zf:
                return cls(p, zf)
        except (OSError, zipfile.BadZipFile) as err:
            raise WorkbookError(f"'{p.name}' is not a readable Excel workbook (.xlsx/.xlsm): {err}") from err

    # --- reading the package ----------------------------------------------------------------------
    def _rel_prefix(self) -> str:
        m = re.search(rf'xmlns:(\w+)="{re.escape(NS_REL)}"', self.workbook_xml)
        return m.group(1) if m else "r"

    def _read_sheets(self) -> list[_Sheet]:
        targets = {rid: resolve(WORKBOOK, t) for rid, typ, t in self.rels}
        owned = self._owned_positions()
        sheets = []
        block = self._block("sheets")
        for n, el in enumerate(re.findall(rf"<{self.prefix}sheet\b[^>]*>", block or "")):
            a = attrs(el)
            rid = a.get(f"{self.r_prefix}:id", "")
            name = a.get("name", "")
            sheets.append(_Sheet(a.get("name", ""), el, rid, targets.get(rid, ""),
                                 n in owned and is_owned_marker(owned[n], name), int(a.get("sheetId", "0") or 0)))
        return sheets

    def _block(self, section: str) -> Optional[str]:
        m = re.search(rf"<{self.prefix}{section}\b[^>]*?(/>|>.*?</{self.prefix}{section}>)", self.workbook_xml, re.S)
        return m.group(0) if m else None

    def _defined_names(self) -> list[str]:
        block = self._block("definedNames") or ""
        return re.findall(rf"<{self.prefix}definedName\b[^>]*?(?:/>|>.*?</{self.prefix}definedName>)", block, re.S)

    def _owned_positions(self) -> dict[int, str]:
        """Sheet position -> the value of its ownership name (it counts only when it names that very
        sheet: :func:`~taxrebal.workbook.results.is_owned_marker`, so a user's copy is never ours)."""
        owned = {}
        for el in self._defined_names():
            a = attrs(el[:el.index(">") + 1])
            value = unescape(re.sub(r"^<[^>]*>|</[^>]*>$", "", el)).strip().lstrip("=")
            if a.get("name", "").lower() == OWNED_MARKER.lower() and a.get("localSheetId", "").isdigit():
                owned[int(a["localSheetId"])] = value
        return owned

    def _active_sheet_name(self) -> Optional[str]:
        m = re.search(rf'<{self.prefix}workbookView\b[^>]*\bactiveTab="(\d+)"', self.workbook_xml)
        index = int(m.group(1)) if m else 0
        return self.sheets[index].name if 0 <= index < len(self.sheets) else None

    def _selected_tabs(self, zf: zipfile.ZipFile) -> set[str]:
        """Parts of the sheets that are selected tabs (read from the start of each sheet's XML only)."""
        selected = set()
        for s in self.sheets:
            if s.part not in self.names:
                continue
            with zf.open(s.part) as fh:
                head = fh.read(8192)
            head = head.split(b"<sheetData", 1)[0].split(b":sheetData", 1)[0]
            if re.search(rb'tabSelected="(1|true)"', head):
                selected.add(s.part)
        return selected

    def _find(self, name: str) -> Optional[_Sheet]:
        return next((s for s in self.sheets if s.name.casefold() == name.casefold()), None)

    # --- ResultBook --------------------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def is_owned(self, name: str) -> bool:
        s = self._find(name)
        return s is not None and s.owned

    def write_sheet(self, name: str, tables: Sequence[Table], charts: Sequence[Chart] = (),
                    freeze_header: bool = True, order: Sequence[str] = ()) -> None:
        check_charts(tables, charts)
        old = self._find(name)
        if old is not None and not old.owned:
            raise NotOwnedSheetError(not_owned_message(old.name))
        rendered = render_sheet(tables, charts, freeze_header, self.styles, date1904=self.date1904)
        new = _Sheet(name, "", "", "", True, 0, rendered)
        if old is not None:
            index = self.sheets.index(old)
            self._drop(old)
            self.sheets.insert(index, new)
        else:
            index = insert_position(self.sheet_names(), [s.owned for s in self.sheets], name, order)
            self.sheets.insert(index, new)

    def remove_sheet(self, name: str) -> None:
        s = self._find(name)
        if s is None:
            return
        if not s.owned:
            raise NotOwnedSheetError(not_owned_message(s.name))
        self._drop(s)

    def activate(self, name: str) -> None:
        """Open the saved file on ``name`` (when no input sheet is a selected tab, see the module doc)."""
        if self._find(name) is not None:
            self._activate = name

    @property
    def to_activate(self) -> Optional[str]:
        return self._activate

    def _drop(self, sheet: _Sheet) -> None:
        self.sheets.remove(sheet)
        if sheet.element:
            self.removed.append(sheet)

    # --- saving -------------------------------------------------------------------------------------
    def save(self, dest: os.PathLike[str] | str) -> None:
        """Write the workbook with the result sheets to ``dest`` (a temporary file of save_atomic)."""
        st = self.path.stat()
        if (st.st_size, st.st_mtime_ns) != (self._stat.st_size, self._stat.st_mtime_ns):
            raise WorkbookError(f"'{self.path.name}' changed on disk while taxrebal was running; nothing was "
                                f"written. Run again.")
        PackageWriter(self).write(Path(dest))


