"""`taxrebal form8949 BOOK -o CSV` on the sample workbook (Rivera household, 2026)."""

import csv

from taxrebal.cli import main


def test_form8949_subcommand_writes_the_wash_sale_lines(sample_workbook, tmp_path, capsys):
    out = tmp_path / "8949.csv"
    before = sample_workbook.read_bytes()
    assert main(["form8949", str(sample_workbook), "-o", str(out)]) == 0
    assert sample_workbook.read_bytes() == before  # the workbook is only read
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    # The sample sells 300 VXUS (lot B-13, cost $20,400) on 2026-11-13 at $62.40 = $18,720: a $1,680
    # loss, and 150 VXUS were bought in the Traditional IRA on 2026-11-10: 150 x $5.60 = $840
    # disallowed for good (Rev. Rul. 2008-5), so (h) = 18,720 - 20,400 + 840 = -840.
    vxus = next(r for r in rows if r["Lot ID"] == "B-13")
    assert vxus["Part"] == "II" and vxus["(a) Description"] == "300 sh VXUS"
    assert (vxus["(d) Proceeds"], vxus["(e) Cost Basis"], vxus["(f) Code"], vxus["(g) Adjustment"],
            vxus["(h) Gain or Loss"]) == ("18720.00", "20400.00", "W", "840.00", "-840.00")
    # ... plus the March (ST) and April (LT) VTI gains the sample's Realized YTD includes.
    assert "Wrote 4 Form 8949 line(s) for 2026" in capsys.readouterr().out


def test_form8949_subcommand_missing_book(tmp_path, capsys):
    assert main(["form8949", str(tmp_path / "none.xlsx")]) == 1
    assert "no such file" in capsys.readouterr().err
