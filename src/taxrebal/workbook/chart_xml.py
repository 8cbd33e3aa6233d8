"""A result sheet's charts as DrawingML text: the chart parts, the drawing that places them and the
drawing's relationships, without importing openpyxl.

The package writer (:mod:`taxrebal.workbook.package_parts`) used to build each chart with openpyxl
(:func:`taxrebal.workbook.openpyxl_book.build_chart`) only to serialise it; importing openpyxl's chart
and drawing modules took 0.1 s of CPU of every ``taxrebal run`` that writes Allocation or the
Tax-Drift Frontier. These functions write the same bytes openpyxl 3.1 writes for the two chart kinds
a :class:`~taxrebal.workbook.interface.Chart` can ask for (a clustered column chart and a line
chart), with openpyxl's defaults: axis ids 10 (categories) and 100 (values), a legend on the right,
one ``<a:p>`` per line of a title, sheet names always quoted (``'Tax-Drift Frontier'!B2``), the
serialisation of Python's ElementTree (``<a:bodyPr />``, text escaped as ``&amp; &lt; &gt;``).
``tests/test_chart_xml.py`` compares every part with openpyxl's own for varied charts.

Worked example: the Allocation sheet's chart "Weights" over table 0 whose header is on row 2, with the
category column A and one value column C over body rows 3-10, placed at N1, writes in its chart part
the series title ``<tx><strRef><f>'Allocation'!C2</f></strRef></tx>`` (the chart namespace is the
default one, as openpyxl writes it), ``<f>'Allocation'!$A$3:$A$10</f>`` for the categories and
``<f>'Allocation'!$C$3:$C$10</f>`` for the values; its drawing a ``oneCellAnchor`` from column 13,
row 0 (0-based), 5,760,000 x 2,880,000 EMU (16 x 8 cm).
"""

from __future__ import annotations

from typing import Sequence

from .interface import Chart, Table
from .sheet_xml import column_letter

__all__ = ["CHART_WIDTH_CM", "CHART_HEIGHT_CM", "chart_part_xml", "drawing_xml", "drawing_rels_xml",
           "anchor_cell"]

CHART_WIDTH_CM, CHART_HEIGHT_CM = 16.0, 8.0  # a chart's size (openpyxl_book's charts too)
EMU_PER_CM = 360000  # openpyxl.utils.units.cm_to_EMU

NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

_LINE = '<spPr><a:ln><a:prstDash val="solid" /></a:ln></spPr>'  # openpyxl's default series line


def _text(text: str) -> str:
    """Element text escaped as ElementTree escapes it (quotes stay as they are)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _quoted(sheet: str) -> str:
    """openpyxl's quote_sheetname: always quoted, an apostrophe doubled."""
    return "'" + sheet.replace("'", "''") + "'"


def _range(sheet: str, col: int, first: int, last: int) -> str:
    letter = column_letter(col)
    if first == last:
        return f"{_quoted(sheet)}!${letter}${first}"
    return f"{_quoted(sheet)}!${letter}${first}:${letter}${last}"


def _title(text: str) -> str:
    paras = "".join("<a:p><a:pPr><a:defRPr /></a:pPr><a:r>" + (f"<a:t>{_text(line)}</a:t>" if line else "<a:t />")
                    + "</a:r></a:p>" for line in text.split("\n"))
    return f"<title><tx><rich><a:bodyPr />{paras}</rich></tx></title>"


