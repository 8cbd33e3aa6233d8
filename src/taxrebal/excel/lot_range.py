"""A Lots range passed to a cell function: checked once, each symbol's lots parsed when first asked for.

A sheet of ``=TAXCOST(...)`` cells passes the same Lots range to every cell, each time as a fresh 2D
list (Excel converts every cell again). :mod:`taxrebal.excel.convert` finds the parsed range by its
content; this module is what is parsed, and it is built for that pattern:

* **What every caller relies on is checked when the range is first read**: the header (the Lots
  sheet's spellings) and each row's Symbol (a row without one is an error, not a lot silently left
  out).
* **A symbol's rows are parsed the first time its lots are asked for** (:meth:`LotTable.of`), so a
  TAXCOST cell parses only its symbol's rows, and a bad cell stops only the symbol it belongs to and
  every whole-range use (:attr:`LotTable.lots`). The same goes for a Lot ID that appears twice (a
  blank one becomes ``Lots!<row>``): checked among a symbol's lots when they are parsed, and across
  the whole range for :attr:`LotTable.lots`. A cell's tax reads only its symbol's lots (a Specific ID
  names one of them), so an ID repeated under another symbol cannot change it; ``taxrebal check``
  and the add-in's Validate still report it on the Lots sheet.
* **Speed without a second rule**: one hashing pass gives every row the code of its Symbol cell and a
  symbol's rows are one numpy comparison of the codes, made when the symbol is first asked for
  (:class:`_SymbolRows`); the copy and the parse run with the cyclic garbage collector paused
  (:func:`taxrebal.excel.convert.gc_paused`).

Worked example: the range ``[[Lot ID, Account, Symbol, Acquired, Quantity, Cost Basis], [L1, Brokerage,
VTI, 45000, 10, 1000], [L2, Brokerage, BND, 45001, 5, 400]]`` has the symbols VTI and BND;
``of("VTI")`` is one lot L1 of 10 shares acquired 2023-03-15 (serial 45000) with basis $1,000, and
BND's row is not parsed until asked for.
"""

from __future__ import annotations

from collections import deque
from dataclasses import MISSING, fields
from datetime import date, datetime
from itertools import count, repeat
from operator import is_, itemgetter
from typing import Any, Callable, Iterator, Mapping, Optional, Sequence, cast

from taxrebal.engine.records import Lot
from taxrebal.errors import ArgumentError
from taxrebal.workbook import schema
from taxrebal.workbook.cells import _FALSE as _FALSE_WORDS  # the Y/N words of the one bool rule
from taxrebal.workbook.cells import _TRUE as _TRUE_WORDS
from taxrebal.workbook.schema import MAX_AMOUNT, MAX_QUANTITY

from .convert import (
    Range,
    _acquired,
    _blank_row,
    _cached,
    _fingerprint,
    _kinds_at,
    _Rows,
    _store,
    is_blank,
    kinds_match,
)

__all__ = ["LotTable", "lots_from_range", "release_ranges"]


