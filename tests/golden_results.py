"""The result sheets' values of fixed households, as golden files: what a refactoring must not change.

Each case is a household with a fixed As Of (the sample Rivera household, and small households from
``bench/generate.py`` with fixed seeds), run through the whole pipeline (reader, every step, every
result writer) into an in-memory book. :func:`snapshot` keeps what the user reads on each result
sheet: the sheet order, each table's title, headers, cell values, notes, highlighted rows and total
rows (not formats, widths or charts). The golden files are ``tests/golden/<case>.json``, one row per
line so that a diff shows the cells that moved.

The solver runs without its time limits (:func:`_solver_without_time_limits`): the rebalancer's
MILP stages stop after a time limit (``engine/rebalance/tuning.py``) and keep the best plan found so
far, so on a loaded machine the same household can get another plan. Without the limits every
solve ends on its gap, and the plan is the same on every machine and run.

Values are compared exactly, as their JSON text: ``1`` and ``1.0`` differ, and so do two floats one
unit in the last place apart. Two cells are not the run's own and are left out: the taxrebal version
on Run Info (``"<version>"``) and the run time (fixed at :data:`RUN_TIME`).

Example: a change that makes the sample's first trade sell 12 shares instead of 10 fails
``tests/test_golden_results.py`` with::

    sample: 3 difference(s) from tests/golden/sample.json; the first:
      Trades / 'Plan' row 1, column 'Quantity': golden 10.0, now 12.0
      ...

When the change is intended, ``python tools/update_golden.py`` rewrites the files; commit them with
the change and say why the numbers moved (CONTRIBUTING.md, "Golden result sheets").
"""

from __future__ import annotations

import contextlib
import json
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_DIR = ROOT / "tests" / "golden"
RUN_TIME = datetime(2026, 11, 20, 9, 0)
UPDATE_COMMAND = "python tools/update_golden.py"
VERSION_MASK = "<version>"

if str(ROOT / "bench") not in sys.path:
    sys.path.insert(0, str(ROOT / "bench"))


@dataclass(frozen=True)
class Case:
    name: str
    about: str
    sheets: Callable[[], Mapping[str, Sequence[Sequence[Any]]]]  # the input sheets' 2D values
    slow: bool = False


def _sample_sheets() -> Mapping[str, Sequence[Sequence[Any]]]:
    """The sample workbook as the reader sees it: written to .xlsx, read back cell by cell."""
    import tempfile

    from taxrebal.workbook.reader import read_raw_sheets
    from taxrebal.workbook.template import build_sample

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sample-household.xlsx"
        build_sample().save(path)
        return read_raw_sheets(path)


def _generated(seed: int, as_of: date, accounts: int, securities: int, lots: int, transactions: int):
    def sheets() -> Mapping[str, Sequence[Sequence[Any]]]:
        from generate import generate_household, household_rows

        return household_rows(generate_household(seed=seed, n_accounts=accounts, n_securities=securities,
                                                 n_lots=lots, n_transactions=transactions, as_of=as_of))
    return sheets


CASES: tuple[Case, ...] = (
    Case("sample", "the sample Rivera household (taxrebal demo), as of its Settings (2026-11-20)",
         _sample_sheets, slow=True),
    Case("generated-seed3", "bench/generate.py seed 3: 3 accounts, 14 securities, 80 lots, 25 transactions, "
         "as of 2025-12-31", _generated(3, date(2025, 12, 31), 3, 14, 80, 25)),
    Case("generated-seed7", "bench/generate.py seed 7: 4 accounts, 18 securities, 90 lots, 30 transactions, "
         "as of 2026-07-01", _generated(7, date(2026, 7, 1), 4, 18, 90, 30)),
    Case("generated-seed11", "bench/generate.py seed 11: 3 accounts, 12 securities, 70 lots, 20 transactions, "
         "as of 2026-03-16", _generated(11, date(2026, 3, 16), 3, 12, 70, 20)),
)


def golden_path(case: Case) -> Path:
    return GOLDEN_DIR / f"{case.name}.json"


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"a result cell of type {type(value).__name__}: {value!r}")


@contextlib.contextmanager
def _solver_without_time_limits():
    """Every HiGHS call of the rebalancer (``engine/rebalance/lp.py``) without its ``time_limit``."""
    from taxrebal.engine.rebalance import lp

    lp.TIME_LIMITS = False
    try:
        yield
    finally:
        lp.TIME_LIMITS = True


