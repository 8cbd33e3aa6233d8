"""What a taxrebal command returns to the shell, in one place for the command line, its
subcommands and the pipeline.

====  ===============  ===========================================================================
code  name             meaning
====  ===============  ===========================================================================
0     ``OK``           everything ran (warnings are allowed)
1     ``INPUT``        the input has errors (the Issues sheet / the printed list), or is missing
2     ``USAGE``        the command line itself was wrong
3     ``SAVE``         a result cannot be saved (locked, read-only, the folder is missing)
130   ``INTERRUPTED``  Ctrl-C: nothing written, no temporary file left
====  ===============  ===========================================================================

Example: ``taxrebal check Household.xlsx`` on a workbook with text in a Quantity cell prints the
error with its cell and exits with ``ExitCode.INPUT`` (1).
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["ExitCode"]


class ExitCode(IntEnum):
    OK = 0
    INPUT = 1
    USAGE = 2
    SAVE = 3
    INTERRUPTED = 130
