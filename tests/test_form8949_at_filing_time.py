"""`taxrebal form8949` runs at filing time, with As Of in the next year (fe16 F7).

Rule: Form 8949 for tax year Y is filed in Y+1 (by April 15); a late-December loss sale's replacement
may be bought up to 30 days later, in January (IRC §1091(a)), so the lines are final only then. Form
8949 prices no tax, so it needs no tax parameters: an As Of in a year whose parameters do not ship is
accepted by `form8949` (not by `run` or `check`, which price the tax).

Hand-worked: the sample's 2026 lines (VXUS B-13: 18,720 - 20,400 + 840 = -840, code W) are the same
with `--as-of 2027-02-01 --year 2026` as with the sheet's As Of 2026-11-20: nothing after As Of
changes them.
"""

from taxrebal.cli import main


def test_form8949_with_as_of_in_the_next_year_writes_the_same_lines(sample_workbook, tmp_path, capsys):
    now, later = tmp_path / "now.csv", tmp_path / "later.csv"
    assert main(["form8949", str(sample_workbook), "-o", str(now)]) == 0
    assert main(["form8949", str(sample_workbook), "--year", "2026", "--as-of", "2027-02-01", "-o", str(later)]) == 0
    assert later.read_text(encoding="utf-8") == now.read_text(encoding="utf-8")
    assert "ship for" not in capsys.readouterr().out


def test_run_still_needs_the_years_tax_parameters(sample_workbook, capsys):
    assert main(["check", str(sample_workbook), "--as-of", "2027-02-01"]) == 1
    assert "but tax parameters ship for" in capsys.readouterr().out
