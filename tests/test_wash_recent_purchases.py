"""Purchases that can still wash a loss sold now: one reading for the harvest scan, the pre-trade
check and the rebalancer (IRC §1091(a): 30 days *before* the sale count; Treas. Reg. §1.1091-1(e):
a share that already washed one loss washes no other; Rev. Rul. 2008-5: an IRA purchase washes too).

Household: VTI bought long ago in the brokerage for $130/share, now $100 (a $3,000 loss). The IRA
holds VTI in an undated lot (IRA lots need no date); the Transactions sheet shows the IRA bought 10
VTI on 2026-05-22. On 2026-06-01 a sale of the brokerage lot would be washed by those 10 shares:
10 x $30 = $300 of loss lost for good, and the window closes 30 days after the purchase, so the lot
is clear from 2026-06-22.
"""

from datetime import date

import pytest
from loss_households import loss_household

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.pretrade import WarningKind, check_trades
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Action,
    FilingStatus,
    Household,
    Lot,
    ProposedTrade,
    Settings,
    Transaction,
)
from taxrebal.engine.tax import TaxProfile
from taxrebal.engine.wash import adjust_lots
from taxrebal.engine.wash_queries import recent_purchases

AS_OF = date(2026, 6, 1)


def household(buy_lot_id="", buy_date=date(2026, 5, 22), ira_lot_acquired=None, extra_tx=()):
    settings = Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000)
    return loss_household(  # tests/loss_households.py, the account named Brokerage, the IRA without cash
        taxable="Brokerage", loss_acquired=date(2020, 1, 2), ira_cash=0.0,
        ira_vti=Lot("I1", "IRA", "VTI", ira_lot_acquired, 500, None),
        transactions=(Transaction(buy_date, "IRA", "VTI", Action.BUY, 10, 100.0, lot_id=buy_lot_id),) + tuple(extra_tx),
        settings=settings)


def scan(h):
    wash = adjust_lots(h)
    return {c.lot_id: c for c in harvest_candidates(wash.household, AS_OF, TaxProfile.from_settings(h.settings),
                                                    wash=wash).candidates}


@pytest.mark.parametrize("lot_id", ["", "I1"])
def test_an_ira_buy_known_only_from_transactions_blocks_the_harvest(lot_id):
    c = scan(household(buy_lot_id=lot_id))["L"]
    assert c.wash_status.startswith("Partial: 10 of 100 shares")
    assert c.harvestable_loss == pytest.approx(3_000 - 10 * 30)


def test_the_pre_trade_check_flags_the_loss_sale_as_lost_for_good():
    h = household()
    (w,) = check_trades(h, [ProposedTrade(AS_OF, "Brokerage", "VTI", Action.SELL, 100)], AS_OF)
    assert w.kind is WarningKind.SALE_WASHED_BY_RECENT_BUY
    assert w.amount_at_stake == pytest.approx(300.0) and w.permanent
    assert w.clear_from == date(2026, 6, 22)


def test_thirty_one_days_after_the_buy_the_lot_is_clear():
    assert scan(household(buy_date=date(2026, 5, 1)))["L"].wash_status == "Clear"


def test_a_buy_whose_shares_are_no_longer_held_does_not_wash():
    # The 10 IRA shares bought on 05-22 were sold on 05-25 (lot B sold in full): nothing left to wash.
    h = household(buy_lot_id="B", extra_tx=(Transaction(date(2026, 5, 25), "IRA", "VTI", Action.SELL, 10, 100.0,
                                                        lot_id="B"),))
    assert scan(h)["L"].wash_status == "Clear"


def test_a_dated_lot_and_its_buy_row_are_one_purchase_not_two():
    h = household(ira_lot_acquired=date(2026, 5, 22))
    wash = adjust_lots(h)
    (p,) = recent_purchases(wash.household, wash, date(2026, 5, 2), AS_OF)["VTI"]
    assert p.shares == 500 and p.lot_id == "I1"


def test_shares_already_used_to_wash_an_earlier_loss_wash_nothing_more():
    # Brokerage lot S (10 VTI at $130) sold at $100 on 05-25: the 10 IRA shares bought 05-22 wash that
    # $300 loss (for good). They are used up (Reg. §1.1091-1(e)), so lot L is clear on 06-01.
    h = household(extra_tx=(Transaction(date(2026, 5, 25), "Brokerage", "VTI", Action.SELL, 10, 100.0,
                                        acquired=date(2020, 1, 2), basis=1_300.0),))
    wash = adjust_lots(h)
    assert wash.permanent_disallowed == pytest.approx(300.0)
    assert scan(h)["L"].wash_status == "Clear"


def test_the_rebalancer_agrees_with_the_harvest_scan():
    # The 10 IRA shares the harvest scan counts are the ones the rebalancer sells first (no tax in
    # the IRA), so lot L's whole loss is harvested and nothing washes.
    plan = plan_rebalance(adjust_lots(household()).household, as_of=AS_OF)
    (ira,) = [t for t in plan.trades if t.account == "IRA" and t.action is Action.SELL]
    assert ira.quantity == pytest.approx(10) and "2026-05-22" in ira.note
    (sale,) = plan.lot_sales
    assert sale.lot_id == "L" and sale.gain == pytest.approx(-3_000.0) and ira.step < sale.step


def test_a_buy_row_the_lots_sheet_does_not_show_washes_as_the_wash_engine_says():
    # The IRA bought 10 VTI on 2026-05-22 (a Transactions row, as `taxrebal import` adds it) but the
    # Lots sheet shows no VTI in the IRA, and no Sell row says the shares were sold. The wash engine
    # (reading 1: a Buy row is an acquisition; reading 4: only a recorded earlier sale takes it away)
    # matches them with a loss sale of lot L on 2026-06-01: 10 x $30 = $300 disallowed, lost for good
    # (Rev. Rul. 2008-5). The harvest scan, priced from recent_purchases, must say the same thing.
    h = household()
    h = Household(h.accounts, h.securities, tuple(lot for lot in h.lots if lot.lot_id != "I1"), h.transactions,
                  h.targets, h.settings)
    sold = adjust_lots(Household(h.accounts, h.securities, h.lots, h.transactions + (
        Transaction(AS_OF, "Brokerage", "VTI", Action.SELL, 100, 100.0, lot_id="L"),), h.targets, h.settings))
    (sale,) = [s for s in sold.sales if s.lot_id == "L"]
    assert sale.permanent_disallowed == pytest.approx(300.0)  # the wash engine's answer
    c = scan(h)["L"]
    assert c.wash_status.startswith("Partial: 10 of 100 shares")
    assert c.loss - c.harvestable_loss == pytest.approx(sale.permanent_disallowed)
