"""``python -m taxrebal.workbook.template FOLDER``: write the empty template and the sample household
(with its Dashboard) into FOLDER; the committed copies are ``workbook_templates/``.

A script, like ``python -m taxrebal``: nothing imports it, so it may hand the cell functions of the
excel layer (:mod:`taxrebal.excel.udfs`) to the sample's Dashboard (``tests/test_layers.py`` lists it
among the entry points).
"""

from __future__ import annotations

import sys
from typing import Sequence

from ...excel import udfs
from . import write_templates


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m taxrebal.workbook.template FOLDER", file=sys.stderr)
        return 2
    for p in write_templates(args[0], cell_functions=udfs):
        print(f"wrote {p}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
