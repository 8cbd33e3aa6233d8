"""``requires-python`` in pyproject.toml is true: nothing in the package needs a newer Python.

The floor is 3.11 because ``engine/params.py`` reads the tax tables with :mod:`tomllib` (standard
library from 3.11). The independent judge is ``vermin``, which knows in which version each module,
function and syntax appeared; it must find no use beyond the declared floor.
"""

import pathlib
import re
import shutil
import subprocess
import sys
import tomllib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]

pytest.importorskip("vermin", reason="vermin is in the test extra: pip install -e '.[test]'")
VERMIN = shutil.which("vermin", path=str(pathlib.Path(sys.executable).parent)) or shutil.which("vermin") or "vermin"


def declared_floor() -> str:
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    match = re.fullmatch(r">=\s*(3\.\d+)", spec.strip())
    assert match, f"requires-python is {spec!r}; this test reads a plain '>=3.N' floor"
    return match.group(1)


@pytest.mark.slow  # vermin reads every module: about 2 s of CPU
def test_nothing_needs_more_than_requires_python():
    floor = declared_floor()
    run = subprocess.run(
        [VERMIN, "-q", "--no-tips", "--eval-annotations", "--violations", f"-t={floor}-", "src/taxrebal"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and not run.stdout.strip(), (
        f"code needing more than Python {floor} (raise requires-python or use an older spelling):\n"
        f"{run.stdout}{run.stderr}")


def test_the_floor_is_the_version_tomllib_needs():
    assert declared_floor() == "3.11"
    assert "import tomllib" in (ROOT / "src/taxrebal/engine/params.py").read_text(encoding="utf-8")
