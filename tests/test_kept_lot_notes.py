"""A note about a lot the plan keeps describes it as the plan leaves it (fe9 finding 1;
engine/rebalance/kept_lots.py): the loss the plan's own wash sale moves into its basis (IRC
§1091(d)) and the sold shares' holding period its own now includes (IRC §1223(3); Pub 550 "Wash Sales";
a lot held on the sale day counts from the earlier of the two starts, engine/wash.py).

Every expected figure is worked by hand from the rule, not read from taxrebal.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.rebalance.kept_lots import kept_shares
from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    Security,
    Settings,
    Target,
    Transaction,
)
from taxrebal.engine.wash_records import WashMatch

AS_OF = date(2026, 12, 4)


def _chens(t2_bought: date = date(2025, 12, 10), t3_bought: date = date(2026, 11, 20)) -> Household:
    """fe9's Chens, VTI at $300 in Joint Taxable: T1 300 sh of 2015 ($100), T2 100 sh bought
    2025-12-10 for $32,000 ($320: a $2,000 short-term loss), T3 20 sh bought 2026-11-20 for $5,900
    ($295: a $100 short-term gain). Bonds in a Roth; 50/50 targets, every class within its band, so
    the plan only harvests (MFJ, $310,000 of wages: a loss saves 24% + 5% state)."""
    return Household(
        accounts=(Account("Joint Taxable", "Taxable"), Account("Lin Roth", "Roth IRA")),
        securities=(Security("VTI", "US Stocks", 300.0, replacements=("ITOT",)),
                    Security("ITOT", "US Stocks", 140.0), Security("BND", "Bonds", 73.0)),
        lots=(Lot("T1", "Joint Taxable", "VTI", date(2015, 3, 2), 300, 30_000.0),
              Lot("T2", "Joint Taxable", "VTI", t2_bought, 100, 32_000.0),
              Lot("T3", "Joint Taxable", "VTI", t3_bought, 20, 5_900.0),
              Lot("R1", "Lin Roth", "BND", date(2019, 1, 5), 1_700, None)),
        transactions=(Transaction(t3_bought, "Joint Taxable", "VTI", Action.BUY, 20, 295.0,
                                  lot_id="T3"),),
        targets=(Target("US Stocks", 0.5), Target("Bonds", 0.5)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=310_000.0,
                          state_tax_rate=0.05, min_trade=100.0, whole_shares=True))


def test_kept_lot_that_took_the_plans_washed_loss_is_a_short_term_loss_not_a_short_term_gain():
    """T2 bought 2025-12-04 and T3 on 2026-12-01 (with T3 bought 2026-11-20 the plan would rather date
    T2's sale after T3's 30 days, engine/rebalance/hold_for_later.py case 3; from 2026-12-01 they end in
    2027). The plan harvests T2 (100 x $20 = $2,000, short-term: held exactly one year, not more) and
    keeps T3: T3's 20 shares replace 20 of T2's (Reg. §1.1091-1(c)), taking 20 x $20 = $400 into their
    basis: $5,900 + $400 = $6,300, worth 20 x $300 = $6,000, a $300 loss. T2 was held 2025-12-04 ->
    2026-12-04; T3, held on the sale day, includes that period (IRC §1223(3)) and counts from the
    earlier start, 2025-12-04: exactly one year on 2026-12-04, short-term like T2 (fe15 finding 1: not
    2026-12-01 less T2's 365 days = 2025-12-01, which made it long-term). So the note calls T3 a $300
    short-term loss, and no note may call it a short-term gain turning long-term on 2027-12-02
    (2026-12-01's)."""
    plan = plan_rebalance(_chens(date(2025, 12, 4), date(2026, 12, 1)), as_of=AS_OF)
    sold = {(s.lot_id, s.quantity) for s in plan.lot_sales}
    assert ("T2", 100) in sold and not any(lot == "T3" for lot, _q in sold)
    assert not [n for n in plan.notes if "2027-12-02" in n or "short-term gains were not sold" in n]
    (note,) = [n for n in plan.notes if "lot T3 (kept)" in n]
    assert "$400.00 of washed loss" in note and "its 20 shares ($6,300.00)" in note
    assert "from 2025-12-04" in note and "short-term, a $300.00 loss" in note


def _match(shares: float, adjustment: float) -> WashMatch:
    return WashMatch(AS_OF, "Joint Taxable", "VTI", "T2", shares, shares * 20.0, adjustment, False,
                     "Joint Taxable", "VTI", "T3", date(2026, 11, 20), shares, adjustment,
                     5_900.0 / 20 * shares + adjustment, date(2025, 12, 10))


def test_partly_reached_lot_splits_into_washed_shares_and_the_rest():
    """5 of T3's 20 shares matched ($100 added): they hold $295 x 5 + $100 = $1,575 of basis from
    2025-12-10 (T2's purchase: T3, bought 2026-11-20, was held on the sale day; a $75 short-term loss at
    $300, long-term from 2026-12-11); the other 15 keep $4,425 and 2026-11-20 (a $75 short-term gain,
    long-term from 2027-11-21)."""
    t3 = _chens().lots[2]
    washed, rest = kept_shares(t3, 20, 300.0, [_match(5, 100.0)])
    assert (washed.shares, washed.held_from, washed.carried) == (5, date(2025, 12, 10), pytest.approx(100.0))
    assert washed.basis == pytest.approx(1_575.0) and washed.gain == pytest.approx(-75.0)
    assert not washed.long_term(AS_OF) and washed.long_term_from() == date(2026, 12, 11)
    assert (rest.shares, rest.held_from, rest.carried) == (15, date(2026, 11, 20), 0.0)
    assert rest.gain == pytest.approx(75.0) and not rest.long_term(AS_OF)
    assert rest.long_term_from() == date(2027, 11, 21)


def test_matched_shares_the_plan_sells_afterwards_leave_with_their_loss():
    """Of T3's 20 shares, 20 matched; the plan later sells 12 of them (carrying the loss) and keeps 8:
    8 x ($295 + $20) = $2,520 of basis, from 2025-12-10."""
    t3 = _chens().lots[2]
    (kept,) = kept_shares(t3, 8, 300.0, [_match(20, 400.0)], sold_carrying=12)
    assert (kept.shares, kept.held_from) == (8, date(2025, 12, 10))
    assert kept.basis == pytest.approx(2_520.0) and kept.carried == pytest.approx(160.0)
