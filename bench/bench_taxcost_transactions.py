"""TAXCOST given the Transactions range: what a sheet of such cells costs.

Run on demand: ``python bench/bench_taxcost_transactions.py``.

With ``transactions`` (and the Accounts and Securities ranges) a TAXCOST cell prices its sale as the run's
Lot Selection sheet does: the first call reads every lot and transaction and runs the wash-sale pass over
the household; later calls, with fresh objects as Excel passes them, find all of it by content (the parsed
ranges in :mod:`taxrebal.excel.convert`'s cache, the wash-adjusted household kept with the parsed Lots
table) and only compare the ranges with the stored copies and price the sale (every lot method, as the
sheet does). The path without Transactions is ``bench/bench_taxcost.py``'s, unchanged.

Anchor, measured in the same run: iterating the Lots and Transactions ranges once in Python. Printed, not
enforced (no target was set for this path): the first call's ratio (it parses every lot and runs the whole
wash-sale pass, as a run's Wash Sales step does) and the median repeated call's (comparing the four ranges
with the stored copies, then one method's relief; TaxOptimal compares every method). Measured 2026-12-04 on
the shared machine at 10,000 lots and 2,000 transactions: first call 214 ms CPU (127x), repeated 4.6 ms
(2.7x). The household comes from the seeded generator (bench/generate.py); dates are passed as Excel
serial numbers.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_household, household_rows  # noqa: E402

from taxrebal.excel import convert  # noqa: E402
from taxrebal.excel.udfs import TAXCOST  # noqa: E402


def serial(value):
    if isinstance(value, date):
        return float((value - date(1899, 12, 30)).days)
    return value


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lots", type=int, default=10_000)
    ap.add_argument("--transactions", type=int, default=2_000)
    ap.add_argument("--calls", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    household = generate_household(n_lots=args.lots, n_securities=200, n_accounts=10,
                                   n_transactions=args.transactions)
    sheets = household_rows(household)
    lots = [[serial(v) for v in row] for row in sheets["Lots"]]
    txns = [[serial(v) for v in row] for row in sheets["Transactions"]]
    settings = [[k, serial(v)] for k, v in sheets["Settings"]]
    accounts, securities = sheets["Accounts"], sheets["Securities"]
    taxable = {a.name for a in household.accounts if a.is_taxable}
    held: dict[str, float] = {}
    for lot in household.lots:
        if lot.account in taxable:
            held[lot.symbol] = held.get(lot.symbol, 0.0) + lot.quantity
    prices = {s.symbol: s.price for s in household.securities}
    rng = random.Random(args.seed)
    symbols = sorted(held)
    calls = [(s, round(held[s] * rng.uniform(0.05, 0.95), 3), prices[s]) for s in rng.choices(symbols, k=args.calls)]

    def fresh(values: list) -> list:
        return json.loads(json.dumps(values))  # new list, new str/float objects: what xlwings passes

    def iterate(*ranges: list) -> float:
        c0 = time.process_time()
        for r in ranges:
            for row in r:
                for _ in row:
                    pass
        return time.process_time() - c0

    def call(sym: str, qty: float, price: float):
        return TAXCOST(sym, qty, price, fresh(lots), settings, "FIFO", None, None, fresh(accounts), fresh(txns),
                       fresh(securities))

    call(*calls[0])  # warm up (imports, tax parameters)
    convert.cache_clear()
    anchor = min(iterate(fresh(lots), fresh(txns)) for _ in range(5)) * 1000
    c0 = time.process_time()
    first = call(*calls[0])
    first_cpu = (time.process_time() - c0) * 1000
    cpu, errors = [], 0
    for sym, qty, price in calls[1:]:
        ranges = fresh(lots), fresh(accounts), fresh(txns), fresh(securities)  # not timed
        c0 = time.process_time()
        out = TAXCOST(sym, qty, price, ranges[0], settings, "FIFO", None, None, *ranges[1:])
        cpu.append((time.process_time() - c0) * 1000)
        errors += isinstance(out, str)
    rep = statistics.median(cpu)
    print(f"TAXCOST with Transactions: {len(lots) - 1:,} lots, {len(txns) - 1:,} transactions, {args.calls} calls")
    print(f"  anchor: iterate both ranges once  : {anchor:8.2f} ms CPU")
    print(f"  first call (parse + wash pass)    : {first_cpu:8.2f} ms CPU = {first_cpu / anchor:5.1f}x   "
          f"result {first}")
    print(f"  median repeated call              : {rep:8.2f} ms CPU = {rep / anchor:5.2f}x")
    print(f"  error results                     : {errors}")
    return 0 if errors == 0 and not isinstance(first, str) else 1


if __name__ == "__main__":
    raise SystemExit(main())
