"""Properties of the import, over generated workbooks and broker files:

* importing the same files twice leaves the workbook exactly as importing them once (idempotent);
* a row the user typed (no Source) is never changed, moved or removed, whatever is imported after it;
* every lot row the import wrote carries its Source, and the imported lots of a snapshotted holding
  are exactly the file's lots (nothing left over from an earlier import).
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxrebal.engine.records import Action
from taxrebal.workbook.importers import BrokerFile, ImportedLot, ImportedTrade, plan_import
from taxrebal.workbook.importers.apply import apply_to_values

ACCOUNTS = [["Account", "Type", "Broker Account"], ["Joint", "Taxable", "111-222"], ["IRA", "Traditional IRA", "U999"]]
SECURITIES = [["Symbol", "Asset Class", "Price"], ["VTI", "US", 300.0], ["BND", "Bonds", 70.0]]
SYMBOLS = ("VTI", "BND", "VXUS")
NUMBERS = {"Joint": "111-222", "IRA": "U999"}

quantity = st.integers(1, 10_000).map(lambda n: n / 8)
day = st.dates(date(2015, 1, 1), date(2026, 11, 20))
typed_row = st.one_of(
    st.tuples(st.sampled_from(["Joint", "IRA"]), st.sampled_from(SYMBOLS), day, quantity).map(
        lambda t: [t[0], t[1], t[2], t[3], round(t[3] * 50, 2), None, "mine"]),
    st.just([None] * 7),  # a blank row the user left
)


@st.composite
def workbooks(draw):
    lots = [["Account", "Symbol", "Acquired", "Quantity", "Cost Basis", "Source", "Note"]] + draw(
        st.lists(typed_row, max_size=8))
    trades = [["Date", "Account", "Symbol", "Action", "Quantity", "Price"]] + [
        [d, a, s, "Buy", q, 10.0] for a, s, d, q in draw(st.lists(
            st.tuples(st.sampled_from(["Joint", "IRA"]), st.sampled_from(SYMBOLS), day, quantity), max_size=4))]
    return {"Accounts": ACCOUNTS, "Securities": SECURITIES, "Lots": lots, "Transactions": trades}


@st.composite
def broker_files(draw):
    files = []
    used = set()
    for n in range(draw(st.integers(1, 3))):
        account = draw(st.sampled_from(["Joint", "IRA"]))
        symbol = draw(st.sampled_from(SYMBOLS))
        if (account, symbol) in used:
            continue
        used.add((account, symbol))
        lots = tuple(ImportedLot(symbol, d, q, round(q * 40, 2)) for d, q in draw(st.lists(st.tuples(day, quantity),
                                                                                            max_size=4)))
        trades = tuple(ImportedTrade(d, symbol, draw(st.sampled_from(list(Action))), q, 12.5)
                       for d, q in draw(st.lists(st.tuples(day, quantity), max_size=3)))
        files.append(BrokerFile(f"f{n}.csv", "generic", "generic", NUMBERS[account], lots=lots, trades=trades,
                                snapshots=(("", symbol),)))
    return files


def imported(sheets, files):
    plan = plan_import(sheets, files)
    assert plan.ok, plan.errors
    return apply_to_values(sheets, plan)


def typed_rows(sheets):
    return {i: r for i, r in enumerate(sheets["Lots"]) if i and len(r) > 6 and r[6] == "mine"}


def norm(sheets):
    """Values with trailing blanks dropped (a cleared cell at the end of a row equals no cell)."""
    out = {}
    for name, rows in sheets.items():
        rows = [list(r) for r in rows]
        for r in rows:
            while r and r[-1] is None:
                r.pop()
        while rows and not rows[-1]:
            rows.pop()
        out[name] = rows
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks(), broker_files())
def test_importing_the_same_files_twice_changes_nothing_the_second_time(sheets, files):
    once = imported(sheets, files)
    twice = imported(once, files)
    assert norm(twice) == norm(once)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks(), broker_files(), broker_files())
def test_typed_rows_are_never_changed_by_any_sequence_of_imports(sheets, first, second):
    before = typed_rows(sheets)
    after = imported(imported(sheets, first), second)
    assert {i: r for i, r in typed_rows(after).items()} == before
    for i, r in enumerate(after["Lots"]):
        if i and i not in before and any(v is not None for v in r):
            assert r[5], f"row {i + 1} was written by the import without a Source"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks(), broker_files(), broker_files())
def test_after_a_reimport_the_imported_lots_of_a_holding_are_exactly_the_last_files(sheets, first, second):
    after = imported(imported(sheets, first), second)
    latest = {}
    for f in first + second:
        account = next(a for a, n in NUMBERS.items() if n == f.account_number)
        latest[(account, f.lots[0].symbol if f.lots else f.snapshots[0][1])] = f
    for (account, symbol), f in latest.items():
        rows = sorted((r[2], r[3]) for r in after["Lots"][1:]
                      if len(r) > 5 and r[5] and r[0] == account and r[1] == symbol)
        assert rows == sorted((x.acquired, float(x.quantity)) for x in f.lots)
