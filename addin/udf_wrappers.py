"""The cell functions' VBA wrapper module, made by xlwings' own generator on any operating system.

Excel calls a Python cell function through a VBA wrapper: for ``WASHWINDOW(symbol, trade_date, ...)``
xlwings writes::

    Function WASHWINDOW(symbol, trade_date, transactions, Optional securities, ...)
        ...
        WASHWINDOW = XLPy.CallUDF("taxrebal.excel.udfs", "WASHWINDOW", Array(symbol, trade_date, ...), ...)

Python parameter names become VBA parameter names verbatim, so a Python name that is a VBA reserved
word (``date``) makes the whole module fail to compile and every function in it fail together.

xlwings makes this module in ``xlwings.udfs.import_udfs`` (the "Import Functions" path), which only
runs on Windows: it imports ``pythoncom``/``pywintypes``/``win32com`` and hands the text to Excel
through ``VBProject.VBComponents.Import`` (which needs "Trust access to the VBA project object
model"). :func:`generate_in_this_process` runs that very function, unchanged, with those three
Windows modules replaced by stand-ins and the workbook replaced by an object that records what
xlwings would import: the module text is xlwings' own output, not a re-implementation. The
functions are decorated with xlwings' Windows decorators (``xlwings.udfs.xlfunc``/``xlarg``/...),
which on Windows are ``xw.func``/``xw.arg``; elsewhere ``xw.func`` is a no-op that records nothing.

Because that replaces modules in ``sys.modules``, :func:`generate` runs it in a fresh interpreter
(``python addin/udf_wrappers.py``) and returns the text with CRLF line ends, as the VBA editor keeps
a module. ``addin/build.py`` ships the result inside the add-in as the module ``xlwings_udfs`` (the
name xlwings gives it), so the functions work on install without "Import Functions".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

UDF_MODULES = ("taxrebal.excel.udfs",)
MODULE_NAME = "xlwings_udfs"  # the VB_Name xlwings' import_udfs writes
ADDIN_FILE_NAME = "taxrebal.xlam"  # an .xlam: the wrappers pass ActiveWorkbook, not ThisWorkbook

ROOT = Path(__file__).resolve().parent.parent


class _RecordingComponents:
    """``VBProject.VBComponents`` of the fake workbook: records the module xlwings imports."""

    def __init__(self) -> None:
        self.imported: str | None = None

    def __call__(self, name: str) -> str:
        return name

    def Remove(self, component: object) -> None:  # a COM method name
        pass

    def Import(self, path: str) -> None:  # a COM method name
        with open(path, encoding=None) as f:  # the encoding xlwings wrote it in (locale default)
            self.imported = f.read()


class _RecordingApplication:
    Version = "16.0"

    def __init__(self) -> None:
        self.macro_options: list[dict] = []

    def MacroOptions(self, macro: str, **options: object) -> None:  # a COM method name
        self.macro_options.append({"macro": macro, **options})


class _RecordingWorkbook:
    def __init__(self, name: str) -> None:
        self.Name = name
        self.VBProject = types.SimpleNamespace(VBComponents=_RecordingComponents())
        self.Application = _RecordingApplication()


def _stub_windows_modules() -> None:
    """Stand-ins for the pywin32 modules ``xlwings.udfs`` imports at module level."""

    class com_error(Exception):  # pywintypes' name for it
        pass

    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.com_error = com_error
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda *a, **k: None
    win32com.client = client
    for name, module in (("pythoncom", pythoncom), ("pywintypes", pywintypes), ("win32com", win32com),
                         ("win32com.client", client)):
        sys.modules.setdefault(name, module)


def generate_in_this_process(module_names: tuple[str, ...] = UDF_MODULES) -> dict:
    """Run xlwings' ``import_udfs`` on ``module_names``; returns ``{"module": text, "macro_options": [...]}``.

    Must run before anything imports the UDF modules (it decorates them with xlwings' Windows
    decorators) and alters ``sys.modules``: call it in a fresh interpreter (see :func:`generate`).
    """
    import importlib

    for name in module_names:
        if name in sys.modules:
            raise RuntimeError(f"{name} is already imported; generate the wrappers in a fresh interpreter")
    _stub_windows_modules()
    import xlwings
    from xlwings import udfs as xlwings_udfs

    xlwings.func, xlwings.arg, xlwings.ret = xlwings_udfs.xlfunc, xlwings_udfs.xlarg, xlwings_udfs.xlret
    xlwings.sub = xlwings.script = xlwings_udfs.xlsub
    for name in module_names:
        module = importlib.import_module(name)
        # what get_udf_module caches after importing; filetime None = never reloaded
        xlwings_udfs.udf_modules[name] = {"filename": module.__file__, "filetime": None, "module": module}
    book = _RecordingWorkbook(ADDIN_FILE_NAME)
    xlwings_udfs.import_udfs(";".join(module_names), book)
    text = book.VBProject.VBComponents.imported
    if text is None:
        raise RuntimeError("xlwings' import_udfs imported no module")
    return {"module": text, "macro_options": book.Application.macro_options}


def generate_details(module_names: tuple[str, ...] = UDF_MODULES, *, src: Path | None = None) -> dict:
    """:func:`generate_in_this_process` run in a fresh interpreter; ``src`` is put first on its
    ``PYTHONPATH`` (default: this checkout's ``src``, so the wrappers match the code beside them)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env["PYTHONPATH"] = os.pathsep.join([str(src or ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])])
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), *module_names], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"generating the UDF wrappers with xlwings failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout)


def generate(module_names: tuple[str, ...] = UDF_MODULES, *, src: Path | None = None) -> str:
    """The ``xlwings_udfs`` module text for ``module_names``, with CRLF line ends."""
    text = generate_details(module_names, src=src)["module"]
    return "\r\n".join(text.replace("\r\n", "\n").split("\n"))


if __name__ == "__main__":
    import contextlib

    names = tuple(sys.argv[1:]) or UDF_MODULES
    with contextlib.redirect_stdout(sys.stderr):  # xlwings prints "Imported functions from ..."
        result = generate_in_this_process(names)
    json.dump(result, sys.stdout)
