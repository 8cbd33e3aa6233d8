"""The Lots range's quick checks agree with the plain rules they stand for, on random columns.

The symbol index (one hashing pass, then one numpy comparison per symbol asked for) must give what a
plain loop over the rows gives, and a row of plain cells read without the general cell rules must
give the lot those rules give."""

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taxrebal.errors import ArgumentError
from taxrebal.excel.convert import _Rows
from taxrebal.excel.lot_range import _parse_lot, _PlainLots, _SymbolRows
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


def symbol_rows_and_plain_loop(table, column, filled):
    """(_SymbolRows of ``table``, :func:`plain_positions` of its Symbol ``column``); (None, None) when
    the plain loop refuses the rows, after checking that _SymbolRows refuses them too."""
    try:
        want = plain_positions(column, filled)
    except ArgumentError:
        with pytest.raises(ArgumentError):
            _SymbolRows(_Rows(tuple(map(tuple, table)), "lots", schema.LOTS))
        return None, None
    return _SymbolRows(_Rows(tuple(map(tuple, table)), "lots", schema.LOTS)), want


@given(st.lists(st.tuples(cells, st.booleans()), min_size=1, max_size=60))
def test_symbol_rows_equal_a_plain_loop(rows):
    column = [v for v, _ in rows]
    filled = [f for _, f in rows]
    table = [HEADER] + [["L" if f else None, None, v, None, None, None] for v, f in rows]
    got, want = symbol_rows_and_plain_loop(table, column, filled)
    if got is None:
        return
    if all(v.__class__ is str for v in column):
        assert list(got) == list(want)  # the same symbols, in order of first appearance
    assert sorted(got) == sorted(want)  # 1.0 and True are equal keys of a dict, not the same symbol
    assert {k: got[k] for k in got} == want
    assert got.count == sum(map(len, want.values()))
    assert got.all_offsets() == sorted(i for v in want.values() for i in v)


@given(st.lists(st.tuples(st.one_of(cells, st.just(["VTI"])), st.booleans(), st.integers(2, 6)), min_size=1,
                max_size=40))
def test_symbol_rows_of_short_rows_and_odd_cells_equal_a_plain_loop(rows):
    """Rows shorter than the header (their missing cells blank) and a cell no dict can hold (a list,
    never from Excel, read as text by the rule) take the slower way, with the same answer."""
    table = [HEADER] + [(["L" if f else None, None, v, None, None, None])[:width] for v, f, width in rows]
    column = [v if width > 2 else None for v, _, width in rows]
    filled = [f for _, f, _ in rows]
    got, want = symbol_rows_and_plain_loop(table, column, filled)
    if got is None:
        return
    assert sorted(got) == sorted(want)
    assert {k: got[k] for k in got} == want
    assert got.all_offsets() == sorted(i for v in want.values() for i in v)


LOT_HEADER = ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis", "Wash Adjusted"]
lot_cells = st.one_of(
    st.none(),
    st.sampled_from(["L1", " L1", "#N/A", "#7", "", "  ", "Brokerage", "Inherited", "gift", "2024-03-01",
                     "Y", " yes ", "n", "X", "maybe", "0", "TRUE"]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1.0, 59.0, 60.0, 60.5, 61.0, 45000.75, 2958465.0, 2958465.9, 2958466.0,
                     1e12, 1e12 + 1e4, 1e7 + 1, -5.0]),
    st.integers(-3, 50000),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9999, 12, 31)),
    st.dates(),
)


