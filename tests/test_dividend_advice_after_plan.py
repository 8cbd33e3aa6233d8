"""DRIP advice is true given the plan: a position the plan sells whole has nothing left to reinvest
into, so it gets no advice; a DRIP in another account that keeps a harvested identity still would
wash part of the loss (IRC §1091(a); Pub 550 "Wash Sales": a reinvested dividend is a purchase)."""

from __future__ import annotations

from datetime import date

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
    assert [a.account for a in advice] == ["IRA"]
    assert "would wash part of it" in advice[0].advice
