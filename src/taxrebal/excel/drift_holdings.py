"""DRIFT's holdings read straight from a Lots range's columns, without a Lot record per row.

DRIFT's answer depends on each row's Account, Symbol and Quantity, and on no Lot ID appearing twice (a
row pasted twice would count its shares twice). A holding (an account's shares of a symbol) is worth
its shares, the exact sum of the written quantities, times the price in cents, as Allocation values it
(:func:`taxrebal.engine.allocation.holding_values`). A first DRIFT call on a large range read every row
into a Lot (dates, bases, wash flags it never uses): 100,000 lots, about 95 times iterating the range.
Here the columns it reads are checked by the same plain-cell rule the Lots reader uses for them
(:class:`taxrebal.excel.lot_range._PlainLots`: text Account and Lot ID with nothing to strip, no "#",
a float Quantity above 0 and within its limit) and each holding's shares are added as whole
millionths of a share in numpy. Anything else (a cell of another kind, a quantity with more than 6
decimals, a short row) returns ``None``, and DRIFT reads every lot by the rules as before, so a bad
cell in those columns is the same error naming its row and column. Cells DRIFT does not read (Acquired,
Cost Basis, Wash Adjusted) are checked by the cells that use them (TAXCOST) and by Validate.

Why millionths are exact: a quantity q whose written form has at most 6 decimals is n / 10^6 for the
integer n nearest q x 10^6, and the float nearest n / 10^6 is q itself; below 2^33 shares two such
numbers are more than a float's spacing apart, so ``repr(q)`` is that number (the check made per row).
Sums of such n below 2^53 are exact in a float64. Worked example: lots of 10.5 and 2.25 shares of a
$33.333 fund in one account: 10,500,000 + 2,250,000 = 12,750,000 millionths = 12.75 shares, x 33.333 =
$424.99575 -> $425.00, what ``value_in_cents([10.5, 2.25], 33.333)`` gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import count
from operator import itemgetter
from typing import Any, Optional

from taxrebal.workbook.schema import MAX_QUANTITY

from .convert import _kinds_at, kinds_match
from .lot_range import LotTable, _numpy, _picked, _plain_floats

__all__ = ["PlainHoldings", "plain_holdings"]

#: quantities at or above this many shares are left to the rules (the float spacing exceeds 1e-6 there)
_EXACT_SHARES = float(2 ** 33)
#: a float64 holds every integer below this exactly
_EXACT_SUM = float(2 ** 53)


@dataclass(frozen=True)
class PlainHoldings:
    """Each holding's shares, ``(account, symbol) -> shares`` (exact decimals), in the order the rows first
    name each holding; ``accounts``: the accounts the rows name, in that order. An account is its name
    without regard to case ("Brokerage" and "brokerage" are one holding's lots), spelled as first typed."""

    shares: dict[tuple[str, str], Decimal]
    accounts: tuple[str, ...]


def plain_holdings(table: LotTable) -> Optional[PlainHoldings]:
    """The holdings of ``table``'s rows read by their Account, Symbol and Quantity cells (module
    docstring), or ``None`` when any of those cells (or a Lot ID) is not of the plain kind, a Lot ID
    appears twice, or a quantity is not a whole number of millionths: then every lot is read by the
    rules. The Quantity cells equal to 1 are recorded among the table's kinds, so a later range with
    TRUE there (equal by ``==``) is not taken for this one."""
    np = _numpy()
    t, positions = table._rows, table._positions
    index = t.index
    if not positions.regular or "account" not in index or "quantity" not in index:
        return None
    offsets = positions.all_offsets()
    if not offsets:
        return PlainHoldings({}, ())
    rows = t.rows if len(offsets) == len(t.rows) else _picked(t.rows, offsets)
    try:
        accounts_raw = list(map(itemgetter(index["account"]), rows))
        quantity_raw = list(map(itemgetter(index["quantity"]), rows))
        ids_raw = list(map(itemgetter(index["lot_id"]), rows)) if "lot_id" in index else None
    except IndexError:  # a short row: the rules read its missing cells as blank
        return None
    n = len(rows)
    good = np.ones(n, dtype=bool)
    q = _plain_floats(quantity_raw, good)
    good &= (0.0 < q) & (q <= MAX_QUANTITY) & (q < _EXACT_SHARES)
    if not good.all() or (ids_raw is not None and not _plain_unique_ids(ids_raw)):
        return None
    # each row's account: the code of its cell value (one pass), each distinct value read once
    raw_code: dict[Any, int] = {}
    try:
        rcodes = np.fromiter(map(raw_code.setdefault, accounts_raw, count()), np.int64, n)
    except TypeError:  # an unhashable cell (never from Excel)
        return None
    # an account is one account whatever the case it is typed in (the run's Lots reader gives each lot its
    # Accounts row's spelling): keyed by the casefolded name, named by the first spelling the rows use
    name_code: dict[str, int] = {}
    account_names: list[str] = []
    code_of = np.zeros(n, dtype=np.int64)
    for value, first in raw_code.items():
        if value.__class__ is not str or not value.strip() or value.strip()[0] == "#":
            return None
        code = name_code.setdefault(value.strip().casefold(), len(name_code))
        if code == len(account_names):
            account_names.append(value.strip())
        code_of[first] = code
    acodes = code_of[rcodes]
    # a Quantity of 1.0 is equal (==) to TRUE: recorded, so a range with TRUE there is not this one; and
    # when the call under way passed such a range (found equal to this table's), it is read afresh
    col = index["quantity"]
    kinds = [k for i in np.flatnonzero(q == 1.0).tolist()
             for k in _kinds_at([rows[i]], offsets[i] + t.first_data, (col,))]
    if kinds and table._current is not None and not kinds_match(table._current, kinds):
        table._adopt(table._current)
        return plain_holdings(table)
    table._kinds += kinds
    micro = np.rint(q * 1e6)
    if not (micro / 1e6 == q).all() or float(micro.sum()) >= _EXACT_SUM:
        return None
    # each row's holding: its account's code and its symbol's, in order of first appearance
    codes = positions._codes[np.asarray(offsets, dtype=np.int64)]
    symbol_of = np.full(int(positions._codes.max()) + 1, -1, dtype=np.int64)
    symbols = list(positions._codes_of)
    for k, sym in enumerate(symbols):
        symbol_of[positions._codes_of[sym]] = k
    scodes = symbol_of[codes]
    keys = acodes * len(symbols) + scodes
    size = len(name_code) * len(symbols)
    sums = np.bincount(keys, weights=micro, minlength=size)
    first = np.full(size, n, dtype=np.int64)
    np.minimum.at(first, keys, np.arange(n, dtype=np.int64))  # each holding's first row
    held: dict[tuple[str, str], Decimal] = {}
    for key in np.flatnonzero(first < n)[np.argsort(first[first < n], kind="stable")].tolist():
        account, sym = account_names[key // len(symbols)], symbols[key % len(symbols)]
        held[(account, sym)] = Decimal(int(sums[key])).scaleb(-6)
    return PlainHoldings(held, tuple(account_names))


def _plain_unique_ids(ids: list[Any]) -> bool:
    """Every Lot ID is text the rules keep as it is (not blank, nothing to strip, no leading "#") and no
    two are the same: what the Lots reader's plain rows hold, checked over the column at once (the set
    of first characters and of last characters, each a pass in C)."""
    if set(map(type, ids)) != {str} or len(set(ids)) != len(ids):
        return False
    try:
        firsts, lasts = set(map(itemgetter(0), ids)), set(map(itemgetter(-1), ids))
    except IndexError:  # a blank ID: the rules make it Lots!<row>
        return False
    return "#" not in firsts and not any(c.isspace() for c in firsts | lasts)
