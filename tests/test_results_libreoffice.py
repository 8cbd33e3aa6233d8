"""A real spreadsheet application opens a result workbook: LibreOffice converts the demo's results
to PDF headless (one soffice run)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from taxrebal.cli import main

pytestmark = pytest.mark.libreoffice


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_results_workbook_to_pdf(tmp_path):
    assert main(["demo", str(tmp_path / "demo")]) == 0
    results = tmp_path / "demo" / "sample-household-results.xlsx"
    profile = (tmp_path / "lo-profile").as_uri()
    proc = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(results)],
        capture_output=True, text=True, timeout=180,
    )
    pdf = tmp_path / "sample-household-results.pdf"
    assert proc.returncode == 0, proc.stderr
    assert pdf.exists() and pdf.stat().st_size > 5000
    assert pdf.read_bytes().startswith(b"%PDF")
