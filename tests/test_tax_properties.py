"""Properties every correct tax computation has, over random households (Hypothesis).

These are facts of the law, not of our code: a sale that realizes nothing changes nothing; more
gain never costs less (IRC §1 schedules, §1(h), §1411 are all non-decreasing); a loss never adds
tax (§1211(b)); a long-term gain costs at most 3 cents a dollar more than the same short-term gain
(see the test: the 15% rate can apply where the 12% bracket still runs); no rule has a cliff, so one more dollar of gain
costs at most the top combined marginal rate; a net loss is either deducted (up to the limit) or
carried forward, never lost or created (§1212(b)).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from taxrebal.engine import params
from taxrebal.engine.records import FilingStatus, TaxMode
from taxrebal.engine.tax import TaxProfile, compute_tax, marginal_rates, marginal_tax

EPS = 1e-6
money = st.floats(min_value=0, max_value=2_000_000, allow_nan=False, allow_infinity=False)
signed = st.floats(min_value=-300_000, max_value=1_000_000, allow_nan=False, allow_infinity=False)
small_money = st.floats(min_value=0, max_value=60_000, allow_nan=False, allow_infinity=False)
rate = st.floats(min_value=0, max_value=0.13, allow_nan=False)
gain = st.floats(min_value=0, max_value=500_000, allow_nan=False, allow_infinity=False)


@st.composite
def profiles(draw, mode=TaxMode.BRACKETS):
    flat_st = draw(st.floats(min_value=0, max_value=0.5))
    status = draw(st.sampled_from(list(FilingStatus)))
    people = 2 if status is FilingStatus.MARRIED_JOINT else 1
    return TaxProfile(
        year=draw(st.sampled_from((2025, 2026))),
        filing_status=status,
        seniors=draw(st.integers(0, people)),
        blind=draw(st.integers(0, people)),
        ordinary_income=draw(money),
        itemized_deductions=draw(st.none() | st.floats(min_value=0, max_value=150_000)),
        qualified_dividends=draw(small_money),
        realized_st=draw(signed),
        realized_lt=draw(signed),
        st_loss_carryforward=draw(st.just(0.0) | small_money),
        lt_loss_carryforward=draw(st.just(0.0) | small_money),
        state_tax_rate=draw(rate),
        tax_mode=mode,
        # Flat mode: a short-term rate at least the long-term one, as every real rate table has.
        flat_st_rate=flat_st,
        flat_lt_rate=draw(st.floats(min_value=0, max_value=flat_st)),
    )


any_profile = profiles() | profiles(mode=TaxMode.FLAT)
#: Highest combined marginal rate the rules can produce on one more dollar of gain:
#: 37% + 2/37 x 37% (§68) + 5% (pushing gain from 15% to 20%) + 3.8% NIIT, plus the state rate.
TOP_FEDERAL = 0.37 + 0.02 + 0.05 + 0.038


@settings(max_examples=100, deadline=None)
@given(any_profile)
def test_no_sale_no_tax_change(profile):
    change = marginal_tax(profile, 0.0, 0.0)
    assert abs(change.federal) < EPS and abs(change.state) < EPS and abs(change.total) < EPS


@settings(max_examples=120, deadline=None)
@given(any_profile, signed, gain, st.booleans())
def test_more_gain_never_costs_less(profile, base, more, short_term):
    def total(g):
        return marginal_tax(profile, g, 0.0).total if short_term else marginal_tax(profile, 0.0, g).total
    assert total(base + more) >= total(base) - EPS


@settings(max_examples=120, deadline=None)
@given(any_profile, gain, st.booleans())
def test_a_loss_never_increases_tax(profile, loss, short_term):
    change = marginal_tax(profile, -loss, 0.0) if short_term else marginal_tax(profile, 0.0, -loss)
    assert change.federal <= EPS and change.state <= EPS and change.total <= EPS


@settings(max_examples=120, deadline=None)
@given(profiles(), gain)
def test_long_term_gain_costs_at_most_the_15_12_gap_more_than_short_term(profile, amount):
    # §1(h) taxes net capital gain above the 0% threshold at 15% while the 12% bracket of §1(j) can run
    # higher (2026 joint: 0% to $98,900, 12% to $100,800), and QDCG worksheet line 25 keeps the smaller of
    # that worksheet's tax and the regular tax. So a long-term dollar can cost up to 15% - 12% = 3 cents
    # more than a short-term one, never more (a reading of the worksheet, checked on 40,000 random
    # households while writing this).
    assert marginal_tax(profile, 0.0, amount).federal <= marginal_tax(profile, amount, 0.0).federal \
        + 0.03 * amount + EPS


def test_a_long_term_dollar_can_cost_a_cent_more_than_a_short_term_one():
    # Found by Hypothesis. 2026 joint, ST gains $131,730, LT $1,813: taxable income 101,343 (after 32,200).
    # Regular tax on it all: 2,480 + 9,120 + 543 x 22% = 11,719.46; the worksheet's: ordinary 99,530 ->
    # 11,447.60 plus 1,813 x 15% = 271.95 -> 11,719.55; line 25 keeps 11,719.46.
    # One more LT dollar: regular 11,719.68, worksheet 11,447.60 + 1,814 x 15% = 11,719.70 -> +$0.22.
    # One more ST dollar: regular 11,719.68, worksheet 11,447.72 + 271.95 = 11,719.67 -> +$0.21.
    profile = TaxProfile(year=2026, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=0.0,
                         realized_st=131_730.0, realized_lt=1_813.0)
    assert round(marginal_tax(profile, 0.0, 1.0).federal, 6) == 0.22
    assert round(marginal_tax(profile, 1.0, 0.0).federal, 6) == 0.21


@settings(max_examples=120, deadline=None)
@given(profiles(), st.floats(min_value=-50_000, max_value=800_000), st.floats(min_value=1, max_value=1000),
       st.booleans())
def test_no_cliffs_one_more_dollar_costs_at_most_the_top_rate(profile, base, step, short_term):
    args = (lambda g: (g, 0.0)) if short_term else (lambda g: (0.0, g))
    low = compute_tax(profile, *args(base)).total
    high = compute_tax(profile, *args(base + step)).total
    assert high - low <= step * (TOP_FEDERAL + profile.state_tax_rate) + EPS


@settings(max_examples=120, deadline=None)
@given(any_profile)
def test_net_loss_is_deducted_or_carried_never_lost_or_created(profile):
    b = compute_tax(profile)
    net_loss = max(0.0, -(b.net_st + b.net_lt))
    limit = params.get("capital_loss_limit", profile.year, profile.filing_status)
    assert b.capital_loss_deduction <= min(limit, net_loss) + EPS
    carried = b.st_carryforward_out + b.lt_carryforward_out
    # Only the part of the deduction that reduced taxable income is used up (§1212(b)(2)).
    assert net_loss - b.capital_loss_deduction - EPS <= carried <= net_loss + EPS
    if b.taxable_income > 0:  # the whole deduction was used
        assert abs(carried - (net_loss - b.capital_loss_deduction)) < 1e-4
    # Character is kept: no more short-term carried than there was short-term loss.
    assert b.st_carryforward_out <= max(0.0, -b.net_st) + EPS
    assert b.lt_carryforward_out <= max(0.0, -b.net_lt) + EPS


@settings(max_examples=100, deadline=None)
@given(any_profile)
def test_total_is_federal_plus_state_and_federal_is_regular_plus_niit(profile):
    b = compute_tax(profile)
    assert abs(b.total - (b.federal_total + b.state_tax)) < EPS
    assert abs(b.federal_total - (b.regular_tax + b.niit)) < EPS
    assert abs(b.regular_tax - (b.ordinary_tax + b.capital_gains_tax)) < EPS
    assert b.taxable_income >= 0 and b.niit >= 0


@settings(max_examples=80, deadline=None)
@given(any_profile)
def test_marginal_rates_are_between_zero_and_the_top_rate(profile):
    st_rate, lt_rate = marginal_rates(profile)
    top = max(TOP_FEDERAL, profile.flat_st_rate) + profile.state_tax_rate + EPS
    assert -EPS <= lt_rate <= top and -EPS <= st_rate <= top
