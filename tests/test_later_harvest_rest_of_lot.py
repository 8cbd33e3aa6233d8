"""The rest of a lot whose shares the plan sold today are dated (window_wait.py) is dated with them.

Rule (IRC §1091(a); engine/rebalance/later_harvest.py, taxrebal's reading): a loss lot the plan does not
sell today because a recent purchase of its identity would wash it is dated to the first day that purchase
no longer does, this tax year, when its loss lowers this year's tax. window_wait.py dates only the shares
the plan itself sold today (plan-quality seed 119: 1 of L038's 353 shares); the other shares of the lot,
and the identity's other loss lots, are dated too, no earlier than those sales. Before, an identity with a
window_wait sale was skipped: 352 shares and $12,897 of loss were neither sold nor dated (0.889 of the
avoidable tax against the independent optimum; 0.998 with them).

The household of tests/test_later_harvest.py, worked by hand: one Taxable account; L1, 100 AAA bought
2024-01-10 for $12,000 at $100 today (a $2,000 long-term loss, $20 a share); R1, 100 AAA bought 2026-11-20
(a short-term gain), which washes any AAA loss sale through 2026-12-20; B1, 400 BND. Tax Mode Flat: 20% on
long-term, realized long-term +$50,000 this year. As Of 2026-11-25, the plan trades nothing today.

window_wait.py has dated 1 share of L1 to 2026-12-21 (its -$20 long-term). The other 99 shares go on the
same day: -$1,980 long-term, 1,980 x 20% = $396.00 less tax on top of the plan and the 1 share, with BBB
bought that day to stay in US Stocks.
"""

from datetime import date

import numpy as np
import pytest

from taxrebal.engine.plan import WaitedSale
from taxrebal.engine.rebalance.data import Solution
from taxrebal.engine.rebalance.later_harvest import later_harvests
from taxrebal.engine.rebalance.model import RebalanceModel
from taxrebal.engine.rebalance.stages import _TaxOracle
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, TaxMode, Transaction

AS_OF = date(2026, 11, 25)
BOUGHT = date(2026, 11, 20)


def household() -> Household:
    settings = Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.40, flat_lt_rate=0.20,
                        state_tax_rate=0.0, realized_lt_ytd=50_000.0, min_trade=0.0)
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("AAA", "US Stocks", 100.0), Security("BBB", "US Stocks", 50.0),
                    Security("BND", "Bonds", 50.0)),
        lots=(Lot("L1", "Taxable", "AAA", date(2024, 1, 10), 100, 12_000.0),
              Lot("R1", "Taxable", "AAA", BOUGHT, 100, 6_000.0),
              Lot("B1", "Taxable", "BND", date(2020, 3, 2), 400, 20_000.0)),
        transactions=(Transaction(BOUGHT, "Taxable", "AAA", Action.BUY, 100, 60.0, lot_id="R1"),),
        targets=(Target("US Stocks", 0.50, band=0.05), Target("Bonds", 0.50, band=0.05)),
        settings=settings)


def one_share_dated() -> WaitedSale:
    return WaitedSale("Taxable", "AAA", "L1", 1, 100.0, date(2026, 12, 21), 0.0, -20.0, 20.0, -4.0, 0.0,
                      asset_class="US Stocks", identity="AAA", replacement="BBB")


def dated_after(waits: tuple[WaitedSale, ...]) -> tuple[WaitedSale, ...]:
    h = household()
    model, oracle = RebalanceModel(h, AS_OF), _TaxOracle(h, AS_OF)
    x = np.zeros(model.lp.n)  # the plan trades nothing today
    return later_harvests(model, oracle, (Solution(x, 0.0, 0.0, 0.0, 0.0), oracle.true_tax(0.0, 0.0)), waits)


def test_the_rest_of_a_lot_dated_in_part_is_dated_the_same_day():
    (rest,) = dated_after((one_share_dated(),))
    assert (rest.lot_id, rest.quantity, rest.sell_on, rest.later) == ("L1", 99, date(2026, 12, 21), True)
    assert (rest.realized_st, rest.realized_lt) == (0.0, pytest.approx(-1_980.0))
    assert rest.est_tax == pytest.approx(-396.00, abs=0.005)
    assert rest.replacement == "BBB"


def test_without_a_dated_part_the_whole_lot_is_dated():
    (whole,) = dated_after(())
    assert (whole.lot_id, whole.quantity, whole.sell_on) == ("L1", 100, date(2026, 12, 21))
    assert whole.est_tax == pytest.approx(-400.00, abs=0.005)
