"""TAXCOST speed: calls over one large lots range (run on demand: ``python bench/bench_taxcost.py``).

What Excel does when a sheet holds many ``=TAXCOST(sym, qty, price, Lots!A1:G100001, Settings!A1:B30,,,,
Accounts!A1:E21)`` cells: it calls the function once per cell, each time passing the whole lots range
as a fresh 2D list of fresh cell values (xlwings converts every cell again: new str and float objects,
so a cache cannot match them by identity). The benchmark makes each call's range the same way (a JSON
round trip of the values, not timed). The first call parses the range; a later call checks, in the
new range, the cells its answer reads (the header, every row's Symbol cell, its symbol's rows:
taxrebal.excel.symbol_check) and answers from the table parsed before; DRIFT, which reads every lot,
compares the whole range with the cache's copy (taxrebal.excel.convert).

Anchor, measured in the same run: iterating a range once in Python (``for row in rng: for v in row:
pass``). Targets (issue 13): the first call within 5x of iterating a fresh range (the fastest of five; the
median of three first calls, each on a range that differs from the ones before in a row of the symbol
asked, as after an edit: the last row, whose symbol the first calls ask), the repeated TAXCOST and DRIFT
calls within 1.5x of iterating **the range each call was given** (measured right after the call, so on
the same objects in the same memory; the median of those ratios: "same range", what the exit status
checks). Why that anchor and not the one measured once at the start: in one process, iterating equal fresh
ranges costs from 7.4 to 19.6 ms of CPU (2026-12-04, twelve ranges made as the bench makes them, load 8):
a range made in memory freed by earlier ranges is scattered, and iterating or comparing it costs up to
2.5x more, whatever the call does. The figures against the first anchor ("median repeated call") and
against a fresh range made right after the call ("paired", another range in other memory) are printed
too, for comparison with earlier runs.

The repeated calls draw symbols at random, so most are the first for their symbol: they parse its ~600
rows (lot_range.LotTable.of) before the relief and the tax. Then the same calls again ("recalculated",
as Excel recalculates unchanged cells): each finds its figure kept under its verified arguments. Also
printed: the whole-range comparison (``==`` of a fresh range with a stored copy, what DRIFT's repeated
call is, and what a TAXCOST call was before symbol_check) and the cyclic collector's time inside the
timed calls (cell calls pause it: convert.collector_paused; the collections the fresh ranges owe run
when the bench makes the next range, which is not timed, as xlwings' conversion is not the cell's).
Cheaper whole-range checks measured and dropped (2026-12-04/05, 100,000 lots): ``marshal.dumps`` of
the fresh range 9-15 ms against 8.2-9.2 ms for ``==``; pickle without memo 11.6-14.8 ms (datetimes:
112-118 ms); a stored copy whose equal cells share one object 21-25 ms; the columns compared as tuples
(``zip(*rows)`` alone 2.5-5x iterating the range).

The household comes from the seeded generator (bench/generate.py); dates are passed as Excel
serial numbers, as Excel does for cells not formatted as dates.
"""

from __future__ import annotations

import argparse
import gc
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
from taxrebal.excel.udfs import DRIFT, TAXCOST  # noqa: E402


