"""The benchmark's households (bench/planref/households.py) hold what its docstring promises."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from planref.households import generate, suite
from planref.plans import class_values_before
from planref.wash_check import in_window

from taxrebal.engine.records import Action

SUITE = suite(16)


def test_same_seed_same_household():
    assert generate(5) == generate(5)
    assert generate(5) != generate(6)


def test_recent_purchases_in_taxable_and_tax_advantaged_accounts_and_drip():
    taxable_buys = advantaged_buys = reinvested = 0
    for _, h in SUITE:
        kinds = {a.name: a.is_taxable for a in h.accounts}
        for t in h.transactions:
            assert in_window(t.date, h.as_of) and t.date <= h.as_of
            if t.action is Action.REINVEST:
                reinvested += 1
            elif kinds[t.account]:
                taxable_buys += 1
            else:
                advantaged_buys += 1
    assert taxable_buys >= 5 and advantaged_buys >= 10 and reinvested >= 10


def test_realized_gains_exceed_every_harvestable_loss():
    for _, h in SUITE:
        price = {s.symbol: s.price for s in h.securities}
        taxable = {a.name for a in h.accounts if a.is_taxable}
        losses = sum(max(0.0, x.basis - x.quantity * price[x.symbol]) for x in h.lots if x.account in taxable)
        assert h.settings.realized_lt_ytd > 1.2 * losses


def test_the_bands_need_taxable_sales():
    """The overweight class must shed more than it holds in tax-advantaged accounts (spending cash on
    other classes does not lower its value), so some of it must be sold in a taxable account."""
    for seed, h in SUITE:
        values = class_values_before(h)
        total = sum(values.values())
        cls = {s.symbol: s.asset_class for s in h.securities}
        price = {s.symbol: s.price for s in h.securities}
        taxable = {a.name for a in h.accounts if a.is_taxable}
        over = max((t for t in h.targets), key=lambda t: values[t.asset_class] / total - t.target)
        must_shed = values[over.asset_class] - (over.target + over.band) * total
        in_advantaged = sum(x.quantity * price[x.symbol] for x in h.lots
                            if cls[x.symbol] == over.asset_class and x.account not in taxable)
        assert must_shed > in_advantaged, seed
