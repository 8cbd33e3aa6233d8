"""Result sheets as SpreadsheetML text, written straight into a workbook package (no openpyxl model).

:class:`~taxrebal.workbook.package_book.PackageBook` adds result sheets to a workbook file without
re-parsing its input sheets; this module renders one sheet: the worksheet XML (cells, widths, frozen
header, page setup), its header-cell comments and chart specs, and the cell styles it needs. The
layout is the one of :class:`~taxrebal.workbook.openpyxl_book.OpenpyxlBook` (tables stacked with a
blank row between them; a bold 13 pt title; a bold header on a light fill over a thin rule; number
formats by column kind; highlighted rows pale yellow; totals bold over a thin rule; notes in grey
italics; widths, wrapped prose and notes, row heights and the printed page from
:func:`~taxrebal.workbook.layout.sheet_layout`), so ``tests/test_results_package_book.py`` compares
the two cell by cell.

Cells: numbers keep full precision (``repr`` of the float); text is always an inline string, never
a formula, with Excel's ``quotePrefix`` when it starts with ``=``, ``+``, ``-`` or ``@`` (what the
openpyxl book does); characters XML cannot hold are removed and text is cut at Excel's 32,767
characters; NaN and infinities are left empty; dates are serial numbers (1900 or 1904 date system,
as the workbook says) with the ``yyyy-mm-dd`` format. Worked example: the row ("VTI", 1234.5) of a
(TEXT, MONEY) table on row 5 becomes
``<row r="5"><c r="A5" s="7" t="inlineStr"><is><t>VTI</t></is></c><c r="B5" s="8"><v>1234.5</v></c></row>``.

Styles: :class:`StyleSheet` collects the distinct cell formats the sheets use and appends them to the
workbook's ``xl/styles.xml`` (text splicing, so the user's styles and their indexes stay exactly as
they were); a format the file already has (an earlier run's) is reused, so re-running does not grow
the file.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Iterable, Optional, Sequence

from .interface import NUMBER_FORMATS, Chart, Column, Kind, Table, is_formula_like, plain
from .layout import FOOTER, LINE_PT, MARGINS_IN, SheetLayout, frozen_header_row, sheet_layout

__all__ = ["StyleSheet", "RenderedSheet", "render_sheet", "column_letter", "MAX_TEXT"]

MAX_TEXT = 32767
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# The look of a result sheet (the same values as openpyxl_book's fonts, fills and borders).
TITLE_FONT = '<font><b/><sz val="13"/><name val="Calibri"/></font>'
BOLD_FONT = '<font><b/><sz val="11"/><name val="Calibri"/></font>'
NOTE_FONT = '<font><i/><sz val="11"/><color rgb="00595959"/><name val="Calibri"/></font>'
HEADER_FILL = '<fill><patternFill patternType="solid"><fgColor rgb="00DDEBF7"/></patternFill></fill>'
HIGHLIGHT_FILL = '<fill><patternFill patternType="solid"><fgColor rgb="00FFF2CC"/></patternFill></fill>'
HEADER_BORDER = '<border><left/><right/><top/><bottom style="thin"><color indexed="64"/></bottom><diagonal/></border>'
TOTAL_BORDER = '<border><left/><right/><top style="thin"><color indexed="64"/></top><bottom/><diagonal/></border>'

#: format code -> Excel's built-in number format id (the rest get ids from 164 up)
BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "@": 49}

_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def xml_text(text: str) -> str:
    return text.translate(_ESCAPES)


def clean_text(text: str) -> str:
    return _ILLEGAL.sub("", text)[:MAX_TEXT]


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


@dataclass(frozen=True)
class CellFormat:
    """One cell style: a number format code and the XML of its font, fill and border (None: default)."""

    number_format: str = "General"
    font: Optional[str] = None
    fill: Optional[str] = None
    border: Optional[str] = None
    alignment: Optional[str] = None  # the <alignment .../> element
    quote_prefix: bool = False


def _canon(elem: ET.Element) -> str:
    """A namespace-free canonical form of an element, to recognise a style the file already has."""
    tag = elem.tag.rsplit("}", 1)[-1]
    attrs = " ".join(f"{k.rsplit('}', 1)[-1]}={v}" for k, v in sorted(elem.attrib.items()))
    return f"<{tag} {attrs}>" + "".join(_canon(c) for c in elem) + f"</{tag}>"


def _canon_text(xml: str) -> str:
    return _canon(ET.fromstring(xml))


_SECTIONS = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
             "tableStyles", "colors", "extLst")

MINIMAL_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{NS_MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
    '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


class StyleSheet:
    """The workbook's ``styles.xml`` plus the cell formats result sheets add (see the module doc).

    ``index(fmt)`` gives the ``s`` attribute for a :class:`CellFormat`; ``xml()`` the new styles.xml.
    Existing entries are never changed or renumbered: new fonts, fills, borders, number formats and
    cell formats are appended after them."""

    def __init__(self, xml: Optional[bytes]):
        self.original = xml
        text = (xml or MINIMAL_STYLES.encode()).decode("utf-8")
        self.text = text
        root = ET.fromstring(text.encode("utf-8"))
        m = re.search(r"<(\w+:)?styleSheet\b", text)
        self.prefix = (m.group(1) or "") if m else ""

        def children(section: str) -> list[ET.Element]:
            node = root.find(f"{{{NS_MAIN}}}{section}")
            return list(node) if node is not None else []

        self.fonts = [_canon(e) for e in children("fonts")]
        self.fills = [_canon(e) for e in children("fills")]
        self.borders = [_canon(e) for e in children("borders")]
        self.xfs = [_canon(e) for e in children("cellXfs")]
        self.has_style_xfs = bool(children("cellStyleXfs"))
        self.num_fmts = {e.get("formatCode", ""): int(e.get("numFmtId", "0")) for e in children("numFmts")}
        self._next_fmt = max([163, *self.num_fmts.values()]) + 1
        self.new: dict[str, list[str]] = {s: [] for s in ("numFmts", "fonts", "fills", "borders", "cellXfs")}
        self._cache: dict[CellFormat, int] = {}
        # Excel expects a default font, the two reserved fills and a default cell format first.
        if not self.fonts:
            self._add("fonts", self.fonts, '<font><sz val="11"/><name val="Calibri"/></font>')
        while len(self.fills) < 2:
            kind = "none" if not self.fills else "gray125"
            self._add("fills", self.fills, f'<fill><patternFill patternType="{kind}"/></fill>')
        if not self.borders:
            self._add("borders", self.borders, "<border><left/><right/><top/><bottom/><diagonal/></border>")
        if not self.xfs:
            self._add("cellXfs", self.xfs, '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>')

    def _add(self, section: str, existing: list[str], xml: str) -> int:
        canon = _canon_text(xml)
        if canon in existing:
            return existing.index(canon)
        existing.append(canon)
        self.new[section].append(xml)
        return len(existing) - 1

    def _number_format(self, code: str) -> int:
        if code in BUILTIN_FORMATS:
            return BUILTIN_FORMATS[code]
        if code not in self.num_fmts:
            self.num_fmts[code] = self._next_fmt
            self._next_fmt += 1
            self.new["numFmts"].append(
                f'<numFmt numFmtId="{self.num_fmts[code]}" formatCode="{xml_text(code)}"/>')
        return self.num_fmts[code]

    def index(self, fmt: CellFormat) -> int:
        found = self._cache.get(fmt)
        if found is not None:
            return found
        num = self._number_format(fmt.number_format)
        font = self._add("fonts", self.fonts, fmt.font) if fmt.font else 0
        fill = self._add("fills", self.fills, fmt.fill) if fmt.fill else 0
        border = self._add("borders", self.borders, fmt.border) if fmt.border else 0
        attrs = f'numFmtId="{num}" fontId="{font}" fillId="{fill}" borderId="{border}"'
        if self.has_style_xfs:
            attrs += ' xfId="0"'
        for flag, on in (("applyNumberFormat", num), ("applyFont", font), ("applyFill", fill),
                         ("applyBorder", border), ("applyAlignment", fmt.alignment), ("quotePrefix", fmt.quote_prefix)):
            if on:
                attrs += f' {flag}="1"'
        xml = f"<xf {attrs}>{fmt.alignment}</xf>" if fmt.alignment else f"<xf {attrs}/>"
        found = self._add("cellXfs", self.xfs, xml)
        self._cache[fmt] = found
        return found

    @property
    def changed(self) -> bool:
        return self.original is None or any(self.new.values())

    def xml(self) -> bytes:
        """styles.xml with the new entries appended to their sections (counts updated)."""
        text = self.text
        for section in ("numFmts", "fonts", "fills", "borders", "cellXfs"):
            if self.new[section]:
                text = _append(text, self.prefix, section, self.new[section])
        return text.encode("utf-8")


def _prefixed(xml: str, prefix: str) -> str:
    """Our unprefixed style XML in a file whose main namespace has a prefix (``x:font``...)."""
    if not prefix:
        return xml
    return re.sub(r"<(/?)(\w+)", lambda m: f"<{m.group(1)}{prefix}{m.group(2)}", xml)


def _append(text: str, prefix: str, section: str, items: list[str]) -> str:
    body = "".join(_prefixed(x, prefix) for x in items)
    tag = f"{prefix}{section}"
    open_m = re.search(rf"<{re.escape(tag)}\b([^>]*?)(/?)>", text)
    if open_m is None:  # no such section yet: insert it before the next section in schema order
        later = _SECTIONS[_SECTIONS.index(section) + 1:]
        pos = None
        for nxt in later:
            m = re.search(rf"<{re.escape(prefix + nxt)}\b", text)
            if m:
                pos = m.start()
                break
        if pos is None:
            pos = text.rindex(f"</{prefix}styleSheet>")
        return text[:pos] + f'<{tag} count="{len(items)}">{body}</{tag}>' + text[pos:]
    attrs, empty = open_m.group(1), open_m.group(2)
    m = re.search(r'\bcount="(\d+)"', attrs)
    old = int(m.group(1)) if m else 0
    if m is None:  # count the existing children instead
        old = 0 if empty else len(list(ET.fromstring(_section_xml(text, tag, open_m)).iter())) - 1
    new_attrs = re.sub(r'\s*\bcount="\d+"', "", attrs) + f' count="{old + len(items)}"'
    if empty:
        return text[:open_m.start()] + f"<{tag}{new_attrs}>{body}</{tag}>" + text[open_m.end():]
    close = text.index(f"</{tag}>", open_m.end())
    return text[:open_m.start()] + f"<{tag}{new_attrs}>" + text[open_m.end():close] + body + text[close:]


def _section_xml(text: str, tag: str, open_m: re.Match[str]) -> str:
    close = text.index(f"</{tag}>", open_m.end())
    inner = re.sub(r"<(/?)\w+:", r"<\1", text[open_m.end():close])
    return f"<s>{inner}</s>"


# --- rendering one sheet -------------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderNote:
    ref: str  # "B3"
    text: str


@dataclass(frozen=True)
class PlacedChart:
    """A chart spec with the rows its data occupies on the written sheet."""

    spec: Chart
    table: Table
    header_row: int
    anchor: str  # top-left cell


@dataclass(frozen=True)
class RenderedSheet:
    xml: bytes
    notes: tuple[HeaderNote, ...]
    charts: tuple[PlacedChart, ...]
    print_area: str = ""  # e.g. "$A$1:$L$24" (a workbook-level name _xlnm.Print_Area of the sheet)
    print_titles: str = ""  # e.g. "$1:$2" or "$A:$B" (_xlnm.Print_Titles)


def _alignment(horizontal: Optional[str], indent: int = 0, wrap: bool = False, vertical: Optional[str] = None) -> str:
    attrs = f'horizontal="{horizontal}"' if horizontal else ""
    if indent:
        attrs += f' indent="{indent}"'
    if vertical:
        attrs += f' vertical="{vertical}"'
    if wrap:
        attrs += ' wrapText="1"'
    return f"<alignment {attrs.strip()}/>"


def _body_format(col: Column, j: int, highlight: bool, total: bool, first_total: bool,
                 wrap: frozenset[int] = frozenset()) -> CellFormat:
    """As openpyxl_book: prose wraps; in a table with wrapped prose every cell reads from the top."""
    align = None
    if col.kind is Kind.TEXT and (j > 1 or j in wrap):
        align = _alignment("left", 1 if j > 1 else 0, j in wrap, "top" if wrap else None)
    elif wrap:
        align = _alignment(None, vertical="top")
    return CellFormat(NUMBER_FORMATS[col.kind], BOLD_FONT if total else None, HIGHLIGHT_FILL if highlight else None,
                      TOTAL_BORDER if first_total else None, align)


def _header_format(col: Column, j: int) -> CellFormat:
    text = col.kind is Kind.TEXT
    align = _alignment("left" if text else "right", 1 if text and j > 1 else 0, wrap=True, vertical="bottom")
    return CellFormat("General", BOLD_FONT, HEADER_FILL, HEADER_BORDER, align)


class _Cells:
    """Turns plain values into ``<c>`` elements."""

    def __init__(self, styles: StyleSheet, date1904: bool):
        self.styles = styles
        self.epoch = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
        self._quoted: dict[int, int] = {}

    def quoted(self, s: int) -> int:
        """The style ``s`` with quotePrefix (formula-like text stays text when edited in Excel)."""
        if s not in self._quoted:
            fmt = next(f for f, i in self.styles._cache.items() if i == s)
            self._quoted[s] = self.styles.index(CellFormat(fmt.number_format, fmt.font, fmt.fill, fmt.border,
                                                           fmt.alignment, True))
        return self._quoted[s]

    def text(self, ref: str, s: int, text: str) -> str:
        text = clean_text(text)
        if not text:  # an empty string is an empty cell, as openpyxl writes it
            return f'<c r="{ref}" s="{s}"/>'
        if is_formula_like(text):
            s = self.quoted(s)
        space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
        return f'<c r="{ref}" s="{s}" t="inlineStr"><is><t{space}>{xml_text(text)}</t></is></c>'

    def value(self, ref: str, s: int, value: Any) -> str:
        t = type(value)
        if t is str:
            return self.text(ref, s, value)
        if t is float or t is int:
            if t is float and not math.isfinite(value):
                return f'<c r="{ref}" s="{s}"/>'
            return f'<c r="{ref}" s="{s}"><v>{value!r}</v></c>'
        if value is None:
            return f'<c r="{ref}" s="{s}"/>'
        value = plain(value)
        if isinstance(value, bool):
            return f'<c r="{ref}" s="{s}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, (int, float)):
            return self.value(ref, s, float(value) if isinstance(value, float) else int(value))
        if isinstance(value, (date, datetime)):
            dt = value if isinstance(value, datetime) else datetime.combine(value, time())
            serial = (dt.replace(tzinfo=None) - self.epoch).total_seconds() / 86400
            if isinstance(value, datetime):
                return f'<c r="{ref}" s="{s}"><v>{serial!r}</v></c>'
            return f'<c r="{ref}" s="{s}"><v>{int(serial)}</v></c>'
        return self.text(ref, s, str(value))


CHART_ROWS = 18  # rows a chart occupies when several are stacked (as in openpyxl_book)


def render_sheet(tables: Sequence[Table], charts: Sequence[Chart], freeze_header: bool, styles: StyleSheet,
                 *, date1904: bool = False, selected: bool = False) -> RenderedSheet:
    """The worksheet XML of ``tables`` stacked top to bottom, and where its notes and charts go."""
    cells = _Cells(styles, date1904)
    layout = sheet_layout(tables)
    max_cols = max((len(t.columns) for t in tables), default=1)
    letters = [column_letter(j) for j in range(1, max_cols + 1)]
    title_s = styles.index(CellFormat(font=TITLE_FONT))
    note_s = styles.index(CellFormat(font=NOTE_FONT))  # one line a row, unwrapped: layout.note_lines
    heights = _row_tags(layout)
    rows: list[str] = []
    notes: list[HeaderNote] = []
    merged_rows = {r for r, _first, _last in layout.spans}  # once: a sheet may hold hundreds of tables
    for table, place, wrap, note_lines in zip(tables, layout.places, layout.wrap, layout.note_lines):
        if place.title_row:
            spanned = place.title_row in merged_rows  # a long title wraps
            style = (styles.index(CellFormat(font=TITLE_FONT, alignment=_alignment(None, wrap=True, vertical="top")))
                     if spanned else title_s)
            title_cell = cells.text(f"A{place.title_row}", style, table.title)
            rows.append(f'{_row_open(place.title_row, heights)}{title_cell}</row>')
        row = place.header_row
        parts = []
        for j, col in enumerate(table.columns, start=1):
            ref = f"{letters[j - 1]}{row}"
            parts.append(cells.text(ref, styles.index(_header_format(col, j)), col.header))
            if col.note:
                notes.append(HeaderNote(ref, clean_text(col.note)))
        rows.append(f'{_row_open(row, heights)}{"".join(parts)}</row>')
        _body_rows(rows, place.first_row, table, letters, cells, styles, wrap, heights)
        for row, line in note_lines:
            rows.append(f'{_row_open(row, heights)}{cells.text(f"A{row}", note_s, line)}</row>')
    last_row = max((p.bottom for p in layout.places), default=1)
    placed = _place_charts(tables, charts, [p.header_row for p in layout.places], max_cols)
    freeze = frozen_header_row(tables, layout.places) if freeze_header else 0
    xml = _worksheet(rows, letters, max_cols, last_row, layout, freeze, bool(notes), bool(placed), selected)
    titles = []
    if layout.title_columns:
        titles.append(f"${letters[layout.title_columns[0] - 1]}:${letters[layout.title_columns[1] - 1]}")
    if layout.title_rows:
        titles.append(f"${layout.title_rows[0]}:${layout.title_rows[1]}")
    return RenderedSheet(xml.encode("utf-8"), tuple(notes), tuple(placed),
                         f"$A$1:${letters[layout.last_column - 1]}${last_row}", ",".join(titles))


def _row_tags(layout: SheetLayout) -> dict[int, str]:
    """The opening tag of each row taller than one line. A row Excel fits to its text itself (no
    merged cell: ``layout.fitted_heights``) stores LibreOffice's height without ``customHeight``:
    Excel recomputes such a row from its text when it opens the file, LibreOffice uses the stored
    height; a row with a merged wrapped cell, which Excel never fits, keeps Excel's height, set."""
    tags = {row: f'<row r="{row}" ht="{height!r}" customHeight="1">' for row, height in layout.row_heights.items()}
    for row, height in layout.fitted_heights.items():
        tags[row] = f'<row r="{row}" ht="{height!r}">' if height > LINE_PT else f'<row r="{row}">'
    return tags


