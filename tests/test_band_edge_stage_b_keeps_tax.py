"""A plan that reaches a band edge exactly still minimises the tax (and so does Contributions Only's buy-only plan).

Rule: a loss sale is disallowed when substantially identical shares are bought within 30 days after it, in any
account (IRC §1091(a)); bought in a taxable account the loss moves into the new shares' basis (§1091(d)): deferred,
not counted this year. A plan that may spend its money on a fund that washes nothing pays no such tax.

Hand-worked household, single, $150,000 of wages, no state tax, As Of 2026-12-04. Taxable holds 100 VTI (Identical
Group TSM) at $300 ($30,000); it sold 50 VTI on 2026-11-20 at $300 on a $16,000 basis (bought 2025-12-01): a $1,000
short-term loss, $20.00 a share, no share matched yet. A 401(k) holds 2,100 FXNAX at $10 ($21,000; menu FXNAX only).
Targets US 70% / Bonds 30%, 5-point bands. Realized this year: short-term -$1,000 (that sale), long-term +$5,000.

With $9,000 to invest in Taxable the household is $60,000 and US must reach its lower edge, 0.65 x 60,000 =
$39,000 = 30,000 + 9,000: every dollar goes to US, exactly to the edge. 30 VTI (TSM) would wash 30 x $20 = $600 of
the loss: net short-term -400, net long-term 5,000, a net capital gain of 4,600 instead of 4,000, taxed at 15%
(taxable income 137,900 is in the 15% band): $90.00 of tax. 360 SCHB (another index, group DJ) at $25 wash
nothing: $0.00. Before the fix, a least band breach of 1e-9 (the model's aim a hair inside the edge) capped the
later stages at 0: no plan, so each kept stage A's plan, VTI.
"""

from datetime import date

import pytest

from taxrebal.engine.contributions import contributions_only
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

AS_OF = date(2026, 12, 4)
SCHB = Security("SCHB", "US", 25.0, identical_group="DJ")


def household(*extra: Security, cash: float = 0.0, contribution: float = 0.0) -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable", cash=cash, contribution=contribution), Account("K401", "401(k)")),
        securities=(Security("VTI", "US", 300.0, identical_group="TSM"),
                    Security("FXNAX", "Bonds", 10.0, identical_group="AGG"), *extra),
        lots=(Lot("T1", "Taxable", "VTI", date(2020, 1, 2), 100, 15_000.0),
              Lot("K1", "K401", "FXNAX", date(2020, 1, 2), 2_100, None)),
        transactions=(Transaction(date(2026, 11, 20), "Taxable", "VTI", Action.SELL, 50, 300.0,
                                  acquired=date(2025, 12, 1), basis=16_000.0),),
        targets=(Target("US", 0.70, 0.05), Target("Bonds", 0.30, 0.05)),
        menus={"K401": frozenset({"FXNAX"})},
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=150_000.0,
                          realized_st_ytd=-1_000.0, realized_lt_ytd=5_000.0, realized_ytd_reconciled=True))


def test_the_plan_at_the_band_edge_buys_the_fund_that_washes_nothing():
    plan = plan_rebalance(household(SCHB, cash=9_000.0), as_of=AS_OF)
    assert [(t.action, t.symbol, t.quantity) for t in plan.trades] == [(Action.BUY, "SCHB", 360.0)]
    assert plan.tax.total == pytest.approx(0.0, abs=0.005)


def test_without_another_fund_the_edge_costs_the_washed_loss():
    plan = plan_rebalance(household(cash=9_000.0), as_of=AS_OF)
    assert [(t.action, t.symbol, t.quantity) for t in plan.trades] == [(Action.BUY, "VTI", 30.0)]
    assert plan.tax.total == pytest.approx(90.00, abs=0.005)


def test_contributions_only_in_a_taxable_account_buys_the_fund_that_washes_nothing():
    result = contributions_only(household(SCHB, contribution=9_000.0), as_of=AS_OF)
    assert result.months == 1
    assert [(b.symbol, b.total) for b in result.buys] == [("SCHB", pytest.approx(9_000.00, abs=0.005))]
    assert result.buys[0].note == ""


def test_contributions_only_says_so_when_the_washing_fund_is_the_only_one():
    result = contributions_only(household(contribution=9_000.0), as_of=AS_OF)
    (buy,) = result.buys
    assert buy.symbol == "VTI"
    assert "wash $600.00 of the loss of VTI sold at a loss on 2026-11-20 (Taxable)" in buy.note
    assert "deferred, not lost; Taxable may buy no other fund of US that avoids it" in buy.note
