"""An account's cash after the rounded orders is not below zero counted either way: each order's amount
in cents (the Trades sheet) and all of them at shares x price, the net to the cent.

Rule (engine/rebalance/rounding.py, ``_cash_least``): orders round to the nearest 1/10,000 share; when the
rounding of many orders adds up to an overdraft counted at shares x price, although each order's amount in
cents balances, the account's largest buy is trimmed. bench_plan_quality seed 312: -$0.0123 in one
Brokerage account after thirteen orders. Figures by hand below.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.money import cents
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, FilingStatus, Household, Security, Settings, Target

AS_OF = date(2026, 12, 1)


def test_five_buys_rounded_up_do_not_overdraw_the_account_at_shares_times_price():
    # An IRA holds $10,000.00 of cash and nothing else; five classes at 20% each, one fund each at
    # $299.99. Each class's target is $2,000.00 = 6.666888... shares, 6.6669 to the nearest 1/10,000:
    # 6.6669 x $299.99 = $2,000.003331, an order of $2,000.00 in cents. Five of them are $10,000.00 in
    # cents but $10,000.016655 at shares x price, $0.02 overdrawn to the cent. Trimming one buy by
    # 0.0001 share (6.6668 x $299.99 = $1,999.973332, an order of $1,999.97) leaves $10,000.00 -
    # $9,999.986656 = $0.013344 (the net $0.01) at shares x price and $0.03 in cents, the cash left.
    # Each class stays within its band: $1,999.97 is 19.9997% of $10,000.00 against 15%-25%.
    classes = ("A", "B", "C", "D", "E")
    h = Household(accounts=(Account("IRA", "Traditional IRA", cash=10_000.0),),
                  securities=tuple(Security(f"F{c}", c, 299.99) for c in classes), lots=(),
                  targets=tuple(Target(c, 0.20, 0.05) for c in classes),
                  settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0))
    plan = plan_rebalance(h, as_of=AS_OF)
    shares = sorted(t.quantity for t in plan.trades)
    assert shares == [6.6668, 6.6669, 6.6669, 6.6669, 6.6669]
    net = 10_000.0 - sum(t.quantity * t.price for t in plan.trades)
    assert abs(net - 0.013344) < 1e-6
    assert round(10_000.0 - sum(cents(t.amount) for t in plan.trades), 2) == 0.03
    assert dict(plan.cash_left)["IRA"] == 0.03
