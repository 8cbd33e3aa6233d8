"""The re-solves of the short-term notes are skipped only when a bound shows they cannot be a cent
cheaper (engine/resolve_bounds.py): each skip rule on a household where it holds (the skipped re-solve,
run here by hand, is indeed no cheaper) and on one where it must not skip (the note still appears
with its hand-worked figures).

Flat-tax household, worked by hand (Tax Mode = Flat, 30% short-term, 15% long-term, no state tax, no
gains so far), As Of 2026-12-04, one taxable account: 200 VTI at $250 bought 2020-03-02 for $60,000
(a long-term loss of $10,000), 40 IVV at $720 bought 2025-12-07 for $27,600 (a short-term gain of
$1,200, long-term from 2026-12-08, this tax year), 144 BND at $100 (no gain). Stocks $78,800 of
$93,200 against 50% +/- 5: Rebalance To = Target sells $32,200 of stocks. The plan sells all 200 VTI
($10,000 of long-term loss; the $3,000 limit of IRC §1211(b) leaves $3,000 deductible; it comes off
ordinary income whatever its character, so at the short-term rate: 3,000 x 30% = $900.00 saved) and buys
$32,200 of BND and $17,800 of IVV. No plan can save more this year.
"""

from dataclasses import replace
from datetime import date

import pytest
from test_short_term_setting_cost import AS_OF
from test_short_term_setting_cost import household as fe8_household

import taxrebal.engine.rebalance.solver as solver
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings, Target, TaxMode
from taxrebal.engine.resolve_bounds import least_gains, least_tax, setting_least_tax
from taxrebal.engine.short_term_cost import may_cost, short_term_cost
from taxrebal.engine.short_term_wait import unsold_short_term_dates, wait_instead
from taxrebal.engine.tax import TaxProfile, marginal_tax

VTI_LOSS = Lot("T-01", "Taxable", "VTI", date(2020, 3, 2), 200, 60_000.0)
IVV_SHORT = Lot("T-02", "Taxable", "IVV", date(2025, 12, 7), 40, 27_600.0)
BND = Lot("T-03", "Taxable", "BND", date(2021, 6, 1), 144, 14_400.0)


def flat_household(*extra: Lot, **settings) -> Household:
    base = dict(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.30, flat_lt_rate=0.15, realized_ytd_reconciled=True)
    base.update(settings)
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 250.0), Security("IVV", "US Stocks", 720.0),
                    Security("BND", "Bonds", 100.0)),
        lots=(VTI_LOSS, IVV_SHORT, BND) + extra,
        targets=(Target("US Stocks", 0.50, band=0.05), Target("Bonds", 0.50, band=0.05)),
        settings=Settings(**base))


