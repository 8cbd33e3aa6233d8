"""The built add-in ``addin/taxrebal.xlam``: what Excel will load.

Checked with tools independent of the build (zipfile + ElementTree for the package and the ribbon,
oletools' olevba and olefile for the VBA project, a hand-written MS-OVBA ``dir`` record walker for
module offsets, LibreOffice for an independent VBA import), never with pyopenvba, which the build uses.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import tomllib
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import olefile
import pytest
import xlwings
from addin_build import ADDIN, ROOT, build
from oletools.olevba import VBA_Parser, decompress_stream

BAS = ROOT / "addin" / "TaxrebalRibbon.bas"
TEMPLATE = Path(xlwings.__file__).resolve().parent / "quickstart_addin_ribbon.xlam"
CUI = "{http://schemas.microsoft.com/office/2006/01/customui}"
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
UI_REL_2006 = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"



@pytest.fixture(scope="module")
def xlam() -> zipfile.ZipFile:
    return zipfile.ZipFile(ADDIN)


@pytest.fixture(scope="module")
def customui(xlam) -> ET.Element:
    return ET.fromstring(xlam.read("customUI/customUI.xml"))


@pytest.fixture(scope="module")
def vba_bin(xlam) -> bytes:
    return xlam.read("xl/vbaProject.bin")


def vba_modules(data: bytes, name: str) -> dict[str, str]:
    """module name -> decoded source, through olevba (Attribute lines dropped by olevba)."""
    parser = VBA_Parser(name, data=data)
    try:
        return {Path(vba_filename).stem: code for _, _, vba_filename, code in parser.extract_macros()}
    finally:
        parser.close()


def subs_in(code: str) -> set[str]:
    return set(re.findall(r"^\s*(?:Public\s+|Private\s+)?Sub\s+(\w+)\s*\(", code, re.M | re.I))


def dir_module_offsets(vba_project_bin: bytes) -> dict[str, int]:
    """MODULENAME -> MODULEOFFSET from the ``VBA/dir`` stream ([MS-OVBA] 2.3.4.2.3.2).

    A plain walk over (id u16, size u32, data) records; PROJECTVERSION (0x0009) is the one record
    whose size field does not count its 2-byte minor version.
    """
    ole = olefile.OleFileIO(vba_project_bin)
    raw = decompress_stream(bytearray(ole.openstream("VBA/dir").read()))
    pos, name, offsets = 0, None, {}
    while pos + 6 <= len(raw):
        rid = int.from_bytes(raw[pos:pos + 2], "little")
        size = int.from_bytes(raw[pos + 2:pos + 6], "little")
        if rid == 0x0009:
            size += 2
        data = raw[pos + 6:pos + 6 + size]
        if rid == 0x0019:
            name = bytes(data).decode("cp1252")
        elif rid == 0x0031:
            offsets[name] = int.from_bytes(data, "little")
        pos += 6 + size
    return offsets


# --- the package ---------------------------------------------------------------------------------
def test_addin_is_a_zip_package_declared_as_a_macro_enabled_addin(xlam):
    assert xlam.testzip() is None
    types = xlam.read("[Content_Types].xml").decode()
    assert 'PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.addin.macroEnabled.main+xml"' in types
    assert 'ContentType="application/vnd.ms-office.vbaProject"' in types


def test_root_relationship_points_at_the_ribbon_with_the_2006_type(xlam):
    rels = ET.fromstring(xlam.read("_rels/.rels"))
    ui = [r for r in rels.iter(f"{PKG_RELS}Relationship") if "ui/extensibility" in r.get("Type")]
    assert [(r.get("Type"), r.get("Target")) for r in ui] == [(UI_REL_2006, "customUI/customUI.xml")]


def test_zip_entries_carry_no_clock_time(xlam):
    assert {i.date_time for i in xlam.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = xlam.read("docProps/core.xml").decode()
    assert "2015-01-25" not in core and "Felix" not in core  # the template's author/dates replaced


def test_ole_file_carries_no_clock_time(vba_bin):
    ole = olefile.OleFileIO(vba_bin)
    entries = ["/".join(e) for e in ole.listdir(streams=True, storages=True)]
    assert entries and all(ole.getctime(e) is None and ole.getmtime(e) is None for e in entries)
    assert (ole.root.createTime, ole.root.modifyTime) == (0, 0)


# --- the ribbon ----------------------------------------------------------------------------------
def test_ribbon_tab_holds_the_eleven_taxrebal_buttons_in_order(customui):
    assert customui.tag == f"{CUI}customUI"
    tabs = customui.findall(f"{CUI}ribbon/{CUI}tabs/{CUI}tab")
    assert [t.get("label") for t in tabs] == ["Tax Rebalance"]
    labels = [b.get("label") for b in tabs[0].iter(f"{CUI}button")]
    assert labels == ["Validate", "Allocation", "Rebalance", "Harvest", "Wash Sales", "Lot Selection",
                      "Run All", "New Household", "Import", "Import Functions", "About"]


def test_every_control_id_is_unique_and_every_button_is_fully_described(customui):
    ids = [e.get("id") for e in customui.iter() if e.get("id") is not None]
    assert len(ids) == len(set(ids)) > 10
    for b in customui.iter(f"{CUI}button"):
        for attr in ("id", "label", "imageMso", "screentip", "supertip", "onAction", "size"):
            assert b.get(attr), f"button {b.get('id')} lacks {attr}"
        assert len(b.get("supertip")) <= 1024 and len(b.get("screentip")) <= 1024


#: Attributes the 2006/01 customUI schema allows on these elements (MS-CUSTOMUI, CT_Tab, CT_Group,
#: CT_ButtonRegular); anything else makes Office reject the whole ribbon.
ALLOWED = {
    "tab": {"id", "idQ", "idMso", "tag", "label", "getLabel", "visible", "getVisible", "keytip", "getKeytip",
            "insertAfterMso", "insertBeforeMso", "insertAfterQ", "insertBeforeQ"},
    "group": {"id", "idQ", "idMso", "tag", "label", "getLabel", "image", "imageMso", "getImage", "visible",
              "getVisible", "keytip", "getKeytip", "screentip", "getScreentip", "supertip", "getSupertip",
              "insertAfterMso", "insertBeforeMso", "insertAfterQ", "insertBeforeQ"},
    "button": {"id", "idQ", "idMso", "tag", "onAction", "enabled", "getEnabled", "description", "getDescription",
               "image", "imageMso", "getImage", "insertAfterMso", "insertBeforeMso", "insertAfterQ",
               "insertBeforeQ", "keytip", "getKeytip", "label", "getLabel", "screentip", "getScreentip",
               "supertip", "getSupertip", "showImage", "getShowImage", "showLabel", "getShowLabel", "size",
               "getSize", "visible", "getVisible"},
}


def test_ribbon_elements_use_only_attributes_the_schema_allows(customui):
    for tag, allowed in ALLOWED.items():
        elements = list(customui.iter(f"{CUI}{tag}"))
        assert elements
        for e in elements:
            assert set(e.attrib) <= allowed, (tag, set(e.attrib) - allowed)
            if "size" in e.attrib:
                assert e.get("size") in ("normal", "large")
    assert {e.tag.removeprefix(CUI) for e in customui.iter()} == {"customUI", "ribbon", "tabs", "tab", "group",
                                                                   "button"}


#: The parts of the 2006/01 customUI schema (Microsoft's customUI.xsd, "Schema definition for Ribbon
#: Extensibility") this ribbon uses, written out by hand: the XSD itself is Microsoft's and not
#: redistributed here. Element -> the children it may hold (in order).
SCHEMA_CHILDREN = {"customUI": ("commands", "ribbon"), "ribbon": ("officeMenu", "qat", "contextualTabs", "tabs"),
                   "tabs": ("tab",), "tab": ("group",), "group": ("button",), "button": ()}
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")  # xsd:NCName (ASCII subset), ST_ID / ST_UniqueID


def test_customui_follows_the_2006_01_schema_structurally(customui):
    """Element nesting and order, and the schema's attribute types: ST_UniqueID/ST_ID are NCNames of
    1..1024 characters, ids unique (xsd:ID), ST_String/ST_Delegate 1..1024 characters, ST_Size
    normal|large; exactly one of id/idQ/idMso; image attributes and insert* attributes exclusive."""
    def walk(element, tag):
        children = [c.tag.removeprefix(CUI) for c in element]
        allowed = SCHEMA_CHILDREN[tag]
        assert set(children) <= set(allowed), (tag, children)
        assert children == sorted(children, key=allowed.index), (tag, children)  # schema order
        for child in element:
            walk(child, child.tag.removeprefix(CUI))

    assert customui.tag == f"{CUI}customUI"
    walk(customui, "customUI")
    ids = []
    for e in customui.iter():
        tag, attrs = e.tag.removeprefix(CUI), e.attrib
        for name, value in attrs.items():
            assert 1 <= len(value) <= 1024, (tag, name)
            if name in ("id", "idMso", "imageMso", "insertAfterMso", "insertBeforeMso"):
                assert NCNAME.match(value), (tag, name, value)
        if tag in ("tab", "group", "button"):
            assert sum(k in attrs for k in ("id", "idQ", "idMso")) == 1, (tag, attrs)
            assert sum(k in attrs for k in ("image", "imageMso", "getImage")) <= 1
            assert sum(k in attrs for k in ("insertAfterMso", "insertBeforeMso", "insertAfterQ",
                                            "insertBeforeQ")) <= 1
        if "id" in attrs:
            ids.append(attrs["id"])
        if "size" in attrs:
            assert attrs["size"] in ("normal", "large")
    assert len(ids) == len(set(ids))


def test_every_icon_is_an_excel_control_in_microsofts_list(customui):
    """imageMso names from another application (Outlook's AcceptInvitation, Access's CreateTable)
    show no icon in Excel; addin/excel_control_names.txt is Microsoft's Excel control list."""
    lines = (ROOT / "addin" / "excel_control_names.txt").read_text(encoding="utf-8").splitlines()
    excel = {line for line in lines if line and not line.startswith("#")}
    assert len(excel) > 2000 and "FunctionWizard" in excel and "AcceptInvitation" not in excel
    icons = [b.get("imageMso") for b in customui.iter(f"{CUI}button")]
    assert len(icons) == 11 and [i for i in icons if i not in excel] == []


