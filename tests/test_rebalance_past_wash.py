"""A loss sold before As Of does not forbid buying it back: the plan prices the wash (IRC §1091(a),
(d); Treas. Reg. §1.1091-1(c), (e); Pub 550 "Wash Sales"; Rev. Rul. 2008-5).

Household (hand-worked): 2026, single, $100,000 ordinary income -> the next ordinary dollar is taxed
22%, long-term gain 15%. BND, the only bond fund, was sold on 2026-05-20: 100 shares at $50 with a
$6,000 basis, a $1,000 long-term loss ($10 a share). On 2026-06-01 the household holds 700 VTI at
$100 (basis $100 a share: no gain) and $30,000 of cash; targets 60/40. The bands need $40,000 of BND
(800 shares) and $10,000 of VTI sold (no tax).

* the loss already matched (100 BND bought in the IRA on 2026-05-25 washed all 100 loss shares,
  $1,000 lost for good there): a new BND purchase washes nothing (Reg. §1.1091-1(e)): tax $0.
* the loss open and the purchase in the taxable account: 100 of the 800 shares replace the 100 loss
  shares; the $1,000 moves into their basis (§1091(d)). This year's -$1,000 (Realized LT YTD) is
  gone: $1,000 of ordinary income no longer offset, $220.00 more tax, carried by the buy step.
* the loss open and the purchase only possible in an IRA (the VTI and the cash are there): the
  same $220.00 this year, and the $1,000 is lost for good (Rev. Rul. 2008-5): the note says so.
"""

from datetime import date

import pytest

from taxrebal.engine.plan import PlanStatus
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, Transaction
from taxrebal.engine.wash import adjust_lots
from taxrebal.engine.wash_queries import do_not_buy, wash_window_status, with_plan_losses

AS_OF = date(2026, 6, 1)
LONG_AGO = date(2015, 1, 5)
SOLD = Transaction(date(2026, 5, 20), "Taxable", "BND", Action.SELL, 100, 50.0, acquired=LONG_AGO, basis=6_000.0)
SECS = (Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0))


def household(*, taxable_cash=30_000.0, ira_cash=0.0, ira_bought=False, ytd=-1_000.0, basis=6_000.0,
              vti_in="Taxable"):
    accounts = [Account("Taxable", "Taxable", cash=taxable_cash)]
    lots = [Lot("T1", vti_in, "VTI", LONG_AGO, 700, 70_000.0)]
    txs = [Transaction(SOLD.date, "Taxable", "BND", Action.SELL, 100, 50.0, acquired=LONG_AGO, basis=basis)]
    if ira_cash or ira_bought or vti_in == "IRA":
        accounts.append(Account("IRA", "Traditional IRA", cash=ira_cash))
    if ira_bought:
        lots.append(Lot("I1", "IRA", "BND", date(2026, 5, 25), 100, 5_000.0))
        txs.append(Transaction(date(2026, 5, 25), "IRA", "BND", Action.BUY, 100, 50.0, lot_id="I1"))
    return Household(accounts=tuple(accounts), securities=SECS, lots=tuple(lots), transactions=tuple(txs),
                     targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)),
                     settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0,
                                       realized_lt_ytd=ytd))


def bnd_buys(plan):
    return [t for t in plan.trades if t.symbol == "BND" and t.action is Action.BUY]


def test_a_loss_already_matched_to_replacement_shares_forbids_nothing_and_costs_nothing():
    h = household(ira_bought=True, ira_cash=0.0)
    wash = adjust_lots(h)
    assert sum(s.disallowed for s in wash.sales) == pytest.approx(1_000.0)  # all 100 loss shares matched
    # the three views agree: nothing on Do Not Buy, WASHWINDOW clear, and the plan buys BND for no tax
    assert not [d for d in do_not_buy(wash, h, AS_OF) if d.identity == "BND"]
    assert wash_window_status("BND", AS_OF, h.transactions, h.securities, h.accounts, h.lots) == "Clear"
    plan = plan_rebalance(h, as_of=AS_OF)
    assert plan.status is PlanStatus.WITHIN_BANDS
    # $105,000 in all (700 VTI, 100 BND, $30,000): bonds to at least 35% (band 5) of it
    assert sum(t.amount for t in bnd_buys(plan)) >= 0.35 * 105_000.0 - 5_000.0 - 1.0
    assert plan.tax.total == pytest.approx(0.0, abs=0.01)
    assert not any("was sold at a loss" in n for n in plan.notes)


