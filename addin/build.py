"""Build ``addin/taxrebal.xlam``, the taxrebal Excel add-in, from three inputs kept in git.

Usage::

    python addin/build.py            # (re)writes addin/taxrebal.xlam and its packaged copy
    python addin/build.py --check    # builds in memory, exit 1 if either committed file differs

The build writes the same bytes twice: ``addin/taxrebal.xlam`` (the file the tests inspect) and
``src/taxrebal/excel/taxrebal.xlam``, the copy shipped inside the wheel as package data so that
``pip install taxrebal`` users find it with ``taxrebal addin path``. ``--check`` compares both.

Inputs
    1. The ribbon add-in template shipped inside the pinned xlwings package
       (``xlwings/quickstart_addin_ribbon.xlam``, the file ``xlwings quickstart NAME --addin --ribbon``
       copies). It holds xlwings' own VBA (the ``xlwings`` module with ``RunPython`` and
       ``ImportPythonUDFsToAddin``, the ``Dictionary`` class), the config sheet ``_myaddin.conf`` and a demo
       ribbon module ``RibbonMyAddin``. The xlwings version installed must equal the version pinned in
       ``pyproject.toml``: the add-in's VBA (``XLWINGS_VERSION``) must match the Python package.
    2. ``addin/ribbon.toml``: the "Tax Rebalance" tab as data (id, label, imageMso icon, screentip,
       supertip of each button) -> ``customUI/customUI.xml``.
    3. ``addin/TaxrebalRibbon.bas``: the ribbon callback module (CRLF VBA source).

What the build changes in the template, and nothing else
    * ``xl/vbaProject.bin``: the demo module ``RibbonMyAddin`` is renamed ``TaxrebalRibbon`` and its
      source replaced (pyopenvba: MS-OVBA-compressed source at module offset 0, no p-code, the
      ``_VBA_PROJECT`` stream cut to its 7-byte header so Excel recompiles from source). xlwings' own
      modules are left byte-for-byte as xlwings ships them.
    * ``customUI/customUI.xml``: generated from ribbon.toml (schema
      ``http://schemas.microsoft.com/office/2006/01/customui``); ``_rels/.rels`` points to it with the
      matching 2006 relationship type ``.../office/2006/relationships/ui/extensibility``.
    * The config sheet: xlwings' VBA reads the add-in's sheet ``PROJECT_NAME & ".conf"``; the template
      keeps it inactive as ``_myaddin.conf`` (``PROJECT_NAME = "myaddin"`` in the untouched xlwings
      module). The build activates it as ``myaddin.conf`` holding one setting, ``UDF Modules =
      taxrebal.excel.udfs``. Only that key is set: any key present on the add-in's sheet (even
      blank) would override the user's own config file (interpreter path etc.).
    * ``docProps/core.xml``: fixed title/author/dates (no clock).

Determinism: same inputs -> same bytes. Zip entries keep the template's order, all get the DOS epoch
timestamp 1980-01-01 00:00:00, deflate level 9, no extra fields; the OLE file pyopenvba writes carries
no timestamps. ``--check`` reports which entries differ (and whether only their compressed bytes do,
which would point at a different zlib build rather than a content change).
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ADDIN = HERE / "taxrebal.xlam"
#: The identical copy installed with the package (package data ``excel/*.xlam`` in pyproject.toml).
PACKAGED_ADDIN = ROOT / "src" / "taxrebal" / "excel" / "taxrebal.xlam"
RIBBON_TOML = HERE / "ribbon.toml"
RIBBON_BAS = HERE / "TaxrebalRibbon.bas"
PYPROJECT = ROOT / "pyproject.toml"

TEMPLATE_NAME = "quickstart_addin_ribbon.xlam"
TEMPLATE_RIBBON_MODULE = "RibbonMyAddin"
RIBBON_MODULE = "TaxrebalRibbon"
CALLBACK = "TaxrebalAction"
ON_ACTION = f"{RIBBON_MODULE}.{CALLBACK}"

CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
CUSTOMUI_PART = "customUI/customUI.xml"
UI_REL_TYPE = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
UI_REL_TYPE_2007 = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"

#: The add-in's name in xlwings' VBA (``Public Const PROJECT_NAME``, "myaddin" in the template). xlwings
#: reads the config sheet ``PROJECT_NAME & ".conf"`` of the add-in and the user's config file
#: ``%USERPROFILE%\.taxrebal\taxrebal.conf`` (Windows) or ``~/Library/Containers/com.microsoft.Excel/Data/
#: taxrebal.conf`` (macOS) (``GetConfigFilePath`` in xlwings' VBA).
TEMPLATE_PROJECT_NAME = "myaddin"
PROJECT_NAME = "taxrebal"
TEMPLATE_CONF_SHEET = f"_{TEMPLATE_PROJECT_NAME}.conf"  # inactive in the template (leading underscore)
CONF_SHEET = f"{PROJECT_NAME}.conf"
#: Only these keys are set on the add-in's sheet: any key present there (even blank) overrides the
#: user's config file, where the interpreter is written by ``taxrebal addin install``.
#: ADD_WORKBOOK_TO_PYTHONPATH false: xlwings would otherwise put the workbook's folder on sys.path,
#: which fails for OneDrive/SharePoint workbooks (their "folder" is a URL); taxrebal is pip-installed.
CONFIG = (("UDF Modules", "taxrebal.excel.udfs"), ("ADD_WORKBOOK_TO_PYTHONPATH", "false"))

#: The VBA project: its name (template "MyAddin") and a project GUID of its own, fixed so that builds
#: are reproducible (generated once with uuid4 for taxrebal; never reuse the template's
#: {318BEE36-5BE1-492A-826D-473DB19B0F30}, which every add-in built from it shares).
VBA_PROJECT_NAME = "taxrebal"
VBA_PROJECT_ID = "{9AF2A88D-2067-4498-873A-38EAC6CFD55D}"
#: The cell functions' wrapper module (xlwings' name for it), generated by addin/udf_wrappers.py.
UDF_MODULE = "xlwings_udfs"

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
ZIP_LEVEL = 9
CORE_DATE = "2026-11-25T00:00:00Z"  # a fixed constant, never the build time

ID_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
BUTTON_SIZES = ("large", "normal")


class BuildError(Exception):
    """A build input is wrong; the message says which file and what to change."""


# --- the ribbon definition -----------------------------------------------------------------------
@dataclass(frozen=True)
class Button:
    id: str
    label: str
    image_mso: str
    screentip: str
    supertip: str
    size: str = "large"


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Ribbon:
    tab_id: str
    tab_label: str
    insert_after_mso: str
    groups: tuple[Group, ...]
    vba_dispatch: tuple[tuple[str, str], ...]  # control id -> VBA macro called instead of Python

    @property
    def buttons(self) -> tuple[Button, ...]:
        return tuple(b for g in self.groups for b in g.buttons)

    @property
    def python_ids(self) -> tuple[str, ...]:
        """Control ids whose click runs ``taxrebal.excel.ribbon.run(id)``."""
        vba = dict(self.vba_dispatch)
        return tuple(b.id for b in self.buttons if b.id not in vba)


def _text(table: dict, key: str, where: str, *, max_len: int = 1024) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise BuildError(f"{RIBBON_TOML.name}: {where} needs a non-empty text '{key}'")
    if len(value) > max_len:
        raise BuildError(f"{RIBBON_TOML.name}: {where} '{key}' is {len(value)} characters; Office allows {max_len}")
    return value


def _control_id(table: dict, where: str) -> str:
    value = _text(table, "id", where)
    if not ID_RE.match(value):
        raise BuildError(f"{RIBBON_TOML.name}: {where} id {value!r} must be letters, digits and _ only "
                         "(it is passed to Python as a quoted string and must be a valid XML ID)")
    return value


def load_ribbon(path: Path = RIBBON_TOML) -> Ribbon:
    """Read and check the ribbon definition (unique ids, every field present)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    tab = data.get("tab") or {}
    groups = []
    for gi, g in enumerate(data.get("group") or [], start=1):
        where = f"group {gi}"
        buttons = []
        for bi, b in enumerate(g.get("button") or [], start=1):
            bwhere = f"{where} button {bi}"
            size = b.get("size", "large")
            if size not in BUTTON_SIZES:
                raise BuildError(f"{RIBBON_TOML.name}: {bwhere} size {size!r} must be one of {BUTTON_SIZES}")
            buttons.append(Button(
                id=_control_id(b, bwhere),
                label=_text(b, "label", bwhere),
                image_mso=_text(b, "image_mso", bwhere),
                screentip=_text(b, "screentip", bwhere),
                supertip=_text(b, "supertip", bwhere),
                size=size,
            ))
        if not buttons:
            raise BuildError(f"{RIBBON_TOML.name}: {where} has no [[group.button]]")
        groups.append(Group(_control_id(g, where), _text(g, "label", where), tuple(buttons)))
    if not groups:
        raise BuildError(f"{RIBBON_TOML.name}: no [[group]] defined")
    ribbon = Ribbon(
        tab_id=_control_id(tab, "[tab]"),
        tab_label=_text(tab, "label", "[tab]"),
        insert_after_mso=str(tab.get("insert_after_mso", "")),
        groups=tuple(groups),
        vba_dispatch=tuple(sorted((str(k), str(v)) for k, v in (data.get("vba_dispatch") or {}).items())),
    )
    ids = [ribbon.tab_id] + [g.id for g in ribbon.groups] + [b.id for b in ribbon.buttons]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise BuildError(f"{RIBBON_TOML.name}: ids must be unique; repeated: {', '.join(dupes)}")
    unknown = sorted(set(dict(ribbon.vba_dispatch)) - {b.id for b in ribbon.buttons})
    if unknown:
        raise BuildError(f"{RIBBON_TOML.name}: [vba_dispatch] names no button: {', '.join(unknown)}")
    return ribbon


