"""Which loss lots the plan may harvest: taxrebal's reading of Harvest Min Loss and Harvest Min Loss %.

In a rebalance (some class outside its band) a taxable loss lot is a candidate when its loss is at least
Harvest Min Loss dollars: the plan trades anyway and every dollar of loss lowers this year's tax at the
household's rate, while the percentage test would keep out exactly the largest dollar losses (a large
position a few percent under water). When every class is within its band the plan only harvests and
invests cash, and both tests apply, as on the Harvest sheet.

Household (2026, single, $100,000 ordinary income, $20,000 of long-term gains this year: a dollar of
long-term loss saves 15%): Taxable holds 100 VTI at $100 with a $10,400 basis, a $400 loss = 3.8% of
its basis, under the default 5%. The IRA holds $20,000 of BND.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 6, 1)
LONG_AGO = date(2015, 1, 5)


def household(us_target: float, **settings) -> Household:
    secs = (Security("VTI", "US Stocks", 100.0, replacements=("SCHB",)), Security("SCHB", "US Stocks", 100.0),
            Security("BND", "Bonds", 50.0))
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=secs,
        lots=(Lot("L", "Taxable", "VTI", LONG_AGO, 100, 10_400.0), Lot("I", "IRA", "BND", LONG_AGO, 400, None)),
        targets=(Target("US Stocks", us_target), Target("Bonds", 1.0 - us_target)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, realized_lt_ytd=20_000.0, **settings),
    )


def harvested(plan) -> float:
    return sum(t.quantity for t in plan.trades if t.symbol == "VTI" and t.action is Action.SELL)


def test_in_a_rebalance_a_loss_of_at_least_harvest_min_loss_dollars_is_harvested_whatever_its_percentage():
    # US Stocks is 33.3% against a 40% target (band 5): the plan sells BND in the IRA to buy stocks,
    # and harvests L's $400 loss too ($60 less tax), keeping US Stocks with SCHB.
    plan = plan_rebalance(household(0.40), as_of=AS_OF)
    assert harvested(plan) == pytest.approx(100) and plan.realized_lt == pytest.approx(-400.0)
    assert not any(t.symbol == "VTI" and t.action is Action.BUY for t in plan.trades)


def test_in_a_rebalance_a_loss_below_harvest_min_loss_dollars_is_not_harvested():
    plan = plan_rebalance(household(0.40, harvest_min_loss=500.0), as_of=AS_OF)
    assert harvested(plan) == 0 and plan.realized_lt == 0


def test_within_the_bands_the_percentage_decides_as_on_the_harvest_sheet():
    # 35% target: 1.7 points under, within the band. 3.8% < 5%: not harvested; at 3%: harvested.
    assert harvested(plan_rebalance(household(0.35), as_of=AS_OF)) == 0
    plan = plan_rebalance(household(0.35, harvest_min_loss_pct=0.03), as_of=AS_OF)
    assert harvested(plan) == pytest.approx(100) and plan.realized_lt == pytest.approx(-400.0)
