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


def test_replacement_ranks_gathered_once_give_each_securitys_rank():
    # VXUS lists (IXUS, VEU): IXUS ranks 0, VEU 1, an unlisted SPDW 2; a class without lists ranks 0.
    from taxrebal.engine.rebalance.location import replacement_rank, replacement_ranks
    from taxrebal.engine.records import Household, Security

    secs = (Security("VXUS", "Intl Stocks", 60.0, replacements=("IXUS", "VEU")),
            Security("IXUS", "Intl Stocks", 70.0), Security("VEU", "Intl Stocks", 60.0),
            Security("SPDW", "Intl Stocks", 35.0), Security("BND", "Bonds", 70.0))
    h = Household(accounts=(), securities=secs, lots=(), targets=())
    assert replacement_ranks(h) == {"VXUS": 2, "IXUS": 0, "VEU": 1, "SPDW": 2, "BND": 0}
    assert all(replacement_ranks(h)[s.symbol] == replacement_rank(h, s) for s in secs)
