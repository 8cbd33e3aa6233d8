"""Render the demo's result sheets with LibreOffice and save a PNG of each for the README.

Run on demand (needs `soffice`, `pdftoppm` and Pillow):  python docs/make_screenshots.py
It runs `taxrebal demo` in a temporary folder, converts the result workbook to PDF headless, finds
the first page of each sheet by its title line and trims the page to its content (without the footer).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageChops

HERE = Path(__file__).resolve().parent / "screenshots"
#: output file -> the first words of the sheet's first line, as LibreOffice prints it
SHEETS = {
    "allocation.png": "Allocation by asset class",
    "trades.png": "Trades to place",
    "harvest.png": "Loss harvesting candidates",
    "wash-sales.png": "Wash-sale matches",
    "lot-selection.png": "Sale 1",
    "frontier.png": "Least tax for each largest drift",
}


def page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    return out.stdout.split("\f")


def trim(path: Path, dpi: int = 150) -> None:
    """Trim the page to its content, the footer ("Trades - Page 16 of 35", in the bottom margin) left out."""
    img = Image.open(path).convert("RGB")
    img = img.crop((0, 0, img.width, img.height - int(0.55 * dpi)))
    bg = Image.new("RGB", img.size, (255, 255, 255))
    box = ImageChops.difference(img, bg).getbbox()
    if box:
        pad = 12
        img = img.crop((max(box[0] - pad, 0), max(box[1] - pad, 0),
                        min(box[2] + pad, img.width), min(box[3] + pad, img.height)))
    img.save(path, optimize=True)


def main() -> int:
    HERE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        subprocess.run([sys.executable, "-m", "taxrebal", "demo", str(t)], check=True, capture_output=True)
        book = t / "sample-household-results.xlsx"
        subprocess.run(["soffice", f"-env:UserInstallation=file://{t}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", str(t), str(book)], check=True, capture_output=True,
                       timeout=180)
        pdf = book.with_suffix(".pdf")
        texts = page_texts(pdf)
        for name, title in SHEETS.items():
            page = next((i + 1 for i, txt in enumerate(texts) if txt.strip().startswith(title)), None)
            if page is None:
                print(f"{name}: no page starts with {title!r}", file=sys.stderr)
                continue
            stem = t / name.removesuffix(".png")
            subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page), "-singlefile",
                            str(pdf), str(stem)], check=True)
            target = HERE / name
            Path(f"{stem}.png").replace(target)
            trim(target)
            print(f"{target.relative_to(HERE.parent.parent)}  (page {page})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
