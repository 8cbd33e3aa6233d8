"""No traceback ever reaches a cell: any argument Excel could pass gives a value or '#TAXREBAL! ...'."""

from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxrebal.excel import udfs

CELL = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6).map(float),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.sampled_from(["VTI", "2024-02-29", "Inherited", "MFJ", "FIFO", "Specific ID: A", "$1,000", "5%", "#N/A"]),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 12, 31)),
)
LOT_HEADER = ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"]
RANGE = st.one_of(
    CELL,
    st.lists(st.lists(CELL, min_size=0, max_size=7), min_size=0, max_size=5),
    st.lists(st.lists(CELL, min_size=6, max_size=6), max_size=4).map(lambda rows: [LOT_HEADER] + rows),
)
ARG = st.one_of(CELL, RANGE)


def acceptable(out):
    if isinstance(out, str):
        return True   # a label like "Long"/"Clear" or an error starting with #TAXREBAL!
    if isinstance(out, (int, float, date)):
        return True
    return isinstance(out, list) and all(isinstance(r, list) for r in out)


def no_internal_error(out):
    return not (isinstance(out, str) and "internal error" in out)


FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("function, arity", [("FEDTAX", 9), ("TAXCOST", 9), ("LOTPICK", 8), ("WASHWINDOW", 6),
                                             ("DRIFT", 4)])
@FUZZ
@given(data=st.data())
def test_a_cell_function_on_any_arguments(function, arity, data):
    args = data.draw(st.lists(ARG, min_size=arity, max_size=arity), label="args")
    out = getattr(udfs, function)(*args)
    assert acceptable(out) and no_internal_error(out), out


@FUZZ
@given(ARG, ARG)
def test_holding_functions(a, b):
    for out in (udfs.LTDATE(a), udfs.HOLDINGTERM(a, b)):
        assert acceptable(out) and no_internal_error(out), out
