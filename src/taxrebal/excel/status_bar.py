"""Excel's status bar during a ribbon run: the step under way and, once a step runs on, for how long.

The ribbon's analysis buttons pass a :class:`StatusBar` to :func:`taxrebal.pipeline.run_book` as its
``progress(done, total, message)``, the callback the command line gives its
:class:`~taxrebal.cli.output.ProgressPrinter`; the status bar then shows what a terminal's status line
shows. A step that runs on (a large household's plan) says so, as the command line's heartbeat does:
:meth:`StatusBar.beat` adds how long it has run. The command line beats from a thread of its own;
Excel's objects (``xlwings.Book.caller()``'s COM objects on Windows) belong to the thread that got
them, so here the beat comes from that thread: while it waits for a solve on HiGHS's solver thread
(:func:`taxrebal.engine.rebalance.interruptible.waiting`), at most once a second, since each write
crosses into Excel. Only the BSD-licensed xlwings API is used: ``book.app.status_bar = text``, and
``False`` to hand the status bar back to Excel (:meth:`StatusBar.close`, also after an error or a
Ctrl-C). Verified on Linux only, against a test double of xlwings' ``App`` that records what is set
(``tests/test_ribbon_status_bar.py``); not yet in real Excel.

Example: ``progress(5, 8, "Rebalance: the plan")`` shows ``taxrebal: Rebalance: the plan (5/8)``; a
beat 151 seconds later shows ``taxrebal: Rebalance: the plan (5/8), running for 2:31``.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Optional

from ..progress import running_time

__all__ = ["StatusBar", "CLOCK", "TITLE", "RUNNING_AFTER_S", "BEAT_EVERY_S"]

TITLE = "taxrebal"
#: The clock of the running time (a module attribute, so tests can give a clock of their own).
CLOCK: Callable[[], float] = time.monotonic
#: A step shows its running time once it has run this long (the command line's PROGRESS_EVERY_S).
RUNNING_AFTER_S = 5.0
#: At most one beat's write per this many seconds.
BEAT_EVERY_S = 1.0


class StatusBar:
    """``progress(done, total, message)`` and :meth:`beat` writing to ``book.app.status_bar`` (module
    docstring). A failed write is ignored: a missing status bar never stops a run."""

    def __init__(self, book: Any, clock: Optional[Callable[[], float]] = None) -> None:
        self.book = book
        self.clock = clock or CLOCK
        self.step: tuple[int, int, str] = (0, 0, "")
        self.began = self.last = self.clock()

    def show(self, text: Any) -> None:
        """Set the status bar to ``text`` (``False`` hands it back to Excel)."""
        try:
            self.book.app.status_bar = text
        except Exception:  # noqa: BLE001 - no status bar (a server, the test double without one)
            pass

    def __call__(self, done: int, total: int, message: str) -> None:
        self.step = (done, total, message)
        self.began = self.last = self.clock()
        self.show(f"{TITLE}: {message} ({done}/{total})")

    def beat(self) -> None:
        """Show how long the step under way has run, once it has run :data:`RUNNING_AFTER_S` seconds."""
        done, total, message = self.step
        now = self.clock()
        running = now - self.began
        if not message or running < RUNNING_AFTER_S or now - self.last < BEAT_EVERY_S:
            return
        self.last = now
        self.show(f"{TITLE}: {message} ({done}/{total}), running for {running_time(running)}")

    def close(self) -> None:
        """Hand the status bar back to Excel."""
        self.show(False)

