"""A lot method's cost includes the loss its lots lose to the recent shares the sale leaves behind.

Rule (IRC §1091(a); Treas. Reg. §1.1091-1(c); Pub 550 "Wash Sales"): shares bought within 30 days
before a loss sale and still held after it wash as many of the loss shares; so the cheapest method is
the one whose *reported* loss is worth most, and TaxOptimal (and TAXCOST / LOTPICK through the same
engine call) must count it. No share of a lot replaces that same lot's sold shares (reading 2 of
engine/wash.py).

Worked by hand (2026, single, $100,000 wages: each dollar of short-term loss saves 22%; no state
tax). Brokerage VTI at $300 on 2026-12-01: L1 100 sh bought 2019 at $150, L2 20 sh bought
2025-12-01 at $320 (short-term, -$20/sh), L3 10 sh bought 2026-11-15 at $310 (-$10/sh).

* 25 shares, HIFO: L2 20 + L3 5 lose $450 but keep 5 L3 shares, which wash 5 of L2's loss shares
  (L2 was acquired first): 5 x $20 = $100 disallowed; reported -$350, tax -350 x 22% = -$77.00.
* 25 shares, LIFO: L3 10 + L2 15 lose $400 and keep no recent share: tax -400 x 22% = -$88.00.
  So LIFO is the cheaper sale and TaxOptimal must sell those lots.
* 10 shares of L2 keep all of L3: 10 x $20 = $200 washed, tax $0.00 (the fe5 note "HIFO would cost
  $20 less" compared that with LIFO's -$22.00 as if HIFO saved -$44.00).
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.kept_wash import RecentShares, kept_wash, recent_lot_shares
from taxrebal.engine.lot_selection import compare_methods, sale_tax
from taxrebal.engine.lots import relieve
from taxrebal.engine.records import Lot, LotMethod, Settings
from taxrebal.engine.tax import TaxProfile

SOLD = date(2026, 12, 1)
PROFILE = TaxProfile.from_settings(Settings(as_of=SOLD, ordinary_income=100_000.0))
L1 = Lot("L1", "Brokerage", "VTI", date(2019, 3, 15), 100, 15_000.0)
L2 = Lot("L2", "Brokerage", "VTI", date(2025, 12, 1), 20, 6_400.0)
L3 = Lot("L3", "Brokerage", "VTI", date(2026, 11, 15), 10, 3_100.0)
LOTS = (L1, L2, L3)


def shares(relief) -> dict[str, float]:
    return {p.lot_id: p.quantity for p in relief.pieces}


def washed(method: LotMethod, quantity: float, lot_ids=()) -> float:
    relief = relieve(LOTS, quantity, 300.0, SOLD, method, lot_ids=lot_ids)
    return kept_wash(relief, recent_lot_shares(LOTS, SOLD, 30)).disallowed


def test_the_recent_shares_a_sale_keeps_wash_as_many_loss_shares():
    assert washed(LotMethod.HIFO, 25) == pytest.approx(100.0)  # 5 kept L3 shares x L2's $20
    assert washed(LotMethod.LIFO, 25) == 0.0  # every recent share sold
    assert washed(LotMethod.SPECIFIC, 10, ("L2",)) == pytest.approx(200.0)  # 10 kept L3 shares x $20


def test_a_lot_never_washes_its_own_loss():
    # 5 of L3's 10 shares sold at a $10 loss, 5 kept: buying 10 and selling 5 of them is no wash sale
    assert washed(LotMethod.SPECIFIC, 5, ("L3",)) == 0.0


def test_an_ira_purchase_washes_for_good():
    ira = RecentShares("I1", "Trad IRA", "VTI", date(2026, 11, 25), 4, taxable=False)
    relief = relieve(LOTS, 10, 300.0, SOLD, LotMethod.SPECIFIC, lot_ids=("L2",))
    w = kept_wash(relief, (ira,))
    assert w.disallowed == pytest.approx(80.0) and w.lost_for_good == pytest.approx(80.0)


def test_every_method_is_priced_with_its_wash_sale_and_tax_optimal_is_the_cheapest():
    c = compare_methods(LOTS, 25, 300.0, SOLD, PROFILE, chosen=LotMethod.TAX_OPTIMAL)
    tax = {o.method: o.tax for o in c.outcomes}
    assert tax[LotMethod.HIFO] == pytest.approx(-77.00, abs=0.005)
    assert tax[LotMethod.LIFO] == pytest.approx(-88.00, abs=0.005)
    optimal = c.outcome(LotMethod.TAX_OPTIMAL)
    assert shares(optimal.relief) == {"L3": 10, "L2": 15}
    assert optimal.tax == min(t for t in tax.values() if t is not None)
    assert c.vs_best(c.outcome(LotMethod.HIFO)) == pytest.approx(11.00, abs=0.005)

    alone = compare_methods(LOTS, 10, 300.0, SOLD, PROFILE, chosen=LotMethod.SPECIFIC, lot_ids=("L2",))
    hifo = alone.outcome(LotMethod.HIFO)
    assert shares(hifo.relief) == {"L2": 10} and hifo.tax == pytest.approx(0.0, abs=0.005)
    assert alone.outcome(LotMethod.LIFO).tax == pytest.approx(-22.00, abs=0.005)


def test_taxcost_and_lotpick_make_the_same_true_least_tax_choice():
    relief, marginal = sale_tax(LOTS, "VTI", 25, 300.0, SOLD, LotMethod.TAX_OPTIMAL, PROFILE, "Brokerage")
    assert shares(relief) == {"L3": 10, "L2": 15}
    assert marginal.total == pytest.approx(-88.00, abs=0.005)
    # HIFO through TAXCOST: the $100 its kept shares wash is not a loss this year
    _, hifo = sale_tax(LOTS, "VTI", 25, 300.0, SOLD, LotMethod.HIFO, PROFILE, "Brokerage")
    assert hifo.total == pytest.approx(-77.00, abs=0.005)
    # LOTPICK relieves with the same engine call
    assert shares(relieve(LOTS, 25, 300.0, SOLD, LotMethod.TAX_OPTIMAL, profile=PROFILE)) == {"L3": 10, "L2": 15}
