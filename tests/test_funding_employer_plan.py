"""A 401(k) buy's note names the money Orders' cash table says paid for it (audit18 F7).

An employer plan's sales are exchanges within its menu; its typed Cash stays (README "Employer plans":
the proceeds of its sales end invested, its cash after the plan is at most the Cash typed on Accounts).
So a buy there is paid by the account's sales first and by its cash only for what the sales do not
cover, and the note names every sale that pays. By hand, g11's 401(k) 15 (cash $12,494.33, no
contribution): sells 2 x $30,000.00 (steps 89, 90) and $16,793.21 + $12,494.31 (steps 91, 92) =
$89,287.52, buys $89,287.54 of ZAQM: Orders' Cash Left = 12,494.33 + 89,287.52 - 89,287.54 =
$12,494.31, so the buy is $89,287.52 of sales (steps 89-92) and $0.02 of cash. It said "$12,494.33 of
cash already in the account and $76,793.21 from this account's sales (steps 89, 90)" while the same
note says $12,494.31 stays as cash. An IRA keeps its order (cash first): its cash is invested.
"""

from taxrebal.engine.plan import Trade
from taxrebal.engine.reasons import _paid_by, funding
from taxrebal.engine.records import Account, Action, Household


def _trades(account: str) -> tuple[Trade, ...]:
    return (Trade(89, account, "AAA", Action.SELL, 300, 100.0, 30_000.0),
            Trade(90, account, "BBB", Action.SELL, 300, 100.0, 30_000.0),
            Trade(91, account, "CCC", Action.SELL, 1, 16_793.21, 16_793.21),
            Trade(92, account, "DDD", Action.SELL, 1, 12_494.31, 12_494.31),
            Trade(248, account, "ZAQM", Action.BUY, 1, 89_287.54, 89_287.54))


def test_a_401k_buy_is_paid_by_its_sales_before_its_cash():
    h = Household((Account("401(k) 15", "401(k)", cash=12_494.33),), (), ())
    new, cash, sales, steps = funding(_trades("401(k) 15"), h)[248]
    assert (new, cash, sales, steps) == (0.0, 0.02, 89_287.52, (89, 90, 91, 92))
    assert _paid_by(new, cash, sales, steps) == ("Paid with $0.02 of cash already in the account and $89,287.52 "
                                                 "from this account's sales (steps 89, 90, 91, 92)")


def test_a_roth_401k_buy_the_sales_pay_in_full_names_no_cash():
    # g7's Roth 401(k) 17: cash $2,576.39; steps 81-83 sell 19,969.80 + 10,041.80 + 3,784.80 = 33,796.40
    h = Household((Account("Roth 401(k) 17", "Roth 401(k)", cash=2_576.39),), (), ())
    trades = (Trade(81, "Roth 401(k) 17", "A", Action.SELL, 1, 19_969.80, 19_969.80),
              Trade(82, "Roth 401(k) 17", "B", Action.SELL, 1, 10_041.80, 10_041.80),
              Trade(83, "Roth 401(k) 17", "C", Action.SELL, 1, 3_784.80, 3_784.80),
              Trade(204, "Roth 401(k) 17", "LPN", Action.BUY, 1, 33_796.40, 33_796.40))
    assert funding(trades, h)[204] == (0.0, 0.0, 33_796.40, (81, 82, 83))


def test_an_ira_still_invests_its_cash_first():
    h = Household((Account("IRA", "Traditional IRA", cash=12_494.33),), (), ())
    new, cash, sales, steps = funding(_trades("IRA"), h)[248]
    assert (new, cash, sales, steps) == (0.0, 12_494.33, 76_793.21, (89, 90, 91))
