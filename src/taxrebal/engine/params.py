"""Tax parameters as dated data with a reference (OpenFisca style), never literals in code.

Rule: every number the tax engine uses (a bracket threshold, the standard deduction, the $3,000
capital loss limit, the 30-day wash-sale window) lives in a TOML file under ``engine/params/``
together with the source that sets it. Amounts indexed for inflation live in ``federal_<year>.toml``
(one file per tax year); statutory amounts that are not indexed live in ``statutory.toml`` with the
first year (``since``) they apply.

Worked example (2026, single filer)::

    >>> get("standard_deduction", 2026, FilingStatus.SINGLE)
    16100
    >>> get("ordinary_brackets", 2026, FilingStatus.SINGLE)[:2]
    ((0, 0.1), (12400, 0.12))
    >>> get("capital_loss_limit", 2026, FilingStatus.MARRIED_SEPARATE)   # IRC §1211(b)
    1500
    >>> get("wash_sale.window_days", 2026)                                # IRC §1091(a)
    30
    >>> reference("standard_deduction", 2026)[:41]
    'IRC §63(c)(7) as amended by P.L. 119-21 §'

So 2026 single taxable income of $60,000 pays 10% of 12,400 + 12% of (50,400 - 12,400) + 22% of
(60,000 - 50,400) = 1,240 + 4,560 + 2,112 = $7,912 (see :mod:`taxrebal.engine.tax`).

Names are dotted paths into the TOML tables (``"niit.threshold"``). A parameter that differs by filing
status needs ``filing_status``; asking without one, or for a year or name that is not in the data,
raises :class:`taxrebal.errors.UnknownParameterError` whose message lists what is available. Lists in
the TOML come back as tuples (immutable, hashable): a schedule is a tuple of ``(threshold, rate)``.

Files are read with :mod:`importlib.resources` and :mod:`tomllib` (package data; no file-system
access of our own, so the engine stays pure), parsed once and cached.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Optional

from ..errors import UnknownParameterError
from .records import FilingStatus

__all__ = ["get", "reference", "years", "names", "STATUS_KEYS", "Parameter"]

#: FilingStatus -> the key used for it in the TOML files.
STATUS_KEYS: Mapping[FilingStatus, str] = {
    FilingStatus.SINGLE: "single",
    FilingStatus.MARRIED_JOINT: "married_joint",
    FilingStatus.MARRIED_SEPARATE: "married_separate",
    FilingStatus.HEAD_OF_HOUSEHOLD: "head_of_household",
}

_PACKAGE = "taxrebal.engine"
_FOLDER = "params"
_STATUTORY_FILE = "statutory.toml"
_YEAR_FILE_PREFIX = "federal_"
_META_KEYS = frozenset({"reference", "description", "since"})


@dataclass(frozen=True)
class Parameter:
    """One parameter for one year (or, statutory, for every year from ``since``).

    ``values`` maps a status key (see :data:`STATUS_KEYS`) to its value, or has the single key
    ``"value"`` when the amount does not depend on filing status.
    """

    name: str
    reference: str
    description: str
    values: Mapping[str, Any]
    since: Optional[int] = None

    @property
    def by_status(self) -> bool:
        return "value" not in self.values


def _frozen(value: Any) -> Any:
    """TOML arrays -> tuples, recursively, so callers cannot change cached parameters."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def _parameters_in(table: Mapping[str, Any], prefix: str = "") -> dict[str, Parameter]:
    """Flatten nested TOML tables into dotted names; a table with a ``reference`` is a parameter."""
    found: dict[str, Parameter] = {}
    for key, item in table.items():
        if not isinstance(item, dict):
            continue
        name = f"{prefix}{key}"
        if "reference" in item:
            values = {k: _frozen(v) for k, v in item.items() if k not in _META_KEYS}
            found[name] = Parameter(name=name, reference=item["reference"],
                                    description=item.get("description", ""), values=values,
                                    since=item.get("since"))
        else:
            found.update(_parameters_in(item, prefix=f"{name}."))
    return found


def _read_toml(filename: str) -> dict[str, Any]:
    text = resources.files(_PACKAGE).joinpath(_FOLDER, filename).read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=None)
def _catalogue() -> tuple[dict[int, dict[str, Parameter]], dict[str, Parameter]]:
    """(parameters by tax year, statutory parameters), read from the package data once."""
    by_year: dict[int, dict[str, Parameter]] = {}
    statutory: dict[str, Parameter] = {}
    for entry in resources.files(_PACKAGE).joinpath(_FOLDER).iterdir():
        fname = entry.name
        if not fname.endswith(".toml"):
            continue
        data = _read_toml(fname)
        if fname == _STATUTORY_FILE:
            statutory.update(_parameters_in(data))
        elif fname.startswith(_YEAR_FILE_PREFIX):
            year = int(data["year"])
            by_year.setdefault(year, {}).update(_parameters_in(data))
    return by_year, statutory


def years() -> tuple[int, ...]:
    """Tax years for which the inflation-indexed parameters are known, ascending."""
    return tuple(sorted(_catalogue()[0]))


def names() -> tuple[str, ...]:
    """Every parameter name, sorted."""
    by_year, statutory = _catalogue()
    all_names = set(statutory)
    for table in by_year.values():
        all_names.update(table)
    return tuple(sorted(all_names))


def _years_text() -> str:
    return ", ".join(str(y) for y in years())


def _parameter(name: str, year: int) -> Parameter:
    by_year, statutory = _catalogue()
    if name in statutory:
        param = statutory[name]
        if param.since is not None and year < param.since:
            raise UnknownParameterError(
                f"Tax parameter '{name}' applies from {param.since} ({param.reference}); "
                f"{year} is before that. Set the tax year to {param.since} or later.")
        return param
    table = by_year.get(year)
    if table is not None and name in table:
        return table[name]
    if name not in names():
        raise UnknownParameterError(
            f"Unknown tax parameter '{name}'. Known parameters: {', '.join(names())}.")
    if table is None or name not in table:
        raise UnknownParameterError(
            f"No tax parameters for {year}: '{name}' is known for {_years_text()} only. "
            f"Set the tax year (Settings 'Tax Year') to one of those years, or add "
            f"engine/params/federal_{year}.toml with the IRS figures for {year}.")
    return table[name]


def get(name: str, year: int, filing_status: FilingStatus | None = None) -> Any:
    """The value of parameter ``name`` for tax ``year`` (and ``filing_status`` when it varies).

    A status-independent parameter ignores ``filing_status``. Raises
    :class:`~taxrebal.errors.UnknownParameterError` for an unknown name, a year without data, or a
    status-dependent parameter asked without a status.
    """
    param = _parameter(name, year)
    if not param.by_status:
        return param.values["value"]
    if filing_status is None:
        raise UnknownParameterError(
            f"Tax parameter '{name}' depends on the filing status; pass one of "
            f"{', '.join(s.value for s in FilingStatus)}.")
    key = STATUS_KEYS[FilingStatus(filing_status)]
    if key not in param.values:
        raise UnknownParameterError(
            f"Tax parameter '{name}' has no value for {FilingStatus(filing_status).value} in {year}; "
            f"add '{key}' to its table in engine/params.")
    return param.values[key]


def reference(name: str, year: int) -> str:
    """The source that sets parameter ``name`` for ``year``, e.g. ``"Rev. Proc. 2025-32 §4.01 ..."``."""
    return _parameter(name, year).reference
