"""The row rules of the workbook contract, applied in one place for the reader and the cell functions.

:mod:`taxrebal.workbook.schema` holds the data (each column's and setting's kind, bounds, choices,
default, format); this module turns it into parsers and checks. The reader
(:mod:`taxrebal.workbook.reader`) reports a :class:`SettingProblem` as an Issue with its sheet and
cell; the cell functions (:mod:`taxrebal.excel.convert`) raise the first error as ``#TAXREBAL!``
text. Both call :func:`read_settings` and :func:`check_requirements`, so a Settings table that a run
rejects is rejected by ``=TAXCOST(...)`` too, with the same words.

Worked example: the rows ``Filing Status = QSS`` and ``Taxpayers 65 or Older = 2`` give one error
("a return filed as a Qualifying Surviving Spouse has one person", IRC §63(f)(1), §151(b)): the reader
writes it on the Issues sheet at the Value cell, ``=TAXCOST`` returns it as ``#TAXREBAL! ...``.
``Ordinary Incme = 180000`` is an error "did you mean 'Ordinary Income'?" in both (a misspelt
setting would silently price every sale as if income were $0). ``Tax Year 2026`` with ``As Of
2200-01-15`` is an error: a trade on As Of falls in As Of's tax year, and only the years whose IRS
parameters ship (:func:`taxrebal.engine.params.years`) can be priced.

Magnitudes: a column or setting with ``maximum`` refuses larger values (``1e308`` in Ordinary Income
or a lot's Cost Basis): such a number is a typo, and carried into the tax it would overflow.
"""

from __future__ import annotations

import contextlib
import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable, Mapping, Optional

from ..engine import params
from ..engine.records import FilingStatus, TaxMode
from ..engine.wash_dates import first_trading_day, is_trading_day
from ..errors import Severity
from . import schema
from .cells import (
    CellError,
    describe,
    normalize_key,
    parse_band,
    parse_bool,
    parse_choice,
    parse_date,
    parse_date_or_inherited,
    parse_int,
    parse_list,
    parse_number,
    parse_percent,
    parse_symbol,
    parse_text,
)
from .percent_readings import ambiguous_percent_message, implausible_percent_message
from .schema import CellKind

__all__ = [
    "SettingProblem",
    "SettingsReading",
    "kind_parser",
    "column_parser",
    "setting_parser",
    "nearest_setting",
    "read_settings",
    "check_requirements",
    "check_year",
    "supported_years",
    "TAX_DEFAULTS",
    "defaults_used",
    "default_text",
    "defaults_message",
]

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def _symbols(value: Any) -> tuple[str, ...]:
    out = []
    for part in parse_list(value):
        sym = part.upper()
        if any(c.isspace() for c in sym):
            raise CellError(f"{describe(part)} is not a symbol (it contains a space); separate symbols with commas")
        out.append(sym)
    return tuple(out)


_PARSERS: dict[CellKind, Callable[[Any], Any]] = {
    CellKind.TEXT: parse_text,
    CellKind.SYMBOL: parse_symbol,
    CellKind.SYMBOLS: _symbols,
    CellKind.LIST: parse_list,
    CellKind.NUMBER: parse_number,
    CellKind.MONEY: parse_number,
    CellKind.PERCENT: parse_percent,
    CellKind.BAND: parse_band,
    CellKind.DATE: parse_date,
    CellKind.ACQUIRED: parse_date_or_inherited,
    CellKind.BOOL: parse_bool,
    CellKind.INT: parse_int,
}


def kind_parser(kind: CellKind, choices: Optional[Mapping[str, Any]] = None, what: str = "",
                accepted: str = "") -> Callable[[Any], Any]:
    """The parser of one kind of cell (a CHOICE needs its alias map)."""
    if kind is CellKind.CHOICE:
        table = choices or {}
        return lambda v: parse_choice(v, table, what, accepted)
    return _PARSERS[kind]


