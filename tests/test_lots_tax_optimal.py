"""TaxOptimal: the least actual marginal tax for the household, never worse than MinTax.

The expected optimum of each case is worked by hand from the 2026 single-filer figures (IRS Rev.
Proc. 2025-32 as amended by P.L. 119-21: standard deduction $16,100; 10% to $12,400, 12% to
$50,400, 22% above; 0% long-term rate to $49,450 of taxable income, IRC §1(h)(1)(B)) and the
Schedule D netting rules (IRC §1222, §1211(b)).
"""

from datetime import date

import pytest

from taxrebal.engine.lots import marginal_tax_function, relieve, tax_optimal_quantities
from taxrebal.engine.records import FilingStatus, Lot, LotMethod
from taxrebal.engine.tax import TaxProfile

SOLD = date(2026, 11, 25)
LONG = date(2020, 3, 2)
SHORT = date(2026, 6, 1)


def profile(**kw):
    return TaxProfile(year=2026, filing_status=FilingStatus.SINGLE, **kw)


def quantities(relief):
    return {p.lot_id: pytest.approx(p.quantity, abs=1e-6) for p in relief.pieces}


def test_zero_percent_bracket_split_beats_mintax():
    # Ordinary income 64,550 - 16,100 = 48,450 taxable: $1,000 of room left at the 0% LT rate and
    # the ordinary rate is 12% up to 50,400. Price $100.
    #   S: short, 100 sh, $98/sh -> +$2/sh     L: long, 100 sh, $50/sh -> +$50/sh
    # Selling 100 with x shares of S: ST gain 2x (12%) also uses 2x of the 0% room, LT gain
    # 50(100-x) above the remaining room 1,000-2x pays 15%:
    #   tax(x) = 0.24x + 0.15 * max(0, 4,000 - 48x)
    # falls until 48x = 4,000 (x = 83.333) and rises after: tax = 0.24 x 83.333 = $20.00.
    # MinTax sells the long-term gain first: 0.15 x 4,000 = $600; all short-term: $24.
    lots = (Lot("S", "T", "X", SHORT, 100, 9800.0), Lot("L", "T", "X", LONG, 100, 5000.0))
    prof = profile(ordinary_income=64_550)
    tax_of = marginal_tax_function(prof)
    best = relieve(lots, 100, 100.0, SOLD, LotMethod.TAX_OPTIMAL, profile=prof)
    assert quantities(best) == {"S": 83.333333, "L": 16.666667}
    assert tax_of(best.st_gain, best.lt_gain) == pytest.approx(20.0, abs=0.01)
    mintax = relieve(lots, 100, 100.0, SOLD, LotMethod.MIN_TAX, profile=prof)
    assert quantities(mintax) == {"L": 100}
    assert tax_of(mintax.st_gain, mintax.lt_gain) == pytest.approx(600.0, abs=0.01)


def test_netting_a_long_loss_against_short_gains_beats_the_shallow_short_loss():
    # $1,000 of short-term gain already realized this year, ordinary income 100,000 (22% bracket).
    #   SL: short, $1/sh loss, 100 sh     LL: long, $10/sh loss, 100 sh       sell 100 at $50
    # MinTax sells the short loss first: -100 ST nets the 1,000 ST gain to 900: saves 22% x 100 = $22.
    # The long loss -1,000 nets against the 1,000 ST gain (Schedule D line 16) and saves $220.
    lots = (Lot("SL", "T", "X", SHORT, 100, 5100.0), Lot("LL", "T", "X", LONG, 100, 6000.0))
    prof = profile(ordinary_income=100_000, realized_st=1_000)
    tax_of = marginal_tax_function(prof)
    best = relieve(lots, 100, 50.0, SOLD, LotMethod.TAX_OPTIMAL, profile=prof)
    assert quantities(best) == {"LL": 100}
    assert tax_of(best.st_gain, best.lt_gain) == pytest.approx(-220.0, abs=0.01)
    mintax = relieve(lots, 100, 50.0, SOLD, LotMethod.MIN_TAX, profile=prof)
    assert tax_of(mintax.st_gain, mintax.lt_gain) == pytest.approx(-22.0, abs=0.01)


def test_ties_keep_the_mintax_choice():
    # Flat 15%/15%: a $1 ST gain and a $1 LT gain cost the same; MinTax (LT first) is kept.
    lots = (Lot("S", "T", "X", SHORT, 10, 90.0), Lot("L", "T", "X", LONG, 10, 90.0))
    tax_of = lambda st, lt: 0.15 * (st + lt)  # noqa: E731 - a hand-written flat tax
    taken = tax_optimal_quantities(lots, 10, 10.0, SOLD, tax_of)
    assert [(lot.lot_id, q) for lot, q in taken] == [("L", 10)]


