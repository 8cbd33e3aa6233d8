"""After a large HiGHS solve, give the free pages inside the heap back to the system, where the program
asked for it.

glibc returns a large freed block at once (cli/allocator.py maps blocks of 256 KiB and more on their
own), but the many smaller blocks a HiGHS solve frees stay in the heaps (the main one and each solver
thread's) as free pages the process still holds: its resident memory creeps up from one solve to the
next, and each later solve starts higher. ``malloc_trim(0)`` hands those pages back (it frees nothing
the program still uses: only pages that hold no live block).

The engine calls :func:`after_large_solve` once a large model's HiGHS instance is freed
(``engine/rebalance/lp.py``); it does nothing unless a program registered how to trim with
:func:`set_trim` (the command line on glibc Linux: ``cli/allocator.py``). The module imports nothing,
so the command line can register it without loading the engine.

Measured on bench/generate.py's 100,000-lot household (``taxrebal run --only rebalance``, 2026-12-05,
the 77,406-column model): after the plan's first solves, resident memory before the next solve fell
by 10-24 MiB per trim (213 -> 202, 217 -> 201, 231 -> 207 MiB), each trim 0-4 ms of CPU.

Example: ``set_trim(lambda: None)`` then ``after_large_solve()`` calls it once; without a
registered trim, ``after_large_solve()`` does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Optional

__all__ = ["set_trim", "after_large_solve"]

_TRIM: list[Optional[Callable[[], object]]] = [None]


def set_trim(fn: Optional[Callable[[], object]]) -> None:
    """Register how to hand free heap pages back (None: nothing, the default)."""
    _TRIM[0] = fn


def after_large_solve() -> None:
    """The registered trim, if any (module docstring)."""
    fn = _TRIM[0]
    if fn is not None:
        fn()