def test_ribbon_xml_is_exactly_what_ribbon_toml_describes(customui):
    data = tomllib.loads((ROOT / "addin" / "ribbon.toml").read_text(encoding="utf-8"))
    want = [(b["id"], b["label"], b["image_mso"], b["screentip"], b["supertip"])
            for g in data["group"] for b in g["button"]]
    got = [(b.get("id"), b.get("label"), b.get("imageMso"), b.get("screentip"), b.get("supertip"))
           for b in customui.iter(f"{CUI}button")]
    assert got == want


def test_every_onaction_names_a_sub_in_the_named_vba_module(customui, vba_bin):
    modules = vba_modules(vba_bin, "vbaProject.bin")
    actions = {b.get("onAction") for b in customui.iter(f"{CUI}button")}
    assert actions == {"TaxrebalRibbon.TaxrebalAction"}
    for action in actions:
        module, sub = action.split(".")
        assert sub in subs_in(modules[module])
    assert re.search(r"Sub TaxrebalAction\(control As IRibbonControl\)", modules["TaxrebalRibbon"])


def test_python_buttons_run_the_ribbon_module_with_the_clicked_control_id(vba_bin):
    code = vba_modules(vba_bin, "vbaProject.bin")["TaxrebalRibbon"]
    assert """RunPython "import taxrebal.excel.ribbon as r; r.run('" & control.Id & "')\"""" in code


