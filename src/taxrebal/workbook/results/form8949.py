"""The **Form 8949** sheet and CSV: the year's sales as Form 8949 lines (IRS Instructions for Form 8949).

Part I holds short-term sales (held one year or less, IRC §1222(1)), Part II long-term ones; the
holding period counts from the (wash-tacked, IRC §1223(3)) holding start. Columns:

(a) description "100 sh VTI"; (b) date acquired (the lot's purchase date; "INHERITED" for inherited
property, as the instructions ask); (c) date sold; (d) proceeds; (e) cost or other basis (including
wash-sale adjustments the sold shares carry from earlier losses: the *adjusted* basis); (f) code "W"
when a loss is disallowed as a wash sale; (g) the disallowed loss as a positive adjustment; (h) gain
or loss = (d) - (e) + (g).

Worked example (Pub 550): 100 sh X bought for $1,000, sold for $750, washed by a purchase within 30
days: (d) 750.00, (e) 1,000.00, (f) W, (g) 250.00, (h) 0.00.

Amounts are rounded to cents and (h) is computed from the rounded (d), (e), (g), so each line adds up.
Only sales on the Transactions sheet are listed (a partial year if the history is partial).

**Box** (fe16 F12; one computation, :func:`form8949_box`, for the sheet and the CSV): a Form 8949 is
filed per box: A/B/C short-term, D/E/F long-term; A and D when the Form 1099-B reports the basis to
the IRS, B and E when it does not, C and F with no 1099-B. A broker must report the basis of a
*covered security* (Treas. Reg. §1.6045-1(a)(15)): a corporation's stock bought on or after
2011-01-01, a mutual fund's or ETF's shares (stock of a RIC, or bought through a dividend
reinvestment plan) on or after 2012-01-01. So the box follows (b), the purchase date (a wash-sale
replacement's own, not the tacked holding start), and the Securities Type (blank: the later date).
An inherited lot's date of death is not in the workbook: "D or E". The workbook knows nothing of the
1099-B itself: the box your 1099-B shows prevails (C/F: none received).

**Note** (the same text on the sheet and in the CSV): what changes how a line is read: a holding
period tacked on by a wash sale (IRC §1223(3): (b) is the purchase date, the part follows the longer
period), an inherited lot (long-term whatever the dates, IRC §1223(9); basis the value at death,
§1014), a wash sale found here (code W and (g) go on the form whether or not the 1099-B shows them).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence, TextIO, Union

from ...engine.money import cents
from ...engine.records import Household, SecurityType
from ...engine.wash import RealizedSale, WashResult, adjust_lots
from ..interface import Column, Kind, ResultBook, Table, is_formula_like
from . import FORM8949_SHEET
from .form8949_plan import plan_line_notes, plan_sheet_notes

__all__ = ["FORM8949_SHEET", "Form8949Line", "form8949_lines", "form8949_tables", "write_form8949",
           "export_form8949_csv", "CSV_HEADER"]

WASH_CODE = "W"


@dataclass(frozen=True)
class Form8949Line:
    """One line of Form 8949, amounts already rounded to cents."""

    part: str  # "I" short-term, "II" long-term
    description: str
    acquired: Any  # date, or "INHERITED"
    sold: date
    proceeds: float
    basis: float
    code: str
    adjustment: Optional[float]
    gain: float
    account: str
    lot_id: Optional[str]
    box: str = ""
    note: str = ""

    def cells(self) -> tuple[Any, ...]:
        """Box, (a) .. (h), Account, Lot ID, Note."""
        return (self.box, self.description, self.acquired, self.sold, self.proceeds, self.basis, self.code,
                self.adjustment, self.gain, self.account, self.lot_id, self.note)


#: Treas. Reg. §1.6045-1(a)(15)(i): a broker reports the basis of stock bought from 2011 on, of a RIC's
#: (mutual fund's, ETF's) or a dividend reinvestment plan's shares from 2012 on
COVERED_STOCK_FROM = date(2011, 1, 1)
COVERED_FUND_FROM = date(2012, 1, 1)


def form8949_box(long_term: bool, acquired: Optional[date], inherited: bool, kind: Optional[SecurityType]) -> str:
    """The Form 8949 box of a sale: A/D (basis reported on the 1099-B) for a covered security, else B/E;
    "D or E" for an inherited lot (the date of death decides, and the workbook does not have it).
    Example: VTI (ETF) bought 2011-06-01 and sold long-term: E; bought 2012-01-03: D."""
    if inherited:
        return "D or E"
    if acquired is None:
        return ""
    covered = acquired >= (COVERED_STOCK_FROM if kind is SecurityType.STOCK else COVERED_FUND_FROM)
    return ("D" if covered else "E") if long_term else ("A" if covered else "B")


def _note(sale: RealizedSale, adjustment: float) -> str:
    parts = []
    if sale.inherited:
        parts.append("inherited: long-term whatever the dates (IRC §1223(9)); (e) is the value at the date of death "
                     "(IRC §1014); box D if your 1099-B reports the basis, else E")
    elif (sale.holding_start is not None and sale.acquired is not None and sale.holding_start < sale.acquired):
        parts.append(f"held from {sale.holding_start.isoformat()}: a wash-sale replacement, so the washed shares' "
                     f"holding period is added (IRC §1223(3)); {'long' if sale.long_term else 'short'}-term by it, "
                     "not by (b)")
    if sale.washed:
        parts.append(f"W: ${cents(adjustment):,.2f} of the loss is disallowed (a wash sale, IRC §1091(a)): enter code "
                     f"W "
                     "and (g) whether or not your 1099-B shows it (box 1g)")
    return "; ".join(parts)


def _line(sale: RealizedSale, kind: Optional[SecurityType], plan_note: str = "") -> Form8949Line:
    proceeds = cents(sale.proceeds)
    basis = cents(sale.basis)
    adjustment = cents(sale.disallowed) if sale.washed else 0.0
    gain = cents(proceeds - basis + adjustment) + 0.0  # no -0.0
    acquired: Any = "INHERITED" if sale.inherited else sale.acquired
    return Form8949Line("II" if sale.long_term else "I", f"{sale.quantity:g} sh {sale.symbol}", acquired,
                        sale.date, proceeds, basis, WASH_CODE if sale.washed else "",
                        adjustment if sale.washed else None, gain, sale.account, sale.lot_id,
                        form8949_box(sale.long_term, sale.acquired, sale.inherited, kind),
                        "; ".join(n for n in (_note(sale, adjustment), plan_note) if n))


def form8949_lines(result: WashResult, year: int,
                   plan_notes: Optional[Mapping[RealizedSale, str]] = None) -> tuple[Form8949Line, ...]:
    """The year's lines, Part I first, each part by box (one form per box), then in date sold order.
    ``plan_notes``: sale -> what placing the rebalancing plan changes on its line (form8949_plan.py)."""
    kinds = {sec.symbol: sec.security_type for sec in result.household.securities}
    lines = [_line(s, kinds.get(s.symbol), (plan_notes or {}).get(s, "")) for s in result.sales_in_year(year)]
    lines.sort(key=lambda line: (line.part != "I", line.box, line.sold, line.account, line.lot_id))
    return tuple(lines)


_COLUMNS = (
    Column("Box", Kind.TEXT, note="A/D: your 1099-B reports the basis (a covered security: stock bought from 2011, "
                                  "a fund's or ETF's shares from 2012, Treas. Reg. §1.6045-1(a)(15)); B/E: it does "
                                  "not. The box your 1099-B shows prevails (C/F: no 1099-B). One Form 8949 per box."),
    Column("(a) Description", Kind.TEXT),
    Column("(b) Date Acquired", Kind.DATE),
    Column("(c) Date Sold", Kind.DATE),
    Column("(d) Proceeds", Kind.MONEY),
    Column("(e) Cost Basis", Kind.MONEY, note="Includes wash-sale adjustments carried by the shares sold."),
    Column("(f) Code", Kind.TEXT, note="W: wash sale, loss disallowed."),
    Column("(g) Adjustment", Kind.MONEY, note="Disallowed loss, as a positive amount."),
    Column("(h) Gain or Loss", Kind.MONEY, note="(d) - (e) + (g)."),
    Column("Account", Kind.TEXT),
    Column("Lot ID", Kind.TEXT),
    Column("Note", Kind.TEXT, note="What changes how the line is read: a holding period tacked on by a wash sale, "
                                   "an inherited lot, a wash sale found here."),
)


def _part_table(lines: Sequence[Form8949Line], part: str, title: str) -> Table:
    rows = [line.cells() for line in lines if line.part == part]
    body = [line for line in lines if line.part == part]
    totals = ("", "Totals", None, None, cents(sum(line.proceeds for line in body)),
              cents(sum(line.basis for line in body)), "", cents(sum(line.adjustment or 0.0 for line in body)),
              cents(sum(line.gain for line in body)), "", "", "")
    rows.append(totals)
    return Table(_COLUMNS, tuple(rows), title=title, total_rows=1,
                 highlight=tuple(i for i, line in enumerate(body) if line.code))


def form8949_tables(result: WashResult, year: int, plan: Any = None) -> list[Table]:
    """The sheet's two parts; with ``plan`` (the run's rebalancing plan), each line a plan purchase would
    wash further says so (form8949_plan.py)."""
    plan_notes = plan_line_notes(plan) if plan is not None else {}
    lines = form8949_lines(result, year, plan_notes)
    part1 = _part_table(lines, "I", f"Part I: Short-term ({year})")
    part2 = _part_table(lines, "II", f"Part II: Long-term ({year})")
    part2 = Table(part2.columns, part2.rows, title=part2.title, total_rows=1, highlight=part2.highlight,
                  notes=("Only sales listed on the Transactions sheet are included. Box: from the purchase date "
                         "and the Securities Type (covered securities, Treas. Reg. §1.6045-1(a)(15)); check it "
                         "against your Forms 1099-B (basis reported to the IRS or not), whose box prevails.",
                         "Basis in (e) includes wash-sale adjustments from earlier disallowed losses; "
                         "(b) is the purchase date, while the part follows the holding period including "
                         "any tacked-on period (IRC §1223(3)).")
                  + (plan_sheet_notes(plan, year, plan_notes) if plan is not None else ()))
    return [part1, part2]


def write_form8949(book: ResultBook, result: WashResult, year: int, plan: Any = None) -> None:
    book.write_sheet(FORM8949_SHEET, form8949_tables(result, year, plan))


CSV_HEADER = ("Part", "Box", "(a) Description", "(b) Date Acquired", "(c) Date Sold", "(d) Proceeds",
              "(e) Cost Basis", "(f) Code", "(g) Adjustment", "(h) Gain or Loss", "Account", "Lot ID", "Note")


def _csv_cell(value: Any) -> str:
    """Plain text for a CSV cell; text a spreadsheet would read as a formula gets a leading
    apostrophe, so input copied to output never becomes a formula."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{round(value, 2) + 0.0:.2f}"  # + 0.0 turns -0.0 into 0.0: never "-0.00"
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def export_form8949_csv(household: Household, year: int, path_or_textio: Union[str, Path, TextIO],
                        result: Optional[WashResult] = None) -> int:
    """Write the year's Form 8949 lines as CSV (UTF-8, comma separated, header row) to a path or an
    open text stream; returns the number of lines. ``household`` is the unadjusted household
    (its wash-sale adjustment is computed here unless ``result`` is given)."""
    if result is None:
        result = adjust_lots(household)
    lines = form8949_lines(result, year)

    def write(stream: TextIO) -> None:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for line in lines:
            writer.writerow([_csv_cell(v) for v in (line.part,) + line.cells()])

    if hasattr(path_or_textio, "write"):
        write(path_or_textio)  # type: ignore[arg-type]
    else:
        with open(path_or_textio, "w", newline="", encoding="utf-8") as stream:
            write(stream)
    return len(lines)
