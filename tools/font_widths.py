"""Print the advance widths table of ``taxrebal.workbook.text_metrics`` from the Carlito font files
(Carlito is metric-compatible with Calibri: the same advance width for every character). Run it to
check or regenerate the table; it needs Pillow and the Carlito fonts (Debian: fonts-crosextra-carlito):

    python tools/font_widths.py [FONT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import ImageFont

CHARS = "".join(chr(c) for c in range(32, 127)) + "§–—‘’“”…•é×±°"


def widths(path: Path) -> list[int]:
    font = ImageFont.truetype(str(path), 2048)  # 2048 px to the em: widths in font units
    return [int(font.getlength(c)) for c in CHARS]


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/crosextra")
    print(f"CHARS = {CHARS!r}")
    for style in ("Regular", "Bold"):
        print(f"{style.upper()} = {tuple(widths(folder / f'Carlito-{style}.ttf'))!r}")


if __name__ == "__main__":
    main()
