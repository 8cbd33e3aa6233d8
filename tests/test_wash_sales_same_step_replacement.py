"""The plan's wash-sale row says a replacement lot sold by the same step is sold, not kept (audit20 F11).

By hand (IRC §1091(d), §1223(3); Pub 550 "Wash Sales"): As Of 2026-12-04, VTI at $300. Joint Taxable holds
T2, 100 VTI bought 2025-06-01 for $32,000 ($20 a share over the price), and T3, 20 VTI bought 2026-11-20
for $5,000. Step 1 sells T2 and then T3: T3's 20 shares, held when T2 is sold, wash 20 x $20 = $400 of
T2's loss into T3's basis ($5,400), and T3's sale in the same step realizes it again (20 x $300 - $5,400
= +$600, long-term from 2025-06-01). Nothing is deferred past this year and no lot is kept, but the Wash
Sales row said "lot T3 is kept: its 20 matched shares' basis becomes $5,400.00": only a sale in a *later*
step counted.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.plan import LotSale, Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import Action
from taxrebal.engine.wash_records import WashMatch
from taxrebal.workbook.results.wash_sales import plan_matches_table

AS_OF = date(2026, 12, 4)
TAXABLE = "Joint Taxable"


def plan(replacement_step: int) -> Plan:
    sell = Trade(1, TAXABLE, "VTI", Action.SELL, 120, 300.0, 36_000.0, realized_lt=-1_000.0, reason=Reason.HARVEST)
    t2 = LotSale(1, TAXABLE, "VTI", "T2", date(2025, 6, 1), 100, 30_000.0, 32_000.0, -2_000.0, True,
                 "Wash sale", disallowed=400.0)
    t3 = LotSale(replacement_step, TAXABLE, "VTI", "T3", date(2025, 6, 1), 20, 6_000.0, 5_400.0, 600.0, True, "")
    match = WashMatch(AS_OF, TAXABLE, "VTI", "T2", 20, 400.0, 400.0, False, TAXABLE, "VTI", "T3",
                      date(2026, 11, 20), 20, 400.0, 5_400.0, date(2025, 6, 1))
    return Plan((sell,), (t2, t3), 0.0, -1_000.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS,
                wash_matches=(match,))


def note_of(p: Plan) -> str:
    table = plan_matches_table(p)
    assert table is not None
    ((*_cells, note),) = table.rows
    return note


def test_a_replacement_lot_the_same_step_sells_is_not_kept():
    note = note_of(plan(replacement_step=1))
    assert "is kept" not in note
    assert "take in $400.00 of this loss" in note
    assert "the plan sells lot T3 at Trades step 1, whose sale realizes it again" in note


def test_a_later_step_reads_as_before():
    note = note_of(plan(replacement_step=2))
    assert "the plan sells lot T3 at Trades step 2, whose sale realizes it again" in note
