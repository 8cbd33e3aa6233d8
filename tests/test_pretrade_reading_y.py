"""The pre-trade check reads Settings Sold Recent Shares Wash as the plan does (fe15 F5), and a buy's first
clear day names the later loss sale that sets it.

By hand (fe15 h21): Taxable holds lot T1, 100 VTI bought 2021-06-01 for $35,000 ($350.00 a share); VTI is
$300.00, so each share sold loses $50.00. The IRA bought 5 VTI (lot I1) on 2026-11-04, 30 days before a sale
on 2026-12-04: inside the window (IRC §1091(a)). The plan sells 1.6 VTI in the IRA first (naming no lot: the
most recently bought shares, I1's), then the user sells 50 VTI from Taxable on 2026-12-04.

* Sold Recent Shares Wash = Y ("has acquired", read literally): all 5 shares acquired in the window wash 5
  of the 50 loss shares, sold first or not: 5 x $50.00 = $250.00, lost for good (an IRA: Rev. Rul.
  2008-5); selling I1 first is no way out, so the check does not offer it.
* N (taxrebal's reading: shares no longer held cannot wash): 5 - 1.6 = 3.4 shares wash, 3.4 x $50.00 =
  $170.00, and selling I1 first is offered.

First clear day: the user sells 50 of T1 on 2026-12-04 and the plan's dated sale sells the other 50 on
2026-12-07; a Roth buy of 2 VTI on 2026-12-08 washes 2 shares of the 12-04 sale (2 x $50.00 = $100.00 for
good). That sale's window ends 2027-01-03 (12-04 + 30), but 2027-01-04 is inside the 12-07 sale's window,
which runs through 2027-01-06: the first day to buy is 2027-01-07, and the note names the 12-07 sale.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.pretrade import WarningKind, check_trades
from taxrebal.engine.records import Account, Action, Household, Lot, ProposedTrade, Security, Settings

AS_OF = date(2026, 12, 4)


def household(literal: bool, with_ira: bool = True) -> Household:
    lots = [Lot("T1", "Taxable", "VTI", date(2021, 6, 1), 100, 35_000.0)]
    if with_ira:
        lots.append(Lot("I1", "IRA", "VTI", date(2026, 11, 4), 5, 1_500.0))
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA"), Account("Roth", "Roth IRA")),
        securities=(Security("VTI", "US Stocks", 300.0),),
        lots=tuple(lots),
        settings=Settings(as_of=AS_OF, ordinary_income=150_000.0, sold_recent_shares_wash=literal),
    )


PLAN_IRA_SELL = ProposedTrade(AS_OF, "IRA", "VTI", Action.SELL, 1.6)
USER_SELL = ProposedTrade(AS_OF, "Taxable", "VTI", Action.SELL, 50)


def the_sale_warning(literal: bool):
    (w,) = [w for w in check_trades(household(literal), [PLAN_IRA_SELL, USER_SELL], AS_OF)
            if w.trade is USER_SELL]
    return w


def test_reading_y_washes_every_share_acquired_in_the_window_though_sold_first():
    w = the_sale_warning(literal=True)
    assert w.kind is WarningKind.SALE_WASHED_BY_RECENT_BUY
    assert w.amount_at_stake == pytest.approx(250.00)  # 5 x $50.00
    assert w.permanent
    assert "washed by 5 VTI bought on 2026-11-04 in IRA: $250.00 of loss lost for good" in w.message
    assert "so that no replacement shares are held" not in w.message
    assert "Selling lot I1 in IRA first does not change this with Sold Recent Shares Wash = Y" in w.message


def test_reading_n_counts_only_the_shares_still_held_and_offers_selling_them_first():
    w = the_sale_warning(literal=False)
    assert w.amount_at_stake == pytest.approx(170.00)  # (5 - 1.6) x $50.00
    assert "washed by 3.4 VTI" in w.message
    assert "or first sell lot I1 in IRA (no tax there), so that no replacement shares are held" in w.message


def test_the_first_clear_day_names_the_later_sale_whose_window_sets_it():
    user = ProposedTrade(AS_OF, "Taxable", "VTI", Action.SELL, 50, lots=(("T1", 50),))
    dated = ProposedTrade(date(2026, 12, 7), "Taxable", "VTI", Action.SELL, 50, 300.0, lots=(("T1", 50),))
    buy = ProposedTrade(date(2026, 12, 8), "Roth", "VTI", Action.BUY, 2)
    said = {id(dated): "rebalancing plan's dated sale of VTI lot T1 on 2026-12-07 (Taxable, Trades: Sales to wait "
                       "for)"}
    (w,) = [w for w in check_trades(household(True, with_ira=False), [user, dated, buy], AS_OF, described=said)
            if w.trade is buy]
    assert w.kind is WarningKind.BUY_WASHES_PLANNED_LOSS
    assert w.amount_at_stake == pytest.approx(100.00)  # 2 x $50.00, of the 12-04 sale
    assert w.related_date == date(2026, 12, 4)
    assert w.clear_from == date(2027, 1, 7)  # 2026-12-07 + 31, not 2026-12-04 + 31 = 2027-01-04
    assert ("The first day you may buy is 2027-01-07 (the window of the rebalancing plan's dated sale of VTI lot T1 "
            "on 2026-12-07 (Taxable, Trades: Sales to wait for) runs through 2027-01-06)") in w.message


def test_a_first_clear_day_set_by_the_washed_sale_itself_names_no_other():
    buy = ProposedTrade(date(2026, 12, 8), "Roth", "VTI", Action.BUY, 2)
    (w,) = [w for w in check_trades(household(True, with_ira=False), [USER_SELL, buy], AS_OF) if w.trade is buy]
    assert w.clear_from == date(2027, 1, 4)  # 2026-12-04 + 31
    assert "The first day you may buy is 2027-01-04; or buy a replacement" in w.message
