"""The Lots range's quick checks agree with the plain rules they stand for, on random columns.

The symbol grouping (one hashing pass and a numpy sort) must give what a plain loop of
``dict.setdefault`` gives, and the one-set Lot ID check must say "all plain and unique" exactly when
every ID is text that the cell parser keeps as it is (nothing to strip, not blank, no leading "#")
and no two are equal; otherwise the cell-by-cell check runs, as before."""

from hypothesis import given
from hypothesis import strategies as st

from taxrebal.excel.lot_range import _group, _plain_unique

cells = st.one_of(
    st.sampled_from(["VTI", "vti", " VTI", "BND", "", "  ", "#N/A", "L1", "L1 ", "L2"]),
    st.none(),
    st.sampled_from([1.0, 1, True, 2.5, 0.0, False]),
    st.text(alphabet="AB #\t", max_size=3),
)


def plain_group(column):
    out = {}
    for i, value in enumerate(column):
        out.setdefault(value, []).append(i)
    return out


@given(st.lists(cells, max_size=60))
def test_grouping_equals_a_plain_loop(column):
    got = _group(column)
    want = plain_group(column)
    assert list(got) == list(want)  # the same keys, in order of first appearance
    assert got == want


def plain_unique(ids):
    if not all(isinstance(x, str) for x in ids):
        return False
    if any(x != x.strip() or not x or x.startswith("#") for x in ids):
        return False
    return len(set(ids)) == len(ids)


@given(st.lists(st.one_of(st.text(alphabet="L1 #\u00a0\n", max_size=4), st.none(), st.just(7.0)), max_size=30))
def test_the_one_set_lot_id_check_equals_the_plain_rule(ids):
    assert _plain_unique(ids) == plain_unique(ids)
