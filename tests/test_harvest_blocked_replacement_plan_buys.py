"""A harvest candidate whose listed replacement would wash a recent loss says which loss and until
when, and, when the plan buys that replacement anyway, says what the plan's buy does to the loss
(fe11 finding 8: "No usable replacement: IEMG is on the Do Not Buy list" beside the plan's IEMG buy,
with IEMG absent from the Do Not Buy list the sheet prints after the plan).

Rule (IRC §1091(a), (d); Rev. Rul. 2008-5): a purchase within 30 days after a loss sale of a
substantially identical security washes the loss: deferred into the new shares' basis in a taxable
account, lost for good in an IRA.

Hand-worked (fe11's Tanaka): 100 IEMG sold in Joint on 2026-11-16 at $50 with a basis of $5,700 (a $700
loss, $7 a share). As Of 2026-12-04: buying IEMG before 2026-11-16 + 31 days = 2026-12-17 washes it.
Joint holds VWO lot J4, 500 shares bought 2026-08-03 for $25,000, now $45 ($2,500 loss), whose only
listed replacement is IEMG. The plan (hand-built here) buys 123.2413 IEMG in Joint at step 7, its
Realized carrying the $700 it washes (deferred: a taxable account).
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
    Transaction,
)
from taxrebal.engine.tax import TaxProfile
from taxrebal.engine.wash import adjust_lots
from taxrebal.workbook.results.harvest import candidate_notes_table

AS_OF = date(2026, 12, 4)


def household() -> Household:
    h = Household(
        accounts=(Account("Joint", "Taxable"), Account("Kenji Roth", "Roth IRA")),
        securities=(Security("VWO", "EM Stocks", 45.0, replacements=("IEMG",)), Security("IEMG", "EM Stocks", 50.0)),
        lots=(Lot("J4", "Joint", "VWO", date(2026, 8, 3), 500, 25_000.0),),
        transactions=(Transaction(date(2026, 11, 16), "Joint", "IEMG", Action.SELL, 100, 50.0,
                                  acquired=date(2026, 1, 5), basis=5_700.0),),
        targets=(Target("EM Stocks", 1.0),),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=90_000.0,
                          realized_st_ytd=-700.0, realized_lt_ytd=0.0))
    return adjust_lots(h).household


def test_the_harvest_only_note_names_the_loss_and_the_first_day_to_buy():
    h = household()
    scan = harvest_candidates(h, AS_OF, TaxProfile.from_settings(h.settings))
    (c,) = scan.candidates
    assert c.replacement == "" and c.blocked_replacements == ("IEMG",)
    assert ("No usable replacement: buying IEMG today would wash a loss (IEMG sold at a loss on 2026-11-16 "
            "(Joint): $700.00 still open, IRC §1091(a)); first day you may buy 2026-12-17") in c.note
    assert "Do Not Buy list" not in c.note


def plan(account: str) -> Plan:
    sell = Trade(5, "Joint", "VWO", Action.SELL, 500, 45.0, 22_500.0, realized_st=-2_500.0, reason=Reason.HARVEST)
    buy = Trade(7, account, "IEMG", Action.BUY, 123.2413, 50.0, 6_162.07, realized_st=700.0,
                reason=Reason.SALE_PROCEEDS)
    return Plan((sell, buy), (), -1_800.0, 0.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS)


def test_beside_the_plan_the_note_says_the_plan_buys_it_anyway_and_defers_the_700():
    h = household()
    scan = harvest_candidates(h, AS_OF, TaxProfile.from_settings(h.settings))
    (row,) = candidate_notes_table(scan, plan("Joint"), h, AS_OF).rows
    assert ("the plan buys IEMG anyway (Trades step 7), deferring $700.00 of that loss into the new shares' "
            "basis (IRC §1091(d))") in row[3]


def test_bought_in_a_roth_the_700_is_lost_for_good():
    h = household()
    scan = harvest_candidates(h, AS_OF, TaxProfile.from_settings(h.settings))
    (row,) = candidate_notes_table(scan, plan("Kenji Roth"), h, AS_OF).rows
    assert ("the plan buys IEMG in Kenji Roth anyway (Trades step 7), losing $700.00 of that loss for good "
            "(bought in a tax-advantaged account, Rev. Rul. 2008-5)") in row[3]
