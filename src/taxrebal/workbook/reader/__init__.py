"""Reading and validating the household workbook into engine records.

Two entry points share one validator: :func:`load_workbook_file` reads an .xlsx/.xlsm/.xlsb/.xls/.ods
file (python-calamine, values only; openpyxl read-only as a fallback) and :func:`load_sheets` takes
sheets already read (from live Excel through xlwings, or from a test) as 2D lists whose row 0 is
worksheet row 1 and column 0 is column A. Either way the result is a :class:`LoadResult`: the
:class:`~taxrebal.engine.records.Household` (or ``None`` when any error was found) and every
:class:`~taxrebal.errors.Issue`, in sheet and row order, each naming the cell and the fix.

The contract (sheets, columns, spellings, severities and the reasons for them) is documented in
:mod:`taxrebal.workbook.schema`; cell parsing rules in :mod:`taxrebal.workbook.cells` and
:mod:`taxrebal.workbook.rules`. The package, by concern:

- :mod:`.tables`: the issue collector, header matching (the one header rule), column parsing;
- :mod:`.settings`: the Settings sheet;
- :mod:`.holdings`: Accounts, Securities, Targets, Lots;
- :mod:`.activity`: Transactions, Menus, Sales, Proposed Trades;
- :mod:`.checks`: sheet names and the asset classes across Securities and Targets;
- :mod:`.load`: the validator (:func:`load_sheets`);
- :mod:`.files`: reading a file (:func:`load_workbook_file`, :func:`read_raw_sheets`).

Worked example: a Lots row 7 with Account "Joint", Symbol "vti", Acquired 45000, Quantity "10",
Cost Basis "$2,000.00" becomes ``Lot(lot_id="Lots!7", account="Joint", symbol="VTI",
acquired=date(2023, 3, 15), quantity=10.0, basis=2000.0, source=SourceRef("Lots", 7))``; the same row
with Account "Jiont" (not on Accounts) gives the error ``Lots!B7: Account 'Jiont' is not on the
Accounts sheet...`` and no household.

Performance (``bench/bench_load.py``, 100,000 lots + 20,000 transactions, 884,104 cells): the whole
load takes about 2.2x the CPU time python-calamine alone needs to read the file, with a 139 MB peak.
Columns are parsed one at a time with each distinct text parsed once (account names, symbols and
dates repeat), valid lot rows take a short path, and the cyclic garbage collector is paused while the
acyclic records are built.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .files import load_workbook_file, read_raw_sheets
    from .load import LoadResult, load_sheets

__all__ = ["LoadResult", "load_sheets", "load_workbook_file", "read_raw_sheets"]

#: Where each public name lives. They are imported on first use (PEP 562), so a module that needs only
#: :mod:`.tables` (the cell functions' header rule) does not load the file reader and the validator:
#: ``import taxrebal.excel.udfs`` runs inside Excel on every start.
_HOME = {"LoadResult": ".load", "load_sheets": ".load", "load_workbook_file": ".files", "read_raw_sheets": ".files"}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
