"""Recent shares sold before a loss sale: each row's own figure and one conservative date (fe10 findings 3, 4, 7).

fe10's H2 (tests/fe10_h2_household.py), Sold Recent Shares Wash = N: the plan sells the 401(k)'s 4.1
FXAIX (bought 2026-11-20), the HSA's 2 VOO (2026-11-25) and the Roth's 20 VXUS (2026-11-30) before the
taxable loss sales of the same Identical Groups, on taxrebal's reading that shares no longer held
cannot wash (IRC §1091(a) says "has acquired"; the regulations are silent). By hand:

* finding 4: read literally, the recent shares wash one loss share each (Treas. Reg. §1.1091-1(b), (e)):
  IVV loses $50 a share, so the 401(k)'s 4.1 shares wash 4.1 x $50 = $205.00 and the HSA's 2 wash
  $100.00 (together $305, the figure both rows used to show); VXUS B-5 loses $5 a share: the Roth's 20
  wash $100.00, lost for good (Rev. Rul. 2008-5), and Brokerage's own 1.2 reinvested shares (B-6) $6.00,
  which would go into the basis of shares already sold (IRC §1091(d)).
* finding 3: on the conservative reading every recent purchase counts, sold first or not: IVV B-4 is
  clear of SP500's purchases on 2026-11-25 + 31 days = 2026-12-26 (not 2026-11-20 + 31 = 2026-12-21),
  a Saturday, so the first day it can be sold is Monday 2026-12-28 (calendar): the date the Harvest
  sheet and the Sold Recent Shares Wash = Y plan give too (fe12 F-b: one date on every sheet).
"""

from __future__ import annotations

from datetime import date

import pytest
from fe10_h2_household import AS_OF, h2

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.tax import TaxProfile
from taxrebal.workbook.results.orders import build_tickets


@pytest.fixture(scope="module")
def plan_n():
    h = h2()
    return h, plan_rebalance(h, as_of=AS_OF)


def _row(plan, account: str, symbol: str):
    (t,) = [t for t in plan.trades if (t.account, t.symbol) == (account, symbol) and t.action.value == "Sell"
            and "At stake" in t.note]
    return t


def test_each_recent_shares_row_says_what_its_own_shares_wash(plan_n):
    _h, plan = plan_n
    k401 = _row(plan, "Alex 401k", "FXAIX").note
    hsa = _row(plan, "Sam HSA", "VOO").note
    roth = _row(plan, "Sam Roth", "VXUS").note
    b6 = _row(plan, "Brokerage", "VXUS").note
    assert "these shares wash $205.00 of SP500's loss in this plan anyway, lost for good" in k401
    assert "these shares wash $100.00 of SP500's loss in this plan anyway, lost for good" in hsa
    assert "$305.00" not in k401 + hsa
    assert "these shares wash $100.00 of VXUSG's loss in this plan anyway, lost for good" in roth
    assert "these shares wash $6.00 of VXUSG's loss in this plan anyway (the shares whose basis would take " \
           "it in are sold first)" in b6
    assert "$106.00" not in roth + b6


def test_the_orders_across_accounts_figures_are_the_same(plan_n):
    h, plan = plan_n
    tickets = build_tickets(plan, h, AS_OF)
    at_risk = {(w.first_account, w.then_step): w.at_risk for t in tickets for w in t.goes_before}
    step = {t.symbol: t.step for t in plan.trades if t.account == "Brokerage" and t.quantity in (30, 120)}
    assert at_risk[("Alex 401k", step["IVV"])] == pytest.approx(205.00)
    assert at_risk[("Sam HSA", step["IVV"])] == pytest.approx(100.00)
    assert at_risk[("Sam Roth", step["VXUS"])] == pytest.approx(100.00)


def test_the_conservative_date_counts_every_recent_purchase_of_the_group(plan_n):
    h, plan = plan_n
    (ticket,) = [t for t in build_tickets(plan, h, AS_OF) if (t.account, t.symbol) == ("Alex 401k", "FXAIX")]
    assert ("conservative: with every purchase of the last 30 days still counted (Alex 401k 2026-11-20, "
            "Sam HSA 2026-11-25), the first day you may sell the taxable loss lot is 2026-12-28") in ticket.note
    assert "2026-12-21" not in ticket.note
    # the Harvest sheet's date for IVV B-4, and the date the conservative plan waits for
    scan = harvest_candidates(h, AS_OF, TaxProfile.from_settings(h.settings))
    (b4,) = [c for c in scan.candidates if c.lot_id == "B-4"]
    assert "first day you may sell to harvest all of it: 2026-12-28" in b4.note
    y = h2(sold_recent_shares_wash=True)
    waits = {w.lot_id: w for w in plan_rebalance(y, as_of=AS_OF).waits}
    # ... the same day: 2026-12-26 is a Saturday, so Monday 2026-12-28 (fe11 finding 21)
    assert waits["B-4"].sell_on == date(2026, 12, 28)
    assert waits["B-5"].sell_on == date(2026, 12, 31)  # VXUSG: Sam Roth 2026-11-30 + 31 days


def test_the_conservative_plans_waits_are_priced_in_date_order():
    # fe10 finding 7 (h2y): this year's net long-term gain is $140 (ITOT +300, AGG -160 netted: the ST
    # loss offsets LT gain), taxed 15% + 4.5% = 19.5%; a short-term loss beyond it saves 22% + 4.5% =
    # 26.5%. IVV B-4 (-$1,500, 2026-12-26) first: 140 x 19.5% + 1,360 x 26.5% = $387.70; sold today with
    # $305 washed (-$1,195): 27.30 + 1,055 x 26.5% = $306.875, so $80.825 more (the $80.83 of its note).
    # Then VXUS B-5 (-$600, 2026-12-31): 600 x 26.5% = $159.00.
    y = h2(sold_recent_shares_wash=True)
    waits = {w.lot_id: w for w in plan_rebalance(y, as_of=AS_OF).waits}
    assert waits["B-4"].est_tax == pytest.approx(-387.70, abs=0.005)
    assert waits["B-4"].better_than_now == pytest.approx(80.825, abs=0.006)
    assert waits["B-5"].est_tax == pytest.approx(-159.00, abs=0.005)
