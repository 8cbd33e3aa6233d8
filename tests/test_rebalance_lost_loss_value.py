"""A loss lost for good counts at its full value, not at this year's local rate (fe9 finding 2; README
"What it does" 4; engine/tax.py ``gains_rate``; engine/rebalance/window_wait.py rule 3).

Past the $3,000 a net capital loss deducts this year (IRC §1211(b)) another dollar of loss saves nothing
now, but a loss kept is carried forward (§1212(b)) and offsets a later gain; a loss washed by a purchase
in an IRA is gone (Rev. Rul. 2008-5). So when the bands do not need a loss sale and the washing
purchase's 30 days end this tax year, the plan waits even though this year's tax is the same.

Expected figures are worked by hand from the 2026 tables (MFJ standard deduction $32,200; 15% capital-gain
band up to $613,700 of taxable income; NIIT 3.8% over $250,000 of MAGI, IRC §1411), not read from taxrebal.
"""


import pytest
from chen4_household import AS_OF
from chen4_household import chen4 as _household

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import FilingStatus, Settings, Target
from taxrebal.engine.tax import TaxProfile, gains_rate, marginal_rates

RATE = 0.15 + 0.038 + 0.06  # 310,000 - 32,200 = 277,800 taxable: 15% band, NIIT, 6% state


def _settings() -> Settings:
    return Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=310_000.0,
                    realized_st_ytd=-10_000.0, state_tax_rate=0.06, min_trade=0.0, sold_recent_shares_wash=True)


def test_the_rate_on_gains_ignores_this_years_losses():
    """This year's -$10,000 puts the local long-term rate at 0; the rate on gains is 24.8% all the same."""
    profile = TaxProfile.from_settings(_settings())
    assert marginal_rates(profile)[1] == pytest.approx(0.0, abs=1e-9)
    assert gains_rate(profile) == pytest.approx(RATE, abs=1e-9)


def test_past_the_limit_a_loss_sale_that_loses_loss_for_good_is_not_made_now():
    """T-05 (300 VEA, a $1,800 short-term loss) sold now loses $600 for good to the IRA's 100 VEA of
    2026-11-20 and saves $0.00 this year (past the limit either way): $148.80 (600 x 24.8%) given up
    for nothing. Intl Stocks 24.30% of $85,600 against 25% is inside its band, so nothing needs the
    sale: T-05 is kept (to harvest after 2026-12-21, when the IRA's purchase no longer washes it)."""
    h = _household(_settings(), (Target("Intl Stocks", 0.25), Target("Bonds", 0.75)), ira_bonds=500,
                   taxable_bonds=400)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert not [t for t in plan.trades if t.symbol == "VEA"], "T-05 is not sold now"
    assert sum(w.kept for w in plan.waits) + sum(s.disallowed for s in plan.lot_sales) == 0.0
