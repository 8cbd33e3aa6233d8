"""The shares of the household on the Allocation sheet add up to the Total's 100.00% as shown.

A percent cell shows two decimals; each share rounded alone can make the rows read 100.01 or 99.99
beside a Total of 100.00 (fe7: the sample's After %). The shares are written to hundredths of a
percent by the largest remainder (workbook/results/allocation.py): each rounded down, then the
missing hundredths to the largest remainders.

Worked by hand: three classes of $100 each are 33.3333...% each. Rounded alone: 33.33 x 3 = 99.99.
Floors 33.33 x 3 = 99.99; one hundredth is missing; the remainders tie (0.00333...), so it goes to
the first row: 33.34, 33.33, 33.33 = 100.00.
"""

from datetime import date

import pytest

from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target
from taxrebal.workbook.results.allocation import account_table, class_table, shown_shares


def test_largest_remainder_shares_add_up_to_the_whole():
    assert shown_shares([1 / 3, 1 / 3, 1 / 3]) == [0.3334, 0.3333, 0.3333]
    # the fe7 chen2 After % row: rounded alone already 100.00; the rule keeps nearest rounding then
    assert shown_shares([0.449784, 0.199933, 0.3, 0.049897, 0.000386]) == [0.4498, 0.1999, 0.3, 0.0499, 0.0004]
    # 0.125 x 8 = 100%; 12.50 each, nothing to move
    assert shown_shares([0.125] * 8) == [0.125] * 8


def three_thirds() -> Household:
    return Household(
        accounts=(Account("IRA", "Traditional IRA"), Account("Roth", "Roth IRA"), Account("HSA", "HSA")),
        securities=(Security("A", "Alpha", 10.0), Security("B", "Beta", 10.0), Security("C", "Gamma", 10.0)),
        lots=(Lot("1", "IRA", "A", None, 10, None), Lot("2", "Roth", "B", None, 10, None),
              Lot("3", "HSA", "C", None, 10, None)),
        targets=(Target("Alpha", 0.34), Target("Beta", 0.33), Target("Gamma", 0.33)),
        settings=Settings(as_of=date(2026, 6, 1)))


def test_the_class_and_account_shares_add_up_to_the_total_row():
    h = three_thirds()
    after = {"Alpha": 100.0, "Beta": 100.0, "Gamma": 100.0}
    t = class_table(h, after)
    cols = [c.header for c in t.columns]
    body, total = t.rows[:-1], t.rows[-1]
    for name in ("Current %", "After %"):
        i = cols.index(name)
        assert [r[i] for r in body if r[0] != "Cash"][:3] == [0.3334, 0.3333, 0.3333]
        assert sum(round(r[i] * 100, 2) for r in body) == pytest.approx(100.00) and total[i] == 1.0
    a = account_table(h)
    i = [c.header for c in a.columns].index("Share %")
    assert [r[i] for r in a.rows[:-1]] == [0.3334, 0.3333, 0.3333] and a.rows[-1][i] == 1.0