def _bounded(parse: Callable[[Any], Any], limit: Optional[float],
             floor: Optional[float] = None) -> Callable[[Any], Any]:
    if limit is None:
        return parse

    def read(value: Any) -> Any:
        parsed = parse(value)
        if parsed.__class__ is float and abs(parsed) > limit:
            raise CellError(f"{describe(value)} is implausibly large (more than {limit:,.0f}); check the number")
        if floor is not None and parsed.__class__ is float and 0.0 < abs(parsed) < floor:
            raise CellError(f"{describe(value)} is implausibly small for a price (less than ${floor:g}, the smallest "
                            "increment a quote may use, SEC Rule 612); check the number")
        return parsed

    return read


#: The magnitude limit of a column, by kind and key (quantities, prices and amounts).
def _column_limit(col: schema.ColumnSpec) -> Optional[float]:
    if col.kind is CellKind.MONEY:
        return schema.MAX_PRICE if "price" in col.key or col.key == "unit_cost" else schema.MAX_AMOUNT
    if col.kind is CellKind.NUMBER:
        return schema.MAX_QUANTITY
    return None


#: An OCC option symbol (root, expiry YYMMDD, C/P, strike x 1000): ``VTI250117C00250000``.
_OPTION_SYMBOL = re.compile(r"^[A-Z]{1,6}\d{6}[CP]\d{8}$")
_SPACES = re.compile(r"\s+")
#: Words that mark a refusal (the reader makes such a cell an error on every sheet).
OUT_OF_SCOPE = "out of scope"


def _refusing(parse: Callable[[Any], Any], words: Mapping[str, str]) -> Callable[[Any], Any]:
    """``parse``, but a value spelling something taxrebal does not model raises its reason."""

    def read(value: Any) -> Any:
        if isinstance(value, str):
            reason = words.get(normalize_key(value))
            if reason:
                raise CellError(f"{describe(value.strip())}: {reason}")
        return parse(value)

    return read


