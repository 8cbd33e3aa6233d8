"""Give freed memory back to the system between solves (Linux, glibc): large blocks are mapped and
unmapped, not kept in the heap.

glibc's ``malloc`` serves a block of 128 KiB or more with a mapping of its own (``mmap``) and unmaps it
when it is freed; but each time such a block is freed it raises that threshold to the block's size
(its "dynamic mmap threshold", up to 32 MiB), so after the first large solve every later big buffer of
HiGHS, numpy and scipy comes from the heap, and a heap keeps the pages of freed blocks it cannot
return. The Rebalance step solves one model many times (its stages, the Tax-Drift Frontier's levels):
each solve then starts from the previous one's high-water mark. Fixing the threshold at 256 KiB
(``mallopt(M_MMAP_THRESHOLD)``, which also turns the dynamic threshold off; the trim threshold
likewise) returns every large block when it is freed.

Measured on the 100,000-lot household of ``bench/generate.py`` (``taxrebal run --only rebalance``,
the model's first LP, 70,620 columns and 1.28 million coefficients): resident memory after it 502 MiB
with glibc's defaults, 305 MiB with this; during the fourth solve the high-water mark was about 930
MiB with the defaults and 681 MiB with this (the same solves, the same plan: the allocator decides
where memory lives, never a value). Elsewhere (macOS, Windows, musl) nothing is changed.
"""

from __future__ import annotations

import sys

__all__ = ["return_freed_memory", "MMAP_THRESHOLD"]

MMAP_THRESHOLD = 256 * 1024  # bytes: blocks at least this large are mapped and unmapped on their own
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's <malloc.h>


def return_freed_memory() -> bool:
    """Set glibc's mmap and trim thresholds to :data:`MMAP_THRESHOLD` (fixed, not dynamic). True when
    set; False where the C library is not glibc or cannot be reached (nothing changes then)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        # imported here: only on Linux, where glibc's mallopt is called
        import ctypes

        libc = ctypes.CDLL(None)  # the C library the interpreter itself uses
        mallopt = libc.mallopt if hasattr(libc, "gnu_get_libc_version") else None  # glibc only
    except (OSError, AttributeError):
        return False
    if mallopt is None:  # musl's mallopt does nothing
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(_M_TRIM_THRESHOLD, MMAP_THRESHOLD))
