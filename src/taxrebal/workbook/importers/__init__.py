"""Broker files into the household workbook: ``taxrebal import BOOK FILE...`` and the ribbon's Import.

One module per broker format (:mod:`.schwab`, :mod:`.fidelity`, :mod:`.ibkr`, :mod:`.vanguard`,
:mod:`.generic`) turns a file into a :class:`~.records.BrokerFile`; :mod:`.detect` tells the format
from the header rows; :mod:`.apply` decides the cells to write (pure, on 2D values); :mod:`.xlsx`
writes them into a file safely; :mod:`.command` is the command line.
"""

from .apply import CellWrite, ImportPlan, plan_import
from .detect import BROKERS, parse_file, parse_text
from .records import BrokerFile, ImportedLot, ImportedPrice, ImportedTrade

__all__ = ["BROKERS", "BrokerFile", "CellWrite", "ImportPlan", "ImportedLot", "ImportedPrice", "ImportedTrade",
           "parse_file", "parse_text", "plan_import"]
