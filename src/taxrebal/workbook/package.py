"""Checks on a workbook file before anything reads or rewrites it: the file-safety rules.

An .xlsx is a zip of XML parts. Before python-calamine or openpyxl sees one, :func:`inspect_workbook`
checks it in bounded memory and time, and raises :class:`~taxrebal.errors.WorkbookError` with a
message naming the file (and the sheet or cell) when it should not be read:

* **Not a zip**: an OLE compound file is either an encrypted workbook (it holds an
  ``EncryptedPackage`` stream: "password-protected") or a real old-style ``.xls`` (a ``Workbook``
  stream, even when renamed ``.xlsx``: "an Excel 97-2003 file, save it as .xlsx").
* **Zip bombs**: a part larger than :data:`MAX_PART_BYTES` uncompressed, all parts together larger
  than :data:`MAX_TOTAL_BYTES`, or a large part inflating more than :data:`MAX_RATIO` times, is
  refused from the zip directory alone. The parts the readers parse (workbook, relationships,
  shared strings, styles, the sheets read) are then streamed once: reading stops at the declared
  size and a CRC mismatch (a lying directory) is refused too. Example: a 1 MB file whose sheet
  inflates to 1.1 GB (ratio 1,100) is refused in milliseconds.
* **A huge used range**: a reader builds every sheet as a dense rectangle from A1 to its last cell,
  so one value in ``Lots!XFD1048576`` would need 17 billion cells (549 GB). The streamed scan finds
  the last row and column; more than :data:`MAX_CELLS` cells is refused, naming the far cell.
* **Hostile XML**: a DOCTYPE or ENTITY declaration (entity expansion, external entities; OOXML
  never uses them) or XML that does not parse (truncated) in a part we read is refused naming the part.

The scan also records cells a values-only reader would see as blank although they are not: Excel
error values (``#N/A`` cached for a formula or typed) and formulas saved without a value. The reader
puts them back (:func:`overlay`), so ``#N/A in Securities!C2`` is reported, never "blank".

Writers call :func:`inspect_workbook` too (any writer: the openpyxl re-save, or a part-copying one).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Optional, Union
from xml.etree import ElementTree as ET

from ..errors import WorkbookError
from .cells import UNCALCULATED, cell_ref, normalize_key

__all__ = [
    "MAX_PART_BYTES",
    "MAX_TOTAL_BYTES",
    "MAX_RATIO",
    "MAX_CELLS",
    "SheetScan",
    "inspect_workbook",
    "safe_xml",
    "overlay",
    "ole_message",
]

MAX_PART_BYTES = 512 * 2**20  # one part, uncompressed
MAX_TOTAL_BYTES = 2 * 2**30  # every part together
MAX_RATIO = 100  # uncompressed / compressed, for parts above RATIO_FLOOR
RATIO_FLOOR = 16 * 2**20
MAX_CELLS = 12_000_000  # dense cells a reader may build for one sheet (about 400 MB in calamine)
MAX_XML_BYTES = 64 * 2**20  # workbook.xml, relationships: parsed whole
_CHUNK = 1 << 20
_MAX_NOTED = 1000  # error / uncalculated cells remembered per sheet

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

PathOrBytes = Union[Path, bytes]


@dataclass
class SheetScan:
    """What the streamed scan of one sheet found (rows and columns 1-based)."""

    name: str
    part: str
    last_row: int = 0
    last_col: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # Excel error values
    uncalculated: set[tuple[int, int]] = field(default_factory=set)  # formulas saved without a value


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def ole_message(head: bytes, label: str) -> Optional[str]:
    """The message for an OLE compound file (``None`` when ``head`` is not one): encrypted .xlsx or
    an old .xls, told apart by their stream names."""
    if head[:8] != _OLE_MAGIC:
        return None
    if _utf16("EncryptedPackage") in head or _utf16("EncryptionInfo") in head:
        return (f"{label} is password-protected (encrypted); open it in Excel, remove the password (File > Info > "
                "Protect Workbook > Encrypt with Password, clear it) or save an unprotected copy as .xlsx, and retry.")
    if _utf16("Workbook") in head or _utf16("Book") in head:
        return (f"{label} is an old-style Excel 97-2003 workbook (.xls), whatever its name says; open it in Excel "
                "and save it as .xlsx ('Excel Workbook'), then retry.")
    return (f"{label} is password-protected or an old-style .xls file (an OLE file, not an .xlsx); open it in "
            "Excel and save an unprotected copy as .xlsx ('Excel Workbook'), then retry.")


def _open_zip(source: PathOrBytes, label: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError) as err:
        raise WorkbookError(f"{label} is not a readable Excel workbook (it is not a valid zip package: {err}); open "
                            "it in Excel and save it as .xlsx ('Excel Workbook'), then retry.") from None
    except OSError as err:
        raise WorkbookError(f"{label} cannot be read ({err.strerror or err}); check the file.") from None


def _check_directory(z: zipfile.ZipFile, label: str) -> None:
    total = 0
    for info in z.infolist():
        size, packed = info.file_size, max(info.compress_size, 1)
        total += size
        if size > MAX_PART_BYTES or (size > RATIO_FLOOR and size / packed > MAX_RATIO):
            raise WorkbookError(f"{label} is refused: its part {info.filename} would inflate to {size / 2**20:,.0f} MB "
                                f"from {info.compress_size / 2**20:,.1f} MB (a zip bomb, or a sheet far beyond a "
                                "household's data). Save the workbook again from Excel with only your data.")
    if total > MAX_TOTAL_BYTES:
        raise WorkbookError(f"{label} is refused: its parts inflate to {total / 2**30:,.1f} GB in all, far beyond a "
                            "household workbook. Save a copy with only the input sheets and retry.")


def _read_part(z: zipfile.ZipFile, part: str, label: str, limit: int) -> bytes:
    try:
        info = z.getinfo(part)
    except KeyError:
        raise WorkbookError(f"{label} is damaged: the part {part} is missing; save it again from Excel.") from None
    if info.file_size > limit:
        raise WorkbookError(f"{label} is refused: its part {part} is {info.file_size / 2**20:,.0f} MB; save the "
                            "workbook again from Excel.")
    return b"".join(_bounded_chunks(z, info, part, label, limit))


def safe_xml(z: zipfile.ZipFile, part: str, label: str, limit: int = MAX_XML_BYTES) -> ET.Element:
    """Parse one XML part, refusing DTDs and entities (entity expansion, external entities: OOXML has
    none) and naming the part when it does not parse (truncated, not XML)."""
    return parse_part(_read_part(z, part, label, limit), part, label)


def parse_part(data: bytes, part: str, label: str) -> ET.Element:
    """:func:`safe_xml` of a part's bytes already read (workbook/package_book.py reads the parts it edits as
    text once, and checks them here)."""
    if re.search(rb"<!\s*(?:DOCTYPE|ENTITY)", data, re.IGNORECASE):
        raise WorkbookError(f"{label} is refused: its part {part} declares a DOCTYPE or entities, which Excel never "
                            "writes (a crafted file). Open it in Excel and save it again, or use a copy from a "
                            "trusted source.")
    try:
        return ET.fromstring(data)
    except ET.ParseError as err:
        raise WorkbookError(f"{label} is damaged: its part {part} is not valid XML ({err}); open it in Excel and "
                            "save it again as .xlsx.") from None


def resolve_part(base_part: str, target: str) -> str:
    """The part a relationship ``target`` of ``base_part`` names (``../media/x.png`` from
    ``xl/drawings/drawing1.xml`` -> ``xl/media/x.png``; a leading ``/`` is from the package root)."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = list(PurePosixPath(base_part).parent.parts)
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def sheet_parts(z: zipfile.ZipFile, label: str) -> list[tuple[str, Optional[str]]]:
    """(sheet name, its part or None) in workbook order, from xl/workbook.xml and its relationships."""
    names = set(z.namelist())
    if "xl/workbook.xml" not in names:
        return []
    wb = safe_xml(z, "xl/workbook.xml", label)
    rels_part = "xl/_rels/workbook.xml.rels"
    targets: dict[str, str] = {}
    if rels_part in names:
        for rel in safe_xml(z, rels_part, label).iter(f"{{{_NS_PKG_REL}}}Relationship"):
            if rel.get("TargetMode") != "External":
                targets[rel.get("Id", "")] = resolve_part("xl/workbook.xml", rel.get("Target", ""))
    out = []
    for sheet in wb.iter(f"{{{_NS_MAIN}}}sheet"):
        out.append((sheet.get("name", ""), targets.get(sheet.get(f"{{{_NS_REL}}}id", ""))))
    return out


