"""`taxrebal check` says what `run` says about Settings Realized ST/LT YTD (README "One tax ledger per run").

The sample household's long-term sells this year: April VTI +$12,400 and the VXUS loss -$1,680, of
which $840 is disallowed (half its shares replaced in an IRA, Rev. Rul. 2008-5). Before the wash-sale
adjustment that is 12,400 - 1,680 = $10,720 (the broker's figure, what the setting means); after it,
10,720 + 840 = $11,560. Typing $11,560 is the figure after the adjustment: it already holds the $840,
so it is used as typed (adding the $840 again would tax $12,400), and both `check` and `run` warn at
the Settings cell, naming $10,720 as the figure to type.
"""

from __future__ import annotations

import openpyxl

from taxrebal.cli import EXIT_OK, main


def _set_realized_lt(path, value):
    wb = openpyxl.load_workbook(path)
    ws = wb["Settings"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Realized LT YTD")
    ws.cell(row, 2).value = value
    wb.save(path)
    return f"B{row}"


def test_check_warns_about_a_figure_typed_after_the_adjustments_as_run_does(sample_workbook, tmp_path, capsys):
    cell = _set_realized_lt(sample_workbook, 11_560.00)
    assert main(["check", str(sample_workbook)]) == EXIT_OK
    checked = capsys.readouterr().out
    line = next(x for x in checked.splitlines() if f"Settings!{cell}" in x)
    assert "Warning" in line and "$11,560.00 is used as typed" in line and "type $10,720.00" in line

    out = tmp_path / "out.xlsx"
    main(["run", str(sample_workbook), "-o", str(out), "--only", "wash_sales"])
    issues = openpyxl.load_workbook(out)["Issues"]
    messages = [r[3] for r in issues.iter_rows(values_only=True) if r[1] == "Settings" and r[2] == cell]
    assert messages == [line.split(f"Settings!{cell}: ", 1)[1]]  # the same warning, word for word


def test_check_is_quiet_about_the_brokers_figure_before_the_adjustments(sample_workbook, capsys):
    # $10,720 is what the setting means: run adds the $840 with an Info row, not a Warning.
    _set_realized_lt(sample_workbook, 10_720.00)
    assert main(["check", str(sample_workbook)]) == EXIT_OK
    assert "Warning: Settings" not in capsys.readouterr().out


def test_check_prints_the_info_notes_run_writes_on_issues(sample_workbook, tmp_path, capsys):
    # $10,720 typed: run writes an Info row adding the $840; check writes no sheet, so it prints it
    cell = _set_realized_lt(sample_workbook, 10_720.00)
    assert main(["check", str(sample_workbook)]) == EXIT_OK
    checked = capsys.readouterr().out
    out = tmp_path / "out.xlsx"
    main(["run", str(sample_workbook), "-o", str(out), "--only", "wash_sales"])
    issues = openpyxl.load_workbook(out)["Issues"]
    infos = [r[3] for r in issues.iter_rows(values_only=True) if r[0] == "Info" and r[2] == cell]
    assert infos and all(f"Info: Settings!{cell}: {m}" in checked for m in infos)
    assert "note(s) below" in checked.splitlines()[0]