@pytest.fixture
def solves(monkeypatch) -> list[int]:
    """HiGHS solves of the rebalancer counted (every stage goes through solver.highs_solve)."""
    calls: list[int] = []
    real = solver.highs_solve

    def counted(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(solver, "highs_solve", counted)
    return calls


def test_least_gains_are_every_taxable_loss_and_a_short_term_loss_a_recent_lot_may_make_long_term():
    # Short-term: BND bought 2026-09-01 at $105 ($50 loss) and SCHB bought 2026-03-01 at $120 (20 x $20 =
    # $400); long-term: VTI's $10,000. SCHB also bought 2026-11-20 (14 days before As Of, in the 30-day
    # window) in the taxable account: a SCHB loss washed into it could come back long-term, so it counts
    # in both. An IRA's loss and a gain count nowhere: -450 short-term, -10,400 long-term.
    h = flat_household(Lot("T-04", "Taxable", "BND", date(2026, 9, 1), 10, 1_050.0),
                       Lot("T-05", "Taxable", "SCHB", date(2026, 3, 1), 20, 2_400.0),
                       Lot("T-06", "Taxable", "SCHB", date(2026, 11, 20), 1, 99.0),
                       Lot("I-01", "IRA", "BND", date(2026, 5, 1), 10, 2_000.0))
    h = replace(h, accounts=h.accounts + (Account("IRA", "Traditional IRA"),),
                securities=h.securities + (Security("SCHB", "US Stocks", 100.0),))
    st, lt = least_gains(h, AS_OF)
    assert st == pytest.approx(-450.0)
    assert lt == pytest.approx(-10_400.0)


@pytest.mark.parametrize("profile", [
    TaxProfile(year=2026, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=240_000.0,
               realized_st=2_000.0, realized_lt=18_000.0, investment_income=30_000.0, state_tax_rate=0.05),
    TaxProfile(year=2026, filing_status=FilingStatus.SINGLE, ordinary_income=30_000.0, realized_st=-500.0,
               st_loss_carryforward=4_000.0),
    TaxProfile(year=2026, filing_status=FilingStatus.SINGLE, tax_mode=TaxMode.FLAT, flat_st_rate=0.30,
               flat_lt_rate=0.15),
])
def test_the_tax_never_falls_as_a_gain_grows(profile):
    # the property every bound rests on: more short- or long-term gain, with the rest fixed, never lowers
    # the tax (a cent of rounding allowed)
    points = [-60_000.0, -20_000.0, -5_000.0, -3_000.0, -1_000.0, 0.0, 500.0, 5_000.0, 40_000.0, 300_000.0]
    for lt in points:
        taxes = [marginal_tax(profile, st, lt).total for st in points]
        assert all(b >= a - 0.01 for a, b in zip(taxes, taxes[1:])), (lt, taxes)
    for st in points:
        taxes = [marginal_tax(profile, st, lt).total for lt in points]
        assert all(b >= a - 0.01 for a, b in zip(taxes, taxes[1:])), (st, taxes)


def test_a_plan_at_the_least_tax_any_plan_can_have_skips_both_re_solves(solves):
    h = flat_household()
    plan = plan_rebalance(h, as_of=AS_OF)
    assert {s.lot_id: round(s.quantity, 3) for s in plan.lot_sales} == {"T-01": 200}
    assert plan.tax_total == pytest.approx(-900.00, abs=0.005)
    assert least_tax(h, AS_OF) == pytest.approx(-900.00, abs=0.005)  # 3,000 x 30% (IRC §1211(b))
    # IVV T-02 is left unsold and turns long-term on 2026-12-08: the wait's re-solve would run but for the bound
    assert unsold_short_term_dates(h, AS_OF, plan) == {("Taxable", "T-02"): date(2026, 12, 8)}
    assert not may_cost(h, AS_OF, plan)
    before = len(solves)
    assert short_term_cost(h, AS_OF, plan) is None
    assert wait_instead(h, AS_OF, plan) is None
    assert len(solves) == before  # nothing solved
    # the skipped re-solves, by hand: with Y, and on 2026-12-08 (T-02 long-term), still -$900.00
    allowed = replace(h, settings=replace(h.settings, allow_short_term_gains=True))
    assert plan_rebalance(allowed, as_of=AS_OF).tax_total == pytest.approx(-900.00, abs=0.005)
    assert plan_rebalance(h, as_of=date(2026, 12, 8)).tax_total == pytest.approx(-900.00, abs=0.005)


def test_the_setting_bound_skips_where_the_floor_alone_would_not(solves):
    # Add 10 BND bought 2026-09-01 at $105: a $50 short-term loss under Harvest Min Loss ($100) in a class
    # under target, so no candidate; and $7,020 of long-term gain realized this year, so the plan's $10,000
    # loss leaves net -2,980, inside the $3,000 limit (IRC §1211(b)). Before the plan: 7,020 x 15% = $1,053.00.
    # The plan: a $2,980 deduction at the short-term (ordinary) rate, -$894.00: -$1,947.00. The floor counts
    # the BND loss too: net -3,030, deduction $3,000: -900 - 1,053 = -$1,953.00, below the plan's. A plan Allow
    # Short-Term Gains = N forbids realizes more than $0 of net short-term gain: at least the tax of 0
    # short-term and -10,000 long-term, the plan's -$1,947.00.
    h = flat_household(Lot("T-04", "Taxable", "BND", date(2026, 9, 1), 10, 1_050.0), realized_lt_ytd=7_020.0)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert plan.tax_total == pytest.approx(-1_947.00, abs=0.005)
    assert least_tax(h, AS_OF) == pytest.approx(-1_953.00, abs=0.005)
    assert setting_least_tax(h, AS_OF) == pytest.approx(-1_947.00, abs=0.005)
    assert not may_cost(h, AS_OF, plan)
    before = len(solves)
    assert short_term_cost(h, AS_OF, plan) is None
    assert len(solves) == before
    allowed = replace(h, settings=replace(h.settings, allow_short_term_gains=True))
    assert plan_rebalance(allowed, as_of=AS_OF).tax_total == pytest.approx(-1_947.00, abs=0.005)


def test_the_setting_bound_does_not_skip_a_setting_that_costs():
    # fe8 household with Realized ST YTD -$450 (test_short_term_setting_cost.py): the room is $450; a
    # forbidden plan realizes more, and $450 of short-term gain nets the year's short-term loss to 0,
    # restoring $450 of long-term gain at 23.8%: the bound is $107.10, under the plan's $749.70, so the
    # re-solve runs and N costs $504.00 (749.70 - 245.70).
    h = fe8_household(realized_st_ytd=-450.0)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert setting_least_tax(h, AS_OF) == pytest.approx(107.10, abs=0.005)
    assert may_cost(h, AS_OF, plan)
    cost = short_term_cost(h, AS_OF, plan)
    assert cost is not None and cost.cost == pytest.approx(504.00, abs=0.001)


def test_the_floor_does_not_skip_a_wait_that_saves():
    # fe8 household with IVV bought 2025-12-07 (test_short_term_setting_cost.py): no loss anywhere, so no
    # plan costs less than $0.00; the plan's $1,285.20 is above it and waiting saves $1,071.00.
    h = fe8_household()
    h = replace(h, lots=(Lot("T-11", "Joint Taxable", "IVV", date(2025, 12, 7), 40, 27_600.0),) + h.lots[1:])
    plan = plan_rebalance(h, as_of=AS_OF)
    assert least_tax(h, AS_OF) == pytest.approx(0.0, abs=0.005)
    instead = wait_instead(h, AS_OF, plan)
    assert instead is not None and instead.saving == pytest.approx(1_071.00, abs=0.001)


def test_with_a_flat_short_term_rate_below_the_long_term_one_the_floor_is_the_deduction_at_the_short_term_rate():
    # Flat 10% short-term, 20% long-term: the $3,000 a net capital loss deducts comes off ordinary income
    # whatever its character (IRC §1211(b)), so it saves at the short-term rate: 3,000 x 10% = -$300, whether
    # the loss left after netting is short-term (-$10,000 ST, -$10,000 LT) or long-term (+$7,000 ST,
    # -$10,000 LT: net -$3,000). No gain lowers the tax below that (fe15 F2: a long-term deduction used to be
    # priced at 20%, -$600, so more short-term gain seemed to save tax).
    h = flat_household(Lot("T-04", "Taxable", "BND", date(2026, 9, 1), 10, 1_050.0),
                       flat_st_rate=0.10, flat_lt_rate=0.20)
    profile = TaxProfile(year=2026, filing_status=FilingStatus.SINGLE, tax_mode=TaxMode.FLAT, flat_st_rate=0.10,
                         flat_lt_rate=0.20)
    assert marginal_tax(profile, -10_000.0, -10_000.0).total == pytest.approx(-300.0)
    assert marginal_tax(profile, 7_000.0, -10_000.0).total == pytest.approx(-300.0)
    assert least_tax(h, AS_OF) == pytest.approx(-300.0)
