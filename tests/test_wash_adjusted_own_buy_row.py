"""A broker-adjusted lot (Wash Adjusted = Y) with its real purchase on Transactions as a Buy row of the
same Lot ID: that row is the lot's own purchase whatever the lot's Acquired says (fe16 F6, README
"Importing broker files").

Rule: shares of one purchase never replace each other (a sold share is not its own replacement; Treas.
Reg. §1.1091-1(a), reading 2 of engine/wash.py); any *other* sale at a loss within 30 days of that
purchase is washed by it (IRC §1091(a)). A broker-adjusted lot's Acquired is its tacked holding start
(IRC §1223(3), Pub 550 "Wash Sales"), so its holding period stays that date; its basis already holds
the broker's adjustment (reading 6).

Hand-worked household (As Of 2026-12-01, VXUS at $60):

    Tax  X  10 VXUS, Acquired 2025-03-01 (tacked), Cost Basis $700, Wash Adjusted = Y
    Tax  Y  10 VXUS, Acquired 2024-01-02, Cost Basis $800
    Transactions: Buy 10 VXUS at $65 on 2026-11-29 (As Of - 2 days), Lot ID X (X's real purchase)

* selling X today: proceeds 10 x 60 = $600, basis $700 (the lot's, not 10 x 65), loss $100, long term
  (2025-03-01 to 2026-12-01 is more than a year); the only VXUS bought in 2026-11-01..2026-12-31 is X
  itself, so nothing washes it: $100 allowed.
* selling Y today: loss 800 - 600 = $200, and X's 10 shares bought 2026-11-29 are in its window:
  10 shares wash all 10 loss shares, $200 disallowed; the first clear day is 2026-11-29 + 31 = 2026-12-30.
Before: X's sale was priced at $650 and dated 2026-11-29 (short term), and the plan, harvest scan and
pre-trade check did not see X's purchase at all (Y "Clear").
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.pretrade import WarningKind, check_trades
from taxrebal.engine.records import (
    Account,
    Action,
    Household,
    Lot,
    ProposedTrade,
    Security,
    Settings,
    Target,
    Transaction,
)
from taxrebal.engine.tax import TaxProfile
from taxrebal.engine.wash import adjust_lots
from taxrebal.engine.wash_queries import recent_purchases

AS_OF = date(2026, 12, 1)
BOUGHT = AS_OF - timedelta(days=2)


def household(*sells: Transaction) -> Household:
    return Household(
        accounts=(Account("Tax", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VXUS", "Intl", 60.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("X", "Tax", "VXUS", date(2025, 3, 1), 10, 700.0, wash_adjusted=True),
              Lot("Y", "Tax", "VXUS", date(2024, 1, 2), 10, 800.0),
              Lot("B1", "IRA", "BND", date(2020, 1, 2), 10, 500.0)),
        transactions=(Transaction(BOUGHT, "Tax", "VXUS", Action.BUY, 10, 65.0, lot_id="X"), *sells),
        targets=(Target("Intl", 0.0, band=0.0), Target("Bonds", 1.0, band=0.0)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0))


def sell(lot: str) -> Transaction:
    return Transaction(AS_OF, "Tax", "VXUS", Action.SELL, 10, 60.0, lot_id=lot)


def test_selling_the_lot_is_not_washed_by_its_own_purchase():
    result = adjust_lots(household(sell("X")))
    assert result.matches == ()
    (sale,) = result.sales
    assert (sale.proceeds, sale.basis, sale.disallowed) == pytest.approx((600.0, 700.0, 0.0))
    assert sale.holding_start == date(2025, 3, 1)


def test_another_lots_loss_sale_is_washed_by_that_purchase():
    result = adjust_lots(household(sell("Y")))
    (match,) = result.matches
    assert (match.replacement_lot, match.replacement_date, match.shares) == ("X", BOUGHT, pytest.approx(10.0))
    assert result.sales[0].disallowed == pytest.approx(200.0)


def test_the_purchase_is_recent_on_its_buy_date():
    h = household()
    wash = adjust_lots(h)
    (p,) = recent_purchases(wash.household, wash, AS_OF - timedelta(days=30), AS_OF)["VXUS"]
    assert (p.acquired, p.purchase_id, p.shares) == (BOUGHT, "X", pytest.approx(10.0))


def test_harvest_scan_and_pretrade_check_agree():
    h = household()
    scan = {c.lot_id: c for c in harvest_candidates(h, AS_OF, TaxProfile.from_settings(h.settings)).candidates}
    assert (scan["X"].harvestable_loss, scan["X"].washed_shares) == pytest.approx((100.0, 0.0))
    assert (scan["Y"].harvestable_loss, scan["Y"].washed_shares) == pytest.approx((0.0, 10.0))
    assert "2026-12-30" in scan["Y"].wash_status

    def warned(lot: str) -> list[WarningKind]:
        trade = ProposedTrade(AS_OF, "Tax", "VXUS", Action.SELL, 10, 60.0, lots=((lot, 10.0),))
        return [w.kind for w in check_trades(h, [trade], AS_OF)]

    assert warned("X") == []
    assert warned("Y") == [WarningKind.SALE_WASHED_BY_RECENT_BUY]
