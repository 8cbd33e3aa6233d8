"""The Dashboard sheet: the cell functions at work on the workbook's own data.

``add_dashboard(wb, functions=udfs)`` adds (or replaces) a **Dashboard** sheet to a household workbook made from the
template (the sample Rivera household, or the user's). Each row shows one cell function:

====  ==========================  ===============================  ===============================
A     B                           C...                             J...
====  ==========================  ===============================  ===============================
what  the formula, as text        the value it gave when this      the live formula (needs the
                                  sheet was built (a plain VALUE)  taxrebal add-in; #NAME? without)
====  ==========================  ===============================  ===============================

The saved values are computed here by calling the very cell functions (``functions``: the module
:mod:`taxrebal.excel.udfs`, handed in by the caller, so this workbook-layer module imports neither
xlwings nor the excel layer) with the sheets' cell values (the same 2D lists Excel would pass), so a
reader without the add-in still sees the numbers, and with the add-in the live column must agree with
them (tests check it).

Table-returning functions (DRIFT, LOTPICK) are written as array formulas over a block the size of
the saved table (``{=DRIFT(...)}``): every Excel version and LibreOffice show the whole table
without relying on dynamic-array spilling; if the data grows, select a larger block and re-enter the
formula with Ctrl+Shift+Enter (the Dashboard says so).

Ranges reach :data:`RANGE_ROWS` rows (or the data's last row when longer) so rows the user adds
below the data are included; blank rows are skipped by the functions.

Worked example (the sample household): ``=TAXCOST("VTI", 50, Securities!C2, Lots!A1:I500,
Settings!A1:B500, , "Joint Brokerage", , Accounts!A1:F500, Transactions!A1:K500, Securities!A1:H500)``
shows the federal + state tax of selling 50 VTI from the taxable account by the Settings lot method
(TaxOptimal) on the As Of date, -123.05: the Transactions, Accounts and Securities ranges make it the
run's Lot Selection figure (earlier wash sales and the year's realized gains as the run counts them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, Callable, Optional, Protocol, Sequence

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula

from taxrebal.engine.money import cents

from ..engine.records import Household, Lot
from ..errors import TaxrebalError
from .cells import normalize_key
from .interface import NUMBER_FORMATS, Kind
from .reader import load_sheets

__all__ = ["add_dashboard", "CellFunctions", "DASHBOARD_SHEET", "RANGE_ROWS", "DashboardRow", "dashboard_rows"]

DASHBOARD_SHEET = "Dashboard"
#: Ranges given to the functions extend at least this far down (rows added later are included).
RANGE_ROWS = 500

_LABEL_COL, _TEXT_COL, _SAVED_COL, _LIVE_COL = 1, 2, 3, 10
_TITLE_FONT = Font(bold=True, size=16)
_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_NOTE_FONT = Font(italic=True, color="595959")

_DATE_FORMAT = "yyyy-mm-dd"
_MONEY_FORMAT = NUMBER_FORMATS[Kind.MONEY]  # the result sheets' money: a saving is not red
_PERCENT_FORMAT = "0.00%"
_NUMBER_FORMAT = "#,##0.######"


class CellFunctions(Protocol):
    """The cell functions the Dashboard demonstrates (:mod:`taxrebal.excel.udfs` has them all)."""

    DRIFT: Callable[..., Any]
    TAXCOST: Callable[..., Any]
    LOTPICK: Callable[..., Any]
    LTDATE: Callable[..., Any]
    HOLDINGTERM: Callable[..., Any]
    WASHWINDOW: Callable[..., Any]
    FEDTAX: Callable[..., Any]


@dataclass(frozen=True)
class DashboardRow:
    """One demonstrated function call: a label, the formula text, and the Python call computing
    the saved value. ``formats`` gives a number format per result column (tables) or one format."""

    label: str
    formula: str  # without the leading "="
    compute: Callable[[], Any]
    formats: tuple[str, ...] = ()
    note: str = ""


# --------------------------------------------------------------------------------------------------
# Reading the workbook's sheets as Excel would pass them
# --------------------------------------------------------------------------------------------------

def _sheet(wb: Any, name: str) -> Any:  # openpyxl's Workbook and Worksheet (untyped)
    for ws in wb.worksheets:
        if ws.title.strip().lower() == name.lower():
            return ws
    return None


class _Ranges:
    """A1 references of the input tables and their values as 2D lists."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb

    def ref(self, name: str, columns: Optional[int] = None) -> Optional[str]:
        """``Lots!$A$1:$G$500``: the table from its header, ``columns`` wide (default: all used)."""
        ws = _sheet(self.wb, name)
        if ws is None:
            return None
        last_col = get_column_letter(columns or max(1, ws.max_column))
        last_row = max(RANGE_ROWS, ws.max_row)
        return f"{_quote(ws.title)}!$A$1:${last_col}${last_row}"

    def values(self, name: str) -> Optional[list[list[Any]]]:
        ws = _sheet(self.wb, name)
        if ws is None:
            return None
        rows = [list(r) for r in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=max(1, ws.max_column),
                                               values_only=True)]
        return rows or None

    def cell(self, name: str, row: int, col: int) -> str:
        ws = _sheet(self.wb, name)
        return f"{_quote(ws.title)}!${get_column_letter(col)}${row}"


