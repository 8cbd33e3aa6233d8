"""One set of Settings rules (taxrebal.workbook.rules) for the Settings sheet and the cell functions:
the same table is accepted or rejected by both, with the same reason."""

import pytest

from taxrebal.errors import ArgumentError, Severity
from taxrebal.excel.convert import cache_clear, settings_from_range
from taxrebal.workbook.reader import load_sheets

HOUSEHOLD = {
    "Accounts": [["Account", "Type"], ["Joint", "Taxable"]],
    "Securities": [["Symbol", "Asset Class", "Price"], ["VTI", "US Stocks", 250.0]],
    "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
             ["L1", "Joint", "VTI", "2020-01-15", 100, 16000.0]],
    "Targets": [["Asset Class", "Target"], ["US Stocks", 100]],
}


def sheet_errors(rows):
    r = load_sheets({**HOUSEHOLD, "Settings": [["Setting", "Value"]] + rows})
    return [i.message for i in r.issues if i.severity is Severity.ERROR]


def udf_error(rows):
    cache_clear()
    try:
        settings_from_range([["Setting", "Value"]] + rows, prices_tax=True)
    except ArgumentError as err:
        return str(err)
    return None


PROFILE = [["As Of", "2026-06-30"], ["Ordinary Income", 180000]]
CASES = {
    # IRC §63(f)(1): a Qualifying Surviving Spouse return has one taxpayer (the issue's 4,410 vs 4,080).
    "qss_two_seniors": (PROFILE + [["Filing Status", "QSS"], ["Taxpayers 65 or Older", 2]], "one person"),
    "mfj_two_seniors": (PROFILE + [["Filing Status", "MFJ"], ["Taxpayers 65 or Older", 2]], None),
    "misspelt_income": ([["As Of", "2026-06-30"], ["Filing Status", "MFJ"], ["Ordinary Incme", 180000]],
                        "did you mean 'Ordinary Income'?"),
    "no_filing_status": ([["As Of", "2026-06-30"], ["Ordinary Income", 180000]], "Filing Status is required"),
    "no_income": ([["As Of", "2026-06-30"], ["Filing Status", "Single"]], "Ordinary Income is required"),
    "flat_with_rates": ([["As Of", "2026-06-30"], ["Tax Mode", "Flat"], ["Flat ST Rate", "32%"],
                         ["Flat LT Rate", "15%"]], None),
    "huge_income": (PROFILE[:1] + [["Filing Status", "MFJ"], ["Ordinary Income", 1e308]], "implausibly large"),
    "year_mismatch": ([["As Of", "2200-01-15"], ["Tax Year", 2026], ["Filing Status", "MFJ"],
                       ["Ordinary Income", 1]], "tax parameters ship for"),
    "tax_year_not_as_of": ([["As Of", "2026-01-15"], ["Tax Year", 2025], ["Filing Status", "MFJ"],
                            ["Ordinary Income", 1]], "does not match As Of"),
    "as_of_1900": ([["As Of", "1900-01-15"], ["Filing Status", "MFJ"], ["Ordinary Income", 1]],
                   "tax parameters ship for"),
    "average_cost": (PROFILE + [["Filing Status", "MFJ"], ["Lot Method", "Average Cost"]], "out of scope"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_sheet_and_the_cell_functions_accept_and_reject_the_same_settings(case):
    rows, expected = CASES[case]
    on_sheet, in_udf = sheet_errors(rows), udf_error(rows)
    if expected is None:
        assert on_sheet == [] and in_udf is None
    else:
        assert on_sheet and any(expected in m for m in on_sheet), on_sheet
        assert in_udf is not None and expected in in_udf, in_udf


def test_taxcost_refuses_the_settings_a_run_refuses():
    """The issue's case: TAXCOST gave 4,410 for a Qualifying Surviving Spouse with two people 65+,
    which a run rejects; now both reject it with the same reason."""
    from taxrebal.excel.udfs import TAXCOST

    cache_clear()
    lots = [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
            ["L1", "Joint", "VTI", "2020-01-15", 100, 16000.0]]
    settings = [["Setting", "Value"], ["As Of", "2026-06-30"], ["Filing Status", "QSS"],
                ["Ordinary Income", 180000], ["Taxpayers 65 or Older", 2]]
    result = TAXCOST("VTI", 100, 250, lots, settings)
    assert isinstance(result, str) and result.startswith("#TAXREBAL!") and "one person" in result
    assert any("one person" in m for m in sheet_errors(settings[1:]))


def test_the_template_takes_formats_drop_downs_and_defaults_from_the_contract():
    from taxrebal.workbook import schema, template

    for sheet, columns in template.INPUT_COLUMNS.items():
        if sheet == "Settings":
            continue
        spec = schema.sheet_spec(sheet)
        for col in columns:
            contract = next(c for c in spec.columns if col.header in c.spellings)
            assert (col.number_format, col.choices) == (contract.number_format, contract.dropdown), (sheet, col)
    assert [(r.key, r.default, r.number_format, r.choices) for r in template.SETTING_ROWS] == [
        (s.label, s.default, s.number_format, s.dropdown) for s in schema.SETTING_SPECS]


def test_a_target_of_1_among_others_is_hinted_on_the_sheet_and_in_the_cell_functions():
    from taxrebal.excel.convert import targets_from_range

    targets = [["Asset Class", "Target"], ["US Stocks", 1], ["Bonds", 99]]
    r = load_sheets({**HOUSEHOLD, "Targets": targets, "Settings": [["Setting", "Value"], *PROFILE,
                                                                   ["Filing Status", "MFJ"]]})
    assert any("if B2 meant 1%, type 1%" in i.message for i in r.errors)
    cache_clear()
    with pytest.raises(ArgumentError, match="if row 2 meant 1%, type 1%"):
        targets_from_range(targets)


def test_a_rate_of_one_says_the_range_it_is_outside():
    # a bare 1 reads as 100%, and a rate must be below 100% (a tax rate of 100% takes everything): the
    # message names that open end, not "outside 0-100%" beside "100.00%" (cells23), on the sheet and in a cell
    rows = [["Filing Status", "Single"], ["Ordinary Income", 100000], ["Tax Mode", "Flat"],
            ["Flat ST Rate", 0.3], ["Flat LT Rate", 1]]
    expected = "'1' reads as 100.00%; a rate here is at least 0% and below 100%."
    assert any("Flat LT Rate" in m and expected in m for m in sheet_errors(rows)), sheet_errors(rows)
    assert "(Flat LT Rate): " + expected in (udf_error(rows) or "")
