"""A cell calamine cannot convert (a panic inside its Rust code) is read another way and reported at its cell.

A date-formatted Transactions Date holding -1e32 made python-calamine panic (``pyo3_runtime.PanicException``,
a BaseException that no ``except Exception`` catches): ``taxrebal run`` stopped with a Python traceback. The
reader now reads such a file with openpyxl, which shows the cell as an error value, and the run reports it
like any bad cell (README "Bad input": the file, sheet, row and column; no crash on any file).
"""

import openpyxl

from taxrebal.cli import main
from taxrebal.errors import Severity
from taxrebal.workbook.reader.files import load_workbook_file
from taxrebal.workbook.template import build_sample


def sample_with_bad_date(tmp_path):
    good = tmp_path / "good.xlsx"
    build_sample().save(good)
    wb = openpyxl.load_workbook(good)
    ws = wb["Transactions"]
    ws["A6"].value = -1e32
    ws["A6"].number_format = "yyyy-mm-dd"
    path = tmp_path / "household.xlsx"
    wb.save(path)
    return path


def test_the_bad_date_is_an_error_at_its_cell(tmp_path):
    result = load_workbook_file(sample_with_bad_date(tmp_path))
    assert result.household is None
    assert ("Transactions", "A6") in {(i.sheet, i.cell) for i in result.issues if i.severity is Severity.ERROR}


def test_run_exits_1_with_no_traceback(tmp_path, capsys):
    assert main(["run", str(sample_with_bad_date(tmp_path))]) == 1
    captured = capsys.readouterr()
    assert "Transactions!A6" in captured.out
    assert "Traceback" not in captured.err and "internal error" not in captured.out + captured.err
