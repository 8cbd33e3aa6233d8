"""Each exit code has one meaning (taxrebal/exit_codes.py): a bug is 70, never 1 ("input errors"); a
workbook that cannot be read is 1, never 3 ("cannot save"); 3 is a result that cannot be saved."""

from __future__ import annotations

import pytest

from taxrebal import pipeline
from taxrebal.cli import main
from taxrebal.errors import SaveError
from taxrebal.exit_codes import ExitCode
from taxrebal.workbook import share
from taxrebal.workbook.template import build_template


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "Household.xlsx"
    build_template().save(path)
    return path


def test_an_internal_error_exits_70_and_asks_for_a_report(book, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(pipeline, "load_file", broken)
    monkeypatch.delenv("TAXREBAL_DEBUG", raising=False)
    assert main(["check", str(book)]) == ExitCode.INTERNAL == 70
    assert "internal error: RuntimeError: a bug" in capsys.readouterr().err


def test_sharing_a_workbook_that_cannot_be_read_exits_1(tmp_path, capsys):
    damaged = tmp_path / "Damaged.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["share", str(damaged), "-o", str(tmp_path / "copy.xlsx")]) == ExitCode.INPUT
    assert "could not be read" in capsys.readouterr().err


def test_a_copy_that_cannot_be_saved_exits_3(book, tmp_path, monkeypatch, capsys):
    def locked(*args, **kwargs):
        raise SaveError("'copy.xlsx' is open in Excel")

    monkeypatch.setattr(share, "save_atomic", locked)  # the copy is saved by workbook/share.py
    assert main(["share", str(book), "-o", str(tmp_path / "copy.xlsx")]) == ExitCode.SAVE
    assert "open in Excel" in capsys.readouterr().err


def test_a_copy_with_the_wrong_extension_is_a_usage_error(book, tmp_path):
    assert main(["share", str(book), "-o", str(tmp_path / "copy.csv")]) == ExitCode.USAGE


def test_python_dash_m_and_the_console_script_run_the_same_main():
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["taxrebal"] == "taxrebal.cli.main:main"
    source = (Path(__file__).resolve().parents[1] / "src" / "taxrebal" / "__main__.py").read_text(encoding="utf-8")
    assert "from .cli.main import main" in source