def customui_xml(ribbon: Ribbon) -> bytes:
    """The customUI part (Office 2007 schema, understood by every later Excel on Windows and macOS)."""
    after = f" insertAfterMso={quoteattr(ribbon.insert_after_mso)}" if ribbon.insert_after_mso else ""
    out = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        f'<customUI xmlns="{CUSTOMUI_NS}">',
        "  <ribbon>",
        "    <tabs>",
        f"      <tab id={quoteattr(ribbon.tab_id)} label={quoteattr(ribbon.tab_label)}{after}>",
    ]
    for g in ribbon.groups:
        out.append(f"        <group id={quoteattr(g.id)} label={quoteattr(g.label)}>")
        for b in g.buttons:
            out.append(
                f"          <button id={quoteattr(b.id)} label={quoteattr(b.label)} size={quoteattr(b.size)}"
                f" imageMso={quoteattr(b.image_mso)} screentip={quoteattr(b.screentip)}"
                f" supertip={quoteattr(b.supertip)} onAction={quoteattr(ON_ACTION)}/>"
            )
        out.append("        </group>")
    out += ["      </tab>", "    </tabs>", "  </ribbon>", "</customUI>", ""]
    return "\r\n".join(out).encode("utf-8")


# --- the VBA project -----------------------------------------------------------------------------
def read_bas(path: Path = RIBBON_BAS) -> str:
    """The ribbon module source; must be ASCII with CRLF line ends and name the module."""
    raw = path.read_bytes()
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as err:
        raise BuildError(f"{path.name}: byte {err.start} is not ASCII; the VBA project uses code page 1252 "
                         "and the build keeps the source ASCII. Replace the character.") from None
    if re.search(r"(?<!\r)\n", text) or re.search(r"\r(?!\n)", text):
        raise BuildError(f"{path.name}: line endings must be CRLF (as the VBA editor exports). "
                         "Convert the file (e.g. `unix2dos`) and check addin/.gitattributes keeps it.")
    first = text.split("\r\n", 1)[0]
    if first != f'Attribute VB_Name = "{RIBBON_MODULE}"':
        raise BuildError(f'{path.name}: the first line must be Attribute VB_Name = "{RIBBON_MODULE}"')
    if not re.search(rf"^Public Sub {CALLBACK}\(control As IRibbonControl\)\r$", text, re.M):
        raise BuildError(f"{path.name}: needs 'Public Sub {CALLBACK}(control As IRibbonControl)', the onAction target")
    return text


