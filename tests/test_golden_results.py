"""The result sheets of fixed households are the same, value for value, as their golden files.

A refactoring (issue 15) must not move a single number: each case of :mod:`golden_results` (the
sample household and small generated households, each with a fixed As Of) is run through the
whole pipeline and every cell of every result sheet is compared, exactly, with
``tests/golden/<case>.json``. An intended change of behaviour regenerates them with
``python tools/update_golden.py`` in the same commit (CONTRIBUTING.md, "Golden result sheets").
"""

from __future__ import annotations

import copy

import pytest
from golden_results import CASES, differences, failure_message, golden_path, load, run_case


def _params():
    return [pytest.param(c, id=c.name, marks=[pytest.mark.slow] if c.slow else []) for c in CASES]


@pytest.mark.parametrize("case", _params())
def test_result_sheets_match_the_golden_file(case):
    assert golden_path(case).is_file(), f"no golden file for {case.name}: run `python tools/update_golden.py`"
    found = differences(load(case), run_case(case))
    assert not found, failure_message(case, found)


def test_a_changed_cell_is_reported_with_its_sheet_row_and_column():
    """The comparison can fail, and says where: one cell of a stored golden file changed by a cent."""
    case = next(c for c in CASES if not c.slow)
    golden = load(case)
    changed = copy.deepcopy(golden)
    table = next(t for t in changed["sheets"]["Trades"] if t["rows"])
    column = next(k for k, v in enumerate(table["rows"][0]) if isinstance(v, float))
    table["rows"][0][column] += 0.01
    [found] = differences(golden, changed)
    assert found.startswith(f"Trades / {table['title']!r} row 1, column {table['columns'][column]!r}: golden ")
    assert "tools/update_golden.py" in failure_message(case, [found])


def test_one_and_one_point_zero_differ():
    """Exact values: an int where a float was (or a float one ulp away) is a difference."""
    doc = {"sheets": {"X": [{"title": "", "columns": ["A"], "notes": [], "highlight": [], "total_rows": 0,
                             "rows": [[1.0]]}]}}
    other = copy.deepcopy(doc)
    other["sheets"]["X"][0]["rows"][0][0] = 1
    assert differences(doc, other) == ["X / 'table 1' row 1, column 'A': golden 1.0, now 1"]
    other["sheets"]["X"][0]["rows"][0][0] = 1.0000000000000002
    assert len(differences(doc, other)) == 1
