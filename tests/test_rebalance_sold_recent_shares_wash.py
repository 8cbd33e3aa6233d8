"""Settings Sold Recent Shares Wash (fe6 #6): planning without taxrebal's reading that recent IRA/HSA
shares sold before a loss sale no longer wash it.

IRC §1091(a) disallows the loss when the taxpayer "has acquired" substantially identical stock within
30 days before the sale; it does not say the shares must still be held. taxrebal's reading (the wash
engine's reading 4; the regulations are silent) is that shares sold before the loss sale cannot wash
it, so by default the plan sells recent IRA shares first. With Sold Recent Shares Wash = Y the plan
counts them as replacements whenever they were bought in the window: selling them first keeps
nothing, so the plan does not rely on it, and what it reports is what that reading gives.

Hand-worked household (tests/test_rebalance_wash_chain.py, finding 5 of an earlier test): lot L, 100
VTI bought 2015-01-05 at $130, price $100: a $3,000 long-term loss. Lot R: 10 VTI bought in the IRA on
2026-05-22 (10 days before As Of 2026-06-01). Default: the IRA sells R first, the whole $3,000 is
harvested. Y: 10 x $30 = $300 of L's loss is washed by R and lost for good (Rev. Rul. 2008-5); the
other $2,700 is harvested (Single, $100,000 of ordinary income: 15% long-term, $405 saved against
$45 charged for the lost $300, so the harvest is still made).
"""

from dataclasses import replace
from datetime import date

import pytest

from taxrebal.engine.plan import Action
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target
from taxrebal.engine.wash import adjust_lots

AS_OF = date(2026, 6, 1)


def household(literal: bool, as_of: date = AS_OF, bought: date = date(2026, 5, 22)) -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA", cash=1_000.0)),
        securities=(Security("VTI", "US Stocks", 100.0, replacements=("SCHB",)), Security("SCHB", "US Stocks", 50.0),
                    Security("BND", "Bonds", 50.0)),
        lots=(Lot("L", "Taxable", "VTI", date(2015, 1, 5), 100, 13_000.0),
              Lot("R", "IRA", "VTI", bought, 10, 1_000.0),
              Lot("I1", "IRA", "VTI", date(2010, 1, 4), 490, None), Lot("I2", "IRA", "BND", None, 800, None)),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)),
        settings=Settings(as_of=as_of, ordinary_income=100_000.0, min_trade=0.0,
                          sold_recent_shares_wash=literal))


def test_by_default_the_recent_ira_shares_are_sold_first_and_the_whole_loss_is_harvested():
    plan = plan_rebalance(adjust_lots(household(False)).household, as_of=AS_OF)
    (ira_sell,) = [t for t in plan.trades if t.account == "IRA" and t.action is Action.SELL]
    (sell,) = [t for t in plan.trades if t.account == "Taxable" and t.action is Action.SELL]
    assert ira_sell.step < sell.step
    assert plan.realized_lt == pytest.approx(-3_000.0)


def test_with_the_literal_reading_the_recent_ira_shares_wash_300_for_good():
    # R bought 2026-12-10, As Of 2026-12-20: its window clears 2027-01-10, next tax year, so waiting
    # cannot keep the $300 this year (engine/rebalance/window_wait.py) and the harvest is made now. (On
    # 2026-06-01 the plan waits until 2026-06-22 instead: tests/test_rebalance_wait_for_window.py.)
    as_of = date(2026, 12, 20)
    plan = plan_rebalance(adjust_lots(household(True, as_of, date(2026, 12, 10))).household, as_of=as_of)
    (sell,) = [t for t in plan.trades if t.account == "Taxable" and t.action is Action.SELL]
    ira_sells = [t for t in plan.trades if t.account == "IRA" and t.action is Action.SELL]
    # selling R first would keep nothing under this reading: no IRA sale comes before the loss sale
    assert all(t.step > sell.step for t in ira_sells)
    assert sum(s.disallowed for s in plan.lot_sales) == pytest.approx(300.0)
    assert sell.realized_lt == pytest.approx(-2_700.0) and plan.realized_lt == pytest.approx(-2_700.0)
    assert not any("shares no longer held cannot wash" in t.note for t in plan.trades)


