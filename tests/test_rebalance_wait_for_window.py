""""Say when waiting pays": a loss lost for good to a recent IRA purchase (Rev. Rul. 2008-5) is kept
whole by selling after that purchase's 30 days (IRC §1091(a): "within a period beginning 30 days
before the date of such sale"), when that day falls in the same tax year (fe7 finding 3).

Hand-worked (2026, single, $100,000 ordinary income: the next dollar of net capital loss saves 22%):
100 VEA in the taxable account bought 2015 at $60, now $50: a $1,000 long-term loss. The IRA bought
40 VEA on 2026-05-22 (Sold Recent Shares Wash = Y: those shares wash even if sold first). Sold on
2026-06-01, 40 loss shares wash: $400 lost for good. On 2026-06-22 (2026-05-22 + 31) nothing washes:
the whole $1,000 counts, $400 x 22% = $88.00 less tax. The step says so.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, Transaction

AS_OF = date(2026, 6, 1)


def test_a_loss_lost_for_good_to_a_recent_ira_purchase_says_waiting_until_the_window_closes_keeps_it():
    h = Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VEA", "Intl Stocks", 50.0), Security("IEFA", "Intl Stocks", 50.0),
                    Security("BND", "Bonds", 50.0)),
        lots=(Lot("T1", "Taxable", "VEA", date(2015, 1, 5), 100, 6_000.0),
              Lot("I1", "IRA", "VEA", None, 40, None), Lot("I2", "IRA", "BND", None, 60, None)),
        transactions=(Transaction(date(2026, 5, 22), "IRA", "VEA", Action.BUY, 40, 50.0, lot_id="I1"),),
        targets=(Target("Intl Stocks", 0.50), Target("Bonds", 0.50)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0, sold_recent_shares_wash=True))
    plan = plan_rebalance(h, as_of=AS_OF)
    sells = [t for t in plan.trades if t.symbol == "VEA" and t.account == "Taxable"]
    assert sells, "the plan harvests VEA (a $1,000 loss, $400 of it washed)"
    (sale,) = sells
    washed = sum(s.disallowed for s in plan.lot_sales if s.step == sale.step)
    assert washed == pytest.approx(400.0)
    assert "waiting until 2026-06-22 keeps $400.00 of loss" in sale.note
    assert "about $88.00 less tax" in sale.note
