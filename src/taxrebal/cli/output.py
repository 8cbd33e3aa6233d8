"""What the command line prints, shared by every command: a line to standard output, a
``taxrebal: ...`` line to standard error, the list of issues (at most :data:`MAX_LISTED` per
severity), the progress of a long run (:func:`progress_printer`), the As Of line; and the date
argument type of ``--as-of``.

Example: three errors and one warning print as::

      Error: Lots!E7: "ten" is not a number; enter a number of shares
      ...
      Warning: Settings: ...

and :func:`count_line` says ``3 error(s), 1 warning(s).``

Progress: on a terminal one status line, overwritten as the run goes (``[3/8] Harvest``); when
standard error is a file or a pipe (a scheduled job, a log), a line now and then instead: none while
a run is quick, then at most one every :data:`PROGRESS_EVERY_S` seconds, naming the step that starts
and the one that took long, e.g. ``taxrebal: 0:53 [6/8] Orders; Rebalance took 50 s``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Sequence, TextIO

from ..errors import Issue, Severity
from ..progress import running_time
from ..workbook.cells import CellError
from ..workbook.cells import parse_date as parse_cell_date

__all__ = ["MAX_LISTED", "out", "err", "print_issues", "count_line", "parse_date", "progress_printer",
           "ProgressPrinter", "heartbeat", "as_of_line", "native_stdout_silenced"]

MAX_LISTED = 15  # issues printed per severity before "... and N more"


def out(msg: str = "") -> None:
    _say(msg, sys.stdout)


def err(msg: str) -> None:
    _say(f"taxrebal: {msg}", sys.stderr)


def _say(text: str, stream: TextIO, end: str = "\n") -> None:
    """Print ``text``; a reader that has gone away (``taxrebal run BOOK | head -1``, fe11 finding 17) is no
    error of the run: the rest of the console output is dropped and the command finishes and exits as it
    would have (the workbook saved, its exit code), as Python's documentation advises for SIGPIPE."""
    try:
        print(text, end=end, file=stream, flush=True)
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())  # later writes and the flush at exit go nowhere
            os.close(devnull)



def no_such_file(path: Path) -> bool:
    """True, after saying so on standard error, when ``path`` is not a file: how every command that
    reads a workbook starts (``taxrebal check missing.xlsx`` prints "no such file: 'missing.xlsx'")."""
    if path.is_file():
        return False
    err(f"no such file: '{path}'")
    return True

def print_issues(issues: Sequence[Issue], *, notes: bool = False) -> None:
    """Errors, then warnings (at most :data:`MAX_LISTED` of each); with ``notes`` also the Info rows
    ``run`` writes on Issues (a Realized YTD computed from Transactions, say): ``check`` writes no
    sheet, so it prints them."""
    for severity in (Severity.ERROR, Severity.WARNING) + ((Severity.INFO,) if notes else ()):
        chosen = [i for i in issues if i.severity is severity]
        for i in chosen[:MAX_LISTED]:
            out(f"  {severity.value}: {i.location + ': ' if i.sheet else ''}{i.message}")
        if len(chosen) > MAX_LISTED:
            out(f"  ... and {len(chosen) - MAX_LISTED} more {severity.value.lower()}s (see the Issues sheet)")


def count_line(issues: Sequence[Issue], *, notes: bool = False) -> str:
    errors = sum(1 for i in issues if i.severity is Severity.ERROR)
    warnings = sum(1 for i in issues if i.severity is Severity.WARNING)
    infos = sum(1 for i in issues if i.severity is Severity.INFO) if notes else 0
    tail = f" {infos} note(s) below." if infos else ""
    if not errors and not warnings:
        return "No problems found." + tail
    return f"{errors} error(s), {warnings} warning(s)." + tail


def parse_date(text: str) -> date:
    """``--as-of`` and friends: a date written as the workbook accepts one in a text cell (2026-12-02,
    12/02/2026 read month first as in the US, 20261202), or a usage error saying how to write one."""
    how = "write it as YYYY-MM-DD or M/D/YYYY (month first), e.g. 2026-11-20 or 11/20/2026"
    if not text.strip() or text.strip().replace(".", "", 1).isdigit() and len(text.strip()) != 8:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; {how}")  # not an Excel serial number here
    try:
        day = parse_cell_date(text)
    except CellError as err:
        # the cell reader's own reason, which names the text ("'2026-13-01' is not a real calendar date",
        # "'6/1/26' has a two-digit year ..."), not "is not a date (not a date)" (fe21 finding 4)
        raise argparse.ArgumentTypeError(f"{str(err).split(';')[0]}; {how}") from None
    if day is None:  # pragma: no cover - blank text is refused above
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; {how}")
    return day


#: Progress lines when standard error is not a terminal: none before the run has taken this long, then
#: at most one per this many seconds (seconds of the wall clock).
PROGRESS_EVERY_S = 5.0
#: ... and while one step runs longer, a line saying so at most this often (a 17-minute step writes
#: about 35 lines, not 200).
STILL_EVERY_S = 30.0