def test_interior_kinks_are_found_between_lot_breakpoints():
    # A hand-written tax with two kinks inside one segment: the ST gain is free up to $300 and
    # the LT gain is free up to $500, 30% above each. One ST lot (+$1/sh) and one LT lot (+$1/sh),
    # 1,000 shares each; selling 700: any x in [200, 300] is free (ST <= 300 and LT = 700-x <= 500).
    lots = (Lot("S", "T", "X", SHORT, 1000, 9000.0), Lot("L", "T", "X", LONG, 1000, 9000.0))
    tax_of = lambda st, lt: 0.3 * max(0.0, st - 300) + 0.3 * max(0.0, lt - 500)  # noqa: E731
    taken = dict((lot.lot_id, q) for lot, q in tax_optimal_quantities(lots, 700, 10.0, SOLD, tax_of))
    assert 200 - 1e-6 <= taken["S"] <= 300 + 1e-6
    assert taken["S"] + taken["L"] == pytest.approx(700)


def test_tax_optimal_relieves_exactly_the_quantity_asked():
    lots = tuple(Lot(f"L{i}", "T", "X", date(2019 + i % 8, 1 + i % 12, 1), 3.5 + i, 100.0 * (i + 1))
                 for i in range(12))
    prof = profile(ordinary_income=90_000)
    r = relieve(lots, 40.25, 60.0, SOLD, LotMethod.TAX_OPTIMAL, profile=prof)
    assert r.quantity == pytest.approx(40.25)
    assert r.proceeds == pytest.approx(40.25 * 60.0)


def test_wait_saving_of_a_short_gain_turning_long_within_the_horizon():
    # C: bought 2025-12-01, long from 2026-12-02 (7 days after 2026-11-25). 100 sh, basis $45,
    # sold at $50: +$500. Single, ordinary income 100,000: taxable 83,900 sits in the 22% bracket
    # and the LT rate there is 15%. Now: 22% x 500 = $110; as long-term: 15% x 500 = $75.
    # Waiting saves $35 (price unchanged).
    c = Lot("C", "T", "X", date(2025, 12, 1), 100, 4500.0)
    r = relieve((c,), 100, 50.0, SOLD, LotMethod.FIFO, profile=profile(ordinary_income=100_000))
    (p,) = r.pieces
    assert p.days_to_long_term == 7 and p.long_term_date == date(2026, 12, 2)
    assert p.wait_saving == pytest.approx(35.0, abs=0.01)


def test_no_wait_saving_beyond_the_horizon_for_losses_or_without_profile():
    far = Lot("F", "T", "X", date(2026, 1, 24), 10, 100.0)     # long from 2027-01-25: 61 days
    loss = Lot("G", "T", "X", date(2025, 12, 1), 10, 900.0)    # a loss: nothing to wait for
    prof = profile(ordinary_income=100_000)
    assert relieve((far,), 10, 50.0, SOLD, LotMethod.FIFO, profile=prof).pieces[0].wait_saving is None
    assert relieve((far,), 10, 50.0, SOLD, LotMethod.FIFO, profile=prof,
                   wait_horizon_days=61).pieces[0].wait_saving == pytest.approx(0.07 * 400, abs=0.01)
    assert relieve((loss,), 10, 50.0, SOLD, LotMethod.FIFO, profile=prof).pieces[0].wait_saving is None
    assert relieve((far,), 10, 50.0, SOLD, LotMethod.FIFO).pieces[0].wait_saving is None


def test_whole_shares_keeps_the_split_whole():
    # The 0%-bracket case above: the continuous optimum sells 83.333 ST shares. With whole shares,
    # x = 83: tax = 0.24 x 83 + 0.15 x (4,000 - 48 x 83) = 19.92 + 0.15 x 16 = 22.32;
    # x = 84: 0.24 x 84 = 20.16 (LT part 4,000 - 4,032 < 0: all in the 0% room). 84 wins.
    lots = (Lot("S", "T", "X", SHORT, 100, 9800.0), Lot("L", "T", "X", LONG, 100, 5000.0))
    prof = profile(ordinary_income=64_550)
    r = relieve(lots, 100, 100.0, SOLD, LotMethod.TAX_OPTIMAL, profile=prof, whole_shares=True)
    assert quantities(r) == {"S": 84, "L": 16}
    assert marginal_tax_function(prof)(r.st_gain, r.lt_gain) == pytest.approx(20.16, abs=0.01)


def test_interior_optimum_with_the_long_term_shares_spread_over_lots():
    # The 0%-bracket case again with the long-term shares in three lots of the same +$50/sh:
    # F_LT is unchanged, so the optimum is still 83.333 ST shares of S for $20.00 of tax, inside
    # the lot segment x in [0, 100], found only by the search for the tax function's own kink.
    lots = (Lot("S", "T", "X", SHORT, 100, 9800.0), Lot("L1", "T", "X", LONG, 100, 5000.0),
            Lot("L2", "T", "X", LONG, 100, 5000.0), Lot("L3", "T", "X", LONG, 100, 5000.0))
    prof = profile(ordinary_income=64_550)
    r = relieve(lots, 100, 100.0, SOLD, LotMethod.TAX_OPTIMAL, profile=prof)
    assert marginal_tax_function(prof)(r.st_gain, r.lt_gain) == pytest.approx(20.0, abs=0.01)
    assert quantities(r)["S"] == pytest.approx(83.333333, abs=1e-6)
