"""A money-market fund whose Asset Class is Cash stays in the After column (fe11 finding 34).

By hand: SPAXX 5,000 shares at $1.00 (class Cash) + $3,800 of uninvested cash = Cash $8,800 of a
household (fe11's book). Here, smaller: 340 VTI at $300 ($102,000) beside them; the plan buys $3,259.98
of VTI with the cash and trades no SPAXX, so $540.02 of cash is left. After: Cash = 5,000.00 + 540.02 =
$5,540.02, and the After Total is the Total now, $110,800.00 (the plan only moves money between
classes). The After column had shown only the cash left (fe11: $540.01, a Total of $105,800.00).
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.plan import Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target
from taxrebal.workbook.results.trades import after_in_cents


def test_a_cash_class_fund_is_counted_after_the_plan():
    household = Household(
        accounts=(Account("Joint", "Taxable", cash=3_800.0),),
        securities=(Security("SPAXX", "Cash", 1.0), Security("VTI", "US", 300.0)),
        lots=(Lot("M1", "Joint", "SPAXX", date(2025, 1, 2), 5_000, 5_000.0),
              Lot("V1", "Joint", "VTI", date(2020, 1, 2), 340, 60_000.0)),
        targets=(Target("US", 0.95), Target("Cash", 0.05)),
        settings=Settings(as_of=date(2026, 12, 4)),
    )
    # the plan buys $3,259.99 of VTI with the account's cash (10.8666 shares at $300.00)
    buy = Trade(1, "Joint", "VTI", Action.BUY, 10.8666, 300.0, 3_259.98, reason=Reason.CASH, asset_class="US")
    plan = Plan((buy,), (), 0.0, 0.0, 0.0, {}, {}, 0.0, 0.0, (("Joint", 540.02),), (), PlanStatus.WITHIN_BANDS)
    after = after_in_cents(plan, household)
    assert after["Cash"] == 5_540.02
    assert after["US"] == 102_000.00 + 3_259.98
    assert round(sum(after.values()), 2) == 5_000.00 + 3_800.00 + 102_000.00
