"""Every dollar figure a note or message prints is rounded by the one money rule (engine/money.py).

Rule: amounts shown to a person are rounded to cents half away from zero as written (``cents``); an
f-string's own ``:,.2f`` rounds the binary value half to even and prints ``-0.00`` for a loss under half a
cent. So a ``${...:,.2f}`` in the source formats ``cents(...)``: ``f"${cents(0.125):,.2f}"`` is "$0.13"
(``f"${0.125:,.2f}"`` is "$0.12"), and ``f"${cents(-0.004):,.2f}"`` is "$0.00", never "$-0.00".
"""

import re
from pathlib import Path

from taxrebal.engine.money import cents

SRC = Path(__file__).resolve().parents[1] / "src" / "taxrebal"
MONEY_FORMAT = re.compile(r"\$\{([^{}]+?):,\.2f\}")


def test_the_rule_itself():
    assert f"${cents(0.125):,.2f}" == "$0.13"
    assert f"${cents(-0.004):,.2f}" == "$0.00"
    assert f"${cents(2.675):,.2f}" == "$2.68"


def test_every_money_format_in_the_source_goes_through_cents():
    bare = [f"{path.relative_to(SRC)}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
            for path in sorted(SRC.rglob("*.py"))
            for text in (path.read_text(encoding="utf-8"),)
            for m in MONEY_FORMAT.finditer(text)
            if not m.group(1).strip().startswith("cents(")]
    assert not bare, "\n".join(bare)


def test_cents_of_any_float_never_raises():
    """An absurd imported amount (a cash cell of 1e32, an overflowing 1e999) is still a figure a message can
    print: cents needs 35 digits for $1e32 (the decimal module's default is 28) and leaves inf and NaN alone."""
    assert cents(1e32) == 1e32 and cents(-1e32) == -1e32
    assert cents(1.7976931348623157e308) == 1.7976931348623157e308
    assert cents(float("inf")) == float("inf")
    assert cents(123456789.005) == 123456789.01
    assert f"${cents(1e32):,.2f}" == "$100,000,000,000,000,005,366,162,204,393,472.00"
