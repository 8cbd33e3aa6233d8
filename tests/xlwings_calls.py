"""Count the calls taxrebal makes into xlwings (each one a round trip to Excel on Windows/macOS).

:func:`counting` wraps the live-workbook double (``tests/test_xlwings_book_double.py``) in a proxy that
counts every attribute read, attribute write, item access, ``len`` and iteration that crosses into
xlwings' object model: ``sheet.range((1, 1), (3, 4)).value = rows`` is 2 calls (``range``, ``value``
set), ``cell.font.bold = True`` is 2 (``font``, ``bold``), as xlwings makes one COM/AppleScript call
for each. Calls through ``.api`` (Excel's own object model: borders, alignment, page setup) are
counted too: the double has no ``.api`` (cosmetics are skipped there), so in counting mode each
``.api`` returns a recorder that accepts and counts anything, as Excel on Windows would.

Example: ``book, calls = counting(FakeBook.from_rows(rows)); ribbon.run("run_all", book)`` then
``calls.total()`` is the number of xlwings calls of one Run All.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

_PLAIN = (str, bytes, int, float, bool, type(None), date, datetime)


class RecordingApi:
    """Excel's object model as far as counting goes: every get, set and call is one call."""

    def __init__(self, calls: Counter, where: str):
        object.__setattr__(self, "_calls", calls)
        object.__setattr__(self, "_where", where)

    def __getattr__(self, name: str) -> "RecordingApi":
        self._calls[f"api.{name}"] += 1
        return RecordingApi(self._calls, name)

    def __setattr__(self, name: str, value: Any) -> None:
        self._calls[f"api.{name}="] += 1

    def __call__(self, *args: Any, **kwargs: Any) -> "RecordingApi":
        return self

    def __getitem__(self, key: Any) -> "RecordingApi":
        self._calls[f"api.{self._where}[]"] += 1
        return self


def _unwrap(value: Any) -> Any:
    if isinstance(value, Counting):
        return object.__getattribute__(value, "_obj")
    if isinstance(value, list):
        return [_unwrap(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_unwrap(v) for v in value)
    return value


class Counting:
    """A proxy counting each crossing into the wrapped xlwings-like object."""

    def __init__(self, obj: Any, calls: Counter):
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_calls", calls)

    def _wrap(self, value: Any) -> Any:
        if isinstance(value, _PLAIN) or isinstance(value, Counting):
            return value
        if isinstance(value, (list, tuple)) and all(isinstance(v, _PLAIN) for v in value):
            return value
        return Counting(value, self._calls)

    def _key(self, name: str) -> str:
        return f"{type(object.__getattribute__(self, '_obj')).__name__}.{name}"

    def __getattr__(self, name: str) -> Any:
        obj = object.__getattribute__(self, "_obj")
        self._calls[self._key(name)] += 1
        if name == "api":
            return RecordingApi(self._calls, "api")
        return self._wrap(getattr(obj, name))

    def __setattr__(self, name: str, value: Any) -> None:
        self._calls[self._key(name) + "="] += 1
        setattr(object.__getattribute__(self, "_obj"), name, _unwrap(value))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        obj = object.__getattribute__(self, "_obj")
        return self._wrap(obj(*_unwrap(args), **{k: _unwrap(v) for k, v in kwargs.items()}))

    def __iter__(self):
        self._calls[self._key("__iter__")] += 1
        return iter([self._wrap(v) for v in object.__getattribute__(self, "_obj")])

    def __len__(self) -> int:
        self._calls[self._key("__len__")] += 1
        return len(object.__getattribute__(self, "_obj"))

    def __getitem__(self, key: Any) -> Any:
        self._calls[self._key("__getitem__")] += 1
        return self._wrap(object.__getattribute__(self, "_obj")[_unwrap(key)])

    def __eq__(self, other: Any) -> bool:
        return object.__getattribute__(self, "_obj") == _unwrap(other)

    def __hash__(self) -> int:
        return hash(object.__getattribute__(self, "_obj"))

    def __bool__(self) -> bool:
        return True


class Calls(Counter):
    def total(self) -> int:
        return sum(self.values())


def counting(book: Any) -> tuple[Any, Calls]:
    """(a counting proxy of ``book``, the counter it fills)."""
    calls = Calls()
    return Counting(book, calls), calls