plain_row = st.tuples(
    st.sampled_from(["L1", "L 2", "B-07"]),
    st.sampled_from(["Brokerage", "Joint Taxable"]),
    st.one_of(st.floats(min_value=61.0, max_value=2958465.99), st.datetimes(), st.dates(), st.none()),
    st.floats(min_value=5e-324, max_value=1e12),
    st.floats(min_value=0.0, max_value=1e12),
    st.sampled_from([None, "", " ", "Y", "n", "yes", True, False]),
)
#: Cells next to the plain ones, by column (Lot ID, Account, Acquired, Quantity, Cost Basis, Wash Adjusted).
EDGES = (
    [" L1", "L1 ", "#N/A", "#L1", "\tL", "", None, 7.0],
    [" Brokerage", "IRA\n", "#REF!", "", None, 1.0],
    [59.0, 59.99, 60.0, 60.5, 2958466.0, 0.0, -1.0, float("nan"), "Inherited", "2024-03-01", 45000],
    [0.0, -0.0, -1e-9, 1.0000001e12, float("inf"), float("nan"), 5, True, "10"],
    [-0.0, -1e-9, 1.0000001e12, float("nan"), None, "", 5, "$1,000"],
    ["maybe", " 1 ", "x", "#N/A", 1.0, 0.0, 2.0],
)
edit = st.integers(0, 5).flatmap(lambda k: st.tuples(st.just(k), st.one_of(st.sampled_from(EDGES[k]), lot_cells)))


@settings(max_examples=400)
@given(plain_row, st.lists(edit, max_size=2), st.integers(4, 7))
def test_a_plain_lot_is_the_lot_the_cell_rules_read(plain, edits, width):
    """The plain-cell reading of a Lots row (Lot ID, Account, Acquired, Quantity, Cost Basis, Wash
    Adjusted) gives the lot the cell rules give, or declines and leaves the row to the rules: a row of
    plain cells with up to two cells replaced by edge cases, cut to a random width."""
    cells_of_row = list(plain)
    for k, value in edits:
        cells_of_row[k] = value
    row = [cells_of_row[0], cells_of_row[1], "VTI", *cells_of_row[2:width]]
    t = _Rows(tuple(map(tuple, [LOT_HEADER, row])), "lots", schema.LOTS)
    plain_lot = _PlainLots(t)(t.rows[0], "VTI")
    if not edits and width >= 5:
        assert plain_lot is not None  # a row of plain cells is read here
    if plain_lot is None:
        return
    assert plain_lot == _parse_lot(t, t.rows[0], 2, "VTI")  # the rules read it without an error, the same lot


@pytest.mark.parametrize("column, value", [(k, v) for k, values in enumerate(EDGES) for v in values])
@pytest.mark.parametrize("acquired", [45000.0, datetime(2023, 3, 15, 9, 30)])
def test_each_edge_cell_is_read_as_the_cell_rules_read_it(column, value, acquired):
    cells_of_row = ["L1", "Brokerage", acquired, 10.0, 1000.0, None]
    cells_of_row[column] = value
    row = [cells_of_row[0], cells_of_row[1], "VTI", *cells_of_row[2:]]
    t = _Rows(tuple(map(tuple, [LOT_HEADER, row])), "lots", schema.LOTS)
    plain_lot = _PlainLots(t)(t.rows[0], "VTI")
    if plain_lot is not None:
        assert plain_lot == _parse_lot(t, t.rows[0], 2, "VTI")


#: Acquired cells of one kind per table (what Excel passes for a column formatted one way), or mixed.
ACQUIRED = {
    "serial": st.floats(min_value=61.0, max_value=2958465.99),
    "datetime": st.datetimes(),
    "date": st.dates(),
    "blank": st.none(),
    "mixed": st.one_of(st.floats(min_value=61.0, max_value=2958465.99), st.datetimes(), st.dates(), st.none(),
                       st.just("Inherited")),
}


