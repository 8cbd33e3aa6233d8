"""An employer plan's payroll contribution never stays as cash (fe12 F5; README, Employer plans: a
401(k)'s, 403(b)'s or Roth 401(k)'s new money "arrives by payroll under your investment election");
a Cash target is held in the other accounts' cash (engine/rebalance/stages.py, tuning.PAYROLL_CASH_WEIGHT).

Worked by hand: Taxable holds 50 VTI at $100 ($5,000, bought 2015: selling costs tax) and $1,000 of
cash; a Roth 401(k) holds 400 FXNAX at $10 ($4,000) and gets a $500 contribution; its menu is FXNAX
(Bonds) and FXAIX (US Stocks). The household is $10,500; targets US Stocks 50% ($5,250), Bonds 40%
($4,200), Cash 10% ($1,050, band 2 points). Before the plan Cash is $1,500 (14.3%, over its 12% edge).
The $500 must be invested in the Roth 401(k): $250 of FXAIX brings US Stocks to its $5,250 target and
the other $250 buys FXNAX (Bonds $4,250, 40.48%, inside its band). Cash is then the taxable account's
$1,000 (9.52%, inside 8-12%): nothing is sold, nothing bought in Taxable. Every split from $250/$250 to
$300 FXAIX/$200 FXNAX is as close to target (the classes' distance adds up to $100: Cash $50 under, and
$50 over target in US Stocks, Bonds or both) at the same turnover and location, so the test accepts
any of them (with Min Trade $10 HiGHS already took $300/$200 before payroll buys were exempt from it).
Before fe12 F5's fix the plan kept $300 of the contribution as cash in the Roth 401(k) (to hold Cash
at $1,050) and bought $250 of VTI in Taxable, under Target and Band Edge alike.
"""

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
    SecurityType,
    Settings,
    Target,
)

AS_OF = date(2026, 6, 1)
FUND = SecurityType.MUTUAL_FUND


def _household(rebalance_to: RebalanceTo) -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable", cash=1_000.0), Account("Roth401", "Roth 401(k)", contribution=500.0)),
        securities=(Security("VTI", "US Stocks", 100.0), Security("FXNAX", "Bonds", 10.0, security_type=FUND),
                    Security("FXAIX", "US Stocks", 100.0, security_type=FUND)),
        lots=(Lot("T1", "Taxable", "VTI", date(2015, 3, 2), 50, 3_000.0),
              Lot("R1", "Roth401", "FXNAX", None, 400, None)),
        targets=(Target("US Stocks", 0.50), Target("Bonds", 0.40), Target("Cash", 0.10, band=0.02)),
        settings=Settings(as_of=AS_OF, min_trade=50.0, ordinary_income=100_000.0, rebalance_to=rebalance_to),
        menus={"Roth401": frozenset({"FXNAX", "FXAIX"})})


@pytest.mark.parametrize("rebalance_to", [RebalanceTo.TARGET, RebalanceTo.BAND_EDGE])
def test_the_roth_401k_contribution_is_invested_and_the_cash_target_stays_in_taxable(rebalance_to):
    plan = plan_rebalance(_household(rebalance_to), as_of=AS_OF)
    left = dict(plan.cash_left)
    assert left["Roth401"] == pytest.approx(0.0, abs=0.01)
    assert left["Taxable"] == pytest.approx(1_000.0, abs=0.01)
    assert not [t for t in plan.trades if t.account == "Taxable"]
    buys = {t.symbol: t.amount for t in plan.trades if t.account == "Roth401" and t.action is Action.BUY}
    assert sorted(buys) == ["FXAIX", "FXNAX"] and sum(buys.values()) == pytest.approx(500.0, abs=0.01)
    assert 250.0 - 0.01 <= buys["FXAIX"] <= 300.0 + 0.01
    assert plan.after["US Stocks"] >= 5_250.0 - 0.01 and plan.after["Bonds"] >= 4_200.0 - 0.01
    assert plan.after["Cash"] == pytest.approx(1_000.0, abs=0.01)