class LotTable:
    """Parsed lots of a range, indexed by symbol for fast repeated cell calls.

    A TAXCOST cell needs one symbol's lots, so a symbol's rows are parsed (and checked) the first
    time they are asked for (:meth:`of`), no Lot ID twice among them; :attr:`lots` parses and checks
    every row, in range order, and no Lot ID twice in the range. What every caller relies on is
    checked when the range is first read: the header and each row's symbol (a row without one is an
    error, not a lot silently left out)."""

    def __init__(self, rows: _Rows, positions: "_SymbolRows"):
        self._rows = rows
        self._positions = positions  # symbol -> offsets into rows.rows, in range order
        self._parsed: dict[str, tuple[Lot, ...]] = {}
        self._all: Optional[tuple[Lot, ...]] = None
        self._memo: dict[Any, Any] = {}
        self._plain: Optional[_PlainLots] = None
        # The cells read so far that ``==`` could take for another type (TRUE for 1: convert._kinds_at),
        # as (row in the range, column, type): the header, the Symbol cells that are not text, and the
        # rows parsed. Wash Adjusted reads TRUE and 1 alike, so it is left out.
        self._columns = tuple(j for field, j in rows.index.items() if field != "wash_adjusted")
        col = rows.index["symbol"]
        self._kinds = list(_kinds_at([rows.header], rows.first_data - 1, self._columns))
        for i in positions.odd:
            self._kinds += _kinds_at([rows.rows[i]], i + rows.first_data, (col,))
        self._current: Optional[list[Any]] = None  # the range of the call under way (kinds_match)
        # For one symbol's cell (taxrebal.excel.symbol_check): the kinds above (the header and the Symbol
        # cells that are not text), each parsed symbol's own, and the Symbol column as one list
        self.base_kinds = tuple(self._kinds)
        self.kinds_of: dict[str, list[tuple[int, int, type]]] = {}
        self.symbol_column: Optional[list[Any]] = None

    def kinds_match(self, raw: list[Any]) -> bool:
        """``raw`` (a range equal to this table's, by ``==``) has the same types in every cell read so far
        where ``==`` could take one for another; then it is the range of the call under way, whose types
        the rows parsed later are checked against (:meth:`_of`) until :func:`release_ranges`."""
        if not kinds_match(raw, self._kinds):
            return False
        self._current = raw
        _HOLDING.add(self)
        return True

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per ``key`` for this table (``key`` hashable and compared by value, e.g.
        the other ranges' parsed records): a result that depends only on this table's content and the
        key. The table itself is found by content (:func:`lots_from_range`), so this is a content-keyed
        cache too. At most 16 keys are kept (the oldest is dropped)."""
        if key in self._memo:
            return self._memo[key]
        value = self._memo[key] = compute()
        if len(self._memo) > 16:
            del self._memo[next(iter(self._memo))]
        return value

    @property
    def symbols(self) -> tuple[str, ...]:
        return tuple(self._positions)

    @property
    def by_symbol(self) -> Mapping[str, tuple[Lot, ...]]:
        return {sym: self._of(sym) for sym in self._positions}

    @property
    def lots(self) -> tuple[Lot, ...]:
        if self._all is None:
            order = sorted((i, sym) for sym, offsets in self._positions.items() for i in offsets)
            lots_by_offset = {}
            for sym in self._positions:
                for i, lot in zip(self._positions[sym], self._of(sym)):
                    lots_by_offset[i] = lot
            every = tuple(lots_by_offset[i] for i, _ in order)
            _no_id_twice(self._rows, [i for i, _ in order], every)
            self._all = every
        return self._all

    def _of(self, symbol: str) -> tuple[Lot, ...]:
        found = self._parsed.get(symbol)
        if found is None:
            t = self._rows
            if self._plain is None:
                self._plain = _PlainLots(t)
            plain = self._plain
            offsets = self._positions.get(symbol, ())
            # the plain rows read column by column (_PlainLots.many), the others by the rules
            read = plain.many(_picked(t.rows, offsets), symbol) or [None] * len(offsets)
            # Before anything is read by the rules (which may raise): a plain lot's cells can hold a
            # number == TRUE / FALSE only in Quantity (1) and Cost Basis (0, 1); a row the rules read
            # can hold one anywhere.
            kinds = [k for lot, i in zip(read, offsets)
                     if lot is None or lot.quantity == 1.0 or lot.basis == 0.0 or lot.basis == 1.0
                     for k in _kinds_at([t.rows[i]], i + t.first_data, self._columns)]
            self.kinds_of[symbol] = kinds
            if kinds and self._current is not None and not kinds_match(self._current, kinds):
                self._adopt(self._current)  # the call's range differs in type: read it afresh
                return self._of(symbol)
            self._kinds += kinds
            found = tuple(lot or _parse_lot(t, t.rows[i], i + t.first_data + 1, symbol)
                          for lot, i in zip(read, offsets))
            _no_id_twice(t, offsets, found)
            self._parsed[symbol] = found
        return found

    def _adopt(self, raw: list[Any]) -> None:
        """Become the table of ``raw`` (equal to this table's range by ``==`` but not in type, as TRUE
        and 1), parsed afresh and kept in the cache in this table's place."""
        fresh = _store(_fingerprint("lots", self._rows.name, raw), raw, self._rows.name, _parse_lots, False)
        vars(self).clear()
        vars(self).update(vars(fresh))

    def where(self, lot: Lot, field: str) -> str:
        """``lots row 3, column Account (B)``: the cell of ``lot`` (one of this table's, found by its symbol and
        Lot ID, unique among the symbol's lots) in ``field``; the header is row 1."""
        offsets = self._positions.get(lot.symbol, ())
        i = next((k for k, x in enumerate(self._of(lot.symbol)) if x.lot_id == lot.lot_id), None)
        if i is None or i >= len(offsets):
            return self._rows.name
        return self._rows.where(offsets[i] + self._rows.first_data + 1, field)

    def of(self, symbol: str, account: Optional[str] = None) -> tuple[Lot, ...]:
        lots = self._of(symbol) if symbol in self._positions else ()
        if account is None:
            return lots
        key = account.strip().casefold()
        return tuple(lot for lot in lots if lot.account.casefold() == key)


def _numpy() -> Any:
    """numpy, imported when a range is first read."""
    # not at import: ``import taxrebal.excel.udfs`` runs when Excel starts and should stay light
    import numpy

    return numpy


def _picked(rows: Sequence[Any], offsets: Sequence[int]) -> Sequence[Any]:
    """``[rows[i] for i in offsets]``, in one C-level call."""
    if len(offsets) == 1:
        return [rows[offsets[0]]]
    return itemgetter(*offsets)(rows) if offsets else ()


def _parse_lot(t: _Rows, row: Sequence[Any], n: int, symbol: str) -> Lot:
    lot_id = t.read(row, n, "lot_id", default="") or schema.generated_lot_id(n)
    quantity = t.read(row, n, "quantity", positive=True, unit="a number of shares")
    acquired, inherited = _acquired(t, row, n)
    basis = t.read(row, n, "cost_basis", default=None, non_negative=True)
    if basis is None:  # blank: try Unit Cost
        unit = t.read(row, n, "unit_cost", default=None, non_negative=True)
        basis = unit * quantity if unit is not None else None
    return Lot(lot_id=lot_id, account=t.read(row, n, "account", unit="the account name"), symbol=symbol,
               acquired=acquired, quantity=quantity, basis=basis, inherited=inherited,
               wash_adjusted=t.read(row, n, "wash_adjusted", default=False))


class _PlainLots:
    """The lot of a row whose cells are all of the plain kind Excel passes, read without the general
    cell rules, or ``None`` for any other row (which :func:`_parse_lot` then reads by the rules).

    Plain means, column by column, exactly the values whose reading by the rules is known here:
    Lot ID and Account text with nothing to strip and no leading "#" (kept as they are); Acquired a
    ``datetime`` or ``date`` (its date), an Excel serial float from 61 to 9999-12-31 (1899-12-30 plus
    its whole days) or blank; Quantity a float above 0 and at most the column's limit; Cost Basis a
    float from 0 to its limit; Wash Adjusted blank, a bool, or Y/N text as the rules spell it. A lot
    read here equals the rules' lot (``tests/test_udfs_lot_range.py`` compares them on random cells):
    it is the same rule taken by its common cases, only faster (about a tenth of the time per row).
    :meth:`many` takes the same rule column by column over a symbol's rows (a few times faster again)."""

    __slots__ = ("_ix", "_wash", "_usable", "_ix_all")

    def __init__(self, t: _Rows):
        index = t.index
        needed = ("lot_id", "account", "acquired", "quantity", "cost_basis")
        self._usable = all(k in index for k in needed)
        self._ix = itemgetter(*(index[k] for k in needed)) if self._usable else None
        self._wash = index.get("wash_adjusted")
        self._ix_all = (itemgetter(*(index[k] for k in needed), *(() if self._wash is None else (self._wash,)))
                        if self._usable else None)

    def many(self, rows: Sequence[Sequence[Any]], symbol: str) -> Optional[list[Optional[Lot]]]:
        """What :meth:`__call__` gives for each of ``rows`` (all of ``symbol``): its lot, or ``None`` for a
        row it leaves to the rules. The same checks made column by column (numpy over the numbers, one
        pass per column over the rest), with the lots made by :func:`_new_lot`: a few times faster than
        row by row. ``None`` for all of them when a row is short (then each row is read by itself).
        ``tests/test_udfs_lot_range.py`` compares it with ``__call__`` on random rows."""
        if not self._usable or not rows:
            return None
        try:
            columns = list(zip(*map(self._ix_all, rows)))  # type: ignore[arg-type]
        except IndexError:  # a short row: __call__ and the rules read it
            return None
        np = _numpy()

        n = len(rows)
        good = np.ones(n, dtype=bool)
        ids = _plain_texts(columns[0], good)
        accounts = _plain_texts(columns[1], good)
        dates = _plain_dates(columns[2], good)
        quantity, basis = columns[3], columns[4]
        q = _plain_floats(quantity, good)
        good &= (0.0 < q) & (q <= MAX_QUANTITY)  # NaN (also a cell that is not a float) fails
        b = _plain_floats(basis, good)
        good &= (0.0 <= b) & (b <= MAX_AMOUNT)
        washes = repeat(False) if len(columns) == 5 else _plain_washes(columns[5], good)
        if good.all():
            every = _new_lots(n, ids, accounts, repeat(symbol), dates, quantity, basis, washes)
            return cast(list[Optional[Lot]], every)
        out: list[Optional[Lot]] = [None] * n
        washes = list(washes) if len(columns) > 5 else [False] * n
        for i in np.flatnonzero(good).tolist():
            out[i] = _new_lot(ids[i], accounts[i], symbol, dates[i], quantity[i], basis[i], washes[i])
        return out

    def __call__(self, row: Sequence[Any], symbol: str) -> Optional[Lot]:
        if not self._usable:
            return None
        try:
            lot_id, account, acquired, quantity, basis = self._ix(row)  # type: ignore[misc]
        except IndexError:  # a short row: the rules read its missing cells as blank
            return None
        wash = row[self._wash] if self._wash is not None and self._wash < len(row) else None
        if lot_id.__class__ is not str or account.__class__ is not str:
            return None
        lot_id, account = lot_id.strip(), account.strip()
        if not lot_id or not account or lot_id[0] == "#" or account[0] == "#":
            return None
        if quantity.__class__ is not float or not 0.0 < quantity <= MAX_QUANTITY:
            return None
        if basis.__class__ is not float or not 0.0 <= basis <= MAX_AMOUNT:
            return None
        kind = acquired.__class__
        if kind is float:
            if not 61.0 <= acquired < _SERIAL_END:
                return None
            acquired = date.fromordinal(_EPOCH_ORDINAL + int(acquired))
        elif kind is datetime:
            acquired = acquired.date()
        elif acquired is not None and kind is not date:
            return None
        if wash is None or wash is False:
            wash = False
        elif wash is not True:
            if wash.__class__ is not str:
                return None
            key = wash.strip().lower()
            if not key or key in _FALSE_WORDS:
                wash = False
            elif key in _TRUE_WORDS:
                wash = True
            else:
                return None
        return Lot(lot_id=lot_id, account=account, symbol=symbol, acquired=acquired, quantity=quantity,
                   basis=basis, inherited=False, wash_adjusted=wash)


_EPOCH_ORDINAL = date(1899, 12, 30).toordinal()  # Excel serial 61 = 1900-03-01 counts from here
_SERIAL_END = 2958466.0  # 9999-12-31 is serial 2958465


def _kind_mask(column: Sequence[Any], kind: type) -> Any:
    """Which values are exactly of ``kind`` (not a subclass: numpy's float64 is left to the rules), as a
    numpy bool array, or ``None`` when all are (the common case, one set of the types)."""
    np = _numpy()

    kinds = list(map(type, column))
    if set(kinds) == {kind}:
        return None
    return np.fromiter(map(is_, kinds, repeat(kind)), dtype=bool, count=len(kinds))


def _plain_texts(column: Sequence[Any], good: Any) -> list[str]:
    """Lot ID / Account cells stripped; ``good`` cleared where one is not text, blank or starts with "#"."""
    np = _numpy()

    is_text = _kind_mask(column, str)
    if is_text is None:
        texts = list(map(str.strip, column))
    else:
        good &= is_text
        texts = [v.strip() if ok else "" for v, ok in zip(column, is_text.tolist())]
    n = len(texts)
    good &= np.fromiter(map(bool, texts), dtype=bool, count=n)
    good &= ~np.fromiter(map(str.startswith, texts, repeat("#")), dtype=bool, count=n)
    return texts


def _plain_floats(column: Sequence[Any], good: Any) -> Any:
    """The cells as a float array; ``good`` cleared (and NaN put) where one is not a float."""
    np = _numpy()

    is_float = _kind_mask(column, float)
    if is_float is None:
        return np.array(column, dtype=float)
    good &= is_float
    return np.array([v if ok else np.nan for v, ok in zip(column, is_float.tolist())], dtype=float)


def _plain_dates(column: Sequence[Any], good: Any) -> list[Optional[date]]:
    """Acquired as :meth:`_PlainLots.__call__` reads it: a serial from 61 to 9999-12-31, a datetime, a
    date or blank; ``good`` cleared for any other cell."""
    np = _numpy()

    if set(map(type, column)) == {float}:
        serials = np.array(column, dtype=float)
        ok = (61.0 <= serials) & (serials < _SERIAL_END)
        good &= ok
        serials[~ok] = 61.0  # a placeholder, never used: the row is left to the rules
        return list(map(date.fromordinal, (serials.astype(np.int64) + _EPOCH_ORDINAL).tolist()))
    out: list[Optional[date]] = []
    for i, value in enumerate(column):
        kind = value.__class__
        if kind is float and 61.0 <= value < _SERIAL_END:
            out.append(date.fromordinal(_EPOCH_ORDINAL + int(value)))
        elif kind is datetime:
            out.append(value.date())
        elif value is None or kind is date:
            out.append(value)
        else:
            good[i] = False
            out.append(None)
    return out


def _plain_washes(column: Sequence[Any], good: Any) -> list[bool]:
    """Wash Adjusted as :meth:`_PlainLots.__call__` reads it: blank, a bool, or Y/N text as the rules
    spell it (each distinct value read once); ``good`` cleared for any other cell."""
    read: dict[Any, Optional[bool]] = {None: False, False: False, True: True}
    out: list[bool] = []
    for i, value in enumerate(column):
        kind = value.__class__
        if kind is str:
            found = read.get(value, _UNREAD)
            if found is _UNREAD:
                key = value.strip().lower()
                found = read[value] = (False if not key or key in _FALSE_WORDS
                                       else True if key in _TRUE_WORDS else None)
        elif kind is bool or value is None:
            found = read[value]
        else:  # a number (1.0 would meet True as a dict key): the rules read it
            found = None
        if found is None:
            good[i] = False
            found = False
        out.append(found)
    return out


_UNREAD: Any = object()


def _lot_maker() -> Callable[..., Lot]:
    """``make(lot_id, account, symbol, acquired, quantity, basis, wash_adjusted)``: the ``Lot`` that
    ``Lot(lot_id=..., ..., inherited=False, wash_adjusted=...)`` makes, every other field its default,
    made by setting its slots directly (a frozen dataclass's ``__init__`` goes through
    ``object.__setattr__`` field by field: about twice the time, and a symbol has hundreds of lots).
    Built from ``dataclasses.fields(Lot)``, so a field added to ``Lot`` gets its default here too."""
    given = ("lot_id", "account", "symbol", "acquired", "quantity", "basis", "wash_adjusted")
    slots = {f.name: getattr(Lot, f.name).__set__ for f in fields(Lot)}
    rest = tuple((slots[f.name], f.default) for f in fields(Lot) if f.name not in given)
    if any(d is MISSING for _, d in rest):  # a new required field: Lot() itself must be called
        return lambda *v: Lot(**dict(zip(given, v)))
    s_id, s_account, s_symbol, s_acquired, s_quantity, s_basis, s_wash = (slots[k] for k in given)
    new = object.__new__

    def make(lot_id: str, account: str, symbol: str, acquired: Optional[date], quantity: float, basis: float,
             wash_adjusted: bool) -> Lot:
        lot = new(Lot)
        s_id(lot, lot_id)
        s_account(lot, account)
        s_symbol(lot, symbol)
        s_acquired(lot, acquired)
        s_quantity(lot, quantity)
        s_basis(lot, basis)
        s_wash(lot, wash_adjusted)
        for set_slot, default in rest:
            set_slot(lot, default)
        return lot

    return make


_new_lot = _lot_maker()


def _lots_maker() -> Callable[..., list[Lot]]:
    """``make(n, lot_ids, accounts, symbols, acquired, quantities, bases, wash_adjusted)``: the ``n`` lots
    :func:`_new_lot` makes from those columns (iterables of ``n`` values), made column by column: each
    slot of every lot set by one ``map`` of the slot's setter (C-level calls, no Python frame per lot):
    about a third of the time of :func:`_new_lot` row by row, for a symbol's hundreds of lots.
    ``tests/test_udfs_lot_range.py`` compares the two."""
    given = ("lot_id", "account", "symbol", "acquired", "quantity", "basis", "wash_adjusted")
    slots = {f.name: getattr(Lot, f.name).__set__ for f in fields(Lot)}
    rest = tuple((slots[f.name], f.default) for f in fields(Lot) if f.name not in given)
    if any(d is MISSING for _, d in rest):  # a new required field: Lot() itself must be called
        return lambda n, *columns: list(map(_new_lot, *columns))
    setters = tuple(slots[k] for k in given)
    new = object.__new__

    def make(n: int, *columns: Any) -> list[Lot]:
        lots = list(map(new, repeat(Lot, n)))
        for set_slot, column in zip(setters, columns):
            deque(map(set_slot, lots, column), 0)
        for set_slot, default in rest:
            deque(map(set_slot, lots, repeat(default, n)), 0)
        return lots

    return make


_new_lots = _lots_maker()


def _column(t: _Rows, field: str) -> list[Any]:
    i = t.index.get(field)
    if i is None:
        return [None] * len(t.rows)
    try:
        return list(map(itemgetter(i), t.rows))  # a rectangular range (what Excel passes)
    except IndexError:
        return [r[i] if i < len(r) else None for r in t.rows]


class _SymbolRows(Mapping[str, list[int]]):
    """Symbol -> its row offsets (ascending), each symbol's found when first asked for.

    Built with one hashing pass over the Symbol column: every row gets the code of its cell value
    (the offset of the first row holding that value) and each distinct value is read once by the column's rule
    (``" vti"`` and ``"VTI"`` are one symbol, their codes merged). A symbol's offsets are then one
    comparison of the codes (numpy), so a TAXCOST cell pays only for its own symbol. Rows whose
    Symbol is blank are skipped when the whole row is blank and an error otherwise, as on the sheet.
    """

    def __init__(self, t: _Rows):
        np = _numpy()

        col = t.index["symbol"]  # a required column: _Rows refused a range without it
        self._n = n = len(t.rows)
        # Each row's code: the offset of the first row holding an equal cell value (one pass in C:
        # dict.setdefault over the column, counting). A short row or an unhashable cell (never from
        # Excel) takes the slower way through a copy of the column.
        first_row: dict[Any, int] = {}
        self.regular = True  # every row long enough and every Symbol cell hashable (what Excel passes)
        try:
            self._codes = np.fromiter(map(first_row.setdefault, map(itemgetter(col), t.rows), count()), np.int64, n)
        except (IndexError, TypeError):
            column = [v if _hashable(v) else _Unhashable(v) for v in _column(t, "symbol")]
            first_row = {}
            self.regular = False
            self._codes = np.fromiter(map(first_row.setdefault, column, count()), np.int64, n)
        self.code_of_cell = first_row  # each distinct Symbol cell -> the code of its rows (its first row)
        self._codes_of: dict[str, list[int]] = {}
        self._found: dict[str, list[int]] = {}
        skipped: list[int] = []
        self.odd: list[int] = []  # rows whose Symbol cell is not text (each read by itself)
        fresh_code = n  # codes of rows read one by one (below): past every row's offset
        for value, first in first_row.items():  # in order of first appearance
            code = first
            if value.__class__ is not str:
                # Numbers, booleans, blanks (None) and the like: equal values of different types share
                # a dict key (1.0, 1 and True), but not a reading (True is "TRUE"), so each such row is
                # read by itself and given the code of its own symbol. Rare in a Lots range.
                offsets = np.flatnonzero(self._codes == code).tolist()
                self.odd += offsets
                for i in offsets:
                    row = t.rows[i]
                    if is_blank(row[col] if col < len(row) else None) and _blank_row(row):
                        skipped.append(i)
                        continue
                    sym = t.read(row, i + t.first_data + 1, "symbol", unit="a ticker such as VTI")
                    codes = self._codes_of.setdefault(sym, [])
                    if not codes or codes[-1] < n:  # this symbol's code for such rows
                        codes.append(fresh_code)
                        fresh_code += 1
                    self._codes[i] = codes[-1]
                continue
            if is_blank(value):
                offsets = np.flatnonzero(self._codes == code).tolist()
                filled = [i for i in offsets if not _blank_row(t.rows[i])]
                if filled:
                    t.read(t.rows[filled[0]], filled[0] + t.first_data + 1, "symbol", unit="a ticker such as VTI")
                skipped += offsets
                continue
            sym = t.read(t.rows[first], first + t.first_data + 1, "symbol", unit="a ticker such as VTI")
            self._codes_of.setdefault(sym, []).append(code)
        self._skipped = sorted(skipped)

    @property
    def count(self) -> int:
        """Rows with a symbol (every row but the blank ones)."""
        return self._n - len(self._skipped)

    def all_offsets(self) -> list[int]:
        """Offsets of every row with a symbol, ascending."""
        if not self._skipped:
            return list(range(self._n))
        np = _numpy()

        keep = np.ones(self._n, dtype=bool)
        keep[self._skipped] = False
        offsets: list[int] = np.flatnonzero(keep).tolist()
        return offsets

    def __getitem__(self, symbol: str) -> list[int]:
        found = self._found.get(symbol)
        if found is None:
            np = _numpy()

            codes = self._codes_of[symbol]  # KeyError: not a symbol of the range
            mask = self._codes == codes[0] if len(codes) == 1 else np.isin(self._codes, codes)
            found = self._found[symbol] = np.flatnonzero(mask).tolist()
        return found

    def __contains__(self, symbol: object) -> bool:
        return symbol in self._codes_of

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes_of)

    def __len__(self) -> int:
        return len(self._codes_of)


