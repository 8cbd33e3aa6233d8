"""Ctrl-C during a run: exit code 130, nothing written, no temporary file left, the workbook as it was."""

from __future__ import annotations

from dataclasses import replace

import pytest

from taxrebal import pipeline
from taxrebal.cli import main


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_ctrl_c_during_a_step_writes_nothing(sample_workbook, tmp_path, monkeypatch, capsys):
    def interrupted(ctx):
        raise KeyboardInterrupt

    steps = [replace(s, run=interrupted) if s.name == "allocation" else s for s in pipeline.STEPS]
    monkeypatch.setattr(pipeline, "STEPS", steps)
    before = sample_workbook.read_bytes()
    listing = _files(sample_workbook.parent)
    assert main(["run", str(sample_workbook), "--only", "allocation"]) == 130
    assert "interrupted" in capsys.readouterr().err
    assert sample_workbook.read_bytes() == before and _files(sample_workbook.parent) == listing


def test_ctrl_c_while_saving_leaves_no_partial_file(sample_workbook, tmp_path, monkeypatch):
    from taxrebal.workbook import package_parts

    real = package_parts.PackageWriter.write

    def half_then_interrupt(self, dest):
        real(self, dest)  # the temporary file is complete ...
        raise KeyboardInterrupt  # ... and Ctrl-C comes before it replaces the output

    monkeypatch.setattr(package_parts.PackageWriter, "write", half_then_interrupt)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["run", str(sample_workbook), "-o", str(out / "r.xlsx"), "--only", "allocation"]) == 130
    assert _files(out) == []


@pytest.mark.parametrize("where", ["in place"])
def test_ctrl_c_in_place_keeps_the_original(sample_workbook, monkeypatch, where):
    from taxrebal.workbook import package_parts

    def interrupt(self, dest):
        dest.write_bytes(b"PK\x03\x04 half a zip")
        raise KeyboardInterrupt

    monkeypatch.setattr(package_parts.PackageWriter, "write", interrupt)
    before = sample_workbook.read_bytes()
    assert main(["run", str(sample_workbook), "--only", "allocation"]) == 130
    assert sample_workbook.read_bytes() == before
    assert not [p for p in sample_workbook.parent.iterdir() if p.name.startswith(".")]
