"""TaxOptimal against a plain per-lot reference on random holdings.

The reference knows nothing of the search: for a number x of short-term shares sold it sells the
short-term lots in ascending gain per share (and the long-term ones likewise for the rest), which gives
the least gain of each term (Pub 550 lets the seller identify any shares), prices the sale with the
household's marginal tax, and tries x at every lot boundary and on a fine grid between. TaxOptimal must
never cost more than the best x the reference finds (it also finds kinks between grid points), with and
without the kink search's shortcut (:func:`taxrebal.engine.tax_optimal.marginal_rate_bound`).

The reference knows no wash sale, so it is a bound only for holdings with no lot bought in the 30 days
before the sale: with one, the least-gain choice may keep recent shares that wash its loss (IRC
§1091(a); engine/kept_wash.py), and TaxOptimal is checked against every method priced with its wash
sale instead (tests/test_lots_properties.py, tests/test_kept_wash.py).
"""

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import AS_OF, lot_lists

from taxrebal.engine.holding import is_long_term
from taxrebal.engine.kept_wash import recent_lot_shares
from taxrebal.engine.lot_order import lot_facts
from taxrebal.engine.lots import relieve
from taxrebal.engine.records import FilingStatus, LotMethod
from taxrebal.engine.tax import TaxProfile, marginal_tax
from taxrebal.engine.tax_optimal import marginal_rate_bound, marginal_tax_function, tax_optimal_taken

PRICE = 50.0


def least_gain(lots, shares):
    """Least total gain from selling ``shares`` of these lots: deepest loss per share first."""
    gain = 0.0
    for per_share, qty in sorted(lots):
        take = min(qty, shares)
        gain += per_share * take
        shares -= take
        if shares <= 1e-12:
            break
    return gain


def reference_best(lots, quantity, profile):
    short, long_ = [], []
    for lot in lots:
        per_share = PRICE - lot.adjusted_basis / lot.quantity
        (long_ if is_long_term(lot.holding_start, AS_OF, lot.inherited) else short).append((per_share, lot.quantity))
    st_total = sum(q for _, q in short)
    lt_total = sum(q for _, q in long_)
    lo, hi = max(0.0, quantity - lt_total), min(quantity, st_total)
    xs = {lo, hi} | {lo + (hi - lo) * k / 400 for k in range(401)}
    acc = 0.0
    for _, q in sorted(short):
        acc += q
        xs.add(min(max(acc, lo), hi))
    acc = 0.0
    for _, q in sorted(long_):
        acc += q
        xs.add(min(max(quantity - acc, lo), hi))
    return min(marginal_tax(profile, least_gain(short, x), least_gain(long_, quantity - x)).total for x in xs)


profiles = st.builds(
    lambda income, status, state, st_realized: TaxProfile(
        year=2026, filing_status=status, ordinary_income=income, state_tax_rate=state, realized_st=st_realized),
    st.sampled_from([0.0, 30_000.0, 60_000.0, 120_000.0, 400_000.0, 900_000.0]),
    st.sampled_from([FilingStatus.SINGLE, FilingStatus.MARRIED_JOINT]),
    st.sampled_from([0.0, 0.05, 0.133]),
    st.sampled_from([-20_000.0, 0.0, 15_000.0]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lot_lists(price_hint=PRICE, max_size=10), st.floats(min_value=0.05, max_value=1.0), profiles)
def test_tax_optimal_costs_no_more_than_the_reference_finds(lots, fraction, profile):
    assume(not recent_lot_shares(lots, AS_OF, 30))  # the reference knows no wash sale (see above)
    quantity = round(sum(lot.quantity for lot in lots) * fraction, 6)
    relief = relieve(lots, quantity, PRICE, AS_OF, LotMethod.TAX_OPTIMAL, profile=profile)
    tax = marginal_tax(profile, relief.st_gain, relief.lt_gain).total
    assert tax <= reference_best(lots, quantity, profile) + 0.01


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lot_lists(price_hint=PRICE, max_size=40), st.floats(min_value=0.05, max_value=1.0), profiles)
def test_the_kink_search_shortcut_changes_no_answer(lots, fraction, profile):
    quantity = round(sum(lot.quantity for lot in lots) * fraction, 6)
    facts = lot_facts(lots, PRICE, AS_OF)
    tax_of = marginal_tax_function(profile)
    plain = tax_optimal_taken(facts, quantity, tax_of)
    short_cut = tax_optimal_taken(facts, quantity, tax_of, rate_bound=marginal_rate_bound(profile))
    assert plain == short_cut
