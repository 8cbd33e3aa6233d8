"""Ctrl-C stops a large model's HiGHS solve (engine/rebalance/interruptible.py): KeyboardInterrupt is
raised once HiGHS has stopped, and HiGHS says it stopped because it was interrupted, not because the
solve ended. A small model keeps the plain call.

The Ctrl-C is a real SIGINT sent to this process, at a moment chosen by an event, not by the wall clock:
once a wait for the solver thread has returned unfinished (so the solve is running), the next call of the
functions registered with interruptible.waiting sends it. No timer races the model's set-up, however
loaded the machine.
"""

import os
import signal

import highspy
import numpy as np
import pytest
import scipy.sparse as sp

from taxrebal.engine.rebalance import interruptible


def _hard_milp(n: int) -> highspy.Highs:
    """A random knapsack-like MILP that HiGHS does not solve in seconds (a 3,000-column one ran to a
    6 s time limit): maximise c.x with 1,500 random rows <= 5, 0 <= x <= 10 integer."""
    rng = np.random.default_rng(0)
    m = n // 2
    A = sp.random(m, n, density=0.01, random_state=1, format="csc")
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", 120.0)  # a guard only: the interrupt comes first
    h.passModel(n, m, A.nnz, int(highspy.MatrixFormat.kColwise), int(highspy.ObjSense.kMinimize), 0.0,
                -rng.random(n), np.zeros(n), np.full(n, 10.0), np.full(m, -np.inf), np.full(m, 5.0),
                A.indptr.astype(np.int32), A.indices.astype(np.int32), A.data, np.ones(n, dtype=np.int32))
    return h


def test_ctrl_c_stops_a_large_solve_and_raises_keyboard_interrupt(monkeypatch):
    monkeypatch.setattr(interruptible, "INTERRUPTIBLE_COLUMNS", 3_000)  # a smaller hard model to build
    h = _hard_milp(interruptible.INTERRUPTIBLE_COLUMNS + 1)
    statuses = []

    def before_each_wait() -> None:
        # the first call comes right after startSolve; the second after a wait found the solve unfinished
        statuses.append(h.getModelStatus())
        if len(statuses) == 2:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C: Python raises KeyboardInterrupt on this thread

    with interruptible.waiting(before_each_wait), pytest.raises(KeyboardInterrupt):
        interruptible.run(h, interruptible.INTERRUPTIBLE_COLUMNS + 1)
    assert len(statuses) == 2  # interrupted at the second call: the solve was under way, not finished
    assert h.getModelStatus() == highspy.HighsModelStatus.kInterrupt
    assert not h.HandleUserInterrupt and interruptible._ON_WAIT == []


def test_a_failing_waiting_function_stops_the_solve_before_its_error_is_raised(monkeypatch):
    monkeypatch.setattr(interruptible, "INTERRUPTIBLE_COLUMNS", 3_000)
    h = _hard_milp(interruptible.INTERRUPTIBLE_COLUMNS + 1)
    calls = []

    def fails_on_the_second_call() -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the status bar is gone")

    with interruptible.waiting(fails_on_the_second_call), pytest.raises(RuntimeError):
        interruptible.run(h, interruptible.INTERRUPTIBLE_COLUMNS + 1)
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