def template_path() -> Path:
    import xlwings

    path = Path(xlwings.__file__).resolve().parent / TEMPLATE_NAME
    if not path.is_file():
        raise BuildError(f"xlwings {xlwings.__version__} has no {TEMPLATE_NAME}; install the pinned xlwings "
                         f"({pinned_xlwings_version()}) with pip install -e '.[build]'")
    return path


def pinned_xlwings_version(pyproject: Path = PYPROJECT) -> str:
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    for dep in deps:
        m = re.fullmatch(r"\s*xlwings\s*==\s*([0-9][0-9A-Za-z.]*)\s*", dep)
        if m:
            return m.group(1)
    raise BuildError("pyproject.toml must pin xlwings exactly (xlwings==X.Y.Z): the add-in's VBA must match it")


def check_xlwings_version() -> str:
    import xlwings

    pinned = pinned_xlwings_version()
    if xlwings.__version__ != pinned:
        raise BuildError(f"installed xlwings is {xlwings.__version__} but pyproject.toml pins {pinned}; the add-in's "
                         f"VBA must match the Python package. Run: pip install xlwings=={pinned}")
    return pinned


XLWINGS_PROJECT_NAME_LINE = 'Public Const PROJECT_NAME As String = "{}"'


def build_vba_project(template: bytes, bas_source: str, udf_source: str) -> bytes:
    """The template's vbaProject.bin with the demo ribbon module replaced by ``bas_source``, the cell
    functions' wrappers added as module ``xlwings_udfs``, PROJECT_NAME set to "taxrebal" in xlwings'
    module (its only change) and the project renamed with a GUID of its own."""
    from pyopenvba import ExcelFile
    from pyopenvba.vba import split_attribute_header

    with tempfile.TemporaryDirectory(prefix="taxrebal-addin-") as tmp:
        src, out = Path(tmp) / "in.xlam", Path(tmp) / "out.xlam"
        src.write_bytes(template)
        with ExcelFile(src) as wb:
            project = wb.vba_project()
            if TEMPLATE_RIBBON_MODULE not in project.module_names():
                raise BuildError(f"the xlwings template has no {TEMPLATE_RIBBON_MODULE} module; modules: "
                                 f"{project.module_names()}. Check the xlwings version.")
            module = project.rename_module(TEMPLATE_RIBBON_MODULE, RIBBON_MODULE)
            module.source = bas_source
            module.attribute_header = split_attribute_header(bas_source)[0]
            module.dirty = True
            xlwings_module = project.get_module("xlwings")
            xlwings_module.source = _replace_once(
                xlwings_module.source, XLWINGS_PROJECT_NAME_LINE.format(TEMPLATE_PROJECT_NAME),
                XLWINGS_PROJECT_NAME_LINE.format(PROJECT_NAME), "the xlwings VBA module")
            xlwings_module.dirty = True
            project.add_module(UDF_MODULE, udf_source)
            wb.save(out)
        with zipfile.ZipFile(out) as z:
            return rename_vba_project(z.read("xl/vbaProject.bin"), VBA_PROJECT_NAME, VBA_PROJECT_ID)


