"""The template and the sample household: structure, consistency, the reader's view, regeneration."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest

from taxrebal.engine.allocation import allocation
from taxrebal.engine.holding import long_term_date
from taxrebal.errors import Severity
from taxrebal.workbook.reader import load_workbook_file
from taxrebal.workbook.results import INPUT_SHEETS
from taxrebal.workbook.template import (
    INPUT_COLUMNS,
    SAMPLE_FILE,
    SETTING_ROWS,
    TEMPLATE_FILE,
    build_sample,
    build_template,
)

GENERATED = Path(__file__).resolve().parents[1] / "workbook_templates"


def values(wb):
    """Cell values by sheet. On the Dashboard only labels and formulas count: its saved results (column
    C on) follow the engines, which may be refined without the sample changing."""
    out = {}
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        out[ws.title] = [r[:2] for r in rows] if ws.title == "Dashboard" else rows
    return out


def build_sample_with_dashboard():
    from taxrebal.excel import udfs

    return build_sample(cell_functions=udfs)


@pytest.mark.parametrize("name, build", [(TEMPLATE_FILE, build_template), (SAMPLE_FILE, build_sample_with_dashboard)])
def test_committed_files_equal_a_fresh_build(name, build, tmp_path):
    fresh = tmp_path / name
    build().save(fresh)  # compared as saved files: cell values, not bytes
    committed = values(openpyxl.load_workbook(GENERATED / name))
    assert committed == values(openpyxl.load_workbook(fresh)), \
        "regenerate: python -m taxrebal.workbook.template workbook_templates/"


def test_every_input_sheet_has_hinted_headers_a_table_formats_and_a_frozen_header():
    wb = build_template()
    assert wb.sheetnames == [n for n in INPUT_SHEETS if n != "Dashboard"]  # the Dashboard is the sample's
    for name, columns in INPUT_COLUMNS.items():
        ws = wb[name]
        assert [c.value for c in ws[1]] == [c.header for c in columns]
        assert all(c.comment is not None and c.comment.text for c in ws[1]), name
        assert ws.freeze_panes == "A2"
        assert len(ws.tables) == 1
    lots = wb["Lots"]
    assert lots.column_dimensions["D"].number_format == "yyyy-mm-dd"
    assert lots.column_dimensions["F"].number_format == "#,##0.00"
    # Target shows what is read: a bare 60 is 60 points ("60.0%"), 0.6 a fraction ("60.0%"), never "6000.00%"
    assert wb["Targets"].column_dimensions["B"].number_format == '[>1]0.0#"%";0.0#%'
    assert wb["Targets"].column_dimensions["C"].number_format == '[>=1]0.0#"%";0.0#%'  # a Band of 1 is a point


def test_drop_down_lists_cover_the_enumerated_columns_and_settings():
    wb = build_template()
    lists = {}
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                lists[(ws.title, rng.coord.split(":")[0])] = dv.formula1
    assert "Roth IRA" in lists[("Accounts", "B2")] and "HSA" in lists[("Accounts", "B2")]
    assert lists[("Transactions", "D2")] == '"Buy,Sell,Reinvest"'
    assert lists[("Securities", "G2")] == '"Y,N"'
    keys = [s.key for s in SETTING_ROWS]
    for key, must in (("Filing Status", "Married Filing Jointly"), ("Lot Method", "TaxOptimal"),
                      ("Tax Mode", "Flat"), ("Rebalance To", "Band Edge")):
        assert must in lists[("Settings", f"B{keys.index(key) + 2}")]


def test_template_has_every_sheet_and_column_the_reader_needs(tmp_path):
    path = tmp_path / "t.xlsx"
    build_template().save(path)
    result = load_workbook_file(path)
    # Only "this sheet is still empty" errors may remain in an empty template: no missing sheet or column.
    errors = [i for i in result.issues if i.severity is Severity.ERROR]
    assert {i.sheet for i in errors} <= {"Accounts", "Targets", "Securities", "Lots"}
    assert all("no " in i.message.lower() or "lists no" in i.message for i in errors), errors
    assert not any("column" in i.message.lower() and "missing" in i.message.lower() for i in result.issues)


def test_sample_reads_with_no_issue_and_equals_the_records_it_was_built_from(sample_workbook, sample_household):
    result = load_workbook_file(sample_workbook)
    assert result.issues == () and result.ok
    hh = result.household
    assert hh.settings == sample_household.settings
    assert hh.accounts == sample_household.accounts and hh.securities == sample_household.securities
    assert hh.lots == sample_household.lots and hh.transactions == sample_household.transactions
    assert hh.targets == sample_household.targets and dict(hh.menus) == dict(sample_household.menus)
    assert hh.sales == sample_household.sales and hh.proposed_trades == sample_household.proposed_trades


def test_sample_is_internally_consistent(sample_household):
    hh = sample_household
    lots = {lot.lot_id: lot for lot in hh.lots}
    assert all(s.price > 0 for s in hh.securities)
    assert abs(sum(t.target for t in hh.targets) - 1.0) < 1e-9
    for t in hh.transactions:  # every purchase listed created a current lot with that id, same terms
        if t.action.value in ("Buy", "Reinvest"):
            lot = lots[t.lot_id]
            assert (lot.account, lot.symbol, lot.acquired) == (t.account, t.symbol, t.date)
            assert abs(lot.quantity - t.quantity) < 1e-9
            if lot.basis is not None:
                assert abs(lot.basis - t.quantity * t.price) < 0.005
        else:  # sells relieve lots no longer listed, with their terms given
            assert t.lot_id not in lots and t.acquired and t.basis


def test_sample_tells_the_story_on_its_start_sheet(sample_household):
    hh = sample_household
    s = hh.settings
    assert s.as_of.isoformat() == "2026-11-20" and s.year == 2026 and s.filing_status.value == "Married Filing Jointly"
    # drifted from 60/40 to about 72/28 (stocks/everything else), US stocks over and bonds under their bands
    weights = {a.asset_class: a for a in allocation(hh)}
    stocks = weights["US Stocks"].weight + weights["Intl Stocks"].weight
    assert 0.70 <= stocks <= 0.74
    assert weights["US Stocks"].status == "Over" and weights["Bonds"].status == "Under"
    # recent VTI lots turning long-term within 60 days
    vti = [lot for lot in hh.lots if lot.symbol == "VTI" and lot.account == "Joint Brokerage"]
    turning = [lot for lot in vti if 0 < (long_term_date(lot.acquired) - s.as_of).days <= 60]
    assert {lot.lot_id for lot in turning} == {"B-03", "B-04"}
    # VXUS in the IRA bought 10 days before As Of; a brokerage VXUS loss sale within 30 days of it
    buy = next(t for t in hh.transactions if t.account == "Maria Traditional IRA" and t.symbol == "VXUS")
    assert s.as_of - buy.date == timedelta(days=10)
    sale = next(t for t in hh.transactions if t.symbol == "VXUS" and t.action.value == "Sell")
    assert abs((sale.date - buy.date).days) <= 30 and sale.price * sale.quantity < sale.basis
    assert {x.symbol for x in hh.securities if x.identical_group == "S&P 500"} == {"VOO", "IVV", "SPY", "FXAIX"}
    assert hh.menus["Maria 401(k)"] == frozenset({"FXAIX", "FTIHX", "FXNAX"})
    start = [r[0] for r in build_sample()["Start"].iter_rows(values_only=True) if r[0]]
    assert any("Rivera household" in line for line in start) and any("Rev. Rul. 2008-5" in line for line in start)


def test_the_samples_wash_sale_traps_cost_what_the_start_sheet_says(sample_household):
    """Hand-worked (IRC §1091, Pub 550 "Wash Sales"; Rev. Rul. 2008-5 for IRA/401(k) purchases):
    IVV 40 sh sold 2026-10-28 at $655 with basis $700/sh: loss $45/sh. Replacement shares of the same
    S&P 500 group within 30 days: VOO DRIP 1.118 sh (09-30, 28 days before) and FXAIX 6.5 sh in the
    401(k) (11-14, 17 days after): 7.618 x $45 = $342.81 disallowed, of which 6.5 x $45 = $292.50 is
    lost for good (401(k)). VXUS 300 sh sold 11-13 at $62.40, basis $68/sh: loss $5.60/sh; the IRA
    bought 150 VXUS on 11-10: 150 x $5.60 = $840.00 disallowed, lost for good. Total $1,182.81, of which
    $1,132.50 is permanent."""
    from taxrebal.engine.wash import adjust_lots

    result = adjust_lots(sample_household)
    assert len(result.matches) == 3
    assert result.total_disallowed == pytest.approx(1182.81, abs=0.005)
    assert result.permanent_disallowed == pytest.approx(1132.50, abs=0.005)


def test_the_start_sheet_asks_for_transactions_for_both_uses():
    # Transactions decide wash sales (the last 60 days) and, with Realized ST/LT YTD blank, the year's
    # realized gains (every sell since January 1): asking only for 60 days would understate a blank YTD
    from taxrebal.workbook.template import build_template

    start = " ".join(r[0] for r in build_template()["Start"].iter_rows(values_only=True) if r[0])
    step = next(line for line in start.split("4. ")[1:] if line.startswith("Transactions"))
    assert "last 60 days" in step and "wash sales" in step
    assert "Realized ST YTD" in step and "every sell since January 1" in step
