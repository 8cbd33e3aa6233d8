"""The Harvest sheet's lots after the plan carry the plan's own wash sales (fe9 item: "lots after plan"
ignored them; engine/rebalance/kept_lots.py is the one computation, shared with the Trades notes).

Rule (IRC §1091(d); IRC §1223(3); Pub 550 "Wash Sales"): a loss the plan's sale cannot deduct because
shares of the same fund bought within 30 days are still held is added to those shares' basis, and
their holding period includes the sold shares' (one held on the sale day counts from the earlier of
the two starts, engine/wash.py). The 0% gain harvest on top of the plan
(:mod:`taxrebal.workbook.results.harvest_gains_after_plan`) must price the kept shares that way.

Household, by hand (2026, single, ordinary income $30,000, no state tax, nothing realized yet; As
Of 2026-12-04, VTI at $300): Joint Taxable holds T2, 100 VTI bought 2025-06-01 for $32,000 (a
$2,000 long-term loss) and T3, 20 VTI bought 2026-11-20 for $5,000 ($250: a $1,000 short-term
gain). The plan sells T2; T3's 20 shares replace 20 of T2's: 20 x $20 = $400 disallowed and added
to T3's basis ($5,400), so the plan's reported long-term loss is $1,600. T2 was held 2025-06-01 ->
2026-12-04; T3, held on the sale day, counts from the earlier start, T2's 2025-06-01: long-term.
After the plan T3 is a **$600 long-term gain**
(20 x $300 - $5,400), which fits in the 0% room: taxable income $30,000 - $16,100 = $13,900 leaves
$49,450 - $13,900 = $35,550 (Rev. Proc. 2025-32), plus the $1,600 the plan's loss offsets first =
$37,150. Read from the Lots sheet instead, T3 is a short-term $1,000 gain and not listed at all.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.plan import LotSale, Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import Account, Action, FilingStatus, Household, Lot, Security, Settings, Target
from taxrebal.engine.tax import TaxProfile
from taxrebal.engine.wash_records import WashMatch
from taxrebal.workbook.results.harvest import gains_table
from taxrebal.workbook.results.harvest_gains_after_plan import lots_after_plan

AS_OF = date(2026, 12, 4)
TAXABLE = "Joint Taxable"


def household() -> Household:
    return Household(
        accounts=(Account(TAXABLE, "Taxable"),),
        securities=(Security("VTI", "US", 300.0, replacements=("ITOT",)), Security("ITOT", "US", 150.0)),
        lots=(Lot("T2", TAXABLE, "VTI", date(2025, 6, 1), 100, 32_000.0),
              Lot("T3", TAXABLE, "VTI", date(2026, 11, 20), 20, 5_000.0)),
        targets=(Target("US", 1.0),),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=30_000.0, min_trade=0.0,
                          realized_st_ytd=0.0, realized_lt_ytd=0.0))


def plan() -> Plan:
    """Step 1 sells T2 (reported LT -$1,600: $400 washed into T3), step 2 buys ITOT with the proceeds."""
    sell = Trade(1, TAXABLE, "VTI", Action.SELL, 100, 300.0, 30_000.0, realized_lt=-1_600.0, reason=Reason.HARVEST)
    buy = Trade(2, TAXABLE, "ITOT", Action.BUY, 200, 150.0, 30_000.0, reason=Reason.SALE_PROCEEDS)
    sale = LotSale(1, TAXABLE, "VTI", "T2", date(2025, 6, 1), 100, 30_000.0, 32_000.0, -2_000.0, True,
                   "Wash sale", disallowed=400.0)
    match = WashMatch(AS_OF, TAXABLE, "VTI", "T2", 20, 400.0, 400.0, False, TAXABLE, "VTI", "T3",
                      date(2026, 11, 20), 20, 400.0, 5_400.0, date(2025, 6, 1))
    return Plan((sell, buy), (sale,), 0.0, -1_600.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS,
                wash_matches=(match,))


def test_the_kept_replacement_lot_carries_the_washed_loss_and_the_tacked_holding_period():
    (t3,) = lots_after_plan(household(), plan())
    assert t3.lot_id == "T3" and t3.quantity == 20
    assert t3.adjusted_basis == pytest.approx(5_400.0)
    assert t3.holding_start == date(2025, 6, 1)


def test_the_zero_percent_gain_table_lists_it_as_a_600_long_term_gain():
    h = household()
    scan = harvest_candidates(h, AS_OF, TaxProfile.from_settings(h.settings))
    table = gains_table(scan, plan(), h, AS_OF)
    t3, total = table.rows
    assert t3[:3] == (TAXABLE, "VTI", "T3")
    assert t3[4:] == (20, 20, 5_400.00, 6_000.00, 600.00)  # shares to sell, lot shares, basis, value, gain
    assert total[-1] == 600.00
    assert "$37,150.00" in table.notes[0]


def test_a_lot_sold_in_part_keeps_the_rest_in_proportion_and_an_unreached_lot_is_unchanged():
    """Sell 40 of T2's 100 shares (basis 40 x $320 = $12,800) with no wash: 60 shares, $19,200 left;
    T3, reached by no match, is the Lots sheet's."""
    sale = LotSale(1, TAXABLE, "VTI", "T2", date(2025, 6, 1), 40, 12_000.0, 12_800.0, -800.0, True, "Clear")
    base = plan()
    part = Plan(base.trades, (sale,), 0.0, -800.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS)
    t2, t3 = lots_after_plan(household(), part)
    assert (t2.lot_id, t2.quantity, t2.adjusted_basis) == ("T2", 60, pytest.approx(19_200.0))
    assert t3 == household().lots[1]


def test_the_real_plan_gives_the_same_lots_after_it():
    """The rebalancer's own plan for this household with T3 bought 2026-12-01 instead (every class at
    target, so it only harvests T2; T3's 30 days end in 2027, so T2 cannot wait for them this tax year,
    engine/rebalance/hold_for_later.py case 3, and is harvested today): its Lot Sales and wash matches give
    T3 the same $5,400, held from T2's 2025-06-01 (T3, bought 2026-12-01, was held on the sale day: the
    earlier start), and the room $37,150."""
    from dataclasses import replace

    from taxrebal.engine.rebalance import plan_rebalance
    from taxrebal.engine.wash import adjust_lots
    from taxrebal.workbook.results.harvest_gains_after_plan import gains_after_plan

    base = household()
    h = adjust_lots(replace(base, lots=(base.lots[0], replace(base.lots[1], acquired=date(2026, 12, 1))))).household
    real = plan_rebalance(h, as_of=AS_OF)
    assert [(s.lot_id, s.quantity, s.disallowed) for s in real.lot_sales] == [("T2", 100, pytest.approx(400.0))]
    (t3,) = lots_after_plan(h, real)
    assert (t3.adjusted_basis, t3.holding_start) == (pytest.approx(5_400.0), date(2025, 6, 1))
    gains = gains_after_plan(h, real, AS_OF)
    assert gains.room == pytest.approx(37_150.0, abs=0.01)
    assert [(g.lot_id, g.quantity, g.gain) for g in gains.lots] == [("T3", 20, pytest.approx(600.0))]