def test_import_functions_is_dispatched_in_vba_to_xlwings_own_macro(vba_bin):
    modules = vba_modules(vba_bin, "vbaProject.bin")
    dispatch = tomllib.loads((ROOT / "addin" / "ribbon.toml").read_text(encoding="utf-8"))["vba_dispatch"]
    assert dispatch == {"import_functions": "ImportPythonUDFsToAddin"}
    for control_id, macro in dispatch.items():
        case = re.search(rf'Case "{control_id}"(.*?)(?=\n\s*Case )', modules["TaxrebalRibbon"], re.S)
        assert case and re.search(rf"^\s*{macro}\s*$", case.group(1), re.M)
        assert macro in subs_in(modules["xlwings"])
    # the installed copy is saved so the imported functions survive a restart; no other copy is
    assert "SaveIfInstalled" in subs_in(modules["TaxrebalRibbon"])
    assert "If StrComp(ThisWorkbook.Path, Application.StartupPath, vbTextCompare) = 0 Then ThisWorkbook.Save" \
        in modules["TaxrebalRibbon"]


# --- the VBA project -----------------------------------------------------------------------------
def test_ribbon_module_stream_is_source_only_at_offset_zero(vba_bin):
    offsets = dir_module_offsets(vba_bin)
    assert offsets["TaxrebalRibbon"] == 0
    assert offsets["xlwings"] == 0  # as xlwings ships it
    assert "RibbonMyAddin" not in offsets


def test_ribbon_module_stream_decompresses_to_the_bas_file_byte_for_byte(vba_bin):
    ole = olefile.OleFileIO(vba_bin)
    stored = decompress_stream(bytearray(ole.openstream("VBA/TaxrebalRibbon").read()))
    assert bytes(stored) == BAS.read_bytes()


