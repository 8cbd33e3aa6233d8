"""Memory rules of a large household (issue 13; measured by ``bench/bench_memory.py``).

1. The records held by the hundred thousand, :class:`Lot`, :class:`Transaction` and their
   :class:`SourceRef`, carry no per-instance dict (``__slots__``) and still behave as frozen records:
   ``replace``, equality without ``source``, hashing, pickling, no assignment.
2. Reading a file hands each sheet's cells to the validator once and forgets them there, so a sheet
   already turned into records is freed before the next one is read; every sheet name stays listed
   (the missing-sheet message names them) and a second read of one sheet is a bug that says so.
3. On Linux (glibc) the command line has large freed blocks returned to the system, so one HiGHS
   solve's memory is not kept through the next.
4. The rebalancing model grows in typed arrays, not lists of Python numbers.
"""

from __future__ import annotations

import dataclasses
import pickle
import sys
from datetime import date

import pytest

from taxrebal.engine.records import Action, Lot, SourceRef, Transaction
from taxrebal.workbook.reader.files import _HandedOver


def _lot(**changes) -> Lot:
    lot = Lot("L1", "Joint", "VTI", date(2024, 3, 15), 10.0, 2000.0, source=SourceRef("Lots", 2))
    return dataclasses.replace(lot, **changes)


@pytest.mark.parametrize("record", [
    _lot(),
    Transaction(date(2025, 1, 2), "Joint", "VTI", Action.SELL, 5.0, 250.0, lot_id="L1",
                source=SourceRef("Transactions", 3)),
    SourceRef("Lots", 7),
])
def test_bulk_records_have_no_instance_dict_and_stay_frozen_records(record):
    assert not hasattr(record, "__dict__")
    assert pickle.loads(pickle.dumps(record)) == record
    assert hash(record) == hash(pickle.loads(pickle.dumps(record)))
    field = dataclasses.fields(record)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(record, field, None)
    with pytest.raises((TypeError, AttributeError)):  # no dict to take a new attribute
        record.extra = 1  # type: ignore[attr-defined]


def test_a_lot_replaced_keeps_its_fields_and_compares_without_its_source():
    lot = _lot()
    washed = dataclasses.replace(lot, wash_adjustment=125.0, adjusted_acquired=date(2023, 1, 4))
    assert (washed.adjusted_basis, washed.holding_start) == (2125.0, date(2023, 1, 4))
    assert washed.source == SourceRef("Lots", 2)
    assert lot == _lot(source=SourceRef("Lots", 99))  # source is compare=False
    assert lot.inherited is False and lot.wash_adjustment == 0.0  # defaults as before


def test_sheets_are_handed_over_once_and_every_name_stays_listed():
    cells = {"Settings": [["Setting", "Value"]], "Lots": [["Lot ID"], ["L1"]]}
    sheets = _HandedOver(cells)
    assert list(sheets) == ["Settings", "Lots"] and len(sheets) == 2
    assert "Lots" in sheets and "Nope" not in sheets  # asking does not consume
    assert sheets["Lots"] == [["Lot ID"], ["L1"]]
    assert "Lots" not in cells  # forgotten here once read: the validator holds the only reference
    assert list(sheets) == ["Settings", "Lots"]  # still listed
    with pytest.raises(RuntimeError, match="read twice"):
        sheets["Lots"]
    with pytest.raises(KeyError):
        sheets["Nope"]


def test_the_command_line_returns_large_freed_blocks_on_linux(monkeypatch):
    """Blocks of 256 KiB or more are mapped and unmapped on their own (cli/allocator.py); elsewhere
    nothing changes."""
    import ctypes.util

    from taxrebal.cli import allocator

    expected = sys.platform.startswith("linux") and bool(ctypes.util.find_library("c")) and _is_glibc()
    assert allocator.return_freed_memory() is expected
    monkeypatch.setattr(allocator.sys, "platform", "darwin")
    assert allocator.return_freed_memory() is False


def _is_glibc() -> bool:
    import platform

    return platform.libc_ver()[0] == "glibc"


def test_the_growing_model_holds_typed_arrays_that_behave_as_lists():
    """The rebalancing model's coefficients and bounds are typed arrays (8 bytes an entry): they
    append, index and assign as the lists did, and the frozen model is a copy, not a view."""
    from taxrebal.engine.rebalance.lp import _Lp

    lp = _Lp()
    x, y = lp.var(0.0, 10.0, integer=True), lp.var()
    lp.row({x: 2.0, y: 0.0}, -float("inf"), 8.0)  # the zero is left out
    frozen = lp.frozen()
    assert frozen.A.toarray().tolist() == [[2.0, 0.0]] and frozen.ub.tolist() == [10.0, float("inf")]
    lp.ub[x] = 4.0  # as dust.py and orders.py do
    lp.integ[x] = 0
    assert (lp.ub[x], lp.integ[x], lp.n) == (4.0, 0, 2)
    assert frozen.ub[0] == 10.0  # the frozen arrays did not change under it
    lp.var()  # and the arrays can still grow
    assert lp.n == 3
