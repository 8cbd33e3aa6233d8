"""The engine is pure: no Excel, no files, no clock, no locale (DEVELOPERS.md, Architecture)."""

import ast
import pathlib

import pytest

ENGINE = pathlib.Path(__file__).resolve().parents[1] / "src" / "taxrebal" / "engine"
FORBIDDEN_MODULES = {"xlwings", "openpyxl", "python_calamine", "os", "pathlib", "locale", "time",
                     "io", "shutil", "tempfile", "subprocess", "socket", "requests", "sqlite3"}
FORBIDDEN_CALLS = {"today", "now", "utcnow", "open", "getcwd"}


def engine_files():
    files = sorted(ENGINE.rglob("*.py"))
    assert files, "engine package not found"
    return files


@pytest.mark.parametrize("path", engine_files(), ids=lambda p: p.name)
def test_engine_module_imports_nothing_impure(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [(node.module or "").split(".")[0]]
        else:
            names = []
        bad = FORBIDDEN_MODULES.intersection(names)
        assert not bad, f"{path.name}:{node.lineno} imports {bad}"
        if isinstance(node, ast.Call):
            fn = node.func
            name = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
            assert name not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno} calls {name}()"
