"""A harvest refilled with a fund that washes an earlier loss, where the bands take part of the class today:
the refill is not bought today, the plan harvests what the bands take without it and dates the rest
(engine/rebalance/hold_for_later.py, case 3's second way; later_harvest.py dates the rest of the lot).

The law (IRC §1091(a); Treas. Reg. §1.1091-1(a), (c)): a purchase within 30 days after a loss sale
replaces that sale's open loss shares, one for one, and their loss is disallowed this year (§1091(d)).
The benchmark's ``--past-sales`` seed 1201: the plan sold all of BD0's L021 today and refilled Bonds with
BD2, whose loss sale of 2026-11-13 it washed; holding BD0's loss lots (case 3's first way) left Bonds too
heavy. The optimum sells what the bands take without BD2 and dates the rest of L021 once BD2 is clean
(0.986 of the avoidable tax; 0.9998 now).

The household, worked by hand (As Of 2026-11-25). One Taxable account, no cash, every fund at $50; IA
and IB (Intl) are not substantially identical. A1, 100 IA bought 2024-01-10 for $6,000 (-$10 a share, a
$1,000 long-term loss); A2, 100 IA bought 2020-03-02 for $3,000 (+$20 a share); D1, 200 BND for
$10,000. On 2026-11-10, 40 IB bought 2024-01-10 for $2,400 were sold at $50 (a $400 long-term loss, in
Realized LT YTD; nothing of IB bought since: 40 loss shares open). Total $20,000: Intl $10,000 (50%)
against 40% +/- 2, so it ends between $7,600 and $8,400; Bonds $10,000 against 60% +/- 2, between
$11,600 and $12,400. Tax Mode Flat, 20% long-term.

* A1 harvested whole, Intl refilled with at least $2,600 of IB (52 shares, IA sold at a loss is not
  bought back): the 40 open shares washed, -$1,000 + $400 = -$600 long-term, $120.00 less tax.
* A1's loss lots held (case 3's first way): Intl loses at least $1,600 from A2, +$640: worse.
* No IB today: 48 of A1's shares sold ($2,400: Intl $7,600, 38%; 48 BND bought, Bonds $12,400, 62%),
  -$480; the other 52 dated 2026-12-11 (IB's sale + 31 days, a Friday), buying IB that day: -$520.
  The whole -$1,000 counts this year and the $400 stays deducted: $200.00 less tax.
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
              Lot("A2", "Taxable", "IA", date(2020, 3, 2), 100, 3_000.0),
              Lot("D1", "Taxable", "BND", date(2020, 3, 2), 200, 10_000.0)),
        transactions=(Transaction(date(2026, 11, 10), "Taxable", "IB", Action.SELL, 40, 50.0, acquired=OLD,
                                  basis=2_400.0),),
        targets=(Target("Intl", 0.40, band=0.02), Target("Bonds", 0.60, band=0.02)),
        settings=settings)


def test_the_refill_that_washes_an_earlier_loss_waits_and_the_rest_of_the_harvest_is_dated():
    plan = plan_rebalance(_household(), as_of=AS_OF)
    # 47.9999 of them: the rounding keeps Intl at its band edge, $7,600.005
    assert [(ls.lot_id, ls.quantity) for ls in plan.lot_sales] == [("A1", pytest.approx(48.0, abs=0.001))]
    assert not [t for t in plan.trades if t.symbol == "IB"]
    (wait,) = plan.waits
    assert (wait.lot_id, wait.sell_on, wait.replacement) == ("A1", date(2026, 12, 11), "IB")
    assert wait.quantity == pytest.approx(52.0, abs=0.001)
    assert wait.realized_lt == pytest.approx(-520.0, abs=0.01)
    assert plan.tax_total + wait.est_tax == pytest.approx(-200.0, abs=0.005)
