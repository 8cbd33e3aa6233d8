"""The Excel add-in that ships inside the pip package: where it is, where Excel's config for it goes,
and xlwings' installer (the ``taxrebal addin`` command, :mod:`taxrebal.cli.addin`, uses them).

``pip install .`` installs ``taxrebal/excel/taxrebal.xlam`` as package data (the same bytes as
``addin/taxrebal.xlam`` in the repository; ``addin/build.py`` writes both). Users reach it with::

    taxrebal addin install         installs it into Excel and writes its config (the one command needed)
    taxrebal addin path            prints e.g. /home/ana/env/lib/python3.11/site-packages/taxrebal/excel/taxrebal.xlam
    taxrebal addin copy DIR        copies it to DIR/taxrebal.xlam (an existing different file needs --force)

``install`` does two things so that nothing is created by hand:

1. copies the add-in into Excel's startup folder with xlwings' own installer (``xlwings addin
   install -f``, which asks Excel for ``Application.StartupPath`` and, on macOS, also installs the
   AppleScript RunPython needs), or into ``--startup-dir DIR`` when given;
2. writes the add-in's user config file, the one xlwings' VBA reads for an add-in whose
   ``PROJECT_NAME`` is "taxrebal" (``GetConfigFilePath`` in xlwings 0.37.8's VBA):
   ``%USERPROFILE%\\.taxrebal\\taxrebal.conf`` on Windows,
   ``~/Library/Containers/com.microsoft.Excel/Data/taxrebal.conf`` on macOS, holding the line
   ``"INTERPRETER_WIN","C:\\...\\python.exe"`` (``INTERPRETER_MAC`` on macOS): the Python running
   this command, so the add-in runs the Python taxrebal is installed in. Other lines of an existing
   file are kept. VBA reads the file with ``Input #`` in the system's ANSI code page (Windows), so
   it is written in that code page (``locale.getencoding()``), CRLF line ends, each value quoted as
   VBA's ``Write #`` does; macOS gets UTF-8, as ``xlwings config create`` writes it there. A path
   that code page cannot hold is refused with a message (VBA would read a different path).

The add-in file is found with :mod:`importlib.resources`, so it works for normal, editable and
``--user`` installs alike; a package imported from a zip has no real path, and ``path`` then says to
use ``copy`` instead.
"""

from __future__ import annotations

import locale
import os
import sys
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["ADDIN_NAME", "PROJECT_NAME", "NEXT_STEPS", "packaged_addin", "user_config_path", "config_encoding",
           "write_user_config", "install_with_xlwings"]

ADDIN_NAME = "taxrebal.xlam"
#: ``PROJECT_NAME`` in the add-in's xlwings VBA module (addin/build.py sets it): names its config.
PROJECT_NAME = "taxrebal"

NEXT_STEPS = """\
Next steps (see the README, "The Excel add-in"):
  1. With Excel closed, run `taxrebal addin install` in the environment taxrebal is installed in.
     It copies the add-in into Excel's startup folder (xlwings' installer) and writes its config
     (Windows: %USERPROFILE%\\.taxrebal\\taxrebal.conf; macOS:
     ~/Library/Containers/com.microsoft.Excel/Data/taxrebal.conf) naming this Python. Excel may
     be open; if it holds an older copy of the add-in, quit Excel first.
  2. Start Excel: the ribbon shows the "Tax Rebalance" tab and the cell functions (TAXCOST, FEDTAX,
     ...) work in every workbook. Run `taxrebal addin install` again after upgrading taxrebal.
"""


def packaged_addin() -> Any:
    """The add-in inside the installed package (an :mod:`importlib.resources` Traversable).

    Raises ``FileNotFoundError`` with the fix when this installation lacks it."""
    addin = resources.files("taxrebal.excel") / ADDIN_NAME
    if not addin.is_file():
        raise FileNotFoundError(f"this installation of taxrebal has no {ADDIN_NAME} (expected at {addin}); "
                                "reinstall it with pip install --force-reinstall taxrebal, or from a source "
                                "checkout run python addin/build.py")
    return addin


# --- taxrebal addin install ---------------------------------------------------------------------
def user_config_path(platform: str | None = None, home: Path | None = None) -> Path:
    """Where xlwings' VBA looks for the user config of the add-in named ``taxrebal``::

        Windows: Environ("USERPROFILE") & "\\." & PROJECT_NAME & "\\" & PROJECT_NAME & ".conf"
        macOS:   GetMacDir("$HOME") & "/" & PROJECT_NAME & ".conf"   ($HOME of sandboxed Excel =
                 ~/Library/Containers/com.microsoft.Excel/Data)
    """
    platform = platform or sys.platform
    if platform.startswith("win"):
        base = home or Path(os.environ.get("USERPROFILE") or Path.home())
        return base / f".{PROJECT_NAME}" / f"{PROJECT_NAME}.conf"
    base = home or Path.home()
    return base / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / f"{PROJECT_NAME}.conf"


def config_encoding(platform: str | None = None) -> str:
    """The encoding VBA's ``Input #`` reads the config file in: the ANSI code page on Windows
    (``locale.getencoding()`` there; cp1252 when only simulating Windows elsewhere), UTF-8 on macOS."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return locale.getencoding() if sys.platform.startswith("win") else "cp1252"
    return "utf-8"


def _parse_config_line(line: str) -> tuple[str, str] | None:
    """``"KEY","VALUE"`` (as VBA's ``Write #`` writes it) -> (KEY, VALUE); None for anything else."""
    text = line.strip()
    if not (text.startswith('"') and text.endswith('"')) or '","' not in text:
        return None
    key, _, value = text[1:-1].partition('","')
    return key, value


def write_user_config(path: Path, settings: dict[str, str], *, encoding: str) -> None:
    """Set ``settings`` in the config file at ``path`` (created with its folder when missing),
    keeping its other lines; one ``"KEY","VALUE"`` line each, CRLF line ends.

    Raises ``ValueError`` when a value holds a double quote (``Input #`` cannot read it back) or a
    character ``encoding`` cannot hold."""
    lines: list[str] = []
    if path.is_file():
        old = path.read_bytes().decode(encoding, errors="replace")
        wanted = {k.casefold() for k in settings}
        for line in old.splitlines():
            parsed = _parse_config_line(line)
            if line.strip() and not (parsed and parsed[0].casefold() in wanted):
                lines.append(line)
    for key, value in settings.items():
        if '"' in value or '"' in key:
            raise ValueError(f"{key}: {value!r} contains a double quote, which VBA's config reader cannot read")
        lines.append(f'"{key}","{value}"')
    text = "".join(f"{line}\r\n" for line in lines)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as err:
        raise ValueError(f"{text[err.start:err.end]!r} in {text.strip()!r} cannot be written in {encoding}, "
                         "the code page Excel's VBA reads the config file in; install taxrebal in a Python "
                         "whose path has only characters of that code page (e.g. C:\\taxrebal-env)") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)


def install_with_xlwings(addin: Path) -> int:
    """xlwings' own ``xlwings addin install -f``: asks Excel for its startup folder, copies the add-in
    there and (macOS) installs the AppleScript RunPython needs."""
    # imported here: xlwings' own installer, only for `taxrebal addin install`
    from xlwings import cli as xlwings_cli

    xlwings_cli._addin_install(str(addin), False)  # type: ignore[no-untyped-call]  # prints its own success or error message
    return 0
