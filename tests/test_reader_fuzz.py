"""No traceback on any input: random cell values of every type in every column give issues, never
exceptions (the reader's last-resort "Internal error" issue must not appear either: it would mean a
bug the safety net hid)."""

import re
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxrebal.errors import Severity
from taxrebal.workbook import cells, schema
from taxrebal.workbook.reader import LoadResult, load_sheets

TRICKY_TEXT = st.sampled_from([
    "", " ", "#N/A", "#DIV/0!", "Inherited", "5%", "%", "$", "(1,234.50)", "1,5", "lots!3", "Lots!2", "1e999",
    "nan", "inf", "-", "()", "2025-02-30", "0/0/0000", "60", "45000", "20250314", "Y", "x", "Taxable", "IRA",
    "Sell", "Specific ID", "L1, L2", "VTI", "vti ", "Joint", "=1+1", "+1", "@x", "\x00", "\u00a0", "Z" * 300,
    "²", "٣", "１２", "1²", "٣/٣/٢٠٢٥", "Brackets", "Band Edge", "As Of", "Tax Year", "State Tax Rate", "Default Band",
    "Target", "US Stocks",
])
NUMPY_AND_PANDAS = st.sampled_from([
    pd.NaT, pd.Timestamp("2025-01-02"), np.float64("nan"), np.int64(3), np.datetime64("2025-01-02"), np.bool_(True),
    np.float32(1.5), np.float64(-1e300),
])
CELL = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12), TRICKY_TEXT,
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)), st.times(),
    st.timedeltas(min_value=timedelta(days=-10), max_value=timedelta(days=10)),
    st.decimals(allow_nan=False, allow_infinity=False, places=3), st.just(b"bytes"), st.just(object()),
    st.just([1, 2]), st.just({"a": 1}), NUMPY_AND_PANDAS,
)


def header_strategy(spec):
    spellings = [s for c in spec.columns for s in c.spellings[:2]]
    return st.lists(st.one_of(st.sampled_from(spellings), CELL), min_size=0, max_size=len(spec.columns) + 2)


@st.composite
def sheet_strategy(draw, spec):
    header = draw(header_strategy(spec))
    width = max(len(header), 1)
    rows = draw(st.lists(st.lists(CELL, min_size=0, max_size=width + 1), max_size=6))
    return [header] + rows


@st.composite
def workbook_strategy(draw):
    sheets = {}
    for spec in schema.SHEETS:
        if spec.required or draw(st.booleans()):
            name = draw(st.sampled_from([spec.name, spec.name.upper(), spec.name.lower().replace(" ", "")]))
            sheets[name] = draw(sheet_strategy(spec))
    return sheets


def assert_well_formed(result):
    assert isinstance(result, LoadResult)
    assert not any("Internal error" in i.message for i in result.issues), [str(i) for i in result.issues]
    for issue in result.issues:
        assert isinstance(issue.sheet, str) and isinstance(issue.cell, str) and issue.message
        # the Issue contract (errors.py): an A1 cell, a range of one column's cells (Targets!B2:B5),
        # a column letter, or "" for the whole sheet
        assert re.fullmatch(r"(?:[A-Z]{1,3}(?:[1-9][0-9]*(?::[A-Z]{1,3}[1-9][0-9]*)?)?)?", issue.cell), issue
    assert (result.household is None) == (not result.ok) or result.household is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(workbook_strategy(), st.one_of(st.none(), st.dates()))
def test_random_workbooks_give_issues_never_exceptions(sheets, as_of):
    assert_well_formed(load_sheets(sheets, default_as_of=as_of))


VALID_HEADERS = {
    "Accounts": ["Account", "Type", "Owner", "Cash", "Contribution"],
    "Securities": ["Symbol", "Asset Class", "Price", "Name", "Identical Group", "Replacement", "DRIP"],
    "Lots": ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis", "Unit Cost", "Wash Adjusted"],
    "Targets": ["Asset Class", "Target", "Band", "Location"],
    "Settings": ["Setting", "Value"],
    "Transactions": ["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID", "Acquired", "Cost Basis"],
    "Menus": ["Account", "Symbol"],
    "Sales": ["Account", "Symbol", "Quantity", "Price", "Method", "Lot IDs"],
    "Proposed Trades": ["Date", "Account", "Symbol", "Action", "Quantity", "Price"],
}
REFERENCE_TEXT = st.sampled_from(["Joint", "IRA", "VTI", "BND", "Stocks", "Bonds", "L1", "Taxable", "Roth IRA", "Buy",
                                  "Sell", "As Of", "Lot Method", "HIFO", "60", "40"])


@st.composite
def valid_headers_workbook(draw):
    """Every column present with its real header, so random values reach every validation branch."""
    cell = st.one_of(CELL, REFERENCE_TEXT, REFERENCE_TEXT, st.floats(min_value=-10, max_value=1e6))
    sheets = {}
    for name, header in VALID_HEADERS.items():
        rows = draw(st.lists(st.lists(cell, min_size=len(header), max_size=len(header)), max_size=5))
        sheets[name] = [header] + rows
    return sheets


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(valid_headers_workbook(), st.one_of(st.none(), st.dates()))
def test_random_values_under_real_headers_give_issues_never_exceptions(sheets, as_of):
    assert_well_formed(load_sheets(sheets, default_as_of=as_of))


@settings(max_examples=30, deadline=None)
@given(st.one_of(st.none(), st.integers(), st.text(), st.lists(CELL), st.dictionaries(st.text(max_size=5), CELL)))
def test_nonsense_instead_of_sheets_gives_issues(thing):
    result = load_sheets(thing)
    assert result.household is None and any(i.severity is Severity.ERROR for i in result.issues)


PARSERS = [cells.parse_text, cells.parse_symbol, cells.parse_number, cells.parse_percent, cells.parse_band,
           cells.parse_date, cells.parse_date_or_inherited, cells.parse_bool, cells.parse_int, cells.parse_list]


@settings(max_examples=200, deadline=None)
@given(CELL)
def test_every_cell_parser_raises_only_cell_errors(value):
    for parse in PARSERS:
        try:
            parse(value)
        except cells.CellError as exc:
            assert str(exc)