# --- the VBA project's identity ([MS-OVBA]) ------------------------------------------------------
def project_key(project_id: str) -> int:
    """[MS-OVBA] 2.4.3.1: the key of the data encryption is the sum of the bytes of the project's ID
    string (braces included), modulo 256."""
    return sum(project_id.encode("ascii")) & 0xFF


def decrypt_project_value(hex_text: str) -> tuple[int, int, bytes]:
    """(seed, project key, data) of a CMG/DPB/GC value ([MS-OVBA] 2.4.3.3, data decryption)."""
    raw = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = raw[0], raw[1], raw[2]
    if seed ^ version_enc != 2:
        raise BuildError(f"the template's VBA project protection value has version {seed ^ version_enc}, not 2")
    key = seed ^ key_enc
    unencrypted, enc1, enc2 = key, key_enc, version_enc
    plain = bytearray()
    for byte_enc in raw[3:]:
        byte = byte_enc ^ ((enc2 + unencrypted) & 0xFF)
        plain.append(byte)
        enc2, enc1, unencrypted = enc1, byte_enc, byte
    ignored = (seed & 6) // 2
    length = int.from_bytes(plain[ignored:ignored + 4], "little")
    data = bytes(plain[ignored + 4:])
    if len(data) != length:
        raise BuildError("a VBA project protection value has the wrong length; the template changed")
    return seed, key, data


