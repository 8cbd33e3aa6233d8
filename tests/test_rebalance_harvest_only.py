"""A harvest-only plan reinvests what it harvests (engine/rebalance/harvest_only.py; taxrebal's reading):
when every class is within its band, no class ends with less value than it has, so a loss whose account
can buy no other fund of its class is left, with a note naming what to add, while harvest proceeds may
still move an overweight class toward target; the Frontier shows the plan. Hand-worked households
(new-user test fe6, hh4); 2026, single, $60,000 of ordinary income.
"""

from dataclasses import replace
from datetime import date

import pytest

from taxrebal.engine.allocation import allocation
from taxrebal.engine.frontier import tax_drift_frontier
from taxrebal.engine.plan import Action, PlanStatus
from taxrebal.engine.rebalance import HouseholdModels, plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target
from taxrebal.workbook.results.trades import frontier_table

AS_OF = date(2026, 12, 4)
LONG_AGO = date(2020, 1, 2)


def household(bond_replacement: bool, whole_shares: bool = False, realized_lt: float = 0.0) -> Household:
    # $89,500 in one taxable account, targets 60/40 with 5-point bands: US Stocks $53,500 (59.78%,
    # -0.22 points), Bonds $36,000 (40.22%, +0.22). VTI lot V: 100 shares at $535, basis $600 (a $6,500
    # loss, replacement ITOT). BND lot B: 500 shares at $72, basis $80 (a $4,000 loss); AGG, another
    # bond fund, is on Securities only when ``bond_replacement``.
    secs = [Security("VTI", "US Stocks", 535.0, replacements=("ITOT",)),
            Security("ITOT", "US Stocks", 107.0, replacements=("VTI",)),
            Security("BND", "Bonds", 72.0, replacements=("AGG",) if bond_replacement else ())]
    if bond_replacement:
        secs.append(Security("AGG", "Bonds", 96.0, replacements=("BND",)))
    return Household(
        accounts=(Account("Brok", "Taxable"),),
        securities=tuple(secs),
        lots=(Lot("V", "Brok", "VTI", LONG_AGO, 100, 60_000.0), Lot("B", "Brok", "BND", LONG_AGO, 500, 40_000.0)),
        targets=(Target("US Stocks", 0.60, band=0.05), Target("Bonds", 0.40, band=0.05)),
        settings=Settings(as_of=AS_OF, ordinary_income=60_000.0, realized_ytd_reconciled=True,
                          realized_st_ytd=0.0, realized_lt_ytd=realized_lt, harvest_min_loss=100.0,
                          harvest_min_loss_pct=0.05, min_trade=50.0, whole_shares=whole_shares))


def largest_drift(h: Household, values=None) -> float:
    return max(abs(r.drift) for r in allocation(h, values) if r.banded)


def test_a_loss_with_no_fund_to_reinvest_in_is_left_and_the_plan_says_why():
    h = household(bond_replacement=False)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert plan.status is PlanStatus.NOT_NEEDED
    sold = {t.symbol for t in plan.trades if t.action is Action.SELL}
    bought = {t.symbol: t.amount for t in plan.trades if t.action is Action.BUY}
    # VTI's loss is harvested into ITOT (the class keeps its weight); BND's is not: selling it would
    # leave cash and move Bonds from +0.22 to as far as its band edge, -5 points (the old plan did)
    assert sold == {"VTI"}
    assert set(bought) == {"ITOT"}
    assert largest_drift(h, plan.after) <= largest_drift(h) + 1e-5
    assert sum(cash for _a, cash in plan.cash_left) < 1.0
    note = next(n for n in plan.notes if n.startswith("Brok BND:"))
    assert "$4,000.00 loss of lot B is not harvested" in note
    assert "BND has no Replacement on Securities" in note


def test_with_a_replacement_listed_the_same_loss_is_harvested_and_reinvested():
    h = household(bond_replacement=True)
    plan = plan_rebalance(h, as_of=AS_OF)
    sold = {t.symbol for t in plan.trades if t.action is Action.SELL}
    bought = {t.symbol for t in plan.trades if t.action is Action.BUY}
    assert sold == {"VTI", "BND"} and bought == {"ITOT", "AGG"}
    assert plan.tax.total < 0
    assert largest_drift(h, plan.after) <= largest_drift(h) + 1e-5
    assert not any(n.startswith("Brok BND:") for n in plan.notes)


def test_whole_shares_may_leave_less_than_one_share_of_the_replacement():
    h = household(bond_replacement=True, whole_shares=True)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert {t.symbol for t in plan.trades if t.action is Action.BUY} == {"ITOT", "AGG"}
    assert all(float(t.quantity).is_integer() for t in plan.trades)
    # at most one share of the priciest fund the plan buys (AGG, $96) of drift beyond today's
    assert largest_drift(h, plan.after) <= largest_drift(h) + 96.0 / 89_500 + 1e-6


def test_the_frontier_shows_the_harvest_only_plan_when_no_least_tax_row_is_it():
    # $20,000 of long-term gain this year: every dollar of loss saves tax (no $3,000 limit in reach). The
    # row at today's 0.22 points may also sell up to $400 of BND at a loss (Bonds +0.22 -> -0.22: a
    # row sells to rebalance); the plan may not (under Harvest Min Loss, and it would leave cash), so
    # it saves less tax than that row and is shown apart
    h = household(bond_replacement=False, realized_lt=20_000.0)
    models = HouseholdModels(h, AS_OF)
    plan = plan_rebalance(h, as_of=AS_OF, models=models)
    assert {t.symbol for t in plan.trades if t.action is Action.SELL} == {"VTI"}
    points = tax_drift_frontier(h, as_of=AS_OF, models=models, plan=plan)
    shown = [p for p in points if p.is_plan]
    rows = [p for p in points if not p.is_plan]
    assert not any("The plan on Trades." in p.note for p in rows)
    assert len(shown) == 1
    p = shown[0]
    assert p.tax == pytest.approx(plan.tax_total, abs=0.005)
    assert p.turnover == pytest.approx(sum(round(t.amount, 2) for t in plan.trades), abs=0.005)
    assert p.note.startswith("The plan on Trades:")
    tables = frontier_table(points)
    assert [t.title for t in tables] == ["Least tax for each largest drift", "The plan on Trades"]
    current = next(q for q in rows if q.is_current)
    assert tables[1].rows[0][2] == pytest.approx(round(plan.tax_total - current.tax, 2), abs=0.005)


def test_harvest_proceeds_may_move_an_overweight_class_toward_target():
    # Targets 57/43 (US +2.12 points over, within its band): VTI's $6,500 loss is harvested and, of
    # its $53,500 proceeds, up to twice the $1,915 US is over target may buy bonds (US no further
    # under target than it is over now); the rest buys ITOT.
    h = household(bond_replacement=False)
    h = replace(h, targets=(Target("US Stocks", 0.57, band=0.05), Target("Bonds", 0.43, band=0.05)))
    plan = plan_rebalance(h, as_of=AS_OF)
    buys = {t.symbol: t.amount for t in plan.trades if t.action is Action.BUY}
    assert set(buys) <= {"ITOT", "BND"} and "ITOT" in buys
    assert buys.get("BND", 0.0) <= 2 * (53_500 - 0.57 * 89_500) + 0.02
    after = {r.asset_class: r.drift for r in allocation(h, plan.after)}
    assert after["US Stocks"] >= -0.0212 - 1e-6
