"""An employer plan with no Contribution: its note says what to change in the exchange, not "pause the
contribution" (engine/rebalance/payroll_cash.py; fe14 F5).

Rule: an employer plan's new money (its Contribution, and the proceeds of its exchanges) cannot stay as
cash: it buys a fund of the menu. When that fund is the same fund or Identical Group as a taxable loss,
the purchase washes the loss for good (IRC §1091(a); Rev. Rul. 2008-5), so the plan keeps the loss and
says why. A plan with a Contribution can pause it; a Roth 401(k) with none buys by an exchange this
plan makes, so the way to harvest is another fund of its menu, or the exchange 31 days after the sale.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    Security,
    Settings,
    Target,
    Transaction,
)

AS_OF = date(2026, 12, 1)


def household() -> Household:
    # fe14 k07: Ana Taxable IVV T1 (40 sh, basis $30,000, $610: a $5,600 loss) and VXUS; Ben 401k (a $1,000
    # Contribution; 20 FXAIX bought 2026-11-20, FXNAX); Ana HSA (VOO, $3,000 cash); Ben Roth401k (FXNAX,
    # no Contribution). FXAIX, IVV and VOO are one Identical Group; both 401(k) menus: FXAIX, FXNAX.
    sp = "SP500"
    return Household(
        accounts=(Account("Ana Taxable", "Taxable"), Account("Ben 401k", "401(k)", contribution=1_000.0),
                  Account("Ana HSA", "HSA", cash=3_000.0), Account("Ben Roth401k", "Roth 401(k)")),
        securities=(Security("VTI", "US Stocks", 300.0), Security("VOO", "US Stocks", 560.0, identical_group=sp),
                    Security("IVV", "US Stocks", 610.0, identical_group=sp, replacements=("VTI",)),
                    Security("FXAIX", "US Stocks", 210.0, identical_group=sp),
                    Security("VXUS", "Intl Stocks", 60.0), Security("BND", "Bonds", 73.0),
                    Security("FXNAX", "Bonds", 10.5)),
        lots=(Lot("T1", "Ana Taxable", "IVV", date(2024, 1, 10), 40, 30_000.0),
              Lot("T2", "Ana Taxable", "VXUS", date(2016, 1, 10), 300, 12_000.0),
              Lot("K1", "Ben 401k", "FXAIX", date(2026, 11, 20), 20, None),
              Lot("K0", "Ben 401k", "FXNAX", None, 2_000, None),
              Lot("H1", "Ana HSA", "VOO", None, 10, None),
              Lot("R1", "Ben Roth401k", "FXNAX", None, 1_500, None)),
        transactions=(Transaction(date(2026, 11, 20), "Ben 401k", "FXAIX", Action.BUY, 20, 208.0, lot_id="K1"),),
        menus={"Ben 401k": frozenset({"FXAIX", "FXNAX"}), "Ben Roth401k": frozenset({"FXAIX", "FXNAX"})},
        targets=(Target("US Stocks", 0.40, 0.05), Target("Intl Stocks", 0.30, 0.05), Target("Bonds", 0.30, 0.05)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=250_000.0,
                          min_trade=100.0, harvest_min_loss=100.0, harvest_min_loss_pct=0.05))


def test_an_employer_plan_without_a_contribution_is_not_told_to_pause_it():
    plan = plan_rebalance(household(), as_of=AS_OF)
    notes = [n for n in plan.notes if "is not harvested" in n]
    roth = [n for n in notes if "Ben Roth401k is an employer plan" in n]
    assert roth, notes
    assert "pause the contribution" not in roth[0]
    assert "exchange into another fund of its menu instead of FXAIX" in roth[0]
    with_contribution = [n for n in notes if "Ben 401k is an employer plan" in n]
    assert all("pause the contribution" in n for n in with_contribution)