def encrypt_project_value(seed: int, key: int, data: bytes) -> str:
    """[MS-OVBA] 2.4.3.2, data encryption, with a fixed ``seed`` (reproducible builds) and the
    ignored bytes all zero."""
    version_enc, key_enc = seed ^ 2, seed ^ key
    out = bytearray([seed, version_enc, key_enc])
    unencrypted, enc1, enc2 = key, key_enc, version_enc
    for byte in bytes((seed & 6) // 2) + len(data).to_bytes(4, "little") + data:
        byte_enc = byte ^ ((enc2 + unencrypted) & 0xFF)
        out.append(byte_enc)
        enc2, enc1, unencrypted = enc1, byte_enc, byte
    return out.hex().upper()


def _rename_project_stream(text: str, name: str, project_id: str) -> str:
    """The PROJECT stream with ``ID`` and ``Name`` replaced and CMG/DPB/GC re-encrypted for the new ID."""
    old_id = re.search(r'^ID="(\{[0-9A-F-]+\})"\r$', text, re.M)
    if not old_id:
        raise BuildError("the template's PROJECT stream has no ID line; the xlwings template changed")
    old_key, new_key = project_key(old_id.group(1)), project_key(project_id)
    text = _replace_once(text, old_id.group(0), f'ID="{project_id}"\r', "PROJECT")
    text = re.sub(r'^Name="[^"]*"\r$', f'Name="{name}"\r', text, count=1, flags=re.M)

    def reencrypt(match: re.Match) -> str:
        seed, key, data = decrypt_project_value(match.group(2))
        if key != old_key:
            raise BuildError(f"{match.group(1)} was not encrypted with the template's project key")
        return f'{match.group(1)}="{encrypt_project_value(seed, new_key, data)}"'

    text = re.sub(r'^(CMG|DPB|GC)="([0-9A-F]+)"', reencrypt, text, flags=re.M)
    # pyopenvba appends the new module's window record after the template's final empty line; keep
    # the [Workspace] records together and the stream ending as Excel wrote the template's
    head, marker, workspace = text.partition("[Workspace]\r\n")
    records = [line for line in workspace.split("\r\n") if line]
    return head + marker + "".join(f"{line}\r\n" for line in records) + "\r\n"


def _rename_dir_stream(raw: bytes, name: str) -> bytes:
    """The decompressed ``VBA/dir`` stream with its PROJECTNAME record (0x0004) set to ``name``.
    Records are (id u16, size u32, data); PROJECTVERSION (0x0009) does not count its last 2 bytes."""
    pos, out = 0, bytearray()
    while pos + 6 <= len(raw):
        rid = int.from_bytes(raw[pos:pos + 2], "little")
        size = int.from_bytes(raw[pos + 2:pos + 6], "little")
        span = size + 2 if rid == 0x0009 else size
        if rid == 0x0004:
            data = name.encode("ascii")
            out += raw[pos:pos + 2] + len(data).to_bytes(4, "little") + data
            out += raw[pos + 6 + span:]
            return bytes(out)
        out += raw[pos:pos + 6 + span]
        pos += 6 + span
    raise BuildError("the template's VBA dir stream has no PROJECTNAME record")


def rename_vba_project(vba_bin: bytes, name: str, project_id: str) -> bytes:
    """``vba_bin`` with the VBA project called ``name`` (PROJECT ``Name`` and the dir stream's
    PROJECTNAME) and identified by ``project_id`` (PROJECT ``ID``, with the protection values that
    are encrypted with a key derived from it re-encrypted)."""
    from pyopenvba.cfb import CFB
    from pyopenvba.vba import compress, decompress

    if not ID_RE.match(name):
        raise BuildError(f"VBA project name {name!r} must be letters, digits and _")
    cfb = CFB.from_bytes(vba_bin)
    project = cfb.get_stream("PROJECT").decode("cp1252")
    cfb.write_stream("PROJECT", _rename_project_stream(project, name, project_id).encode("cp1252"))
    dir_raw = decompress(cfb.get_stream_in_storage("VBA", "dir"), stream_name="VBA/dir")
    cfb.write_stream_in_storage("VBA", "dir", compress(_rename_dir_stream(dir_raw, name)))
    return cfb.to_bytes()


# --- the package parts ---------------------------------------------------------------------------
def config_sheet_xml(rows: tuple[tuple[str, str], ...] = CONFIG) -> tuple[bytes, bytes]:
    """(sheet XML, sharedStrings XML) of the config sheet: key in column A, value in column B."""
    strings: list[str] = []
    cells = []
    for r, (key, value) in enumerate(rows, start=1):
        row = []
        for col, text in (("A", key), ("B", value)):
            strings.append(text)
            row.append(f'<c r="{col}{r}" s="1" t="s"><v>{len(strings) - 1}</v></c>')
        cells.append(f'<row r="{r}" spans="1:2">{"".join(row)}</row>')
    last = len(rows)
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheetPr codeName="Sheet2"/>'
        f'<dimension ref="A1:B{last}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultColWidth="8.875" defaultRowHeight="15.75"/>'
        '<cols><col min="1" max="1" width="14.75" style="1" customWidth="1"/>'
        '<col min="2" max="2" width="24" style="1" customWidth="1"/></cols>'
        f'<sheetData>{"".join(cells)}</sheetData>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        "</worksheet>"
    )
    sst = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        + "</sst>"
    )
    return sheet.encode("utf-8"), sst.encode("utf-8")


