"""When every class is within its band, a tax-advantaged sale of recent shares made only to clear the
way for a harvest (Sold Recent Shares Wash = N, taxrebal's reading of IRC §1091: shares no longer held
cannot wash) says on its own row that waiting needs no reading, and the plan's note says why it sells
at all (fe9 finding 4; engine/rebalance/assemble.py ``_no_reading_needed``).

Hand-worked (fe7 chen4's lots, tests/test_rebalance_wait_cost.py): T-05, 300 VEA in the taxable
account, a $1,800 short-term loss; the IRA bought 100 VEA on 2026-11-20. Single, $40,000 of wages,
this year's +$10,000 short-term: a short-term loss saves 12%. Intl Stocks 24.30% against 25% is inside
its band. The window of the IRA's purchase ends on 2026-12-21 (2026-11-20 + 31 days, §1091(a)),
in 2026.
"""

from datetime import date

from chen4_household import AS_OF, IRA
from chen4_household import chen4 as _household

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import FilingStatus, Settings, Target


def test_a_sale_that_clears_the_way_for_a_harvest_offers_the_wait_that_needs_no_reading():
    settings = Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=40_000.0,
                        realized_st_ytd=10_000.0, realized_lt_ytd=5_000.0, state_tax_rate=0.0, min_trade=0.0)
    h = _household(settings, (Target("Intl Stocks", 0.25), Target("Bonds", 0.75)), ira_bonds=500,
                   taxable_bonds=400)
    plan = plan_rebalance(h, as_of=AS_OF)
    (clearing,) = [t for t in plan.trades if t.first_lots]
    assert (clearing.account, clearing.symbol) == (IRA, "VEA")
    assert "Or, with no reading needed: skip this sale and make the loss sales of VEA on or after 2026-12-21" \
        in clearing.note
    assert any(f"Step {clearing.step} sells recently bought shares in a tax-advantaged account only so that "
               "they cannot wash those harvests" in n for n in plan.notes)
    assert date(2026, 11, 20).isoformat() in clearing.note
