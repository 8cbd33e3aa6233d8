"""The README's "How a file is recognised" table names, for each broker format, exactly the header
cells the importer looks for: a user checks an export against it before importing (fe16 F14)."""

import pathlib
import re

from taxrebal.workbook.importers import detect, generic, vanguard
from taxrebal.workbook.importers.text import csv_lines

README = (pathlib.Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _table() -> dict[str, str]:
    part = README.split("**How a file is recognised**", 1)[1].split("**Generic CSV**", 1)[0]
    return {m.group(1): m.group(2) for m in re.finditer(r"^\| `([a-z-]+)` \| (.+) \|$", part, flags=re.M)}


def _leading_cells(text: str) -> list[str]:
    """The cells before any parenthesis, as the README lists them."""
    return [c.strip() for c in re.sub(r"\(the .*\)|\(its .*\)", "", text).split(", ") if c.strip()]


def test_every_detected_format_has_a_row():
    assert set(_table()) == set(detect.BROKERS) - {"auto"}


def test_each_row_lists_the_signature_headers_in_order():
    table = _table()
    for key, (_, headers) in detect._SIGNATURES.items():
        assert _leading_cells(table[key]) == list(headers), key


def test_vanguard_holdings_and_the_scan_depths():
    assert ", ".join(vanguard.HOLDING_HEADERS) in _table()["vanguard"]
    assert f"first {detect._SCAN} lines (generic: 30)" in README.replace("\n", " ")
    header_on = {n: generic.looks_generic(csv_lines("title\n" * (n - 1) + "Symbol,Quantity\nVTI,1\n", "f.csv"))
                 for n in (30, 31)}
    assert header_on == {30: True, 31: False}
