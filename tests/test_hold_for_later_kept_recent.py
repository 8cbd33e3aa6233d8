"""A loss harvested today beside recent shares the plan keeps is dated instead (engine/rebalance/hold_for_later.py,
case 3; issue 9).

The household, worked by hand (As Of Wednesday 2026-11-25). One Taxable account, no cash; Tax Mode Flat, 40%
short-term, 20% long-term, $50,000 of long-term gains this year, so a dollar of long-term loss saves $0.20 and
a dollar of short-term gain costs $0.40. US Stocks: AAA at $100, BBB at $50 (not substantially identical);
Bonds: BND at $50. Lots: L1, 100 AAA bought 2024-01-10 for $12,000 (a $2,000 long-term loss, $20 a share);
R1, 10 AAA bought 2026-11-05 for $500 (a $500 short-term gain); B1, 200 BND ($10,000). US Stocks $11,000 of
$21,000 = 52.4%, target 55% +/- 5: within its band, nothing must be sold.

The law: a purchase within 30 days before a loss sale washes it, one loss share per share bought (IRC
§1091(a); Treas. Reg. §1.1091-1(b), (e)); the washed loss goes into the replacement shares' basis, with
the loss lot's holding period (§1091(d), §1223(3)).

* L1 sold today, R1 kept: R1 (bought 20 days before) washes 10 x $20 = $200 into its basis: -$1,800
  long-term this year, 1,800 x 20% = $360.00 less tax.
* R1 sold first, then L1: +$500 short-term (+$200.00) and -$2,000 long-term (-$400.00): $200.00 less.
* L1 then R1 (a chain): R1's basis $500 + $200 = $700, long-term: +$300, so -$1,500 long-term: $300.00 less.
* L1 held today and sold on 2026-12-07 (2026-11-05 + 31 = Sunday 2026-12-06, so Monday), buying BBB that
  day to stay in US Stocks, R1 kept: R1 is 32 days old then, nothing washes: -$2,000 long-term, $400.00
  less tax this year, $40.00 more than the plan that harvests today.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, TaxMode, Transaction

AS_OF = date(2026, 11, 25)


def _household() -> Household:
    settings = Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.40, flat_lt_rate=0.20,
                        state_tax_rate=0.0, realized_st_ytd=0.0, realized_lt_ytd=50_000.0, min_trade=0.0)
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("AAA", "US Stocks", 100.0), Security("BBB", "US Stocks", 50.0),
                    Security("BND", "Bonds", 50.0)),
        lots=(Lot("L1", "Taxable", "AAA", date(2024, 1, 10), 100, 12_000.0),
              Lot("R1", "Taxable", "AAA", date(2026, 11, 5), 10, 500.0),
              Lot("B1", "Taxable", "BND", date(2020, 3, 2), 200, 10_000.0)),
        transactions=(Transaction(date(2026, 11, 5), "Taxable", "AAA", Action.BUY, 10, 50.0, lot_id="R1"),),
        targets=(Target("US Stocks", 0.55, band=0.05), Target("Bonds", 0.45, band=0.05)),
        settings=settings)


def test_the_loss_a_kept_recent_lot_would_wash_is_dated_after_its_window():
    plan = plan_rebalance(_household(), as_of=AS_OF)
    assert not plan.lot_sales and not plan.trades  # neither L1 nor R1 is sold today
    (wait,) = plan.waits
    assert (wait.lot_id, wait.quantity, wait.sell_on, wait.replacement) == ("L1", 100, date(2026, 12, 7), "BBB")
    assert (wait.realized_st, wait.realized_lt) == (0.0, pytest.approx(-2_000.0))
    assert plan.tax_total + wait.est_tax == pytest.approx(-400.0, abs=0.005)  # not -$360.00
