"""A HiGHS solve that Ctrl-C stops: a large model's solve runs on HiGHS's own solver thread while this
thread waits in short, interruptible steps.

``Highs.run()`` holds the calling thread inside HiGHS until the solve ends: Python sees a Ctrl-C (its
KeyboardInterrupt) only then, and a large model's solve may take minutes (the 100,000-lot household
of bench/generate.py: a root node of 30 s of CPU at 30,000 lots). Here, for a model of more than
:data:`INTERRUPTIBLE_COLUMNS` columns, the solve is started on highspy's solver thread
(``Highs.startSolve``) with its user-interrupt callbacks on; this thread waits for it a tenth of a
second at a time, and a KeyboardInterrupt while it waits asks HiGHS to stop (``cancelSolve``: the
callback tells HiGHS's simplex, interior point and MIP loops to return), waits for it to return, and
is raised again: the command line then says the run was interrupted and saved nothing
(cli/main.py). The callbacks only read a flag, so an uninterrupted solve takes the same path and
returns the same answer as ``Highs.run()``; smaller models (a ribbon click's solves take milliseconds,
a 10,000-lot household's under a second) keep the plain call and its lower overhead.

HiGHS looks at the flag between the LP solves of its search, not inside its root LP: a 1,001-column
knapsack MILP asked to stop at 0.5 s of CPU stopped at 0.7 s; at 100,000 lots a stop came 0.5-2 s of
CPU after it was asked for. Example: ``taxrebal run`` on the 100,000-lot household, Ctrl-C during
the plan's stage-A solve: the command prints "interrupted; nothing was saved unless a 'Wrote' line
was printed" at that check instead of after the solve (``tests/test_solve_interrupt.py`` interrupts a solve of a model
that takes seconds).

While it waits, this thread calls the functions registered with :func:`waiting` (before each wait): the
Excel ribbon's status bar shows there how long the step has run (:mod:`taxrebal.excel.status_bar`), from
the thread that owns Excel's objects. Any exception while the solver thread runs, a KeyboardInterrupt
or one such function's, stops the solve before it is raised. Example: ``with waiting(status.beat):
run(h, 20_000)`` calls ``status.beat()`` about ten times a second until HiGHS returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import highspy

__all__ = ["INTERRUPTIBLE_COLUMNS", "run", "waiting"]

#: Models with more columns than this are solved on HiGHS's solver thread, interruptible by Ctrl-C.
#: The callbacks cost about 5% of the CPU of bench/generate.py's 10,000-lot household's Rebalance step
#: (6,653 columns, 102 solves of under a second: 14.74-14.76 -> 15.35-15.48 s, alternated, load 13,
#: 2026-12-04, the same Trades), so they start above it: its 30,000-lot household (17,743 columns)
#: has a root node of 30 s of CPU.
INTERRUPTIBLE_COLUMNS = 15_000
#: How long (seconds) this thread waits for the solver thread before looking for a KeyboardInterrupt.
_WAIT_S = 0.1
#: Called on the waiting thread before each wait (:func:`waiting`).
_ON_WAIT: list[Callable[[], None]] = []


@contextmanager
def waiting(fn: Callable[[], None]) -> Iterator[None]:
    """While the block runs, ``fn()`` is called before each wait for an interruptible solve (module
    docstring), on the thread that called :func:`run`."""
    _ON_WAIT.append(fn)
    try:
        yield
    finally:
        _ON_WAIT.remove(fn)


def _waited(h: highspy.Highs) -> bool:
    """The functions of :func:`waiting`, then one wait: True when HiGHS has returned."""
    for fn in tuple(_ON_WAIT):
        fn()
    return bool(h.wait(_WAIT_S)[0])


def run(h: highspy.Highs, columns: int, cpu_limit: float | None = None,
        clock: Callable[[], float] | None = None) -> bool:
    """``h.run()``, interruptible by Ctrl-C when the model has more than :data:`INTERRUPTIBLE_COLUMNS`
    columns (module docstring). Raises KeyboardInterrupt after HiGHS has stopped. ``cpu_limit`` with
    ``clock`` (the caller's: the engine reads no clock; ``time.process_time`` from the pipeline): stop
    the solve (as Ctrl-C would, keeping its best point) once ``clock`` has advanced that many seconds,
    a budget of CPU that does not shrink when other programs share the machine, unlike HiGHS's
    wall-clock ``time_limit``. True when that budget stopped it."""
    budget = cpu_limit is not None and clock is not None
    if columns <= INTERRUPTIBLE_COLUMNS and not budget:
        h.run()
        return False
    h.HandleUserInterrupt = True
    began = clock() if clock is not None else 0.0
    stopped = False
    try:
        # inside the try: a Ctrl-C raised as startSolve returns still stops the solve it started (a cancel
        # before the solve starts does nothing, and wait then returns at once)
        h.startSolve()
        while not _waited(h):
            if budget and not stopped and clock() - began > cpu_limit:  # type: ignore[misc,operator]
                h.cancelSolve()  # type: ignore[no-untyped-call]  # highspy leaves it unannotated
                stopped = True
    except BaseException:  # a Ctrl-C, or a failure of a waiting() function: HiGHS stops first
        h.cancelSolve()  # type: ignore[no-untyped-call]
        while not h.wait(_WAIT_S)[0]:  # HiGHS returns at its next interrupt check
            pass
        raise
    finally:
        h.HandleUserInterrupt = False
    return stopped and h.getModelStatus() == highspy.HighsModelStatus.kInterrupt
