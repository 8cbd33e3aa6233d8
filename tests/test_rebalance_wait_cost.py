"""What testing a wash-window wait costs (issue 13; engine/rebalance/window_wait.py, "Cost"): an identity
whose wait cannot pay, because even the least tax any gains can give this year is no lower than the
plan's tax plus its lost loss at the household's long-term rate on gains, is sold now without
re-solving the plan; every other identity is still re-solved and dated when waiting pays.

The bound is the floor of the year's tax, not ``lost x long-term rate``: waiting also counts the whole
loss on this year's return, at whatever rate that loss offsets. The first test is a household whose
long-term rate is 0% while its short-term gains pay 12%, so a rule that skipped on ``lost x r_lt`` would
sell now and lose $72.00.

Every expected figure is worked by hand from the 2026 tables (IRS Rev. Proc. 2025-32 as amended by
P.L. 119-21: single standard deduction $16,100; 12% bracket $12,400-$50,400; 0% capital-gain rate up to
$49,450 of taxable income), not read from taxrebal.
"""

from dataclasses import replace
from datetime import date

import pytest
from chen4_household import AS_OF, IRA, TAXABLE, chen4

from taxrebal.engine.rebalance import plan_rebalance, planner
from taxrebal.engine.rebalance.stages import _TaxOracle
from taxrebal.engine.rebalance.window_wait import _least_tax
from taxrebal.engine.records import (
    Account,
    FilingStatus,
    Household,
    Settings,
    Target,
    TaxMode,
)

_household = chen4  # fe7 chen4's lots (tests/chen4_household.py): T-05's $1,800 short-term loss, W-02's
# 100 VEA bought 2026-11-20 in the IRA wash $600 of it for good if sold now; clear on 2026-12-21


def test_a_wait_that_pays_at_the_short_term_rate_is_tested_though_the_long_term_rate_is_zero():
    """Single, $40,000 of ordinary income, this year's realized +$10,000 short-term and +$5,000 long-term,
    no state tax. Ordinary taxable income 40,000 - 16,100 + 10,000 = 33,900 (12% bracket); the $5,000 of
    long-term gain sits on top, 33,900-38,900, under $49,450: 0%. MAGI $55,000: no NIIT. So a dollar of
    short-term loss saves 12% and a dollar of long-term gain costs 0%: the lost loss is worth $0 at the
    long-term rate. Every class is within its band (Intl 24.30% of $85,600 against 25%), so the plan only
    harvests T-05. Sold now: $1,200 counts, 1,200 x 12% = $144.00 saved (taxable 32,700 + 5,000 = 37,700:
    still 12% and 0%). On 2026-12-21: the whole $1,800 counts, $216.00 saved, $72.00 more."""
    settings = Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=40_000.0,
                        realized_st_ytd=10_000.0, realized_lt_ytd=5_000.0, state_tax_rate=0.0, min_trade=0.0,
                        sold_recent_shares_wash=True)
    h = _household(settings, (Target("Intl Stocks", 0.25), Target("Bonds", 0.75)), ira_bonds=500,
                   taxable_bonds=400)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert not [t for t in plan.trades if t.symbol == "VEA"], "T-05 waits, it is not sold now"
    (wait,) = plan.waits
    assert (wait.account, wait.lot_id, wait.quantity) == (TAXABLE, "T-05", 300)
    assert wait.sell_on == date(2026, 12, 21)
    assert wait.kept == pytest.approx(600.0)
    assert wait.est_tax == pytest.approx(-216.00, abs=0.005)
    assert wait.better_than_now == pytest.approx(72.00, abs=0.005)


def test_at_the_floor_a_lost_loss_still_counts_so_the_wait_is_tested_and_the_bands_keep_the_sale(monkeypatch):
    """MFJ, $310,000 of ordinary income, this year's realized -$10,000 short-term: the net capital loss is
    already past the $3,000 IRC §1211(b) deducts, so no further loss saves anything this year. The lost
    $600 still counts at its full value (fe9 finding 2): the household's long-term rate on gains,
    taxable 310,000 - 32,200 = 277,800 in the 15% band, NIIT 3.8% (MAGI over $250,000), state 6%: 24.8%,
    $148.80. So waiting may pay and the plan is re-solved once with T-05 held (two solves). Intl Stocks
    $20,800 of $28,000 (74.3%) against 40% (band 5) needs at least $8,200 of VEA sold; the IRA may buy
    only VEA (its menu), so the bands need T-05's sale: sold now, $600 of its loss washed for good."""
    settings = Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=310_000.0,
                        realized_st_ytd=-10_000.0, state_tax_rate=0.06, min_trade=0.0, sold_recent_shares_wash=True)
    h = replace(_household(settings, (Target("Intl Stocks", 0.40), Target("Bonds", 0.60)), ira_bonds=0,
                           taxable_bonds=100), menus={IRA: frozenset({"VEA"})})
    solves = []
    real = planner._solve
    monkeypatch.setattr(planner, "_solve", lambda model, oracle: solves.append(1) or real(model, oracle))
    plan = plan_rebalance(h, as_of=AS_OF)
    assert not plan.waits
    (sale,) = [t for t in plan.trades if t.symbol == "VEA" and t.account == TAXABLE]
    assert sum(s.disallowed for s in plan.lot_sales if s.step == sale.step) == pytest.approx(600.0)
    assert sale.est_tax == pytest.approx(0.0, abs=0.005)
    assert len(solves) == 2


def test_at_the_floor_a_loss_worth_nothing_later_is_sold_now_without_a_re_solve(monkeypatch):
    """Single, $30,000 of ordinary income, no state tax, this year's realized -$10,000 short-term: past the
    $3,000 limit, so no further loss saves anything this year, and the household's long-term rate on gains
    is 0% (taxable 30,000 - 16,100 = 13,900, under the $49,450 top of the 0% band, IRC §1(h)): the lost
    $600 is worth $0 later too. Waiting cannot pay, so no identity is re-solved: one solve. The bands
    need the sale as in the test above."""
    settings = Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=30_000.0,
                        realized_st_ytd=-10_000.0, state_tax_rate=0.0, min_trade=0.0, sold_recent_shares_wash=True)
    h = replace(_household(settings, (Target("Intl Stocks", 0.40), Target("Bonds", 0.60)), ira_bonds=0,
                           taxable_bonds=100), menus={IRA: frozenset({"VEA"})})
    solves = []
    real = planner._solve
    monkeypatch.setattr(planner, "_solve", lambda model, oracle: solves.append(1) or real(model, oracle))
    plan = plan_rebalance(h, as_of=AS_OF)
    assert not plan.waits
    (sale,) = [t for t in plan.trades if t.symbol == "VEA" and t.account == TAXABLE]
    assert sale.est_tax == pytest.approx(0.0, abs=0.005)
    assert "Waiting until" not in sale.note  # it would save $0.00
    assert len(solves) == 1


def test_the_floor_with_flat_rates_is_the_deduction_at_the_short_term_rate():
    """Tax Mode = Flat, 10% short-term, 20% long-term, no state tax, no other gains: the most any loss
    saves this year is the $3,000 of IRC §1211(b), which comes off ordinary income whatever its character,
    so at the short-term rate: 3,000 x 10% = $300 (fe15 F2: not 3,000 x 20% = $600)."""
    settings = Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.10, flat_lt_rate=0.20,
                        state_tax_rate=0.0)
    h = Household(accounts=(Account("Taxable", "Taxable"),), securities=(), lots=(), transactions=(),
                  targets=(), settings=settings)
    assert _least_tax(_TaxOracle(h, AS_OF)) == pytest.approx(-300.0, abs=0.005)
