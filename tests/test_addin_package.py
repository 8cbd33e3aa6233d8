"""The add-in shipped inside the pip package: ``src/taxrebal/excel/taxrebal.xlam`` must be the very
bytes of ``addin/taxrebal.xlam`` (the file test_addin_build.py inspects), reachable through
``taxrebal addin path`` / ``taxrebal addin copy DIR``, and present in a built wheel.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from taxrebal.cli import EXIT_OK, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parents[1]
ADDIN = ROOT / "addin" / "taxrebal.xlam"
PACKAGED = ROOT / "src" / "taxrebal" / "excel" / "taxrebal.xlam"


def _load_build():
    spec = importlib.util.spec_from_file_location("taxrebal_addin_build_pkg", ROOT / "addin" / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


build = _load_build()


# --- the packaged copy ---------------------------------------------------------------------------
def test_packaged_copy_is_byte_for_byte_the_built_addin():
    assert PACKAGED.read_bytes() == ADDIN.read_bytes(), "run: python addin/build.py"


def test_build_writes_both_files_by_default():
    assert build.PACKAGED_ADDIN == PACKAGED and build.ADDIN == ADDIN


def test_check_names_the_stale_packaged_copy_and_passes_the_fresh_one(tmp_path, capsys):
    fresh, stale = tmp_path / "fresh.xlam", tmp_path / "stale.xlam"
    shutil.copyfile(ADDIN, fresh)
    with zipfile.ZipFile(ADDIN) as zi, zipfile.ZipFile(stale, "w") as zo:  # an edited ribbon label
        for info in zi.infolist():
            zo.writestr(info, zi.read(info.filename).replace(b'label="Harvest"', b'label="Harvest!"'))
    assert build.main(["--check", "-o", str(fresh), "-o", str(stale)]) == 1
    err = capsys.readouterr().err
    assert f"{stale} is stale" in err and "customUI/customUI.xml: content differs" in err
    assert str(fresh) not in err
    assert build.main(["--check", "-o", str(fresh), "-o", str(fresh)]) == 0


def test_check_reports_a_truncated_copy_without_a_traceback(tmp_path, capsys):
    broken = tmp_path / "taxrebal.xlam"
    broken.write_bytes(ADDIN.read_bytes()[:100])
    assert build.main(["--check", "-o", str(broken)]) == 1
    assert "not a readable zip package" in capsys.readouterr().err


def test_packaged_copy_is_declared_package_data_and_binary_to_git():
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "excel/*.xlam" in data["tool"]["setuptools"]["package-data"]["taxrebal"]
    attrs = (PACKAGED.parent / ".gitattributes").read_text(encoding="utf-8").split()
    assert "*.xlam" in attrs and attrs[attrs.index("*.xlam") + 1] == "binary"
