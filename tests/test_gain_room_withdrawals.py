"""The 0% gain room and what it leaves out: one headline for console and sheet (fe9 finding 11).

fe9's ruth: the console said "$48,500 of long-term gains can be realized at 0% federal" while Harvest
said they cost $300.00 federal (this year's losses they use up), and nothing said that the $6,000
Traditional IRA withdrawal planned on Accounts is taxable income (IRC §408(d)(1)). Rule: the console
and the Harvest sheet print one sentence (``GainHarvest.headline``), "at 0% federal" only when the
federal tax is nil; a withdrawal from a tax-deferred account is not added to Ordinary Income (the
README says Ordinary Income includes it) but the room had it been left out is given beside the room.

By hand (single, 2026, Rev. Proc. 2025-32: standard deduction $16,100, 12% up to $50,400, 0% on net
capital gain up to $49,450 of taxable income), ordinary income $60,000: taxable 43,900, room
49,450 - 43,900 = $5,550. A $4,000 IRA withdrawal left out of Ordinary Income: 49,450 - 47,900 =
$1,550. With realized LT -$240 the gains cost 12% x 240 = $28.80 federal (the lost deduction).
"""

from datetime import date

import pytest

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings
from taxrebal.engine.tax import TaxProfile

AS_OF = date(2026, 12, 4)


def scan(*accounts, **kw):
    s = Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=60_000.0, realized_st_ytd=0.0,
                 **({"realized_lt_ytd": 0.0} | kw))
    h = Household((Account("Brok", "Taxable"), *accounts), (Security("QQQ", "US", 500.0),),
                  (Lot("L3", "Brok", "QQQ", date(2020, 1, 2), 100, 20_000.0),), settings=s)
    return harvest_candidates(h, AS_OF, TaxProfile.from_settings(s))


def test_a_traditional_ira_withdrawal_is_named_beside_the_room_with_the_room_had_income_left_it_out():
    gains = scan(Account("IRA", "Traditional IRA", cash=5_000.0, contribution=-4_000.0)).gains
    assert gains.room == pytest.approx(5_550.0, abs=0.01)  # Ordinary Income used as typed
    assert gains.room_if_withdrawals_added == pytest.approx(1_550.0, abs=0.01)
    assert gains.withdrawal_note.startswith(
        "Ordinary Income ($60,000.00 on Settings) is used as typed: the $4,000.00 withdrawal from IRA "
        "(Traditional IRA) is taxable income (IRC §408(d)(1), §402(a)) and taxrebal does not add it. If "
        "Ordinary Income leaves it out, the room is $1,550.00, not $5,550.00")
    assert "room is $1,550.00 (see Harvest)" in gains.headline()


def test_roth_and_hsa_withdrawals_are_not_income_and_are_not_named():
    gains = scan(Account("Roth", "Roth IRA", cash=5_000.0, contribution=-1_000.0),
                 Account("HSA", "HSA", cash=5_000.0, contribution=-1_000.0)).gains
    assert gains.withdrawals == () and gains.withdrawal_note == ""
    assert "withdrawal" not in gains.headline()


def test_console_and_sheet_share_one_headline_that_names_the_federal_tax_when_there_is_one():
    free = scan()
    assert free.gains.headline() == "$5,550 of long-term gains can be realized at 0% federal"
    costly = scan(realized_lt_ytd=-240.0)
    assert costly.gains.headline().startswith("$5,790 of long-term gains can be realized for $28.80 federal")
    assert costly.summary().endswith("; " + costly.gains.headline())  # the console line and Harvest's A-cell


def test_after_a_rebalance_the_console_line_is_the_headline_of_the_gain_harvest_the_sheet_shows():
    # The Harvest sheet shows the 0% harvest on top of the plan (workbook/results/harvest.shown_gains); the
    # console line and the sheet's first note are scan.summary(that harvest), not the harvest-only one.
    before, after = scan(), scan(realized_lt_ytd=-240.0)
    assert before.summary(after.gains).endswith("; on top of the plan on Trades, " + after.gains.headline())
    assert after.gains.headline() != before.gains.headline()