def test_an_ira_sale_of_the_recent_shares_comes_after_the_loss_sale_it_washes():
    # US target 40%: US stocks ($60,000 of $101,000) must fall to 45%, $14,550 sold: all of L and at
    # least $4,550 of VTI in the IRA (tax-free). With Y the IRA's sale, which holds R, comes after L's
    # loss sale, so R still washes it as the plan priced it. Dated 2026-12-20 (R bought 12-10): R's
    # window clears next year, so the plan cannot wait. (On 2026-06-01 it waits until 2026-06-22 and the
    # IRA alone rebalances: the bands do not need L's sale, and sold now, with Y, R (sold after L's loss
    # sale, as the plan's steps sell them) takes $300 of it for good: window_wait.py, fe9 finding 8.)
    as_of = date(2026, 12, 20)
    h = household(True, as_of, date(2026, 12, 10))
    h = replace(h, targets=(Target("US Stocks", 0.40), Target("Bonds", 0.60)))
    plan = plan_rebalance(adjust_lots(h).household, as_of=as_of)
    (sell,) = [t for t in plan.trades if t.account == "Taxable" and t.action is Action.SELL]
    ira_sells = [t for t in plan.trades if t.account == "IRA" and t.action is Action.SELL]
    assert ira_sells and all(t.step > sell.step for t in ira_sells)
    assert sum(s.disallowed for s in plan.lot_sales) == pytest.approx(300.0)
    assert plan.realized_lt == pytest.approx(-2_700.0)


def test_by_default_the_first_sale_states_what_the_literal_reading_would_wash():
    # fe7 finding 12: the default (N) is taxrebal's reading; the IRA sale of R placed first says what is at
    # stake if the IRS reads "has acquired" literally: R's 10 shares replace 10 of L's loss shares,
    # 10 x ($130 - $100) = $300, lost for good in the IRA (Rev. Rul. 2008-5). The plan is unchanged.
    plan = plan_rebalance(adjust_lots(household(False)).household, as_of=AS_OF)
    (ira_sell,) = [t for t in plan.trades if t.account == "IRA" and t.action is Action.SELL]
    assert ("if the IRS reads IRC §1091(a) literally ('has acquired'), these shares wash $300.00 of VTI's loss in "
            "this plan anyway, lost for good (Rev. Rul. 2008-5)") in ira_sell.note
    assert plan.realized_lt == pytest.approx(-3_000.0)
    # with Y nothing is at stake on a reading the plan does not use, and no sale says so
    literal = plan_rebalance(adjust_lots(household(True)).household, as_of=AS_OF)
    assert not any("At stake on this reading" in t.note for t in literal.trades)


def test_a_recent_taxable_lot_sold_first_states_its_exposure_too():
    # fe7 chen3: a recent taxable lot the plan sells before the loss sale. Here R is 10 VTI bought in the
    # taxable account on 2026-05-22 at $105 (a $50 loss, too small to matter): read literally its 10 shares
    # wash 10 x $30 = $300 of L's loss, and R, sold first, has no basis left to take it in.
    h = household(False)
    h = replace(h, lots=tuple(replace(lot, account="Taxable", basis=1_050.0) if lot.lot_id == "R" else lot
                              for lot in h.lots))
    plan = plan_rebalance(adjust_lots(h).household, as_of=AS_OF)
    first, loss_sale = [t for t in plan.trades if t.symbol == "VTI" and t.action is Action.SELL]
    assert (first.quantity, first.realized_st, loss_sale.realized_lt) == (10, pytest.approx(-50.0),
                                                                          pytest.approx(-3_000.0))
    assert "wash $300.00 of VTI's loss in this plan anyway (the shares whose basis would take it in are sold " \
           "first)" in first.note
