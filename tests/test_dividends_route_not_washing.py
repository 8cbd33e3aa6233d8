"""Dividends are never routed to a fund whose purchase now washes a loss sold in the last 30 days (audit20 F5).

By hand (IRC §1091(a); Rev. Rul. 2008-5): As Of 2026-11-20. An HSA holds VTI (DRIP on) in US Stocks, 20 points
over its 50% target; Bonds (50%) is under target and the HSA may buy BND or AGG. BND was sold at a loss in the
taxable account on 2026-10-30 (21 days before), so a dividend-funded BND purchase before 2026-11-30 washes that
loss, for good in the HSA. The advice must route the dividends to AGG, not BND (the sheet told an HSA to buy
IUSB in the audit's s_irawash household). With both bond funds blocked it keeps them as cash and says why.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.dividends import dividend_advice
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 11, 20)


def household() -> Household:
    return Household(
        accounts=(Account("HSA", "HSA"), Account("Taxable", "Taxable")),
        securities=(Security("VTI", "US Stocks", 100.0, drip=True), Security("BND", "Bonds", 70.0),
                    Security("AGG", "Bonds", 100.0)),
        lots=(Lot("H1", "HSA", "VTI", date(2020, 1, 2), 700, None),
              Lot("T1", "Taxable", "AGG", date(2020, 1, 2), 300, 30_000.0)),
        targets=(Target("US Stocks", 0.5), Target("Bonds", 0.5)),
        settings=Settings(as_of=AS_OF))


def test_dividends_go_to_a_bond_fund_that_washes_nothing():
    (advice,) = dividend_advice(household(), as_of=AS_OF, blocked={"BND"})
    assert advice.route_to == "AGG"
    assert "buy AGG (Bonds, under target)" in advice.advice


def test_with_every_bond_fund_blocked_the_dividends_stay_as_cash_and_the_note_says_why():
    (advice,) = dividend_advice(household(), as_of=AS_OF, blocked={"BND", "AGG"})
    assert advice.route_to == ""
    assert "would wash a loss sold within 30 days, IRC §1091(a)" in advice.advice