def test_vba_project_stream_is_the_7_byte_header_that_forces_a_recompile(vba_bin):
    ole = olefile.OleFileIO(vba_bin)
    stream = ole.openstream("VBA/_VBA_PROJECT").read()
    assert len(stream) == 7
    assert stream[:2] == b"\xcc\x61" and stream[2:4] == b"\xff\xff" and stream[4] == 0
    assert not [s for s in ole.listdir() if s[-1].startswith("__SRP_")]


def test_project_stream_declares_the_ribbon_module_instead_of_the_demo(vba_bin):
    project = olefile.OleFileIO(vba_bin).openstream("PROJECT").read().decode("cp1252")
    assert "Module=TaxrebalRibbon" in project and "RibbonMyAddin" not in project


def test_xlwings_vba_modules_are_kept_as_xlwings_ships_them_but_for_the_project_name(vba_bin):
    ours = vba_modules(vba_bin, "vbaProject.bin")
    with zipfile.ZipFile(TEMPLATE) as z:
        theirs = vba_modules(z.read("xl/vbaProject.bin"), "template.bin")
    assert set(ours) - {"TaxrebalRibbon", "xlwings_udfs"} == set(theirs) - {"RibbonMyAddin"}
    for name in ("Dictionary", "ThisWorkbook", "Sheet2"):
        assert ours[name] == theirs[name], name
    # the one line xlwings' docs say to change in a custom add-in: the name it reads its config by
    renamed = theirs["xlwings"].replace('PROJECT_NAME As String = "myaddin"', 'PROJECT_NAME As String = "taxrebal"')
    assert renamed != theirs["xlwings"] and ours["xlwings"] == renamed


def test_vba_xlwings_version_equals_the_installed_and_pinned_python_package(vba_bin):
    code = vba_modules(vba_bin, "vbaProject.bin")["xlwings"]
    vba_version = re.search(r'^Public Const XLWINGS_VERSION As String = "([^"]+)"', code, re.M).group(1)
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pinned = [d.split("==")[1].strip() for d in deps if d.replace(" ", "").startswith("xlwings==")]
    assert vba_version == xlwings.__version__ == pinned[0] == "0.37.8"


# --- the config sheet ----------------------------------------------------------------------------
def test_config_sheet_is_the_one_xlwings_vba_reads_and_names_the_udf_module(xlam, vba_bin):
    code = vba_modules(vba_bin, "vbaProject.bin")["xlwings"]
    project_name = re.search(r'^Public Const PROJECT_NAME As String = "([^"]+)"', code, re.M).group(1)
    # xlwings' GetConfigFromSheet reads wb.Sheets(PROJECT_NAME & ".conf"): key in column A, value in B
    assert 'Set sht = wb.Sheets(PROJECT_NAME & ".conf")' in code
    workbook = ET.fromstring(xlam.read("xl/workbook.xml"))
    assert [s.get("name") for s in workbook.iter(f"{MAIN}sheet")] == [f"{project_name}.conf"]
    strings = [si.findtext(f"{MAIN}t") for si in ET.fromstring(xlam.read("xl/sharedStrings.xml"))]
    cells = {c.get("r"): strings[int(c.findtext(f"{MAIN}v"))]
             for c in ET.fromstring(xlam.read("xl/worksheets/sheet1.xml")).iter(f"{MAIN}c")}
    assert project_name == "taxrebal"
    assert cells == {"A1": "UDF Modules", "B1": "taxrebal.excel.udfs",
                     "A2": "ADD_WORKBOOK_TO_PYTHONPATH", "B2": "false"}
    # xlwings' RunPython/XLPyCommand read exactly that key and pass it to prepare_sys_path
    assert 'GetConfig("ADD_WORKBOOK_TO_PYTHONPATH", "true")' in code


def test_the_udf_module_the_config_names_exists():
    assert importlib.util.find_spec("taxrebal.excel.udfs") is not None


# --- reproducibility -----------------------------------------------------------------------------
def test_committed_addin_equals_a_fresh_build():
    assert build.build_bytes() == ADDIN.read_bytes(), "run: python addin/build.py"


def test_check_mode_fails_with_a_message_when_the_addin_is_stale(tmp_path, capsys):
    stale = tmp_path / "taxrebal.xlam"
    with zipfile.ZipFile(ADDIN) as zi, zipfile.ZipFile(stale, "w") as zo:  # an edited ribbon label
        for info in zi.infolist():
            data = zi.read(info.filename)
            zo.writestr(info, data.replace(b'label="Harvest"', b'label="Harvest!"'))
    assert build.main(["--check", "-o", str(stale)]) == 1
    assert "python addin/build.py" in capsys.readouterr().err
    shutil.copyfile(ADDIN, stale)
    assert build.main(["--check", "-o", str(stale)]) == 0


