"""The ``taxrebal`` command line: the same engine as the Excel add-in, on .xlsx files, without Excel.

    taxrebal template Household.xlsx        an empty workbook to fill in (with a Start sheet)
    taxrebal demo [DIR]                     the sample "Rivera household", run end to end
    taxrebal check Household.xlsx           validate only: list problems, write nothing
    taxrebal run Household.xlsx [-o OUT]    write the result sheets (in place with a backup, or to OUT)
    taxrebal form8949 | share | orders | import | addin ...

A leaf: nothing in taxrebal imports this package (``tests/test_layers.py``). ``parser`` builds the
argument parser from one module per command (``template``, ``demo``, ``check``, ``run``, ``share``,
``form8949``, ``addin``, ``import_``, ``orders``), each with ``add_parser(subparsers)`` and its
handler; ``output`` is what they print; ``main`` maps what escapes to an exit code.

Exit codes (:class:`taxrebal.exit_codes.ExitCode`, shared with the pipeline), one meaning each:
0 everything ran; 1 the input has errors, is missing or cannot be read; 2 the command line itself was
wrong (usage); 3 a result cannot be saved (locked, read-only, the folder is missing); 70 an internal
error (a bug in taxrebal); 130 interrupted with Ctrl-C (nothing written, no temporary file left).
"""

from __future__ import annotations

from ..exit_codes import ExitCode
from .main import main
from .parser import build_parser

__all__ = ["main", "build_parser", "EXIT_OK", "EXIT_INPUT", "EXIT_USAGE", "EXIT_SAVE", "EXIT_INTERNAL"]

# The exit codes, by the names the command line has always used.
EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_SAVE = ExitCode.OK, ExitCode.INPUT, ExitCode.USAGE, ExitCode.SAVE
EXIT_INTERNAL = ExitCode.INTERNAL
