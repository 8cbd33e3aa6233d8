"""Ctrl-C stops a large model's HiGHS solve (engine/rebalance/interruptible.py): KeyboardInterrupt is
raised once HiGHS has stopped, and HiGHS says it stopped because it was interrupted, not because the
solve ended. A small model keeps the plain call.

The Ctrl-C is a real SIGINT sent to this process, at a moment chosen by an event, not by the wall clock:
once a wait for the solver thread has returned unfinished (so the solve is running), the next call of the
functions registered with interruptible.waiting sends it. No timer races the model's set-up, however
loaded the machine. The SIGINT raises KeyboardInterrupt however pytest was started (the ctrl_c_raises
fixture of conftest.py: a run started in the background inherits SIGINT ignored).
"""

import os
import signal

import highspy
import numpy as np
import pytest
import scipy.sparse as sp

from taxrebal.engine.rebalance import interruptible

#: The market-split model's columns (its m = 5 rows: 10 * (m - 1) binary columns).
COLUMNS = 40


def _hard_milp() -> highspy.Highs:
    """A market-split MILP (Cornuejols and Dawande, 1999) that HiGHS does not solve in a minute: 5 rows
    ``sum_j a_ij x_j = floor(sum_j a_ij / 2)`` with a_ij random in 0..99, 40 binary columns, no
    objective. Its root LP takes milliseconds; then HiGHS branches, and it looks at the interrupt flag
    between nodes: ``cancelSolve`` 0 s to 10 s after ``startSolve`` stopped it within 0.05 s every time
    (2026-12-05, nine delays). The 3,001-column knapsack used before had a root LP of about 9 s of CPU in which
    HiGHS never looks at the flag (a cancel at 0.2-0.8 s stopped after 7.8-12.6 s), so how long a test
    ran depended on where the cancel landed and on the load. The guard is a node limit, not a clock
    (100,000 nodes took 42 s of CPU): a solve that ignores the interrupt ends at kSolutionLimit, and
    the test fails, after the same work under any load."""
    m, n = 5, COLUMNS
    a = np.random.default_rng(0).integers(0, 100, size=(m, n)).astype(float)
    b = np.floor(a.sum(axis=1) / 2)
    A = sp.csc_array(a)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_max_nodes", 100_000)  # a guard only: the interrupt comes first
    h.passModel(n, m, A.nnz, int(highspy.MatrixFormat.kColwise), int(highspy.ObjSense.kMinimize), 0.0,
                np.zeros(n), np.zeros(n), np.ones(n), b, b,
                A.indptr.astype(np.int32), A.indices.astype(np.int32), A.data, np.ones(n, dtype=np.int32))
    return h


def test_ctrl_c_stops_a_large_solve_and_raises_keyboard_interrupt(monkeypatch, ctrl_c_raises):
    monkeypatch.setattr(interruptible, "INTERRUPTIBLE_COLUMNS", COLUMNS - 1)  # a small model that is hard
    h = _hard_milp()
    statuses = []

    def before_each_wait() -> None:
        # the first call comes right after startSolve; the second after a wait found the solve unfinished
        statuses.append(h.getModelStatus())
        if len(statuses) == 2:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C: Python raises KeyboardInterrupt on this thread

    with interruptible.waiting(before_each_wait), pytest.raises(KeyboardInterrupt):
        interruptible.run(h, COLUMNS)
    assert len(statuses) == 2  # interrupted at the second call: the solve was under way, not finished
    assert h.getModelStatus() == highspy.HighsModelStatus.kInterrupt
    assert not h.HandleUserInterrupt and interruptible._ON_WAIT == []


def test_a_failing_waiting_function_stops_the_solve_before_its_error_is_raised(monkeypatch):
    monkeypatch.setattr(interruptible, "INTERRUPTIBLE_COLUMNS", COLUMNS - 1)
    h = _hard_milp()
    calls = []

    def fails_on_the_second_call() -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the status bar is gone")

    with interruptible.waiting(fails_on_the_second_call), pytest.raises(RuntimeError):
        interruptible.run(h, COLUMNS)
    # HiGHS had stopped (no solver thread left running) when the error came out of run
    assert h.getModelStatus() == highspy.HighsModelStatus.kInterrupt


def test_a_small_model_is_solved_by_the_plain_call_to_the_same_answer():
    # min -x0 - x1, x0 + x1 <= 1.5, integer: 1 (HiGHS reads the same model through either path)
    def model() -> highspy.Highs:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        A = sp.csc_array(np.array([[1.0, 1.0]]))
        h.passModel(2, 1, 2, int(highspy.MatrixFormat.kColwise), int(highspy.ObjSense.kMinimize), 0.0,
                    np.array([-1.0, -1.0]), np.zeros(2), np.full(2, 5.0), np.array([-np.inf]), np.array([1.5]),
                    A.indptr.astype(np.int32), A.indices.astype(np.int32), A.data, np.ones(2, dtype=np.int32))
        return h
    plain, threaded = model(), model()
    interruptible.run(plain, 2)
    interruptible.run(threaded, interruptible.INTERRUPTIBLE_COLUMNS + 1)  # as a large model would
    assert plain.getInfo().objective_function_value == threaded.getInfo().objective_function_value == -1.0
    assert not threaded.HandleUserInterrupt  # the callbacks are off again after the solve
