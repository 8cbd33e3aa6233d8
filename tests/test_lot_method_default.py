"""The default Lot Method is the one that costs the least tax (TaxOptimal), not MinTax, a fixed
order that knows no tax rates (new-user finding 7: 20 VOO cost $856.80 by MinTax, $482.40 by LIFO).

By hand (Flat tax: short-term 30%, long-term 20%; price $620; sell 20 shares):
  A 40 sh bought 2021-12-28 at $440 (long-term, gain $180 a share: $36 of tax a share)
  B 15 sh bought 2025-12-10 at $560 (short-term on 2026-12-03, gain $60 a share: $18 of tax a share)
  MinTax sells long-term gains before short-term ones: 20 A -> $3,600 x 20% = $720.00.
  LIFO (and HIFO): 15 B + 5 A -> $900 x 30% + $900 x 20% = $450.00, the least a share can cost.
"""

from datetime import date

import pytest

from taxrebal.engine.lot_selection import sale_tax
from taxrebal.engine.records import FilingStatus, Lot, LotMethod, Settings, TaxMode
from taxrebal.engine.tax import TaxProfile

SOLD = date(2026, 12, 3)
LOTS = [Lot("A", "Taxable", "VOO", date(2021, 12, 28), 40, 17_600.0),
        Lot("B", "Taxable", "VOO", date(2025, 12, 10), 15, 8_400.0)]
PROFILE = TaxProfile(year=2026, filing_status=FilingStatus.SINGLE, tax_mode=TaxMode.FLAT,
                     flat_st_rate=0.30, flat_lt_rate=0.20)


def tax_of(method):
    return sale_tax(LOTS, "VOO", 20, 620.0, SOLD, method, PROFILE)[1].total


def test_the_default_method_is_the_least_tax_one():
    assert Settings().lot_method is LotMethod.TAX_OPTIMAL
    assert tax_of(Settings().lot_method) == pytest.approx(450.00, abs=0.01)


def test_mintax_is_a_fixed_order_that_can_cost_more_than_lifo():
    assert tax_of(LotMethod.MIN_TAX) == pytest.approx(720.00, abs=0.01)
    assert tax_of(LotMethod.LIFO) == pytest.approx(450.00, abs=0.01)
    assert tax_of(LotMethod.HIFO) == pytest.approx(450.00, abs=0.01)


def test_the_default_never_loses_to_a_simple_method_on_one_sale():
    default = tax_of(Settings().lot_method)
    for method in (LotMethod.FIFO, LotMethod.LIFO, LotMethod.HIFO, LotMethod.MIN_TAX):
        assert default <= tax_of(method) + 0.005, method
