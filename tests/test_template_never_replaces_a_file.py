"""``taxrebal template PATH`` never replaces a file the user has (README "Command line": "An existing
PATH is never replaced unless `--force` is given (exit 2: choose another name)"). fe10 finding 11:
the command already refused, but the README's table did not mention ``--force``."""

from __future__ import annotations

from pathlib import Path

from taxrebal.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def test_an_existing_file_is_kept_and_the_message_says_how_to_replace_it(tmp_path, capsys):
    book = tmp_path / "Household.xlsx"
    book.write_bytes(b"the user's own workbook")
    assert main(["template", str(book)]) == 2
    assert f"'{book}' already exists; choose another name or add --force to replace it" in capsys.readouterr().err
    assert book.read_bytes() == b"the user's own workbook"


def test_force_replaces_it_when_asked(tmp_path):
    book = tmp_path / "Household.xlsx"
    book.write_bytes(b"old")
    assert main(["template", str(book), "--force"]) == 0
    assert book.read_bytes()[:2] == b"PK"  # an .xlsx (zip) now


def test_the_readme_command_table_shows_force():
    rows = [line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("| `taxrebal template")]
    assert len(rows) == 1 and "`taxrebal template PATH [--force]`" in rows[0] and "never replaced" in rows[0]