def chart_part_xml(spec: Chart, table: Table, header: int, sheet: str) -> bytes:
    """The chart part of ``spec`` over ``table`` whose header is on row ``header`` of ``sheet``
    (the table has body rows: the sheet writer places no chart over an empty table)."""
    headers = [c.header for c in table.columns]
    body = len(table.rows) - table.total_rows
    line = spec.kind == "line"
    cat_col = headers.index(spec.category_column) + 1
    cats = _text(_range(sheet, cat_col, header + 1, header + body))
    series = []
    for k, value_header in enumerate(spec.value_columns):
        col = headers.index(value_header) + 1
        label = _text(f"{_quoted(sheet)}!{column_letter(col)}{header}")
        marker = f'<marker><symbol val="none" />{_LINE}</marker>' if line else ""
        values = _text(_range(sheet, col, header + 1, header + body))
        series.append(f'<ser><idx val="{k}" /><order val="{k}" /><tx><strRef><f>{label}</f></strRef></tx>{_LINE}'
                      f"{marker}<cat><numRef><f>{cats}</f></numRef></cat>"
                      f"<val><numRef><f>{values}</f></numRef></val></ser>")
    if line:
        plot = f'<lineChart><grouping val="standard" />{"".join(series)}<axId val="10" /><axId val="100" /></lineChart>'
    else:
        plot = (f'<barChart><barDir val="col" /><grouping val="clustered" />{"".join(series)}'
                f'<gapWidth val="150" /><axId val="10" /><axId val="100" /></barChart>')
    x_title = _title(spec.x_title) if spec.x_title else ""
    y_title = _title(spec.y_title) if spec.y_title else ""
    num_fmt = '<numFmt formatCode="0%" sourceLinked="0" />' if spec.percent_axis else ""
    ticks = '<majorTickMark val="none" /><minorTickMark val="none" />'
    axes = (f'<catAx><axId val="10" /><scaling><orientation val="minMax" /></scaling><delete val="0" />'
            f'<axPos val="l" />{x_title}{ticks}<crossAx val="100" /><lblOffset val="100" /></catAx>'
            f'<valAx><axId val="100" /><scaling><orientation val="minMax" /></scaling><delete val="0" />'
            f'<axPos val="l" /><majorGridlines />{y_title}{num_fmt}{ticks}<crossAx val="10" /></valAx>')
    xml = (f'<chartSpace xmlns:a="{NS_A}" xmlns="{NS_C}"><chart>{_title(spec.title)}<plotArea>{plot}{axes}'
           '</plotArea><legend><legendPos val="r" /></legend><plotVisOnly val="1" /><dispBlanksAs val="gap" />'
           "</chart></chartSpace>")
    return xml.encode("utf-8")


def anchor_cell(anchor: str) -> tuple[int, int]:
    """"N1" -> (0-based column 13, 0-based row 0)."""
    letters = anchor.rstrip("0123456789")
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return col - 1, int(anchor[len(letters):]) - 1


def drawing_xml(anchors: Sequence[str]) -> bytes:
    """The drawing placing one chart at each cell of ``anchors`` (the n-th chart is relationship
    rId{n} of :func:`drawing_rels_xml`)."""
    cx, cy = int(CHART_WIDTH_CM * EMU_PER_CM), int(CHART_HEIGHT_CM * EMU_PER_CM)
    parts = []
    for n, anchor in enumerate(anchors, 1):
        col, row = anchor_cell(anchor)
        parts.append(
            f"<oneCellAnchor><from><col>{col}</col><colOff>0</colOff><row>{row}</row><rowOff>0</rowOff></from>"
            f'<ext cx="{cx}" cy="{cy}" /><graphicFrame><nvGraphicFramePr><cNvPr id="{n}" name="Chart {n}" />'
            f'<cNvGraphicFramePr /></nvGraphicFramePr><xfrm /><a:graphic><a:graphicData uri="{NS_C}">'
            f'<c:chart r:id="rId{n}" /></a:graphicData></a:graphic></graphicFrame><clientData /></oneCellAnchor>')
    head = f'<wsDr xmlns:a="{NS_A}" xmlns:c="{NS_C}" xmlns:r="{NS_R}" xmlns="{NS_XDR}"'
    return (f"{head}>{''.join(parts)}</wsDr>" if parts else f"{head} />").encode("utf-8")


def drawing_rels_xml(chart_parts: Sequence[str]) -> bytes:
    """The drawing's relationships: rId{n} -> the n-th chart part ("xl/charts/chart1.xml")."""
    body = "".join(f'<Relationship Type="{NS_R}/chart" Target="/{_text(part)}" Id="rId{n}" />'
                   for n, part in enumerate(chart_parts, 1))
    return (f'<Relationships xmlns="{NS_PKG}">{body}</Relationships>' if body
            else f'<Relationships xmlns="{NS_PKG}" />').encode("utf-8")
