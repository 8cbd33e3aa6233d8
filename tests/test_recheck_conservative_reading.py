"""With Sold Recent Shares Wash = Y, the plan's sale of recent shares does not clear a proposed loss sale
(fe11 finding 22).

By hand (fe11's c_prop): Sam Taxable proposes selling 10 IVV (lot S2, $40.00 a share under its basis) on
2026-12-05; Sam 401k bought 4 FXAIX (same Identical Group) on 2026-11-28. Checked alone, the sale is
washed: 4 x $40.00 = $160.00 lost for good (IRC §1091(a), Rev. Rul. 2008-5), first clear day
2026-12-29. The plan, placed first, sells FXAIX from the 401(k) pool; on taxrebal's reading N the 4
recent shares count as sold and the IVV sale is clear. Reading Y ("has acquired": they wash even when
sold first) keeps it flagged, and says why.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.pretrade import TradeWarning, WarningKind
from taxrebal.engine.records import Action, ProposedTrade
from taxrebal.pipeline.rebalance import _conservative_sells_kept

SELL = ProposedTrade(date(2026, 12, 5), "Sam Taxable", "IVV", Action.SELL, 10)
BUY = ProposedTrade(date(2026, 12, 20), "Sam 401k", "FXAIX", Action.BUY, 3)


def warning(trade, kind, amount):
    return TradeWarning(trade, kind, "", None, amount, date(2026, 12, 29), True, f"{trade.symbol}: ${amount:.2f}")


def test_the_sale_cleared_by_the_plan_stays_flagged_under_reading_y():
    before = (warning(SELL, WarningKind.SALE_WASHED_BY_RECENT_BUY, 160.0),)
    after = (warning(BUY, WarningKind.BUY_WASHES_PLANNED_LOSS, 120.0),)
    kept = _conservative_sells_kept(before, after)
    assert [w.trade for w in kept] == [SELL, BUY]  # in date order
    assert kept[0].amount_at_stake == 160.0
    assert kept[0].message.endswith("(Sold Recent Shares Wash = Y: the plan's sale of the recent shares does not "
                                    "clear it)")


def test_a_sale_still_flagged_after_the_plan_is_not_doubled():
    both = (warning(SELL, WarningKind.SALE_WASHED_BY_RECENT_BUY, 160.0),)
    assert _conservative_sells_kept(both, both) == both


def test_a_buy_the_plan_clears_is_not_brought_back():
    # only sells: a buy's conflict is with loss sales, which the plan can only add
    before = (warning(BUY, WarningKind.BUY_WASHES_RECENT_LOSS, 50.0),)
    assert _conservative_sells_kept(before, ()) == ()
