"""Stated preferences decide among equally taxed plans, always (exact lexicographic stages).

Each household is built so that one preference alone separates two plans of equal tax, distance and
turnover; Min Trade is on ($50), which makes the model integer: the stages must still be exact
(the solver's gap below one step of the preference), not a weight lost in the MIP tolerance.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Account,
    Action,
    Household,
    Lot,
    RebalanceTo,
    Security,
    Settings,
    Target,
    TaxTreatment,
)

AS_OF = date(2026, 6, 1)
LONG_AGO = date(2015, 1, 5)


def settings(**kw):
    base = dict(as_of=AS_OF, ordinary_income=100_000.0, min_trade=50.0)
    base.update(kw)
    return Settings(**base)


def bought(plan, action=Action.BUY):
    return {(t.account, t.symbol): round(t.amount, 2) for t in plan.trades if t.action is action}


@pytest.mark.parametrize("whole_shares", [False, True])
@pytest.mark.parametrize("rebalance_to, stocks_after", [(RebalanceTo.BAND_EDGE, 0.65), (RebalanceTo.TARGET, 0.60)])
def test_rebalance_to_band_edge_trades_only_to_the_band_edge(rebalance_to, stocks_after, whole_shares):
    # IRA only (no tax either way), 70/30 against 60/40 with 5-point bands: Band Edge sells $5,000
    # of stocks (to 65%), Target $10,000 (to 60%).
    h = Household(
        accounts=(Account("IRA", "Traditional IRA"),),
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("I1", "IRA", "VTI", None, 700, None), Lot("I2", "IRA", "BND", None, 600, None)),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)),
        settings=settings(rebalance_to=rebalance_to, whole_shares=whole_shares))
    plan = plan_rebalance(h, as_of=AS_OF)
    total = sum(plan.after.values())
    # whole shares: the stages aim one share of each order inside the band (stages.py)
    assert plan.after["US Stocks"] / total == pytest.approx(stocks_after, abs=1e-4 if not whole_shares else 2e-3)


def test_a_replacement_list_decides_which_fund_replaces_a_harvest():
    # ITOT is harvested (a $2,000 loss); its list names VTI. SCHB (listed first on Securities and
    # cheaper) is not on the list: the replacement bought is VTI.
    secs = (Security("ITOT", "US Stocks", 100.0, replacements=("VTI",)), Security("SCHB", "US Stocks", 25.0),
            Security("VTI", "US Stocks", 250.0), Security("BND", "Bonds", 50.0))
    h = Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=secs,
        lots=(Lot("T1", "Taxable", "ITOT", LONG_AGO, 100, 12_000.0),
              Lot("T2", "Taxable", "BND", LONG_AGO, 130, 6_000.0)),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)), settings=settings())
    plan = plan_rebalance(h, as_of=AS_OF)
    assert ("Taxable", "ITOT") in bought(plan, Action.SELL)
    buys = bought(plan)
    assert ("Taxable", "VTI") in buys and ("Taxable", "SCHB") not in buys


@pytest.mark.parametrize("location, bonds_in, whole_shares", [(TaxTreatment.TAX_DEFERRED, "401(k)", False),
                                                              (TaxTreatment.TAX_FREE, "Roth", False),
                                                              (TaxTreatment.TAX_DEFERRED, "401(k)", True)])
def test_targets_location_decides_which_account_buys_bonds(location, bonds_in, whole_shares):
    # The 401(k) and the Roth each hold $10,000 of cash; stocks and bonds each need $10,000. Tax,
    # distance and turnover are the same whichever account buys the bonds: Targets.Location decides
    # (with Whole Shares too, where the stages round tax-free share counts in a box: stages.py).
    secs = (Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0))
    h = Household(
        accounts=(Account("401(k)", "401(k)", cash=10_000.0), Account("Roth", "Roth IRA", cash=10_000.0),
                  Account("IRA", "Traditional IRA")),
        securities=secs,
        lots=(Lot("I1", "IRA", "VTI", None, 300, None), Lot("I2", "IRA", "BND", None, 600, None)),
        targets=(Target("US Stocks", 0.50), Target("Bonds", 0.50, location=location)),
        settings=settings(whole_shares=whole_shares))
    plan = plan_rebalance(h, as_of=AS_OF)
    buys = bought(plan)
    other = "Roth" if bonds_in == "401(k)" else "401(k)"
    assert buys.get((bonds_in, "BND")) == pytest.approx(10_000.0)
    assert (other, "BND") not in buys
    assert buys.get((other, "VTI")) == pytest.approx(10_000.0)


def test_one_account_buys_a_class_in_one_fund_not_split_between_equivalents():
    # $20,000 of cash and $6,000 of stocks sold go into bonds ($26,000); BND and AGG are equivalent
    # (same class, no lists, one price): the purchase is one order, not two halves.
    secs = (Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0), Security("AGG", "Bonds", 50.0))
    h = Household(
        accounts=(Account("IRA", "Traditional IRA", cash=20_000.0),),
        securities=secs,
        lots=(Lot("I1", "IRA", "VTI", None, 600, None), Lot("I2", "IRA", "BND", None, 200, None)),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)), settings=settings())
    plan = plan_rebalance(h, as_of=AS_OF)
    bond_buys = [t for t in plan.trades if t.action is Action.BUY and t.asset_class == "Bonds"]
    assert len(bond_buys) == 1
    assert bond_buys[0].amount == pytest.approx(26_000.0, abs=1.0)
