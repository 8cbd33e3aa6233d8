"""``taxrebal addin``: find or copy the Excel add-in that ships inside the pip package.

``pip install taxrebal`` installs ``taxrebal/excel/taxrebal.xlam`` as package data (the same bytes
as ``addin/taxrebal.xlam`` in the repository; ``addin/build.py`` writes both). Users reach it with::

    taxrebal addin path            prints e.g. /home/ana/env/lib/python3.11/site-packages/taxrebal/excel/taxrebal.xlam
    taxrebal addin copy DIR        copies it to DIR/taxrebal.xlam (an existing different file needs --force)

and then install it into Excel with xlwings: ``xlwings addin install -f "$(taxrebal addin path)"``.
The file is found with :mod:`importlib.resources`, so it works for normal, editable and ``--user``
installs alike; a package imported from a zip has no real path, and ``path`` then says to use
``copy`` instead.
"""

from __future__ import annotations

import argparse
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["ADDIN_NAME", "packaged_addin", "add_addin_subcommand", "cmd_addin_path", "cmd_addin_copy"]

ADDIN_NAME = "taxrebal.xlam"

NEXT_STEPS = """\
Next steps (see the README, "The Excel add-in"):
  1. Install the add-in into Excel (xlwings comes with taxrebal):
       macOS/Linux shell:  xlwings addin install -f "$(taxrebal addin path)"
       Windows cmd:        for /f "delims=" %p in ('taxrebal addin path') do xlwings addin install -f "%p"
     (in a .bat file write %%p; or run `taxrebal addin path` and paste the path after
     `xlwings addin install -f`).
  2. Point the add-in at this Python, in the config file myaddin.conf:
       Windows: %USERPROFILE%\\.myaddin\\myaddin.conf with the line
                "INTERPRETER_WIN","C:\\Users\\<you>\\taxrebal-env\\Scripts\\python.exe"
       macOS:   ~/Library/Containers/com.microsoft.Excel/Data/myaddin.conf with the line
                "INTERPRETER_MAC","/Users/<you>/taxrebal-env/bin/python"
  3. Restart Excel; the ribbon shows the "Tax Rebalance" tab. For cell functions, click
     Import Functions once (again after upgrading taxrebal).
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


def _err(msg: str) -> None:
    from ..cli import _err as cli_err

    cli_err(msg)


def cmd_addin_path(args: argparse.Namespace) -> int:
    """Print the absolute path of the packaged add-in (exit 1 when it is missing or not a real file)."""
    from ..cli import EXIT_INPUT, EXIT_OK

    try:
        addin = packaged_addin()
    except FileNotFoundError as err:
        _err(str(err))
        return EXIT_INPUT
    if not isinstance(addin, Path):  # imported from a zip: nothing on disk that Excel could open
        _err(f"taxrebal is installed in a form without real files ({addin}); write the add-in to a folder "
             "with: taxrebal addin copy DIR")
        return EXIT_INPUT
    print(addin.resolve(), flush=True)
    return EXIT_OK


def cmd_addin_copy(args: argparse.Namespace) -> int:
    """Copy the packaged add-in to ``args.dir``/taxrebal.xlam; an existing different file needs ``--force``."""
    from ..cli import EXIT_INPUT, EXIT_OK, EXIT_SAVE, EXIT_USAGE

    try:
        data = packaged_addin().read_bytes()
    except FileNotFoundError as err:
        _err(str(err))
        return EXIT_INPUT
    folder = Path(args.dir)
    if folder.exists() and not folder.is_dir():
        _err(f"'{folder}' is a file, not a folder; give the folder to copy {ADDIN_NAME} into")
        return EXIT_USAGE
    target = folder / ADDIN_NAME
    if target.is_dir():
        _err(f"'{target}' is a folder; remove it or choose another DIR")
        return EXIT_USAGE
    if target.is_file():
        if target.read_bytes() == data:
            print(f"{target.resolve()} is already this version of the add-in; nothing copied.", flush=True)
            return EXIT_OK
        if not args.force:
            _err(f"'{target}' exists and differs from this taxrebal's add-in (another version, or a copy into "
                 "which functions were imported); add --force to replace it, or choose another DIR")
            return EXIT_USAGE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{ADDIN_NAME}.partial")
        partial.write_bytes(data)
        partial.replace(target)  # atomic: Excel never sees half a file
    except OSError as err:
        _err(f"could not write '{target}': {err.strerror or err}. Close Excel if it has the add-in open, "
             "check the folder is writable, or choose another DIR")
        return EXIT_SAVE
    print(f"Copied the add-in to {target.resolve()}", flush=True)
    print(f'Install it into Excel with: xlwings addin install -f "{target.resolve()}"', flush=True)
    return EXIT_OK


def add_addin_subcommand(sub: Any) -> None:
    """Register ``taxrebal addin {path,copy}`` on the command line's subparsers."""
    p = sub.add_parser(
        "addin", help="find or copy the Excel add-in (taxrebal.xlam) installed with taxrebal",
        description="The Excel add-in taxrebal.xlam is installed with the package. Print where it is "
                    "(`taxrebal addin path`) or copy it to a folder (`taxrebal addin copy DIR`), then "
                    "install it into Excel with xlwings.",
        epilog=NEXT_STEPS, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="addin_action", metavar="ACTION")
    p.set_defaults(func=lambda args: _usage(p))

    q = actions.add_parser(
        "path", help="print the absolute path of the installed taxrebal.xlam",
        description="Print the absolute path of taxrebal.xlam inside this taxrebal installation, e.g. for "
                    'xlwings addin install -f "$(taxrebal addin path)".',
        epilog=NEXT_STEPS, formatter_class=argparse.RawDescriptionHelpFormatter)
    q.set_defaults(func=cmd_addin_path)

    q = actions.add_parser(
        "copy", help="copy taxrebal.xlam into a folder",
        description="Copy taxrebal.xlam into DIR (created if missing). An existing DIR/taxrebal.xlam "
                    "with other contents is kept unless --force is given; an identical one is left as is.",
        epilog=NEXT_STEPS, formatter_class=argparse.RawDescriptionHelpFormatter)
    q.add_argument("dir", metavar="DIR", help="the folder to copy taxrebal.xlam into")
    q.add_argument("--force", action="store_true", help="replace an existing DIR/taxrebal.xlam that differs")
    q.set_defaults(func=cmd_addin_copy)


def _usage(parser: argparse.ArgumentParser) -> int:
    from ..cli import EXIT_USAGE

    parser.print_help()
    return EXIT_USAGE
