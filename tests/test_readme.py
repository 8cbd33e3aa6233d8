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
