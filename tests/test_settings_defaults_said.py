"""A setting that changes the tax and is documented optional keeps its default when left blank, but
the run says so: on the console of ``check`` and ``run``, and on Run Info ("Yes: left blank"). A
value typed, even 0, is the user's own and is not listed (fe10 finding 1: "a value that changes the
tax is never defaulted silently").

The sample Rivera household types every such setting (a blank Itemized Deductions is the contract's
way to say "the standard deduction", not a default); here its State Tax Rate (5%) is cleared.
"""

from __future__ import annotations

import openpyxl

from taxrebal.cli import main

NOTE = ("  Note: Left blank on Settings, so their defaults are used, and each changes the tax: State Tax Rate: "
        "0%. If one is not right for this household, type its value (0 if there is none) so that it is yours, not "
        "a default.")


def _clear_state_rate(path):
    wb = openpyxl.load_workbook(path)
    ws = wb["Settings"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "State Tax Rate")
    ws.cell(row, 2).value = None
    wb.save(path)
    return path


def test_check_and_run_name_the_blank_settings_and_their_defaults(sample_workbook, tmp_path, capsys):
    book = _clear_state_rate(sample_workbook)

    assert main(["check", str(book)]) == 0
    assert NOTE in capsys.readouterr().out.splitlines()

    out = tmp_path / "out.xlsx"
    assert main(["run", str(book), "-o", str(out), "--only", "allocation"]) == 0
    assert NOTE in capsys.readouterr().out.splitlines()

    rows = {r[0]: r[:4] for r in openpyxl.load_workbook(out)["Run Info"].iter_rows(values_only=True) if r[0]}
    assert rows["State Tax Rate"] == ("State Tax Rate", "0%", "0%", "Yes: left blank")
    # typed as 0 in the sample: the user's own value, the same as the default
    assert rows["LT Loss Carryforward"] == ("LT Loss Carryforward", "0.00", "0.00", "Yes")


def test_nothing_is_said_when_every_such_setting_is_typed(sample_workbook, capsys):
    assert main(["check", str(sample_workbook)]) == 0
    assert "Note:" not in capsys.readouterr().out


def test_a_required_setting_typed_as_its_fallback_is_not_called_a_default(sample_workbook, tmp_path):
    # fe16 F14: Filing Status typed "Single" (the value used only when no account is Taxable and it is
    # blank) showed "Default? Yes"; typed, it is the user's own: "No".
    wb = openpyxl.load_workbook(sample_workbook)
    ws = wb["Settings"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Filing Status")
    ws.cell(row, 2).value = "Single"
    wb.save(sample_workbook)
    out = tmp_path / "out.xlsx"
    assert main(["run", str(sample_workbook), "-o", str(out), "--only", "allocation"]) == 0
    rows = {r[0]: r[:4] for r in openpyxl.load_workbook(out)["Run Info"].iter_rows(values_only=True) if r[0]}
    assert rows["Filing Status"] == ("Filing Status", "Single", "required (Single if no account is Taxable)", "No")
    assert rows["LT Loss Carryforward"][3] == "Yes"   # an optional setting typed as its default stays "Yes"
