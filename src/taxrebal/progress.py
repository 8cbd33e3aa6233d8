"""How long a step has run, as the command line's progress and Excel's status bar both show it.

``running_time(151)`` is ``"2:31"`` (minutes and seconds), ``running_time(3725)`` is ``"1:02:05"``
(hours from an hour on). Used by :class:`taxrebal.cli.output.ProgressPrinter` (a terminal's status line,
a log's "running for" lines) and :class:`taxrebal.excel.status_bar.StatusBar` (the ribbon's status bar).
"""

from __future__ import annotations

__all__ = ["running_time"]


def running_time(seconds: float) -> str:
    """``M:SS`` (``2:05``), or ``H:MM:SS`` from an hour on; fractions of a second are dropped."""
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
