"""The add-in's VBA project compiles in Excel as far as Linux can tell, and is named taxrebal.

* The cell functions' wrapper module is made by **xlwings' own generator** (``xlwings.udfs.import_udfs``,
  run on Linux with pywin32 stood in for, ``addin/udf_wrappers.py``); every parameter name is checked
  against VBA's reserved identifiers as MS-VBAL 3.3.5.2 lists them; the module shipped in the add-in
  is exactly a fresh generation.
* The whole VBA project is linted with pyvbaanalysis (PyPI), an analyser independent of the build,
  and must have no error.
* The project is ``taxrebal`` everywhere xlwings and Excel look: PROJECT_NAME, the config sheet, the
  VBA project name, a project GUID of its own; ``myaddin`` appears nowhere.
"""

from __future__ import annotations

import importlib.util
import io
import re
import sys
import zipfile
from pathlib import Path

import olefile
import pytest
import xlwings
from oletools.olevba import VBA_Parser, decompress_stream

ROOT = Path(__file__).resolve().parents[1]
ADDIN = ROOT / "addin" / "taxrebal.xlam"
TEMPLATE = Path(xlwings.__file__).resolve().parent / "quickstart_addin_ribbon.xlam"
TEMPLATE_PROJECT_ID = "{318BEE36-5BE1-492A-826D-473DB19B0F30}"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"taxrebal_addin_{name}", ROOT / "addin" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


udf_wrappers = _load("udf_wrappers")
vba_names = _load("vba_names")


@pytest.fixture(scope="module")
def generated() -> str:
    return udf_wrappers.generate()


@pytest.fixture(scope="module")
def vba_bin() -> bytes:
    with zipfile.ZipFile(ADDIN) as z:
        return z.read("xl/vbaProject.bin")


def stored_module(vba_bin: bytes, name: str) -> str:
    ole = olefile.OleFileIO(io.BytesIO(vba_bin))
    return bytes(decompress_stream(bytearray(ole.openstream(f"VBA/{name}").read()))).decode("cp1252")


# --- the cell functions' wrapper module ----------------------------------------------------------
def test_xlwings_generator_wraps_all_seven_cell_functions(generated):
    names = [name for name, _ in vba_names.function_parameters(generated)]
    assert names == ["DRIFT", "FEDTAX", "HOLDINGTERM", "LOTPICK", "LTDATE", "TAXCOST", "WASHWINDOW"]
    assert generated.startswith('Attribute VB_Name = "xlwings_udfs"\r\n')
    assert 'XLPy.CallUDF("taxrebal.excel.udfs", "WASHWINDOW", Array(symbol, trade_date, transactions' in generated
    assert "ActiveWorkbook, Application.Caller)" in generated  # the add-in form, not ThisWorkbook


def test_no_cell_function_parameter_is_a_vba_reserved_word(generated):
    import inspect

    from taxrebal.excel import udfs

    params = vba_names.function_parameters(generated)
    for name, vba_params in params:  # the wrapper carries the Python names verbatim
        assert vba_params == list(inspect.signature(getattr(udfs, name)).parameters), name
    assert vba_names.reserved_parameters(generated) == []


def test_a_parameter_named_date_is_caught_through_xlwings_own_generator(tmp_path):
    (tmp_path / "datefunc.py").write_text(
        "import xlwings as xw\n\n\n@xw.func\n@xw.arg('date', doc='a date')\n"
        "def WHEN(symbol, date, string=None):\n    return 1\n", encoding="utf-8")
    text = udf_wrappers.generate(("datefunc",), src=tmp_path)
    assert "Function WHEN(symbol, date, Optional string)" in text
    assert vba_names.reserved_parameters(text) == [("WHEN", "date"), ("WHEN", "string")]


def test_the_reserved_list_holds_each_ms_vbal_group():
    reserved = vba_names.RESERVED_IDENTIFIERS
    assert set(reserved["date"]) == {"reserved-name", "reserved-type-identifier"}
    for word, group in [("call", "statement-keyword"), ("rem", "rem-keyword"), ("optional", "marker-keyword"),
                        ("mod", "operator-identifier"), ("lbound", "special-form"), ("len", "reserved-name"),
                        ("currency", "reserved-type-identifier"), ("nothing", "literal-identifier"),
                        ("attribute", "reserved-for-implementation-use"), ("decimal", "future-reserved")]:
        assert group in reserved[word], word
    assert "year" not in reserved and "symbol" not in reserved  # VBA functions/names, not reserved


def test_the_shipped_wrapper_module_is_a_fresh_generation(vba_bin, generated):
    assert stored_module(vba_bin, "xlwings_udfs") == generated, "run: python addin/build.py"


def test_the_wrapper_module_is_declared_in_the_project(vba_bin):
    project = olefile.OleFileIO(io.BytesIO(vba_bin)).openstream("PROJECT").read().decode("cp1252")
    assert "\r\nModule=xlwings_udfs\r\n" in project
    workspace = project.split("[Workspace]\r\n", 1)[1]
    assert "\r\n\r\n" not in workspace.rstrip("\r\n")  # one block of window records