def _row_open(row: int, tags: dict[int, str]) -> str:
    return tags.get(row) or f'<row r="{row}">'


def _body_rows(out: list[str], row: int, table: Table, letters: list[str], cells: _Cells, styles: StyleSheet,
               wrap: frozenset[int] = frozenset(), heights: Optional[dict[int, str]] = None) -> int:
    heights = heights or {}
    first_total = len(table.rows) - table.total_rows
    highlight = set(table.highlight)
    by_kind: dict[tuple[bool, bool, bool], list[int]] = {}  # (highlight, total, first total) -> styles

    def row_styles(kind: tuple[bool, bool, bool]) -> list[int]:
        found = by_kind.get(kind)
        if found is None:
            found = by_kind[kind] = [styles.index(_body_format(c, j, *kind, wrap))
                                     for j, c in enumerate(table.columns, 1)]
        return found

    plain_styles = row_styles((False, False, False))
    value = cells.value
    for i, values in enumerate(table.rows):
        if i in highlight or i >= first_total:
            styled = row_styles((i in highlight, i >= first_total, i == first_total))
        else:
            styled = plain_styles
        r = str(row)
        out.append(_row_open(row, heights)
                   + "".join([value(letters[j] + r, styled[j], v) for j, v in enumerate(values)])
                   + "</row>")
        row += 1
    return row


