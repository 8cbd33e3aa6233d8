"""Writing a :class:`~taxrebal.workbook.package_book.PackageBook`: the new workbook zip.

Every part of the input is copied byte for byte except ``xl/workbook.xml``, its relationships,
``[Content_Types].xml`` and ``xl/styles.xml`` (edited as text, see the package_book docstring), and
the parts of result sheets that are replaced or removed. The result sheets' parts are added: the
worksheet, and when it has them a drawing with its charts (:mod:`taxrebal.workbook.chart_xml`: the
bytes openpyxl writes for the openpyxl book's charts, without importing openpyxl) and the header
comments (openpyxl's comment and VML writers, as text).

Worked example: a run on a workbook of 11 input sheets that had Issues/Allocation/Run Info from an
earlier run drops ``xl/worksheets/sheet12.xml``... with their drawing and chart parts, adds new
sheet parts under unused names (``sheet15.xml``...), and moves every user ``definedName`` scoped to
a sheet whose position changed (``localSheetId``) with its sheet.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from .chart_xml import chart_part_xml, drawing_rels_xml, drawing_xml
from .comment_xml import comments_vml, comments_xml
from .package_names import relationships, rels_name, resolve, unused_name
from .results import OWNED_MARKER, owned_marker_value
from .sheet_xml import NS_REL, RenderedSheet, xml_text
from .zip_parts import copy_raw

if TYPE_CHECKING:
    from .package_book import PackageBook, _Sheet

__all__ = ["PackageWriter"]

NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = {
    "worksheet": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    "styles": "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
    "drawing": "application/vnd.openxmlformats-officedocument.drawing+xml",
    "chart": "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
    "comments": "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml",
}
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
NEW_PART_LEVEL = 1  # deflate level of the parts we add (fast); input parts keep their bytes


def _source_of(rels_file: str) -> str:
    """"xl/worksheets/_rels/sheet1.xml.rels" -> "xl/worksheets/sheet1.xml"; "_rels/.rels" -> ""."""
    folder, name = rels_file.rsplit("/", 1) if "/" in rels_file else ("", rels_file)
    parent = folder[: -len("_rels")].rstrip("/")
    base = name[: -len(".rels")]
    return f"{parent}/{base}" if parent else base


class PackageWriter:
    def __init__(self, book: "PackageBook"):
        self.book = book
        self.existing = set(book.names)
        self.new_parts: dict[str, bytes] = {}
        self.new_types: dict[str, str] = {}  # "/part" -> content type
        self.need_vml_default = False

    # --- which parts go ----------------------------------------------------------------------------
    def _graph(self) -> dict[str, list[str]]:
        graph: dict[str, list[str]] = {}
        for rels_file, xml in self.book.all_rels.items():
            source = _source_of(rels_file)
            graph[source] = [resolve(source, t) for _, _, t in relationships(xml)]
        return graph

    def dropped_parts(self) -> set[str]:
        """Parts only the removed result sheets use (their sheet parts, drawings, charts, comments)."""
        if not self.book.removed:
            return set()
        graph = self._graph()
        removed = {s.part for s in self.book.removed}

        def reach(starts: list[str], blocked: set[str]) -> set[str]:
            seen: set[str] = set()
            todo = list(starts)
            while todo:
                p = todo.pop()
                if p in seen or p in blocked:
                    continue
                seen.add(p)
                todo.extend(graph.get(p, ()))
            return seen

        live = reach([""], removed)
        gone = reach(list(removed), set()) - live
        gone |= {self._rels_name(p) for p in gone}
        return {p for p in gone if p in self.existing}

    @staticmethod
    def _rels_name(part: str) -> str:
        return rels_name(part)

    # --- the new sheets' parts ---------------------------------------------------------------------
    def _unused(self, pattern: str) -> str:
        return unused_name(self.existing, pattern)

    def _add_sheet_parts(self, sheet: "_Sheet", rendered: RenderedSheet, selected: bool) -> None:
        part = self._unused("xl/worksheets/sheet{}.xml")
        sheet.part = part
        xml = rendered.xml
        if selected:
            xml = xml.replace(b"<sheetView ", b'<sheetView tabSelected="1" ', 1)
        self.new_parts[part] = xml
        self.new_types["/" + part] = CT["worksheet"]
        rels = []
        if rendered.charts:
            rels.append(("rIdDrawing", "drawing", "/" + self._drawing(sheet.name, rendered)))
        if rendered.notes:
            comments, vml = self._comments(rendered)
            rels.append(("rIdVml", "vmlDrawing", "/" + vml))
            rels.append(("rIdComments", "comments", "/" + comments))
        if rels:
            self.new_parts[self._rels_name(part)] = self._rels_xml(rels)

    @staticmethod
    def _rels_xml(rels: list[tuple[str, str, str]]) -> bytes:
        body = "".join(f'<Relationship Id="{rid}" Type="{NS_REL}/{typ}" Target="{xml_text(target)}"/>'
                       for rid, typ, target in rels)
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{NS_PKG}">'
                f"{body}</Relationships>").encode("utf-8")

    def _drawing(self, sheet_name: str, rendered: RenderedSheet) -> str:
        path = self._unused("xl/drawings/drawing{}.xml")
        chart_parts = []
        for placed in rendered.charts:
            chart_part = self._unused("xl/charts/chart{}.xml")
            chart_parts.append(chart_part)
            self.new_parts[chart_part] = chart_part_xml(placed.spec, placed.table, placed.header_row, sheet_name)
            self.new_types["/" + chart_part] = CT["chart"]
        self.new_parts[path] = drawing_xml([placed.anchor for placed in rendered.charts])
        self.new_parts[self._rels_name(path)] = drawing_rels_xml(chart_parts)
        self.new_types["/" + path] = CT["drawing"]
        return path

    def _comments(self, rendered: RenderedSheet) -> tuple[str, str]:
        comments = self._unused("xl/comments/comment{}.xml")
        vml = self._unused("xl/drawings/commentsDrawing{}.vml")
        self.new_parts[comments] = comments_xml(rendered.notes)
        self.new_parts[vml] = comments_vml(rendered.notes)
        self.new_types["/" + comments] = CT["comments"]
        self.need_vml_default = True
        return comments, vml

    # --- workbook.xml, its rels, content types -------------------------------------------------------
    def _choose_active(self) -> tuple[Optional[str], bool]:
        """(sheet the file opens on, whether our new sheet must be marked selected)."""
        book = self.book
        kept_selected = [s for s in book.sheets if s.rendered is None and s.part in book.selected_parts]
        names = [s.name for s in book.sheets]
        chosen: Optional[str]
        if kept_selected:
            chosen = book.active_name if book.active_name in [s.name for s in kept_selected] else kept_selected[0].name
            return chosen, False
        chosen = book.to_activate or (book.active_name if book.active_name in names else None)
        return chosen, chosen is not None

    def _workbook_xml(self, active: Optional[str]) -> str:
        book = self.book
        p, r = book.prefix, book.r_prefix
        xml = book.workbook_xml
        elements = []
        for s in book.sheets:
            if s.element:
                elements.append(s.element)
            else:
                elements.append(f'<{p}sheet name="{xml_text(s.name)}" sheetId="{s.sheet_id}" {r}:id="{s.rid}"/>')
        sheets_block = book._block("sheets")
        new_block = f"<{p}sheets>{''.join(elements)}</{p}sheets>"
        xml = xml.replace(sheets_block, new_block, 1) if sheets_block else xml
        # defined names: follow their sheet; a removed sheet's names go; markers for our new sheets
        position = {id(s): i for i, s in enumerate(book.sheets)}
        names = []
        for el in book._defined_names():
            m = re.search(r'\blocalSheetId="(\d+)"', el[:el.index(">")])
            if m is None:
                names.append(el)
                continue
            old = int(m.group(1))
            sheet = book.original[old] if old < len(book.original) else None
            if sheet is None or id(sheet) not in position:
                continue
            names.append(el[:m.start()] + f'localSheetId="{position[id(sheet)]}"' + el[m.end():])
        for s in book.sheets:
            if s.rendered is not None:
                names.append(f'<{p}definedName name="{OWNED_MARKER}" localSheetId="{position[id(s)]}">'
                             f"{xml_text(owned_marker_value(s.name))}</{p}definedName>")
                quoted = "'" + s.name.replace("'", "''") + "'"
                for name, ref in (("_xlnm.Print_Area", s.rendered.print_area),
                                  ("_xlnm.Print_Titles", s.rendered.print_titles)):
                    if ref:
                        full = ",".join(f"{quoted}!{part}" for part in ref.split(","))
                        names.append(f'<{p}definedName name="{name}" localSheetId="{position[id(s)]}">'
                                     f"{xml_text(full)}</{p}definedName>")
        names_block = f"<{p}definedNames>{''.join(names)}</{p}definedNames>" if names else ""
        old_names = book._block("definedNames")
        if old_names is not None:
            xml = xml.replace(old_names, names_block, 1)
        elif names_block:
            end = new_block
            for after in ("functionGroups", "externalReferences"):
                m = re.search(rf"<{p}{after}\b[^>]*?(/>|>.*?</{p}{after}>)", xml, re.S)
                if m:
                    end = m.group(0)
            pos = xml.index(end) + len(end)
            xml = xml[:pos] + names_block + xml[pos:]
        if active is not None:
            index = [s.name for s in book.sheets].index(active)
            xml = self._set_view_attr(xml, "activeTab", index)
            m = re.search(rf'<{p}workbookView\b[^>]*\bfirstSheet="(\d+)"', xml)
            if m and int(m.group(1)) > index:
                xml = self._set_view_attr(xml, "firstSheet", index)
        return xml

    def _set_view_attr(self, xml: str, attr: str, value: int) -> str:
        p = self.book.prefix
        m = re.search(rf"<{p}workbookView\b[^>]*?/?>", xml)
        if m is None:
            view = f'<{p}bookViews><{p}workbookView {attr}="{value}"/></{p}bookViews>'
            anchor = re.search(rf"<{p}sheets\b", xml)
            return xml[:anchor.start()] + view + xml[anchor.start():] if anchor else xml
        el = m.group(0)
        if re.search(rf'\b{attr}="\d+"', el):
            new = re.sub(rf'\b{attr}="\d+"', f'{attr}="{value}"', el)
        else:
            new = el[:len(p) + 13] + f' {attr}="{value}"' + el[len(p) + 13:]
        return xml[:m.start()] + new + xml[m.end():]

    def _rels(self, dropped_ids: set[str], added: list[tuple[str, str, str]]) -> str:
        xml = self.book.rels_xml
        for rid in dropped_ids:
            xml = re.sub(rf'<(\w+:)?Relationship\b[^>]*\bId="{re.escape(rid)}"[^>]*?(/>|>\s*</(\w+:)?Relationship>)',
                         "", xml)
        m = re.search(r"<(\w+:)?Relationships\b", xml)
        pre = (m.group(1) or "") if m else ""
        body = "".join(f'<{pre}Relationship Id="{rid}" Type="{typ}" Target="{xml_text(t)}"/>' for rid, typ, t in added)
        close = xml.rindex(f"</{pre}Relationships>")
        return xml[:close] + body + xml[close:]

    def _content_types(self, dropped: set[str]) -> str:
        xml = self.book.types_xml
        for part in dropped:
            xml = re.sub(rf'<(\w+:)?Override\b[^>]*\bPartName="/{re.escape(part)}"[^>]*?/>', "", xml)
        m = re.search(r"<(\w+:)?Types\b", xml)
        pre = (m.group(1) or "") if m else ""
        body = "".join(f'<{pre}Override PartName="{xml_text(n)}" ContentType="{t}"/>'
                       for n, t in self.new_types.items())
        if self.need_vml_default and not re.search(r'Extension="vml"', xml, re.I):
            body = f'<{pre}Default Extension="vml" ContentType="{CT_VML}"/>' + body
        close = xml.rindex(f"</{pre}Types>")
        return xml[:close] + body + xml[close:]

    # --- the zip ---------------------------------------------------------------------------------------
    def write(self, dest: Path) -> None:
        book = self.book
        dropped = self.dropped_parts()
        self.existing -= dropped
        active, select_new = self._choose_active()
        rel_ids = {rid for rid, _, _ in book.rels}
        added_rels: list[tuple[str, str, str]] = []
        next_id = max([s.sheet_id for s in book.original] + [0]) + 1
        for s in book.sheets:
            if s.rendered is None:
                continue
            self._add_sheet_parts(s, s.rendered, select_new and s.name == active)
            s.rid = _unused_id(rel_ids)
            s.sheet_id = next_id
            next_id += 1
            added_rels.append((s.rid, f"{NS_REL}/worksheet", "/" + s.part))
        replaced: dict[str, bytes] = {}
        if book.styles.changed:
            replaced[book.styles_part] = book.styles.xml()
            if book.styles.original is None:
                added_rels.append((_unused_id(rel_ids), f"{NS_REL}/styles", "/" + book.styles_part))
                self.new_types["/" + book.styles_part] = CT["styles"]
        replaced[WORKBOOK] = self._workbook_xml(active).encode("utf-8")
        replaced[WORKBOOK_RELS] = self._rels({s.rid for s in book.removed}, added_rels).encode("utf-8")
        replaced[CONTENT_TYPES] = self._content_types(dropped).encode("utf-8")
        with open(book.path, "rb") as src, zipfile.ZipFile(src) as zin, \
                zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=NEW_PART_LEVEL) as zout:
            for info in zin.infolist():
                name = info.filename
                if name in dropped:
                    continue
                if name in replaced:
                    zout.writestr(name, replaced.pop(name))
                else:
                    copy_raw(src, info, zout)
            for name, data in {**replaced, **self.new_parts}.items():
                zout.writestr(name, data)


def _unused_id(ids: set[str]) -> str:
    n = 1
    while f"rId{n}" in ids:
        n += 1
    ids.add(f"rId{n}")
    return f"rId{n}"
