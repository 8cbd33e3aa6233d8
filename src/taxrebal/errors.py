"""Every error taxrebal raises or reports, in one place.

Two kinds of problem exist, and they are handled differently:

* **Issues** are problems in the user's data (a text in a number column, a lot in an unknown
  account). They are *values*, collected while reading, written to the Issues sheet with the sheet,
  cell and a fix, never raised as tracebacks. Severity ``error`` stops the run before any result is
  written; ``warning`` drops the bad record and goes on; ``info`` only informs.
* **Exceptions** (subclasses of :class:`TaxrebalError`) are for conditions a caller must handle:
  selling more than is held, an optimization with no feasible plan, a workbook that cannot be saved
  safely. Each message says what to change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

__all__ = [
    "Severity",
    "Issue",
    "not_said_before",
    "LEFT_OUT",
    "IssueCounts",
    "TaxrebalError",
    "InputError",
    "WorkbookError",
    "SaveError",
    "UnsafeWorkbookError",
    "NotOwnedSheetError",
    "OversellError",
    "LotSelectionError",
    "UnknownParameterError",
    "InfeasiblePlanError",
    "ArgumentError",
    "BrokerFileError",
]


class Severity(str, Enum):
    ERROR = "Error"
    WARNING = "Warning"
    INFO = "Info"


@dataclass(frozen=True)
class Issue:
    """One problem found in the input, as written to the Issues sheet.

    ``cell`` is an A1 reference within ``sheet`` (``"E7"``), a range of one column's cells
    (``"B2:B5"``, e.g. Targets that do not add up to 100%), a column letter, or ``""`` for a whole
    sheet. ``message`` says what is wrong *and* how to fix it.
    """

    severity: Severity
    sheet: str
    cell: str
    message: str
    #: a bug in taxrebal caught by the pipeline (not a problem of the workbook): the run exits with
    #: ``ExitCode.INTERNAL`` (70), not ``INPUT`` (1), so a script is not told the workbook is wrong
    internal: bool = field(default=False, compare=False)

    @property
    def location(self) -> str:
        """``Lots!E7`` style reference (``Lots`` when no cell)."""
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def __str__(self) -> str:  # pragma: no cover - formatting only
        return f"{self.severity.value}: {self.location}: {self.message}"


#: What the reader and the wash-sale engine both say of a taxable Sell whose lot is not known.
LEFT_OUT = "left out of wash sales and Form 8949"


def _row(issue: Issue) -> str:
    """The row of a one-cell reference (``G3`` -> ``3``), else ""."""
    digits = issue.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return digits if digits.isdigit() and digits != issue.cell else ""


def not_said_before(new: "tuple[Issue, ...] | list[Issue]", said: "tuple[Issue, ...] | list[Issue]",
                    phrase: str) -> tuple[Issue, ...]:
    """``new`` without the issues that repeat one of ``said`` for the same row: same sheet and row,
    both messages containing ``phrase``. One root cause, one message (fe16 F14: a Sell row without a
    lot gave the reader's warning on Transactions!G3 and the wash-sale engine's on Transactions!A3)."""
    rows = {(i.sheet, _row(i)) for i in said if phrase in i.message and _row(i)}
    return tuple(i for i in new if not (phrase in i.message and _row(i) and (i.sheet, _row(i)) in rows))


class IssueCounts:
    """What every result that carries issues answers (a workbook load, a run): ``errors`` and
    ``warnings`` among its ``issues``, and ``ok`` when none is an error. Example: a load with one
    Warning and one Info is ``ok``; ``warnings`` is that one Warning."""

    issues: tuple[Issue, ...]

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """True when no issue is an error (warnings and infos allowed)."""
        return not self.errors


class TaxrebalError(Exception):
    """Base of all taxrebal exceptions. ``str(err)`` is written for the end user."""


class InputError(TaxrebalError):
    """The input cannot be used; carries the issues that explain why."""

    def __init__(self, message: str, issues: tuple[Issue, ...] = ()):
        super().__init__(message)
        self.issues = tuple(issues)


class WorkbookError(TaxrebalError):
    """A workbook cannot be opened, read or saved."""


class SaveError(WorkbookError):
    """A result cannot be written safely (the folder is missing, the file is open in Excel or
    read-only, a backup cannot be made); nothing was written. The command line exits with
    ``ExitCode.SAVE`` for it, and with ``ExitCode.INPUT`` for any other :class:`WorkbookError` (a
    workbook that cannot be read)."""


class UnsafeWorkbookError(SaveError):
    """Rewriting this workbook would lose something the user made (charts, images, shapes)."""


class NotOwnedSheetError(SaveError):
    """A result sheet name is taken by a sheet taxrebal did not create."""


class OversellError(TaxrebalError):
    """A sale asks for more shares than the chosen lots hold."""


class LotSelectionError(TaxrebalError):
    """Lots cannot be chosen as asked: an unknown Lot ID, a lot without the dates its holding
    period needs, or a method that needs the household's tax profile."""


class UnknownParameterError(TaxrebalError):
    """No tax parameter is known for the requested year, filing status or name."""


class InfeasiblePlanError(TaxrebalError):
    """The rebalancer found no plan meeting every constraint; the message says what to relax."""


class ArgumentError(TaxrebalError):
    """A cell function (UDF) argument cannot be used; the message names the argument and the fix.

    Cell functions never raise it into Excel: they return ``"#TAXREBAL! " + message`` instead."""


class BrokerFileError(TaxrebalError):
    """A broker file (``taxrebal import``) cannot be read. ``file``, ``line`` (1-based, 0 = the whole
    file) and ``column`` (the file's own header text, "" when none) say where; the message says why
    and what to do. Nothing is written to the workbook when an import raises it."""

    def __init__(self, file: str, line: int, column: str, problem: str):
        self.file, self.line, self.column, self.problem = file, line, column, problem
        where = file + (f", line {line}" if line else "") + (f", column \"{column}\"" if column else "")
        super().__init__(f"{where}: {problem}")
