"""A class whose every fund the plan harvests, where the identity to hold for later has a lot it sells today
at a short-term loss: that sale is kept and the identity's other loss lots are held and dated
(engine/rebalance/hold_for_later.py, case 1).

The household, worked by hand (As Of 2026-11-25). One Taxable account, no cash. REIT: RA and RB at $50 (not
substantially identical; no other REIT fund); Bonds: BND at $50. Lots: A1, 100 RA bought 2024-01-10 for
$6,000 (-$10 a share, -$1,000 long-term); B1, 40 RB bought 2025-12-05 for $3,200 (-$30 a share, -$1,200,
short-term today, long-term from 2026-12-06, IRC §1222: held more than one year); B2, 60 RB bought
2024-01-10 for $3,600 (-$10 a share, -$600 long-term); D1, 600 BND for $30,000. $40,000 in all; REIT
$10,000 with a 7.5% target +/- 2.5: it ends between $2,000 and $4,000, so $6,000-$8,000 of it is sold net
today. Tax Mode Flat, 40% short-term, 20% long-term, $50,000 of each realized this year: a short-term
dollar of loss saves $0.40, a long-term one $0.20.

The law (IRC §1091(a); Treas. Reg. §1.1091-1(a)): a loss sale is washed by a purchase of its identity
within 30 days before or after it, a dated sale's replacement purchase included.

* Today alone: at least $6,000 of REIT is sold, so both funds are sold at a loss and no REIT is bought
  back; the most is $8,000: B1 (-$1,200 short-term, $480.00) and 120 of the 160 shares at -$10 ($240.00):
  $720.00 less tax. The 40 shares of A1 left (-$400) are not dated: Harvest Min Loss is $500 here (with
  the default $100, later_harvest.py dates them 2026-12-28 buying RB, -$400 long-term, $80.00: $800.00 in
  all, the same as holding RB below, so no re-solve is taken).
* Either fund held whole: the other alone is $5,000, under the $6,000 REIT must lose: outside its band.
* RB held but B1 sold today: A1 and B1 today ($7,000: -$1,000 long-term, -$1,200 short-term, $680.00);
  B2 dated 2026-12-28, the first trading day RA (sold at a loss today) is 31 days behind (2026-12-26 is a
  Saturday), buying RA that day: -$600 long-term, $120.00. Every loss counts, B1's at the short-term rate:
  $800.00 less tax.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target, TaxMode

AS_OF = date(2026, 11, 25)
OLD = date(2024, 1, 10)


def test_a_short_term_loss_sold_today_is_kept_and_the_rest_of_its_identity_dated():
    settings = Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.40, flat_lt_rate=0.20,
                        state_tax_rate=0.0, realized_st_ytd=50_000.0, realized_lt_ytd=50_000.0, min_trade=0.0,
                        harvest_min_loss=500.0)
    h = Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("RA", "REIT", 50.0), Security("RB", "REIT", 50.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("A1", "Taxable", "RA", OLD, 100, 6_000.0),
              Lot("B1", "Taxable", "RB", date(2025, 12, 5), 40, 3_200.0),
              Lot("B2", "Taxable", "RB", OLD, 60, 3_600.0),
              Lot("D1", "Taxable", "BND", date(2020, 3, 2), 600, 30_000.0)),
        targets=(Target("REIT", 0.075, band=0.025), Target("Bonds", 0.925, band=0.05)),
        settings=settings)
    plan = plan_rebalance(h, as_of=AS_OF)
    sold = {ls.lot_id: ls.quantity for ls in plan.lot_sales}
    assert sold == {"A1": pytest.approx(100), "B1": pytest.approx(40)}
    assert (plan.realized_st, plan.realized_lt) == (pytest.approx(-1_200.0), pytest.approx(-1_000.0))
    assert [(w.lot_id, w.quantity, w.sell_on, w.replacement) for w in plan.waits] == [
        ("B2", 60, date(2026, 12, 28), "RA")]
    assert plan.tax_total == pytest.approx(-680.0, abs=0.005)
    assert plan.tax_total + sum(w.est_tax for w in plan.waits) == pytest.approx(-800.0, abs=0.005)
