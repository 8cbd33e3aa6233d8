"""The README's table of cell functions lists every argument of every function, in order, optional
ones in brackets: a user types the call from it (the new-user test found FEDTAX's table row behind
its code)."""

import inspect
import re
from pathlib import Path

import pytest

from taxrebal.excel import udfs

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
FUNCTIONS = ["FEDTAX", "TAXCOST", "LOTPICK", "LTDATE", "HOLDINGTERM", "WASHWINDOW", "DRIFT"]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_readme_signature_is_the_function_signature(name):
    m = re.search(r"`=" + name + r"\(([^)]*)\)`", README)
    assert m, f"README has no `={name}(...)` row"
    documented = [a.strip() for a in m.group(1).split(",")]
    params = inspect.signature(getattr(udfs, name)).parameters.values()
    expected = [p.name if p.default is inspect.Parameter.empty else f"[{p.name}]" for p in params]
    assert documented == expected
