"""The Tax Budget caps the tax the plan reports, washed losses included (IRC §1091(a); Rev. Rul.
2008-5), and "Tax to reach every band" is what the within-bands plan reports.

Household (Flat tax: long-term 20%; $10,000 of long-term gain realized already, so the plan's net
long-term gain is taxed at 20% dollar for dollar, up or down):

* Taxable: 600 STK at $100 (basis $50/share, long-term: $50 gain a share), 200 BND at $50 (basis
  $60/share: a $10 loss a share, $2,000 in all);
* IRA: lot I-BND-2, 1 BND on the Lots sheet, whose Buy row on Transactions bought 50 BND on
  2026-12-07 (8 days before the plan; its 30 days end in 2027, so waiting cannot keep the washed loss
  this year: engine/rebalance/window_wait.py).

Targets 50/50: stocks are 85.6% of $70,050, far past their 5-point band, and only taxable sales can
fix that, so a small budget binds. Harvesting BND meets the IRA's purchase: the wash engine
disallows the loss of the shares matched with it (lost for good in an IRA, Rev. Rul. 2008-5): the
plan sells the IRA's 1 share first and the engine counts the other 49 of the 50 bought, D = 49 x $10
= $490. The allowed loss is $2,000 - $490 = $1,510 and the tax is 20% x (STK gain sold - $1,510).
Budget $0: $1,510 of gain, 30.2 STK shares, tax $0.00 (it used to be 20% x $490 = $98 over);
budget $100: $500 more, $2,010 of gain, 40.2 shares, tax $100.00.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, TaxMode, Transaction
from taxrebal.engine.wash import adjust_lots

AS_OF = date(2026, 12, 15)
LT_RATE = 0.20


def household(tax_budget):
    h = Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("STK", "US Stocks", 100.0),
                    Security("BND", "Bonds", 50.0, replacements=("AGG",)),
                    Security("AGG", "Bonds", 50.0)),
        lots=(Lot("T-STK", "Taxable", "STK", date(2015, 3, 2), 600, 30_000.0),
              Lot("T-BND", "Taxable", "BND", date(2020, 8, 3), 200, 12_000.0),
              Lot("I-BND-2", "IRA", "BND", date(2026, 12, 7), 1, 50.0)),
        targets=(Target("US Stocks", 0.50, 0.05), Target("Bonds", 0.50, 0.05)),
        transactions=(Transaction(date(2026, 12, 7), "IRA", "BND", Action.BUY, 50, 50.0, lot_id="I-BND-2"),),
        settings=Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.30, flat_lt_rate=LT_RATE,
                          realized_st_ytd=0.0, realized_lt_ytd=10_000.0, min_trade=0.0,
                          tax_budget=tax_budget),
    )
    return adjust_lots(h).household


def by_hand(plan):
    """20% of (gain sold - loss allowed), from the lots Lot Sales lists (proceeds - basis + disallowed)."""
    gain_sold = sum(s.gain for s in plan.lot_sales if s.gain > 0)
    loss = -sum(s.gain for s in plan.lot_sales if s.gain < 0)
    disallowed = sum(s.disallowed for s in plan.lot_sales)
    return LT_RATE * (gain_sold - (loss - disallowed)), disallowed


@pytest.mark.parametrize("budget, stk_shares", [(0.0, 30.2), (100.0, 40.2)])
def test_budget_caps_the_reported_tax_with_the_washed_loss_not_deducted(budget, stk_shares):
    plan = plan_rebalance(household(budget), as_of=AS_OF)
    expected, disallowed = by_hand(plan)
    assert disallowed == pytest.approx(490.0)  # 49 shares x $10, lost for good
    (stk,) = [t for t in plan.trades if t.symbol == "STK"]
    assert stk.quantity == pytest.approx(stk_shares, abs=0.01)
    assert plan.tax.total == pytest.approx(expected, abs=0.01)
    assert plan.tax.total <= budget + 0.005  # never over the budget
    assert plan.tax.total == pytest.approx(budget, abs=1.0)  # and it binds
    assert sum(t.est_tax for t in plan.trades) == pytest.approx(plan.tax.total, abs=0.01)


def test_tax_to_reach_every_band_is_what_the_within_bands_plan_costs():
    capped = plan_rebalance(household(0.0), as_of=AS_OF)
    free = plan_rebalance(household(None), as_of=AS_OF)
    expected, disallowed = by_hand(free)
    assert disallowed == pytest.approx(490.0)
    assert free.tax.total == pytest.approx(expected, abs=0.01)
    assert capped.cost_to_remove_drift == pytest.approx(free.tax.total, abs=0.01)


def test_a_plan_that_washes_a_loss_says_so_on_trades_and_issues():
    # the $490 of finding 4's kind: Lot Sales had it, Trades' note and Issues did not
    from taxrebal.pipeline.rebalance import washed_loss_issues

    plan = plan_rebalance(household(0.0), as_of=AS_OF)
    (sell,) = [t for t in plan.trades if t.symbol == "BND" and t.account == "Taxable"]
    assert "$490.00 of this loss is disallowed" in sell.note and "lost for good" in sell.note
    assert sell.realized_lt == pytest.approx(-1510.0, abs=0.01)  # $2,000 - $490, as the note says
    (issue,) = washed_loss_issues(plan)
    assert f"step {sell.step} sells BND" in issue.message and "$490.00" in issue.message
    assert not [t for t in plan.trades if t.symbol == "STK" and "disallowed" in t.note]


def test_loss_allowed_note_names_the_recent_shares_the_plan_sells_first():
    # finding 3: Lot Sales said "Loss allowed if no BND is bought ... from 2026-11-15" although BND was
    # bought on 2026-12-07; the plan sells those 50 IRA shares first (taxrebal's reading of §1091)
    from dataclasses import replace

    h = household(None)
    h = replace(h, lots=tuple(replace(lot, quantity=50, basis=2500.0) if lot.lot_id == "I-BND-2" else lot
                              for lot in h.lots))
    plan = plan_rebalance(h, as_of=AS_OF)
    (bnd,) = [s for s in plan.lot_sales if s.symbol == "BND"]
    (first,) = [t for t in plan.trades if t.account == "IRA" and t.symbol == "BND"]
    assert bnd.disallowed == 0.0 and first.step < bnd.step
    assert "Loss allowed if no BND is bought" in bnd.wash_status
    assert f"IRA's shares bought 2026-12-07 (step {first.step})" in bnd.wash_status
    assert "taxrebal's reading of IRC §1091" in bnd.wash_status