ProgressFn = Callable[[int, int, str], None]


class ProgressPrinter:
    """A ``progress(done, total, message)`` for :func:`taxrebal.pipeline.run_book` writing to a stream
    (see the module docstring), and :meth:`beat`, which :func:`heartbeat` calls from its own thread
    every second while a step runs: a terminal's status line then shows how long the step has run
    (``[3/8] Rebalance: the plan  2:31``); a log gets the step that is still running, the last
    message included even when it came too soon after the previous line to be printed then
    (``taxrebal: 3:05 [3/8] Rebalance: the plan; running for 2:58``), at most every
    :data:`STILL_EVERY_S` seconds. ``clock`` is injectable for tests."""

    def __init__(self, stream: TextIO, *, clock: Callable[[], float] = time.monotonic,
                 every: float = PROGRESS_EVERY_S, still_every: float = STILL_EVERY_S) -> None:
        self.stream, self.clock, self.every, self.still_every = stream, clock, every, still_every
        try:
            self.tty = bool(stream.isatty())
        except (AttributeError, ValueError):
            self.tty = False
        self.start = clock()
        self.last_line = self.start  # when the last line was written (the start: nothing written yet)
        self.step = (0, 0, "")  # (done, total, message) under way
        self.step_began = self.start
        self.printed = True  # the message under way has been written
        self.lock = threading.Lock()  # the heartbeat's thread and the run's write to one stream

    def __call__(self, done: int, total: int, message: str) -> None:
        with self.lock:
            now = self.clock()
            previous, began = self.step[2], self.step_began
            self.step, self.step_began, self.printed = (done, total, message), now, False
            if self.tty:
                end = "\n" if done >= total else ""
                # padded over the running time beat() may have written after the last message
                _say(f"\r[{done}/{total}] {message:<40}{'':9}", self.stream, end)
                self.printed = True
                return
            if now - self.last_line < self.every:
                return
            took = f"; {previous} took {now - began:.0f} s" if previous and now - began >= self.every else ""
            self._line(now, f"[{done}/{total}] {message}{took}")

    def beat(self) -> None:
        """Say that the step under way is still running (class docstring); nothing for a quick step."""
        with self.lock:
            now = self.clock()
            done, total, message = self.step
            running = now - self.step_began
            if not message or done >= total or running < self.every:
                return
            if self.tty:
                _say(f"\r[{done}/{total}] {message:<40} {running_time(running)}", self.stream, "")
                return
            if now - self.last_line >= (self.every if not self.printed else self.still_every):
                self._line(now, f"[{done}/{total}] {message}; running for {running_time(running)}")

    def _line(self, now: float, text: str) -> None:
        self.last_line, self.printed = now, True
        _say(f"taxrebal: {running_time(now - self.start)} {text}", self.stream)


def progress_printer(stream: Optional[TextIO] = None, *, clock: Callable[[], float] = time.monotonic,
                     every: float = PROGRESS_EVERY_S) -> ProgressPrinter:
    """A :class:`ProgressPrinter` on ``stream`` (standard error by default)."""
    return ProgressPrinter(stream if stream is not None else sys.stderr, clock=clock, every=every)


@contextlib.contextmanager
def heartbeat(printer: Optional[ProgressPrinter], every: float = 1.0) -> Iterator[None]:
    """While the block runs, :meth:`ProgressPrinter.beat` every ``every`` seconds on a daemon thread
    (the solver releases Python's lock while it works, so the thread runs during a long HiGHS solve)."""
    if printer is None:
        yield
        return
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every):
            printer.beat()

    thread = threading.Thread(target=loop, name="taxrebal-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def as_of_line(as_of: Optional[date], from_run_date: bool, forced: bool = False, replaced: Any = None) -> str:
    if as_of is None:
        return ""
    if forced:
        old = replaced.isoformat()[:10] if isinstance(replaced, (date, datetime)) else (str(replaced) if replaced
                                                                                     not in (None, "") else "")
        return (f"As of {as_of.isoformat()} (--as-of, for this run: Settings As Of "
                + (f"{old} is not used)." if old else "is blank)."))
    if from_run_date:
        return f"As of {as_of.isoformat()} (today: Settings has no As Of; add one to fix the date)."
    return f"As of {as_of.isoformat()}."


@contextlib.contextmanager
def native_stdout_silenced() -> Iterator[None]:
    """Discard what native libraries print straight to file descriptor 1 while the engines run (the
    HiGHS solver behind scipy.optimize.milp prints debug lines such as
    "HighsMipSolverData::transformNewIntegerFeasibleSolution" in some releases). Python's own output
    is unaffected because nothing in a run prints; our report comes afterwards."""
    try:
        sys.stdout.flush()
        fd = sys.stdout.fileno()
        saved = os.dup(fd)
    except (AttributeError, OSError, ValueError):  # no real stdout (captured, or a GUI host)
        yield
        return
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), fd)
            try:
                yield
            finally:
                os.dup2(saved, fd)
    finally:
        os.close(saved)
