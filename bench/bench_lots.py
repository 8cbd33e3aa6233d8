"""Lot relief speed on a 100,000-lot household (run on demand: ``python bench/bench_lots.py``).

Measures, for each lot method, the time to relieve a sale from *every* holding of the household
(each account and symbol, half its shares; target: under 1 s per method for all holdings), plus
the whole-household sell-everything case per method, plus repeated :func:`sale_tax` calls on one
large position (what a sheet full of TAXCOST cells asks). The household comes from the seeded
generator (``bench/generate.py``); the as-of date is the generator's.

Times are CPU seconds of this process (time.process_time), so other load on the machine does
not inflate them.

Options: ``--lots N`` (default 100,000), ``--calls N`` for sale_tax (default 1,000).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import timeit
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_household  # noqa: E402

from taxrebal.engine.lot_selection import sale_tax  # noqa: E402
from taxrebal.engine.lots import relieve  # noqa: E402
from taxrebal.engine.records import LotMethod  # noqa: E402
from taxrebal.engine.tax import TaxProfile  # noqa: E402

METHODS = (LotMethod.FIFO, LotMethod.LIFO, LotMethod.HIFO, LotMethod.MIN_TAX, LotMethod.TAX_OPTIMAL)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lots", type=int, default=100_000)
    ap.add_argument("--calls", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=20250630)
    args = ap.parse_args(argv)

    calibration = min(timeit.repeat("sum(range(1000))", number=2000, repeat=5)) / 2000 * 1e6
    print(f"machine speed: sum(range(1000)) takes {calibration:.1f} us (a 2023 laptop: about 8-10 us); "
          "scale the times below accordingly")
    t0 = time.process_time()
    hh = generate_household(seed=args.seed, n_lots=args.lots, n_transactions=0)
    print(f"generated {len(hh.lots):,} lots, {len(hh.securities)} securities, {len(hh.accounts)} accounts "
          f"in {time.process_time() - t0:.1f} s")
    as_of = hh.as_of
    profile = TaxProfile.from_settings(hh.settings if hh.settings.as_of else replace(hh.settings, as_of=as_of))
    prices = {s.symbol: s.price for s in hh.securities}
    taxable = {a.name for a in hh.accounts if a.is_taxable}
    holdings: dict[tuple[str, str], list] = defaultdict(list)
    for lot in hh.lots:
        # as the Lot Selection sheet does: a lot in a tax-advantaged account realizes nothing
        holdings[(lot.account, lot.symbol)].append(
            lot if lot.account in taxable else replace(lot, basis=None, wash_adjustment=0.0))
    print(f"{len(holdings):,} holdings ({sum(1 for a, _ in holdings if a in taxable):,} taxable); "
          f"largest {max(len(v) for v in holdings.values()):,} lots")

    print("\nrelieve half of every holding, per method (target < 1 s):")
    for method in METHODS:
        t = time.process_time()
        pieces = 0
        for (_account, symbol), lots in holdings.items():
            q = sum(lot.quantity for lot in lots) / 2
            r = relieve(lots, q, prices[symbol], as_of, method,
                        profile=profile if method is LotMethod.TAX_OPTIMAL else None)
            pieces += len(r.pieces)
        dt = time.process_time() - t
        print(f"  {method.value:<11} {dt:6.3f} s  ({pieces:,} pieces){'  OVER TARGET' if dt > 1 else ''}")

    print("\nthe same with wait-for-long-term savings (profile given to every method):")
    for method in METHODS:
        t = time.process_time()
        for (account, symbol), lots in holdings.items():
            if account not in taxable:
                continue
            q = sum(lot.quantity for lot in lots) / 2
            relieve(lots, q, prices[symbol], as_of, method, profile=profile)
        print(f"  {method.value:<11} {time.process_time() - t:6.3f} s  (taxable holdings)")

    # One symbol across every taxable account: the biggest candidate set a sale can have.
    by_symbol: dict[str, list] = defaultdict(list)
    for lot in hh.lots:
        if lot.account in taxable:
            by_symbol[lot.symbol].append(lot)
    symbol, lots = max(by_symbol.items(), key=lambda kv: len(kv[1]))
    held = sum(lot.quantity for lot in lots)
    rng = random.Random(args.seed)
    print(f"\nsale_tax: {args.calls:,} calls on {symbol} ({len(lots):,} taxable lots), random quantity/method:")
    times = defaultdict(list)
    for _ in range(args.calls):
        method = rng.choice(METHODS)
        q = held * rng.uniform(0.01, 1.0)
        t = time.process_time()
        sale_tax(lots, symbol, q, prices[symbol], as_of, method, profile)
        times[method].append(time.process_time() - t)
    for method in METHODS:
        ts = times[method]
        if ts:
            print(f"  {method.value:<11} median {statistics.median(ts) * 1e3:7.2f} ms  "
                  f"max {max(ts) * 1e3:7.2f} ms  ({len(ts)} calls)")

    # TaxOptimal's zooming search against evaluating every lot breakpoint, on the taxable holdings.
    from taxrebal.engine.lots import marginal_tax_function, tax_optimal_quantities

    tax_of = marginal_tax_function(profile)
    worse, checked, worst = 0, 0, 0.0
    t_zoom = t_full = 0.0
    for (account, symbol), lots in holdings.items():
        if account not in taxable:
            continue
        q = sum(lot.quantity for lot in lots) * rng.uniform(0.05, 0.95)
        price = prices[symbol]
        t = time.process_time()
        zoom = tax_optimal_quantities(lots, q, price, as_of, tax_of)
        t_zoom += time.process_time() - t
        t = time.process_time()
        full = tax_optimal_quantities(lots, q, price, as_of, tax_of, exhaustive_limit=10**9)
        t_full += time.process_time() - t
        gap = _tax(zoom, price, as_of, tax_of) - _tax(full, price, as_of, tax_of)
        checked += 1
        if gap > 0.01:
            worse += 1
            worst = max(worst, gap)
    print(f"\nTaxOptimal zooming search vs every breakpoint on {checked} taxable holdings: "
          f"{worse} worse (largest gap ${worst:,.2f}); {t_zoom:.2f} s vs {t_full:.2f} s")
    return 0


def _tax(taken, price, as_of, tax_of) -> float:
    from taxrebal.engine.holding import is_long_term

    st = lt = 0.0
    for lot, q in taken:
        gain = q * price - lot.adjusted_basis * q / lot.quantity
        if is_long_term(lot.holding_start, as_of, lot.inherited):
            lt += gain
        else:
            st += gain
    return tax_of(st, lt)


if __name__ == "__main__":
    raise SystemExit(main())