def _quote(title: str) -> str:
    return f"'{title}'" if not title.replace("_", "").isalnum() else title


def _header_index(rows: Sequence[Sequence[Any]], *names: str) -> Optional[int]:
    keys = [normalize_key(h) if h is not None else "" for h in rows[0]]
    for n in names:
        k = normalize_key(n)
        if k in keys:
            return keys.index(k)
    return None


def _settings_row(rows: Sequence[Sequence[Any]], label: str) -> Optional[int]:
    """1-based worksheet row of a Settings key."""
    for i, r in enumerate(rows, start=1):
        if r and r[0] is not None and normalize_key(r[0]) == normalize_key(label):
            return i
    return None


def _text(value: Any) -> str:
    return '"' + str(value).replace('"', '""') + '"'


# --------------------------------------------------------------------------------------------------
# Choosing the examples
# --------------------------------------------------------------------------------------------------

def _household_from(wb: Any) -> Optional[Household]:
    sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    try:
        return load_sheets(sheets).household
    except Exception:  # noqa: BLE001 - a dashboard for a half-filled workbook still gets written
        return None


def _sale_example(h: Household) -> Optional[tuple[str, str, float]]:
    """(account, symbol, quantity): the taxable position with the most lots, half of it (at most 50)."""
    counts: dict[tuple[str, str], list[float]] = {}
    taxable = {a.name for a in h.accounts if a.is_taxable}
    for lot in h.lots:
        if lot.account in taxable and lot.basis is not None:
            counts.setdefault((lot.account, lot.symbol), []).append(lot.quantity)
    if not counts:
        return None
    (acct, sym), qtys = max(counts.items(), key=lambda kv: (len(kv[1]), sum(kv[1])))
    held = sum(qtys)
    qty = float(min(50, max(1, int(held / 2)))) if held >= 1 else held / 2
    return acct, sym, qty


def _recent_lot(h: Household, symbol: str, account: str) -> Optional[Lot]:
    lots = [lot for lot in h.lots if lot.symbol == symbol and lot.account == account and lot.acquired is not None]
    return max(lots, key=lambda lot: lot.acquired or date.min) if lots else None  # every date is known


def _wash_symbol(h: Household) -> Optional[str]:
    """The symbol of the latest taxable sale in Transactions, else of the latest transaction."""
    taxable = {a.name for a in h.accounts if a.is_taxable}
    sells = [t for t in h.transactions if t.action.value == "Sell" and t.account in taxable]
    pool = sells or list(h.transactions)
    return max(pool, key=lambda t: t.date).symbol if pool else None


