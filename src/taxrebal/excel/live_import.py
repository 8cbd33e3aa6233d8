"""The ribbon's **Import** button: broker files into the open household workbook, through Excel.

The same rules as ``taxrebal import`` (:mod:`taxrebal.workbook.importers`): the files are parsed
first (a bad file stops everything with its file, line and column: nothing is written), the rows
are planned on the workbook's values by the same :func:`~taxrebal.workbook.importers.plan_import`,
and only then written, cell by cell, through xlwings' BSD API (``sheet.range((row, col)).value``).
Text is written into cells formatted as Text (``@``), so Excel stores ``=HYPERLINK(...)`` from a
file as text, never as a formula. A price cell holding a formula is left alone. Excel's Undo does not
cover changes made by a macro: save first if you want a way back (the message box says so).

The files are chosen with Excel's own file dialog (``Application.GetOpenFilename``, multi-select),
reached through ``app.api`` on Windows. Where that is not available (macOS, where ``app.api`` is an
AppleScript bridge), the button explains how to use ``taxrebal import`` instead. Accounts are matched
through the Accounts sheet's Broker Account column (there is no ``--account`` on the ribbon).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Callable, Optional, Sequence

from ..errors import BrokerFileError, Severity
from ..workbook.importers import parse_file, plan_import
from ..workbook.importers.apply import CellWrite, ImportPlan
from ..workbook.importers.followups import rechecked_broker_washes
from ..workbook.reader import load_sheets

__all__ = ["import_files_into_book", "pick_files", "apply_live"]

_FORMATS = {"date": "yyyy-mm-dd", "money": "#,##0.00", "price": "#,##0.00##", "number": "#,##0.######"}


def pick_files(book: Any) -> Optional[list[str]]:
    """Excel's Open dialog (several files); None when unavailable, [] when cancelled."""
    try:
        picked = book.app.api.GetOpenFilename(
            "Broker exports (*.csv;*.xml;*.txt),*.csv;*.xml;*.txt,All files (*.*),*.*", 1,
            "taxrebal: choose the broker files to import", None, True)
    except Exception:  # noqa: BLE001 - no COM dialog here (macOS, a test double)
        return None
    if picked is False or picked is None:
        return []
    if isinstance(picked, str):
        return [picked]
    return [str(p) for p in picked]


def _formula(rng: Any) -> str:
    try:
        text = rng.formula
    except Exception:  # noqa: BLE001
        return ""
    return text if isinstance(text, str) and text.startswith("=") else ""


def apply_live(book: Any, plan: ImportPlan) -> list[str]:
    """Write ``plan`` into the live workbook; returns notes (cells left alone)."""
    notes: list[str] = []
    for name in plan.new_sheets:
        if name not in [s.name for s in book.sheets]:
            book.sheets.add(name, after=book.sheets[len(book.sheets) - 1])
    grown: dict[str, tuple[int, int]] = {}
    for w in plan.writes:
        sheet = book.sheets[w.sheet]
        rng = sheet.range((w.row, w.col))
        if w.kind == "price" and _formula(rng):
            notes.append(f"{w.sheet}: a price cell holds a formula ({_formula(rng)}); the imported price was not "
                         "written over it.")
            continue
        _write(rng, w)
        r, c = grown.get(w.sheet, (0, 0))
        grown[w.sheet] = (max(r, w.row), max(c, w.col))
    for name, (row, col) in grown.items():
        _grow_table(book.sheets[name], row, col)
    return notes


def _write(rng: Any, w: CellWrite) -> None:
    if w.kind == "clear":
        rng.value = None
        return
    if w.kind == "text":
        rng.number_format = "@"  # Excel keeps what is written into a Text cell as text
        rng.value = str(w.value)
        return
    if w.kind == "date":
        d = w.value
        rng.value = datetime(d.year, d.month, d.day) if isinstance(d, date) and not isinstance(d, datetime) else d
    elif w.kind == "money":
        rng.value = round(float(w.value), 2)
    else:
        rng.value = float(w.value)
    try:
        if rng.number_format in ("General", "@") and w.kind in _FORMATS:
            rng.number_format = _FORMATS[w.kind]
    except Exception:  # noqa: BLE001
        pass


def _grow_table(sheet: Any, row: int, col: int) -> None:
    """Resize the sheet's first Excel Table (ListObject) to cover what was written (Windows COM)."""
    try:
        table = sheet.api.ListObjects(1)
        area = table.Range
        first_row, first_col = area.Row, area.Column
        last_row = max(area.Row + area.Rows.Count - 1, row)
        last_col = max(area.Column + area.Columns.Count - 1, col)
        table.Resize(sheet.api.Range(sheet.api.Cells(first_row, first_col), sheet.api.Cells(last_row, last_col)))
    except Exception:  # noqa: BLE001 - no table, or no COM: the rows are written all the same
        pass


def import_files_into_book(book: Any, paths: Sequence[str], read_sheets: Callable[[Any], dict[str, Any]],
                           alert: Callable[..., None], today: Optional[date] = None) -> Optional[ImportPlan]:
    """Parse ``paths``, plan, write; every outcome is told with ``alert(book, message, critical=...)``.
    ``today`` (the click's date) fills a blank Settings As Of for the wash-sale re-check."""
    files = []
    for p in paths:
        try:
            files.append(parse_file(p))
        except BrokerFileError as err:
            alert(book, f"{err}\n\nNothing was imported.", critical=True)
            return None
    plan = plan_import(read_sheets(book), files)
    if not plan.ok:
        text = "\n".join(e.replace("--account NAME", "the account's number in the Broker Account column of "
                                   "Accounts") for e in plan.errors[:8])
        alert(book, f"{text}\n\nNothing was imported.", critical=True)
        return None
    notes = apply_live(book, plan)
    follow_up = list(plan.follow_up)
    if not plan.unchanged and plan.broker_washes:
        # a broker-disallowed Sell's warning says what the workbook now finds, as `taxrebal import` says it
        # (fe17 F6): the same import may have written the purchase that washed the loss
        follow_up = rechecked_broker_washes(load_sheets(read_sheets(book), default_as_of=today), plan.broker_washes,
                                            follow_up)
    lines = ([f"Nothing changed: the workbook already holds every lot, transaction and price of these {len(files)} "
              "file(s) (they were imported before)."] if plan.unchanged else
             [f"Imported {len(files)} file(s): {plan.summary()}"])
    lines += [f"{i.severity.value}: {i.location}: {i.message}" for i in follow_up][:8]
    lines += (plan.notes + notes)[:6]
    lines.append("Excel cannot undo a macro's changes; the rows the import wrote carry their Source.")
    alert(book, "\n\n".join(lines), critical=any(i.severity is Severity.ERROR for i in follow_up))
    return plan
