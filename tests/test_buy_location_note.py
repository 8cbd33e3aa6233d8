"""A buy outside the account type Targets' Location names for its class says why (fe12 F8).

Rule (engine/reasons.py, _location_words): the plan's order is the least tax, then the least distance
and trading, then Location (engine/rebalance/stages.py, stage E); Location moves a purchase only between
plans that trade the same. Household by hand: Taxable holds $10,000 of cash, the IRA 100 VTI at $100 and
no cash; targets US 50%, Bonds 50% (Location Tax-deferred). Buying $10,000 of BND in Taxable trades
$10,000; holding the bonds in the IRA instead trades $30,000 (the IRA sells VTI and buys BND, Taxable buys
VTI). The plan buys in Taxable, and the note says the IRA has no cash to invest.
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
    TaxTreatment,
)

AS_OF = date(2026, 12, 1)


def household(location: TaxTreatment | None) -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable", cash=10_000.0), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("I1", "IRA", "VTI", date(2020, 1, 2), 100, 8_000.0),),
        targets=(Target("US Stocks", 0.5, 0.05), Target("Bonds", 0.5, 0.05, location=location)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0,
                          min_trade=0.0))


def test_a_bond_buy_in_taxable_against_its_location_says_the_ira_has_no_cash_to_invest():
    plan = plan_rebalance(household(TaxTreatment.TAX_DEFERRED), as_of=AS_OF)
    (buy,) = [t for t in plan.trades if t.action is Action.BUY]
    assert (buy.account, buy.symbol, buy.amount) == ("Taxable", "BND", 10_000.0)
    assert len(plan.trades) == 1  # the least trading: the IRA does not swap VTI for BND
    assert ("Targets' Location puts Bonds in tax-deferred accounts: IRA has no cash to invest, so more Bonds "
            "there would mean selling another class there and buying it here: more trading for the same tax "
            "(taxrebal trades the least first; Location decides between plans that trade the same).") in buy.note


def test_without_a_location_typed_nothing_is_said():
    plan = plan_rebalance(household(None), as_of=AS_OF)
    (buy,) = [t for t in plan.trades if t.action is Action.BUY]
    assert "Location" not in buy.note