def serial(value):
    if isinstance(value, date):
        return float((value - date(1899, 12, 30)).days)
    return value


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lots", type=int, default=100_000)
    ap.add_argument("--calls", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    household = generate_household(n_lots=args.lots, n_securities=200, n_accounts=10, n_transactions=0)
    sheets = household_rows(household)
    lots = [[serial(v) for v in row] for row in sheets["Lots"]]
    header = lots[0]
    settings = [[k, serial(v)] for k, v in sheets["Settings"]]
    accounts = sheets["Accounts"]
    taxable = {a.name for a in household.accounts if a.is_taxable}
    held: dict[str, float] = {}
    for lot in household.lots:
        if lot.account in taxable:
            held[lot.symbol] = held.get(lot.symbol, 0.0) + lot.quantity
    prices = {s.symbol: s.price for s in household.securities}
    rng = random.Random(args.seed)
    symbols = sorted(held)
    # the first calls ask for the symbol of the last row, which each of them edits
    last = lots[-1][header.index("Symbol")]
    calls = [(last, round(held[last] * 0.5, 3), prices[last])]
    for _ in range(args.calls - 1):
        sym = rng.choice(symbols)
        calls.append((sym, round(held[sym] * rng.uniform(0.05, 0.95), 3), prices[sym]))

    def fresh_range() -> list:
        return json.loads(json.dumps(lots))  # new list, new str/float objects: what xlwings passes

    collector = [0.0, 0.0]  # the cyclic collector's CPU inside timed calls (seconds), the start of a pass

    def collecting(phase: str, info: dict) -> None:
        if phase == "start":
            collector[1] = time.process_time()
        else:
            collector[0] += time.process_time() - collector[1]

    def iterate(rng: list) -> float:
        c0 = time.process_time()
        for row in rng:
            for _ in row:
                pass
        return time.process_time() - c0

    # warm up on a small range (imports, tax parameters): what is timed is the first call on THIS range
    TAXCOST(calls[0][0], 1.0, calls[0][2], [list(r) for r in lots[:1]] + [list(r) for r in lots[1:]
            if r[2] == calls[0][0]][:3], settings, None, None, None, accounts)
    fresh = fresh_range()
    anchor = min(iterate(fresh) for _ in range(5)) * 1000
    # The first call, three times, as after an edit in Excel: each range differs from the ones before by
    # one cell (a quantity in the last row), so each call parses it (the cache keeps the earlier
    # ranges, as it does in Excel); the median, and each against an iteration of a fresh range made
    # right after it (paired).
    convert.cache_clear()
    firsts, first_walls, first_paired = [], [], []
    for k in range(3):
        fresh = fresh_range()
        fresh[-1][header.index("Quantity")] += k
        c0, t0 = time.process_time(), time.perf_counter()
        first = TAXCOST(calls[0][0], calls[0][1], calls[0][2], fresh, settings, None, None, None, accounts)
        first_walls.append((time.perf_counter() - t0) * 1000)
        firsts.append((time.process_time() - c0) * 1000)
        first_paired.append(firsts[-1] / (iterate(fresh_range()) * 1000))
    first_cpu, first_ms = statistics.median(firsts), statistics.median(first_walls)
    times, cpu, paired, same_range, errors = [], [], [], [], 0
    floors, over_floor = [], []
    stored = fresh_range()  # a cache's own copy of the range (what convert._cached keeps)
    for sym, qty, price in calls[1:]:
        fresh = fresh_range()  # not timed
        gc.callbacks.append(collecting)
        c0, t0 = time.process_time(), time.perf_counter()
        out = TAXCOST(sym, qty, price, fresh, settings, None, None, None, accounts)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        gc.callbacks.remove(collecting)
        paired.append(cpu[-1] / (iterate(fresh_range()) * 1000))  # this call against its own anchor
        same_range.append(cpu[-1] / (iterate(fresh) * 1000))  # ... and against iterating the very range it was given
        errors += isinstance(out, str)
        # the whole-range check (DRIFT's; a TAXCOST call's before symbol_check): a fresh range == a stored copy
        again = fresh_range()
        c0 = time.process_time()
        errors += again != stored
        floors.append((time.process_time() - c0) * 1000)
        over_floor.append(cpu[-1] / floors[-1])
    # the same cells recalculated (same arguments, fresh ranges): each finds its figure
    recalc_same = []
    for sym, qty, price in calls[1:]:
        fresh = fresh_range()
        c0 = time.process_time()
        again_out = TAXCOST(sym, qty, price, fresh, settings, None, None, None, accounts)
        recalc_same.append((time.process_time() - c0) * 1000 / (iterate(fresh) * 1000))
        errors += isinstance(again_out, str)
    times.sort()
    rep = statistics.median(cpu)
    print(f"TAXCOST over {len(lots) - 1:,} lots, {args.calls:,} calls ({len(symbols)} symbols), fresh objects per call")
    print(f"  anchor: iterate the range once : {anchor:8.2f} ms CPU")
    print(f"  first call (parse + cache)     : {first_cpu:8.2f} ms CPU ({first_ms:.2f} ms wall) = "
          f"{first_cpu / anchor:5.1f}x   (target <= 5x; median of 3)   result {first}")
    print(f"  first call paired: median of each / iterating a fresh range once right after it: "
          f"{statistics.median(first_paired):5.2f}x")
    print(f"  median repeated call           : {rep:8.2f} ms CPU ({statistics.median(times):.2f} ms wall) = "
          f"{rep / anchor:5.2f}x   (target <= 1.5x)")
    print(f"  paired: median of each call / iterating a fresh range once right after it: "
          f"{statistics.median(paired):5.2f}x   (the same figure, less sensitive to other load on the machine)")
    print(f"  same range: median of each call / iterating the range it was given, right after it: "
          f"{statistics.median(same_range):5.2f}x   (target <= 1.5x: the same objects in the same memory)")
    print(f"  recalculated (the same calls again): median / iterating the range it was given: "
          f"{statistics.median(recalc_same):5.2f}x")
    print(f"  whole-range ==, a fresh range with a stored copy: {statistics.median(floors):8.2f} ms CPU = "
          f"{statistics.median(floors) / anchor:5.2f}x; each repeated call / that comparison after it: "
          f"{statistics.median(over_floor):5.2f}x")
    print(f"  cyclic collector inside the repeated calls: {collector[0] * 1000:8.2f} ms CPU in all")
    print(f"  p95 / max repeated (wall)      : {times[int(0.95 * len(times))]:8.2f} / {times[-1]:.2f} ms")
    print(f"  error results                  : {errors}")

    # DRIFT over the same ranges: the first call parses every lot; later calls, with fresh objects,
    # find the parsed table by content and its result kept with it (no cache keyed by identity).
    # The range is made before the clock starts (a JSON round trip of 100,000 rows is about 0.1 s, which
    # earlier runs counted in this figure). "first call": the range the TAXCOST calls parsed (DRIFT reads
    # its columns); "first on a new range": a range no call has read (a quantity edited in the last row),
    # which DRIFT parses too.
    securities, targets = sheets["Securities"], sheets["Targets"]
    given = fresh_range()
    c0 = time.process_time()
    table = DRIFT(given, securities, targets, accounts)
    drift_first = (time.process_time() - c0) * 1000
    edited = fresh_range()
    edited[-1][header.index("Quantity")] += 7
    c0 = time.process_time()
    DRIFT(edited, securities, targets, accounts)
    drift_new = (time.process_time() - c0) * 1000
    drift_new_anchor = iterate(edited) * 1000
    drift_cpu, drift_paired, drift_same = [], [], []
    for _ in range(9):
        again = (fresh_range(), json.loads(json.dumps(securities)), json.loads(json.dumps(targets)),
                 json.loads(json.dumps(accounts)))
        c0 = time.process_time()
        same = DRIFT(*again)
        drift_cpu.append((time.process_time() - c0) * 1000)
        drift_paired.append(drift_cpu[-1] / (iterate(fresh_range()) * 1000))
        drift_same.append(drift_cpu[-1] / (iterate(again[0]) * 1000))
        errors += same != table
    drift_rep = statistics.median(drift_cpu)
    print(f"  DRIFT first call (TAXCOST-read): {drift_first:8.2f} ms CPU = {drift_first / anchor:5.1f}x")
    print(f"  DRIFT first on a new range     : {drift_new:8.2f} ms CPU = {drift_new / anchor:5.1f}x; against "
          f"iterating that range after it {drift_new / drift_new_anchor:5.1f}x (parse + DRIFT's columns)")
    print(f"  DRIFT repeated, fresh objects  : {drift_rep:8.2f} ms CPU = {drift_rep / anchor:5.2f}x; paired "
          f"{statistics.median(drift_paired):5.2f}x; same range {statistics.median(drift_same):5.2f}x   "
          f"(same table: {'yes' if errors == 0 else 'NO'})")
    met = (first_cpu / anchor <= 5 and statistics.median(same_range) <= 1.5 and statistics.median(drift_same) <= 1.5
           and errors == 0)
    return 0 if met else 1

if __name__ == "__main__":
    raise SystemExit(main())
