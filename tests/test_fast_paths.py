"""The short cuts taken for speed (issue 13) give exactly what the plain computation gives.

* :func:`taxrebal.engine.tax.total_tax` (the total alone, for TaxOptimal's search) equals
  ``compute_tax(...).total`` to the last bit, for random households and gains.
* The bracket bands cached per schedule give the hand-worked 2026 single figure of
  :mod:`taxrebal.engine.params`: 60,000 -> 1,240 + 4,560 + 2,112 = 7,912, from a tuple or a list.
* A relief's pieces, built without the frozen ``__init__``, are equal to records built with it.
"""

from dataclasses import astuple, replace

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import AS_OF, lot_lists, prices
from strategies import settings as settings_strategy

from taxrebal.engine.lots import ReliefPiece, relieve
from taxrebal.engine.records import LotMethod
from taxrebal.engine.tax import TaxProfile, compute_tax, schedule_tax, total_tax

gains = st.floats(min_value=-2e6, max_value=2e6, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(settings_strategy(), gains, gains)
def test_total_tax_is_compute_tax_total_to_the_bit(household_settings, st_gain, lt_gain):
    profile = TaxProfile.from_settings(household_settings)
    assert total_tax(profile, st_gain, lt_gain) == compute_tax(profile, st_gain, lt_gain).total
    assert total_tax(profile) == compute_tax(profile).total


def test_schedule_tax_hand_worked_2026_single():
    brackets = ((0, 0.10), (12_400, 0.12), (50_400, 0.22), (105_700, 0.24))
    assert schedule_tax(60_000, brackets) == 7_912.0
    assert schedule_tax(60_000, [list(b) for b in brackets]) == 7_912.0  # a list: not cached, same figure
    assert schedule_tax(12_400, brackets) == 1_240.0
    assert schedule_tax(-5, brackets) == 0.0


@settings(max_examples=60, deadline=None)
@given(lot_lists(), prices(), st.sampled_from([m for m in LotMethod if m is not LotMethod.TAX_OPTIMAL]),
       st.floats(min_value=0.0, max_value=1.0))
def test_relief_pieces_equal_records_built_the_usual_way(lots, price, method, share):
    held = sum(lot.quantity for lot in lots)
    relief = relieve(lots, held * share, price, AS_OF, method)
    for piece in relief.pieces:
        rebuilt = ReliefPiece(*astuple(piece))
        assert piece == rebuilt and hash(piece) == hash(rebuilt)
        assert vars(piece) == vars(rebuilt)
        assert replace(piece, quantity=piece.quantity) == piece



cell_values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=64), st.integers(min_value=-10**15, max_value=10**15),
    st.none(), st.booleans(), st.text(max_size=12),
    st.sampled_from([0.005, -0.005, 9.995, -9.995, 999.995, -0.0, 0.0, 1e15, -1e15, 0.004999, 99.99499]))


@settings(max_examples=300, deadline=None)
@given(st.lists(cell_values, max_size=40))
def test_column_width_of_money_and_percent_is_the_widest_value_measured_one_by_one(values):
    """Measuring numbers at their extremes gives the widest display of the column (money: 1,234.56;
    percent: 12.34%), whatever else the column holds."""
    from taxrebal.workbook.interface import Kind
    from taxrebal.workbook.layout import display_len, longest_display

    for kind in Kind:
        assert longest_display(values, kind) == max((display_len(v, kind) for v in values), default=0)
