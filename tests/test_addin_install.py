"""``taxrebal addin install``: the add-in is copied and its config written, nothing by hand.

The config file is the one xlwings' VBA reads for an add-in whose PROJECT_NAME is "taxrebal"
(``GetConfigFilePath`` in the add-in's own VBA, read back here), with the ``"KEY","VALUE"`` lines
VBA's ``Input #`` reads, in the code page it reads them in.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from oletools.olevba import VBA_Parser

from taxrebal.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main
from taxrebal.excel.addin_install import user_config_path, write_user_config

ROOT = Path(__file__).resolve().parents[1]
ADDIN = ROOT / "addin" / "taxrebal.xlam"


def _xlwings_vba() -> str:
    parser = VBA_Parser("taxrebal.xlam", data=ADDIN.read_bytes())
    try:
        return {Path(f).stem: code for _, _, f, code in parser.extract_macros()}["xlwings"]
    finally:
        parser.close()


def test_the_config_path_is_the_one_the_addins_vba_reads():
    code = _xlwings_vba()
    name = re.search(r'^Public Const PROJECT_NAME As String = "([^"]+)"', code, re.M).group(1)
    assert 'GetConfigFilePath = Environ("USERPROFILE") & "\\." & PROJECT_NAME & "\\" & PROJECT_NAME & ".conf"' in code
    assert 'GetConfigFilePath = GetMacDir("$HOME", False) & "/" & PROJECT_NAME & ".conf"' in code
    win = user_config_path("win32", Path("/profile"))
    assert win.parts[-2:] == (f".{name}", f"{name}.conf") == (".taxrebal", "taxrebal.conf")
    mac = user_config_path("darwin", Path("/Users/ana"))
    assert mac == Path("/Users/ana/Library/Containers/com.microsoft.Excel/Data/taxrebal.conf")


def test_install_copies_the_addin_and_writes_the_interpreter_for_windows(tmp_path, capsys):
    python = r"C:\Users\Ana\taxrebal-env\Scripts\python.exe"
    args = ["addin", "install", "--platform", "win32", "--home", str(tmp_path / "home"),
            "--startup-dir", str(tmp_path / "XLSTART"), "--interpreter", python]
    assert main(args) == EXIT_OK
    assert (tmp_path / "XLSTART" / "taxrebal.xlam").read_bytes() == ADDIN.read_bytes()
    config = tmp_path / "home" / ".taxrebal" / "taxrebal.conf"
    assert config.read_bytes() == b'"INTERPRETER_WIN","C:\\Users\\Ana\\taxrebal-env\\Scripts\\python.exe"\r\n'
    assert str(config) in capsys.readouterr().out
    assert main(args) == EXIT_OK  # again (an upgrade): same result, the copy replaced
    assert config.read_bytes().count(b"INTERPRETER_WIN") == 1


def test_install_keeps_the_users_other_settings(tmp_path):
    config = user_config_path("win32", tmp_path)
    config.parent.mkdir(parents=True)
    config.write_bytes(b'"INTERPRETER_WIN","C:\\old\\python.exe"\r\n"SHOW CONSOLE","True"\r\n')
    write_user_config(config, {"INTERPRETER_WIN": r"C:\new\python.exe"}, encoding="cp1252")
    assert config.read_bytes() == b'"SHOW CONSOLE","True"\r\n"INTERPRETER_WIN","C:\\new\\python.exe"\r\n'


def test_the_config_is_written_in_the_code_page_vba_reads(tmp_path):
    config = tmp_path / "taxrebal.conf"
    write_user_config(config, {"INTERPRETER_WIN": r"C:\Users\José\env\python.exe"}, encoding="cp1252")
    assert b"Jos\xe9" in config.read_bytes()  # cp1252, not UTF-8's C3 A9
    with pytest.raises(ValueError, match="code page"):
        write_user_config(config, {"INTERPRETER_WIN": r"C:\Users\李\python.exe"}, encoding="cp1252")


def test_install_on_macos_writes_interpreter_mac(tmp_path):
    args = ["addin", "install", "--platform", "darwin", "--home", str(tmp_path),
            "--startup-dir", str(tmp_path / "Startup"), "--interpreter", "/Users/ana/env/bin/python"]
    assert main(args) == EXIT_OK
    config = tmp_path / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "taxrebal.conf"
    assert config.read_bytes() == b'"INTERPRETER_MAC","/Users/ana/env/bin/python"\r\n'


def test_install_without_excel_says_where_it_runs(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    assert main(["addin", "install", "--home", str(tmp_path)]) == EXIT_USAGE
    assert "Windows and macOS" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_a_quote_in_the_interpreter_is_refused(tmp_path, capsys):
    args = ["addin", "install", "--platform", "win32", "--home", str(tmp_path), "--startup-dir",
            str(tmp_path / "x"), "--interpreter", 'C:\\a"b\\python.exe']
    assert main(args) == EXIT_INPUT
    assert "double quote" in capsys.readouterr().err