_ROW = re.compile(rb"<(?:\w+:)?row [^>]*?\br=\"(\d+)\"")
_PLAIN_ROW = re.compile(rb"<row r=\"(\d+)\"")  # r first, as Excel and openpyxl write it: the fast case
_WIDE_REF = re.compile(rb" r=\"([A-Z]{2,3})(\d+)\"")  # a cell beyond column Z (rows' r has no letters)
_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_REF = re.compile(rb"\br=\"([A-Z]{1,3})(\d+)\"")
_TYPE = re.compile(rb"\bt=\"(\w+)\"")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_OTHER_ROW = re.compile(rb"<row (?!r=)")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _scan_block(block: bytes, scan: SheetScan) -> None:
    """Last row and column, error values and formulas without values of a run of whole rows.
    Written for speed (100,000 lot rows scan in a fraction of calamine's own read): literal-prefix
    regular expressions, and the cell-by-cell pass only when an error or a formula is present."""
    if b":row " not in block and _OTHER_ROW.search(block) is None:
        rows = _PLAIN_ROW.findall(block)
    else:  # a row whose first attribute is not r, or a namespace prefix
        rows = _ROW.findall(block)
    if rows:
        scan.last_row = max(scan.last_row, max(map(int, rows)))
    if scan.last_col < 26 and (b"<c " in block or b":c " in block):
        scan.last_col = max(scan.last_col, 26)  # a cell in A-Z: 26 columns at most, counted as 26
    for letters, row in _WIDE_REF.findall(block):
        scan.last_col = max(scan.last_col, _column_number(letters))
        scan.last_row = max(scan.last_row, int(row))
    if b't="e"' in block or b"<f" in block or b":f" in block:  # (":f" also matches other names: only slower)
        for attrs, body in _CELL.findall(block):
            typ = _TYPE.search(attrs)
            kind = typ.group(1) if typ else b"n"
            has_formula = bool(body) and _FORMULA.search(body) is not None
            if kind != b"e" and not has_formula:
                continue
            ref = _REF.search(attrs)
            if not ref:
                continue
            where = (int(ref.group(2)), _column_number(ref.group(1)))
            value = _VALUE.search(body or b"")
            if kind == b"e" and len(scan.errors) < _MAX_NOTED:
                text = value.group(1).decode("utf-8", "replace").strip() if value else "#VALUE!"
                scan.errors[where] = text or "#VALUE!"
            elif has_formula and kind != b"str" and not (value and value.group(1).strip()):
                if len(scan.uncalculated) < _MAX_NOTED:
                    scan.uncalculated.add(where)


