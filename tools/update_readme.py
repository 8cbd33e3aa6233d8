"""Regenerate the README's workbook-contract section from src/taxrebal/workbook/schema/."""

import pathlib
import re

from taxrebal.workbook.schema import contract_markdown

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"

text = README.read_text(encoding="utf-8")
new = re.sub(r"(<!-- contract:begin -->\n).*(<!-- contract:end -->)",
             lambda m: m.group(1) + contract_markdown().strip() + "\n" + m.group(2), text, flags=re.S)
README.write_text(new, encoding="utf-8")
print("README contract section updated" if new != text else "README already up to date")
