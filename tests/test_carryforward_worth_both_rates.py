"""A loss carryforward's later worth is shown both ways: against a long-term gain, and against ordinary
income when no gains come (fe15 F3).

Rule: a net capital loss carried forward (IRC §1212(b)) first offsets a later year's capital gains, and
what is left comes off up to $3,000 of ordinary income a year ($1,500 married filing separately, IRC
§1211(b)). With no gains next year it saves the ordinary rate, not the long-term rate; and a 0% gain
harvest that uses carryforward up to raise a basis buys something worth the long-term rate only when
the shares are sold (engine/carryforward_worth.py).

Hand-worked (2026; brackets and standard deductions of Rev. Proc. 2025-32 as in engine/params):

* fe15's h1: MFJ, Ordinary Income $180,000, 5% state. Taxable income 180,000 - 32,200 = 147,800: the
  22% ordinary band (100,800-211,400) and the 15% capital-gain band (over 98,900); MAGI under NIIT's
  $250,000. Long-term rate 15% + 5% = 20%; ordinary 22% + 5% = 27%. $1,020 carried: 1,020 x 20% =
  $204.00 against a gain, 1,020 x 27% = $275.40 against ordinary income; the gain harvest costs
  $275.40 - $204.00 = $71.40 when no gains come.
* fe15's h9: single, Ordinary Income $150,000, no state. Taxable 150,000 - 16,100 = 133,900: 24% band
  (105,700-201,775), 15% on long-term gains, no NIIT (MAGI under $200,000). $250 kept by waiting and
  carried: $37.50 against a gain, $60.00 against ordinary income.
* fe7's Chens with 1 IRA share washing $6.00 for good: a wait under $5.00 whose kept loss partly
  carries forward says what that part is worth both ways (the test's docstring works it).
* Married filing separately, $100,000: taxable 83,900, 22% band: the limit said is $1,500 a year, and
  $4,000 takes 3 years (4,000 / 1,500 = 2.7).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from test_wait_minimum_and_date_order import AS_OF as CHEN_AS_OF
from test_wait_minimum_and_date_order import _chen

from taxrebal.engine.carryforward_worth import CarryforwardRates
from taxrebal.engine.harvest import gain_harvest
from taxrebal.engine.plan import WaitedSale
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings, Target
from taxrebal.engine.tax import TaxProfile, capital_loss_limit, gains_rate, loss_deduction_rate
from taxrebal.workbook.results.harvest import gains_title
from taxrebal.workbook.results.trades import _kept_later

AS_OF = date(2026, 12, 4)
H1 = TaxProfile(year=2026, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=180_000.0,
                state_tax_rate=0.05)
H1_WORDS = ("worth about $204.00 of tax later if it offsets a long-term gain (20.0%), or $275.40 if it offsets "
            "ordinary income, up to $3,000 a year, IRC §1211(b) (27.0%)")


def test_h1_rates_are_the_long_term_and_the_ordinary_rate_plus_state():
    assert gains_rate(H1) == pytest.approx(0.20)
    assert loss_deduction_rate(H1) == pytest.approx(0.27)
    assert capital_loss_limit(H1) == 3_000.0
    rates = CarryforwardRates.of(H1)
    assert rates.worth(1_020.0) == (204.00, 275.40)
    assert rates.words(1_020.0) == H1_WORDS


def test_h1_gain_harvest_says_the_basis_pays_back_only_when_sold_and_what_it_costs():
    """The year's $4,020 long-term loss: $3,000 comes off ordinary income, $1,020 carries to 2027.
    Taxable income 144,800 is above the 0% band, so the room is the $1,020 carryforward alone: 85 VXUS
    at $62 on a $50 basis ($12 a share) fill it, federal and state tax $0.00."""
    h = Household(
        accounts=(Account("Joint Taxable", "Taxable"),),
        securities=(Security("VXUS", "Intl", 62.0),),
        lots=(Lot("J3", "Joint Taxable", "VXUS", date(2020, 1, 2), 300, 15_000.0),),
        targets=(Target("Intl", 1.0),),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=180_000.0,
                          state_tax_rate=0.05, realized_st_ytd=0.0, realized_lt_ytd=-4_020.0))
    g = gain_harvest(h, AS_OF, TaxProfile.from_settings(h.settings))
    assert g.total_gain == pytest.approx(1_020.0) and g.carryforward_used == pytest.approx(1_020.0)
    assert g.federal_tax == pytest.approx(0.0, abs=0.005) and g.state_tax == pytest.approx(0.0, abs=0.005)
    assert g.headline() == ("$1,020 of long-term gains can be realized for $0.00 federal this year, but they use "
                            "up $1,020.00 of loss carryforward, " + H1_WORDS)
    assert gains_title(g).endswith("use up $1,020.00 of loss carryforward, " + H1_WORDS)
    assert ("Raising the basis saves tax at your rate on long-term gains (20.0%) only when these shares are sold; "
            "if no gains come next year, the $1,020.00 of carryforward would instead save $275.40 against ordinary "
            "income, so this trade costs about $71.40 (IRC §1211(b), §1212(b))") in g.note


def test_h9_wait_note_shows_the_kept_carryforward_both_ways():
    profile = TaxProfile(year=2026, filing_status=FilingStatus.SINGLE, ordinary_income=150_000.0)
    wait = WaitedSale("Taxable", "VTI", "T1", 100, 250.0, date(2026, 12, 7), 0.0, -5_000.0, 250.0, 0.0, 0.0,
                      kept_rate=gains_rate(profile), kept_carried=250.0, kept_rates=CarryforwardRates.of(profile))
    assert _kept_later(wait) == ("; the $250.00 kept carries forward (IRC §1212(b)): worth about $37.50 of tax "
                                 "later if it offsets a long-term gain (15.0%), or $60.00 if it offsets ordinary "
                                 "income, up to $3,000 a year, IRC §1211(b) (24.0%)")


def test_married_filing_separately_says_1500_a_year_and_the_years_it_takes():
    profile = TaxProfile(year=2026, filing_status=FilingStatus.MARRIED_SEPARATE, ordinary_income=100_000.0)
    assert capital_loss_limit(profile) == 1_500.0
    assert CarryforwardRates.of(profile).words(4_000.0) == (
        "worth about $600.00 of tax later if it offsets a long-term gain (15.0%), or $880.00 if it offsets "
        "ordinary income, up to $1,500 a year (3 years for this amount), IRC §1211(b) (22.0%)")


def test_no_cost_said_when_the_ordinary_rate_is_not_higher():
    """A household whose taxable income is $0 without gains (wages $10,000, single): both rates 0."""
    profile = TaxProfile(year=2026, filing_status=FilingStatus.SINGLE, ordinary_income=10_000.0)
    rates = CarryforwardRates.of(profile)
    assert rates.long_term == 0.0 and rates.ordinary == 0.0
    assert rates.basis_words(500.0) == ("Raising the basis saves tax at your rate on long-term gains (0.0%) only "
                                        "when these shares are sold")


def test_a_wait_under_five_dollars_says_what_its_carried_part_is_worth_both_ways():
    """fe7's Chens (tests/test_wait_minimum_and_date_order.py) with $703 of long-term loss realized this year
    instead of $27,000 of gain, and 1 IRA share bought 2026-11-20: selling T-05 now washes $6.00 of its
    $1,800 loss for good (Rev. Rul. 2008-5). The year's net capital loss is -500 - 703 - 1,794 = -2,997:
    waiting keeps the $6.00, of which $3.00 more comes off ordinary income this year (the $3,000 limit,
    IRC §1211(b)) and $3.00 carries forward (§1212(b)). Ordinary income $310,000 ($6,000 of it investment
    income), 6% state: taxable 310,000 - 2,997 - 32,200 = 274,803, the 24% band; MAGI over $250,000, so the
    deduction also lowers NII taxed at 3.8%: 33.8%, $3.00 x 33.8% = $1.01 this year. The $3.00 carried: 15%
    + 3.8% + 6% = 24.8% against a long-term gain ($0.74), 33.8% against ordinary income ($1.01). $1.01 +
    $0.74 = $1.75, under $5.00: sold now (the minimum counts the carried part at the long-term rate, as
    before)."""
    h = _chen(1)
    plan = plan_rebalance(replace(h, settings=replace(h.settings, realized_lt_ytd=-703.0)), as_of=CHEN_AS_OF)
    assert plan.waits == ()
    (sell,) = [t for t in plan.trades if t.symbol == "VEA" and t.account == "Joint Taxable"]
    assert ("about $1.01 less tax, and the $3.00 of it that carries forward (IRC §1212(b)) would be worth about "
            "$0.74 of tax later if it offsets a long-term gain (24.8%), or $1.01 if it offsets ordinary income, up "
            "to $3,000 a year, IRC §1211(b) (33.8%); but waiting would save less than $5.00 in all (what carries "
            "forward counted at the long-term rate): not worth the days of market risk") in sell.note
