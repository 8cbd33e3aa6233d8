"""The shape of a sheet: how a column's cells are parsed (:class:`CellKind`), a column
(:class:`ColumnSpec`: its header, accepted spellings, kind, and the number format and drop-down the
template gives it), a sheet (:class:`SheetSpec`), the plausibility limits of numbers and the number
formats of each kind of cell. The sheets themselves are in :mod:`.sheets`; the rules they follow are
stated in :mod:`taxrebal.workbook.schema`.

Example: ``ColumnSpec("basis", "Cost Basis", CellKind.MONEY, aliases=("Basis",))`` reads a column headed
``Cost Basis``, ``cost_basis`` or ``BASIS`` as money, and the template formats its cells ``#,##0.00``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Mapping, Optional

from ..cells import normalize_key

__all__ = [
    "CellKind", "ColumnSpec", "SheetSpec", "MAX_AMOUNT", "MAX_QUANTITY", "MAX_PRICE", "MIN_PRICE", "DATE_FORMAT",
    "MONEY_FORMAT", "PRICE_FORMAT", "QUANTITY_FORMAT", "PERCENT_FORMAT", "TARGET_FORMAT", "BAND_FORMAT",
    "TEXT_FORMAT", "WHOLE_FORMAT",
]


class CellKind(str, Enum):
    """How a column's cells are parsed (see :mod:`taxrebal.workbook.cells`)."""

    TEXT = "text"
    SYMBOL = "symbol"
    SYMBOLS = "symbols"  # comma-separated list
    LIST = "list"  # comma-separated ids
    NUMBER = "number"
    MONEY = "money"
    PERCENT = "percent"
    BAND = "band"
    DATE = "date"
    ACQUIRED = "acquired"  # a date or "Inherited"
    BOOL = "bool"
    INT = "int"
    CHOICE = "choice"


#: Plausibility limits (a value beyond them is a typo or a hostile file, never a household's):
#: amounts of money up to $1 trillion, share counts up to a trillion, prices up to $10 million a
#: share. ``1e308`` in Ordinary Income or a lot's basis is refused, not carried into the tax.
MAX_AMOUNT = 1e12
MAX_QUANTITY = 1e12
MAX_PRICE = 1e7
#: The least price a share can have: $0.0001, the smallest increment a quote below $1.00 may use (SEC
#: Regulation NMS Rule 612). A positive price below it is a typo (1e-12 for 12): the rebalancer's model
#: would need more than 1e14 shares per $10,000, which the solver refuses.
MIN_PRICE = 0.0001

#: Number formats the template gives each kind of cell (one place; the template reads them here).
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
PRICE_FORMAT = "#,##0.00##"
QUANTITY_FORMAT = "#,##0.######"
PERCENT_FORMAT = "0.00%"
#: Target and Band cells show what taxrebal reads (README "Percentages"): a bare number above 1 (Target) or
#: of 1 or more (Band) is points and is shown as typed with a % sign (60 -> "60.0%", not "6000.00%"); a
#: fraction is shown as a percentage (0.6 -> "60.0%"; a Band of 0.5 -> "50.0%", so the typo is visible).
TARGET_FORMAT = '[>1]0.0#"%";0.0#%'
BAND_FORMAT = '[>=1]0.0#"%";0.0#%'
TEXT_FORMAT = "@"
WHOLE_FORMAT = "0"


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a sheet. ``key`` is what the reader calls it; ``header`` is written by the
    template; ``aliases`` are further accepted headers; ``choices`` is the alias map of a CHOICE
    column and ``accepted`` lists its canonical values for messages."""

    key: str
    header: str
    kind: CellKind
    required: bool = False
    aliases: tuple[str, ...] = ()
    doc: str = ""
    choices: Optional[Mapping[str, Any]] = None
    accepted: str = ""

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.header,) + self.aliases

    @property
    def number_format(self) -> str:
        """The format the template gives the column's cells, from its kind (dates yyyy-mm-dd, money
        with thousands separators, prices with up to four decimals, percentages)."""
        if self.kind in (CellKind.DATE, CellKind.ACQUIRED):
            return DATE_FORMAT
        if self.kind is CellKind.MONEY:
            return PRICE_FORMAT if "price" in self.key or self.key == "unit_cost" else MONEY_FORMAT
        if self.kind is CellKind.NUMBER:
            return QUANTITY_FORMAT
        if self.kind is CellKind.PERCENT:
            return TARGET_FORMAT
        if self.kind is CellKind.BAND:
            return BAND_FORMAT
        return TEXT_FORMAT

    @property
    def dropdown(self) -> tuple[str, ...]:
        """The template's drop-down list: the canonical choices of a CHOICE column, Y/N for yes/no."""
        if self.kind is CellKind.BOOL:
            return ("Y", "N")
        if self.kind is CellKind.CHOICE and self.choices:
            seen: dict[str, None] = {}
            for v in self.choices.values():
                seen.setdefault(getattr(v, "value", v), None)
            return tuple(seen)
        return ()

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(normalize_key(s) for s in self.spellings)


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[ColumnSpec, ...]
    required: bool
    doc: str

    def column(self, key: str) -> ColumnSpec:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)
