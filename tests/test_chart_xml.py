"""chart_xml writes, byte for byte, the chart, drawing and relationship parts openpyxl 3.1 serialises
for the same charts (the reference: openpyxl's own chart objects and writer, as the package writer
used them before), over bar and line charts, one and several series, titles with XML's special
characters and line breaks, sheet names with spaces and apostrophes, a one-row table, and several
charts on one drawing."""

from __future__ import annotations

import pytest
from openpyxl.chart.reference import DummyWorksheet
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.xml.functions import tostring

from taxrebal.workbook.chart_xml import anchor_cell, chart_part_xml, drawing_rels_xml, drawing_xml
from taxrebal.workbook.interface import Chart, Column, Kind, Table
from taxrebal.workbook.openpyxl_book import build_chart

COLS = (Column("Asset Class"), Column("Now", Kind.PERCENT), Column("Target", Kind.PERCENT),
        Column("After & <plan>", Kind.PERCENT))


def _table(body: int, total: int = 0) -> Table:
    rows = tuple((f"Class {i}", 0.1 * i, 0.2, 0.15) for i in range(body + total))
    return Table(COLS, rows, total_rows=total)


def _openpyxl_chart(spec: Chart, table: Table, header: int, sheet: str):
    """The chart as the openpyxl writer builds it (openpyxl_book.build_chart, openpyxl's own chart
    objects, independent of chart_xml), on a stand-in sheet of that title."""
    return build_chart(spec, table, header, DummyWorksheet(sheet))


SPECS = [
    Chart("Weights: current, after the plan and target", 0, "Asset Class", ("Now", "Target", "After & <plan>"),
          kind="bar", y_title="Share of household", percent_axis=True),
    Chart("Least tax to reach each largest drift", 0, "Asset Class", ("Now",), kind="line",
          y_title="Tax ($)", x_title="Largest drift allowed"),
    Chart('Two lines\nof "title" & <more>', 0, "Now", ("Target",), kind="bar", x_title="x > y"),
    Chart("", 0, "Asset Class", ("Target", "Now"), kind="line", percent_axis=True),
]


@pytest.mark.parametrize("spec", SPECS, ids=range(len(SPECS)))
@pytest.mark.parametrize("sheet", ["Allocation", "Tax-Drift Frontier", "Bob's & <Co>"])
@pytest.mark.parametrize("body,total,header", [(8, 0, 2), (1, 0, 5), (3, 1, 27)])
def test_chart_part_is_openpyxls(spec: Chart, sheet: str, body: int, total: int, header: int) -> None:
    table = _table(body, total)
    expected = tostring(_openpyxl_chart(spec, table, header, sheet)._write())
    assert chart_part_xml(spec, table, header, sheet) == expected


@pytest.mark.parametrize("anchors", [["N1"], ["I1", "I19", "I37"], ["AB7"]])
def test_drawing_and_rels_are_openpyxls(anchors: list[str]) -> None:
    drawing = SpreadsheetDrawing()
    parts = []
    for n, anchor in enumerate(anchors, 1):
        chart = _openpyxl_chart(SPECS[0], _table(2), 2, "S")
        chart._id = n + 4  # chart parts need not be numbered from 1
        chart.anchor = anchor
        drawing.charts.append(chart)
        parts.append(f"xl/charts/chart{n + 4}.xml")
    assert drawing_xml(anchors) == tostring(drawing._write())
    assert drawing_rels_xml(parts) == tostring(drawing._write_rels())


def test_anchor_cell() -> None:
    assert anchor_cell("A1") == (0, 0)
    assert anchor_cell("N1") == (13, 0)
    assert anchor_cell("AB19") == (27, 18)
