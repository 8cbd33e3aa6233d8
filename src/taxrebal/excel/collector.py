"""The cyclic garbage collector around cell calls and range parses.

Two rules, both about *when* the collector runs, never about what is freed:

* :func:`gc_paused`: no collection while a large range is copied and parsed; the objects the parse
  keeps are frozen afterwards (a 100,000-row range's first collection would cost 3-5 times iterating
  the range once).
* :func:`collector_paused`: no collection during a cell call; the collections the caller's new ranges
  owe run after it, so a call's time is its own (``bench/bench_taxcost.py`` prints the collector's time).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

__all__ = ["collector_paused", "gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a large range is copied and parsed, nor after: every object
    made is kept (the cache holds them), and with 100,000 rows the collector's passes over them would
    cost more than the parsing itself (the first pass, as soon as the collector is enabled again,
    3-5 times iterating the range once). So the objects alive when the parse ends are frozen
    (:func:`gc.freeze`: left out of every later collection) before the collector is enabled again.
    Reference counting still frees each of them when it is no longer used (the caller's range, a
    dropped cache entry); only a reference cycle among them would wait, until the cache drops an entry
    or is cleared, which unfreezes them all (:func:`gc.unfreeze`). Inside a cell call
    (:func:`collector_paused`, the collector already off) the parse's objects are frozen all the same;
    the collector is enabled again when the call ends."""
    if not gc.isenabled() and not _IN_CALL:
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


_IN_CALL = False  # a cell call under way (collector_paused)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection during a cell call; the collector is enabled again when it ends.

    Why: Excel (xlwings) hands each call its ranges as new lists, 100,000 of them for a 100,000-row
    range, made just before the call. The collector counts allocations, so the collections those lists
    are owed start at whatever allocation comes next: often one of the call's own few hundred (a
    symbol's lots), and then the call pays a pass over the caller's lists (a full collection, every
    few calls, costs more than the call: ``bench/bench_taxcost.py`` prints the collector's time in the
    calls). Paused, the same collections run at the caller's next allocation, after the call: the
    process does the same work, and a call's time is its own. What a call makes is freed by reference
    counting when it returns (its lots and figures hold no cycles); the few cycles an error's traceback
    makes wait for the next collection. Nested calls (never from Excel) leave it to the outermost one."""
    global _IN_CALL
    if _IN_CALL or not gc.isenabled():
        yield
        return
    gc.disable()
    _IN_CALL = True
    try:
        yield
    finally:
        _IN_CALL = False
        gc.enable()
