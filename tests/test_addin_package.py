"""The add-in shipped inside the pip package: ``src/taxrebal/excel/taxrebal.xlam`` must be the very
bytes of ``addin/taxrebal.xlam`` (the file test_addin_build.py inspects), reachable through
``taxrebal addin path`` / ``taxrebal addin copy DIR``, and present in a built wheel.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from addin_build import ADDIN, ROOT, build

from taxrebal.cli import EXIT_OK, EXIT_USAGE, main

PACKAGED = ROOT / "src" / "taxrebal" / "excel" / "taxrebal.xlam"



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


# --- taxrebal addin path / copy ------------------------------------------------------------------
def test_addin_path_prints_an_existing_absolute_file_holding_the_built_addin(capsys):
    assert main(["addin", "path"]) == EXIT_OK
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1  # only the path, so "$(taxrebal addin path)" works
    path = Path(printed[0])
    assert path.is_absolute() and path.name == "taxrebal.xlam" and path.is_file()
    assert path.read_bytes() == ADDIN.read_bytes()


def test_addin_path_works_from_the_installed_console_script():
    exe = shutil.which("taxrebal")
    if exe is None:
        pytest.skip("the taxrebal console script is not on PATH")
    out = subprocess.run([exe, "addin", "path"], capture_output=True, text=True, timeout=60, check=True).stdout
    assert Path(out.strip()).read_bytes() == ADDIN.read_bytes()


def test_addin_copy_writes_the_addin_into_a_new_folder(tmp_path, capsys):
    folder = tmp_path / "new" / "folder"
    assert main(["addin", "copy", str(folder)]) == EXIT_OK
    assert (folder / "taxrebal.xlam").read_bytes() == ADDIN.read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == ["taxrebal.xlam"]  # no partial file left behind
    assert "taxrebal addin install" in capsys.readouterr().out


def test_addin_copy_refuses_to_overwrite_a_different_file_without_force(tmp_path, capsys):
    target = tmp_path / "taxrebal.xlam"
    target.write_bytes(b"my own edited add-in")
    assert main(["addin", "copy", str(tmp_path)]) == EXIT_USAGE
    assert "--force" in capsys.readouterr().err
    assert target.read_bytes() == b"my own edited add-in"
    assert main(["addin", "copy", str(tmp_path), "--force"]) == EXIT_OK
    assert target.read_bytes() == ADDIN.read_bytes()


def test_addin_copy_over_an_identical_file_is_a_no_op_that_succeeds(tmp_path, capsys):
    shutil.copyfile(ADDIN, tmp_path / "taxrebal.xlam")
    assert main(["addin", "copy", str(tmp_path)]) == EXIT_OK
    assert "already" in capsys.readouterr().out


def test_addin_copy_to_a_file_instead_of_a_folder_is_a_usage_error(tmp_path, capsys):
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("x")
    assert main(["addin", "copy", str(not_a_folder)]) == EXIT_USAGE
    assert "not a folder" in capsys.readouterr().err


def test_addin_help_points_at_the_one_install_command_and_the_taxrebal_config(capsys):
    with pytest.raises(SystemExit):
        main(["addin", "path", "--help"])
    help_text = capsys.readouterr().out
    assert "taxrebal addin install" in help_text
    assert r"%USERPROFILE%\.taxrebal\taxrebal.conf" in help_text
    assert "~/Library/Containers/com.microsoft.Excel/Data/taxrebal.conf" in help_text
    assert "myaddin" not in help_text


def test_addin_without_an_action_prints_usage(capsys):
    assert main(["addin"]) == EXIT_USAGE
    assert "path" in capsys.readouterr().out


# --- the wheel -----------------------------------------------------------------------------------
@pytest.mark.slow
def test_a_built_wheel_contains_the_addin_as_package_data(tmp_path):
    """pip wheel on a copy of the project (so the checkout gets no build/ or egg-info), offline:
    --no-build-isolation uses the installed setuptools instead of downloading one. About 2-5 s."""
    from importlib.metadata import version

    assert int(version("setuptools").split(".")[0]) >= 77, (
        f"setuptools {version('setuptools')} cannot build this project (SPDX license string); "
        "run: pip install -e '.[test,build]' (it requires setuptools>=77)")
    project = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "src", project / "src", ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copyfile(ROOT / name, project / name)
    wheels = tmp_path / "wheels"
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                          "-q", "-w", str(wheels), str(project)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    [wheel] = wheels.glob("taxrebal-*.whl")
    with zipfile.ZipFile(wheel) as z:
        assert z.read("taxrebal/excel/taxrebal.xlam") == ADDIN.read_bytes()
        assert "taxrebal/cli/addin.py" in z.namelist()
