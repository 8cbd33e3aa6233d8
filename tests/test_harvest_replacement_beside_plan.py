"""Harvest's Replacement agrees with the plan (fe8 finding 5).

By hand, As Of 2026-12-04 (wash window 30 days): IVV lot T-11 (40 sh, basis $27,600, price $615) loses
$3,000 and lists VTI as its replacement. VTI lot T-02 (50 sh, basis $15,500, price $300) loses $500. The
plan sells T-11 (step 1) and T-02 (step 2) and buys 100 SCHB (step 3, same class). Harvest must not tell
the client to buy VTI for T-11: that would wash the plan's own $500 VTI loss of 2026-12-04 (IRC §1091(a));
the plan's own buy, SCHB, is shown. Where the plan does not sell T-11, the listed VTI is flagged with the
first day to buy: 2026-12-04 + 31 days = 2027-01-04 (Do Not Buy's date).
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.plan import LotSale, Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target
from taxrebal.engine.tax import TaxProfile
from taxrebal.workbook.results.harvest import candidates_table

AS_OF = date(2026, 12, 4)
T11 = Lot("T-11", "Joint", "IVV", date(2026, 2, 10), 40, 27_600.0)
T02 = Lot("T-02", "Joint", "VTI", date(2025, 12, 10), 50, 15_500.0)
HOUSEHOLD = Household(
    accounts=(Account("Joint", "Taxable"),),
    securities=(Security("IVV", "US", 615.0, identical_group="SP500", replacements=("VTI",)),
                Security("VTI", "US", 300.0, identical_group="US Total", replacements=("SCHB",)),
                Security("SCHB", "US", 25.0, identical_group="US Broad")),
    lots=(T11, T02), targets=(Target("US", 1.0),),
    settings=Settings(as_of=AS_OF, harvest_min_loss=200.0, harvest_min_loss_pct=0.0))


def lot_sale(step: int, lot: Lot, price: float) -> LotSale:
    proceeds = lot.quantity * price
    return LotSale(step, lot.account, lot.symbol, lot.lot_id, lot.acquired, lot.quantity, proceeds, lot.basis,
                   proceeds - lot.basis, False, "Clear")


def plan(*sales: LotSale, buy: bool = True) -> Plan:
    trades = [Trade(s.step, s.account, s.symbol, Action.SELL, s.quantity, s.proceeds / s.quantity, s.proceeds,
                    realized_st=s.gain, reason=Reason.HARVEST, asset_class="US") for s in sales]
    if buy:
        trades.append(Trade(3, "Joint", "SCHB", Action.BUY, 100, 25.0, 2_500.0, reason=Reason.CASH,
                            asset_class="US"))
    return Plan(trades=tuple(trades), lot_sales=sales, realized_st=sum(s.gain for s in sales), realized_lt=0.0,
                tax=0.0, before={"US": 1.0}, after={"US": 1.0}, max_drift_before=0.0, max_drift_after=0.0,
                cash_left=(), notes=(), status=PlanStatus.WITHIN_BANDS)


def replacement_of(lot_id: str, the_plan: Plan) -> str:
    scan = harvest_candidates(HOUSEHOLD, AS_OF, TaxProfile.from_settings(HOUSEHOLD.settings))
    table = candidates_table(scan, the_plan, HOUSEHOLD, AS_OF)
    column = [c.header for c in table.columns].index("Replacement")
    (row,) = [r for r in table.rows if r[2] == lot_id]
    return row[column]


def test_harvest_only_the_listed_replacement_is_shown():
    scan = harvest_candidates(HOUSEHOLD, AS_OF, TaxProfile.from_settings(HOUSEHOLD.settings))
    assert {c.lot_id: c.replacement for c in scan.candidates} == {"T-11": "VTI", "T-02": "SCHB"}


def test_a_lot_the_plan_sells_shows_the_plans_own_buy_not_the_fund_it_sells_at_a_loss():
    both = plan(lot_sale(1, T11, 615.0), lot_sale(2, T02, 300.0))
    assert both.lot_sales[1].gain == -500.0 and both.lot_sales[0].gain == -3_000.0  # 15,000 - 15,500; 24,600 - 27,600
    assert replacement_of("T-11", both) == "SCHB (the plan's buy, Trades step 3)"


def test_a_listed_replacement_the_plan_sells_at_a_loss_is_flagged_with_its_first_day_to_buy():
    only_vti = plan(lot_sale(2, T02, 300.0), buy=False)
    assert replacement_of("T-11", only_vti) == (
        "VTI: buying it would wash the plan's loss sale of VTI (Trades step 2) on 2026-12-04; first day you may buy "
        "2027-01-04")


def test_without_a_conflict_the_listed_replacement_stays():
    only_ivv = plan(lot_sale(1, T11, 615.0), buy=False)
    assert replacement_of("T-11", only_ivv) == "VTI"
