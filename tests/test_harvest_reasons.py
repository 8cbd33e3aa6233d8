"""A sell's reason "Harvest" is true for its row: one of its lots is a loss the Harvest sheet lists.

Rule (engine/reasons.py, the Harvest sheet's test in engine/harvest.py): a lot is worth harvesting
when its whole loss is at least Harvest Min Loss dollars and Harvest Min Loss % of its adjusted
basis. Worked by hand with thresholds $250 and 2%: 100 shares at $330 with basis $33,500 lose $500
= 1.49% (below 2%: not a harvest); 60 shares at $330 with basis $20,310 lose $510 = 2.51% (a harvest).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.ledger import ledger_settings
from taxrebal.engine.plan import LotSale, Plan, PlanStatus, Reason, Trade
from taxrebal.engine.reasons import explain_buys
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target
from taxrebal.engine.tax import TaxProfile
from taxrebal.engine.wash import adjust_lots
from taxrebal.workbook.template import sample_household

AS_OF = date(2026, 11, 20)
SETTINGS = Settings(as_of=AS_OF, harvest_min_loss=250.0, harvest_min_loss_pct=0.02)


def household(*lots: Lot) -> Household:
    return Household(accounts=(Account("Brokerage", "Taxable"),), securities=(Security("VTI", "US", 330.0),),
                     lots=lots, targets=(Target("US", 1.0),), settings=SETTINGS)


def sell(*sales: LotSale) -> Plan:
    loss = sum(s.gain for s in sales)
    trade = Trade(1, "Brokerage", "VTI", Action.SELL, sum(s.quantity for s in sales), 330.0,
                  sum(s.proceeds for s in sales), realized_st=loss, reason=Reason.HARVEST, note="Sells.",
                  asset_class="US")
    return Plan(trades=(trade,), lot_sales=sales, realized_st=loss, realized_lt=0.0, tax=0.0, before={"US": 1.0},
                after={"US": 1.0}, max_drift_before=0.0, max_drift_after=0.0, cash_left=(), notes=(),
                status=PlanStatus.WITHIN_BANDS)


B03 = Lot("B-03", "Brokerage", "VTI", date(2025, 12, 10), 100, 33_500.0)
B04 = Lot("B-04", "Brokerage", "VTI", date(2026, 1, 5), 60, 20_310.0)


def sale(lot: Lot, quantity: float) -> LotSale:
    basis = lot.basis * quantity / lot.quantity
    return LotSale(1, lot.account, lot.symbol, lot.lot_id, lot.acquired, quantity, quantity * 330.0, basis,
                   quantity * 330.0 - basis, False, "")


def test_a_loss_below_the_harvest_percentage_is_a_taxable_sale_that_names_the_thresholds():
    (t,) = explain_buys(sell(sale(B03, 100)), household(B03)).trades
    assert t.reason is Reason.TAXABLE_SALE
    assert "not as a harvest" in t.note and "lot B-03 ($500.00 loss, 1.49% of its basis)" in t.note
    assert "$250.00 and 2.00%" in t.note


def test_a_sale_with_one_harvestable_lot_stays_harvest_and_names_the_small_loss():
    (t,) = explain_buys(sell(sale(B03, 100), sale(B04, 60)), household(B03, B04)).trades
    assert t.reason is Reason.HARVEST
    assert "Not a harvest: lot B-03" in t.note and "B-04" not in t.note


def test_the_dollar_threshold_is_on_the_whole_lot_as_on_the_harvest_sheet():
    # 10 of B-04's 60 shares lose $85, but the lot loses $510 >= $250: the lot is a harvest candidate.
    (t,) = explain_buys(sell(sale(B04, 10)), household(B04)).trades
    assert t.reason is Reason.HARVEST and "Not a harvest" not in t.note
    small = replace(SETTINGS, harvest_min_loss=600.0)
    (t,) = explain_buys(sell(sale(B04, 10)), replace(household(B04), settings=small)).trades
    assert t.reason is Reason.TAXABLE_SALE and "lot B-04 ($510.00 loss, 2.51% of its basis)" in t.note


def test_every_harvest_in_the_sample_plan_sells_a_lot_the_harvest_sheet_lists():
    h = sample_household()
    wash = adjust_lots(h)
    h = replace(wash.household, settings=ledger_settings(wash.household.settings, wash, h.as_of))
    plan = plan_rebalance(h, as_of=h.as_of)
    listed = {c.lot_id for c in harvest_candidates(h, h.as_of, TaxProfile.from_settings(h.settings),
                                                        wash=wash).candidates}
    harvests = [t for t in plan.trades if t.reason is Reason.HARVEST]
    assert harvests
    for t in plan.trades:
        if t.action is not Action.SELL or t.reason not in (Reason.HARVEST, Reason.TAXABLE_SALE):
            continue
        lots = [s for s in plan.lot_sales if s.step == t.step]
        if t.reason is Reason.HARVEST:
            assert any(s.lot_id in listed for s in lots), t
        if t.reason is Reason.TAXABLE_SALE and sum(s.gain for s in lots) >= 0:
            continue  # a sale at a net gain claims no harvest
        for s in lots:  # a loss lot not on Harvest is named on a row at a net loss
            if s.gain < -0.005 and s.lot_id not in listed:
                assert f"{s.lot_id} (" in t.note, (s.lot_id, t.note)
