"""A best-effort plan leaves no class further outside its band than a tax-free trade allows.

Rule (engine/rebalance/breach_spread.py; issue 9, "where bands cannot be fully reached, prefer the plan
that comes closest"): when no plan reaches every band, the classes left outside come as close to their
band as they can, the others kept within theirs. fe14 F9: US was left 13.56 points over although a
401(k) exchange into bonds, free of tax, could take it to 8.56.

Household (by hand): a 401(k) holds 400 FXAIX at $210 ($84,000) and 1,000 FXNAX at $10.50 ($10,500), menu
FXAIX and FXNAX; Brk holds 100 VXUS at $60 ($6,000) and no cash. $100,500. Targets US 40, Intl 50, Bonds
10, bands 5. Intl can be bought only in Brk, which has nothing to sell but VXUS: it stays at 5.97%, 39.03
points under its band, the largest breach whatever the plan. The 401(k) can exchange FXAIX into FXNAX until
Bonds is at its 15% edge, $15,075: $4,575 exchanged, US from $84,000 (83.58%) to $79,425 (79.03%).
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.allocation import allocation
from taxrebal.engine.plan import PlanStatus
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 12, 1)


def household() -> Household:
    return Household(
        accounts=(Account("401k", "401(k)"), Account("Brk", "Taxable")),
        securities=(Security("FXAIX", "US Stocks", 210.0), Security("FXNAX", "Bonds", 10.5),
                    Security("VXUS", "Intl Stocks", 60.0)),
        lots=(Lot("K1", "401k", "FXAIX", None, 400, None), Lot("K2", "401k", "FXNAX", None, 1_000, None),
              Lot("B1", "Brk", "VXUS", date(2020, 1, 2), 100, 6_000.0)),
        menus={"401k": frozenset({"FXAIX", "FXNAX"}), "Brk": frozenset({"VXUS"})},
        targets=(Target("US Stocks", 0.40, 0.05), Target("Intl Stocks", 0.50, 0.05), Target("Bonds", 0.10, 0.05)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0, min_trade=100.0))


def test_the_class_that_can_come_closer_does():
    h = household()
    plan = plan_rebalance(h, as_of=AS_OF)
    assert plan.status is PlanStatus.BEST_EFFORT
    after = {r.asset_class: r for r in allocation(h, dict(plan.after))}
    assert abs(after["Bonds"].value - 15_075.00) < 0.02  # Bonds at its 15% band edge
    assert abs(after["US Stocks"].value - 79_425.00) < 0.02  # US 79.03%: 4.55 points closer than 83.58%
    assert abs(after["Intl Stocks"].value - 6_000.00) < 0.01  # nothing can move Intl
