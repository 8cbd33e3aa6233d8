"""A short-term loss lot dated past the day it turns long-term because the plan harvests two other
identities of its class today, where holding one alone still dates part of it: both are held and dated,
and the whole short-term loss is sold today (engine/rebalance/hold_for_later.py, case 1; the benchmark's
``--past-sales`` seed 2612: RE0 and RE2 harvested today, RE1's short-term L031 dated to 2026-12-28, by
which day it is long-term; 0.991 -> 0.999 of the avoidable tax).

The household, worked by hand (As Of 2026-11-25). One Taxable account, no cash. REIT: RA, RB and RC at
$50, none substantially identical to another; Bonds: BND at $50. Lots: A1, 100 RA bought 2025-12-10 for
$5,800 (-$8 a share, -$800, short-term today, long-term from 2026-12-11, IRC §1222); B1, 100 RB bought
2024-01-10 for $7,500 (-$2,500 long-term); C1, 100 RC bought 2024-01-10 for $7,000 (-$2,000 long-term);
D1, 600 BND for $30,000. On 2026-11-15, 100 RB bought 2024-01-10 for $8,000 were sold at $50 (a $3,000
long-term loss; nothing of RB bought since: a purchase of RB before 2026-12-16 washes it, $30 a share).
$45,000 in all; REIT $15,000 against 22% +/- 2 ($9,000-$10,800), Bonds $30,000 against 78% +/- 2
($34,200-$36,000). Tax Mode Flat, 40% short-term, 20% long-term, $50,000 / $47,000 realized this year: a
short-term dollar of loss saves $0.40, a long-term one $0.20.

The law (IRC §1091(a), (d); Treas. Reg. §1.1091-1(a)): a loss sale is washed by a purchase of its
identity within 30 days before or after it, a dated sale's replacement purchase included.

* Today alone: B1 and C1 sold ($900.00), $4,000 or more of RA bought back (REIT at least $9,000); A1 can be
  dated only buying RB or RC, whose loss sales today wash a purchase through 2026-12-25: 2026-12-28, when
  A1 is long-term: -$800 long-term, $160.00. $1,060.00 in all.
* RB held alone (the first identity tried): 20 of A1's shares and C1 sold today (REIT at its $9,000 edge):
  -$160 short-term, -$2,000 long-term, $464.00; B1 dated 2026-12-28 ($500.00) and A1's other 80 shares
  with it, long-term by then (-$640, $128.00): $1,092.00, kept, but 80 shares of the short-term loss still
  wait past the day it turns long-term.
* RB and RC held: A1 alone sold today ($5,000: REIT $10,000, BND bought: Bonds $35,000), -$800 short-term,
  $320.00; B1 and C1 dated 2026-12-28 buying RA (33 days after A1's sale): -$4,500 long-term, $900.00.
  $1,220.00 in all: every loss harvested, none washed.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, TaxMode, Transaction

AS_OF = date(2026, 11, 25)
OLD = date(2024, 1, 10)


def test_both_harvested_identities_are_dated_so_the_short_term_loss_is_sold_today():
    settings = Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.40, flat_lt_rate=0.20,
                        state_tax_rate=0.0, realized_st_ytd=50_000.0, realized_lt_ytd=47_000.0, min_trade=0.0)
    h = Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("RA", "REIT", 50.0), Security("RB", "REIT", 50.0), Security("RC", "REIT", 50.0),
                    Security("BND", "Bonds", 50.0)),
        lots=(Lot("A1", "Taxable", "RA", date(2025, 12, 10), 100, 5_800.0),
              Lot("B1", "Taxable", "RB", OLD, 100, 7_500.0),
              Lot("C1", "Taxable", "RC", OLD, 100, 7_000.0),
              Lot("D1", "Taxable", "BND", date(2020, 3, 2), 600, 30_000.0)),
        transactions=(Transaction(date(2026, 11, 15), "Taxable", "RB", Action.SELL, 100, 50.0, acquired=OLD,
                                  basis=8_000.0),),
        targets=(Target("REIT", 0.22, band=0.02), Target("Bonds", 0.78, band=0.02)),
        settings=settings)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert {ls.lot_id: ls.quantity for ls in plan.lot_sales} == {"A1": pytest.approx(100)}
    assert (plan.realized_st, plan.realized_lt) == (pytest.approx(-800.0), pytest.approx(0.0))
    assert sorted((w.lot_id, w.quantity, w.sell_on, w.replacement) for w in plan.waits) == [
        ("B1", 100, date(2026, 12, 28), "RA"), ("C1", 100, date(2026, 12, 28), "RA")]
    assert plan.tax_total == pytest.approx(-320.0, abs=0.005)
    assert plan.tax_total + sum(w.est_tax for w in plan.waits) == pytest.approx(-1_220.0, abs=0.005)