def scan_sheet(z: zipfile.ZipFile, name: str, part: str, label: str) -> SheetScan:
    """Stream one sheet's XML once (bounded memory), finding its last cell, error values and formulas
    without values; refuse it when the dense range a reader would build is too large."""
    scan = SheetScan(name, part)
    try:
        info = z.getinfo(part)
    except KeyError:
        return scan
    got, tail = 0, b""
    try:
        with z.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                if not got and re.search(rb"<!\s*(?:DOCTYPE|ENTITY)", chunk[:8192], re.IGNORECASE):
                    raise WorkbookError(f"{label} is refused: sheet '{name}' ({part}) declares a DOCTYPE or entities, "
                                        "which Excel never writes (a crafted file). Open it in Excel and save it "
                                        "again.")
                got += len(chunk)
                if got > MAX_PART_BYTES:
                    raise WorkbookError(f"{label} is refused: sheet '{name}' inflates beyond "
                                        f"{MAX_PART_BYTES / 2**20:,.0f} MB.")
                buf = tail + chunk
                cut = buf.rfind(b"row>")  # the end of the last whole row (</row> or </x:row>)
                if cut >= 0:
                    cut += 4
                    _scan_block(buf[:cut], scan)
                    tail = buf[cut:]
                else:
                    tail = buf
                _check_area(scan, label)
        if tail:
            _scan_block(tail, scan)
    except WorkbookError:
        raise
    except Exception as err:
        raise WorkbookError(f"{label} is damaged or not a real workbook (sheet '{name}', part {part}: {err}); open "
                            "it in Excel and save it again as .xlsx.") from None
    _check_area(scan, label)
    return scan


def _check_area(scan: SheetScan, label: str) -> None:
    if scan.last_row * max(scan.last_col, 1) > MAX_CELLS:
        far = cell_ref(max(scan.last_col, 1) - 1, scan.last_row)
        raise WorkbookError(f"{label}: sheet '{scan.name}' uses cells as far as {scan.name}!{far} "
                            f"({scan.last_row:,} rows x {scan.last_col:,} columns), far beyond a household's data, "
                            "and reading it would need too much memory. Delete the stray cells beyond your table "
                            "(select the empty rows and columns after it, Delete, then save) and retry.")


