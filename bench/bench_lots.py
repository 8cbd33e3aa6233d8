"""Lot relief speed on a 100,000-lot household (run on demand: ``python bench/bench_lots.py``).

Measures, for each lot method, the time to relieve a sale from *every* holding of the household
(each account and symbol, half its shares; target: under 1 s per method for all holdings), plus
the whole-household sell-everything case per method, plus repeated :func:`sale_tax` calls on one
large position (what a sheet full of TAXCOST cells asks). The household comes from the seeded
generator (``bench/generate.py``); the as-of date is the generator's.

Times are CPU seconds of this process (time.process_time). Each is also printed as a ratio to an
anchor measured in the same run, so machine load cancels out: a vectorised numpy FIFO relief of half
of every holding at once (one lexsort over all lots, cumulative sums per holding; the least any
relief of every holding must spend). The anchor's basis and gain per holding are checked against
:func:`relieve`'s FIFO figures to the cent, an independent reference for those too.

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

    anchor, arrays_only, reference = min((_numpy_fifo(holdings, prices, as_of) for _ in range(3)),
                                         key=lambda r: r[0])
    print(f"\nanchor: numpy FIFO relief of half of every holding at once, from the Lot records: {anchor:.3f} s "
          f"CPU (of which {arrays_only:.3f} s once the lots are arrays: {anchor / max(arrays_only, 1e-9):.0f}x less)")
    print("relieve half of every holding, per method (target < 1 s):")
    for method in METHODS:
        t = time.process_time()
        pieces = 0
        figures = {}
        for key, lots in holdings.items():
            q = sum(lot.quantity for lot in lots) / 2
            r = relieve(lots, q, prices[key[1]], as_of, method,
                        profile=profile if method is LotMethod.TAX_OPTIMAL else None)
            pieces += len(r.pieces)
            figures[key] = (r.basis, r.st_gain, r.lt_gain)
        dt = time.process_time() - t
        print(f"  {method.value:<11} {dt:6.3f} s = {dt / anchor:5.1f}x the anchor, {dt / arrays_only:5.1f}x its numpy "
              f"part  ({pieces:,} pieces){'  OVER TARGET' if dt > 1 else ''}")
        if method is LotMethod.FIFO:
            worst = max(max(abs(a - b) for a, b in zip(figures[k], reference[k])) for k in holdings)
            print(f"              FIFO basis / ST / LT gain vs the numpy reference: largest difference ${worst:.6f}"
                  f"{'' if worst < 0.005 else '  MISMATCH'}")

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


def _numpy_fifo(holdings, prices, as_of):
    """CPU seconds of a FIFO relief of half of every holding in one vectorised pass (from the Lot
    records, and once they are arrays), and holding -> (basis, ST gain, LT gain) of it. Written from
    the rule (Pub 550: first acquired, first sold; basis pro rata; long-term after one year, IRC
    §1222), not from taxrebal's code."""
    import numpy as np

    from taxrebal.engine.holding import long_term_date

    keys = list(holdings)
    rows = [(h, lot) for h, key in enumerate(keys) for lot in holdings[key]]
    t0 = time.process_time()
    n = len(rows)
    hid = np.fromiter((h for h, _ in rows), np.int64, n)
    qty = np.fromiter((lot.quantity for _, lot in rows), float, n)
    price = np.fromiter((prices[keys[h][1]] for h, _ in rows), float, n)
    basis = np.fromiter((price[i] * lot.quantity if lot.basis is None else lot.basis + lot.wash_adjustment
                         for i, (_, lot) in enumerate(rows)), float, n)
    start = np.fromiter((0 if lot.holding_start is None else lot.holding_start.toordinal() for _, lot in rows),
                        np.int64, n)  # an undated lot (no basis: tax-advantaged) counts as the oldest
    lt_from = np.fromiter((0 if lot.inherited or lot.holding_start is None
                           else long_term_date(lot.holding_start).toordinal() for _, lot in rows), np.int64, n)
    ids = np.array([lot.lot_id for _, lot in rows])
    t1 = time.process_time()  # the records are in arrays; from here on, numpy only
    order = np.lexsort((ids, start, hid))  # by holding, then holding start, then Lot ID
    hid, qty, price, basis, start, lt_from = (a[order] for a in (hid, qty, price, basis, start, lt_from))
    total = np.bincount(hid, weights=qty)
    want = total[hid] / 2
    cum = np.cumsum(qty)
    first = np.searchsorted(hid, np.arange(len(keys)))
    before = cum - qty - (cum[first] - qty[first])[hid]  # shares of the holding ahead of each lot
    take = np.clip(want - before, 0.0, qty)
    sold_basis = basis * np.divide(take, qty, out=np.zeros_like(qty), where=qty > 0)
    gain = take * price - sold_basis
    long = lt_from <= as_of.toordinal()
    out_basis = np.bincount(hid, weights=sold_basis, minlength=len(keys))
    out_st = np.bincount(hid, weights=np.where(long, 0.0, gain), minlength=len(keys))
    out_lt = np.bincount(hid, weights=np.where(long, gain, 0.0), minlength=len(keys))
    t2 = time.process_time()
    return t2 - t0, t2 - t1, {k: (out_basis[h], out_st[h], out_lt[h]) for h, k in enumerate(keys)}


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
