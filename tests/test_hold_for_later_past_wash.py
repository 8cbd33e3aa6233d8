"""A harvest refilled with a fund that washes an earlier loss: the harvested lot is held today and dated
instead (engine/rebalance/hold_for_later.py, case 3; issue 9).

The household, worked by hand (As Of 2026-11-25). One Taxable account, no cash. Intl: IA and IB at $50
(not substantially identical; no other Intl fund); Bonds: BND at $50. Lots: A1, 100 IA bought 2024-01-10
for $6,000 (-$10 a share, a $1,000 long-term loss); D1, 100 BND bought 2020-03-02 for $5,000. On
2026-11-10, 40 IB bought 2024-01-10 for $2,400 were sold at $50: a $400 long-term loss ($10 a share), in
Settings' Realized LT YTD ($50,000 of gains less it: $49,600), and nothing of IB bought since, so all 40
loss shares are open. Intl 50% and Bonds 50%, targets 50% +/- 5: within. Tax Mode Flat, 20% long-term:
every dollar of long-term loss saves $0.20.

The law (IRC §1091(a); Treas. Reg. §1.1091-1(a), (c)): a purchase of IB within 30 days after
2026-11-10, through 2026-12-10, replaces that sale's loss shares, one for one, and its loss is disallowed
this year (moved into the new shares' basis, §1091(d)).

* Today: harvesting A1 leaves Intl at $0; it must be refilled to at least 45% ($4,500), and IA, sold at
  a loss, may not be bought back (the plan's rule), so with 90-100 IB, which replace the 40 open loss
  shares: -$1,000 + $400 = -$600 long-term, $120.00 less tax. Selling only 10 A1 (Intl at 45%, nothing
  bought): -$100, $20.00.
* Held for later: nothing is traded today; A1 is dated 2026-12-11, the first trading day IB can be
  bought without washing its loss sale (2026-11-10 + 31 days, a Friday), buying IB that day; nothing of
  IA is acquired within 30 days before or after, so nothing washes A1's sale (until 2026-12-05 it was
  dated 2026-12-28, 31 days after the plan's trades may fill, a wait no purchase of IA asked for). The
  whole -$1,000 long-term counts this year and the $400 stays deducted: $200.00 less tax.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, TaxMode, Transaction

AS_OF = date(2026, 11, 25)
OLD = date(2024, 1, 10)


def _household() -> Household:
    settings = Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.40, flat_lt_rate=0.20,
                        state_tax_rate=0.0, realized_st_ytd=0.0, realized_lt_ytd=49_600.0, min_trade=0.0)
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("IA", "Intl", 50.0), Security("IB", "Intl", 50.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("A1", "Taxable", "IA", OLD, 100, 6_000.0),
              Lot("D1", "Taxable", "BND", date(2020, 3, 2), 100, 5_000.0)),
        transactions=(Transaction(date(2026, 11, 10), "Taxable", "IB", Action.SELL, 40, 50.0, acquired=OLD,
                                  basis=2_400.0),),
        targets=(Target("Intl", 0.50, band=0.05), Target("Bonds", 0.50, band=0.05)),
        settings=settings)


def test_a_harvest_whose_refill_would_wash_an_earlier_loss_is_dated_instead():
    plan = plan_rebalance(_household(), as_of=AS_OF)
    assert not plan.trades and not plan.lot_sales
    (wait,) = plan.waits
    assert (wait.lot_id, wait.quantity, wait.sell_on, wait.replacement) == ("A1", 100, date(2026, 12, 11), "IB")
    assert (wait.realized_st, wait.realized_lt) == (0.0, pytest.approx(-1_000.0))
    assert plan.tax_total + wait.est_tax == pytest.approx(-200.0, abs=0.005)
