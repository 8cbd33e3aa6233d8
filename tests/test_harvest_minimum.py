"""A harvest-only plan harvests at least Harvest Min Loss dollars from a lot, or nothing of it.

fe5 finding 9, worked by hand: every class on target (US and Bonds 50% each, 5-point bands), VTI lot W
10 shares at $100 with a $1,150 basis (a $150 long-term loss), AGG $1,000. Without a US replacement,
the band lets the plan sell 1 VTI share ($100 = 5 points of $2,000): a $15 loss, below Harvest Min
Loss $100 (it saved $3.30 and left $100 in cash, US 5 points off target). The rule: no trade.
With a replacement (ITOT, not identical) the whole $150 loss is harvested and the money stays in US.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 12, 1)
SETTINGS = Settings(as_of=AS_OF, ordinary_income=100_000.0, harvest_min_loss=100.0, harvest_min_loss_pct=0.05)
LOTS = (Lot("W", "Tax", "VTI", date(2020, 1, 2), 10, 1_150.0), Lot("Z", "Tax", "AGG", date(2020, 1, 1), 10, 1_000.0))
TARGETS = (Target("US", 0.5, 0.05), Target("Bonds", 0.5, 0.05))


def household(*extra: Security) -> Household:
    securities = (Security("VTI", "US", 100.0, replacements=tuple(s.symbol for s in extra)),
                  Security("AGG", "Bonds", 100.0), *extra)
    return Household(accounts=(Account("Tax", "Taxable"),), securities=securities, lots=LOTS, targets=TARGETS,
                     settings=SETTINGS)


def test_a_harvest_below_harvest_min_loss_is_not_made():
    plan = plan_rebalance(household(), as_of=AS_OF)
    assert plan.trades == ()


def test_a_harvest_of_at_least_harvest_min_loss_is_made():
    plan = plan_rebalance(household(Security("ITOT", "US", 50.0)), as_of=AS_OF)
    sells = [t for t in plan.trades if t.action is Action.SELL]
    assert [(t.symbol, t.quantity) for t in sells] == [("VTI", 10)]
    assert sells[0].realized_lt == -150.0
