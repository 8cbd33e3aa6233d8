"""Part names and relationships inside an .xlsx package (ECMA-376 Part 2, Open Packaging Conventions).

A part's relationships live in ``_rels/<name>.rels`` beside it; a relationship's Target is relative
to the part that holds it. Example: the worksheet ``xl/worksheets/sheet1.xml`` has its relationships
in ``xl/worksheets/_rels/sheet1.xml.rels``, and its Target ``../drawings/drawing1.xml`` is the part
``xl/drawings/drawing1.xml``. Shared by the reader of the package (:mod:`.package_book`) and its
writer (:mod:`.package_parts`).
"""

from __future__ import annotations

import posixpath
import re
from html import unescape

__all__ = ["attrs", "rels_name", "resolve", "relationships", "unused_name"]

_ATTR = re.compile(r'([\w:]+)\s*=\s*("[^"]*"|\'[^\']*\')')


def attrs(tag_text: str) -> dict[str, str]:
    """The attributes of one XML start tag, unescaped."""
    return {k: unescape(v[1:-1]) for k, v in _ATTR.findall(tag_text)}


def rels_name(part: str) -> str:
    """The relationships part of ``part`` ("xl/worksheets/sheet1.xml" -> "xl/worksheets/_rels/sheet1.xml.rels")."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(base_part: str, target: str) -> str:
    """The part a relationship of ``base_part`` points at ("../drawings/d1.xml" from
    "xl/worksheets/sheet1.xml" is "xl/drawings/d1.xml")."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def relationships(xml: str) -> list[tuple[str, str, str]]:
    """(Id, Type, Target) of every internal relationship of a ``.rels`` part."""
    out = []
    for el in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", xml):
        a = attrs(el)
        if a.get("TargetMode") == "External":
            continue
        out.append((a.get("Id", ""), a.get("Type", ""), a.get("Target", "")))
    return out


def unused_name(existing: set[str], pattern: str) -> str:
    """The first ``pattern.format(n)`` (n = 1, 2, ...) not in ``existing``; added to it."""
    n = 1
    while pattern.format(n) in existing:
        n += 1
    name = pattern.format(n)
    existing.add(name)
    return name
