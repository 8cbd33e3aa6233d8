"""wash_scope: the lots a wash-engine pass can use. The reference is the engine itself run over every
lot: handed only the scope's lots, it must report the same sales, matches and issues, to the repr."""

from __future__ import annotations

import gc
import random
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from taxrebal.engine.records import Action, Household, Lot, SourceRef, Transaction
from taxrebal.engine.wash import adjust_lots, purchase_id
from taxrebal.engine.wash_scope import _SCOPES, WashScope, scope_of

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate import generate_household  # noqa: E402

AS_OF = date(2025, 6, 30)


def _plan_sales(household: Household, rng: random.Random, n: int) -> list[Transaction]:
    """Sell rows dated As Of for ``n`` random lots (part or all of each), as a plan's pass adds them."""
    rows = []
    for k, lot in enumerate(rng.sample(list(household.lots), n)):
        price = household.security(lot.symbol).price
        q = lot.quantity * rng.choice((1.0, 0.5, 0.25))
        rows.append(Transaction(AS_OF, lot.account, lot.symbol, Action.SELL, q, price, lot_id=purchase_id(lot),
                                acquired=lot.acquired, inherited=lot.inherited,
                                basis=None if lot.basis is None else lot.basis * q / lot.quantity,
                                source=SourceRef("(plan)", k + 1)))
    # a plan's tax-advantaged sell of recent shares names a bare Buy row by the engine's key @T<row>
    bare = [i for i, tx in enumerate(household.transactions) if tx.action is Action.BUY and not tx.lot_id]
    for k, i in enumerate(rng.sample(bare, min(len(bare), n // 5 + 1)), start=len(rows) + 1):
        tx = household.transactions[i]
        rows.append(Transaction(AS_OF, tx.account, tx.symbol, Action.SELL, tx.quantity / 2, tx.price, lot_id=f"@T{i}",
                                source=SourceRef("(plan)", k)))
    assert bare
    return rows


def _with_pieces(household: Household, rng: random.Random) -> Household:
    """Some lots split the way the engine splits a partly washed lot: ``<Lot ID>-W1`` carrying a
    disallowed loss and an earlier holding start, ``<Lot ID>`` the rest (the engine merges them back)."""
    chosen = {id(lot) for lot in rng.sample([lot for lot in household.lots if lot.basis is not None], 30)}
    lots: list[Lot] = []
    for lot in household.lots:
        if id(lot) not in chosen:
            lots.append(lot)
            continue
        assert lot.basis is not None and lot.acquired is not None
        washed = replace(lot, lot_id=f"{lot.lot_id}-W1", quantity=lot.quantity / 4, basis=lot.basis / 4,
                         wash_adjustment=12.5, adjusted_acquired=lot.acquired - timedelta(days=40))
        lots += [washed, replace(lot, quantity=lot.quantity * 3 / 4, basis=lot.basis * 3 / 4)]
    out = replace(household, lots=tuple(lots))
    assert sum(lot.lot_id != purchase_id(lot) for lot in out.lots) == 30
    return out


def _same_pass(household: Household, txs: list[Transaction]) -> tuple[int, int]:
    """Run the engine over every lot and over the scope's lots; assert the same answer. The number of
    lots the scope left out, and of rows the pass's identities left out."""
    full = adjust_lots(replace(household, transactions=tuple(txs)))
    idx = WashScope(household).lot_indices(txs)
    assert idx is not None
    lots = tuple(household.lots[i] for i in idx)
    scoped = adjust_lots(replace(household, lots=lots, transactions=tuple(txs)))
    assert [repr(s) for s in scoped.sales] == [repr(s) for s in full.sales]
    assert [repr(m) for m in scoped.matches] == [repr(m) for m in full.matches]
    assert [repr(i) for i in scoped.issues] == [repr(i) for i in full.issues]
    assert scoped.consumed == {k: v for k, v in full.consumed.items() if k in scoped.consumed}
    # the pass's own sales (from ``first`` on) read only their identities' rows and lots
    first = len(household.transactions)
    scope = WashScope(household)
    restricted = scope.rows_of(txs, first)
    assert restricted is not None
    rows = restricted[1]
    idx = scope.lot_indices(rows)
    assert idx is not None
    own = adjust_lots(replace(household, lots=tuple(household.lots[i] for i in scope.lots_of(idx, rows)),
                              transactions=tuple(rows)))

    def plan_rows(records: tuple) -> list[str]:
        return [repr(r) for r in records if r.source is not None and r.source.sheet == "(plan)"]

    assert plan_rows(own.sales) == plan_rows(full.sales) and plan_rows(full.sales)
    assert plan_rows(own.matches) == plan_rows(full.matches)
    return len(household.lots) - len(lots), len(txs) - len(rows)


def test_scope_gives_the_engine_the_same_answer_on_generated_households():
    left_out, rows_out = 0, 0
    for seed in (1, 2, 3):
        raw = generate_household(seed=seed, n_accounts=8, n_securities=40, n_lots=1_500, n_transactions=300)
        rng = random.Random(seed)
        adjusted = _with_pieces(raw, rng)
        for household in (raw, adjusted):
            for n in (5, 60, 200):
                txs = list(household.transactions) + _plan_sales(household, rng, n)
                lots_out, other_rows = _same_pass(household, txs)
                left_out, rows_out = left_out + lots_out, rows_out + other_rows
    assert left_out > 0 and rows_out > 0


def test_worked_example():
    def lot(lot_id: str, symbol: str, acquired: date) -> Lot:
        return Lot(lot_id, "Taxable", symbol, acquired, 10.0, 1_000.0)

    h = generate_household(seed=1, n_accounts=2, n_securities=5, n_lots=10, n_transactions=0)
    lots = (lot("A", "VTI", date(2019, 3, 1)), lot("B", "VTI", date(2025, 6, 20)), lot("C", "BND", date(2025, 1, 10)),
            lot("D", "VTI", date(2023, 5, 5)))
    h = replace(h, lots=lots, transactions=())
    txs = [Transaction(date(2025, 6, 28), "Taxable", "BND", Action.SELL, 5.0, 90.0, lot_id="C"),
           Transaction(AS_OF, "Taxable", "VTI", Action.SELL, 10.0, 90.0, lot_id="A")]
    assert WashScope(h).lot_indices(txs) == [0, 1, 2]
    # a Buy row without a Lot ID brings in the lots bought that day (the engine links it to one)
    buy = Transaction(date(2023, 5, 5), "Taxable", "VTI", Action.BUY, 10.0, 100.0)
    assert WashScope(h).lot_indices(txs + [buy]) == [0, 1, 2, 3]
    assert WashScope(h).lot_indices([]) == []


def test_a_lot_id_used_twice_gives_every_lot():
    h = generate_household(seed=1, n_accounts=2, n_securities=5, n_lots=10, n_transactions=0)
    twice = (Lot("A", "Taxable", "VTI", date(2019, 3, 1), 10.0, 1_000.0),
             Lot("A", "IRA", "VTI", date(2020, 3, 1), 10.0, 1_000.0))
    assert WashScope(replace(h, lots=twice)).lot_indices([]) is None


def test_a_lot_id_of_two_identities_keeps_every_row():
    h = generate_household(seed=1, n_accounts=2, n_securities=5, n_lots=10, n_transactions=0)
    a, b = h.securities[0].symbol, h.securities[1].symbol
    lots = (Lot("A", "Taxable", a, date(2019, 3, 1), 10.0, 1_000.0),
            Lot("B", "Taxable", b, date(2020, 3, 1), 5.0, 500.0))
    sell = Transaction(date(2025, 6, 1), "Taxable", b, Action.SELL, 1.0, 90.0, lot_id="A")  # a typo'd symbol
    scope = WashScope(replace(h, lots=lots, transactions=(sell,)))
    assert scope.rows_of([sell, sell], 1) is None
    ok = WashScope(replace(h, lots=lots, transactions=()))
    mine = Transaction(AS_OF, "Taxable", a, Action.SELL, 1.0, 90.0, lot_id="A")
    assert ok.rows_of([mine], 0) == ([0], [mine])
    assert ok.rows_of([Transaction(AS_OF, "Taxable", b, Action.SELL, 1.0, 90.0, lot_id="A")], 0) is None


def test_scope_of_builds_once_per_household():
    h = generate_household(seed=1, n_accounts=2, n_securities=5, n_lots=10, n_transactions=3)
    assert scope_of(h) is scope_of(h)
    other = replace(h, lots=h.lots[:-1])
    assert scope_of(other).lots is other.lots
    assert scope_of(h).lots is h.lots
    count = len(_SCOPES)
    del other
    gc.collect()
    assert len(_SCOPES) == count - 1  # a household gone takes its scope along
