"""The taxrebal command line end to end on real .xlsx files: exit codes, in-place runs with a
backup, -o, refusals, and input sheets left exactly as they were."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from datetime import date

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from taxrebal.cli import EXIT_INPUT, EXIT_OK, EXIT_SAVE, EXIT_USAGE, main
from taxrebal.workbook.results import INPUT_SHEETS, OWNED_MARKER


def cell_values(path, sheets=None):
    """{sheet: {coordinate: value}} of every non-empty cell (values as stored, formulas as text)."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        if sheets is not None and ws.title not in sheets:
            continue
        out[ws.title] = {c.coordinate: (_comparable(c.value), c.data_type) for row in ws.iter_rows() for c in row
                         if c.value is not None}
    return out


def _comparable(value):
    """Array formulas (the sample's Dashboard has some) compare by their range and text."""
    if isinstance(value, ArrayFormula):
        return ("array", value.ref, value.text)
    return value


def owned_sheets(path):
    wb = openpyxl.load_workbook(path)
    return [ws.title for ws in wb.worksheets if OWNED_MARKER in ws.defined_names]


def test_run_in_place_keeps_a_backup_and_never_touches_input_cells(sample_workbook, capsys):
    before = cell_values(sample_workbook)
    original_bytes = sample_workbook.read_bytes()
    # (the demo test runs every step; here one step keeps the test fast)
    assert main(["run", str(sample_workbook), "--only", "allocation"]) == EXIT_OK
    out = capsys.readouterr().out
    backup = sample_workbook.with_name("sample-household.bak.xlsx")
    assert backup.read_bytes() == original_bytes and str(backup) in out
    after = cell_values(sample_workbook, sheets=before.keys())
    assert after == before  # cell by cell, values and types, every input sheet
    results = owned_sheets(sample_workbook)
    assert results[0] == "Issues" and results[-1] == "Run Info" and "Allocation" in results
    assert "As of 2026-11-20." in out and "Largest drift" in out

    # a second run replaces the result sheets where they are
    names = openpyxl.load_workbook(sample_workbook).sheetnames
    assert main(["run", str(sample_workbook), "--only", "allocation"]) == EXIT_OK
    assert openpyxl.load_workbook(sample_workbook).sheetnames == names
    assert cell_values(sample_workbook, sheets=before.keys()) == before


def test_run_to_another_file_leaves_the_source_byte_for_byte(sample_workbook, tmp_path):
    original = sample_workbook.read_bytes()
    out = tmp_path / "results.xlsx"
    assert main(["run", str(sample_workbook), "-o", str(out), "--only", "allocation"]) == EXIT_OK
    assert sample_workbook.read_bytes() == original
    assert not sample_workbook.with_name("sample-household.bak.xlsx").exists()
    wb = openpyxl.load_workbook(out)
    assert [n for n in wb.sheetnames if n in INPUT_SHEETS] == list(INPUT_SHEETS)
    assert wb.sheetnames[-1] == "Run Info"
    alloc = wb["Allocation"]
    assert alloc["A1"].value == "Allocation by asset class" and alloc["A3"].value == "US Stocks"


def test_input_errors_exit_1_and_write_issues_and_run_info_only(sample_workbook, tmp_path, capsys):
    wb = openpyxl.load_workbook(sample_workbook)
    wb["Targets"]["B2"] = 0.30  # US Stocks 30% instead of 40%: targets add up to 90%
    wb.save(sample_workbook)
    out = tmp_path / "r.xlsx"
    assert main(["run", str(sample_workbook), "-o", str(out)]) == EXIT_INPUT
    printed = capsys.readouterr().out
    assert "Error: Targets" in printed and "Nothing was computed" in printed
    assert owned_sheets(out) == ["Issues", "Run Info"]
    assert main(["check", str(sample_workbook)]) == EXIT_INPUT


