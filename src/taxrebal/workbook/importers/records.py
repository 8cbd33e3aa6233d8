"""What a broker file says, as small frozen records, before it touches the workbook.

Every format parser (``schwab``, ``fidelity``, ``ibkr``, ``vanguard``, ``generic``) turns one file
into one :class:`BrokerFile`; :mod:`~taxrebal.workbook.importers.apply` then decides the rows to add
to Lots, Transactions and Securities. Quantities are positive share counts; money is dollars as the
broker printed it (rounded to cents only when written).

Worked example: the Schwab lot-details file ``VTI_lots.csv`` of account ``...123`` with two open lots
becomes ``BrokerFile(name="VTI_lots.csv", broker="schwab-lots", account_number="...123",
lots=(ImportedLot("VTI", date(2012, 3, 15), 400, 28480.0), ImportedLot("VTI", ...)),
snapshots=(("...123", "VTI"),), prices=(ImportedPrice("VTI", 330.0),))``: the file is the whole
truth about VTI in that account, so re-importing it replaces the VTI rows an earlier import wrote.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from ...engine.records import Action

__all__ = ["ImportedLot", "ImportedTrade", "ImportedPrice", "BrokerFile", "WHOLE_ACCOUNT"]

#: ``BrokerFile.snapshots`` symbol meaning "every symbol of the account" (a whole-account snapshot,
#: e.g. an Interactive Brokers OpenPositions section: a symbol no longer listed was sold).
WHOLE_ACCOUNT = "*"


@dataclass(frozen=True)
class ImportedLot:
    """One open tax lot. ``account_number`` is set when the file names the account per row."""

    symbol: str
    acquired: Optional[dt.date]
    quantity: float
    cost_basis: Optional[float]
    wash_adjusted: bool = False
    note: str = ""
    account_number: str = ""
    line: int = 0  # where in the file (for messages)
    #: a wash-adjusted lot's real purchase (its Acquired is the broker's adjusted date): the day and
    #: price per share it was bought at (price None when the file does not say)
    bought: Optional[dt.date] = None
    bought_price: Optional[float] = None


@dataclass(frozen=True)
class ImportedTrade:
    """One trade for the Transactions sheet (a Sell may carry the relieved lot's date and basis)."""

    date: dt.date
    symbol: str
    action: Action
    quantity: float
    price: float
    acquired: Optional[dt.date] = None
    cost_basis: Optional[float] = None
    note: str = ""
    account_number: str = ""
    line: int = 0
    #: a Sell's loss the broker disallowed as a wash sale (positive dollars; 0 = none). The workbook has
    #: no cell for it: the import warns (apply.py), so the broker's figure is never dropped silently.
    disallowed: float = 0.0


@dataclass(frozen=True)
class ImportedPrice:
    symbol: str
    price: float
    name: str = ""


@dataclass(frozen=True)
class BrokerFile:
    """One parsed broker file.

    ``snapshots``: the (account number, symbol) pairs whose open lots this file lists completely
    (symbol :data:`WHOLE_ACCOUNT` = every symbol of that account); "" as account number means the
    account the whole file belongs to. ``notes``: plain sentences for the user (rows skipped and why).
    """

    name: str
    broker: str
    label: str
    account_number: str = ""
    lots: tuple[ImportedLot, ...] = ()
    trades: tuple[ImportedTrade, ...] = ()
    prices: tuple[ImportedPrice, ...] = ()
    snapshots: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    #: (line, sentence): rows the import could not carry into the workbook and the user must act on
    #: (a stock split, a transfer in); reported as warnings naming the file and line
    warnings: tuple[tuple[int, str], ...] = ()
    #: the account's core cash (Fidelity's money-market position, ``SPAXX**``): (account number, dollars,
    #: line, what the file calls it); importers/core_cash.py puts it in Accounts Cash (fe17 F8)
    cash: tuple[tuple[str, float, int, str], ...] = ()