def inspect_workbook(source: PathOrBytes, label: str, wanted: Optional[Iterable[str]] = None, *,
                     require_zip: bool = False) -> dict[str, SheetScan]:
    """Check a workbook file (a path or its bytes) before it is read or rewritten; return the scan of
    each sheet read (``wanted``: normalized sheet names, None = every sheet). Raises WorkbookError.
    Files that are not zip packages are refused when ``require_zip`` (a writer of .xlsx), else only
    checked for the OLE cases (a reader: calamine also reads .ods)."""
    head = source[:1 << 16] if isinstance(source, bytes) else _head(source)
    if not head:
        raise WorkbookError(f"{label} is empty (0 bytes); save the workbook again from Excel.")
    message = ole_message(head, label)
    if message:
        raise WorkbookError(message)
    if head[:2] != b"PK":
        if require_zip:
            raise WorkbookError(f"{label} is not a readable Excel workbook (its content is not a zip package; it may "
                                "be a CSV or another file renamed); open it in Excel and save it as .xlsx ('Excel "
                                "Workbook'), then retry.")
        return {}
    keys = None if wanted is None else set(wanted)
    with _open_zip(source, label) as z:
        _check_directory(z, label)
        names = set(z.namelist())
        if "xl/workbook.xml" not in names:
            other = {"mimetype", "content.xml", "xl/workbook.bin"} & names  # .ods, .xlsb: calamine reads them
            if require_zip or not other:
                raise WorkbookError(f"{label} is not a readable Excel workbook: its package has no xl/workbook.xml "
                                    "part (another Office file, or a damaged one); open it in Excel and save it as "
                                    ".xlsx, then retry.")
            return {}
        parts = sheet_parts(z, label)
        for shared in ("xl/sharedStrings.xml", "xl/styles.xml"):
            if shared in names:
                _stream_check(z, shared, label)
        out = {}
        for name, part in parts:
            if part is None or part not in names:
                continue
            if keys is not None and normalize_key(name) not in keys:
                continue
            out[name] = scan_sheet(z, name, part, label)
        return out


def _stream_check(z: zipfile.ZipFile, part: str, label: str) -> None:
    """Read a part through to its end in chunks (bounded memory): the CRC and the declared size are
    checked, so a part that inflates beyond its directory entry is refused."""
    for _chunk in _bounded_chunks(z, part, part, label, MAX_PART_BYTES):
        pass


def _bounded_chunks(z: zipfile.ZipFile, member: Any, part: str, label: str, limit: int) -> Iterable[bytes]:
    """The part's bytes in chunks of ``_CHUNK``, refusing it once more than ``limit`` bytes come out
    (a size in the zip directory can lie) and naming the part when it does not inflate (zlib error,
    bad CRC: a damaged file or not a real workbook)."""
    got = 0
    try:
        with z.open(member) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    return
                got += len(chunk)
                if got > limit:
                    raise WorkbookError(f"{label} is refused: its part {part} inflates beyond {limit / 2**20:,.0f} MB.")
                yield chunk
    except WorkbookError:
        raise
    except Exception as err:  # zlib.error, BadZipFile (bad CRC, a lying size), NotImplementedError ...
        raise WorkbookError(f"{label} is damaged or not a real workbook (part {part}: {err}); open it in Excel and "
                            "save it again as .xlsx.") from None


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(1 << 16)
    except OSError as err:
        raise WorkbookError(f"{Path(path).name} cannot be read ({err.strerror or err}); close it in other programs "
                            "and check its permissions.") from None


def overlay(rows: list[list[Any]], scan: Optional[SheetScan]) -> list[list[Any]]:
    """Put back what a values-only reader shows as blank: an Excel error value as its text (``#N/A``)
    and a formula saved without a value as :data:`~taxrebal.workbook.cells.UNCALCULATED`."""
    if scan is None or not (scan.errors or scan.uncalculated):
        return rows
    marks = {**{k: UNCALCULATED for k in scan.uncalculated}, **scan.errors}
    for (r, c), text in marks.items():
        while len(rows) < r:
            rows.append([])
        row = rows[r - 1]
        if not isinstance(row, list):
            row = rows[r - 1] = list(row)
        if len(row) < c:
            row.extend([None] * (c - len(row)))
        if row[c - 1] in (None, ""):
            row[c - 1] = text
    return rows