def run_case(case: Case) -> dict[str, Any]:
    """Run ``case`` through the whole pipeline and return its :func:`snapshot`."""
    from taxrebal.pipeline import run_book
    from taxrebal.workbook.memory_book import MemoryBook
    from taxrebal.workbook.results import INPUT_SHEETS

    book = MemoryBook(INPUT_SHEETS)
    with _solver_without_time_limits():
        run_book(book, case.sheets(), run_time=RUN_TIME, default_as_of=None, source_name=case.name,
                 raise_internal=True)
    return snapshot(book, case)


def snapshot(book: Any, case: Case) -> dict[str, Any]:
    from taxrebal import __version__

    sheets: dict[str, list[dict[str, Any]]] = {}
    for name in book.sheet_names():
        if not book.is_owned(name):
            continue
        tables = []
        for table in book.tables(name):
            rows = [[_cell(v) for v in row] for row in table.rows]
            if name == "Run Info":
                rows = [[r[0], VERSION_MASK] if r[:2] == ["taxrebal version", __version__] else r for r in rows]
            tables.append({"title": table.title, "columns": [c.header for c in table.columns], "rows": rows,
                           "notes": list(table.notes), "highlight": list(table.highlight),
                           "total_rows": table.total_rows})
        sheets[name] = tables
    return {"case": case.name, "about": case.about, "sheets": sheets}


def dumps(doc: Mapping[str, Any]) -> str:
    """JSON with one table row per line (small diffs), keys in a fixed order, UTF-8 text kept."""
    def j(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{", f' "case": {j(doc["case"])},', f' "about": {j(doc["about"])},', ' "sheets": {']
    sheet_items = list(doc["sheets"].items())
    for s, (name, tables) in enumerate(sheet_items):
        lines.append(f"  {j(name)}: [")
        for t, table in enumerate(tables):
            lines.append("   {")
            for key in ("title", "columns", "notes", "highlight", "total_rows"):
                lines.append(f"    {j(key)}: {j(table[key])},")
            lines.append('    "rows": [')
            rows = table["rows"]
            lines += [f"     {j(row)}{',' if r < len(rows) - 1 else ''}" for r, row in enumerate(rows)]
            lines.append("    ]")
            lines.append("   }" + ("," if t < len(tables) - 1 else ""))
        lines.append("  ]" + ("," if s < len(sheet_items) - 1 else ""))
    lines += [" }", "}"]
    return "\n".join(lines) + "\n"


def load(case: Case) -> dict[str, Any]:
    return json.loads(golden_path(case).read_text(encoding="utf-8"))


def differences(golden: Mapping[str, Any], now: Mapping[str, Any]) -> list[str]:
    """Every difference between two snapshots, cell by cell, in sheet and row order."""
    def j(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    found: list[str] = []
    g_sheets, n_sheets = golden["sheets"], now["sheets"]
    if list(g_sheets) != list(n_sheets):
        found.append(f"result sheets: golden {list(g_sheets)}, now {list(n_sheets)}")
    for name in [n for n in g_sheets if n in n_sheets]:
        g_tables, n_tables = g_sheets[name], n_sheets[name]
        if [t["title"] for t in g_tables] != [t["title"] for t in n_tables]:
            found.append(f"{name}: tables golden {[t['title'] for t in g_tables]}, "
                         f"now {[t['title'] for t in n_tables]}")
        for k, (g, n) in enumerate(zip(g_tables, n_tables)):
            where = f"{name} / {g['title'] or f'table {k + 1}'!r}"
            for key in ("columns", "notes", "highlight", "total_rows"):
                if j(g[key]) != j(n[key]):
                    found.append(f"{where} {key}: golden {j(g[key])}, now {j(n[key])}")
            if len(g["rows"]) != len(n["rows"]):
                found.append(f"{where}: golden {len(g['rows'])} rows, now {len(n['rows'])}")
            headers = n["columns"]
            for r, (g_row, n_row) in enumerate(zip(g["rows"], n["rows"]), start=1):
                for c, (gv, nv) in enumerate(zip(g_row, n_row)):
                    if j(gv) != j(nv):
                        header = headers[c] if c < len(headers) else f"#{c + 1}"
                        found.append(f"{where} row {r}, column {header!r}: golden {j(gv)}, now {j(nv)}")
    return found


def failure_message(case: Case, found: Sequence[str], shown: int = 12) -> str:
    lines = [f"{case.name}: {len(found)} difference(s) from {golden_path(case).relative_to(ROOT)}; the first:"]
    lines += [f"  {d}" for d in found[:shown]]
    if len(found) > shown:
        lines.append(f"  ... and {len(found) - shown} more")
    lines.append(f"The result sheets changed. If this change is intended, run `{UPDATE_COMMAND}` and commit the "
                 "golden files in the same commit, saying why the numbers moved; otherwise it is a regression.")
    return "\n".join(lines)
