"""The wash_sales and harvest pipeline steps on the sample Rivera household (as of 2026-11-20).

Hand-worked from the sample's rows: IVV lot B-12 (40 sh, cost $28,000, bought 2026-02-02) sold
2026-10-28 at $655 = $26,200: a $1,800 loss, $45 a share. S&P 500 purchases within 30 days: 1.118 VOO
reinvested 2026-09-30 in Joint Brokerage (lot B-07): 1.118 x 45 = $50.31 added to its basis
(1.118 x 600 = 670.80 -> 721.11), holding from 2026-09-30 minus the 268 days B-12 was held =
2026-01-05; 6.5 FXAIX bought in the 401(k) 2026-11-14: 6.5 x 45 = $292.50 lost for good.
VXUS lot B-13 (300 sh, $20,400) sold 2026-11-13 at $62.40 = $18,720: $1,680 loss, $5.60 a share;
150 VXUS bought in the Traditional IRA 2026-11-10: 150 x 5.60 = $840 lost for good.
Total disallowed 50.31 + 292.50 + 840 = $1,182.81, of which $1,132.50 permanent.
"""

from datetime import date, datetime
from types import SimpleNamespace

import pytest

from taxrebal.pipeline import run_book


def run(household, book):
    loader = lambda default_as_of=None: SimpleNamespace(household=household, issues=(), ok=True, digest="")  # noqa: E731
    return run_book(book, loader, command="harvest", run_time=datetime(2026, 11, 20, 9, 30),
                    default_as_of=None, source_name="sample", raise_internal=True)


def test_wash_step_adjusts_the_household_for_every_later_step(sample_household, memory_book):
    outcome = run(sample_household, memory_book)
    assert outcome.steps_run == ("wash_sales", "harvest")
    wash = outcome.results.wash
    assert wash.total_disallowed == pytest.approx(1182.81)
    assert wash.permanent_disallowed == pytest.approx(1132.50)
    b07 = next(lot for lot in outcome.household.lots if lot.lot_id == "B-07")
    assert b07.adjusted_basis == pytest.approx(721.11)
    # B-07 (VOO reinvested 2026-09-30) was held when it washed IVV B-12 (bought 2026-02-02, sold at a loss
    # 2026-10-28): the union of the two holding periods starts 2026-02-02, B-12's purchase (IRC §1223(3))
    assert b07.adjusted_acquired == date(2026, 2, 2)
    assert outcome.summary[0] == ("Past trades (Transactions): 3 wash-sale matches, $1,182.81 disallowed "
                                  "($1,132.50 lost for good to tax-advantaged purchases)")
    for sheet in ("Wash Sales", "Form 8949", "Harvest"):
        assert memory_book.is_owned(sheet)


def test_form8949_sheet_of_the_sample(sample_household, memory_book):
    run(sample_household, memory_book)
    part1, part2 = memory_book.tables("Form 8949")
    # IVV held 2026-02-02 -> 2026-10-28: short-term; 26,200 - 28,000 + 342.81 = -1,457.19.
    assert part1.rows[1][1:9] == ("40 sh IVV", date(2026, 2, 2), date(2026, 10, 28), 26200.0, 28000.0, "W",
                                 342.81, -1457.19)
    # VXUS held 2025-02-03 -> 2026-11-13: long-term; 18,720 - 20,400 + 840 = -840.
    assert part2.rows[1][1:9] == ("300 sh VXUS", date(2025, 2, 3), date(2026, 11, 13), 18720.0, 20400.0, "W",
                                 840.0, -840.0)
    # The March and April VTI gains come first: 7,500 - 5,350 = 2,150 (ST), 18,000 - 5,600 = 12,400 (LT).
    assert part1.rows[0][1:9] == ("25 sh VTI", date(2025, 6, 2), date(2026, 3, 16), 7500.0, 5350.0, "", None,
                                 2150.0)
    assert part2.rows[0][1] == "60 sh VTI" and part2.rows[0][8] == 12400.0
