"""The benchmark's own plan arithmetic (bench/planref/plans.py) and its naive zero point
(bench/planref/naive.py): what a plan does to the bands, and which orders the Settings contract refuses.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from planref.naive import naive_plan
from planref.plans import BuyOrder, RefPlan, SellPiece, apply_plan, band_breaches

from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target


def _household(**settings) -> Household:
    """60/40 targets (5-point bands) drifted to 70/30: $100,000, stocks $70,000 in two lots."""
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("old", "Taxable", "VTI", date(2015, 1, 2), 300, 9_000.0),
              Lot("new", "Taxable", "VTI", date(2024, 1, 2), 400, 36_000.0),
              Lot("b1", "IRA", "BND", date(2020, 1, 2), 600, None)),
        targets=(Target("Stocks", 0.6, band=0.05), Target("Bonds", 0.4, band=0.05)),
        settings=Settings(as_of=date(2026, 11, 25), **settings), menus={"IRA": frozenset({"BND"})})


def test_stocks_ten_points_over_breach_their_band_and_a_6000_trade_fixes_it():
    h = _household()
    nothing = apply_plan(h, RefPlan((), ()))
    assert band_breaches(h, nothing.values,
                         nothing.total) == ["Stocks +10.00 pts (band 5)", "Bonds -10.00 pts (band 5)"]
    plan = RefPlan((SellPiece(1, "old", 60),), (BuyOrder(2, "Taxable", "BND", 120),))
    out = apply_plan(h, plan)
    assert not out.problems
    assert band_breaches(h, out.values, out.total) == []
    assert out.values["Stocks"] == 64_000 and out.values["Bonds"] == 36_000


def test_the_contract_refuses_overspending_menus_fractions_small_orders_and_overselling():
    h = _household(whole_shares=True, min_trade=500.0)
    plan = RefPlan((SellPiece(1, "old", 2.5), SellPiece(2, "new", 401)),
                   (BuyOrder(3, "IRA", "VTI", 1), BuyOrder(4, "Taxable", "BND", 2_000)))
    problems = " | ".join(apply_plan(h, plan).problems)
    assert "lot new: sells 401 of 400 shares" in problems
    assert "IRA may not buy VTI (Menus)" in problems
    assert "IRA: cash goes to -100.00" in problems  # each account is its own cash silo
    assert "step 1 sell 2.5 VTI in Taxable: not whole shares" in problems
    assert "step 1 sell VTI in Taxable: $250.00 < Min Trade" in problems


def test_whole_shares_allows_selling_a_fractional_holding_whole_and_nothing_less():
    h = _household(whole_shares=True)
    h = replace(h, lots=h.lots + (Lot("drip", "IRA", "BND", date(2026, 11, 20), 3.924, None),))
    all_of_it = RefPlan((SellPiece(1, "b1", 600), SellPiece(1, "drip", 3.924)), ())
    assert not apply_plan(h, all_of_it).problems  # "All shares" of IRA BND
    part = RefPlan((SellPiece(1, "drip", 3.924),), ())
    assert "step 1 sell 3.924 BND in IRA: not whole shares" in apply_plan(h, part).problems


def test_naive_sells_the_oldest_lot_first_and_buys_the_underweight_class():
    """$10,000 of stocks above target: 100 shares of the 2015 lot, then $10,000 of BND in Taxable."""
    h = _household()
    plan = naive_plan(h)
    assert plan.sells == (SellPiece(1, "old", 100.0),)
    assert plan.buys == (BuyOrder(2, "Taxable", "BND", 200.0),)
    out = apply_plan(h, plan)
    assert out.values["Stocks"] == 60_000 and not out.problems


def test_an_employer_plans_contribution_buys_below_min_trade_up_to_the_contribution():
    # a 401(k) with a $300 contribution and Min Trade $500: buys of $200 and $100 of BND are payroll money
    # (no order); one more $100 buy, paid by its $100 of cash, is an order under Min Trade. As an IRA, the
    # same account's $200 buy is an order under Min Trade
    h = _household(min_trade=500.0)
    k401 = replace(h, accounts=(Account("Taxable", "Taxable"),
                                Account("IRA", "401(k)", cash=100.0, contribution=300.0)))
    assert not apply_plan(k401, RefPlan((), (BuyOrder(1, "IRA", "BND", 4), BuyOrder(2, "IRA", "BND", 2)))).problems
    over = apply_plan(k401, RefPlan((), (BuyOrder(1, "IRA", "BND", 4), BuyOrder(2, "IRA", "BND", 2),
                                         BuyOrder(3, "IRA", "BND", 2)))).problems
    assert over == ("step 3 buy BND in IRA: $100.00 < Min Trade",)
    ira = replace(h, accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA", contribution=300.0)))
    assert apply_plan(ira, RefPlan((), (BuyOrder(1, "IRA", "BND", 4),))).problems == (
        "step 1 buy BND in IRA: $200.00 < Min Trade",)
