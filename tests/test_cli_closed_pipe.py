"""A console reader that goes away is no error of the run (fe11 finding 17).

``taxrebal run BOOK -o OUT | head -1`` closes the pipe after one line; the next console line raised
BrokenPipeError, which the command line reported as "internal error ... a bug in taxrebal" with exit 70
although the workbook was written. The rest of the console output is now dropped and the command ends
as it would have.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from taxrebal.cli.output import err, out


@pytest.fixture
def closed_pipe():
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone away: a write raises BrokenPipeError (EPIPE)
    stream = os.fdopen(write_end, "w")
    yield stream
    stream.close()


def test_console_lines_to_a_closed_pipe_are_dropped_without_an_error(monkeypatch, closed_pipe):
    monkeypatch.setattr(sys, "stdout", closed_pipe)
    out("first line")
    out("second line")  # the pipe now writes to the null device


def test_error_lines_to_a_closed_pipe_are_dropped_too(monkeypatch, closed_pipe):
    monkeypatch.setattr(sys, "stderr", closed_pipe)
    err("a message")


def test_a_command_whose_reader_left_exits_with_its_own_code(tmp_path):
    # `taxrebal template` prints its lines after saving; its stdout is a pipe closed before it starts
    book = tmp_path / "T.xlsx"
    read_end, write_end = os.pipe()
    os.close(read_end)
    proc = subprocess.run([sys.executable, "-m", "taxrebal", "template", str(book)], stdout=write_end,
                          stderr=subprocess.PIPE, text=True, timeout=120)
    os.close(write_end)
    assert proc.returncode == 0, proc.stderr
    assert "internal error" not in proc.stderr
    assert book.exists()
