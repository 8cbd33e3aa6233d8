"""How much of each printed result sheet is blank below its text, as LibreOffice prints it.

    taxrebal demo DIR && soffice --headless --convert-to pdf --outdir DIR DIR/sample-household-results.xlsx
    python tools/print_blank.py DIR/sample-household-results.xlsx DIR/sample-household-results.pdf

For each page (named by its footer "<sheet> - Page n of m") the text lines are read back with their
positions (``pdftotext -bbox``); a gap between two lines beyond one normal row (15 points times the
sheet's print scale) is blank below a row's text. Printed per sheet: that blank over the span of the
page's text (blank rows between tables count too, 15 points each: a floor no layout removes).
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile


def scales(xlsx: str) -> dict[str, float]:
    """Sheet name -> print scale (1.0 = 100%)."""
    z = zipfile.ZipFile(xlsx)
    book = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    target = {}
    for rel in re.findall(r"<Relationship [^>]*>", rels):
        rid, tgt = re.search(r'Id="([^"]+)"', rel), re.search(r'Target="([^"]+)"', rel)
        if rid and tgt:
            t = tgt.group(1).lstrip("/")
            target[rid.group(1)] = t if t.startswith("xl/") else "xl/" + t
    out = {}
    for name, rid in re.findall(r'<sheet name="([^"]+)"[^>]*?r:id="([^"]+)"', book):
        scale = re.search(r'<pageSetup[^>]*\bscale="(\d+)"', z.read(target[rid]).decode())
        out[name.replace("&amp;", "&")] = int(scale.group(1)) / 100 if scale else 1.0
    return out


def main(xlsx: str, pdf: str) -> None:
    scale_of = scales(xlsx)
    text = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    per: dict[str, list[float]] = {}
    for page in text.split("<page ")[1:]:
        words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<', page)
        line = " ".join(w for _, w in words).rstrip()
        names = [n for n in scale_of if re.search(rf"(^|\s){re.escape(n)} - Page \d+ of \d+", line)]
        if not names:
            continue
        name = max(names, key=len)
        s = scale_of[name]
        ys = sorted({round(float(y), 1) for y, _ in words})[:-1]  # the footer line left out
        blank = sum(max(0.0, b - a - 15 * s - 0.6) for a, b in zip(ys, ys[1:]))
        span = ys[-1] - ys[0] + 11.1 * s if ys else 0.0
        total = per.setdefault(name, [0.0, 0.0, 0])
        total[0] += blank
        total[1] += span
        total[2] += 1
    for name, (blank, span, pages) in per.items():
        print(f"{name:20s} pages {pages:2d}  blank {100 * blank / span:5.1f}%")
    share = sum(v[0] for v in per.values()) / sum(v[1] for v in per.values())
    print(f"{'all':20s}           blank {100 * share:5.1f}%")


if __name__ == "__main__":
    main(*sys.argv[1:3])