@settings(max_examples=300)
@given(st.sampled_from(sorted(ACQUIRED)), st.integers(1, 8), st.integers(4, 7), st.data())
def test_plain_lots_read_column_by_column_are_the_rows_read_one_by_one(kind, n_rows, width, data):
    """_PlainLots.many (a symbol's rows, column by column) gives for each row what _PlainLots reads from
    that row alone (its lot, or None to leave the row to the rules; that reading is the rules' lot by the
    tests above): rows of plain cells, Acquired of one kind per table or mixed, with up to two cells of
    some rows replaced by edge cases, cut to a random width (a short range has no Wash Adjusted)."""
    rows = []
    for _ in range(n_rows):
        cells_of_row = list(data.draw(plain_row))
        cells_of_row[2] = data.draw(ACQUIRED[kind])
        for k, value in data.draw(st.lists(edit, max_size=2)):
            cells_of_row[k] = value
        rows.append([cells_of_row[0], cells_of_row[1], "VTI", *cells_of_row[2:]])
    header = LOT_HEADER[:width + 1]
    t = _Rows(tuple(tuple(r[:width + 1]) for r in [header, *rows]), "lots", schema.LOTS)
    reader = _PlainLots(t)
    got = reader.many(t.rows, "VTI")
    want = [reader(row, "VTI") for row in t.rows]
    if width < 5:  # no Cost Basis column: nothing is plain
        assert got is None and want == [None] * n_rows
        return
    assert got == want
    for lot, row in zip(got, t.rows):  # the same types as well (== would take 1 for 1.0)
        if lot is not None:
            assert [type(getattr(lot, f)) for f in ("quantity", "basis", "acquired", "wash_adjusted")] == [
                type(getattr(reader(row, "VTI"), f)) for f in ("quantity", "basis", "acquired", "wash_adjusted")]


def test_plain_lots_of_plain_rows_read_column_by_column_equal_lots_made_by_hand():
    # two plain rows, serial dates and Y/N words: the lots as written out by hand (serial 45000 = 2023-03-15)
    from datetime import date

    from taxrebal.engine.records import Lot

    rows = [LOT_HEADER, [" L1", "Brokerage ", "VTI", 45000.0, 10.0, 1000.0, "y"],
            ["L2", "IRA", "VTI", 45001.0, 2.5, 0.0, None]]
    t = _Rows(tuple(map(tuple, rows)), "lots", schema.LOTS)
    assert _PlainLots(t).many(t.rows, "VTI") == [
        Lot("L1", "Brokerage", "VTI", date(2023, 3, 15), 10.0, 1000.0, wash_adjusted=True),
        Lot("L2", "IRA", "VTI", date(2023, 3, 16), 2.5, 0.0)]


@pytest.mark.parametrize("column, value", [(k, v) for k, values in enumerate(EDGES) for v in values]
                         + [(3, float("inf")), (4, float("inf")), (4, 1e18), (2, float("inf"))])
@pytest.mark.parametrize("acquired", [45000.0, datetime(2023, 3, 15, 9, 30)])
def test_each_edge_cell_among_plain_rows_is_read_column_by_column_as_row_by_row(column, value, acquired):
    plain = ["L1", "Brokerage", acquired, 10.0, 1000.0, None]
    edged = list(plain)
    edged[column] = value
    rows = [[f"L{k}", *r[1:]] for k, r in enumerate([plain, edged, plain])]
    rows = [[r[0], r[1], "VTI", *r[2:]] for r in rows]
    t = _Rows(tuple(map(tuple, [LOT_HEADER, *rows])), "lots", schema.LOTS)
    reader = _PlainLots(t)
    got = reader.many(t.rows, "VTI")
    assert got == [reader(row, "VTI") for row in t.rows]
    assert got[0] is not None and got[2] is not None  # the plain rows around it are read here


def test_lots_made_column_by_column_are_the_lots_lot_makes_with_every_field_set():
    # _new_lots (a symbol's plain rows, each slot set by one map) against the dataclass's own __init__
    from dataclasses import fields
    from datetime import date
    from itertools import repeat

    from taxrebal.engine.records import Lot
    from taxrebal.excel.lot_range import _new_lots

    columns = (["L1", "L2"], ["Brokerage", "IRA"], repeat("VTI"), [date(2023, 3, 15), None], [10.0, 2.5],
               [1000.0, 0.0], [True, False])
    made = _new_lots(2, *columns)
    want = [Lot("L1", "Brokerage", "VTI", date(2023, 3, 15), 10.0, 1000.0, wash_adjusted=True),
            Lot("L2", "IRA", "VTI", None, 2.5, 0.0)]
    assert made == want
    for got, lot in zip(made, want):  # every slot set, also those == leaves out (source)
        assert type(got) is Lot
        assert [getattr(got, f.name) for f in fields(Lot)] == [getattr(lot, f.name) for f in fields(Lot)]
