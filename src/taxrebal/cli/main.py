"""``main(argv) -> exit code``: parse the command line, run the command, map what escapes to one exit
code each (:class:`~taxrebal.exit_codes.ExitCode`), never a traceback.

Example: a workbook that cannot be read exits 1 (``INPUT``); one that cannot be saved 3 (``SAVE``, a
:class:`~taxrebal.errors.SaveError`); an unexpected exception 70 (``INTERNAL``) with a message asking
to report it (``TAXREBAL_DEBUG=1`` shows the traceback instead).
"""

from __future__ import annotations

import os
import sys
from typing import Optional, Sequence

from ..errors import SaveError, TaxrebalError
from ..exit_codes import ExitCode
from .allocator import return_freed_memory
from .output import err
from .parser import build_parser

__all__ = ["main"]


def main(argv: Optional[Sequence[str]] = None) -> int:
    return_freed_memory()  # Linux: the memory of one solve is returned before the next (allocator.py)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return ExitCode.USAGE
    try:
        return int(args.func(args))
    except SaveError as error:
        err(str(error))
        return ExitCode.SAVE
    except TaxrebalError as error:  # a workbook that cannot be read, or an input the command cannot use
        err(str(error))
        return ExitCode.INPUT
    except KeyboardInterrupt:
        err("interrupted; nothing was saved unless a 'Wrote' line was printed")
        return ExitCode.INTERRUPTED
    except ImportError as error:
        err(f"this installation of taxrebal is incomplete ({error}); reinstall it with pip install taxrebal")
        return ExitCode.INTERNAL
    except Exception as error:  # noqa: BLE001 - a user never sees a traceback (TAXREBAL_DEBUG=1 shows it)
        if os.environ.get("TAXREBAL_DEBUG"):
            raise
        err(f"internal error: {type(error).__name__}: {error}. This is a bug in taxrebal, not in your "
            f"workbook; please report it (run with TAXREBAL_DEBUG=1 to see the details).")
        return ExitCode.INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
