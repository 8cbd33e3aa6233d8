"""The Dashboard sheet: live cell-function formulas beside the values they gave when it was built.

Independent reference for the allocation figures: the sample's value by asset class summed here
directly from the sheet cells (quantity x price, plus cash and contributions), not by any engine.
"""

import datetime
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from taxrebal.excel import udfs
from taxrebal.workbook.dashboard import DASHBOARD_SHEET, add_dashboard, dashboard_rows
from taxrebal.workbook.template import build_sample, build_template


@pytest.fixture(scope="module")
def sample():
    return build_sample(cell_functions=udfs)


def sheet_rows(wb, name):
    return [list(r) for r in wb[name].iter_rows(values_only=True)]


def as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def blocks(ws):
    """(label, formula text, saved value or table, live cell) for each demonstrated function."""
    out = []
    for row in ws.iter_rows(min_row=6):
        label, text = row[0].value, row[1].value
        if isinstance(text, str) and text.startswith("="):
            out.append((label, text, row[2], ws.cell(row=row[0].row, column=10)))
    return out


def test_every_function_is_shown_once_with_a_live_formula(sample):
    ws = sample[DASHBOARD_SHEET]
    names = [text[1:text.index("(")] for _, text, _, _ in blocks(ws)]
    assert {"DRIFT", "TAXCOST", "LOTPICK", "LTDATE", "HOLDINGTERM", "WASHWINDOW", "FEDTAX"} <= set(names)
    for _, text, _, live in blocks(ws):
        if isinstance(live.value, ArrayFormula):
            assert live.value.text == text
        else:
            assert live.value == text and live.data_type == "f"


def test_formula_text_and_saved_values_are_plain_values(sample, tmp_path):
    path = tmp_path / "sample.xlsx"
    sample.save(path)
    with zipfile.ZipFile(path) as z:
        names = openpyxl.load_workbook(path).sheetnames
        xml = z.read(f"xl/worksheets/sheet{names.index(DASHBOARD_SHEET) + 1}.xml").decode()
    # only the live column J holds <f> elements; column B's formula text is a string
    import re

    cells_with_f = re.findall(r'<c r="([A-Z]+)\d+"[^>]*><f', xml)
    assert cells_with_f and set(cells_with_f) == {"J"}


def test_no_error_results_on_the_sample(sample):
    for label, _, saved, _ in blocks(sample[DASHBOARD_SHEET]):
        assert not (isinstance(saved.value, str) and saved.value.startswith("#TAXREBAL")), (label, saved.value)


def test_drift_table_matches_a_hand_sum_of_the_sample(sample):
    secs = sheet_rows(sample, "Securities")
    price = {r[0]: r[2] for r in secs[1:] if r[0]}
    cls = {r[0]: r[1] for r in secs[1:] if r[0]}
    value = {}
    for r in sheet_rows(sample, "Lots")[1:]:
        if r[2]:
            value[cls[r[2]]] = value.get(cls[r[2]], 0.0) + r[4] * price[r[2]]
    cash = sum((r[3] or 0) + (r[4] or 0) for r in sheet_rows(sample, "Accounts")[1:] if r[0])
    total = sum(value.values()) + cash
    ws = sample[DASHBOARD_SHEET]
    label, text, first, live = next(b for b in blocks(ws) if b[1].startswith("=DRIFT("))
    r0 = first.row
    table = []
    while ws.cell(row=r0 + len(table), column=3).value is not None:   # the saved block ends at a blank
        table.append([ws.cell(row=r0 + len(table), column=3 + j).value for j in range(5)])
    assert table[0] == ["Asset Class", "Value", "Current %", "Target %", "Drift"]
    got = {row[0]: row for row in table[1:]}
    for asset_class, v in value.items():
        assert got[asset_class][1] == pytest.approx(v, abs=0.01)
        assert got[asset_class][2] == pytest.approx(v / total)
    assert got["Cash"][1] == pytest.approx(cash, abs=0.01)
    # the live array formula covers exactly the saved block
    assert live.value.ref == f"J{r0}:N{r0 + len(table) - 1}"


