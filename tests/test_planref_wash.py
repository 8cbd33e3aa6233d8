"""The benchmark's own wash-sale check (bench/planref/wash_check.py) on the cases the law spells out.

IRS Pub 550, "Wash Sales": "You buy 100 shares of X stock for $1,000. You sell these shares for $750
and within 30 days from the sale you buy 100 shares of the same stock for $800. Because you bought
substantially identical stock, you can't deduct your loss of $250 on the sale. However, you add the
disallowed loss of $250 to the cost of the new stock, $800, to obtain your basis in the new stock,
which is $1,050." The other tests follow Reg. §1.1091-1 (c) fewer shares bought than sold, (e) a
share replaces one loss only, Rev. Rul. 2008-5 (an IRA purchase washes for good) and the reading the
benchmark shares with the issue: a replacement sold in an earlier step is no longer held.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from planref.plans import BuyOrder, RefPlan, SellPiece
from planref.wash_check import is_long_term, realize

from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 11, 25)


def _household(lots, securities=None, accounts=None) -> Household:
    securities = securities or (Security("X", "Stocks", 7.50, identical_group="XG"),
                                Security("XB", "Stocks", 7.50, identical_group="XG"),
                                Security("Y", "Stocks", 7.50))
    accounts = accounts or (Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA"))
    return Household(accounts=accounts, securities=securities, lots=tuple(lots),
                     targets=(Target("Stocks", 1.0),), settings=Settings(as_of=AS_OF))


OLD = Lot("L1", "Taxable", "X", date(2024, 1, 10), 100, 1_000.0)


def test_pub_550_example_loss_disallowed_and_added_to_the_new_basis():
    new = Lot("L2", "Taxable", "X", AS_OF - timedelta(days=20), 100, 800.0)
    r = realize(_household([OLD, new]), RefPlan((SellPiece(1, "L1", 100),), ()))
    assert r.disallowed == pytest.approx(250.0)
    assert r.lt == pytest.approx(0.0) and r.st == 0.0
    assert r.basis_added == {"L2": pytest.approx(250.0)}  # basis 800 + 250 = 1,050


def test_a_plan_buy_within_30_days_after_washes_as_well():
    r = realize(_household([OLD]), RefPlan((SellPiece(1, "L1", 100),), (BuyOrder(2, "Taxable", "X", 100),)))
    assert r.disallowed == pytest.approx(250.0)


def test_fewer_shares_bought_than_sold_washes_only_their_part():
    """Reg. §1.1091-1(c): 30 replacement shares against 100 sold: 30% of the loss is disallowed."""
    r = realize(_household([OLD]), RefPlan((SellPiece(1, "L1", 100),), (BuyOrder(2, "Taxable", "X", 30),)))
    assert r.disallowed == pytest.approx(75.0)
    assert r.lt == pytest.approx(-175.0)


def test_substantially_identical_means_the_identical_group_not_the_symbol():
    washed = realize(_household([OLD]), RefPlan((SellPiece(1, "L1", 100),), (BuyOrder(2, "Taxable", "XB", 100),)))
    clean = realize(_household([OLD]), RefPlan((SellPiece(1, "L1", 100),), (BuyOrder(2, "Taxable", "Y", 100),)))
    assert washed.disallowed == pytest.approx(250.0)
    assert clean.disallowed == 0.0 and clean.lt == pytest.approx(-250.0)


def test_an_ira_purchase_washes_the_loss_for_good():
    """Rev. Rul. 2008-5: the loss is disallowed and no basis anywhere is increased."""
    ira = Lot("L3", "IRA", "XB", AS_OF - timedelta(days=3), 100, None)
    r = realize(_household([OLD, ira]), RefPlan((SellPiece(1, "L1", 100),), ()))
    assert r.disallowed == pytest.approx(250.0)
    assert r.matches[0].permanent and r.basis_added == {}


def test_selling_the_replacement_first_leaves_nothing_to_wash():
    ira = Lot("L3", "IRA", "XB", AS_OF - timedelta(days=3), 100, None)
    first = realize(_household([OLD, ira]), RefPlan((SellPiece(1, "L3", 100), SellPiece(2, "L1", 100)), ()))
    after = realize(_household([OLD, ira]), RefPlan((SellPiece(1, "L1", 100), SellPiece(2, "L3", 100)), ()))
    assert first.disallowed == 0.0 and first.lt == pytest.approx(-250.0)
    assert after.disallowed == pytest.approx(250.0)  # still held when the loss was realized


def test_a_share_replaces_one_loss_only():
    """Reg. §1.1091-1(e): 100 replacement shares against two loss sales of 100: one is washed."""
    other = Lot("L4", "Taxable", "X", date(2023, 5, 1), 100, 900.0)
    r = realize(_household([OLD, other]), RefPlan((SellPiece(1, "L1", 100), SellPiece(2, "L4", 100)),
                                                  (BuyOrder(3, "Taxable", "X", 100),)))
    assert r.disallowed == pytest.approx(250.0)  # the first loss sale (step 1) is matched
    assert r.lt == pytest.approx(-150.0)


def test_the_lot_sold_is_not_its_own_replacement():
    recent_gain = Lot("L5", "Taxable", "X", AS_OF - timedelta(days=10), 100, 700.0)
    r = realize(_household([recent_gain]), RefPlan((SellPiece(1, "L5", 40),), ()))
    assert r.disallowed == 0.0 and r.st == pytest.approx(20.0)


@pytest.mark.parametrize(("acquired", "sold", "long"), [
    (date(2025, 3, 14), date(2026, 3, 14), False),  # the anniversary itself is short (Pub 544)
    (date(2025, 3, 14), date(2026, 3, 15), True),
    (date(2024, 2, 29), date(2025, 2, 28), False),
    (date(2024, 2, 29), date(2025, 3, 1), True),
])
def test_holding_period(acquired, sold, long):
    assert is_long_term(acquired, sold) is long


# --- §1223(3): the replacement's holding period *includes* the sold shares' (each day once) ---------

def test_included_start_is_the_union_of_the_two_periods():
    """Sold shares held 2025-06-02 to 2025-12-01 (182 days: 28 + 31 + 31 + 30 + 31 + 30 + 1). A
    replacement bought 2025-12-11, after the sale, counts from 2025-12-11 less 182 days = 2025-06-12
    (Pub 550's example); bought 2025-11-20 or on 2025-12-01 (held on the sale day) from 2025-06-02, the
    earlier start (not 2025-11-20 less 182 days = 2025-05-22); bought 2025-05-01, before the sold
    shares, from its own date; inherited sold shares (no date, §1223(9)): 400 days before."""
    from planref.history import included_start

    sold_acquired, sold_on = date(2025, 6, 2), date(2025, 12, 1)
    assert included_start(date(2025, 12, 11), sold_acquired, sold_on) == date(2025, 6, 12)
    assert included_start(date(2025, 11, 20), sold_acquired, sold_on) == date(2025, 6, 2)
    assert included_start(date(2025, 12, 1), sold_acquired, sold_on) == date(2025, 6, 2)
    assert included_start(date(2025, 5, 1), sold_acquired, sold_on) == date(2025, 5, 1)
    assert included_start(date(2025, 11, 20), None, sold_on) == date(2024, 10, 16)


def test_a_recent_lot_sold_after_a_short_term_loss_stays_short_term():
    """A chain after a short-term loss. L1: 100 X bought 2025-12-20 for $1,000, sold today (2026-11-25,
    340 days: 11 + 304 + 25) at $7.50: a $250 short-term loss. R1: 10 X bought 2026-11-05 for $70, held
    on the sale day: it replaces 10 loss shares, $25 disallowed into its basis ($95), and counts from
    2025-12-20 (the earlier start), still short-term today. Sold after, at $75: -$20 short-term.
    ST = -250 + 25 - 20 = -$245, LT = 0 (adding L1's 340 days to 2026-11-05 instead would start R1 on
    2025-11-30 and call its -$20 long-term)."""
    loss = Lot("L1", "Taxable", "X", date(2025, 12, 20), 100, 1_000.0)
    recent = Lot("R1", "Taxable", "X", date(2026, 11, 5), 10, 70.0)
    r = realize(_household([loss, recent]), RefPlan((SellPiece(1, "L1", 100), SellPiece(2, "R1", 10)), ()))
    assert r.disallowed == pytest.approx(25.0)
    assert r.st == pytest.approx(-245.0)
    assert r.lt == pytest.approx(0.0)
