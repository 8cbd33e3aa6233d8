"""fe10's H2 household as records (the review's h2_young_in.xlsx, /work/wt/notes/fe10/build.py), for tests.

MFJ, $168,000 of ordinary income, state 4.5%, As Of 2026-12-04. Brokerage (Taxable) holds IVV lot B-4
(30 shares bought 2026-02-12 for $21,900, $680 now: a $1,500 short-term loss, $50 a share), VXUS lot
B-5 (120 shares for $8,760, $68 now: $600, $5 a share) and B-6 (1.2 VXUS reinvested 2026-11-18 at
$68.50). Recent purchases of the same Identical Groups elsewhere: Alex 401k 4.1 FXAIX (SP500) on
2026-11-20, Sam HSA 2 VOO (SP500) on 2026-11-25, Sam Roth 20 VXUS (VXUSG) on 2026-11-30. VTI and VXUS
reinvest dividends (DRIP = Y). Realized this year (Transactions): ITOT +$300 long-term, AGG -$160
short-term.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from taxrebal.engine.ledger import ledger_settings
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
    Transaction,
)
from taxrebal.engine.wash import adjust_lots

AS_OF = date(2026, 12, 4)
D = date
ETF, FUND = SecurityType.ETF, SecurityType("Mutual Fund")


def _sec(symbol: str, cls: str, price: float, group: str, repl: str, drip: bool, kind: SecurityType) -> Security:
    return Security(symbol, cls, price, symbol, group, tuple(r for r in repl.split(",") if r), drip, None, kind)


SECURITIES = (
    _sec("VTI", "US Stocks", 330.0, "USTOTAL", "ITOT", True, ETF),
    _sec("ITOT", "US Stocks", 145.0, "ITOTG", "VTI", False, ETF),
    _sec("IVV", "US Stocks", 680.0, "SP500", "VTI", False, ETF),
    _sec("VOO", "US Stocks", 625.0, "SP500", "VTI", False, ETF),
    _sec("FXAIX", "US Stocks", 230.0, "SP500", "", False, FUND),
    _sec("FSPSX", "Intl Stocks", 55.0, "FSPSXG", "", False, FUND),
    _sec("FXNAX", "Bonds", 10.5, "FXNAXG", "", False, FUND),
    _sec("VXUS", "Intl Stocks", 68.0, "VXUSG", "IXUS", True, ETF),
    _sec("IXUS", "Intl Stocks", 72.0, "IXUSG", "VXUS", False, ETF),
    _sec("BND", "Bonds", 72.0, "BNDG", "AGG", False, ETF),
    _sec("AGG", "Bonds", 98.0, "AGGG", "BND", False, ETF),
)

LOTS = (
    Lot("B-1", "Brokerage", "VTI", D(2023, 1, 9), 60, 11400.00),
    Lot("B-2", "Brokerage", "VTI", D(2026, 9, 30), 0.8, 254.40),
    Lot("B-3", "Brokerage", "VTI", D(2026, 12, 1), 0.75, 247.50),
    Lot("B-4", "Brokerage", "IVV", D(2026, 2, 12), 30, 21900.00),
    Lot("B-5", "Brokerage", "VXUS", D(2026, 6, 15), 120, 8760.00),
    Lot("B-6", "Brokerage", "VXUS", D(2026, 11, 18), 1.2, 82.20),
    Lot("B-7", "Brokerage", "BND", D(2024, 4, 2), 80, 5760.00),
    Lot("K-1", "Alex 401k", "FXAIX", D(2022, 1, 1), 180, 27000.00),
    Lot("K-2", "Alex 401k", "FXAIX", D(2026, 11, 20), 4.1, 922.50),
    Lot("K-3", "Alex 401k", "FXNAX", D(2022, 1, 1), 900, 9900.00),
    Lot("K-4", "Alex 401k", "FSPSX", D(2022, 1, 1), 150, 7200.00),
    Lot("H-1", "Sam HSA", "VOO", D(2026, 11, 25), 2, 1240.00),
    Lot("H-2", "Sam HSA", "BND", D(2024, 1, 2), 40, 2880.00),
    Lot("R-1", "Sam Roth", "VXUS", D(2026, 11, 30), 20, 1340.00),
    Lot("R-2", "Sam Roth", "VTI", D(2020, 1, 2), 30, 5000.00),
)

TRANSACTIONS = (
    Transaction(D(2026, 9, 30), "Brokerage", "VTI", Action.REINVEST, 0.8, 318.00),
    Transaction(D(2026, 12, 1), "Brokerage", "VTI", Action.REINVEST, 0.75, 330.00),
    Transaction(D(2026, 11, 18), "Brokerage", "VXUS", Action.REINVEST, 1.2, 68.50),
    Transaction(D(2026, 11, 20), "Alex 401k", "FXAIX", Action.BUY, 4.1, 225.00),
    Transaction(D(2026, 11, 25), "Sam HSA", "VOO", Action.BUY, 2, 620.00),
    Transaction(D(2026, 11, 30), "Sam Roth", "VXUS", Action.BUY, 20, 67.00),
    Transaction(D(2026, 4, 14), "Brokerage", "ITOT", Action.SELL, 50, 130.00, acquired=D(2025, 1, 10), basis=6200.00),
    Transaction(D(2026, 8, 3), "Brokerage", "AGG", Action.SELL, 40, 96.00, acquired=D(2026, 1, 5), basis=4000.00),
)


def h2(sold_recent_shares_wash: bool = False) -> Household:
    """The household as the pipeline plans it: wash-adjusted, this year's realized gains from Transactions."""
    h = Household(
        accounts=(Account("Brokerage", "Taxable", "Joint", 1200, 2000), Account("Alex 401k", "401(k)", "Alex", 0, 1500),
                  Account("Sam HSA", "HSA", "Sam", 400, 300), Account("Sam Roth", "Roth IRA", "Sam", 0, 0)),
        securities=SECURITIES, lots=LOTS, transactions=TRANSACTIONS,
        targets=(Target("US Stocks", 0.55, 0.05), Target("Intl Stocks", 0.25, 0.05), Target("Bonds", 0.20, 0.05)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=168_000.0,
                          qualified_dividends=900.0, investment_income=600.0, state_tax_rate=0.045, min_trade=50.0,
                          sold_recent_shares_wash=sold_recent_shares_wash),
        menus={"Alex 401k": frozenset({"FXAIX", "FSPSX", "FXNAX"})})
    wash = adjust_lots(h)
    return replace(wash.household, settings=ledger_settings(wash.household.settings, wash, AS_OF))
