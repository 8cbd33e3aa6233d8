"""Regenerate the golden result sheets (tests/golden/*.json) after an INTENDED change of behaviour.

    python tools/update_golden.py            every case
    python tools/update_golden.py sample     only the named cases

Run it, look at ``git diff tests/golden/`` (every changed cell is one line), and commit the files
in the same commit as the change, saying why the numbers moved. See tests/golden_results.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from golden_results import CASES, GOLDEN_DIR, differences, dumps, golden_path, load, run_case  # noqa: E402


def main(argv: list[str]) -> int:
    unknown = [n for n in argv if n not in {c.name for c in CASES}]
    if unknown:
        print(f"unknown case(s) {unknown}; the cases are: {', '.join(c.name for c in CASES)}", file=sys.stderr)
        return 2
    GOLDEN_DIR.mkdir(exist_ok=True)
    for case in CASES:
        if argv and case.name not in argv:
            continue
        doc = run_case(case)
        path = golden_path(case)
        changed = differences(load(case), doc) if path.is_file() else ["new"]
        path.write_text(dumps(doc), encoding="utf-8")
        print(f"{path.relative_to(GOLDEN_DIR.parents[1])}: "
              f"{'unchanged' if not changed else 'new' if changed == ['new'] else f'{len(changed)} change(s)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
