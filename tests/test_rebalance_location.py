"""Asset location reads a class by its whole name (engine/rebalance/location.py), never a word in it."""

from __future__ import annotations

import pytest

from taxrebal.engine.rebalance import location_penalty
from taxrebal.engine.records import TaxTreatment

T = TaxTreatment


@pytest.mark.parametrize("asset_class, best, worst", [
    ("US Bonds", T.TAX_DEFERRED, T.TAXABLE),
    ("Fixed Income", T.TAX_DEFERRED, T.TAXABLE),
    ("REITs", T.TAX_DEFERRED, T.TAXABLE),
    ("Municipal Bonds", T.TAXABLE, T.TAX_DEFERRED),
    ("Emerging Markets", T.TAX_FREE, T.TAX_DEFERRED),
    ("small  cap VALUE", T.TAX_FREE, T.TAX_DEFERRED),
    ("US Stocks", T.TAXABLE, T.TAX_DEFERRED),
    # a word inside the name decides nothing: dividend stocks are equity, not income
    ("Equity Income", T.TAXABLE, T.TAX_DEFERRED),
    ("Dividend Growth Stocks", T.TAXABLE, T.TAX_DEFERRED),
    ("Cashflow Equity", T.TAXABLE, T.TAX_DEFERRED),
    ("Bond-like Stocks", T.TAXABLE, T.TAX_DEFERRED),
])
def test_a_class_is_placed_by_its_whole_name(asset_class, best, worst):
    assert location_penalty(asset_class, best) == 0
    assert location_penalty(asset_class, worst) == 2


def test_a_declared_location_wins_for_any_name():
    assert location_penalty("Equity Income", T.TAX_DEFERRED, T.TAX_DEFERRED) == 0
    assert location_penalty("Equity Income", T.TAXABLE, T.TAX_DEFERRED) == 1
