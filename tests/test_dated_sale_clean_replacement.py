"""A dated loss sale's replacement is bought that day only where no loss sale is within 30 days of it.

Rule (IRC §1091(a); engine/rebalance/window_wait.py ``clean_replacements``): a purchase within 30 days
before or after a loss sale of a substantially identical security washes that loss. A sale the plan
dates later this year buys a replacement that day to stay in its class; that replacement must not be
the same fund or Identical Group as a loss the plan sells today, a loss sold before As Of still open,
or another dated sale's. Plan-quality seed 119: a sale dated 2026-12-16 bought EM1B while the plan
harvested EM1A/EM1B lots (one group) on 2026-11-25, 21 days before: $48,560 of that loss washed.

Household (by hand): As Of 2026-11-25, Brk holds EM0 (listed replacements EM1, then EM2), EM1 and EM2
lots. The plan sells the EM1 lot at a loss today; EM0's sale is dated 2026-12-16. EM1 is passed over
(12-16 is 21 days after today's EM1 loss sale); EM2, sold at no loss, is clean.

When no fund is clean that day (EM2 sold at a loss today too), the sale moves to the first later trading
day this year on which one is (engine/rebalance/clean_day.py): today's loss sales stop blocking a purchase
on 2026-11-25 + 31 = 2026-12-26, a Saturday, so Monday 2026-12-28, and EM1 (listed first) is bought then.
As Of 2026-12-03 instead, they block through 2027-01-03: no day this year, so the sale keeps its day and
names no fund.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from taxrebal.engine.plan import WaitedSale
from taxrebal.engine.rebalance.model import RebalanceModel
from taxrebal.engine.rebalance.window_wait import clean_replacements
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 11, 25)


def household(em2_basis: float, as_of: date = AS_OF) -> Household:
    # EM0 200 sh (basis $12,000 at $50: -$2,000), EM1 100 sh (basis $8,000 at $50: -$3,000), EM2 100 sh at
    # $40 (basis em2_basis); bonds to make the bands trigger a sale of Emerging Markets.
    return Household(
        accounts=(Account("Brk", "Taxable"),),
        securities=(Security("EM0", "EM", 50.0, replacements=("EM1", "EM2")),
                    Security("EM1", "EM", 50.0, replacements=("EM0",)),
                    Security("EM2", "EM", 40.0, replacements=("EM0",)),
                    Security("BND", "Bonds", 73.0)),
        lots=(Lot("A", "Brk", "EM0", date(2024, 3, 1), 200, 12_000.0),
              Lot("B", "Brk", "EM1", date(2024, 3, 1), 100, 8_000.0),
              Lot("C", "Brk", "EM2", date(2024, 3, 1), 100, em2_basis),
              Lot("D", "Brk", "BND", date(2020, 1, 1), 100, 7_000.0)),
        targets=(Target("EM", 0.5), Target("Bonds", 0.5)),
        settings=Settings(as_of=as_of, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0))


def dated_em0_sale() -> WaitedSale:
    return WaitedSale("Brk", "EM0", "A", 200, 50.0, date(2026, 12, 16), 0.0, -2_000.0, 0.0, 0.0, 0.0,
                      asset_class="EM", identity="EM0")


def em1_sold_today(model: RebalanceModel) -> np.ndarray:
    x = np.zeros(model.lp.n)
    (j,) = [j for sl, j in zip(model.sell_lots, model.lot_vars) if sl.lot.lot_id == "B"]
    x[j] = 100.0
    return x


def test_a_fund_harvested_today_is_not_the_dated_sales_replacement():
    model = RebalanceModel(household(em2_basis=3_000.0), AS_OF)  # EM2 at a $1,000 gain: clean
    (w,) = clean_replacements(model, em1_sold_today(model), [dated_em0_sale()])
    assert w.replacement == "EM2"


def test_without_a_clean_fund_the_dated_sale_names_none():
    model = RebalanceModel(household(em2_basis=3_000.0), AS_OF)
    x = em1_sold_today(model)
    (j,) = [j for sl, j in zip(model.sell_lots, model.lot_vars) if sl.lot.lot_id == "C"]
    x[j] = 100.0  # EM2 is sold today too, at a gain: still clean
    (w,) = clean_replacements(model, x, [dated_em0_sale()])
    assert w.replacement == "EM2"
    late = date(2026, 12, 3)
    lossy = RebalanceModel(household(em2_basis=5_000.0, as_of=late), late)  # EM2 at a $1,000 loss, sold today too
    x = em1_sold_today(lossy)
    (j,) = [j for sl, j in zip(lossy.sell_lots, lossy.lot_vars) if sl.lot.lot_id == "C"]
    x[j] = 100.0
    (w,) = clean_replacements(lossy, x, [dated_em0_sale()])
    assert (w.replacement, w.sell_on) == ("", date(2026, 12, 16))  # clean from 2027-01-04 only: kept, no fund


def test_without_a_clean_fund_that_day_the_dated_sale_moves_to_the_first_day_one_is():
    lossy = RebalanceModel(household(em2_basis=5_000.0), AS_OF)  # EM2 at a $1,000 loss, sold today as well
    x = em1_sold_today(lossy)
    (j,) = [j for sl, j in zip(lossy.sell_lots, lossy.lot_vars) if sl.lot.lot_id == "C"]
    x[j] = 100.0
    (w,) = clean_replacements(lossy, x, [dated_em0_sale()])
    assert (w.sell_on, w.replacement) == (date(2026, 12, 28), "EM1")
    assert (w.realized_st, w.realized_lt, w.quantity) == (0.0, -2_000.0, 200)  # the same loss, long-term
