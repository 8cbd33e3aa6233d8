"""0% gain harvesting when the year already has a net capital loss (fe6 hh4), worked by hand.

Single, 2026 (Rev. Proc. 2025-32: standard deduction $16,100, 10% to $12,400, 12% to $50,400, 0% on
net capital gain up to $49,450 of taxable income), ordinary income $60,000, realized LT -$240.
Without gains: taxable 60,000 - 16,100 - 240 = 43,660; tax 1,240 + 12% x 31,260 = $4,991.20.
An extra LT gain first offsets the $240 loss (IRC §1222): the deduction of IRC §1211(b) is lost,
12% x 240 = $28.80. Every further dollar is net capital gain (IRC §1222(11)) stacked on ordinary
taxable income 43,900, taxed at 0% up to 49,450: $5,550. Room 240 + 5,550 = $5,790; its federal tax
is $28.80 in all, and one dollar more is taxed at 15%.
"""

from datetime import date

import pytest

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings
from taxrebal.engine.tax import TaxProfile, marginal_tax

AS_OF = date(2026, 12, 4)


def gains(**kw):
    s = Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=60_000.0, **kw)
    h = Household((Account("Brok", "Taxable"),), (Security("QQQ", "US", 500.0),),
                  (Lot("L3", "Brok", "QQQ", date(2020, 1, 2), 100, 20_000.0),), settings=s)
    return harvest_candidates(h, AS_OF, TaxProfile.from_settings(s)).gains, TaxProfile.from_settings(s)


def test_a_small_net_loss_leaves_the_zero_percent_room_after_it():
    g, profile = gains(realized_st_ytd=0.0, realized_lt_ytd=-240.0)
    assert g.room == pytest.approx(5_790.0, abs=0.01) and g.loss_offset == pytest.approx(240.0)
    assert g.total_gain == pytest.approx(5_790.0, abs=0.01)
    assert g.federal_tax == pytest.approx(28.80, abs=0.01)
    # One dollar past the room is taxed at 15% (independent of the room search: the bracket edge).
    assert marginal_tax(profile, 0.0, 5_791.0).federal == pytest.approx(28.80 + 0.15, abs=0.01)
    assert "The first $240.00 of these gains offsets this year's capital losses" in g.note


def test_a_small_net_gain_leaves_the_rest_of_the_bracket():
    # Realized LT +160: taxable ordinary 43,900, net capital gain 160 at 0%; room 5,550 - 160.
    g, _ = gains(realized_st_ytd=0.0, realized_lt_ytd=160.0)
    assert (g.room, g.loss_offset) == (pytest.approx(5_390.0, abs=0.01), 0.0)
    assert g.federal_tax == pytest.approx(0.0, abs=0.01)


def test_a_short_term_gain_and_a_long_term_loss():
    # ST +1,000, LT -240: net gain 760 is short-term, ordinary (taxable 44,660). An extra LT gain
    # first cancels the LT loss (the ST gain is then no longer offset: 240 x 12% = $28.80), then
    # stacks on 44,660 + ... : 0% up to 49,450 - (43,900 + 1,000) = 4,550. Room 4,790.
    g, _ = gains(realized_st_ytd=1_000.0, realized_lt_ytd=-240.0)
    assert g.room == pytest.approx(4_790.0, abs=0.01)
    assert g.federal_tax == pytest.approx(28.80, abs=0.01)
    assert "the federal tax of $28.80 is what they were worth" in g.note
