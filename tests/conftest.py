"""Shared fixtures.

* ``sample_household``: the sample Rivera household as records (built straight from the sample's
  tables in :mod:`taxrebal.workbook.template`, no file, no reader): five accounts, as of 2026-11-20.
* ``sample_workbook``: the sample written to a fresh .xlsx in ``tmp_path`` (inputs only).
* ``memory_book``: an empty in-memory ResultBook whose input sheets are the contract's.
* ``run_time``: a fixed run time for Run Info (tests never read the clock).
* ``ctrl_c_raises``: a real SIGINT raises KeyboardInterrupt during the test, however pytest was started.

Hypothesis runs derandomized by default (the "deterministic" profile: the same examples on every run
and on CI, so main cannot turn red by chance); ``HYPOTHESIS_PROFILE=explore python -m pytest ...``
draws fresh random examples to look for new counterexamples.
"""

from __future__ import annotations

import os
import signal
from datetime import datetime

import pytest
from hypothesis import settings

from taxrebal.engine.records import Household
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results import INPUT_SHEETS
from taxrebal.workbook.template import build_sample
from taxrebal.workbook.template import sample_household as _sample_household

settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))


@pytest.fixture
def sample_household() -> Household:
    return _sample_household()


@pytest.fixture
def sample_workbook(tmp_path):
    from taxrebal.excel import udfs

    path = tmp_path / "sample-household.xlsx"
    build_sample(cell_functions=udfs).save(path)  # with its Dashboard, as taxrebal demo writes it
    return path


@pytest.fixture
def memory_book() -> MemoryBook:
    return MemoryBook(INPUT_SHEETS)


@pytest.fixture
def run_time() -> datetime:
    return datetime(2026, 11, 20, 9, 30, 0)


@pytest.fixture
def ctrl_c_raises():
    """SIGINT raises KeyboardInterrupt during the test, as at a terminal, whatever this process inherited.

    A shell without job control starts a background command (``python -m pytest ... > log &``, ``nohup``)
    with SIGINT ignored, and Python then installs no handler of its own: ``signal.getsignal(SIGINT)`` is
    ``SIG_IGN`` and a real SIGINT does nothing. That is why the Ctrl-C tests failed "at random" in loaded
    full runs (2026-12-05: "DID NOT RAISE KeyboardInterrupt" in test_solve_interrupt.py, a finished run
    in test_ribbon_status_bar.py): those runs were started in the background; the same two files started
    with ``&`` fail every time without this fixture and pass with it. The handler before is restored."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