def dashboard_rows(wb: Any, household: Optional[Household] = None, *, functions: CellFunctions) -> list[DashboardRow]:
    """The function calls shown for this workbook (each with its formula and its Python twin)."""
    udfs = functions
    r = _Ranges(wb)
    h = household or _household_from(wb)
    lots, secs, tgts, accts = (r.values(n) for n in ("Lots", "Securities", "Targets", "Accounts"))
    sets, txns = r.values("Settings"), r.values("Transactions")
    lots_ref, secs_ref, tgts_ref, accts_ref = (r.ref(n) for n in ("Lots", "Securities", "Targets", "Accounts"))
    txns_ref = r.ref("Transactions")
    sets_ab = r.ref("Settings", columns=2)  # Setting and Value
    sets_2col = [row[:2] for row in sets] if sets else None
    rows: list[DashboardRow] = []

    if lots and secs and tgts:
        rows.append(DashboardRow(
            "Allocation by asset class (value, weight, target, drift)",
            f"DRIFT({lots_ref}, {secs_ref}, {tgts_ref}, {accts_ref})" if accts else
            f"DRIFT({lots_ref}, {secs_ref}, {tgts_ref})",
            lambda: udfs.DRIFT(lots, secs, tgts, accts),
            ("@", _MONEY_FORMAT, _PERCENT_FORMAT, _PERCENT_FORMAT, _PERCENT_FORMAT),
            "Drift = current weight - target. Cash and contributions count as Cash.",
        ))

    as_of_row = _settings_row(sets, "As Of") if sets else None
    as_of_ref = r.cell("Settings", as_of_row, 2) if as_of_row else None
    as_of = sets[as_of_row - 1][1] if (sets and as_of_row) else None  # the As Of cell's value
    sale = _sale_example(h) if h else None
    if sale and h and lots and secs and sets:
        acct, sym, qty = sale
        sym_col = _header_index(secs, "Symbol")
        price_col = _header_index(secs, "Price")
        price_row = next((i for i, row in enumerate(secs, start=1)
                          if i > 1 and sym_col is not None and str(row[sym_col]).strip().upper() == sym), None)
        price_ref: Optional[str] = None
        price: Any = None
        if price_row and price_col is not None:
            price_ref = r.cell("Securities", price_row, price_col + 1)
            price = secs[price_row - 1][price_col]
        # With the Transactions, Accounts and Securities sheets the sale is priced as the run's Lot Selection
        # sheet prices it (earlier wash sales counted: IRC §1091(d), Treas. Reg. §1.1091-1(e)).
        washed = bool(txns and accts and secs)
        wash_text = f", {accts_ref}, {txns_ref}, {secs_ref}" if washed else (f", {accts_ref}" if accts else "")
        wash_args = (accts, txns, secs) if washed else (accts, None, None)
        if price_ref:
            for method in (None, "FIFO", "HIFO"):
                m_text = _text(method) if method else ""
                label = (f"Tax of selling {qty:g} {sym} from {acct} "
                         f"({method or 'the Settings lot method'})")
                rows.append(DashboardRow(
                    label,
                    f"TAXCOST({_text(sym)}, {qty:g}, {price_ref}, {lots_ref}, {sets_ab}, {m_text}, {_text(acct)}, "
                    f"{wash_text})",
                    partial(udfs.TAXCOST, sym, qty, price, lots, sets_2col, method, acct, None, *wash_args),
                    (_MONEY_FORMAT,),
                    "Federal + state marginal tax; negative = tax saved." if method is None else "",
                ))
            if as_of_ref:
                rows.append(DashboardRow(
                    f"Lots that sale relieves ({'Settings lot method'})",
                    f"LOTPICK({_text(sym)}, {qty:g}, {price_ref}, {lots_ref}, , {as_of_ref}, {_text(acct)}, {sets_ab}"
                    f"{wash_text})",
                    partial(udfs.LOTPICK, sym, qty, price, lots, None, as_of, acct, sets_2col, *wash_args),
                    ("@", _NUMBER_FORMAT, _MONEY_FORMAT, _MONEY_FORMAT, _MONEY_FORMAT, "@"),
                ))
        recent = _recent_lot(h, sym, acct)
        acq_col = _header_index(lots, "Acquired")
        id_col = _header_index(lots, "Lot ID")
        lot_row = None
        if recent is not None and id_col is not None:
            lot_row = next((i for i, row in enumerate(lots, start=1)
                            if i > 1 and str(row[id_col]).strip() == recent.lot_id), None)
        if recent is not None and lot_row and acq_col is not None:
            acq_ref = r.cell("Lots", lot_row, acq_col + 1)
            acquired = lots[lot_row - 1][acq_col]
            rows.append(DashboardRow(
                f"First long-term sale date of lot {recent.lot_id} ({sym}, the most recent)",
                f"LTDATE({acq_ref})", lambda: udfs.LTDATE(acquired), (_DATE_FORMAT,)))
            if as_of_ref:
                rows.append(DashboardRow(
                    f"Holding period of lot {recent.lot_id} if sold on the As Of date",
                    f"HOLDINGTERM({acq_ref}, {as_of_ref})",
                    partial(udfs.HOLDINGTERM, acquired, as_of), ("@",)))

    wash_sym = _wash_symbol(h) if h else None
    if wash_sym and txns and as_of_ref:
        rows.append(DashboardRow(
            f"Wash-sale window for buying {wash_sym} on the As Of date",
            f"WASHWINDOW({_text(wash_sym)}, {as_of_ref}, {txns_ref}, {secs_ref}, {accts_ref}, {lots_ref})",
            partial(udfs.WASHWINDOW, wash_sym, as_of, txns, secs, accts, lots), ("@",)))

    if sets:
        keys: tuple[str, ...] = ("Filing Status", "Ordinary Income", "Realized ST YTD", "Realized LT YTD",
                                 "Qualified Dividends", "Tax Year", "Itemized Deductions", "ST Loss Carryforward",
                                 "LT Loss Carryforward")
        refs = {k: row for k in keys if (row := _settings_row(sets, k))}
        # optional trailing arguments, as the engine reads them: the NIIT base (IRC §1411) and the people
        # 65+ / blind (IRC §63(f), §151(d)(5)(C)); one the sheet lacks is passed blank when a later one is there
        optional = ("Investment Income", "Taxpayers 65 or Older", "Taxpayers Blind")
        found = {k: row for k in optional if (row := _settings_row(sets, k))}
        last = max((i for i, k in enumerate(optional) if k in found), default=-1)
        if len(refs) == len(keys):
            texts = [r.cell("Settings", refs[k], 2) for k in keys]
            vals: list[Any] = [sets[refs[k] - 1][1] for k in keys]
            for k in optional[:last + 1]:
                texts.append(r.cell("Settings", found[k], 2) if k in found else "")
                vals.append(sets[found[k] - 1][1] if k in found else None)
            rows.append(DashboardRow(
                "Federal income tax + NIIT on this year's income and realized gains so far, as typed on Settings",
                f"FEDTAX({', '.join(texts)})",
                lambda: udfs.FEDTAX(*vals),
                (_MONEY_FORMAT,),
                "From the Settings sheet: filing status, income, realized gains, dividends, year, "
                "itemized deductions, carryforwards, the investment income in ordinary income (NIIT) and "
                "the people 65 or older and blind (additional standard deduction, senior deduction)."
                + _ledger_note(h, vals, udfs)))
    return rows


