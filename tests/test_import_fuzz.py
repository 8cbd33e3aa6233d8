"""No broker file crashes the import: damaged copies of every fixture (characters dropped, quotes and
commas inserted, lines cut or repeated, bytes flipped) either parse or fail with a BrokerFileError
naming the file; nothing else ever escapes."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxrebal.errors import BrokerFileError
from taxrebal.workbook.importers import BROKERS, parse_text
from taxrebal.workbook.importers.text import decode

FIX = Path(__file__).parent / "fixtures" / "brokers"
TEXTS = {p.name: p.read_bytes() for p in sorted(FIX.iterdir())}


@st.composite
def damaged(draw):
    name = draw(st.sampled_from(sorted(TEXTS)))
    data = bytearray(TEXTS[name])
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["drop", "insert", "cut", "repeat", "flip"]))
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        if op == "drop":
            del data[i:i + draw(st.integers(1, 20))]
        elif op == "insert":
            data[i:i] = draw(st.sampled_from([b'"', b",", b"\n", b"$", b"-", b"<", b"&", b"\x00", b"Total,",
                                              b"\xe9", b"=cmd|' /C calc'!A0", b"1e999", b"()"]))
        elif op == "cut":
            data = data[:i]
        elif op == "repeat":
            data[i:i] = data[max(0, i - 80):i]
        else:
            data[i] = draw(st.integers(0, 255))
    return name, bytes(data), draw(st.sampled_from(BROKERS))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_a_damaged_file_parses_or_is_refused_with_its_name(case):
    name, data, broker = case
    try:
        result = parse_text(name, decode(data, name), broker, positions_as_lots=True)
    except BrokerFileError as err:
        assert str(err).startswith(name)
        return
    for lot in result.lots:
        assert lot.quantity > 0 and lot.symbol
    for trade in result.trades:
        assert trade.quantity > 0 and trade.symbol


CELL = st.one_of(st.none(), st.text(max_size=8), st.floats(allow_nan=True, allow_infinity=True), st.integers(),
                 st.booleans(), st.dates(), st.sampled_from(["Joint", "VTI", "=A1", "Buy", "#N/A", "schwab-lots x"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELL, max_size=8), max_size=6), st.lists(st.lists(CELL, max_size=10), max_size=6),
       st.lists(st.lists(CELL, max_size=8), max_size=5))
def test_any_workbook_values_give_a_plan_or_a_refusal_never_a_crash(lots, trades, securities):
    from datetime import date

    from taxrebal.engine.records import Action
    from taxrebal.workbook.importers import BrokerFile, ImportedLot, ImportedTrade, plan_import

    sheets = {"Accounts": [["Account", "Type", "Broker Account"], ["Joint", "Taxable", "123"]],
              "Securities": [["Symbol", "Asset Class", "Price"]] + securities,
              "Lots": [["Account", "Symbol", "Acquired", "Quantity", "Cost Basis", "Source"]] + lots,
              "Transactions": [["Date", "Account", "Symbol", "Action", "Quantity", "Price"]] + trades}
    f = BrokerFile("f.csv", "generic", "x", "123", lots=(ImportedLot("VTI", date(2020, 1, 2), 1.0, 10.0),),
                   trades=(ImportedTrade(date(2026, 1, 2), "VTI", Action.BUY, 1.0, 10.0),), snapshots=(("", "VTI"),))
    plan = plan_import(sheets, [f])
    assert plan.ok and plan.lots_added == 1