def test_check_reports_problems_and_writes_nothing(sample_workbook, capsys):
    before = sample_workbook.read_bytes()
    assert main(["check", str(sample_workbook)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "No problems found" in out and "5 accounts" in out and "24 lots" in out
    assert sample_workbook.read_bytes() == before


def test_blank_as_of_uses_today_and_says_so(sample_workbook, tmp_path, capsys):
    wb = openpyxl.load_workbook(sample_workbook)
    wb["Settings"]["B2"] = None
    wb.save(sample_workbook)
    out = tmp_path / "r.xlsx"
    main(["run", str(sample_workbook), "-o", str(out), "--only", "allocation"])
    printed = capsys.readouterr().out
    assert f"As of {date.today().isoformat()} (today: Settings has no As Of" in printed


def test_as_of_option_overrides_settings(sample_workbook, tmp_path):
    out = tmp_path / "r.xlsx"
    assert main(["run", str(sample_workbook), "-o", str(out), "--as-of", "2026-12-01", "--only", "allocation"]) == 0
    info = {r[0]: r[1] for r in openpyxl.load_workbook(out)["Run Info"].iter_rows(values_only=True) if r[0]}
    # the override says so, and names the Settings As Of it replaced (fe5 finding 16)
    assert info["As of"] == ("2026-12-01 (--as-of on the command line, for this run; Settings As Of 2026-11-20 was "
                             "not used)")


def _parts(path):
    import zipfile

    with zipfile.ZipFile(path) as z:
        return {i.filename: (i.CRC, i.compress_size, z.read(i.filename)) for i in z.infolist()}


def test_a_picture_on_an_input_sheet_survives_a_run_with_every_input_part_byte_for_byte(sample_workbook, tmp_path):
    # Results are added to the zip package; the user's parts are copied, never re-encoded, so a
    # picture (which openpyxl would drop) survives, in place and in a copy.
    import io

    from openpyxl.drawing.image import Image
    from PIL import Image as PILImage

    buf = io.BytesIO()
    PILImage.new("RGB", (4, 4), "blue").save(buf, format="PNG")
    wb = openpyxl.load_workbook(sample_workbook)
    wb["Start"].add_image(Image(buf), "C3")
    wb.save(sample_workbook)
    before = _parts(sample_workbook)
    rewritten = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"}
    assert main(["run", str(sample_workbook), "-o", str(tmp_path / "copy.xlsx")]) == EXIT_OK
    assert main(["run", str(sample_workbook)]) == EXIT_OK
    assert main(["run", str(sample_workbook)]) == EXIT_OK  # a re-run replaces only its own sheets
    for path in (tmp_path / "copy.xlsx", sample_workbook):
        after = _parts(path)
        kept = {n: v for n, v in before.items() if n not in rewritten}
        assert {n: after.get(n) for n in kept} == kept
        assert any(n.startswith("xl/media/") for n in after)
        assert openpyxl.load_workbook(path)["Start"]._images  # and openpyxl still sees the picture


def test_formula_like_text_in_inputs_stays_text_in_inputs_and_results(sample_workbook, tmp_path):
    wb = openpyxl.load_workbook(sample_workbook)
    ws = wb["Accounts"]
    ws["C2"] = '=HYPERLINK("http://x","click")'  # Owner column: copied nowhere, must stay text
    ws["C2"].data_type = "s"
    wb.save(sample_workbook)
    out = tmp_path / "r.xlsx"
    assert main(["run", str(sample_workbook), "-o", str(out), "--only", "allocation"]) == EXIT_OK
    wb_out = openpyxl.load_workbook(out)
    with zipfile.ZipFile(out) as z:  # (the sample's Dashboard holds real formulas: skip it)
        for i, ws in enumerate(wb_out.worksheets, start=1):
            if ws.title != "Dashboard":
                assert "<f>" not in z.read(f"xl/worksheets/sheet{i}.xml").decode(), ws.title
    back = openpyxl.load_workbook(out)["Accounts"]["C2"]
    assert back.value == '=HYPERLINK("http://x","click")' and back.data_type == "s"


def test_missing_file_output_folder_and_usage_errors(tmp_path, sample_workbook, capsys):
    assert main(["run", str(tmp_path / "nope.xlsx")]) == EXIT_INPUT
    assert main(["check", str(tmp_path / "nope.xlsx")]) == EXIT_INPUT
    assert main(["run", str(sample_workbook), "-o", str(tmp_path / "no" / "such" / "dir.xlsx"),
                 "--only", "allocation"]) == EXIT_SAVE
    assert "does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["run", str(sample_workbook), "--only", "everything"])
    assert exit_info.value.code == EXIT_USAGE
    assert main([]) == EXIT_USAGE


def test_template_refuses_to_overwrite_without_force(tmp_path, capsys):
    path = tmp_path / "New.xlsx"
    assert main(["template", str(path)]) == EXIT_OK
    assert openpyxl.load_workbook(path).sheetnames == [n for n in INPUT_SHEETS if n != "Dashboard"]
    assert main(["template", str(path)]) == EXIT_USAGE
    assert "--force" in capsys.readouterr().err
    assert main(["template", str(path), "--force"]) == EXIT_OK


def test_demo_writes_the_sample_and_its_results_and_prints_a_summary(tmp_path, capsys):
    folder = tmp_path / "demo"
    assert main(["demo", str(folder)]) == EXIT_OK
    out = capsys.readouterr().out
    results = folder / "sample-household-results.xlsx"
    assert results.exists() and str(results) in out and "Largest drift" in out
    inputs = cell_values(folder / "sample-household.xlsx")  # every sheet of the input, Dashboard included
    assert cell_values(results, sheets=inputs.keys()) == inputs


def test_python_dash_m_taxrebal_and_exit_code_2_for_usage(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "taxrebal", "--help"], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and "taxrebal demo" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "taxrebal", "run"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "BOOK" in bad.stderr and "Traceback" not in bad.stderr


def test_output_must_keep_the_input_extension(sample_workbook, tmp_path, capsys):
    assert main(["run", str(sample_workbook), "-o", str(tmp_path / "r.xlsm")]) == EXIT_USAGE
    assert "must end in .xlsx" in capsys.readouterr().err


def test_a_users_own_sheet_named_like_a_result_is_never_overwritten(sample_workbook, tmp_path, capsys):
    wb = openpyxl.load_workbook(sample_workbook)
    wb.create_sheet("Allocation")["A1"] = "my own allocation notes"
    wb.save(sample_workbook)
    out = tmp_path / "r.xlsx"
    assert main(["run", str(sample_workbook), "-o", str(out), "--only", "allocation"]) == EXIT_INPUT
    assert "sheet called 'Allocation' that taxrebal did not create" in capsys.readouterr().out
    back = openpyxl.load_workbook(out)
    assert back["Allocation"]["A1"].value == "my own allocation notes"
    assert back.sheetnames.count("Allocation") == 1

    wb = openpyxl.load_workbook(sample_workbook)
    wb.create_sheet("Issues")["A1"] = "my issues list"
    wb.save(sample_workbook)
    before = sample_workbook.read_bytes()
    assert main(["run", str(sample_workbook)]) == EXIT_SAVE  # nowhere to report: nothing is written
    assert "Rename that sheet" in capsys.readouterr().err
    assert sample_workbook.read_bytes() == before


def test_the_result_opens_on_allocation_or_on_issues_with_one_selected_tab(sample_workbook, tmp_path):
    out = tmp_path / "r.xlsx"
    main(["run", str(sample_workbook), "-o", str(out), "--only", "allocation"])
    wb = openpyxl.load_workbook(out)
    assert wb.active.title == "Allocation"
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Allocation"]
    wb["Targets"]["B2"] = 0.1
    wb.save(sample_workbook)
    main(["run", str(sample_workbook), "-o", str(out)])
    wb = openpyxl.load_workbook(out)
    assert wb.active.title == "Issues"
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Issues"]


def test_as_of_option_is_used_by_the_checks_themselves(sample_workbook, tmp_path, capsys):
    # As of 2026-11-05 the IRA's VXUS (2026-11-10) and 401(k)'s FXAIX (2026-11-14) lots were not bought
    # yet: the reader must see the --as-of date, not the Settings one, and stop on them naming --as-of
    # (a lot on Lots is held, so a later date is a typo of the date or of the as-of date).
    assert main(["check", str(sample_workbook), "--as-of", "2026-11-05"]) == EXIT_INPUT
    out = capsys.readouterr().out
    assert "Lots!" in out and "Acquired 2026-11-10 is after --as-of 2026-11-05" in out
    out_path = tmp_path / "r.xlsx"  # a date after every lot's: the run goes on, and says whose date it used
    main(["run", str(sample_workbook), "-o", str(out_path), "--as-of", "2026-11-15", "--only", "allocation"])
    issues = [r for r in openpyxl.load_workbook(out_path)["Issues"].iter_rows(values_only=True)]
    assert any(r[0] == "Info" and "replaced by --as-of 2026-11-15" in (r[3] or "") for r in issues)
    info = {r[0]: r[1] for r in openpyxl.load_workbook(out_path)["Run Info"].iter_rows(values_only=True) if r[0]}
    assert info["As of"].startswith("2026-11-15 (--as-of") and len(info["Input SHA-256"]) == 64


def test_formulas_on_input_sheets_keep_the_values_excel_computed(sample_workbook, capsys):
    import zipfile

    wb = openpyxl.load_workbook(sample_workbook)
    wb["Accounts"]["F1"] = "Total"
    wb["Accounts"]["F2"] = "=D2+E2"  # a user's helper column (extra columns are ignored by the reader)
    wb.save(sample_workbook)
    with zipfile.ZipFile(sample_workbook) as z:  # what Excel saves: the formula and its last value
        sheet = z.read("xl/worksheets/sheet3.xml").replace(b"<f>D2+E2</f><v />", b"<f>D2+E2</f><v>42</v>")
        assert b"<v>42</v>" in sheet
        parts = {i: z.read(i) for i in z.namelist()}
    parts["xl/worksheets/sheet3.xml"] = sheet
    with zipfile.ZipFile(sample_workbook, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert main(["run", str(sample_workbook), "--only", "allocation"]) == EXIT_OK
    assert "hold formulas" not in capsys.readouterr().out  # nothing lost, nothing to warn about
    back = openpyxl.load_workbook(sample_workbook)["Accounts"]["F2"]
    assert back.value == "=D2+E2" and back.data_type == "f"
    assert openpyxl.load_workbook(sample_workbook, data_only=True)["Accounts"]["F2"].value == 42


def test_what_native_libraries_print_during_a_run_does_not_reach_the_user(tmp_path):
    # The HiGHS solver prints debug lines straight to file descriptor 1 in some releases; the run
    # must show only taxrebal's own report.
    import subprocess
    import sys
    import textwrap

    from taxrebal.workbook.template import build_sample

    book = tmp_path / "sample.xlsx"
    build_sample().save(book)
    script = textwrap.dedent(f"""
        import os, sys
        from taxrebal import cli, pipeline
        real = pipeline.run_book
        def noisy(*a, **k):
            os.write(1, b"HighsMipSolverData::noise\\n")
            return real(*a, **k)
        cli.run_book = noisy
        sys.exit(cli.main(["run", {str(book)!r}, "-o", {str(tmp_path / "out.xlsx")!r}, "--only", "allocation"]))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Largest drift" in done.stdout
    assert "HighsMipSolverData" not in done.stdout