# --- lint: an independent VBA static analyser ----------------------------------------------------
def test_the_whole_vba_project_has_no_analyser_error():
    from pyvbaanalysis import analyze_office_file

    results = analyze_office_file(str(ADDIN))
    assert {"TaxrebalRibbon", "xlwings_udfs", "xlwings"} <= set(results)
    errors = [(module, p.code, p.message) for module, problems in results.items() for p in problems
              if p.severity.value == "error"]
    assert errors == []
    # our ribbon module is warning-free; xlwings' generated module only lacks Option Explicit
    assert [p.code for p in results["TaxrebalRibbon"] if p.severity.value == "warning"] == []
    assert {p.code for p in results["xlwings_udfs"] if p.severity.value == "warning"} <= {"option-explicit-missing"}


def test_the_analyser_rejects_the_old_date_parameter(generated):
    from pyvbaanalysis import analyze_module

    broken = generated.replace("trade_date", "date")
    codes = {p.code for p in analyze_module(broken) if p.severity.value == "error"}
    assert "invalid-declaration-name" in codes
    assert not [p for p in analyze_module(generated) if p.severity.value == "error"]


# --- the name taxrebal ---------------------------------------------------------------------------
def _project_key(project_id: str) -> int:
    return sum(project_id.encode("ascii")) % 256


def _decrypted_key(hex_text: str) -> int:
    """[MS-OVBA] 2.4.3.3: the project key is byte 0 (seed) XOR byte 2."""
    raw = bytes.fromhex(hex_text)
    assert raw[0] ^ raw[1] == 2  # version
    return raw[0] ^ raw[2]


def test_the_template_confirms_how_the_project_key_is_derived():
    with zipfile.ZipFile(TEMPLATE) as z:
        project = olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin"))).openstream("PROJECT").read().decode()
    assert f'ID="{TEMPLATE_PROJECT_ID}"' in project
    for key in ("CMG", "DPB", "GC"):
        value = re.search(rf'^{key}="([0-9A-F]+)"', project, re.M).group(1)
        assert _decrypted_key(value) == _project_key(TEMPLATE_PROJECT_ID)


def test_the_vba_project_is_named_taxrebal_with_a_guid_of_its_own(vba_bin):
    project = olefile.OleFileIO(io.BytesIO(vba_bin)).openstream("PROJECT").read().decode("cp1252")
    project_id = re.search(r'^ID="(\{[0-9A-F-]{36}\})"\r$', project, re.M).group(1)
    assert project_id != TEMPLATE_PROJECT_ID
    assert re.search(r'^Name="taxrebal"\r$', project, re.M)
    for key in ("CMG", "DPB", "GC"):  # protection values re-encrypted with the new project's key
        assert _decrypted_key(re.search(rf'^{key}="([0-9A-F]+)"', project, re.M).group(1)) == _project_key(project_id)
    raw = bytes(decompress_stream(bytearray(olefile.OleFileIO(io.BytesIO(vba_bin)).openstream("VBA/dir").read())))
    pos, names = 0, []
    while pos + 6 <= len(raw):
        rid, size = int.from_bytes(raw[pos:pos + 2], "little"), int.from_bytes(raw[pos + 2:pos + 6], "little")
        size += 2 if rid == 0x0009 else 0
        if rid == 0x0004:
            names.append(raw[pos + 6:pos + 6 + size].decode("cp1252"))
        pos += 6 + size
    assert names == ["taxrebal"]


def test_xlwings_project_name_is_taxrebal_so_it_reads_taxrebal_conf(vba_bin):
    code = stored_module(vba_bin, "xlwings")
    assert re.findall(r'^Public Const PROJECT_NAME As String = "([^"]+)"', code, re.M) == ["taxrebal"]
    # xlwings' VBA: the user config file and the add-in's config sheet are named after PROJECT_NAME
    assert 'GetConfigFilePath = Environ("USERPROFILE") & "\\." & PROJECT_NAME & "\\" & PROJECT_NAME & ".conf"' in code
    assert 'Set sht = wb.Sheets(PROJECT_NAME & ".conf")' in code


def test_myaddin_appears_nowhere_in_the_addin(vba_bin):
    with zipfile.ZipFile(ADDIN) as z:
        for name in z.namelist():
            if name != "xl/vbaProject.bin":
                assert b"myaddin" not in z.read(name).lower(), name
    ole = olefile.OleFileIO(io.BytesIO(vba_bin))
    for stream in ("PROJECT", "PROJECTwm"):
        assert b"myaddin" not in ole.openstream(stream).read().lower(), stream
    assert b"myaddin" not in bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read()))).lower()
    parser = VBA_Parser("taxrebal.xlam", data=ADDIN.read_bytes())
    try:
        sources = {Path(f).stem: code for _, _, f, code in parser.extract_macros()}
    finally:
        parser.close()
    assert len(sources) == 6
    for module, code in sources.items():
        assert "myaddin" not in code.lower(), module