def _ledger_note(h: Optional[Household], vals: Sequence[Any], udfs: CellFunctions) -> str:
    """What FEDTAX of the typed Realized ST/LT YTD leaves out (fe11 finding 23): a run adds the loss of
    this year's sales that wash sales disallow (IRC §1091(a); engine/ledger.py), so its tax differs.
    ``vals``: FEDTAX's arguments (Realized ST YTD and LT YTD at 2 and 3). "" when a run uses the typed
    figures. Sample: typed $350.00 / $10,720.00, the run uses $692.81 / $11,560.00: $38,954.42."""
    typed_st, typed_lt = vals[2], vals[3]
    if h is None or not isinstance(typed_st, (int, float)) or not isinstance(typed_lt, (int, float)):
        return ""
    # imported only for a Dashboard with the household's figures: the empty template needs no wash engine
    from ..engine.ledger import ledger_settings
    from ..engine.wash import adjust_lots

    used = ledger_settings(h.settings, adjust_lots(h), h.as_of)
    st, lt = used.realized_st_ytd, used.realized_lt_ytd
    if st is None or lt is None or (abs(st - typed_st) < 0.005 and abs(lt - typed_lt) < 0.005):
        return ""
    tax = udfs.FEDTAX(*vals[:2], st, lt, *vals[4:])
    return (f" Realized ST YTD and LT YTD are the figures typed on Settings, before the wash-sale disallowances "
            f"a run adds (Issues): on the data when this sheet was made, the run uses ${cents(st):,.2f} and "
            f"${cents(lt):,.2f}, and this year's federal tax + NIIT with them is ${cents(float(tax)):,.2f}.")


# --------------------------------------------------------------------------------------------------
# Writing the sheet
# --------------------------------------------------------------------------------------------------

def _put(cell: Any, value: Any, fmt: str = "") -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # results and labels are text, never formulas
    if fmt and not isinstance(value, str):
        cell.number_format = fmt


def _evaluate(row: DashboardRow) -> Any:
    try:
        return row.compute()
    except TaxrebalError as err:  # the UDFs already turn errors into text; belt and braces
        return f"#TAXREBAL! {err}"


