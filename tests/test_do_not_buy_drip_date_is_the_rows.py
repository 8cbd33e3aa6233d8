"""A Do Not Buy row's DRIP sentence gives the row's own first day to buy (fe16 F9).

Rule: a reinvestment is a purchase; one within 30 days after a loss sale washes it (IRC §1091(a);
Treas. Reg. §1.1091-1(f) reinvestments). When a past sale's row is merged with the plan's own loss
sale of the same identity, the window runs 30 days from the later sale, so DRIP must stay off until
that later window's end, not the earlier one's.

Hand-worked: VXUS sold at a loss on Transactions on 2026-11-10 (window ends 2026-12-10: first day to
buy 2026-12-11, a Friday). The plan, placed on As Of 2026-11-20 (a Friday), sells VXUS at a loss too:
window to 2026-12-20, first day 2026-12-21 (a Monday). The row: first day 2026-12-21, and one DRIP
sentence "before 2026-12-21" (the old "before 2026-12-11" is gone).
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.plan import LotSale
from taxrebal.engine.records import Account, Household, Lot, Security, Settings
from taxrebal.engine.wash_queries import DoNotBuy, _drip_dated, with_plan_losses

AS_OF = date(2026, 11, 20)


def household() -> Household:
    return Household(accounts=(Account("Joint", "Taxable"),),
                     securities=(Security("VXUS", "Intl", 62.0, drip=True),),
                     lots=(Lot("X2", "Joint", "VXUS", date(2019, 4, 1), 300, 15_000.0),),
                     settings=Settings(as_of=AS_OF))


class PlanStub:
    def __init__(self, *sales: LotSale):
        self.lot_sales = sales
        self.trades = ()


def test_the_merged_row_names_the_later_first_day_once():
    past = _drip_dated(DoNotBuy("VXUS", ("VXUS",), date(2026, 12, 10), 630.0,
                                "VXUS sold at a loss on 2026-11-10 (Joint)", ("VXUS",)))
    assert "before 2026-12-11, the first day you may buy" in past.reason  # the past sale's row alone
    plan = PlanStub(LotSale(4, "Joint", "VXUS", "X1", date(2025, 1, 2), 50, 3_100.0, 6_000.0, -2_900.0, True, "", 0.0))
    (row,) = with_plan_losses((past,), household(), plan, AS_OF)
    assert row.first_day_to_buy == date(2026, 12, 21)
    assert row.reason.count("DRIP is on for VXUS") == 1
    assert "2026-12-11" not in row.reason
    assert row.reason.endswith("; DRIP is on for VXUS: an automatic reinvestment before 2026-12-21, the first day "
                               "you may buy, would wash part of it: turn DRIP off before then")
    assert row.reason.startswith("VXUS sold at a loss on 2026-11-10 (Joint); VXUS (Trades step 4) sold at a loss")
