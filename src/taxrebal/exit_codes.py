"""What a taxrebal command returns to the shell, in one place for the command line, its
subcommands and the pipeline.

====  ===============  ===========================================================================
code  name             meaning
====  ===============  ===========================================================================
0     ``OK``           everything ran (warnings are allowed)
1     ``INPUT``        the input has errors (the Issues sheet / the printed list), is missing or
                       cannot be read (damaged, encrypted, not a workbook)
2     ``USAGE``        the command line itself was wrong
3     ``SAVE``         a result cannot be saved (locked, read-only, the folder is missing, open in
                       Excel, a user's own sheet has a result sheet's name): a
                       :class:`~taxrebal.errors.SaveError`
70    ``INTERNAL``     a bug in taxrebal (the message asks to report it); 70 is ``EX_SOFTWARE`` of
                       BSD's ``sysexits.h``
130   ``INTERRUPTED``  Ctrl-C: nothing written, no temporary file left
====  ===============  ===========================================================================

Example: ``taxrebal check Household.xlsx`` on a workbook with text in a Quantity cell prints the
error with its cell and exits with ``ExitCode.INPUT`` (1); ``taxrebal share Damaged.xlsx -o copy.xlsx``
exits 1 too (a read error), and 3 only when the copy cannot be written.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["ExitCode"]


class ExitCode(IntEnum):
    OK = 0
    INPUT = 1
    USAGE = 2
    SAVE = 3
    INTERNAL = 70
    INTERRUPTED = 130
