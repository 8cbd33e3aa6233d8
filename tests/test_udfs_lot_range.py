"""The Lots range's quick checks agree with the plain rules they stand for, on random columns.

The symbol index (one hashing pass, then one numpy comparison per symbol asked for) must give what a
plain loop over the rows gives, and the one-pass Lot ID check may say "all plain and unique" only when
every ID is text that the cell parser keeps as it is (nothing to strip, not blank, no leading "#")
and no two are equal; otherwise the cell-by-cell check runs, as before."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taxrebal.errors import ArgumentError
from taxrebal.excel.convert import _Rows
from taxrebal.excel.lot_range import _plain_unique, _SymbolRows
from taxrebal.workbook import cells as cell_rules
from taxrebal.workbook import schema

cells = st.one_of(
    st.sampled_from(["VTI", "vti", " VTI", "BND", "", "  ", "#N/A", "L1", "L1 ", "L2"]),
    st.none(),
    st.sampled_from([1.0, 1, True, 2.5, 0.0, False]),
    st.text(alphabet="AB #\t", max_size=3),
)

HEADER = ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"]


def plain_positions(column, filled):
    """Symbol -> row offsets by a plain loop over the rows: each Symbol cell read by the cell rule; a
    blank Symbol skips a blank row and is an error in a filled one."""
    out = {}
    for i, (value, other) in enumerate(zip(column, filled)):
        if cell_rules.is_blank(value):
            if other:
                raise ArgumentError("blank symbol in a filled row")
            continue
        try:
            sym = cell_rules.parse_symbol(value)
        except cell_rules.CellError as err:
            raise ArgumentError(str(err)) from None
        out.setdefault(sym, []).append(i)
    return out


@given(st.lists(st.tuples(cells, st.booleans()), min_size=1, max_size=60))
def test_symbol_rows_equal_a_plain_loop(rows):
    column = [v for v, _ in rows]
    filled = [f for _, f in rows]
    table = [HEADER] + [["L" if f else None, None, v, None, None, None] for v, f in rows]
    try:
        want = plain_positions(column, filled)
    except ArgumentError:
        with pytest.raises(ArgumentError):
            _SymbolRows(_Rows(tuple(map(tuple, table)), "lots", schema.LOTS))
        return
    got = _SymbolRows(_Rows(tuple(map(tuple, table)), "lots", schema.LOTS))
    if all(v.__class__ is str for v in column):
        assert list(got) == list(want)  # the same symbols, in order of first appearance
    assert sorted(got) == sorted(want)  # 1.0 and True are equal keys of a dict, not the same symbol
    assert {k: got[k] for k in got} == want
    assert got.count == sum(map(len, want.values()))
    assert got.all_offsets() == sorted(i for v in want.values() for i in v)


def plain_unique(ids):
    if not all(isinstance(x, str) for x in ids):
        return False
    if any(x != x.strip() or not x or x.startswith("#") for x in ids):
        return False
    return len(set(ids)) == len(ids)


@given(st.lists(st.one_of(st.text(alphabet="L1 #\u00a0\n", max_size=4), st.none(), st.just(7.0)), max_size=30))
def test_the_one_pass_lot_id_check_never_passes_what_the_cell_rule_would_change(ids):
    """"Plain" only when the plain rule says so; exactly the plain rule when no ID holds a space, a
    NUL or other whitespace inside (such IDs go to the cell-by-cell check, which decides)."""
    if _plain_unique(ids):
        assert plain_unique(ids)
    elif not any(isinstance(i, str) and ("\x00" in i or any(c.isspace() for c in i.strip())) for i in ids):
        assert not plain_unique(ids)
