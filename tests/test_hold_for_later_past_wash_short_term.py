"""Case 3 of engine/rebalance/hold_for_later.py (a harvest refilled with a fund that washes an earlier loss)
with a short-term loss lot among the harvested ones: that lot is first left free, so the re-solve may sell
it today, while it is short-term, and date only the identity's other loss lots (issue 9).

Found by the plan-quality benchmark (bench/planref households with 30 lots a class, ``--past-sales``, seed
2105): US0 and US1 were harvested today and US Stocks refilled with US2, washing US2's loss sold
2026-11-08; case 3 held every US0 and US1 loss lot and dated them 2026-12-09, the day US2 is clean, so
US0's L013 (short-term today, long-term from 2026-12-09) lost its short-term rate; the reference sells
L013 today and dates the others (0.988 of the avoidable tax; 0.995 with this).

The household, worked by hand (tests/test_hold_for_later_past_wash.py's, with one more IA lot). As Of
2026-11-25, one Taxable account, no cash. Intl: IA and IB at $50 (not substantially identical; no other
Intl fund); Bonds: BND at $50. Lots: A1, 100 IA bought 2024-01-10 for $6,000 (-$10 a share, a $1,000
long-term loss); S1, 20 IA bought 2025-12-01 for $1,300 (-$15 a share, a $300 loss, short-term today:
long-term only when sold after 2026-12-01, IRC §1222, Pub 550 "Holding Period"); D1, 100 BND bought
2020-03-02 for $5,000. On 2026-11-10, 40 IB bought 2024-01-10 for $2,400 were sold at $50: a $400
long-term loss ($10 a share), in Realized LT YTD ($50,000 of gains less it: $49,600), nothing of IB bought
since. $11,000 in all; Intl $6,000 (54.5%), target 50% +/- 5: between $4,950 and $6,050 after the plan.
Tax Mode Flat, 40% short-term, 20% long-term, $10,000 of short-term gains this year: a short-term loss
of up to that offsets short-term gains, each dollar saving $0.40 (IRC §1222 netting; without such gains
it would offset long-term gains, at 20%); a long-term loss saves $0.20.

The law (IRC §1091(a); Treas. Reg. §1.1091-1(a), (c)): a purchase of IB through 2026-12-10 (30 days after
2026-11-10) replaces that sale's loss shares one for one and disallows their loss this year.

* Today alone: every IA loss sold (-$300 short-term, -$1,000 long-term) leaves Intl at $0, refilled with
  at least 99 IB ($4,950), which replace the 40 open loss shares: +$400 long-term. -$300 x 40% - $600 x
  20% = -$240.00. (Selling only down to $4,950, 21 shares, S1 and 1 of A1: -$122.00.)
* Case 3, every IA loss lot held: nothing today; A1 and S1 dated 2026-12-11 (2026-11-10 + 31, a Friday:
  the first day IB is clean) buying IB: S1 is long-term by then: -$1,300 x 20% = -$260.00.
* S1 left free, A1 held: S1 sold today (-$300 short-term; Intl $5,000, 45.5%, within its band, no Intl
  fund bought: its $1,000 may buy BND, no wash), A1 dated 2026-12-11 buying IB (no IA acquired within 30
  days of it): -$300 x 40% - $1,000 x 20% = -$320.00, every loss this year at its best rate and the $400
  kept: the least any plan can pay.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, TaxMode, Transaction

AS_OF = date(2026, 11, 25)
OLD = date(2024, 1, 10)


def _household() -> Household:
    settings = Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.40, flat_lt_rate=0.20,
                        state_tax_rate=0.0, realized_st_ytd=10_000.0, realized_lt_ytd=49_600.0, min_trade=0.0)
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("IA", "Intl", 50.0), Security("IB", "Intl", 50.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("A1", "Taxable", "IA", OLD, 100, 6_000.0),
              Lot("S1", "Taxable", "IA", date(2025, 12, 1), 20, 1_300.0),
              Lot("D1", "Taxable", "BND", date(2020, 3, 2), 100, 5_000.0)),
        transactions=(Transaction(date(2026, 11, 10), "Taxable", "IB", Action.SELL, 40, 50.0, acquired=OLD,
                                  basis=2_400.0),),
        targets=(Target("Intl", 0.50, band=0.05), Target("Bonds", 0.50, band=0.05)),
        settings=settings)


def test_a_short_term_loss_is_sold_today_and_the_rest_dated():
    plan = plan_rebalance(_household(), as_of=AS_OF)
    assert {ls.lot_id: ls.quantity for ls in plan.lot_sales} == {"S1": pytest.approx(20)}
    assert not [t for t in plan.trades if t.action.value == "Buy" and t.symbol in ("IA", "IB")]
    assert (plan.realized_st, plan.realized_lt) == (pytest.approx(-300.0), pytest.approx(0.0))
    (wait,) = plan.waits
    assert (wait.lot_id, wait.quantity, wait.sell_on, wait.replacement) == ("A1", 100, date(2026, 12, 11), "IB")
    assert (wait.realized_st, wait.realized_lt) == (0.0, pytest.approx(-1_000.0))
    assert plan.tax_total == pytest.approx(-120.0, abs=0.005)
    assert plan.tax_total + wait.est_tax == pytest.approx(-320.0, abs=0.005)
