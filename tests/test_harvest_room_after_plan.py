"""The Harvest sheet's 0% gain room and the plan's loss harvest are one computation (fe8 finding 9).

Household, by hand (2026, single, ordinary income $40,000, no state tax, no gains so far): taxable
income $40,000 - $16,100 (standard deduction) = $23,900, so the 0% long-term bracket (up to $49,450,
Rev. Proc. 2025-32) leaves $25,550 of room before the plan. The plan sells 135 of lot X's 200 VXUS
(bought at $70.00, now $50.00): a $2,700.00 long-term loss, deducted from ordinary income at 12%:
$324.00 saved. On top of the plan the room is $2,700.00 (gains offset by the plan's loss) + $25,550.00
= $28,250.00. The lots the plan leaves: VTI A (400 sh, basis $30,000, worth $40,000: a $10,000.00 gain,
all of it fits) and 65 VXUS (a loss). Selling A costs $324.00 of federal tax: the plan's saving taken
back, since its loss now offsets that gain instead of ordinary income.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.plan import LotSale, Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import Account, Action, FilingStatus, Household, Lot, Security, Settings, Target
from taxrebal.engine.tax import TaxProfile
from taxrebal.workbook.results.harvest import gains_table
from taxrebal.workbook.results.harvest_gains_after_plan import lots_after_plan

AS_OF = date(2026, 11, 20)


def household() -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("VTI", "US", 100.0), Security("VXUS", "Intl", 50.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("A", "Taxable", "VTI", date(2015, 1, 5), 400, 30_000.0),
              Lot("X", "Taxable", "VXUS", date(2020, 1, 5), 200, 14_000.0),
              Lot("D", "Taxable", "BND", date(2015, 1, 5), 300, 15_000.0)),
        targets=(Target("US", 0.65), Target("Intl", 0.05), Target("Bonds", 0.3)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=40_000.0, min_trade=0.0))


def plan() -> Plan:
    sell = Trade(1, "Taxable", "VXUS", Action.SELL, 135, 50.0, 6_750.0, realized_lt=-2_700.0, est_tax=-324.0,
                 reason=Reason.HARVEST)
    sale = LotSale(1, "Taxable", "VXUS", "X", date(2020, 1, 5), 135, 6_750.0, 9_450.0, -2_700.0, True, "Clear")
    buy = Trade(2, "Taxable", "BND", Action.BUY, 135, 50.0, 6_750.0, reason=Reason.SALE_PROCEEDS)
    return Plan((sell, buy), (sale,), -324.0, 0.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS)


def test_the_room_is_on_top_of_the_plan_and_names_the_harvest_only_room():
    h = household()
    scan = harvest_candidates(h, AS_OF, TaxProfile.from_settings(h.settings))
    assert scan.gains.room == pytest.approx(25_550.0, abs=0.01)  # before the plan (the engine, unchanged)
    table = gains_table(scan, plan(), h, AS_OF)
    assert table.notes[0] == (
        "Room for long-term gains at 0% federal tax this year, on top of the plan on Trades (its realized ST $0.00 "
        "and LT -$2,700.00, the Trades totals, added to the year's): $28,250.00 (the first $2,700.00 offsets this "
        "year's capital losses, the plan's harvested losses included; the other $25,550.00 is net capital gain "
        "taxed at 0%). Before the plan (the harvest-only view of the tables above) it is $25,550.00: the plan's "
        "gains and losses are netted first (IRC §1222), so a gain it realizes takes room and a loss it harvests "
        "makes room, gains it offsets costing no tax this year but using the loss up (its saving against ordinary "
        "income, IRC §1211(b), or its carryforward: the notes below say which).")
    assert [r[:3] + r[-1:] for r in table.rows] == [("Taxable", "VTI", "A", 10_000.0), ("Total", "", "", 10_000.0)]
    assert "federal tax $324.00" in table.notes[1]  # 2,700 x 12%: the plan's saving taken back


def test_without_a_plan_the_room_is_the_years_so_far():
    h = household()
    scan = harvest_candidates(h, AS_OF, TaxProfile.from_settings(h.settings))
    assert gains_table(scan).notes[0] == "Room for long-term gains at 0% federal tax this year: $25,550.00."


def test_a_lot_sold_in_part_keeps_the_rest_with_its_basis_in_proportion():
    left = {lot.lot_id: lot for lot in lots_after_plan(household(), plan())}
    assert left["X"].quantity == 65 and left["X"].basis == pytest.approx(14_000.0 * 65 / 200)  # $4,550.00
    assert left["A"] == household().lots[0]
