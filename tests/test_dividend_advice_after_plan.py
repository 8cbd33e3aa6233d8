"""DRIP advice is true given the plan: a position the plan sells whole has nothing left to reinvest
into, so it gets no advice; a DRIP in another account that keeps a harvested identity still would
wash part of the loss (IRC §1091(a); Pub 550 "Wash Sales": a reinvested dividend is a purchase)."""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.frontier import dividend_advice
from taxrebal.engine.plan import Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 6, 1)
LONG_AGO = date(2015, 1, 5)


def household():
    # VTI (DRIP on) is 70% against a 60% target, held in an IRA (100 shares) and a taxable account (600)
    return Household(
        accounts=(Account("IRA", "Traditional IRA"), Account("Taxable", "Taxable")),
        securities=(Security("VTI", "US Stocks", 100.0, drip=True), Security("BND", "Bonds", 50.0)),
        lots=(Lot("I1", "IRA", "VTI", LONG_AGO, 100, 8_000.0),
              Lot("T1", "Taxable", "VTI", LONG_AGO, 600, 70_000.0),
              Lot("T2", "Taxable", "BND", LONG_AGO, 600, 30_000.0)),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)),
        settings=Settings(as_of=AS_OF))


def plan_of(*trades):
    return Plan(trades=tuple(trades), lot_sales=(), realized_st=0.0, realized_lt=0.0, tax=0.0, before={}, after={},
                max_drift_before=0.0, max_drift_after=0.0, cash_left=(), notes=(), status=PlanStatus.WITHIN_BANDS)


def test_without_a_plan_every_drip_holding_in_the_overweight_class_is_advised():
    assert {a.account for a in dividend_advice(household(), as_of=AS_OF)} == {"IRA", "Taxable"}


def test_a_position_the_plan_sells_whole_gets_no_drip_advice():
    plan = plan_of(Trade(1, "IRA", "VTI", Action.SELL, 100, 100.0, 10_000.0, reason=Reason.TAX_ADVANTAGED,
                         asset_class="US Stocks"))
    advice = dividend_advice(household(), as_of=AS_OF, plan=plan)
    assert [a.account for a in advice] == ["Taxable"]


def test_a_partly_sold_position_is_advised_on_what_the_plan_leaves():
    plan = plan_of(Trade(1, "Taxable", "VTI", Action.SELL, 250, 100.0, 25_000.0, realized_lt=5_000.0,
                         reason=Reason.TAXABLE_SALE, asset_class="US Stocks"))
    (taxable,) = [a for a in dividend_advice(household(), as_of=AS_OF, plan=plan) if a.account == "Taxable"]
    assert taxable.value == 350 * 100.0


def test_a_drip_in_another_account_keeping_a_harvested_identity_is_still_advised_against():
    # the plan harvests all of the taxable VTI at a loss; the IRA's VTI with DRIP on would buy VTI within 30 days
    h = household()
    plan = plan_of(Trade(1, "Taxable", "VTI", Action.SELL, 600, 100.0, 60_000.0, realized_lt=-10_000.0,
                         reason=Reason.HARVEST, asset_class="US Stocks"))
    advice = dividend_advice(h, as_of=AS_OF, plan=plan)
    assert [a.account for a in advice] == ["IRA", "Taxable"]
    assert "would wash part of it" in advice[0].advice
    # fe10 finding 9: the closed Taxable position keeps a row (Value $0), as the Trades note says to turn
    # DRIP off in every account: a dividend paid after the sale is still reinvested within 30 days
    assert advice[1].value == 0.0 and "even one paid after the position is sold" in advice[1].advice


def plan_after(after, *trades):
    return Plan(trades=tuple(trades), lot_sales=(), realized_st=0.0, realized_lt=0.0, tax=0.0, before={},
                after=after, max_drift_before=0.0, max_drift_after=0.0, cash_left=(), notes=(),
                status=PlanStatus.WITHIN_BANDS)


def test_a_class_the_plan_brings_to_target_gets_no_over_target_advice():
    # US Stocks (700 VTI at $100) is $70,000 of $100,000 today, 10 points over its 60% target. The
    # plan sells the IRA's 100 VTI ($10,000, no tax) and buys bonds: after it US Stocks is $60,000 of
    # $100,000, on target, so the taxable VTI's dividends push no overweight class: no advice (and the
    # IRA's position is gone).
    sell = Trade(1, "IRA", "VTI", Action.SELL, 100, 100.0, 10_000.0, reason=Reason.TAX_ADVANTAGED,
                 asset_class="US Stocks")
    plan = plan_after({"US Stocks": 60_000.0, "Bonds": 40_000.0, "Cash": 0.0}, sell)
    assert dividend_advice(household(), as_of=AS_OF, plan=plan) == ()


def test_the_advice_states_the_value_and_drift_after_the_plan_both():
    # The plan sells 50 of the taxable 600 VTI and keeps the $5,000 as cash: after it US Stocks is
    # $65,000 of $100,000, 5.0 points over its 60% target. The row says $55,000 (550 x $100, what the
    # plan leaves) and 5.0 points, both after the plan; today's 10.0 points appears nowhere.
    sell = Trade(1, "Taxable", "VTI", Action.SELL, 50, 100.0, 5_000.0, realized_lt=1_000.0,
                 reason=Reason.TAXABLE_SALE, asset_class="US Stocks")
    plan = plan_after({"US Stocks": 65_000.0, "Bonds": 30_000.0, "Cash": 5_000.0}, sell)
    (taxable,) = [a for a in dividend_advice(household(), as_of=AS_OF, plan=plan) if a.account == "Taxable"]
    assert taxable.after_plan and taxable.value == 550 * 100.0
    assert taxable.class_drift == pytest.approx(0.05)
    assert "5.0 points over target after the plan" in taxable.advice and "10.0" not in taxable.advice
    assert "buy BND (Bonds, under target after the plan)" in taxable.advice
