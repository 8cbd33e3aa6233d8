"""Every sheet gives the same "first day you may sell" a washed loss lot: the first trading day (fe12 F-b).

A purchase washes a loss sale made within the 30 days after it (IRC §1091(a)), so a loss lot whose
fund was bought on 2026-11-24 is clear of that purchase from 2026-11-24 + 31 days = Friday 2026-12-25,
Christmas, when the NYSE is closed (NYSE Rule 7.2): the first day the sale can be placed is Monday
2026-12-28 (calendar). Trades and Orders date the waited sale 2026-12-28; the Harvest sheet, the
"no reading needed" note and the Orders conservative date now give that day too, not the holiday.

Household (fe12's h8): Brokerage holds 600 VXUS bought 2022-01-03 for $48,000 ($80.00/sh, now
$65.00: a $9,000 long-term loss); the IRA bought 15 VXUS on 2026-11-24. As Of 2026-12-01.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, Transaction
from taxrebal.engine.tax import TaxProfile
from taxrebal.engine.wash import adjust_lots
from taxrebal.engine.wash_queries import first_day_to_sell, recent_purchases

AS_OF = date(2026, 12, 1)
CHRISTMAS_MONDAY = "2026-12-28"


def household(ira_shares: float = 15.0) -> Household:
    return Household(
        accounts=(Account("Brokerage", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VXUS", "Intl", 65.0), Security("BND", "Bonds", 73.0)),
        lots=(Lot("B1", "Brokerage", "VXUS", date(2022, 1, 3), 600, 48_000.0),
              Lot("I1", "IRA", "VXUS", date(2026, 11, 24), ira_shares, ira_shares * 66.0),
              Lot("I2", "IRA", "BND", None, 400, None)),
        transactions=(Transaction(date(2026, 11, 24), "IRA", "VXUS", Action.BUY, ira_shares, 66.0, "I1"),),
        targets=(Target("Intl", 0.5), Target("Bonds", 0.5)),
        settings=Settings(as_of=AS_OF, min_trade=0.0))


def _candidate(h: Household):
    wash = adjust_lots(h)
    scan = harvest_candidates(wash.household, AS_OF, TaxProfile.from_settings(h.settings), wash)
    (b1,) = [c for c in scan.candidates if c.lot_id == "B1"]
    return b1


def test_harvest_gives_the_first_trading_day_to_sell_a_partly_washed_lot_not_christmas():
    b1 = _candidate(household())
    assert f"first day you may sell to harvest all of it: {CHRISTMAS_MONDAY}" in b1.note
    assert "2026-12-25" not in b1.note


def test_harvest_gives_the_first_trading_day_for_a_lot_washed_whole():
    b1 = _candidate(household(ira_shares=700.0))  # more shares bought than the lot holds: all of it washed
    assert b1.wash_status == f"Blocked; first day you may sell {CHRISTMAS_MONDAY}"


def test_the_plan_and_orders_date_is_the_same_day():
    h = household()
    wash = adjust_lots(h)
    pool = recent_purchases(wash.household, wash, date(2026, 10, 31), AS_OF)["VXUS"]
    assert first_day_to_sell(pool) == date(2026, 12, 28)
