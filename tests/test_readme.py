"""The README's workbook contract is generated from the schema, so it cannot drift from the reader."""

import pathlib
import re

from taxrebal.workbook.schema import contract_markdown

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"


def contract_section(text: str) -> str:
    m = re.search(r"<!-- contract:begin -->\n(.*)<!-- contract:end -->", text, re.S)
    assert m, "README lost its contract markers"
    return m.group(1)


def test_readme_contract_section_is_the_schemas_contract():
    assert contract_section(README.read_text(encoding="utf-8")).strip() == contract_markdown().strip(), (
        "README is out of date: run tools/update_readme.py")


def test_readme_opens_with_the_two_commands():
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", text, re.S)
    assert "taxrebal demo" in blocks[0] and "pip install ." in blocks[0]
    assert "python -m pytest -q" in blocks[1] and "[test,build]" in blocks[1]


def test_readme_lists_every_step_run_only_accepts():
    from taxrebal.pipeline import COMMANDS

    line = next(x for x in README.read_text(encoding="utf-8").splitlines() if "[--only STEP]" in x)
    listed = set(re.findall(r"`(\w+)`", line.split("STEP:", 1)[1]))
    assert listed == set(COMMANDS)


def test_readme_calls_the_settings_sheet_required_since_a_workbook_without_it_is_an_error():
    from reader_workbook import book

    from taxrebal.workbook.reader import load_sheets

    r = load_sheets(book(Settings=None))
    assert r.household is None and any(i.sheet == "Settings" and i.severity.name == "ERROR" for i in r.issues)
    assert "### Settings (required)" in README.read_text(encoding="utf-8")