def add_dashboard(wb: Any, household: Optional[Household] = None, *, functions: CellFunctions) -> Any:
    """Add (or replace) the Dashboard sheet of ``wb`` and return it. ``household`` (optional) is the
    workbook's household already read; without it the sheets are read here. ``functions``: the cell
    functions (:mod:`taxrebal.excel.udfs`)."""
    old = _sheet(wb, DASHBOARD_SHEET)
    position = wb.worksheets.index(old) if old is not None else 1
    if old is not None:
        wb.remove(old)
    ws = wb.create_sheet(DASHBOARD_SHEET, position)
    ws.sheet_view.showGridLines = False
    _put(ws.cell(row=1, column=1), "Dashboard: taxrebal cell functions on this workbook's data")
    ws.cell(row=1, column=1).font = _TITLE_FONT
    notes = (
        "Column C shows the value each formula gave when this sheet was made, on the data as it was then (plain "
        "values: readable without the add-in; after an edit to the data only column J follows). Column J holds the "
        "live formulas; they need the taxrebal add-in (without it Excel shows #NAME?).",
        "Tables (DRIFT, LOTPICK) are array formulas over a fixed block: if your data grows, select a larger "
        "block starting at the formula, press F2, then Ctrl+Shift+Enter. Errors read '#TAXREBAL! ...' with the fix.",
    )
    for i, line in enumerate(notes, start=2):
        _put(ws.cell(row=i, column=1), line)
        ws.cell(row=i, column=1).font = _NOTE_FONT
    head = 5
    for col, text in ((_LABEL_COL, "What"), (_TEXT_COL, "Formula"), (_SAVED_COL, "Saved result"),
                      (_LIVE_COL, "Live formula (add-in)")):
        c = ws.cell(row=head, column=col)
        _put(c, text)
        c.font, c.fill = _HEAD_FONT, _HEAD_FILL
    r = head + 1
    for row in dashboard_rows(wb, household, functions=functions):
        value = _evaluate(row)
        _put(ws.cell(row=r, column=_LABEL_COL), row.label)
        ws.cell(row=r, column=_LABEL_COL).alignment = Alignment(wrap_text=True, vertical="top")
        _put(ws.cell(row=r, column=_TEXT_COL), "=" + row.formula)
        ws.cell(row=r, column=_TEXT_COL).alignment = Alignment(wrap_text=False, vertical="top")
        if isinstance(value, list):  # a table: saved block at C, live array formula at J, same shape
            height, width = len(value), max(len(v) for v in value)
            for i, vrow in enumerate(value):
                for j, v in enumerate(vrow):
                    fmt = row.formats[j] if j < len(row.formats) and i > 0 else ""
                    _put(ws.cell(row=r + i, column=_SAVED_COL + j), v, fmt)
                    if i == 0:
                        ws.cell(row=r + i, column=_SAVED_COL + j).font = _HEAD_FONT
                    live = ws.cell(row=r + i, column=_LIVE_COL + j)
                    if i > 0 and j < len(row.formats) and row.formats[j] != "@":
                        live.number_format = row.formats[j]
            top_left = f"{get_column_letter(_LIVE_COL)}{r}"
            ref = f"{top_left}:{get_column_letter(_LIVE_COL + width - 1)}{r + height - 1}"
            ws[top_left] = ArrayFormula(ref, "=" + row.formula)
            used = height
        else:
            fmt = row.formats[0] if row.formats else ""
            _put(ws.cell(row=r, column=_SAVED_COL), value, fmt)
            live = ws.cell(row=r, column=_LIVE_COL)
            live.value = "=" + row.formula
            if fmt and fmt != "@":
                live.number_format = fmt
            used = 1
        if row.note:
            _put(ws.cell(row=r + used, column=_LABEL_COL), row.note)
            ws.cell(row=r + used, column=_LABEL_COL).font = _NOTE_FONT
            used += 1
        r += used + 1
    ws.column_dimensions["A"].width = 58
    ws.column_dimensions["B"].width = 40
    for col in range(_SAVED_COL, _SAVED_COL + 6):
        ws.column_dimensions[get_column_letter(col)].width = 15
    for col in range(_LIVE_COL, _LIVE_COL + 6):
        ws.column_dimensions[get_column_letter(col)].width = 15
    ws.freeze_panes = ws.cell(row=head + 1, column=1)
    ws.page_setup.orientation = "landscape"  # printed or exported to PDF: one page wide
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    return ws
