"""``-o`` naming a folder (fe21 finding 5).

``taxrebal run book.xlsx -o ./`` said "the output '' must end in .xlsx like the input": the name of a
folder path is empty, so the message judged a file name the user never typed; ``share`` said "name it
'.xlsx'". Each command that takes ``-o FILE`` now says the output is a folder and suggests a file in
it; nothing is written (exit 2, usage).
"""

from __future__ import annotations

import pytest

from taxrebal.cli import main


@pytest.mark.parametrize("command, suggested", [
    (["run"], "sample-household-results.xlsx"),
    (["share"], "sample-household-shared.xlsx"),
    (["form8949"], "sample-household.csv"),
])
def test_a_folder_as_output_is_named_as_a_folder(sample_workbook, tmp_path, capsys, command, suggested):
    folder = tmp_path / "out"
    folder.mkdir()
    before = sample_workbook.read_bytes()
    assert main([*command, str(sample_workbook), "-o", str(folder)]) == 2
    text = capsys.readouterr().err
    assert f"the output '{folder}' is a folder" in text, text
    assert f"'{folder / suggested}'" in text, text
    assert "''" not in text and "'.xlsx'" not in text
    assert sample_workbook.read_bytes() == before and not list(folder.iterdir())


def test_import_into_a_folder_is_named_as_a_folder(sample_workbook, tmp_path, capsys):
    trades = tmp_path / "trades.csv"
    trades.write_text("Date,Account,Symbol,Action,Quantity,Price\n"
                      "11/18/2026,Joint Brokerage,VTI,Buy,1,330\n", encoding="utf-8")
    assert main(["import", str(sample_workbook), str(trades), "-o", str(tmp_path)]) == 2
    assert f"the output '{tmp_path}' is a folder" in capsys.readouterr().err
