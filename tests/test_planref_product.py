"""The product's plan against the independent reference of bench/planref (issue 9's target).

On a few generated households (recent purchases in taxable and tax-advantaged accounts, DRIP, realized
gains that make every harvested dollar count) the rebalancer's plan must avoid at least 99% of the
avoidable tax: (naive - plan) / (naive - best) >= 0.99, with the plan re-priced lot by lot by the
benchmark's own wash-sale check and tax function, and it must end within every band.
``python bench/bench_plan_quality.py`` prints the same figures for more households.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from planref.households import generate
from planref.naive import naive_plan
from planref.optimum import solve
from planref.plans import apply_plan, band_breaches
from planref.product import product_plan
from planref.tax_rules import Situation, plan_tax
from planref.wash_check import realize

SEEDS = (1, 2, 3)


@functools.lru_cache(maxsize=None)
def _share(seed: int, waits: bool = False) -> tuple[float, list[str]]:
    """The share against the reference of today's trades (``waits`` False) or the one that may also
    date loss sales later this year (planref/waits.py)."""
    h = generate(seed)
    sit = Situation.from_settings(h.settings)
    best = solve(h, time_limit=120.0, waits=waits)
    assert best.status == "optimal"
    naive = realize(h, naive_plan(h))
    naive_tax = plan_tax(sit, naive.st, naive.lt)
    prod = product_plan(h)
    assert prod.plan is not None, prod.error
    r = realize(h, prod.plan)
    out = apply_plan(h, prod.plan)
    share = (naive_tax - plan_tax(sit, r.st, r.lt)) / (naive_tax - best.tax)
    return share, band_breaches(h, out.values, out.total) + list(out.problems)


@pytest.mark.slow
def test_product_plan_is_within_bands_and_avoids_at_least_99_percent_of_the_avoidable_tax():
    # Against the reference of today's trades (bench/bench_plan_quality.py --no-waits: 0.995, 1.000, 1.000
    # on these seeds; before the chained sales of recent taxable lots, wash_exposure.py, seed 1 was 0.985).
    # Against the one that may also wait, see the last test.
    results = {seed: _share(seed) for seed in SEEDS}
    assert all(not problems for _, problems in results.values()), results
    assert all(share >= 0.99 for share, _ in results.values()), results


@pytest.mark.slow
def test_product_plan_avoids_99_percent_of_the_avoidable_tax_on_the_hardest_household():
    # Seed 14: the optimum without the contract's no-buy-back rule harvests an identity and buys it back
    # in a Taxable account (share 0.938 against it); against the contract's optimum the plan is at 1.000.
    share, problems = _share(14)
    assert not problems and share >= 0.99, (share, problems)


@pytest.mark.slow
def test_product_plan_avoids_99_percent_against_the_reference_that_may_wait():
    # The reference that may also date loss sales later this year, each buying a replacement that washes
    # none of its losses (planref/waits.py). bench/bench_plan_quality.py -v, 2026-12-04: 0.999, 1.000,
    # 1.000 on these seeds (seed 2: 0.960 against the reference before its two fixes of 2026-12-04, 0.897
    # against this one until hold_for_later.py, a class whose every fund the plan harvests)
    results = {seed: _share(seed, waits=True) for seed in SEEDS}
    assert all(not problems for _, problems in results.values()), results
    assert all(share >= 0.99 for share, _ in results.values()), results
