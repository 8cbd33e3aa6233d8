"""xlwings' UDF decorators, imported only where they register functions with Excel.

:mod:`taxrebal.excel.udfs` marks its cell functions with xlwings' BSD API (``xw.func``, ``xw.arg``,
``xw.ret``). Those register UDFs on Windows, where Excel's xlwings add-in imports the module inside its
COM server (which has imported xlwings already). Elsewhere (Linux, macOS: tests, the command line, the
Dashboard builder) xlwings itself defines them as decorators that return the function unchanged
(``xlwings/__init__.py``, the branch without pywin32), so :data:`xw` is the same pass-through there and
xlwings is not imported: importing it loads numpy and pandas, about 0.4 of the 0.5 s CPU that
``import taxrebal.excel.udfs`` took on Linux (2026-12-04).

Example: ``xw.func(category="taxrebal")(f) is f`` and ``xw.arg("lots", ndim=2)(f) is f`` on Linux, as with
xlwings' own (``tests/test_udfs_import.py`` compares them).
"""

from __future__ import annotations

import os
import sys
from types import SimpleNamespace
from typing import Any

__all__ = ["xw", "pass_through"]


def pass_through(*args: Any, **kwargs: Any) -> Any:
    """xlwings' own ``func``/``arg``/``ret`` where it registers nothing: the function unchanged."""
    if len(args) == 1 and callable(args[0]) and not kwargs:  # used bare: @func
        return args[0]
    return lambda fn: fn


def _xlwings() -> Any:
    """The xlwings module where its decorators register UDFs (Windows, xlwings already imported, or
    xlwings' server mode); elsewhere the same pass-through decorators."""
    if sys.platform.startswith("win") or "xlwings" in sys.modules or os.environ.get("XLWINGS_ON_SERVER"):
        # only here: importing xlwings loads numpy and pandas, which the other platforms do not need
        import xlwings

        return xlwings
    return SimpleNamespace(func=pass_through, arg=pass_through, ret=pass_through)


xw = _xlwings()
