"""The naive spreadsheet baseline (engine/naive.py): pro-rata FIFO sells, pro-rata buys."""

from datetime import date

import pytest

from taxrebal.engine.naive import naive_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 6, 1)


def test_naive_sells_a_seventh_of_every_stock_holding_first_in_first_out():
    # 60/40 target, $70,000 stocks / $30,000 bonds in one taxable account: stocks $10,000 over,
    # 1/7 of the 700 VTI shares = 100 shares, FIFO: all from lot A (2015, $20/sh): LT gain
    # 100 x $80 = $8,000, taxed 15% (single, $100,000 ordinary income, 2026) = $1,200.
    h = Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("A", "Taxable", "VTI", date(2015, 1, 5), 300, 6_000.0),
              Lot("B", "Taxable", "VTI", date(2020, 1, 5), 400, 36_000.0),
              Lot("C", "Taxable", "BND", date(2015, 1, 5), 600, 30_000.0)),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0))
    naive = naive_rebalance(h, as_of=AS_OF)
    assert naive.realized_lt == pytest.approx(8_000.0)
    assert naive.realized_st == pytest.approx(0.0)
    assert naive.tax.total == pytest.approx(1_200.0, abs=0.01)
    assert naive.after["US Stocks"] == pytest.approx(60_000.0)
    assert naive.after["Bonds"] == pytest.approx(40_000.0)
