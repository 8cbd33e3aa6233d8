"""An order holding an identity's oldest loss lot and a chained recent lot is sold first among its loss
sales when its own loss shares cover every replacement share, so the replacement shares wash the loss
the model priced (the oldest lot's), not a younger lot's larger loss per share.

Rule (engine/rebalance/step_order.py, ``_loss_sales_in_order``; Treas. Reg. §1.1091-1(b), (c): the
replacement shares match the loss shares in the order those were acquired, inside one order; across
steps, the wash engine meets the sales in step order). bench_plan_quality seed 604 (0.983 -> 0.997):
Joint Brokerage's BD1A order (an old lot at $1.44 a share of loss, and 2.5738 DRIP shares chained
after it) went after a younger BD1B lot ($47.13 a share), and $3,561.86 of loss was deferred into a
recent lot the plan keeps. Figures by hand below.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.rebalance import plan_rebalance
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
from taxrebal.engine.wash import adjust_lots

AS_OF = date(2026, 12, 1)


def test_the_oldest_loss_lot_with_its_chained_drip_shares_is_sold_first():
    # Identical Group G: AAA ($10) and BBB ($100). Brk holds O1, 1,000 AAA from 2020 at $11 ($1.00 a
    # share of loss, $1,000), O2, 100 BBB from 2024 at $140 ($40.00 a share, $4,000), and two recent
    # purchases: R1, 50 BBB bought 2026-11-20 at $99 (kept: a short-term gain, Allow Short-Term Gains N)
    # and R2, 5 AAA reinvested 2026-11-24 at $9.90 ($50, under Min Trade $100: sold in O1's order,
    # after O1). The plan harvests O1 and O2. The 55 replacement shares match the loss shares sold
    # first. O1's order first: they wash 55 of O1's shares, $55.00 (R1 keeps $50.00 in its basis,
    # IRC §1091(d)); R2, sold after O1 in the same order, carries its $5.00 and O1's 2020 holding
    # period (§1223(3)): 50.00 - (49.50 + 5.00) = -$4.50 long-term. O2 then meets no replacement
    # share: -$4,000.00. Long-term: -1,000 + 55 - 4.50 - 4,000 = -$4,949.50. (O2 first, the
    # replacement shares washed 55 x $40 = $2,200.00 of O2's loss, and the plan realized -$2,999.50.)
    # Single, $150,000 of income and $50,000 of long-term gains this year: 15%, no NIIT (MAGI
    # $195,050.50 after the plan, under $200,000), no state tax: -$4,949.50 x 15% = -$742.425.
    secs = (Security("AAA", "US Stocks", 10.0, identical_group="G", replacements=("CCC",)),
            Security("BBB", "US Stocks", 100.0, identical_group="G", replacements=("CCC",)),
            Security("CCC", "US Stocks", 50.0),
            Security("BND", "Bonds", 100.0))
    lots = (Lot("O1", "Brk", "AAA", date(2020, 1, 2), 1000, 11_000.0),
            Lot("O2", "Brk", "BBB", date(2024, 1, 2), 100, 14_000.0),
            Lot("R1", "Brk", "BBB", date(2026, 11, 20), 50, 4_950.0),
            Lot("R2", "Brk", "AAA", date(2026, 11, 24), 5, 49.5),
            Lot("I1", "IRA", "BND", None, 100, None))
    txs = (Transaction(date(2026, 11, 20), "Brk", "BBB", Action.BUY, 50, 99.0),
           Transaction(date(2026, 11, 24), "Brk", "AAA", Action.REINVEST, 5, 9.9))
    h = Household(accounts=(Account("Brk", "Taxable"), Account("IRA", "Traditional IRA")), securities=secs,
                  lots=lots, transactions=txs,
                  targets=(Target("US Stocks", 0.5, 0.05), Target("Bonds", 0.5, 0.05)),
                  settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=150_000.0,
                                    realized_lt_ytd=50_000.0, min_trade=100.0, allow_short_term_gains=False,
                                    state_tax_rate=0.0))
    plan = plan_rebalance(adjust_lots(h).household, as_of=AS_OF)
    step = {ls.lot_id: ls.step for ls in plan.lot_sales}
    assert step["O1"] == step["R2"] < step["O2"]
    sold = {ls.lot_id: ls for ls in plan.lot_sales}
    assert sold["O1"].disallowed == 55.0
    assert sold["O2"].disallowed == 0.0
    assert round(sold["R2"].gain, 2) == -4.50
    assert "R1" not in sold
    assert round(plan.realized_lt, 2) == -4_949.50
    assert abs(plan.tax_total + 742.425) < 0.01
