"""The **Allocation** sheet: where the household stands against its targets (and, after a plan,
where it will stand).

Tables, top to bottom:

1. "Allocation by asset class": Asset Class, Value, Current %, Target %, Band, Drift, Status (and,
   when ``after`` is given, After Value, After %, After Drift, After Status), one row per class in
   Targets order (held classes without a target, then Cash, follow), then a Total row. Rows outside
   their band (now, or after the plan) are highlighted.
2. "Summary" (only when ``summary`` is given): the rebalancer's key figures (total tax, realized gains,
   largest drift before/after ...). A number goes to the Amount column (dollars) unless its entry is
   ``(label, value, Kind.PERCENT)``; text goes to Detail.
3. "By account": each account's value in every asset class, its uninvested cash (cash + pending contribution),
   total and share of the household, then a Total row.

A clustered bar chart compares Current %, After % (when given) and Target % by class.

The numbers come from :func:`taxrebal.engine.allocation.allocation` (rule and worked example there):
$70,000 of stocks and $30,000 of bonds against a 60/40 target with 5-point bands show stocks at 70%,
drift +10.00%, "Over", and bonds at 30%, drift -10.00%, "Under". A class's Value is its holdings'
values in cents added up (:func:`~taxrebal.engine.allocation.class_values_in_cents`), and each By
account cell the account's holdings of the class, so a class column adds up to its Value.

A class's Current % and After % are its own share, as its Drift is (Drift = % - Target % in every
row: audit18 F11, h1's Cash read 0.49% beside a Drift of +0.50 points, pushed down a hundredth so the
column read 100.00%). A row is what an advisor checks against its target and band, so it must agree
with itself; the Total row is the whole household, 100.00%. When the rows, each rounded to the
hundredth of a percent a cell shows, do not add up to it (fe7: the sample's After % read 100.01), a
note says so and why. The By account table's Share % has no drift: it is written by the largest
remainder (:func:`shown_shares`), so its rows add up to 100.00%.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

from ...engine.allocation import CASH_CLASS, allocation, band_status, holding_values
from ...engine.money import cents, parts_in_cents, signed_points
from ...engine.records import Household
from ..interface import Chart, Column, Kind, ResultBook, Table
from . import ALLOCATION_SHEET

__all__ = ["ALLOCATION_SHEET", "class_table", "summary_table", "account_table", "write_allocation"]


_CLASS_COLUMNS = (
    Column("Asset Class", Kind.TEXT),
    Column("Value", Kind.MONEY, note="Market value: shares x price, plus cash and pending contributions for Cash."),
    Column("Current %", Kind.PERCENT, note="Share of the whole household (all accounts together)."),
    Column("Target %", Kind.PERCENT, note="From the Targets sheet."),
    Column("Band", Kind.PERCENT, note="Allowed drift either side of the target (Targets Band, else Default Band)."),
    Column("Drift", Kind.PERCENT, note="Current % minus Target %, in percentage points."),
    Column("Status", Kind.TEXT, note="Over / Under when the drift is larger than the band; Within otherwise."),
)
_AFTER_COLUMNS = (
    Column("After Value", Kind.MONEY, note="Value after the proposed trades."),
    Column("After %", Kind.PERCENT, note="Weight after the proposed trades."),
    Column("After Drift", Kind.PERCENT, note="After % minus Target %."),
    Column("After Status", Kind.TEXT),
)


def fraction(x: float) -> float:
    """A weight or drift as written: to a millionth (0.0001 percentage point, far below what a
    percent cell shows), so that a class the plan brings to its target to the cent reads 0.00%, never
    -0.00% (a drift of -2e-08 from cents is not a real drift)."""
    return round(x, 6) + 0.0


def shown_shares(weights: Sequence[float]) -> list[float]:
    """Shares of the household to hundredths of a percent adding up to their own total (100.00% for a
    whole household), by the largest remainder: each share's hundredths rounded down, then the missing
    hundredths to the largest remainders (:func:`~taxrebal.engine.money.parts_in_cents` on percentage
    points). Example: 44.9784%, 19.9933%, 30%, 4.9897%, 0.0386% (the rows of 100%) -> 44.98, 19.99, 30.00,
    4.99, 0.04; 33.3333% three times -> 33.34, 33.33, 33.33."""
    if not weights:
        return []
    points = parts_in_cents([w * 100 for w in weights], round(sum(weights) * 100, 2))
    return [fraction(p / 100) for p in points]


def class_table(household: Household, after: Optional[Mapping[str, float]] = None) -> Table:
    now = allocation(household)
    later = {a.asset_class: a for a in allocation(household, after)} if after is not None else {}
    order = [a.asset_class for a in now] + [c for c in later if c not in {a.asset_class for a in now}]
    by_class = {a.asset_class: a for a in now}
    rows: list[tuple[Any, ...]] = []
    highlight = []
    for i, cls in enumerate(order):
        a = by_class.get(cls)
        b = later.get(cls)
        ref = a or b
        assert ref is not None, cls  # ``order`` lists the classes of ``now`` and ``later`` only
        row: tuple[Any, ...] = (
            cls,
            cents(a.value) if a else 0.0,
            a.weight if a else 0.0,
            ref.target,
            ref.band if ref.banded else None,
            # a class held only after the plan (Cash its sales leave): 0 - target, never -0.0, and its status
            a.drift if a else 0.0 - ref.target,
            a.status if a else (band_status(0.0 - ref.target, ref.band) if ref.banded else "Within"),
        )
        if after is not None:
            row += (cents(b.value), fraction(b.weight), fraction(b.drift), b.status) if b else (0.0, 0.0, None, "")
        rows.append(row)
        if (a and a.outside_band) or (b and b.outside_band):
            highlight.append(i)
    # each row's share is its own, as its Drift (module docstring): do the rows as shown add up to 100.00%?
    columns_shown = (("Current %", 2),) + ((("After %", 8),) if after is not None else ())
    shown_off = [(name, i) for name, i in columns_shown
                 if rows and round(sum(round(r[i] * 100, 2) for r in rows), 2) != 100.0]
    # the Total is the sum of the cents shown above it (money.py's rule at the edge)
    total_now = round(sum(r[1] for r in rows), 2)
    total_row: tuple[Any, ...] = ("Total", total_now, 1.0 if total_now > 0 else 0.0,
                                  sum(t.target for t in household.targets), None, None, "")
    if after is not None:
        total_after = round(sum(r[7] for r in rows), 2)
        total_row += (total_after, 1.0 if total_after > 0 else 0.0, None, "")
    rows.append(total_row)
    columns = _CLASS_COLUMNS + (_AFTER_COLUMNS if after is not None else ())
    held = {lot.symbol for lot in household.lots if lot.quantity > 0}
    funds = sorted(sec.symbol for sec in household.securities if sec.asset_class == CASH_CLASS and sec.symbol in held)
    notes = [
        "Drift is the weight minus the target in percentage points; a class is Over or Under when "
        "the drift is larger than its band.",
        f"{CASH_CLASS} is uninvested cash plus pending contributions in every account"
        + (", and the funds whose Asset Class is Cash (" + ", ".join(funds) + ")" if funds else "") + "." + (
            " A withdrawal (a negative Contribution) is subtracted: Cash below 0 is Under until sales pay it."
            if any(acct.contribution < 0 for acct in household.accounts) else ""),
    ]
    if not any(t.asset_class == CASH_CLASS for t in household.targets):
        notes[-1] += (f" Without a {CASH_CLASS} row on Targets it has no band (its Band is blank): it is "
                      "shown, never Over, and not counted in the largest drift.")
    for name, i in shown_off:
        notes.append(f"{name}: each row is its own class's share, rounded to 0.01% as its Drift is (Drift = {name} - "
                     f"Target %), so the rows as shown add up to {sum(round(r[i] * 100, 2) for r in rows[:-1]):.2f}%; "
                     "the Total is the whole household, 100.00%.")
    # the largest drift over the classes with a band (Cash without a target has none)
    worst = max((a for a in now if a.banded), key=lambda a: abs(a.drift), default=None)
    if worst is not None:
        notes.insert(0, f"Largest drift now: {worst.asset_class} {signed_points(worst.drift)} points ({worst.status}).")
    worst_after = max((a for a in later.values() if a.banded), key=lambda a: abs(a.drift), default=None)
    if worst_after is not None:
        notes.insert(1, f"Largest drift after the plan: {worst_after.asset_class} "
                        f"{signed_points(worst_after.drift)} points ({worst_after.status}).")
    return Table(columns, tuple(rows), title="Allocation by asset class", notes=tuple(notes),
                 highlight=tuple(highlight), total_rows=1)


def summary_table(summary: Sequence[tuple[Any, ...]]) -> Table:
    """Rows of (label, value), (label, value, Kind) or (label, value, Kind or None, detail): numbers to
    Amount (or Percent), text to Detail."""
    cols = (Column("Item", Kind.TEXT), Column("Amount", Kind.MONEY), Column("Percent", Kind.PERCENT),
            Column("Detail", Kind.TEXT))
    rows: list[tuple[Any, ...]] = []
    for entry in summary:
        label, value = entry[0], entry[1]
        kind = entry[2] if len(entry) > 2 else None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            rows.append((str(label), None, None, "" if value is None else str(value)))
        elif kind is Kind.PERCENT:
            rows.append((str(label), None, float(value), ""))
        else:
            rows.append((str(label), cents(float(value)), None, str(entry[3]) if len(entry) > 3 else ""))
    return Table(cols, tuple(rows), title="Summary")


def account_table(household: Household) -> Table:
    """Each account's value per asset class, cash, total and share of the household."""
    secs = household.security_map()
    held = {secs[lot.symbol].asset_class for lot in household.lots if lot.symbol in secs}
    # "Cash" is a column only when a security is classed as Cash (a money-market fund, say); the
    # accounts' own cash is always shown under "Uninvested Cash".
    classes = [a.asset_class for a in allocation(household) if a.asset_class != CASH_CLASS or CASH_CLASS in held]
    per: dict[str, dict[str, float]] = {a.name: {} for a in household.accounts}
    for (account, symbol), value in holding_values(household.lots, secs).items():
        cls = secs[symbol].asset_class
        bucket = per.setdefault(account, {})
        bucket[cls] = bucket.get(cls, 0.0) + value
    cash = {a.name: a.cash + a.contribution for a in household.accounts}
    totals = {name: sum(v.values()) + cash.get(name, 0.0) for name, v in per.items()}
    grand = sum(totals.values())
    types = {a.name: a.type for a in household.accounts}
    columns = (
        (Column("Account", Kind.TEXT), Column("Type", Kind.TEXT))
        + tuple(Column(c, Kind.MONEY) for c in classes)
        + (Column("Uninvested Cash", Kind.MONEY, note="The account's cash plus its pending contribution."),
           Column("Total", Kind.MONEY), Column("Share %", Kind.PERCENT, note="Share of the household."))
    )
    rows: list[tuple[Any, ...]] = []
    # each cell the sum of the account's positions in the class, each in cents (engine/allocation.py
    # holding_values), so a class column adds up to the class's Value on the class table (one figure);
    # every total is the sum of the cents beside or above it
    for name in per:
        cells = [round(per[name].get(c, 0.0), 2) + 0.0 for c in classes] + [cents(cash.get(name, 0.0))]
        rows.append((name, types.get(name, ""), *cells, round(sum(cells), 2),
                     totals[name] / grand if grand > 0 else 0.0))
    share = len(classes) + 4  # the Share % column, as shown: adding up to 100.00% (module docstring)
    rows = [r[:share] + (s,) for r, s in zip(rows, shown_shares([r[share] for r in rows]))]
    col_totals = [round(sum(r[2 + i] for r in rows), 2) for i in range(len(classes) + 2)]
    rows.append(("Total", "", *col_totals, 1.0 if grand > 0 else 0.0))
    return Table(columns, tuple(rows), title="By account", total_rows=1)


def write_allocation(
    book: ResultBook,
    household: Household,
    after: Optional[Mapping[str, float]] = None,
    summary: Sequence[tuple[str, Any]] = (),
) -> None:
    """Write (or replace) the Allocation sheet; ``after`` (asset class -> value after a plan) adds the
    After columns and series, ``summary`` adds the Summary table."""
    tables = [class_table(household, after)]
    if summary:
        tables.append(summary_table(summary))
    tables.append(account_table(household))
    series = ("Current %", "After %", "Target %") if after is not None else ("Current %", "Target %")
    title = "Weights: current, after the plan and target" if after is not None else "Weights: current and target"
    chart = Chart(title, 0, "Asset Class", series, kind="bar", y_title="Share of household", percent_axis=True)
    book.write_sheet(ALLOCATION_SHEET, tables, [chart])
