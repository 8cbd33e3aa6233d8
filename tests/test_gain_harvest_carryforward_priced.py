"""Gains the loss carryforward absorbs are not "at 0% federal": the 0% gain harvest prices the
carryforward they use up (fe11 finding 2: "$15,000 of long-term gains can be realized at 0% federal"
for an MFS household far above the 0% bracket, every dollar of it carryforward burnt).

Rule (IRC §1211(b), §1212(b); taxrebal's reading in engine/rebalance/carryforward_kept.py): a gain
that costs $0.00 this year only because it shrinks the loss carryforward is not free: that loss would
otherwise offset a later gain, worth about the gain times the long-term rate (tax.gains_rate), or up
to $3,000 a year of ordinary income, worth the ordinary rate (tax.loss_deduction_rate): both are shown
(engine/carryforward_worth.py).

Hand-worked (2026, single, ordinary income $100,000, no state tax, $10,000 long-term loss carried
in): taxable income $100,000 - $16,100 = $83,900, past the $49,450 top of the 0% band (Rev. Proc.
2025-32), so no gain is taxed at 0%. $3,000 of the carryforward comes off ordinary income (§1211(b))
and $7,000 goes on to 2027: up to $7,000 of long-term gain costs no federal tax this year. The one
long-term lot, 100 VTI bought 2020 for $26,000 at $300, is a $4,000 gain: it fits, and uses up $4,000
of carryforward. The long-term rate on gains at $83,900 is 15% (no NIIT: MAGI under $200,000): worth
about $600.00 later against a long-term gain. With no gains in 2027 it would come off ordinary income
instead, $3,000 a year (§1211(b)): $83,900 is in the 22% band (§1(j)), so $4,000 x 22% = $880.00 over two
years, and the higher basis the gain buys is worth 15% only when the shares are sold: $880 - $600 =
$280.00 lost in that case (fe15 F3).
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.harvest import gain_harvest
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings, Target
from taxrebal.engine.tax import TaxProfile
from taxrebal.workbook.results.harvest import gains_title

AS_OF = date(2026, 12, 4)


def household() -> Household:
    return Household(
        accounts=(Account("Brokerage", "Taxable"),),
        securities=(Security("VTI", "US", 300.0),),
        lots=(Lot("V1", "Brokerage", "VTI", date(2020, 1, 2), 100, 26_000.0),),
        targets=(Target("US", 1.0),),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0,
                          realized_st_ytd=0.0, realized_lt_ytd=0.0, lt_loss_carryforward=10_000.0))


def test_the_gains_use_up_4000_of_carryforward_worth_600_and_are_not_called_0_percent():
    h = household()
    g = gain_harvest(h, AS_OF, TaxProfile.from_settings(h.settings))
    assert g.room == pytest.approx(7_000.0, abs=0.01)
    assert g.total_gain == pytest.approx(4_000.0) and g.federal_tax == pytest.approx(0.0, abs=0.005)
    assert g.carryforward_used == pytest.approx(4_000.0)
    assert g.carryforward_rates is not None and g.carryforward_rates.long_term == pytest.approx(0.15)
    worth = ("worth about $600.00 of tax later if it offsets a long-term gain (15.0%), or $880.00 if it offsets "
             "ordinary income, up to $3,000 a year (2 years for this amount), IRC §1211(b) (22.0%)")
    assert g.headline() == ("$4,000 of long-term gains can be realized for $0.00 federal this year, but they use "
                            "up $4,000.00 of loss carryforward, " + worth)
    assert "0% federal" not in gains_title(g)
    assert gains_title(g) == ("Gain harvesting: these lots cost no tax this year, but use up $4,000.00 of loss "
                              "carryforward, " + worth)
    # the block's note: the higher basis pays back only when the shares are sold (fe15 F3)
    assert ("Raising the basis saves tax at your rate on long-term gains (15.0%) only when these shares are sold; "
            "if no gains come next year, the $4,000.00 of carryforward would instead save $880.00 against ordinary "
            "income, so this trade costs about $280.00 (IRC §1211(b), §1212(b))") in g.note


def test_without_a_carryforward_the_headline_still_says_0_percent():
    """Ordinary income $40,000: taxable $23,900, $25,550 of 0% room; the $4,000 gain is taxed at 0%."""
    h = household()
    s = Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=40_000.0, realized_st_ytd=0.0,
                 realized_lt_ytd=0.0)
    g = gain_harvest(h, AS_OF, TaxProfile.from_settings(s))
    assert g.carryforward_used == 0.0
    assert g.headline() == "$4,000 of long-term gains can be realized at 0% federal"


def test_a_room_that_ends_on_a_whole_dollar_is_filled_to_it_not_a_cent_short():
    """fe13 F5: the room ended at $999.99 and the table sold 99.999 shares where 100 fit. The same
    household with $4,000 carried in: $3,000 of it comes off ordinary income (IRC §1211(b)), so up to
    $1,000 of long-term gain costs nothing this year (LT -$4,000 + $1,000 = -$3,000, still fully
    deducted), a whole-dollar edge. The $4,000 gain of 100 VTI ($40 a share) fills it with exactly 25
    shares."""
    base = household()
    h = Household(accounts=base.accounts, securities=base.securities, lots=base.lots, targets=base.targets,
                  settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0,
                                    realized_st_ytd=0.0, realized_lt_ytd=0.0, lt_loss_carryforward=4_000.0))
    g = gain_harvest(h, AS_OF, TaxProfile.from_settings(h.settings))
    assert g.room == 1_000.00
    (lot,) = g.lots
    assert lot.quantity == 25 and g.total_gain == pytest.approx(1_000.0)