def core_xml() -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>taxrebal</dc:title>"
        "<dc:subject>Tax-aware portfolio rebalancing</dc:subject>"
        "<dc:creator>taxrebal (built by addin/build.py from the xlwings add-in template)</dc:creator>"
        "<cp:lastModifiedBy>taxrebal addin/build.py</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{CORE_DATE}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{CORE_DATE}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode("utf-8")


def _replace_once(data, old, new, part: str):
    """``data`` (bytes or str) with ``old`` replaced by ``new``; it must occur exactly once."""
    if data.count(old) != 1:
        raise BuildError(f"template part {part} does not contain {old!r} exactly once; the xlwings template "
                         "changed: update addin/build.py")
    return data.replace(old, new)


def build_parts(template: bytes, ribbon: Ribbon, bas_source: str, udf_source: str) -> list[tuple[str, bytes]]:
    """Every part of the add-in, in the template's entry order."""
    with zipfile.ZipFile(io.BytesIO(template)) as z:
        names = [i.filename for i in z.infolist()]
        parts = {n: z.read(n) for n in names}
    sheet, sst = config_sheet_xml()
    edits = {
        CUSTOMUI_PART: customui_xml(ribbon),
        "_rels/.rels": _replace_once(parts["_rels/.rels"], UI_REL_TYPE_2007.encode(), UI_REL_TYPE.encode(),
                                     "_rels/.rels"),
        "xl/vbaProject.bin": build_vba_project(template, bas_source, udf_source),
        "xl/workbook.xml": _replace_once(parts["xl/workbook.xml"], f'name="{TEMPLATE_CONF_SHEET}"'.encode(),
                                         f'name="{CONF_SHEET}"'.encode(), "xl/workbook.xml"),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": sst,
        "docProps/core.xml": core_xml(),
    }
    missing = sorted(set(edits) - set(names))
    if missing:
        raise BuildError(f"the xlwings template lacks {missing}; update addin/build.py for this xlwings version")
    return [(n, edits.get(n, parts[n])) for n in names]