def _symbol_not_option(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        if isinstance(value, str) and _OPTION_SYMBOL.match(_SPACES.sub("", value).upper()):
            # the OCC's own form pads the root to six characters: "VTI   261218C00300000"
            raise CellError(f"{describe(value.strip())} is an option symbol: "
                            f"{schema.OUT_OF_SCOPE_ACTIONS['buytoopen']}")
        parsed = parse(value)
        if isinstance(parsed, str) and _OPTION_SYMBOL.match(parsed):
            raise CellError(f"{describe(parsed)} is an option symbol: {schema.OUT_OF_SCOPE_ACTIONS['buytoopen']}")
        return parsed

    return read


def column_parser(col: schema.ColumnSpec) -> Callable[[Any], Any]:
    """The parser of a sheet column: its kind's rules, its magnitude limit, and the refusal of what
    is out of scope (options and short sales in Action, gifts in Acquired, average basis in Method,
    option symbols)."""
    floor = schema.MIN_PRICE if col.kind is CellKind.MONEY and "price" in col.key else None
    parse = _bounded(kind_parser(col.kind, col.choices, col.header.lower(), col.accepted), _column_limit(col), floor)
    if col.kind is CellKind.CHOICE and col.choices is schema.ACTION_ALIASES:
        parse = _refusing(parse, schema.OUT_OF_SCOPE_ACTIONS)
    elif col.kind is CellKind.CHOICE and col.choices is schema.ACCOUNT_TYPE_ALIASES:
        parse = _refusing(parse, schema.OUT_OF_SCOPE_ACCOUNT_TYPES)
    elif col.kind is CellKind.CHOICE and col.choices is schema.LOT_METHOD_ALIASES:
        parse = _refusing(parse, schema.OUT_OF_SCOPE_METHODS)
    elif col.kind is CellKind.ACQUIRED:
        parse = _refusing(parse, schema.OUT_OF_SCOPE_ACQUIRED)
    elif col.kind is CellKind.SYMBOL:
        parse = _symbol_not_option(parse)
    return parse


#: what a wrong choice is "not a known ...", where the setting's label is no noun (fe10: "'bands' is not a
#: known rebalance to")
_CHOICE_WORDS = {"rebalance_to": "choice for Rebalance To"}


def setting_parser(spec: schema.SettingSpec) -> Callable[[Any], Any]:
    """The parser of one setting's value (bounds are checked by :func:`read_settings`)."""
    return kind_parser(spec.kind, spec.choices, _CHOICE_WORDS.get(spec.field, spec.label.lower()), spec.accepted)


# ------------------------------------------------------------------------------------- settings

SETTING_BY_KEY: Mapping[str, schema.SettingSpec] = {k: s for s in schema.SETTING_SPECS for k in s.keys}
LABEL: Mapping[str, str] = {s.field: s.label for s in schema.SETTING_SPECS}


@dataclass(frozen=True)
class SettingProblem:
    """One problem of a Settings table: ``row`` as the caller numbers its rows (0: the table as a
    whole), ``column`` "setting" (the name cell) or "value" ("" for the table)."""

    severity: Severity
    row: int
    column: str
    message: str
    setting: str = ""  # the setting's label, when the problem is about one


@dataclass
class SettingsReading:
    """What a Settings table says: ``values`` field -> parsed value (only settings that were typed,
    and read without an error), ``rows`` field -> its row, ``problems`` in row order."""

    values: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[SettingProblem] = field(default_factory=list)
    surviving_spouse: bool = False
    #: field -> the cell value an override replaced (see :func:`read_settings`'s ``overrides``)
    replaced: dict[str, Any] = field(default_factory=dict)
    #: fields an unknown setting name is probably a misspelling of (``Ordinary Incme``): their value is not
    #: known, so no check that spans two settings judges them (one root cause, one message)
    misspelt: set[str] = field(default_factory=set)
    #: fields whose typed value was refused with an error (unreadable, out of bounds, out of scope, or in
    #: conflict with another setting): that error stands for them, so "X is required" is not said too
    refused: set[str] = field(default_factory=set)

    @property
    def has_error(self) -> bool:
        return any(p.severity is ERROR for p in self.problems)

    def add(self, severity: Severity, row: int, column: str, message: str, setting: str = "") -> None:
        if not setting:
            setting = next((label for label in LABEL.values() if message.startswith(label + ":")), "")
        self.problems.append(SettingProblem(severity, row, column, message, setting))


def nearest_setting(text: str) -> str:
    """``did you mean 'Ordinary Income'?`` for a misspelt name, else the list of known names."""
    key = normalize_key(text)
    match = difflib.get_close_matches(key, list(SETTING_BY_KEY), n=1, cutoff=0.5)
    if match:
        return f"did you mean '{SETTING_BY_KEY[match[0]].label}'?"
    return "known settings: " + ", ".join(s.label for s in schema.SETTING_SPECS)


#: Settings that count people (you and your spouse): 0, 1 or 2.
_PEOPLE_COUNTS = ("taxpayers_65_or_older", "taxpayers_blind")


def _not_people(spec: schema.SettingSpec, raw: Any) -> str:
    return (f"{spec.label}: {describe(raw)} is not a number of people; type how many of you and your spouse "
            "qualify: 0, 1 or 2.")


def _out_of_bounds(spec: schema.SettingSpec, value: Any, raw: Any) -> Optional[str]:
    if spec.kind in (CellKind.PERCENT, CellKind.BAND):
        if spec.minimum is not None and value < spec.minimum or spec.maximum is not None and (
                value >= spec.maximum if spec.maximum_exclusive else value > spec.maximum):
            # the range as the spec bounds it: a rate of 100% (a bare 1) is itself outside [0%, 100%), so the
            # message names the open end ("outside 0-100%" read as a contradiction beside "100.00%", cells23)
            lo = 0.0 if spec.minimum is None else spec.minimum
            hi = "" if spec.maximum is None else (f"below {spec.maximum:.0%}" if spec.maximum_exclusive
                                                   else f"at most {spec.maximum:.0%}")
            return (f"{spec.label}: {describe(raw)} reads as {value:.2%}; a rate here is at least {lo:.0%}"
                    f"{' and ' + hi if hi else ''}. Type a rate such as 5% or 0.05 (a bare 1 means 100%; write 1% "
                    "for one percent).")
        return None
    if spec.field in _PEOPLE_COUNTS:
        return _not_people(spec, raw) if not spec.minimum <= value <= spec.maximum else None
    if spec.field == "tax_year":
        if not spec.minimum <= value <= spec.maximum:
            return f"Tax Year: {describe(raw)} is not a year; type a year such as 2026."
        return None
    if spec.minimum is not None and value < spec.minimum:
        if spec.minimum == 0:
            return f"{spec.label}: {describe(raw)} is negative; type an amount of 0 or more."
        return f"{spec.label}: {describe(raw)} is implausibly large; check the amount."
    if spec.maximum is not None and value > spec.maximum:
        return (f"{spec.label}: {describe(raw)} is implausibly large (more than {spec.maximum:,.0f}); "
                "check the amount.")
    return None


def _out_of_scope_setting(spec: schema.SettingSpec, raw: Any) -> Optional[str]:
    if spec.field == "lot_method":
        with contextlib.suppress(CellError):
            reason = schema.OUT_OF_SCOPE_METHODS.get(normalize_key(parse_text(raw)))
            if reason:
                return f"{spec.label}: {describe(raw)}: {reason}"
    return None


def read_settings(entries: Iterable[tuple[int, Any, Any]], *,
                  overrides: Optional[Mapping[str, Any]] = None) -> SettingsReading:
    """Read Settings rows ``(row, name cell, value cell)`` (blank rows left out) with every rule of
    the contract: unknown names are errors naming the nearest valid name; a name given twice, an
    unreadable value or one outside its bounds is an error (no default is put in its place); a
    Qualifying Surviving Spouse is read as Married Filing Jointly (Info); then the checks that span
    two settings (:func:`_check_together`).

    ``overrides`` (field -> parsed value, e.g. ``{"as_of": date(2026, 12, 31)}`` for the command
    line's ``--as-of``) are used instead of what the sheet says: the row of such a setting is still
    found (and a second row for it is still an error), but its cell is not read; the cell's value is
    kept in ``replaced`` so the caller can say what was replaced. The rows themselves are not changed."""
    overrides = overrides or {}
    out = SettingsReading()
    raws: dict[str, Any] = {}
    for row, name_cell, value in entries:
        try:
            if isinstance(name_cell, CellError):
                raise name_cell
            name = parse_text(name_cell)
        except CellError as exc:
            out.add(ERROR, row, "setting", f"Setting name: {exc}. Fix the name cell.")
            continue
        if not name:
            out.add(WARNING, row, "setting", f"A value {describe(value)} has no setting name; type the setting's "
                    "name in the Setting column or delete the row. The row is ignored.")
            continue
        spec = SETTING_BY_KEY.get(normalize_key(name))
        if spec is None:
            match = difflib.get_close_matches(normalize_key(name), list(SETTING_BY_KEY), n=1, cutoff=0.5)
            if match:
                out.misspelt.add(SETTING_BY_KEY[match[0]].field)
            out.add(ERROR, row, "setting", f"Unknown setting {describe(name)} ({nearest_setting(name)}). A misspelt "
                    "setting would silently leave its default in force, so this stops the run: correct the name "
                    "or delete the row.")
            continue
        if spec.field in out.rows:
            out.add(ERROR, row, "setting", f"{spec.label} is set twice (rows {out.rows[spec.field]} and {row}); "
                    "delete one of them.")
            continue
        out.rows[spec.field] = row
        raws[spec.field] = value
        if spec.field in overrides:
            out.replaced[spec.field] = value
            continue
        scope = _out_of_scope_setting(spec, value)
        if scope:
            out.add(ERROR, row, "value", scope)
            out.refused.add(spec.field)
            continue
        try:
            parsed = setting_parser(spec)(value)
        except CellError as exc:
            if spec.field in _PEOPLE_COUNTS:  # 1.5 people: the count's own message, not a year's example
                out.add(ERROR, row, "value", _not_people(spec, value))
            else:
                out.add(ERROR, row, "value", f"{spec.label}: {exc}. No default is used for a value that cannot be "
                        "read; fix it or clear the cell.")
            out.refused.add(spec.field)
            continue
        if parsed is None:
            if spec.blank_is_none:
                out.values[spec.field] = None
            continue
        if spec.absolute and parsed < 0:
            parsed = -parsed
        if spec.minimum is not None or spec.maximum is not None:
            problem = _out_of_bounds(spec, parsed, value)
            if problem:
                out.add(ERROR, row, "value", problem)
                out.refused.add(spec.field)
                continue
        if spec.kind in (CellKind.PERCENT, CellKind.BAND):
            ambiguous = ambiguous_percent_message(spec.field, spec.label, value, parsed,
                                                  band=spec.kind is CellKind.BAND)
            if ambiguous:
                out.add(WARNING, row, "value", ambiguous, spec.label)
            implausible = implausible_percent_message(spec.field, spec.label, value, parsed,
                                                      band=spec.kind is CellKind.BAND)
            if implausible:
                out.add(WARNING, row, "value", implausible, spec.label)
        if spec.field == "filing_status":
            with contextlib.suppress(CellError):
                out.surviving_spouse = normalize_key(parse_text(value)) in schema.SURVIVING_SPOUSE_KEYS
            if out.surviving_spouse:
                out.add(INFO, row, "value", "Qualifying Surviving Spouse is taxed with the Married Filing Jointly "
                        "brackets and standard deduction (IRC §1(a), §63(c)(2)); it is read as Married Filing "
                        "Jointly.")
        out.values[spec.field] = parsed
    out.values.update(overrides)
    _check_together(out)
    return out


def _check_together(s: SettingsReading) -> None:
    """Investment Income is part of Ordinary Income (IRC §1411(c)); two people 65+ / blind only on a
    married return (IRC §63(f)(1)(B), §151(b)): a Qualifying Surviving Spouse, Single and Head of
    Household returns have one; Flat mode with both rates 0 makes every sale look tax-free."""
    v, rows = s.values, s.rows
    nii = v.get("investment_income")
    # Ordinary Income blank, absent, misspelt or unreadable: its own error says so (check_requirements, when
    # tax is priced), and "more than Ordinary Income (0.00)" would be a second message for one root cause
    if nii is not None and "ordinary_income" in v:
        ordinary = v["ordinary_income"]
        if nii > ordinary + 0.005:
            s.add(ERROR, rows["investment_income"], "value", f"Investment Income ({nii:,.2f}) is more than Ordinary "
                  f"Income ({ordinary:,.2f}). It is the part of Ordinary Income that is interest, non-qualified "
                  "dividends or other net investment income, so Ordinary Income must include it: raise Ordinary "
                  "Income or lower Investment Income.")
            del v["investment_income"]
            s.refused.add("investment_income")
    if not ("filing_status" in rows and "filing_status" not in v):
        status = v.get("filing_status", FilingStatus.SINGLE)
        married = status in (FilingStatus.MARRIED_JOINT, FilingStatus.MARRIED_SEPARATE) and not s.surviving_spouse
        most = 2 if married else 1
        for f in ("taxpayers_65_or_older", "taxpayers_blind"):
            if f in v and v[f] > most:
                what = "a Qualifying Surviving Spouse" if s.surviving_spouse else status.value
                s.add(ERROR, rows[f], "value", f"{LABEL[f]} is {v[f]}, but a return filed as {what} has one person: "
                      "type 0 or 1 (2 is for a married couple, filing jointly or separately claiming a spouse with "
                      "no gross income).")
                del v[f]
                s.refused.add(f)
    if v.get("tax_mode") is TaxMode.FLAT and "flat_st_rate" in v and "flat_lt_rate" in v \
            and not v["flat_st_rate"] and not v["flat_lt_rate"]:
        s.add(WARNING, rows.get("tax_mode", 0), "setting", "Tax Mode is Flat but Flat ST Rate and Flat LT Rate are "
              "both 0%, so every sale will look tax-free. Enter your marginal rates (e.g. 24% and 15%) or set Tax "
              "Mode to Brackets.")


def check_requirements(s: SettingsReading, *, prices_tax: bool) -> None:
    """Settings that must be typed: Filing Status and Ordinary Income whenever tax is priced (a
    household with a Taxable account), unless Tax Mode is Flat; both flat rates when it is Flat. A
    blank would silently price every gain as a single filer with no other income.

    A row whose value cell is blank is as good as no row (the template lists every setting, most of
    them blank): a blank Tax Mode is Brackets, so a blank Filing Status beside it is an error at its
    Value cell. A setting whose typed value was refused (unreadable, out of bounds) or whose name was
    misspelt already has its error: one root cause, one message."""
    flat = s.values.get("tax_mode") is TaxMode.FLAT
    tax_mode_bad = "tax_mode" in s.refused
    for spec in schema.SETTING_SPECS:
        if spec.field in s.values or spec.field in s.refused or spec.field in s.misspelt:
            continue  # typed (or typed and already reported as unreadable, or misspelt)
        row = s.rows.get(spec.field, 0)
        where = "value" if row else ""
        if spec.required == schema.PRICES_TAX and prices_tax and not flat and not tax_mode_bad:
            fix = f"type {_what_to_type(spec)} " + ("in its Value cell" if row else
                                                     f"in a row '{spec.label}' on the Settings sheet")
            s.add(ERROR, row, where,
                  f"{spec.label} is required: an account is Taxable, so every gain and loss is priced with it, and "
                  f"a blank would silently price them as {_blank_meaning(spec.field)}. {fix[0].upper()}{fix[1:]}, "
                  "or set Tax Mode to Flat with your Flat ST Rate and Flat LT Rate.", spec.label)
        elif spec.required == schema.FLAT_MODE and flat:
            s.add(ERROR, row, where,
                  f"{spec.label} is required when Tax Mode is Flat (a blank would price that term at 0%); type your "
                  "marginal rate, e.g. 24%, or set Tax Mode to Brackets.", spec.label)


def _blank_meaning(f: str) -> str:
    return "a Single filer" if f == "filing_status" else "$0 of other income"


def _what_to_type(spec: schema.SettingSpec) -> str:
    if spec.accepted:
        return f"one of {spec.accepted}"
    return "the amount (0 if there is none)"


#: Settings that change the tax and that a household may leave blank (README "Settings": each is
#: optional, with the default the template's Default column shows), in contract order. When one is
#: blank the run says so (the console, Run Info): a blank is a default used, never a silent one.
#: Flat mode prices with the flat rates, so there only the state rate and the carryforwards apply.
#: Not listed: a blank Itemized Deductions, which is how the contract says "the standard deduction"
#: (as a blank Tax Budget says "no cap"), and Realized ST/LT YTD, whose blank has its own Info.
TAX_DEFAULTS: tuple[str, ...] = ("qualified_dividends", "investment_income",
                                 "taxpayers_65_or_older", "taxpayers_blind", "st_loss_carryforward",
                                 "lt_loss_carryforward", "state_tax_rate")
_FLAT_DEFAULTS = frozenset({"st_loss_carryforward", "lt_loss_carryforward", "state_tax_rate"})


def defaults_used(s: SettingsReading, *, prices_tax: bool) -> tuple[str, ...]:
    """The fields of :data:`TAX_DEFAULTS` left blank (no row, or a blank Value cell), so their default
    prices the tax; none when no account is Taxable (nothing is priced) or a setting has an error
    (the run stops)."""
    if not prices_tax or s.has_error:
        return ()
    flat = s.values.get("tax_mode") is TaxMode.FLAT
    return tuple(f for f in TAX_DEFAULTS
                 if s.values.get(f) is None and (not flat or f in _FLAT_DEFAULTS))


def default_text(f: str) -> str:
    """A setting's default as a person reads it: ``$0``, ``0%``, ``0``."""
    spec = next(x for x in schema.SETTING_SPECS if x.field == f)
    if spec.kind is CellKind.MONEY and spec.default == "0":
        return "$0"
    return spec.default


def defaults_message(fields: Iterable[str]) -> str:
    """The one wording of "these blank settings take their defaults" (Issues, console)."""
    listed = "; ".join(f"{LABEL[f]}: {default_text(f)}" for f in fields)
    return (f"Left blank on Settings, so their defaults are used, and each changes the tax: {listed}. If one is "
            "not right for this household, type its value (0 if there is none) so that it is yours, not a default.")


def supported_years() -> tuple[int, ...]:
    """Tax years whose IRS parameters ship (``engine/params/federal_<year>.toml``)."""
    return params.years()


def check_year(s: SettingsReading, as_of: Optional[date], option: str = "", any_year: bool = False) -> None:
    """As Of and Tax Year agree and are supported years: a trade on As Of falls in As Of's tax year,
    and a year without parameters cannot be priced (As Of 1900 or 2200 is a typo). ``option`` names
    the command-line option (``--as-of``) the date came from instead of Settings As Of: a problem with
    the date is then the option's, not a Settings cell's (which holds another date or none).
    ``any_year`` (``taxrebal form8949``, which prices no tax: fe16 F7): As Of may be in any year, and
    Tax Year may differ from it (the return is prepared in the next year; ``--year`` picks the lines)."""
    if any_year:
        if as_of is not None and not is_trading_day(as_of):
            _closed_as_of(s, as_of, option)
        return
    years = supported_years()
    listed = ", ".join(str(y) for y in years)
    year = s.values.get("tax_year")
    if option and as_of is not None and as_of.year not in years:
        s.add(ERROR, 0, "", f"{option} {as_of.isoformat()} is in {as_of.year}, but tax parameters ship for {listed} "
              f"only; give {option} a date in one of those years (it replaces Settings As Of for this run).")
        return
    if option and year is not None and as_of is not None and year != as_of.year:
        s.add(ERROR, s.rows["tax_year"], "value", f"Tax Year {year} does not match {option} {as_of.isoformat()}: "
              f"trades on that date fall in tax year {as_of.year}. Give {option} a date in {year}, or clear Tax Year.")
        return
    if as_of is not None and as_of.year not in years:
        where = "as_of" if "as_of" in s.rows else ""
        s.add(ERROR, s.rows.get("as_of", 0), "value" if where else "",
              f"As Of {as_of.isoformat()} is in {as_of.year}, but tax parameters ship for {listed} only; type the "
              "date of your prices (e.g. 2026-11-20)" + ("" if where else " next to As Of") + ".")
        return
    if year is not None and as_of is not None and year != as_of.year:
        s.add(ERROR, s.rows["tax_year"], "value", f"Tax Year {year} does not match As Of {as_of.isoformat()}: trades "
              f"on As Of fall in tax year {as_of.year}. Correct As Of or Tax Year, or clear Tax Year.")
    elif year is not None and year not in years:
        s.add(ERROR, s.rows["tax_year"], "value", f"Tax Year {year}: tax parameters ship for {listed} only; type one "
              "of those years.")
    if as_of is not None and not is_trading_day(as_of):
        _closed_as_of(s, as_of, option)


_WEEKDAY = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")  # without the locale


def _closed_as_of(s: SettingsReading, as_of: date, option: str) -> None:
    """A warning for an As Of on a day the NYSE is closed, a weekend (fe11 finding 16) or an NYSE holiday
    (fe12 F-h, :mod:`taxrebal.engine.wash_dates`): the plan's dates count from As Of as the trade date (the
    wash-sale window, "the first day you may buy", T+1 settlement), but no exchange trade fills then.
    Worked example: As Of Saturday 2026-12-05, a loss sale's "first day you may buy" is 2027-01-05 (31
    days after As Of); the sale fills Monday 2026-12-07, so 2027-01-05 is 29 days after it, inside the
    window (IRC §1091(a)). Thanksgiving, Thursday 2026-11-26: the trades fill Friday 2026-11-27. Kept as
    typed: prices may be that day's."""
    opens = first_trading_day(as_of)
    name = option or "As Of"
    day = _WEEKDAY[as_of.weekday()] + ("" if as_of.weekday() >= 5 else ", an NYSE holiday")
    s.add(WARNING, 0 if option else s.rows.get("as_of", 0), "" if option or "as_of" not in s.rows else "value",
          f"{name} {as_of.isoformat()} is a {day}: no trade fills then, but every date the plan "
          f"gives (settlement, the wash-sale windows, the first day you may buy back) counts from {name} as the "
          f"trade date; a sale placed on {opens.isoformat()} makes them {(opens - as_of).days} day(s) later. "
          f"Set {name} to the day you will place the trades (e.g. {opens.isoformat()}) and run again.")
