"""An employer plan's new money (Contribution and its sales' proceeds) ends invested; an IRA keeps cash
(engine/rebalance/payroll_cash.py; fe13 F8 and F12).

Worked by hand.

1. fe13 F8 (hh/h23_onefund401k): Taxable holds IVV lot T1, 50 shares at $610 bought 2025-05-01 for
   $35,000 ($90 a share, $4,500 of long-term loss), 300 BND ($21,900) and 400 VXUS ($24,000); the 401(k)
   holds nothing, gets a $2,000 Contribution and its menu offers only FXAIX ($210, a mutual fund, the
   Identical Group SP500 with IVV). Household $78,400; every class within its 5-point band. The
   contribution buys 2,000 / 210 = 9.5238 FXAIX (cash left $0.00, was $2,000.00), which would wash
   9.5238 x $90 = $857.14 of T1's loss for good (IRC §1091(a); Rev. Rul. 2008-5) if T1 were sold by
   2027-01-04: the plan never both sells an identity at a loss and buys it, so it keeps T1 and says
   why. As a Traditional IRA (the type alone changed) the $2,000 may stay as cash: the plan harvests T1
   (-$4,500 long-term; $3,000 against ordinary income at 24% = $720.00 saved) as before.
2. fe13 F12 in small: Taxable holds 40 BND at $100 (basis $100 a share: no gain); the plan account holds
   60 FXAIX at $100 (menu FXAIX, FXNAX at $10). Household $10,000; targets US Stocks 50%, Bonds 40%,
   Cash 10% (5-point bands): US 60% and Cash 0% are outside. $1,000 of FXAIX must be sold (US to 50%).
   A Traditional IRA keeps the $1,000 of proceeds as cash (Cash 10%): one sale. A 401(k) cannot: its
   $1,000 buys 100 FXNAX (an exchange) and Taxable sells 10 BND ($1,000, no gain) into cash: US 50%,
   Bonds 40%, Cash 10%, tax $0, cash left in the 401(k) $0.00.
3. A band the new money must break: Taxable 49 VTI ($4,900) and 46 BND ($4,600); the 401(k) gets $500
   and may buy only FXAIX; US Stocks 50% with a 2-point band. Investing the $500 takes US Stocks to
   5,400 / 10,000 = 54%, 2 points past 52%: a best-effort plan (US Stocks +4.00 points) that names the
   401(k)'s menu as why. A Traditional IRA buys $300 (US Stocks to its 52% edge) and keeps $200.
"""

from datetime import date

import pytest

from taxrebal.engine.plan import PlanStatus
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    Security,
    SecurityType,
    Settings,
    Target,
)

FUND = SecurityType.MUTUAL_FUND


def _f8(account_type: str) -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("401k", account_type, contribution=2_000.0)),
        securities=(Security("IVV", "US Stocks", 610.0, identical_group="SP500", replacements=("VTI",)),
                    Security("VTI", "US Stocks", 300.0), Security("BND", "Bonds", 73.0),
                    Security("VXUS", "Intl Stocks", 60.0),
                    Security("FXAIX", "US Stocks", 210.0, identical_group="SP500", security_type=FUND)),
        lots=(Lot("T1", "Taxable", "IVV", date(2025, 5, 1), 50, 35_000.0),
              Lot("T2", "Taxable", "BND", date(2015, 1, 2), 300, 21_000.0),
              Lot("T3", "Taxable", "VXUS", date(2015, 1, 2), 400, 16_000.0)),
        targets=(Target("US Stocks", 0.4, 0.05), Target("Intl Stocks", 0.3, 0.05), Target("Bonds", 0.3, 0.05)),
        settings=Settings(as_of=date(2026, 12, 1), filing_status=FilingStatus.SINGLE, ordinary_income=150_000.0,
                          min_trade=100.0),
        menus={"401k": frozenset({"FXAIX"})})


def test_f8_the_contribution_buys_the_one_fund_menu_and_the_harvest_gives_way():
    plan = plan_rebalance(_f8("401(k)"), as_of=date(2026, 12, 1))
    [buy] = plan.trades
    assert (buy.account, buy.symbol, buy.action) == ("401k", "FXAIX", Action.BUY)
    assert buy.quantity == pytest.approx(9.5238, abs=1e-4) and buy.amount == pytest.approx(2_000.0, abs=0.005)
    assert "these 9.5238 shares wash $857.14 of it" in buy.note, buy.note
    assert dict(plan.cash_left)["401k"] == pytest.approx(0.0, abs=0.005)
    assert plan.tax_total == pytest.approx(0.0, abs=0.005)
    assert any(n.startswith("Taxable IVV: its $4,500.00 loss is not harvested: 401k is an employer plan")
               for n in plan.notes), plan.notes