def test_saved_values_are_what_the_functions_return(sample):
    """Column C holds, for each scalar row, what the function gives when called again now."""
    ws = sample[DASHBOARD_SHEET]
    saved = {text[1:]: cell.value for _, text, cell, _ in blocks(ws)}
    scalar_rows = [r for r in dashboard_rows(build_sample(), functions=udfs) if not isinstance(r.compute(), list)]
    assert scalar_rows
    for row in scalar_rows:
        value = row.compute()
        if isinstance(value, float):
            assert saved[row.formula] == pytest.approx(value, abs=0.005), row.label
        else:
            assert saved[row.formula] == value, row.label


def test_saved_ltdate_is_the_day_after_the_first_anniversary(sample):
    """Pub 550, Holding Period: held more than one year, counted from the day after acquisition, so the
    first long-term sale date is the anniversary plus one day (bought 2024-02-05: long from 2025-02-06)."""
    ws = sample[DASHBOARD_SHEET]
    _, text, cell, _ = next(b for b in blocks(ws) if b[1].startswith("=LTDATE("))
    sheet, ref = text[len("=LTDATE("):-1].split("!")
    acquired = as_date(sample[sheet][ref.replace("$", "")].value)
    assert acquired.month != 2 or acquired.day != 29   # the sample's lot is not a leap day
    expected = acquired.replace(year=acquired.year + 1) + datetime.timedelta(days=1)
    assert as_date(cell.value) == expected
    assert udfs.LTDATE(acquired) == expected


def test_adding_twice_replaces_the_sheet(sample):
    wb = build_sample()
    add_dashboard(wb, functions=udfs)
    add_dashboard(wb, functions=udfs)
    assert wb.sheetnames.count(DASHBOARD_SHEET) == 1
    assert wb.sheetnames.index(DASHBOARD_SHEET) == 1   # right after Start


def test_template_without_data_still_gets_a_dashboard():
    wb = build_template()
    ws = add_dashboard(wb, functions=udfs)
    assert ws.title == DASHBOARD_SHEET


def test_sample_with_dashboard_still_reads_cleanly(sample, tmp_path):
    from taxrebal.workbook.reader import load_workbook_file

    sample.save(tmp_path / "s.xlsx")
    result = load_workbook_file(tmp_path / "s.xlsx")
    assert result.ok, [str(i) for i in result.issues]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_keeps_saved_values_and_array_formulas(sample, tmp_path):
    # A real spreadsheet app opens the sheet, recalculates (the live cells show #NAME? there: no add-in)
    # and saves it again: the saved values and the array-formula block must survive.
    sample.save(tmp_path / "s.xlsx")
    subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"),
                    str(tmp_path / "s.xlsx")], check=True, capture_output=True, timeout=180)
    before = sample[DASHBOARD_SHEET]
    after = openpyxl.load_workbook(tmp_path / "lo" / "s.xlsx")[DASHBOARD_SHEET]
    for _, text, saved, _live in blocks(before):
        kept = after.cell(row=saved.row, column=3).value
        if isinstance(saved.value, (int, float)):
            assert kept == pytest.approx(saved.value)
        elif isinstance(saved.value, str):
            assert kept == saved.value
        else:  # a date: LibreOffice writes it back as a datetime
            assert kept is not None and kept.date() == saved.value
        assert after.cell(row=saved.row, column=2).value == text
    drift_live = next(b[3] for b in blocks(before) if b[1].startswith("=DRIFT("))
    copied = after.cell(row=drift_live.row, column=10).value
    assert isinstance(copied, ArrayFormula) and copied.ref == drift_live.value.ref


def saved(wb, prefix):
    return next(b[2].value for b in blocks(wb[DASHBOARD_SHEET]) if b[1].startswith(prefix))


def test_sample_fedtax_worked_by_hand(sample):
    # MFJ 2026, the Settings figures as typed (the broker's, before wash-sale adjustments): wages
    # 240,000 + qualified dividends 9,800 + ST 350 + LT 10,720 = AGI 260,870; taxable 260,870 - 32,200
    # = 228,670, of which 20,520 (QD + LT) preferential, 208,150 ordinary: 2,480 + 9,120 + 22% x
    # 107,350 (23,617) = 35,217; 20,520 x 15% = 3,078; NIIT 3.8% x min(20,870 NII, 260,870 - 250,000)
    # = 413.06 -> 38,708.06
    assert saved(sample, "=FEDTAX(") == pytest.approx(38708.06, abs=0.01)


