"""A short-term loss lot later_harvest.py would date past the day it turns long-term, because the plan
harvests another identity of its class today: that identity is held and dated instead, and the short-term
loss is sold today (engine/rebalance/hold_for_later.py, case 1; the benchmark's seed 1704).

The household, worked by hand (As Of 2026-11-25). One Taxable account, no cash. REIT: RA and RB at $50 (not
substantially identical; no other REIT fund); Bonds: BND at $50. Lots: A1, 100 RA bought 2025-12-10 for
$6,000 (-$10 a share, -$1,000, short-term today, long-term from 2026-12-11, IRC §1222: held more than one
year); B1, 100 RB bought 2024-01-10 for $7,500 (-$25 a share, -$2,500 long-term); D1, 600 BND for $30,000.
$40,000 in all; REIT $10,000 with a 15% target +/- 2.5: it ends between $5,000 and $7,000, so $3,000-$5,000
of it is sold net today. Tax Mode Flat, 40% short-term, 20% long-term, $50,000 of each realized this year:
a short-term dollar of loss saves $0.40, a long-term one $0.20.

The law (IRC §1091(a); Treas. Reg. §1.1091-1(a)): a loss sale is washed by a purchase of its identity
within 30 days before or after it, a dated sale's replacement purchase included.

* Today alone: a share of B1 saves $5.00 (-$25 long-term), one of A1 $4.00 (-$10 short-term), so the plan
  sells all of B1 today ($5,000: $500.00) and keeps A1. A1 can be dated only buying RB, whose loss sale
  today washes a purchase through 2026-12-25: dated 2026-12-28 (the 26th is a Saturday), by which day A1
  is long-term: -$1,000 long-term, $200.00. $700.00 less tax in all.
* RB held: the plan sells all of A1 today ($5,000: -$1,000 short-term, $400.00) and B1 is dated
  2026-12-28 buying RA (31 days after RA's loss sale, the next trading day): -$2,500 long-term, $500.00.
  $900.00 less tax in all.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target, TaxMode

AS_OF = date(2026, 11, 25)


def test_the_harvested_identity_is_dated_so_a_short_term_loss_is_sold_today():
    settings = Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.40, flat_lt_rate=0.20,
                        state_tax_rate=0.0, realized_st_ytd=50_000.0, realized_lt_ytd=50_000.0, min_trade=0.0)
    h = Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("RA", "REIT", 50.0), Security("RB", "REIT", 50.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("A1", "Taxable", "RA", date(2025, 12, 10), 100, 6_000.0),
              Lot("B1", "Taxable", "RB", date(2024, 1, 10), 100, 7_500.0),
              Lot("D1", "Taxable", "BND", date(2020, 3, 2), 600, 30_000.0)),
        targets=(Target("REIT", 0.15, band=0.025), Target("Bonds", 0.85, band=0.05)),
        settings=settings)
    plan = plan_rebalance(h, as_of=AS_OF)
    sold = {ls.lot_id: ls.quantity for ls in plan.lot_sales}
    assert sold == {"A1": pytest.approx(100)}
    assert (plan.realized_st, plan.realized_lt) == (pytest.approx(-1_000.0), pytest.approx(0.0))
    assert [(w.lot_id, w.quantity, w.sell_on, w.replacement) for w in plan.waits] == [
        ("B1", 100, date(2026, 12, 28), "RA")]
    assert plan.tax_total == pytest.approx(-400.0, abs=0.005)
    assert plan.tax_total + sum(w.est_tax for w in plan.waits) == pytest.approx(-900.0, abs=0.005)
