"""``taxrebal addin install | path | copy DIR``: install, find or copy the Excel add-in that ships
inside the pip package (see :mod:`taxrebal.excel.addin_install` for where it goes and the config
file ``install`` writes).

Exit codes: 0 done; 1 this installation has no add-in, or the config cannot hold the interpreter's
path; 2 usage (not Windows or macOS without ``--startup-dir``, an existing different copy without
``--force``); 3 a file cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path

from ..excel.addin_install import (
    ADDIN_NAME,
    NEXT_STEPS,
    config_encoding,
    install_with_xlwings,
    packaged_addin,
    user_config_path,
    write_user_config,
)
from ..exit_codes import ExitCode
from .output import err

__all__ = ["add_parser", "cmd_addin_path", "cmd_addin_copy", "cmd_addin_install"]


def cmd_addin_path(args: argparse.Namespace) -> int:
    """Print the absolute path of the packaged add-in (exit 1 when it is missing or not a real file)."""
    try:
        addin = packaged_addin()
    except FileNotFoundError as error:
        err(str(error))
        return ExitCode.INPUT
    if not isinstance(addin, Path):  # imported from a zip: nothing on disk that Excel could open
        err(f"taxrebal is installed in a form without real files ({addin}); write the add-in to a folder "
             "with: taxrebal addin copy DIR")
        return ExitCode.INPUT
    print(addin.resolve(), flush=True)
    return ExitCode.OK


def cmd_addin_copy(args: argparse.Namespace) -> int:
    """Copy the packaged add-in to ``args.dir``/taxrebal.xlam; an existing different file needs ``--force``."""
    try:
        data = packaged_addin().read_bytes()
    except FileNotFoundError as error:
        err(str(error))
        return ExitCode.INPUT
    folder = Path(args.dir)
    if folder.exists() and not folder.is_dir():
        err(f"'{folder}' is a file, not a folder; give the folder to copy {ADDIN_NAME} into")
        return ExitCode.USAGE
    target = folder / ADDIN_NAME
    if target.is_dir():
        err(f"'{target}' is a folder; remove it or choose another DIR")
        return ExitCode.USAGE
    if target.is_file():
        if target.read_bytes() == data:
            print(f"{target.resolve()} is already this version of the add-in; nothing copied.", flush=True)
            return ExitCode.OK
        if not args.force:
            err(f"'{target}' exists and differs from this taxrebal's add-in (another version, or a copy into "
                 "which functions were imported); add --force to replace it, or choose another DIR")
            return ExitCode.USAGE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{ADDIN_NAME}.partial")
        partial.write_bytes(data)
        partial.replace(target)  # atomic: Excel never sees half a file
    except OSError as error:
        err(f"could not write '{target}': {error.strerror or error}. Close Excel if it has the add-in open, "
             "check the folder is writable, or choose another DIR")
        return ExitCode.SAVE
    print(f"Copied the add-in to {target.resolve()}", flush=True)
    if not getattr(args, "quiet_next", False):
        print("Install it into Excel with its config with: taxrebal addin install", flush=True)
    return ExitCode.OK


def cmd_addin_install(args: argparse.Namespace) -> int:
    """Install the add-in into Excel (or ``--startup-dir``) and write its user config file."""
    platform = getattr(args, "platform", None) or sys.platform
    if not (platform.startswith("win") or platform == "darwin") and not args.startup_dir:
        err("Excel runs on Windows and macOS: run `taxrebal addin install` there (or give --startup-dir DIR "
             "to only copy the add-in and write its config for Windows' layout)")
        return ExitCode.USAGE
    try:
        addin = packaged_addin()
    except FileNotFoundError as error:
        err(str(error))
        return ExitCode.INPUT
    interpreter = args.interpreter or sys.executable
    key = "INTERPRETER_MAC" if platform == "darwin" else "INTERPRETER_WIN"
    config = user_config_path(platform if platform == "darwin" else "win32", args.home)
    try:
        write_user_config(config, {key: interpreter}, encoding=config_encoding(platform))
    except ValueError as error:
        err(f"could not write {config}: {error}")
        return ExitCode.INPUT
    except OSError as error:
        err(f"could not write {config}: {error.strerror or error}")
        return ExitCode.SAVE
    print(f"Wrote {config}: the add-in runs {interpreter}", flush=True)
    if args.startup_dir:
        return cmd_addin_copy(argparse.Namespace(dir=args.startup_dir, force=True, quiet_next=True))
    with resources.as_file(addin) as path:
        install_with_xlwings(Path(path))
    return ExitCode.OK


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``taxrebal addin {path,copy}`` on the command line's subparsers."""
    p = sub.add_parser(
        "addin", help="install, find or copy the Excel add-in (taxrebal.xlam) installed with taxrebal",
        description="The Excel add-in taxrebal.xlam is installed with the package. Install it into Excel "
                    "with its config (`taxrebal addin install`), print where it is (`taxrebal addin path`) "
                    "or copy it to a folder (`taxrebal addin copy DIR`).",
        epilog=NEXT_STEPS, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="addin_action", metavar="ACTION")
    p.set_defaults(func=lambda args: _usage(p))

    q = actions.add_parser(
        "install", help="install taxrebal.xlam into Excel and write its config (the interpreter)",
        description="Install the add-in into Excel's startup folder with xlwings' installer and write the "
                    "add-in's config file naming this Python as its interpreter, so nothing is set up by hand.",
        epilog=NEXT_STEPS, formatter_class=argparse.RawDescriptionHelpFormatter)
    q.add_argument("--interpreter", metavar="PYTHON",
                   help="the Python the add-in runs (default: the one running this command)")
    q.add_argument("--startup-dir", metavar="DIR", type=Path,
                   help="copy the add-in into DIR instead of asking Excel for its startup folder")
    q.add_argument("--home", metavar="DIR", type=Path, help=argparse.SUPPRESS)  # tests: where the config goes
    q.add_argument("--platform", choices=("win32", "darwin"), help=argparse.SUPPRESS)  # tests
    q.set_defaults(func=cmd_addin_install)

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
    parser.print_help()
    return ExitCode.USAGE
