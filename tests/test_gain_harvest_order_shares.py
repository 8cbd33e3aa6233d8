"""Harvest's "Gain harvesting" table gives a share count an order can carry (fe12 F-o), its gain
recomputed from that count: at most 4 decimals, as on Orders, or whole shares for a stock or ETF
when Whole Shares = Y; rounded down, so the gain stays within the 0% room.

Hand-worked (2026, single, ordinary income $40,000, no state tax, no gains so far; Rev. Proc.
2025-32): taxable income 40,000 - 16,100 = 23,900, and long-term gains are taxed at 0% up to 49,450
of taxable income (IRC §1(h)(1)(B)), so the room is $25,550.00. The lot: 20 NVR bought 2015-01-05 for
$2,000.00 a share, now $5,000.00: $3,000.00 of gain a share, $60,000.00 in all, more than the room.

* Whole Shares = N: 25,550 / 3,000 = 8.516666... shares -> **8.5166** (down to 4 decimals): basis
  8.5166 x 2,000 = $17,033.20, value x 5,000 = $42,583.00, gain **$25,549.80** (not $25,550.00).
* Whole Shares = Y (NVR is a stock): **8** shares, gain 8 x 3,000 = **$24,000.00**.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.harvest import gain_harvest
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings, Target
from taxrebal.engine.tax import TaxProfile

AS_OF = date(2026, 11, 20)


def household(whole_shares: bool) -> Household:
    settings = Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=40_000.0, state_tax_rate=0.0,
                        whole_shares=whole_shares)
    return Household((Account("Taxable", "Taxable"),), (Security("NVR", "US", 5_000.0),),
                     (Lot("N1", "Taxable", "NVR", date(2015, 1, 5), 20, 40_000.0),), (), (Target("US", 1.0),),
                     settings)


def _lot(whole_shares: bool):
    h = household(whole_shares)
    gains = gain_harvest(h, AS_OF, TaxProfile.from_settings(h.settings))
    assert gains.room == pytest.approx(25_550.0, abs=0.01)
    (lot,) = gains.lots
    return lot


def test_a_partial_lot_is_cut_to_four_decimals_and_its_gain_is_that_counts():
    lot = _lot(False)
    assert lot.quantity == 8.5166
    assert (round(lot.basis, 2), round(lot.value, 2), round(lot.gain, 2)) == (17_033.20, 42_583.00, 25_549.80)


def test_whole_shares_sells_whole_shares_of_a_stock():
    lot = _lot(True)
    assert lot.quantity == 8
    assert round(lot.gain, 2) == 24_000.00