def _place_charts(tables: Sequence[Table], charts: Sequence[Chart], header_rows: list[int],
                  max_cols: int) -> list[PlacedChart]:
    placed = []
    anchor_col = column_letter(max_cols + 2)
    for n, spec in enumerate(charts):
        table = tables[spec.table_index]
        headers = [c.header for c in table.columns]
        missing = [h for h in (spec.category_column, *spec.value_columns) if h not in headers]
        if missing:
            raise ValueError(f"chart {spec.title!r}: no column {missing} in table {spec.table_index}")
        if len(table.rows) - table.total_rows <= 0:
            continue
        placed.append(PlacedChart(spec, table, header_rows[spec.table_index], f"{anchor_col}{1 + n * CHART_ROWS}"))
    return placed


def _worksheet(rows: Iterable[str], letters: list[str], max_cols: int, last_row: int, layout: SheetLayout,
               freeze_row: int, has_notes: bool, has_charts: bool, selected: bool) -> str:
    head = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS_MAIN}" '
            f'xmlns:r="{NS_REL}"><sheetPr><pageSetUpPr fitToPage="0"/></sheetPr>'
            f'<dimension ref="A1:{letters[max_cols - 1]}{last_row}"/>']
    view = f'<sheetView{" tabSelected=" + chr(34) + "1" + chr(34) if selected else ""} workbookViewId="0"'
    if freeze_row:
        head.append(f'<sheetViews>{view}><pane ySplit="{freeze_row}" topLeftCell="A{freeze_row + 1}" '
                    f'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
                    f'activeCell="A{freeze_row + 1}" sqref="A{freeze_row + 1}"/></sheetView></sheetViews>')
    else:
        head.append(f"<sheetViews>{view}/></sheetViews>")
    head.append('<sheetFormatPr defaultRowHeight="15"/>')
    if layout.widths:
        head.append("<cols>" + "".join(f'<col min="{j}" max="{j}" width="{w!r}" customWidth="1"/>'
                                       for j, w in sorted(layout.widths.items())) + "</cols>")
    head.append("<sheetData>")
    tail = ["</sheetData>"]
    if layout.spans:
        tail.append(f'<mergeCells count="{len(layout.spans)}">' + "".join(
            f'<mergeCell ref="{column_letter(a)}{r}:{column_letter(b)}{r}"/>' for r, a, b in layout.spans)
            + "</mergeCells>")
    m = MARGINS_IN
    tail.append(f'<pageMargins left="{m["left"]}" right="{m["right"]}" top="{m["top"]}" bottom="{m["bottom"]}" '
                f'header="{m["header"]}" footer="{m["footer"]}"/>')
    order = ' pageOrder="overThenDown"' if layout.over_then_down else ""
    tail.append(f'<pageSetup scale="{layout.scale}"{order} '
                f'orientation="{"landscape" if layout.landscape else "portrait"}"/>')
    tail.append(f"<headerFooter><oddFooter>&amp;C{xml_text(FOOTER)}</oddFooter></headerFooter>")
    if layout.breaks:
        tail.append(f'<rowBreaks count="{len(layout.breaks)}" manualBreakCount="{len(layout.breaks)}">'
                    + "".join(f'<brk id="{r - 1}" max="16383" man="1"/>' for r in layout.breaks) + "</rowBreaks>")
    if has_charts:
        tail.append('<drawing r:id="rIdDrawing"/>')
    if has_notes:
        tail.append('<legacyDrawing r:id="rIdVml"/>')
    tail.append("</worksheet>")
    return "".join(head) + "".join(rows) + "".join(tail)