# --- build input checks --------------------------------------------------------------------------
def test_build_refuses_duplicate_ids_in_the_ribbon_definition(tmp_path):
    text = (ROOT / "addin" / "ribbon.toml").read_text(encoding="utf-8").replace('id = "harvest"', 'id = "rebalance"')
    path = tmp_path / "ribbon.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(build.BuildError, match="repeated: rebalance"):
        build.load_ribbon(path)


def test_build_refuses_a_bas_file_with_unix_line_endings(tmp_path):
    path = tmp_path / "TaxrebalRibbon.bas"
    path.write_bytes(BAS.read_bytes().replace(b"\r\n", b"\n"))
    with pytest.raises(build.BuildError, match="CRLF"):
        build.read_bas(path)


# --- LibreOffice: an independent VBA importer ----------------------------------------------------
@pytest.mark.libreoffice
def test_libreoffice_imports_the_ribbon_module_source_unchanged_and_reads_the_config_sheet(tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not on PATH")
    # LibreOffice refuses the add-in content type; the same package as a macro-enabled workbook loads.
    book = tmp_path / "taxrebal.xlsm"
    with zipfile.ZipFile(ADDIN) as zi, zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"application/vnd.ms-excel.addin.macroEnabled.main+xml",
                                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            zo.writestr(info.filename, data)
    profile = f"file:///tmp/taxrebal-lo-{uuid.uuid4().hex}"
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "ods",
                    "--outdir", str(tmp_path), str(book)], check=True, timeout=180, capture_output=True)
    shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    with zipfile.ZipFile(tmp_path / "taxrebal.ods") as ods:
        module = [n for n in ods.namelist() if n.startswith("Basic/") and n.endswith("/TaxrebalRibbon.xml")]
        assert module, ods.namelist()
        text = ET.fromstring(ods.read(module[0])).text
        content = ods.read("content.xml").decode("utf-8")
    # the config sheet the build writes is read as a normal sheet: its name and its two cells
    assert re.findall(r'table:name="([^"]+)"', content) == ["taxrebal.conf"]
    assert re.findall(r"<text:p>([^<]*)</text:p>", content) == ["UDF Modules", "taxrebal.excel.udfs",
                                                                 "ADD_WORKBOOK_TO_PYTHONPATH", "false"]
    lines = text.splitlines()
    assert lines[:2] == ["Rem Attribute VBA_ModuleType=VBAModule", "Option VBASupport 1"]
    source = BAS.read_bytes().decode("ascii").split("\r\n")
    assert source[0] == 'Attribute VB_Name = "TaxrebalRibbon"'
    # the body line for line; LibreOffice ends the module with one extra empty line
    assert "\n".join(lines[2:]).rstrip("\n") == "\n".join(source[1:]).rstrip("\n")


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_basic_compiles_the_ribbon_module(tmp_path):
    """LibreOffice Basic (VBA support on) compiles the ribbon module: a module with a block-structure
    error (a missing End Select/End If, a stray Next) does not compile, and then the check Sub
    appended to a copy of it never runs. LibreOffice shows a compile error as a dialog and waits, so
    a broken module ends in the timeout."""
    import html
    import os
    import signal

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not on PATH")
    profile = tmp_path / "profile"
    marker = tmp_path / "compiled.txt"

    def run(args: list[str], timeout: int) -> bool:
        proc = subprocess.Popen([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", *args],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
            return True
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the soffice we started and its children
            proc.wait()
            return False

    run(["--terminate_after_init"], 120)  # creates the profile and its Standard library
    lines = [line for line in BAS.read_bytes().decode("ascii").split("\r\n") if not line.startswith("Attribute ")]
    body = "\n".join(["Option VBASupport 1", *lines, "Public Sub TaxrebalCompileCheck()",
                      f'    Open "{marker}" For Output As #1', '    Print #1, "compiled"', "    Close #1",
                      "End Sub", ""])
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    module.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC '
                      '"-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n<script:module '
                      'xmlns:script="http://openoffice.org/2000/script" script:name="Module1" '
                      f'script:language="StarBasic">{html.escape(body, quote=False)}</script:module>\n',
                      encoding="utf-8")
    run(["macro:///Standard.Module1.TaxrebalCompileCheck"], 120)
    assert marker.is_file() and marker.read_text().strip() == "compiled"
