"""One account's purchase of a class is made in one fund, never split between equivalent funds.

Rule (engine/rebalance/one_fund.py; issue 9, "purchases split across equivalent funds in one account"):
among equally good plans the last tie-break prefers a fixed order of funds; a plan the solver leaves
split (its order is worth less than the solver's gap) is consolidated into the preferred fund, the
same dollars in the same account and class. fe14 F4: Brk bought $4,437.50 of BND and a $100.00
ticket of AGG, both Bonds, with Min Trade $100.
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
    SecurityType,
    Settings,
    Target,
)

AS_OF = date(2026, 12, 1)


def household() -> Household:
    # fe14 k09c. Brk only: VTI S1 100 sh bought 2025-12-14 (basis $20,000, short-term), VTI L1 20 sh
    # (basis $5,600), BND 150 (basis $10,000), VXUS 250 (basis $12,000); VTI $300, BND $73, VXUS $60:
    # $36,000 + $10,950 + $15,000 = $61,950 against 40/30/30 +/- 5. Allow Short-Term Gains = Y.
    # US Stocks must come down to 45%: $8,122.50 of VTI sold; Bonds up to its 30% target from 17.7%:
    # $7,635 wanted, Intl from 24.2%: $3,585.00. The sale's $8,122.50 pays for $4,537.50 of Bonds and
    # $3,585.00 of Intl.
    mf = SecurityType.MUTUAL_FUND
    securities = (Security("VTI", "US Stocks", 300.0, replacements=("ITOT", "SCHB")),
                  Security("ITOT", "US Stocks", 130.0, replacements=("SCHB",)),
                  Security("SCHB", "US Stocks", 28.0, replacements=("ITOT",)),
                  Security("VOO", "US Stocks", 560.0, identical_group="SP500", replacements=("VTI",)),
                  Security("IVV", "US Stocks", 610.0, identical_group="SP500", replacements=("VTI",)),
                  Security("FXAIX", "US Stocks", 210.0, identical_group="SP500", security_type=mf),
                  Security("VXUS", "Intl Stocks", 60.0, replacements=("IXUS",)),
                  Security("IXUS", "Intl Stocks", 72.0, replacements=("VXUS",)),
                  Security("VEA", "Intl Stocks", 52.0, replacements=("IEFA",)),
                  Security("IEFA", "Intl Stocks", 80.0, replacements=("VEA",)),
                  Security("BND", "Bonds", 73.0, replacements=("AGG",)),
                  Security("AGG", "Bonds", 99.0, replacements=("BND",)),
                  Security("FXNAX", "Bonds", 10.5, security_type=mf))
    return Household(
        accounts=(Account("Brk", "Taxable"),), securities=securities,
        lots=(Lot("S1", "Brk", "VTI", date(2025, 12, 14), 100, 20_000.0),
              Lot("L1", "Brk", "VTI", date(2020, 1, 2), 20, 5_600.0),
              Lot("B1", "Brk", "BND", date(2019, 1, 1), 150, 10_000.0),
              Lot("X1", "Brk", "VXUS", date(2019, 1, 1), 250, 12_000.0)),
        targets=(Target("US Stocks", 0.40, 0.05), Target("Intl Stocks", 0.30, 0.05), Target("Bonds", 0.30, 0.05)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=150_000.0,
                          min_trade=100.0, harvest_min_loss=100.0, harvest_min_loss_pct=0.05,
                          allow_short_term_gains=True))


def test_one_accounts_purchase_of_a_class_is_one_fund():
    h = household()
    plan = plan_rebalance(h, as_of=AS_OF)
    classes = {s.symbol: s.asset_class for s in h.securities}
    funds: dict[tuple[str, str], set[str]] = {}
    for t in plan.trades:
        if t.action is Action.BUY:
            funds.setdefault((t.account, classes[t.symbol]), set()).add(t.symbol)
    assert {k: v for k, v in funds.items() if len(v) > 1} == {}
    bonds = sum(t.amount for t in plan.trades if t.action is Action.BUY and classes[t.symbol] == "Bonds")
    assert round(bonds, 2) == 4_537.50