def test_an_open_loss_bought_back_in_the_taxable_account_is_deferred_and_priced():
    h = household()
    wash = adjust_lots(h)
    stake = [d.loss_at_stake for d in do_not_buy(wash, h, AS_OF) if d.identity == "BND"]
    assert stake == [pytest.approx(1_000.0)]  # the same open loss the plan prices
    plan = plan_rebalance(h, as_of=AS_OF)
    assert plan.status is PlanStatus.WITHIN_BANDS
    (buy,) = bnd_buys(plan)
    assert buy.account == "Taxable" and buy.quantity == pytest.approx(800.0)
    assert buy.realized_lt == pytest.approx(1_000.0)  # 100 replaced loss shares x $10
    assert buy.replaces_past_loss_shares == pytest.approx(100.0)  # Orders keeps it first (order_sequence.py)
    assert buy.est_tax == pytest.approx(220.0, abs=0.01)  # $1,000 no longer offsets ordinary income at 22%
    assert plan.tax.total == pytest.approx(220.0, abs=0.01)
    assert "$1,000.00 of that loss is disallowed this year" in buy.note and "IRC §1091(d)" in buy.note
    # fe17 F14c: the replaced shares' new basis and holding start, for their next sale: $50 + $10 washed;
    # the sold shares were held 2015-01-05 .. 2026-05-20 (4,153 days), so the shares bought 2026-06-01
    # count from 2026-06-01 - 4,153 days = 2015-01-17 (IRC §1223(3)); same fund, same account: a broker sees it
    assert "100 of them $60.00 a share ($50.00 paid + $10.00 washed) and held from 2015-01-17" in buy.note
    assert "a broker does not see" not in buy.note
    # after the plan, Do Not Buy has nothing left of it: the plan's purchase matched all 100 loss shares
    after = with_plan_losses(do_not_buy(wash, h, AS_OF), h, plan, AS_OF)
    assert not [d for d in after if d.identity == "BND"]


def test_an_open_loss_bought_back_in_an_ira_is_lost_for_good_and_said_so():
    h = household(taxable_cash=0.0, ira_cash=30_000.0, vti_in="IRA")  # everything to trade is in the IRA
    plan = plan_rebalance(h, as_of=AS_OF)
    assert plan.status is PlanStatus.WITHIN_BANDS
    buys = bnd_buys(plan)
    assert {t.account for t in buys} == {"IRA"}
    assert sum(t.realized_lt for t in buys) == pytest.approx(1_000.0)
    assert plan.tax.total == pytest.approx(220.0, abs=0.01)
    assert any("lost for good" in t.note and "Rev. Rul. 2008-5" in t.note for t in buys)
    assert not any("(no tax)" in t.note for t in buys)


def test_a_sale_whose_basis_is_on_its_buy_row_is_priced_like_one_typed_on_the_sell_row():
    # fe13 F2: the same 100 BND, bought 2015-01-05 at $60 on a Buy row (Lot ID B1) and sold by Lot ID
    # only: basis 100 x 60 = $6,000, the same $1,000 open loss. The plan buys BND back in the taxable
    # account and carries the same $220.00 (22% of the $1,000 no longer offsetting income); it never
    # calls the sale one "without a cost basis".
    base = household()
    txs = (Transaction(LONG_AGO, "Taxable", "BND", Action.BUY, 100, 60.0, lot_id="B1"),
           Transaction(SOLD.date, "Taxable", "BND", Action.SELL, 100, 50.0, lot_id="B1"))
    h = Household(accounts=base.accounts, securities=base.securities, lots=base.lots, transactions=txs,
                  targets=base.targets, settings=base.settings)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert plan.status is PlanStatus.WITHIN_BANDS
    (buy,) = bnd_buys(plan)
    assert buy.account == "Taxable" and buy.quantity == pytest.approx(800.0)
    assert buy.realized_lt == pytest.approx(1_000.0)
    assert plan.tax.total == pytest.approx(220.0, abs=0.01)
    assert not any("without a cost basis" in n for n in plan.notes)


def test_a_sale_without_a_cost_basis_is_still_not_bought_back_and_the_plan_says_why():
    # the loss (if any) cannot be priced, so BND stays unbought and the plan says how to fix it
    h = household(basis=None)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert plan.status is PlanStatus.BEST_EFFORT
    assert not bnd_buys(plan)
    assert any("without a cost basis" in n and "2026-06-20" in n for n in plan.notes)


def test_one_first_day_to_buy_the_later_one_when_the_plan_harvests_what_was_sold_before():
    # 100 VTI sold 2026-05-20 at a $10 loss, still open (first day to buy 2026-06-20); the plan
    # harvests 700 VTI held at a $20 loss today, so its step says 2026-07-02 (As Of + 31). The
    # Trades footnote must not give the earlier date (a buy on 2026-06-20 washes today's harvest).
    h = Household(
        accounts=(Account("Taxable", "Taxable", cash=30_000.0),),
        securities=SECS + (Security("ITOT", "US Stocks", 100.0),),
        lots=(Lot("T1", "Taxable", "VTI", LONG_AGO, 700, 84_000.0),),
        transactions=(Transaction(date(2026, 5, 20), "Taxable", "VTI", Action.SELL, 100, 100.0,
                                  acquired=LONG_AGO, basis=11_000.0),),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0, realized_lt_ytd=-1_000.0))
    plan = plan_rebalance(h, as_of=AS_OF)
    sells = [t for t in plan.trades if t.symbol == "VTI" and t.action is Action.SELL]
    assert sells and all("before 2026-07-02" in t.note for t in sells)
    assert not any("2026-06-20" in n for n in plan.notes)
    assert not [t for t in plan.trades if t.symbol == "VTI" and t.action is Action.BUY]
