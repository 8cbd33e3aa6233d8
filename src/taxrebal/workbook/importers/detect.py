"""Which broker wrote a file, told from its header rows (or forced with ``--broker``).

Each format is recognised by a set of header cells that only it writes, searched in the first 40
lines (title lines come first in several exports); the Flex XML by its root element. The generic CSV
is the fallback: any header with a Symbol and a Quantity column. Worked example: a file whose third
line is ``"Open Date","Transaction Open","Quantity",...,"Disallowed Loss",`` is ``schwab-lots``.

| ``--broker`` | Format | Gives |
|---|---|---|
| ``schwab-lots`` | Schwab lot details (both variants) | open lots of one symbol, price |
| ``schwab-realized`` | Schwab realized gain/loss details | closed lots -> Sells |
| ``fidelity-realized`` | Fidelity realized gain/loss | closed lots -> Sells |
| ``fidelity-positions`` | Fidelity positions | prices; one lot per position with ``--positions-as-lots`` |
| ``ibkr-flex`` | Interactive Brokers Flex Query XML | open lots (LOT), trades, closed lots, prices |
| ``vanguard`` | Vanguard transactions download | Buys, Sells, Reinvestments, prices |
| ``generic`` | a CSV with the workbook's column names | lots or transactions |
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional, Sequence

from ...errors import BrokerFileError
from ..cells import normalize_key
from . import fidelity, generic, ibkr, schwab, vanguard
from .records import BrokerFile
from .text import Line, csv_lines, decode, find_header

__all__ = ["BROKERS", "detect", "near_miss", "parse_text", "parse_file"]

_SCAN = 40

#: ``--broker`` value -> (what it is, header cells that identify it)
_SIGNATURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "schwab-lots": ("Schwab lot details", schwab.LOTS_HEADERS),
    "schwab-realized": ("Schwab realized gain/loss", schwab.REALIZED_HEADERS),
    "fidelity-realized": ("Fidelity realized gain/loss", fidelity.REALIZED_HEADERS),
    "fidelity-positions": ("Fidelity positions", fidelity.POSITIONS_HEADERS),
    "vanguard": ("Vanguard transactions", vanguard.TRANSACTION_HEADERS),
}

BROKERS: tuple[str, ...] = ("auto", *_SIGNATURES, "ibkr-flex", "generic")


def detect(text: str, lines: Sequence[Line]) -> str:
    """The format key of a decoded file, or "" when no format matches."""
    if ibkr.looks_like_flex(text):
        return "ibkr-flex"
    head = list(lines[:_SCAN])
    for key, (_, headers) in _SIGNATURES.items():
        if find_header(head, headers) is not None:
            return key
    if generic.looks_generic(head):
        return "generic"
    return ""


def near_miss(lines: Sequence[Line], keys: Sequence[str] = tuple(_SIGNATURES)) -> Optional[BrokerFileError]:
    """A header line holding every identifying cell of a format but one (fe17 F14: a Schwab realized file
    without "Proceeds Per Share" was read as a generic CSV and failed on an unrelated column): the error
    naming the format, the line and the missing header. Only formats of four or more identifying cells,
    so a generic CSV with a few of the same names is never taken for one."""
    head = list(lines[:_SCAN])
    for key in keys:
        label, headers = _SIGNATURES[key]
        if len(headers) < 4:
            continue
        for ln in head:
            have = {normalize_key(c) for c in ln.cells}
            missing = [h for h in headers if normalize_key(h) not in have]
            if len(missing) == 1:
                present = ", ".join(h for h in headers if h not in missing)
                return BrokerFileError("", ln.number, "", (
                    f"this looks like a {label} file (its header has {present}), but it has no "
                    f"\"{missing[0]}\" column, which taxrebal needs to read it. Download the file "
                    f"again with every column (see the README, \"Importing broker files\"), or add that column; "
                    f"--broker generic reads it as a generic CSV instead."))
    return None


def _with_name(err: BrokerFileError, name: str) -> BrokerFileError:
    return BrokerFileError(name, err.line, err.column, err.problem)


def _csv_parser(key: str, positions_as_lots: bool) -> Callable[[str, Sequence[Line]], BrokerFile]:
    return {
        "schwab-lots": schwab.parse_lot_details,
        "schwab-realized": schwab.parse_realized,
        "fidelity-realized": fidelity.parse_realized,
        "fidelity-positions": lambda n, ls: fidelity.parse_positions(n, ls, as_lots=positions_as_lots),
        "vanguard": vanguard.parse_transactions,
        "generic": generic.parse_generic,
    }[key]


def parse_text(name: str, text: str, broker: str = "auto", *, positions_as_lots: bool = False) -> BrokerFile:
    """Parse decoded file text. Raises :class:`BrokerFileError` naming the file, line and column."""
    if broker not in BROKERS:
        raise BrokerFileError(name, 0, "", f"unknown format '{broker}'; use one of: {', '.join(BROKERS)}.")
    if broker == "ibkr-flex" or (broker == "auto" and ibkr.looks_like_flex(text)):
        return ibkr.parse_flex(name, text)
    lines = csv_lines(text, name)
    key = detect(text, lines) if broker == "auto" else broker
    if broker == "auto" and key in ("generic", ""):
        missed = near_miss(lines)
        if missed is not None:
            raise _with_name(missed, name)
    if not key:
        first = next((ln for ln in lines if not ln.blank), None)
        seen = f" (its first line is: {', '.join(first.cells[:6])})" if first else " (it is empty)"
        raise BrokerFileError(name, 0, "", "this is not a broker export taxrebal knows" + seen + ". Supported: "
                              "Schwab lot details and realized gain/loss, Fidelity realized gain/loss and positions, "
                              "Interactive Brokers Flex XML, Vanguard transactions, or a generic CSV with Symbol and "
                              "Quantity columns (see the README); --broker forces a format.")
    try:
        return _csv_parser(key, positions_as_lots)(name, lines)
    except BrokerFileError as err:
        # a forced format whose header is not found: name the one missing header when a line nearly matches
        missed = near_miss(lines, (key,)) if key in _SIGNATURES and err.line == 0 else None
        raise (_with_name(missed, name) if missed is not None else err) from None


def parse_file(path: Path | str, broker: str = "auto", *, positions_as_lots: bool = False) -> BrokerFile:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise BrokerFileError(p.name, 0, "", f"cannot be read ({err.strerror or err}).") from err
    return parse_text(p.name, decode(data, p.name), broker, positions_as_lots=positions_as_lots)