def test_fedtax_row_passes_the_people_65_or_older_and_blind():
    # The sample with both spouses 65 or older and one blind (Settings): the FEDTAX row passes both
    # cells, so it matches the engine for a senior household. Hand-worked from the figures of
    # test_sample_fedtax_worked_by_hand: standard deduction 32,200 + 3 x 1,650 (IRC §63(f), Rev. Proc.
    # 2025-32) = 37,150; the senior deduction (IRC §151(d)(5)(C)) is gone at AGI 260,870 (6,000 - 6% x
    # 110,870 < 0); taxable 223,720, of which 203,200 ordinary: 2,480 + 9,120 + 22% x 102,400 = 34,128;
    # 20,520 x 15% = 3,078; NIIT 413.06 -> 37,619.06 (4,950 x 22% = 1,089 less than 38,708.06).
    wb = build_sample()
    ws = wb["Settings"]
    rows = {r[0].value: r[1] for r in ws.iter_rows() if r[0].value}
    rows["Taxpayers 65 or Older"].value = 2
    rows["Taxpayers Blind"].value = 1
    add_dashboard(wb, functions=udfs)
    text = next(b[1] for b in blocks(wb[DASHBOARD_SHEET]) if b[1].startswith("=FEDTAX("))
    refs = [f"Settings!$B${rows[k].row}" for k in ("Investment Income", "Taxpayers 65 or Older", "Taxpayers Blind")]
    assert text.endswith(", ".join(refs) + ")"), text
    assert saved(wb, "=FEDTAX(") == pytest.approx(37619.06, abs=0.01)


def test_sample_taxcost_mintax_worked_by_hand(sample):
    # The lot method sells 50 VTI of lot B-04 (ST loss 50 x $8.50 = $425). Lot H-03, 3 VTI bought
    # 2026-11-02 in the Family HSA (18 days before the sale) and kept, washes 3 x $8.50 = $25.50 of it for
    # good (IRC §1091(a), Rev. Rul. 2008-5), so the allowed ST loss is $399.50. The cell is given the
    # Transactions, Accounts and Securities ranges, so it starts from the run's ledger, as Lot Selection
    # does: ST 350 + 342.81 and LT 10,720 + 840 (the losses the wash-sale pass found disallowed on the
    # IVV and VXUS sales of Transactions). The loss leaves ST +293.31 (ordinary, 22%: -87.89); NIIT 3.8% x
    # -399.50 = -15.181 (MAGI above 250,000 by more than that); state 5% x -399.50 = -19.975.
    # Total -123.046 (-119.58 from the Settings figures as typed, without Transactions).
    text = next(b[1] for b in blocks(sample[DASHBOARD_SHEET]) if b[1].startswith('=TAXCOST("VTI", 50,'))
    assert text.endswith(", Accounts!$A$1:$F$500, Transactions!$A$1:$K$500, Securities!$A$1:$H$500)"), text
    assert saved(sample, '=TAXCOST("VTI", 50, Securities!$C$2, Lots!$A$1:$I$500, Settings!$A$1:$B$500, ,') \
        == pytest.approx(-123.05, abs=0.005)


def test_sample_fedtax_says_the_run_adds_the_wash_sale_disallowances(sample):
    # fe11 finding 23: Settings' Realized YTD are the broker's figures before wash sales; the run adds
    # the disallowed losses (the sample's Issues: $342.81 ST, $840.00 LT): 350 + 342.81 = 692.81 and
    # 10,720 + 840 = 11,560. By hand as above: AGI 240,000 + 9,800 + 692.81 + 11,560 = 262,052.81;
    # taxable 229,852.81, preferential 21,360, ordinary 208,492.81: 2,480 + 9,120 + 22% x 107,692.81
    # (23,692.42) = 35,292.42; 21,360 x 15% = 3,204; NIIT 3.8% x min(22,052.81, 12,052.81) = 458.01
    # -> 38,954.42 (to the cent: 38,954.42498)
    texts = [c for row in sample[DASHBOARD_SHEET].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    label = next(t for t in texts if t.startswith("Federal income tax + NIIT"))
    assert label.endswith("as typed on Settings")
    assert any("before the wash-sale disallowances a run adds (Issues): on the data when this sheet was made, the "
               "run uses $692.81 and $11,560.00, and this year's federal tax + NIIT with them is $38,954.42." in t
               for t in texts), texts
    # the figures are the data's when the sheet was made (audit22: an edited sample kept them): the sheet says so
    assert any(t.startswith("Column C shows the value each formula gave when this sheet was made, on the data as "
                            "it was then") for t in texts), texts
