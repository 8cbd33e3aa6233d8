"""Neutralising sells come before every loss sale they protect, a recent taxable lot sold at a loss
included (issue 9 item 4; fe8 finding 2).

Rule (IRC §1091(a); Treas. Reg. §1.1091-1(c); taxrebal's reading 4, Sold Recent Shares Wash = N):
shares bought within 30 days before a loss sale wash it only if still held then. A recent taxable lot
sold at a loss is itself a loss sale: the plan's other recent shares of its identity (here an IRA's)
must be sold before it, not only before the old loss lots, or they wash its loss (for good: the
replacement is in an IRA, Rev. Rul. 2008-5).

Hand-worked household (2026-06-01, single, $100,000 ordinary income, no state tax): Taxable holds
T-04, 400 VXUS bought 2022-01-05 at $75 (a $2,000 long-term loss at $70), and T-05, 30 VXUS bought
2026-05-20 at $71 (a $30 short-term loss); the IRA holds A-03, 100 VXUS bought 2026-05-15. Targets
sell every VXUS. Taxable income 100,000 - 16,100 = 83,900 is in the 22% bracket (50,400-105,700), and
stays there after the loss.

* Right order: IRA (A-03) first, then T-05 (no VXUS held: -$30 allowed), then T-04 (-$2,000):
  -2,030 x 22% = -$446.60.
* The order before (Taxable first on Accounts, so T-05 at step 1): A-03 still held and bought 17 days
  before the sale replaces T-05's 30 shares: $30 lost for good, -2,000 x 22% = -$440.00, $6.60 more.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target
from taxrebal.workbook.results.order_sequence import cross_account_waits
from taxrebal.workbook.results.orders import build_tickets

AS_OF = date(2026, 6, 1)


def household() -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VXUS", "Intl Stocks", 70.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("T-04", "Taxable", "VXUS", date(2022, 1, 5), 400, 30_000.0),
              Lot("T-05", "Taxable", "VXUS", date(2026, 5, 20), 30, 2_130.0),
              Lot("A-03", "IRA", "VXUS", date(2026, 5, 15), 100, 7_100.0),
              Lot("I-1", "IRA", "BND", None, 100, None)),
        targets=(Target("Intl Stocks", 0.0, band=0.0), Target("Bonds", 1.0, band=0.0)),  # sell all VXUS
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0))


def test_the_ira_sale_comes_before_the_recent_taxable_loss_sale_and_every_loss_is_allowed():
    plan = plan_rebalance(household(), as_of=AS_OF)
    sells = {t.account if t.account == "IRA" else next(s.lot_id for s in plan.lot_sales if s.step == t.step): t.step
             for t in plan.trades if t.action is Action.SELL}
    assert sells["IRA"] < sells["T-05"] < sells["T-04"]
    sales = {s.lot_id: s for s in plan.lot_sales}
    assert sales["T-05"].disallowed == 0.0 and sales["T-05"].reported_gain == pytest.approx(-30.0)
    assert sales["T-04"].disallowed == 0.0 and sales["T-04"].reported_gain == pytest.approx(-2_000.0)
    assert "step 1" in sales["T-05"].wash_status  # names the IRA shares sold before it
    t05 = next(t for t in plan.trades if t.step == sales["T-05"].step)
    assert "It is a loss sale too, so it comes after the sale of IRA's shares bought 2026-05-15 (step 1)" in t05.note
    assert plan.realized_st == pytest.approx(-30.0) and plan.realized_lt == pytest.approx(-2_000.0)
    assert plan.tax_total == pytest.approx(-446.60, abs=0.005)  # -2,030 x 22%, not -2,000 x 22%
    assert sum(t.est_tax for t in plan.trades) == pytest.approx(plan.tax_total, abs=0.005)  # one computation


def test_orders_places_the_ira_ticket_first_and_the_recent_loss_sale_waits_for_it():
    h = household()
    plan = plan_rebalance(h, as_of=AS_OF)
    tickets = build_tickets(plan, h, AS_OF)
    sells = [t for t in tickets if t.action is Action.SELL]
    assert [t.account for t in sells][0] == "IRA"  # the IRA block is listed first
    step_of_t05 = next(s.step for s in plan.lot_sales if s.lot_id == "T-05")
    waits = {(w.first_account, w.then_step): w for w in cross_account_waits(tickets, plan, h, AS_OF)}
    # placed the other way, A-03's 100 shares wash T-05's 30 loss shares at $1.00: $30.00
    assert waits[("IRA", step_of_t05)].at_risk == pytest.approx(30.0)
