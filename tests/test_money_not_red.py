"""A saving is not shown in red (fe8: the plan's tax saving, Est. Tax -2,070.78, printed red).

To an accountant red means a loss, bad news. On these sheets a negative money figure is as often good
news: Est. Tax and Least Tax below zero are tax saved, a harvested loss is the point of a harvest. So money
is shown with a minus sign and no colour (``#,##0.00;-#,##0.00``: the second section is the negatives'),
on the result sheets and on the sample's Dashboard alike.
"""

from __future__ import annotations

import re

from taxrebal.workbook.interface import NUMBER_FORMATS, Kind


def colours(number_format: str) -> list[str]:
    """The colours a number format's sections set (``[Red]``, ``[Color10]``...)."""
    return re.findall(r"\[(Red|Black|Blue|Cyan|Green|Magenta|White|Yellow|Color\d+)\]", number_format, re.I)


def test_money_has_no_colour_and_a_minus_sign_for_negatives():
    money = NUMBER_FORMATS[Kind.MONEY]
    assert colours(money) == []
    positive, negative = money.split(";")
    assert negative == "-" + positive  # -2,070.78


def test_a_tax_saving_on_the_demo_trades_sheet_is_not_red(tmp_path):
    import openpyxl

    from taxrebal.cli import main

    assert main(["demo", str(tmp_path)]) == 0
    wb = openpyxl.load_workbook(tmp_path / "sample-household-results.xlsx")
    trades = wb["Trades"]
    header = [c.value for c in trades[2]]
    total = next(r for r in trades.iter_rows(min_row=3) if r[1].value == "Total")
    est_tax = total[header.index("Est. Tax")]
    assert est_tax.value < 0  # the plan saves tax
    assert colours(est_tax.number_format) == []
    dashboard = openpyxl.load_workbook(tmp_path / "sample-household.xlsx")["Dashboard"]
    assert not any(colours(c.number_format) for row in dashboard.iter_rows() for c in row)
