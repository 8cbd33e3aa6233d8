"""With Sold Recent Shares Wash = Y, the plan's sale of recent shares does not clear a proposed loss sale
(fe11 finding 22), and the check after the plan says so itself (fe15 F5; engine/pretrade.py).

By hand (fe11's c_prop): Sam Taxable proposes selling 10 IVV (lot S2, bought for $5,400, $540.00 a share,
now $500.00: $40.00 a share of loss) on 2026-12-05; Sam 401k bought 4 FXAIX (same Identical Group, SP500)
on 2026-11-28, 7 days before. The plan, placed first on 2026-12-04, exchanges 10 FXAIX out of the 401(k)
(naming no lot: the 4 recent shares go first).

* Y ("has acquired", IRC §1091(a) read literally): the 4 shares wash 4 x $40.00 = $160.00 for good (Rev.
  Rul. 2008-5) though the plan sold them; first clear day 2026-11-28 + 31 = 2026-12-29.
* N (taxrebal's reading): the 4 shares are no longer held: the sale is clear.
* Y, when the plan instead harvests IVV lot S1 (10 shares, $40.00 a share of loss) on 2026-12-04: the 4
  FXAIX shares replace 4 of S1's loss shares, each replacement share once (Treas. Reg. §1.1091-1(e)), so
  none is left for S2's sale on 2026-12-05: clear (the pipeline no longer re-adds the check of the
  proposed trades alone, which said "the plan's sale of the recent shares does not clear it").
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.pretrade import WarningKind, check_trades
from taxrebal.engine.records import Account, Action, Household, Lot, ProposedTrade, Security, Settings

AS_OF = date(2026, 12, 4)
SELL = ProposedTrade(date(2026, 12, 5), "Sam Taxable", "IVV", Action.SELL, 10, lots=(("S2", 10),))


def household(literal: bool) -> Household:
    return Household(
        accounts=(Account("Sam Taxable", "Taxable"), Account("Sam 401k", "401(k)")),
        securities=(Security("IVV", "US Stocks", 500.0, identical_group="SP500"),
                    Security("FXAIX", "US Stocks", 200.0, identical_group="SP500")),
        lots=(Lot("S1", "Sam Taxable", "IVV", date(2021, 3, 1), 10, 5_400.0),
              Lot("S2", "Sam Taxable", "IVV", date(2021, 3, 1), 10, 5_400.0),
              Lot("F0", "Sam 401k", "FXAIX", None, 100, None),
              Lot("F1", "Sam 401k", "FXAIX", date(2026, 11, 28), 4, None)),
        settings=Settings(as_of=AS_OF, ordinary_income=150_000.0, sold_recent_shares_wash=literal))


def flagged(literal: bool, plan: ProposedTrade):
    return [w for w in check_trades(household(literal), [plan, SELL], AS_OF) if w.trade is SELL]


PLAN_EXCHANGE = ProposedTrade(AS_OF, "Sam 401k", "FXAIX", Action.SELL, 10)
PLAN_HARVEST = ProposedTrade(AS_OF, "Sam Taxable", "IVV", Action.SELL, 10, lots=(("S1", 10),))


def test_the_sale_the_plans_exchange_would_clear_stays_flagged_under_reading_y():
    (w,) = flagged(True, PLAN_EXCHANGE)
    assert w.kind is WarningKind.SALE_WASHED_BY_RECENT_BUY
    assert w.amount_at_stake == pytest.approx(160.00)  # 4 x $40.00
    assert w.permanent and w.clear_from == date(2026, 12, 29)
    assert "so that no replacement shares are held" not in w.message


def test_under_reading_n_the_exchanged_shares_no_longer_wash():
    assert flagged(False, PLAN_EXCHANGE) == []


def test_shares_the_plans_own_harvest_used_wash_no_later_sale():
    assert flagged(True, PLAN_HARVEST) == []
