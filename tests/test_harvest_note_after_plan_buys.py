"""A lot the plan does not sell: its Harvest note dates the harvest after the plan's own purchases.

Rule (IRC §1091(a)): a purchase within 30 days before or after a loss sale of a substantially
identical security washes the loss. The Harvest sheet's figures are a harvest-only view (the lot sold
alone today, without the plan); its note's "first day you may sell to harvest all of it" is advice,
and once the plan is placed its own purchases of the fund (or its Identical Group) today push that
day to 31 days after them. fe14 F5: IVV lot T1 ($5,600 loss) was dated 2026-12-21 while the plan's
FXAIX buys (same group) of 2026-12-01 wash it through 2026-12-31: first trading day after, 2027-01-04
(2027-01-01 is a holiday, 01-02 and 01-03 a weekend).
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.plan import Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    Security,
    Settings,
    Target,
)
from taxrebal.engine.tax import TaxProfile
from taxrebal.engine.wash import adjust_lots
from taxrebal.workbook.results.harvest import candidate_notes_table

AS_OF = date(2026, 12, 1)


def household() -> Household:
    # Ana Taxable: IVV lot T1, 40 shares bought 2024-01-10 for $30,000, now $610: $24,400, a $5,600 loss.
    # Ben 401k: FXAIX (S&P 500 group, like IVV).
    h = Household(
        accounts=(Account("Ana Taxable", "Taxable"), Account("Ben 401k", "401(k)")),
        securities=(Security("IVV", "US Stocks", 610.0, identical_group="SP500", replacements=("VTI",)),
                    Security("VTI", "US Stocks", 300.0),
                    Security("FXAIX", "US Stocks", 210.0, identical_group="SP500")),
        lots=(Lot("T1", "Ana Taxable", "IVV", date(2024, 1, 10), 40, 30_000.0),
              Lot("K0", "Ben 401k", "FXAIX", date(2015, 1, 5), 100, None)),
        targets=(Target("US Stocks", 1.0),),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=250_000.0))
    return adjust_lots(h).household


def plan(*buys: Trade) -> Plan:
    return Plan(tuple(buys), (), 0.0, 0.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS)


def test_the_plans_own_buy_of_the_group_today_moves_the_first_day_to_harvest():
    h = household()
    scan = harvest_candidates(h, AS_OF, TaxProfile.from_settings(h.settings))
    (c,) = scan.candidates
    buy = Trade(3, "Ben 401k", "FXAIX", Action.BUY, 4.7619, 210.0, 1_000.0, reason=Reason.CONTRIBUTION)
    (row,) = candidate_notes_table(scan, plan(buy), h, AS_OF).rows
    expected = ("The plan on Trades buys FXAIX today (step 3), the same fund or Identical Group: once placed, a "
                "sale of this lot from today through 2026-12-31 is washed by those shares (IRC §1091(a)); the first "
                "day to sell it to harvest all of it after the plan: 2027-01-04")
    assert expected in row[3]


def test_a_plan_that_buys_another_fund_says_nothing_of_it():
    h = household()
    scan = harvest_candidates(h, AS_OF, TaxProfile.from_settings(h.settings))
    buy = Trade(3, "Ana Taxable", "VTI", Action.BUY, 10, 300.0, 3_000.0, reason=Reason.SALE_PROCEEDS)
    rows = candidate_notes_table(scan, plan(buy), h, AS_OF).rows
    assert not [r for r in rows if "plan on trades buys" in r[3].lower()]