def test_f8_an_ira_keeps_the_contribution_as_cash_and_harvests():
    plan = plan_rebalance(_f8("Traditional IRA"), as_of=date(2026, 12, 1))
    sells = [t for t in plan.trades if t.action is Action.SELL]
    assert [(t.symbol, t.quantity) for t in sells] == [("IVV", 50)]
    assert plan.realized_lt == pytest.approx(-4_500.0, abs=0.005)
    assert plan.tax_total == pytest.approx(-720.0, abs=0.005)
    assert dict(plan.cash_left)["401k"] == pytest.approx(2_000.0, abs=0.005)


def _f12(account_type: str) -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("Plan", account_type)),
        securities=(Security("BND", "Bonds", 100.0), Security("FXAIX", "US Stocks", 100.0, security_type=FUND),
                    Security("FXNAX", "Bonds", 10.0, security_type=FUND)),
        lots=(Lot("T1", "Taxable", "BND", date(2015, 3, 2), 40, 4_000.0), Lot("R1", "Plan", "FXAIX", None, 60, None)),
        targets=(Target("US Stocks", 0.5, 0.05), Target("Bonds", 0.4, 0.05), Target("Cash", 0.1, 0.05)),
        settings=Settings(as_of=date(2026, 6, 1), filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0),
        menus={"Plan": frozenset({"FXAIX", "FXNAX"})})


def _moves(plan):
    return sorted((t.account, t.symbol, t.action.value, round(t.amount, 2)) for t in plan.trades)


def test_f12_a_401k_sale_is_an_exchange_into_its_menu():
    plan = plan_rebalance(_f12("401(k)"), as_of=date(2026, 6, 1))
    assert _moves(plan) == [("Plan", "FXAIX", "Sell", 1_000.0), ("Plan", "FXNAX", "Buy", 1_000.0),
                            ("Taxable", "BND", "Sell", 1_000.0)]
    assert dict(plan.cash_left) == {"Taxable": pytest.approx(1_000.0, abs=0.005), "Plan": pytest.approx(0.0, abs=0.005)}
    assert plan.tax_total == pytest.approx(0.0, abs=0.005)
    for k, v in (("US Stocks", 5_000.0), ("Bonds", 4_000.0), ("Cash", 1_000.0)):
        assert plan.after[k] == pytest.approx(v, abs=0.01)


def test_f12_an_ira_keeps_its_sale_proceeds_as_cash():
    plan = plan_rebalance(_f12("Traditional IRA"), as_of=date(2026, 6, 1))
    assert _moves(plan) == [("Plan", "FXAIX", "Sell", 1_000.0)]
    assert dict(plan.cash_left)["Plan"] == pytest.approx(1_000.0, abs=0.005)


def _band(account_type: str) -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("Plan", account_type, contribution=500.0)),
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 100.0),
                    Security("FXAIX", "US Stocks", 100.0, security_type=FUND)),
        lots=(Lot("T1", "Taxable", "VTI", date(2015, 3, 2), 49, 3_000.0),
              Lot("T2", "Taxable", "BND", date(2015, 3, 2), 46, 4_600.0)),
        targets=(Target("US Stocks", 0.5, 0.02), Target("Bonds", 0.5, 0.05)),
        settings=Settings(as_of=date(2026, 6, 1), filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0),
        menus={"Plan": frozenset({"FXAIX"})})


def test_new_money_past_a_band_is_a_best_effort_plan_that_says_why():
    plan = plan_rebalance(_band("401(k)"), as_of=date(2026, 6, 1))
    assert _moves(plan) == [("Plan", "FXAIX", "Buy", 500.0)]
    assert plan.status is PlanStatus.BEST_EFFORT
    assert plan.after["US Stocks"] == pytest.approx(5_400.0, abs=0.01)
    assert any(n.startswith("Plan is an employer plan: its new money (its $500.00 Contribution") and
               "(FXAIX) take US Stocks past its band" in n for n in plan.notes), plan.notes
    assert any("US Stocks +4.00 points (band 2)" in n for n in plan.notes), plan.notes
    # the harvest-only note speaks of before the plan, never "Every class is within its band" beside a breach
    assert not any(n.startswith("Every class is within its band") for n in plan.notes), plan.notes
    assert any(n.startswith("Every class was within its band before this plan: it only invests cash")
               for n in plan.notes), plan.notes


def test_an_ira_keeps_what_the_band_does_not_take():
    plan = plan_rebalance(_band("Traditional IRA"), as_of=date(2026, 6, 1))
    assert _moves(plan) == [("Plan", "FXAIX", "Buy", 300.0)]
    assert plan.status is PlanStatus.NOT_NEEDED
    assert dict(plan.cash_left)["Plan"] == pytest.approx(200.0, abs=0.005)
