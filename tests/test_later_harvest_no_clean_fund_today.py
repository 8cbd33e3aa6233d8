"""A loss lot the plan cannot harvest today for want of a clean fund of its class is dated to the first
day one is clean, the rest of a lot sold in part today included (engine/rebalance/later_harvest.py).

Rule (IRC §1091(a); Treas. Reg. §1.1091-1(a), (c); taxrebal's reading): a purchase within 30 days after
a loss sale replaces that sale's open loss shares and washes them. A class's loss lots can be sold today
only as far as the bands let the class go down when no fund of the class is clean to buy; sold on a
later day of the tax year with a clean fund bought that day, the class is kept and the loss counts.
Before, only lots whose own identity was bought in the last 30 days were dated, and never the unsold
rest of a lot the plan sold in part today: the benchmark's ``--past-sales`` seed 1006 sold 54 of L032's
122 RE0B shares today (RE1A/RE1B's loss sale of 2026-11-12 still open) and left 68 of them and L030, $1,910
of long-term loss, unsold and undated (0.934 of the avoidable tax; 0.9995 with them dated 2026-12-14).
Seed 1216's L025 likewise (0.943).

The household, worked by hand: one Taxable account, As Of 2026-11-25 (a Wednesday); L1, 100 AAA bought
2024-01-10 for $12,000 at $100 today (a $2,000 long-term loss, $20 a share); BBB (US Stocks, not
substantially identical to AAA) had 40 shares bought 2024-01-10 for $2,400 sold at $50 on 2026-11-16, a
$400 loss with all 40 shares open (no BBB bought since); B1, 400 BND. Tax Mode Flat: 20% on long-term,
realized long-term +$50,000 this year. The plan sells 40 of L1's shares today (what the bands take:
-$800 long-term), buying no BBB: bought before 2026-12-17 (2026-11-16 + 31 days; 2026-12-16 is 30 days
after) it would wash the $400.

The other 60 shares are dated to 2026-12-17, a Thursday, BBB bought that day with their proceeds: -$1,200
long-term, 1,200 x 20% = $240.00 less tax this year on top of today's plan.
"""

from datetime import date

import numpy as np
import pytest

from taxrebal.engine.rebalance.data import Solution
from taxrebal.engine.rebalance.later_harvest import later_harvests
from taxrebal.engine.rebalance.model import RebalanceModel
from taxrebal.engine.rebalance.stages import _TaxOracle
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, TaxMode, Transaction

AS_OF = date(2026, 11, 25)
OLD = date(2024, 1, 10)


def household() -> Household:
    settings = Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.40, flat_lt_rate=0.20,
                        state_tax_rate=0.0, realized_lt_ytd=50_000.0, min_trade=0.0)
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("AAA", "US Stocks", 100.0), Security("BBB", "US Stocks", 50.0),
                    Security("BND", "Bonds", 50.0)),
        lots=(Lot("L1", "Taxable", "AAA", OLD, 100, 12_000.0),
              Lot("B1", "Taxable", "BND", date(2020, 3, 2), 400, 20_000.0)),
        transactions=(Transaction(date(2026, 11, 16), "Taxable", "BBB", Action.SELL, 40, 50.0, acquired=OLD,
                                  basis=2_400.0),),
        targets=(Target("US Stocks", 0.30, band=0.05), Target("Bonds", 0.70, band=0.05)),
        settings=settings)


def dated(sold_today: float) -> tuple:
    h = household()
    model, oracle = RebalanceModel(h, AS_OF), _TaxOracle(h, AS_OF)
    x = np.zeros(model.lp.n)
    (j,) = [j for sl, j in zip(model.sell_lots, model.lot_vars) if sl.lot.lot_id == "L1"]
    x[j] = sold_today
    lt = -20.0 * sold_today
    return later_harvests(model, oracle, (Solution(x, 0.0, 0.0, 0.0, lt), oracle.true_tax(0.0, lt)), ())


def test_the_rest_of_a_lot_sold_in_part_today_is_dated_to_the_day_a_fund_is_clean():
    (rest,) = dated(40.0)
    assert (rest.lot_id, rest.quantity, rest.sell_on, rest.later) == ("L1", 60, date(2026, 12, 17), True)
    assert (rest.realized_st, rest.realized_lt) == (0.0, pytest.approx(-1_200.0))
    assert rest.est_tax == pytest.approx(-240.00, abs=0.005)
    assert rest.replacement == "BBB"


def test_a_lot_not_sold_today_for_want_of_a_clean_fund_is_dated_whole():
    (whole,) = dated(0.0)
    assert (whole.lot_id, whole.quantity, whole.sell_on, whole.replacement) == ("L1", 100, date(2026, 12, 17), "BBB")
    assert whole.est_tax == pytest.approx(-400.00, abs=0.005)