def zip_parts(parts: list[tuple[str, bytes]]) -> bytes:
    """A zip with fixed timestamps, order, compression and attributes: same parts -> same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL)
    return buf.getvalue()


def build_bytes() -> bytes:
    """The add-in as bytes, from the installed (pinned) xlwings template and the files in addin/."""
    check_xlwings_version()
    template = template_path().read_bytes()
    return zip_parts(build_parts(template, load_ribbon(), read_bas(), udf_module_source()))


def udf_module_source() -> str:
    """The ``xlwings_udfs`` module: xlwings' own generator run on taxrebal.excel.udfs (see
    addin/udf_wrappers.py); refused when a parameter name is a VBA reserved word (MS-VBAL 3.3.5.2)."""
    sys.path.insert(0, str(HERE))
    try:
        import udf_wrappers
        import vba_names
    finally:
        sys.path.remove(str(HERE))
    try:
        text = udf_wrappers.generate()
    except RuntimeError as err:
        raise BuildError(str(err)) from None
    bad = vba_names.reserved_parameters(text)
    if bad:
        raise BuildError("cell function parameters named with VBA reserved words (MS-VBAL 3.3.5.2) would stop "
                         "every function compiling in Excel: "
                         + ", ".join(f"{fn}({param})" for fn, param in bad)
                         + ". Rename them in src/taxrebal/excel/udfs.py (function signature and @xw.arg).")
    return text


def describe_difference(new: bytes, old: bytes) -> str:
    """Which entries differ between two builds, and whether their content or only compression does."""
    lines = []
    with zipfile.ZipFile(io.BytesIO(new)) as zn, zipfile.ZipFile(io.BytesIO(old)) as zo:
        nn, on = [i.filename for i in zn.infolist()], [i.filename for i in zo.infolist()]
        if nn != on:
            lines.append(f"entries differ: fresh build {nn}, committed {on}")
        for name in nn:
            if name not in on:
                continue
            if zn.read(name) != zo.read(name):
                lines.append(f"  {name}: content differs")
            elif zn.getinfo(name).compress_size != zo.getinfo(name).compress_size:
                lines.append(f"  {name}: same content, different compressed bytes (another zlib build?)")
    lines.append(f"  (built with {toolchain()}; the committed file may come from other versions)")
    return "\n".join(lines)


def toolchain() -> str:
    """Versions that decide the bytes: xlwings (the template), pyopenvba (the OLE file), zlib."""
    import zlib
    from importlib.metadata import PackageNotFoundError, version

    def v(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "missing"

    return f"xlwings {v('xlwings')}, pyopenvba {v('pyopenvba')}, zlib {zlib.ZLIB_RUNTIME_VERSION}"


def check_file(path: Path, data: bytes) -> bool:
    """True when ``path`` holds exactly ``data``; otherwise say on stderr which file is stale and why."""
    if not path.is_file():
        print(f"build.py --check: {path} does not exist; run python addin/build.py", file=sys.stderr)
        return False
    old = path.read_bytes()
    if old != data:
        try:
            detail = describe_difference(data, old)
            if "differ" not in detail:
                detail = "  the zip entries match but bytes outside them differ (extra or altered data)\n" + detail
        except zipfile.BadZipFile:
            detail = "  it is not a readable zip package (truncated or overwritten)"
        print(f"build.py --check: {path} is stale, not what the build makes from its inputs:\n"
              f"{detail}\n"
              f"Run `python addin/build.py` and commit {_shown(path)}.", file=sys.stderr)
        return False
    print(f"{path} is up to date ({len(data):,} bytes)")
    return True


def _shown(path: Path) -> str:
    """``path`` relative to the repository when inside it (as `git add` wants it)."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build addin/taxrebal.xlam (and its identical packaged copy "
                                     "src/taxrebal/excel/taxrebal.xlam) from the xlwings template, "
                                     "addin/ribbon.toml and addin/TaxrebalRibbon.bas.")
    parser.add_argument("--check", action="store_true",
                        help="build in memory and compare with the committed add-in and its packaged copy; "
                             "exit 1 if either differs")
    parser.add_argument("-o", "--output", type=Path, action="append",
                        help=f"where to write or what to check, repeatable (default: {ADDIN} and {PACKAGED_ADDIN})")
    args = parser.parse_args(argv)
    outputs = args.output or [ADDIN, PACKAGED_ADDIN]
    try:
        data = build_bytes()
    except BuildError as err:
        print(f"build.py: {err}", file=sys.stderr)
        return 2
    if args.check:
        fresh = [check_file(path, data) for path in outputs]  # every file checked, each stale one named
        return 0 if all(fresh) else 1
    for path in outputs:
        path.write_bytes(data)
        print(f"wrote {path} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