class _Unhashable:
    """A cell value that cannot be hashed (never from Excel), keyed by identity so that it still
    gets a code; it is read by the column's rule like any other value."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _no_id_twice(t: _Rows, offsets: Sequence[int], lots: Sequence[Lot]) -> None:
    """No Lot ID twice among ``lots`` (parsed from the rows at ``offsets``, in order): the reader's rule,
    on the IDs as read (a blank one is already ``Lots!<row>``); the error names the second one's row."""
    ids = [lot.lot_id for lot in lots]
    if len(set(ids)) == len(ids):
        return
    seen: set[str] = set()
    for i, lot_id in zip(offsets, ids):
        if lot_id in seen:
            n = i + t.first_data + 1
            raise ArgumentError(f"{t.where(n, 'lot_id')}: Lot ID {lot_id} appears twice; give each lot its own ID")
        seen.add(lot_id)


def _parse_lots(rows: Range, name: str) -> LotTable:
    t = _Rows(rows, name, schema.LOTS)
    if "cost_basis" not in t.index and "unit_cost" not in t.index:
        raise ArgumentError(f"{name} has no Cost Basis column; add Cost Basis (total) or Unit Cost")
    return LotTable(t, _SymbolRows(t))


def lots_from_range(values: Any, name: str = "lots") -> LotTable:
    """The Lots table (Lot ID, Account, Symbol, Acquired, Quantity, Cost Basis or Unit Cost,
    Wash Adjusted; every header spelling the Lots sheet accepts). A blank Lot ID becomes
    ``Lots!<row>`` (the row in the range; the sheet's own scheme when the range starts in row 1).
    Blank Acquired or Cost Basis are allowed here (tax-advantaged lots); the engines refuse such a
    lot in a taxable sale. Any bad cell is an error naming its row and column: a tax figure from a
    silently dropped lot would be wrong. The header and every row's Symbol are checked here; the
    other cells of a symbol's rows, and that no Lot ID appears twice among them, when that symbol's
    lots are first asked for (:meth:`LotTable.of`, so a TAXCOST cell parses only its symbol's rows),
    or every row and the whole range's Lot IDs for :attr:`LotTable.lots`."""
    return _cached("lots", values, name, _parse_lots, LotTable.kinds_match)


#: Tables given the range of the call under way (:meth:`LotTable.kinds_match`), released after it.
_HOLDING: set[LotTable] = set()


def release_ranges() -> None:
    """Let go of the ranges of the cell call that has ended (each table keeps only its own copy)."""
    while _HOLDING:
        _HOLDING.pop()._current = None


