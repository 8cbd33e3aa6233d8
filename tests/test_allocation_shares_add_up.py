"""The shares of the household on the Allocation sheet: By account's Share % adds up to the Total's
100.00% as shown; a class's Current % and After % are its own share, as its Drift (audit18 F11), and a
note says when the rows as shown do not add up to 100.00%.

A percent cell shows two decimals; each share rounded alone can make the rows read 100.01 or 99.99
beside a Total of 100.00 (fe7: the sample's After %). The shares are written to hundredths of a
percent by the largest remainder (workbook/results/allocation.py): each rounded down, then the
missing hundredths to the largest remainders.

Worked by hand: three classes of $100 each are 33.3333...% each. Rounded alone: 33.33 x 3 = 99.99.
Floors 33.33 x 3 = 99.99; one hundredth is missing; the remainders tie (0.00333...), so it goes to
the first row: 33.34, 33.33, 33.33 = 100.00.
"""

from datetime import date

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


def test_the_account_shares_add_up_and_the_class_rows_agree_with_their_drift():
    h = three_thirds()
    after = {"Alpha": 100.0, "Beta": 100.0, "Gamma": 100.0}
    t = class_table(h, after)
    cols = [c.header for c in t.columns]
    body, total = t.rows[:-1], t.rows[-1]
    for name, drift in (("Current %", "Drift"), ("After %", "After Drift")):
        i, d = cols.index(name), cols.index(drift)
        # each class is 33.33% (its own share): Alpha 0.67 points under its 34%, Beta and Gamma 0.33 over
        # their 33%; shown 33.33 x 3 = 99.99
        assert [round(r[i] * 100, 2) for r in body if r[0] != "Cash"][:3] == [33.33, 33.33, 33.33]
        assert [round(r[d] * 100, 2) for r in body if r[0] != "Cash"][:3] == [-0.67, 0.33, 0.33]
        assert total[i] == 1.0
        assert any(n.startswith(f"{name}: each row is its own class's share") and "add up to 99.99%" in n
                   for n in t.notes)
    a = account_table(h)
    i = [c.header for c in a.columns].index("Share %")
    assert [r[i] for r in a.rows[:-1]] == [0.3334, 0.3333, 0.3333] and a.rows[-1][i] == 1.0


def test_h1s_cash_row_reads_0_50_percent_beside_its_0_50_point_drift():
    # audit18 F11, fe17's h1 by hand: US Stocks $131,250, Intl $29,600, Bonds $39,525, Cash $1,000 of
    # $201,375: 65.1769%, 14.6989%, 19.6276%, 0.4966% -> 65.18, 14.70, 19.63, 0.50 (= 100.01 as shown);
    # Cash, no target: Drift +0.4966 points -> +0.50, the row's Current % 0.50 (it read 0.49)
    h = Household(
        accounts=(Account("Brokerage", "Taxable", cash=1_000.0),),
        securities=(Security("US", "US Stocks", 1.0), Security("INTL", "Intl Stocks", 1.0),
                    Security("BOND", "Bonds", 1.0)),
        lots=(Lot("1", "Brokerage", "US", None, 131_250, None), Lot("2", "Brokerage", "INTL", None, 29_600, None),
              Lot("3", "Brokerage", "BOND", None, 39_525, None)),
        targets=(Target("US Stocks", 0.55), Target("Intl Stocks", 0.25), Target("Bonds", 0.20)),
        settings=Settings(as_of=date(2026, 6, 1)))
    t = class_table(h)
    cols = [c.header for c in t.columns]
    rows = {r[0]: r for r in t.rows}
    shown = {k: round(rows[k][cols.index("Current %")] * 100, 2) for k in ("US Stocks", "Intl Stocks", "Bonds", "Cash")}
    assert shown == {"US Stocks": 65.18, "Intl Stocks": 14.70, "Bonds": 19.63, "Cash": 0.50}
    assert round(rows["Cash"][cols.index("Drift")] * 100, 2) == 0.50
    assert any("add up to 100.01%" in n for n in t.notes)
