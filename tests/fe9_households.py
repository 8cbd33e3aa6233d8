"""fe9's households (the new user's build.py), as records: the figures of its workbooks, typed once.

The Chens (chen.xlsx), As Of 2026-12-04: a joint taxable account with recent buys and reinvested
dividends, two traditional IRAs, a Roth, a 401(k) with a three-fund menu and an HSA.
"""

from datetime import date

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


def chens() -> Household:
    """fe9's chen.xlsx (build.py), As Of 2026-12-04: MFJ, $310,000 of wages ($5,000 of it investment
    income), $6,000 of qualified dividends, 5% state; this year's sells on Transactions realized -$400
    short-term and $2,400 long-term. Min Trade $100, Harvest Min Loss $200, Whole Shares."""
    d = date
    lots = (("T1", "Joint Taxable", "VTI", d(2015, 3, 2), 300, 30_000.0),
            ("T2", "Joint Taxable", "VTI", d(2025, 12, 10), 100, 32_000.0),
            ("T3", "Joint Taxable", "VTI", d(2026, 11, 20), 20, 5_900.0),
            ("T4", "Joint Taxable", "VOO", d(2018, 6, 1), 100, 22_000.0),
            ("T5", "Joint Taxable", "VOO", d(2026, 9, 30), 0.85, 480.0),
            ("T6", "Joint Taxable", "VOO", d(2026, 12, 1), 0.9, 505.8),
            ("T7", "Joint Taxable", "VXUS", d(2021, 6, 1), 500, 35_000.0),
            ("T8", "Joint Taxable", "VXUS", d(2026, 2, 15), 200, 14_000.0),
            ("T9", "Joint Taxable", "BND", d(2020, 8, 3), 300, 26_400.0),
            ("T10", "Joint Taxable", "VNQ", d(2023, 1, 10), 100, 8_500.0),
            ("T11", "Joint Taxable", "VNQ", d(2026, 3, 2), 50, 5_000.0),
            ("T12", "Joint Taxable", "IVV", d(2025, 12, 4), 20, 13_000.0),
            ("W1", "Wei IRA", "BND", d(2015, 1, 5), 1_000, None),
            ("W2", "Wei IRA", "VXUS", d(2026, 11, 25), 100, 6_400.0),
            ("W3", "Wei IRA", "VTI", d(2017, 1, 5), 50, None),
            ("L1", "Lin IRA", "VOO", d(2016, 1, 5), 80, None),
            ("L2", "Lin IRA", "IVV", d(2026, 11, 15), 5, 3_075.0),
            ("R1", "Lin Roth", "VNQ", d(2019, 1, 5), 200, None),
            ("R2", "Lin Roth", "VTI", d(2019, 1, 5), 30, None),
            ("K1", "Wei 401(k)", "FXAIX", None, 391.3, None),
            ("K2", "Wei 401(k)", "FXAIX", d(2026, 11, 28), 8.7, 2_001.0),
            ("K3", "Wei 401(k)", "FSPSX", None, 2_000, None),
            ("K4", "Wei 401(k)", "FXNAX", None, 3_000, None),
            ("H1", "Family HSA", "VTI", d(2020, 1, 5), 40, None),
            ("H2", "Family HSA", "BND", d(2026, 11, 10), 50, 3_600.0))
    tx = ((d(2026, 3, 10), "Joint Taxable", "VTI", Action.SELL, 50, 280.0, "X1", d(2024, 1, 5), 11_000.0),
          (d(2026, 7, 15), "Joint Taxable", "VNQ", Action.SELL, 40, 85.0, "X2", d(2026, 1, 20), 3_800.0),
          (d(2026, 11, 12), "Joint Taxable", "SCHB", Action.SELL, 200, 25.0, "X3", d(2025, 5, 1), 5_600.0),
          (d(2026, 9, 30), "Joint Taxable", "VOO", Action.REINVEST, 0.85, 564.71, "T5", None, None),
          (d(2026, 11, 10), "Family HSA", "BND", Action.BUY, 50, 72.0, "H2", None, None),
          (d(2026, 11, 15), "Lin IRA", "IVV", Action.BUY, 5, 615.0, "L2", None, None),
          (d(2026, 11, 20), "Joint Taxable", "VTI", Action.BUY, 20, 295.0, "T3", None, None),
          (d(2026, 11, 25), "Wei IRA", "VXUS", Action.BUY, 100, 64.0, "W2", None, None),
          (d(2026, 11, 28), "Wei 401(k)", "FXAIX", Action.BUY, 8.7, 230.0, "K2", None, None),
          (d(2026, 12, 1), "Joint Taxable", "VOO", Action.REINVEST, 0.9, 562.0, "T6", None, None))
    sec = Security
    return Household(
        accounts=(Account("Joint Taxable", "Taxable", cash=4_000.0, contribution=10_000.0),
                  Account("Wei IRA", "Traditional IRA", cash=500.0), Account("Lin IRA", "Traditional IRA", cash=200.0),
                  Account("Lin Roth", "Roth IRA", cash=100.0), Account("Wei 401(k)", "401(k)", contribution=2_000.0),
                  Account("Family HSA", "HSA", cash=1_000.0)),
        securities=(sec("VTI", "US Stocks", 300.0, replacements=("ITOT", "SCHB")),
                    sec("ITOT", "US Stocks", 140.0, replacements=("SCHB",)),
                    sec("SCHB", "US Stocks", 26.0, replacements=("ITOT",)),
                    sec("VOO", "US Stocks", 560.0, identical_group="S&P 500", replacements=("ITOT",), drip=True),
                    sec("IVV", "US Stocks", 620.0, identical_group="S&P 500", replacements=("ITOT",)),
                    sec("FXAIX", "US Stocks", 230.0, identical_group="S&P 500", drip=True),
                    sec("VXUS", "Intl Stocks", 65.0, replacements=("IXUS",)),
                    sec("IXUS", "Intl Stocks", 76.0, replacements=("VXUS",)),
                    sec("FSPSX", "Intl Stocks", 52.37, drip=True),
                    sec("BND", "Bonds", 73.0, replacements=("AGG",)), sec("AGG", "Bonds", 99.5, replacements=("BND",)),
                    sec("FXNAX", "Bonds", 10.43, drip=True),
                    sec("VNQ", "REIT", 90.0, replacements=("SCHH",), drip=True),
                    sec("SCHH", "REIT", 21.5, replacements=("VNQ",))),
        lots=tuple(Lot(*row) for row in lots),
        transactions=tuple(Transaction(t[0], t[1], t[2], t[3], t[4], t[5], lot_id=t[6], acquired=t[7], basis=t[8])
                           for t in tx),
        targets=(Target("US Stocks", 0.50, 0.05), Target("Intl Stocks", 0.25, 0.05), Target("Bonds", 0.20, 0.05),
                 Target("REIT", 0.05, 0.02)),
        settings=Settings(as_of=date(2026, 12, 4), filing_status=FilingStatus.MARRIED_JOINT,
                          ordinary_income=310_000.0, qualified_dividends=6_000.0, investment_income=5_000.0,
                          realized_st_ytd=-400.0, realized_lt_ytd=2_400.0, state_tax_rate=0.05,
                          harvest_min_loss=200.0, min_trade=100.0, whole_shares=True))
