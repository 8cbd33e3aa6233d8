"""Rooms a newcomer can know: no source file of the package is over 700 lines (issue 15; CONTRIBUTING
"Habits"), nor any Python file of the tests, benchmarks, tools, add-in builder or docs. A file that
grows past it is split by concern, as ``workbook/schema/``, ``workbook/reader/`` and the reader's
tests (``test_reader_sheets.py``, ``test_reader_settings_activity.py``) were."""

from pathlib import Path

import taxrebal

LIMIT = 700


def test_no_source_file_is_over_700_lines():
    root = Path(taxrebal.__file__).parent
    sizes = {path.relative_to(root).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
             for path in root.rglob("*.py")}
    assert len(sizes) > 50  # the package was found (not an empty directory)
    too_big = {name: lines for name, lines in sizes.items() if lines > LIMIT}
    assert not too_big, f"split these by concern (lines): {too_big}"


def test_no_test_benchmark_or_tool_file_is_over_700_lines():
    repo = Path(__file__).resolve().parents[1]
    sizes = {path.relative_to(repo).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
             for folder in ("tests", "bench", "tools", "addin", "docs") for path in (repo / folder).rglob("*.py")}
    assert len(sizes) > 50 and "tests/test_source_size.py" in sizes
    too_big = {name: lines for name, lines in sizes.items() if lines > LIMIT}
    assert not too_big, f"split these by concern (lines): {too_big}"
