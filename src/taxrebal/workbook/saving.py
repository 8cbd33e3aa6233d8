"""Opening a workbook for writing results, and saving it atomically.

How results are written: :func:`open_result_book` gives a
:class:`~taxrebal.workbook.package_book.PackageBook`, which adds the result sheets to the file's zip
package and copies every other part byte for byte. Nothing the user made is re-encoded: charts,
pictures, shapes, form controls, pivot tables, sparklines, macros and the values Excel last computed
for formulas all survive, so no workbook is refused for holding them. (Before, the command line
loaded and re-saved the whole workbook with openpyxl, which drops those objects, and it refused such
workbooks.) Only sheets the tool owns (marked by the ``taxrebal_owned`` sheet-scoped name) are ever
replaced or removed. :func:`find_hazards` still lists the objects openpyxl would lose on a user sheet,
for the commands that do edit the input sheets through openpyxl (``taxrebal import``, via
:func:`open_for_results`, which refuses such a workbook) or copy it (``taxrebal share``).

Macro-enabled workbooks (.xlsm): after saving, the VBA project bytes are compared with the original
and the save is refused (the original left untouched) when they differ. The output must keep the
input's extension (.xlsm stays .xlsm).

Atomic save (:func:`save_atomic`): the workbook is written to a temporary file in the destination's
directory, flushed and fsync'ed, then moved over the destination with ``os.replace`` (atomic on the
same file system). A failure at any point, including Ctrl-C, leaves the destination as it was and
removes the temporary file. In-place runs first copy the original to ``BOOK.bak.xlsx``
(:func:`backup_path`).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Optional

from ..errors import SaveError, UnsafeWorkbookError, WorkbookError
from .package import inspect_workbook, resolve_part, safe_xml
from .package_book import PackageBook
from .results import OWNED_MARKER, is_owned_marker

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Hazard",
    "find_hazards",
    "open_result_book",
    "check_rewritable",
    "open_for_results",
    "save_atomic",
    "backup_path",
    "make_backup",
    "check_output_path",
    "refuse_folder",
    "check_not_open",
    "lock_file",
    "clean_stale_temp_files",
]

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm")

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class Hazard:
    """Something on a user sheet that openpyxl would drop on save."""

    sheet: str
    what: str  # "a chart", "a picture", "shapes", "form controls", "a pivot table"


def _rels_path(part: str) -> str:
    p = PurePosixPath(part)
    return str(p.parent / "_rels" / (p.name + ".rels"))


def _relationships(z: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(type suffix, target part) of ``part``'s relationships."""
    name = _rels_path(part)
    if name not in z.namelist():
        return []
    root = safe_xml(z, name, Path(z.filename or "workbook").name)
    out = []
    for rel in root.findall(f"{{{_NS_PKG_REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        out.append((rel.get("Type", "").rsplit("/", 1)[-1], resolve_part(part, rel.get("Target", ""))))
    return out


def _drawing_contents(z: zipfile.ZipFile, part: str) -> str:
    """What a DrawingML part holds, in words."""
    kinds = {t for t, _ in _relationships(z, part)}
    xml = _read_text(z, part)
    found = []
    if "chart" in kinds or "graphicFrame" in xml:
        found.append("a chart")
    if "image" in kinds or ":pic>" in xml or "<pic>" in xml:
        found.append("a picture")
    if ":sp>" in xml or ":cxnSp>" in xml or "<sp>" in xml:
        found.append("shapes or text boxes")
    return " and ".join(found) or "drawing objects"


def _vml_is_comments_only(z: zipfile.ZipFile, part: str) -> bool:
    if part not in z.namelist():
        return True
    xml = _read_text(z, part)
    types = re.findall(r'ObjectType\s*=\s*"([^"]+)"', xml)
    return all(t == "Note" for t in types)


def _read_text(z: zipfile.ZipFile, part: str) -> str:
    if part not in z.namelist():
        return ""
    try:
        return z.read(part).decode("utf-8", "replace")
    except Exception as err:  # noqa: BLE001 - a damaged part: say which
        raise WorkbookError(f"'{Path(z.filename or 'workbook').name}' is damaged (part {part}: {err}); open it in "
                            "Excel and save it again.") from None


def find_hazards(path: os.PathLike[str] | str) -> list[Hazard]:
    """Objects openpyxl would lose, on sheets taxrebal does not own. Raises WorkbookError when the
    file is not a readable .xlsx/.xlsm zip."""
    label = Path(path).name
    inspect_workbook(Path(path), label, require_zip=True)  # zip bombs, hostile XML, an .xls under another name...
    try:
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as err:
        raise WorkbookError(f"'{path}' is not a readable Excel workbook (.xlsx/.xlsm): {err}") from err
    with z:
        if "xl/workbook.xml" not in z.namelist():
            raise WorkbookError(f"'{path}' is not a readable Excel workbook: it has no xl/workbook.xml")
        wb_xml = safe_xml(z, "xl/workbook.xml", label)
        sheets = wb_xml.findall(f"{{{_NS_MAIN}}}sheets/{{{_NS_MAIN}}}sheet")
        owned_ids = set()
        for dn in wb_xml.findall(f"{{{_NS_MAIN}}}definedNames/{{{_NS_MAIN}}}definedName"):
            local = dn.get("localSheetId")
            if dn.get("name", "").lower() == OWNED_MARKER.lower() and local is not None and local.isdigit():
                index = int(local)
                if index < len(sheets) and is_owned_marker(dn.text, sheets[index].get("name", "")):
                    owned_ids.add(index)
        wb_rels = dict((rid, target) for rid, target in _workbook_rel_targets(z))
        hazards: list[Hazard] = _package_hazards(z)
        for index, sheet in enumerate(sheets):
            if index in owned_ids:
                continue
            title = sheet.get("name", f"sheet {index + 1}")
            part = wb_rels.get(sheet.get(f"{{{_NS_REL}}}id", ""))
            if part is None:
                continue
            for kind, target in _relationships(z, part):
                if kind == "drawing":
                    hazards.append(Hazard(title, _drawing_contents(z, target)))
                elif kind == "vmlDrawing" and not _vml_is_comments_only(z, target):
                    hazards.append(Hazard(title, "form controls or legacy shapes"))
                elif kind in _RELATED_HAZARDS:
                    hazards.append(Hazard(title, _RELATED_HAZARDS[kind]))
            if part in z.namelist():
                xml = _read_text(z, part).encode()
                for marker, what in _EXTENSION_HAZARDS.items():
                    if marker in xml:
                        hazards.append(Hazard(title, what))
        return hazards


#: relationship type (last part) of a sheet -> what openpyxl would lose.
_RELATED_HAZARDS = {
    "pivotTable": "a pivot table",
    "threadedComment": "threaded comments (they would become plain notes without replies)",
    "slicer": "a slicer",
    "timeline": "a timeline",
    "control": "ActiveX or form controls",
    "ctrlProp": "form controls",
}

#: Office 2010+ extensions inside a sheet's XML that openpyxl drops on save.
_EXTENSION_HAZARDS = {
    b"x14:sparklineGroups": "sparklines",
    b"x14:dataValidations": "data validation rules in a format openpyxl cannot keep",
    b"x14:conditionalFormattings": "conditional formats in a format openpyxl cannot keep",
}


#: Workbook-level parts openpyxl does not carry over on save -> what the user would lose.
_PACKAGE_HAZARDS = {
    "xl/connections.xml": "Power Query / data connections (xl/connections.xml)",
    "customXml/": "custom XML parts (customXml/, e.g. Power Query queries)",
    "xl/queryTables/": "query tables (xl/queryTables/)",
    "xl/model/": "a Power Pivot data model (xl/model/)",
}


def _package_hazards(z: zipfile.ZipFile) -> list[Hazard]:
    names = z.namelist()
    return [Hazard("(workbook)", what) for prefix, what in _PACKAGE_HAZARDS.items()
            if any(n == prefix or (prefix.endswith("/") and n.startswith(prefix)) for n in names)]


def _workbook_rel_targets(z: zipfile.ZipFile) -> list[tuple[str, str]]:
    name = "xl/_rels/workbook.xml.rels"
    if name not in z.namelist():
        return []
    root = safe_xml(z, name, Path(z.filename or "workbook").name)
    return [(r.get("Id", ""), resolve_part("xl/workbook.xml", r.get("Target", "")))
            for r in root.findall(f"{{{_NS_PKG_REL}}}Relationship")]


def _check_suffix(path: Path) -> None:
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise WorkbookError(
            f"'{path.name}' is not an .xlsx or .xlsm workbook. Save it from Excel as "
            f"'Excel Workbook (*.xlsx)' and run again."
        )


def _unreadable(path: Path, err: BaseException) -> WorkbookError:
    """The message for a file that is not a zip: encrypted/.xls (OLE) or just not a workbook."""
    try:
        with open(path, "rb") as fh:
            ole = fh.read(4) == b"\xd0\xcf\x11\xe0"
    except OSError:
        ole = False
    if ole:  # an encrypted .xlsx and an old .xls are both OLE compound files
        return WorkbookError(
            f"'{path}' is password-protected or an old-style .xls file. Open it in Excel and save an "
            f"unprotected copy as 'Excel Workbook (*.xlsx)', then run taxrebal on the copy."
        )
    return WorkbookError(f"'{path}' is not a readable Excel workbook (.xlsx/.xlsm): {err}")


def open_result_book(path: os.PathLike[str] | str) -> PackageBook:
    """Check ``path`` and open it for adding result sheets (a
    :class:`~taxrebal.workbook.package_book.PackageBook`; save it with :func:`save_atomic`).
    Raises WorkbookError with the fix in the message."""
    p = Path(path)
    _check_suffix(p)
    # zip bombs, hostile XML, an .xls or encrypted file under an .xlsx name (the sheets themselves are
    # scanned by the reader; parts are copied byte for byte here)
    inspect_workbook(p, p.name, (), require_zip=True)
    try:
        zipfile.ZipFile(p).close()
    except (OSError, zipfile.BadZipFile) as err:
        raise _unreadable(p, err) from err
    return PackageBook.open(p)


def check_rewritable(path: os.PathLike[str] | str) -> None:
    """Raise :class:`UnsafeWorkbookError` when saving ``path`` through openpyxl would lose user objects
    (for code that must edit input sheets through openpyxl, such as ``taxrebal import``)."""
    hazards = find_hazards(path)
    if not hazards:
        return
    listing = "; ".join(f"the workbook has {h.what}" if h.sheet == "(workbook)" else f"sheet '{h.sheet}' has {h.what}"
                        for h in hazards)
    raise UnsafeWorkbookError(
        f"taxrebal will not rewrite '{Path(path).name}': {listing}. This command saves the workbook "
        f"with openpyxl, which drops charts, pictures, shapes, pivot tables and some other objects of "
        f"existing sheets, so "
        f"they would be lost (writing to another file with -o would lose them too). Either save a copy "
        f"of the workbook without those objects (e.g. move them to a separate workbook) and run "
        f"taxrebal on the copy, or use the taxrebal Excel add-in, which writes through Excel and keeps them."
    )


def open_for_results(path: os.PathLike[str] | str) -> Any:  # an openpyxl Workbook (untyped)
    """Check ``path`` and load it with openpyxl for editing (formulas kept as formulas, VBA kept for
    .xlsm), refusing a workbook openpyxl would damage (:func:`check_rewritable`). Result sheets do
    not need this: :func:`open_result_book` keeps everything. Raises WorkbookError /
    UnsafeWorkbookError with the fix in the message."""
    # imported here: `check`, `--help` and the ribbon's other buttons never load openpyxl
    import openpyxl

    p = Path(path)
    _check_suffix(p)
    check_rewritable(p)
    try:
        # rich_text=True keeps the formatting runs of input cells (bold words in a note) on save
        return openpyxl.load_workbook(p, keep_vba=p.suffix.lower() == ".xlsm", keep_links=True, rich_text=True)
    except Exception as err:  # noqa: BLE001 - any parse failure becomes one clear message
        raise WorkbookError(
            f"'{p.name}' could not be opened for writing ({type(err).__name__}: {err}). If it is "
            f"password-protected or damaged, save an unprotected copy from Excel and run on that."
        ) from err


def _vba_bytes(path: Path) -> Optional[bytes]:
    try:
        with zipfile.ZipFile(path) as z:
            return z.read("xl/vbaProject.bin") if "xl/vbaProject.bin" in z.namelist() else None
    except (OSError, zipfile.BadZipFile):
        return None


def save_atomic(workbook: Any, destination: os.PathLike[str] | str, *,
                original: os.PathLike[str] | str | None = None) -> Path:
    """Save ``workbook`` (anything with ``save(path)``: a PackageBook, an openpyxl Workbook) to
    ``destination`` atomically (temp file in the same folder, fsync,
    ``os.replace``). ``original``: the file it was opened from, to check that the VBA project
    of a macro-enabled workbook survived. Raises WorkbookError; the destination is then untouched."""
    dest = Path(os.path.realpath(destination))  # a symlinked workbook is written through the link
    _check_suffix(Path(destination))
    if original is not None and Path(original).suffix.lower() != dest.suffix.lower():
        raise SaveError(
            f"The output '{dest.name}' must have the same extension as the input "
            f"'{Path(original).name}' ({Path(original).suffix}); choose an output name ending in "
            f"{Path(original).suffix}."
        )
    folder = dest.parent if str(dest.parent) else Path(".")
    if not folder.is_dir():
        raise SaveError(f"The folder '{folder}' does not exist; create it or choose another output path.")
    check_not_open(Path(destination))
    clean_stale_temp_files(dest)
    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(dest) + f"{os.getpid()}-", suffix=dest.suffix, dir=folder)
    tmp = Path(tmp_name)
    try:
        os.close(fd)
        os.chmod(tmp, _file_mode(dest))  # mkstemp makes 0600 files; keep the usual permissions
        workbook.save(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if original is not None:
            before = _vba_bytes(Path(original))
            if before is not None and _vba_bytes(tmp) != before:
                raise SaveError(
                    f"The macros of '{Path(original).name}' would not survive saving, "
                    f"so nothing was written. Save a copy as .xlsx (without macros) for taxrebal, or use "
                    f"the Excel add-in."
                )
        os.replace(tmp, dest)
        _fsync_dir(folder)
    except (WorkbookError, KeyboardInterrupt):
        tmp.unlink(missing_ok=True)
        raise
    except Exception as err:  # noqa: BLE001
        tmp.unlink(missing_ok=True)
        raise SaveError(
            f"Could not save '{dest}': {type(err).__name__}: {err}. If the file is open in Excel, close "
            f"it; check that the folder is writable and the disk is not full, then run again."
        ) from err
    return dest


def _file_mode(dest: Path) -> int:
    """The destination's current permissions, or what a new file normally gets (0666 less umask)."""
    try:
        return dest.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def backup_path(path: os.PathLike[str] | str) -> Path:
    """``BOOK.xlsx`` -> ``BOOK.bak.xlsx`` (same folder, same extension)."""
    p = Path(path)
    return p.with_name(f"{p.stem}.bak{p.suffix}")


def make_backup(path: os.PathLike[str] | str) -> Path:
    """Copy ``path`` to :func:`backup_path` (replacing an older backup) and return the backup's path."""
    dest = backup_path(path)
    try:
        shutil.copy2(path, dest)
    except OSError as err:
        raise SaveError(f"Could not make the backup '{dest}': {err}. Check the folder is writable.") from err
    return dest


# --------------------------------------------------------------------------- file-safety checks

def _temp_prefix(dest: Path) -> str:
    """Hidden temporary files of a save to ``dest``: ``.book.xlsx.taxrebal-<pid>-<random>.xlsx``."""
    return f".{dest.name}.taxrebal-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def clean_stale_temp_files(dest: os.PathLike[str] | str) -> list[Path]:
    """Remove temporary files an earlier save to ``dest`` left behind when it was killed (ours by
    name, ``.book.xlsx.taxrebal-<pid>-...``, and their process is gone). Returns what was removed."""
    dest = Path(dest)
    prefix = _temp_prefix(dest)
    removed: list[Path] = []
    try:
        candidates = [p for p in dest.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return removed
    for p in candidates:
        pid_text = p.name[len(prefix):].split("-", 1)[0]
        if pid_text.isdigit() and (int(pid_text) == os.getpid() or _pid_alive(int(pid_text))):
            continue
        try:
            p.unlink()
            removed.append(p)
        except OSError:
            pass
    return removed


def lock_file(path: os.PathLike[str] | str) -> Optional[Path]:
    """The owner file of ``path`` when it exists, else None: Excel's ``~$book.xlsx`` beside ``book.xlsx``
    (long names lose their first two characters) or LibreOffice's ``.~lock.book.xlsx#`` (fe11 finding 19:
    a workbook open in LibreOffice Calc was overwritten in place), each made while the workbook is open."""
    p = Path(path)
    for name in (f"~${p.name}", f"~${p.name[2:]}", f".~lock.{p.name}#"):
        candidate = p.with_name(name)
        if len(name) > 2 and candidate.exists():
            return candidate
    return None


def check_not_open(path: os.PathLike[str] | str) -> None:
    """Refuse to write ``path`` while Excel has it open (its lock file exists): Excel would keep its
    own copy and overwrite ours, or refuse to save the user's edits."""
    lock = lock_file(path)
    if lock is not None:
        app = "LibreOffice" if lock.name.startswith(".~lock.") else "Excel"
        raise SaveError(
            f"'{Path(path).name}' is open in {app} (its lock file '{lock.name}' exists), so taxrebal will not "
            f"write it. Close the workbook in {app} and run again, or write the results elsewhere with -o. (If "
            f"{app} is not running, the lock file is left over from a crash: delete '{lock}'.)"
        )


def refuse_folder(output: os.PathLike[str] | str, example: str) -> None:
    """Raise WorkbookError when ``-o`` names a folder (``-o ./``): the messages that follow judge the
    file name, which a folder does not have ("the output '' must end in .xlsx", fe21 finding 5).
    ``example`` is a file name to suggest in it."""
    out = Path(output)
    if out.is_dir():
        raise WorkbookError(f"the output '{output}' is a folder; -o takes a file name: give one in it, such as "
                            f"'{out / example}'")


def check_output_path(output: os.PathLike[str] | str,
                      inputs: "tuple[os.PathLike[str] | str, ...] | list[os.PathLike[str] | str]", *,
                      suffixes: tuple[str, ...], what: str) -> None:
    """Refuse an output path that is one of the ``inputs`` (the same file, also through a link) or
    whose extension is not one of ``suffixes``: ``taxrebal form8949 book.xlsx -o book.xlsx`` would
    replace the workbook with a CSV. Raises WorkbookError (a usage problem: nothing was written)."""
    out = Path(output)
    refuse_folder(out, f"{Path(inputs[0]).stem if inputs else 'output'}{suffixes[0]}")
    for source in inputs:
        src = Path(source)
        same = False
        try:
            same = out.exists() and src.exists() and os.path.samefile(out, src)
        except OSError:
            same = os.path.realpath(out) == os.path.realpath(src)
        if same or os.path.realpath(out) == os.path.realpath(src):
            raise WorkbookError(f"the output '{out}' is the input workbook '{src.name}': writing {what} there would "
                                f"replace your workbook. Choose another file name with -o (ending in "
                                f"{' or '.join(suffixes)}).")
    if out.suffix.lower() not in suffixes:
        raise WorkbookError(f"the output '{out.name}' does not end in {' or '.join(suffixes)}, but {what} is written "
                            f"there; choose a name ending in {suffixes[0]} with -o.")
