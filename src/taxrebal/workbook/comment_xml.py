"""The two parts behind a result sheet's header notes: the comments part and its VML drawing.

A header note (a column's explanation, :class:`~taxrebal.workbook.sheet_xml.HeaderNote`) is an Excel
note: a ``<comment>`` in ``xl/comments/commentN.xml`` (ECMA-376 Part 1, §18.7) and a hidden text box
in the legacy VML drawing Excel shows it with. Both are written here as text, byte for byte what
openpyxl's ``CommentSheet`` and ``ShapeWriter`` wrote before (tests/test_comment_xml.py compares
them), without building an element tree per note: the Lot Selection sheet of a 10,000-lot run
carries 3,720 notes, and serialising their trees took longer than writing every other part of the
workbook.

Worked example: one note "Dollars sold." on B3 becomes ``<comment ref="B3" authorId="0"
shapeId="0"><text><t>Dollars sold.</t></text></comment>`` (author "taxrebal") and a shape
``_x0000_s1026`` whose ``<x:Row>2</x:Row><x:Column>1</x:Column>`` (0-based) anchor it to B3.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .sheet_xml import NS_MAIN, HeaderNote

__all__ = ["comments_xml", "comments_vml", "NOTE_AUTHOR", "NOTE_HEIGHT", "NOTE_WIDTH"]

NOTE_AUTHOR = "taxrebal"
NOTE_HEIGHT = 110  # px, the text box Excel opens when the note is shown
NOTE_WIDTH = 300

_NS_OFFICE = "urn:schemas-microsoft-com:office:office"
_NS_VML = "urn:schemas-microsoft-com:vml"
_NS_EXCEL = "urn:schemas-microsoft-com:office:excel"
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;",
                               "\r": "&#13;", "\t": "&#09;"})
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]+)$")
#: the first shape id Excel's own files use for notes (the VML ids _x0000_s1026, _x0000_s1027 ...)
_FIRST_SHAPE = 1026


def _text(note_text: str) -> str:
    """``<t>``, with xml:space="preserve" when the text starts or ends with white space."""
    if not note_text:
        return "<t />"
    stripped = note_text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != note_text else ""
    return f"<t{space}>{note_text.translate(_TEXT_ESCAPES)}</t>"


def comments_xml(notes: Sequence[HeaderNote]) -> bytes:
    """The comments part (``xl/comments/commentN.xml``) of ``notes``, one author."""
    body = "".join(f'<comment ref="{n.ref.translate(_ATTR_ESCAPES)}" authorId="0" shapeId="0"><text>'
                   f"{_text(n.text)}</text></comment>" for n in notes)
    return (f'<comments xmlns="{NS_MAIN}"><authors><author>{NOTE_AUTHOR}</author></authors>'
            f"<commentList>{body}</commentList></comments>").encode("utf-8")


def _row_col(ref: str) -> tuple[int, int]:
    """"B3" -> (2, 1): the 0-based row and column a VML note is anchored to."""
    m = _REF.match(ref.upper())
    if m is None:
        raise ValueError(f"a header note's cell must be like B3, not {ref!r}")
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


_SHAPE_TYPE = (
    '<ns0:shapelayout ns1:ext="edit"><ns0:idmap ns1:ext="edit" data="1" /></ns0:shapelayout>'
    '<ns1:shapetype id="_x0000_t202" coordsize="21600,21600" ns0:spt="202" '
    'path="m,l,21600r21600,l21600,xe"><ns1:stroke joinstyle="miter" />'
    '<ns1:path gradientshapeok="t" ns0:connecttype="rect" /></ns1:shapetype>')
_SHAPE = (
    '<ns1:shape type="#_x0000_t202" style="position:absolute; margin-left:59.25pt;margin-top:1.5pt;'
    f'width:{NOTE_WIDTH}px;height:{NOTE_HEIGHT}px;z-index:1;visibility:hidden" fillcolor="#ffffe1" '
    'ns0:insetmode="auto" id="_x0000_s{id:04d}"><ns1:fill color2="#ffffe1" />'
    '<ns1:shadow color="black" obscured="t" /><ns1:path ns0:connecttype="none" />'
    '<ns1:textbox style="mso-direction-alt:auto"><div style="text-align:left" /></ns1:textbox>'
    '<ns2:ClientData ObjectType="Note"><ns2:MoveWithCells /><ns2:SizeWithCells />'
    '<ns2:AutoFill>False</ns2:AutoFill><ns2:Row>{row}</ns2:Row><ns2:Column>{col}</ns2:Column>'
    '</ns2:ClientData></ns1:shape>')


def comments_vml(notes: Sequence[HeaderNote]) -> bytes:
    """The legacy VML drawing (``xl/drawings/commentsDrawingN.vml``) with one hidden text box per
    note, anchored to its cell (ns0 = Office, ns1 = VML, ns2 = Excel, as openpyxl named them)."""
    shapes = []
    for i, note in enumerate(notes):
        row, col = _row_col(note.ref)
        shapes.append(_SHAPE.format(id=_FIRST_SHAPE + i, row=row, col=col))
    excel = f' xmlns:ns2="{_NS_EXCEL}"' if shapes else ""  # declared where used, as ElementTree does
    return (f'<xml xmlns:ns0="{_NS_OFFICE}" xmlns:ns1="{_NS_VML}"{excel}>'
            f"{_SHAPE_TYPE}{''.join(shapes)}</xml>").encode("utf-8")
