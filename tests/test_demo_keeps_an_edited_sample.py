"""``taxrebal demo`` never replaces a sample the user edited (README "Command line": "one you edited is
kept unless `--force` is given (exit 2)"): a new user tries the tool by changing the sample, and a
second ``taxrebal demo`` must not wipe that out. An unedited sample (an earlier demo) is rewritten as
before, so running the demo twice just works.
"""

from __future__ import annotations

import openpyxl

from taxrebal.cli import main


def _edit_a_lot(path):
    wb = openpyxl.load_workbook(path)
    wb["Lots"]["E2"] = 999  # a quantity the user changed
    wb.save(path)


def test_running_the_demo_twice_rewrites_an_unedited_sample(tmp_path, capsys):
    folder = tmp_path / "demo"
    assert main(["demo", str(folder)]) == 0
    assert main(["demo", str(folder)]) == 0
    assert "Wrote the sample Rivera household" in capsys.readouterr().out


def test_an_edited_sample_is_kept_and_the_message_says_how_to_replace_it(tmp_path, capsys):
    folder = tmp_path / "demo"
    assert main(["demo", str(folder)]) == 0
    sample = folder / "sample-household.xlsx"
    _edit_a_lot(sample)
    edited = sample.read_bytes()
    capsys.readouterr()

    assert main(["demo", str(folder)]) == 2
    assert (f"'{sample}' already exists and is not the sample as shipped (your edits?); it is kept. Choose another "
            "folder (taxrebal demo DIR) or add --force to replace it with the sample.") in capsys.readouterr().err
    assert sample.read_bytes() == edited

    assert main(["demo", str(folder), "--force"]) == 0
    assert openpyxl.load_workbook(sample)["Lots"]["E2"].value != 999
