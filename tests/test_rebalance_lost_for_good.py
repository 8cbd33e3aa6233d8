"""A loss lost for good counts at its full value (taxrebal's reading of Rev. Rul. 2008-5).

A loss washed by a purchase in an IRA/401(k)/Roth/HSA is not added to any basis: it is gone. A loss
left in an unsold lot can be harvested later, and one deferred into a taxable replacement's basis
(IRC §1091(d)) comes back when that lot is sold. So the plan charges each dollar lost for good at the
long-term marginal rate, on top of this year's tax: it never loses $180 for good to save $3.

Tax figures: 2026, single, $100,000 ordinary income, $20,000 of long-term gains realized this
year: the next dollar of long-term loss saves 15%.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, Transaction

AS_OF = date(2026, 6, 1)
LONG_AGO = date(2015, 1, 5)
TEN_DAYS_AGO = date(2026, 5, 22)


def household(ira_shares_bought: float, bought_on: date = TEN_DAYS_AGO, as_of: date = AS_OF) -> Household:
    # Taxable: 10 VTI at $100, basis $120 a share ($200 loss, worth harvesting). The IRA bought
    # ``ira_shares_bought`` VTI on ``bought_on`` and cannot sell them first: with Min Trade $950
    # an IRA order of at most 9 shares ($900) is too small. Every class is within its band, so the
    # plan only harvests (selling VTI and buying SCHB, not substantially identical).
    secs = (Security("VTI", "US Stocks", 100.0, replacements=("SCHB",)), Security("SCHB", "US Stocks", 100.0),
            Security("BND", "Bonds", 50.0))
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=secs,
        lots=(Lot("L", "Taxable", "VTI", LONG_AGO, 10, 1_200.0),
              Lot("T", "Taxable", "SCHB", LONG_AGO, 50, 4_000.0),
              Lot("I1", "IRA", "VTI", bought_on, ira_shares_bought, None),
              Lot("I2", "IRA", "BND", LONG_AGO, 80, None)),
        transactions=(Transaction(bought_on, "IRA", "VTI", Action.BUY, ira_shares_bought, 100.0),),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)),
        settings=Settings(as_of=as_of, ordinary_income=100_000.0, realized_lt_ytd=20_000.0, min_trade=950.0,
                          default_band=0.10),
    )


def sold(plan, symbol="VTI"):
    return sum(t.quantity for t in plan.trades if t.symbol == symbol and t.action is Action.SELL
               and t.account == "Taxable")


def test_no_recent_ira_purchase_the_whole_loss_is_harvested():
    plan = plan_rebalance(household(9, bought_on=date(2026, 3, 2)), as_of=AS_OF)
    assert sold(plan) == pytest.approx(10) and plan.realized_lt == pytest.approx(-200.0)


def test_a_harvest_that_would_lose_180_for_good_to_save_3_is_not_made():
    # Selling L washes 9 of its shares against the IRA's purchase: $180 lost for good (Rev. Rul.
    # 2008-5), $20 harvested (15% of it: $3.00 less tax this year). By this year's tax alone the
    # sale wins; charged at its future value ($180 x 15% = $27) the lost loss decides: keep L.
    plan = plan_rebalance(household(9), as_of=AS_OF)
    assert sold(plan) == 0
    assert plan.realized_lt == 0 and plan.tax_total == pytest.approx(0.0, abs=0.005)


def test_a_harvest_that_loses_20_for_good_to_harvest_180_is_made():
    # One IRA share: $20 lost for good (charged $3), $180 harvested ($27 less tax): sell. On
    # 2026-12-20 with the IRA share bought 2026-12-10, the window clears 2027-01-10, next tax year, so
    # waiting cannot keep the $20 this year (window_wait.py): the sale is made now.
    as_of = date(2026, 12, 20)
    plan = plan_rebalance(household(1, bought_on=date(2026, 12, 10), as_of=as_of), as_of=as_of)
    assert sold(plan) == pytest.approx(10) and plan.realized_lt == pytest.approx(-180.0) and not plan.waits
    (lot_sale,) = plan.lot_sales
    assert lot_sale.disallowed == pytest.approx(20.0) and "lost for good" in lot_sale.wash_status


def test_when_the_window_clears_this_year_the_harvest_waits_and_keeps_the_40():
    # The same harvest on 2026-06-01 with 2 IRA shares bought 2026-05-22: sold now, $40 is lost for good
    # and $160 harvested ($24.00 less tax); on 2026-06-22 nothing washes, so the plan dates the sale
    # (window_wait.py): the whole $200 at 15% = $30.00 less tax, $6.00 more than selling now, and
    # nothing lost. The $20,000 of long-term gains this year use the kept $40, so nothing more carries.
    plan = plan_rebalance(household(2), as_of=AS_OF)
    assert sold(plan) == 0
    (wait,) = plan.waits
    assert (wait.lot_id, wait.sell_on, wait.kept) == ("L", date(2026, 6, 22), pytest.approx(40.0))
    assert wait.realized_lt == pytest.approx(-200.0)
    assert wait.est_tax == pytest.approx(-30.0, abs=0.005) and wait.better_than_now == pytest.approx(6.0, abs=0.005)


def test_a_wait_that_keeps_20_saves_3_and_the_harvest_is_made_now():
    # One IRA share: waiting keeps $20, which this year's $20,000 of long-term gains use: $3.00 in all,
    # under the $5.00 minimum (fe12 F2: it had counted the $20 again as "worth $3.00 later", $6.00).
    plan = plan_rebalance(household(1), as_of=AS_OF)
    assert sold(plan) == pytest.approx(10) and not plan.waits
    assert plan.realized_lt == pytest.approx(-180.0)
